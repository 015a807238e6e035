"""The 问题台账 fit to print (issue 10): the demo ledger through LibreOffice (docx) and Chromium (HTML).

At the default settings the demo's 68 problems print on at most 10 landscape A4 pages in both engines,
in cells of at least 五号 (10.5 pt), with the header on every page and every date whole (never
``2022.12.3`` / ``1``). The widths come from :mod:`supervisio.layout.tables`, whose rule is tested here
without a printer: the widths fill the block, no column is narrower than its longest date or code
when the room allows, and the room goes where the text is.
"""

from __future__ import annotations

import collections
import logging
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supervisio.demo import DEMO_AS_OF, DEMO_GROUP, load_demo
from supervisio.doctree.nodes import Cell, Document, LineBreak, Meta, Table, Text, plain_text
from supervisio.kinds.kind import KindRequest
from supervisio.layout import text_width
from supervisio.layout.tables import (
    SAMPLE,
    ColumnText,
    column_widths,
    line_count,
    measure,
    share,
    token_width,
    unbreakable,
    wrapped_lines,
)
from supervisio.pipeline import compose, render_document, render_kind
from supervisio.plugins import get_plugins

MAX_PAGES = 10
SMALLEST = 10.5  # 五号
DATE = re.compile(r"(?<![\d.])\d{4}\.\d{1,2}\.\d{1,2}(?![\d.])")
HEADINGS = ("序号", "问题描述", "整改措施", "整改时限")
"""Header words checked on every page: those of columns wide enough to hold them on one line."""
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
)


def _ledger_table() -> Table:
    request = KindRequest(supervision=load_demo(), as_of=DEMO_AS_OF, group=DEMO_GROUP)
    document = compose("ledger", request, plugins=get_plugins())
    (table,) = (block for block in document.blocks if isinstance(block, Table))
    return table


def _render(fmt: str) -> bytes:
    return render_kind(load_demo(), "ledger", fmt, as_of=DEMO_AS_OF, group=DEMO_GROUP)


# ---------------------------------------------------------------------------- printed


@pytest.fixture(scope="module")
def ledger_dates() -> collections.Counter[str]:
    """Every date the demo ledger's table prints (发现日期, 整改时限, and any in the text), counted."""
    table = _ledger_table()
    cells = [*table.rows, *((table.totals,) if table.totals else ())]
    return collections.Counter(date for row in cells for cell in row for date in DATE.findall(plain_text(cell)))


@pytest.fixture(scope="module")
def libreoffice_pdf(tmp_path_factory) -> Path:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path_factory.mktemp("ledger-docx")
    docx = out / "ledger.docx"
    docx.write_bytes(_render("docx"))
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation={(out / 'profile').as_uri()}",
         "--convert-to", "pdf", "--outdir", str(out), str(docx)],
        check=True, capture_output=True, timeout=300,
    )
    return out / "ledger.pdf"


