"""Campaign files as text: TOML (the default), JSON and YAML, read from and written to bytes.

Reading is where hand-edited files go wrong before any field is looked at: a file saved as GBK or UTF-16 by a
Windows editor, a Word document renamed to .toml, an empty file, a syntax error, and where hostile ones try
to: nesting thousands deep (the parsers run out of stack), a number of thousands of digits (Python refuses to
convert it), a YAML alias bomb or duplicate key (:mod:`supervisio.storage.yaml_reader`). Each gets a message
that says what the file is and what to do, located by line and column where it can be, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections.abc import Callable, Mapping
from typing import Any, Literal

import tomli_w
import yaml

from supervisio.errors import CampaignFileError, Located
from supervisio.storage.yaml_reader import load_yaml

__all__ = ["Format", "decode", "encode", "format_for"]

Format = Literal["toml", "json", "yaml"]

_SUFFIXES: dict[str, Format] = {".toml": "toml", ".json": "json", ".yaml": "yaml", ".yml": "yaml"}
_BOM = b"\xef\xbb\xbf"


def format_for(name: str, explicit: str | None = None) -> Format:
    """The format of a file named ``name``, from its suffix unless ``explicit`` names one."""
    if explicit is not None:
        if explicit not in _SUFFIXES.values():
            raise CampaignFileError(
                [Located(name, "", f"unknown format {explicit!r}: use toml, json or yaml")]
            )
        return explicit  # type: ignore[return-value]
    for suffix, fmt in _SUFFIXES.items():
        if name.lower().endswith(suffix):
            return fmt
    raise CampaignFileError(
        [Located(name, "", "cannot tell the format from the name: use .toml, .json, .yaml or .yml")]
    )


_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _wide_encoding(raw: bytes) -> str | None:
    """"UTF-16" or "UTF-32" when the bytes are text in one of them, else None.

    Told by the byte order mark, or without one by where the zero bytes fall: in UTF-32 every character
    has a zero byte at one end (two for the characters of Chinese and ASCII), in UTF-16 every ASCII
    character (keys, brackets, punctuation, digits) has one on the same side, and the other side has
    few (一 is 00 4E).
    """
    for bom, name in _WIDE_BOMS:
        if raw.startswith(bom):
            return name
    head = raw[: min(len(raw), 4096) // 4 * 4]
    if not head:
        return None
    quarter = len(head) // 4
    zeros = [head[k::4].count(0) for k in range(4)]
    little, big = zeros[3] == quarter and zeros[2] >= quarter // 2, zeros[0] == quarter and zeros[1] >= quarter // 2
    if little or big:
        return "UTF-32"
    even, odd = zeros[0] + zeros[2], zeros[1] + zeros[3]
    if (odd >= quarter // 4 and even <= odd // 8) or (even >= quarter // 4 and odd <= even // 8):
        return "UTF-16"
    return None


def _text(raw: bytes, source: str) -> str:
    """Decode UTF-8 (with or without a BOM), or say precisely why the bytes are not UTF-8 text."""
    def fail(message: str) -> CampaignFileError:
        return CampaignFileError([Located(source, "", message)])

    if not raw or raw.isspace():  # not raw.strip(): that would copy the whole file
        raise fail("the file is empty: a campaign file needs at least a [campaign] table and [[groups]]")
    wide = _wide_encoding(raw) if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in raw[:8192] else None
    if wide is not None:
        raise fail(f"this file is {wide} text: save it as UTF-8 (in Notepad: Save as, Encoding: UTF-8)")
    if b"\x00" in raw[:8192]:
        raise fail("this is a binary file, not text (a Word or Excel file renamed?)")
    if raw.startswith(_BOM):
        raw = raw[len(_BOM):]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            raise fail(
                f"not UTF-8 text: byte 0x{raw[error.start]:02x} at offset {error.start} cannot be read"
            ) from None
        raise fail(
            "not UTF-8 text: it reads as GBK/GB18030 (as saved by some Windows editors); "
            "save it again as UTF-8"
        ) from None


def _position(text: str, offset: int) -> tuple[int, int]:
    """Line and column (both from 1) of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


