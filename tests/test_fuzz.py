"""The command line fuzzed with mutated campaign files: exit status 0 or 2, never a traceback, never a hang.

Issue 8, part B. Valid campaign files (the demo and ``tests/fixtures/small.toml``, each written as TOML, JSON
and YAML by ``supervisio.storage.dumps``) are mutated two ways:

- **structurally**, on their plain data: keys deleted, renamed or swapped, values of the wrong type, huge and
  empty values, records duplicated, dates moved (by days or to the ends of the calendar), text replaced by
  valid text that is hostile to Markdown, HTML, docx and templates;
- **byte by byte**: bytes flipped, deleted, inserted, the file cut short.

Each mutant goes through ``check``, then, when it is valid, ``facts`` and ``render`` (md, html and docx) in
this process, through :func:`supervisio.cli.main`. Every command must return 0 or 2, print no traceback and
let no exception escape; each example has a time limit (SIGALRM), so a hang fails the test instead of
stalling it.

The number of examples comes from the Hypothesis profile (``tests/conftest.py``): ``ci`` is the fixed budget
(about a minute), ``fuzz`` the large one, run on demand::

    HYPOTHESIS_PROFILE=fuzz python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import functools
import io
import json
import os
import signal
import tempfile
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w
import yaml
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from supervisio.cli import main
from support import FIXTURES

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="the time limit needs SIGALRM")

EXAMPLE_SECONDS = 30
"""The time limit of one example: every command on one mutant (about a second for the demo)."""

BUDGET = settings.default.max_examples
"""The profile's examples per test: the small file gets three times as many, the demo (whose examples cost
about ten times as much) a quarter; under ``ci`` the four tests take about half a minute."""



def fuzz(examples: int) -> settings:
    """The settings of a fuzz test: the profile's, with ``examples`` and no per-example deadline (the time
    limit is EXAMPLE_SECONDS, enforced by an alarm: a hang fails, a slow run passes)."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


SOURCES = {
    "small": {
        "path": FIXTURES / "small.toml",
        "as_of": "2023-06-10",
        "group": "1",
        "unit": "青山县农业农村局",
    },
    "demo": {
        "path": Path(__file__).parents[1] / "src" / "supervisio" / "data" / "demo",  # a folder: the whole city
        "as_of": "2022-04-15",
        "group": "7",
        "unit": "临江市总工会",
    },
}
FORMATS = ("toml", "json", "yaml")


@functools.cache
def plain(source: str) -> dict[str, Any]:
    """The campaign as plain data, as ``supervisio.storage.dump`` gives it (dates as dates)."""
    from supervisio.storage import dump, load

    return dump(load(SOURCES[source]["path"]))


@functools.cache
def original_bytes(source: str, fmt: str) -> bytes:
    """The campaign file as ``supervisio.storage.dumps`` writes it in ``fmt``."""
    from supervisio.storage import dumps, load

    return dumps(load(SOURCES[source]["path"]), fmt)  # type: ignore[arg-type]


