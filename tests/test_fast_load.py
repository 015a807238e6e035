"""The fast path accepts exactly the valid files, and builds the same values as the detailed path.

Loading structures a file in C first (storage/fast.py, storage/mapped.py for JSON on disk) and takes the
detailed, located path only when that refuses. A fast path that accepted a file the detailed path refuses
would skip validation: these tests feed both paths the same files, valid and broken, and hold the fast
one to "the same value, or None". Timing and memory are the benchmark's (``benchmarks/run.py load``).
"""

from __future__ import annotations

import copy
import datetime as dt
import gc
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supervisio.demo import load_demo
from supervisio.errors import CampaignFileError
from supervisio.storage import dump, fast, load, loads
from supervisio.storage.campaign_files import FORMAT_TAG
from supervisio.storage.characters import may_hold_refused
from supervisio.storage.detailed import structure_detailed
from supervisio.storage.formats import decode, encode
from supervisio.storage.mapped import load_json
from support import FIXTURES

FORMATS = ["json", "toml", "yaml"]


@pytest.fixture(scope="module")
def small_data() -> dict[str, Any]:
    return dump(load(FIXTURES / "small.toml"))


def fast_value(raw: bytes, fmt: str) -> Any:
    """What the fast path makes of a file's bytes: a Supervision, or None (the detailed path's turn)."""
    if fmt == "json":
        mirror = fast.json_mirror(raw, FORMAT_TAG)
    else:
        data = decode(raw, fmt, "c")  # type: ignore[arg-type]
        mirror = fast.data_mirror(data, may_hold_refused(raw, fmt), FORMAT_TAG)
    return None if mirror is None else fast.domain(mirror)


def detailed_value(data: dict[str, Any]) -> tuple[list[tuple[str, str]], Any]:
    data = dict(data)
    data.pop("format", None)
    errors, supervision, _ = structure_detailed(data)
    return errors, supervision


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("which", ["demo", "small"])
def test_valid_files_take_the_fast_path_to_the_same_value(tmp_path, small_data, fmt, which):
    data = dump(load_demo()) if which == "demo" else small_data
    raw = encode(data, fmt)  # type: ignore[arg-type]
    value = fast_value(raw, fmt)
    assert value is not None
    errors, detailed = detailed_value(decode(raw, fmt, "c"))  # type: ignore[arg-type]
    assert errors == []
    assert value == detailed
    path = tmp_path / f"c.{fmt}"
    path.write_bytes(raw)
    assert load(path) == value
    if fmt == "json":
        assert load_json(path, FORMAT_TAG) == value
        path.write_bytes(b"\xef\xbb\xbf" + raw)
        assert load_json(path, FORMAT_TAG) == value


BROKEN: list[tuple[tuple[str | int, ...], Any]] = [
    (("campaign", "year"), "2023"),
    (("campaign", "year"), True),
    (("campaign", "year"), 2023.0),
    (("campaign", "start"), "2023-03-01T10:00:00"),
    (("campaign", "start"), 20230301),
    (("campaign", "name"), None),
    (("campaign", "name"), ["能力作风建设年"]),
    (("campaign", "surprise"), 1),
    (("groups", 0, "units", 0, "aliases"), "县农业局"),
    (("groups", 0, "members", 0, "role"), "组员长"),
    (("problems", 0, "term"), "中期"),
    (("problems", 0, "term"), 1),
    (("problems", 0, "history", 0, "to"), "交 办"),
    (("problems", 0, "history", 0, "oon"), "2023-03-16"),
    (("problems", 0, "measures", 0), 3),
    (("problems", 0, "description"), "正文\u0007"),
    (("problems", 0, "description"), "正文\u0085"),
    (("problems", 0, "description"), "正文\ufffe"),
    (("meetings", 0, "group"), "1"),
    (("briefings", 0, "supplement"), "true"),
    (("briefings", 0, "supplement"), 1),
    (("waivers",), {"requirement": "D1"}),
    (("format",), "supervisio/2"),
    (("problemz",), []),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("path", "value"), BROKEN, ids=[f"{'.'.join(map(str, p))}={v!r}" for p, v in BROKEN])
