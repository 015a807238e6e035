"""Load and save a whole supervision (campaign definition and records) as a TOML, JSON or YAML file.

Loading goes in three passes, each reporting *all* it finds before giving up: the bytes (encoding, syntax),
the shape (every field through the one converter), then the cross-record checks of
:mod:`supervisio.domain.integrity`. Every message names the file and the path inside it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from supervisio.domain.integrity import check_integrity
from supervisio.domain.supervision import Supervision
from supervisio.errors import CampaignFileError, Located
from supervisio.storage.atomic import write_atomic
from supervisio.storage.converter import converter
from supervisio.storage.formats import Format, decode, encode, format_for
from supervisio.storage.locate import locate_errors

__all__ = ["FORMAT_TAG", "dump", "dumps", "load", "loads", "save"]

FORMAT_TAG = "supervisio/1"
"""The version tag written as the first key of every campaign file (``format = "supervisio/1"``)."""


def _structure(data: Mapping[str, Any], source: str) -> Supervision:
    data = dict(data)
    tag = data.pop("format", FORMAT_TAG)
    if tag != FORMAT_TAG:
        raise CampaignFileError(
            [Located(source, "format", f"unsupported format {tag!r}: this supervisio reads {FORMAT_TAG}")]
        )
    try:
        return converter.structure(data, Supervision)
    except Exception as error:
        raise CampaignFileError(
            Located(source, path, message) for path, message in locate_errors(error)
        ) from None


def loads(
    raw: bytes | str, fmt: Format = "toml", source: str = "<string>", *, check: bool = True
) -> Supervision:
    """Load a supervision from the text or bytes of a campaign file in format ``fmt``.

    ``source`` names the file in error messages. With ``check`` (the default) the cross-record checks run
    too; a :class:`~supervisio.errors.CampaignFileError` lists every problem found.
    """
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    supervision = _structure(decode(raw, fmt, source), source)
    if check:
        defects = check_integrity(supervision)
        if defects:
            raise CampaignFileError(Located(source, d.path, d.message) for d in defects)
    return supervision


def load(
    path: str | os.PathLike[str], fmt: Format | None = None, *, check: bool = True
) -> Supervision:
    """Load a campaign file; the format comes from the suffix (.toml, .json, .yaml, .yml) unless given."""
    source = os.fspath(path)
    fmt = format_for(source, fmt)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise CampaignFileError([Located(source, "", "no such file")]) from None
    except IsADirectoryError:
        raise CampaignFileError([Located(source, "", "is a folder, not a campaign file")]) from None
    except OSError as error:
        raise CampaignFileError([Located(source, "", f"cannot be read: {error.strerror}")]) from None
    return loads(raw, fmt, source, check=check)


def dump(supervision: Supervision) -> dict[str, Any]:
    """The supervision as plain data, headed by the format tag; what every file format writes."""
    return {"format": FORMAT_TAG, **converter.unstructure(supervision)}


def dumps(supervision: Supervision, fmt: Format = "toml") -> bytes:
    """The bytes of a campaign file holding ``supervision``."""
    return encode(dump(supervision), fmt)


def save(supervision: Supervision, path: str | os.PathLike[str], fmt: Format | None = None) -> None:
    """Write ``supervision`` to ``path`` atomically; the format comes from the suffix unless given."""
    write_atomic(path, dumps(supervision, format_for(os.fspath(path), fmt)))
