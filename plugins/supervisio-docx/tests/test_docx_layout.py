"""Page, fonts, styles and text blocks against docs/gbt9704.md §0–3, §6.1–6.3, §6.7, §9."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from docx_samples import DAY, briefing, ledger, report
from docx_xml import render, twips_of, w
from supervisio.doctree.nodes import (
    Addressee,
    AttachmentNote,
    BulletList,
    DateLine,
    Document,
    Heading,
    LineBreak,
    OrderedList,
    PageBreak,
    Paragraph,
    Rule,
    Signature,
    Style,
    Table,
    Text,
    Title,
)
from supervisio.renderers.base import RenderOptions

MARGINS = {
    # profile: top, bottom, left, right (twips), exact line
    "word": ((2098, 1984, 1588, 1474), 579),
    "strict": ((1905, 1905, 1588, 1474), 592),
}


# ------------------------------------------------------------------------------------------------
# page


@pytest.mark.parametrize("profile", sorted(MARGINS))
def test_a4_margins_and_grid_per_profile(profile):
    package = render(report(), RenderOptions(profile=profile))
    (margins, line) = MARGINS[profile]
    (size,) = package.xpath("//w:sectPr/w:pgSz")
    assert (twips_of(size, "w"), twips_of(size, "h")) == (11906, 16838)
    (mar,) = package.xpath("//w:sectPr/w:pgMar")
    assert tuple(twips_of(mar, k) for k in ("top", "bottom", "left", "right")) == margins
    assert twips_of(mar, "footer") == 1417 and twips_of(mar, "gutter") == 0
    # the block: 156 mm wide
    assert 11906 - margins[2] - margins[3] == 8844
    # a grid pitch but no grid type (docs/gbt9704.md §0.4)
    (grid,) = package.xpath("//w:sectPr/w:docGrid")
    assert grid.get(w("linePitch")) == str(line) and grid.get(w("type")) is None
    spacing = package.style("Normal").find(f"{w('pPr')}/{w('spacing')}")
    assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == (str(line), "exact")


def test_strict_profile_fits_22_lines_in_the_block():
    (top, bottom, _, _), line = MARGINS["strict"]
    assert 22 * line <= 16838 - top - bottom < 23 * line


def test_landscape_section_keeps_the_rotated_block(ledger_package):
    (size,) = ledger_package.xpath("//w:sectPr/w:pgSz")
    assert (size.get(w("w")), size.get(w("h")), size.get(w("orient"))) == (
        "16838",
        "11906",
        "landscape",
    )
    (mar,) = ledger_package.xpath("//w:sectPr/w:pgMar")
    assert tuple(twips_of(mar, k) for k in ("top", "bottom", "left", "right")) == (
        1588,
        1474,
        1984,
        2098,
    )
    assert 16838 - 1984 - 2098 == 12756  # 225 mm


def test_settings_compatibility_mode_15_and_odd_even_footers(report_package):
    (mode,) = report_package.xpath(
        "//w:compatSetting[@w:name='compatibilityMode']/@w:val", "word/settings.xml"
    )
    assert mode == "15"
    assert report_package.xpath("//w:evenAndOddHeaders", "word/settings.xml")
    assert report_package.xpath(
        "//w:characterSpacingControl[@w:val='doNotCompress']", "word/settings.xml"
    )


# -----------------------------------------------------------------------------------------------
# fonts


@pytest.mark.parametrize("build", [report, briefing, ledger], ids=["report", "briefing", "ledger"])
def test_every_style_names_all_font_slots_and_every_run_gets_them(build):
    """Faces live in the styles, all four slots and the hint in each (WPS needs the full rFonts);
    a run names a face only when it differs from its style's (楷体 for Emph), then in full too."""
    package = render(build())
    parts = ["word/document.xml", "word/styles.xml"] + [
        n for n in package.names() if n.startswith("word/footer")
    ]
    for part in parts:
        for fonts in package.xpath("//w:rFonts", part):
            for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
                assert fonts.get(w(slot)), f"rFonts without {slot} in {part}"
            assert fonts.get(w("hint")) == "eastAsia"
        for r in package.xpath("//w:r", part):  # what each run is set in, through its style
            for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
                assert package.r_attr(r, "rFonts", slot), f"a run without {slot} in {part}"
            assert package.r_attr(r, "rFonts", "hint") == "eastAsia"
    for style in package.xpath("//w:style[@w:type='paragraph']", "word/styles.xml"):
        assert style.find(f"{w('rPr')}/{w('rFonts')}") is not None, style.get(w("styleId"))


