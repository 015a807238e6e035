"""Inlines (Text, Strong, Emph, LineBreak) → ``w:r`` runs, each naming its fonts.

A :class:`RunStyle` is what a run looks like; the paragraph style supplies the size and spacing,
the run repeats the faces (USER-NEEDS.md §1: "eastAsia on every run *and* style") and adds bold,
colour or a size of its own. The ``w:rPr`` of a style is built once and cached: a 10,000-row ledger
has 80,000 runs but a handful of distinct run styles.

``Strong`` is bold. ``Emph`` switches Chinese text to 楷体: an oblique CJK glyph is not a 公文
convention, a change of face is (nodes.Emph: "renderers may choose 楷体 for Chinese").
"""

from __future__ import annotations

from functools import lru_cache

import attrs

from supervisio.doctree.nodes import Emph, Inline, LineBreak, Strong, Text
from supervisio_docx.fonts import FANGSONG, KAITI, rfonts
from supervisio_docx.text import run_content

__all__ = ["RunStyle", "run", "run_properties", "runs"]


@attrs.frozen
class RunStyle:
    """The look of a run. ``size`` is in half-points (``w:sz``); ``spacing`` in twips (negative
    condenses); ``scale`` is a horizontal character scale in percent (``w:w``), used to squeeze a
    long 简报名."""

    face: str = FANGSONG
    latin: str | None = None
    bold: bool = False
    color: str | None = None
    spacing: int | None = None
    scale: int | None = None
    size: int | None = None

    def evolve(self, **changes) -> RunStyle:
        return attrs.evolve(self, **changes)


@lru_cache(maxsize=256)
def run_properties(style: RunStyle) -> str:
    """The ``w:rPr`` of ``style``, children in schema order (rFonts, b, color, spacing, w, sz)."""
    parts = [rfonts(style.face, style.latin)]
    if style.bold:
        parts.append("<w:b/><w:bCs/>")
    if style.color:
        parts.append(f'<w:color w:val="{style.color}"/>')
    if style.spacing is not None:
        parts.append(f'<w:spacing w:val="{style.spacing}"/>')
    if style.scale is not None:
        parts.append(f'<w:w w:val="{style.scale}"/>')
    if style.size is not None:
        parts.append(f'<w:sz w:val="{style.size}"/><w:szCs w:val="{style.size}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>"


def run(text: str, style: RunStyle) -> str:
    """One run printing ``text`` (escaped; tabs and line feeds become ``w:tab``/``w:br``)."""
    content = run_content(text)
    return f"<w:r>{run_properties(style)}{content}</w:r>" if content else ""


def runs(inlines: tuple[Inline, ...], style: RunStyle) -> str:
    """The runs of ``inlines``: Strong adds bold, Emph switches to 楷体, LineBreak breaks the line."""
    parts = []
    for inline in inlines:
        if isinstance(inline, Text):
            parts.append(run(inline.text, style))
        elif isinstance(inline, Strong):
            parts.append(runs(inline.children, style.evolve(bold=True)))
        elif isinstance(inline, Emph):
            parts.append(runs(inline.children, style.evolve(face=KAITI)))
        elif isinstance(inline, LineBreak):
            parts.append(f"<w:r>{run_properties(style)}<w:br/></w:r>")
        else:
            raise TypeError(f"not an inline node: {inline!r}")
    return "".join(parts)
