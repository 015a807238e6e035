"""Column widths from the text of a table: the one rule both renderers follow, for every table.

A table's columns are sized from what they hold, in character cells of the cell text as
:func:`supervisio.layout.text_width` (the one estimator) counts them. Per column (:class:`ColumnText`):

- ``floor``: its longest unbreakable run (:func:`unbreakable`): a date (``2022.12.31``,
  ``2022年12月31日前``), a number, a code (``DD07-012``), a Latin word, with :data:`SLACK` for digits
  wider than the estimate. The column is never narrower when the room allows, so none of them is
  broken inside. Chinese text breaks between any two characters: a column of Chinese words only has
  a floor of one character;
- ``natural``: its longest line (each forced line break starts one), the header's included: the width
  past which the column gains nothing;
- ``area``: the width of all its text (how much it has to say);
- the forced lines of its cells, to count the lines a width gives (:func:`line_count`).

:func:`share` fits the widths to the text. Every column starts at its floor (and at :data:`MIN_CELLS`,
when it has that much to say); then, half a cell to a few cells at a time, the room goes to the column
where it saves the most printed lines per cell — a row is as tall as its tallest cell, and the header,
printed on every page, counts once a page. So the room goes where the text is (问题描述, 整改措施 in
the 问题台账), and a column of short fixed values (序号, dates, 状态) stays as wide as its longest
value. What saves no line is spread in proportion to the columns' text, first to the columns that
still wrap, so the table always fills the block. When even the floors do not fit, they are scaled
down together. A table with its own ``widths`` (a template's) keeps them as proportions, a column only
raised to its floor.

A large table is measured on :data:`SAMPLE` evenly spread rows, but its columns of short values
(dates, codes) in full: a 10,000-row ledger is sized in tens of milliseconds, and no date of it is
left out of its column's floor.

:func:`column_widths` does it in a renderer's units (twips, millimetres): the block width, the width
of one character cell and each column's padding (both margins and a rule) in; the widths out, summing
to the block width. The docx plugin rounds them to whole twips; the HTML renderer writes percentages.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

import attrs

from supervisio.doctree.nodes import Cell, LineBreak, Table, Text
from supervisio.layout.text import text_width

__all__ = [
    "UNBREAKABLE", "SLACK", "unbreakable", "token_width", "Line", "ColumnText", "column_count",
    "measure", "line_count", "wrapped_lines", "share", "column_widths",
]

UNBREAKABLE = re.compile(
    r"""
      [0-9０-９]+[ ]?年(?:[ ]?[0-9０-９]+[ ]?月(?:[ ]?[0-9０-９]+[ ]?日)?)?(?:底前|以前|之前|前|底)?  # 2022年6月30日前
    | [0-9０-９]+[ ]?月(?:[ ]?[0-9０-９]+[ ]?日)?(?:底前|以前|之前|前|底)?                        # 6月底前, 3月4日
    | [0-9０-９]+[ ]?(?:个工作日|个月|日|天|周|年)内?                                           # 15个工作日内
    | [!-~]*[0-9A-Za-z][!-~]*                                                                  # 2022.12.31, DD07-012
    """,
    re.VERBOSE,
)
"""A run that is printed whole: a date or a time limit in Chinese, or a run of ASCII that holds a
letter or a digit (a number, a date, a code, a Latin word). ASCII runs end at spaces."""

_EPSILON = 1e-9
SLACK = 0.14
"""Cells a floor adds for each ASCII letter or digit of its token: the estimator counts them ½, which
Times New Roman and the Chinese faces print, but the faces a viewer falls back to print digits up
to 0.64 of the size (DejaVu Sans, LibreOffice's; 0.56 in Chromium's), and a token must fit in any."""


def unbreakable(text: str) -> Iterable[str]:
    """The runs of ``text`` printed whole (:data:`UNBREAKABLE`), in order."""
    return (match.group() for match in UNBREAKABLE.finditer(text))


Line = tuple[float, bool]
"""A forced line of a cell: its width in cells and whether it holds a wide (Chinese) character."""


@attrs.frozen
class ColumnText:
    """What one column holds, in character cells (module docstring).

    ``cells`` are the forced lines (:data:`Line`) of the column's cells in the rows measured (all of
    them up to :data:`SAMPLE` rows, evenly spread ones past that), aligned across the columns of a
    table; ``header`` the header cell's forced lines, as text (a header is wrapped exactly:
    :func:`wrapped_lines`, since it is printed on every page).
    """

    floor: float = 0.0
    natural: float = 0.0
    area: float = 0.0
    cells: tuple[tuple[Line, ...], ...] = ()
    header: tuple[str, ...] = ()


SAMPLE = 80
"""Rows measured at most: past that, evenly spread rows stand for the others (a 10,000-row ledger
is sized from 80 of its rows in milliseconds; its columns hold the same kinds of text). The floors
and natural widths of the short columns (:data:`SHORT`) are read from every row all the same: a
date or code longer than any in the sample must still fit."""
SHORT = 12.0
"""A column whose measured lines are at most this many cells holds short values (dates, codes,
names, 状态): every row of it is read."""
ROWS_PER_PAGE = 8
"""Rows a page holds, about: the header is printed once a page, so it weighs as much as this many
rows when the widths are chosen."""
TIE = 0.1
"""What a line saved in a column that is not the tallest of its row weighs against one saved in the
table (:func:`share`): enough to widen one of two columns that are as tall, to widen the other next."""
MIN_CELLS = 2.0
"""Every column gets two cells when it has that much to say, so that a two-character value (状态,
问题类型) or header never stands one character a line."""


def column_count(table: Table) -> int:
    """The number of columns: the longest of the header, the rows and the totals row."""
    totals = (table.totals,) if table.totals is not None else ()
    return max((len(row) for row in (table.header, *table.rows, *totals)), default=0)


def _lines(cell: Cell) -> list[str]:
    """A cell's text as its forced lines (a LineBreak or a line feed ends one)."""
    parts: list[str] = []
    stack = list(reversed(cell))
    while stack:
        inline = stack.pop()
        if isinstance(inline, Text):
            parts.append(inline.text)
        elif isinstance(inline, LineBreak):
            parts.append("\n")
        else:
            stack.extend(reversed(inline.children))
    return "".join(parts).replace("\r\n", "\n").replace("\r", "\n").split("\n")


