"""Document kinds: what each built-in document is made of, and the ledger table built from the records.

The one name a plugin needs from here is :func:`shared_context`: the variables every kind's template
receives (the campaign, the group, its facts and findings as of the day, the unit …), for a plugin's kind
to start from, so that it is built exactly like the built-in ones.
"""

from typing import TYPE_CHECKING, Any

from supervisio.kinds.kind import DocumentKind, KindRequest

if TYPE_CHECKING:
    from supervisio.kinds.context import shared_context

__all__ = ["DocumentKind", "KindRequest", "shared_context"]


def __getattr__(name: str) -> Any:
    # shared_context needs the domain's facts and rules; the plugin registry, which imports this package
    # for DocumentKind, must not load them
    if name == "shared_context":
        from supervisio.kinds.context import shared_context

        return shared_context
    raise AttributeError(f"module 'supervisio.kinds' has no attribute {name!r}")
