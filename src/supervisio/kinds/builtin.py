"""The six built-in document kinds, registered through the same hook a plugin would use.

| kind | 名称 | template | per unit |
|---|---|---|---|
| report | 工作汇报 | report.md.j2 | no |
| briefing | 工作简报 | briefing.md.j2 | no |
| prompt | 工作提示 | prompt.md.j2 | no |
| opinion | 督导意见 | opinion.md.j2 | yes |
| rectification | 整改通知 | rectification.md.j2 | yes |
| ledger | 问题台账 | ledger.md.j2 | no (landscape) |
"""

from __future__ import annotations

import datetime as dt
import weakref
from typing import Any

import attrs

from supervisio.doctree.nodes import Block
from supervisio.domain.deadlines import is_open
from supervisio.domain.facts import Facts, compute_facts
from supervisio.domain.records import Briefing, Notice, WorkPrompt
from supervisio.domain.vocabulary import ActivityMethod, NoticeKind
from supervisio.errors import SupervisioError
from supervisio.kinds.context import shared_context
from supervisio.kinds.kind import DocumentKind, KindRequest
from supervisio.kinds.ledger import ledger_table
from supervisio.plugins.hookspecs import hookimpl
from supervisio.plugins.registry import KindRegistry

__all__ = ["BUILTIN_KINDS"]

REPLY_DAYS = 21
"""Reply window of a notice when the records give none: 15 working days, about three weeks."""


class MissingRecord(SupervisioError):
    """A document that needs a record the data does not have (a briefing before the first was issued)."""


def _latest(records: tuple[Any, ...], request: KindRequest, what: str) -> Any:
    """The latest record of the group dated on or before the day asked about."""
    candidates = [r for r in records if r.group == request.group and r.on <= request.as_of]
    if not candidates:
        raise MissingRecord(f"group {request.group} has no {what} dated on or before {request.as_of}")
    return max(candidates, key=lambda r: (r.on, getattr(r, "number", 0)))


def _report(request: KindRequest) -> dict[str, Any]:
    context = shared_context(request)
    supervision = request.supervision
    group_units = set(context["group"].unit_names)
    activities = [
        a for a in supervision.activities if a.unit in group_units and a.on <= request.as_of
    ]
    opinions = [
        n for n in supervision.notices
        if n.group == request.group and n.kind is NoticeKind.OPINION and n.on <= request.as_of
    ]
    meetings_attended = [
        a for a in activities if a.method in (ActivityMethod.ATTEND_MEETING, ActivityMethod.ATTEND_STUDY)
    ]
    facts = context["facts"]
    by_unit: dict[str, list[str]] = {}
    for achievement in facts.achievements:
        by_unit.setdefault(achievement.unit_short_name, []).append(achievement.metric + achievement.text)
    short = {u.name: u.short_name or u.name for u in context["group"].units}
    context.update(
        achievements_by_unit=list(by_unit.items()),
        passed_units=sum(
            1 for r in facts.requirements if r.phases_passed and not r.phases_failed
        ),
        failed_units=[short[r.unit] for r in facts.requirements if r.phases_failed],
        activities=activities,
        opinions=opinions,
        opinion_unit=supervision.unit(opinions[0].unit) if opinions else None,
        deployment_meeting=next(
            (
                a for a in meetings_attended
                if opinions and a.unit == opinions[0].unit and a.subject and a.on >= opinions[0].on
            ),
            None,
        ),
    )
    return context


def _briefing(request: KindRequest) -> dict[str, Any]:
    context = shared_context(request)
    own = tuple(b for b in request.supervision.briefings if b.unit is None)
    briefing: Briefing = _latest(own, request, "briefing (工作简报)")
    context["briefing"] = briefing
    return context


def _prompt(request: KindRequest) -> dict[str, Any]:
    context = shared_context(request)
    prompt: WorkPrompt = _latest(request.supervision.work_prompts, request, "work prompt (工作提示)")
    context["prompt"] = prompt
    return context


def _notice_for(request: KindRequest, kind: NoticeKind) -> Notice | None:
    notices = [
        n for n in request.supervision.notices
        if n.kind is kind and n.unit == request.unit and n.group == request.group and n.on <= request.as_of
    ]
    return max(notices, key=lambda n: n.on) if notices else None


