"""报头, 版记/报尾 and page numbers against docs/gbt9704.md §4, §6.4–6.6 and §9."""

from __future__ import annotations

import pytest

from docx_samples import DAY
from docx_xml import paragraph_text, render, twips_of, w
from supervisio.doctree.nodes import Document, Imprint, Masthead
from supervisio.renderers.base import RenderOptions

# ---------------------------------------------------------------------------------------------- 报头


def test_masthead_name_is_large_red_and_centred(briefing_package):
    package = briefing_package
    name = package.paragraph_with("作风能力提升年督导简报")
    assert package.p_attr(name, "jc", "val") == "center"
    (run,) = name.findall(w("r"))
    assert package.r_attr(run, "color", "val") == "FF0000"
    assert package.r_attr(run, "rFonts", "eastAsia") == "方正小标宋简体"
    assert package.r_attr(run, "sz", "val") == "84"
    # 11 characters × 42 pt = 462 pt > 442.2 pt (156 mm): squeezed to 95 % rather than wrapped
    assert run.find(f"{w('rPr')}/{w('w')}").get(w("val")) == "95"


def test_only_the_masthead_is_red(briefing_package):
    red_runs = [
        r
        for r in briefing_package.xpath("//w:body//w:r")
        if briefing_package.r_attr(r, "color", "val") == "FF0000"
    ]
    assert ["".join(t.text for t in r.iter(w("t"))) for r in red_runs] == ["作风能力提升年督导简报"]


def test_issue_line_and_issuer_date_line_with_red_rule(briefing_package):
    issue = briefing_package.paragraph_with("第9期")
    assert paragraph_text(issue) == "第9期（总第27期）"
    line = briefing_package.paragraph_with("办公室编")
    assert paragraph_text(line) == "第三巡回督导组办公室编\t2024年4月15日"
    (tab,) = briefing_package.p_element(line, "tabs").findall(w("tab"))
    # 编发单位 左空一字 (first-line indent), 日期 右空一字 (right tab one 315-twip character in)
    assert (tab.get(w("val")), tab.get(w("pos"))) == ("right", str(8844 - 315))
    assert briefing_package.p_attr(line, "ind", "firstLine") == "315"
    rule = briefing_package.p_element(line, "pBdr").find(w("bottom"))
    assert rule.get(w("color")) == "FF0000" and rule.get(w("val")) == "single"
    assert briefing_package.p_attr(line, "ind", "left") in (None, "0")  # spans the block
    assert briefing_package.p_attr(line, "ind", "right") in (None, "0")


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"number": 3}, "第3期"),
        ({"number": 3, "supplement": True}, "增刊第3期"),
        ({"supplement": True}, "增刊"),
        ({"number": 12, "total_number": 40}, "第12期（总第40期）"),
    ],
)
def test_issue_numbers(fields, expected):
    package = render(Document(blocks=(Masthead(name="督导简报", **fields),)))
    assert paragraph_text(package.body_paragraphs()[1]) == expected


def test_masthead_name_scale():
    short = render(Document(blocks=(Masthead(name="督导简报"),)))
    assert not short.xpath("//w:r/w:rPr/w:w")
    long = render(Document(blocks=(Masthead(name="某某市作风能力提升年活动巡回督导工作简报"),)))
    # 20 characters × 42 pt = 840 pt > 442.2 pt: scaled to 52 %
    assert long.xpath("//w:r/w:rPr/w:w")[0].get(w("val")) == "52"


def test_masthead_without_issuer_still_draws_the_rule():
    package = render(Document(blocks=(Masthead(name="工作提示"),)))
    paragraphs = package.body_paragraphs()
    assert len(paragraphs) == 2
    assert package.p_element(paragraphs[1], "pBdr").find(w("bottom")).get(w("color")) == "FF0000"


# ------------------------------------------------------------------------------------------ 版记/报尾


def _imprint_table(package):
    (table,) = package.xpath("//w:body/w:tbl[w:tblPr/w:tblpPr]")
    return table


def test_imprint_floats_at_the_bottom_of_the_block(briefing_package):
    table = _imprint_table(briefing_package)
    tblp = table.find(f"{w('tblPr')}/{w('tblpPr')}")
    assert tblp.get(w("vertAnchor")) == "margin"
    assert tblp.get(w("tblpYSpec")) == "bottom"
    assert (
        tblp.get(w("horzAnchor")) == "page"
    )  # LibreOffice lays a margin-anchored wide table inline
    assert tblp.get(w("tblpX")) == "1588"
    for side in ("leftFromText", "rightFromText", "topFromText", "bottomFromText"):
        assert tblp.get(w(side)) == "0"
    assert table.find(f"{w('tblPr')}/{w('tblOverlap')}").get(w("val")) == "never"
    assert table.find(f"{w('tblPr')}/{w('tblW')}").get(w("w")) == "8844"
    # a paragraph follows (LibreOffice drops a floating table that ends the document)
    assert table.getnext().tag == w("p")


def test_imprint_rules_thick_outside_thin_inside(briefing_package):
    borders = _imprint_table(briefing_package).find(f"{w('tblPr')}/{w('tblBorders')}")
    sizes = {
        child.tag.split("}")[1]: (child.get(w("val")), child.get(w("sz"))) for child in borders
    }
    assert sizes["top"] == sizes["bottom"] == ("single", "8")
    assert sizes["insideH"] == ("single", "6")
    assert sizes["left"][0] == sizes["right"][0] == sizes["insideV"][0] == "nil"


