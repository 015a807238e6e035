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

from supervisio.domain.supervision import Supervision
from supervisio.domain.vocabulary import MeetingKind

__all__ = ["MissingMeeting", "missing_meetings"]


@attrs.frozen(kw_only=True)
class MissingMeeting:
    """An expected meeting of ``kind`` that ``group`` did not hold in the week starting ``week_of``."""

    group: int
    kind: MeetingKind
    week_of: dt.date


def missing_meetings(
    supervision: Supervision, group: int, start: dt.date, end: dt.date
) -> tuple[MissingMeeting, ...]:
    """The meetings the weekly mechanism expected of ``group`` between ``start`` and ``end`` but lacks.

    Only while the campaign runs: no meeting is expected after its last day, however late ``end`` is
    (a report as of 9999-12-31 would otherwise count 8,000 years of missed meetings, and step past the
    calendar's last day). Windows are compared by day offsets, never by dates that may not exist.
    """
    held = {
        (meeting.kind, meeting.on - dt.timedelta(meeting.on.isoweekday() - 1))
        for meeting in supervision.meetings
        if meeting.group == group
    }
    end = min(end, supervision.campaign.end)
    rules = [(rule.kind, min(rule.weekdays) - 1, max(rule.weekdays) - 1)
             for rule in supervision.campaign.settings.weekly_meetings if rule.weekdays]
    missing = []
    first_monday = start - dt.timedelta(start.isoweekday() - 1)
    if end < first_monday:
        return ()
    for week in range((end - first_monday).days // 7 + 1):
        monday = first_monday + dt.timedelta(weeks=week)
        for kind, first, last in rules:
            # the window is [monday + first, monday + last]: inside [start, end] and not held
            if (start - monday).days <= first and last <= (end - monday).days and (kind, monday) not in held:
                missing.append(MissingMeeting(group=group, kind=kind, week_of=monday))
    return tuple(missing)