def encode(data: Any, fmt: str) -> bytes:
    """Plain data as a file, by each format's own writer (not supervisio's, which may refuse a mutant)."""
    if fmt == "toml":
        return tomli_w.dumps(_without_none(data)).encode("utf-8")
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=1, default=str).encode("utf-8")
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def _without_none(value: Any) -> Any:
    """TOML has no null: a None key is left out, a None item becomes an empty string."""
    if isinstance(value, dict):
        return {key: _without_none(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return ["" if item is None else _without_none(item) for item in value]
    return value


class Mutant(tuple[str, bytes]):
    """(format, bytes) of a mutated file, shown short in a failure report (the notes say what changed)."""

    def __repr__(self) -> str:
        return f"Mutant({self[0]!r}, {len(self[1]):,} bytes)"


# Structural mutations

DataPath = tuple[Any, ...]


def paths(data: Any, prefix: DataPath = ()) -> Iterator[DataPath]:
    """Every path to a value in ``data`` (keys and list indexes), parents before children."""
    if isinstance(data, dict):
        items: Any = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return
    for key, value in items:
        yield (*prefix, key)
        yield from paths(value, (*prefix, key))


def at(data: Any, path: DataPath) -> Any:
    for key in path:
        data = data[key]
    return data


def is_date(value: Any) -> bool:
    return isinstance(value, dt.date)


WRONG_VALUES = st.one_of(
    st.sampled_from([
        None, True, False, 0, -1, 1, 2**63, -(2**63), 10**40, 1.5, -0.0, float("inf"), float("nan"),
        "", " ", "\t", "二〇二三", "2022-02-30", "2022-13-01", "0000-00-00", "9999-12-31", "DD07-001",
        [], {}, [None], [[]], {"": ""}, {"on": "2022-04-15"}, dt.date(1, 1, 1), dt.date(9999, 12, 31),
        "交办", "销号", "短期", "组长", "周一例会",
    ]),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.lists(st.text(max_size=5), max_size=3),
)

HUGE_VALUES = st.sampled_from([
    "长" * 20_000, "x" * 100_000, 10**4000, -(10**300), 1e308, ["子项"] * 2_000, "\n" * 5_000,
    "*|#_<>`[]" * 1_000,
])

EMPTY_VALUES = st.sampled_from(["", [], {}, 0])


def _parent(data: Any, path: DataPath) -> tuple[Any, Any]:
    return at(data, path[:-1]), path[-1]


def delete(draw: Callable[[Any], Any], data: Any, path: DataPath) -> None:
    parent, key = _parent(data, path)
    del parent[key]


def swap(draw: Callable[[Any], Any], data: Any, path: DataPath) -> None:
    parent, key = _parent(data, path)
    keys = list(parent.keys()) if isinstance(parent, dict) else list(range(len(parent)))
    other = draw(st.sampled_from(keys))
    parent[key], parent[other] = parent[other], parent[key]


def rename(draw: Callable[[Any], Any], data: Any, path: DataPath) -> None:
    parent, key = _parent(data, path)
    if isinstance(parent, dict):
        parent[draw(st.sampled_from([f"{key}s", str(key)[:-1], str(key).upper(), "", "格式"]))] = parent.pop(key)


def retype(draw: Callable[[Any], Any], data: Any, path: DataPath) -> None:
    parent, key = _parent(data, path)
    parent[key] = copy.deepcopy(draw(WRONG_VALUES))  # a copy: a later mutation must not edit the strategy's


def enlarge(draw: Callable[[Any], Any], data: Any, path: DataPath) -> None:
    parent, key = _parent(data, path)
    value = parent[key]
    if isinstance(value, list) and value and draw(st.booleans()):
        copies = draw(st.integers(2, 20))  # many copies of the same records
        parent[key] = [copy.deepcopy(item) for _ in range(copies) for item in value]
    else:
        parent[key] = copy.deepcopy(draw(HUGE_VALUES))


def empty(draw: Callable[[Any], Any], data: Any, path: DataPath) -> None:
    parent, key = _parent(data, path)
    parent[key] = copy.deepcopy(draw(EMPTY_VALUES))


def duplicate(draw: Callable[[Any], Any], data: Any, path: DataPath) -> None:
    parent, key = _parent(data, path)
    if isinstance(parent, list):
        parent.insert(draw(st.integers(0, len(parent))), copy.deepcopy(parent[key]))


def move_date(draw: Callable[[Any], Any], data: Any, path: DataPath) -> None:
    parent, key = _parent(data, path)
    day = parent[key]
    if not is_date(day):
        return
    choice = draw(st.sampled_from(["days", "start", "end"]))
    if choice == "start":
        parent[key] = dt.date(1, 1, 1) + dt.timedelta(days=draw(st.integers(0, 40)))
    elif choice == "end":
        parent[key] = dt.date(9999, 12, 31) - dt.timedelta(days=draw(st.integers(0, 40)))
    else:
        shift = draw(st.integers(-800, 800))
        parent[key] = dt.date.fromordinal(min(max(day.toordinal() + shift, 1), dt.date.max.toordinal()))


HOSTILE_TEXT = st.one_of(
    st.sampled_from([
        "*粗*", "# 标题", "| a | b |", "{{ x }}", "{% raw %}", "<script>alert(1)</script>", "&amp;", "---",
        "1. 列表", "> 引用", "`代码`", "[链接](http://x)", "\\", "行一\n行二", "  前后空格  ", "😀🀄", "\u3000",
        "第七巡回督导组" * 200, "a" * 3000, "%s %d {0} {name}", "${HOME}", "::: 指令",
    ]),
    st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=40),
)


def retext(draw: Callable[[Any], Any], data: Any, path: DataPath) -> None:
    """A text value replaced by text that is valid but hostile to Markdown, HTML, docx or templates."""
    parent, key = _parent(data, path)
    if isinstance(parent[key], str):
        parent[key] = draw(HOSTILE_TEXT)


MUTATIONS: dict[str, Callable[..., None]] = {
    "delete": delete, "swap": swap, "rename": rename, "retype": retype, "enlarge": enlarge, "empty": empty,
    "duplicate": duplicate, "move_date": move_date, "retext": retext,
}
TARGETS: dict[str, Callable[[Any], bool]] = {"move_date": is_date, "retext": lambda value: isinstance(value, str)}
"""Mutations that apply to some values only; the others apply anywhere."""


@st.composite
def mutated_file(draw: Callable[[Any], Any], source: str) -> tuple[str, bytes]:
    """(format, bytes) of ``source`` after one to three structural mutations."""
    fmt = draw(st.sampled_from(FORMATS))
    data = copy.deepcopy(plain(source))
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(MUTATIONS)))
        wanted = TARGETS.get(name, lambda value: True)
        candidates = [p for p in paths(data) if wanted(at(data, p))]
        if not candidates:
            continue
        path = draw(st.sampled_from(candidates))
        note(f"{name} at {'.'.join(map(str, path))}")
        MUTATIONS[name](draw, data, path)
    return Mutant((fmt, encode(data, fmt)))