@pytest.mark.parametrize("build", [report, briefing, ledger], ids=["report", "briefing", "ledger"])
def test_no_theme_font_attribute_anywhere(build):
    package = render(build())
    for name in package.names():
        if name.endswith(".xml"):
            text = package.zip.read(name).decode("utf-8")
            assert not re.search(r"w:\w+Theme=", text), name
    # and no Western default face in the theme either
    theme = package.zip.read("word/theme/theme1.xml").decode("utf-8")
    assert "Calibri" not in theme and "Cambria" not in theme


def test_east_asian_language_and_body_defaults(report_package):
    (lang,) = report_package.xpath("//w:docDefaults//w:lang", "word/styles.xml")
    assert lang.get(w("eastAsia")) == "zh-CN"
    normal = report_package.style("Normal")
    assert normal.get(w("default")) == "1"
    rpr = normal.find(w("rPr"))
    assert rpr.find(w("rFonts")).get(w("eastAsia")) == "仿宋_GB2312"
    assert rpr.find(w("sz")).get(w("val")) == "32"
    assert rpr.find(w("spacing")).get(w("val")) == "-5"  # 28 characters per line
    ppr = normal.find(w("pPr"))
    assert ppr.find(w("ind")).get(w("firstLine")) == "630"  # two characters of 15.75 pt
    assert ppr.find(w("jc")).get(w("val")) == "both"


def test_style_faces_per_element(report_package):
    faces = {
        "Title": "方正小标宋简体",
        "Heading1": "黑体",
        "Heading2": "楷体_GB2312",
        "Heading3": "仿宋_GB2312",
        "Heading4": "仿宋_GB2312",
        "TableHeading": "黑体",
        "Footer": "宋体",
    }
    for style_id, face in faces.items():
        fonts = report_package.style(style_id).find(f"{w('rPr')}/{w('rFonts')}")
        assert fonts.get(w("eastAsia")) == face, style_id
    title = report_package.style("Title")
    assert title.find(f"{w('rPr')}/{w('sz')}").get(w("val")) == "44"
    assert title.find(f"{w('pPr')}/{w('jc')}").get(w("val")) == "center"
    for level in range(1, 5):
        ppr = report_package.style(f"Heading{level}").find(w("pPr"))
        assert ppr.find(w("outlineLvl")).get(w("val")) == str(level - 1)
        assert ppr.find(w("keepNext")) is not None


def test_latin_font_fills_the_latin_slots_only():
    package = render(report(), RenderOptions(latin_font="Times New Roman"))
    runs = package.xpath("//w:body//w:r")
    assert runs
    for r in runs:
        assert package.r_attr(r, "rFonts", "ascii") == "Times New Roman"
        assert package.r_attr(r, "rFonts", "hAnsi") == "Times New Roman"
        assert package.r_attr(r, "rFonts", "eastAsia") != "Times New Roman"
    # page-number digits stay 宋体 whatever the Latin face
    for footer in package.footers().values():
        for r in footer.iter(w("r")):
            assert package.r_attr(r, "rFonts", "ascii") == "宋体"
    assert package.xpath("//w:font[@w:name='Times New Roman']", "word/fontTable.xml")


def test_with_a_latin_face_runs_hint_their_ambiguous_punctuation():
    """“ ” — … would be set in the Latin face without w:hint on the run (inlines module
    docstring)."""
    package = render(report(), RenderOptions(latin_font="Times New Roman"))
    quoted = package.paragraph_with("活动领导小组")  # 市委“作风能力提升年”活动领导小组：
    (run,) = quoted.findall(w("r"))
    fonts = run.find(f"{w('rPr')}/{w('rFonts')}")
    assert dict(fonts.attrib) == {w("hint"): "eastAsia"}
    plain = package.paragraph_with("建立工作台账")  # no ambiguous character: nothing on the run
    assert all(r.find(w("rPr")) is None for r in plain.findall(w("r")))
    # without a Latin face every slot names the same face: no hint is needed
    assert not render(report()).xpath("//w:body//w:rFonts[not(@w:eastAsia)]")


