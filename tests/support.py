"""Helpers shared by the tests (imported by name: ``from support import FIXTURES``)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
from pathlib import Path
from typing import NamedTuple

from supervisio.domain.problems import Problem

FIXTURES = Path(__file__).parent / "fixtures"


def make_problem(**changes) -> Problem:
    """A short-term problem found on 2022-03-01, due 2022-03-31, with no history unless given."""
    fields = {
        "number": "P-1",
        "unit": "某单位",
        "found_on": dt.date(2022, 3, 1),
        "description": "问题描述",
        "category": "难点",
        "deadline": dt.date(2022, 3, 31),
    }
    fields.update(changes)
    return Problem(**fields)


class Result(NamedTuple):
    """What a user of the command line sees: the exit status, stdout and stderr."""

    status: int
    out: str
    err: str


def run_cli(*args: object, cwd: str | os.PathLike[str] | None = None) -> Result:
    """Run ``supervisio ARGS`` in-process, through :func:`supervisio.cli.main` (in ``cwd`` when given).

    In-process, so that coverage sees the command line and a crash shows its traceback in the test report;
    the few things only a real process shows are tested in a subprocess (tests/test_cli.py). Arguments are
    turned into strings (paths may be given as paths); argparse's own exits (``--help``, ``--version``, a
    usage error) become their status, as a shell would see it.
    """
    from supervisio.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.ExitStack() as stack:
        if cwd is not None:
            stack.enter_context(contextlib.chdir(cwd))
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        try:
            status = main([str(arg) for arg in args])
        except SystemExit as exit_:
            code = exit_.code
            status = code if isinstance(code, int) else (0 if code is None else 1)
    return Result(status, out.getvalue(), err.getvalue())


def masthead_issues() -> list[tuple[object, str]]:
    """报头 and the issue line each prints (第3期, 增刊第2期 …): one list for the layout's tests and the
    renderers' (built on call, so that importing support loads no document tree)."""
    from supervisio.doctree.nodes import Masthead

    return [
        (Masthead(name="工作简报", number=3), "第3期"),
        (Masthead(name="工作简报", number=2, supplement=True), "增刊第2期"),
        (Masthead(name="工作简报", supplement=True), "增刊"),
        (Masthead(name="工作提示", number=5, total_number=41), "第5期（总第41期）"),
        (Masthead(name="工作提示"), ""),
    ]
