"""Atomic file writes: a failed or interrupted write never leaves a half-written file or clobbers a good one.

The bytes go to a temporary file in the target's folder (same file system, so the rename is atomic), are
flushed to disk, and only then renamed over the target. :func:`write_new` creates a file that must not
exist yet (``supervisio init``): the finished temporary file is hard-linked to the target instead of renamed,
because a link fails when the target exists, even if another program created it a moment ago; a rename
would silently replace it.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic", "write_new"]


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` all at once, or not at all."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, _new_file_mode())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _new_file_mode() -> int:
    """The mode ``open()`` would give a new file (0o666 less the umask); mkstemp's 0o600 is too narrow."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_NO_HARD_LINKS = frozenset(
    code
    for code in (
        getattr(errno, name, None)
        for name in ("EPERM", "EOPNOTSUPP", "ENOTSUP", "ENOSYS", "EXDEV", "EMLINK", "EINVAL")
    )
    if code is not None
)
"""What ``os.link`` fails with on file systems without hard links (FAT, exFAT, some network shares)."""


def write_new(path: str | os.PathLike[str], data: bytes) -> None:
    """Create ``path`` holding ``data``; FileExistsError, and nothing written, when ``path`` exists.

    The check and the creation are one step (no window between "does it exist?" and "write it" in which
    another program's file could be clobbered), and the file appears whole or not at all. On a file
    system without hard links, the file is created exclusively (``O_EXCL``) and written in place instead:
    still never clobbering, and removed again if the write fails. No temporary file is left behind either
    way. Other failures (no such folder, permission denied) raise the OSError that says so.
    """
    target = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _new_file_mode())
        if not _link(temporary, target):
            _create_exclusively(target, data)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _link(source: str, target: Path) -> bool:
    """Hard-link ``source`` to ``target``; False when the file system (or platform) has no hard links."""
    link = getattr(os, "link", None)
    if link is None:
        return False
    try:
        link(source, target)
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno in _NO_HARD_LINKS:
            return False
        raise
    return True


def _create_exclusively(target: Path, data: bytes) -> None:
    """The fallback of :func:`write_new`: ``O_EXCL`` creation, and the file removed if writing it fails."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    descriptor = os.open(target, flags, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise
