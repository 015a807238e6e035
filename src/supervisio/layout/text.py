"""The width of text in character cells: the one estimator every renderer and table uses.

A cell is one full-width character of the text's own size. Wide and fullwidth characters take a cell;
so do the East Asian "ambiguous" ones (“ ” ‘ ’ — … ·), which the Chinese faces print full-width (Word
gives them the ``eastAsia`` font, docs/gbt9704.md §6.2, §9); combining marks, format characters
(zero-width joiners, the BOM) and controls (a line break, a tab) take nothing; everything else
(letters, digits, ASCII punctuation) takes ``narrow``: ½ by default, as docs/gbt9704.md §6.7 counts
half-width digits.

``narrow`` is a parameter because one caller wants a bound rather than an estimate: the HTML
renderer's page count (:mod:`supervisio.renderers.html.last_page`) counts a narrow character as ¼, the
least a proportional Latin face gives it, so that its line counts never exceed the printed ones.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["char_width", "text_width"]

_ZERO_WIDTH_CATEGORIES = frozenset({"Mn", "Me", "Cf", "Cc"})


@lru_cache(maxsize=4096)
def _is_wide(ch: str) -> bool | None:
    """True for a full cell, False for a narrow character, None for one that takes no width."""
    if unicodedata.category(ch) in _ZERO_WIDTH_CATEGORIES:
        return None
    return unicodedata.east_asian_width(ch) in "WFA"


def char_width(ch: str, *, narrow: float = 0.5) -> float:
    """The width of one character in cells: 1 wide or ambiguous, 0 a mark or control, else ``narrow``."""
    wide = _is_wide(ch)
    return 0.0 if wide is None else 1.0 if wide else narrow


def text_width(text: str, *, narrow: float = 0.5) -> float:
    """The width of ``text`` in character cells: wide and ambiguous characters 1, marks and controls 0,
    others ``narrow`` (½)."""
    if text.isascii() and text.isprintable():  # the common Latin case: one scan
        return len(text) * narrow
    total = 0.0
    for ch in text:
        wide = _is_wide(ch)
        if wide is not None:
            total += 1.0 if wide else narrow
    return total
