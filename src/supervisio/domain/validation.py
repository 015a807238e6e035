"""``validate``: the checks a campaign file gets on loading, for a Supervision built or edited in Python.

Loading a file checks it twice: its shape (through the converter) and its cross-record integrity. A value
built in code gets neither unless it asks, so a script that adds a problem to an unknown unit, or writes
``term="短期"`` where ``Term.SHORT`` belongs, would only fail later, inside the facts or a template. Call
:func:`validate` before saving or rendering to get every defect at once, located by path.
"""

from __future__ import annotations

from supervisio.domain.integrity import Defect, check_integrity
from supervisio.domain.shape import shape_defects
from supervisio.domain.supervision import Supervision

__all__ = ["validate"]


def validate(supervision: Supervision) -> list[Defect]:
    """Every defect of ``supervision``, located by path (``problems[3].term``); empty when it is sound.

    First the shape (each field against its declared type); only when the shape is sound the integrity
    checks, which read the values and would fail on, say, a string where a date belongs.
    """
    defects = shape_defects(supervision, Supervision)
    if defects:
        return defects
    return check_integrity(supervision)