@pytest.fixture(scope="module")
def chromium_pdf(tmp_path_factory) -> Path:
    if shutil.which("chromium") is None:
        pytest.skip("chromium is not installed")
    out = tmp_path_factory.mktemp("ledger-html")
    html = out / "ledger.html"
    html.write_bytes(_render("html"))
    pdf = out / "ledger.pdf"
    subprocess.run(
        ["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={out / 'chromium'}", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", html.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    return pdf


@pytest.fixture(params=["libreoffice", "chromium"])
def printed(request) -> list[tuple[str, list[float]]]:
    """The printed ledger, each page as its text and the sizes of its characters."""
    pdfplumber = pytest.importorskip("pdfplumber")
    pdf = request.getfixturevalue(f"{request.param}_pdf")
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # "Could not get FontBBox" of Type 3 faces
    with pdfplumber.open(pdf) as document:
        return [
            (page.extract_text() or "", [char["size"] for char in page.chars])
            for page in document.pages
        ]


@pytest.mark.libreoffice
@pytest.mark.chromium
def test_the_demo_ledger_prints_on_at_most_ten_pages(printed):
    assert len(printed) <= MAX_PAGES, f"{len(printed)} pages"


@pytest.mark.libreoffice
@pytest.mark.chromium
def test_no_text_below_wuhao(printed):
    sizes = [size for _, page in printed for size in page]
    assert sizes and min(sizes) >= SMALLEST - 0.01


@pytest.mark.libreoffice
@pytest.mark.chromium
def test_the_header_is_on_every_page(printed):
    for number, (text, _) in enumerate(printed, start=1):
        missing = [word for word in HEADINGS if word not in text]
        assert not missing, f"page {number} lacks {missing}"


@pytest.mark.libreoffice
@pytest.mark.chromium
def test_every_date_prints_whole(printed, ledger_dates):
    found = collections.Counter(date for text, _ in printed for date in DATE.findall(text))
    assert ledger_dates, "the demo ledger has dates"
    broken = ledger_dates - found
    assert not broken, f"dates not printed whole: {sorted(broken)}"


@pytest.mark.libreoffice
@pytest.mark.chromium
def test_each_row_prints_on_one_page(printed):
    """Rows are kept whole: each problem's number starts a line on exactly one page, and in order."""
    pages = [
        [int(n) for n in re.findall(r"^(\d{1,2}) ", text, flags=re.MULTILINE)] for text, _ in printed
    ]
    numbers = [n for page in pages for n in page if 1 <= n <= 68]
    assert sorted(set(numbers)) == list(range(1, 69))
    first_page = {n: i for i, page in reversed(list(enumerate(pages))) for n in page}
    assert [first_page[n] for n in range(1, 69)] == sorted(first_page[n] for n in range(1, 69))


# ---------------------------------------------------------------------------- the HTML, unprinted


def _html(table: Table, landscape: bool = True) -> str:
    document = Document(meta=Meta(kind="ledger", landscape=landscape), blocks=(table,))
    return render_document(document, "html").decode("utf-8")


def _column_shares(html: str) -> list[float]:
    return [float(share) for share in re.findall(r'<col style="width:([\d.]+)%">', html)]


def test_html_keeps_a_chinese_date_whole():
    table = _table(["2022年6月30日前完成整改"], ["编号DD07-012，2022.12.31"], header=("时限", "说明"))
    html = _html(table)
    assert '<span class="nobr">2022年6月30日前</span>完成整改' in html
    assert '<span class="nobr">DD07-012</span>' in html
    assert "2022.12.31" in html  # digits and dots: no browser breaks them, given the room
    assert ".nobr {" in html and "white-space: nowrap" in html


def test_html_columns_fill_the_block_and_follow_the_text():
    dates = ["2022.12.31"] * 4
    text = ["需要回行的较长问题描述文字内容，说明问题的来龙去脉" * 4] * 4
    shares = _column_shares(_html(_table(dates, text, header=("时限", "问题描述"))))
    assert sum(shares) == pytest.approx(100.0, abs=1e-2)
    assert shares[1] > 3 * shares[0]


def test_html_rows_taller_than_half_a_page_may_split():
    tall = "很长的问题描述" * 300  # 2,100 characters: far over half a page at 四号
    html = _html(_table([tall, "短"], ["甲", "乙"], header=("描述", "单位")))
    rows = re.findall(r"<tr[^>]*>", html.split("<tbody>")[1])
    assert rows == ['<tr class="tall">', "<tr>"]
    assert re.search(r"tr\.tall \{\s*break-inside: auto;", html)


def test_html_cells_are_never_justified():
    html = _html(_ledger_table())
    cells = re.search(r"\nth,\ntd \{([^}]*)\}", html)
    assert cells is not None and "text-align: left;" in cells.group(1)
    assert "justify" not in cells.group(1)


# ---------------------------------------------------------------------------- the width rule


def _cell(text: str) -> Cell:
    lines: list[Text | LineBreak] = []
    for index, line in enumerate(text.split("\n")):
        if index:
            lines.append(LineBreak())
        lines.append(Text(line))
    return tuple(lines)


def _table(*columns: list[str], header: tuple[str, ...] = (), widths: tuple[int, ...] = ()) -> Table:
    rows = tuple(tuple(_cell(column[i]) for column in columns) for i in range(len(columns[0])))
    return Table(header=tuple(_cell(h) for h in header), rows=rows, widths=widths)


def test_unbreakable_runs_are_dates_numbers_and_codes():
    text = "问题编号DD07-012，2022.12.31前整改；2022年6月底前完成，15个工作日内报送，整改率64.71%"
    assert list(unbreakable(text)) == ["DD07-012", "2022.12.31", "2022年6月底前", "15个工作日内", "64.71%"]
    assert list(unbreakable("冯立军/彭志强")) == []
    assert token_width("2022.12.31") > text_width("2022.12.31")  # room for wider digits


def test_the_demo_ledger_columns_fit_their_dates_and_give_the_room_to_the_text():
    table = _ledger_table()
    columns = measure(table)
    widths = share(columns, 57.0, None, len(table.rows))
    assert sum(widths) == pytest.approx(57.0)
    assert all(w >= c.floor for w, c in zip(widths, columns, strict=True))
    description, measures = widths[5], widths[7]  # 问题描述, 整改措施
    assert description > measures > max(w for j, w in enumerate(widths) if j not in (5, 7))
    assert widths[2] == pytest.approx(columns[2].floor)  # 发现日期: its longest date, no more
    assert widths[8] == pytest.approx(columns[8].floor)  # 整改时限


def test_a_date_column_is_as_wide_as_its_longest_date():
    dates = ["2022.1.5", "2022.12.31", "2023.2.8"]
    text = ["这是一段需要回行的较长问题描述文字，" * 4] * 3
    widths = share(measure(_table(dates, text)), 30.0)
    assert widths[0] == pytest.approx(token_width("2022.12.31"))
    assert widths[1] == pytest.approx(30.0 - widths[0])


def test_a_large_table_still_fits_a_date_found_in_one_row_only():
    dates = ["2022.1.1"] * 5000
    dates[4321] = "2022.12.31"  # not among the rows sampled for the line counts
    text = ["问题描述文字" * 5] * 5000
    columns = measure(_table(dates, text))
    assert len(columns[0].cells) == SAMPLE
    assert columns[0].floor == pytest.approx(token_width("2022.12.31"))


def test_more_text_gets_more_room():
    short = ["较短的整改措施文字内容" * 2] * 6
    long = ["需要更多地方的较长问题描述文字内容" * 5] * 6
    narrow, wide = share(measure(_table(short, long)), 40.0)
    assert wide > narrow
    assert narrow + wide == pytest.approx(40.0)


def test_a_table_that_fits_on_single_lines_still_fills_the_block():
    table = _table(["1", "2"], ["甲单位", "乙单位"], header=("序号", "单位"))
    widths = column_widths(table, 156.0, 5.0, 2.0)
    assert sum(widths) == pytest.approx(156.0)
    assert widths[1] > widths[0]


def test_a_templates_own_widths_are_the_proportions():
    table = _table(["甲"], ["乙"], ["丙"], widths=(1, 2, 1))
    assert column_widths(table, 40.0, 1.0) == pytest.approx((10.0, 20.0, 10.0))
    # but a date never gets less than its width
    dated = _table(["2022.12.31"], ["乙"], ["丙"], widths=(1, 20, 1))
    assert column_widths(dated, 40.0, 1.0)[0] == pytest.approx(token_width("2022.12.31"))


def test_floors_that_do_not_fit_are_scaled_together():
    widths = share([ColumnText(floor=10.0), ColumnText(floor=30.0)], 20.0)
    assert widths == pytest.approx((5.0, 15.0))


def test_no_columns_no_widths():
    assert column_widths(Table(header=(), rows=()), 100.0, 1.0) == ()
    assert share([], 10.0) == ()


def test_line_counts():
    assert line_count(((10.0, True),), 4.5) == 3  # a Chinese line: 4 characters a line
    assert line_count(((4.5, False),), 4.5) == 1  # Latin: half cells
    assert line_count(((1.0, True), (0.0, False)), 3.0) == 2  # each forced line takes one
    assert wrapped_lines(["责任领导/责任人"], 4.1) == 3  # "/" never starts a line
    assert wrapped_lines(["责任领导/责任人"], 4.5) == 2
    assert wrapped_lines(["2022.12.31"], 10.0) == 1


CELL_TEXT = st.text(
    st.sampled_from("问题描述整改措施落实abc123.-/，。 "), max_size=40
) | st.from_regex(r"20[0-9]{2}\.[0-9]{1,2}\.[0-9]{1,2}", fullmatch=True)


@given(
    cells=st.lists(st.lists(CELL_TEXT, min_size=1, max_size=6), min_size=1, max_size=8),
    width=st.floats(min_value=20.0, max_value=300.0),
    padding=st.floats(min_value=0.0, max_value=3.0),
)
def test_widths_always_fill_the_block_and_fit_the_tokens(cells, width, padding):
    count = max(map(len, cells))
    table = Table(header=(), rows=tuple(tuple(_cell(text) for text in row) for row in cells))
    widths = column_widths(table, width, 1.0, padding)
    assert len(widths) == count
    assert sum(widths) == pytest.approx(width)
    assert all(w >= 0 for w in widths)
    check_floors(table, widths, width, padding)


def check_floors(table: Table, widths: tuple[float, ...], width: float, padding: float) -> None:
    """When the longest tokens fit the block side by side, no column is narrower than its own."""
    floors = [c.floor for c in measure(table)]
    padding = min(padding, width / len(widths))
    if sum(floors) + padding * len(widths) <= width:
        for floor, actual in zip(floors, widths, strict=True):
            assert actual - padding >= floor - 1e-6
