"""What a figure speaks for: the whole campaign, one group, or one unit.

Facts and changes both count records "of the scope": a record of a unit counts when the unit is in scope,
a record of a group when the group is. One value says which, so the two never disagree on it.
"""

from __future__ import annotations

import attrs

from supervisio.domain.organisation import SupervisionGroup, Unit
from supervisio.domain.supervision import Supervision

__all__ = ["Scope"]


@attrs.frozen(kw_only=True)
class Scope:
    """The groups and units a figure covers; ``group`` and ``unit`` are None for the whole campaign.

    Build it with :meth:`of`, which resolves a unit's short name or alias to its full name and raises
    :class:`~supervisio.errors.UnknownRecord` for a group or unit the data does not have.
    """

    groups: tuple[SupervisionGroup, ...]
    units: tuple[Unit, ...]
    group: SupervisionGroup | None = None
    unit: str | None = None
    _unit_names: frozenset[str] | None = None

    @classmethod
    def of(cls, supervision: Supervision, group: int | None = None, unit: str | None = None) -> Scope:
        """The scope of ``unit`` (its group with it), else of ``group``, else of the whole campaign."""
        if unit is not None:
            the_group = supervision.group_of(unit)
            the_unit = supervision.unit(unit)
            return cls(groups=(the_group,), units=(the_unit,), group=the_group, unit=the_unit.name,
                       unit_names=frozenset((the_unit.name,)))
        if group is not None:
            the_group = supervision.group(group)
            return cls(groups=(the_group,), units=the_group.units, group=the_group,
                       unit_names=frozenset(the_group.unit_names))
        return cls(groups=supervision.groups, units=tuple(u for g in supervision.groups for u in g.units))

    @property
    def unit_names(self) -> frozenset[str] | None:
        """The full names of the units in scope; None for the whole campaign (every unit)."""
        return self._unit_names

    def has_unit(self, name: str | None) -> bool:
        """Whether a record of unit ``name`` counts (a record of no unit counts for the campaign only)."""
        return self._unit_names is None or name in self._unit_names

    def has_group(self, number: int) -> bool:
        """Whether a record of group ``number`` counts."""
        return self.group is None or number == self.group.number
