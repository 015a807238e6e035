"""Hypothesis strategies for any domain value, derived from the attrs classes' own type hints.

Deriving them (rather than writing one per class) means a field added to the model is covered by the round
trip the day it is added.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing

import attrs
from hypothesis import strategies as st

TEXT = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n", exclude_characters="\ufffe\uffff"),
    max_size=12,
)
"""Any text a campaign file may hold: all of Unicode but control characters (tab and newline excepted),
lone surrogates and U+FFFE/U+FFFF, which loading refuses (tests/test_hardening_inputs.py)."""


def for_type(hint: typing.Any) -> st.SearchStrategy[typing.Any]:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint is str:
        return TEXT
    if hint is bool:
        return st.booleans()
    if hint is int:
        return st.integers(min_value=-(2**63), max_value=2**63 - 1)
    if hint is dt.date:
        return st.dates()
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return st.sampled_from(list(hint))
    if origin is typing.Literal:
        return st.sampled_from(args)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(for_type(arg) for arg in args))
    if hint is type(None):
        return st.none()
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return st.lists(for_type(args[0]), max_size=2).map(tuple)
    if attrs.has(hint):
        return for_class(hint)
    raise NotImplementedError(f"no strategy for {hint!r}")


def for_class(cls: type) -> st.SearchStrategy[typing.Any]:
    hints = typing.get_type_hints(cls)
    fields = {field.name: st.deferred(lambda h=hints[field.name]: for_type(h)) for field in attrs.fields(cls)}
    return st.builds(cls, **fields)


# ------------------------------------------------------------------------------ valid campaigns
# The strategies above build any value of a type, valid or not (the storage round trip wants that). The
# ones below build campaigns that pass the integrity checks, with problems whose histories follow the
# lifecycle, texts such as offices type (one line, no leading or trailing blanks) and dates in order: what
# a ledger export must carry and an import must read back unchanged.

_UNITS = (
    ("临江市发展和改革委员会", "市发改委"),
    ("临江市妇女联合会", "市妇联"),
    ("临江市总工会", "市总工会"),
    ("青山县教育局", "县教育局"),
    ("青山县住房和城乡建设局", None),
)
_CATEGORIES = ("难点", "痛点", "堵点", "短板", "体制机制")
_PEOPLE = ("吴建军", "陈海燕", "李文", "欧阳晓东", "王磊")
_FIRST = "整改问题台账制度落实工作机制培训资金项目审批服务群众基层组织建设督导检查日月年底前完成已ABCxyz0123456789"
_INNER = _FIRST + "，、；：（）%.- "

LEDGER_TEXT = st.builds(
    lambda first, rest: (first + rest).strip(),
    st.sampled_from(_FIRST),
    st.text(st.sampled_from(_INNER), max_size=15),
)
"""One line of ledger text, never blank, opening with a character (not with punctuation or a blank)."""


@st.composite
def problem_histories(draw, found_on: dt.date):
    """A legal run of moves from 登记, dated in order from ``found_on`` (several may share a day)."""
    from supervisio.domain.lifecycle import allowed_moves
    from supervisio.domain.problems import Transition
    from supervisio.domain.vocabulary import ProblemStatus

    status, on, history = ProblemStatus.REGISTERED, found_on, []
    for _ in range(draw(st.integers(0, 6))):
        status = draw(st.sampled_from(allowed_moves(status)))
        on += dt.timedelta(days=draw(st.integers(0, 20)))
        history.append(Transition(on=on, to=status))
    return tuple(history)


@st.composite
def valid_problems(draw, number: str, unit: str, start: dt.date, categories: tuple[str, ...]):
    from supervisio.domain.problems import Extension, Problem, ProgressEntry
    from supervisio.domain.vocabulary import Term

    found_on = start + dt.timedelta(days=draw(st.integers(0, 200)))
    deadline = draw(st.none() | st.integers(0, 90).map(lambda d: found_on + dt.timedelta(days=d)))
    extensions, granted, in_force = [], found_on, deadline or found_on
    for _ in range(draw(st.integers(0, 2))):
        granted += dt.timedelta(days=draw(st.integers(0, 30)))
        in_force = max(in_force, granted) + dt.timedelta(days=draw(st.integers(1, 60)))
        extensions.append(Extension(on=granted, until=in_force, reason=draw(st.none() | LEDGER_TEXT)))
    progress = [
        ProgressEntry(on=found_on + dt.timedelta(days=days), text=text)
        for days, text in draw(st.lists(st.tuples(st.integers(0, 120), LEDGER_TEXT), max_size=3,
                                        unique_by=lambda item: item[1]))
    ]
    return Problem(
        number=number,
        unit=unit,
        found_on=found_on,
        description=draw(LEDGER_TEXT),
        category=draw(st.sampled_from(categories)),
        term=draw(st.sampled_from(list(Term))),
        lead_owner=draw(st.none() | st.sampled_from(_PEOPLE)),
        owner=draw(st.none() | st.sampled_from(_PEOPLE)),
        measures=tuple(draw(st.lists(LEDGER_TEXT, max_size=3))),
        deadline=deadline,
        extensions=tuple(extensions),
        progress=tuple(progress),
        history=draw(problem_histories(found_on)),
    )


@st.composite
def supervisions(draw, max_problems: int = 8):
    """A campaign that passes ``check_integrity``: one or two groups over a few units (with short names),
    the default numbering scheme, a declared list of 问题类型 or none, and up to ``max_problems`` problems."""
    from supervisio.domain.campaign import Campaign, Settings
    from supervisio.domain.organisation import SupervisionGroup, Unit
    from supervisio.domain.supervision import Supervision

    year = draw(st.integers(2020, 2025))
    start = dt.date(year, draw(st.integers(1, 3)), draw(st.integers(1, 28)))
    declared = tuple(draw(st.lists(st.sampled_from(_CATEGORIES), min_size=1, max_size=5, unique=True)))
    settings = Settings(categories=declared) if draw(st.booleans()) else Settings()
    campaign = Campaign(name="作风能力提升年", year=year, organiser="中共临江市委", leading_group="领导小组",
                        office="领导小组办公室", start=start, end=dt.date(year, 12, 31), settings=settings)
    units = draw(st.lists(st.sampled_from(_UNITS), min_size=1, max_size=len(_UNITS), unique=True))
    numbers = draw(st.lists(st.integers(1, 12), min_size=1, max_size=min(2, len(units)), unique=True))
    groups = tuple(
        SupervisionGroup(number=number, units=tuple(
            Unit(name=name, short_name=short, leader="负责人") for name, short in units[i :: len(numbers)]
        ))
        for i, number in enumerate(numbers)
    )
    serial: dict[int, int] = {}
    problems = []
    for _ in range(draw(st.integers(0, max_problems))):
        group = draw(st.sampled_from(groups))
        unit = draw(st.sampled_from(group.units)).name
        serial[group.number] = serial.get(group.number, 0) + 1
        number = settings.problem_numbers.format(group=group.number, year=year, serial=serial[group.number])
        problems.append(draw(valid_problems(number, unit, start, declared)))
    return Supervision(campaign=campaign, groups=groups, problems=tuple(problems))


def last_day_of(supervision) -> dt.date:
    """The last day any record of the campaign's problems is dated (found, moved, extended, progressed)."""
    days = [supervision.campaign.start]
    for p in supervision.problems:
        days += [p.found_on, *(t.on for t in p.history), *(e.on for e in p.extensions),
                 *(e.on for e in p.progress)]
    return max(days)


