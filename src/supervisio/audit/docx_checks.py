"""The checks of a .docx read from its XML (no LibreOffice needed): page, grid, pitch, fonts, sizes,
page numbers and the 版记. Each check's name, expectation and meaning is in docs/audit.md."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from supervisio.audit.checks import Check, Checks
from supervisio.audit.classify import Kind, classify, imprint_table
from supervisio.audit.docx_xml import SLOTS, Docx, Paragraph, Run, Section
from supervisio.audit.spec import (
    BODY_PT,
    CHARS_PER_LINE,
    IMPRINT_PT,
    MM_PER_TWIP,
    PAGE_NUMBER_PT,
    TITLE_PT,
    TOLERANCE_MM,
    face_family,
    page_for,
)
from supervisio.document_settings import Profile

__all__ = ["docx_checks"]

_TWIPS_PER_MM = 1 / MM_PER_TWIP
_INDENT_SLACK = 40
"""Twips an indent may differ from its nominal value (2 pt)."""
_DASH = "\u2014"
_EXPECTED_FACE = {
    "body": "仿宋", "title": "小标宋", "heading1": "黑体", "heading2": "楷体", "heading3": "仿宋",
    "heading4": "仿宋", "attachment label": "黑体", "masthead": "小标宋", "imprint": "仿宋",
}
_ELEMENT_NAME = {
    "body": "正文", "title": "标题", "heading1": "heading 1 (一、)", "heading2": "heading 2 (（一）)",
    "heading3": "heading 3 (1.)", "heading4": "heading 4 (（1）)", "attachment label": "附件 label",
    "masthead": "报头 name", "imprint": "版记",
}


def _mm(twips: int | None) -> float | None:
    return None if twips is None else round(twips * MM_PER_TWIP, 1)


def _faces(runs: Iterable[Run]) -> list[str]:
    return sorted({r.face("eastAsia").describe() for r in runs})


def _sizes(runs: Iterable[Run]) -> list[float | None]:
    return sorted({r.size_pt for r in runs}, key=lambda s: (s is None, s or 0))


class _DocxAudit:
    def __init__(self, docx: Docx, profile: Profile) -> None:
        self.docx = docx
        self.profile = profile
        self.out = Checks("docx")
        self.imprint = imprint_table(docx)
        self.kinds: dict[str, list[Paragraph]] = {}
        index = 0
        for paragraph in docx.paragraphs:
            kind: Kind = classify(paragraph, index=index, imprint=self.imprint)
            self.kinds.setdefault(kind, []).append(paragraph)
            if kind != "empty" and not paragraph.in_table:
                index += 1

    def runs(self, *kinds: str) -> list[Run]:
        return [r for k in kinds for p in self.kinds.get(k, ()) for r in p.text_runs()]

    # ---------------------------------------------------------------- page
    def sections(self) -> None:
        sections = self.docx.sections or (Section(width=None, height=None, margins={}, grid={}, footers={},
                                                  title_page=False),)
        for number, section in enumerate(sections, start=1):
            suffix = f" (section {number})" if len(sections) > 1 else ""
            self.page(section, suffix)

    def page(self, section: Section, suffix: str) -> None:
        expected = page_for(self.profile, section.landscape)
        size = (_mm(section.width), _mm(section.height))
        ok = None not in size and all(
            abs(got - want) <= TOLERANCE_MM  # type: ignore[operator]
            for got, want in zip(sorted(size), (210.0, 297.0)))  # type: ignore[type-var]
        self.out.verdict(
            "page size A4" + suffix, ok,
            f"{size[0]} × {size[1]} mm" if None not in size else "no w:pgSz (the application's default paper)",
            f"210 × 297 mm ±{TOLERANCE_MM:g} ({'landscape' if section.landscape else 'portrait'})")
        sides = ("top", "bottom", "left", "right")
        got = {side: _mm(section.margins.get(side)) for side in sides}
        want = {side: getattr(expected, side) for side in sides}
        ok = all(got[s] is not None and abs(got[s] - want[s]) <= TOLERANCE_MM for s in sides)
        measured = "/".join("—" if got[s] is None else f"{got[s]:g}" for s in sides) + " mm"
        self.out.verdict(
            "page margins top/bottom/left/right" + suffix, ok, measured,
            "/".join(f"{want[s]:g}" for s in sides) + f" mm ±{TOLERANCE_MM:g} ({self.profile} profile"
            + (", turned page" if section.landscape else "") + ")")
        gutter = section.margins.get("gutter", 0)
        grid = section.grid
        grid_type = grid.get("type")
        pitch = grid.get("linePitch")
        ok = grid_type in (None, "default") and pitch == str(expected.line_twips)
        self.out.verdict(
            "document grid" + suffix, ok and not gutter,
            f"type={grid_type or '—'}, linePitch={pitch or '—'}, charSpace={grid.get('charSpace', '—')}"
            + (f", gutter={gutter}" if gutter else ""),
            f"no type, linePitch={expected.line_twips} (a typed grid makes LibreOffice snap every line and "
            "set 14 characters a line)")

    # ---------------------------------------------------------------- text
    def line_pitch(self) -> None:
        line = page_for(self.profile).line_twips
        paragraphs = [p for k in ("body", "title", "heading1", "heading2", "heading3", "heading4",
                                  "attachment label") for p in self.kinds.get(k, ())]
        if not paragraphs:
            self.out.skip("exact line pitch", f"exact {line} twips", "no text paragraphs outside tables")
            return
        seen = Counter(f"{p.props.get('lineRule', 'auto')} {p.props.get('line', 240)}" for p in paragraphs)
        wrong = {k: n for k, n in seen.items() if k != f"exact {line}"}
        self.out.verdict(
            "exact line pitch", not wrong,
            dict(seen.most_common()) if wrong else f"exact {line} in {len(paragraphs)} paragraphs",
            f"lineRule=exact, line={line} twips ({line / 20:g} pt) in every text paragraph")

    def characters_per_line(self) -> None:
        runs = self.runs("body")
        if not runs:
            self.out.skip("characters per line", str(CHARS_PER_LINE), "no 正文")
            return
        size, spacing = Counter((r.props.get("sz"), r.char_spacing) for r in runs).most_common(1)[0][0]
        sections = [s for s in self.docx.sections if not s.landscape]
        if not sections and self.docx.sections:
            self.out.skip("characters per line", str(CHARS_PER_LINE), "no portrait page (a turned "
                          "table's page holds no 28-character line)")
            return
        width = None
        if sections and sections[-1].width is not None:
            margins = sections[-1].margins
            width = sections[-1].width - margins.get("left", 1800) - margins.get("right", 1800)
        if not isinstance(size, int) or width is None:
            self.out.verdict("characters per line", False, f"size {size}, block width {width}",
                             f"{CHARS_PER_LINE}: block width ÷ (size + character spacing)")
            return
        cell = size * 10 + spacing
        count = width // cell if cell > 0 else 0
        self.out.verdict(
            "characters per line", count == CHARS_PER_LINE,
            f"{count} ({width} twips ÷ {cell} twips: {size / 2:g} pt {spacing / 20:+g} pt spacing)",
            f"{CHARS_PER_LINE} (3号 condensed 0.25 pt: 8844 ÷ 315)")

    def fonts_and_sizes(self) -> None:
        for kind, size in (("body", BODY_PT), ("title", TITLE_PT), ("heading1", BODY_PT),
                           ("heading2", BODY_PT), ("heading3", BODY_PT), ("heading4", BODY_PT),
                           ("attachment label", BODY_PT)):
            runs = [r for r in self.runs(kind) if any(not c.isascii() for c in r.text)]
            element = _ELEMENT_NAME[kind]
            face = _EXPECTED_FACE[kind]
            if not runs:
                if kind in ("body", "title"):
                    self.out.skip(f"{element} font", face, f"no {element} found")
                continue
            faces = _faces(runs)
            self.out.verdict(
                f"{element} font", all(face_family(r.face("eastAsia").effective) == face for r in runs),
                faces, f"{face} in the eastAsia slot (e.g. {'、'.join(_face_examples(face))})")
            sizes = _sizes(self.runs(kind))
            self.out.verdict(f"{element} size", sizes == [size], sizes, f"{size:g} pt")

    def slots(self) -> None:
        bad: list[str] = []
        runs = 0
        for kind in ("body", "title", "heading1", "heading2", "heading3", "heading4", "imprint"):
            for run in self.runs(kind):
                runs += 1
                for slot in SLOTS:
                    face = run.face(slot)
                    if face.named is None:
                        bad.append(f"{_ELEMENT_NAME[kind]} {slot}: {face.describe()}")
        if not runs:
            self.out.skip("font slots named", "every slot named", "no text")
            return
        bad = list(dict.fromkeys(bad))
        shown = bad[:8] + ([f"… {len(bad)} in all"] if len(bad) > 8 else [])
        self.out.verdict("font slots named", not bad, shown if bad else f"{runs} runs",
                         "ascii, hAnsi, eastAsia and cs named in every run (no theme font, none unset)")

    def theme_fonts(self) -> None:
        found = list(self.docx.theme_attributes)
        self.out.verdict(
            "no theme fonts", not found, found[:6] + ([f"… {len(found)} in all"] if len(found) > 6 else [])
            if found else "none",
            "no w:asciiTheme/w:eastAsiaTheme/… attribute: a theme font beats the named face beside it")

    def body_paragraphs(self) -> None:
        running = [p for p in self.kinds.get("body", ()) if _running_text(p)]
        if not running:
            self.out.skip("正文 first-line indent", "2 characters", "no paragraph of running text")
            return
        wrong: list[str] = []
        for p in running:
            runs = p.text_runs()
            size = runs[0].props.get("sz") if runs else 32
            char = (size if isinstance(size, int) else 32) * 10 + (runs[0].char_spacing if runs else 0)
            chars = p.get_int("firstLineChars")
            first = p.get_int("firstLine") or 0
            if chars is not None and chars != 0:
                ok = chars == 200
            else:
                ok = abs(first - 2 * char) <= _INDENT_SLACK
            if not ok:
                wrong.append(f"{p.text[:8]}…: {first} twips" if chars in (None, 0) else f"{chars / 100:g} chars")
        self.out.verdict("正文 first-line indent", not wrong,
                         wrong[:5] if wrong else f"2 characters in {len(running)} paragraphs",
                         "2 characters (firstLine = 2 × character width, or firstLineChars=200)")
        unjustified = Counter(p.jc for p in running if p.jc not in ("both", "distribute", "justify"))
        self.out.verdict("正文 justified", not unjustified,
                         dict(unjustified) if unjustified else f"{len(running)} paragraphs",
                         "jc=both (两端对齐)")

    def colour(self) -> None:
        coloured = Counter(
            r.color for k in ("body", "title", "heading1", "heading2", "heading3", "heading4",
                              "attachment label", "imprint")
            for r in self.runs(k) if r.color not in (None, "AUTO", "000000"))
        self.out.verdict("text colour black", not coloured, dict(coloured) if coloured else "black",
                         "auto or 000000 outside the red 报头 (5.2.4)")

    # ---------------------------------------------------------------- page numbers
    def page_numbers(self) -> None:
        sections = self.docx.sections
        refs = [s.footers for s in sections]
        missing = [f"section {i}: {'/'.join(t for t in ('default', 'even') if t not in r)}"
                   for i, r in enumerate(refs, start=1) if not {"default", "even"} <= set(r)]
        self.out.verdict(
            "page numbers odd/even footers", self.docx.even_and_odd_headers and not missing,
            {"evenAndOddHeaders": self.docx.even_and_odd_headers, "missing footers": missing},
            "w:evenAndOddHeaders and a default (odd) and an even footer in every section")
        titled = [i for i, s in enumerate(sections, start=1) if s.title_page and not self._numbered(s, "first")]
        self.out.verdict("first page numbered", not titled, f"unnumbered first page in sections {titled}"
                         if titled else "numbered", "no w:titlePg without a numbered first-page footer (7.5)")
        for kind, side, jc in (("default", "right", "right"), ("even", "left", "left")):
            parts = {s.footers.get(kind) for s in sections} - {None, ""}
            paragraphs = [p for part in parts for p in self.docx.footers.get(part or "", ()) if "N" in p.text]
            label = "odd" if kind == "default" else "even"
            if not paragraphs:
                self.out.verdict(f"{label} page number field", False, "no PAGE field",
                                 "a PAGE field in the footer")
                continue
            texts = sorted({p.text.strip() for p in paragraphs})
            form = all(t.replace(" ", "") == f"{_DASH}N{_DASH}" for t in texts)
            self.out.verdict(f"{label} page number field", form, texts,
                             "“— N —”: U+2014 一字线, a PAGE field, spaces allowed")
            where = [(p.jc, p.get_int(side) or 0) for p in paragraphs]
            ok = all(j == jc and abs(indent - 280) <= _INDENT_SLACK for j, indent in where)
            self.out.verdict(f"{label} page number position", ok,
                             [f"jc={j}, {side} indent {i} twips" for j, i in where],
                             f"jc={jc}, {side} indent 280 twips (one 4号 character, 7.5)")
            runs = [r for p in paragraphs for r in p.text_runs()]
            sizes = _sizes(runs)
            faces = sorted({f"{r.face('eastAsia').describe()}/{r.face('ascii').describe()}" for r in runs})
            ok = sizes == [PAGE_NUMBER_PT] and all(
                face_family(r.face("eastAsia").effective) == "宋体" and face_family(r.face("ascii").effective) == "宋体"
                for r in runs)
            self.out.verdict(f"{label} page number font", ok, {"sizes": sizes, "faces": faces},
                             f"{PAGE_NUMBER_PT:g} pt (4号) 宋体 in the eastAsia and ascii slots (半角宋体)")

    def _numbered(self, section: Section, kind: str) -> bool:
        part = section.footers.get(kind)
        return bool(part) and any("N" in p.text for p in self.docx.footers.get(part or "", ()))

    # ---------------------------------------------------------------- 版记
    def imprint_checks(self) -> None:
        table = self.imprint
        if table is None:
            self.out.skip("版记", "", "no 版记 (抄送/印发 lines) in the document")
            return
        portrait = [s for s in self.docx.sections if not s.landscape]
        block = None
        if portrait and portrait[-1].width:
            m = portrait[-1].margins
            block = portrait[-1].width - m.get("left", 0) - m.get("right", 0)
        width = table.width_twips
        self.out.verdict("版记 width", width is not None and block is not None
                         and abs(width - block) * MM_PER_TWIP <= TOLERANCE_MM,
                         f"{_mm(width)} mm", f"the 版心 width, {_mm(block)} mm (7.4.1)")
        top = table.borders.get("top", ("", 0))
        bottom = table.borders.get("bottom", ("", 0))
        if bottom[0] in ("nil", "none", "") and table.last_row_top is not None:
            bottom = table.last_row_top  # strict: the last rule tops a spacer row under the text
        inner = table.borders.get("insideH", ("", 0))
        thick = [_eighths_mm(top), _eighths_mm(bottom)]
        thin = _eighths_mm(inner) if table.rows > 1 else None
        ok = all(t is not None and abs(t - 0.35) <= 0.05 for t in thick) and (
            thin is None or abs(thin - 0.25) <= 0.05)
        self.out.verdict("版记 rules", ok, {"first": thick[0], "last": thick[1], "between": thin},
                         "first and last 0.35 mm, between 0.25 mm, in mm (7.4.1)")
        runs = self.runs("imprint")
        self.out.verdict(
            "版记 font and size",
            _sizes(runs) == [IMPRINT_PT] and all(face_family(r.face("eastAsia").effective) == "仿宋" for r in runs),
            {"sizes": _sizes(runs), "faces": _faces(runs)}, f"{IMPRINT_PT:g} pt (4号) 仿宋 (7.4.2, 7.4.3)")
        self.out.verdict("版记 at the end", table.last_in_body,
                         "last" if table.last_in_body else "text follows it",
                         "nothing but empty paragraphs after the 版记 (7.4: on the last page)")

    def run_all(self) -> list[Check]:
        self.sections()
        self.line_pitch()
        self.characters_per_line()
        self.fonts_and_sizes()
        self.slots()
        self.theme_fonts()
        self.body_paragraphs()
        self.colour()
        self.page_numbers()
        self.imprint_checks()
        return self.out.items


def _running_text(paragraph: Paragraph) -> bool:
    """A paragraph of 正文 proper: not a 主送 line (short, ending with a colon), 附件说明, a line set
    with a tab, or a right-aligned or centred line (署名, 日期, 期号)."""
    text = paragraph.text.strip()
    addressee = len(text) <= 2 * CHARS_PER_LINE and text.endswith(("：", ":"))
    return (len(text) >= 8 and not addressee and not text.startswith("附件") and "\t" not in text
            and paragraph.jc not in ("right", "center", "end"))


def _eighths_mm(border: tuple[str, int]) -> float | None:
    val, size = border
    if val in ("nil", "none", ""):
        return None
    return round(size / 8 * 25.4 / 72, 3)


def _face_examples(family: str) -> Sequence[str]:
    from supervisio.audit.spec import FACES

    return FACES[family][:3]


def docx_checks(docx: Docx, profile: Profile) -> list[Check]:
    """Every XML check of ``docx`` in ``profile``."""
    return _DocxAudit(docx, profile).run_all()

