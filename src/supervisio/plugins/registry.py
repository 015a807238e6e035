"""Registries that hooks fill: renderers by format name, document kinds by kind name.

Each entry remembers the plugin that provided it, so that a clash or a failure can name both sides
("renderer 'docx' is provided by plugin docx (supervisio-docx 0.1.0) and by plugin mydocx (acme-docx 2.0)").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

import attrs

from supervisio.errors import SupervisioError
from supervisio.kinds.kind import DocumentKind, KindRequest
from supervisio.renderers.base import Renderer

__all__ = [
    "DocumentKind",
    "KindRegistry",
    "KindRequest",
    "PluginError",
    "Provider",
    "RendererRegistry",
    "UnknownName",
]


class PluginError(SupervisioError):
    """A plugin that cannot be loaded, registers something invalid or clashing, or fails in a hook."""


class UnknownName(SupervisioError):
    """A format or document kind that no installed plugin provides; the message lists those available."""


@attrs.frozen
class Provider:
    """Who provided an entry: the plugin's name and its distribution (``supervisio-docx 0.1.0``)."""

    plugin: str
    distribution: str | None = None
    builtin: bool = attrs.field(default=False, eq=False)

    def __str__(self) -> str:
        return f"plugin {self.plugin} ({self.distribution or 'not installed as a distribution'})"


_T = TypeVar("_T")


class _Registry(Generic[_T]):
    """Entries by their ``name``, each with its provider.

    The provider is whoever is calling :meth:`add`: ``locate`` (given by the plugin manager) finds the
    implementation of the hook on the stack, since pluggy, not supervisio, calls the implementations.
    Assigning :attr:`provider` fixes it instead (a registry filled by hand).
    """

    what = "entry"

    def __init__(self, locate: Callable[[], Provider] | None = None) -> None:
        self._entries: dict[str, tuple[_T, Provider]] = {}
        self._locate = locate or (lambda: Provider("supervisio"))

    @property
    def provider(self) -> Provider:
        """The plugin adding entries now."""
        return self._locate()

    @provider.setter
    def provider(self, value: Provider) -> None:
        self._locate = lambda: value

    def _check(self, entry: _T) -> None:
        """Refuse an entry that is not what the registry holds (overridden per registry)."""

    def add(self, entry: _T) -> None:
        """Register ``entry`` under its name; a name already taken is an error naming both providers."""
        self._check(entry)
        name: str = getattr(entry, "name")  # noqa: B009 (renderers and kinds both carry a name)
        provider = self.provider
        if name in self._entries:
            _, first = self._entries[name]
            blockable = provider if first.builtin or not provider.builtin else first
            raise PluginError(
                f"{self.what} {name!r} is provided twice: by {first} and by {provider}; "
                f"uninstall one, or block it with SUPERVISIO_DISABLE_PLUGINS={blockable.plugin}"
            )
        self._entries[name] = (entry, provider)

    def get(self, name: str) -> _T:
        """The entry called ``name``; UnknownName listing the available ones when there is none."""
        try:
            return self._entries[name][0]
        except KeyError:
            available = ", ".join(sorted(self._entries)) or "none"
            raise UnknownName(f"unknown {self.what} {name!r}; available: {available}") from None

    def provider_of(self, name: str) -> Provider:
        """Who registered ``name``."""
        return self._entries[name][1]

    def names(self) -> list[str]:
        """The registered names, in the order they were added (the order pluggy called the hooks)."""
        return list(self._entries)

    def __iter__(self) -> Iterator[_T]:
        return (entry for entry, _ in self._entries.values())

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __len__(self) -> int:
        return len(self._entries)


class RendererRegistry(_Registry[Renderer]):
    """The renderers, by format name (``docx``, ``html``, ``md``)."""

    what = "format"

    def _check(self, entry: Renderer) -> None:
        missing = [a for a in ("name", "suffix", "media_type", "render") if not hasattr(entry, a)]
        if missing:
            raise PluginError(
                f"{self.provider} registered a renderer without {', '.join(missing)}: "
                "a renderer needs name, suffix, media_type and render(document, options) -> bytes"
            )
        if not entry.suffix.startswith("."):
            raise PluginError(f"{self.provider}: renderer {entry.name!r} has suffix {entry.suffix!r}; it must start with '.'")

    def for_suffix(self, suffix: str) -> Renderer:
        """The renderer writing files ending in ``suffix`` (``.docx``); UnknownName when none does."""
        for renderer in self:
            if renderer.suffix.lower() == suffix.lower():
                return renderer
        known = ", ".join(sorted(r.suffix for r in self)) or "none"
        raise UnknownName(f"no renderer writes {suffix or 'files without a suffix'!r} files; suffixes: {known}")


class KindRegistry(_Registry[DocumentKind]):
    """The document kinds, by name (``report``, ``briefing`` …)."""

    what = "document kind"

    def _check(self, entry: DocumentKind) -> None:
        if not isinstance(entry, DocumentKind):
            raise PluginError(f"{self.provider} registered {entry!r}, which is not a DocumentKind")