_PHASE_NAMES = ("大动员", "大学习", "大调研", "大整改")


@st.composite
def with_phases(draw, supervision):
    """``supervision`` with up to four phases in order (maybe with days between them, maybe ending before
    the campaign does) and a random 黄灯 window: what the figures by phase and by light are about."""
    import attrs as attrs_

    from supervisio.domain.campaign import Phase

    campaign = supervision.campaign
    phases, day = [], campaign.start
    for key, name in enumerate(_PHASE_NAMES[: draw(st.integers(0, len(_PHASE_NAMES)))]):
        start = day + dt.timedelta(days=draw(st.integers(0, 10)))
        end = start + dt.timedelta(days=draw(st.integers(0, 80)))
        if end > campaign.end:
            break
        phases.append(Phase(key=f"p{key}", name=name, start=start, end=end))
        day = end + dt.timedelta(days=1)
    settings = attrs_.evolve(campaign.settings, yellow_days=draw(st.integers(0, 10)))
    return attrs_.evolve(
        supervision, campaign=attrs_.evolve(campaign, phases=tuple(phases), settings=settings)
    )


def turning_days(supervision) -> list[dt.date]:
    """The days on which a problem's figures may turn, in order: each day a problem was found, moved,
    extended or fell due, the day a light turns yellow, and the day either side of each."""
    yellow = supervision.campaign.settings.yellow_days
    marks = {
        day
        for p in supervision.problems
        for day in (p.found_on, *(t.on for t in p.history), *(e.on for e in p.extensions))
    }
    deadlines = {
        day
        for p in supervision.problems
        for day in (p.deadline, *(e.until for e in p.extensions))
        if day is not None
    }
    marks |= deadlines | {day - dt.timedelta(days=yellow) for day in deadlines}
    return sorted({day + dt.timedelta(days=shift) for day in marks for shift in (-1, 0, 1)})


def days_around(supervision, before: int = 10, after: int = 10) -> st.SearchStrategy[dt.date]:
    """A day from ``before`` days before the campaign starts to ``after`` days after its last record; two
    times in three one of its :func:`turning_days`."""
    start = supervision.campaign.start - dt.timedelta(days=before)
    anywhere = st.dates(start, last_day_of(supervision) + dt.timedelta(days=after))
    turning = turning_days(supervision)
    if not turning:
        return anywhere
    return st.one_of(st.sampled_from(turning), st.sampled_from(turning), anywhere)
