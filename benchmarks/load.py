"""The "load" section of benchmarks/run.py: ``supervisio check`` against the bare parser, whole processes.

    .venv/bin/python benchmarks/run.py load

The budget (issue 8): ``supervisio check`` of a 100,000-problem JSON campaign within 2× the whole-process
time of ``python -c 'import json; json.load(open(F))'`` on the same file, and its peak memory within 3×
the file's size. TOML and YAML have no budget; their ratios are printed against their own parsers
(``tomllib.load``; PyYAML's C loader, which supervisio reads YAML with) so that a change shows.

The campaign is the demo's problems repeated under new numbers (``scaled`` in run.py), saved by
supervisio itself. YAML is measured at 20,000 problems: at 100,000 PyYAML alone takes a minute and 2 GB.
Every child runs through ``children.run_child`` (its own peak memory, bytecode cached as installed),
parser and supervisio interleaved, and the median of the runs is shown.
"""

from __future__ import annotations

import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from supervisio.storage import save

SIZES = {"json": 100_000, "toml": 100_000, "yaml": 20_000}
RUNS = {"json": 5, "toml": 3, "yaml": 3}
TIME_BUDGET = 2.0
MEMORY_BUDGET = 3.0

PARSERS = {
    "json": "import json, sys; json.load(open(sys.argv[1], 'rb'))",
    "toml": "import tomllib, sys; tomllib.load(open(sys.argv[1], 'rb'))",
    "yaml": "import yaml, sys; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)",
}
PARSER_NAMES = {"json": "`json.load`", "toml": "`tomllib.load`", "yaml": "PyYAML `CSafeLoader`"}


def _median(runs: list[tuple[float, int]]) -> tuple[float, int]:
    return statistics.median(s for s, _ in runs), int(statistics.median(m for _, m in runs))


def bench_load(demo: Any, tmp: Path, row: Callable[..., Any], scaled: Callable[..., Any],
               run_child: Callable[..., tuple[float, int]], env: dict[str, str], check_exe: str) -> list[Any]:
    """The rows of the section: per format, the parser and ``supervisio check``, time and memory."""
    rows = []
    for fmt, count in SIZES.items():
        path = tmp / f"load-{count}.{fmt}"
        save(scaled(demo, count), path)
        size = path.stat().st_size
        parser = [sys.executable, "-c", PARSERS[fmt], str(path)]
        check = [check_exe, "check", str(path)]
        run_child(parser, env)  # warm up: bytecode, the file in the page cache
        run_child(check, env)
        parsed: list[tuple[float, int]] = []
        checked: list[tuple[float, int]] = []
        for _ in range(RUNS[fmt]):
            parsed.append(run_child(parser, env))
            checked.append(run_child(check, env))
        (p_seconds, p_memory), (c_seconds, c_memory) = _median(parsed), _median(checked)
        ratio, memory_ratio = c_seconds / p_seconds, c_memory / size
        budgeted = fmt == "json"
        label = f"load {count:,} problems, {fmt.upper()} ({size / 1e6:.0f} MB)"
        rows += [
            row(f"{label}: {PARSER_NAMES[fmt]} alone (whole process); peak memory "
                f"{p_memory / 1e6:.0f} MB = {p_memory / size:.1f}× the file", p_seconds, "1.0×"),
            row(f"{label}: `supervisio check` (whole process)", c_seconds, f"{ratio:.2f}×",
                f"≤ {TIME_BUDGET:g}× `json.load`" if budgeted else "—",
                ("yes" if ratio <= TIME_BUDGET else "**NO**") if budgeted else "—"),
            row(f"{label}: `supervisio check`, peak memory (`ru_maxrss`)", None,
                f"{memory_ratio:.2f}× file", f"≤ {MEMORY_BUDGET:g}× the file" if budgeted else "—",
                ("yes" if memory_ratio <= MEMORY_BUDGET else "**NO**") if budgeted else "—",
                shown=f"{c_memory / 1e6:.0f} MB"),
        ]
    return rows
