"""Where the 署名 lines and the 成文日期 stand: right indents in body character cells (GB/T 9704 7.3.5).

docs/gbt9704.md §2 rows 21–22 and §6.7. Widths are :func:`~supervisio.layout.text.text_width` (half-width
digits count ½: "2022年4月15日" is 6.5 cells).

- **Sealed** (7.3.5.1, 加盖印章): the date 右空四字; each 署名 line centred over the date ("以成文日期为准
  居中编排"); two blank lines above the 署名, room for the seal, whose top stays within a line of the
  text.
- **Unsealed** (7.3.5.2, 不加盖印章): one blank line above (正文下空一行), the 署名 右空二字, the date on
  the next line with its first character two cells right of the 署名's first character. Only "如成文日期
  长于发文机关署名" — when the date is wider than the 署名, so that it would otherwise run past the
  block — is the date set 右空二字 and the 署名 moved left to keep the two-cell offset. A date up to
  the 署名's width keeps the 署名 on 右空二字, even though it then ends less than two cells from the
  block's edge (第七巡回督导组 / 2022年4月15日: 署名 2, date 0.5).
- Several 署名 lines (联合行文) stand one under another; unsealed, all on one right edge, the date offset
  from the widest.
- A 署名 without a date, or a date without a 署名, stands where the date would: 右空四字 sealed, 右空二字
  unsealed.
"""

from __future__ import annotations

import attrs

from supervisio.layout.text import text_width

__all__ = [
    "SEALED_DATE_INDENT",
    "UNSEALED_INDENT",
    "UNSEALED_OFFSET",
    "ClosingPlacement",
    "place_closing",
]

SEALED_DATE_INDENT = 4.0
"""成文日期一般右空四字 (7.3.5.1)."""
UNSEALED_INDENT = 2.0
"""署名 右空二字, and the date's first character two cells right of the 署名's (7.3.5.2)."""
UNSEALED_OFFSET = 2.0


@attrs.frozen(kw_only=True)
class ClosingPlacement:
    """Where a 署名 and its 成文日期 stand: each 署名 line's right indent and the date's, in body cells,
    and the blank body lines above the first 署名 line."""

    signature_indents: tuple[float, ...]
    """One right indent per 署名 line, in order."""
    date_indent: float
    """The 成文日期's right indent (where it would stand when there is none)."""
    blank_lines: int
    """Blank lines between the text and the 署名: 1 unsealed (正文下空一行), 2 sealed (the seal's room)."""


def place_closing(signatures: tuple[str, ...], date: str | None, sealed: bool) -> ClosingPlacement:
    """Where the 署名 lines ``signatures`` and the 成文日期 ``date`` (its printed text, None: no date
    line) stand, sealed (7.3.5.1) or not (7.3.5.2); see the module docstring for the rules and why."""
    widths = [text_width(name) for name in signatures]
    blank_lines = 2 if sealed else 1
    if date is None:
        indent = SEALED_DATE_INDENT if sealed else UNSEALED_INDENT
        return ClosingPlacement(
            signature_indents=tuple(indent for _ in widths), date_indent=indent, blank_lines=blank_lines
        )
    date_width = text_width(date)
    if sealed:
        return ClosingPlacement(
            signature_indents=tuple(max(0.0, SEALED_DATE_INDENT + (date_width - w) / 2) for w in widths),
            date_indent=SEALED_DATE_INDENT,
            blank_lines=blank_lines,
        )
    widest = max(widths, default=0.0)
    if date_width <= widest:  # the date's first character two cells right of the 署名's
        return ClosingPlacement(
            signature_indents=tuple(UNSEALED_INDENT for _ in widths),
            date_indent=UNSEALED_INDENT + widest - UNSEALED_OFFSET - date_width,
            blank_lines=blank_lines,
        )
    # 如成文日期长于发文机关署名: the date 右空二字, the 署名 moved left to keep the offset
    name_indent = UNSEALED_INDENT + date_width + UNSEALED_OFFSET - widest
    return ClosingPlacement(
        signature_indents=tuple(name_indent for _ in widths),
        date_indent=UNSEALED_INDENT,
        blank_lines=blank_lines,
    )
