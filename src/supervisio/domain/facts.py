"""Facts: the statistics documents quote, computed from the records as of a day, never counted by hand.

``compute_facts(supervision, as_of, group=7)`` answers every figure of a phase report — 问题共计68条, 在大动员、
大学习阶段已解决41条, 工作简报9期, 工作提示6条, 上报简报37期, 采用并刊发8次 — and the tables behind the
ledger and the dossiers. Templates read facts; they never count for themselves.

Scope: the whole campaign, one group (its units and the records filed under its number) or one unit (the
records of that unit, plus the group-level records — meetings, the group's own briefings and work prompts —
of the group that covers it). A record dated after ``as_of`` does not exist yet.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any, Protocol, TypeVar

import attrs

from supervisio.domain.organisation import SupervisionGroup, Unit
from supervisio.domain.plain import plain_data
from supervisio.domain.records import Achievement, Exemplar
from supervisio.domain.requirements import RequirementState
from supervisio.domain.reviews import Reviews
from supervisio.domain.scope import Scope
from supervisio.domain.supervision import Supervision
from supervisio.domain.vocabulary import Light, NoticeKind, ProblemStatus, Term
from supervisio.numerals import chinese_numeral, percent

__all__ = [
    "ActivityFacts",
    "DocumentFacts",
    "Facts",
    "GroupFacts",
    "MeetingFacts",
    "PhaseFacts",
    "ProblemFacts",
    "RequirementFacts",
    "compute_facts",
]


def _counts(values: Iterable[str]) -> dict[str, int]:
    return dict(Counter(values))


class _Dated(Protocol):
    @property
    def on(self) -> dt.date: ...


_D = TypeVar("_D", bound=_Dated)


def _dated(as_of: dt.date, records: Iterable[_D]) -> list[_D]:
    """The records that exist on ``as_of``: those dated on or before it."""
    return [record for record in records if record.on <= as_of]


@attrs.frozen(kw_only=True)
class GroupFacts:
    """The group a report speaks for: 第七巡回督导组 and its 10 units."""

    number: int
    numeral: str
    title: str
    unit_count: int
    unit_names: tuple[str, ...]
    unit_short_names: tuple[str, ...]
    member_count: int


@attrs.frozen(kw_only=True)
class PhaseFacts:
    """Where the campaign stands on the day: phases finished, the one under way, the next one (by name)."""

    current: str | None
    completed: tuple[str, ...]
    reached: tuple[str, ...]
    next: str | None


@attrs.frozen(kw_only=True)
class ProblemFacts:
    """The problem ledger in figures. Mappings are keyed by the Chinese term (短期, 难点, 红灯 …) or by phase name."""

    total: int
    by_term: Mapping[str, int]
    by_category: Mapping[str, int]
    by_unit: Mapping[str, int]
    by_phase_found: Mapping[str, int]
    by_status: Mapping[str, int]
    resolved: int
    resolved_by_phase: Mapping[str, int]
    closed_on_spot: int
    open: int
    overdue: int
    by_light: Mapping[str, int]
    rectification_rate: Fraction | None

    def resolved_in(self, *phases: str) -> int:
        """Problems resolved inside the windows of the named phases (在大动员、大学习阶段已解决*条)."""
        return sum(self.resolved_by_phase.get(name, 0) for name in phases)

    def rate(self, decimals: int = 2) -> str:
        """整改率 as documents print it: ``60.29%``; ``—`` when there are no problems."""
        return percent(self.rectification_rate, decimals)


@attrs.frozen(kw_only=True)
class ActivityFacts:
    """督导活动: how many, by method and by unit, and the person-times (人次) of group members involved."""

    total: int
    by_method: Mapping[str, int]
    by_unit: Mapping[str, int]
    person_times: int


@attrs.frozen(kw_only=True)
class MeetingFacts:
    """The weekly mechanism: meetings held by kind, and expected ones missing."""

    held: int
    by_kind: Mapping[str, int]
    missing: int


@attrs.frozen(kw_only=True)
class DocumentFacts:
    """Paperwork issued and received: 简报 (期), 工作提示 (条), 上报简报 (期), 采用 (次), notices by kind."""

    briefings: int
    supplements: int
    work_prompts: int
    work_prompt_items: int
    unit_briefings: int
    unit_briefings_by_unit: Mapping[str, int]
    adoptions: int
    notices_by_kind: Mapping[str, int]
    opinion_units: tuple[str, ...]


@attrs.frozen(kw_only=True)
class RequirementFacts:
    """规定动作 completion for one unit over the phases reached.

    ``phases_passed`` and ``phases_failed`` sort the finished phases by whether the unit met all their
    requirements and exit rules; ``may_pass_current`` says whether it may pass the phase under way (转段)
    now: every phase so far passed, the current one included; None between phases.
    """

    unit: str
    met: int
    waived: int
    pending: int
    missing: int
    total: int
    phases_passed: tuple[str, ...]
    phases_failed: tuple[str, ...]
    may_pass_current: bool | None

    @property
    def completion(self) -> Fraction | None:
        """The share met or waived; None when nothing was required."""
        return Fraction(self.met + self.waived, self.total) if self.total else None


@attrs.frozen(kw_only=True)
class QuotedAchievement:
    """An achievement with the unit names a document quotes it under (市总工会动员职工8万余名)."""

    unit: str
    unit_short_name: str
    metric: str
    value: int
    text: str


@attrs.frozen(kw_only=True)
class Facts:
    """Every figure for one scope (campaign, group or unit) as of one day."""

    as_of: dt.date
    campaign: str
    group: GroupFacts | None
    unit: str | None
    units: tuple[Unit, ...]
    phases: PhaseFacts
    problems: ProblemFacts
    activities: ActivityFacts
    meetings: MeetingFacts
    documents: DocumentFacts
    requirements: tuple[RequirementFacts, ...]
    achievements: tuple[QuotedAchievement, ...]
    exemplars: tuple[Exemplar, ...]
    optional_actions: int
    brands: int

    def resolved_in_completed_phases(self) -> int:
        """Problems resolved within the phases already finished (the report's 在大动员、大学习阶段已解决*条)."""
        return self.problems.resolved_in(*self.phases.completed)

    def to_dict(self) -> dict[str, Any]:
        """Every figure as JSON-ready plain data (what ``supervisio facts --json`` prints).

        Dates are ISO strings, rates floats; fields left at their default are omitted, as in a campaign file.
        The derived figures a script would otherwise recompute are added: ``problems.rectification_rate_text``
        (``64.71%``) and ``resolved_in_completed_phases``.
        """
        data: dict[str, Any] = plain_data(self)
        data["problems"]["rectification_rate_text"] = self.problems.rate()
        data["resolved_in_completed_phases"] = self.resolved_in_completed_phases()
        return data


def _problem_facts(
    supervision: Supervision, units: frozenset[str] | None, as_of: dt.date
) -> ProblemFacts:
    """One pass over the ledger; the budget is 100,000 problems in well under a second."""
    campaign = supervision.campaign
    yellow = campaign.settings.yellow_days
    phases = [(phase.start, phase.end, phase.name) for phase in campaign.phases]

    def phase_of(day: dt.date) -> str | None:
        for start, end, name in phases:
            if start <= day <= end:
                return name
        return None

    by_term: Counter[str] = Counter()
    by_category: Counter[str] = Counter()
    by_unit: Counter[str] = Counter()
    by_phase_found: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    resolved_by_phase: Counter[str] = Counter()
    by_light: Counter[str] = Counter()
    total = resolved = on_spot = overdue = 0
    for problem in supervision.problems:
        if problem.found_on > as_of or (units is not None and problem.unit not in units):
            continue
        total += 1
        by_term[problem.term.value] += 1
        by_category[problem.category] += 1
        by_unit[problem.unit] += 1
        found_phase = phase_of(problem.found_on)
        if found_phase is not None:
            by_phase_found[found_phase] += 1
        status = ProblemStatus.REGISTERED
        resolved_at: dt.date | None = None
        for transition in problem.history:
            if transition.on > as_of:
                break
            status = transition.to
            resolved_at = transition.on if status.resolved else None
        by_status[status.value] += 1
        if resolved_at is not None:
            resolved += 1
            on_spot += status is ProblemStatus.CLOSED_ON_SPOT
            resolved_phase = phase_of(resolved_at)
            if resolved_phase is not None:
                resolved_by_phase[resolved_phase] += 1
            continue
        deadline = problem.deadline_on(as_of)
        left = None if deadline is None else (deadline - as_of).days
        if left is not None and left < 0:
            overdue += 1
            by_light[Light.RED.value] += 1
        elif left is not None and left <= yellow:
            by_light[Light.YELLOW.value] += 1
        else:
            by_light[Light.GREEN.value] += 1
    return ProblemFacts(
        total=total,
        by_term={term.value: by_term[term.value] for term in Term},
        by_category=dict(by_category),
        by_unit=dict(by_unit),
        by_phase_found=dict(by_phase_found),
        by_status=dict(by_status),
        resolved=resolved,
        resolved_by_phase=dict(resolved_by_phase),
        closed_on_spot=on_spot,
        open=total - resolved,
        overdue=overdue,
        by_light={light.value: by_light[light.value] for light in Light},
        rectification_rate=Fraction(resolved, total) if total else None,
    )


def _group_facts(group: SupervisionGroup) -> GroupFacts:
    return GroupFacts(
        number=group.number,
        numeral=chinese_numeral(group.number),
        title=group.title,
        unit_count=len(group.units),
        unit_names=group.unit_names,
        unit_short_names=tuple(unit.short_name or unit.name for unit in group.units),
        member_count=len(group.members),
    )


def _phase_facts(supervision: Supervision, as_of: dt.date) -> PhaseFacts:
    campaign = supervision.campaign
    current = campaign.phase_on(as_of)
    next_phase = campaign.next_phase(as_of)
    return PhaseFacts(
        current=current.name if current else None,
        completed=tuple(phase.name for phase in campaign.phases if phase.end < as_of),
        reached=tuple(phase.name for phase in campaign.phases_reached(as_of)),
        next=next_phase.name if next_phase else None,
    )


def _requirement_facts(unit: str, as_of: dt.date, memo: Reviews) -> RequirementFacts:
    reviews = memo.of_unit(unit)
    states = Counter(status.state for review in reviews for status in review.requirements)
    under_way = any(review.phase.contains(as_of) for review in reviews)
    finished = [review for review in reviews if review.phase.end < as_of]
    return RequirementFacts(
        unit=unit,
        met=states[RequirementState.MET],
        waived=states[RequirementState.WAIVED],
        pending=states[RequirementState.PENDING],
        missing=states[RequirementState.MISSING],
        total=sum(states.values()),
        phases_passed=tuple(r.phase.name for r in finished if r.may_pass),
        phases_failed=tuple(r.phase.name for r in finished if not r.may_pass),
        may_pass_current=all(review.may_pass for review in reviews) if under_way else None,
    )


def _quoted(achievement: Achievement, unit: Unit) -> QuotedAchievement:
    return QuotedAchievement(
        unit=unit.name,
        unit_short_name=unit.short_name or unit.name,
        metric=achievement.metric,
        value=achievement.value,
        text=achievement.text,
    )


def compute_facts(
    supervision: Supervision,
    as_of: dt.date,
    *,
    group: int | None = None,
    unit: str | None = None,
    reviews: Reviews | None = None,
) -> Facts:
    """The facts for the campaign, for ``group`` (its number) or for ``unit``, as of ``as_of``.

    ``unit`` may be the unit's full name, short name or an alias; the facts name it by its full name.
    ``reviews``, the same memo handed to :func:`~supervisio.domain.findings.review`, lets both run the
    rules once. Raises :class:`~supervisio.errors.UnknownRecord` for a group or unit the data does not have.
    """
    memo = Reviews.reuse(reviews, supervision, as_of)
    scope = Scope.of(supervision, group, unit)
    the_group, unit, units = scope.group, scope.unit, scope.unit_names
    in_units, in_group = scope.has_unit, scope.has_group

    activities = [a for a in _dated(as_of, supervision.activities) if in_units(a.unit)]
    meetings = [m for m in _dated(as_of, supervision.meetings) if in_group(m.group)]
    briefings = [b for b in _dated(as_of, supervision.briefings) if in_group(b.group)]
    own_briefings = [b for b in briefings if b.unit is None]
    unit_briefings = [b for b in briefings if b.unit is not None and in_units(b.unit)]
    prompts = [w for w in _dated(as_of, supervision.work_prompts) if in_group(w.group)]
    adoptions = [
        a
        for a in _dated(as_of, supervision.adoptions)
        if in_group(a.group)
        and a.adopter == supervision.campaign.office
        and (unit is None or a.unit == unit)
    ]
    notices = [n for n in _dated(as_of, supervision.notices) if in_group(n.group) and in_units(n.unit)]
    optional = [o for o in _dated(as_of, supervision.optional_actions) if in_units(o.unit)]
    missing = sum(len(memo.missing_meetings(g.number)) for g in scope.groups)
    scope_units = scope.units

    return Facts(
        as_of=as_of,
        campaign=supervision.campaign.name,
        group=_group_facts(the_group) if the_group else None,
        unit=unit,
        units=scope_units,
        phases=_phase_facts(supervision, as_of),
        problems=_problem_facts(supervision, units, as_of),
        activities=ActivityFacts(
            total=len(activities),
            by_method=_counts(a.method.value for a in activities),
            by_unit=_counts(a.unit for a in activities),
            person_times=sum(len(a.participants) for a in activities),
        ),
        meetings=MeetingFacts(
            held=len(meetings), by_kind=_counts(m.kind.value for m in meetings), missing=missing
        ),
        documents=DocumentFacts(
            briefings=sum(1 for b in own_briefings if not b.supplement),
            supplements=sum(1 for b in own_briefings if b.supplement),
            work_prompts=len(prompts),
            work_prompt_items=sum(len(w.items) for w in prompts),
            unit_briefings=len(unit_briefings),
            unit_briefings_by_unit=_counts(b.unit for b in unit_briefings if b.unit),
            adoptions=len(adoptions),
            notices_by_kind=_counts(n.kind.value for n in notices),
            opinion_units=tuple(
                dict.fromkeys(n.unit for n in notices if n.kind is NoticeKind.OPINION)
            ),
        ),
        requirements=tuple(_requirement_facts(u.name, as_of, memo) for u in scope_units),
        achievements=tuple(
            _quoted(a, supervision.unit(a.unit))
            for a in _dated(as_of, supervision.achievements)
            if in_units(a.unit)
        ),
        exemplars=tuple(e for e in _dated(as_of, supervision.exemplars) if in_units(e.unit)),
        optional_actions=len(optional),
        brands=sum(1 for o in optional if o.brand),
    )
