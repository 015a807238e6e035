"""The Markdown dialect of supervisio: what templates write, what the parser reads, what the renderer writes.

The dialect is CommonMark (as markdown-it-py reads it) with GFM pipe tables, YAML front matter and
*directives*, and without anything a Chinese official document has no use for. This module is the one
place that defines it: the escaping of text, the parser's configuration and the names of the directives.
``docs/markdown.md`` explains it to template authors with examples.

What is in the dialect
    - front matter: ``---`` YAML ``---`` at the top (blank lines may precede it). Meta fields (``kind``,
      ``title``, ``issuer``, ``date`` as YYYY-MM-DD, ``landscape``), other scalar keys kept as text, and the
      convenience keys ``masthead``, ``addressees``, ``attachments``, ``signature`` and ``imprint``, which
      become blocks at their canonical places;
    - ``#`` is the document's Title; ``##`` … ``#####`` are headings of levels 1–4 (a typed number such as
      ``一、`` is split off into the heading's number); setext underlines work as ``#`` and ``##``;
    - paragraphs; a soft line break joins the lines *without* a space (this is Chinese text); a hard line
      break (backslash or two spaces at the end of a line, or ``<br>`` anywhere) is a LineBreak;
    - ``**strong**``, ``*emphasis*`` and ``_emphasis_``; bullet and ordered lists whose items hold blocks;
      GFM pipe tables (alignment colons are accepted and ignored); thematic breaks (Rule);
    - directives: a fenced block whose info string is ``{name}`` (MyST's syntax). ``masthead``,
      ``addressee``, ``signature``, ``dateline``, ``attachments``, ``imprint`` and ``pagebreak`` hold a YAML
      mapping of the block's fields (see :data:`DATA_DIRECTIVES`); ``table``, ``chart`` and ``style`` wrap
      one Markdown block and take their options from a YAML block between ``---`` lines at the top of their
      body (``chart`` wraps the table of its data, :data:`CHART_KEYS`). Every directive accepts ``classes``
      (a list) and ``attributes`` (a mapping): the block's Style.

What is not, and is refused with a located error
    links (inline, reference-style, autolinks: an official document prints no hyperlinks, and a link in a
    template is far more often a bracket that was meant as text), images, inline code, code blocks (indented
    or fenced without ``{name}``), block quotes, headings of six ``#``, unknown directives, ragged tables.
    Raw HTML is off: ``<b>`` is the text ``<b>``; the one tag the dialect knows is ``<br>``, a line break,
    which is the only way to break a line in a heading or a table cell.

Characters
    A Text is data. :func:`escape_text` writes any string so that it reads back as exactly that string in a
    paragraph, heading, list item or table cell: Markdown's syntax characters get a backslash, control
    characters, line and paragraph separators and U+FEFF become decimal character references (``&#10;``),
    and whitespace at either end becomes character references too (Markdown trims it otherwise). Unlike
    CommonMark, the dialect decodes *every* numeric character reference to its character, NUL and C1
    controls included, so that no text is lost on the way through Markdown; only a reference to a surrogate
    (which no UTF-8 file can hold) becomes U+FFFD.

Emphasis next to punctuation
    CommonMark only accepts ``**`` as an opener or closer when the characters around it say so (the
    "flanking" rules), which fails for bold text that starts or ends with Chinese punctuation
    (``**“作风能力提升年”**活动``). The renderer checks every delimiter with :func:`delimiter_opens` and
    :func:`delimiter_closes`, which ask markdown-it's own character classes, and writes the outside neighbour
    as a character reference where needed (``**“作风能力提升年”**&#27963;动``). Emphasis that touches strong
    emphasis is written with ``_`` so that the two never merge into one ``***`` run.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from supervisio.doctree.nodes import (
    Addressee,
    AttachmentNote,
    DateLine,
    Imprint,
    Masthead,
    PageBreak,
    Signature,
)

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_inline import StateInline

__all__ = [
    "CONVENIENCE_KEYS",
    "DATA_DIRECTIVES",
    "HARD_BREAK",
    "LINE_BREAK_TAG",
    "MAX_NESTING",
    "META_KEYS",
    "STYLE_KEYS",
    "TABLE_KEYS",
    "WRAPPER_DIRECTIVES",
    "Refusal",
    "character_reference",
    "delimiter_closes",
    "delimiter_opens",
    "escape_cell",
    "escape_markdown",
    "escape_text",
    "markdown_parser",
    "page_break_markdown",
]

# ---------------------------------------------------------------------------------------------- names

DATA_DIRECTIVES: dict[str, type] = {
    "masthead": Masthead,
    "addressee": Addressee,
    "signature": Signature,
    "dateline": DateLine,
    "attachments": AttachmentNote,
    "imprint": Imprint,
    "pagebreak": PageBreak,
}
"""Directives whose body is a YAML mapping of the block's fields (field names as in the node class)."""

