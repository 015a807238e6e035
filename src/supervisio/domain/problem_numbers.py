"""问题编号: the campaign's scheme for numbering problems, and the next number a new problem gets.

A ledger row that arrives without a number (a problem a unit adds to its own sheet) is numbered by
``campaign.settings.problem_numbers``, a format such as ``DD{group:02d}-{serial:03d}``. The serial counts on
from the largest serial the group already uses under the same scheme, so numbers are never reused and stay
in the order problems were registered.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable

__all__ = ["FIELDS", "NumberScheme", "scheme_error"]

FIELDS = ("group", "year", "serial")
"""The fields a numbering scheme may use."""


def scheme_error(pattern: str) -> str | None:
    """Why ``pattern`` is not a usable numbering scheme, or None when it is."""
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as error:
        return f"not a valid numbering scheme ({error}); write e.g. DD{{group:02d}}-{{serial:03d}}"
    names = [name for _, name, _, _ in parsed if name is not None]
    unknown = [name for name in names if name not in FIELDS]
    if unknown:
        return f"unknown field {{{unknown[0]}}} in the numbering scheme; it may use " + ", ".join(
            "{" + field + "}" for field in FIELDS
        )
    if names.count("serial") != 1:
        return "the numbering scheme must hold {serial} exactly once"
    try:
        pattern.format(group=1, year=2022, serial=1)
    except (ValueError, TypeError) as error:
        return f"not a valid numbering scheme ({error})"
    return None


class NumberScheme:
    """A valid numbering scheme, able to read serials back out of the numbers it made."""

    def __init__(self, pattern: str) -> None:
        problem = scheme_error(pattern)
        if problem is not None:
            raise ValueError(problem)
        self.pattern = pattern

    def _regex(self, group: int, year: int) -> re.Pattern[str]:
        parts = []
        for literal, name, spec, _conversion in string.Formatter().parse(self.pattern):
            parts.append(re.escape(literal))
            if name == "serial":
                parts.append(r"(\d+)")
            elif name is not None:
                value = {"group": group, "year": year}[name]
                parts.append(re.escape(format(value, spec or "")))
        return re.compile("".join(parts))

    def number(self, group: int, year: int, serial: int) -> str:
        """The number of the ``serial``-th problem of ``group`` in ``year``."""
        return self.pattern.format(group=group, year=year, serial=serial)

    def next_number(self, group: int, year: int, taken: Iterable[str]) -> str:
        """The number after the largest serial among ``taken`` (every number in use) for this group."""
        regex = self._regex(group, year)
        used = set(taken)
        serials = [int(match[1]) for number in used if (match := regex.fullmatch(number))]
        serial = max(serials, default=0) + 1
        number = self.number(group, year, serial)
        while number in used:  # a hand-typed number that happens to match, out of order
            serial += 1
            number = self.number(group, year, serial)
        return number
