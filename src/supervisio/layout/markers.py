"""List markers: the text printed at the start of each item's first paragraph (docs/gbt9704.md §9).

Lists print as 公文 numbered paragraphs, not hanging lists: the marker is literal text ("1.", "●"),
never Word auto-numbering, which breaks when documents are combined; the item's first line is
indented two cells like the body, later lines flush left; each nesting level indents two more cells.
The marker is the same at every level; a ``marker`` style attribute on the list replaces it, ``{n}``
standing for the item's number (``（{n}）``, ``★``).
"""

from __future__ import annotations

from supervisio.doctree.nodes import BulletList, OrderedList

__all__ = ["BULLET", "NESTED_LIST_INDENT", "ORDINAL", "list_indent", "list_markers"]

BULLET = "●"
ORDINAL = "{n}."
NESTED_LIST_INDENT = 2.0
"""Body cells a nested list's paragraphs are indented by, per level below the first."""


def list_markers(block: BulletList | OrderedList) -> tuple[str, ...]:
    """The marker of each item of ``block``, in order."""
    default = ORDINAL if isinstance(block, OrderedList) else BULLET
    template = block.style.get("marker", default) or default
    if isinstance(block, OrderedList):
        return tuple(template.replace("{n}", str(block.start + i)) for i in range(len(block.items)))
    return tuple(template for _ in block.items)


def list_indent(depth: int) -> float:
    """The left indent in body cells of the paragraphs of a list ``depth`` levels deep (1: not nested)."""
    return NESTED_LIST_INDENT * max(depth - 1, 0)