def test_without_latin_font_each_run_keeps_its_chinese_face(report_package):
    for r in report_package.xpath("//w:body//w:r"):
        face = report_package.r_attr(r, "rFonts", "eastAsia")
        assert face and report_package.r_attr(r, "rFonts", "ascii") == face


def test_runs_carry_only_what_differs_from_their_style(report_package):
    """Body text, titles and headings name no face and no size: their styles do."""
    for text in ("主要做法", "坚持问题导向", "活动领导小组", "督导组坚持问题导向"):
        for r in report_package.paragraph_with(text).findall(w("r")):
            rpr = r.find(w("rPr"))
            names = [c.tag.split("}")[1] for c in rpr] if rpr is not None else []
            assert "sz" not in names and "rFonts" not in names, (text, names)


def test_font_names_from_options_are_escaped():
    package = render(report(), RenderOptions(latin_font='A "quoted" & <odd> face'))
    fonts = package.style("Normal").find(f"{w('rPr')}/{w('rFonts')}")
    assert fonts.get(w("ascii")) == 'A "quoted" & <odd> face'
    emph = package.xpath("//w:body//w:rFonts[@w:eastAsia]")[0]  # a run naming its face (Emph)
    assert emph.get(w("ascii")) == 'A "quoted" & <odd> face'


# ------------------------------------------------------------------------------------------ text
# blocks


def test_title_lines_and_heading_numbers(report_package):
    title = report_package.paragraph_with("大动员")
    assert title.find(f"{w('pPr')}/{w('pStyle')}").get(w("val")) == "Title"
    assert len(title.findall(f".//{w('br')}")) == 1
    heading = report_package.paragraph_with("主要做法")
    assert heading.find(f"{w('pPr')}/{w('pStyle')}").get(w("val")) == "Heading1"
    texts = [t.text for t in heading.iter(w("t"))]
    assert "".join(texts) == "一、主要做法"
    faces = {report_package.r_attr(r, "rFonts", "eastAsia") for r in heading.iter(w("r"))}
    assert faces == {"黑体"}
    second = report_package.paragraph_with("坚持问题导向")
    faces = {report_package.r_attr(r, "rFonts", "eastAsia") for r in second.iter(w("r"))}
    assert faces == {"楷体_GB2312"}
    assert (
        "".join(t.text for t in report_package.paragraph_with("建立工作台账").iter(w("t")))
        == "1.建立工作台账"
    )
    assert (
        "".join(t.text for t in report_package.paragraph_with("动态更新").iter(w("t")))
        == "（1）动态更新"
    )


@pytest.mark.parametrize("bold", [False, True])
def test_bold_level3(bold):
    package = render(report(), RenderOptions(bold_level3=bold))
    heading = package.paragraph_with("建立工作台账")
    assert all(package.bold(r) == bold for r in heading.iter(w("r")))
    assert (package.style("Heading3").find(f"{w('rPr')}/{w('b')}").get(w("val")) is None) == bold
    level1 = package.paragraph_with("主要做法")
    assert not any(package.bold(r) for r in level1.iter(w("r")))


def test_strong_is_bold_and_emph_is_kaiti(report_package):
    p = report_package.paragraph_with("推出五位一体工作措施")
    (bold,) = [r for r in p.iter(w("r")) if report_package.bold(r)]
    assert bold.findtext(w("t")) == "推出五位一体工作措施"
    p = report_package.paragraph_with("逐项销号")
    (kai,) = [r for r in p.iter(w("r")) if r.findtext(w("t")) == "逐项销号"]
    assert kai.find(f"{w('rPr')}/{w('rFonts')}").get(w("eastAsia")) == "楷体_GB2312"
    others = [r for r in p.iter(w("r")) if r is not kai]
    assert {report_package.r_attr(r, "rFonts", "eastAsia") for r in others} == {"仿宋_GB2312"}


def test_addressee_flush_left_with_full_width_colon(report_package):
    p = report_package.paragraph_with("活动领导小组")
    assert "".join(t.text for t in p.iter(w("t"))) == "市委“作风能力提升年”活动领导小组："
    assert report_package.p_attr(p, "ind", "firstLine") == "0"
    several = render(Document(blocks=(Addressee(names=("甲单位", "乙单位：")),)))
    assert "".join(t.text for t in several.body_paragraphs()[0].iter(w("t"))) == "甲单位、乙单位："


