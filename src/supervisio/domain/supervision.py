"""The whole of a campaign's supervision as one value: its definition, its groups and every record they keep.

This is what a campaign file holds and what rules and facts read. It is immutable: a change makes a new
value (:meth:`Supervision.add`, :meth:`Supervision.replace`, ``attrs.evolve``), which is what lets any
document be regenerated as of any date. Lookups (:meth:`Supervision.problem`, :meth:`Supervision.unit`,
:meth:`Supervision.group`) raise :class:`~supervisio.errors.UnknownRecord`, whose message lists what exists.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from functools import cache, cached_property
from typing import Any, TypeAlias

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
from supervisio.errors import NotARecord, UnknownRecord

__all__ = ["Record", "Supervision"]

Record: TypeAlias = (
    SupervisionGroup
    | Activity
    | Problem
    | Meeting
    | Notice
    | Briefing
    | WorkPrompt
    | Adoption
    | Achievement
    | Exemplar
    | RequirementRecord
    | Waiver
    | OptionalAction
)
"""Any value :meth:`Supervision.add` takes: a group or a record of one of its tuples.

For type checkers only: at run time the type → field mapping is read from :class:`Supervision`'s fields.
"""


@attrs.frozen(kw_only=True)
class Supervision:
    """督导工作: a campaign, its supervision groups and all their records.

    Records refer to units by their full name and to groups by number; :meth:`group` and :meth:`unit`
    resolve them (the integrity checks guarantee, when a file is loaded or validated, that every reference
    resolves). :meth:`unit` also takes a unit's short name or an alias, for people and the command line.
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
        found: dict[str, tuple[SupervisionGroup, Unit]] = {}
        for group in self.groups:
            for unit in group.units:
                found.setdefault(unit.name, (group, unit))
        return found

    @cached_property
    def _other_names(self) -> dict[str, list[tuple[SupervisionGroup, Unit]]]:
        """Short names and aliases, each with every unit that uses it (two units: ambiguous)."""
        found: dict[str, list[tuple[SupervisionGroup, Unit]]] = {}
        for group, unit in self._units.values():
            for other in dict.fromkeys((unit.short_name, *unit.aliases)):
                if other is not None and other != unit.name:
                    found.setdefault(other, []).append((group, unit))
        return found

    @cached_property
    def _problems_by_number(self) -> dict[str, Problem]:
        found: dict[str, Problem] = {}
        for problem in self.problems:
            found.setdefault(problem.number, problem)
        return found

    @cached_property
    def _problems_by_unit(self) -> dict[str, tuple[Problem, ...]]:
        grouped: dict[str, list[Problem]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.unit, []).append(problem)
        return {unit: tuple(problems) for unit, problems in grouped.items()}

    def problems_of(self, unit: str) -> tuple[Problem, ...]:
        """The problems found at the unit called ``unit`` (its full name), in ledger order."""
        return self._problems_by_unit.get(unit, ())

    def problem(self, number: str) -> Problem:
        """The problem with ``number`` (问题编号); UnknownRecord when there is none."""
        found = self._problems_by_number.get(number)
        if found is None:
            raise UnknownRecord("problem", number, tuple(self._problems_by_number))
        return found

    def group(self, number: int) -> SupervisionGroup:
        """The group with ``number``; UnknownRecord when there is none."""
        for group in self.groups:
            if group.number == number:
                return group
        raise UnknownRecord("group", number, [str(g.number) for g in self.groups])

    def covers(self, unit: str) -> bool:
        """Whether some group covers the unit whose full name is ``unit`` (what records must use)."""
        return unit in self._units

    def _resolve(self, name: str) -> tuple[SupervisionGroup, Unit]:
        found = self._units.get(name)
        if found is not None:
            return found
        others = self._other_names.get(name, [])
        if len(others) == 1:
            return others[0]
        if others:
            raise UnknownRecord("unit", name, matches=[unit.name for _, unit in others])
        listed = [
            unit.name + (f"（{unit.short_name}）" if unit.short_name else "")
            for _, unit in self._units.values()
        ]
        raise UnknownRecord("unit", name, listed, names=[*self._units, *self._other_names])

    def unit(self, name: str) -> Unit:
        """The unit called ``name``: its full name, its short name or an alias.

        UnknownRecord when no group covers such a unit, or when a short name or alias names two units.
        """
        return self._resolve(name)[1]

    def group_of(self, unit: str) -> SupervisionGroup:
        """The group that covers ``unit`` (any name :meth:`unit` takes); UnknownRecord when none does."""
        return self._resolve(unit)[0]

    def add(self, *records: Record) -> Supervision:
        """A new supervision with each record appended to the tuple of its type, in the order given.

        A problem goes to ``problems``, a meeting to ``meetings``, a group to ``groups`` …; a value of any
        other type raises :class:`~supervisio.errors.NotARecord`. Nothing is checked against the other
        records: :func:`supervisio.validate` does that for the whole value.
        """
        added: dict[str, list[Record]] = {}
        for record in records:
            added.setdefault(_field_for(record), []).append(record)
        changes: dict[str, Any] = {name: (*getattr(self, name), *new) for name, new in added.items()}
        return attrs.evolve(self, **changes)

    def replace(self, old: Record, new: Record) -> Supervision:
        """A new supervision with the first record equal to ``old`` replaced by ``new``, in its place.

        ``new`` must be of the same kind as ``old``; UnknownRecord when no record equals ``old``.
        """
        name = _field_for(old)
        if _field_for(new) != name:
            raise NotARecord(
                f"cannot replace a {type(old).__name__} with a {type(new).__name__}: "
                f"{name} holds {type(old).__name__} records"
            )
        held: tuple[Record, ...] = getattr(self, name)
        for index, record in enumerate(held):
            if record == old:
                change: dict[str, Any] = {name: (*held[:index], new, *held[index + 1 :])}
                return attrs.evolve(self, **change)
        raise UnknownRecord(
            type(old).__name__,
            _label(old),
            reason=f"no {type(old).__name__} in {name} equals the one to replace ({_label(old)})",
        )


@cache
def _fields_by_type() -> Mapping[type, str]:
    """Each record type and the tuple field of Supervision that holds it, read from the class's own
    annotations (never a hand-kept table), so a record type added to the model can be added the same day.
    """
    hints = typing.get_type_hints(Supervision)
    found: dict[type, str] = {}
    for field in attrs.fields(Supervision):
        hint = hints[field.name]
        args = typing.get_args(hint)
        if typing.get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis:
            found[args[0]] = field.name
    return found


def _field_for(record: object) -> str:
    """The field of Supervision holding records of ``record``'s type (or of the nearest base class)."""
    fields = _fields_by_type()
    for cls in type(record).__mro__:
        if cls in fields:
            return fields[cls]
    kinds = "、".join(cls.__name__ for cls in fields)
    raise NotARecord(f"a Supervision holds no {type(record).__name__}; it holds {kinds}")


def _label(record: object) -> str:
    """How a message names a record: its number, id or name when it has one."""
    for attribute in ("number", "id", "name", "title"):
        value = getattr(record, attribute, None)
        if value is not None:
            return str(value)
    return type(record).__name__
