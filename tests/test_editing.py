"""Editing in Python: lookups that say what exists, new values from add/replace, and the lifecycle helpers
(route, walk, extend, close) that the spreadsheet import and scripts use."""

from __future__ import annotations

import datetime as dt
import itertools
import typing

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import supervisio
from strategies import for_class
from supervisio.domain.integrity import check_integrity
from supervisio.domain.lifecycle import (
    MOVES,
    advance,
    close,
    extend,
    first_illegal_move,
    route,
    walk,
)
from supervisio.domain.problems import Extension, Transition
from supervisio.domain.supervision import Supervision
from supervisio.domain.vocabulary import ProblemStatus as S
from supervisio.errors import IllegalTransition, NotARecord, SupervisioError, UnknownRecord
from supervisio.model import Campaign, Figure, Meeting, MeetingKind, Problem, SupervisionGroup, Unit
from support import make_problem

DAY = dt.date(2022, 3, 10)


def campaign() -> Campaign:
    return Campaign(
        name="作风能力提升年", year=2022, organiser="市委", leading_group="领导小组", office="活动办",
        start=dt.date(2022, 2, 1), end=dt.date(2022, 12, 31),
    )


def two_groups(*, second_alias: str = "发改") -> Supervision:
    """Two groups; the second unit's alias is ``second_alias`` (ambiguous when it is another's name)."""
    first = Unit(name="临江市发展和改革委员会", short_name="市发改委", aliases=("发改委",), leader="韩振宇")
    second = Unit(name="临江市应急管理局", short_name="市应急局", aliases=(second_alias,), leader="高建军")
    return Supervision(
        campaign=campaign(),
        groups=(SupervisionGroup(number=7, units=(first,)), SupervisionGroup(number=8, units=(second,))),
    )


# Lookups ------------------------------------------------------------------------------------------------


def test_unit_by_full_name_short_name_and_alias():
    sup = two_groups()
    for name in ("临江市发展和改革委员会", "市发改委", "发改委"):
        assert sup.unit(name).name == "临江市发展和改革委员会"
        assert sup.group_of(name).number == 7
    assert sup.unit("发改").name == "临江市应急管理局"
    assert sup.group_of("市应急局").number == 8


def test_an_ambiguous_alias_names_both_units():
    sup = two_groups(second_alias="发改委")
    with pytest.raises(UnknownRecord) as caught:
        sup.unit("发改委")
    assert caught.value.matches == ("临江市发展和改革委员会", "临江市应急管理局")
    assert "ambiguous" in str(caught.value)
    assert "临江市发展和改革委员会" in str(caught.value) and "临江市应急管理局" in str(caught.value)
    with pytest.raises(UnknownRecord, match="ambiguous"):
        sup.group_of("发改委")


def test_a_full_name_wins_over_another_units_alias():
    sup = two_groups(second_alias="临江市发展和改革委员会")
    assert sup.unit("临江市发展和改革委员会").short_name == "市发改委"


def test_an_unknown_unit_lists_the_units_and_suggests_one():
    sup = two_groups()
    with pytest.raises(UnknownRecord) as caught:
        sup.unit("市发改")
    message = str(caught.value)
    assert message.startswith("unknown unit '市发改'; did you mean '市发改委'?")
    assert "临江市发展和改革委员会（市发改委）、临江市应急管理局（市应急局）" in message
    assert caught.value.known == ("临江市发展和改革委员会（市发改委）", "临江市应急管理局（市应急局）")


def test_unknown_record_is_a_supervisio_error_and_a_lookup_error_but_no_key_error():
    with pytest.raises(UnknownRecord) as caught:
        two_groups().group(9)
    assert isinstance(caught.value, SupervisioError) and isinstance(caught.value, LookupError)
    assert not isinstance(caught.value, KeyError)
    assert str(caught.value) == "unknown group 9; the groups are 7、8"
    with pytest.raises(UnknownRecord, match="there are no groups"):
        Supervision(campaign=campaign()).group(1)


