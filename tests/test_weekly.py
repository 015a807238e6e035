"""The weekly 工作简报, written from the week's records: its figures are `facts --since` for its week."""

from __future__ import annotations

import datetime as dt
import re

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supervisio.demo import DEMO_AS_OF, DEMO_GROUP, load_demo
from supervisio.domain.agenda import AgendaKind, upcoming
from supervisio.domain.changes import compute_changes
from supervisio.kinds import KindRequest
from supervisio.kinds.weekly import WEEK, weekly_context
from supervisio.pipeline import render_kind

DEMO = load_demo(DEMO_GROUP)  # the seed's group alone: the embedded demo is a city


def weekly_markdown(supervision, as_of: dt.date) -> str:
    return render_kind(supervision, "weekly", "md", as_of=as_of, group=DEMO_GROUP).decode("utf-8")


def figure(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    assert found, f"{pattern!r} not in the briefing"
    return int(found.group(1))


def check_figures_are_the_weeks_changes(markdown: str, as_of: dt.date) -> None:
    changes = compute_changes(DEMO, as_of - WEEK, as_of, group=DEMO_GROUP)
    p = changes.problems
    assert figure(r"本周新发现问题(\d+)条", markdown) == len(p.found)
    assert figure(r"已解决问题(\d+)条", markdown) == len(p.resolved)
    assert figure(r"召开例会(\d+)次", markdown) == changes.meetings_held
    assert figure(r"在办(\d+)条", markdown) == p.open_at_end
    if changes.activities:
        assert figure(r"开展督导(\d+)次", markdown) == changes.activities
        assert figure(r"参与(\d+)人次", markdown) == changes.person_times
    else:
        assert "未开展现场督导活动" in markdown
    if p.newly_overdue:
        assert figure(r"新增超期问题(\d+)条", markdown) == len(p.newly_overdue)
    else:
        assert "新增超期问题" not in markdown


def test_the_demo_week_reads_like_the_groups_own_briefings():
    markdown = weekly_markdown(DEMO, DEMO_AS_OF)
    check_figures_are_the_weeks_changes(markdown, DEMO_AS_OF)
    assert "本周（2022年4月9日至2022年4月15日），我组通过实地调研等方式开展督导2次" in markdown
    assert "整改率64.71%" in markdown  # the cumulative figure, as the report's
    assert "- DD07-068（市妇联）：" in markdown
    assert "DD07-031（市发改委，超期15天）" in markdown
    assert "2022年4月22日：督办单临督七督〔2022〕1号回复到期（市发改委）" in markdown


def test_the_issue_number_follows_the_last_recorded_briefing():
    last = max(b.number for b in DEMO.briefings
               if b.group == DEMO_GROUP and b.unit is None and not b.supplement and b.on <= DEMO_AS_OF)
    context = weekly_context(KindRequest(supervision=DEMO, as_of=DEMO_AS_OF, group=DEMO_GROUP))
    assert context.number == last + 1
    assert "number: 10\n" in weekly_markdown(DEMO, DEMO_AS_OF) and last == 9


def test_a_group_without_briefings_starts_at_one_with_the_campaigns_names():
    bare = attrs.evolve(DEMO, briefings=())
    context = weekly_context(KindRequest(supervision=bare, as_of=DEMO_AS_OF, group=DEMO_GROUP))
    assert context.number == 1 and context.series == "作风能力提升年第七巡回督导组工作简报"
    assert context.report_to == (DEMO.campaign.leading_group,) and context.unit_briefings == ()


def test_a_quiet_week_says_so():
    before = DEMO.campaign.start - dt.timedelta(days=1)
    markdown = weekly_markdown(DEMO, before)
    assert "未开展现场督导活动" in markdown and "本周未发现新问题" in markdown
    assert "无超期问题" in markdown and "本周各单位无报送材料" in markdown


@settings(deadline=None, max_examples=15)
@given(st.dates(DEMO.campaign.start, DEMO.campaign.end))
def test_any_weeks_figures_are_its_changes(as_of):
    check_figures_are_the_weeks_changes(weekly_markdown(DEMO, as_of), as_of)


def test_next_weeks_plan_comes_from_dated_records():
    items = upcoming(DEMO, DEMO_AS_OF, DEMO_AS_OF + WEEK, group=DEMO_GROUP)
    assert [item.on for item in items] == sorted(item.on for item in items)
    assert all(DEMO_AS_OF < item.on <= DEMO_AS_OF + WEEK for item in items)
    problems = {item.about for item in items if item.kind is AgendaKind.PROBLEM_DUE}
    expected = {p.number for p in DEMO.problems
                if p.status_on(DEMO_AS_OF) is not None and not p.status_on(DEMO_AS_OF).resolved
                and DEMO_AS_OF < (p.deadline_on(DEMO_AS_OF) or dt.date.min) <= DEMO_AS_OF + WEEK}
    assert problems == expected == {"DD07-061", "DD07-067", "DD07-057"}


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_the_weekly_briefing_renders_in_every_format(fmt):
    rendered = render_kind(DEMO, "weekly", fmt, as_of=DEMO_AS_OF, group=DEMO_GROUP)
    assert len(rendered) > 1000
