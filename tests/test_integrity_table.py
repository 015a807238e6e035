"""Every check of :mod:`supervisio.domain.integrity`, one row each, from the sound demo campaign.

Each row makes one change to the demo (:func:`supervisio.load_demo`, which has no defects), runs
:func:`~supervisio.domain.integrity.check_integrity` and asserts that a defect at the exact path has the
distinctive part of its message. A change may bring other defects along (a campaign that ends before it
starts also puts its phases and records outside it); the row asserts the one it is about.

Every ``self.add`` call site in ``integrity.py`` (47 today) is reached by at least one row, and
``test_every_check_is_reached_by_the_table`` proves it by spying on ``_Checker.add``; the shared helpers
(``unit``, ``group``, ``in_campaign``, ``number``, ``not_before``, ``figure``) have one row per branch of
their message and rows at several record types, not at every field that uses them.

Not reached here: the :class:`~supervisio.domain.integrity.Gaps` paths (a partly read file), which only
suppress defects or renumber paths and add no message of their own.
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

import supervisio
from supervisio.domain import integrity
from supervisio.domain.campaign import ExitRule
from supervisio.domain.integrity import LARGEST, check_integrity
from supervisio.domain.organisation import SupervisionGroup, Unit
from supervisio.domain.problems import Extension, Transition
from supervisio.domain.supervision import Supervision
from supervisio.domain.vocabulary import ProblemStatus

D = dt.date
Change = Callable[[Supervision], Supervision]


@pytest.fixture(scope="module")
def demo() -> Supervision:
    return supervisio.load_demo(7)  # the seed's 第七巡回督导组 alone: the embedded demo is a city


# -- one change each -----------------------------------------------------------------------------


def _evolve_at(items: tuple[Any, ...], index: int, **changes: Any) -> tuple[Any, ...]:
    return (*items[:index], attrs.evolve(items[index], **changes), *items[index + 1 :])


def record(field: str, index: int, **changes: Any) -> Change:
    """Change the record at ``index`` of the list ``field`` (``problems``, ``notices`` …)."""
    return lambda s: attrs.evolve(s, **{field: _evolve_at(getattr(s, field), index, **changes)})


def like(field: str, index: int, source: int, *names: str) -> Change:
    """Give the record at ``index`` the values of ``names`` of the record at ``source`` (a duplicate)."""

    def change(s: Supervision) -> Supervision:
        held = getattr(s, field)
        return record(field, index, **{n: getattr(held[source], n) for n in names})(s)

    return change


def campaign(**changes: Any) -> Change:
    return lambda s: attrs.evolve(s, campaign=attrs.evolve(s.campaign, **changes))


def settings(**changes: Any) -> Change:
    return lambda s: campaign(settings=attrs.evolve(s.campaign.settings, **changes))(s)


def phase(i: int, **changes: Any) -> Change:
    return lambda s: campaign(phases=_evolve_at(s.campaign.phases, i, **changes))(s)


def requirement(i: int, j: int, **changes: Any) -> Change:
    return lambda s: phase(i, requirements=_evolve_at(s.campaign.phases[i].requirements, j, **changes))(s)


def unit(g: int, u: int, **changes: Any) -> Change:
    return lambda s: record("groups", g, units=_evolve_at(s.groups[g].units, u, **changes))(s)


def member(g: int, m: int, **changes: Any) -> Change:
    return lambda s: record("groups", g, members=_evolve_at(s.groups[g].members, m, **changes))(s)


def add(*records: Any) -> Change:
    return lambda s: s.add(*records)


def then(*changes: Change) -> Change:
    def change(s: Supervision) -> Supervision:
        for step in changes:
            s = step(s)
        return s

    return change


OTHER_GROUP = SupervisionGroup(number=8, units=(Unit(name="临江市另一单位", leader="某某"),))

ROWS: list[tuple[str, Change, str, str]] = [
    # campaign
    ("campaign-year", campaign(year=0), "campaign.year", "0 is not a year (1 to 9999)"),
    ("campaign-ends-before-start", campaign(end=D(2022, 2, 20)), "campaign.end", "ends before it starts"),
    ("campaign-too-long", campaign(end=D(2033, 1, 1)), "campaign.end", "lasts more than 10 years"),
    ("phase-duplicate-key", phase(1, key="mobilization"), "campaign.phases[1].key", "duplicate phase key"),
    ("phase-ends-before-start", phase(0, end=D(2022, 2, 20)), "campaign.phases[0].end",
     "the phase ends before it starts"),
    ("phase-outside-campaign", phase(0, start=D(2022, 2, 1)), "campaign.phases[0]",
     "is not inside the campaign's dates"),
    ("phase-overlaps-previous", phase(1, start=D(2022, 3, 6)), "campaign.phases[1].start",
     "starts before the previous one ends"),
    ("exit-rule-unknown", phase(1, exit_rules=(ExitRule(rule="optional_actionz"),)),
     "campaign.phases[1].exit_rules[0].rule", "unknown exit rule 'optional_actionz'; did you mean"),
    ("exit-rule-count-negative", phase(1, exit_rules=(ExitRule(rule="optional_actions", count=-1),)),
     "campaign.phases[1].exit_rules[0].count", "must not be negative"),
    ("exit-rule-count-too-large",
     phase(1, exit_rules=(ExitRule(rule="optional_actions", count=LARGEST + 1),)),
     "campaign.phases[1].exit_rules[0].count", "is too large: at most 999,999,999,999,999"),
    ("requirement-min-count-zero", requirement(0, 0, min_count=0),
     "campaign.phases[0].requirements[0].min_count", "must be at least 1"),
    ("requirement-min-count-too-large", requirement(0, 0, min_count=LARGEST + 1),
     "campaign.phases[0].requirements[0].min_count", "is too large"),
    ("requirement-duplicate-code", requirement(0, 1, code="M1"),
     "campaign.phases[0].requirements[1].code", "duplicate requirement code 'M1'"),
    ("requirement-due-before-phase", requirement(1, 0, due=D(2022, 3, 1)),
     "campaign.phases[1].requirements[0].due", "2022-03-01 is before phase"),
    ("problem-number-scheme", settings(problem_numbers="DD-{nope}"),
     "campaign.settings.problem_numbers", "unknown field {nope}"),
    ("category-twice", settings(categories=("难点", "难点", "痛点", "堵点", "短板")),
     "campaign.settings.categories", "a 问题类型 is listed twice"),
    ("yellow-days-negative", settings(yellow_days=-1), "campaign.settings.yellow_days",
     "must not be negative"),
    ("yellow-days-too-large", settings(yellow_days=LARGEST + 1), "campaign.settings.yellow_days",
     "is too large"),
    ("meeting-weekday-8",
     lambda s: settings(weekly_meetings=(attrs.evolve(s.campaign.settings.weekly_meetings[0],
                                                      weekdays=(8,)),))(s),
     "campaign.settings.weekly_meetings[0].weekdays", "weekdays are 1 (Monday) to 7 (Sunday)"),
    ("meeting-no-weekday",
     lambda s: settings(weekly_meetings=(attrs.evolve(s.campaign.settings.weekly_meetings[0],
                                                      weekdays=()),))(s),
     "campaign.settings.weekly_meetings[0].weekdays", "at least one"),
    # groups
    ("group-number-zero", record("groups", 0, number=0), "groups[0].number", "must be at least 1"),
    ("group-duplicate-number", add(SupervisionGroup(number=7)), "groups[1].number",
     "duplicate group number 7"),
    ("unit-listed-twice", lambda s: add(SupervisionGroup(number=8, units=(s.groups[0].units[0],)))(s),
     "groups[1].units[0].name", "is listed twice"),
    ("member-unit-unknown", member(0, 0, units=("临江市发展和改革委员", )),
     "groups[0].members[0].units[0]", "unknown unit of group 7 '临江市发展和改革委员'; did you mean"),
    ("short-name-clash", lambda s: unit(0, 1, short_name=s.groups[0].units[0].short_name)(s),
     "groups[0].units[1].short_name", "'市发改委' is also the short name of 临江市发展和改革委员会"),
    ("alias-clash", lambda s: unit(0, 1, aliases=(s.groups[0].units[0].name,))(s),
     "groups[0].units[1].aliases[0]", "is also the name of 临江市发展和改革委员会"),
    # problems
    ("problem-duplicate-number", like("problems", 1, 0, "number"), "problems[1].number",
     "duplicate problem number 'DD07-001'"),
    ("problem-unit-unknown", record("problems", 0, unit="临江市不存在局"), "problems[0].unit",
     "unknown unit '临江市不存在局'"),
    ("problem-unit-short-name", record("problems", 0, unit="市发改委"), "problems[0].unit",
     "records name a unit by its full name: write '临江市发展和改革委员会'"),
    ("problem-category", record("problems", 0, category="无此类"), "problems[0].category",
     "is not one of the campaign's 问题类型"),
    ("problem-found-outside", record("problems", 0, found_on=D(2022, 2, 1)), "problems[0].found_on",
     "2022-02-01 is outside the campaign (2022-02-21 to 2022-12-31)"),
    ("problem-deadline-before-found", record("problems", 0, deadline=D(2022, 2, 21)),
     "problems[0].deadline", "deadline 2022-02-21 is before the problem was found (2022-02-22)"),
    ("problem-activity-unknown", record("problems", 0, source_activity="A99-999"),
     "problems[0].source_activity", "unknown activity 'A99-999'"),
    ("problem-activity-after-found", record("problems", 0, found_on=D(2022, 2, 21)),
     "problems[0].source_activity", "(2022-02-22) is after the problem was found (2022-02-21)"),
    ("history-illegal-move",
     record("problems", 0, history=(Transition(on=D(2022, 2, 23), to=ProblemStatus.CLOSED),)),
     "problems[0].history[0].to", "cannot go from 登记 to 销号"),
    ("history-before-found",
     record("problems", 0, history=(Transition(on=D(2022, 2, 20), to=ProblemStatus.ASSIGNED),)),
     "problems[0].history[0].on", "2022-02-20 is before the problem was found"),
    ("history-out-of-order",
     record("problems", 0, history=(Transition(on=D(2022, 2, 23), to=ProblemStatus.ASSIGNED),
                                    Transition(on=D(2022, 2, 22), to=ProblemStatus.IN_PROGRESS))),
     "problems[0].history[1].on", "2022-02-22 is before the entry before it"),
    ("extension-until-before-grant",
     record("problems", 0, extensions=(Extension(on=D(2022, 3, 1), until=D(2022, 2, 28)),)),
     "problems[0].extensions[0].until", "the new deadline is before the grant"),
    ("extension-before-found",
     record("problems", 0, extensions=(Extension(on=D(2022, 2, 1), until=D(2022, 3, 10)),)),
     "problems[0].extensions[0].on", "2022-02-01 is before the problem was found"),
    # activities, meetings
    ("activity-duplicate-id", like("activities", 1, 0, "id"), "activities[1].id",
     "duplicate activity id 'A07-001'"),
    ("activity-unit-unknown", record("activities", 0, unit="临江市不存在局"), "activities[0].unit",
     "unknown unit"),
    ("activity-outside-campaign", record("activities", 0, on=D(2023, 1, 3)), "activities[0].on",
     "2023-01-03 is outside the campaign"),
    ("meeting-group-unknown", record("meetings", 0, group=99), "meetings[0].group",
     "unknown group 99; groups are 7"),
    ("meeting-outside-campaign", record("meetings", 0, on=D(2022, 2, 20)), "meetings[0].on",
     "is outside the campaign"),
    # notices
    ("notice-group-unknown", record("notices", 0, group=99), "notices[0].group", "unknown group 99"),
    ("notice-problem-unknown", record("notices", 0, problems=("DD99-999",)), "notices[0].problems[0]",
     "unknown problem 'DD99-999'"),
    ("notice-problem-other-unit", record("notices", 0, problems=("DD07-001",)), "notices[0].problems[0]",
     "problem DD07-001 belongs to 临江市发展和改革委员会, not 临江市行政审批局"),
    ("notice-received-before-issued", record("notices", 0, received_on=D(2022, 3, 3)),
     "notices[0].received_on", "is before the notice was issued"),
    ("notice-replied-before-issued", record("notices", 0, replied_on=D(2022, 3, 3)),
     "notices[0].replied_on", "is before the notice was issued"),
    ("notice-reply-due-before-issued", record("notices", 0, reply_due=D(2022, 3, 3)),
     "notices[0].reply_due", "2022-03-03 is before the notice was issued (2022-03-04)"),
    # briefings
    ("briefing-year-not-a-year", record("briefings", 0, year=0), "briefings[0].year",
     "0 is not a year (1 to 9999)"),
    ("briefing-year-mismatch", record("briefings", 0, year=2021), "briefings[0].year",
     "issue dated 2022-02-25 is not of 2021"),
    ("briefing-copies-zero", record("briefings", 0, copies=0), "briefings[0].copies",
     "must be at least 1"),
    ("briefing-number-too-large", record("briefings", 0, number=LARGEST + 1), "briefings[0].number",
     "is too large"),
    ("briefing-duplicate-issue", record("briefings", 1, number=1), "briefings[1].number",
     "2022年第1期 is already briefings[0]"),
    ("briefing-unit-of-other-group",
     then(add(OTHER_GROUP), record("briefings", 0, unit="临江市另一单位")), "briefings[0].unit",
     "unit '临江市另一单位' is not covered by group 7"),
    # work prompts
    ("prompt-due-before-issued", record("work_prompts", 0, due=D(2022, 2, 22)), "work_prompts[0].due",
     "2022-02-22 is before the prompt was issued (2022-02-23)"),
    ("prompt-number-zero", record("work_prompts", 0, number=0), "work_prompts[0].number",
     "must be at least 1"),
    ("prompt-duplicate-number", record("work_prompts", 1, number=1), "work_prompts[1].number",
     "is already work_prompts[0]"),
    # adoptions, achievements, exemplars, optional actions
    ("adoption-group-unknown", record("adoptions", 0, group=99), "adoptions[0].group", "unknown group 99"),
    ("adoption-unit-of-other-group",
     then(add(OTHER_GROUP), record("adoptions", 0, unit="临江市另一单位")), "adoptions[0].unit",
     "is not covered by group 7"),
    ("achievement-value-negative", record("achievements", 0, value=-1), "achievements[0].value",
     "must not be negative"),
    ("achievement-step-zero", record("achievements", 0, step=0), "achievements[0].step",
     "must be at least 1"),
    ("exemplar-figure-step-zero",
     lambda s: record("exemplars", 0, figures=_evolve_at(s.exemplars[0].figures, 0, step=0))(s),
     "exemplars[0].figures[0].step", "must be at least 1"),
    ("optional-action-phase-unknown", record("optional_actions", 0, phase="mobilisation"),
     "optional_actions[0].phase", "unknown phase 'mobilisation'; did you mean 'mobilization'?"),
    # requirement records, waivers
    ("requirement-record-unknown", record("requirement_records", 0, requirement="ZZ9"),
     "requirement_records[0].requirement", "unknown requirement 'ZZ9'"),
    ("requirement-record-leader-missing", record("requirement_records", 7, leader=None),
     "requirement_records[7].leader", "required: S2 is done by each leader"),
    ("requirement-record-leader-unknown", record("requirement_records", 7, leader="无名氏"),
     "requirement_records[7].leader", "unknown leader of 临江市发展和改革委员会 '无名氏'"),
    ("requirement-record-outside-campaign", record("requirement_records", 0, on=D(2023, 1, 2)),
     "requirement_records[0].on", "is outside the campaign"),
    ("waiver-requirement-unknown", record("waivers", 0, requirement="ZZ9"), "waivers[0].requirement",
     "unknown requirement 'ZZ9'"),
    ("waiver-unit-unknown", record("waivers", 0, unit="临江市不存在局"), "waivers[0].unit",
     "unknown unit"),
]


def test_the_demo_is_sound(demo: Supervision) -> None:
    assert check_integrity(demo) == []


@pytest.mark.parametrize(("change", "path", "fragment"), [row[1:] for row in ROWS],
                         ids=[row[0] for row in ROWS])
def test_one_change_one_defect(demo: Supervision, change: Change, path: str, fragment: str) -> None:
    defects = check_integrity(change(demo))
    at_path = [d.message for d in defects if d.path == path]
    assert any(fragment in message for message in at_path), (path, fragment, defects[:10])


def test_row_ids_are_unique() -> None:
    ids = [row[0] for row in ROWS]
    assert len(ids) == len(set(ids))


def _add_call_sites() -> list[tuple[int, int]]:
    """The lines (first, last) of integrity.py that report a defect: each ``self.add(...)`` call."""
    tree = ast.parse(Path(inspect.getfile(integrity)).read_text(encoding="utf-8"))
    return [
        (node.lineno, node.end_lineno or node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "add"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "self"
    ]


def test_every_check_has_a_row() -> None:
    sites = _add_call_sites()
    assert len(sites) > 30  # the walk found the checks
    assert len(ROWS) >= len(sites), f"{len(sites)} checks in integrity.py, {len(ROWS)} rows"


def test_every_check_is_reached_by_the_table(demo: Supervision, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stronger than counting: each ``self.add`` call site reports a defect for at least one row."""
    reached: set[int] = set()
    add_defect = integrity._Checker.add

    def spy(self: Any, path: str, message: str) -> None:
        reached.add(sys._getframe(1).f_lineno)
        add_defect(self, path, message)

    monkeypatch.setattr(integrity._Checker, "add", spy)
    for _, change, _, _ in ROWS:
        check_integrity(change(demo))
    missed = [first for first, last in _add_call_sites() if not reached & set(range(first, last + 1))]
    assert missed == [], f"integrity.py lines with no row: {missed}"
