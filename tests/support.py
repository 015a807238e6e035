"""Helpers shared by the tests (imported by name: ``from support import FIXTURES``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from supervisio.domain.problems import Problem

FIXTURES = Path(__file__).parent / "fixtures"


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