def _signature_document(sealed: bool, name: str = "第三巡回督导组") -> Document:
    return Document(
        blocks=(
            Paragraph(content=(Text("正文。"),)),
            Signature(names=(name,), sealed=sealed),
            DateLine(date=DAY),
        )
    )


def _indents(package, text):
    """Right indent, alignment and space before of the paragraph with ``text``, as it is set."""
    p = package.paragraph_with(text)
    before = int(package.p_attr(p, "spacing", "before") or 0)
    assert package.p_attr(p, "ind", "firstLine") in (None, "0")
    return int(package.p_attr(p, "ind", "right") or 0), package.p_attr(p, "jc", "val"), before


def test_sealed_signature_centred_over_a_date_four_characters_in():
    package = render(_signature_document(sealed=True))
    date_right, jc, _ = _indents(package, "2024年4月15日")
    assert (date_right, jc) == (4 * 315, "right")
    name_right, jc, before = _indents(package, "第三巡回督导组")
    # 署名 7 字, 日期 6.5 字: centred → 4 + (6.5 − 7) / 2 = 3.75 字
    assert (name_right, jc) == (round(3.75 * 315), "right")
    assert before == 2 * 579  # room for the seal


def test_sealed_option_applies_to_every_signature():
    package = render(_signature_document(sealed=False), RenderOptions(sealed=True))
    assert _indents(package, "2024年4月15日")[0] == 4 * 315


def test_unsealed_signature_two_characters_in_date_two_to_the_right():
    # a long 署名: the date starts two characters right of the 署名's first character
    package = render(_signature_document(sealed=False, name="中共某某市委第三巡回督导组"))
    name_right, _, before = _indents(package, "中共某某市委第三巡回督导组")
    date_right, _, _ = _indents(package, "2024年4月15日")
    assert name_right == 2 * 315 and before == 579
    name_start = 28 - 2 - 13
    date_start = 28 - date_right / 315 - 6.5
    assert date_start == pytest.approx(name_start + 2, abs=0.01)
    # a 署名 as wide as the date or wider keeps 右空二字: 7 字 over 6.5, the date ends ½ 字 in
    package = render(_signature_document(sealed=False))
    name_right, _, _ = _indents(package, "第三巡回督导组")
    date_right, _, _ = _indents(package, "2024年4月15日")
    assert (name_right, date_right) == (2 * 315, round(0.5 * 315))
    # a 署名 narrower than the date ("如成文日期长于发文机关署名"): the date is right-indented two
    # characters and the 署名 moves left (7.3.5.2)
    package = render(_signature_document(sealed=False, name="督导组"))
    name_right, _, _ = _indents(package, "督导组")
    date_right, _, _ = _indents(package, "2024年4月15日")
    assert date_right == 2 * 315
    assert (28 - date_right / 315 - 6.5) - (28 - name_right / 315 - 3) == pytest.approx(2, abs=0.01)


def test_attachment_note_names_align():
    package = render(Document(blocks=(AttachmentNote(items=("问题清单", "规定动作完成情况表")),)))
    first, second = package.body_paragraphs()
    ind1, ind2 = first.find(f"{w('pPr')}/{w('ind')}"), second.find(f"{w('pPr')}/{w('ind')}")
    assert (ind1.get(w("left")), ind1.get(w("hanging"))) == (str(6 * 315), str(4 * 315))
    assert (ind2.get(w("left")), ind2.get(w("hanging"))) == (str(6 * 315), str(315))
    assert "".join(t.text for t in first.iter(w("t"))) == "附件：1.问题清单"
    assert "".join(t.text for t in second.iter(w("t"))) == "2.规定动作完成情况表"
    single = render(Document(blocks=(AttachmentNote(items=("问题清单",)),))).body_paragraphs()[0]
    assert "".join(t.text for t in single.iter(w("t"))) == "附件：问题清单"


