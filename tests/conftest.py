"""Shared fixtures: the embedded demo, the hand-written campaign, and a factory for small problems."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from supervisio.domain.problems import Problem

FIXTURES = Path(__file__).parent / "fixtures"


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


def make_problem(**changes) -> Problem:
    """A short-term problem found on 2022-03-01, due 2022-03-31, with no history unless given."""
    fields = {
        "number": "P-1",
        "unit": "某单位",
        "found_on": dt.date(2022, 3, 1),
        "description": "问题描述",
        "category": "难点",
        "deadline": dt.date(2022, 3, 31),
    }
    fields.update(changes)
    return Problem(**fields)
