"""The hidden sheet of an exchange workbook: which campaign it came from, as of which day, and one revision
per row, so that an import can tell an edit of a stale row from a fresh one.

Each row records two fingerprints. ``revision`` is the problem's record in the campaign when the workbook
was made; ``cells`` is what the workbook's editable cells said. On import, a row whose cells still match
``cells`` was not touched by the unit (nothing to do, however the campaign moved on); a touched row whose
problem's record no longer matches ``revision`` changed on both sides since the export: a conflict.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from supervisio.domain.problems import Problem
from supervisio.spreadsheet.words import text_of

__all__ = ["FORMAT", "SHEET", "Metadata", "cells_fingerprint", "read_metadata", "revision", "rows_of"]

SHEET = "_supervisio"
"""The name of the hidden sheet."""

FORMAT = "supervisio-ledger/1"
"""The tag in its first row; a later layout gets a new tag."""

_FINGERPRINT = 16


def revision(problem: Problem) -> str:
    """A short fingerprint of the problem's whole record (every field, every dated entry)."""
    from supervisio.storage.converter import converter

    data = converter.unstructure(problem)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_FINGERPRINT]


def _normal(value: object) -> str:
    return "\n".join(line.strip() for line in text_of(value).splitlines()).strip()


def cells_fingerprint(values: Mapping[str, object]) -> str:
    """A short fingerprint of a row's editable cells (by field), as a person would read them."""
    text = json.dumps({field: _normal(v) for field, v in sorted(values.items())}, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_FINGERPRINT]


@attrs.frozen
class RowRecord:
    revision: str
    cells: str


@attrs.frozen
class Metadata:
    """What the hidden sheet says about the workbook."""

    campaign: str
    year: int
    as_of: dt.date
    sheet: str
    fields: tuple[str, ...]
    rows: Mapping[str, RowRecord]


def rows_of(metadata: Metadata) -> Iterable[tuple[Any, ...]]:
    """The rows of the hidden sheet."""
    yield (FORMAT, "此工作表由 supervisio 生成，导入时用于核对，请勿修改")
    yield ("campaign", metadata.campaign)
    yield ("year", metadata.year)
    yield ("as_of", metadata.as_of.isoformat())
    yield ("sheet", metadata.sheet)
    yield ("fields", " ".join(metadata.fields))
    yield ("number", "revision", "cells")
    for number, record in metadata.rows.items():
        yield (number, record.revision, record.cells)


def read_metadata(rows: Sequence[Sequence[object]]) -> Metadata | None:
    """The metadata in the rows of a hidden sheet, or None when they are not ours (or were damaged)."""
    if not rows or not rows[0] or text_of(rows[0][0]) != FORMAT:
        return None
    head: dict[str, str] = {}
    records: dict[str, RowRecord] = {}
    in_rows = False
    for row in rows[1:]:
        cells = [text_of(value) for value in row] + ["", "", ""]
        if in_rows:
            if cells[0]:
                records[cells[0]] = RowRecord(cells[1], cells[2])
        elif cells[0] == "number":
            in_rows = True
        else:
            head[cells[0]] = cells[1]
    try:
        return Metadata(
            campaign=head["campaign"],
            year=int(head["year"]),
            as_of=dt.date.fromisoformat(head["as_of"]),
            sheet=head["sheet"],
            fields=tuple(head["fields"].split()),
            rows=records,
        )
    except (KeyError, ValueError):
        return None
