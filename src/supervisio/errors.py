"""The one error hierarchy of supervisio.

Every error a user can cause says *where*: the file and the path inside it, the problem and its states, the
template and its line. The CLI prints ``str(error)`` and exits non-zero, so the message must stand on its
own, without a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "SupervisioError",
    "Located",
    "CampaignFileError",
    "IllegalTransition",
]


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
    """A campaign file that cannot be loaded, with *all* that is wrong with it at once."""

    def __init__(self, errors: Iterable[Located]) -> None:
        self.errors: Sequence[Located] = tuple(errors)
        if not self.errors:
            raise ValueError("CampaignFileError needs at least one located error")
        super().__init__(self._text())

    def _text(self) -> str:
        lines = [str(error) for error in self.errors]
        if len(lines) > 1:
            lines.insert(0, f"{len(lines)} errors in {self.errors[0].source}:")
            return "\n  ".join(lines)
        return lines[0]


class IllegalTransition(SupervisioError):
    """A problem asked to move between two lifecycle states that are not linked (问题状态流转不合法)."""

    def __init__(self, problem: str, current: str, target: str, allowed: Sequence[str]) -> None:
        self.problem = problem
        self.current = current
        self.target = target
        self.allowed = tuple(allowed)
        choices = "、".join(self.allowed) if self.allowed else "none (a final state)"
        super().__init__(
            f"problem {problem}: cannot go from {current} to {target}; from {current} it may go to {choices}"
        )
