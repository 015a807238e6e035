"""The floor of the 问题台账 benchmark: the least any program must do to write the same table as docx.

    python benchmarks/minimal_ledger.py CAMPAIGN.json AS_OF OUT.docx

It reads the campaign file with ``json.load``, works out the cells the product prints (序号, 单位简称,
dates, category, term, description, owners, numbered measures, the deadline in force, the status
and the light as of the day; the 合计 row), writes ``word/document.xml`` as ONE string with the
least markup a table needs (a grid, then ``w:tc/w:p/w:r/w:t`` per cell, ``w:br`` between lines) and
zips it with the two other parts a package must have. No styles, no fonts, no page setup: what it
leaves out is what supervisio's budget pays for (GB/T 9704 layout), and the budget is a multiple of
it.

It is deliberately *not* a re-zip of supervisio's own XML: that would make a bloated document.xml
look cheap, since the floor would carry the same bloat. Both a whole process (``main``) and an
in-process function (:func:`package`, the campaign already read) are offered;
``benchmarks/run.py`` times both and checks that the cell texts equal supervisio's.

Only the standard library, so that its start-up is Python's own.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import zipfile
from decimal import ROUND_HALF_UP, Decimal

HEADER = ("序号", "被督导单位", "发现日期", "问题类型", "期限", "问题描述", "责任领导/责任人",
          "整改措施", "整改时限", "状态", "亮灯")
WIDTHS = (5, 9, 11, 6, 6, 20, 9, 17, 11, 6, 5)
BLOCK = 12756  # twips: the landscape 版心 the product's table spans
RESOLVED = ("销号", "立行立改")

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Types xmlns="{_PACKAGE}/content-types">'
        '<Default Extension="rels"'
        ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{_MAIN}"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Relationships xmlns="{_PACKAGE}/relationships">'
        '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.openxmlformats'
        '.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
    ),
}


def _escape(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def _short(day: str | None) -> str:
    if not day:
        return ""
    year, month, date = day.split("-")
    return f"{int(year)}.{int(month)}.{int(date)}"


def _cells(
    problem: dict, index: int, names: dict[str, str], as_of: str, yellow: int
) -> tuple[list[str], str, bool]:
    """One row's cell texts (lines joined by LF), its status, and whether it is overdue."""
    status = "登记"
    for move in problem.get("history", ()):
        if move["on"] > as_of:
            break
        status = move["to"]
    deadline = problem.get("deadline")
    for extension in problem.get("extensions", ()):
        if extension["on"] <= as_of:
            deadline = extension["until"]
    lamp = ""
    if status not in RESOLVED:
        left = None
        if deadline is not None:
            left = (dt.date.fromisoformat(deadline) - dt.date.fromisoformat(as_of)).days
        lamp = "绿" if left is None or left > yellow else "红" if left < 0 else "黄"
    owners = "/".join(name for name in (problem.get("lead_owner"), problem.get("owner")) if name)
    measures = "\n".join(f"{i}.{m}" for i, m in enumerate(problem.get("measures", ()), start=1))
    unit = problem["unit"]
    texts = [str(index), names.get(unit, unit), _short(problem["found_on"]), problem["category"],
             problem.get("term", "短期"), problem["description"], owners, measures,
             _short(deadline), status, lamp]
    return texts, status, lamp == "红"


def _cell(text: str) -> str:
    if not text:
        return "<w:tc><w:p/></w:tc>"
    text = _escape(text)
    if "\n" in text:
        text = text.replace("\n", "</w:t><w:br/><w:t>")
    return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def _row(texts: list[str]) -> str:
    return "<w:tr>" + "".join([_cell(text) for text in texts]) + "</w:tr>"


def _rate(resolved: int, total: int) -> str:
    """整改率 as the product prints it: two decimals, rounded half up; ``—`` for none."""
    if not total:
        return "—"
    value = Decimal(resolved) * 100 / Decimal(total)
    return f"{value.quantize(Decimal('0.01'), ROUND_HALF_UP)}%"


def table_texts(campaign: dict, as_of: str, group: int | None = None) -> list[list[str]]:
    """Header, rows and the 合计 row of the ledger of ``group`` (the only one when None)."""
    groups = campaign["groups"]
    chosen = groups[0] if group is None else next(g for g in groups if g["number"] == group)
    names = {u["name"]: u.get("short_name") or u["name"] for u in chosen["units"]}
    yellow = campaign["campaign"].get("settings", {}).get("yellow_days", 3)
    problems = sorted(
        (p for p in campaign["problems"] if p["unit"] in names and p["found_on"] <= as_of),
        key=lambda p: (p["found_on"], p["number"]),
    )
    rows = [list(HEADER)]
    resolved = overdue = 0
    for index, problem in enumerate(problems, start=1):
        texts, status, late = _cells(problem, index, names, as_of, yellow)
        rows.append(texts)
        resolved += status in RESOLVED
        overdue += late
    total = len(problems)
    totals = [""] * len(HEADER)
    totals[0], totals[1] = "合计", f"{total}条"
    totals[5] = (f"已解决{resolved}条，未解决{total - resolved}条（其中超期{overdue}条），"
                 f"整改率{_rate(resolved, total)}")
    rows.append(totals)
    return rows


def document_xml(rows: list[list[str]]) -> str:
    """``word/document.xml`` of a table of ``rows`` as one string: a grid and the cells."""
    scale = sum(WIDTHS)
    grid = "".join(f'<w:gridCol w:w="{BLOCK * w // scale}"/>' for w in WIDTHS)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{_W}"><w:body><w:tbl>'
        f'<w:tblPr><w:tblW w:w="{BLOCK}" w:type="dxa"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
        + "".join(_row(texts) for texts in rows)
        + "</w:tbl><w:sectPr/></w:body></w:document>"
    )


def package(campaign: dict, as_of: str, group: int | None = None) -> bytes:
    """The docx of the ledger of a campaign already read: cells, one XML string, the zip
    (deflated, as zipfile does by default, like supervisio's)."""
    xml = document_xml(table_texts(campaign, as_of, group))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def write_ledger(path: str, as_of: str, group: int | None = None) -> bytes:
    """The whole floor in one call: read the file, then :func:`package`."""
    with open(path, encoding="utf-8") as source:
        campaign = json.load(source)
    return package(campaign, as_of, group)


def main(argv: list[str]) -> int:
    path, as_of, out = argv
    dt.date.fromisoformat(as_of)
    with open(out, "wb") as target:
        target.write(write_ledger(path, as_of))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
