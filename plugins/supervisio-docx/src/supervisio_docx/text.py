"""Text is data: how any Python string becomes the inside of a WordprocessingML run.

Every character of a :class:`~supervisio.doctree.nodes.Text` must reach the reader unchanged,
whatever it is: quotes, ``&<>``, Markdown-looking ``*#|_``, emoji, CJK Extension B. The body is
written as strings (for speed, see :mod:`supervisio_docx.tables`), so escaping is done here and
nowhere else:

- ``&``, ``<`` and ``>`` are escaped; a carriage return is written ``&#13;`` because an XML parser
  turns a literal CR into a line feed (XML 1.0 §2.11), which would not read back verbatim.
- A tab becomes ``<w:tab/>`` and a line feed ``<w:br/>``: Word ignores them inside ``w:t``.
- Characters that XML 1.0 cannot hold at all — C0 controls other than tab, LF and CR, lone
  surrogates (U+D800–U+DFFF), U+FFFE and U+FFFF — are **replaced by U+FFFD** (REPLACEMENT
  CHARACTER). Dropping them silently would hide data loss; raising would let one stray byte from a
  spreadsheet import stop a whole report. U+FFFD is what a reader expects to see where a character
  could not be represented.
"""

from __future__ import annotations

import re

__all__ = [
    "REPLACEMENT",
    "escape_attribute",
    "escape_text",
    "run_content",
    "text_element",
    "xml_safe",
]

REPLACEMENT = "\ufffd"

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPLIT = re.compile("([\t\n])")
_MARKUP = {"\t": "<w:tab/>", "\n": "<w:br/>"}
_SPACE = frozenset(" \r\u00a0\u3000")
_CARE = re.compile("[&<>\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters that make a text more than ``<w:t>text</w:t>``: one scan of one class (fast)."""


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold replaced by U+FFFD (module docstring)."""
    if _ILLEGAL.search(text) is None:
        return text
    return _ILLEGAL.sub(REPLACEMENT, text)


def escape_text(text: str) -> str:
    """``text`` as XML character data: illegal characters replaced, ``&<>`` and CR escaped."""
    if _SPECIAL.search(text) is None:  # the common case: one scan, no copy
        return text
    return (
        xml_safe(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r", "&#13;")
    )


def escape_attribute(text: str) -> str:
    """``text`` made safe inside a double-quoted XML attribute value (font names from options)."""
    return escape_text(text).replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")


def text_element(text: str) -> str:
    """One ``w:t`` holding ``text`` (no tab, no line feed), escaped.

    ``xml:space="preserve"`` is written only where whitespace could otherwise be lost
    (:func:`_preserve`: at either end of the text, or two spaces in a row; without it a reader may
    trim and collapse them, and Word trims). Most cells and paragraphs need none, and 21 bytes on
    each of a ledger's 110,000 cells would be 2 MB of XML.
    """
    if _preserve(text):
        return f'<w:t xml:space="preserve">{escape_text(text)}</w:t>'
    return f"<w:t>{escape_text(text)}</w:t>"


def _preserve(text: str) -> bool:
    """Whether ``text`` (not empty) needs ``xml:space="preserve"``: a space at either end (or a CR,
    a no-break or an ideographic space, which some readers trim too), or two spaces in a row."""
    return text[0] in _SPACE or text[-1] in _SPACE or "  " in text


def run_content(text: str) -> str:
    """The children of a ``w:r`` printing ``text``: ``w:t`` pieces, ``w:tab`` and ``w:br``."""
    if not text:
        return ""
    if _CARE.search(text) is None and not _preserve(text):  # most text: one scan, no copy
        return f"<w:t>{text}</w:t>"
    if "\t" not in text and "\n" not in text:
        return text_element(text)
    parts = []
    for piece in _SPLIT.split(text):
        if piece in _MARKUP:
            parts.append(_MARKUP[piece])
        elif piece:
            parts.append(text_element(piece))
    return "".join(parts)
