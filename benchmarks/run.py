"""Benchmark supervisio against its budgets: run on demand, never part of the tests.

    .venv/bin/python benchmarks/run.py

Prints ONE markdown table, every figure measured in this run on this machine, so that the
comparisons (supervisio against "the floor", python-docx and pandoc) are side by side under the
same load. Each figure is the median of several runs: the median, not the best, because the
budgets are about what a user waits for, disturbances included.

What is measured (see docs/performance.md for the budgets and a reading of the numbers):

* the 问题台账 (problem ledger) to docx. The floor is ``benchmarks/minimal_ledger.py``, a minimal
  writer of the same table: ``json.load`` of the campaign file, the same cell texts worked out from
  it, ``word/document.xml`` written as one string with the least markup a table needs, zipped —
  never a re-zip of supervisio's own XML, which would hide its size. The cells of both are compared
  before anything is timed. In process, at 100 / 1,000 / 10,000 rows: supervisio as the product
  builds it (``ledger_table`` → ``Document`` → ``render_document``) against the minimal writer's
  ``package`` (both with the campaign already read), python-docx filling a table through
  ``row.cells``, pandoc from a Markdown pipe table. As whole processes from a 10,000-problem JSON
  file: ``supervisio render --kind ledger`` against ``minimal_ledger.py`` (runs interleaved,
  bytecode cached as an installed package has it: ``benchmarks/children.py``), with the bytes of
  document.xml a row; at 100,000 rows, the peak memory of both (``ru_maxrss`` of each child);
* ``supervisio demo`` as a whole process; facts and integrity checks over 100,000 problems;
* ``ledger import`` of a 5,000-row workbook against openpyxl's read-only mode on the same file;
* ``supervisio check`` of a 100,000-problem campaign against ``json.load`` (and ``tomllib``, PyYAML)
  of the same file, whole processes, with peak memory against the file's size (``benchmarks/load.py``);
* ``import supervisio`` in a fresh interpreter and ``supervisio --help`` as a whole process.

Sections can be run on their own: ``benchmarks/run.py xlsx startup``.

This script replaces ``benchmarks/foundation.py`` and measures what
``plugins/supervisio-docx/benchmarks/ledger.py`` measures, but through the product's own ledger
(``ledger_table``, 11 columns, real cell content) rather than a hand-made 8-column table, and as
the whole command a user runs.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs

import supervisio
from supervisio.demo import DEMO_AS_OF, DEMO_GROUP
from supervisio.doctree.nodes import Document, LineBreak, Meta, Table, Text
from supervisio.domain.supervision import Supervision
from supervisio.kinds.ledger import ledger_table
from supervisio.pipeline import render_document

sys.path.insert(0, str(Path(__file__).parent))  # the sibling modules, however the script is run
import minimal_ledger
from children import installed_env, run_child
from load import bench_load

LEDGER_ROWS = (100, 1_000, 10_000)
PYTHON_DOCX_ROWS = (100, 1_000, 10_000)
"""python-docx through ``row.cells`` grows about linearly, so it runs at every size (once at 10,000
rows, ~7 s). ``table.cell(i, j)`` in a loop is quadratic (~14 s already at 100 rows of 11
columns) and is left out: it would dominate the run and says nothing new."""
BIG = 100_000
LINEAR_BUDGET_RATIO = 1.5
PROCESS_ROWS = 10_000
PROCESS_REPEATS = 5
PROCESS_BUDGET_RATIO = 4.0
"""``render --kind ledger``, whole process, against the minimal writer's whole process."""
ROW_BYTES_BUDGET = 1_500
"""Bytes of word/document.xml per ledger row, text included."""
MEMORY_ROWS = 100_000
MEMORY_BUDGET = 1_000_000_000
"""Peak resident memory of ``render`` at 100,000 rows, in bytes (1 GB)."""
MINIMAL_WRITER = Path(__file__).with_name("minimal_ledger.py")