def token_width(run: str) -> float:
    """The room an unbreakable run needs, in cells: its estimated width and :data:`SLACK`."""
    return text_width(run) + SLACK * sum(1 for ch in run if ch.isascii() and ch.isalnum())


def _floor(line: str) -> float:
    longest = max((token_width(run) for run in unbreakable(line)), default=0.0)
    return max(longest, 1.0 if line.strip() else 0.0)  # one character at least


def _sample(rows: Sequence[tuple[Cell, ...]]) -> Sequence[tuple[Cell, ...]]:
    if len(rows) <= SAMPLE:
        return rows
    step = len(rows) / SAMPLE
    return [rows[int(i * step)] for i in range(SAMPLE)]


def measure(table: Table) -> tuple[ColumnText, ...]:
    """The :class:`ColumnText` of each column of ``table``: its header, the totals row and up to
    :data:`SAMPLE` body rows measured (``area`` is then scaled to the whole body).

    Cells that are the same node (a kind may share them between rows) are measured once.
    """
    count = column_count(table)
    rows = [*_sample(table.rows), *((table.totals,) if table.totals is not None else ())]
    scale = (len(table.rows) + (table.totals is not None)) / len(rows) if rows else 1.0
    floors = [0.0] * count
    naturals = [0.0] * count
    areas = [0.0] * count
    cells: list[list[tuple[Line, ...]]] = [[] for _ in range(count)]
    seen: list[dict[int, tuple[float, tuple[Line, ...]]]] = [{} for _ in range(count)]
    for row in rows:
        for j in range(count):
            cell = row[j] if j < len(row) else ()
            known = seen[j].get(id(cell))
            if known is None:
                lines = _lines(cell)
                known = seen[j][id(cell)] = (
                    max(map(_floor, lines)), tuple(map(_line, lines))
                )
            floors[j] = max(floors[j], known[0])
            naturals[j] = max(naturals[j], *(w for w, _ in known[1]))
            areas[j] += sum(w for w, _ in known[1]) * scale
            cells[j].append(known[1])
    if len(table.rows) > SAMPLE:  # sampled: the short columns (dates, codes) read in full
        for j in (j for j in range(count) if naturals[j] <= SHORT):
            try:
                column = {id(row[j]): row[j] for row in table.rows}  # shared cells once
            except IndexError:  # short rows: their missing cells are empty
                column = {id(c): c for c in (row[j] if j < len(row) else () for row in table.rows)}
            for key, cell in column.items():
                if key in seen[j]:
                    continue
                if len(cell) == 1 and type(cell[0]) is Text:  # as wide as the widest already?
                    n = len(cell[0].text)
                    narrow = cell[0].text.isascii()
                    if n * (0.5 + SLACK if narrow else 1) <= floors[j] and (
                        n * (0.5 if narrow else 1) <= naturals[j]
                    ):
                        continue
                lines = _lines(cell)
                floors[j] = max(floors[j], *map(_floor, lines))
                naturals[j] = max(naturals[j], *map(text_width, lines))
    header = [_lines(table.header[j]) if j < len(table.header) else [""] for j in range(count)]
    for j, lines in enumerate(header):  # a header wraps like a cell, and says little
        floors[j] = max(floors[j], *map(_floor, lines))
        naturals[j] = max(naturals[j], *map(text_width, lines))
    return tuple(
        ColumnText(floors[j], naturals[j], areas[j], tuple(cells[j]), tuple(header[j]))
        for j in range(count)
    )


