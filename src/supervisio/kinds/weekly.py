"""工作简报 for the week: written from the week's records, not recorded by hand.

The week is the seven days that end on the day asked about (``as_of``, a Friday for most groups): what
the group did, the problems found and resolved by unit, what is overdue now, what the units reported,
and the coming week's dated items. Every figure comes from :func:`~supervisio.domain.changes.compute_changes`
for that week, the same as ``supervisio facts --since``; the issue number follows the group's last
recorded briefing of the year, and the masthead and 报尾 keep that briefing's series and distribution.
"""

from __future__ import annotations

import datetime as dt

import attrs

from supervisio.domain.agenda import AgendaItem, upcoming
from supervisio.domain.changes import Changes, compute_changes
from supervisio.domain.deadlines import days_left, is_overdue
from supervisio.domain.problems import Problem
from supervisio.domain.records import Briefing, Notice
from supervisio.kinds.context import SharedContext, shared_context
from supervisio.kinds.kind import KindRequest

__all__ = ["WEEK", "OverdueProblem", "UnitProblems", "WeeklyContext", "weekly_context"]

WEEK = dt.timedelta(days=7)


@attrs.frozen(kw_only=True)
class UnitProblems:
    """A unit (by short name) and its problems of the week, in the order they were found."""

    unit: str
    problems: tuple[Problem, ...]


@attrs.frozen(kw_only=True)
class OverdueProblem:
    """A problem open past its deadline on the day: its unit's short name and how many days late."""

    unit: str
    problem: Problem
    days_late: int


@attrs.frozen(kw_only=True)
class WeeklyContext(SharedContext):
    """``weekly.md.j2``'s variables besides the shared ones.

    - ``week_start`` … ``as_of``: the week (``changes`` covers it: after ``week_start`` - 1 up to
      ``as_of``); ``methods``: the week's 督导方式 in the order first used;
    - ``number``, ``series``, ``issuer``, ``report_to``, ``send_to``, ``distribute_to``, ``copies``: the
      masthead and 报尾, the number following the group's last recorded briefing of the year;
    - ``found``/``resolved``: the week's problems by unit; ``overdue``: every problem overdue on the day;
    - ``unit_briefings``: what the units reported (上报简报) in the week; ``replies``: the notices
      answered in it; ``agenda``: the dated items of the coming week (下步工作安排);
    - ``short_names``: each unit's short name by its full name (the records name units in full).
    """

    week_start: dt.date
    changes: Changes
    methods: tuple[str, ...]
    number: int
    series: str
    issuer: str
    report_to: tuple[str, ...]
    send_to: tuple[str, ...]
    distribute_to: tuple[str, ...]
    copies: int | None
    found: tuple[UnitProblems, ...]
    resolved: tuple[UnitProblems, ...]
    overdue: tuple[OverdueProblem, ...]
    unit_briefings: tuple[Briefing, ...]
    replies: tuple[Notice, ...]
    agenda: tuple[AgendaItem, ...]
    short_names: dict[str, str]


def _last_issue(request: KindRequest) -> Briefing | None:
    """The group's own latest numbered briefing of the year by the day (supplements are counted apart)."""
    issued = [
        b for b in request.supervision.briefings
        if b.group == request.group and b.unit is None and not b.supplement
        and b.on <= request.as_of and b.year == request.as_of.year
    ]
    return max(issued, key=lambda b: (b.number, b.on)) if issued else None


def _by_unit(request: KindRequest, numbers: tuple[str, ...]) -> tuple[UnitProblems, ...]:
    supervision = request.supervision
    wanted = set(numbers)
    grouped: dict[str, list[Problem]] = {}
    for unit in request.group_record.units:
        for problem in supervision.problems_of(unit.name):
            if problem.number in wanted:
                grouped.setdefault(unit.short_name or unit.name, []).append(problem)
    return tuple(
        UnitProblems(unit=unit, problems=tuple(sorted(found, key=lambda p: (p.found_on, p.number))))
        for unit, found in grouped.items()
    )


def _overdue(request: KindRequest) -> tuple[OverdueProblem, ...]:
    """The group's problems overdue on the day, the latest first."""
    day = request.as_of
    found = [
        OverdueProblem(unit=unit.short_name or unit.name, problem=problem,
                       days_late=-(days_left(problem, day) or 0))
        for unit in request.group_record.units
        for problem in request.supervision.problems_of(unit.name) if is_overdue(problem, day)
    ]
    return tuple(sorted(found, key=lambda o: (-o.days_late, o.problem.number)))


def weekly_context(request: KindRequest) -> WeeklyContext:
    """The week that ends on the day asked about, from the records."""
    shared = shared_context(request)
    supervision, as_of = request.supervision, request.as_of
    since = as_of - WEEK
    changes = compute_changes(supervision, since, as_of, group=request.group, reviews=request.reviews)
    group_units = set(shared.group.unit_names)
    activities = [a for a in supervision.activities if a.unit in group_units and since < a.on <= as_of]
    last = _last_issue(request)
    return WeeklyContext(
        **shared,
        week_start=since + dt.timedelta(days=1),
        changes=changes,
        methods=tuple(dict.fromkeys(a.method.value for a in activities)),
        number=last.number + 1 if last else 1,
        series=last.series if last else f"{supervision.campaign.name}{shared.group.title}工作简报",
        issuer=(last.issuer if last else None) or shared.group.title,
        report_to=last.report_to if last else (supervision.campaign.leading_group,),
        send_to=last.send_to if last else (supervision.campaign.office,),
        distribute_to=last.distribute_to if last else ("各被督导单位",),
        copies=last.copies if last else None,
        found=_by_unit(request, changes.problems.found),
        resolved=_by_unit(request, changes.problems.resolved),
        overdue=_overdue(request),
        unit_briefings=tuple(
            b for b in supervision.briefings
            if b.group == request.group and b.unit in group_units and since < b.on <= as_of
        ),
        replies=tuple(
            n for n in supervision.notices
            if n.group == request.group and n.replied_on is not None and since < n.replied_on <= as_of
        ),
        agenda=upcoming(supervision, as_of, as_of + WEEK, group=request.group),
        short_names={u.name: u.short_name or u.name for u in shared.group.units},
    )
