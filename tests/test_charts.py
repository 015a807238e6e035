"""Charts: data in the tree, inline SVG in HTML, a native chart with its workbook in docx, a table in Markdown."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supervisio.doctree.conventions import chart_colors
from supervisio.doctree.nodes import Chart, Document, Series, Style
from supervisio.pipeline import render_document
from supervisio.renderers.html.chart import PALETTE, chart_svg, nice_ticks, value_text
from tests.doctree_strategies import charts

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"

RATES = Chart(kind="bar", labels=("市发改委", "团市委", "市妇联"), series=(Series(name="整改率", values=(64.71, 50.0, None)),),
              title="各单位整改率", unit="%", category="单位")
LIGHTS = Chart(kind="stacked-bar", labels=("甲", "乙"),
               series=(Series(name="绿灯", values=(3, 1)), Series(name="黄灯", values=(1, 0)),
                       Series(name="红灯", values=(0, 2))),
               style=Style(attributes=(("chart-colors", "#00B050,#FFC000,#C00000"),)))
WEEKS = Chart(kind="line", labels=("3月4日", "3月11日", "3月18日", "3月25日"),
              series=(Series(name="在办", values=(10, 18, None, 30)),))


def svg_tree(chart: Chart) -> ET.Element:
    return ET.fromstring(chart_svg(chart))


def test_bars_are_drawn_one_per_value_with_their_values():
    svg = chart_svg(RATES)
    bars = svg_tree(RATES).findall("{http://www.w3.org/2000/svg}rect")
    assert len(bars) == 2  # the missing value draws nothing
    assert "64.71" in svg and "市发改委" in svg and "80%</text>" in svg  # value, label, axis with its unit


def test_stacked_bars_stack_to_the_sum_and_take_the_given_colours():
    bars = svg_tree(LIGHTS).findall("{http://www.w3.org/2000/svg}rect")
    drawn = [b for b in bars if b.find("{http://www.w3.org/2000/svg}title") is not None]
    heights = {}
    for bar in drawn:
        x = bar.get("x")
        heights.setdefault(x, []).append(float(bar.get("height")))
    first, second = heights.values()
    assert sum(first) == pytest.approx(sum(second) * 4 / 3, rel=1e-3)  # 4 problems against 3
    assert {b.get("fill") for b in drawn} == {"#00B050", "#FFC000", "#C00000"}


def test_a_missing_value_breaks_the_line():
    lines = svg_tree(WEEKS).findall("{http://www.w3.org/2000/svg}polyline")
    assert [len(line.get("points").split()) for line in lines] == [2]  # 10, 18 | gap | 30 alone
    assert len(svg_tree(WEEKS).findall("{http://www.w3.org/2000/svg}circle")) == 3


def test_text_stays_text_in_svg():
    hostile = Chart(kind="bar", labels=("<script>alert(1)</script>",), series=(Series(name='"&', values=(1,)),))
    svg = chart_svg(hostile)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg_tree(hostile) is not None  # well-formed


@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6))
def test_ticks_cover_the_values_and_zero(a, b):
    low, high = min(a, b), max(a, b)
    ticks = nice_ticks(low, high)
    assert ticks[0] <= min(low, 0) and ticks[-1] >= max(high, 0) and 0 in ticks
    assert 2 <= len(ticks) <= 13 and ticks == sorted(ticks)


def test_chart_colours_fall_back_to_the_palette():
    assert chart_colors(LIGHTS, PALETTE) == ("00B050", "FFC000", "C00000")
    broken = Chart(kind="bar", labels=(), series=(Series(name="a", values=()),),
                   style=Style(attributes=(("chart-colors", "red"),)))
    assert chart_colors(broken, PALETTE) == (PALETTE[0].lstrip("#").upper(),)
    assert value_text(3.0) == "3" and value_text(64.71) == "64.71" and value_text(0.5) == "0.5"


def docx_parts(chart: Chart) -> dict[str, bytes]:
    data = render_document(Document(blocks=(chart,)), "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


@pytest.mark.parametrize("chart", [RATES, LIGHTS, WEEKS], ids=["bar", "stacked", "line"])
def test_docx_holds_a_native_chart_with_its_data_cached_and_in_a_workbook(chart):
    pytest.importorskip("supervisio_docx")
    parts = docx_parts(chart)
    part = ET.fromstring(parts["word/charts/chart1.xml"])
    series = part.findall(f".//{C}ser")
    assert len(series) == len(chart.series)
    for drawn, data in zip(series, chart.series, strict=True):
        cached = {int(pt.get("idx")): float(pt.find(f"{C}v").text) for pt in drawn.find(f"{C}val").iter(f"{C}pt")}
        assert cached == {i: v for i, v in enumerate(data.values) if v is not None}
        labels = [pt.find(f"{C}v").text for pt in drawn.find(f"{C}cat").iter(f"{C}pt")]
        assert labels == list(chart.labels)
    assert b'r:id="rIdChart1"' in parts["word/document.xml"]
    assert b"drawingml.chart+xml" in parts["[Content_Types].xml"]
    from openpyxl import load_workbook

    (workbook,) = [data for name, data in parts.items() if name.startswith("word/embeddings/")]
    sheet = load_workbook(io.BytesIO(workbook)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (chart.category or None, *(s.name for s in chart.series))
    assert [row[0] for row in rows[1:]] == list(chart.labels)


def test_docx_chart_takes_the_given_colours():
    pytest.importorskip("supervisio_docx")
    xml = docx_parts(LIGHTS)["word/charts/chart1.xml"].decode()
    assert re.findall(r'srgbClr val="(00B050|FFC000|C00000)"', xml) == ["00B050", "FFC000", "C00000"]


@given(charts())
def test_any_chart_text_survives_in_html_and_docx(chart):
    html = render_document(Document(blocks=(chart,)), "html").decode("utf-8")
    assert "<svg" in html
    for label in chart.labels:
        assert not label.strip() or "<" not in label or "&lt;" in html


def test_libreoffice_draws_the_docx_chart(tmp_path):
    """The chart part alone (no workbook opened) is enough for LibreOffice to draw every bar."""
    pytest.importorskip("supervisio_docx")
    pdfplumber = pytest.importorskip("pdfplumber")
    from supervisio.audit.convert import convert_to_pdf, soffice

    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    path = tmp_path / "chart.docx"
    path.write_bytes(render_document(Document(blocks=(LIGHTS,)), "docx"))
    (pdf,) = convert_to_pdf([path], tmp_path)
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        coloured = [shape for shape in page.rects + page.curves
                    if shape.get("non_stroking_color") not in (None, (1,), (1, 1, 1), [1], [1, 1, 1])]
        words = page.extract_text()
    assert len(coloured) >= 5  # 3 + 2 stacked bars with a value (红灯 0 for 甲, 黄灯 0 for 乙), legend keys
    assert "绿灯" in words and "甲" in words
