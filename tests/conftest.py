"""Shared fixtures: the embedded demo and the hand-written campaign; supervisio's own pytest plugin.

Hypothesis profiles, chosen by ``HYPOTHESIS_PROFILE``, else ``ci`` when ``CI`` is set (``.ci/run`` sets it),
else ``dev``:

- ``dev``: quick, for the edit-test loop (20 examples per property without a budget of its own);
- ``ci``: the fixed budget (Hypothesis' 100 examples), derandomized and without the example database, so
  that a CI run is reproducible and the fuzz suite (``tests/test_fuzz.py``) takes about a minute;
- ``fuzz``: large, on demand: ``HYPOTHESIS_PROFILE=fuzz python -m pytest tests/test_fuzz.py``.

Tests that set ``max_examples`` themselves keep it under every profile.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from support import FIXTURES

pytest_plugins = ["supervisio.testing"]

settings.register_profile("dev", max_examples=20)
settings.register_profile("ci", max_examples=100, derandomize=True, database=None, print_blob=True)
settings.register_profile("fuzz", max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(scope="session")
def demo():
    """The seed's 第七巡回督导组 as one campaign (the definition and its group file): the demo as it was
    before it became a city, whose figures tests/test_facts.py checks."""
    from supervisio.demo import DEMO_GROUP, load_demo

    return load_demo(DEMO_GROUP)


@pytest.fixture(scope="session")
def city():
    """The whole embedded demo: the city campaign, every group."""
    from supervisio.demo import load_demo

    return load_demo()


@pytest.fixture
def small_path() -> Path:
    return FIXTURES / "small.toml"


@pytest.fixture(scope="session")
def small():
    from supervisio.storage import load

    return load(FIXTURES / "small.toml")
