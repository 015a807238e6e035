"""The supervision model in one import: every record class and vocabulary a script builds values from.

The classes live in :mod:`supervisio.domain`, one module per part (the campaign, the organisation, the
problem ledger, the other records, the whole); a script that builds or edits a campaign in Python needs
them all and should not have to know that layout::

    from supervisio.model import Problem, ProblemStatus, Supervision, Term

Every name here is a frozen attrs class or an enum whose values are the Chinese terms a campaign file
uses. ``__all__`` is written out by hand (no computed list) so that type checkers see each name; a test
checks that it covers every class of the model modules.
"""

from __future__ import annotations

from supervisio.domain.campaign import (
    Campaign,
    DocumentSettings,
    ExitRule,
    MeetingRule,
    Phase,
    Requirement,
    Settings,
)
from supervisio.domain.organisation import Member, SupervisionGroup, Unit
from supervisio.domain.problems import Extension, Problem, ProgressEntry, Transition
from supervisio.domain.records import (
    Achievement,
    Activity,
    Adoption,
    Briefing,
    Evidence,
    Exemplar,
    Figure,
    Meeting,
    Notice,
    OptionalAction,
    RequirementRecord,
    Waiver,
    WorkPrompt,
)
from supervisio.domain.supervision import Record, Supervision
from supervisio.domain.vocabulary import (
    ActivityMethod,
    AppliesTo,
    EscalationTier,
    Light,
    MeetingKind,
    MemberRole,
    NoticeKind,
    NoticeStatus,
    ProblemStatus,
    Term,
)
from supervisio.numerals import ApproxStyle, Scale

__all__ = [
    # the campaign (活动方案)
    "Campaign",
    "DocumentSettings",
    "ExitRule",
    "MeetingRule",
    "Phase",
    "Requirement",
    "Settings",
    # who supervises whom
    "Member",
    "SupervisionGroup",
    "Unit",
    # the problem ledger (问题台账)
    "Extension",
    "Problem",
    "ProgressEntry",
    "Transition",
    # the other records
    "Achievement",
    "Activity",
    "Adoption",
    "Briefing",
    "Evidence",
    "Exemplar",
    "Figure",
    "Meeting",
    "Notice",
    "OptionalAction",
    "RequirementRecord",
    "Waiver",
    "WorkPrompt",
    # the whole
    "Record",
    "Supervision",
    # the vocabularies
    "ActivityMethod",
    "AppliesTo",
    "EscalationTier",
    "Light",
    "MeetingKind",
    "MemberRole",
    "NoticeKind",
    "NoticeStatus",
    "ProblemStatus",
    "Term",
    # how a figure is quoted (Figure.approx, Figure.scale)
    "ApproxStyle",
    "Scale",
]
