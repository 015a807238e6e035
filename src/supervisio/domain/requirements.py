"""Phase requirements and 转段: what each unit has done, had waived or still lacks in a phase.

For a unit and a phase, every 规定动作 is *met* (enough records with the right evidence by the day asked
about), *waived* (a recorded 豁免 with its reason), *pending* (not done, but its due date — or the phase's
end — has not passed) or *missing* (not done and past due); exit rules add conditions beyond the
规定动作 (every problem owned, short-term problems closed, an 自选动作 …). A unit may pass the phase when
nothing is missing and every exit rule holds. All of this is returned as values: a missing action is a
finding about the work, not an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from enum import Enum
from fractions import Fraction

import attrs

from supervisio.domain.campaign import ExitRule, Phase, Requirement
from supervisio.domain.records import Evidence, RequirementRecord, Waiver
from supervisio.domain.supervision import Supervision
from supervisio.domain.vocabulary import AppliesTo, Term

__all__ = [
    "EXIT_RULES",
    "ExitRuleResult",
    "PhaseReview",
    "RequirementState",
    "RequirementStatus",
    "review_phase",
    "review_unit",
]


class RequirementState(Enum):
    """Where a 规定动作 stands for one unit."""

    MET = "已完成"
    WAIVED = "已豁免"
    PENDING = "未到期"
    MISSING = "未完成"

    @property
    def done(self) -> bool:
        """Met or waived: the unit owes nothing more for this requirement."""
        return self in (RequirementState.MET, RequirementState.WAIVED)


@attrs.frozen(kw_only=True)
class RequirementStatus:
    """One 规定动作 for one unit: its state, the records counted against ``needed``, and their evidence.

    For a requirement on each leader (班子成员), ``count`` and ``needed`` count leaders, and
    ``missing_leaders`` names those who have not done it.
    """

    unit: str
    phase: str
    requirement: Requirement
    state: RequirementState
    count: int
    needed: int
    evidence: tuple[Evidence, ...] = ()
    waiver: Waiver | None = None
    missing_leaders: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class ExitRuleResult:
    """Whether a unit meets one exit rule of a phase, with the reason when it does not."""

    rule: ExitRule
    passed: bool
    detail: str = ""


@attrs.frozen(kw_only=True)
class PhaseReview:
    """转段审查: the requirements and exit rules of one phase for one unit, as of a day."""

    unit: str
    phase: Phase
    as_of: dt.date
    requirements: tuple[RequirementStatus, ...]
    exit_rules: tuple[ExitRuleResult, ...]

    @property
    def missing(self) -> tuple[RequirementStatus, ...]:
        """The requirements not done and past due."""
        return tuple(r for r in self.requirements if r.state is RequirementState.MISSING)

    @property
    def outstanding(self) -> tuple[RequirementStatus, ...]:
        """The requirements not done yet, due or not."""
        return tuple(r for r in self.requirements if not r.state.done)

    @property
    def failed_rules(self) -> tuple[ExitRuleResult, ...]:
        """The exit rules not met."""
        return tuple(r for r in self.exit_rules if not r.passed)

    @property
    def may_pass(self) -> bool:
        """Whether the unit may pass the phase (转段): every requirement done, every exit rule met."""
        return not self.outstanding and not self.failed_rules

    @property
    def completion(self) -> Fraction | None:
        """The share of requirements met or waived; None for a phase without requirements."""
        if not self.requirements:
            return None
        done = sum(1 for r in self.requirements if r.state.done)
        return Fraction(done, len(self.requirements))


def _counts(record: RequirementRecord, requirement: Requirement, as_of: dt.date) -> bool:
    if record.on > as_of:
        return False
    if not requirement.evidence_kinds:
        return True
    return any(item.kind in requirement.evidence_kinds for item in record.evidence)


def _status(
    supervision: Supervision,
    unit: str,
    phase: Phase,
    requirement: Requirement,
    records: list[RequirementRecord],
    waiver: Waiver | None,
    as_of: dt.date,
) -> RequirementStatus:
    counted = [record for record in records if _counts(record, requirement, as_of)]
    evidence = tuple(item for record in counted for item in record.evidence)
    missing_leaders: tuple[str, ...] = ()
    if requirement.applies_to is AppliesTo.EACH_LEADER:
        leaders = supervision.unit(unit).leaders
        done = {name: 0 for name in leaders}
        for record in counted:
            if record.leader in done:
                done[record.leader] += 1
        missing_leaders = tuple(name for name in leaders if done[name] < requirement.min_count)
        count, needed = len(leaders) - len(missing_leaders), len(leaders)
    else:
        count, needed = len(counted), requirement.min_count
    if count >= needed:
        state = RequirementState.MET
    elif waiver is not None and waiver.on <= as_of:
        state = RequirementState.WAIVED
    elif as_of <= (requirement.due or phase.end):
        state = RequirementState.PENDING
    else:
        state = RequirementState.MISSING
    return RequirementStatus(
        unit=unit,
        phase=phase.key,
        requirement=requirement,
        state=state,
        count=count,
        needed=needed,
        evidence=evidence,
        waiver=waiver if state is RequirementState.WAIVED else None,
        missing_leaders=missing_leaders if not state.done else (),
    )


@attrs.frozen(kw_only=True)
class ExitRuleContext:
    """What an exit rule looks at: the data, the unit, the phase, the rule and the day."""

    supervision: Supervision
    unit: str
    phase: Phase
    rule: ExitRule
    as_of: dt.date


def _problems_assigned(context: ExitRuleContext) -> ExitRuleResult:
    """Every problem found by then has a 责任领导, a 责任人, measures and a deadline."""
    lacking = [
        problem.number
        for problem in context.supervision.problems_of(context.unit)
        if problem.found_on <= context.as_of
        and not (problem.lead_owner and problem.owner and problem.measures and problem.deadline)
    ]
    detail = f"问题{'、'.join(lacking)}未明确责任人、整改措施或时限" if lacking else ""
    return ExitRuleResult(rule=context.rule, passed=not lacking, detail=detail)


def _short_term_resolved(context: ExitRuleContext) -> ExitRuleResult:
    """Every short-term problem found by then is resolved."""
    open_short = [
        problem.number
        for problem in context.supervision.problems_of(context.unit)
        if problem.term is Term.SHORT
        and problem.found_on <= context.as_of
        and problem.resolved_on(context.as_of) is None
    ]
    detail = f"短期问题{'、'.join(open_short)}尚未销号" if open_short else ""
    return ExitRuleResult(rule=context.rule, passed=not open_short, detail=detail)


def _optional_actions(context: ExitRuleContext) -> ExitRuleResult:
    """At least ``count`` 自选动作 recorded in the phase."""
    done = sum(
        1
        for action in context.supervision.optional_actions
        if action.unit == context.unit
        and action.phase == context.phase.key
        and action.on <= context.as_of
    )
    passed = done >= context.rule.count
    detail = "" if passed else f"自选动作{done}项，少于{context.rule.count}项"
    return ExitRuleResult(rule=context.rule, passed=passed, detail=detail)


EXIT_RULES: Mapping[str, Callable[[ExitRuleContext], ExitRuleResult]] = {
    "problems_assigned": _problems_assigned,
    "short_term_resolved": _short_term_resolved,
    "optional_actions": _optional_actions,
}
"""The exit rules a campaign file may name, by the name it uses."""


def review_phase(supervision: Supervision, unit: str, phase: Phase, as_of: dt.date) -> PhaseReview:
    """The 转段 review of ``unit`` for ``phase`` as of ``as_of``."""
    records: dict[str, list[RequirementRecord]] = {}
    for record in supervision.requirement_records:
        if record.unit == unit:
            records.setdefault(record.requirement, []).append(record)
    waivers = {w.requirement: w for w in supervision.waivers if w.unit == unit}
    statuses = tuple(
        _status(
            supervision,
            unit,
            phase,
            requirement,
            records.get(requirement.code, []),
            waivers.get(requirement.code),
            as_of,
        )
        for requirement in phase.requirements
    )
    results = tuple(
        EXIT_RULES[rule.rule](
            ExitRuleContext(supervision=supervision, unit=unit, phase=phase, rule=rule, as_of=as_of)
        )
        for rule in phase.exit_rules
    )
    return PhaseReview(
        unit=unit, phase=phase, as_of=as_of, requirements=statuses, exit_rules=results
    )


def review_unit(supervision: Supervision, unit: str, as_of: dt.date) -> tuple[PhaseReview, ...]:
    """The reviews of every phase reached by ``as_of`` (finished or under way) for ``unit``."""
    return tuple(
        review_phase(supervision, unit, phase, as_of)
        for phase in supervision.campaign.phases_reached(as_of)
    )
