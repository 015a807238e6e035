"""Jinja2's sandbox with limits: every way a template can loop or grow goes through a :class:`Budget`.

The sandbox already sees every call and attribute; it does not see iteration, operators or the buffers
that collect output, so those are hooked here, each where Jinja2 offers a seam:

- **loops**: every ``{% for %}`` iterates through a counting wrapper, inserted into the template's syntax
  tree when it is parsed (a loop over a list calls nothing the sandbox would see);
- **calls**: :meth:`LimitedSandbox.call` (functions, methods, macros, ``loop()`` of recursive loops); string
  methods that pad or replace are sized before they run, containers after a method grew them;
- **filters**: each one wrapped (filters are called directly, not through ``call``); those that pad, indent,
  batch, slice, join, format or replace are sized before they run;
- **operators**: ``*``, ``**``, ``+`` and ``%`` are intercepted, which also keeps Jinja2 from folding
  ``"x" * 10**10`` while *compiling* (intercepted operators are never folded); ``~`` is rewritten into a
  counting filter;
- **buffers**: ``{% set %}`` blocks, macros and the whole output are joined by :meth:`LimitedSandbox.concat`;
- ``namespace()`` attributes and ``str.format``.

``lipsum()`` is removed: it writes any amount of text from one call and no document needs it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.filters import FILTERS as DEFAULT_FILTERS
from jinja2.runtime import Macro, markup_join, str_join
from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment
from jinja2.utils import Namespace
from jinja2.visitor import NodeTransformer

from supervisio.templating import limits as template_limits
from supervisio.templating.limits import Budget, LimitExceeded, RenderLimits

__all__ = ["LimitedSandbox"]

_COUNTED = "_supervisio_counted"
_CONCAT = "_supervisio_concat"

CALL_STEPS = 3
MACRO_STEPS = 50
"""What a call costs, in loop iterations (a macro call takes about as long as fifty): counted so, a
recursion that never ends runs out of steps about as fast as a loop that never ends."""

_GUARDED = "_supervisio_guarded"
"""The attribute that marks a filter as wrapped already."""

_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*?:([^{}]*)\}")
_NESTED_FIELD = re.compile(r"\{[^{}]*\{")
_DIGITS = re.compile(r"\d+")


def _weight(value: Any) -> int:
    """Characters or items ``value`` spreads into when repeated, joined or printed (one level deep)."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, (list, tuple)):
        return len(value) + sum(len(item) for item in value if isinstance(item, (str, bytes, list, tuple)))
    return 0


def _number(digits: str) -> int:
    return int(digits) if len(digits) <= 12 else 10**12


def _format_width(text: str, arguments: Iterable[Any]) -> int:
    """The widest field a format string (``%`` or ``str.format``) asks for, arguments that give a width too."""
    widest = 0
    for match in _PERCENT_SPEC.finditer(text):
        for group in match.groups():
            if group and group != "*":
                widest = max(widest, _number(group))
    for match in _BRACE_SPEC.finditer(text):
        for digits in _DIGITS.findall(match.group(1)):
            widest = max(widest, _number(digits))
    if "*" in text or _NESTED_FIELD.search(text):
        widest = max([widest, *(a for a in arguments if isinstance(a, int) and not isinstance(a, bool))])
    return widest


def _replaced_size(text: str, old: str, new: str, count: int = -1) -> int:
    occurrences = len(text) + 1 if old == "" else text.count(old)
    if count >= 0:
        occurrences = min(occurrences, count)
    return len(text) + occurrences * (len(new) - len(old))


def _joined_size(separator: str, items: Any) -> int:
    if not isinstance(items, (list, tuple)):
        return 0  # an iterator: its size is known only when joined, and checked then
    return sum(_weight(item) for item in items) + len(separator) * max(len(items) - 1, 0)


class _Counted:
    """An iterable that counts a step per item; sized when what it wraps is (``loop.length`` stays cheap)."""

    def __init__(self, iterable: Any, budget: Budget) -> None:
        self._iterable = iterable
        self._budget = budget

    def __len__(self) -> int:
        return len(self._iterable)

    def __iter__(self) -> Iterator[Any]:
        step = self._budget.step
        for item in self._iterable:
            step()
            yield item