def _unit_notice_context(request: KindRequest, kind: NoticeKind) -> dict[str, Any]:
    """The context of a notice to one unit.

    When the records hold a notice of this kind to the unit (the latest one by the day asked about), the
    document is that notice regenerated as of its own date, with its number and reply date (全程留痕);
    otherwise it is a new notice as of the day asked about.
    """
    notice = _notice_for(request, kind)
    if notice is not None:
        request = attrs.evolve(request, as_of=notice.on)
    context = shared_context(request)
    unit = context["unit"]
    open_problems = [
        p for p in request.supervision.problems_of(unit.name) if is_open(p, request.as_of)
    ]
    activities = [
        a for a in request.supervision.activities if a.unit == unit.name and a.on <= request.as_of
    ]
    context.update(
        notice=notice,
        issued_on=request.as_of,
        reply_due=(notice.reply_due if notice and notice.reply_due
                   # the calendar ends on 9999-12-31: a notice as of its last days is due on that day
                   else min(request.as_of, dt.date.max - dt.timedelta(days=REPLY_DAYS))
                   + dt.timedelta(days=REPLY_DAYS)),
        open_problems=open_problems,
        activities=activities,
        methods=list(dict.fromkeys(a.method.value for a in activities)),
        liaison=next((m for m in context["group"].members if m.role.value == "联络员"), None),
    )
    return context


def _opinion(request: KindRequest) -> dict[str, Any]:
    return _unit_notice_context(request, NoticeKind.OPINION)


def _rectification(request: KindRequest) -> dict[str, Any]:
    return _unit_notice_context(request, NoticeKind.RECTIFICATION)


class _FactsMemo:
    """The group's facts computed for the ledger's template, handed on to its table.

    ``compose`` asks the kind for the context, then for the slot's table, with the same request; both
    need the group's facts, which cost a pass over every problem (about a tenth of a 10,000-row
    ledger's time). The memo holds one request weakly and its facts until the table takes them, so
    that nothing outlives the render; any other request computes its own.
    """

    def __init__(self) -> None:
        self._request: weakref.ref[KindRequest] | None = None
        self._facts: Facts | None = None

    def put(self, request: KindRequest, facts: Facts) -> None:
        self._request, self._facts = weakref.ref(request), facts

    def take(self, request: KindRequest) -> Facts:
        remembered = self._request() if self._request is not None else None
        facts = self._facts if remembered is request else None
        self._request = self._facts = None
        if facts is None:
            facts = compute_facts(request.supervision, request.as_of, group=request.group)
        return facts


_ledger_facts = _FactsMemo()


def _ledger(request: KindRequest) -> dict[str, Any]:
    context = shared_context(request)
    _ledger_facts.put(request, context["facts"])
    return context


def _ledger_block(request: KindRequest) -> Block:
    supervision = request.supervision
    group = supervision.group(request.group)
    facts = _ledger_facts.take(request)
    problems = [p for unit in group.unit_names for p in supervision.problems_of(unit)]
    problems.sort(key=lambda p: (p.found_on, p.number))
    return ledger_table(
        problems,
        {u.name: u.short_name or u.name for u in group.units},
        request.as_of,
        facts.problems,
        supervision.campaign.settings.yellow_days,
    )


BUILTIN_KINDS = (
    DocumentKind(name="report", title="工作汇报", template="report.md.j2", context=_report,
                 description="阶段工作汇报：做法、问题、下步工作，数字全部由记录计算"),
    DocumentKind(name="briefing", title="工作简报", template="briefing.md.j2", context=_briefing,
                 description="督导组最近一期工作简报：报头、正文、报尾"),
    DocumentKind(name="prompt", title="工作提示", template="prompt.md.j2", context=_prompt,
                 description="督导组最近一期工作提示"),
    DocumentKind(name="opinion", title="督导意见", template="opinion.md.j2", context=_opinion,
                 per_unit=True, description="对一个被督导单位的督导意见：评价、问题、整改要求和回复时限"),
    DocumentKind(name="rectification", title="整改通知", template="rectification.md.j2",
                 context=_rectification, per_unit=True,
                 description="对一个被督导单位的整改通知，附回执"),
    DocumentKind(name="ledger", title="问题台账", template="ledger.md.j2", context=_ledger,
                 blocks={"ledger": _ledger_block}, landscape=True,
                 description="督导组问题台账（横排表格，含合计行）"),
)


@hookimpl
def supervisio_register_document_kinds(registry: KindRegistry) -> None:
    """Register the six built-in kinds."""
    for kind in BUILTIN_KINDS:
        registry.add(kind)
