"""Benchmark the foundation's budgets (DESIGN §7): run on demand, not part of the tests.

    python benchmarks/foundation.py

Prints one table: `import supervisio`, `supervisio --help`, loading the demo, and facts over 100,000
problems, each the median of several runs on this machine.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import attrs

import supervisio
from supervisio.demo import DEMO_AS_OF


def median_seconds(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def in_fresh_process(code: str) -> float:
    """Seconds that ``code`` takes inside a fresh interpreter (interpreter start-up excluded)."""
    timed = f"import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", timed], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def scaled(sup, count: int):
    """The demo with its problems repeated (copies under new numbers) up to ``count``."""
    base = sup.problems
    copies = tuple(
        attrs.evolve(base[i % len(base)], number=f"B{i:06d}") for i in range(len(base), count)
    )
    problems = base + copies
    return attrs.evolve(sup, problems=problems)


def main() -> None:
    rows = []
    imports = statistics.median(in_fresh_process("import supervisio") for _ in range(15))
    rows.append(("import supervisio", imports, 0.150))
    first_use = statistics.median(
        in_fresh_process("import supervisio; supervisio.load_demo()") for _ in range(7)
    )
    rows.append(("import + load the demo (first use)", first_use, None))
    beside = Path(sys.executable).with_name("supervisio")
    exe = str(beside) if beside.exists() else shutil.which("supervisio")
    if exe is None:
        raise SystemExit("the supervisio command is not installed: pip install -e .")
    help_time = median_seconds(
        lambda: subprocess.run([exe, "--help"], capture_output=True, check=True), 15
    )
    rows.append(("supervisio --help (whole process)", help_time, 0.300))
    demo = supervisio.load_demo()
    rows.append(("facts, demo (76 problems)", median_seconds(
        lambda: supervisio.compute_facts(demo, DEMO_AS_OF, group=7), 20), None))
    big = scaled(demo, 100_000)
    rows.append(("facts, 100,000 problems", median_seconds(
        lambda: supervisio.compute_facts(big, DEMO_AS_OF, group=7), 5), 1.0))
    rows.append(("integrity checks, 100,000 problems", median_seconds(
        lambda: supervisio.check_integrity(big), 3), None))

    print(f"| measure | median | budget | within |\n|---|---:|---:|---|")
    for name, seconds, budget in rows:
        within = "—" if budget is None else ("yes" if seconds <= budget else "NO")
        budget_text = "—" if budget is None else f"{budget * 1000:.0f} ms"
        print(f"| {name} | {seconds * 1000:.1f} ms | {budget_text} | {within} |")


if __name__ == "__main__":
    main()
