"""What a document kind is, and what a document is asked for: the values a kind plugin works with.

They live with the kinds, not with the plugin machinery that registers them: a kind is a piece of the
document pipeline (a template and the context it receives), and the registry only keeps them by name.
``supervisio.plugins`` re-exports them for plugin authors.

A kind may declare named parameters (:class:`KindParameter`: a 督办单 needs the problem's number); the
command line passes them as ``--param problem=DD07-003``, :meth:`DocumentKind.resolve_parameters` checks
and converts them before any work, and the kind reads ``request.parameters["problem"]``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import attrs

from supervisio.errors import SupervisioError

if TYPE_CHECKING:
    from supervisio.doctree.nodes import Block
    from supervisio.domain.facts import Facts
    from supervisio.domain.findings import Finding
    from supervisio.domain.organisation import SupervisionGroup, Unit
    from supervisio.domain.reviews import Reviews
    from supervisio.domain.supervision import Supervision

__all__ = ["DocumentKind", "KindParameter", "KindRequest", "ParameterError", "Parameters"]


class NoGroup(SupervisioError):
    """A group's document asked for without a group (only a city-wide kind may be)."""


class ParameterError(SupervisioError):
    """A kind's parameter that is unknown, missing or not a valid value: one line, naming the parameter."""


ParameterType = Literal["str", "int", "date", "bool", "choice"]
"""What a parameter's value is: text, a whole number, a date (2022-04-15), yes/no, or one of ``choices``."""

_TYPES: tuple[ParameterType, ...] = ("str", "int", "date", "bool", "choice")
_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
_TRUE = frozenset({"true", "yes", "on", "1", "是"})
_FALSE = frozenset({"false", "no", "off", "0", "否"})
_PYTHON_TYPES: dict[str, type | tuple[type, ...]] = {"str": str, "int": int, "date": dt.date, "bool": bool}


