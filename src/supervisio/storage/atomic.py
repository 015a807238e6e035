"""Atomic file writes: a failed or interrupted write never leaves a half-written file or clobbers a good one.

The bytes go to a temporary file in the target's folder (same file system, so the rename is atomic), are
flushed to disk, and only then renamed over the target. :func:`write_new` creates a file that must not
exist yet (``supervisio init``): the finished temporary file is hard-linked to the target instead of renamed,
because a link fails when the target exists, even if another program created it a moment ago; a rename
would silently replace it.

No temporary file outlives its writer:

- a failed write removes it (any exception, KeyboardInterrupt included);
- SIGTERM, SIGINT and SIGHUP received during the write remove it, then take their usual course (the
  process ends with the signal's conventional status, SIGINT raises KeyboardInterrupt). The handlers are
  installed only around the write, only in the main thread and only over the default ones (a program that
  handles these signals itself keeps its handlers), and restored afterwards;
- a writer killed outright (``kill -9``, a power cut) cannot clean up, so its temporary file is named after
  its owner, ``.NAME.<host>-<pid>.<random>.tmp``, and the next write to the same file removes the
  leftovers whose owner is gone: same host, process no longer alive. A live concurrent writer's file (its
  process exists, or it was written from another host sharing the folder) is never touched. On Windows,
  where a process cannot be probed without risk, leftovers are left alone.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import signal
import socket
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

__all__ = ["write_atomic", "write_new"]

_STOPPING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name)
)
"""The signals that end a process politely: each gets a chance to remove the temporary file."""


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` all at once, or not at all."""
    target = Path(path)
    _remove_leftovers(target)
    with _cleanup_on_signals():
        temporary = None
        try:
            with _signals_held():  # the name is known before any signal can stop us
                handle, temporary = _mkstemp(target)
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
            if temporary is not None:
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
    _remove_leftovers(target)
    with _cleanup_on_signals():
        temporary = None
        try:
            with _signals_held():
                handle, temporary = _mkstemp(target)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, _new_file_mode())
            if not _link(temporary, target):
                _create_exclusively(target, data)
        finally:
            if temporary is not None:
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


# Temporary files named after their owner


def _owner() -> str:
    """``<host>-<pid>``: who writes a temporary file, so that a later writer can tell a leftover.

    The host is a short hash of the host name: a folder shared over the network may hold the live temporary
    files of another machine, whose process ids mean nothing here.
    """
    return f"{_host_tag()}-{os.getpid()}"


_HOST_TAG: list[str] = []


def _host_tag() -> str:
    if not _HOST_TAG:
        _HOST_TAG.append(hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8])
    return _HOST_TAG[0]


def _mkstemp(target: Path) -> tuple[int, str]:
    """Create ``.NAME.<host>-<pid>.<random>.tmp`` next to ``target``, open for writing."""
    return tempfile.mkstemp(prefix=f".{target.name}.{_owner()}.", suffix=".tmp", dir=target.parent)


def _leftover_pid(name: str, prefix: str) -> int | None:
    """The pid of a temporary file of this host named ``prefix<host>-<pid>.<random>.tmp``, else None."""
    if not (name.startswith(prefix) and name.endswith(".tmp")):
        return None
    owner, dot, _ = name[len(prefix):-len(".tmp")].partition(".")
    host, dash, pid = owner.partition("-")
    if not (dot and dash and host == _host_tag() and pid.isascii() and pid.isdigit()):
        return None
    return int(pid)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists (a process of another user exists too); unsure means alive."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _remove_leftovers(target: Path) -> None:
    """Remove the temporary files of ``target`` whose writer, on this host, is no longer running."""
    if os.name != "posix":  # os.kill(pid, 0) would terminate the process on Windows
        return
    prefix = f".{target.name}."
    own = os.getpid()
    try:
        entries = os.scandir(target.parent)
    except OSError:
        return  # the write itself will say what is wrong with the folder
    with entries:
        for entry in entries:
            pid = _leftover_pid(entry.name, prefix)
            if pid is None or pid <= 0 or pid == own or _alive(pid):
                continue
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)


# Signals during a write


class _Stopped(BaseException):
    """Raised by the signal handler, so that the write's cleanup runs before the signal takes effect."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: object) -> None:
    raise _Stopped(signum)


@contextlib.contextmanager
def _cleanup_on_signals() -> Iterator[None]:
    """Turn a stopping signal into an exception inside the block, then let it act as it would have."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; signals are handled there anyway
        return
    previous: dict[int, object] = {}
    try:
        for signum in _STOPPING_SIGNALS:
            if signal.getsignal(signum) in (signal.SIG_DFL, signal.default_int_handler):
                previous[signum] = signal.signal(signum, _stop)
        yield
    except _Stopped as stopped:
        _restore(previous)
        previous = {}
        _deliver(stopped.signum)
    finally:
        _restore(previous)


def _restore(previous: dict[int, object]) -> None:
    """Put the handlers back; a signal arriving meanwhile waits, then meets the handler restored."""
    with _signals_held():
        for signum, handler in previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]


def _deliver(signum: int) -> None:
    """Act on ``signum`` as the restored handler does: end the process, or raise KeyboardInterrupt."""
    signal.raise_signal(signum)
    # Only reached if the handler returned (SIGINT's raises KeyboardInterrupt from the call above).
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold the stopping signals back for a moment (POSIX), so that a name is never lost in between."""
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    held = mask(signal.SIG_BLOCK, _STOPPING_SIGNALS)
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, held)  # a signal that came meanwhile is handled here
