"""The sample documents convert to PDF in LibreOffice (headless), the renderer of the PDF pipeline.

Skipped where ``soffice`` is not installed. With the GB/T 9704 font map (``FONTCONFIG_FILE``,
docs/gbt9704.md §0.6) set in the environment the PDFs are the ones ``supervisio audit`` measures; without it
LibreOffice substitutes a sans face for the Chinese names, which changes the look, not whether the
conversion succeeds.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from docx_samples import SAMPLES
from supervisio.renderers.base import RenderOptions
from supervisio_docx import DocxRenderer

SOFFICE = shutil.which("soffice")

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]


@pytest.mark.parametrize("profile", ["word", "strict"])
def test_samples_convert_to_pdf(tmp_path, profile):
    names = sorted(SAMPLES)
    for name in names:
        data = DocxRenderer().render(SAMPLES[name](), RenderOptions(profile=profile))
        (tmp_path / f"{name}.docx").write_bytes(data)
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *(str(tmp_path / f"{name}.docx") for name in names),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for name in names:
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.exists(), f"{name}: {result.stdout} {result.stderr}"
        assert pdf.read_bytes()[:5] == b"%PDF-"
