"""What a template writes stays Markdown when another template reuses it: ``{{ super() }}``.

Every ``{{ value }}`` is escaped for Markdown (the environment's ``finalize``), because values are data: a
``*`` in a record must print as a ``*``. A parent block is not data: it is Markdown a template wrote, its
values already escaped once. Jinja marks a block's output as such (``Markup``) only under its HTML
autoescaping, which these Markdown templates cannot use, so ``{{ super() }}`` came back as plain text and
was escaped a second time: paragraphs merged, list markers were printed. The environment's context class
below hands out block references whose output is ``Markup``, which ``finalize`` passes through as written.
"""

from __future__ import annotations

from typing import Any

from jinja2.runtime import BlockReference, Context
from markupsafe import Markup

__all__ = ["MarkdownContext"]


class _TemplateBlock(BlockReference):
    """A parent block whose output is the Markdown its template wrote, not data to escape."""

    def __call__(self) -> Any:
        output = super().__call__()
        return output if isinstance(output, Markup) else Markup(output)

    @property
    def super(self) -> Any:  # ``{{ super.super() }}``: the grandparent's block, treated the same way
        parent = BlockReference.super.fget(self)  # type: ignore[attr-defined]
        return _adopt(parent)


def _adopt(reference: Any) -> Any:
    if isinstance(reference, BlockReference) and not isinstance(reference, _TemplateBlock):
        return _TemplateBlock(reference.name, reference._context, reference._stack, reference._depth)
    return reference


class MarkdownContext(Context):
    """The render context of supervisio's environments: ``super()`` gives template output, not data."""

    def super(self, name: str, current: Any) -> Any:
        return _adopt(super().super(name, current))
