"""The HTML renderer: one self-contained page that prints like the docx in headless Chromium.

The page has no scripts and no external resources: the style sheet is inline (a static part kept
in ``html.css`` plus a part generated for the options: page geometry, font stacks); fonts are
named, never embedded (the proprietary faces of GB/T 9704 cannot be shipped; docs/gbt9704.md §6.9 lists the
free stand-ins).

On screen the page is a centred sheet of paper with the document's margins; in print the @page
rules of docs/gbt9704.md §6.10 apply: A4 with the margins of the chosen profile, "— N —" page numbers in
page-margin boxes (odd pages right, even pages left, one 4号 character in), a 16 pt body on 38 px
line boxes (22 lines of 28 characters). A ledger (``meta.landscape``) gets turned pages with the
rotated 156 × 225 mm block.

Decisions worth knowing:

- **Text is data.** Every character goes through :func:`html.escape`; no text ever becomes
  markup. A line break inside a ``Text`` ("\\n", "\\r\\n" or "\\r") becomes ``<br>``. Control
  characters (Unicode category Cc: NUL, the other C0 controls, DEL and the C1 controls) other
  than tab and the line breaks, and lone surrogates, become U+FFFD REPLACEMENT CHARACTER: HTML
  parsers drop NUL, treat form feed as white space and flag the rest as errors, and a surrogate
  cannot be encoded in UTF-8.
- **Spaces print as typed** (``white-space: pre-wrap`` on text blocks), as in the docx.
- **The Latin face** (``options.latin_font``) goes to runs of narrow characters (letters, digits,
  ASCII punctuation) through ``<span class="latin">``, as Word's ``ascii`` font slot does; “ ” —
  … keep the Chinese face and their full width (docs/gbt9704.md §6.2, §9).
- **The 版记/报尾 at the foot of the last page** (GB/T 9704 7.4.1, docs/gbt9704.md §2 row 26). Chromium has
  neither running elements nor page floats, and the page has no script, so the renderer counts
  the pages itself. On a one-page document (most 简报 and 工作提示) the sheet is a column flexbox
  at least one page area tall and the 版记 takes the free space above it (``margin-top: auto``).
  A flexbox cannot do it over several pages: Chromium resolves the auto margin before
  fragmentation, then pushes the 版记 down by the space left unused at each page break (up to a
  line per page), past the last page. So when :func:`imprint_pages` finds N ≥ 2 pages, the sheet
  is a "pinned" one: in print it is N page areas tall less 1px (``--imprint-pages``), the 版记 is
  absolutely positioned on its bottom, which is the 版心 bottom of page N whatever the breaks
  before, and a second, invisible copy of the 版记 in the flow after the text reserves its space
  (on screen only that copy shows). N is a lower bound: the text on 22-line pages, every block's
  height counted low (narrow characters as ¼ cell, a table row as one cell line, unknown blocks
  as nothing), page breaks as Chromium places them. Limits: when the text takes more pages
  than counted (much Latin text, tall table rows, a long masthead), the sheet grows with the
  reserving copy and the 版记 follows the last text after one blank line, never split and never
  over the text, as on a document without pinning; a pinned page holds the 版记's text twice in
  its HTML (the PDF once); a page count in print is only what Chromium makes of the page.
- **Placements come from the layout layer** (:mod:`supervisio.layout`), as they do for the docx: the
  page geometry (the browser's whole-pixel line), the 署名 and 成文日期 indents in character cells
  (docs/gbt9704.md §6.7; sealed when the node or the options say so), the 报头's lines, the 版记's
  lines and rules, list markers. This renderer only writes them as HTML and CSS.
- **The strict profile** cannot be met exactly: Chromium rounds line boxes to whole CSS pixels, so
  the ideal 29.6 pt pitch becomes 39 px (29.25 pt). The strict profile puts the first line's ink
  at 37 mm and prints 22 lines of 39 px, an ink block 222.3 mm tall instead of 225 mm.
"""


from __future__ import annotations

from supervisio.doctree.nodes import Document, Style, Title, plain_text
from supervisio.renderers.base import RenderOptions
from supervisio.renderers.html.blocks import _Context, _render_blocks, _seal_class
from supervisio.renderers.html.geometry import PageGeometry, page_geometry
from supervisio.renderers.html.last_page import imprint_pages
from supervisio.renderers.html.stylesheet import _style_sheet
from supervisio.renderers.html.text import _attributes, _escape, clean_text

__all__ = [
    "HtmlRenderer",
    "PageGeometry",
    "clean_text",
    "imprint_pages",
    "page_geometry",
]


def _page_title(document: Document) -> str:
    """meta.title, else the first Title's text with its lines joined (Chinese takes no space)."""
    if document.meta.title is not None:
        return document.meta.title
    for block in document.blocks:
        if isinstance(block, Title):
            return plain_text(block.content).replace("\n", "")
    return ""


def _body_attributes(document: Document, options: RenderOptions) -> str:
    """The options as classes of ``<body>`` (the style sheet reads ``bold-level3``)."""
    classes = [
        f"profile-{'strict' if options.profile == 'strict' else 'word'}",
        "landscape" if document.meta.landscape else "portrait",
        _seal_class(options.sealed),
    ]
    if options.bold_level3:
        classes.append("bold-level3")
    return _attributes(Style(), classes, **{"data-kind": document.meta.kind})


def _page(document: Document, options: RenderOptions) -> str:
    geometry = page_geometry(options, document.meta.landscape)
    pages = imprint_pages(document, geometry)
    ctx = _Context(options=options, geometry=geometry, imprint_pages=pages)
    sheet = ' class="sheet"' if pages == 1 else f' class="sheet pinned" style="--imprint-pages: {pages}"'
    issuer = document.meta.issuer
    author = "" if issuer is None else f'<meta name="author" content="{_escape(issuer)}">\n'
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="supervisio">\n'
        f"{author}"
        f"<title>{_escape(_page_title(document))}</title>\n"
        f"<style>\n{_style_sheet(options, geometry)}\n</style>\n"
        "</head>\n"
        f"<body{_body_attributes(document, options)}>\n"
        f"<main{sheet}>\n"
        f"{_render_blocks(document.blocks, ctx)}\n"
        "</main>\n"
        "</body>\n"
        "</html>\n"
    )


class HtmlRenderer:
    """The ``html`` renderer: a self-contained page that headless Chromium prints to PDF."""

    name = "html"
    suffix = ".html"
    media_type = "text/html; charset=utf-8"

    def render(self, document: Document, options: RenderOptions) -> bytes:
        """The UTF-8 bytes of the page for ``document``."""
        return _page(document, options).encode("utf-8")
