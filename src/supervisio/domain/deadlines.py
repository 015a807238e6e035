"""Deadline rules, derived and never stored: 剩余天数, overdue (超期), 红黄绿灯 and the 三色督办 tier.

Each is a function of a problem and a day, so that a ledger printed as of 15 April shows the lights of 15
April. A problem that is resolved (销号, 立行立改) or not yet found on that day has no light and no tier.
"""

from __future__ import annotations

import datetime as dt

from supervisio.domain.problems import Problem
from supervisio.domain.vocabulary import EscalationTier, Light

__all__ = [
    "DEFAULT_YELLOW_DAYS",
    "days_left",
    "escalation_tier",
    "is_open",
    "is_overdue",
    "light",
    "missed_deadlines",
]

DEFAULT_YELLOW_DAYS = 3
"""A problem within this many days of its deadline shows yellow (as in the 西安 督查 system)."""

_TIERS = (EscalationTier.BLUE, EscalationTier.ORANGE, EscalationTier.RED)


def is_open(problem: Problem, day: dt.date) -> bool:
    """Whether the problem had been found and was not resolved on ``day``."""
    status = problem.status_on(day)
    return status is not None and not status.resolved


def days_left(problem: Problem, day: dt.date) -> int | None:
    """剩余天数: days from ``day`` to the deadline in force (negative once past); None without a deadline."""
    deadline = problem.deadline_on(day)
    return None if deadline is None else (deadline - day).days


def is_overdue(problem: Problem, day: dt.date) -> bool:
    """超期: open on ``day`` and past the deadline in force that day."""
    left = days_left(problem, day)
    return left is not None and left < 0 and is_open(problem, day)


def light(problem: Problem, day: dt.date, yellow_days: int = DEFAULT_YELLOW_DAYS) -> Light | None:
    """红灯 when overdue, 黄灯 within ``yellow_days`` of the deadline, else 绿灯; None when not open."""
    if not is_open(problem, day):
        return None
    left = days_left(problem, day)
    if left is None or left > yellow_days:
        return Light.GREEN
    return Light.RED if left < 0 else Light.YELLOW


def missed_deadlines(problem: Problem, day: dt.date) -> int:
    """How many deadlines passed unmet before ``day``: the original one, then each extended one."""
    candidates = {problem.deadline, *(extension.until for extension in problem.extensions)}
    missed = 0
    for deadline in candidates:
        if deadline is None or deadline >= day:
            continue
        was_in_force = problem.deadline_on(deadline) == deadline
        if was_in_force and is_open(problem, deadline) and is_open(problem, day):
            missed += 1
    return missed


def escalation_tier(problem: Problem, day: dt.date) -> EscalationTier | None:
    """三色督办: 蓝 after the first missed deadline, 橙 after the second, 红 from the third on."""
    missed = missed_deadlines(problem, day)
    return _TIERS[min(missed, len(_TIERS)) - 1] if missed else None
