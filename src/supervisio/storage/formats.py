"""Campaign files as text: TOML (the default), JSON and YAML, read from and written to bytes.

Reading is where hand-edited files go wrong before any field is looked at: a file saved as GBK by a Windows
editor, a Word document renamed to .toml, an empty file, a syntax error. Each gets a message that says what
the file is and what to do, located by line and column where the parser knows them.
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


def _text(raw: bytes, source: str) -> str:
    """Decode UTF-8 (with or without a BOM), or say precisely why the bytes are not UTF-8 text."""
    def fail(message: str) -> CampaignFileError:
        return CampaignFileError([Located(source, "", message)])

    if not raw.strip():
        raise fail("the file is empty: a campaign file needs at least a [campaign] table and [[groups]]")
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


def _parse_json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CampaignFileError(
            [Located(source, "", f"not valid JSON: {error.msg}", error.lineno, error.colno)]
        ) from None


def _yaml_loader() -> type:
    """The safe loader with YAML 1.2's booleans: only true and false. Under YAML 1.1's rules a bare
    ``on:`` key (every dated record has one) would be read as the boolean True, and ``no``/``yes`` as
    booleans too, which no one editing a campaign file means."""
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    resolvers = {
        first: [(tag, regexp) for tag, regexp in entries if tag != "tag:yaml.org,2002:bool"]
        for first, entries in base.yaml_implicit_resolvers.items()
    }
    loader = type("CampaignLoader", (base,), {"yaml_implicit_resolvers": resolvers})
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return loader


_YAML_LOADER = _yaml_loader()


def _parse_yaml(text: str, source: str) -> Any:
    try:
        return yaml.load(text, Loader=_YAML_LOADER)
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
