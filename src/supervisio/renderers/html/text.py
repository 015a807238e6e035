"""Text, attributes and inlines as HTML: everything escaped, controls replaced, Latin runs marked."""


from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from itertools import groupby
from typing import Any

from supervisio.doctree.nodes import (
    Emph,
    Inline,
    LineBreak,
    Strong,
    Style,
    Text,
)

# ---------------------------------------------------------------------- text

_LINE_BREAK = re.compile(r"\r\n?")
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_REPLACEMENT = "\ufffd"


def clean_text(text: str) -> str:
    """``text`` as the page holds it: line breaks as "\\n", controls and lone surrogates U+FFFD.

    Tab and line breaks are kept (a line break prints as ``<br>``); any other Cc character or lone
    surrogate has no meaningful place in an HTML page (the parser drops NUL and flags the rest), so
    it is replaced rather than silently lost: a reader sees that something was there.
    """
    return _UNPRINTABLE.sub(_REPLACEMENT, _LINE_BREAK.sub("\n", text))


def _escape(text: str) -> str:
    """Escaped text for element content or an attribute value (quotes included)."""
    return html.escape(clean_text(text), quote=True)


def _text_html(text: str, latin: bool) -> str:
    """Escaped text, line breaks as ``<br>``; with ``latin``, Latin runs marked for their face."""
    return "<br>".join(_line_html(line, latin) for line in clean_text(text).split("\n"))


def _is_narrow(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) == "Na"


def _line_html(line: str, latin: bool) -> str:
    """One escaped line; with ``latin``, each run of narrow characters (letters, digits, ASCII
    punctuation) in a ``<span class="latin">``.

    This is Word's split between the ``ascii`` and ``eastAsia`` font slots (docs/gbt9704.md §6.2): only narrow
    characters take the Latin face, so “ ” — … keep the Chinese face and their full width (docs/gbt9704.md §9).
    Putting the Latin face first in the font stacks would not: Times New Roman has those glyphs.
    """
    if not latin:
        return html.escape(line, quote=True)
    runs = (("".join(chars), narrow) for narrow, chars in groupby(line, key=_is_narrow))
    return "".join(
        f'<span class="latin">{html.escape(run, quote=True)}</span>'
        if narrow
        else html.escape(run, quote=True)
        for run, narrow in runs
    )


def _cells(count: float) -> str:
    """A CSS length of ``count`` body character cells."""
    return f"calc({count:g} * var(--cell))"


# ---------------------------------------------------------------------- attributes


def _class_tokens(classes: Iterable[str]) -> list[str]:
    """HTML class tokens: a class holding white space becomes its words (a token has no spaces)."""
    return [token for name in classes for token in clean_text(name).split()]


_DATA_NAME_JUNK = re.compile(r"[^\w.-]")


def _data_name(key: str) -> str:
    """``data-<key>`` as a valid attribute name: lower case, and characters other than word
    characters, ``-`` and ``.`` as ``-`` (an HTML parser would lower-case or split them)."""
    name = _DATA_NAME_JUNK.sub("-", clean_text(key).lower())
    return f"data-{name or '-'}"


def _attributes(node_style: Style, classes: Iterable[str] = (), /, **extra: str | None) -> str:
    """An element's attributes: the renderer's classes, the node's classes, its data-*, ``extra``.

    ``extra`` values of None are left out. Of two attributes with one name the first wins, as in a
    browser, so the later ones are not written.
    """
    pairs: dict[str, str] = {}
    tokens = list(dict.fromkeys([*classes, *_class_tokens(node_style.classes)]))
    if tokens:
        pairs["class"] = " ".join(tokens)
    for key, value in node_style.attributes:
        pairs.setdefault(_data_name(key), value)
    for key, extra_value in extra.items():
        if extra_value is not None:
            pairs.setdefault(key, extra_value)
    return "".join(f' {name}="{_escape(value)}"' for name, value in pairs.items())


# ---------------------------------------------------------------------- inlines


def _render_text(node: Text, latin: bool) -> str:
    return _text_html(node.text, latin)


def _render_strong(node: Strong, latin: bool) -> str:
    return f"<strong>{_render_inlines(node.children, latin)}</strong>"


def _render_emph(node: Emph, latin: bool) -> str:
    """强调: ``<em>``, set in 楷体 upright by the style sheet (a slanted 仿宋 reads badly)."""
    return f"<em>{_render_inlines(node.children, latin)}</em>"


def _render_line_break(node: LineBreak, latin: bool) -> str:
    return "<br>"


_INLINE_RENDERERS: dict[type, Callable[[Any, bool], str]] = {
    Text: _render_text,
    Strong: _render_strong,
    Emph: _render_emph,
    LineBreak: _render_line_break,
}


def _render_inlines(inlines: Iterable[Inline], latin: bool) -> str:
    return "".join(_inline_renderer(inline)(inline, latin) for inline in inlines)


def _inline_renderer(inline: Inline) -> Callable[[Any, bool], str]:
    try:
        return _INLINE_RENDERERS[type(inline)]
    except KeyError:
        raise TypeError(f"the HTML renderer has no rule for the inline {inline!r}") from None