class _Counting(NodeTransformer):
    """Route every loop's iterable and every ``~`` through the counting filters."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, _COUNTED, [], [], None, None, lineno=node.iter.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        items = nodes.List(list(node.nodes), lineno=node.lineno)
        return nodes.Filter(items, _CONCAT, [], [], None, None, lineno=node.lineno)


class LimitedSandbox(SandboxedEnvironment):
    """A :class:`SandboxedEnvironment` whose renderings stay within :class:`RenderLimits`.

    ``budget.start()`` begins a rendering (:func:`supervisio.templating.render_template` calls it); a
    template rendered without it shares one allowance from the environment's creation on.
    """

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, limits: RenderLimits | None = None, **kwargs: Any) -> None:
        budget = Budget(limits or template_limits.DEFAULT_LIMITS)
        kwargs["finalize"] = _counted_finalize(budget, kwargs.get("finalize"))
        super().__init__(*args, **kwargs)
        self.budget = budget

        @jinja2.pass_context  # never called while compiling, so never folded into a constant
        def counted(context: Any, iterable: Any) -> _Counted:
            return _Counted(iterable, budget)

        @jinja2.pass_context
        def concat(context: Any, items: list[Any]) -> str:
            budget.step()
            budget.allow(sum(_weight(item) for item in items), "a joined string (~)")
            joined = markup_join(items) if context.eval_ctx.autoescape else str_join(items)
            return budget.check(joined, "a joined string (~)")  # type: ignore[no-any-return]

        class LimitedNamespace(Namespace):
            """``namespace()``, whose attributes are sized when set (a loop may grow one)."""

            def __setitem__(self, name: str, value: Any) -> None:
                budget.check(value, f"the namespace attribute {name!r}")
                super().__setitem__(name, value)

        self.filters[_COUNTED] = counted
        self.filters[_CONCAT] = concat
        self.globals["namespace"] = LimitedNamespace
        self.globals.pop("lipsum", None)
        self.guard_filters()

    # hooks Jinja2 offers

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        tree = _Counting().visit(tree)
        tree.set_environment(self)
        return tree  # type: ignore[no-any-return]

    def concat(self, parts: Iterable[str]) -> str:
        """Join a buffer (a block, a macro, the whole output), stopping as soon as it grows too big."""
        total = 0
        pieces = []
        for part in parts:
            total += len(part)
            self.budget.allow(total, "the output")
            pieces.append(part)
        return "".join(pieces)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        budget = self.budget
        budget.step()
        if operator == "*":
            count, repeated = (right, left) if isinstance(right, int) else (left, right)
            if isinstance(count, int) and isinstance(repeated, (str, bytes, list, tuple)):
                budget.allow(_weight(repeated) * max(count, 0), "a repeated value (*)")
        elif operator == "+":
            if isinstance(left, (str, bytes, list, tuple)) and isinstance(right, (str, bytes, list, tuple)):
                budget.allow(_weight(left) + _weight(right), "a joined value (+)")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
                budget.allow(abs(left).bit_length() * right * 3 // 10, "the digits of a power (**)")
        elif operator == "%" and isinstance(left, str):
            arguments = right if isinstance(right, tuple) else (right,)
            budget.allow(_format_width(left, arguments), "a formatted string (%)")
        return budget.check(super().call_binop(context, operator, left, right), f"the result of {operator}")

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        budget = __self.budget
        budget.step(MACRO_STEPS if isinstance(__obj, Macro) else CALL_STEPS)
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            _size_string_method(budget, owner, getattr(__obj, "__name__", ""), args, kwargs)
        result = SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs)
        if isinstance(owner, (list, dict, set)):
            budget.check(owner, "a list or mapping")  # append, extend, update … grow it in place
        return budget.check(result, "the result of a call")

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        text: str = value.__self__
        budget = self.budget

        @functools.wraps(wrapper)
        def sized(*args: Any, **kwargs: Any) -> str:
            given = [*args, *kwargs.values()]
            if args and isinstance(args[0], dict):
                given.extend(args[0].values())  # format_map
            budget.allow(_format_width(text, given), "a formatted string")
            return budget.check(wrapper(*args, **kwargs), "a formatted string")  # type: ignore[no-any-return]

        return sized

    # filters

    def guard_filters(self) -> None:
        """Wrap every filter not wrapped yet (plugins may add filters after the environment is made)."""
        for name, function in list(self.filters.items()):
            if name not in (_COUNTED, _CONCAT) and not getattr(function, _GUARDED, False):
                self.filters[name] = _guarded_filter(self.budget, name, function)


def _counted_finalize(budget: Budget, finalize: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    """The environment's ``finalize`` (every ``{{ value }}`` goes through it), counting what is printed.

    Printed text may be collected in a buffer (a ``{% set %}`` block, a macro) long before it is joined;
    counting every print bounds those buffers too, at a few times the size of an output.
    """

    def counted(value: Any) -> Any:
        budget.step()
        result = value if finalize is None else finalize(value)
        budget.printed(len(result) if isinstance(result, str) else 0)
        return result

    return counted


def _size_string_method(budget: Budget, text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a string method call whose result would be too big, before it is made."""
    given = [*args, *kwargs.values()]
    if name in ("center", "ljust", "rjust", "zfill"):
        budget.allow(max([0, *(a for a in given if isinstance(a, int))]), f"a padded string ({name})")
    elif name == "expandtabs":
        size = max([8, *(a for a in given if isinstance(a, int))])
        budget.allow(len(text) + text.count("\t") * size, "a string with tabs expanded")
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        count = args[2] if len(args) > 2 and isinstance(args[2], int) else kwargs.get("count", -1)
        budget.allow(_replaced_size(text, args[0], args[1], count), "a string with replacements")
    elif name == "join" and args:
        budget.allow(_joined_size(text, args[0]), "a joined string")