@st.composite
def flipped_file(draw: Callable[[Any], Any], source: str) -> tuple[str, bytes]:
    """(format, bytes) of ``source`` with a few bytes flipped, deleted or inserted, or cut short."""
    fmt = draw(st.sampled_from(FORMATS))
    raw = bytearray(original_bytes(source, fmt))
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(raw) - 1))
        action = draw(st.sampled_from(["flip", "delete", "insert", "cut"]))
        note(f"{action} at byte {position}")
        if action == "flip":
            raw[position] ^= draw(st.integers(1, 255))
        elif action == "delete":
            del raw[position:position + draw(st.integers(1, 16))]
        elif action == "insert":
            raw[position:position] = draw(st.binary(min_size=1, max_size=8))
        else:
            del raw[position:]
        if not raw:
            raw = bytearray(b"\n")
    return Mutant((fmt, bytes(raw)))


# Running the command line


class Hang(BaseException):
    """Raised by the alarm: an example ran past EXAMPLE_SECONDS."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def alarm(signum: int, frame: object) -> None:
        raise Hang(f"no answer after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run(*args: str) -> int:
    """``supervisio ARGS`` in this process: its exit status, once it is known to be 0 or 2 without a traceback."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(list(args))
    except Hang:
        raise
    except BaseException as error:  # noqa: BLE001 - any escape is the failure we look for
        trace = "".join(traceback.format_exception(error)[-6:])
        raise AssertionError(f"supervisio {' '.join(args)} raised {type(error).__name__}:\n{trace}") from None
    assert status in (0, 2), f"supervisio {' '.join(args)} exited {status}: {err.getvalue()[-2000:]}"
    assert "Traceback" not in err.getvalue(), err.getvalue()
    if status == 2:
        assert err.getvalue().startswith("supervisio: error: "), err.getvalue()[:500]
    return status


def check_every_command(source: str, fmt: str, raw: bytes) -> None:
    """Every command on one campaign file: check, then facts and render when it is valid."""
    settings_ = SOURCES[source]
    day, group, unit = settings_["as_of"], settings_["group"], settings_["unit"]
    with tempfile.TemporaryDirectory() as folder, time_limit(EXAMPLE_SECONDS):
        path = os.path.join(folder, f"campaign.{fmt}")
        with open(path, "wb") as stream:
            stream.write(raw)
        if run("check", path, "--as-of", day) != 0:
            return
        run("facts", path, "--as-of", day, "--group", group)
        run("facts", path, "--as-of", day, "--unit", unit, "--json")
        common = ("--as-of", day, "--group", group)
        for kind, suffix in (("ledger", "md"), ("report", "html"), ("briefing", "md"), ("prompt", "html"),
                             ("ledger", "docx")):
            run("render", path, "--kind", kind, *common, "-o", os.path.join(folder, f"{kind}.{suffix}"))
        for kind in ("opinion", "rectification"):
            run("render", path, "--kind", kind, "--unit", unit, "--as-of", day,
                "-o", os.path.join(folder, f"{kind}.md"))


# The tests


def test_the_unmutated_files_pass():
    """The harness itself: every source in every format, written by supervisio or by the format's own
    writer as the mutants are, runs every command with status 0."""
    for source in SOURCES:
        for fmt in FORMATS:
            check_every_command(source, fmt, original_bytes(source, fmt) if source == "demo" else encode(plain(source), fmt))
    check_every_command("small", "toml", original_bytes("small", "toml"))


def test_the_harness_can_fail():
    """A command that raises is reported, not swallowed (the fuzz tests could not fail otherwise)."""
    with pytest.raises(AssertionError, match="raised"):
        run("render", "--kind", "ledger", "-o", "x.md", "--group", "not-a-number")
    with pytest.raises(Hang), time_limit(0.05):
        while True:
            pass


@fuzz(BUDGET * 3)
@given(mutant=mutated_file("small"))
def test_mutated_small_campaign(mutant):
    check_every_command("small", *mutant)


@fuzz(BUDGET * 3)
@given(mutant=flipped_file("small"))
def test_byte_flipped_small_campaign(mutant):
    check_every_command("small", *mutant)


@fuzz(max(BUDGET // 4, 5))
@given(mutant=mutated_file("demo"))
def test_mutated_demo_campaign(mutant):
    check_every_command("demo", *mutant)


@fuzz(max(BUDGET // 4, 5))
@given(mutant=flipped_file("demo"))
def test_byte_flipped_demo_campaign(mutant):
    check_every_command("demo", *mutant)