def test_group_and_problem_lookups_on_the_demo(demo):
    assert demo.group(7).title == "第七巡回督导组"
    assert demo.problem("DD07-038").number == "DD07-038"
    with pytest.raises(UnknownRecord) as caught:
        demo.problem("DD07-0038")
    message = str(caught.value)
    assert "did you mean 'DD07-038'?" in message
    assert "DD07-001、DD07-002" in message and f"({len(demo.problems)} in all)" in message


def test_integrity_reports_colliding_short_names_and_aliases():
    sup = two_groups(second_alias="市发改委")
    clash = attrs.evolve(
        sup.groups[1], units=(attrs.evolve(sup.groups[1].units[0], short_name="临江市发展和改革委员会"),)
    )
    sup = attrs.evolve(sup, groups=(sup.groups[0], clash))
    defects = {(d.path, d.message) for d in check_integrity(sup)}
    assert (
        "groups[1].units[0].short_name",
        "'临江市发展和改革委员会' is also the name of 临江市发展和改革委员会",
    ) in defects
    assert ("groups[1].units[0].aliases[0]", "'市发改委' is also the short name of 临江市发展和改革委员会") in defects
    assert ("groups[0].units[0].short_name", "'市发改委' is also the alias of 临江市应急管理局") in defects
    assert check_integrity(two_groups()) == []


def test_records_still_name_units_by_full_name():
    sup = two_groups().add(make_problem(unit="市发改委", found_on=DAY, deadline=None))
    assert [(d.path, d.message) for d in check_integrity(sup)] == [
        ("problems[0].unit", "records name a unit by its full name: write '临江市发展和改革委员会'")
    ]


def test_facts_take_a_short_name(demo):
    facts = supervisio.compute_facts(demo, supervisio.DEMO_AS_OF, unit="市总工会")
    assert facts.unit == "临江市总工会"
    assert facts == supervisio.compute_facts(demo, supervisio.DEMO_AS_OF, unit="临江市总工会")


def test_the_command_line_takes_a_short_name(capsys):
    from supervisio.cli import main

    assert main(["facts", "--unit", "市总工会", "--json"]) == 0
    assert '"unit": "临江市总工会"' in capsys.readouterr().out
    assert main(["facts", "--unit", "市总"]) == 2
    assert "did you mean '市总工会'?" in capsys.readouterr().err


# add / replace -------------------------------------------------------------------------------------------


def test_add_appends_each_record_to_its_tuple_and_leaves_the_original(demo):
    problem = make_problem(number="DD07-900", unit="临江市总工会", found_on=DAY)
    meeting = Meeting(group=7, kind=MeetingKind.MONDAY, on=DAY)
    second = attrs.evolve(problem, number="DD07-901")
    added = demo.add(problem, meeting, second)
    assert added.problems == (*demo.problems, problem, second)
    assert added.meetings == (*demo.meetings, meeting)
    assert added.activities is demo.activities
    assert len(demo.problems) == 76 and problem not in demo.problems
    assert added.problem("DD07-901") == second
    assert demo.add() == demo


def test_add_a_group():
    sup = two_groups()
    group = SupervisionGroup(number=9, units=(Unit(name="临江市总工会", leader="顾春来"),))
    assert sup.add(group).groups[-1] == group
    assert sup.add(group).group_of("临江市总工会").number == 9


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_every_record_type_lands_in_its_own_field(data):
    """The type → field mapping is read from Supervision's fields: every tuple field is reachable."""
    hints = typing.get_type_hints(Supervision)
    for field in attrs.fields(Supervision):
        if field.name == "campaign":
            continue
        (record_type, _) = typing.get_args(hints[field.name])
        record = data.draw(for_class(record_type))
        added = Supervision(campaign=campaign()).add(record)
        assert getattr(added, field.name) == (record,)


@pytest.mark.parametrize("value", [Figure(metric="处理", value=3), campaign(), "DD07-001", None])
def test_add_refuses_what_is_not_a_record(value):
    with pytest.raises(NotARecord) as caught:
        two_groups().add(value)
    assert isinstance(caught.value, TypeError) and isinstance(caught.value, SupervisioError)
    assert f"holds no {type(value).__name__}" in str(caught.value)
    assert "Problem" in str(caught.value)


