"""Shared fixtures: the embedded demo and the hand-written campaign; supervisio's own pytest plugin."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import FIXTURES

pytest_plugins = ["supervisio.testing"]


@pytest.fixture(scope="session")
def demo():
    from supervisio.demo import load_demo

    return load_demo()


@pytest.fixture
def small_path() -> Path:
    return FIXTURES / "small.toml"


@pytest.fixture(scope="session")
def small():
    from supervisio.storage import load

    return load(FIXTURES / "small.toml")
