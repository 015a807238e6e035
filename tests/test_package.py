"""The package as a library: a light import, a short public API, typed."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources

import supervisio


def test_import_loads_no_heavy_module():
    """``import supervisio`` must stay cheap (budget: 150 ms): nothing beyond the version is imported."""
    code = (
        "import sys, supervisio; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'supervisio', 'attrs', 'attr', 'cattrs', 'yaml', 'tomli_w', 'jinja2', 'pluggy', 'markdown_it'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['supervisio', 'supervisio._version']"


def test_public_api_resolves():
    for name in supervisio.__all__:
        assert getattr(supervisio, name) is not None
    assert "load" in dir(supervisio)


def test_unknown_attribute():
    import pytest

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        supervisio.nope  # noqa: B018


def test_typed_and_demo_shipped():
    assert resources.files("supervisio").joinpath("py.typed").is_file()
    assert resources.files("supervisio").joinpath("data", "demo", "campaign.toml").is_file()
