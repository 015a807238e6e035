"""Properties of the domain, for random campaigns (tests/strategies.py) and random days.

- The fast path of the figures (``compute_facts``: one loop over the ledger) says what the per-problem
  rules say (``Problem.status_on``, ``resolved_on``, ``deadlines.is_open``, ``is_overdue``, ``light``),
  for the campaign, each group and each unit; and ``review`` reports exactly the problems the figures count
  overdue and 黄灯.
- The figures hang together on one day (open + resolved = total, 整改率 in [0, 1], scopes add up) and move
  as the records do when the day moves on: what was found stays found; a resolved problem stops being
  resolved only through a 回头看; an overdue problem still open stays overdue unless a 延期 was granted.
- Random runs of lifecycle operations (advance, walk, close, extend) fail exactly when the rules say,
  with IllegalTransition (SupervisioError for a refused extension), and leave a problem that replays
  legally and passes ``supervisio.validate`` inside a campaign.

Example counts come from the Hypothesis profile (tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from fractions import Fraction

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import days_around, last_day_of, supervisions, turning_days, with_phases
from supervisio import validate
from supervisio.domain.deadlines import is_open, is_overdue, light
from supervisio.domain.facts import ProblemFacts, compute_facts
from supervisio.domain.findings import FindingKind, review
from supervisio.domain.lifecycle import (
    MOVES,
    advance,
    close,
    extend,
    first_illegal_move,
    route,
    walk,
)
from supervisio.domain.problems import Problem
from supervisio.domain.vocabulary import Light, ProblemStatus, Term
from supervisio.errors import IllegalTransition, SupervisioError

CAMPAIGNS = supervisions().flatmap(with_phases)
SLOW = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)


def scopes(supervision):
    """Every scope the figures are asked for: (group, unit, the units it covers)."""
    yield None, None, None
    for group in supervision.groups:
        yield group.number, None, set(group.unit_names)
        for name in group.unit_names:
            yield None, name, {name}


def by_the_rules(supervision, day: dt.date, units: set[str] | None) -> ProblemFacts:
    """The problem figures counted problem by problem with the per-problem rules, slowly and plainly."""
    campaign = supervision.campaign
    yellow = campaign.settings.yellow_days

    def phase(on: dt.date | None) -> str | None:
        found = campaign.phase_on(on) if on is not None else None
        return found.name if found else None

    found = [p for p in supervision.problems
             if (units is None or p.unit in units) and p.status_on(day) is not None]
    resolved = [p for p in found if p.resolved_on(day) is not None]
    lights = [light(p, day, yellow) for p in found]
    return ProblemFacts(
        total=len(found),
        by_term={term.value: sum(p.term is term for p in found) for term in Term},
        by_category=dict(Counter(p.category for p in found)),
        by_unit=dict(Counter(p.unit for p in found)),
        by_phase_found=dict(Counter(name for p in found if (name := phase(p.found_on)))),
        by_status=dict(Counter(p.status_on(day).value for p in found)),
        resolved=len(resolved),
        resolved_by_phase=dict(Counter(name for p in resolved if (name := phase(p.resolved_on(day))))),
        closed_on_spot=sum(p.status_on(day) is ProblemStatus.CLOSED_ON_SPOT for p in found),
        open=sum(is_open(p, day) for p in found),
        overdue=sum(is_overdue(p, day) for p in found),
        by_light={state.value: lights.count(state) for state in Light},
        rectification_rate=Fraction(len(resolved), len(found)) if found else None,
    )


# -------------------------------------------------------------------------------------- the figures
# One campaign drawn per example serves every property of the figures (drawing a campaign costs far more
# than checking it); each property is a check_* helper, so that a failure names the one that broke.


def check_figures_are_the_rules(supervision, day: dt.date) -> None:
    for group, unit, units in scopes(supervision):
        fast = compute_facts(supervision, day, group=group, unit=unit).problems
        assert fast == by_the_rules(supervision, day, units), (day, group, unit)


def check_review_matches_the_figures(supervision, day: dt.date) -> None:
    """``review`` reports exactly the problems the figures count overdue (红灯) and due soon (黄灯)."""
    findings = review(supervision, day)
    figures = compute_facts(supervision, day).problems
    kinds = Counter(finding.kind for finding in findings)
    assert kinds[FindingKind.PROBLEM_OVERDUE] == figures.overdue == figures.by_light[Light.RED.value]
    assert kinds[FindingKind.PROBLEM_DUE_SOON] == figures.by_light[Light.YELLOW.value]
    overdue = {f.message.split(" ", 1)[0] for f in findings if f.kind is FindingKind.PROBLEM_OVERDUE}
    assert overdue == {p.number for p in supervision.problems if is_overdue(p, day)}


def check_figures_hang_together(supervision, day: dt.date) -> None:
    p = compute_facts(supervision, day).problems
    assert p.open + p.resolved == p.total
    assert sum(p.by_status.values()) == sum(p.by_term.values()) == sum(p.by_unit.values()) == p.total
    assert sum(p.by_category.values()) == p.total
    assert sum(p.by_light.values()) == p.open
    assert p.overdue == p.by_light[Light.RED.value] <= p.open
    assert p.closed_on_spot <= p.resolved
    assert sum(p.resolved_by_phase.values()) <= p.resolved
    assert sum(p.by_phase_found.values()) <= p.total
    if p.total:
        assert 0 <= p.rectification_rate <= 1
        assert p.rectification_rate == Fraction(p.resolved, p.total)
    else:
        assert p.rectification_rate is None and p.rate() == "—"


def check_scopes_add_up(supervision, day: dt.date) -> None:
    """The units of a campaign are shared out among its groups: the groups' figures add up to the
    campaign's, and the units' to their group's."""
    added = ("total", "resolved", "open", "overdue", "closed_on_spot")

    def figures(**scope) -> Counter[str]:
        p = compute_facts(supervision, day, **scope).problems
        return Counter({name: getattr(p, name) for name in added})

    groups: Counter[str] = Counter()
    for group in supervision.groups:
        of_group = figures(group=group.number)
        groups += of_group
        units: Counter[str] = Counter()
        for name in group.unit_names:
            units += figures(unit=name)
        assert +units == +of_group, group.number
    assert +groups == +figures()


