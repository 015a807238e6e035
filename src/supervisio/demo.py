"""The embedded demo: the 临江市委 "作风能力提升年" campaign as a city keeps it, one file per supervision group.

Synthetic but realistic data kept as a campaign folder (``data/demo/``: the definition ``campaign.toml``
and ``groups/group-03.toml``, ``group-05.toml``, ``group-07.toml``). The 第七巡回督导组 (10 units, 76
problems, briefings, meetings …) backs every figure of the phase report in the project's seed, as of the
report date :data:`DEMO_AS_OF`; the 第三 and 第五巡回督导组 make it a city.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from importlib.resources.abc import Traversable

from supervisio.domain.supervision import Supervision

__all__ = ["DEMO_AS_OF", "DEMO_GROUP", "demo_bytes", "demo_files", "load_demo"]

DEMO_AS_OF = dt.date(2022, 4, 15)
"""The date of the demo's phase report: the start of 大调研, after 大动员 and 大学习."""

DEMO_GROUP = 7
"""The number of the demo's report group (第七巡回督导组), whose figures the seed's report quotes."""

DEMO_SOURCE = "supervisio:data/demo"
"""How error messages name the embedded folder (its files are ``supervisio:data/demo/campaign.toml`` …)."""


def _folder() -> Traversable:
    return resources.files("supervisio").joinpath("data", "demo")


def demo_files() -> dict[str, bytes]:
    """The demo folder's files as shipped, by their path inside the folder (``groups/group-07.toml``)."""
    from supervisio.storage.folder import folder_parts

    parts, _ = folder_parts(_folder(), "")
    return {part.source: part.raw for part in parts}


def demo_bytes() -> bytes:
    """The demo campaign as one TOML file, comments kept: the definition, then each group file with its
    ``[group]`` written as ``[[groups]]`` (TOML lets an array of tables continue after other tables)."""
    files = demo_files()
    text = files.pop("campaign.toml").decode("utf-8").rstrip("\n") + "\n"
    for raw in files.values():
        lines = raw.decode("utf-8").split("\n")
        body = [_as_campaign_line(line) for line in lines if not line.startswith("format = ")]
        text += "\n" + "\n".join(body).strip("\n") + "\n"
    return text.encode("utf-8")


def _as_campaign_line(line: str) -> str:
    if line.startswith("[group]"):
        return "[[groups]]" + line[len("[group]"):]
    if line.startswith("[[group."):
        return "[[groups." + line[len("[[group."):]
    return line


def load_demo(group: int | None = None) -> Supervision:
    """Load and check the demo campaign: the whole city, or with ``group`` the campaign as that group's
    secretary would keep it alone (the definition and that group's file, ``groups/group-NN.toml``):
    ``load_demo(DEMO_GROUP)`` is the seed's single-group campaign, record for record."""
    from supervisio.storage.folder import folder_parts, load_parts

    parts, unread = folder_parts(_folder(), DEMO_SOURCE)
    if group is not None:
        files = {_group_of(part.source): part for part in parts}
        if group not in files:
            from supervisio.errors import UnknownRecord

            raise UnknownRecord("group", group, [str(n) for n in sorted(n for n in files if n is not None)])
        parts = [files[None], files[group]]
    return load_parts(parts, DEMO_SOURCE, unread=unread)


def _group_of(source: str) -> int | None:
    """The group number a demo file's name gives (``…/groups/group-07.toml``: 7), None for the definition."""
    stem = source.rsplit("/", 1)[-1].removesuffix(".toml")
    return int(stem.removeprefix("group-")) if stem.startswith("group-") else None
