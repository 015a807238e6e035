"""What the records already put on the calendar for the coming days: the 下步工作安排 of a weekly briefing.

Nothing here is planned by hand: a phase that ends or starts, a 规定动作 that falls due, a problem's
deadline, a notice's reply date and a 工作提示's due date are all dated records. ``upcoming`` lists the
ones that fall after one day up to another, in date order, each with the record it comes from.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

import attrs

from supervisio.domain.deadlines import is_open
from supervisio.domain.scope import Scope
from supervisio.domain.supervision import Supervision

__all__ = ["AgendaItem", "AgendaKind", "upcoming"]


class AgendaKind(Enum):
    """What falls due."""

    PHASE_ENDS = "阶段结束"
    PHASE_STARTS = "阶段开始"
    REQUIREMENT_DUE = "规定动作到期"
    PROBLEM_DUE = "问题整改到期"
    REPLY_DUE = "文书回复到期"
    PROMPT_DUE = "工作提示报送"


@attrs.frozen(kw_only=True)
class AgendaItem:
    """One dated item: the day, what falls due, the text a briefing prints, and the record it is about
    (a phase key, a requirement code, a problem or notice number, a prompt's number)."""

    on: dt.date
    kind: AgendaKind
    text: str
    about: str
    unit: str | None = None


def upcoming(
    supervision: Supervision, after: dt.date, until: dt.date, *, group: int | None = None
) -> tuple[AgendaItem, ...]:
    """The dated items that fall after ``after`` up to ``until`` (included), for ``group`` or all groups.

    A problem counts while it is open on ``after``; a notice while its reply has not come by then.
    """
    scope = Scope.of(supervision, group)
    items: list[AgendaItem] = []

    def falls(day: dt.date | None) -> bool:
        return day is not None and after < day <= until

    def add(day: dt.date | None, kind: AgendaKind, about: str, text: str, unit: str | None = None) -> None:
        if day is not None and falls(day):
            items.append(AgendaItem(on=day, kind=kind, about=about, text=text, unit=unit))

    for phase in supervision.campaign.phases:
        add(phase.end, AgendaKind.PHASE_ENDS, phase.key, f"{phase.name}阶段结束，做好转段评估")
        add(phase.start, AgendaKind.PHASE_STARTS, phase.key, f"{phase.name}阶段开始，督促各单位部署落实")
        for requirement in phase.requirements:
            add(requirement.due, AgendaKind.REQUIREMENT_DUE, requirement.code,
                f"规定动作{requirement.code}“{requirement.name}”到期")
    for problem in supervision.problems:
        if scope.has_unit(problem.unit) and is_open(problem, after):
            add(problem.deadline_on(after), AgendaKind.PROBLEM_DUE, problem.number,
                f"问题{problem.number}整改到期", problem.unit)
    for notice in supervision.notices:
        answered = notice.replied_on is not None and notice.replied_on <= after
        if scope.has_group(notice.group) and notice.on <= after and not answered:
            add(notice.reply_due, AgendaKind.REPLY_DUE, notice.number,
                f"{notice.kind.value}{notice.number}回复到期", notice.unit)
    for prompt in supervision.work_prompts:
        if scope.has_group(prompt.group) and prompt.on <= after:
            add(prompt.due, AgendaKind.PROMPT_DUE, str(prompt.number),
                f"各单位报送工作提示第{prompt.number}号落实情况")
    return tuple(sorted(items, key=lambda item: (item.on, list(AgendaKind).index(item.kind), item.about)))
