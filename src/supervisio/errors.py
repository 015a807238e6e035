"""The one error hierarchy of supervisio.

Every error a user can cause says *where*: the file and the path inside it, the problem and its states, the
template and its line. The CLI prints ``str(error)`` and exits non-zero, so the message must stand on its
own, without a traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "SupervisioError",
    "Located",
    "CampaignFileError",
    "IllegalTransition",
    "NotARecord",
    "UnknownRecord",
    "excerpt",
]

EXCERPT_CHARACTERS = 80
"""A message quotes at most this many characters of a value: a bad value may be megabytes long (a YAML
alias expanded into a text field printed 35 MB), and the message must stay readable on a terminal."""


def excerpt(value: object, limit: int = EXCERPT_CHARACTERS) -> str:
    """``repr(value)`` for a message, cut to its first ``limit`` characters with the full length said.

    Text is quoted like ``repr`` (so a control character shows as ``'\\x07'``); a whole number too long
    to print is named by its number of digits (``repr`` of one with more than 4300 digits raises); a
    container is named by its size, never walked (it may be an alias bomb whose ``repr`` never ends).
    """
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        return f"{value[:limit]!r}… ({len(value):,} characters)"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        return f"a number of {len(str(abs(value))) if value.bit_length() < 14_000 else 'thousands of'} digits"
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        return f"a {type(value).__name__} of {len(value)} items"
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


class SupervisioError(Exception):
    """Base class of every error supervisio raises on purpose."""


@attrs.frozen(order=True)
class Located:
    """One message about one place in a file: ``campaign.toml: groups[0].units[3].leader: required``.

    ``path`` is the path inside the data (``groups[0].units[3].leader``), empty for the file as a whole;
    ``line`` and ``column`` are set when the place is known by position (a syntax error).
    """

    source: str
    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.path:
            where += f": {self.path}"
        return f"{where}: {self.message}"


class CampaignFileError(SupervisioError):
    """A campaign file that cannot be loaded, with *all* that is wrong with it at once.

    ``errors`` holds every one; the message prints the first :attr:`SHOWN` and counts the rest ("and 12
    more"), so that a file broken on every line still gets a message a person reads to the end.
    """

    SHOWN = 50
    """At most this many errors are printed; the rest are counted."""

    def __init__(self, errors: Iterable[Located]) -> None:
        self.errors: Sequence[Located] = tuple(errors)
        if not self.errors:
            raise ValueError("CampaignFileError needs at least one located error")
        super().__init__(self._text())

    def _text(self) -> str:
        lines = [str(error) for error in self.errors[: self.SHOWN]]
        hidden = len(self.errors) - self.SHOWN
        if hidden > 0:
            lines.append(f"and {hidden} more")
        if len(self.errors) > 1:
            lines.insert(0, f"{len(self.errors)} errors in {self.errors[0].source}:")
            return "\n  ".join(lines)
        return lines[0]


class IllegalTransition(SupervisioError):
    """A problem asked to move between two lifecycle states that are not linked (问题状态流转不合法)."""

    def __init__(
        self, problem: str, current: str, target: str, allowed: Sequence[str], *, reason: str | None = None
    ) -> None:
        self.problem = problem
        self.current = current
        self.target = target
        self.allowed = tuple(allowed)
        choices = "、".join(self.allowed) if self.allowed else "none (a final state)"
        where = f"problem {problem}: " if problem else ""
        because = reason or f"from {current} it may go to {choices}"
        super().__init__(f"{where}cannot go from {current} to {target}; {because}")


class UnknownRecord(SupervisioError, LookupError):
    """A lookup (a problem by number, a unit by name, a group by number) that finds nothing, or too much.

    The message lists what exists, with a "did you mean" when there are few enough candidates to compare,
    so that a typo on the command line or in a script is fixed from the message alone. ``matches`` holds the
    records' names when a name is ambiguous (a short name two units share).
    """

    SUGGEST_AMONG = 2000
    """Suggest a near name only among this many: difflib over a 100,000-problem ledger would take seconds."""

    LIST_AT_MOST = 20
    """List this many of the existing records; the rest are counted."""

    def __init__(
        self,
        kind: str,
        key: object,
        known: Sequence[str] = (),
        *,
        names: Sequence[str] | None = None,
        matches: Sequence[str] = (),
        reason: str | None = None,
    ) -> None:
        self.kind = kind
        self.key = key
        self.known = tuple(known)
        self.matches = tuple(matches)
        super().__init__(reason or self._text(self.known if names is None else tuple(names)))

    def _text(self, names: Sequence[str]) -> str:
        if self.matches:
            return (
                f"{self.kind} {excerpt(self.key)} is ambiguous: it names {'、'.join(self.matches)}; "
                "use the full name"
            )
        message = f"unknown {self.kind} {excerpt(self.key)}"
        then = "; the"
        if len(names) <= self.SUGGEST_AMONG:
            close = difflib.get_close_matches(str(self.key), names, n=1, cutoff=0.5)
            if close:
                message += f"; did you mean {close[0]!r}?"
                then = " The"
        if not self.known:
            return message + f"{then}re are no {self.kind}s"
        shown = "、".join(name if len(name) <= EXCERPT_CHARACTERS else name[:EXCERPT_CHARACTERS] + "…"
                         for name in self.known[: self.LIST_AT_MOST])
        if len(self.known) > self.LIST_AT_MOST:
            shown += f" … ({len(self.known)} in all)"
        return message + f"{then} {self.kind}s are {shown}"


class NotARecord(SupervisioError, TypeError):
    """A value given to ``Supervision.add`` or ``replace`` that is not one of the records it holds."""


class SpreadsheetError(SupervisioError):
    """A ledger workbook (or .csv) that cannot be read or merged, with every bad cell or row at once.

    Each problem is ``(where, message)``: ``where`` is ``sheet!F12`` for a cell, ``sheet!12`` for a row,
    empty for the file as a whole; the message prints them as ``ledger.xlsx!问题台账!F12: …``.
    """

    SHOWN = 50
    """At most this many problems are printed; the rest are counted ("and 12 more")."""

    def __init__(self, source: str, problems: Iterable[tuple[str, str]]) -> None:
        self.source = source
        self.problems: Sequence[tuple[str, str]] = tuple(problems)
        if not self.problems:
            raise ValueError("SpreadsheetError needs at least one problem")
        super().__init__(self._text())

    def _text(self) -> str:
        lines = [f"{self.source}!{where}: {message}" if where else f"{self.source}: {message}"
                 for where, message in self.problems[: self.SHOWN]]
        hidden = len(self.problems) - self.SHOWN
        if hidden > 0:
            lines.append(f"and {hidden} more")
        if len(self.problems) > 1:
            lines.insert(0, f"{len(self.problems)} errors in {self.source}:")
            return "\n  ".join(lines)
        return lines[0]
