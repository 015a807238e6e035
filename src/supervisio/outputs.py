"""Where documents are written, and every reason they cannot be, as one line naming the path.

A rendering can take seconds, so what can be seen before it (a folder given as the file, a file standing
where a folder should be) is refused by :func:`check_output` first; what only the write finds out (no
permission, a full disk, a read-only file system) is turned by :func:`write_output` into the same kind of
message. A missing folder is created, as it always was, but never through a file. The write itself is
atomic (:mod:`supervisio.storage.atomic`): a refused or interrupted write leaves the previous file as it
was and no temporary file behind.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from supervisio.errors import SupervisioError
from supervisio.storage.atomic import write_atomic

__all__ = ["OutputError", "check_output", "check_output_folder", "write_output"]


class OutputError(SupervisioError):
    """An output file or folder that cannot be written; the message starts with the path given."""


def check_output(path: str | os.PathLike[str]) -> Path:
    """``path`` as a Path, once it is known to name a file that may be written (its folder may be missing)."""
    given = os.fspath(path)
    target = Path(given)
    if given.endswith(("/", os.sep)):
        raise OutputError(f"{given}: names a folder (it ends with {given[-1]}); give the name of the file to write")
    if target.is_dir():
        raise OutputError(f"{given}: is a folder; give the name of the file to write")
    blocker = _file_in_the_way(target.parent)
    if blocker is not None:
        raise OutputError(f"{given}: cannot be written: {blocker} is a file, not a folder")
    return target


def check_output_folder(path: str | os.PathLike[str]) -> Path:
    """``path`` as a Path, once it is known to name a folder that exists or can be created."""
    given = os.fspath(path)
    folder = Path(given)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{given}: is a file, not a folder; give the folder to write the documents to")
    blocker = _file_in_the_way(folder)
    if blocker is not None:
        raise OutputError(f"{given}: cannot be created: {blocker} is a file, not a folder")
    return folder


def write_output(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, creating missing folders; an OutputError says why not."""
    given = os.fspath(path)
    target = check_output(given)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
    except OSError as error:
        raise OutputError(f"{given}: {_reason(target, error)}") from None


def _file_in_the_way(folder: Path) -> Path | None:
    """The first part of ``folder``, from the top, that exists as something other than a folder."""
    for part in reversed((folder, *folder.parents)):
        if part.exists() and not part.is_dir():
            return part
    return None


def _nearest_existing(folder: Path) -> Path:
    for part in (folder, *folder.parents):
        if part.exists():
            return part
    return folder


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "the file system is read-only",
    errno.ENAMETOOLONG: "the name is too long",
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = "the disk quota is used up"


def _reason(target: Path, error: OSError) -> str:
    """Why ``target`` could not be written, in the user's terms rather than an errno."""
    if isinstance(error, IsADirectoryError) or target.is_dir():
        return "is a folder; give the name of the file to write"
    if isinstance(error, NotADirectoryError):
        blocker = _file_in_the_way(target.parent)
        return f"cannot be written: {blocker or target.parent} is a file, not a folder"
    if isinstance(error, PermissionError):
        return f"cannot be written: no permission to write in the folder {_nearest_existing(target.parent)}"
    reason = _REASONS.get(error.errno or 0) or error.strerror or str(error)
    return f"cannot be written: {reason}"
