"""Inlines (Text, Strong, Emph, LineBreak) → ``w:r`` runs stating only what their style does not.

Faces, sizes and spacing live in the paragraph styles (:mod:`supervisio_docx.styles`), each naming
all four font slots: a run says nothing unless it differs — bold, a face of its own (楷体 for
``Emph``), the 报头's colour and character scale. A 10,000-row ledger used to repeat the same
``w:rFonts``/``w:sz`` on each of its 80,000 runs (5 KB of XML a row); it now writes
``<w:r><w:t>…</w:t></w:r>``.

A :class:`RunStyle` is therefore a *difference*: ``face`` None means "the paragraph style's face".
When a face is named it is named in full (all four slots and ``w:hint``), with the document's Latin
face on the Latin slots, exactly as a style names it.

One exception keeps Word's punctuation right with a Latin face (``--latin-font``): characters that
Unicode leaves between scripts (“ ” ‘ ’ — … · and friends) are set in the Latin face unless the run
says ``w:hint="eastAsia"``. Word reads the hint on the run; whether it honours one in a style is not
verified here (no Word or WPS to measure on), so a run holding such a character gets the hint
alone — ``<w:rFonts w:hint="eastAsia"/>``, the form Word itself writes. Without a Latin face the
hint changes nothing (every slot names the same face) and is left out.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import attrs

from supervisio.doctree.nodes import Emph, Inline, LineBreak, Strong, Text
from supervisio_docx.fonts import KAITI, rfonts
from supervisio_docx.text import run_content

__all__ = ["AMBIGUOUS", "HINT", "RunStyle", "run", "run_properties", "runs"]

HINT = '<w:rFonts w:hint="eastAsia"/>'
"""The hint alone: set the run's ambiguous characters in its East Asian face."""
AMBIGUOUS = re.compile("[\u00a1-\u00ff\u02c6-\u02dd\u2010-\u2bff]")
"""Characters Word may set in the Latin face of a Chinese run: Latin-1 symbols (· × §), the general
punctuation block (“ ” ‘ ’ — … ※) and the symbol blocks after it (№ ① → ★ ●)."""


@attrs.frozen
class RunStyle:
    """How a run differs from its paragraph style. ``face`` None keeps the style's faces;
    ``latin`` is the document's Latin face, used when ``face`` is named and for the ambiguity hint.
    ``size`` is in half-points (``w:sz``); ``spacing`` in twips (negative condenses); ``scale`` a
    horizontal character scale in percent (``w:w``), used to squeeze a long 简报名."""

    face: str | None = None
    latin: str | None = None
    bold: bool = False
    color: str | None = None
    spacing: int | None = None
    scale: int | None = None
    size: int | None = None

    def evolve(self, **changes: Any) -> RunStyle:
        return attrs.evolve(self, **changes)


@lru_cache(maxsize=256)
def run_properties(style: RunStyle, hint: bool = False) -> str:
    """The ``w:rPr`` of ``style`` (empty when the run is its paragraph style's), children in schema
    order (rFonts, b, color, spacing, w, sz); ``hint`` adds the ambiguity hint when no face is
    named."""
    parts = []
    if style.face is not None:
        parts.append(rfonts(style.face, style.latin))
    elif hint and style.latin:
        parts.append(HINT)
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
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def needs_hint(text: str, style: RunStyle) -> bool:
    """Whether a run of ``text`` in ``style`` must carry the ambiguity hint (module docstring)."""
    return style.latin is not None and style.face is None and AMBIGUOUS.search(text) is not None


def run(text: str, style: RunStyle) -> str:
    """One run printing ``text`` (escaped; tabs and line feeds become ``w:tab``/``w:br``)."""
    content = run_content(text)
    if not content:
        return ""
    return f"<w:r>{run_properties(style, needs_hint(text, style))}{content}</w:r>"


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
