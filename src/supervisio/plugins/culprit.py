"""Whose code is running: the implementation of a hook found on the stack or in an exception's traceback.

pluggy calls a hook's implementations itself, in its own order (``tryfirst`` ones first, then the rest last
registered first, then ``trylast`` ones, with wrappers around them all), so supervisio does not know at any
moment which plugin's code is running. Two questions need to know it: who registered this renderer (a
registry's ``add`` is called from inside an implementation) and who raised this exception (it comes out of
pluggy's call). Both are answered the same way: the frames of the stack, or of the traceback, are matched
against the code objects of the hook's implementations, and the innermost match is the culprit. Innermost,
because a helper an implementation calls is not a plugin, and an exception that merely passes through a
wrapper is still the implementation's that raised it.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterator
from types import CodeType, FrameType
from typing import Any

import pluggy

__all__ = ["Implementations"]


def _code_of(function: Any) -> CodeType | None:
    """The code object a call of ``function`` runs in: a function's, a bound method's, a callable's."""
    target = getattr(function, "__func__", function)
    code = getattr(target, "__code__", None)
    if code is None:
        call = getattr(type(function), "__call__", None)  # noqa: B004 - the method itself, for its code
        code = getattr(getattr(call, "__func__", call), "__code__", None)
    return code if isinstance(code, CodeType) else None


class Implementations:
    """The implementations of one hook, as they are now, looked up by the code their frames run."""

    def __init__(self, caller: pluggy.HookCaller) -> None:
        self._by_code: dict[CodeType, list[pluggy.HookImpl]] = {}
        for impl in caller.get_hookimpls():
            code = _code_of(impl.function)
            if code is not None:
                self._by_code.setdefault(code, []).append(impl)

    def _match(self, frame: FrameType) -> pluggy.HookImpl | None:
        candidates = self._by_code.get(frame.f_code)
        if not candidates:
            return None
        if len(candidates) == 1:
            return candidates[0]
        # one class registered twice (two instances): tell them apart by the frame's ``self``
        first = frame.f_code.co_varnames[0] if frame.f_code.co_argcount else None
        receiver = frame.f_locals.get(first) if first else None
        for impl in candidates:
            if getattr(impl.function, "__self__", None) is receiver:
                return impl
        return candidates[0]

    def on_stack(self) -> pluggy.HookImpl | None:
        """The implementation whose call the current code is running in (the innermost one), if any."""
        frame: FrameType | None = sys._getframe(1)
        while frame is not None:
            found = self._match(frame)
            if found is not None:
                return found
            frame = frame.f_back
        return None

    def in_traceback(self, error: BaseException) -> pluggy.HookImpl | None:
        """The implementation that raised ``error``: the innermost one its traceback passes through."""
        found = None
        for frame in _frames(error):
            found = self._match(frame) or found
        return found


def _frames(error: BaseException) -> Iterator[FrameType]:
    """The frames of ``error``'s traceback, outermost first."""
    for frame, _ in traceback.walk_tb(error.__traceback__):
        yield frame