def check_nothing_found_before_the_campaign(supervision, day: dt.date) -> None:
    facts = compute_facts(supervision, day)
    p = facts.problems
    assert (p.total, p.resolved, p.open, p.overdue, p.rectification_rate) == (0, 0, 0, 0, None)
    assert p.by_status == {} and p.by_unit == {} and set(p.by_light.values()) == {0}
    assert facts.phases.current is None and facts.phases.completed == ()
    assert [f for f in review(supervision, day)
            if f.kind in (FindingKind.PROBLEM_OVERDUE, FindingKind.PROBLEM_DUE_SOON)] == []


def moved_between(problem: Problem, earlier: dt.date, later: dt.date, to: ProblemStatus) -> bool:
    return any(earlier < t.on <= later and t.to is to for t in problem.history)


def check_figures_move_with_the_records(supervision, earlier: dt.date, later: dt.date) -> None:
    """What was found stays found; 已解决 falls only by the problems reopened by a 回头看 in between."""
    before, after = (compute_facts(supervision, day).problems for day in (earlier, later))
    assert before.total <= after.total
    for unit, count in before.by_unit.items():
        assert count <= after.by_unit[unit]
    reviewed = sum(moved_between(p, earlier, later, ProblemStatus.REVIEW) for p in supervision.problems)
    assert after.resolved >= before.resolved - reviewed
    if reviewed == 0:
        assert before.resolved <= after.resolved


def check_problems_move_as_their_histories_say(supervision, earlier: dt.date, later: dt.date) -> None:
    yellow = supervision.campaign.settings.yellow_days
    for p in supervision.problems:
        if p.status_on(earlier) is not None:
            assert p.status_on(later) is not None  # found stays found
        if p.resolved_on(earlier) is not None and p.resolved_on(later) is None:
            assert moved_between(p, earlier, later, ProblemStatus.REVIEW), p.number  # only 回头看 reopens
        if not is_open(p, earlier) and p.status_on(earlier) is not None and is_open(p, later):
            assert moved_between(p, earlier, later, ProblemStatus.REVIEW), p.number
        extended = any(earlier < e.on <= later for e in p.extensions)
        if is_overdue(p, earlier) and is_open(p, later) and not extended:
            assert is_overdue(p, later), p.number  # overdue stays overdue while open, unless 延期
            assert light(p, later, yellow) is Light.RED


@SLOW
@given(CAMPAIGNS.flatmap(lambda s: st.tuples(st.just(s), st.lists(days_around(s), min_size=1, max_size=3))),
       st.integers(1, 400))
def test_the_figures_follow_the_rules_on_any_day_and_as_the_day_moves_on(drawn, days_before):
    """The figures on a few days (most where something turns) and the day after the last record; how
    each problem moves from every turning day to the next."""
    supervision, drawn_days = drawn
    days = sorted({*drawn_days, last_day_of(supervision) + dt.timedelta(days=1)})
    for day in days:
        check_figures_are_the_rules(supervision, day)
        check_review_matches_the_figures(supervision, day)
        check_figures_hang_together(supervision, day)
        check_scopes_add_up(supervision, day)
    for earlier, later in itertools.pairwise(days):
        check_figures_move_with_the_records(supervision, earlier, later)
    for earlier, later in itertools.pairwise(sorted({*turning_days(supervision), *days})):
        check_problems_move_as_their_histories_say(supervision, earlier, later)
    before = supervision.campaign.start - dt.timedelta(days=days_before)
    check_nothing_found_before_the_campaign(supervision, before)
    assert compute_facts(supervision, days[-1]).problems.total == len(supervision.problems)  # all found by then


# ------------------------------------------------------------------------------- lifecycle walks

