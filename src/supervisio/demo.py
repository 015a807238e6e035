"""The embedded demo: the 临江市委 "作风能力提升年" campaign as supervised by its 第七巡回督导组.

Synthetic but realistic data (10 units, 76 problems, briefings, meetings …) that backs every figure of the
phase report in the project's seed, as of the report date :data:`DEMO_AS_OF`.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources

from supervisio.domain.supervision import Supervision

__all__ = ["DEMO_AS_OF", "DEMO_GROUP", "demo_bytes", "load_demo"]

DEMO_AS_OF = dt.date(2022, 4, 15)
"""The date of the demo's phase report: the start of 大调研, after 大动员 and 大学习."""

DEMO_GROUP = 7
"""The number of the demo's supervision group (第七巡回督导组)."""

DEMO_SOURCE = "supervisio:data/demo/campaign.toml"
"""How error messages name the embedded file."""


def demo_bytes() -> bytes:
    """The demo campaign file as shipped, for copying and editing as a starting point."""
    return resources.files("supervisio").joinpath("data", "demo", "campaign.toml").read_bytes()


def load_demo() -> Supervision:
    """Load and check the demo campaign."""
    from supervisio.storage import loads

    return loads(demo_bytes(), "toml", DEMO_SOURCE)
