"""What every command shares: loading a campaign (or the demo), the day to look from, user mistakes."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from supervisio.domain.supervision import Supervision

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


class BadInput(Exception):
    """A user mistake on the command line, reported like a file error."""


def date_argument(text: str) -> dt.date:
    """An argparse type for ISO dates with a message users understand."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2022-04-15, not {text!r}") from None


def add_campaign_arguments(command: argparse.ArgumentParser) -> None:
    """CAMPAIGN (the demo when omitted), --group and --as-of."""
    command.add_argument(
        "campaign",
        nargs="?",
        metavar="CAMPAIGN",
        help="a campaign file (.toml, .json, .yaml) or a campaign folder (a definition and one file per "
             "group); the embedded demo when omitted",
    )
    command.add_argument("--group", type=int, metavar="N", help="only group N (第N巡回督导组)")
    command.add_argument(
        "--as-of",
        type=date_argument,
        metavar="DATE",
        help="the day to look from (default: the demo's report date, else today within the campaign)",
    )


def load_campaign(path: str | None) -> tuple[Supervision, dt.date | None]:
    """The supervision and, for the demo, its report date."""
    if path is None:
        from supervisio.demo import DEMO_AS_OF, load_demo

        return load_demo(), DEMO_AS_OF
    from supervisio.storage import load

    return load(path), None


def as_of_day(supervision: Supervision, given: dt.date | None, default: dt.date | None) -> dt.date:
    if given is not None:
        return given
    if default is not None:
        return default
    campaign = supervision.campaign
    return min(max(dt.date.today(), campaign.start), campaign.end)


def entries_after(supervision: Supervision, day: dt.date) -> int:
    """How many dated entries of the records (a record, a move in a history, an extension, a line of
    progress, a notice's receipt or reply) fall after ``day``.

    Everything is read as of a day, and what happened after it does not exist yet: that is what lets a
    report be drawn up again as of 15 April. But ``check`` without ``--as-of`` looks from today, held
    inside the campaign, so a problem closed after the campaign's last day stays "overdue" there for
    ever, silently. Neither an error (the data is right) nor a finding (there is nothing to act on), so
    ``check`` says how many entries it did not count, and how to see them.
    """
    s = supervision
    later = 0
    for problem in s.problems:  # histories and extensions are in date order (checked at load)
        if problem.found_on > day:
            later += 1 + len(problem.history) + len(problem.extensions) + len(problem.progress)
            continue
        for entries in (problem.history, problem.extensions):
            if entries and entries[-1].on > day:
                later += sum(1 for entry in entries if entry.on > day)
        if problem.progress:
            later += sum(1 for entry in problem.progress if entry.on > day)
    for records in (s.activities, s.meetings, s.briefings, s.work_prompts, s.adoptions, s.achievements,
                    s.exemplars, s.requirement_records, s.waivers, s.optional_actions):
        later += sum(1 for record in records if record.on > day)
    for notice in s.notices:
        days = (notice.on, notice.received_on, notice.replied_on)
        later += sum(1 for on in days if on is not None and on > day)
    return later


def check_group(supervision: Supervision, number: int | None) -> None:
    """Refuse a --group the campaign does not have, with the same message as ``Supervision.group``."""
    from supervisio.errors import UnknownRecord

    if number is not None:
        try:
            supervision.group(number)
        except UnknownRecord as error:
            raise BadInput(f"--group {number}: {error}") from None


def check_unit(supervision: Supervision, name: str | None) -> str | None:
    """The full name of the --unit given by its full name, short name or an alias; refuse any other.

    Commands go on with the full name, which is what the records use.
    """
    from supervisio.errors import UnknownRecord

    if name is None:
        return None
    try:
        return supervision.unit(name).name
    except UnknownRecord as error:
        raise BadInput(f"--unit {name}: {error}") from None


def choose_group(
    supervision: Supervision, kind: Any, group: int | None, unit: str | None, *, demo: bool = False
) -> int | None:
    """The group a document of ``kind`` speaks for: ``--group``, else the group of ``--unit``, else the
    campaign's only group, else for the embedded demo (``demo``) its report group, 第七巡回督导组. On a
    campaign of several groups, None for a city-wide kind (one whose ``city_wide`` is true: it speaks for
    the whole campaign), else a mistake that lists the groups."""
    if group is not None:
        return group
    if unit is not None:
        return supervision.group_of(unit).number
    if len(supervision.groups) == 1:
        return supervision.groups[0].number
    if getattr(kind, "city_wide", False):
        return None
    if demo:
        from supervisio.demo import DEMO_GROUP

        return DEMO_GROUP
    listed = "、".join(f"{g.number}（{g.title}）" for g in supervision.groups) or "none"
    name = getattr(kind, "name", "?")
    raise BadInput(
        f"--group: the campaign has {len(supervision.groups)} groups and a document of kind {name!r} is "
        f"written by one of them; name it with --group N: {listed}"
    )
