"""The whole of a campaign's supervision as one value: its definition, its groups and every record they keep.

This is what a campaign file holds and what rules and facts read. It is immutable: a change makes a new
value (``attrs.evolve``), which is what lets any document be regenerated as of any date.
"""

from __future__ import annotations

from functools import cached_property

import attrs

from supervisio.domain.campaign import Campaign
from supervisio.domain.organisation import SupervisionGroup, Unit
from supervisio.domain.problems import Problem
from supervisio.domain.records import (
    Achievement,
    Activity,
    Adoption,
    Briefing,
    Exemplar,
    Meeting,
    Notice,
    OptionalAction,
    RequirementRecord,
    Waiver,
    WorkPrompt,
)

__all__ = ["Supervision"]


@attrs.frozen(kw_only=True)
class Supervision:
    """督导工作: a campaign, its supervision groups and all their records.

    Records refer to units by name and to groups by number; :meth:`group` and :meth:`unit` resolve them
    (the storage layer guarantees, when it loads a file, that every reference resolves).
    """

    campaign: Campaign
    groups: tuple[SupervisionGroup, ...] = ()
    activities: tuple[Activity, ...] = ()
    problems: tuple[Problem, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    notices: tuple[Notice, ...] = ()
    briefings: tuple[Briefing, ...] = ()
    work_prompts: tuple[WorkPrompt, ...] = ()
    adoptions: tuple[Adoption, ...] = ()
    achievements: tuple[Achievement, ...] = ()
    exemplars: tuple[Exemplar, ...] = ()
    requirement_records: tuple[RequirementRecord, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    optional_actions: tuple[OptionalAction, ...] = ()

    @cached_property
    def _units(self) -> dict[str, tuple[SupervisionGroup, Unit]]:
        return {unit.name: (group, unit) for group in self.groups for unit in group.units}

    @cached_property
    def _problems_by_unit(self) -> dict[str, tuple[Problem, ...]]:
        grouped: dict[str, list[Problem]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.unit, []).append(problem)
        return {unit: tuple(problems) for unit, problems in grouped.items()}

    def problems_of(self, unit: str) -> tuple[Problem, ...]:
        """The problems found at the unit called ``unit``, in ledger order."""
        return self._problems_by_unit.get(unit, ())

    def group(self, number: int) -> SupervisionGroup:
        """The group with ``number``; KeyError when there is none."""
        for group in self.groups:
            if group.number == number:
                return group
        raise KeyError(number)

    def covers(self, unit: str) -> bool:
        """Whether some group covers the unit called ``unit``."""
        return unit in self._units

    def unit(self, name: str) -> Unit:
        """The unit called ``name``; KeyError when no group covers it."""
        return self._units[name][1]

    def group_of(self, unit: str) -> SupervisionGroup:
        """The group that covers the unit called ``unit``; KeyError when none does."""
        return self._units[unit][0]
