"""The dated records a group keeps besides its problem ledger: what it did, held, sent and found.

Every record carries the date it happened on, so that facts can be computed as of any day, and names the
unit (by ``Unit.name``) or the group (by ``SupervisionGroup.number``) it belongs to.
"""

from __future__ import annotations

import datetime as dt

import attrs

from supervisio.domain.vocabulary import (
    ActivityMethod,
    EscalationTier,
    MeetingKind,
    NoticeKind,
    NoticeStatus,
)
from supervisio.numerals import ApproxStyle, Scale, quantity_text

__all__ = [
    "Achievement",
    "Activity",
    "Adoption",
    "Briefing",
    "Evidence",
    "Exemplar",
    "Figure",
    "Meeting",
    "Notice",
    "OptionalAction",
    "RequirementRecord",
    "Waiver",
    "WorkPrompt",
]


@attrs.frozen(kw_only=True)
class Activity:
    """督导活动: one visit, meeting attended, interview or survey at a unit; ``id`` is what problems cite."""

    id: str
    unit: str
    on: dt.date
    method: ActivityMethod
    subject: str | None = None
    participants: tuple[str, ...] = ()
    notes: str | None = None


@attrs.frozen(kw_only=True)
class Meeting:
    """例会: a meeting of the group's weekly mechanism."""

    group: int
    kind: MeetingKind
    on: dt.date
    attendees: tuple[str, ...] = ()
    minutes: str | None = None
    decisions: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Notice:
    """督导意见 / 整改通知 / 督办单 sent to one unit, with its receipt (签收) and reply (回复).

    ``problems`` lists the numbers of the problems it concerns; ``tier`` is set on a three-colour 督办单.
    """

    kind: NoticeKind
    number: str
    group: int
    unit: str
    on: dt.date
    title: str
    problems: tuple[str, ...] = ()
    requirements: tuple[str, ...] = ()
    tier: EscalationTier | None = None
    reply_due: dt.date | None = None
    received_on: dt.date | None = None
    received_by: str | None = None
    replied_on: dt.date | None = None
    reply: str | None = None

    def status_on(self, day: dt.date) -> NoticeStatus | None:
        """Where the notice stands on ``day``; None before it was issued."""
        if day < self.on:
            return None
        if self.replied_on is not None and self.replied_on <= day:
            return NoticeStatus.REPLIED
        if self.reply_due is not None and day > self.reply_due:
            return NoticeStatus.OVERDUE
        if self.received_on is not None and self.received_on <= day:
            return NoticeStatus.RECEIVED
        return NoticeStatus.ISSUED


@attrs.frozen(kw_only=True)
class Briefing:
    """工作简报: an issue of a numbered series, 第N期 counted per year, 增刊 (supplements) counted apart.

    ``group`` is the group it belongs to; ``unit`` is the issuing unit for a unit's own briefing submitted to
    the group (上报简报), and None for the group's own briefing. ``report_to``/``send_to``/``distribute_to``
    are the 报/送/发 lines of the 报尾.
    """

    series: str
    year: int
    number: int
    group: int
    on: dt.date
    title: str
    unit: str | None = None
    supplement: bool = False
    issuer: str | None = None
    items: tuple[str, ...] = ()
    report_to: tuple[str, ...] = ()
    send_to: tuple[str, ...] = ()
    distribute_to: tuple[str, ...] = ()
    copies: int | None = None


@attrs.frozen(kw_only=True)
class WorkPrompt:
    """工作提示: numbered guidance a group sends its units on what the phase requires, with its items."""

    group: int
    number: int
    on: dt.date
    title: str
    items: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    due: dt.date | None = None


@attrs.frozen(kw_only=True)
class Adoption:
    """采用: a group's or unit's document taken up and republished by ``adopter`` (the campaign office)."""

    group: int
    document: str
    adopter: str
    on: dt.date
    unit: str | None = None
    channel: str | None = None


@attrs.frozen(kw_only=True)
class Figure:
    """A quantity as documents quote it: ``value`` exact, ``approx`` 余/近 rounded at ``step``, ``scale`` 万."""

    metric: str
    value: int
    measure: str = ""
    approx: ApproxStyle | None = None
    step: int | None = None
    scale: Scale | None = None

    @property
    def text(self) -> str:
        """The quoted form: ``200余支``, ``近30万元``, ``8万余名``."""
        return quantity_text(self.value, self.measure, self.approx, self.step, self.scale)


@attrs.frozen(kw_only=True)
class Achievement(Figure):
    """成效: a figure a unit achieved (先后7次调拨物资, 200余支突击队), dated when it was reported."""

    unit: str
    on: dt.date


@attrs.frozen(kw_only=True)
class Exemplar:
    """典型: a person or collective the group found and promotes, with the figures and honours quoted."""

    name: str
    unit: str
    on: dt.date
    collective: bool = False
    post: str | None = None
    summary: str | None = None
    figures: tuple[Figure, ...] = ()
    honours: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Evidence:
    """佐证材料: a piece of evidence of a given kind (会议记录, 学习笔记 …) and its title."""

    kind: str
    title: str


@attrs.frozen(kw_only=True)
class RequirementRecord:
    """A unit (or one of its leaders, for 班子成员 requirements) doing a 规定动作 on a day, with evidence."""

    requirement: str
    unit: str
    on: dt.date
    leader: str | None = None
    evidence: tuple[Evidence, ...] = ()
    verified_by: str | None = None


@attrs.frozen(kw_only=True)
class Waiver:
    """豁免: a recorded decision that a unit need not do a 规定动作, and why."""

    requirement: str
    unit: str
    on: dt.date
    reason: str
    approved_by: str | None = None


@attrs.frozen(kw_only=True)
class OptionalAction:
    """自选动作: a unit's own initiative in a phase; ``brand`` marks one grown into a 工作品牌."""

    unit: str
    phase: str
    title: str
    on: dt.date
    description: str | None = None
    brand: bool = False