def _check_name(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _NAME.match(value):
        raise ValueError(
            f"parameter name {value!r}: use lower-case letters, digits and '_', starting with a letter"
        )


def _check_type(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in _TYPES:
        raise ValueError(f"parameter type {value!r}: use one of {', '.join(_TYPES)}")


@attrs.frozen(kw_only=True)
class KindParameter:
    """One named parameter a document kind takes (``--param name=value`` on the command line).

    - ``name``: what users write (``problem``); lower-case letters, digits and ``_``;
    - ``help``: one line for ``supervisio plugins`` and error messages (问题编号);
    - ``type``: ``str`` (the default), ``int``, ``date`` (ISO, 2022-04-15), ``bool`` (yes/no, true/false,
      1/0, 是/否) or ``choice`` (one of ``choices``);
    - ``required``: the document cannot be made without it; otherwise ``default`` (None unless given)
      stands in when it is not given.

    The kind receives the converted value (an ``int``, a :class:`datetime.date` …), never the text.
    """

    name: str = attrs.field(validator=_check_name)
    help: str = ""
    type: ParameterType = attrs.field(default="str", validator=_check_type)
    required: bool = False
    default: object = None
    choices: tuple[str, ...] = attrs.field(default=(), converter=tuple)

    def __attrs_post_init__(self) -> None:
        if self.type == "choice" and not self.choices:
            raise ValueError(f"parameter {self.name!r}: a choice needs its choices")
        if self.choices and self.type != "choice":
            raise ValueError(f"parameter {self.name!r}: choices are for type 'choice', not {self.type!r}")
        if self.required and self.default is not None:
            raise ValueError(f"parameter {self.name!r}: a required parameter has no default")
        if self.default is not None:
            self.convert(self.default)  # a default that is not a value of the type is the kind's mistake

    @property
    def metavar(self) -> str:
        """How the value is shown: TEXT, N, DATE, yes|no, or the choices (a|b|c)."""
        if self.type == "choice":
            return "|".join(self.choices)
        return {"str": "TEXT", "int": "N", "date": "DATE", "bool": "yes|no"}[self.type]

    def convert(self, value: object) -> object:
        """The value of this parameter for ``value``: text is parsed; a value of the type is kept.

        A ValueError says, in a few words, what was expected.
        """
        if isinstance(value, str):
            return self._parse(value)
        if self.type == "choice" or not isinstance(value, _PYTHON_TYPES[self.type]) or (
            self.type == "int" and isinstance(value, bool)
        ) or (self.type == "date" and isinstance(value, dt.datetime)):
            raise ValueError(f"expected {self._expected()}, not {type(value).__name__} {value!r}")
        return value

    def _parse(self, text: str) -> object:
        if self.type == "str":
            if not text.strip():
                raise ValueError("expected some text, not nothing")
            return text
        if self.type == "int":
            try:
                return int(text.strip())
            except ValueError:
                raise ValueError(f"expected a whole number, not {text!r}") from None
        if self.type == "date":
            try:
                return dt.date.fromisoformat(text.strip())
            except ValueError:
                raise ValueError(f"expected a date like 2022-04-15, not {text!r}") from None
        if self.type == "bool":
            word = text.strip().lower()
            if word in _TRUE or word in _FALSE:
                return word in _TRUE
            raise ValueError(f"expected yes or no, not {text!r}")
        if text in self.choices:
            return text
        close = difflib.get_close_matches(text, self.choices, n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"expected one of {', '.join(self.choices)}, not {text!r}{hint}")

    def _expected(self) -> str:
        return {"str": "text", "int": "a whole number", "date": "a date", "bool": "yes or no",
                "choice": f"one of {', '.join(self.choices)}"}[self.type]

    def describe(self) -> str:
        """One line: ``problem=TEXT (required) 问题编号``, as ``supervisio plugins`` lists it."""
        if self.required:
            state = "required"
        elif self.default is None:
            state = "optional"
        else:
            shown = self.default.isoformat() if isinstance(self.default, dt.date) else self.default
            if isinstance(self.default, bool):
                shown = "yes" if self.default else "no"
            state = f"default {shown}"
        return f"{self.name}={self.metavar} ({state})" + (f"  {self.help}" if self.help else "")


class Parameters(Mapping[str, object]):
    """A kind's parameters as a read-only mapping that compares and hashes by its contents.

    ``KindRequest.parameters`` is one: two requests with the same parameters are equal, whatever mapping
    they were built from, and the kind cannot change what it was given.
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, object] | Iterable[tuple[str, object]] = ()) -> None:
        self._items: dict[str, object] = dict(items)

    def __getitem__(self, name: str) -> object:
        return self._items[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._items == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __repr__(self) -> str:
        return f"Parameters({self._items!r})"

    def __reduce__(self) -> tuple[type[Parameters], tuple[dict[str, object]]]:
        return (Parameters, (self._items,))


def _parameters(value: Mapping[str, object] | Iterable[tuple[str, object]]) -> Parameters:
    return value if isinstance(value, Parameters) else Parameters(value)


@attrs.frozen(kw_only=True)
class KindRequest:
    """What a document is asked for: the data, the day, the group, for per-unit kinds the unit, and the
    values of the kind's declared parameters (``parameters``, an immutable :class:`Parameters`; empty
    unless given, and as :meth:`DocumentKind.resolve_parameters` made them when it is).

    It also answers, once, what every part of the document reads: the group's facts and findings as of
    the day and the unit's facts. The template's context and the tables of its slots are built from the
    same request, so the rules and counts run once per document, whichever part asks first (a request
    asked about another day — a notice regenerated as of its own date — is a new request and counts
    anew). The answers are not fields: two requests for the same things are equal.

    ``group`` is None for a city-wide kind (:attr:`DocumentKind.city_wide`, the office's 督查通报): its
    facts and findings are then the whole campaign's, and it has no :attr:`group_record`.
    """

    supervision: Supervision
    as_of: dt.date
    group: int | None = None
    unit: str | None = None
    parameters: Mapping[str, object] = attrs.field(factory=Parameters, converter=_parameters)

    @cached_property
    def reviews(self) -> Reviews:
        """The rule reviews of the day, shared by :attr:`facts`, :attr:`findings` and :attr:`unit_facts`."""
        from supervisio.domain.reviews import Reviews

        return Reviews(self.supervision, self.as_of)

    @cached_property
    def group_record(self) -> SupervisionGroup:
        """The group asked for (:class:`UnknownRecord` when the data has no such group; a
        :class:`NoGroup` error for a request that names none, which only a city-wide kind may make)."""
        if self.group is None:
            raise NoGroup("this document is written by one group, and the request names none: give the group")
        return self.supervision.group(self.group)

    @cached_property
    def unit_record(self) -> Unit | None:
        """The unit asked for, by full name, short name or alias; None for a group's document."""
        return self.supervision.unit(self.unit) if self.unit is not None else None

    @cached_property
    def facts(self) -> Facts:
        """The group's facts as of the day (the whole campaign's when the request names no group)."""
        from supervisio.domain.facts import compute_facts

        return compute_facts(self.supervision, self.as_of, group=self.group, reviews=self.reviews)

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        """The group's rule findings as of the day, or only the unit's when a unit is asked for."""
        from supervisio.domain.findings import review

        found = review(self.supervision, self.as_of, self.group, reviews=self.reviews)
        unit = self.unit_record
        return found if unit is None else tuple(f for f in found if f.unit == unit.name)

    @cached_property
    def unit_facts(self) -> Facts | None:
        """The unit's facts as of the day; None for a group's document."""
        from supervisio.domain.facts import compute_facts

        unit = self.unit_record
        if unit is None:
            return None
        return compute_facts(self.supervision, self.as_of, unit=unit.name, reviews=self.reviews)


@attrs.frozen(kw_only=True)
class DocumentKind:
    """A kind of document: its template and how to build the template's context from the records.

    - ``name`` is what users ask for (``--kind report``) and ``title`` the Chinese name (工作汇报);
    - ``template`` is the template's name, looked up in the user's folder, the plugins' folders, then the
      built-ins (``report.md.j2``);
    - ``context(request)`` returns the template's variables (facts, records, the group …);
    - ``blocks`` builds large blocks (the ledger table) straight from the data as tree nodes; the template
      marks where each goes, so that 10,000 rows are never printed as Markdown and parsed back;
    - ``per_unit`` kinds (督导意见, 整改通知) need a unit; ``landscape`` turns the page;
    - ``city_wide`` kinds (the office's 督查通报) speak for the whole campaign, not one group: they are
      asked for without a group, and a batch never writes one per unit or group;
    - ``parameters`` declares the named values the kind takes (:class:`KindParameter`), which its code
      reads from ``request.parameters``; :meth:`resolve_parameters` checks what a user gives.
    """

    name: str
    title: str
    template: str
    context: Callable[[KindRequest], Mapping[str, Any]]
    blocks: Mapping[str, Callable[[KindRequest], Block]] = attrs.field(factory=dict)
    per_unit: bool = False
    landscape: bool = False
    city_wide: bool = False
    description: str = ""
    parameters: tuple[KindParameter, ...] = attrs.field(default=(), converter=tuple)

    def __attrs_post_init__(self) -> None:
        names = [parameter.name for parameter in self.parameters]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise ValueError(f"document kind {self.name!r} declares parameter {twice[0]!r} twice")

    def parameter(self, name: str) -> KindParameter:
        """The parameter called ``name``; a ParameterError with a "did you mean" when there is none."""
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        if not self.parameters:
            raise ParameterError(f"document kind {self.name!r} takes no parameters")
        names = [parameter.name for parameter in self.parameters]
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}? Its" if close else "; its"
        raise ParameterError(
            f"document kind {self.name!r} has no parameter {name!r}{hint} parameters are {', '.join(names)}"
        )

    def resolve_parameters(self, given: Mapping[str, object]) -> Parameters:
        """The values of every declared parameter: those ``given`` (text is parsed), then the defaults.

        Raises :class:`ParameterError` for the first name the kind does not declare, value that is not
        valid, or required parameter not given; the message starts with ``name`` or ``name=value``.
        """
        values: dict[str, object] = {}
        for name, value in given.items():
            try:
                values[name] = self.parameter(name).convert(value)
            except (ValueError, ParameterError) as error:
                raise ParameterError(f"{name}={value}: {error}") from None
        for parameter in self.parameters:
            if parameter.name in values:
                continue
            if parameter.required:
                about = f" ({parameter.help})" if parameter.help else ""
                raise ParameterError(f"{parameter.name}: required by document kind {self.name!r}{about}")
            values[parameter.name] = parameter.default
        return Parameters((parameter.name, values[parameter.name]) for parameter in self.parameters)
