"""The plugin API: everything a plugin author needs, and nothing else.

>>> from supervisio.plugins import hookimpl
>>> @hookimpl
... def supervisio_register_renderers(registry):
...     registry.add(MyRenderer())

See ``docs/plugins.md`` (writing a renderer) and ``docs/hooks.md`` (every hook).
"""

from supervisio.doctree import nodes
from supervisio.kinds.kind import KindParameter, ParameterError, Parameters
from supervisio.plugins.hookspecs import hookimpl
from supervisio.plugins.manager import PluginInfo, Plugins, get_plugins, reset_plugins
from supervisio.plugins.registry import (
    DocumentKind,
    KindRegistry,
    KindRequest,
    PluginError,
    Provider,
    RendererRegistry,
    UnknownName,
)
from supervisio.renderers.base import Profile, RenderOptions, Renderer

__all__ = [
    "DocumentKind",
    "KindParameter",
    "KindRegistry",
    "KindRequest",
    "ParameterError",
    "Parameters",
    "PluginError",
    "PluginInfo",
    "Plugins",
    "Profile",
    "Provider",
    "RenderOptions",
    "Renderer",
    "RendererRegistry",
    "UnknownName",
    "get_plugins",
    "hookimpl",
    "nodes",
    "reset_plugins",
]