def test_the_fast_path_refuses_what_the_detailed_path_refuses(tmp_path, small_data, fmt, path, value):
    data = copy.deepcopy(small_data)
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    if fmt == "toml" and value is None:
        pytest.skip("TOML has no null")
    raw = encode(data, fmt)  # type: ignore[arg-type]
    assert fast_value(raw, fmt) is None
    with pytest.raises(CampaignFileError):
        loads(raw, fmt, "c")  # type: ignore[arg-type]
    if fmt == "json":
        file = tmp_path / "c.json"
        file.write_bytes(raw)
        assert load_json(file, FORMAT_TAG) is None


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [leaf for key, value in data.items() for leaf in _leaves(value, (*path, key))]
    if isinstance(data, list):
        return [leaf for i, value in enumerate(data) for leaf in _leaves(value, (*path, i))] or [path]
    return [path]


VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False),
    st.text(max_size=5), st.dates().map(dt.date.isoformat), st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.sampled_from(["on", "to", "x"]), st.text(max_size=3), max_size=2),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_change_is_taken_alike_by_both_paths(small_data, data):
    """Replace one value anywhere by a value of any JSON type: the fast path makes the same Supervision
    as the detailed path, or steps aside; it never accepts what the detailed path refuses."""
    leaves = _leaves(small_data)
    path = data.draw(st.sampled_from(leaves))
    value = data.draw(VALUES)
    changed = copy.deepcopy(small_data)
    target: Any = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    raw = json.dumps(changed, ensure_ascii=False, default=str).encode("utf-8")
    errors, detailed = detailed_value(json.loads(raw))
    quick = fast_value(raw, "json")
    if errors:
        assert quick is None, errors
    elif quick is not None:
        assert quick == detailed


REFUSED_CHARACTERS = st.characters(categories=["Cc", "Cs"], exclude_characters="\t\n") | st.sampled_from(
    ["\ufffe", "\uffff"]
)


@given(char=REFUSED_CHARACTERS, fmt=st.sampled_from(FORMATS))
def test_the_byte_scan_misses_no_refused_character(char, fmt):
    """The fast path skips the per-string check only when the scan of the bytes says no string can hold
    a refused character: the scan must never miss one, however a format writes it."""
    text = f"前{char}后"
    if fmt == "json":
        raw = json.dumps({"x": text}, ensure_ascii=False).encode("utf-8", "surrogatepass")
        ascii_raw = json.dumps({"x": text}).encode("ascii")
        assert may_hold_refused(ascii_raw, "json")
    elif 0xD800 <= ord(char) <= 0xDFFF:
        return  # TOML and YAML cannot write a lone surrogate at all
    else:
        raw = encode({"x": text}, fmt)  # type: ignore[arg-type]
    assert may_hold_refused(raw, fmt)


def test_plain_files_need_no_per_string_check(small_data):
    for fmt in FORMATS:
        assert not may_hold_refused(encode(small_data, fmt), fmt)  # type: ignore[arg-type]


def test_collection_is_back_on_after_a_load_and_after_a_failure(small_data):
    assert gc.isenabled()
    loads(encode(small_data, "json"), "json")
    assert gc.isenabled()
    with pytest.raises(CampaignFileError):
        loads(b'{"campaign": 1}', "json")
    assert gc.isenabled()


def test_the_mapped_path_steps_aside_for_what_it_cannot_read(tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    assert load_json(empty, FORMAT_TAG) is None
    assert load_json(tmp_path, FORMAT_TAG) is None  # a folder
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    assert load_json(deep, FORMAT_TAG) is None
    with pytest.raises(CampaignFileError, match="nested more than 100 levels deep"):
        load(deep)


def test_a_file_of_many_records_is_read_in_batches(tmp_path, small_data):
    """More records than one batch of the mapped path: every one arrives, in order."""
    from supervisio.storage import mapped

    data = copy.deepcopy(small_data)
    meeting = data["meetings"][0]
    data["meetings"] = [dict(meeting, on=(dt.date(2023, 3, 6) + dt.timedelta(days=i % 200)).isoformat())
                        for i in range(mapped._BATCH * 2 + 3)]
    path = tmp_path / "many.json"
    path.write_bytes(encode(data, "json"))
    value = load_json(path, FORMAT_TAG)
    assert value is not None
    assert [m.on.isoformat() for m in value.meetings] == [m["on"] for m in data["meetings"]]
    assert value == loads(path.read_bytes(), "json")


def test_a_value_read_from_a_file_holds_nothing_of_the_mapping(tmp_path, small_data):
    path = tmp_path / "c.json"
    path.write_bytes(encode(small_data, "json"))
    value = load(path)
    path.write_bytes(b"{}")  # the mapping is gone; the values are the program's own
    assert value.problems[0].description == small_data["problems"][0]["description"]
    assert isinstance(Path(path), Path)