def _line(text: str) -> Line:
    width = text_width(text)
    return width, width > len(text) / 2


def line_count(lines: tuple[Line, ...], width: float) -> int:
    """Lines taken by a cell whose forced lines are ``lines``, in a column ``width`` cells wide.

    Text widths are multiples of half a cell, so a line of Latin text holds a whole number of half
    cells, and one with Chinese characters, about, a whole number of cells.
    """
    halves = max(0.5, math.floor(width * 2 + _EPSILON) / 2)
    whole = max(1.0, math.floor(width + _EPSILON))
    if len(lines) == 1:
        w, wide = lines[0]
        return max(1, math.ceil(w / (whole if wide else halves) - _EPSILON))
    return sum(max(1, math.ceil(w / (whole if wide else halves) - _EPSILON)) for w, wide in lines) or 1


_NO_LINE_START = frozenset("，。、；：？！）》」』】〉”’…—·%‰/,.;:?!)]}'\"")
"""Characters a line may not start with (Chinese 避头点, closing brackets and quotes, a slash): they
stay at the end of the line before, as the viewers set them."""


def wrapped_lines(lines: Iterable[str], width: float) -> int:
    """Lines taken by text of these forced ``lines`` wrapped in ``width`` cells, piece by piece (for
    a few short texts, such as a header: :func:`line_count` estimates the body)."""
    total = 0
    for line in lines:
        pieces: list[tuple[float, str]] = []  # what a line may break between: width, first character
        start = 0
        for run in unbreakable(line):
            begin = line.index(run, start)
            pieces.extend((text_width(ch), ch) for ch in line[start:begin])
            pieces.append((token_width(run), run[0]))
            start = begin + len(run)
        pieces.extend((text_width(ch), ch) for ch in line[start:])
        glued: list[float] = []
        for piece, first in pieces:
            if glued and first in _NO_LINE_START:
                glued[-1] += piece
            else:
                glued.append(piece)
        count, used = 1, 0.0
        for piece in glued:
            if used and used + piece > width + _EPSILON:
                count, used = count + 1, 0.0
            used += piece
            while used > width + _EPSILON and width > 0:
                count, used = count + 1, used - width
        total += count
    return total or 1


