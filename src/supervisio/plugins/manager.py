"""The plugin manager: a typed facade over pluggy that loads entry points lazily and names culprits.

Nothing here runs at ``import supervisio``: plugins are loaded the first time :func:`get_plugins` is called
(by the pipeline or the CLI). Built-ins are registered first, through the same hooks as everyone else.

- ``SUPERVISIO_DISABLE_PLUGIN_AUTOLOAD=1`` loads no entry points (only the built-ins and what code
  registers by hand), as pytest's ``PYTEST_DISABLE_PLUGIN_AUTOLOAD``;
- ``SUPERVISIO_DISABLE_PLUGINS=a,b`` blocks the named plugins.

Hooks are called by pluggy (``pm.hook.<name>(...)``), so its ordering (``tryfirst``, ``trylast``, last
registered first) and its wrappers (``wrapper=True``, ``hookwrapper=True``) work as pluggy documents them.
Every call goes through :meth:`Plugins._call`, which re-raises any exception as a :class:`PluginError`
naming the plugin whose implementation raised it (found in the traceback, :mod:`.culprit`), its
distribution and the hook. A plugin is checked when it is registered (:mod:`.checks`): an implementation
of a hook that does not exist, a hook function not marked (pluggy itself refuses a wrapper that cannot
yield).
"""

from __future__ import annotations

import importlib.metadata
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from supervisio.errors import SupervisioError
from supervisio.plugins import checks, hookspecs
from supervisio.plugins.culprit import Implementations
from supervisio.plugins.registry import (
    DocumentKind,
    KindRegistry,
    PluginError,
    Provider,
    RendererRegistry,
)

if TYPE_CHECKING:
    import jinja2

    from supervisio.doctree.nodes import Document
    from supervisio.renderers.base import RenderOptions

__all__ = ["ENTRY_POINT_GROUP", "PluginInfo", "Plugins", "get_plugins", "reset_plugins"]

ENTRY_POINT_GROUP = "supervisio"
BUILTIN_PLUGINS = ("supervisio.renderers.builtin", "supervisio.kinds.builtin")
BUILTIN_DISTRIBUTION = "supervisio (built in)"

TRANSFORM = "supervisio_transform_document"


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