# -- timing ---------------------------------------------------------------------------------------


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` calls: what a user typically waits, disturbances included."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def in_fresh_process(code: str) -> float:
    """Seconds ``code`` takes in a fresh interpreter, its start-up excluded (the import budget is
    about supervisio's own import cost, not about Python starting)."""
    timed = f"import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", timed], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def command(name: str) -> str:
    """The installed console script beside this interpreter (the venv's), else on PATH."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"the {name} command is not installed: pip install -e .")
    return found


# -- synthetic campaigns --------------------------------------------------------------------------


def scaled(demo: Supervision, count: int, as_of: dt.date | None = None) -> Supervision:
    """The demo with its problems repeated (copies under new numbers) up to exactly ``count``.

    With ``as_of`` only the problems found by then are repeated, so that a ledger drawn up on that
    day has exactly ``count`` rows."""
    base = tuple(p for p in demo.problems if as_of is None or p.found_on <= as_of)
    problems = tuple(
        base[i] if i < len(base) else attrs.evolve(base[i % len(base)], number=f"B{i:06d}")
        for i in range(count)
    )
    return attrs.evolve(demo, problems=problems)


def short_names(supervision: Supervision) -> dict[str, str]:
    """Unit name → short name, as the ledger kind passes it (every group's units here)."""
    return {u.name: u.short_name or u.name for g in supervision.groups for u in g.units}


# -- the ledger ----------------------------------------------------------------------------------


def ledger_document(supervision: Supervision, as_of: dt.date, totals, names) -> Document:
    """The 问题台账 built as the product builds it (``kinds.ledger.ledger_block``): problems
    sorted by finding, rows made as tree nodes by ``ledger_table``, in a landscape document."""
    problems = sorted(supervision.problems, key=lambda p: (p.found_on, p.number))
    table = ledger_table(problems, names, as_of, totals,
                         supervision.campaign.settings.yellow_days)
    return Document(meta=Meta(kind="ledger", title="问题台账", landscape=True), blocks=(table,))


def supervisio_docx(supervision: Supervision, as_of: dt.date, totals, names) -> bytes:
    """What a user waits for once the campaign is loaded: build the table and render it (the
    facts, measured on their own below, are computed beforehand)."""
    return render_document(ledger_document(supervision, as_of, totals, names), "docx")


def campaign_file(demo: Supervision, rows: int, tmp: Path) -> Path:
    """The demo with its problems repeated to ``rows`` rows, saved as a JSON campaign file."""
    path = tmp / f"campaign-{rows}.json"
    if not path.exists():
        supervisio.save(scaled(demo, rows, DEMO_AS_OF), path)
    return path


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_cells(package: bytes) -> list[list[str]]:
    """The first table of a docx as cell texts (``w:br`` as a line feed): what a reader reads."""
    from xml.etree import ElementTree

    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    table = next(root.iter(f"{_W}tbl"))
    return [
        ["".join((n.text or "") if n.tag == f"{_W}t" else "\n"
                 for n in tc.iter() if n.tag in (f"{_W}t", f"{_W}br"))
         for tc in tr.iter(f"{_W}tc")]
        for tr in table.iter(f"{_W}tr")
    ]


def same_table(ours: bytes, floor: bytes, what: str) -> None:
    """The floor must write exactly the cells supervisio writes, or its figure means nothing."""
    if docx_cells(ours) != docx_cells(floor):
        raise SystemExit(f"{what}: the minimal writer's cells differ from supervisio's")


def xml_bytes(package: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return archive.getinfo("word/document.xml").file_size


def cell_text(cell: Sequence[object]) -> list[str]:
    """A ledger cell's lines (its ``LineBreak``s split them)."""
    lines = [""]
    for node in cell:
        if isinstance(node, LineBreak):
            lines.append("")
        elif isinstance(node, Text):
            lines[-1] += node.text
    return lines


def table_texts(table: Table) -> list[list[list[str]]]:
    """Header, rows and totals of the ledger as plain text, so that python-docx and pandoc are
    given exactly the content supervisio renders."""
    rows = [table.header, *table.rows]
    if table.totals:
        rows.append(table.totals)
    return [[cell_text(cell) for cell in row] for row in rows]


def python_docx(texts: list[list[list[str]]]) -> bytes:
    """python-docx filling a table cell by cell, the usual way (``add_table`` then ``row.cells``;
    ``table.cell(i, j)`` is far slower still: ~14 s for 100 rows of 11 columns here)."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=len(texts), cols=len(texts[0]))
    for row, values in zip(table.rows, texts):
        for cell, lines in zip(row.cells, values):
            cell.text = "\n".join(lines)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pipe_table(texts: list[list[list[str]]]) -> str:
    """The ledger as a Markdown pipe table (lines joined by ``<br>``, which pandoc reads as a
    line break inside a cell)."""
    def cell(lines: list[str]) -> str:
        return "<br>".join(lines).replace("|", "\\|")

    header, *body = texts
    out = ["# 问题台账", "", "| " + " | ".join(cell(c) for c in header) + " |",
           "|" + "---|" * len(header)]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in body]
    return "\n".join(out) + "\n"


def pandoc(markdown_file: Path, out_file: Path) -> None:
    """pandoc as a user runs it: a whole process, Markdown file in, docx file out."""
    subprocess.run(["pandoc", "-f", "markdown", "-t", "docx", "-o", str(out_file),
                    str(markdown_file)], check=True, capture_output=True)


# -- rows of the report ---------------------------------------------------------------------------


@attrs.frozen
class Row:
    """One line of the printed table: a measure, its median, and its budget if it has one."""

    measure: str
    seconds: float | None
    versus_floor: str = ""
    budget: str = "—"
    within: str = "—"
    shown: str | None = None
    """What the median column shows instead of ``seconds`` (a size, a peak of memory)."""


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def verdict(ok: bool) -> str:
    return "yes" if ok else "**NO**"


def repeats(rows: int) -> int:
    """Fewer runs as the tables grow, so the whole benchmark stays around a minute."""
    return 9 if rows <= 100 else 7 if rows <= 1_000 else 5


def bench_ledger_size(demo: Supervision, rows: int, tmp: Path) -> tuple[list[Row], float]:
    """The 问题台账 of ``rows`` rows in process, four ways, each with its ratio to the minimal
    writer's (``minimal_ledger.package``: the campaign already read, as supervisio's is); also
    returns supervisio's median for the linearity check."""
    names = short_names(demo)
    sup = scaled(demo, rows, DEMO_AS_OF)
    totals = supervisio.compute_facts(sup, DEMO_AS_OF).problems
    with campaign_file(demo, rows, tmp).open(encoding="utf-8") as source:
        raw = json.load(source)
    as_of = DEMO_AS_OF.isoformat()
    package = supervisio_docx(sup, DEMO_AS_OF, totals, names)
    least_package = minimal_ledger.package(raw, as_of)
    same_table(package, least_package, f"{rows:,} rows")
    ours = median_seconds(lambda: supervisio_docx(sup, DEMO_AS_OF, totals, names), repeats(rows))
    least = median_seconds(lambda: minimal_ledger.package(raw, as_of), repeats(rows))
    texts = table_texts(ledger_document(sup, DEMO_AS_OF, totals, names).blocks[0])
    label = f"问题台账 {rows:,} rows"
    out = [
        Row(f"{label}: the floor, in process (`minimal_ledger.package`: cells from the parsed "
            f"JSON → one document.xml string, {xml_bytes(least_package) / rows:,.0f} B a row → zip)",
            least, "1.0×"),
        Row(f"{label}: supervisio, in process (`ledger_table` → `render_document`, "
            f"{xml_bytes(package) / rows:,.0f} B a row)", ours, f"{ours / least:.1f}×"),
    ]

    def rival(name: str, seconds: float) -> Row:
        return Row(f"{label}: {name}", seconds, f"{seconds / least:.1f}×", "slower than supervisio",
                   f"{verdict(seconds > ours)} (supervisio {seconds / ours:.0f}× faster)")

    if rows in PYTHON_DOCX_ROWS:
        runs = 3 if rows <= 1_000 else 1
        out.append(rival("python-docx (`add_table` + `row.cells`)"
                         + ("" if runs > 1 else ", one run"),
                         median_seconds(lambda: python_docx(texts), runs)))
    else:
        out.append(Row(f"{label}: python-docx", None, "skipped"))
    if shutil.which("pandoc"):
        markdown = tmp / f"ledger-{rows}.md"
        markdown.write_text(pipe_table(texts), encoding="utf-8")
        out.append(rival("pandoc (Markdown pipe table → docx)", median_seconds(
            lambda: pandoc(markdown, tmp / f"ledger-{rows}.docx"), 5 if rows <= 1_000 else 3)))
    else:
        out.append(Row(f"{label}: pandoc", None, "not installed (`apt-get install pandoc`)"))
    return out, ours


def ledger_commands(path: Path, tmp: Path) -> dict[str, list[str]]:
    """The two whole processes: supervisio's ``render`` and the minimal writer, file to file."""
    as_of = DEMO_AS_OF.isoformat()
    return {
        "floor": [sys.executable, str(MINIMAL_WRITER), str(path), as_of, str(tmp / "floor.docx")],
        "supervisio": [command("supervisio"), "render", str(path), "--kind", "ledger",
                       "--as-of", as_of, "-o", str(tmp / "supervisio.docx")],
    }


def bench_ledger_process(demo: Supervision, tmp: Path) -> list[Row]:
    """``supervisio render --kind ledger`` of a 10,000-problem JSON campaign against the minimal
    writer of the same table, both whole processes from the file, runs interleaved; the bytes of
    document.xml a row; then the peak memory of both at 100,000 rows (one run each)."""
    env = installed_env(tmp / "pycache")
    path = campaign_file(demo, PROCESS_ROWS, tmp)
    commands = ledger_commands(path, tmp)
    for argv in commands.values():  # warm up: bytecode cached, files in the page cache
        run_child(argv, env)
    ours_package = (tmp / "supervisio.docx").read_bytes()
    same_table(ours_package, (tmp / "floor.docx").read_bytes(), "whole process")
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(PROCESS_REPEATS):
        for name, argv in commands.items():
            times[name].append(run_child(argv, env)[0])
    least, ours = (statistics.median(times[name]) for name in ("floor", "supervisio"))
    megabytes = path.stat().st_size / 1e6
    label = f"问题台账 {PROCESS_ROWS:,} rows, whole process from a {megabytes:.0f} MB JSON file"
    per_row = xml_bytes(ours_package) / PROCESS_ROWS
    floor_row = xml_bytes((tmp / "floor.docx").read_bytes()) / PROCESS_ROWS
    out = [
        Row(f"{label}: the floor (`minimal_ledger.py`: `json.load` → cells → one document.xml "
            "string → zip)", least, "1.0×"),
        Row(f"{label}: supervisio (`supervisio render --kind ledger`)", ours,
            f"{ours / least:.1f}×", f"≤ {PROCESS_BUDGET_RATIO:g}× floor",
            verdict(ours / least <= PROCESS_BUDGET_RATIO)),
        Row(f"问题台账 document.xml per row ({PROCESS_ROWS:,} rows)", None,
            f"{per_row / floor_row:.1f}× the floor's {floor_row:,.0f} B",
            f"≤ {ROW_BYTES_BUDGET / 1000:g} KB", verdict(per_row <= ROW_BYTES_BUDGET),
            shown=f"{per_row:,.0f} B"),
    ]
    big = ledger_commands(campaign_file(demo, MEMORY_ROWS, tmp), tmp)
    measured = {name: run_child(argv, env) for name, argv in big.items()}
    (least_s, least_peak), (ours_s, ours_peak) = measured["floor"], measured["supervisio"]
    label = f"问题台账 {MEMORY_ROWS:,} rows, whole process, peak memory (`ru_maxrss`), one run"
    out += [
        Row(f"{label}: the floor ({ms(least_s)})", None, "1.0×",
            shown=f"{least_peak / 1e6:,.0f} MB"),
        Row(f"{label}: supervisio `render` ({ms(ours_s)})", None, f"{ours_peak / least_peak:.1f}×",
            f"< {MEMORY_BUDGET / 1e9:g} GB", verdict(ours_peak < MEMORY_BUDGET),
            shown=f"{ours_peak / 1e6:,.0f} MB"),
    ]
    return out


def bench_ledger(demo: Supervision, tmp: Path) -> list[Row]:
    """Every size in process, whether supervisio's time per row holds from 1,000 to 10,000 rows,
    then the whole processes."""
    small = scaled(demo, 10, DEMO_AS_OF)
    supervisio_docx(small, DEMO_AS_OF, supervisio.compute_facts(small, DEMO_AS_OF).problems,
                    short_names(demo))  # warm up: imports, plugin discovery
    out: list[Row] = []
    ours_at: dict[int, float] = {}
    for rows in LEDGER_ROWS:
        measured, ours_at[rows] = bench_ledger_size(demo, rows, tmp)
        out += measured
    per_row = (ours_at[10_000] / 10_000) / (ours_at[1_000] / 1_000)
    out.append(Row("问题台账: supervisio time per row, 10,000 vs 1,000 rows", None, f"{per_row:.2f}×",
                   f"≤ {LINEAR_BUDGET_RATIO:g}× (linear)", verdict(per_row <= LINEAR_BUDGET_RATIO)))
    return out + bench_ledger_process(demo, tmp)


def bench_demo(tmp: Path) -> Row:
    """The whole demo (6 kinds × md, html, docx) as a user runs it: a process, fresh directory."""
    exe = command("supervisio")
    dirs = iter(tmp / f"demo-{i}" for i in range(100))
    seconds = median_seconds(
        lambda: subprocess.run([exe, "demo", "--out", str(next(dirs))], capture_output=True,
                               check=True), 5)
    return Row("`supervisio demo --out <tmp>` (whole process)", seconds, "", "2 s",
               verdict(seconds < 2.0))


XLSX_ROWS = 5_000
XLSX_BUDGET_RATIO = 2.0


def openpyxl_read_only(path: Path) -> None:
    """The floor of reading a ledger workbook: openpyxl's read-only mode alone, every cell of every
    sheet as a value (the parser, nothing made of what it reads)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    for sheet in book.worksheets:
        for _ in sheet.iter_rows(values_only=True):
            pass
    book.close()


def bench_xlsx(demo: Supervision, tmp: Path) -> list[Row]:
    """``ledger import`` of a 5,000-row workbook against openpyxl's read-only mode on the same file:
    the exchange workbook as it comes back (hidden sheet: untouched rows are told by their fingerprint)
    and the same rows without the hidden sheet, as a unit's own sheet (every row read and merged)."""
    from openpyxl import load_workbook

    from supervisio.spreadsheet import export_ledger, import_ledger

    sup = scaled(demo, XLSX_ROWS, DEMO_AS_OF)
    exchange = tmp / "ledger.xlsx"
    exchange.write_bytes(export_ledger(sup, DEMO_AS_OF))
    plain = tmp / "plain.xlsx"
    book = load_workbook(exchange)
    for name in book.sheetnames[1:]:
        del book[name]
    book.save(plain)
    out = []
    for label, path in (("exchange workbook", exchange), ("a unit's own sheet (no hidden sheet)", plain)):
        # The lambdas are called at once (median_seconds), with this iteration's path: B023 is no bug.
        least = median_seconds(lambda: openpyxl_read_only(path), 5)  # noqa: B023
        ours = median_seconds(lambda: import_ledger(sup, path, on=DEMO_AS_OF), 5)  # noqa: B023
        ratio = ours / least
        out += [
            Row(f"ledger import {XLSX_ROWS:,} rows, {label}: the floor (openpyxl read-only, values "
                f"only; {path.stat().st_size / 1e6:.1f} MB)", least, "1.0×"),
            Row(f"ledger import {XLSX_ROWS:,} rows, {label}: supervisio (`import_ledger`)", ours,
                f"{ratio:.1f}×", f"≤ {XLSX_BUDGET_RATIO:g}× floor", verdict(ratio <= XLSX_BUDGET_RATIO)),
        ]
    return out


def bench_big(demo: Supervision) -> list[Row]:
    """Facts and integrity checks over 100,000 problems: the computations every document needs."""
    big = scaled(demo, BIG)
    facts = median_seconds(lambda: supervisio.compute_facts(big, DEMO_AS_OF, group=7), 5)
    checks = median_seconds(lambda: supervisio.check_integrity(big), 3)
    return [
        Row(f"`compute_facts`, {BIG:,} problems", facts, "", "1 s", verdict(facts < 1.0)),
        Row(f"`check_integrity`, {BIG:,} problems", checks),
    ]


def bench_startup() -> list[Row]:
    """What every command pays before doing anything: the import and the CLI's start-up."""
    imports = statistics.median(in_fresh_process("import supervisio") for _ in range(15))
    exe = command("supervisio")
    help_time = median_seconds(
        lambda: subprocess.run([exe, "--help"], capture_output=True, check=True), 15)
    return [
        Row("`import supervisio` (fresh interpreter, start-up excluded)", imports, "", "150 ms",
            verdict(imports < 0.150)),
        Row("`supervisio --help` (whole process)", help_time, "", "300 ms",
            verdict(help_time < 0.300)),
    ]


# -- output ---------------------------------------------------------------------------------------


def machine() -> str:
    """Where and when: figures only compare within one run on one machine."""
    pandoc_version = "not installed"
    if shutil.which("pandoc"):
        pandoc_version = subprocess.run(["pandoc", "--version"], capture_output=True,
                                        text=True, check=True).stdout.splitlines()[0]
    import docx
    return (f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC · {os.cpu_count()} CPUs (nproc) · "
            f"Python {platform.python_version()} · {platform.platform()} · "
            f"supervisio {supervisio.__version__} · python-docx {docx.__version__} · {pandoc_version}")


def print_table(rows: list[Row]) -> None:
    print("| measure | median | vs floor | budget | within |")
    print("|---|---:|---:|---|---|")
    for r in rows:
        shown = r.shown if r.shown is not None else ms(r.seconds)
        print(f"| {r.measure} | {shown} | {r.versus_floor} | {r.budget} | {r.within} |")


SECTIONS = ("ledger", "demo", "xlsx", "big", "load", "startup")


def main(argv: Sequence[str]) -> int:
    """Every section, or those named on the command line (``run.py xlsx startup``)."""
    wanted = [name for name in argv if name in SECTIONS] or list(SECTIONS)
    unknown = [name for name in argv if name not in SECTIONS]
    if unknown:
        print(f"unknown section {unknown[0]!r}; sections are {', '.join(SECTIONS)}", file=sys.stderr)
        return 2
    print(machine())
    print()
    demo = supervisio.load_demo(DEMO_GROUP)  # the seed's group: the measures stay comparable
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        runs: dict[str, Callable[[], list[Row]]] = {
            "ledger": lambda: bench_ledger(demo, tmp),
            "demo": lambda: [bench_demo(tmp)],
            "xlsx": lambda: bench_xlsx(demo, tmp),
            "big": lambda: bench_big(demo),
            "load": lambda: bench_load(demo, tmp, Row, scaled, run_child,
                                       installed_env(tmp / "pycache-load"), command("supervisio")),
            "startup": bench_startup,
        }
        for section in wanted:
            rows += runs[section]()
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
