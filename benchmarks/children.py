"""Whole processes, measured as a user meets them: wall time and peak memory of one child.

Three things would make a child unlike a user's run, and all are settled here:

* **Bytecode.** An installed package has its ``.pyc`` files (pip compiles them); a checkout run
  with ``PYTHONDONTWRITEBYTECODE`` set compiles every module of supervisio, python-docx and Jinja2
  again in every process, a few hundred milliseconds that no user pays. Children run with bytecode
  cached in a private folder (``PYTHONPYCACHEPREFIX``, never the source tree), filled by a warm-up
  run.
* **Whose memory.** ``RUSAGE_CHILDREN`` reports the largest child so far, not the one just run;
  ``os.wait4`` reports the peak resident set (``ru_maxrss``) of exactly the child waited for.
* **Inherited memory.** Linux keeps a process's peak across ``exec``, so a child forked from this
  benchmark (which holds 100,000-problem campaigns) would report the benchmark's size. Each child is
  therefore started by a small launcher process, which times it and waits for it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

__all__ = ["installed_env", "run_child"]

_LAUNCHER = """
import json, os, subprocess, sys, tempfile, time
with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a chatty child never blocks
    start = time.perf_counter()
    child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=errors)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    errors.seek(0)
    print(json.dumps({"status": os.waitstatus_to_exitcode(status), "seconds": seconds,
                      "maxrss": usage.ru_maxrss,
                      "errors": errors.read().decode("utf-8", "replace")}))
"""


def installed_env(cache: Path) -> dict[str, str]:
    """The environment of a child that finds its bytecode cached, as an installed package does."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def run_child(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Run ``command`` to its end: (wall seconds, peak resident memory in bytes). Fails loudly."""
    launched = subprocess.run([sys.executable, "-c", _LAUNCHER, *command], env=env,
                              capture_output=True, text=True, check=True)
    report = json.loads(launched.stdout)
    if report["status"] != 0:
        raise SystemExit(f"{' '.join(command)} failed ({report['status']}):\n{report['errors']}")
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return report["seconds"], report["maxrss"] * scale
