"""Tables and ledgers against docs/gbt9704.md §6.8 and §9, docs/user-needs.md §3."""

from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

from docx_samples import LEDGER_HEADER, ledger
from docx_xml import NS, Package, render, twips_of, w
from supervisio.demo import DEMO_AS_OF, DEMO_GROUP, load_demo
from supervisio.doctree.nodes import Document, LineBreak, Strong, Table, Text
from supervisio.layout.tables import token_width
from supervisio.pipeline import render_kind
from supervisio_docx.styles import CELL_MARGIN
from supervisio_docx.tables import column_widths


def ledger_demo_package():
    return Package(render_kind(load_demo(), "ledger", "docx", as_of=DEMO_AS_OF, group=DEMO_GROUP))


def _table(package):
    (table,) = package.xpath("//w:body/w:tbl")
    return table


def test_widths_sum_to_the_landscape_block(ledger_package):
    table = _table(ledger_package)
    assert table.find(f"{w('tblPr')}/{w('tblLayout')}").get(w("type")) == "fixed"
    tbl_w = table.find(f"{w('tblPr')}/{w('tblW')}")
    assert (tbl_w.get(w("w")), tbl_w.get(w("type"))) == ("12756", "dxa")
    grid = [twips_of(c, "w") for c in table.iter(w("gridCol"))]
    assert len(grid) == len(LEDGER_HEADER) and sum(grid) == 12756
    # the first row states the widths for Word; the others leave them to the grid (tables.py)
    first, *others = table.iter(w("tr"))
    assert [twips_of(tc, "w") for tc in first.xpath("w:tc/w:tcPr/w:tcW", namespaces=NS)] == grid
    assert not any(row.xpath("w:tc/w:tcPr", namespaces=NS) for row in others)


def test_without_a_header_the_first_body_row_states_the_widths():
    table = Table(header=(), rows=(((Text("甲"),), (Text("乙"),)), ((Text("丙"),), (Text("丁"),))))
    rows = _table(render(Document(blocks=(table,)))).findall(w("tr"))
    assert [twips_of(tc, "w") for tc in rows[0].xpath("w:tc/w:tcPr/w:tcW", namespaces=NS)] == [
        4422,
        4422,
    ]
    assert not rows[1].xpath("w:tc/w:tcPr", namespaces=NS)


def test_cells_are_centred_vertically_by_the_table_style(ledger_package):
    table = _table(ledger_package)
    style = table.find(f"{w('tblPr')}/{w('tblStyle')}").get(w("val"))
    valign = ledger_package.style(style).find(f"{w('tcPr')}/{w('vAlign')}")
    assert valign.get(w("val")) == "center"


def test_widths_follow_the_weights(ledger_package):
    grid = [twips_of(c, "w") for c in _table(ledger_package).iter(w("gridCol"))]
    assert grid[2] > grid[4] > grid[1] > grid[0]


def test_header_repeats_and_rows_do_not_split(ledger_package):
    rows = _table(ledger_package).findall(w("tr"))
    assert len(rows) == 1 + 60 + 1
    header, *body = rows
    assert header.find(f"{w('trPr')}/{w('tblHeader')}") is not None
    assert all(r.find(f"{w('trPr')}/{w('cantSplit')}") is not None for r in rows)
    assert all(r.find(f"{w('trPr')}/{w('tblHeader')}") is None for r in body)
    header_text = ["".join(t.text for t in tc.iter(w("t"))) for tc in header.findall(w("tc"))]
    assert header_text == list(LEDGER_HEADER)
    for r in header.iter(w("r")):
        assert ledger_package.r_attr(r, "rFonts", "eastAsia") == "黑体"


def test_cell_paragraphs_use_the_table_styles(ledger_package):
    styles = {p.get(w("val")) for p in _table(ledger_package).iter(w("pStyle"))}
    assert styles == {"TableTextCenter", "TableTextLeft", "TableHeading"}  # never justified
    for style_id in styles:
        ppr = ledger_package.style(style_id).find(w("pPr"))
        spacing = ppr.find(w("spacing"))
        assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == ("400", "exact")
        assert ppr.find(w("ind")).get(w("firstLine")) == "0"
        size = ledger_package.style(style_id).find(f"{w('rPr')}/{w('sz')}")
        assert size.get(w("val")) == "28"


def test_totals_row_is_bold(ledger_package):
    totals = _table(ledger_package).findall(w("tr"))[-1]
    runs = list(totals.iter(w("r")))
    assert runs and all(ledger_package.bold(r) for r in runs)
    assert "".join(t.text for t in totals.iter(w("t"))).startswith("合计")
    body_row = _table(ledger_package).findall(w("tr"))[1]
    assert not any(ledger_package.bold(r) for r in body_row.iter(w("r")))


def test_caption_is_a_centred_line_above(ledger_package):
    body = ledger_package.xpath("/w:document/w:body/*")
    index = body.index(_table(ledger_package))
    caption = body[index - 1]
    assert caption.find(f"{w('pPr')}/{w('pStyle')}").get(w("val")) == "TableCaption"
    assert "".join(t.text for t in caption.iter(w("t"))) == "截至2024年4月15日"
    style = ledger_package.style("TableCaption").find(w("pPr"))
    assert style.find(w("jc")).get(w("val")) == "center" and style.find(w("keepNext")) is not None


def test_short_columns_centred_long_ones_flush_left(ledger_package):
    row = _table(ledger_package).findall(w("tr"))[1]
    jcs = [ledger_package.p_attr(tc.find(w("p")), "jc", "val") for tc in row.findall(w("tc"))]
    assert jcs[0] == "center"  # 序号
    assert jcs[2] == "left"  # 问题描述: a justified line ending in a w:br would be spread