def test_replace_keeps_the_order(demo):
    index = next(i for i, p in enumerate(demo.problems) if p.status is S.IN_PROGRESS)
    old = demo.problems[index]
    new = close(old, dt.date(2022, 4, 20))
    assert new != old
    replaced = demo.replace(old, new)
    assert replaced.problems[index] == new
    assert replaced.problems[:index] == demo.problems[:index]
    assert replaced.problems[index + 1 :] == demo.problems[index + 1 :]
    assert demo.problems[index] == old and demo.problem(old.number).status is S.IN_PROGRESS
    assert supervisio.validate(replaced) == []


def test_replace_refuses_an_absent_record_and_a_change_of_kind(demo):
    absent = make_problem(number="DD07-999")
    with pytest.raises(UnknownRecord, match="no Problem in problems equals the one to replace"):
        demo.replace(absent, absent)
    with pytest.raises(NotARecord, match="cannot replace a Problem with a Meeting"):
        demo.replace(demo.problems[0], demo.meetings[0])


# route / walk / extend / close -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "target", "steps"),
    [
        (S.REGISTERED, S.CLOSED, (S.ASSIGNED, S.IN_PROGRESS, S.CLOSURE_REQUESTED, S.CLOSED)),
        (S.REGISTERED, S.CLOSED_ON_SPOT, (S.CLOSED_ON_SPOT,)),
        (S.REGISTERED, S.EXTENSION, (S.ASSIGNED, S.IN_PROGRESS, S.EXTENSION)),
        (S.CLOSURE_REQUESTED, S.IN_PROGRESS, (S.RETURNED, S.IN_PROGRESS)),
        (S.CLOSED, S.REVIEW, (S.REVIEW,)),
        (S.REVIEW, S.CLOSED, (S.IN_PROGRESS, S.CLOSURE_REQUESTED, S.CLOSED)),
        (S.IN_PROGRESS, S.IN_PROGRESS, ()),
    ],
)
def test_route(current, target, steps):
    assert route(current, target) == steps


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.CLOSED, S.IN_PROGRESS),       # would pass through 回头看
        (S.REGISTERED, S.REVIEW),        # would pass through a resolved state
        (S.IN_PROGRESS, S.CLOSED_ON_SPOT),
        (S.ASSIGNED, S.REGISTERED),
    ],
)
def test_no_route(current, target):
    with pytest.raises(IllegalTransition) as caught:
        route(current, target, number="DD07-009")
    assert caught.value.problem == "DD07-009"
    assert f"from {current.value} to {target.value}" in str(caught.value)
    assert target.value not in caught.value.allowed


def test_routes_are_legal_shortest_and_pass_no_resolved_state():
    for current in S:
        for target in S:
            try:
                steps = route(current, target)
            except IllegalTransition:
                continue
            states = (current, *steps)
            assert all(b in MOVES[a] for a, b in itertools.pairwise(states))
            assert not any(s.resolved or s is S.REVIEW for s in steps[:-1])
            assert len(set(steps)) == len(steps)


def test_walk_dates_and_signs_every_step():
    problem = make_problem(number="DD07-009")
    walked = walk(problem, S.CLOSURE_REQUESTED, DAY, by="吴海燕", note="台账导入", source="单位台账.xlsx")
    assert walked.history == tuple(
        Transition(on=DAY, to=step, by="吴海燕", note="台账导入", source="单位台账.xlsx")
        for step in (S.ASSIGNED, S.IN_PROGRESS, S.CLOSURE_REQUESTED)
    )
    assert walk(walked, S.CLOSURE_REQUESTED, DAY) is walked
    assert first_illegal_move(walked) is None


def test_walk_refuses_a_day_before_the_last_move_and_an_illegal_target():
    problem = walk(make_problem(number="DD07-009"), S.IN_PROGRESS, DAY)
    with pytest.raises(IllegalTransition, match=r"a move dated 2022-03-09 would come before its last recorded move \(2022-03-10\)"):
        walk(problem, S.CLOSED, DAY - dt.timedelta(days=1))
    with pytest.raises(IllegalTransition, match="problem DD07-009: cannot go from 整改中 to 立行立改"):
        walk(problem, S.CLOSED_ON_SPOT, DAY)
    with pytest.raises(IllegalTransition, match=r"would come before the day it was found \(2022-03-01\)"):
        walk(make_problem(), S.ASSIGNED, dt.date(2022, 2, 28))


