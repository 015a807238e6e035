"""A lean docx: formatting lives in styles, so a ledger row costs its text and little else.

Issue 8, part 4: a 10,000-row 问题台账 carried 5.2 KB of document.xml a row, every run repeating
its faces and size and every paragraph its spacing and alignment. The budget is 1.5 KB a row; the
faces stay named in full in every style (WPS needs the full ``w:rFonts``), and no theme font is
referred to anywhere.
"""

from __future__ import annotations

import re

import attrs
import pytest
from docx_samples import SAMPLES
from docx_xml import Package, render, w

from supervisio.demo import DEMO_AS_OF, DEMO_GROUP, load_demo
from supervisio.pipeline import render_kind
from supervisio.renderers.base import RenderOptions

ROW_BUDGET = 1500
"""Bytes of ``word/document.xml`` per ledger row, text included."""
KINDS = ("report", "briefing", "prompt", "opinion", "rectification", "ledger")
UNITS = {"opinion": "临江市行政审批局", "rectification": "临江市应急管理局"}
OPTIONS = {
    "word": RenderOptions(),
    "latin": RenderOptions(profile="strict", latin_font="Times New Roman", bold_level3=True),
}


def _ledger(rows: int, options: RenderOptions | None = None) -> Package:
    """The demo's 问题台账 with its problems repeated (under new numbers) to ``rows`` rows."""
    demo = load_demo(DEMO_GROUP)  # the seed's group alone: the demo is a city
    found = [p for p in demo.problems if p.found_on <= DEMO_AS_OF]
    problems = tuple(
        attrs.evolve(found[i % len(found)], number=f"T{i:05d}") for i in range(rows)
    )
    supervision = attrs.evolve(demo, problems=problems)
    return Package(
        render_kind(supervision, "ledger", "docx", as_of=DEMO_AS_OF, group=DEMO_GROUP,
                    options=options or RenderOptions())
    )


@pytest.fixture(scope="module")
def ledger_200() -> Package:
    return _ledger(200)


def _packages() -> list[tuple[str, Package]]:
    demo = load_demo(DEMO_GROUP)  # the seed's group alone: the demo is a city
    packages = []
    for label, options in OPTIONS.items():
        for kind in KINDS:
            data = render_kind(demo, kind, "docx", as_of=DEMO_AS_OF, group=DEMO_GROUP,
                               unit=UNITS.get(kind), options=options)
            packages.append((f"{kind}-{label}", Package(data)))
        for name, build in SAMPLES.items():
            packages.append((f"sample-{name}-{label}", render(build(), options)))
    return packages


@pytest.fixture(scope="module")
def every_document() -> list[tuple[str, Package]]:
    return _packages()


def test_a_ledger_row_costs_at_most_one_and_a_half_kilobytes(ledger_200):
    rows = ledger_200.xpath("//w:tbl/w:tr")
    assert len(rows) == 1 + 200 + 1  # header, rows, 合计
    size = len(ledger_200.zip.read("word/document.xml"))
    assert size / 200 <= ROW_BUDGET, f"{size / 200:.0f} bytes of document.xml a row"


def test_table_runs_name_no_face_and_no_size(ledger_200):
    """The cell styles name them; a run adds only bold (合计)."""
    table = ledger_200.xpath("//w:body/w:tbl")[0]
    for r in table.iter(w("r")):
        rpr = r.find(w("rPr"))
        names = {child.tag.split("}")[1] for child in rpr} if rpr is not None else set()
        assert names <= {"b", "bCs"}, names
        # ... and the style does say so
        assert ledger_200.r_attr(r, "rFonts", "eastAsia")
        assert ledger_200.r_attr(r, "sz", "val") == "21"  # the ledger's 五号
    for p in table.iter(w("p")):  # nor do cell paragraphs state spacing or alignment
        names = [child.tag.split("}")[1] for child in p.find(w("pPr"))]
        assert names == ["pStyle"], names


def test_a_multi_line_cell_is_one_run():
    package = _ledger(3)
    measures = package.xpath("//w:tbl/w:tr[2]/w:tc")[7]  # 整改措施 of the first problem
    (run,) = measures.iter(w("r"))
    assert len(run.findall(w("br"))) >= 1


def test_with_a_latin_face_table_runs_carry_only_the_hint():
    table = _ledger(20, OPTIONS["latin"]).xpath("//w:body/w:tbl")[0]
    hinted = 0
    for fonts in table.iter(w("rFonts")):
        assert dict(fonts.attrib) == {w("hint"): "eastAsia"}
        hinted += 1
    assert hinted  # 建立“导师帮带”机制


def test_every_style_used_exists_and_names_its_east_asian_face(every_document):
    for label, package in every_document:
        parts = ["word/document.xml"] + [n for n in package.names() if n.startswith("word/footer")]
        used = set()
        for part in parts:
            for kind in ("pStyle", "rStyle", "tblStyle"):
                used |= {(kind, v) for v in package.xpath(f"//w:{kind}/@w:val", part)}
        assert ("pStyle", "Normal") not in used  # the default is never named
        used.add(("pStyle", "Normal"))
        for kind, style_id in used:
            chain = package.style_chain(style_id)  # raises when a style is missing
            expected = {"pStyle": "paragraph", "rStyle": "character", "tblStyle": "table"}[kind]
            assert chain[0].get(w("type")) == expected, (label, style_id)
            if kind != "tblStyle":
                fonts = chain[0].find(f"{w('rPr')}/{w('rFonts')}")
                assert fonts is not None, (label, style_id)
                for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
                    assert fonts.get(w(slot)), (label, style_id, slot)
                assert fonts.get(w("hint")) == "eastAsia", (label, style_id)


def test_document_defaults_name_the_chinese_face_and_language(every_document):
    for label, package in every_document:
        (fonts,) = package.xpath("//w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", "word/styles.xml")
        assert fonts.get(w("eastAsia")) == "仿宋_GB2312", label
        (lang,) = package.xpath("//w:docDefaults/w:rPrDefault/w:rPr/w:lang", "word/styles.xml")
        assert lang.get(w("eastAsia")) == "zh-CN", label


def test_no_theme_font_is_referred_to(every_document):
    """A theme attribute (w:eastAsiaTheme …) beats the face named beside it; none is written, and
    the theme's own faces are the 公文 faces, never a Western default."""
    theme_attribute = re.compile(r"\bw:\w*[Tt]heme\w*=")
    for label, package in every_document:
        for name in package.names():
            if not name.endswith(".xml"):
                continue
            text = package.zip.read(name).decode("utf-8")
            found = [m for m in theme_attribute.findall(text) if m != "w:themeFontLang="]
            assert not found, (label, name, found)
            assert "+mn-" not in text and "+mj-" not in text, (label, name)
        theme = package.zip.read("word/theme/theme1.xml").decode("utf-8")
        assert "Calibri" not in theme and "Cambria" not in theme, label
