"""The problem lifecycle as a state machine (问题从登记到销号的流转).

::

    登记 → 交办 → 整改中 ⇄ 延期
                  整改中 → 申请销号 → 销号
                                   → 退回 → 整改中
    登记 | 交办 → 立行立改           (fixed on the spot)
    销号 | 立行立改 → 回头看 → 整改中  (a look back reopens a closed problem)

A move that is not on this map raises :class:`~supervisio.errors.IllegalTransition`, naming the problem and
both states: it is a mistake in the data, not a finding about the work.

:func:`advance` makes one move. A ledger usually says only where a problem stands now (an imported sheet
says 销号, not the four moves that led there), so :func:`walk` makes the shortest run of legal moves to a
state (:func:`route`), all on one day; :func:`close` walks to 销号 and :func:`extend` records a 延期.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Mapping

import attrs

from supervisio.domain.problems import Extension, Problem, Transition
from supervisio.domain.vocabulary import ProblemStatus as S
from supervisio.errors import IllegalTransition, SupervisioError

__all__ = [
    "MOVES",
    "advance",
    "allowed_moves",
    "close",
    "extend",
    "first_illegal_move",
    "route",
    "walk",
]

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
    problem: Problem,
    to: S,
    on: dt.date,
    *,
    by: str | None = None,
    note: str | None = None,
    source: str | None = None,
) -> Problem:
    """The problem after moving to ``to`` on ``on``; raises IllegalTransition for a move off the map.

    Moves are dated and kept in order: one dated before the last recorded move is refused too.
    """
    _check(problem.number, problem.status, to)
    last = problem.history[-1].on if problem.history else problem.found_on
    if on < last:
        what = "its last recorded move" if problem.history else "the day it was found"
        raise IllegalTransition(
            problem.number,
            problem.status.value,
            to.value,
            [f"a move dated {last.isoformat()} or later"],
            reason=f"a move dated {on.isoformat()} would come before {what} ({last.isoformat()})",
        )
    step = Transition(on=on, to=to, by=by, note=note, source=source)
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


def _passable(state: S) -> bool:
    """Whether a walk may pass *through* ``state``: not a resolved state, not a look back (回头看).

    Passing through them would make a problem count as 已解决, or as reopened, on a day nobody recorded it.
    """
    return not state.resolved and state is not S.REVIEW


def _routes_from(current: S) -> dict[S, S | None]:
    """Breadth first from ``current``: each state reachable by a walk, with the state before it."""
    before: dict[S, S | None] = {current: None}
    queue = deque([current])
    while queue:
        state = queue.popleft()
        if state is not current and not _passable(state):
            continue
        for following in allowed_moves(state):
            if following not in before:
                before[following] = state
                queue.append(following)
    return before


def route(current: S, target: S, *, number: str = "") -> tuple[S, ...]:
    """The shortest run of legal moves from ``current`` to ``target``, without ``current``; () when equal.

    The run never passes through 销号, 立行立改 or 回头看 (it may end there): a problem walked to 整改中 must
    not be counted resolved on the way. IllegalTransition when no such run exists (``number`` names the
    problem in its message); its ``allowed`` lists the states a walk from ``current`` can reach.
    """
    if target is current:
        return ()
    before = _routes_from(current)
    if target not in before:
        reachable = [s.value for s in S if s in before and s is not current]
        raise IllegalTransition(number, current.value, target.value, reachable)
    steps: list[S] = []
    state: S | None = target
    while state is not None and state is not current:
        steps.append(state)
        state = before[state]
    return tuple(reversed(steps))


def walk(
    problem: Problem,
    to: S,
    on: dt.date,
    *,
    by: str | None = None,
    note: str | None = None,
    source: str | None = None,
) -> Problem:
    """The problem moved to ``to`` by the shortest legal run of moves (:func:`route`), every one on ``on``.

    Each move is a :class:`~supervisio.domain.problems.Transition` with ``by``, ``note`` and ``source``; a
    problem already in ``to`` comes back unchanged. IllegalTransition when there is no run, or when ``on``
    is before the last recorded move (or the day the problem was found).
    """
    for step in route(problem.status, to, number=problem.number):
        problem = advance(problem, step, on, by=by, note=note, source=source)
    return problem


def close(problem: Problem, on: dt.date, *, by: str | None = None, source: str | None = None) -> Problem:
    """The problem walked to 销号 on ``on`` (交办, 整改中, 申请销号 on the way, as far as it has not gone)."""
    return walk(problem, S.CLOSED, on, by=by, source=source)


def extend(
    problem: Problem, until: dt.date, reason: str | None, on: dt.date, *, source: str | None = None
) -> Problem:
    """The problem with a 延期 granted on ``on``: its deadline becomes ``until`` from that day.

    The new deadline must be later than the one in force on ``on``, and not before the day the problem was
    found nor the day of the grant; the grant must not be dated before the problem was found or before an
    earlier extension. SupervisioError, naming the problem, otherwise. The state is not moved: record the
    延期 state with :func:`advance` when the ledger tracks it.
    """
    where = f"problem {problem.number}"
    floor = problem.extensions[-1].on if problem.extensions else problem.found_on
    if on < floor:
        what = "the last extension" if problem.extensions else "the problem was found"
        raise SupervisioError(
            f"{where}: an extension granted on {on.isoformat()} is before {what} ({floor.isoformat()})"
        )
    in_force = problem.deadline_on(on)
    if in_force is not None and until <= in_force:
        raise SupervisioError(
            f"{where}: the new deadline {until.isoformat()} is not after the deadline in force on "
            f"{on.isoformat()} ({in_force.isoformat()})"
        )
    if until < on:
        raise SupervisioError(
            f"{where}: the new deadline {until.isoformat()} is before the grant ({on.isoformat()})"
        )
    granted = Extension(on=on, until=until, reason=reason, source=source)
    return attrs.evolve(problem, extensions=(*problem.extensions, granted))
