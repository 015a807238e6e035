"""What every command shares: loading a campaign (or the demo), the day to look from, user mistakes."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

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
        help="a campaign file (.toml, .json, .yaml); the embedded demo when omitted",
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
