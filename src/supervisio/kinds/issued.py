"""工作简报 and 工作提示: the group's latest issue of each, regenerated from its record as of its own date.

An issue recorded on 04-21 and rendered on 04-28 prints 04-21's figures: the document is the record, and
everything its template reads (facts, findings) is computed as of the day it was issued.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypeVar

import attrs

from supervisio.domain.records import Briefing, WorkPrompt
from supervisio.errors import SupervisioError
from supervisio.kinds.context import SharedContext, shared_context
from supervisio.kinds.kind import KindRequest

__all__ = ["BriefingContext", "MissingRecord", "PromptContext", "briefing_context", "prompt_context"]


class MissingRecord(SupervisioError):
    """A document that needs a record the data does not have (a briefing before the first was issued)."""


_R = TypeVar("_R", Briefing, WorkPrompt)


def _latest(records: Sequence[_R], request: KindRequest, what: str) -> _R:
    """The latest record of the group dated on or before the day asked about (the higher number on a tie)."""
    candidates = [r for r in records if r.group == request.group and r.on <= request.as_of]
    if not candidates:
        raise MissingRecord(f"group {request.group} has no {what} dated on or before {request.as_of}")
    return max(candidates, key=lambda r: (r.on, r.number))


def _as_of(request: KindRequest, day: dt.date) -> KindRequest:
    """The request as of the record's own day (the same request when that is the day asked about)."""
    return request if request.as_of == day else attrs.evolve(request, as_of=day)


@attrs.frozen(kw_only=True)
class BriefingContext(SharedContext):
    """``briefing.md.j2``'s variables: the shared ones and the issue (报头, 正文, 报尾 from the record)."""

    briefing: Briefing


@attrs.frozen(kw_only=True)
class PromptContext(SharedContext):
    """``prompt.md.j2``'s variables: the shared ones and the 工作提示 record."""

    prompt: WorkPrompt


def briefing_context(request: KindRequest) -> BriefingContext:
    """The group's own latest briefing (not a unit's 信息专报) by the day asked about."""
    own = tuple(b for b in request.supervision.briefings if b.unit is None)
    briefing = _latest(own, request, "briefing (工作简报)")
    return BriefingContext(**shared_context(_as_of(request, briefing.on)), briefing=briefing)


def prompt_context(request: KindRequest) -> PromptContext:
    """The group's latest 工作提示 by the day asked about."""
    prompt = _latest(request.supervision.work_prompts, request, "work prompt (工作提示)")
    return PromptContext(**shared_context(_as_of(request, prompt.on)), prompt=prompt)