def test_lists_are_literal_text_not_word_numbering():
    document = Document(
        blocks=(
            BulletList(
                items=((Paragraph(content=(Text("甲"),)),), (Paragraph(content=(Text("乙"),)),))
            ),
            OrderedList(items=((Paragraph(content=(Text("丙"),)),),), start=3),
            OrderedList(
                items=((Paragraph(content=(Text("丁"),)),),),
                style=Style(attributes=(("marker", "（{n}）"),)),
            ),
        )
    )
    package = render(document)
    texts = ["".join(t.text for t in p.iter(w("t"))) for p in package.body_paragraphs()]
    assert texts == ["●甲", "●乙", "3.丙", "（1）丁"]
    assert not package.xpath("//w:numPr")
    assert "word/numbering.xml" not in package.names()


def test_nested_list_is_indented():
    inner = BulletList(items=((Paragraph(content=(Text("内"),)),),))
    package = render(
        Document(blocks=(BulletList(items=((Paragraph(content=(Text("外"),)), inner),)),))
    )
    outer, nested = package.body_paragraphs()
    assert outer.find(f"{w('pPr')}/{w('ind')}") is None
    assert nested.find(f"{w('pPr')}/{w('ind')}").get(w("left")) == str(2 * 315)


def test_page_break_goes_to_the_next_paragraph():
    document = Document(
        blocks=(
            Paragraph(content=(Text("前"),)),
            PageBreak(),
            Heading(level=1, number="二、", content=(Text("后"),)),
        )
    )
    package = render(document)
    first, second = package.body_paragraphs()
    assert first.find(f"{w('pPr')}/{w('pageBreakBefore')}") is None
    assert second.find(f"{w('pPr')}/{w('pageBreakBefore')}") is not None
    assert not package.xpath("//w:br[@w:type='page']")


def test_page_break_before_a_table_and_at_the_end():
    table = Table(header=((Text("甲"),),), rows=())
    package = render(Document(blocks=(PageBreak(), table, PageBreak())))
    breaks = package.xpath("//w:body/w:p[w:pPr/w:pageBreakBefore]")
    assert len(breaks) == 2


def test_rule_is_a_paragraph_border():
    package = render(Document(blocks=(Rule(), Rule(style=Style(classes=("red",))))))
    colors = [b.get(w("color")) for b in package.xpath("//w:pBdr/w:bottom")]
    assert colors == ["000000", "FF0000"]


def test_paragraph_alignment_classes():
    centred = Paragraph(content=(Text("居中"),), style=Style(classes=("center",)))
    unknown = Paragraph(content=(Text("未知"),), style=Style(classes=("whatever",)))
    first, second = render(Document(blocks=(centred, unknown))).body_paragraphs()
    assert first.find(f"{w('pPr')}/{w('jc')}").get(w("val")) == "center"
    assert second.find(w("pPr")) is None  # unknown classes are ignored


def test_schema_order_of_paragraph_properties(report_package, briefing_package):
    order = [
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "widowControl",
        "pBdr",
        "tabs",
        "spacing",
        "ind",
        "jc",
        "outlineLvl",
    ]
    for package in (report_package, briefing_package):
        for part in ("word/document.xml", "word/styles.xml"):
            for ppr in package.xpath("//w:pPr", part):
                names = [child.tag.split("}")[1] for child in ppr]
                known = [n for n in names if n in order]
                assert known == sorted(known, key=order.index), names


def test_line_break_in_title_and_dates_are_arabic():
    document = Document(
        blocks=(
            Title(content=(Text("上行"), LineBreak(), Text("下行"))),
            DateLine(date=dt.date(2024, 1, 5)),
        )
    )
    package = render(document)
    assert "2024年1月5日" in "".join(t.text for t in package.body_paragraphs()[1].iter(w("t")))


@pytest.mark.parametrize(("sealed", "indent"), [(True, 4), (False, 2)])
def test_signature_without_a_date(sealed, indent):
    document = Document(blocks=(Signature(names=("第三巡回督导组",), sealed=sealed),))
    assert _indents(render(document), "第三巡回督导组")[0] == indent * 315


def test_standalone_date_line_follows_the_sealed_option():
    document = Document(blocks=(DateLine(date=DAY),))
    assert _indents(render(document), "2024年4月15日")[0] == 2 * 315
    assert _indents(render(document, RenderOptions(sealed=True)), "2024年4月15日")[0] == 4 * 315
