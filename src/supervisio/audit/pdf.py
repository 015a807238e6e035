"""Measuring a PDF's layout: text lines by baseline, the 正文 block, pitch, page numbers, rules.

Works on any PDF with a text layer (LibreOffice, Word, WPS, Chromium). Lengths are PDF points here; the
checks report millimetres. A glyph's CJK em box is taken from its baseline and size (top = baseline −
0.88 em, bottom = baseline + 0.12 em), not from the font's bounding box, which each PDF writer reports
differently. Needs pdfplumber (``pip install 'supervisio[audit]'``).
"""

from __future__ import annotations

import logging
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import attrs

from supervisio.audit.checks import AuditError
from supervisio.audit.spec import BLOCK_HEIGHT_MM, BODY_PT, MM_PER_PT

__all__ = ["Layout", "Line", "PageNumber", "PdfPage", "Rule", "measure_pdf"]

EM_TOP, EM_BOTTOM = 0.88, 0.12
EXACT_BASELINE = 0.8
"""Word and LibreOffice set an exact-spaced line's baseline 0.8 × its height below its top."""
DASHES = "—―–－-‒"
HANGING = frozenset("，。、；：！？,.;:!?")
"""Marks that may hang past the right edge (Word's overflowPunct, LibreOffice's zh-CN default)."""
NO_LINE_START = frozenset("，。、；：！？）】》」』”’…%,.;:!?)")
"""Marks that may not open a line (GB/T 15834, 禁则)."""
_PAGE_NUMBER = re.compile(rf"^([{re.escape(DASHES)}]+)(\d+)([{re.escape(DASHES)}]+)$")
_BODY_SLACK = 0.6
_MIN_RULE_MM = 20.0


