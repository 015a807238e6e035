"""工作汇报: the phase report, every figure from the facts, the practice from the dated records."""

from __future__ import annotations

import attrs

from supervisio.domain.organisation import Unit
from supervisio.domain.records import Activity, Notice
from supervisio.domain.vocabulary import ActivityMethod, NoticeKind
from supervisio.kinds.context import SharedContext, shared_context
from supervisio.kinds.kind import KindRequest

__all__ = ["ReportContext", "report_context"]


@attrs.frozen(kw_only=True)
class ReportContext(SharedContext):
    """What ``report.md.j2`` reads besides the shared variables.

    - ``achievements_by_unit``: (单位简称, [指标+数字, …]) in the order the facts quote them;
    - ``passed_units`` / ``failed_units``: units that passed every finished phase / the short names of
      those that failed one;
    - ``activities``: the group's activities by the day; ``opinions``: its 督导意见 by the day;
    - ``opinion_unit``: the unit of the first opinion, and ``deployment_meeting``: that unit's meeting
      (attended by the group, with a subject) held on or after the opinion — the seed's "督导意见下发后，
      该单位召开专题会议部署整改".
    """

    achievements_by_unit: tuple[tuple[str, tuple[str, ...]], ...]
    passed_units: int
    failed_units: tuple[str, ...]
    activities: tuple[Activity, ...]
    opinions: tuple[Notice, ...]
    opinion_unit: Unit | None
    deployment_meeting: Activity | None


def _deployment_meeting(activities: tuple[Activity, ...], opinion: Notice) -> Activity | None:
    attended = (ActivityMethod.ATTEND_MEETING, ActivityMethod.ATTEND_STUDY)
    return next(
        (a for a in activities
         if a.method in attended and a.unit == opinion.unit and a.subject and a.on >= opinion.on),
        None,
    )


def report_context(request: KindRequest) -> ReportContext:
    """The report's context: the shared variables, the practice and the units that passed."""
    shared = shared_context(request)
    supervision, facts = request.supervision, shared.facts
    group_units = set(shared.group.unit_names)
    activities = tuple(
        a for a in supervision.activities if a.unit in group_units and a.on <= request.as_of
    )
    opinions = tuple(
        n for n in supervision.notices
        if n.group == request.group and n.kind is NoticeKind.OPINION and n.on <= request.as_of
    )
    by_unit: dict[str, list[str]] = {}
    for achievement in facts.achievements:
        by_unit.setdefault(achievement.unit_short_name, []).append(achievement.metric + achievement.text)
    short = {u.name: u.short_name or u.name for u in shared.group.units}
    return ReportContext(
        **shared,
        achievements_by_unit=tuple((unit, tuple(texts)) for unit, texts in by_unit.items()),
        passed_units=sum(1 for r in facts.requirements if r.phases_passed and not r.phases_failed),
        failed_units=tuple(short[r.unit] for r in facts.requirements if r.phases_failed),
        activities=activities,
        opinions=opinions,
        opinion_unit=supervision.unit(opinions[0].unit) if opinions else None,
        deployment_meeting=_deployment_meeting(activities, opinions[0]) if opinions else None,
    )
