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
    from supervisio.domain.lifecycle import advance, close, extend, route, walk
    from supervisio.domain.supervision import Supervision
    from supervisio.domain.validation import validate
    from supervisio.errors import (
        CampaignFileError,
        IllegalTransition,
        SupervisioError,
        UnknownRecord,
    )
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
    "close": "supervisio.domain.lifecycle",
    "extend": "supervisio.domain.lifecycle",
    "route": "supervisio.domain.lifecycle",
    "walk": "supervisio.domain.lifecycle",
    "Supervision": "supervisio.domain.supervision",
    "validate": "supervisio.domain.validation",
    "CampaignFileError": "supervisio.errors",
    "IllegalTransition": "supervisio.errors",
    "SupervisioError": "supervisio.errors",
    "UnknownRecord": "supervisio.errors",
    "dump": "supervisio.storage",
    "dumps": "supervisio.storage",
    "load": "supervisio.storage",
    "loads": "supervisio.storage",
    "save": "supervisio.storage",
}

# Written out, not computed from _LAZY, so that type checkers see the public names (mypy --strict does not
# re-export a TYPE_CHECKING import otherwise); tests/test_model.py keeps the three lists in step.
__all__ = [
    "__version__",
    "CampaignFileError",
    "DEMO_AS_OF",
    "Defect",
    "Facts",
    "Finding",
    "IllegalTransition",
    "SupervisioError",
    "Supervision",
    "UnknownRecord",
    "advance",
    "check_integrity",
    "close",
    "compute_facts",
    "dump",
    "dumps",
    "extend",
    "load",
    "load_demo",
    "loads",
    "review",
    "route",
    "save",
    "validate",
    "walk",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'supervisio' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
