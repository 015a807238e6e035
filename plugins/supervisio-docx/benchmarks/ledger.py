"""Benchmark: rendering a ledger of 100 / 1,000 / 10,000 rows (8 columns) against the floor.

    python plugins/supervisio-docx/benchmarks/ledger.py [--rows 100 1000 10000] [--python-docx]

"The floor" is a minimal writer of the same table: the cell texts written into ``word/document.xml``
as one string with the least markup a table needs (``w:tc/w:p/w:r/w:t``, no styles, no widths) and
deflated into a zip. It is not a re-zip of the renderer's own XML, which would carry the renderer's
bloat into the floor and hide it. The columns show both XML sizes per row. ``--python-docx`` adds
the naive python-docx reference (``table.cell(i, j)`` in a loop, docs/user-needs.md §3) for 100 rows.
Each figure is the best of several runs (as ``timeit`` advises: the minimum is the least disturbed
by other work on the machine). The product's own benchmark, with budgets, is
``benchmarks/run.py ledger`` at the repository's root.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
import zipfile

from supervisio.doctree.nodes import Document, Meta, Table, Text
from supervisio.renderers.base import RenderOptions
from supervisio_docx import DocxRenderer

HEADER = (
    "序号",
    "被督导单位",
    "问题描述",
    "问题类型",
    "整改措施",
    "责任单位",
    "整改时限",
    "整改状态",
)


def ledger(rows: int) -> Document:
    body = tuple(
        (
            (Text(str(i)),),
            (Text("市卫生健康委"),),
            (Text(f"第{i}项：基层台账不全，部分会议记录缺少佐证材料 & <附件>"),),
            (Text("作风建设"),),
            (Text("补齐台账，建立月度核查机制"),),
            (Text("市卫生健康委"),),
            (Text("2024年6月30日"),),
            (Text("整改中"),),
        )
        for i in range(1, rows + 1)
    )
    table = Table(
        header=tuple((Text(h),) for h in HEADER), rows=body, widths=(3, 6, 10, 5, 8, 6, 6, 5)
    )
    return Document(meta=Meta(title="问题台账", landscape=True), blocks=(table,))


def best_ms(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def floor(document: Document) -> bytes:
    """The minimal writer: the table's texts as one document.xml string, zipped."""
    (table,) = document.blocks
    rows = "".join(
        "<w:tr>"
        + "".join(
            f"<w:tc><w:p><w:r><w:t>{_escape(cell[0].text)}</w:t></w:r></w:p></w:tc>" for cell in row
        )
        + "</w:tr>"
        for row in (table.header, *table.rows)
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:tbl>{rows}</w:tbl><w:sectPr/></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def python_docx_naive(rows: int) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=rows + 1, cols=len(HEADER))
    for j, name in enumerate(HEADER):
        table.cell(0, j).text = name
    for i in range(1, rows + 1):
        for j in range(len(HEADER)):
            table.cell(i, j).text = f"第{i}项"
    document.save(io.BytesIO())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--python-docx", action="store_true")
    args = parser.parse_args(argv)
    renderer, options = DocxRenderer(), RenderOptions()
    renderer.render(ledger(10), options)  # imports and caches warm
    print(
        f"{'rows':>7} {'docx MB':>8} {'B/row':>6} {'floor B/row':>11} {'render ms':>10}"
        f" {'floor ms':>9} {'ratio':>6}"
    )
    for rows in args.rows:
        document = ledger(rows)
        repeat = 9 if rows <= 1000 else 5
        data = renderer.render(document, options)
        xml = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml").file_size
        least_data = floor(document)
        minimal = zipfile.ZipFile(io.BytesIO(least_data)).getinfo("word/document.xml").file_size
        ours = best_ms(lambda d=document: renderer.render(d, options), repeat)
        least = best_ms(lambda d=document: floor(d), repeat)
        print(
            f"{rows:>7} {len(data) / 1e6:>8.2f} {xml / rows:>6.0f} {minimal / rows:>11.0f}"
            f" {ours:>10.1f} {least:>9.1f} {ours / least:>6.2f}"
        )
    if args.python_docx:
        naive = best_ms(lambda: python_docx_naive(100), 1)
        print(f"python-docx, table.cell(i, j) in a loop, 100 rows: {naive:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
