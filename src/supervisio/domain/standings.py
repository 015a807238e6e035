"""Where each unit and each group stands as of a day: the figures a 督查通报 ranks and names.

Every figure is read from :func:`~supervisio.domain.facts.compute_facts` for that unit or group, so a
bulletin's table agrees with ``supervisio facts --json --group N`` to the last problem. Units are ranked by
整改率 (resolved / found), ties broken by fewer overdue, then more resolved, then the order the groups list
them; a unit with no problems has no rate and ranks last, since there is nothing to rank it by.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs

from supervisio.domain.deadlines import is_open
from supervisio.domain.facts import Facts, compute_facts
from supervisio.domain.reviews import Reviews
from supervisio.domain.supervision import Supervision
from supervisio.domain.vocabulary import NoticeStatus

__all__ = ["GroupStanding", "UnitStanding", "group_standings", "open_by_week", "unit_standings"]


@attrs.frozen(kw_only=True)
class UnitStanding:
    """One unit's place: ``rank`` (1 = highest 整改率), its group, and its facts as of the day.

    ``overdue_replies`` counts its notices not replied to in time; ``requirements_missing`` its 规定动作
    past due and not done; ``phases_failed`` the finished phases it did not pass.
    """

    rank: int
    unit: str
    short_name: str
    group: int
    group_title: str
    facts: Facts
    overdue_replies: int
    requirements_missing: int
    phases_failed: tuple[str, ...]

    @property
    def rate(self) -> Fraction | None:
        """整改率: resolved / found; None without problems."""
        return self.facts.problems.rectification_rate

    @property
    def rate_percent(self) -> float | None:
        """整改率 in percent to two places (64.71), as a chart plots it; None without problems."""
        rate = self.rate
        return None if rate is None else round(float(rate * 100), 2)


@attrs.frozen(kw_only=True)
class GroupStanding:
    """One group's figures as of the day (its facts), with its title and how many units it covers."""

    group: int
    title: str
    facts: Facts


def _sort_key(standing: UnitStanding, order: int) -> tuple[object, ...]:
    problems = standing.facts.problems
    rate = standing.rate
    return (rate is None, -(rate or 0), problems.overdue, -problems.resolved, order)


def unit_standings(
    supervision: Supervision, as_of: dt.date, *, reviews: Reviews | None = None
) -> tuple[UnitStanding, ...]:
    """Every unit of every group, ranked by 整改率 (ties: fewer overdue, more resolved, listed order)."""
    memo = Reviews.reuse(reviews, supervision, as_of)
    unranked = []
    for group in supervision.groups:
        for unit in group.units:
            facts = compute_facts(supervision, as_of, unit=unit.name, reviews=memo)
            (requirements,) = facts.requirements
            overdue_replies = sum(
                1 for notice in supervision.notices
                if notice.unit == unit.name and notice.status_on(as_of) is NoticeStatus.OVERDUE
            )
            unranked.append(UnitStanding(
                rank=0, unit=unit.name, short_name=unit.short_name or unit.name, group=group.number,
                group_title=group.title, facts=facts, overdue_replies=overdue_replies,
                requirements_missing=requirements.missing, phases_failed=requirements.phases_failed,
            ))
    ordered = sorted(enumerate(unranked), key=lambda pair: _sort_key(pair[1], pair[0]))
    return tuple(attrs.evolve(standing, rank=rank) for rank, (_, standing) in enumerate(ordered, start=1))


def group_standings(
    supervision: Supervision, as_of: dt.date, *, reviews: Reviews | None = None
) -> tuple[GroupStanding, ...]:
    """Every group's facts as of the day, in the order the campaign lists the groups."""
    memo = Reviews.reuse(reviews, supervision, as_of)
    return tuple(
        GroupStanding(group=group.number, title=group.title,
                      facts=compute_facts(supervision, as_of, group=group.number, reviews=memo))
        for group in supervision.groups
    )


def open_by_week(supervision: Supervision, as_of: dt.date, weeks: int = 8) -> tuple[tuple[dt.date, int], ...]:
    """Problems open at the end of each of the last ``weeks`` weeks, the last ending on ``as_of``;
    weeks before the campaign started are left out."""
    days = [as_of - dt.timedelta(days=7 * back) for back in range(weeks - 1, -1, -1)]
    days = [day for day in days if day >= supervision.campaign.start] or [as_of]
    return tuple((day, sum(1 for p in supervision.problems if is_open(p, day))) for day in days)
