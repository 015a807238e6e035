"""督导意见 and 整改通知: a notice to one unit, from its findings and open problems, with a reply date.

When the records hold a notice of the kind to the unit (the latest by the day asked about), the document
is that notice regenerated as of its own date, with its number and reply date (全程留痕); otherwise it is
a new notice as of the day asked about.
"""

from __future__ import annotations

import datetime as dt

import attrs

from supervisio.domain.deadlines import is_open
from supervisio.domain.organisation import Member
from supervisio.domain.problems import Problem
from supervisio.domain.records import Activity, Notice
from supervisio.domain.vocabulary import NoticeKind
from supervisio.kinds.context import SharedContext, shared_context
from supervisio.kinds.kind import KindRequest

__all__ = ["REPLY_DAYS", "NoticeContext", "opinion_context", "rectification_context"]

REPLY_DAYS = 21
"""Reply window of a notice when the records give none: 15 working days, about three weeks."""


@attrs.frozen(kw_only=True)
class NoticeContext(SharedContext):
    """``opinion.md.j2``'s and ``rectification.md.j2``'s variables besides the shared ones.

    - ``notice``: the recorded notice regenerated, or None for a new one;
    - ``issued_on``: its date (the record's, else the day asked about) — ``as_of`` is the same day;
    - ``reply_due``: the record's reply date, else ``REPLY_DAYS`` after the issue;
    - ``open_problems``: the unit's problems still open that day; ``activities``: the group's visits to
      the unit by then, and ``methods`` their methods (督导方式) in the order first used;
    - ``liaison``: the group's 联络员, the contact printed under the date.
    """

    notice: Notice | None
    issued_on: dt.date
    reply_due: dt.date
    open_problems: tuple[Problem, ...]
    activities: tuple[Activity, ...]
    methods: tuple[str, ...]
    liaison: Member | None


def _recorded(request: KindRequest, kind: NoticeKind) -> Notice | None:
    notices = [
        n for n in request.supervision.notices
        if n.kind is kind and n.unit == request.unit and n.group == request.group and n.on <= request.as_of
    ]
    return max(notices, key=lambda n: n.on) if notices else None


def _reply_due(notice: Notice | None, issued_on: dt.date) -> dt.date:
    if notice is not None and notice.reply_due is not None:
        return notice.reply_due
    # the calendar ends on 9999-12-31: a notice issued in its last days is due on that day
    return min(issued_on, dt.date.max - dt.timedelta(days=REPLY_DAYS)) + dt.timedelta(days=REPLY_DAYS)


def notice_context(request: KindRequest, kind: NoticeKind) -> NoticeContext:
    """The context of a notice of ``kind`` to the request's unit."""
    notice = _recorded(request, kind)
    if notice is not None:
        request = attrs.evolve(request, as_of=notice.on)
    shared = shared_context(request)
    unit = request.unit_record
    assert unit is not None, "a per-unit kind is asked for a unit (pipeline.compose checks)"
    supervision, as_of = request.supervision, request.as_of
    activities = tuple(a for a in supervision.activities if a.unit == unit.name and a.on <= as_of)
    return NoticeContext(
        **shared,
        notice=notice,
        issued_on=as_of,
        reply_due=_reply_due(notice, as_of),
        open_problems=tuple(p for p in supervision.problems_of(unit.name) if is_open(p, as_of)),
        activities=activities,
        methods=tuple(dict.fromkeys(a.method.value for a in activities)),
        liaison=shared.group.liaison,
    )


def opinion_context(request: KindRequest) -> NoticeContext:
    """督导意见."""
    return notice_context(request, NoticeKind.OPINION)


def rectification_context(request: KindRequest) -> NoticeContext:
    """整改通知."""
    return notice_context(request, NoticeKind.RECTIFICATION)
