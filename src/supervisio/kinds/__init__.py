"""Document kinds: what each built-in document is made of, and the ledger table built from the records.

The names a plugin needs from here are :func:`shared_context` and :class:`SharedContext`: the variables
every kind's template receives (the campaign, the group, its facts and findings as of the day, the unit …),
as a typed value a plugin's kind subclasses, so that it is built exactly like the built-in ones.
"""

from typing import TYPE_CHECKING, Any

from supervisio.kinds.kind import DocumentKind, KindRequest

if TYPE_CHECKING:
    from supervisio.kinds.context import SharedContext, TemplateContext, shared_context

__all__ = ["DocumentKind", "KindRequest", "SharedContext", "TemplateContext", "shared_context"]

_CONTEXT = frozenset({"SharedContext", "TemplateContext", "shared_context"})


def __getattr__(name: str) -> Any:
    # the contexts need the domain's facts and rules; the plugin registry, which imports this package
    # for DocumentKind, must not load them
    if name in _CONTEXT:
        from supervisio.kinds import context

        return getattr(context, name)
    raise AttributeError(f"module 'supervisio.kinds' has no attribute {name!r}")
