"""督查通报: the campaign office's bulletin across every group, as of a day.

It is the office's document, not a group's: the figures are the city's (every group), the units are named
— ranked by 整改率, the most overdue, the lowest rates, the 规定动作 not met, the replies overdue — and each
group's line agrees with that group's ``supervisio facts --json``. The three charts (整改率 by unit, lights
by unit, open problems week by week) are written by the template in the Markdown dialect (``{chart}``),
so an office can restyle or drop them like any other part.
"""

from __future__ import annotations

import datetime as dt

import attrs

from supervisio.domain.agenda import AgendaItem, upcoming
from supervisio.domain.campaign import Campaign
from supervisio.domain.facts import Facts, compute_facts
from supervisio.domain.findings import Finding, review
from supervisio.domain.records import Adoption, Exemplar
from supervisio.domain.standings import (
    GroupStanding,
    UnitStanding,
    group_standings,
    open_by_week,
    unit_standings,
)
from supervisio.domain.supervision import Supervision
from supervisio.kinds.context import TemplateContext
from supervisio.kinds.kind import KindRequest

__all__ = ["NAMED", "BulletinContext", "bulletin_context"]

NAMED = 5
"""How many units a 存在问题 paragraph names at most (the worst first)."""

WEEKS = 8
"""How many weeks the open-problems chart shows."""


@attrs.frozen(kw_only=True)
class BulletinContext(TemplateContext):
    """``bulletin.md.j2``'s variables.

    - ``supervision``, ``campaign``, ``as_of``; ``facts`` and ``findings``: the whole campaign's;
    - ``units``: every unit of every group ranked by 整改率 (:class:`UnitStanding`); ``groups``: each
      group's facts (:class:`GroupStanding`);
    - ``most_overdue``, ``lowest_rates``, ``requirements_unmet``, ``replies_overdue``: the units the
      存在问题 part names (at most :data:`NAMED` each, the worst first; a part with none is empty);
    - ``adoptions`` (采用 by the office), ``exemplars`` (典型): the 主要成效 by name;
    - ``open_by_week``: (day, problems open) at the end of each of the last weeks, for the line chart;
    - ``agenda``: the dated items of the coming week, city-wide (下步要求).
    """

    supervision: Supervision
    campaign: Campaign
    as_of: dt.date
    facts: Facts
    findings: tuple[Finding, ...]
    units: tuple[UnitStanding, ...]
    groups: tuple[GroupStanding, ...]
    most_overdue: tuple[UnitStanding, ...]
    lowest_rates: tuple[UnitStanding, ...]
    requirements_unmet: tuple[UnitStanding, ...]
    replies_overdue: tuple[UnitStanding, ...]
    adoptions: tuple[Adoption, ...]
    exemplars: tuple[Exemplar, ...]
    open_by_week: tuple[tuple[dt.date, int], ...]
    agenda: tuple[AgendaItem, ...]


def _lowest_rates(units: tuple[UnitStanding, ...], city: Facts) -> tuple[UnitStanding, ...]:
    """Units below the city's 整改率, the lowest first (units without problems have no rate)."""
    city_rate = city.problems.rectification_rate
    below = [u for u in units if u.rate is not None and city_rate is not None and u.rate < city_rate]
    return tuple(reversed(below))[:NAMED]


def bulletin_context(request: KindRequest) -> BulletinContext:
    """The office's bulletin as of the request's day, for the whole campaign (a city-wide kind: the
    request names no group, and if it does, the bulletin still speaks for every group)."""
    supervision, as_of, memo = request.supervision, request.as_of, request.reviews
    city = request.facts if request.group is None else compute_facts(supervision, as_of, reviews=memo)
    units = unit_standings(supervision, as_of, reviews=memo)
    by_overdue = sorted((u for u in units if u.facts.problems.overdue),
                        key=lambda u: (-u.facts.problems.overdue, u.rank))
    return BulletinContext(
        supervision=supervision,
        campaign=supervision.campaign,
        as_of=as_of,
        facts=city,
        findings=review(supervision, as_of, reviews=memo),
        units=units,
        groups=group_standings(supervision, as_of, reviews=memo),
        most_overdue=tuple(by_overdue[:NAMED]),
        lowest_rates=_lowest_rates(units, city),
        requirements_unmet=tuple(u for u in units if u.requirements_missing or u.phases_failed)[:NAMED],
        replies_overdue=tuple(sorted((u for u in units if u.overdue_replies),
                                     key=lambda u: (-u.overdue_replies, u.rank)))[:NAMED],
        adoptions=tuple(a for a in supervision.adoptions
                        if a.adopter == supervision.campaign.office and a.on <= as_of),
        exemplars=city.exemplars,
        open_by_week=open_by_week(supervision, as_of, WEEKS),
        agenda=upcoming(supervision, as_of, as_of + dt.timedelta(days=7)),
    )
