"""The campaign definition (活动方案): its phases, their compulsory actions and exit rules, and its settings.

Records (problems, activities, briefings …) live in :mod:`supervisio.domain.records` and
:mod:`supervisio.domain.problems`; this module holds only what the 领导小组 decides before the work starts.
"""

from __future__ import annotations

import datetime as dt

import attrs

from supervisio.document_settings import DocumentSettings
from supervisio.domain.vocabulary import AppliesTo, MeetingKind
from supervisio.errors import UnknownRecord

__all__ = [
    "Campaign",
    "DocumentSettings",
    "ExitRule",
    "MeetingRule",
    "Phase",
    "Requirement",
    "Settings",
]


@attrs.frozen(kw_only=True)
class Requirement:
    """规定动作: a compulsory action of a phase, e.g. 中心组专题学习 at least three times.

    ``applies_to`` says who must do it: the unit once (单位), its leadership as a body (领导班子), or every
    leader in person (班子成员, counted per leader). A record counts only when it carries evidence of one of
    ``evidence_kinds`` (any evidence when the tuple is empty). The phase is the one the requirement is
    declared in.
    """

    code: str
    name: str
    applies_to: AppliesTo = AppliesTo.UNIT
    min_count: int = 1
    evidence_kinds: tuple[str, ...] = ()
    due: dt.date | None = None


@attrs.frozen(kw_only=True)
class ExitRule:
    """A condition beyond the 规定动作 that a unit must meet to pass the phase (转段), e.g. every problem owned.

    ``rule`` names a rule known to :mod:`supervisio.domain.requirements`; ``count`` is its threshold where it
    takes one.
    """

    rule: str
    count: int = 1
    description: str | None = None


@attrs.frozen(kw_only=True)
class Phase:
    """活动阶段 (大动员, 大学习, 大调研 …): a dated window with its 规定动作 and exit rules."""

    key: str
    name: str
    start: dt.date
    end: dt.date
    requirements: tuple[Requirement, ...] = ()
    exit_rules: tuple[ExitRule, ...] = ()

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls inside the phase window, both ends included."""
        return self.start <= day <= self.end


@attrs.frozen(kw_only=True)
class MeetingRule:
    """One meeting of the weekly mechanism and the ISO weekdays (1 = Monday) it may be held on."""

    kind: MeetingKind
    weekdays: tuple[int, ...]


def _default_meeting_rules() -> tuple[MeetingRule, ...]:
    return (
        MeetingRule(kind=MeetingKind.MONDAY, weekdays=(1,)),
        MeetingRule(kind=MeetingKind.MIDWEEK, weekdays=(2, 3, 4)),
        MeetingRule(kind=MeetingKind.WEEKEND, weekdays=(5, 6, 7)),
    )


@attrs.frozen(kw_only=True)
class Settings:
    """Local rules that differ between campaigns: the yellow-light window, the weekly mechanism, documents.

    ``problem_numbers`` is the scheme of 问题编号 given to a problem that arrives without one (a new row of an
    imported ledger): a format with ``{group}``, ``{year}`` and ``{serial}``, the serial counted on from the
    largest one the group already uses. ``categories`` is the campaign's list of 问题类型 (难点, 痛点, 堵点 …):
    when given, every problem must use one of them; when empty, the types the problems use are the list.
    """

    yellow_days: int = 3
    problem_numbers: str = "DD{group:02d}-{serial:03d}"
    categories: tuple[str, ...] = ()
    weekly_meetings: tuple[MeetingRule, ...] = attrs.field(factory=_default_meeting_rules)
    documents: DocumentSettings = attrs.field(factory=DocumentSettings)


@attrs.frozen(kw_only=True)
class Campaign:
    """活动: e.g. the 市委 "作风能力提升年", run by a 领导小组 through its 办公室, in ordered phases."""

    name: str
    year: int
    organiser: str
    leading_group: str
    office: str
    start: dt.date
    end: dt.date
    phases: tuple[Phase, ...] = ()
    settings: Settings = attrs.field(factory=Settings)

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls inside the campaign, both ends included."""
        return self.start <= day <= self.end

    def phase(self, key: str) -> Phase:
        """The phase named by its key (``study``) or its name (``大学习``); :class:`UnknownRecord` (a
        LookupError) listing the phases when there is none."""
        for phase in self.phases:
            if key in (phase.key, phase.name):
                return phase
        raise UnknownRecord("phase", key, [phase.key for phase in self.phases])

    def phase_on(self, day: dt.date) -> Phase | None:
        """The phase whose window holds ``day``, or None between phases and outside the campaign."""
        for phase in self.phases:
            if phase.contains(day):
                return phase
        return None

    def phases_reached(self, day: dt.date) -> tuple[Phase, ...]:
        """The phases finished or under way on ``day``, in order (the report's 大动员、大学习、大调研)."""
        return tuple(phase for phase in self.phases if phase.start <= day)

    def next_phase(self, day: dt.date) -> Phase | None:
        """The first phase that starts after ``day``."""
        return next((phase for phase in self.phases if phase.start > day), None)

    def requirement(self, code: str) -> tuple[Phase, Requirement]:
        """The requirement with ``code`` and the phase that declares it; :class:`UnknownRecord` (a
        LookupError) listing the codes when there is none."""
        for phase in self.phases:
            for requirement in phase.requirements:
                if requirement.code == code:
                    return phase, requirement
        raise UnknownRecord("requirement", code,
                            [r.code for phase in self.phases for r in phase.requirements])
