"""What changed between two days: the week of a weekly briefing, or any span a group asks about.

``compute_changes(supervision, since, as_of, group=7)`` answers "what happened since last Friday?": the
problems found, resolved, newly overdue and extended; the activities by method; the meetings held and
missed; the notices sent, the replies received and the replies due. Findings are matched by what they
are about (:attr:`~supervisio.domain.findings.Finding.subject`), not by their sentences: the ones that
hold on ``as_of`` and did not on ``since`` are new, the others settled.

The span is ``since`` excluded, ``as_of`` included, so that consecutive weeks (Friday to Friday) count
every record once. Everything is computed from the records as they stand; nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

import attrs

from supervisio.domain.deadlines import is_overdue
from supervisio.domain.findings import Finding, review
from supervisio.domain.mechanism import MissingMeeting
from supervisio.domain.plain import plain_data
from supervisio.domain.reviews import Reviews
from supervisio.domain.scope import Scope
from supervisio.domain.supervision import Supervision
from supervisio.errors import SupervisioError

__all__ = ["Changes", "NoticeChanges", "ProblemChanges", "compute_changes"]


class BackwardSpan(SupervisioError):
    """A span whose start is after its end (``--since`` later than ``--as-of``)."""


@attrs.frozen(kw_only=True)
class ProblemChanges:
    """Problems by number: ``found`` in the span, ``resolved`` (销号 or 立行立改) in it, ``newly_overdue``
    (open and past their deadline on the last day, not on the day before the span), ``extended`` (a 延期
    granted in the span); ``found_by_unit``/``resolved_by_unit`` count them per unit (full name)."""

    found: tuple[str, ...]
    resolved: tuple[str, ...]
    newly_overdue: tuple[str, ...]
    extended: tuple[str, ...]
    found_by_unit: dict[str, int]
    resolved_by_unit: dict[str, int]
    open_at_end: int
    overdue_at_end: int


@attrs.frozen(kw_only=True)
class NoticeChanges:
    """Notices by number: ``sent`` in the span (and ``sent_by_kind``), replies ``received`` in it, and
    replies ``due`` in it with ``due_unanswered`` those not received by the last day."""

    sent: tuple[str, ...]
    sent_by_kind: dict[str, int]
    received: tuple[str, ...]
    due: tuple[str, ...]
    due_unanswered: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Changes:
    """What changed for a scope (the campaign, a group, a unit) from ``since`` (excluded) to ``as_of``."""

    since: dt.date
    as_of: dt.date
    group: int | None
    unit: str | None
    problems: ProblemChanges
    activities: int
    activities_by_method: dict[str, int]
    person_times: int
    meetings_held: int
    meetings_by_kind: dict[str, int]
    meetings_missed: tuple[MissingMeeting, ...]
    notices: NoticeChanges
    new_findings: tuple[Finding, ...]
    settled_findings: tuple[Finding, ...]

    def to_dict(self) -> dict[str, Any]:
        """Every change as JSON-ready plain data (what ``supervisio facts --since --json`` prints)."""
        data: dict[str, Any] = plain_data(self)
        return data


def _in_span(day: dt.date | None, since: dt.date, as_of: dt.date) -> bool:
    return day is not None and since < day <= as_of


def _numbers(records: Iterable[Any]) -> tuple[str, ...]:
    return tuple(record.number for record in records)


def _problem_changes(supervision: Supervision, scope: Scope, since: dt.date, as_of: dt.date) -> ProblemChanges:
    problems = [p for p in supervision.problems if scope.has_unit(p.unit) and p.found_on <= as_of]
    found = [p for p in problems if _in_span(p.found_on, since, as_of)]
    resolved = [p for p in problems if _in_span(p.resolved_on(as_of), since, as_of)]
    overdue_now = [p for p in problems if is_overdue(p, as_of)]
    return ProblemChanges(
        found=_numbers(found),
        resolved=_numbers(resolved),
        newly_overdue=_numbers(p for p in overdue_now if not is_overdue(p, since)),
        extended=_numbers(
            p for p in problems if any(_in_span(e.on, since, as_of) for e in p.extensions)
        ),
        found_by_unit=dict(Counter(p.unit for p in found)),
        resolved_by_unit=dict(Counter(p.unit for p in resolved)),
        open_at_end=sum(1 for p in problems if p.resolved_on(as_of) is None),
        overdue_at_end=len(overdue_now),
    )


def _notice_changes(supervision: Supervision, scope: Scope, since: dt.date, as_of: dt.date) -> NoticeChanges:
    notices = [
        n for n in supervision.notices
        if scope.has_group(n.group) and scope.has_unit(n.unit) and n.on <= as_of
    ]
    sent = [n for n in notices if _in_span(n.on, since, as_of)]
    due = [n for n in notices if _in_span(n.reply_due, since, as_of)]
    return NoticeChanges(
        sent=_numbers(sent),
        sent_by_kind=dict(Counter(n.kind.value for n in sent)),
        received=_numbers(n for n in notices if _in_span(n.replied_on, since, as_of)),
        due=_numbers(due),
        due_unanswered=_numbers(
            n for n in due if n.replied_on is None or n.replied_on > as_of
        ),
    )


def _findings(supervision: Supervision, scope: Scope, day: dt.date, memo: Reviews) -> tuple[Finding, ...]:
    found = review(supervision, day, scope.group.number if scope.group else None, reviews=memo)
    return tuple(f for f in found if scope.unit is None or f.unit == scope.unit)


def compute_changes(
    supervision: Supervision,
    since: dt.date,
    as_of: dt.date,
    *,
    group: int | None = None,
    unit: str | None = None,
    reviews: Reviews | None = None,
) -> Changes:
    """What changed for the campaign, ``group`` or ``unit`` after ``since`` up to ``as_of`` (included).

    ``reviews``, a memo of ``as_of``'s reviews (a document's own), spares running the rules again for the
    last day. Raises :class:`BackwardSpan` when ``since`` is after ``as_of`` and
    :class:`~supervisio.errors.UnknownRecord` for a group or unit the data does not have.
    """
    if since > as_of:
        raise BackwardSpan(f"the span starts after it ends: since {since} is after {as_of}")
    scope = Scope.of(supervision, group, unit)
    then, now = Reviews(supervision, since), Reviews.reuse(reviews, supervision, as_of)
    activities = [
        a for a in supervision.activities if scope.has_unit(a.unit) and _in_span(a.on, since, as_of)
    ]
    meetings = [
        m for m in supervision.meetings if scope.has_group(m.group) and _in_span(m.on, since, as_of)
    ]
    missed_before = {m for g in scope.groups for m in then.missing_meetings(g.number)}
    before, current = _findings(supervision, scope, since, then), _findings(supervision, scope, as_of, now)
    earlier, later = {f.subject for f in before}, {f.subject for f in current}
    return Changes(
        since=since,
        as_of=as_of,
        group=scope.group.number if scope.group else None,
        unit=scope.unit,
        problems=_problem_changes(supervision, scope, since, as_of),
        activities=len(activities),
        activities_by_method=dict(Counter(a.method.value for a in activities)),
        person_times=sum(len(a.participants) for a in activities),
        meetings_held=len(meetings),
        meetings_by_kind=dict(Counter(m.kind.value for m in meetings)),
        meetings_missed=tuple(
            m for g in scope.groups for m in now.missing_meetings(g.number) if m not in missed_before
        ),
        notices=_notice_changes(supervision, scope, since, as_of),
        new_findings=tuple(f for f in current if f.subject not in earlier),
        settled_findings=tuple(f for f in before if f.subject not in later),
    )
