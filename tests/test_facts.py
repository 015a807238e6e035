"""Facts: every `*` of the seed report maps to one fact, computed from the demo's records."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import attrs
import pytest

from supervisio.demo import DEMO_AS_OF, DEMO_GROUP
from supervisio.domain.facts import compute_facts
from supervisio.errors import UnknownRecord

# The seed report the project started from, kept here so that the tests stand alone.
SEED = Path(__file__).parent / "fixtures" / "seed-report.txt"


def achievement(facts, metric):
    (found,) = [a for a in facts.achievements if a.metric.startswith(metric)]
    return found


def opinion_body(facts):
    (unit_name,) = facts.documents.opinion_units
    (unit,) = [u for u in facts.units if u.name == unit_name]
    return unit.also_named[0]


# Each redacted figure of the seed: the text around the `*`, the fact that fills it, and the demo's value.
SEED_FIGURES = [
    ("第*巡回督导组", lambda f: f.group.numeral, "七"),
    ("问题共计*条", lambda f: f.problems.total, 68),
    ("已解决问题*条", lambda f: f.resolved_in_completed_phases(), 41),
    ("工作简报*期", lambda f: f.documents.briefings, 9),
    ("工作提示*条", lambda f: f.documents.work_prompts, 6),
    ("上报简报*期", lambda f: f.documents.unit_briefings, 37),
    ("采用并刊发*次", lambda f: f.documents.adoptions, 8),
    ("市*先后7次", lambda f: achievement(f, "紧急调拨").unit_short_name.removeprefix("市"), "发改委"),
    ("团*迅速组建", lambda f: achievement(f, "组建青年突击队").unit_short_name.removeprefix("团"), "市委"),
    ("市*协调", lambda f: achievement(f, "组织捐款").unit_short_name.removeprefix("市"), "妇联"),
    ("捐款近*万元", lambda f: achievement(f, "组织捐款").text.removeprefix("近").removesuffix("万元"), "30"),
    ("市*会接收", lambda f: achievement(f, "接收捐赠").unit_short_name.removeprefix("市").removesuffix("会"), "红十字"),
    ("价值*万元", lambda f: achievement(f, "接收捐赠").text.removesuffix("万元"), "1268"),
    ("针对*服务群众", opinion_body, "临江市政务服务中心"),
    ("召开了*管委会", opinion_body, "临江市政务服务中心"),
    ("关注到，*同志", lambda f: f.exemplars[0].name, None),
]


@pytest.fixture(scope="module")
def facts(demo):
    return compute_facts(demo, DEMO_AS_OF, group=DEMO_GROUP)


def test_every_star_of_the_seed_is_mapped():
    seed = SEED.read_text(encoding="utf-8")
    stars = [m.start() for m in re.finditer(r"\*", seed)]
    claimed = []
    for context, _, _ in SEED_FIGURES:
        offset = seed.index(context)
        claimed.append(offset + context.index("*"))
        assert seed.count(context) == 1, context
    assert sorted(claimed) == stars


@pytest.mark.parametrize(("context", "fact", "expected"), SEED_FIGURES, ids=[c for c, _, _ in SEED_FIGURES])
def test_seed_figure(facts, context, fact, expected):
    value = fact(facts)
    assert value not in (None, "", 0)
    if expected is not None:
        assert value == expected


def test_the_figures_the_seed_spells(facts):
    """What the seed prints in clear must come out of the demo too."""
    texts = {a.text for a in facts.achievements}
    assert {"7次", "200余支", "11000余名", "750个", "550支", "8万余名", "近30万元", "1268万元"} <= texts
    assert facts.group.unit_count == 10
    assert facts.group.title == "第七巡回督导组"
    assert facts.phases.completed == ("大动员", "大学习")
    assert facts.phases.reached == ("大动员", "大学习", "大调研")
    assert facts.phases.current == "大调研"
    (exemplar,) = facts.exemplars
    assert {f.text for f in exemplar.figures} == {"5000余件", "8年"}
    assert "所在岗位连续两年被评为人民满意公务员岗" in exemplar.honours


def test_problem_breakdowns_add_up(facts):
    p = facts.problems
    assert p.by_term == {"短期": 49, "长期": 19}
    assert sum(p.by_category.values()) == sum(p.by_unit.values()) == p.total
    assert len(p.by_unit) == 10
    assert p.resolved + p.open == p.total
    assert sum(p.by_light.values()) == p.open
    assert p.by_light["红灯"] == p.overdue == 4
    assert p.by_light["黄灯"] == 3
    assert p.rate() == f"{p.resolved / p.total * 100:.2f}%"


def test_facts_change_with_the_day(demo):
    later = compute_facts(demo, dt.date(2022, 6, 1), group=DEMO_GROUP)
    early = compute_facts(demo, dt.date(2022, 3, 1), group=DEMO_GROUP)
    now = compute_facts(demo, DEMO_AS_OF, group=DEMO_GROUP)
    assert early.problems.total < now.problems.total < later.problems.total == 76
    assert early.documents.briefings <= now.documents.briefings < later.documents.briefings
    assert early.phases.current == "大动员"


def test_scopes(demo):
    campaign = compute_facts(demo, DEMO_AS_OF)
    group = compute_facts(demo, DEMO_AS_OF, group=DEMO_GROUP)
    unit = compute_facts(demo, DEMO_AS_OF, unit="临江市总工会")
    assert campaign.group is None and campaign.problems == group.problems
    assert unit.problems.total == group.problems.by_unit["临江市总工会"]
    assert unit.group.number == DEMO_GROUP and unit.unit == "临江市总工会"
    assert [r.unit for r in unit.requirements] == ["临江市总工会"]
    assert all(a.unit == "临江市总工会" for a in unit.achievements)


def test_requirement_completion_shows_the_gaps(facts):
    by_unit = {r.unit: r for r in facts.requirements}
    assert by_unit["临江市科学技术协会"].missing >= 1
    assert by_unit["临江市残疾人联合会"].missing >= 1
    assert by_unit["临江市红十字会"].waived == 1
    assert not by_unit["临江市科学技术协会"].may_pass_current
    assert by_unit["临江市科学技术协会"].phases_failed == ("大学习",)
    assert by_unit["临江市总工会"].phases_passed == ("大动员", "大学习")


def test_facts_of_the_hand_written_campaign(small):
    facts = compute_facts(small, dt.date(2023, 6, 10))
    assert facts.problems.total == 3
    assert facts.problems.resolved_in("动员部署", "学习提升") == 1
    assert facts.problems.overdue == 1
    assert facts.documents.briefings == 1 and facts.documents.work_prompts == 1
    with pytest.raises(UnknownRecord, match="unknown group 9"):
        compute_facts(small, dt.date(2023, 6, 10), group=9)


def test_problem_without_records_gives_no_rate(small):
    empty = attrs.evolve(small, problems=())
    facts = compute_facts(empty, dt.date(2023, 6, 10))
    assert facts.problems.rectification_rate is None and facts.problems.rate() == "—"


def _unstructured_by_the_converter(facts):
    """What ``supervisio facts --json`` printed before ``Facts.to_dict`` existed: the storage converter."""
    from fractions import Fraction

    from supervisio.storage.converter import make_converter

    converter = make_converter()
    converter.register_unstructure_hook(Fraction, float)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    data = converter.unstructure(facts)
    data["problems"]["rectification_rate_text"] = facts.problems.rate()
    data["resolved_in_completed_phases"] = facts.resolved_in_completed_phases()
    return data


@pytest.mark.parametrize(
    "scope",
    [{}, {"group": DEMO_GROUP}, {"unit": "临江市总工会"}, {"unit": "临江市应急管理局"}],
    ids=repr,
)
@pytest.mark.parametrize("day", [DEMO_AS_OF, dt.date(2022, 2, 20), dt.date(2022, 3, 10)], ids=str)
def test_to_dict_is_what_the_converter_wrote(demo, scope, day):
    """Facts.to_dict (no storage import) gives the very data, key order included, the converter gave."""
    import json

    facts = compute_facts(demo, day, **scope)
    expected = _unstructured_by_the_converter(facts)
    assert json.dumps(facts.to_dict(), ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)


def test_to_dict_of_a_whole_campaign_and_a_unit_by_short_name(small):
    import json

    facts = compute_facts(small, dt.date(2023, 6, 10))
    assert json.dumps(facts.to_dict()) == json.dumps(_unstructured_by_the_converter(facts))
    by_short = compute_facts(small, dt.date(2023, 6, 10), unit="县农业农村局")
    assert by_short.unit == "青山县农业农村局"
    assert by_short.to_dict() == compute_facts(small, dt.date(2023, 6, 10), unit="青山县农业农村局").to_dict()