STATES = list(ProblemStatus)


def check_sound(problem: Problem) -> None:
    """A history replays on the map, dated in order from the day found; extensions in order too."""
    assert first_illegal_move(problem) is None
    days = [problem.found_on, *(t.on for t in problem.history)]
    assert days == sorted(days)
    grants = [problem.found_on, *(e.on for e in problem.extensions)]
    assert grants == sorted(grants)
    assert all(e.until >= e.on for e in problem.extensions)


def check_step(problem: Problem, operation: str, target: ProblemStatus, on: dt.date, until: dt.date) -> Problem:
    """Apply one operation, asserting it succeeds or fails exactly as the rules say; the problem after."""
    last = problem.history[-1].on if problem.history else problem.found_on
    if operation == "advance":
        legal = target in MOVES[problem.status] and on >= last
        if not legal:
            with pytest.raises(IllegalTransition):
                advance(problem, target, on)
            return problem
        moved = advance(problem, target, on)
        assert moved.history[:-1] == problem.history and moved.status is target
        return moved
    if operation == "extend":
        floor = problem.extensions[-1].on if problem.extensions else problem.found_on
        in_force = problem.deadline_on(on)
        refused = on < floor or (in_force is not None and until <= in_force) or until < on
        if refused:
            with pytest.raises(SupervisioError) as error:
                extend(problem, until, "雨季施工", on)
            assert f"problem {problem.number}" in str(error.value)
            return problem
        extended = extend(problem, until, "雨季施工", on)
        assert extended.deadline_on(on) == until and extended.status is problem.status
        assert extended.deadline_on(on - dt.timedelta(days=1)) == problem.deadline_on(on - dt.timedelta(days=1))
        return extended
    if operation == "close":
        target = ProblemStatus.CLOSED
    try:
        steps = route(problem.status, target)
    except IllegalTransition:
        with pytest.raises(IllegalTransition):
            walk(problem, target, on) if operation == "walk" else close(problem, on)
        return problem
    if steps and on < last:
        with pytest.raises(IllegalTransition):
            walk(problem, target, on) if operation == "walk" else close(problem, on)
        return problem
    walked = walk(problem, target, on) if operation == "walk" else close(problem, on)
    assert walked.status is target
    added = walked.history[len(problem.history):]
    assert tuple(t.to for t in added) == steps and all(t.on == on for t in added)
    assert all(not t.to.resolved and t.to is not ProblemStatus.REVIEW for t in added[:-1])  # passed through
    return walked


OPERATIONS = st.tuples(
    st.sampled_from(["advance", "advance", "walk", "close", "extend"]),
    st.sampled_from(STATES),
    st.integers(-5, 15),  # the day of the operation, from the last recorded move
    st.integers(-10, 60),  # the new deadline, from the day of the operation
)


@SLOW
@given(supervisions(max_problems=0), st.integers(0, 100), st.none() | st.integers(0, 60),
       st.lists(OPERATIONS, max_size=12))
def test_random_lifecycle_walks_stay_legal_and_pass_validate(empty, found_after, deadline_after, operations):
    campaign = empty.campaign
    found_on = campaign.start + dt.timedelta(days=found_after)
    group = empty.groups[0]
    problem = Problem(
        number=campaign.settings.problem_numbers.format(group=group.number, year=campaign.year, serial=1),
        unit=group.units[0].name,
        found_on=found_on,
        description="台账资料不全",
        category=(campaign.settings.categories or ("难点",))[0],
        deadline=None if deadline_after is None else found_on + dt.timedelta(days=deadline_after),
    )
    for operation, target, offset, until in operations:
        last = problem.history[-1].on if problem.history else problem.found_on
        on = last + dt.timedelta(days=offset)
        problem = check_step(problem, operation, target, on, on + dt.timedelta(days=until))
        check_sound(problem)
    assert validate(attrs.evolve(empty, problems=(problem,))) == []


def test_every_route_is_the_shortest_legal_one_through_unresolved_states():
    """route(a, b), for every pair: a run of legal moves ending in b, passing only through states that are
    neither resolved nor 回头看, and no longer than any other such run; or IllegalTransition when none."""
    def shortest(a: ProblemStatus, b: ProblemStatus) -> int | None:
        frontier, seen, length = {a}, {a}, 0
        while frontier:
            if b in frontier:
                return length
            frontier = {n for s in frontier if s is a or (not s.resolved and s is not ProblemStatus.REVIEW)
                        for n in MOVES[s]} - seen
            seen |= frontier
            length += 1
        return None

    for a in STATES:
        for b in STATES:
            expected = 0 if a is b else shortest(a, b)
            if expected is None:
                with pytest.raises(IllegalTransition):
                    route(a, b)
                continue
            steps = route(a, b)
            assert len(steps) == expected, (a, b)
            for before, after in zip((a, *steps), steps, strict=False):
                assert after in MOVES[before]
            assert all(not s.resolved and s is not ProblemStatus.REVIEW for s in steps[:-1])
