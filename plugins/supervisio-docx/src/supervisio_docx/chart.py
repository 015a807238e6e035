"""A Chart as a native Office chart: a DrawingML chart part with its data in an embedded workbook.

Word and WPS open it as a chart of their own — restyled, retyped, its data edited in the sheet behind it
("编辑数据") — and LibreOffice draws it from the cached values. Three pieces make it:

- the **chart part** (``word/charts/chartN.xml``): a ``c:barChart`` (clustered or stacked columns) or a
  ``c:lineChart``, each series referring to its cells in the workbook (``Sheet1!$B$2:$B$6``) and
  carrying the values as a cache, so no viewer needs to open the workbook to draw it; a missing value is
  a gap (no cached point). Text is 五号 (10.5 pt) 仿宋 with the document's Latin face for digits;
- the **workbook** (``word/embeddings/Microsoft_Excel_SheetN.xlsx``), written with openpyxl: labels in
  column A, one column per series, names in row 1 — what Word writes for a chart inserted by hand;
- the **drawing** in the body: an inline ``wp:inline`` graphic as wide as the text block, in a paragraph
  of its own whose line height is automatic (an exact line pitch would clip it to one line), after a
  centred caption paragraph when the chart has a title (the caption style of tables), kept with it.

The body is written before the package exists, so each chart is given its relationship id
(``rIdChartN``) when the body is written, and :func:`add_chart_parts` relates the parts under those ids.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from supervisio.doctree.conventions import chart_colors
from supervisio.doctree.nodes import Chart
from supervisio_docx.fonts import FANGSONG
from supervisio_docx.text import escape_attribute, escape_text

if TYPE_CHECKING:
    from docx.opc.part import Part

__all__ = ["EMU_PER_TWIP", "add_chart_parts", "chart_drawing", "chart_part_xml", "chart_workbook"]

EMU_PER_TWIP = 635
"""English Metric Units in a twip (914,400 EMU an inch, 1,440 twips an inch)."""

COLOURS = ("C00000", "1F4E79", "A5A5A5", "BF9000", "548235", "7030A0")
"""Series colours, the same as the HTML renderer's: the document red, then colours apart in grey."""

_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_CHART_RELATIONSHIP = f"{_R}/chart"
_XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_PACKAGE_RELATIONSHIP = f"{_R}/package"
_CATEGORY_AXIS, _VALUE_AXIS = 500000001, 500000002
LABELLED = 12
"""Up to this many labels each bar and point carries its value, as in the HTML; beyond, they overlap."""
_SIZE = 1050
"""五号: 10.5 pt, in hundredths of a point."""


def relationship_id(number: int) -> str:
    """The id under which the document part relates chart ``number`` (1-based)."""
    return f"rIdChart{number}"


def _column(index: int) -> str:
    """Spreadsheet column letters of a 0-based index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _number(value: float) -> str:
    return repr(float(value)).removesuffix(".0")


def _text_points(texts: Sequence[str]) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{escape_text(t)}</c:v></c:pt>' for i, t in enumerate(texts))
    return f'<c:ptCount val="{len(texts)}"/>{points}'


def _series(chart: Chart, index: int, line: bool, colour: str) -> str:
    series = chart.series[index]
    column, rows = _column(index + 1), len(chart.labels)
    last = rows + 1
    fill = f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
    shape = (f'<c:spPr><a:ln w="28575">{fill}</a:ln></c:spPr>'
             f'<c:marker><c:symbol val="circle"/><c:size val="5"/><c:spPr>{fill}</c:spPr></c:marker>'
             if line else f"<c:spPr>{fill}</c:spPr><c:invertIfNegative val=\"0\"/>")
    labels = "" if chart.kind == "stacked-bar" or len(chart.labels) > LABELLED else (
        '<c:dLbls><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
        f'<c:dLblPos val="{"t" if line else "outEnd"}"/><c:showLegendKey val="0"/><c:showVal val="1"/>'
        '<c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/>'
        '<c:showBubbleSize val="0"/></c:dLbls>'
    )
    values = "".join(
        f'<c:pt idx="{i}"><c:v>{_number(v)}</c:v></c:pt>' for i, v in enumerate(series.values) if v is not None
    )
    return (
        f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>'
        f"<c:tx><c:strRef><c:f>Sheet1!${column}$1</c:f><c:strCache>{_text_points([series.name])}"
        f"</c:strCache></c:strRef></c:tx>{shape}{labels}"
        f"<c:cat><c:strRef><c:f>Sheet1!$A$2:$A${last}</c:f><c:strCache>{_text_points(chart.labels)}"
        f"</c:strCache></c:strRef></c:cat>"
        f"<c:val><c:numRef><c:f>Sheet1!${column}$2:${column}${last}</c:f><c:numCache>"
        f'<c:formatCode>General</c:formatCode><c:ptCount val="{rows}"/>{values}</c:numCache></c:numRef></c:val>'
        + ('<c:smooth val="0"/>' if line else "")
        + "</c:ser>"
    )


def _text_properties(latin: str | None, rotation: int | None = None) -> str:
    rotated = f' rot="{rotation * 60000}" vert="horz"' if rotation is not None else ""
    latin_face = escape_attribute(latin or "Times New Roman")
    return (
        f"<c:txPr><a:bodyPr{rotated}/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"{_SIZE}\">"
        f'<a:latin typeface="{latin_face}"/><a:ea typeface="{FANGSONG}"/><a:cs typeface="{latin_face}"/>'
        '</a:defRPr></a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>'
    )


def _unit_format(unit: str | None) -> str:
    """The value axis's number format: the unit after the number (``General"%"``), Excel-quoted."""
    if not unit:
        return "General"
    return 'General"' + unit.replace('"', '""') + '"'


