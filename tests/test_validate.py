"""``supervisio.validate``: a value built in Python gets the located defects a campaign file would get."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import supervisio
from supervisio.domain.integrity import Defect
from supervisio.model import Activity, ActivityMethod, DocumentSettings, Problem, Term
from support import make_problem


def with_problem(sup, index: int, **changes):
    """``sup`` with problem ``index`` changed by ``attrs.evolve`` (which, like attrs, checks no types)."""
    problems = list(sup.problems)
    problems[index] = attrs.evolve(problems[index], **changes)
    return attrs.evolve(sup, problems=tuple(problems))


def messages(defects: list[Defect]) -> dict[str, str]:
    return {d.path: d.message for d in defects}


@pytest.fixture
def no_facts(monkeypatch):
    """Fail the test if anything computes facts: validate must stop before any rule reads the values."""
    import supervisio.domain.facts as facts

    def refuse(*args, **kwargs):
        raise AssertionError("compute_facts was reached")

    monkeypatch.setattr(facts, "compute_facts", refuse)


def test_the_demo_is_valid(demo):
    assert supervisio.validate(demo) == []


def test_a_text_where_an_enum_belongs_a_text_where_a_date_belongs(demo, no_facts):
    sup = with_problem(demo, 3, term="短期", deadline="2022-04-01")
    assert supervisio.validate(sup) == [
        Defect("problems[3].term", "expected a Term, not the text '短期'; write Term.SHORT"),
        Defect(
            "problems[3].deadline",
            "expected a date like datetime.date(2022, 4, 15), not the text '2022-04-01'",
        ),
    ]


def test_an_unknown_unit(demo, no_facts):
    sup = demo.add(make_problem(number="DD07-900", unit="临江市教育局", found_on=dt.date(2022, 3, 1)))
    assert supervisio.validate(sup) == [
        Defect("problems[76].unit", "unknown unit '临江市教育局'; did you mean '临江市行政审批局'?")
    ]


def test_shape_first_then_integrity(demo, monkeypatch):
    """With the shape broken the integrity checks are not run (they would compare a text with a date)."""
    import supervisio.domain.validation as validation

    broken = with_problem(demo, 3, term="短期", deadline="2022-04-01", unit="临江市教育局")
    monkeypatch.setattr(validation, "check_integrity", lambda sup: pytest.fail("integrity reached"))
    assert set(messages(supervisio.validate(broken))) == {"problems[3].term", "problems[3].deadline"}
    monkeypatch.undo()
    fixed = with_problem(broken, 3, term=Term.SHORT, deadline=dt.date(2022, 4, 1))
    found = messages(supervisio.validate(fixed))
    assert found["problems[3].unit"].startswith("unknown unit '临江市教育局'")
    assert "problems[3].term" not in found and "problems[3].deadline" not in found


@pytest.mark.parametrize(
    ("changes", "path", "message"),
    [
        ({"description": 3}, "problems[0].description", "expected text, not 3"),
        ({"description": None}, "problems[0].description", "expected text, not None"),
        ({"term": "中期"}, "problems[0].term", "expected a Term: the text '中期' is not one of 短期、长期"),
        ({"term": ActivityMethod.INTERVIEW}, "problems[0].term",
         "expected a Term: ActivityMethod.INTERVIEW (个别谈话) is not one of 短期、长期"),
        ({"found_on": dt.datetime(2022, 2, 22, 9, 30)}, "problems[0].found_on",
         "expected a date like datetime.date(2022, 4, 15), not a date and time (2022-02-22T09:30:00)"),
        ({"measures": "调整专班"}, "problems[0].measures", "expected a tuple, not the text '调整专班'"),
        ({"history": ("交办",)}, "problems[0].history[0]", "expected a Transition, not the text '交办'"),
    ],
)
def test_each_defect_kind_is_located(demo, no_facts, changes, path, message):
    assert supervisio.validate(with_problem(demo, 0, **changes)) == [Defect(path, message)]


def test_a_list_instead_of_a_tuple_is_reported_and_its_items_still_checked(demo):
    problem = demo.problems[0]
    sup = with_problem(demo, 0, measures=["一", 2])
    assert supervisio.validate(sup) == [
        Defect("problems[0].measures", "expected a tuple, not a list"),
        Defect("problems[0].measures[1]", "expected text, not 2"),
    ]
    assert problem.measures != ["一", 2]


def test_a_wrong_record_type_in_a_tuple(demo):
    activity = Activity(id="A-1", unit="临江市总工会", on=dt.date(2022, 3, 1), method=ActivityMethod.INTERVIEW)
    sup = attrs.evolve(demo, problems=(*demo.problems[:2], activity, *demo.problems[2:]))
    assert supervisio.validate(sup) == [Defect("problems[2]", "expected a Problem, not an Activity")]


def test_nested_values(demo):
    campaign = demo.campaign
    phases = list(campaign.phases)
    phases[1] = attrs.evolve(phases[1], start="2022-03-07")
    settings = attrs.evolve(
        campaign.settings, yellow_days=True, documents=DocumentSettings(profile="a4")  # type: ignore[arg-type]
    )
    group = demo.groups[0]
    units = list(group.units)
    units[2] = attrs.evolve(units[2], aliases="总工会")
    sup = attrs.evolve(
        demo,
        campaign=attrs.evolve(campaign, phases=tuple(phases), settings=settings),
        groups=(attrs.evolve(group, units=tuple(units)),),
    )
    assert messages(supervisio.validate(sup)) == {
        "campaign.phases[1].start": "expected a date like datetime.date(2022, 4, 15), "
        "not the text '2022-03-07'",
        "campaign.settings.yellow_days": "expected a whole number, not the boolean True",
        "campaign.settings.documents.profile": "'a4' is not one of word、strict",
        "groups[0].units[2].aliases": "expected a tuple, not the text '总工会'",
    }


def test_an_optional_enum(demo):
    notices = list(demo.notices)
    notices[0] = attrs.evolve(notices[0], tier="红色督办")
    sup = attrs.evolve(demo, notices=tuple(notices))
    assert supervisio.validate(sup) == [
        Defect("notices[0].tier", "expected an EscalationTier, not the text '红色督办'; write EscalationTier.RED")
    ]


def test_not_a_supervision():
    assert supervisio.validate(make_problem()) == [Defect("", "expected a Supervision, not a Problem")]  # type: ignore[arg-type]


def test_a_sound_problem_built_in_python(demo):
    problem = Problem(
        number="DD07-900", unit="临江市总工会", found_on=dt.date(2022, 4, 1), description="台账未及时更新",
        category="短板", term=Term.LONG, deadline=dt.date(2022, 6, 30),
    )
    assert supervisio.validate(demo.add(problem)) == []
    duplicate = demo.add(attrs.evolve(problem, number="DD07-001"))
    assert messages(supervisio.validate(duplicate)) == {"problems[76].number": "duplicate problem number 'DD07-001'"}