def test_portrait_table_spans_156_mm_and_pads_short_rows():
    table = Table(
        header=((Text("项目"),), (Text("内容"),), (Text("备注"),)),
        rows=(
            ((Text("签收人"),),),
            ((Strong(children=(Text("粗"),)), LineBreak(), Text("行")), (), ()),
        ),
    )
    package = render(Document(blocks=(table,)))
    tbl = _table(package)
    assert sum(twips_of(c, "w") for c in tbl.iter(w("gridCol"))) == 8844
    assert all(len(tr.findall(w("tc"))) == 3 for tr in tbl.iter(w("tr")))
    assert all(tc.find(w("p")) is not None for tc in tbl.iter(w("tc")))


def test_a_row_taller_than_a_page_may_split():
    tall = (Text("很长的问题描述" * 400),)
    package = render(
        Document(blocks=(Table(header=((Text("描述"),),), rows=((tall,), ((Text("短"),),))),))
    )
    _header, long_row, short_row = _table(package).findall(w("tr"))
    assert long_row.find(f"{w('trPr')}/{w('cantSplit')}") is None
    assert short_row.find(f"{w('trPr')}/{w('cantSplit')}") is not None


def test_empty_table_writes_nothing():
    assert not render(Document(blocks=(Table(header=(), rows=()),))).xpath("//w:tbl")


@given(
    weights=st.lists(st.integers(min_value=1, max_value=1000), min_size=1, max_size=30),
    total=st.integers(min_value=100, max_value=20000),
)
def test_column_widths_always_sum_to_the_total(weights, total):
    widths = column_widths(tuple(weights), len(weights), total)
    assert sum(widths) == total
    exact = [total * x / sum(weights) for x in weights]
    assert all(abs(a - b) < 1 for a, b in zip(widths, exact, strict=True))


def test_column_widths_ignore_weights_that_do_not_fit():
    assert column_widths((1, 2), 3, 9000) == [3000, 3000, 3000]
    assert column_widths((1, 0, 1), 3, 9000) == [3000, 3000, 3000]


def test_two_thousand_rows_render_in_linear_time():
    """A guard against quadratic table building (docs/user-needs.md §3: python-docx takes minutes)."""
    document = ledger(2000)
    start = time.perf_counter()
    package = render(document)
    elapsed = time.perf_counter() - start
    assert len(_table(package).findall(w("tr"))) == 2002
    assert elapsed < 3.0, f"2,000 rows took {elapsed:.2f} s"


def test_wrapping_columns_are_flush_left_whatever_their_width():
    long = (Text("需要回行的较长文字内容" * 3),)
    table = Table(header=((Text("窄"),), (Text("宽"),)), rows=((long, long),), widths=(1, 6))
    package = render(Document(blocks=(table,)))
    row = _table(package).findall(w("tr"))[1]
    narrow, wide = (package.p_attr(tc.find(w("p")), "jc", "val") for tc in row.findall(w("tc")))
    assert narrow == "left"
    assert wide == "left"


def _grid(package) -> list[int]:
    return [twips_of(c, "w") for c in _table(package).iter(w("gridCol"))]


def test_without_widths_the_columns_are_fitted_to_the_text():
    """The room goes to the column with the text; a date column is as wide as its date, plus
    its margins, so that the date is never broken (supervisio.layout.tables)."""
    text = (Text("整改措施落实不到位，需要回行的较长问题描述文字" * 3),)
    rows = tuple(((Text(str(i)),), (Text("2022.12.31"),), text) for i in range(1, 4))
    table = Table(header=((Text("序号"),), (Text("整改时限"),), (Text("问题描述"),)), rows=rows)
    grid = _grid(render(Document(blocks=(table,))))
    assert sum(grid) == 8844
    date_room = token_width("2022.12.31") * 280  # 四号: 280 twips a character
    assert date_room <= grid[1] - 2 * CELL_MARGIN < date_room + 40
    assert grid[2] > grid[1] > grid[0]


def test_explicit_widths_still_leave_a_date_whole():
    rows = (((Text("2022.12.31"),), (Text("说明"),)),)
    table = Table(header=((Text("时限"),), (Text("说明"),)), rows=rows, widths=(1, 30))
    grid = _grid(render(Document(blocks=(table,))))
    assert grid[0] - 2 * CELL_MARGIN >= token_width("2022.12.31") * 280
    assert sum(grid) == 8844


def test_a_row_taller_than_half_a_page_may_split():
    half = (Text("很长的问题描述" * 80),)  # 560 characters: 18 lines of 31, over half a page (31)
    short = (Text("较短的描述" * 10),)
    package = render(
        Document(blocks=(Table(header=((Text("描述"),),), rows=((half,), (short,))),))
    )
    _header, tall_row, short_row = _table(package).findall(w("tr"))
    assert tall_row.find(f"{w('trPr')}/{w('cantSplit')}") is None
    assert short_row.find(f"{w('trPr')}/{w('cantSplit')}") is not None


def test_the_demo_ledger_is_never_justified_and_keeps_its_header():
    package = ledger_demo_package()
    table = _table(package)
    jcs = {package.p_attr(p, "jc", "val") for p in table.iter(w("p"))}
    assert "both" not in jcs and "distribute" not in jcs
    header = table.find(w("tr"))
    assert header.find(f"{w('trPr')}/{w('tblHeader')}") is not None
    assert sum(_grid(package)) == 12756
