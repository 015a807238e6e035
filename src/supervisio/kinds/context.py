"""What every template sees, as typed values: the group, its facts and findings as of the day, the unit.

Templates read facts; they never count for themselves. A kind's context is an attrs class: Python code
(a kind, a test, a plugin) reads typed attributes and a type checker follows them, while the template
reads the same names as variables, because every context is also a read-only mapping of its fields.
Each kind adds its own fields to :class:`SharedContext` by subclassing it.

:func:`shared_context` is public (``supervisio.kinds.shared_context``) so that a plugin's kind starts from
the very same variables as the built-in ones, and a template written for one reads the same names in the
other.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from supervisio.domain.campaign import Campaign
from supervisio.domain.facts import Facts
from supervisio.domain.findings import Finding
from supervisio.domain.organisation import SupervisionGroup, Unit
from supervisio.domain.supervision import Supervision
from supervisio.kinds.kind import KindRequest

__all__ = ["SharedContext", "TemplateContext", "shared_context"]


@functools.cache
def _names(cls: type[TemplateContext]) -> tuple[str, ...]:
    return tuple(field.name for field in attrs.fields(cls))


@attrs.frozen(kw_only=True)
class TemplateContext(Mapping[str, Any]):
    """A template's variables as a typed value: its fields are the variables, in declaration order.

    Being a mapping, it goes to the template as it is, and a kind may still extend one as a dict
    (``{**shared_context(request), "members": ...}``); subclassing keeps the types.
    """

    def __getitem__(self, name: str) -> Any:
        if name in _names(type(self)):
            return getattr(self, name)
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(_names(type(self)))

    def __len__(self) -> int:
        return len(_names(type(self)))


@attrs.frozen(kw_only=True)
class SharedContext(TemplateContext):
    """The variables common to every kind (docs/templates.md, "The variables").

    ``findings`` are the group's, or only the unit's for a per-unit kind; ``unit`` and ``unit_facts`` are
    None unless the kind is asked for one unit.
    """

    supervision: Supervision
    campaign: Campaign
    group: SupervisionGroup
    as_of: dt.date
    facts: Facts
    findings: tuple[Finding, ...]
    unit: Unit | None
    unit_facts: Facts | None


def shared_context(request: KindRequest) -> SharedContext:
    """The variables common to every kind, from the request's facts and findings (computed once).

    A plugin's kind builds on it as the built-in kinds do, by subclassing::

        @attrs.frozen(kw_only=True)
        class RosterContext(SharedContext):
            leaders: tuple[Member, ...]

        def roster_context(request: KindRequest) -> RosterContext:
            shared = shared_context(request)
            return RosterContext(**shared, leaders=shared.group.leadership)
    """
    return SharedContext(
        supervision=request.supervision,
        campaign=request.supervision.campaign,
        group=request.group_record,
        as_of=request.as_of,
        facts=request.facts,
        findings=request.findings,
        unit=request.unit_record,
        unit_facts=request.unit_facts,
    )
