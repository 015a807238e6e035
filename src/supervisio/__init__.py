"""supervisio: records, rules and documents for Chinese government supervision groups (巡回督导组).

>>> import supervisio
>>> sup = supervisio.load_demo()                      # or supervisio.load("campaign.toml")
>>> facts = supervisio.compute_facts(sup, supervisio.DEMO_AS_OF, group=7)
>>> facts.problems.total
68

Names are imported on first use, so ``import supervisio`` stays cheap for scripts that only need a part.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from supervisio._version import __version__

if TYPE_CHECKING:
    from supervisio.demo import DEMO_AS_OF, load_demo
    from supervisio.domain.facts import Facts, compute_facts
    from supervisio.domain.findings import Finding, review
    from supervisio.domain.integrity import Defect, check_integrity
    from supervisio.domain.lifecycle import advance
    from supervisio.domain.supervision import Supervision
    from supervisio.errors import CampaignFileError, IllegalTransition, SupervisioError
    from supervisio.storage import dump, dumps, load, loads, save

_LAZY = {
    "DEMO_AS_OF": "supervisio.demo",
    "load_demo": "supervisio.demo",
    "Facts": "supervisio.domain.facts",
    "compute_facts": "supervisio.domain.facts",
    "Finding": "supervisio.domain.findings",
    "review": "supervisio.domain.findings",
    "Defect": "supervisio.domain.integrity",
    "check_integrity": "supervisio.domain.integrity",
    "advance": "supervisio.domain.lifecycle",
    "Supervision": "supervisio.domain.supervision",
    "CampaignFileError": "supervisio.errors",
    "IllegalTransition": "supervisio.errors",
    "SupervisioError": "supervisio.errors",
    "dump": "supervisio.storage",
    "dumps": "supervisio.storage",
    "load": "supervisio.storage",
    "loads": "supervisio.storage",
    "save": "supervisio.storage",
}

__all__ = ["__version__", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'supervisio' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