WRAPPER_DIRECTIVES = ("table", "chart", "style")
"""Directives whose body is one Markdown block, after an optional ``---`` YAML ``---`` options block."""

STYLE_KEYS = ("classes", "attributes")
"""The keys every directive accepts for the block's Style."""

TABLE_KEYS = ("widths", "totals", "caption")
"""The options of ``{table}`` besides the style keys; ``totals: true`` makes the last row the totals row."""

CHART_KEYS = ("kind", "title", "unit")
"""The options of ``{chart}``, which wraps a table of its data: the first column holds the labels (its
heading is the chart's ``category``), every other column a series (its heading is the series' name),
each cell a number or empty."""

META_KEYS = ("kind", "title", "issuer", "date", "landscape")
"""Front-matter keys that are Meta fields; any other scalar key goes to ``Meta.extra`` as text."""

CONVENIENCE_KEYS = ("masthead", "addressees", "attachments", "signature", "imprint")
"""Front-matter keys that become blocks: masthead first, addressee after the title, the rest at the end."""

HARD_BREAK = "\\\n"
"""How the renderer breaks a line inside a paragraph: a backslash at the end of the line."""

LINE_BREAK_TAG = "<br>"
"""How the renderer breaks a line where Markdown has no line break: headings, the title and table cells."""

MAX_NESTING = 100
"""markdown-it's nesting limit. It silently drops what lies deeper, so the parser refuses to get near it."""


def page_break_markdown() -> str:
    """The Markdown of a page break, with blank lines around it so that it can stand anywhere."""
    return "\n\n```{pagebreak}\n```\n\n"


# ---------------------------------------------------------------------------------------------- escaping

_BACKSLASHED = re.compile(r"[\\*_`\[\]<>&#|~!()]")
"""ASCII punctuation that some Markdown construct (inline or in a table) gives a meaning."""

_REFERENCED = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")
"""Characters written as references: controls (incl. tab and newline), line/paragraph separators, BOM."""

_SPECIAL = re.compile(f"{_BACKSLASHED.pattern}|{_REFERENCED.pattern}")
_LINE_START = re.compile(r"[-+=:]|[0-9]{1,9}(?=\.(?:[ \t]|\Z))")
"""At the start of a line: list markers, rules, setext underlines, a colon fence, an ordered marker ``1. ``."""


def character_reference(char: str) -> str:
    """The decimal numeric character reference of one character: ``&#10;``."""
    return f"&#{ord(char)};"


def _references(text: str) -> str:
    return "".join(map(character_reference, text)) if text else ""


def escape_markdown(
    text: str, *, line_start: bool, guard_first: bool = False, guard_last: bool = False
) -> str:
    """``text`` as Markdown inline source that reads back as exactly ``text``.

    ``line_start``: the text may begin a line of a paragraph or list item, where ``-``, ``+``, ``=``, ``:``
    and ``1.`` would start a block. ``guard_first`` / ``guard_last``: write the first / last character as a
    character reference, so that an emphasis delimiter next to it sees punctuation (see the module notes).
    """
    if not text:
        return ""
    if (
        not (guard_first or guard_last or text[0].isspace() or text[-1].isspace())
        and _SPECIAL.search(text) is None
        and not (line_start and _LINE_START.match(text))
    ):
        return text
    start = len(text) - len(text.lstrip())
    end = max(start, len(text.rstrip()))
    head, core, tail = text[:start], text[start:end], text[end:]
    if guard_first and not head and core:
        head, core = core[0], core[1:]
    if guard_last and not tail and core:
        core, tail = core[:-1], core[-1]
    escaped = _BACKSLASHED.sub(r"\\\g<0>", core)
    body = _REFERENCED.sub(lambda match: character_reference(match.group()), escaped)
    if line_start and not head and (start_of_block := _LINE_START.match(body)):
        marker = start_of_block.group()
        body = ("\\" + marker if not marker[0].isdigit() else marker + "\\") + body[len(marker):]
    return _references(head) + body + _references(tail)


def escape_text(text: str) -> str:
    """``text`` as Markdown that reads back as exactly ``text`` in a paragraph, heading, list item or cell.

    This is what the templates apply to every interpolated value: a ``*``, ``#``, ``|`` or ``<`` in a record
    stays that character, and so does a newline, a tab or a leading space.
    """
    return escape_markdown(text, line_start=True)


