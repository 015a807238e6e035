"""What a document kind is, and what a document is asked for: the two values a kind plugin works with.

They live with the kinds, not with the plugin machinery that registers them: a kind is a piece of the
document pipeline (a template and the context it receives), and the registry only keeps them by name.
``supervisio.plugins`` re-exports both for plugin authors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from supervisio.doctree.nodes import Block
    from supervisio.domain.supervision import Supervision

__all__ = ["DocumentKind", "KindRequest"]


@attrs.frozen(kw_only=True)
class KindRequest:
    """What a document is asked for: the data, the day, the group and, for per-unit kinds, the unit."""

    supervision: Supervision
    as_of: dt.date
    group: int
    unit: str | None = None


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