_NESTING_SHOWN = 100
"""Campaign files nest a few levels deep; one nested past this is reported at the point where it does."""

_NESTING_TOKENS = {
    # Strings and comments are skipped, so that a bracket inside them is not counted.
    "json": re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]'),
    "toml": re.compile(
        r'"""[\s\S]*?"""|' r"'''[\s\S]*?'''|" r'"(?:[^"\\\n]|\\.)*"|' r"'[^'\n]*'|#[^\n]*|[\[\]{}]"
    ),
}


def _too_deep(text: str, fmt: str, source: str, parser: str) -> CampaignFileError:
    """The error for a file nested so deeply that the parser ran out of stack, where it nests too deep."""
    depth = 0
    for token in _NESTING_TOKENS[fmt].finditer(text):
        char = token.group()
        if char in ("[", "{"):
            depth += 1
            if depth > _NESTING_SHOWN:
                line, column = _position(text, token.start())
                message = f"not valid {parser}: nested more than {_NESTING_SHOWN} levels deep"
                return CampaignFileError([Located(source, "", message, line, column)])
        elif char in ("]", "}"):
            depth -= 1
    return CampaignFileError([Located(source, "", f"not valid {parser}: nested too deeply to be read")])


_LONG_NUMBER = re.compile(r"\d[\d_]{999,}")


def _too_long_number(text: str, source: str, parser: str) -> CampaignFileError:
    """Python refuses to read a whole number of more than 4300 digits (a guard against quadratic
    conversion), and the parsers let its bare ValueError through: say where the number is."""
    found = _LONG_NUMBER.search(text)
    if found is None:
        return CampaignFileError([Located(source, "", f"not valid {parser}: a number too long to be read")])
    line, column = _position(text, found.start())
    digits = sum(char.isdigit() for char in found.group())
    message = f"a number of {digits:,} digits is too long to be read"
    return CampaignFileError([Located(source, "", message, line, column)])


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def _parse_toml(text: str, source: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_POSITION.search(message)
        line = column = None
        if match:
            line, column = int(match[1]), int(match[2])
            message = message[: match.start()]
        raise CampaignFileError([Located(source, "", f"not valid TOML: {message}", line, column)]) from None
    except RecursionError:
        raise _too_deep(text, "toml", source, "TOML") from None
    except ValueError:  # int() of a number past Python's digit limit, from inside tomllib
        raise _too_long_number(text, source, "TOML") from None


def _parse_json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CampaignFileError(
            [Located(source, "", f"not valid JSON: {error.msg}", error.lineno, error.colno)]
        ) from None
    except RecursionError:
        raise _too_deep(text, "json", source, "JSON") from None
    except ValueError:  # int() of a number past Python's digit limit
        raise _too_long_number(text, source, "JSON") from None


def _parse_yaml(text: str, source: str) -> Any:
    try:
        return load_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        raise CampaignFileError([Located(source, "", f"not valid YAML: {problem}", line, column)]) from None


_PARSERS: dict[Format, Callable[[str, str], Any]] = {
    "toml": _parse_toml,
    "json": _parse_json,
    "yaml": _parse_yaml,
}


def decode(raw: bytes, fmt: Format, source: str) -> Mapping[str, Any]:
    """Parse the bytes of a campaign file into plain data; ``source`` names the file in messages."""
    data = _PARSERS[fmt](_text(raw, source), source)
    if not isinstance(data, Mapping):
        raise CampaignFileError(
            [Located(source, "", "the top level must be a table of keys (campaign, groups, problems …)")]
        )
    return data


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def encode(data: Mapping[str, Any], fmt: Format) -> bytes:
    """Write plain data (as the converter unstructures it) as the bytes of a campaign file."""
    if fmt == "toml":
        text = tomli_w.dumps(data)
    elif fmt == "json":
        text = json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"
    else:
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)
    return text.encode("utf-8")
