"""What a document kind is, and what a document is asked for: the two values a kind plugin works with.

They live with the kinds, not with the plugin machinery that registers them: a kind is a piece of the
document pipeline (a template and the context it receives), and the registry only keeps them by name.
``supervisio.plugins`` re-exports both for plugin authors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from supervisio.doctree.nodes import Block
    from supervisio.domain.facts import Facts
    from supervisio.domain.findings import Finding
    from supervisio.domain.organisation import SupervisionGroup, Unit
    from supervisio.domain.reviews import Reviews
    from supervisio.domain.supervision import Supervision

__all__ = ["DocumentKind", "KindRequest"]


@attrs.frozen(kw_only=True)
class KindRequest:
    """What a document is asked for: the data, the day, the group and, for per-unit kinds, the unit.

    It also answers, once, what every part of the document reads: the group's facts and findings as of
    the day and the unit's facts. The template's context and the tables of its slots are built from the
    same request, so the rules and counts run once per document, whichever part asks first (a request
    asked about another day — a notice regenerated as of its own date — is a new request and counts
    anew). The answers are not fields: two requests for the same things are equal.
    """

    supervision: Supervision
    as_of: dt.date
    group: int
    unit: str | None = None

    @cached_property
    def reviews(self) -> Reviews:
        """The rule reviews of the day, shared by :attr:`facts`, :attr:`findings` and :attr:`unit_facts`."""
        from supervisio.domain.reviews import Reviews

        return Reviews(self.supervision, self.as_of)

    @cached_property
    def group_record(self) -> SupervisionGroup:
        """The group asked for (:class:`UnknownRecord` when the data has no such group)."""
        return self.supervision.group(self.group)

    @cached_property
    def unit_record(self) -> Unit | None:
        """The unit asked for, by full name, short name or alias; None for a group's document."""
        return self.supervision.unit(self.unit) if self.unit is not None else None

    @cached_property
    def facts(self) -> Facts:
        """The group's facts as of the day."""
        from supervisio.domain.facts import compute_facts

        return compute_facts(self.supervision, self.as_of, group=self.group, reviews=self.reviews)

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        """The group's rule findings as of the day, or only the unit's when a unit is asked for."""
        from supervisio.domain.findings import review

        found = review(self.supervision, self.as_of, self.group, reviews=self.reviews)
        unit = self.unit_record
        return found if unit is None else tuple(f for f in found if f.unit == unit.name)

    @cached_property
    def unit_facts(self) -> Facts | None:
        """The unit's facts as of the day; None for a group's document."""
        from supervisio.domain.facts import compute_facts

        unit = self.unit_record
        if unit is None:
            return None
        return compute_facts(self.supervision, self.as_of, unit=unit.name, reviews=self.reviews)


@attrs.frozen(kw_only=True)
class DocumentKind:
    """A kind of document: its template and how to build the template's context from the records.

    - ``name`` is what users ask for (``--kind report``) and ``title`` the Chinese name (工作汇报);
    - ``template`` is the template's name, looked up in the user's folder, the plugins' folders, then the
      built-ins (``report.md.j2``);
    - ``context(request)`` returns the template's variables (facts, records, the group …);
    - ``blocks`` builds large blocks (the ledger table) straight from the data as tree nodes; the template
      marks where each goes, so that 10,000 rows are never printed as Markdown and parsed back;
    - ``per_unit`` kinds (督导意见, 整改通知) need a unit; ``landscape`` turns the page.
    """

    name: str
    title: str
    template: str
    context: Callable[[KindRequest], Mapping[str, Any]]
    blocks: Mapping[str, Callable[[KindRequest], Block]] = attrs.field(factory=dict)
    per_unit: bool = False
    landscape: bool = False
    description: str = ""
