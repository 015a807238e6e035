"""Document trees as plain data (JSON, YAML …), through a cattrs converter of their own, under a version tag.

A tree serialises as ``{"format": "supervisio.doctree/1", "document": {...}}``; each block and inline
carries its node type under the key ``type`` (``{"type": "Heading", "level": 1, ...}``), so that a tree
written by one version can be read back, or refused with a clear message, by another. Useful to cache a
composed document, to hand it to another program, or to write golden files for tests.

The tree has its own converter rather than the campaign files' (``storage``): the document tree sits below
the domain and its storage, and a renderer that reads trees must not load either (``tests/test_layers.py``).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import attrs
import cattrs
from cattrs.strategies import configure_tagged_union

from supervisio.doctree import nodes
from supervisio.errors import SupervisioError

__all__ = ["DOCTREE_FORMAT", "DocumentDataError", "document_from_data", "document_to_data"]

DOCTREE_FORMAT = "supervisio.doctree/1"


class DocumentDataError(SupervisioError):
    """Data that is not a serialised document tree of this version; the message says where."""


@cache
def _converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_unstructure_hook(dt.date, lambda value: value)
    for kind, name in ((int, "a whole number"), (str, "text"), (bool, "true or false")):
        converter.register_structure_hook(kind, _exactly(kind, name))
    for cls in (nodes.Strong, nodes.Emph, nodes.Table, nodes.BulletList, nodes.OrderedList, nodes.Document):
        attrs.resolve_types(cls, globalns=vars(nodes))
    configure_tagged_union(nodes.Inline, converter, tag_name="type")
    configure_tagged_union(nodes.Block, converter, tag_name="type")
    return converter


def _exactly(kind: type, name: str) -> Any:
    """A structure hook that takes a value of ``kind`` as it is and refuses anything else (cattrs would turn
    "3" into 3, and True into 1)."""

    def structure(value: Any, _: type) -> Any:
        if type(value) is not kind:
            raise ValueError(f"expected {name}, not {value!r:.80}")
        return value

    return structure


def _structure_date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise ValueError(f"expected a date like 2022-04-15, not {value!r:.80}")


def document_to_data(document: nodes.Document) -> dict[str, Any]:
    """The tree as plain data (dates stay ``datetime.date``; JSON writers need ``default=str``)."""
    return {"format": DOCTREE_FORMAT, "document": _converter().unstructure(document)}


def document_from_data(data: Any, source: str = "<data>") -> nodes.Document:
    """Read a tree written by :func:`document_to_data`; every error located by its path."""
    if not isinstance(data, dict) or data.get("format") != DOCTREE_FORMAT or "document" not in data:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise DocumentDataError(f"{source}: not a {DOCTREE_FORMAT} document (format: {found!r})")
    try:
        return _converter().structure(data["document"], nodes.Document)
    except Exception as error:
        messages = [_located(source, message) for message in cattrs.transform_error(error, format_exception=_why)]
        raise DocumentDataError("\n".join(messages) or f"{source}: {error}") from None


def _why(error: BaseException, _: Any) -> str:
    return "required" if isinstance(error, KeyError) else str(error) or type(error).__name__


def _located(source: str, message: str) -> str:
    """cattrs' ``why @ $.blocks[3].level`` as ``source: document.blocks[3].level: why``."""
    why, _, path = message.rpartition(" @ $")
    return f"{source}: document{path}: {why}" if why else f"{source}: {message}"
