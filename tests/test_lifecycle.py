"""The problem lifecycle: every legal move is allowed, every other one raises a located error."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from supervisio.domain.lifecycle import MOVES, advance, allowed_moves, first_illegal_move
from supervisio.domain.problems import Transition
from supervisio.domain.vocabulary import ProblemStatus as S
from supervisio.errors import IllegalTransition
from support import make_problem

DAY = dt.date(2022, 3, 10)

# The paths that reach each state from 登记, so that each move can be tested from a real history.
PATH_TO = {
    S.REGISTERED: [],
    S.ASSIGNED: [S.ASSIGNED],
    S.IN_PROGRESS: [S.ASSIGNED, S.IN_PROGRESS],
    S.EXTENSION: [S.ASSIGNED, S.IN_PROGRESS, S.EXTENSION],
    S.CLOSURE_REQUESTED: [S.ASSIGNED, S.IN_PROGRESS, S.CLOSURE_REQUESTED],
    S.CLOSED: [S.ASSIGNED, S.IN_PROGRESS, S.CLOSURE_REQUESTED, S.CLOSED],
    S.RETURNED: [S.ASSIGNED, S.IN_PROGRESS, S.CLOSURE_REQUESTED, S.RETURNED],
    S.CLOSED_ON_SPOT: [S.CLOSED_ON_SPOT],
    S.REVIEW: [S.CLOSED_ON_SPOT, S.REVIEW],
}

LEGAL = sorted(
    ((source, target) for source, targets in MOVES.items() for target in targets),
    key=lambda pair: (list(S).index(pair[0]), list(S).index(pair[1])),
)
ILLEGAL = [
    (source, target)
    for source, target in itertools.product(S, S)
    if target not in MOVES[source]
]


def problem_in(state: S):
    history = tuple(Transition(on=DAY, to=step) for step in PATH_TO[state])
    problem = make_problem(number="DD07-009", history=history)
    assert problem.status is state
    return problem


def test_every_state_has_moves_and_is_reachable():
    assert set(MOVES) == set(S)
    assert set(PATH_TO) == set(S)


@pytest.mark.parametrize(("source", "target"), LEGAL, ids=lambda s: s.value)
def test_legal_move(source, target):
    moved = advance(problem_in(source), target, DAY, by="联络员", note="按流程")
    assert moved.status is target
    assert moved.history[-1] == Transition(on=DAY, to=target, by="联络员", note="按流程")


@pytest.mark.parametrize(("source", "target"), ILLEGAL, ids=lambda s: s.value)
def test_illegal_move_names_problem_and_both_states(source, target):
    with pytest.raises(IllegalTransition) as caught:
        advance(problem_in(source), target, DAY)
    message = str(caught.value)
    assert "DD07-009" in message
    assert f"from {source.value} to {target.value}" in message
    assert caught.value.allowed == tuple(s.value for s in allowed_moves(source))


def test_the_documented_paths():
    problem = make_problem()
    for step in (S.ASSIGNED, S.IN_PROGRESS, S.EXTENSION, S.IN_PROGRESS, S.CLOSURE_REQUESTED,
                 S.RETURNED, S.IN_PROGRESS, S.CLOSURE_REQUESTED, S.CLOSED, S.REVIEW, S.IN_PROGRESS):
        problem = advance(problem, step, DAY)
    assert problem.status is S.IN_PROGRESS
    on_spot = advance(make_problem(), S.CLOSED_ON_SPOT, DAY)
    assert on_spot.status.resolved and on_spot.closed_on == DAY


def test_a_move_dated_before_the_last_one_is_refused():
    problem = advance(make_problem(), S.ASSIGNED, DAY)
    with pytest.raises(IllegalTransition, match=r"before its last recorded move \(2022-03-10\)"):
        advance(problem, S.IN_PROGRESS, DAY - dt.timedelta(days=1))


def test_a_move_dated_before_the_problem_was_found_is_refused():
    with pytest.raises(IllegalTransition):
        advance(make_problem(), S.ASSIGNED, dt.date(2022, 2, 1))


def test_status_and_closing_are_read_as_of_a_day():
    problem = make_problem(history=(
        Transition(on=dt.date(2022, 3, 2), to=S.ASSIGNED),
        Transition(on=dt.date(2022, 3, 3), to=S.IN_PROGRESS),
        Transition(on=dt.date(2022, 3, 20), to=S.CLOSURE_REQUESTED),
        Transition(on=dt.date(2022, 3, 25), to=S.CLOSED),
        Transition(on=dt.date(2022, 9, 1), to=S.REVIEW),
    ))
    assert problem.status_on(dt.date(2022, 2, 28)) is None
    assert problem.status_on(dt.date(2022, 3, 1)) is S.REGISTERED
    assert problem.status_on(dt.date(2022, 3, 10)) is S.IN_PROGRESS
    assert problem.resolved_on(dt.date(2022, 3, 24)) is None
    assert problem.resolved_on(dt.date(2022, 4, 1)) == dt.date(2022, 3, 25)
    assert problem.resolved_on(dt.date(2022, 9, 2)) is None  # 回头看 reopened it
    assert problem.status is S.REVIEW and problem.closed_on is None


def test_first_illegal_move_points_at_the_entry():
    problem = make_problem(history=(
        Transition(on=DAY, to=S.ASSIGNED),
        Transition(on=DAY, to=S.CLOSED),
    ))
    index, error = first_illegal_move(problem)
    assert index == 1
    assert "from 交办 to 销号" in str(error)
    assert first_illegal_move(problem_in(S.REVIEW)) is None
