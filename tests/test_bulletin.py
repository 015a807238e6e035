"""The 督查通报: the office's bulletin across every group; its tables agree with each group's facts."""

from __future__ import annotations

import json

import pytest

from supervisio.cli import main
from supervisio.demo import DEMO_AS_OF, DEMO_GROUP, load_demo
from supervisio.doctree.from_markdown import parse_markdown
from supervisio.doctree.nodes import Chart, Table, plain_text
from supervisio.domain.facts import compute_facts
from supervisio.pipeline import render_kind

DEMO = load_demo()


@pytest.fixture(scope="module")
def markdown() -> str:
    return render_kind(DEMO, "bulletin", "md", as_of=DEMO_AS_OF).decode("utf-8")  # no group: city-wide


@pytest.fixture(scope="module")
def tree(markdown):
    return parse_markdown(markdown)


def table(tree, caption: str) -> list[list[str]]:
    (found,) = [b for b in tree.blocks if isinstance(b, Table) and b.caption == caption]
    return [[plain_text(cell) for cell in row] for row in found.rows]


def test_the_unit_table_ranks_every_unit_of_every_group_with_its_own_figures(tree):
    rows = table(tree, "各被督导单位问题整改情况（按整改率排序）")
    units = [unit for group in DEMO.groups for unit in group.units]
    assert len(DEMO.groups) >= 3 and len(rows) == len(units) >= 25
    assert [row[0] for row in rows] == [str(rank) for rank in range(1, len(units) + 1)]
    shorts = {unit.short_name or unit.name: unit for unit in units}
    assert {row[1] for row in rows} == set(shorts)
    rates = []
    for _rank, short, group_title, total, resolved, open_, overdue, rate in rows:
        unit = shorts[short]
        facts = compute_facts(DEMO, DEMO_AS_OF, unit=unit.name).problems
        assert group_title == DEMO.group_of(unit.name).title
        assert [total, resolved, open_, overdue, rate] == [
            str(facts.total), str(facts.resolved), str(facts.open), str(facts.overdue), facts.rate()]
        rates.append(facts.rectification_rate)
    ranked = [r for r in rates if r is not None]
    assert ranked == sorted(ranked, reverse=True)  # by 整改率, the highest first


def test_the_group_table_is_each_groups_facts_json(tree, capsys):
    rows = {row[0]: row for row in table(tree, "各督导组工作情况")}
    assert len(rows) == len(DEMO.groups)
    for group in DEMO.groups:
        assert main(["facts", "--group", str(group.number), "--as-of", DEMO_AS_OF.isoformat(), "--json"]) == 0
        printed = json.loads(capsys.readouterr().out)
        p = printed["problems"]
        assert rows[group.title][1:] == [
            str(len(group.units)), str(printed["activities"]["total"]), str(p["total"]), str(p["resolved"]),
            str(p["open"]), str(p["overdue"]), p["rectification_rate_text"]]


def test_the_city_figures_are_the_sum_of_the_groups(markdown):
    city = compute_facts(DEMO, DEMO_AS_OF).problems
    groups = [compute_facts(DEMO, DEMO_AS_OF, group=g.number).problems for g in DEMO.groups]
    assert city.total == sum(g.total for g in groups) and city.resolved == sum(g.resolved for g in groups)
    assert f"累计发现问题{city.total}条" in markdown and f"已解决{city.resolved}条，整改率{city.rate()}" in markdown


def test_the_bulletin_names_the_units_behind_its_shortcomings(markdown):
    overdue = [u for g in DEMO.groups for u in g.units
               if compute_facts(DEMO, DEMO_AS_OF, unit=u.name).problems.overdue]
    assert overdue and "一是问题整改不及时" in markdown
    assert all(f"{u.short_name or u.name}" in markdown.split("## 四")[0] for u in overdue[:5])


def test_the_charts_are_data_in_the_document(tree):
    charts = [b for b in tree.blocks if isinstance(b, Chart)]
    assert [c.kind for c in charts] == ["bar", "stacked-bar", "line"]
    rate_chart, lights, weekly = charts
    assert len(rate_chart.labels) == sum(len(g.units) for g in DEMO.groups)
    assert [s.name for s in lights.series] == ["绿灯", "黄灯", "红灯"]
    city = compute_facts(DEMO, DEMO_AS_OF).problems
    assert sum(v or 0 for s in lights.series for v in s.values) == city.open
    assert weekly.series[0].values[-1] == city.open


def test_the_bulletin_is_city_wide_and_a_groups_document_needs_its_group(markdown):
    from supervisio.errors import SupervisioError

    named = render_kind(DEMO, "bulletin", "md", as_of=DEMO_AS_OF, group=DEMO_GROUP).decode("utf-8")
    assert named == markdown  # a group named or not, the office speaks for every group
    with pytest.raises(SupervisioError, match=r"'report' .* is written by one group: name it"):
        render_kind(DEMO, "report", "md", as_of=DEMO_AS_OF)


def test_the_command_writes_the_bulletin_without_a_group(tmp_path, capsys):
    out = tmp_path / "bulletin.html"
    assert main(["render", "--kind", "bulletin", "--as-of", DEMO_AS_OF.isoformat(), "-o", str(out)]) == 0
    html = out.read_text("utf-8")
    assert html.count("<svg") == 3 and "各被督导单位问题整改情况（按整改率排序）" in html
    assert main(["render", "--kind", "bulletin", "--each-unit", "--format", "md", "-o", str(tmp_path / "x")]) == 2
    assert "bulletin" in capsys.readouterr().err
