"""The walk that pairs neighbouring blocks: a 署名 and the 成文日期 right after it are one closing.

Each one's place depends on both widths (:mod:`supervisio.layout.closing`), so a renderer must see
them together. :func:`pair_closings` walks a run of blocks once and gives every other block back as
it is; both renderers walk the same way, so they cannot pair differently.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from supervisio.doctree.nodes import Block, DateLine, Signature
from supervisio.layout.closing import ClosingPlacement, place_closing
from supervisio.numerals import date_text

__all__ = ["Closing", "pair_closings"]


@attrs.frozen(kw_only=True)
class Closing:
    """A 署名 and the 成文日期 under it; either may be missing (a lone 署名, a lone date)."""

    signature: Signature | None = None
    date: DateLine | None = None

    def sealed(self, document_sealed: bool) -> bool:
        """Sealed (7.3.5.1) when the document is (``RenderOptions.sealed``) or the 署名 itself is."""
        return document_sealed or (self.signature is not None and self.signature.sealed)

    @property
    def names(self) -> tuple[str, ...]:
        """The 署名 lines (none for a lone date)."""
        return () if self.signature is None else self.signature.names

    @property
    def date_text(self) -> str | None:
        """The date as printed (2022年4月15日), None without a date line."""
        return None if self.date is None else date_text(self.date.date)

    def placement(self, document_sealed: bool) -> ClosingPlacement:
        """Where the lines stand (:func:`~supervisio.layout.closing.place_closing`)."""
        return place_closing(self.names, self.date_text, self.sealed(document_sealed))


def pair_closings(blocks: Iterable[Block]) -> list[Block | Closing]:
    """``blocks`` with every 署名, and the 成文日期 right after it if there is one, joined into a
    :class:`Closing`; a 成文日期 not right after a 署名 is a closing of its own. Other blocks (list
    items are not entered) come back unchanged, in order."""
    items: list[Block | Closing] = []
    for block in blocks:
        if isinstance(block, Signature):
            items.append(Closing(signature=block))
        elif isinstance(block, DateLine):
            last = items[-1] if items else None
            if isinstance(last, Closing) and last.signature is not None and last.date is None:
                items[-1] = attrs.evolve(last, date=block)
            else:
                items.append(Closing(date=block))
        else:
            items.append(block)
    return items
