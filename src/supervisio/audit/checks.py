"""One check of an audit, its verdict, and the report that collects them.

A check has a name, what was measured, what GB/T 9704 (in the chosen profile) expects, and a status:
``pass``, ``fail`` or ``skip`` (not run: LibreOffice or pdfplumber is missing, or the document has
nothing the check is about). A skipped check is never counted as passed; the report says why it was
skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import attrs

from supervisio.errors import SupervisioError

__all__ = [
    "EXIT_FAILED",
    "EXIT_PASSED",
    "EXIT_UNREADABLE",
    "AuditError",
    "AuditReport",
    "Check",
    "Checks",
    "Source",
    "Status",
]

Status = Literal["pass", "fail", "skip"]
Source = Literal["docx", "pdf"]

EXIT_PASSED = 0
EXIT_FAILED = 1
EXIT_UNREADABLE = 2


class AuditError(SupervisioError):
    """A file the audit cannot read (not a zip, not a docx, broken XML, not a PDF), with where."""


Measured = object
"""What a check measured: a number, a string, a list or a small mapping (all JSON values)."""


@attrs.frozen(kw_only=True)
class Check:
    """The verdict of one rule on one document."""

    name: str
    source: Source
    status: Status
    measured: Measured = None
    expected: str = ""
    note: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "fail"

    def as_json(self) -> dict[str, object]:
        return {
            "check": self.name,
            "source": self.source,
            "status": self.status,
            "ok": self.status == "pass",
            "measured": self.measured,
            "expected": self.expected,
            "note": self.note,
        }


class Checks:
    """A growing list of checks from one source: ``verdict`` adds one, ``skip`` one not run."""

    def __init__(self, source: Source) -> None:
        self.source: Source = source
        self.items: list[Check] = []

    def verdict(self, name: str, ok: bool, measured: Measured, expected: str, note: str = "") -> None:
        status: Status = "pass" if ok else "fail"
        self.items.append(
            Check(name=name, source=self.source, status=status, measured=measured, expected=expected,
                  note=note)
        )

    def skip(self, name: str, expected: str, why: str) -> None:
        self.items.append(
            Check(name=name, source=self.source, status="skip", expected=expected, note=why)
        )


@attrs.frozen(kw_only=True)
class AuditReport:
    """Every check of one file in one profile, and why checks were skipped (if some were)."""

    file: str
    profile: str
    checks: tuple[Check, ...]
    skipped_because: tuple[str, ...] = ()

    @classmethod
    def of(cls, file: str, profile: str, checks: Iterable[Check],
           skipped_because: Sequence[str] = ()) -> AuditReport:
        return cls(file=file, profile=profile, checks=tuple(checks),
                   skipped_because=tuple(skipped_because))

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.status == "fail")

    @property
    def passed(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.status == "pass")

    @property
    def skipped(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.status == "skip")

    @property
    def ok(self) -> bool:
        """No check failed (skipped checks do not make a report fail, nor pass: they are shown)."""
        return not self.failed

    @property
    def exit_status(self) -> int:
        return EXIT_PASSED if self.ok else EXIT_FAILED

    def by_name(self) -> dict[str, Check]:
        return {c.name: c for c in self.checks}