def escape_cell(text: str) -> str:
    """``text`` as the Markdown of (part of) a table cell, heading or title: what cannot start a line.

    Like :func:`escape_text` (``|`` included), but a cell never starts a block, so ``1.``, ``-`` or ``+`` at
    its start are left as they are: ``| 1. | -3 |`` rather than ``| 1\\. | \\-3 |``.
    """
    return escape_markdown(text, line_start=False)


# ---------------------------------------------------------------------------------------------- emphasis


@functools.cache
def _character_classes():  # type: ignore[no-untyped-def]
    from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace

    def punctuation(char: str) -> bool:
        return isMdAsciiPunct(ord(char)) or isPunctChar(char)

    def whitespace(char: str) -> bool:
        return isWhiteSpace(ord(char))

    return punctuation, whitespace


def _flanking(before: str, after: str) -> tuple[bool, bool, bool, bool]:
    """CommonMark's flanking of a delimiter run between ``before`` and ``after`` (" " at either end)."""
    punctuation, whitespace = _character_classes()
    before_punct, after_punct = punctuation(before), punctuation(after)
    before_space, after_space = whitespace(before), whitespace(after)
    left = not (after_space or (after_punct and not (before_space or before_punct)))
    right = not (before_space or (before_punct and not (after_space or after_punct)))
    return left, right, before_punct, after_punct


def delimiter_opens(marker: str, before: str, after: str) -> bool:
    """Whether a run of ``marker`` (``*``, ``**``, ``_``) between these characters can open emphasis."""
    left, right, before_punct, _ = _flanking(before, after)
    return left and (marker[0] == "*" or not right or before_punct)


def delimiter_closes(marker: str, before: str, after: str) -> bool:
    """Whether a run of ``marker`` between these characters can close emphasis."""
    left, right, _, after_punct = _flanking(before, after)
    return right and (marker[0] == "*" or not left or after_punct)


# ---------------------------------------------------------------------------------------------- parser


class Refusal(Exception):
    """A construct refused while markdown-it tokenizes; ``line`` counts from 0 in the parsed text."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")
_NAMED_REFERENCE = re.compile(r"&([a-zA-Z][a-zA-Z0-9]{1,31});")
_BREAK_TAG = re.compile(r"<br[ \t]*/?>", re.IGNORECASE)


def _character_reference_rule(state: StateInline, silent: bool) -> bool:
    """Character references; numeric ones decode to any character (CommonMark turns controls into U+FFFD)."""
    from markdown_it.common.entities import entities

    if state.src[state.pos] != "&":
        return False
    numeric = _NUMERIC_REFERENCE.match(state.src, state.pos, state.posMax)
    if numeric:
        code = int(numeric.group(1), 16) if numeric.group(1) else int(numeric.group(2))
        content = chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        match = numeric
    else:
        named = _NAMED_REFERENCE.match(state.src, state.pos, state.posMax)
        if named is None or named.group(1) not in entities:
            return False
        content = entities[named.group(1)]
        match = named
    if not silent:
        token = state.push("text_special", "", 0)
        token.content = content
        token.markup = match.group(0)
        token.info = "entity"
    state.pos = match.end()
    return True


def _line_break_tag_rule(state: StateInline, silent: bool) -> bool:
    """``<br>`` (also ``<br/>``, ``<BR />``): a line break, the one HTML tag of the dialect."""
    if state.src[state.pos] != "<":
        return False
    match = _BREAK_TAG.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    if not silent:
        token = state.push("hardbreak", "br", 0)
        token.markup = match.group(0)
        token.info = "tag"
    state.pos = match.end()
    return True


def _refuse_reference(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A link reference definition (``[label]: url``) would vanish from the text: refuse it."""
    from markdown_it.rules_block import reference

    if reference(state, start_line, end_line, silent) and not silent:
        raise Refusal(start_line, "link reference definitions are not part of the dialect (escape the [)")
    return False


@functools.cache
def markdown_parser() -> MarkdownIt:
    """The configured markdown-it: CommonMark, tables, no raw HTML, and the dialect's own inline rules."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt(
        "commonmark",
        {"html": False, "linkify": False, "typographer": False, "maxNesting": MAX_NESTING},
    )
    parser.enable("table")
    parser.inline.ruler.at("entity", _character_reference_rule)
    parser.inline.ruler.before("autolink", "line_break_tag", _line_break_tag_rule)
    parser.block.ruler.at("reference", _refuse_reference)
    return parser
