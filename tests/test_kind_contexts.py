"""Kind contexts: typed values read as template variables, computed once per request, no Chinese literals
compared in code or templates."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import attrs
import pytest

import supervisio.domain.requirements as requirements
import supervisio.domain.reviews as reviews_module
from supervisio.demo import DEMO_AS_OF, DEMO_GROUP, load_demo
from supervisio.domain.findings import FindingKind, review
from supervisio.domain.vocabulary import MemberRole
from supervisio.kinds import KindRequest, SharedContext, TemplateContext, shared_context
from supervisio.kinds.issued import BriefingContext, PromptContext
from supervisio.kinds.notices import NoticeContext
from supervisio.kinds.report import ReportContext
from supervisio.kinds.weekly import WeeklyContext
from supervisio.pipeline import render_kind
from supervisio.plugins import Plugins

SRC = Path(__file__).resolve().parents[1] / "src" / "supervisio"

CONTEXTS = {
    "report": ReportContext,
    "briefing": BriefingContext,
    "prompt": PromptContext,
    "opinion": NoticeContext,
    "rectification": NoticeContext,
    "ledger": SharedContext,
    "weekly": WeeklyContext,
}


@pytest.fixture(scope="module")
def demo():
    return load_demo()


@pytest.fixture(scope="module")
def kinds():
    return Plugins(autoload=False).kinds


def request_for(demo, kind: str) -> KindRequest:
    unit = demo.unit("市总工会").name if kind in ("opinion", "rectification") else None
    return KindRequest(supervision=demo, as_of=DEMO_AS_OF, group=DEMO_GROUP, unit=unit)


@pytest.mark.parametrize("kind", sorted(CONTEXTS))
def test_every_builtin_context_is_a_typed_value(demo, kinds, kind):
    context = kinds.get(kind).context(request_for(demo, kind))
    assert type(context) is CONTEXTS[kind]
    names = [field.name for field in attrs.fields(type(context))]
    # the template sees exactly the typed fields, in their order, the shared ones first
    assert list(context) == names and len(context) == len(names)
    assert names[: len(attrs.fields(SharedContext))] == [f.name for f in attrs.fields(SharedContext)]
    assert all(context[name] is getattr(context, name) for name in names)


def test_a_context_is_read_only_and_refuses_unknown_names(demo):
    context = shared_context(request_for(demo, "ledger"))
    with pytest.raises(KeyError):
        context["members"]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        context.facts = None  # type: ignore[misc]
    assert "facts" in context and "members" not in context and context.get("members") is None


def test_a_plugin_context_extends_the_shared_one_by_subclassing_or_as_a_dict(demo):
    @attrs.frozen(kw_only=True)
    class RosterContext(SharedContext):
        leaders: tuple

    shared = shared_context(request_for(demo, "ledger"))
    typed = RosterContext(**shared, leaders=shared.group.leadership)
    as_dict = {**shared, "leaders": shared.group.leadership}
    assert isinstance(typed, TemplateContext) and dict(typed) == as_dict
    assert [m.role for m in typed.leaders] == [MemberRole.LEADER, MemberRole.DEPUTY, MemberRole.DEPUTY]


def test_the_request_answers_each_question_once(demo):
    request = request_for(demo, "opinion")
    assert request.facts is request.facts and request.findings is request.findings
    assert request.unit_facts is request.unit_facts and request.unit_facts.unit == "临江市总工会"
    # the answers are not fields: a request equals another for the same things
    assert request == KindRequest(supervision=demo, as_of=DEMO_AS_OF, group=DEMO_GROUP, unit=request.unit)
    assert all(f.unit == "临江市总工会" for f in request.findings)


def count_phase_reviews(monkeypatch) -> Counter[str]:
    """Counts 转段 reviews per unit at the bottom (``review_phase``), whatever path asked for them."""
    calls: Counter[str] = Counter()
    original = requirements.review_phase

    def counting(supervision, unit, phase, as_of):
        calls[unit] += 1
        return original(supervision, unit, phase, as_of)

    monkeypatch.setattr(requirements, "review_phase", counting)
    return calls


@pytest.mark.parametrize("kind", ["ledger", "report", "opinion"])
def test_a_document_reviews_each_unit_once(demo, kinds, monkeypatch, kind):
    """Facts and findings read the same reviews: each unit's rules run once per document (they ran
    twice: once for the findings, once for the 规定动作 figures; and the ledger computed its facts twice)."""
    request = request_for(demo, kind)
    as_of = kinds.get(kind).context(request).as_of  # a recorded notice is regenerated as of its date
    calls = count_phase_reviews(monkeypatch)
    render_kind(demo, kind, "md", as_of=DEMO_AS_OF, group=DEMO_GROUP, unit=request.unit,
                plugins=Plugins(autoload=False))
    phases = len(demo.campaign.phases_reached(as_of))
    assert phases and calls == Counter(dict.fromkeys(demo.group(DEMO_GROUP).unit_names, phases))


def test_reviews_shared_or_not_give_the_same_answers(demo):
    """The memo changes the cost, not the result; a memo made for another day is not used."""
    other_day = reviews_module.Reviews(demo, DEMO_AS_OF.replace(day=1))
    assert review(demo, DEMO_AS_OF, DEMO_GROUP, reviews=other_day) == review(demo, DEMO_AS_OF, DEMO_GROUP)
    request = request_for(demo, "ledger")
    assert request.findings == review(demo, DEMO_AS_OF, DEMO_GROUP)
    assert {f.kind for f in request.findings if f.about_requirements} <= {
        FindingKind.REQUIREMENT_MISSING, FindingKind.EXIT_RULE_FAILED}


def test_the_group_names_its_liaison_and_leadership(demo):
    group = demo.group(DEMO_GROUP)
    assert group.liaison is not None and group.liaison.role is MemberRole.LIAISON
    assert group.leader in group.leadership


HAN = r"[\u4e00-\u9fff]"
LITERAL_COMPARISONS = [
    re.compile(rf"""\.value\s*(==|!=|in)\s*[\(\[]?\s*["']{HAN}"""),     # role.value == "联络员"
    re.compile(r"""(selectattr|rejectattr)\(\s*["'][\w.]*\.value["']"""),  # selectattr("kind.value", …)
]


def test_no_code_or_template_compares_chinese_literals():
    """Enums and named properties (group.liaison, finding.about_requirements), never 联络员 as a string."""
    places = [*SRC.rglob("*.py"), *SRC.rglob("*.j2")]
    found = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for path in places
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if any(pattern.search(line) for pattern in LITERAL_COMPARISONS)
    ]
    assert len(places) > 50 and not found, found


@pytest.mark.parametrize(("kind", "records"), [("briefing", "briefings"), ("prompt", "work_prompts")])
def test_an_issue_is_regenerated_as_of_its_own_date(demo, kinds, kind, records):
    """A 04-21 issue rendered on 04-28 printed 04-28's figures; it prints its own day's."""
    issued = max((r for r in getattr(demo, records) if r.group == DEMO_GROUP and r.on <= DEMO_AS_OF
                  and getattr(r, "unit", None) is None), key=lambda r: (r.on, r.number))
    later = KindRequest(supervision=demo, as_of=DEMO_AS_OF + dt.timedelta(days=7), group=DEMO_GROUP)
    context = kinds.get(kind).context(later)
    assert context.as_of == issued.on < later.as_of
    own_day = KindRequest(supervision=demo, as_of=issued.on, group=DEMO_GROUP)
    assert context.facts == own_day.facts and context.findings == own_day.findings