def _failure(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


class Plugins:
    """The plugins of one session: built-ins, entry points and any registered by hand."""

    def __init__(self, *, autoload: bool | None = None, blocked: Iterable[str] = ()) -> None:
        self._pm = pluggy.PluginManager(hookspecs.PROJECT)
        self._pm.add_hookspecs(hookspecs)
        self._providers: dict[str, Provider] = {}
        for name in _blocked_from_environment() | set(blocked):
            self._pm.set_blocked(name)
        for module_name in BUILTIN_PLUGINS:
            module = importlib.import_module(module_name)
            self.register(module, name=module_name, distribution=BUILTIN_DISTRIBUTION, builtin=True)
        if autoload is None:
            autoload = not os.environ.get("SUPERVISIO_DISABLE_PLUGIN_AUTOLOAD")
        if autoload:
            self._load_entry_points()

    # ------------------------------------------------------------------------------------ registration

    def register(
        self, plugin: object, name: str | None = None, distribution: str | None = None, *, builtin: bool = False
    ) -> None:
        """Register a plugin object (a module, a class instance) by hand, e.g. from a script or a test.

        A plugin with a mistake in its hooks (see :mod:`supervisio.plugins.checks`) is refused with a
        :class:`PluginError` naming it, and is left unregistered.
        """
        name = name or getattr(plugin, "__name__", None) or type(plugin).__name__
        if self._pm.is_blocked(name):
            return
        provider = Provider(name, distribution, builtin)
        unmarked = checks.unmarked_hooks(plugin)
        if unmarked:
            raise PluginError(
                f"{provider} defines {', '.join(unmarked)} without marking it with @hookimpl "
                "(from supervisio.plugins import hookimpl), so it would never be called"
                + (checks.suggestion(unmarked[0]) if unmarked[0] not in checks.hook_names() else "")
            )
        try:
            self._pm.register(plugin, name=name)
        except (pluggy.PluginValidationError, ValueError) as error:
            raise PluginError(f"{provider} cannot be registered: {error}") from None
        misspelt = checks.misspelt_hooks(self._pm, plugin)
        if misspelt:
            self._pm.unregister(plugin)
            raise PluginError(
                f"{provider} implements {', '.join(misspelt)}, which is not a hook of supervisio"
                + checks.suggestion(misspelt[0])
            )
        self._providers[name] = provider
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
                    f"{entry_point.value!r}: {_failure(error)}"
                ) from error
            self.register(plugin, name=entry_point.name, distribution=label)

    def info(self) -> list[PluginInfo]:
        """Every registered plugin, built-ins first."""
        return [
            PluginInfo(name, provider.distribution, provider.builtin)
            for name, provider in self._providers.items()
            if self._pm.has_plugin(name)
        ]

    def provider(self, impl: pluggy.HookImpl) -> Provider:
        """Who registered the plugin of ``impl``."""
        return self._providers.get(impl.plugin_name, Provider(impl.plugin_name))

    # ------------------------------------------------------------------------------------ calling

    def _call(self, hook: str, **kwargs: Any) -> Any:
        """Call ``hook`` through pluggy; any failure becomes a PluginError naming the implementation's plugin."""
        caller: pluggy.HookCaller = getattr(self._pm.hook, hook)
        try:
            return caller(**kwargs)
        except PluginError:
            raise
        except Exception as error:
            raise self._blame(caller, error) from error

    def _blame(self, caller: pluggy.HookCaller, error: Exception) -> PluginError:
        impl = Implementations(caller).in_traceback(error)
        who = str(self.provider(impl)) if impl is not None else "a plugin"
        return PluginError(f"{who} failed in {caller.name}: {_failure(error)}")

    def _locator(self, hook: str) -> Callable[[], Provider]:
        """For a registry: the provider of the implementation of ``hook`` that is calling it now."""
        implementations = Implementations(getattr(self._pm.hook, hook))

        def locate() -> Provider:
            impl = implementations.on_stack()
            return self.provider(impl) if impl is not None else Provider("an unknown plugin")

        return locate

    @cached_property
    def renderers(self) -> RendererRegistry:
        """Every renderer, by format name."""
        hook = "supervisio_register_renderers"
        registry = RendererRegistry(self._locator(hook))
        self._call(hook, registry=registry)
        return registry

    @cached_property
    def kinds(self) -> KindRegistry:
        """Every document kind, by name."""
        hook = "supervisio_register_document_kinds"
        registry = KindRegistry(self._locator(hook))
        self._call(hook, registry=registry)
        return registry

    def template_dirs(self) -> list[Path]:
        """The plugins' template folders, in the order pluggy called the implementations."""
        results = self._call("supervisio_template_dirs")
        return [Path(folder) for result in results for folder in result or ()]

    def prepare_environment(self, env: jinja2.Environment) -> None:
        """Let every plugin adjust the template environment."""
        self._call("supervisio_prepare_environment", env=env)

    def transform_document(self, document: Document, options: RenderOptions) -> Document:
        """Pass the document through every plugin's transform, each receiving the one before's result.

        pluggy gives every implementation the same arguments and has no chain, so the chain runs as the
        one ordinary implementation of the call: the plain implementations are taken in the order pluggy
        would call them (``tryfirst``, then last registered first, then ``trylast``), and pluggy runs the
        wrappers around the chain. (A plugin implementing the hook twice, through ``specname``, once as a
        wrapper, would lose its wrapper: pluggy subsets hooks by plugin.)
        """
        caller: pluggy.HookCaller = getattr(self._pm.hook, TRANSFORM)
        steps = [impl for impl in reversed(caller.get_hookimpls()) if not (impl.wrapper or impl.hookwrapper)]

        def chain(document: Document, options: RenderOptions) -> Document:
            for impl in steps:
                document = self._transform_step(impl, document, options)
            return document

        wrappers = self._pm.subset_hook_caller(TRANSFORM, remove_plugins={impl.plugin for impl in steps})
        try:
            result = wrappers.call_extra([chain], {"document": document, "options": options})
        except PluginError:
            raise
        except Exception as error:
            raise self._blame(caller, error) from error
        return self._checked_document(result, "the wrappers of supervisio_transform_document", document)

    def _transform_step(self, impl: pluggy.HookImpl, document: Document, options: RenderOptions) -> Document:
        given = {"document": document, "options": options}
        try:
            result = impl.function(
                *(given[name] for name in impl.argnames),
                **{name: given[name] for name in impl.kwargnames if name in given},
            )
        except PluginError:
            raise
        except Exception as error:
            raise PluginError(f"{self.provider(impl)} failed in {TRANSFORM}: {_failure(error)}") from error
        return self._checked_document(result, str(self.provider(impl)), document)

    @staticmethod
    def _checked_document(result: object, who: str, document: Document) -> Document:
        from supervisio.doctree.nodes import Document as DocumentClass

        if result is None:
            return document
        if not isinstance(result, DocumentClass):
            raise PluginError(
                f"{who} returned {type(result).__name__} from {TRANSFORM}; expected a Document or None"
            )
        return result

    # ------------------------------------------------------------------------------------ kinds' own code

    @contextmanager
    def blame_kind(self, kind: DocumentKind, part: str) -> Iterator[None]:
        """Run a document kind's own code (``part``: its context, a slot), naming its plugin on failure.

        A kind's context and slots are plugin code called outside any hook, so they are guarded here the
        way hooks are: an exception becomes a :class:`PluginError` naming the plugin, its distribution
        and the kind. A :class:`~supervisio.errors.SupervisioError` raised on purpose (a record that is
        missing, a unit that does not exist) already says what is wrong and passes through.
        """
        try:
            yield
        except SupervisioError:
            raise
        except Exception as error:
            if kind.name in self.kinds and self.kinds.get(kind.name) is kind:
                who = f"{self.kinds.provider_of(kind.name)} failed in document kind {kind.name!r}"
            else:
                who = f"document kind {kind.name!r}, registered by no plugin, failed"
            raise PluginError(f"{who} ({part}): {_failure(error)}") from error


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
