"""Overdue, 红黄绿灯 and the 三色督办 tier are derived from the deadline in force on the day asked about."""

from __future__ import annotations

import datetime as dt

import pytest

from supervisio.domain.deadlines import days_left, escalation_tier, is_overdue, light
from supervisio.domain.problems import Extension, Transition
from supervisio.domain.vocabulary import EscalationTier, Light
from supervisio.domain.vocabulary import ProblemStatus as S
from support import make_problem

D = dt.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2022, 3, 1), Light.GREEN),
        (D(2022, 3, 27), Light.GREEN),   # 4 days left
        (D(2022, 3, 28), Light.YELLOW),  # 3 days left: the default window
        (D(2022, 3, 31), Light.YELLOW),  # due today
        (D(2022, 4, 1), Light.RED),
    ],
)
def test_light_follows_the_deadline(day, expected):
    assert light(make_problem(), day) is expected


def test_yellow_window_is_configurable():
    assert light(make_problem(), D(2022, 3, 24), yellow_days=7) is Light.YELLOW
    assert light(make_problem(), D(2022, 3, 24)) is Light.GREEN


def test_no_light_before_found_or_after_resolved():
    problem = make_problem(history=(Transition(on=D(2022, 3, 5), to=S.CLOSED_ON_SPOT),))
    assert light(problem, D(2022, 2, 1)) is None
    assert light(problem, D(2022, 4, 30)) is None
    assert not is_overdue(problem, D(2022, 4, 30))


def test_a_problem_without_deadline_is_never_overdue():
    problem = make_problem(deadline=None)
    assert days_left(problem, D(2022, 12, 1)) is None
    assert light(problem, D(2022, 12, 1)) is Light.GREEN
    assert not is_overdue(problem, D(2022, 12, 1))


def test_an_extension_moves_the_deadline_from_the_day_it_was_granted():
    problem = make_problem(extensions=(Extension(on=D(2022, 3, 29), until=D(2022, 4, 30)),))
    assert days_left(problem, D(2022, 3, 28)) == 3
    assert days_left(problem, D(2022, 4, 2)) == 28
    assert not is_overdue(problem, D(2022, 4, 2))
    assert is_overdue(problem, D(2022, 5, 1))


def test_tier_rises_with_each_missed_deadline():
    problem = make_problem(extensions=(
        Extension(on=D(2022, 4, 5), until=D(2022, 4, 20)),
        Extension(on=D(2022, 4, 25), until=D(2022, 5, 10)),
    ))
    assert escalation_tier(problem, D(2022, 3, 31)) is None
    assert escalation_tier(problem, D(2022, 4, 1)) is EscalationTier.BLUE
    assert escalation_tier(problem, D(2022, 4, 21)) is EscalationTier.ORANGE
    assert escalation_tier(problem, D(2022, 5, 11)) is EscalationTier.RED


def test_an_extension_granted_in_time_is_not_a_missed_deadline():
    problem = make_problem(extensions=(Extension(on=D(2022, 3, 20), until=D(2022, 4, 20)),))
    assert escalation_tier(problem, D(2022, 4, 10)) is None
    assert escalation_tier(problem, D(2022, 4, 21)) is EscalationTier.BLUE


def test_resolved_problem_has_no_tier():
    problem = make_problem(history=(
        Transition(on=D(2022, 3, 2), to=S.ASSIGNED),
        Transition(on=D(2022, 3, 3), to=S.IN_PROGRESS),
        Transition(on=D(2022, 4, 3), to=S.CLOSURE_REQUESTED),
        Transition(on=D(2022, 4, 5), to=S.CLOSED),
    ))
    assert escalation_tier(problem, D(2022, 4, 4)) is EscalationTier.BLUE
    assert escalation_tier(problem, D(2022, 4, 6)) is None