def _size_filter_arguments(budget: Budget, name: str, value: Any, given: list[Any]) -> None:
    """Refuse a built-in filter call whose result would be too big, before it is made."""
    numbers = [a for a in given if isinstance(a, int) and not isinstance(a, bool)]
    if name == "center":
        budget.allow(max([0, *numbers]), "a centred string")
    elif name == "indent":
        width = next((a for a in given if isinstance(a, (int, str)) and not isinstance(a, bool)), 4)
        width = len(width) if isinstance(width, str) else width
        lines = str(value).count("\n") + 1 if isinstance(value, str) else 1
        budget.allow(_weight(value) + max(width, 0) * lines, "an indented string")
    elif name in ("batch", "slice"):
        for number in numbers:
            if number > MAX_RANGE:
                raise LimitExceeded(f"the filter {name!r} was given {number:,}; at most {MAX_RANGE:,}")
    elif name == "join" and given and isinstance(given[0], str):
        budget.allow(_joined_size(given[0], value), "a joined string")
    elif name == "join":
        budget.allow(_joined_size("", value), "a joined string")
    elif name == "format" and isinstance(value, str):
        budget.allow(_format_width(value, given), "a formatted string")
    elif name == "replace" and len(given) >= 2 and isinstance(value, str):
        old, new = str(given[0]), str(given[1])
        count = given[2] if len(given) > 2 and isinstance(given[2], int) else -1
        budget.allow(_replaced_size(value, old, new, count), "a string with replacements")


def _guarded_filter(budget: Budget, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` counted as a step, sized before (Jinja2's own filters) and after it runs."""
    builtin = DEFAULT_FILTERS.get(name) is function
    offset = 1 if hasattr(function, "jinja_pass_arg") else 0

    @functools.wraps(function)  # copies jinja_pass_arg: the filter gets what it asked for
    def guarded(*args: Any, **kwargs: Any) -> Any:
        budget.step()
        if builtin and len(args) > offset:
            _size_filter_arguments(budget, name, args[offset], [*args[offset + 1:], *kwargs.values()])
        return budget.check(function(*args, **kwargs), f"the result of the filter {name!r}")

    setattr(guarded, _GUARDED, True)
    return guarded
