"""The plugin manager: a typed facade over pluggy that loads entry points lazily and names culprits.

Nothing here runs at ``import supervisio``: plugins are loaded the first time :func:`get_plugins` is called
(by the pipeline or the CLI). Built-ins are registered first, through the same hooks as everyone else.

- ``SUPERVISIO_DISABLE_PLUGIN_AUTOLOAD=1`` loads no entry points (only the built-ins and what code
  registers by hand), as pytest's ``PYTEST_DISABLE_PLUGIN_AUTOLOAD``;
- ``SUPERVISIO_DISABLE_PLUGINS=a,b`` blocks the named plugins.

Every call into a plugin goes through :meth:`Plugins._call`, which re-raises any exception as a
:class:`PluginError` naming the plugin, its distribution and the hook.
"""

from __future__ import annotations

import importlib.metadata
import os
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from supervisio.plugins import hookspecs
from supervisio.plugins.registry import KindRegistry, PluginError, Provider, RendererRegistry

if TYPE_CHECKING:
    import jinja2

    from supervisio.doctree.nodes import Document
    from supervisio.renderers.base import RenderOptions

__all__ = ["ENTRY_POINT_GROUP", "PluginInfo", "Plugins", "get_plugins", "reset_plugins"]

ENTRY_POINT_GROUP = "supervisio"
BUILTIN_PLUGINS = ("supervisio.renderers.builtin", "supervisio.kinds.builtin")


@attrs.frozen
class PluginInfo:
    """A registered plugin as ``supervisio plugins`` lists it."""

    name: str
    distribution: str | None
    builtin: bool


def _distribution_label(dist: importlib.metadata.Distribution | None) -> str | None:
    if dist is None:
        return None
    return f"{dist.metadata['Name']} {dist.version}"


class Plugins:
    """The plugins of one session: built-ins, entry points and any registered by hand."""

    def __init__(self, *, autoload: bool | None = None, blocked: Iterable[str] = ()) -> None:
        self._pm = pluggy.PluginManager(hookspecs.PROJECT)
        self._pm.add_hookspecs(hookspecs)
        self._providers: dict[str, Provider] = {}
        self._builtin: set[str] = set()
        for name in _blocked_from_environment() | set(blocked):
            self._pm.set_blocked(name)
        for module_name in BUILTIN_PLUGINS:
            module = importlib.import_module(module_name)
            self.register(module, name=module_name, distribution="supervisio (built in)")
            self._builtin.add(module_name)
        if autoload is None:
            autoload = not os.environ.get("SUPERVISIO_DISABLE_PLUGIN_AUTOLOAD")
        if autoload:
            self._load_entry_points()

    # ------------------------------------------------------------------------------------ registration

    def register(self, plugin: object, name: str | None = None, distribution: str | None = None) -> None:
        """Register a plugin object (a module, a class instance) by hand, e.g. from a script or a test."""
        name = name or getattr(plugin, "__name__", None) or type(plugin).__name__
        if self._pm.is_blocked(name):
            return
        try:
            self._pm.register(plugin, name=name)
        except (pluggy.PluginValidationError, ValueError) as error:
            raise PluginError(f"{Provider(name, distribution)} cannot be registered: {error}") from None
        self._providers[name] = Provider(name, distribution)
        self.__dict__.pop("renderers", None)  # registries are rebuilt on next use
        self.__dict__.pop("kinds", None)

    def _load_entry_points(self) -> None:
        for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            if self._pm.is_blocked(entry_point.name) or self._pm.has_plugin(entry_point.name):
                continue
            label = _distribution_label(entry_point.dist)
            try:
                plugin = entry_point.load()
            except Exception as error:
                raise PluginError(
                    f"{Provider(entry_point.name, label)} cannot be loaded from "
                    f"{entry_point.value!r}: {type(error).__name__}: {error}"
                ) from error
            self.register(plugin, name=entry_point.name, distribution=label)

    def info(self) -> list[PluginInfo]:
        """Every registered plugin, built-ins first."""
        return [
            PluginInfo(name, provider.distribution, name in self._builtin)
            for name, provider in self._providers.items()
            if self._pm.has_plugin(name)
        ]

    # ------------------------------------------------------------------------------------ calling

    def _implementations(self, hook: str) -> list[tuple[Callable[..., Any], Provider]]:
        """The implementations of ``hook`` in registration order (built-ins first)."""
        caller = getattr(self._pm.hook, hook)
        return [
            (impl.function, self._providers.get(impl.plugin_name, Provider(impl.plugin_name)))
            for impl in caller.get_hookimpls()
        ]

    def _call(self, hook: str, provider: Provider, function: Callable[..., Any], **kwargs: Any) -> Any:
        try:
            return function(**kwargs)
        except PluginError:
            raise
        except Exception as error:
            raise PluginError(
                f"{provider} failed in {hook}: {type(error).__name__}: {error}"
            ) from error

    @cached_property
    def renderers(self) -> RendererRegistry:
        """Every renderer, by format name."""
        registry = RendererRegistry()
        for function, provider in self._implementations("supervisio_register_renderers"):
            registry.provider = provider
            self._call("supervisio_register_renderers", provider, function, registry=registry)
        return registry

    @cached_property
    def kinds(self) -> KindRegistry:
        """Every document kind, by name."""
        registry = KindRegistry()
        for function, provider in self._implementations("supervisio_register_document_kinds"):
            registry.provider = provider
            self._call("supervisio_register_document_kinds", provider, function, registry=registry)
        return registry

    def template_dirs(self) -> list[Path]:
        """The plugins' template folders, in registration order."""
        folders: list[Path] = []
        for function, provider in self._implementations("supervisio_template_dirs"):
            result = self._call("supervisio_template_dirs", provider, function)
            folders.extend(Path(folder) for folder in result or ())
        return folders

    def prepare_environment(self, env: jinja2.Environment) -> None:
        """Let every plugin adjust the template environment."""
        for function, provider in self._implementations("supervisio_prepare_environment"):
            self._call("supervisio_prepare_environment", provider, function, env=env)

    def transform_document(self, document: Document, options: RenderOptions) -> Document:
        """Pass the document through every plugin's transform, in order."""
        from supervisio.doctree.nodes import Document as DocumentClass

        for function, provider in self._implementations("supervisio_transform_document"):
            result = self._call(
                "supervisio_transform_document", provider, function, document=document, options=options
            )
            if result is not None:
                if not isinstance(result, DocumentClass):
                    raise PluginError(
                        f"{provider} returned {type(result).__name__} from "
                        "supervisio_transform_document; expected a Document or None"
                    )
                document = result
        return document


def _blocked_from_environment() -> set[str]:
    value = os.environ.get("SUPERVISIO_DISABLE_PLUGINS", "")
    return {name.strip() for name in value.split(",") if name.strip()}


_default: Plugins | None = None


def get_plugins() -> Plugins:
    """The session's plugins, loaded on first use."""
    global _default
    if _default is None:
        _default = Plugins()
    return _default


def reset_plugins() -> None:
    """Forget the loaded plugins, so the next :func:`get_plugins` loads them anew (for tests)."""
    global _default
    _default = None
