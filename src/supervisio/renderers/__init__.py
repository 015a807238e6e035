"""The built-in renderers (Markdown, HTML) and the renderer interface."""

from supervisio.renderers.base import Profile, RenderOptions, Renderer

__all__ = ["Profile", "RenderOptions", "Renderer"]
