"""The checks of a document's printed layout, from a PDF (LibreOffice's of a .docx, Chromium's of our
HTML, or any other): text block edges, characters per line, lines per page, the top of the block, the
版记 rules and the page numbers. docs/audit.md says what each measures."""

from __future__ import annotations

from supervisio.audit.checks import Check, Checks
from supervisio.audit.pdf import NO_LINE_START, Layout, PdfPage
from supervisio.audit.spec import (
    BLOCK_BOTTOM_MM,
    BLOCK_HEIGHT_MM,
    BLOCK_TOP_MM,
    BLOCK_WIDTH_MM,
    BODY_PT,
    CHARS_PER_LINE,
    LINES_PER_PAGE,
    MM_PER_PT,
    PAGE_MM,
    PAGE_NUMBER_BELOW_BLOCK_MM,
    PAGE_NUMBER_BELOW_TOLERANCE_MM,
    PAGE_NUMBER_PT,
    TOLERANCE_MM,
)
from supervisio.document_settings import Profile

__all__ = ["PDF_CHECK_NAMES", "pdf_checks"]

TOL = TOLERANCE_MM
LEFT_MM = 28.0
RIGHT_MM = PAGE_MM[0] - 26.0
WORD_PITCH_PT = (28.0, BLOCK_HEIGHT_MM / MM_PER_PT / LINES_PER_PAGE)
"""Exact pitches that fill a 22-line page and still fit 225 mm: 28.0 … 28.99 pt."""

PDF_CHECK_NAMES = (
    "printed page A4", "left edge of the block", "right edge of full lines", "block width",
    "characters per full line", "lines per full page", "top of the block", "line pitch",
    "ink block height", "no line opens with closing punctuation", "first page shows 正文",
    "版记 last rule on the block bottom", "版记 rules span the block", "red rule width",
    "every page numbered", "page numbers consecutive", "page number position", "page number below the block",
    "page number glyphs", "turned page inside the rotated block", "turned table width",
)
"""Every check this module may report (docs/audit.md), whatever the document."""


def _mm(points: float) -> float:
    return round(points * MM_PER_PT, 2)


def _near(value: float | None, target: float, tolerance: float = TOL) -> bool:
    return value is not None and abs(value - target) <= tolerance