def share(
    columns: Sequence[ColumnText], room: float, weights: Sequence[float] | None = None,
    rows: int | None = None,
) -> tuple[float, ...]:
    """Widths in character cells summing to ``room`` (module docstring).

    ``weights`` (one positive number a column: a template's own ``widths``) are kept as the
    proportions, a column only raised to its floor. Without them the widths are fitted to the text:
    every column first gets its floor (and :data:`MIN_CELLS` when its text is that wide); then, half
    a cell at a time, the room goes to the column where it saves the most lines in the table (the
    header counted once a page of :data:`ROWS_PER_PAGE` rows, ``rows`` the body's rows); what no
    column can use to save a line is spread in proportion to the columns' text.
    """
    count = len(columns)
    if count == 0:
        return ()
    if room <= 0:
        return (0.0,) * count
    floors = [c.floor for c in columns]
    if sum(floors) >= room:
        return _scaled(floors if sum(floors) > 0 else [1.0] * count, room)
    if weights is not None and len(weights) == count and all(w > 0 for w in weights):
        return _proportional(floors, list(weights), room)
    naturals = [max(c.natural, c.floor) for c in columns]
    widths = [max(f, min(n, MIN_CELLS)) for f, n in zip(floors, naturals, strict=True)]
    if sum(widths) > room:
        widths = floors
    widths = _fitted(columns, widths, naturals, room, rows)
    areas = [max(c.area, c.natural, _EPSILON) for c in columns]
    return _filled(widths, naturals, areas, room)


def _fitted(
    columns: Sequence[ColumnText], widths: list[float], naturals: list[float], room: float,
    rows: int | None,
) -> list[float]:
    """The widths grown half a cell at a time where they save the most lines (:func:`share`)."""
    count = len(columns)
    sampled = len(columns[0].cells)
    total = rows if rows is not None else sampled
    row_weight = total / sampled if sampled else 0.0
    header_weight = max(1.0, total / ROWS_PER_PAGE)
    # counted(j, width)[r]: lines of column j in measured row r (the last "row" is the header)
    weights = [row_weight] * sampled + [header_weight]
    known: dict[tuple[int, float], list[int]] = {}  # (column, width) → its lines in each row

    def counted(j: int, width: float) -> list[int]:
        found = known.get((j, width))
        if found is None:
            column = columns[j]
            same: dict[tuple[Line, ...], int] = {}  # cells repeat (dates, units, 状态)
            found = [
                same[cell] if cell in same else same.setdefault(cell, line_count(cell, width))
                for cell in column.cells
            ]
            found.append(wrapped_lines(column.header, width))
            known[j, width] = found
        return found

    lines = [counted(j, widths[j]) for j in range(count)]
    left = room - sum(widths)
    steps = (0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0)
    # the tallest and second tallest column of each row: a row without column j is as tall as
    # the tallest of the others
    first = [0] * (sampled + 1)
    second = [0] * (sampled + 1)
    tallest = [-1] * (sampled + 1)

    def rank(r: int) -> None:
        first[r] = second[r] = 0
        for k, column in enumerate(lines):
            n = column[r]
            if n > first[r]:
                second[r], first[r], tallest[r] = first[r], n, k
            elif n > second[r]:
                second[r] = n

    for r in range(sampled + 1):
        rank(r)
    while left >= 0.5 - _EPSILON:
        best: tuple[float, float, int, float] | None = None
        for j in range(count):
            now = lines[j]
            if widths[j] >= naturals[j] - _EPSILON or all(n == 1 for n in now):
                continue  # as wide as it gets, or never wrapping: widening saves nothing
            others: list[int] | None = None
            previous = now
            for grow in steps:
                if grow > left + _EPSILON:
                    break
                new = counted(j, widths[j] + grow)
                if new != previous:  # else no better than the smaller step
                    previous = new
                    if others is None:
                        others = [s if t == j else f for f, s, t in zip(first, second, tallest)]
                    # lines saved in the table, and a little for each line saved in the column:
                    # where two columns are as tall, widening one saves no line until the other is
                    saved = 0.0
                    for r in [r for r, (c, n) in enumerate(zip(now, new)) if c != n]:
                        n, o = new[r], others[r]
                        saved += weights[r] * (first[r] - (o if o > n else n) + TIE * (now[r] - n))
                    gain = saved / grow
                    if saved > _EPSILON and (best is None or (gain, columns[j].area) > best[:2]):
                        best = (gain, columns[j].area, j, grow)
                if widths[j] + grow >= naturals[j] - _EPSILON:
                    break
        if best is None:
            break
        _, _, j, grow = best
        widths[j] += grow
        old, lines[j] = lines[j], counted(j, widths[j])
        left -= grow
        for r in [r for r, (c, n) in enumerate(zip(old, lines[j])) if c != n]:
            rank(r)
    return widths


