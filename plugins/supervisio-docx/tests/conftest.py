"""Shared fixtures of the docx renderer tests, and the ``libreoffice`` marker.

The marker is registered here because the tests run under the repository's root configuration
(``--strict-markers``), which this plugin does not own.
"""

from __future__ import annotations

import pytest

from docx_xml import Package, render


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "libreoffice: converts documents with LibreOffice (skipped without soffice)"
    )


@pytest.fixture(scope="session")
def report_package() -> Package:
    from docx_samples import report

    return render(report())


@pytest.fixture(scope="session")
def briefing_package() -> Package:
    from docx_samples import briefing

    return render(briefing())


@pytest.fixture(scope="session")
def ledger_package() -> Package:
    from docx_samples import ledger

    return render(ledger(60))