def test_close():
    closed = close(make_problem(), DAY, by="钱立新", source="import")
    assert closed.status is S.CLOSED and closed.closed_on == DAY
    assert [t.to for t in closed.history] == [S.ASSIGNED, S.IN_PROGRESS, S.CLOSURE_REQUESTED, S.CLOSED]
    assert {(t.by, t.source) for t in closed.history} == {("钱立新", "import")}
    assert close(closed, DAY) is closed
    on_spot = advance(make_problem(), S.CLOSED_ON_SPOT, DAY)
    with pytest.raises(IllegalTransition, match="cannot go from 立行立改 to 销号"):
        close(on_spot, DAY)


def test_advance_records_a_source():
    moved = advance(make_problem(), S.ASSIGNED, DAY, source="单位台账.xlsx")
    assert moved.history[-1].source == "单位台账.xlsx"


def test_extend():
    problem = make_problem(number="DD07-009")  # found 2022-03-01, due 2022-03-31
    extended = extend(problem, dt.date(2022, 4, 30), "雨季施工受限", dt.date(2022, 3, 25), source="台账")
    assert extended.extensions == (
        Extension(on=dt.date(2022, 3, 25), until=dt.date(2022, 4, 30), reason="雨季施工受限", source="台账"),
    )
    assert extended.deadline_on(dt.date(2022, 3, 24)) == dt.date(2022, 3, 31)
    assert extended.deadline_on(dt.date(2022, 3, 25)) == dt.date(2022, 4, 30)
    again = extend(extended, dt.date(2022, 5, 31), None, dt.date(2022, 4, 28))
    assert again.deadline_on(dt.date(2022, 5, 1)) == dt.date(2022, 5, 31)
    assert extend(make_problem(deadline=None), DAY, None, DAY).deadline_on(DAY) == DAY


@pytest.mark.parametrize(
    ("until", "on", "message"),
    [
        (dt.date(2022, 3, 31), dt.date(2022, 3, 25), "not after the deadline in force on 2022-03-25 (2022-03-31)"),
        (dt.date(2022, 3, 20), dt.date(2022, 3, 10), "not after the deadline in force"),
        (dt.date(2022, 4, 30), dt.date(2022, 2, 27), "is before the problem was found (2022-03-01)"),
        (dt.date(2022, 4, 2), dt.date(2022, 4, 10), "is before the grant (2022-04-10)"),
    ],
)
def test_extend_refuses(until, on, message):
    with pytest.raises(SupervisioError, match=r"^problem DD07-009: ") as caught:
        extend(make_problem(number="DD07-009"), until, "理由", on)
    assert message in str(caught.value)


def test_extend_refuses_a_grant_before_the_last_one():
    extended = extend(make_problem(), dt.date(2022, 4, 30), None, dt.date(2022, 3, 25))
    with pytest.raises(SupervisioError, match="before the last extension"):
        extend(extended, dt.date(2022, 5, 30), None, dt.date(2022, 3, 20))


@settings(max_examples=200, deadline=None)
@given(
    targets=st.lists(st.tuples(st.sampled_from(list(S)), st.integers(0, 5)), max_size=8),
)
def test_walking_anywhere_reachable_leaves_a_legal_history(targets):
    """Walk to any state, one day after another: the history always replays, the status is the target,
    and a walk is refused exactly when there is no route."""
    problem = make_problem()
    day = problem.found_on
    for target, gap in targets:
        day += dt.timedelta(days=gap)
        try:
            expected = route(problem.status, target)
        except IllegalTransition:
            with pytest.raises(IllegalTransition):
                walk(problem, target, day)
            continue
        walked = walk(problem, target, day)
        assert walked.status is target
        assert walked.history[: len(problem.history)] == problem.history
        assert tuple(t.to for t in walked.history[len(problem.history):]) == expected
        assert first_illegal_move(walked) is None
        problem = walked
    assert isinstance(problem, Problem)