def _filled(
    widths: list[float], caps: list[float], weights: list[float], room: float
) -> tuple[float, ...]:
    """``widths`` grown to sum to ``room``: the rest given in proportion to ``weights``, first only to
    the columns below their ``caps`` (never past them), then, when all are there, to every column."""
    widths = list(widths)
    while True:
        left = room - sum(widths)
        if left <= _EPSILON:
            break
        open_ = [j for j in range(len(widths)) if widths[j] < caps[j] - _EPSILON]
        if not open_:
            total = sum(weights)
            return tuple(w + left * weights[j] / total for j, w in enumerate(widths))
        total = sum(weights[j] for j in open_)
        capped = [j for j in open_ if widths[j] + left * weights[j] / total > caps[j] + _EPSILON]
        if not capped:
            for j in open_:
                widths[j] += left * weights[j] / total
            break
        for j in capped:
            widths[j] = caps[j]
    return tuple(widths)


def _proportional(floors: list[float], weights: list[float], room: float) -> tuple[float, ...]:
    """``room`` shared in proportion to ``weights``, a column whose part is below its floor given
    its floor and the others sharing the rest the same way."""
    widths: list[float | None] = [None] * len(floors)
    while True:
        open_ = [j for j, w in enumerate(widths) if w is None]
        left = room - sum(w for w in widths if w is not None)
        total = sum(weights[j] for j in open_)
        low = [j for j in open_ if left * weights[j] / total < floors[j] - _EPSILON]
        if not low:
            return tuple(w if w is not None else left * weights[j] / total for j, w in enumerate(widths))
        for j in low:
            widths[j] = floors[j]


def _scaled(values: Sequence[float], room: float) -> tuple[float, ...]:
    total = sum(values)
    return tuple(room * v / total for v in values)


def column_widths(table: Table, width: float, cell: float, padding: float = 0.0) -> tuple[float, ...]:
    """The widths of ``table``'s columns in the unit of ``width`` (twips, millimetres …), summing to it.

    ``cell`` is the width of one character cell of the cell text, ``padding`` what each column takes
    besides its text (the padding on both sides, a rule). The table's own ``widths``, when it has one
    positive number a column, are the proportions of the whole width, a column only raised to its
    floor; without them the widths are fitted to the text (:func:`share`).
    """
    count = column_count(table)
    if count == 0:
        return ()
    padding = min(padding, width / count)
    room = (width - count * padding) / cell
    columns = measure(table)
    if len(table.widths) == count and min(table.widths) > 0 and sum(c.floor for c in columns) < room:
        # the template's proportions, of the whole width (as its author sees the columns)
        floors = [c.floor * cell + padding for c in columns]
        return _proportional(floors, [float(w) for w in table.widths], width)
    cells = share(columns, room, None, len(table.rows))
    return tuple(c * cell + padding for c in cells)