def test_briefing_imprint_lines(briefing_package):
    lines = [paragraph_text(p) for p in _imprint_table(briefing_package).iter(w("p"))]
    assert lines == [
        "报：市委“作风能力提升年”活动领导小组。",
        "送：各巡回督导组。",
        "发：各被督导单位。\t（共印30份）",
    ]


def test_document_imprint_with_copy_to_and_printer():
    imprint = Imprint(
        copy_to=("市委办公室", "市政府办公室"), printer="第三巡回督导组", printed_on=DAY, copies=5
    )
    package = render(Document(blocks=(imprint,)))
    table = _imprint_table(package)
    rows = table.findall(w("tr"))
    texts = [[paragraph_text(p) for p in row.iter(w("p"))] for row in rows]
    # （共印N份） at the right of the last recipients line; the 印发 line stays last (7.4.3)
    assert texts == [
        ["抄送：市委办公室，市政府办公室。\t（共印5份）"],
        ["第三巡回督导组\t2024年4月15日印发"],
    ]
    copy_line = rows[0].find(f".//{w('p')}")
    ind = copy_line.find(f"{w('pPr')}/{w('ind')}")
    # one 4号 character in on both sides; wrapped names aligned after "抄送："
    assert (twips_of(ind, "left"), twips_of(ind, "hanging"), twips_of(ind, "right")) == (
        280 + 840,
        840,
        280,
    )
    tab = copy_line.find(f"{w('pPr')}/{w('tabs')}/{w('tab')}")
    assert tab.get(w("pos")) == str(8844 - 280)
    # 印发机关 one character in (no w:hanging="0", whose left indent LibreOffice drops)
    printed = rows[1].find(f".//{w('p')}")
    ind = printed.find(f"{w('pPr')}/{w('ind')}")
    assert (twips_of(ind, "left"), ind.get(w("firstLine")), ind.get(w("hanging"))) == (
        280,
        "0",
        None,
    )


def test_strict_profile_lifts_the_last_rule_onto_the_block_bottom():
    """Strict margins end 1.4 mm below the 版心: a borderless spacer row of that height carries the
    rule."""
    word = _imprint_table(render(Document(blocks=(Imprint(copies=5),))))
    assert len(word.findall(w("tr"))) == 1
    strict = _imprint_table(
        render(Document(blocks=(Imprint(copies=5),)), RenderOptions(profile="strict"))
    )
    rows = strict.findall(w("tr"))
    assert len(rows) == 2
    spacer = rows[-1]
    height = spacer.find(f"{w('trPr')}/{w('trHeight')}")
    assert (height.get(w("val")), height.get(w("hRule"))) == ("79", "exact")  # 1984 − 1905 twips
    top = spacer.find(f"{w('tc')}/{w('tcPr')}/{w('tcBorders')}/{w('top')}")
    assert (top.get(w("val")), top.get(w("sz"))) == ("single", "8")
    bottom = strict.find(f"{w('tblPr')}/{w('tblBorders')}/{w('bottom')}")
    assert bottom.get(w("val")) == "nil"


def test_empty_imprint_writes_nothing():
    assert not render(Document(blocks=(Imprint(),))).xpath("//w:tbl")


def test_landscape_imprint_spans_the_landscape_block():
    from supervisio.doctree.nodes import Meta

    document = Document(meta=Meta(landscape=True), blocks=(Imprint(copies=3),))
    table = _imprint_table(render(document))
    assert table.find(f"{w('tblPr')}/{w('tblpPr')}").get(w("tblpX")) == "1984"
    assert table.find(f"{w('tblPr')}/{w('tblW')}").get(w("w")) == "12756"


# ------------------------------------------------------------------------------------------ page
# numbers


@pytest.mark.parametrize("profile", ["word", "strict"])
def test_odd_and_even_footers_with_page_field(profile):
    package = render(Document(), RenderOptions(profile=profile))
    footers = package.footers()
    assert set(footers) == {"default", "even"}
    assert package.xpath("//w:evenAndOddHeaders", "word/settings.xml")
    for kind, footer in footers.items():
        (p,) = footer.findall(w("p"))
        ppr = p.find(w("pPr"))
        ind = ppr.find(w("ind"))
        if kind == "default":  # odd pages: right, one character in
            assert ppr.find(w("jc")).get(w("val")) == "right"
            assert twips_of(ind, "right") == 280
        else:  # even pages: left, one character in
            assert ppr.find(w("jc")).get(w("val")) == "left"
            assert twips_of(ind, "left") == 280
        chars = [
            (child.tag.split("}")[1], child.get(w("fldCharType")) or child.text)
            for r in p.findall(w("r"))
            for child in r
            if child.tag != w("rPr")
        ]
        assert chars == [
            ("t", "— "),
            ("fldChar", "begin"),
            ("instrText", " PAGE \\* MERGEFORMAT "),
            ("fldChar", "separate"),
            ("t", "1" if kind == "default" else "2"),
            ("fldChar", "end"),
            ("t", " —"),
        ]
        for r in p.findall(w("r")):
            assert package.r_attr(r, "rFonts", "ascii") == "宋体"
            assert package.r_attr(r, "rFonts", "eastAsia") == "宋体"
    footer_style = package.style("Footer").find(w("rPr"))
    assert footer_style.find(w("sz")).get(w("val")) == "28"
