"""Document kinds: what each built-in document is made of, and the ledger table built from the records.

The one name a plugin needs from here is :func:`shared_context`: the variables every kind's template
receives (the campaign, the group, its facts and findings as of the day, the unit …), for a plugin's kind
to start from, so that it is built exactly like the built-in ones.
"""

from supervisio.kinds.context import shared_context

__all__ = ["shared_context"]
