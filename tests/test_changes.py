"""What changed between two days (``compute_changes``, ``supervisio facts --since``): the demo's week,
and properties over any two days of the demo campaign and of random campaigns."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supervisio.cli import main
from supervisio.demo import DEMO_AS_OF, DEMO_GROUP, load_demo
from supervisio.domain.changes import BackwardSpan, compute_changes
from supervisio.domain.facts import compute_facts
from supervisio.domain.findings import review
from supervisio.errors import SupervisioError
from tests.strategies import days_around, supervisions

DEMO = load_demo(DEMO_GROUP)  # the seed's group alone: the embedded demo is a city
WEEK_BEFORE = DEMO_AS_OF - dt.timedelta(days=7)
CAMPAIGN_DAYS = st.dates(DEMO.campaign.start - dt.timedelta(days=5), DEMO.campaign.end)


def test_the_demo_week_before_the_report():
    changes = compute_changes(DEMO, WEEK_BEFORE, DEMO_AS_OF, group=DEMO_GROUP)
    problems = [p for p in DEMO.problems if WEEK_BEFORE < p.found_on <= DEMO_AS_OF]
    assert changes.problems.found == tuple(p.number for p in problems) == ("DD07-068",)
    assert changes.problems.resolved == ("DD07-008", "DD07-053", "DD07-064")
    assert changes.problems.newly_overdue == ("DD07-055", "DD07-058", "DD07-065")
    assert changes.activities_by_method == {"实地调研": 2} and changes.meetings_held == 3
    assert changes.notices.due_unanswered == ("临督七〔2022〕4号",)
    overdue = [f for f in changes.new_findings if f.problem == "DD07-055"]
    settled = [f for f in changes.settled_findings if f.problem == "DD07-055"]
    # the same problem: due soon a week ago (settled), overdue now (new) — matched by subject, not text
    assert [f.kind.value for f in overdue] == ["问题超期"] and [f.kind.value for f in settled] == ["问题临期"]


def test_a_span_of_no_days_changes_nothing():
    changes = compute_changes(DEMO, DEMO_AS_OF, DEMO_AS_OF, group=DEMO_GROUP)
    assert changes.problems.found == changes.problems.resolved == changes.problems.newly_overdue == ()
    assert changes.activities == changes.meetings_held == 0
    assert changes.new_findings == changes.settled_findings == ()


def test_a_backward_span_is_a_located_error():
    with pytest.raises(BackwardSpan, match="since 2022-04-16 is after 2022-04-15") as raised:
        compute_changes(DEMO, DEMO_AS_OF + dt.timedelta(days=1), DEMO_AS_OF)
    assert isinstance(raised.value, SupervisioError)


@given(CAMPAIGN_DAYS, CAMPAIGN_DAYS)
def test_changes_agree_with_the_facts_of_both_days(a, b):
    since, as_of = min(a, b), max(a, b)
    changes = compute_changes(DEMO, since, as_of, group=DEMO_GROUP)
    then = compute_facts(DEMO, since, group=DEMO_GROUP)
    now = compute_facts(DEMO, as_of, group=DEMO_GROUP)
    assert len(changes.problems.found) == now.problems.total - then.problems.total
    assert changes.problems.open_at_end == now.problems.open
    assert changes.problems.overdue_at_end == now.problems.overdue
    assert changes.activities == now.activities.total - then.activities.total
    assert changes.meetings_held == now.meetings.held - then.meetings.held
    assert len(changes.meetings_missed) == now.meetings.missing - then.meetings.missing


@given(CAMPAIGN_DAYS, CAMPAIGN_DAYS, CAMPAIGN_DAYS)
def test_consecutive_spans_add_up(a, b, c):
    first, middle, last = sorted((a, b, c))
    whole = compute_changes(DEMO, first, last)
    one, two = compute_changes(DEMO, first, middle), compute_changes(DEMO, middle, last)
    assert whole.problems.found == one.problems.found + two.problems.found
    assert whole.notices.sent == one.notices.sent + two.notices.sent
    assert whole.activities == one.activities + two.activities
    assert set(whole.problems.newly_overdue) <= set(one.problems.newly_overdue + two.problems.newly_overdue)


@given(st.data())
def test_new_findings_are_todays_not_held_before(data):
    supervision = data.draw(supervisions())
    since = data.draw(days_around(supervision))
    as_of = data.draw(days_around(supervision))
    since, as_of = min(since, as_of), max(since, as_of)
    changes = compute_changes(supervision, since, as_of)
    before, now = review(supervision, since), review(supervision, as_of)
    held = {f.subject for f in before}
    assert {f.subject for f in changes.new_findings} == {f.subject for f in now} - held
    assert {f.subject for f in changes.settled_findings} == held - {f.subject for f in now}


def test_the_command_prints_the_changes_as_json_and_text(capsys):
    since = ["--since", WEEK_BEFORE.isoformat(), "--as-of", DEMO_AS_OF.isoformat(), "--group", str(DEMO_GROUP)]
    status = main(["facts", *since, "--json"])
    printed = json.loads(capsys.readouterr().out)
    assert status == 0
    assert printed == compute_changes(DEMO, WEEK_BEFORE, DEMO_AS_OF, group=DEMO_GROUP).to_dict()
    assert printed["problems"]["found"] == ["DD07-068"] and printed["new_findings"][0]["problem"]
    status = main(["facts", *since])
    text = capsys.readouterr().out
    assert status == 0 and "2022年4月8日（不含）至2022年4月15日" in text
    assert "新发现1条（DD07-068）" in text and "- [问题临期] 市红十字会：DD07-055" in text


def test_the_command_refuses_a_backward_span_without_a_traceback(capsys):
    status = main(["facts", "--since", "2022-05-01", "--as-of", DEMO_AS_OF.isoformat()])
    err = capsys.readouterr().err
    assert status == 2 and err.startswith("supervisio: error: the span starts after it ends")
    assert "Traceback" not in err
