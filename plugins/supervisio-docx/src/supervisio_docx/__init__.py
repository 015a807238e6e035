"""supervisio-docx: the GB/T 9704-2012 docx renderer, registered through supervisio's plugin hook.

Importing this package is cheap: python-docx and lxml load on the first render.
"""

from __future__ import annotations

from supervisio_docx.renderer import DocxRenderer

try:
    from supervisio.plugins import hookimpl
except ImportError:  # supervisio without its plugin API module: the same marker, made here
    import pluggy

    hookimpl = pluggy.HookimplMarker("supervisio")

__all__ = ["DocxRenderer", "supervisio_register_renderers"]


@hookimpl
def supervisio_register_renderers(registry):
    """Add the docx renderer to supervisio's renderer registry."""
    registry.add(DocxRenderer())
