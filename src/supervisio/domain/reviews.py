"""The rule reviews of one day, each computed once: what facts and findings both read.

Facts count 规定动作 met and missing and the weekly meetings not held; findings say which action each
unit lacks and which meeting was missed. Both come from the same reviews (``review_unit`` per unit,
``missing_meetings`` per group), which are the costly part of either. A document needs facts and findings
of the same day, so it hands one :class:`Reviews` to both and the rules run once per unit instead of twice.
"""

from __future__ import annotations

import datetime as dt

from supervisio.domain.mechanism import MissingMeeting, missing_meetings
from supervisio.domain.requirements import PhaseReview, review_unit
from supervisio.domain.supervision import Supervision

__all__ = ["Reviews"]


class Reviews:
    """The reviews of ``supervision`` as of ``as_of``, computed on first use and kept.

    A memo, not a value: it holds the records it was made for and answers for them only
    (:meth:`serves`); a function handed one made for other records or another day makes its own.
    """

    __slots__ = ("_meetings", "_units", "as_of", "supervision")

    def __init__(self, supervision: Supervision, as_of: dt.date) -> None:
        self.supervision = supervision
        self.as_of = as_of
        self._units: dict[str, tuple[PhaseReview, ...]] = {}
        self._meetings: dict[int, tuple[MissingMeeting, ...]] = {}

    @classmethod
    def reuse(cls, reviews: Reviews | None, supervision: Supervision, as_of: dt.date) -> Reviews:
        """``reviews`` when it serves these records and this day, else a new memo for them."""
        if reviews is not None and reviews.serves(supervision, as_of):
            return reviews
        return cls(supervision, as_of)

    def serves(self, supervision: Supervision, as_of: dt.date) -> bool:
        """Whether the memo was made for exactly these records (the same value) and this day."""
        return self.supervision is supervision and self.as_of == as_of

    def of_unit(self, unit: str) -> tuple[PhaseReview, ...]:
        """The 转段 reviews of every phase reached by the day for ``unit`` (its full name)."""
        found = self._units.get(unit)
        if found is None:
            found = self._units[unit] = review_unit(self.supervision, unit, self.as_of)
        return found

    def missing_meetings(self, group: int) -> tuple[MissingMeeting, ...]:
        """The meetings of ``group``'s weekly mechanism not held from the campaign's start to the day."""
        found = self._meetings.get(group)
        if found is None:
            found = self._meetings[group] = tuple(
                missing_meetings(self.supervision, group, self.supervision.campaign.start, self.as_of)
            )
        return found
