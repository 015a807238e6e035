"""What every template sees: the group, its facts and findings as of the day, and the unit when there is one.

Templates read facts; they never count for themselves. Kinds add their own variables on top of these.
:func:`shared_context` is public (``supervisio.kinds.shared_context``) so that a plugin's kind starts from
the very same variables as the built-in ones, and a template written for one reads the same names in the
other.
"""

from __future__ import annotations

from typing import Any

from supervisio.domain.facts import compute_facts
from supervisio.domain.findings import review
from supervisio.kinds.kind import KindRequest

__all__ = ["shared_context"]


def shared_context(request: KindRequest) -> dict[str, Any]:
    """The variables common to every kind, a new dict a kind may add to.

    ``supervision`` (all the records), ``campaign``, ``group``, ``facts`` (of the group), ``as_of``,
    ``findings`` (of the group, or of the unit), ``unit`` and ``unit_facts`` (None unless the kind is asked
    for one unit). A plugin's kind uses it as the built-in kinds do::

        def roster_context(request: KindRequest) -> dict[str, Any]:
            return {**shared_context(request), "members": ...}
    """
    supervision = request.supervision
    group = supervision.group(request.group)
    findings = review(supervision, request.as_of, request.group)
    unit = supervision.unit(request.unit) if request.unit is not None else None
    if unit is not None:
        findings = tuple(f for f in findings if f.unit == unit.name)
    return {
        "supervision": supervision,
        "campaign": supervision.campaign,
        "group": group,
        "as_of": request.as_of,
        "facts": compute_facts(supervision, request.as_of, group=request.group),
        "findings": findings,
        "unit": unit,
        "unit_facts": (
            compute_facts(supervision, request.as_of, unit=unit.name) if unit is not None else None
        ),
    }
