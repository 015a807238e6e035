"""Load and save a whole supervision (campaign definition and records) as a TOML, JSON or YAML file.

Loading goes in three passes, each reporting *all* it finds: the bytes (encoding, syntax), the shape
(every field, strictly typed), then the cross-record checks of :mod:`supervisio.domain.integrity`. Every
message names the file and the path inside it.

The shape is checked twice over, fast then slow. Almost every file is valid, so it is first structured on
the fast path (:mod:`supervisio.storage.fast`, in C); only a file that path refuses takes the detailed one
(:mod:`supervisio.storage.detailed`), which finds every error, with the integrity defects of the records
that did structure, all in one message.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from supervisio.domain.integrity import check_integrity
from supervisio.domain.supervision import Supervision
from supervisio.errors import CampaignFileError, Located
from supervisio.storage.atomic import write_atomic
from supervisio.storage.converter import converter
from supervisio.storage.formats import Format, decode, encode, format_for

__all__ = ["FORMAT_TAG", "dump", "dumps", "load", "loads", "save"]

FORMAT_TAG = "supervisio/1"
"""The version tag written as the first key of every campaign file (``format = "supervisio/1"``)."""


@contextmanager
def _no_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file's values are built: they hold no cycles, and the
    collections triggered by a million new objects would each walk all of them (a third of the time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Bytes:
    """A file's bytes, held in one place so that they can be let go of as soon as they are parsed.

    The bytes of a 100 MB file are a third of the memory its load peaks at; once the fast path holds the
    parsed values, keeping them alive while those are converted would add that third again.
    """

    def __init__(self, raw: bytes) -> None:
        self.raw = raw

    def release(self) -> None:
        self.raw = b""


def _load(held: _Bytes, fmt: Format, source: str, check: bool) -> Supervision:
    """The fast path, else the detailed one (which raises unless the shape is sound after all)."""
    from supervisio.storage import fast
    from supervisio.storage.characters import may_hold_refused

    data: Mapping[str, Any] | None = None
    if fmt == "json":
        mirror = fast.json_mirror(held.raw, FORMAT_TAG)
    else:
        suspect = may_hold_refused(held.raw, fmt)
        data = decode(held.raw, fmt, source)
        mirror = fast.data_mirror(data, suspect, FORMAT_TAG)
    if mirror is not None:
        held.release()
        data = None
        supervision = fast.domain(mirror)
        if supervision is not None:
            return supervision
        data = fast.plain(mirror)
    del mirror
    if data is None:
        data = decode(held.raw, fmt, source)
    held.release()
    return _detailed(data, source, check)


def _detailed(data: Mapping[str, Any], source: str, check: bool) -> Supervision:
    """The supervision of a file the fast path refused, when its shape is sound after all (it only might
    have held a control character); else every structure error, with the integrity defects (``check``) of
    what did structure."""
    from supervisio.storage.detailed import structure_detailed

    data = dict(data)
    tag = data.pop("format", FORMAT_TAG)
    if tag != FORMAT_TAG:
        raise CampaignFileError(
            [Located(source, "format", f"unsupported format {tag!r}: this supervisio reads {FORMAT_TAG}")]
        )
    errors, supervision, gaps = structure_detailed(data)
    if not errors:
        return supervision
    located = [Located(source, path, message) for path, message in errors]
    if check:
        located += [Located(source, d.path, d.message) for d in check_integrity(supervision, gaps)]
    raise CampaignFileError(located)


def loads(
    raw: bytes | str, fmt: Format = "toml", source: str = "<string>", *, check: bool = True
) -> Supervision:
    """Load a supervision from the text or bytes of a campaign file in format ``fmt``.

    ``source`` names the file in error messages. With ``check`` (the default) the cross-record checks run
    too; a :class:`~supervisio.errors.CampaignFileError` lists every problem found.
    """
    return _checked(_Bytes(raw.encode("utf-8") if isinstance(raw, str) else raw), fmt, source, check)


def _checked(held: _Bytes | None, fmt: Format, source: str, check: bool) -> Supervision:
    """Load (from ``held``, or from the file ``source`` when None), then run the integrity checks."""
    with _no_collection():
        supervision = None
        if held is None and fmt == "json":
            from supervisio.storage.mapped import load_json

            supervision = load_json(source, FORMAT_TAG)
        if supervision is None:
            supervision = _load(held or _read(source), fmt, source, check)
    if check:
        defects = check_integrity(supervision)
        if defects:
            raise CampaignFileError(Located(source, d.path, d.message) for d in defects)
    return supervision


def load(
    path: str | os.PathLike[str], fmt: Format | None = None, *, check: bool = True
) -> Supervision:
    """Load a campaign file; the format comes from the suffix (.toml, .json, .yaml, .yml) unless given.

    A folder is a campaign kept as a definition and one file per group (:mod:`supervisio.storage.folder`).
    """
    source = os.fspath(path)
    if os.path.isdir(source):
        from supervisio.storage.folder import load_folder

        return load_folder(source, check=check)
    fmt = format_for(source, fmt)
    return _checked(_read(source) if fmt != "json" else None, fmt, source, check)


def _read(source: str) -> _Bytes:
    try:
        return _Bytes(Path(source).read_bytes())
    except FileNotFoundError:
        raise CampaignFileError([Located(source, "", "no such file")]) from None
    except IsADirectoryError:
        raise CampaignFileError([Located(source, "", "is a folder, not a campaign file")]) from None
    except OSError as error:
        raise CampaignFileError([Located(source, "", f"cannot be read: {error.strerror}")]) from None


def dump(supervision: Supervision) -> dict[str, Any]:
    """The supervision as plain data, headed by the format tag; what every file format writes."""
    return {"format": FORMAT_TAG, **converter.unstructure(supervision)}


def dumps(supervision: Supervision, fmt: Format = "toml") -> bytes:
    """The bytes of a campaign file holding ``supervision``."""
    return encode(dump(supervision), fmt)


def save(supervision: Supervision, path: str | os.PathLike[str], fmt: Format | None = None) -> None:
    """Write ``supervision`` to ``path`` atomically; the format comes from the suffix unless given."""
    write_atomic(path, dumps(supervision, format_for(os.fspath(path), fmt)))
