"""How much one rendering may do: a user's template must not hang the command or exhaust memory.

Jinja2's sandbox keeps templates away from Python's internals and caps ``range()`` at 100,000 items, but a
template can still nest loops into years of work or double a string until memory runs out. A
:class:`Budget` counts what a rendering does and stops it with :class:`LimitExceeded`, which the
environment reports with the template and line, long before the machine suffers:

- **steps**: loop iterations, calls (functions, methods, macros) and filters, at most
  :attr:`RenderLimits.steps` per rendering; a loop that never ends (nested ranges, recursion through
  macros) runs out of steps within seconds;
- **time**: a wall-clock limit, checked at every step, for steps that are each slow;
- **size**: no string, list or output larger than :attr:`RenderLimits.size` characters (or items), checked
  *before* the value is built wherever the size is known in advance (repetition, concatenation, padding,
  format widths, joins, replacing), after it otherwise.

What is not covered: a single operation of the Python runtime that is slow without being large (none of
the sandbox's builtins is, on values within the size limit), and memory that the operating system would
grant to a value built before its size can be known; such a value ends in a MemoryError, which is reported
like any other template failure.
"""

from __future__ import annotations

import time
from typing import Any

import attrs

__all__ = ["DEFAULT_LIMITS", "Budget", "LimitExceeded", "RenderLimits"]


@attrs.frozen
class RenderLimits:
    """The limits of one rendering; the defaults are far above what the built-in documents need.

    A 100,000-problem ledger or notice makes well under a million steps and a few million characters.
    """

    seconds: float = 30.0
    steps: int = 10_000_000
    size: int = 1 << 25  # 33,554,432 characters: about 64 MB of Chinese text


DEFAULT_LIMITS = RenderLimits()


class LimitExceeded(Exception):
    """A rendering that went past its limits (not a SupervisioError: the environment adds the place)."""


_MEASURED = (str, bytes, list, tuple, dict, set, frozenset)
"""The values whose length is their size (a range is capped by the sandbox already)."""

PRINTED_OUTPUTS = 4
"""Text printed into a block or macro is often printed again where it is used: allow a few outputs' worth."""

_TIME_CHECK_EVERY = 256
"""Steps between two looks at the clock: a step is a fraction of a microsecond, the clock about as much."""


class Budget:
    """The counters of the rendering under way; :meth:`start` resets them for the next one."""

    def __init__(self, limits: RenderLimits) -> None:
        self.limits = limits
        self.start()

    def start(self) -> None:
        """Begin a rendering: a full step allowance and a fresh deadline."""
        self._steps = 0
        self._printed = 0
        self._deadline = time.monotonic() + self.limits.seconds

    def printed(self, size: int) -> None:
        """Count ``size`` characters printed by ``{{ … }}``; at most :data:`PRINTED_OUTPUTS` outputs' worth."""
        self._printed += size
        if self._printed > self.limits.size * PRINTED_OUTPUTS:
            raise LimitExceeded(
                f"the template printed more than {self.limits.size * PRINTED_OUTPUTS:,} characters, "
                f"{PRINTED_OUTPUTS} times what an output may hold"
            )

    def step(self, count: int = 1) -> None:
        """Count ``count`` steps; stop the rendering when it has run too many or for too long."""
        self._steps += count
        if self._steps > self.limits.steps:
            raise LimitExceeded(
                f"the template ran more than {self.limits.steps:,} steps (loop iterations and calls); "
                "does a loop never end?"
            )
        if self._steps % _TIME_CHECK_EVERY < count and time.monotonic() > self._deadline:
            raise LimitExceeded(
                f"the template ran longer than {self.limits.seconds:g} seconds; does a loop never end?"
            )

    def allow(self, size: int, what: str = "a value") -> None:
        """Refuse to make ``what`` of ``size`` characters or items when that is above the size limit."""
        if size > self.limits.size:
            raise LimitExceeded(
                f"{what} would hold {size:,} characters or items, more than the {self.limits.size:,} "
                "a rendering may make"
            )

    def check(self, value: Any, what: str = "a value") -> Any:
        """``value`` itself, once its size (when it has one) is known to be within the limit."""
        if isinstance(value, _MEASURED):
            self.allow(len(value), what)
        return value
