"""The problem lifecycle as a state machine (问题从登记到销号的流转).

::

    登记 → 交办 → 整改中 ⇄ 延期
                  整改中 → 申请销号 → 销号
                                   → 退回 → 整改中
    登记 | 交办 → 立行立改           (fixed on the spot)
    销号 | 立行立改 → 回头看 → 整改中  (a look back reopens a closed problem)

A move that is not on this map raises :class:`~supervisio.errors.IllegalTransition`, naming the problem and
both states: it is a mistake in the data, not a finding about the work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from supervisio.domain.problems import Problem, Transition
from supervisio.domain.vocabulary import ProblemStatus as S
from supervisio.errors import IllegalTransition

__all__ = ["MOVES", "advance", "allowed_moves", "first_illegal_move"]

MOVES: Mapping[S, frozenset[S]] = {
    S.REGISTERED: frozenset({S.ASSIGNED, S.CLOSED_ON_SPOT}),
    S.ASSIGNED: frozenset({S.IN_PROGRESS, S.CLOSED_ON_SPOT}),
    S.IN_PROGRESS: frozenset({S.EXTENSION, S.CLOSURE_REQUESTED}),
    S.EXTENSION: frozenset({S.IN_PROGRESS}),
    S.CLOSURE_REQUESTED: frozenset({S.CLOSED, S.RETURNED}),
    S.RETURNED: frozenset({S.IN_PROGRESS}),
    S.CLOSED: frozenset({S.REVIEW}),
    S.CLOSED_ON_SPOT: frozenset({S.REVIEW}),
    S.REVIEW: frozenset({S.IN_PROGRESS}),
}
"""For each state, the states a problem may move to next."""

_ORDER = list(S)


def allowed_moves(status: S) -> tuple[S, ...]:
    """The states reachable in one move from ``status``, in lifecycle order."""
    return tuple(sorted(MOVES[status], key=_ORDER.index))


def _check(number: str, current: S, target: S) -> None:
    if target not in MOVES[current]:
        raise IllegalTransition(
            number, current.value, target.value, [s.value for s in allowed_moves(current)]
        )


def advance(
    problem: Problem, to: S, on: dt.date, *, by: str | None = None, note: str | None = None
) -> Problem:
    """The problem after moving to ``to`` on ``on``; raises IllegalTransition for a move off the map.

    Moves are dated and kept in order: one dated before the last recorded move is refused too.
    """
    _check(problem.number, problem.status, to)
    last = problem.history[-1].on if problem.history else problem.found_on
    if on < last:
        raise IllegalTransition(
            problem.number,
            problem.status.value,
            to.value,
            [f"a move dated {last.isoformat()} or later"],
        )
    step = Transition(on=on, to=to, by=by, note=note)
    return attrs.evolve(problem, history=(*problem.history, step))


def first_illegal_move(problem: Problem) -> tuple[int, IllegalTransition] | None:
    """Replay a problem's history; the index and error of the first move off the map, or None."""
    current = S.REGISTERED
    for index, transition in enumerate(problem.history):
        try:
            _check(problem.number, current, transition.to)
        except IllegalTransition as error:
            return index, error
        current = transition.to
    return None
