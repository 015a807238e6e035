"""Where things stand on a GB/T 9704 page, decided once for every renderer.

The layout layer sits beside the document tree, below the renderers: it knows character cells, page
geometry and the placement rules of the standard, and nothing of records, templates or files. It
returns values (indents in cells, lines of text, lengths in mm, pt and twips), never markup. The HTML
renderer and the docx plugin (through this public module) both ask it, so they cannot disagree.

- :mod:`~supervisio.layout.text`: :func:`text_width`, the one width estimator, in character cells;
- :mod:`~supervisio.layout.geometry`: the page of each profile and orientation, from one table in mm
  and pt, with the twips of a docx and the whole pixels of a browser derived from it;
- :mod:`~supervisio.layout.closing` and :mod:`~supervisio.layout.pairing`: where the 署名 lines and the
  成文日期 stand (GB/T 9704 7.3.5), and the walk that pairs a 署名 with its date;
- :mod:`~supervisio.layout.furniture`: the 报头's lines and the 版记/报尾's lines and rules;
- :mod:`~supervisio.layout.markers`: list markers and nesting indents;
- :mod:`~supervisio.layout.tables`: table column widths fitted to the text (:func:`column_widths`).

A plugin imports ``supervisio.layout`` itself (its submodules are not the public API).

Imports only :mod:`supervisio.doctree`, :mod:`supervisio.document_settings`, :mod:`supervisio.numerals`
and :mod:`supervisio.errors` (tests/test_layers.py).
"""

from __future__ import annotations

from supervisio.layout.closing import ClosingPlacement, place_closing
from supervisio.layout.furniture import (
    IMPRINT_INSET,
    ISSUE_LINE_INSET,
    MASTHEAD_NAME_PT,
    ImprintLayout,
    ImprintLine,
    MastheadLayout,
    issue_text,
    place_imprint,
    place_masthead,
)
from supervisio.layout.geometry import (
    BODY_CELL_PT,
    MM_PER_PT,
    PAGE_NUMBER_DROP_MM,
    PROFILES,
    Engine,
    PageGeometry,
    PageTwips,
    page_geometry,
)
from supervisio.layout.markers import list_indent, list_markers
from supervisio.layout.pairing import Closing, pair_closings
from supervisio.layout.tables import column_widths
from supervisio.layout.text import char_width, text_width

__all__ = [
    "BODY_CELL_PT",
    "IMPRINT_INSET",
    "ISSUE_LINE_INSET",
    "MASTHEAD_NAME_PT",
    "MM_PER_PT",
    "PAGE_NUMBER_DROP_MM",
    "PROFILES",
    "Closing",
    "ClosingPlacement",
    "Engine",
    "ImprintLayout",
    "ImprintLine",
    "MastheadLayout",
    "PageGeometry",
    "PageTwips",
    "char_width",
    "column_widths",
    "issue_text",
    "list_indent",
    "list_markers",
    "page_geometry",
    "pair_closings",
    "place_closing",
    "place_imprint",
    "place_masthead",
    "text_width",
]