def full_width(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _red(color: Any) -> bool:
    if not isinstance(color, (tuple, list)):
        return False
    values = [float(v) for v in color]
    if len(values) == 3:
        return values[0] > 0.6 and values[1] < 0.35 and values[2] < 0.35
    if len(values) == 4:  # CMYK
        return values[0] < 0.3 and values[1] > 0.6 and values[2] > 0.6 and values[3] < 0.4
    return False


@attrs.frozen(kw_only=True)
class Glyph:
    text: str
    x0: float
    x1: float
    size: float
    baseline: float
    font: str
    red: bool


@attrs.frozen(kw_only=True)
class Line:
    """Glyphs sharing a baseline, left to right."""

    glyphs: tuple[Glyph, ...]

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    @property
    def size(self) -> float:
        return Counter(round(g.size, 1) for g in self.glyphs).most_common(1)[0][0]

    @property
    def baseline(self) -> float:
        return statistics.median(g.baseline for g in self.glyphs)

    @property
    def x0(self) -> float:
        return min(g.x0 for g in self.glyphs)

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def em_top(self) -> float:
        return self.baseline - EM_TOP * max(g.size for g in self.glyphs)

    @property
    def em_bottom(self) -> float:
        return self.baseline + EM_BOTTOM * max(g.size for g in self.glyphs)

    @property
    def red(self) -> bool:
        return sum(g.red for g in self.glyphs) > len(self.glyphs) / 2

    @property
    def full_width(self) -> bool:
        return all(full_width(g.text) for g in self.glyphs)

    def cjk_step(self) -> float | None:
        """The median advance between neighbouring full-width glyphs (the character cell)."""
        steps = [b.x0 - a.x0 for a, b in pairwise(self.glyphs)
                 if full_width(a.text) and full_width(b.text)]
        return statistics.median(steps) if steps else None


@attrs.frozen(kw_only=True)
class PageNumber:
    text: str
    number: int
    x0: float
    x1: float
    size: float
    dashes: str
    dash_em: float
    digit_em: float
    dash_y: float
    """The 一字线's height on the page: the middle of the CJK em box."""


@attrs.frozen(kw_only=True)
class Rule:
    """A horizontal line or thin rectangle at least 20 mm long (mm)."""

    y: float
    x0: float
    x1: float
    thickness: float
    red: bool
    in_table: bool

    @property
    def length(self) -> float:
        return round(self.x1 - self.x0, 2)


@attrs.frozen(kw_only=True)
class PdfPage:
    number: int
    width: float
    height: float
    lines: tuple[Line, ...]
    """Text lines, the page number's excluded."""
    page_number: PageNumber | None
    rules: tuple[Rule, ...]

    @property
    def portrait(self) -> bool:
        return self.height > self.width

    @property
    def body(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if abs(line.size - BODY_PT) <= _BODY_SLACK)

    @property
    def other_sizes(self) -> tuple[float, ...]:
        return tuple(sorted({line.size for line in self.lines if abs(line.size - BODY_PT) > _BODY_SLACK}))

    @property
    def pitch(self) -> float | None:
        return _pitch([b.baseline - a.baseline for a, b in pairwise(self.body)])

    @property
    def cell(self) -> float | None:
        steps = [s for s in (line.cjk_step() for line in self.body if line.full_width) if s]
        return statistics.median(steps) if steps else None


def _pitch(steps: Sequence[float]) -> float | None:
    """The mean of the baseline steps near the most common one (LibreOffice rounds positions, so
    28.95 pt shows as 28.9 and 29.0 in turn)."""
    if not steps:
        return None
    mode = Counter(round(s, 1) for s in steps).most_common(1)[0][0]
    return round(statistics.mean(s for s in steps if abs(s - mode) <= 0.3), 2)


@attrs.frozen(kw_only=True)
class Layout:
    """The measured pages of a PDF and what they add up to (lengths in points unless named _mm)."""

    path: str
    pages: tuple[PdfPage, ...]

    @property
    def portrait(self) -> tuple[PdfPage, ...]:
        return tuple(p for p in self.pages if p.portrait)

    @property
    def body(self) -> tuple[Line, ...]:
        return tuple(line for page in self.portrait for line in page.body)

    @property
    def cell(self) -> float | None:
        cells = [c for c in (p.cell for p in self.portrait) if c]
        return statistics.median(cells) if cells else None

    @property
    def pitch(self) -> float | None:
        pitches = [p for p in (page.pitch for page in self.portrait) if p]
        return round(statistics.median(pitches), 2) if pitches else None

    def left(self) -> float:
        return min(line.x0 for line in self.body)

    def right_reference(self) -> float:
        """Where full lines end, hanging punctuation left out: the furthest end of a line that does not
        end in a mark that may hang (a document of short list items has few full lines, so a median
        of the longer lines would fall short of the edge and take a hanging comma for an overrun)."""
        plain = [line.x1 for line in self.body if len(line.glyphs) >= 10 and line.glyphs[-1].text not in HANGING]
        return max(plain) if plain else max(line.x1 for line in self.body)

    def counted(self, line: Line) -> tuple[float, tuple[Glyph, ...]]:
        """(right edge, glyphs) of ``line`` without a final punctuation mark hanging in the margin.

        A mark hangs when it starts within the last cell and runs past the edge: a line holding
        half-width digits does not end on a whole cell, so its mark may start a little short of it."""
        last = line.glyphs[-1]
        reference = self.right_reference()
        if (last.text in HANGING and len(line.glyphs) > 1 and last.x1 > reference
                and last.x0 >= reference - (self.cell or BODY_PT)):
            return line.glyphs[-2].x1, line.glyphs[:-1]
        return line.x1, line.glyphs

    def right(self) -> float:
        return max(self.counted(line)[0] for line in self.body)

    def chars_per_full_line(self) -> Counter[int]:
        """Characters of the lines that run to the right edge, counting a first-line indent in cells."""
        cell, left, right = self.cell, self.left(), self.right()
        counts: Counter[int] = Counter()
        if not cell:
            return counts
        for line in self.body:
            x1, glyphs = self.counted(line)
            if line.full_width and x1 >= right - 0.5 * cell:
                counts[len(glyphs) + round((line.x0 - left) / cell)] += 1
        return counts

    def full_pages(self) -> dict[int, bool]:
        """Page number → whether it is a full page of 正文: body text only, not the last page, and
        running down to the lowest body line of the document (a page a hard break ends early is not
        full)."""
        pages = self.portrait
        pitch = self.pitch
        lowest = max((p.body[-1].baseline for p in pages if p.body), default=None)
        out: dict[int, bool] = {}
        for index, page in enumerate(pages):
            if not page.lines:
                continue
            reaches = bool(page.body) and lowest is not None and pitch is not None \
                and page.body[-1].baseline >= lowest - 1.5 * pitch
            out[page.number] = not page.other_sizes and index < len(pages) - 1 and reaches
        return out

    def lines_per_full_page(self) -> Counter[int]:
        full = self.full_pages()
        return Counter(len(p.body) for p in self.portrait if full.get(p.number))

    def text_pages(self) -> tuple[PdfPage, ...]:
        """Pages whose text is all 正文 size (their first line starts the block)."""
        return tuple(p for p in self.portrait if p.body and not p.other_sizes)

    def body_top_mm(self) -> float | None:
        """The em top of the first body line (ink top of the block), median over the text pages."""
        pages = self.text_pages()
        return _mm(statistics.median(p.body[0].em_top for p in pages)) if pages else None

    def implied_top_margin_mm(self) -> float | None:
        pages, pitch = self.text_pages(), self.pitch
        if not pages or not pitch:
            return None
        return _mm(statistics.median(p.body[0].baseline for p in pages) - EXACT_BASELINE * pitch)

    def ink_height_mm(self) -> float | None:
        full = self.full_pages()
        pages = [p for p in self.text_pages() if full.get(p.number)]
        top = self.body_top_mm()
        if not pages or top is None:
            return None
        return round(_mm(statistics.median(p.body[-1].em_bottom for p in pages)) - top, 2)

    def line_capacity(self) -> int | None:
        """Whole exact line boxes of this pitch in 225 mm (what Word and LibreOffice need)."""
        pitch = self.pitch
        return int((BLOCK_HEIGHT_MM / MM_PER_PT + 1e-6) // pitch) if pitch else None


def _mm(points: float) -> float:
    return round(points * MM_PER_PT, 2)


def _lines(glyphs: list[Glyph]) -> list[Line]:
    rows: list[list[Glyph]] = []
    last = None
    for glyph in sorted(glyphs, key=lambda g: g.baseline):
        if rows and last is not None and abs(last - glyph.baseline) <= 0.3 * max(glyph.size, 1):
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
            last = glyph.baseline
    return [Line(glyphs=tuple(sorted(row, key=lambda g: g.x0))) for row in rows]


def _page_number(line: Line, height: float) -> PageNumber | None:
    text = line.text.replace(" ", "").replace("\u3000", "")
    match = _PAGE_NUMBER.match(text)
    if not match or line.baseline <= 0.8 * height:
        return None
    digits = [g for g in line.glyphs if g.text.isdigit()]
    dashes = [g for g in line.glyphs if g.text in DASHES]
    return PageNumber(
        text=line.text, number=int(match.group(2)), x0=line.x0, x1=line.x1, size=line.size,
        dashes="".join(g.text for g in dashes),
        dash_em=round(statistics.median((g.x1 - g.x0) / g.size for g in dashes), 2),
        digit_em=round(statistics.median((g.x1 - g.x0) / g.size for g in digits), 2),
        dash_y=line.baseline - (EM_TOP - 0.5) * line.size,
    )


def _rules(page: Any) -> tuple[Rule, ...]:
    shapes = list(page.lines) + list(page.rects)
    verticals = []
    for o in shapes:
        if o["x1"] - o["x0"] <= 3 and abs(o["bottom"] - o["top"]) >= 3 / MM_PER_PT:
            verticals.append(((o["x0"] + o["x1"]) / 2 * MM_PER_PT, o["top"] * MM_PER_PT, o["bottom"] * MM_PER_PT))
    rules: list[Rule] = []
    for o in shapes:
        width, height = o["x1"] - o["x0"], abs(o["bottom"] - o["top"])
        if width < _MIN_RULE_MM / MM_PER_PT or height > 3:
            continue
        is_line = o["object_type"] == "line"
        color = o.get("stroking_color") if is_line else (o.get("non_stroking_color") or o.get("stroking_color"))
        thickness = o.get("linewidth") if is_line else max(height, o.get("linewidth") or 0)
        y = (o["top"] + o["bottom"]) / 2 * MM_PER_PT
        x0 = o["x0"] * MM_PER_PT
        # a table's border meets a vertical border at its left end; a 版记 rule stands alone
        in_table = any(abs(x - x0) <= 1.0 and top - 1.0 <= y <= bottom + 1.0 for x, top, bottom in verticals)
        rules.append(Rule(y=round(y, 2), x0=round(x0, 2), x1=round(o["x1"] * MM_PER_PT, 2),
                          thickness=round((thickness or 0) * MM_PER_PT, 3), red=_red(color),
                          in_table=in_table))
    rules.sort(key=lambda r: r.y)
    unique: list[Rule] = []
    for rule in rules:  # LibreOffice sometimes paints a border twice
        if unique and abs(unique[-1].y - rule.y) < 0.05 and abs(unique[-1].x0 - rule.x0) < 0.05:
            continue
        unique.append(rule)
    return tuple(unique)


def measure_pdf(path: str | Path) -> Layout:
    """The layout of the PDF at ``path``; an :class:`AuditError` if it cannot be read."""
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError:
        raise AuditError(
            f"{path}: measuring a PDF needs pdfplumber (pip install 'supervisio[audit]')") from None
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # Chromium's PDFs: "Could not get FontBBox"
    pages: list[PdfPage] = []
    try:
        with pdfplumber.open(path) as document:
            for number, page in enumerate(document.pages, start=1):
                height = float(page.height)
                glyphs = [
                    Glyph(text=c["text"], x0=float(c["x0"]), x1=float(c["x1"]), size=float(c["size"]),
                          baseline=height - float(c["matrix"][5]), font=str(c["fontname"]).split("+")[-1],
                          red=_red(c.get("non_stroking_color")))
                    for c in page.chars if c["text"].strip() and c.get("upright", True)
                ]
                lines, number_line = [], None
                for line in _lines(glyphs):
                    found = _page_number(line, height)
                    if found is not None:
                        number_line = found
                    else:
                        lines.append(line)
                pages.append(PdfPage(number=number, width=float(page.width), height=height,
                                     lines=tuple(lines), page_number=number_line, rules=_rules(page)))
    except FileNotFoundError:
        raise AuditError(f"{path}: no such file") from None
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as error:
        raise AuditError(f"{path}: not a readable PDF ({type(error).__name__}: {error})") from None
    except Exception as error:  # noqa: BLE001 - pdfminer raises many kinds of errors on broken files
        if type(error).__module__.startswith(("pdfminer", "pdfplumber")):
            raise AuditError(f"{path}: not a readable PDF ({type(error).__name__}: {error})") from None
        raise
    return Layout(path=str(path), pages=tuple(pages))
