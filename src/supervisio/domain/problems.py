"""问题台账: the problems a group finds, each with owners, measures, a deadline and a dated history.

A problem's status is never stored on its own: it is the last entry of its ``history`` on or before the day
asked about, so that the ledger can be read as of any date (全程留痕). A problem with no history is 登记 from
the day it was found. Moves between states go through :mod:`supervisio.domain.lifecycle`, which refuses the
illegal ones.
"""

from __future__ import annotations

import datetime as dt

import attrs

from supervisio.domain.vocabulary import ProblemStatus, Term

__all__ = ["Extension", "Problem", "ProgressEntry", "Transition"]


@attrs.frozen(kw_only=True)
class Transition:
    """One dated move of a problem into a new state, with who recorded it and why.

    ``source`` says where the move came from when it was not typed into the campaign file (a ledger row
    imported from a unit's workbook, and whether the sheet dated it or the import did).
    """

    on: dt.date
    to: ProblemStatus
    by: str | None = None
    note: str | None = None
    source: str | None = None


@attrs.frozen(kw_only=True)
class Extension:
    """延期: an approved new deadline (``until``), granted on ``on`` for ``reason`` (``source``: as above)."""

    on: dt.date
    until: dt.date
    reason: str | None = None
    source: str | None = None


@attrs.frozen(kw_only=True)
class ProgressEntry:
    """整改进展: a dated line of progress reported by the unit (``source``: where it was imported from)."""

    on: dt.date
    text: str
    source: str | None = None


@attrs.frozen(kw_only=True)
class Problem:
    """问题: one line of the ledger.

    ``category`` is the campaign's own word (难点, 痛点, 堵点 …); ``lead_owner`` is the 责任领导 and ``owner``
    the 具体责任人; ``source_activity`` names the activity that found it; ``source`` says where a problem
    that was not typed into the campaign file came from (a row of an imported ledger).
    """

    number: str
    unit: str
    found_on: dt.date
    description: str
    category: str
    term: Term = Term.SHORT
    source_activity: str | None = None
    lead_owner: str | None = None
    owner: str | None = None
    measures: tuple[str, ...] = ()
    deadline: dt.date | None = None
    extensions: tuple[Extension, ...] = ()
    progress: tuple[ProgressEntry, ...] = ()
    history: tuple[Transition, ...] = ()
    source: str | None = None

    def status_on(self, day: dt.date) -> ProblemStatus | None:
        """The state on ``day``: None before the problem was found, else the last move made by then."""
        if day < self.found_on:
            return None
        status = ProblemStatus.REGISTERED
        for transition in self.history:
            if transition.on > day:
                break
            status = transition.to
        return status

    @property
    def status(self) -> ProblemStatus:
        """The state after the last recorded move."""
        return self.history[-1].to if self.history else ProblemStatus.REGISTERED

    def resolved_on(self, day: dt.date) -> dt.date | None:
        """The 销号 (or 立行立改) date if the problem stands resolved on ``day``, else None."""
        resolved_at: dt.date | None = None
        for transition in self.history:
            if transition.on > day:
                break
            resolved_at = transition.on if transition.to.resolved else None
        return resolved_at

    @property
    def closed_on(self) -> dt.date | None:
        """The closing date (销号日期) if the problem stands resolved after its last move."""
        if not self.history or not self.history[-1].to.resolved:
            return None
        return self.history[-1].on

    def deadline_on(self, day: dt.date) -> dt.date | None:
        """The deadline in force on ``day``: the latest extension granted by then, else the original one."""
        deadline = self.deadline
        for extension in self.extensions:
            if extension.on <= day:
                deadline = extension.until
        return deadline
