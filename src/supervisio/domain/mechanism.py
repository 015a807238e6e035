"""The weekly mechanism (周一例会、周中交流、周末总结): which expected meetings a group did not hold.

Each rule of ``Settings.weekly_meetings`` names a kind and the weekdays it may fall on. A meeting is
expected in an ISO week when all of its weekdays that week lie inside the range asked about (so a range
ending on a Wednesday does not yet expect the weekend summary), and it counts as held when the group
recorded a meeting of that kind in the same week, whatever the day (a Monday meeting moved to Tuesday
for a holiday was still held).
"""

from __future__ import annotations

import datetime as dt

import attrs

from supervisio.domain.campaign import MeetingRule
from supervisio.domain.supervision import Supervision
from supervisio.domain.vocabulary import MeetingKind

__all__ = ["MissingMeeting", "missing_meetings"]


@attrs.frozen(kw_only=True)
class MissingMeeting:
    """An expected meeting of ``kind`` that ``group`` did not hold in the week starting ``week_of``."""

    group: int
    kind: MeetingKind
    week_of: dt.date


def _window(monday: dt.date, rule: MeetingRule) -> tuple[dt.date, dt.date]:
    days = sorted(rule.weekdays)
    return monday + dt.timedelta(days[0] - 1), monday + dt.timedelta(days[-1] - 1)


def missing_meetings(
    supervision: Supervision, group: int, start: dt.date, end: dt.date
) -> tuple[MissingMeeting, ...]:
    """The meetings the weekly mechanism expected of ``group`` between ``start`` and ``end`` but lacks."""
    held = {
        (meeting.kind, meeting.on - dt.timedelta(meeting.on.isoweekday() - 1))
        for meeting in supervision.meetings
        if meeting.group == group
    }
    rules = supervision.campaign.settings.weekly_meetings
    missing = []
    monday = start - dt.timedelta(start.isoweekday() - 1)
    while monday <= end:
        for rule in rules:
            first, last = _window(monday, rule)
            if start <= first and last <= end and (rule.kind, monday) not in held:
                missing.append(MissingMeeting(group=group, kind=rule.kind, week_of=monday))
        monday += dt.timedelta(weeks=1)
    return tuple(missing)
