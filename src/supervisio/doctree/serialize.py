"""Document trees as plain data (JSON, YAML …), through the one cattrs converter, under a version tag.

A tree serialises as ``{"format": "supervisio.doctree/1", "document": {...}}``; each block and inline
carries its node type under the key ``type`` (``{"type": "Heading", "level": 1, ...}``), so that a tree
written by one version can be read back, or refused with a clear message, by another. Useful to cache a
composed document, to hand it to another program, or to write golden files for tests.
"""

from __future__ import annotations

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
    from supervisio.storage.converter import make_converter

    converter = make_converter()
    for cls in (nodes.Strong, nodes.Emph, nodes.Table, nodes.BulletList, nodes.OrderedList, nodes.Document):
        attrs.resolve_types(cls, globalns=vars(nodes))
    configure_tagged_union(nodes.Inline, converter, tag_name="type")
    configure_tagged_union(nodes.Block, converter, tag_name="type")
    return converter


def document_to_data(document: nodes.Document) -> dict[str, Any]:
    """The tree as plain data (dates stay ``datetime.date``; JSON writers need ``default=str``)."""
    return {"format": DOCTREE_FORMAT, "document": _converter().unstructure(document)}


def document_from_data(data: Any, source: str = "<data>") -> nodes.Document:
    """Read a tree written by :func:`document_to_data`; every error located by its path."""
    from supervisio.storage.locate import locate_errors

    if not isinstance(data, dict) or data.get("format") != DOCTREE_FORMAT or "document" not in data:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise DocumentDataError(f"{source}: not a {DOCTREE_FORMAT} document (format: {found!r})")
    try:
        return _converter().structure(data["document"], nodes.Document)
    except Exception as error:
        messages = [f"{source}: document.{path}: {message}" for path, message in locate_errors(error)]
        raise DocumentDataError("\n".join(messages) or f"{source}: {error}") from None