class _PdfAudit:
    def __init__(self, layout: Layout, profile: Profile) -> None:
        self.layout = layout
        self.profile = profile
        self.out = Checks("pdf")

    def page_size(self) -> None:
        first = self.layout.pages[0]
        size = sorted((_mm(first.width), _mm(first.height)))
        self.out.verdict("printed page A4", _near(size[0], PAGE_MM[0]) and _near(size[1], PAGE_MM[1]),
                         f"{_mm(first.width)} × {_mm(first.height)} mm", f"210 × 297 mm ±{TOL:g}")

    def turned_pages(self) -> None:
        for page in self.layout.pages:
            if page.portrait or not page.lines:
                continue
            left, right = _mm(min(line.x0 for line in page.lines)), _mm(max(line.x1 for line in page.lines))
            top, bottom = _mm(min(line.em_top for line in page.lines)), _mm(max(line.em_bottom for line in page.lines))
            # the 156 × 225 block turned: x 35 … 260, y 28 … 184 (x ±2.5 for table cell margins)
            inside = left >= 35 - 2.5 and right <= 260 + 2.5 and top >= 28 - TOL and bottom <= 184 + TOL
            self.out.verdict(f"turned page inside the rotated block (page {page.number})", inside,
                             {"left": left, "right": right, "top": top, "bottom": bottom},
                             "x 35…260 mm (±2.5), y 28…184 mm (±1): GB/T 9704 §8")
            wide = [rule.length for rule in page.rules if rule.length > 150]
            if wide:
                self.out.verdict(f"turned table width (page {page.number})", max(wide) <= BLOCK_HEIGHT_MM + TOL,
                                 max(wide), f"≤ {BLOCK_HEIGHT_MM:g} mm (the turned block's width)")

    def block(self) -> bool:
        layout = self.layout
        if not layout.portrait or not layout.body:
            if not any(not p.portrait for p in layout.pages):
                self.out.verdict("first page shows 正文", False, "no 16 pt text on a portrait page",
                                 "lines of 3号 (16 pt) text")
            return False
        left, right = _mm(layout.left()), _mm(layout.right())
        self.out.verdict("left edge of the block", _near(left, LEFT_MM), left, f"{LEFT_MM:g} mm ±{TOL:g} (订口)")
        self.out.verdict("right edge of full lines", _near(right, RIGHT_MM), right,
                         f"{RIGHT_MM:g} mm ±{TOL:g} (hanging punctuation left out)")
        self.out.verdict("block width", _near(round(right - left, 2), BLOCK_WIDTH_MM), round(right - left, 2),
                         f"{BLOCK_WIDTH_MM:g} mm ±{TOL:g}")
        counts = layout.chars_per_full_line()
        mode = counts.most_common(1)[0][0] if counts else None
        self.out.verdict("characters per full line", mode == CHARS_PER_LINE,
                         {"most common": mode, "lines by count": dict(sorted(counts.items()))},
                         f"{CHARS_PER_LINE} (5.2.3)")
        return True

    def lines(self) -> None:
        layout = self.layout
        per_page = layout.lines_per_full_page()
        pitch = layout.pitch
        if per_page:
            mode = per_page.most_common(1)[0][0]
            self.out.verdict("lines per full page", mode == LINES_PER_PAGE,
                             {"most common": mode, "pages by lines": dict(sorted(per_page.items()))},
                             f"{LINES_PER_PAGE} (5.2.3)")
        elif pitch:
            if self.profile == "word":
                capacity = layout.line_capacity()
                self.out.verdict("lines per full page", (capacity or 0) >= LINES_PER_PAGE,
                                 f"no full page; {capacity} lines of {pitch} pt fit 225 mm",
                                 f"≥ {LINES_PER_PAGE} whole line boxes in 225 mm")
            else:
                # strict: 22 lines are 21 pitches and one em of ink, which must fill the block
                ink = _mm((LINES_PER_PAGE - 1) * pitch + BODY_PT)
                self.out.verdict("lines per full page", _near(ink, BLOCK_HEIGHT_MM),
                                 f"no full page; 22 lines of {pitch} pt would print {ink} mm of ink",
                                 f"21 pitches + one em = {BLOCK_HEIGHT_MM:g} mm ±{TOL:g} (the strict ink block)")
        if self.profile == "word":
            top = layout.implied_top_margin_mm()
            if top is not None:
                self.out.verdict("top of the block", _near(top, BLOCK_TOP_MM), top,
                                 f"{BLOCK_TOP_MM:g} mm ±{TOL:g}: first baseline − 0.8 × pitch (天头)")
            if pitch:
                low, high = WORD_PITCH_PT
                self.out.verdict("line pitch", low - 0.05 <= pitch <= high + 0.05, pitch,
                                 f"{low:g}…{high:.2f} pt (22 lines fill the page and fit 225 mm)")
        else:
            top = layout.body_top_mm()
            if top is not None:
                self.out.verdict("top of the block", _near(top, BLOCK_TOP_MM), top,
                                 f"{BLOCK_TOP_MM:g} mm ±{TOL:g}: the ink top of the first line")
            height = layout.ink_height_mm()
            if height is not None:
                self.out.verdict("ink block height", _near(height, BLOCK_HEIGHT_MM), height,
                                 f"{BLOCK_HEIGHT_MM:g} mm ±{TOL:g} (a full page's first em top to last em bottom)")

    def text(self) -> None:
        portrait = self.layout.portrait
        bad = [f"page {p.number}: {line.text[:8]}" for p in self.layout.pages for line in p.lines
               if line.text[:1] in NO_LINE_START]
        self.out.verdict("no line opens with closing punctuation", not bad, bad[:5] or "none", "none (禁则)")
        self.out.verdict("first page shows 正文", bool(portrait[0].body), len(portrait[0].body),
                         "> 0 lines of 3号 text on page 1 (7.3.3)")

    def rules(self) -> None:
        portrait = self.layout.portrait
        last = portrait[-1]
        black = [r for r in last.rules if not r.red and r.length > 150 and not r.in_table]
        if black:
            y = black[-1].y
            self.out.verdict("版记 last rule on the block bottom", _near(y, BLOCK_BOTTOM_MM), y,
                             f"{BLOCK_BOTTOM_MM:g} mm ±{TOL:g} on the last page (7.4.1)")
            lengths = [r.length for r in black]
            self.out.verdict("版记 rules span the block", all(_near(n, BLOCK_WIDTH_MM) for n in lengths),
                             lengths, f"{BLOCK_WIDTH_MM:g} mm ±{TOL:g}")
        for page in portrait:
            for rule in page.rules:
                if rule.red and rule.length > 150:
                    self.out.verdict(f"red rule width (page {page.number})", _near(rule.length, BLOCK_WIDTH_MM),
                                     rule.length, f"{BLOCK_WIDTH_MM:g} mm ±{TOL:g} (7.2.7)")

    def page_numbers(self) -> None:
        portrait = self.layout.portrait
        numbered = [p for p in portrait if p.page_number]
        self.out.verdict("every page numbered", len(numbered) == len(portrait),
                         f"{len(numbered)}/{len(portrait)}", "“— N —” on every portrait page (7.5)")
        numbers = [p.page_number.number for p in numbered if p.page_number]
        self.out.verdict("page numbers consecutive",
                         bool(numbers) and numbers == list(range(numbers[0], numbers[0] + len(numbers))),
                         numbers, "1, 2, 3 …")
        one_char = PAGE_NUMBER_PT * MM_PER_PT
        for page in numbered:
            self._page_number(page, one_char)

    def _page_number(self, page: PdfPage, one_char: float) -> None:
        number = page.page_number
        assert number is not None
        if number.number % 2:
            expected, got = RIGHT_MM - one_char, _mm(number.x1)
            where = f"odd: right end at {expected:.1f} mm ±{TOL:g} (居右空一字)"
        else:
            expected, got = LEFT_MM + one_char, _mm(number.x0)
            where = f"even: left end at {expected:.1f} mm ±{TOL:g} (居左空一字)"
        self.out.verdict(f"page number position (page {page.number})", _near(got, expected), got, where)
        below = round(_mm(number.dash_y) - BLOCK_BOTTOM_MM, 2)
        self.out.verdict(f"page number below the block (page {page.number})",
                         _near(below, PAGE_NUMBER_BELOW_BLOCK_MM, PAGE_NUMBER_BELOW_TOLERANCE_MM), below,
                         f"一字线 {PAGE_NUMBER_BELOW_BLOCK_MM:g} mm ±{PAGE_NUMBER_BELOW_TOLERANCE_MM:g} below 262 mm")
        ok = (bool(number.dashes) and set(number.dashes) <= {"—"} and number.dash_em >= 0.8
              and number.digit_em <= 0.7 and abs(number.size - PAGE_NUMBER_PT) <= 0.6)
        self.out.verdict(f"page number glyphs (page {page.number})", ok,
                         {"dashes": number.dashes, "dash em": number.dash_em, "digit em": number.digit_em,
                          "size pt": number.size},
                         "U+2014 dashes ≥ 0.8 em, half-width digits ≤ 0.7 em, 14 pt (4号)")

    def run_all(self) -> list[Check]:
        if not self.layout.pages:
            self.out.verdict("printed page A4", False, "no pages", "a page")
            return self.out.items
        self.page_size()
        self.turned_pages()
        if self.block():
            self.lines()
            self.text()
            self.rules()
            self.page_numbers()
        elif any(p.portrait for p in self.layout.pages):
            self.page_numbers()
            done = {c.name.split(" (page")[0] for c in self.out.items}
            other = "ink block height" if self.profile == "word" else "line pitch"
            for name in PDF_CHECK_NAMES:
                if name not in done and name != other and not name.startswith(("turned", "red rule", "版记")):
                    self.out.skip(name, "", "no 3号 (16 pt) 正文 on a portrait page to measure")
        return self.out.items


def pdf_checks(layout: Layout, profile: Profile) -> list[Check]:
    """Every layout check of ``layout`` in ``profile``."""
    return _PdfAudit(layout, profile).run_all()
