"""The built-in renderers, registered through the same hook as third-party ones (as pytest does)."""

from __future__ import annotations

from supervisio.plugins.hookspecs import hookimpl
from supervisio.plugins.registry import RendererRegistry


@hookimpl
def supervisio_register_renderers(registry: RendererRegistry) -> None:
    """Register the Markdown and HTML renderers."""
    from supervisio.renderers.html import HtmlRenderer
    from supervisio.renderers.markdown import MarkdownRenderer

    registry.add(MarkdownRenderer())
    registry.add(HtmlRenderer())
