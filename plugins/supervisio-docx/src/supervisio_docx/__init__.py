"""supervisio-docx: the GB/T 9704-2012 docx renderer, registered through supervisio's plugin hook.

Importing this package is cheap: python-docx and lxml load on the first render.
"""

from __future__ import annotations

from supervisio.plugins import RendererRegistry, hookimpl
from supervisio_docx.renderer import DocxRenderer

__all__ = ["DocxRenderer", "supervisio_register_renderers"]


@hookimpl
def supervisio_register_renderers(registry: RendererRegistry) -> None:
    """Add the docx renderer to supervisio's renderer registry."""
    registry.add(DocxRenderer())
