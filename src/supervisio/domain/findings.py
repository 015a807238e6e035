"""Rule findings: what a group should act on as of a day, gathered from every rule, as values.

``review(supervision, as_of)`` answers the weekly question "what does each unit still lack?": 规定动作 past due
and not done, 转段 conditions not met, problems overdue or about to be (红灯, 黄灯), notices not replied to
in time, and meetings of the weekly mechanism not held. ``supervisio check`` prints these.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

import attrs

from supervisio.domain.deadlines import light
from supervisio.domain.mechanism import MissingMeeting
from supervisio.domain.reviews import Reviews
from supervisio.domain.supervision import Supervision
from supervisio.domain.vocabulary import Light, NoticeStatus

__all__ = ["Finding", "FindingKind", "review"]


class FindingKind(Enum):
    """What a finding is about."""

    REQUIREMENT_MISSING = "规定动作未完成"
    EXIT_RULE_FAILED = "转段条件未满足"
    PROBLEM_OVERDUE = "问题超期"
    PROBLEM_DUE_SOON = "问题临期"
    NOTICE_OVERDUE = "逾期未回复"
    MEETING_MISSING = "例会缺失"


@attrs.frozen(kw_only=True)
class Finding:
    """One thing to act on: its kind, the group and unit (None for the group itself), and what it says.

    It also says what it is about, as data: the ``phase`` (its key) and ``requirement`` code of a 规定动作,
    the phase and ``rule`` of a 转段 condition, the ``problem`` number, the ``notice`` number, the
    ``meeting`` not held. :attr:`subject` gathers them, so that the findings of two days can be matched
    (which are new, which were settled) although their messages change (超期3天 → 超期10天).
    """

    kind: FindingKind
    group: int
    unit: str | None
    message: str
    meeting: MissingMeeting | None = None
    phase: str | None = None
    requirement: str | None = None
    rule: str | None = None
    problem: str | None = None
    notice: str | None = None

    @property
    def subject(self) -> tuple[object, ...]:
        """What the finding is about, the same on every day it holds: kind, group, unit and the record."""
        return (self.kind, self.group, self.unit, self.phase, self.requirement, self.rule, self.problem,
                self.notice, self.meeting)

    @property
    def about_requirements(self) -> bool:
        """Whether the finding is about the campaign's 规定动作 or a 转段 condition (not a problem,
        a notice or a meeting): the part of a 督导意见 that says what the unit has not done."""
        return self.kind in (FindingKind.REQUIREMENT_MISSING, FindingKind.EXIT_RULE_FAILED)


def _unit_findings(
    supervision: Supervision, group: int, unit: str, as_of: dt.date, memo: Reviews
) -> list[Finding]:
    found: list[Finding] = []

    def add(kind: FindingKind, message: str, *, phase: str | None = None, requirement: str | None = None,
            rule: str | None = None, problem: str | None = None, notice: str | None = None) -> None:
        found.append(Finding(kind=kind, group=group, unit=unit, message=message, phase=phase,
                             requirement=requirement, rule=rule, problem=problem, notice=notice))

    for phase_review in memo.of_unit(unit):
        for status in phase_review.missing:
            requirement = status.requirement
            message = f"{phase_review.phase.name}：{requirement.code} {requirement.name}，完成{status.count}/{status.needed}"
            if status.missing_leaders:
                message += f"（未完成：{'、'.join(status.missing_leaders)}）"
            add(FindingKind.REQUIREMENT_MISSING, message, phase=phase_review.phase.key,
                requirement=requirement.code)
        if phase_review.phase.end < as_of:
            for result in phase_review.failed_rules:
                add(FindingKind.EXIT_RULE_FAILED, f"{phase_review.phase.name}：{result.detail}",
                    phase=phase_review.phase.key, rule=result.rule.rule)
    yellow = supervision.campaign.settings.yellow_days
    for problem in supervision.problems_of(unit):
        state = light(problem, as_of, yellow)
        deadline = problem.deadline_on(as_of)
        if state is Light.RED and deadline is not None:
            late = (as_of - deadline).days
            add(FindingKind.PROBLEM_OVERDUE,
                f"{problem.number} 超期{late}天（时限{deadline.isoformat()}）：{problem.description}",
                problem=problem.number)
        elif state is Light.YELLOW and deadline is not None:
            add(FindingKind.PROBLEM_DUE_SOON,
                f"{problem.number} 将于{deadline.isoformat()}到期：{problem.description}",
                problem=problem.number)
    for notice in supervision.notices:
        if notice.unit == unit and notice.group == group and notice.status_on(as_of) is NoticeStatus.OVERDUE:
            due = notice.reply_due.isoformat() if notice.reply_due else ""
            add(FindingKind.NOTICE_OVERDUE, f"{notice.kind.value}{notice.number}《{notice.title}》应于{due}前回复",
                notice=notice.number)
    return found


def review(
    supervision: Supervision, as_of: dt.date, group: int | None = None, *, reviews: Reviews | None = None
) -> tuple[Finding, ...]:
    """Every finding as of ``as_of`` for one group (by number) or all of them, unit by unit.

    ``reviews``, the same memo handed to :func:`~supervisio.domain.facts.compute_facts`, lets both run
    the rules once.
    """
    memo = Reviews.reuse(reviews, supervision, as_of)
    groups = (supervision.group(group),) if group is not None else supervision.groups
    found: list[Finding] = []
    for g in groups:
        for unit in g.units:
            found.extend(_unit_findings(supervision, g.number, unit.name, as_of, memo))
        for meeting in memo.missing_meetings(g.number):
            found.append(
                Finding(
                    kind=FindingKind.MEETING_MISSING,
                    group=g.number,
                    unit=None,
                    message=f"{meeting.week_of.isoformat()}当周未召开{meeting.kind.value}",
                    meeting=meeting,
                )
            )
    return tuple(found)