def chart_part_xml(chart: Chart, latin: str | None = None) -> bytes:
    """The chart part (``word/charts/chartN.xml``) of ``chart``, its data cached for every viewer."""
    line = chart.kind == "line"
    colours = chart_colors(chart, COLOURS)
    series = "".join(_series(chart, index, line, colours[index]) for index in range(len(chart.series)))
    axes = f'<c:axId val="{_CATEGORY_AXIS}"/><c:axId val="{_VALUE_AXIS}"/>'
    if line:
        plot = (f'<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>{series}'
                f'<c:marker val="1"/>{axes}</c:lineChart>')
    else:
        stacked = chart.kind == "stacked-bar"
        plot = (
            f'<c:barChart><c:barDir val="col"/><c:grouping val="{"stacked" if stacked else "clustered"}"/>'
            f'<c:varyColors val="0"/>{series}<c:gapWidth val="{80 if stacked else 60}"/>'
            + ('<c:overlap val="100"/>' if stacked else "")
            + f"{axes}</c:barChart>"
        )
    rotation = -45 if len(chart.labels) > 8 else None
    number_format = escape_attribute(_unit_format(chart.unit))
    category_axis = (
        f'<c:catAx><c:axId val="{_CATEGORY_AXIS}"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="0"/>'
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>'
        f"{_text_properties(None, rotation)}"
        f'<c:crossAx val="{_VALUE_AXIS}"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
    )
    value_axis = (
        f'<c:valAx><c:axId val="{_VALUE_AXIS}"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="l"/>'
        '<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill>'
        "</a:ln></c:spPr></c:majorGridlines>"
        f'<c:numFmt formatCode="{number_format}" sourceLinked="0"/>'
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:crossAx val="{_CATEGORY_AXIS}"/><c:crosses val="autoZero"/><c:crossBetween val="between"/>'
        "</c:valAx>"
    )
    legend = ('<c:legend><c:legendPos val="t"/><c:overlay val="0"/></c:legend>'
              if len(chart.series) > 1 else "")
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{_C}" xmlns:a="{_A}" xmlns:r="{_R}">'
        '<c:date1904 val="0"/><c:lang val="zh-CN"/><c:roundedCorners val="0"/>'
        '<c:chart><c:autoTitleDeleted val="1"/>'
        f"<c:plotArea><c:layout/>{plot}{category_axis}{value_axis}</c:plotArea>"
        f'{legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
        f"{_text_properties(latin)}"
        '<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData>'
        "</c:chartSpace>"
    )
    return xml.encode("utf-8")


def chart_workbook(chart: Chart) -> bytes:
    """The workbook behind the chart: labels in column A, a column per series, names in row 1."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its sheet
    sheet.title = "Sheet1"
    sheet.append([chart.category, *(series.name for series in chart.series)])
    for index, label in enumerate(chart.labels):
        sheet.append([label, *(series.values[index] for series in chart.series)])
    saved = io.BytesIO()
    book.save(saved)
    return saved.getvalue()


def chart_drawing(chart: Chart, number: int, width_twips: int, landscape: bool) -> str:
    """The ``w:drawing`` run showing chart ``number``: as wide as the block, 0.55 (0.45 turned) as tall."""
    width = width_twips * EMU_PER_TWIP
    height = int(width * (0.45 if landscape else 0.55))
    name = escape_attribute(chart.title or f"图表 {number}")
    return (
        "<w:r><w:drawing>"
        f'<wp:inline xmlns:wp="{_WP}" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{width}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{1000 + number}" name="{name}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic xmlns:a="{_A}"><a:graphicData uri="{_C}">'
        f'<c:chart xmlns:c="{_C}" r:id="{relationship_id(number)}"/>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


def add_chart_parts(document_part: Part, charts: Sequence[Chart], latin: str | None = None) -> None:
    """Relate each chart (numbered from 1, as the body numbered them) and its workbook to the document."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package: Any = document_part.package
    for number, chart in enumerate(charts, start=1):
        part = Part(PackURI(f"/word/charts/chart{number}.xml"), _CHART_CONTENT_TYPE,
                    chart_part_xml(chart, latin), package)
        workbook = Part(PackURI(f"/word/embeddings/Microsoft_Excel_Sheet{number}.xlsx"),
                        _XLSX_CONTENT_TYPE, chart_workbook(chart), package)
        part.rels.add_relationship(_PACKAGE_RELATIONSHIP, workbook, "rId1")
        document_part.rels.add_relationship(_CHART_RELATIONSHIP, part, relationship_id(number))
