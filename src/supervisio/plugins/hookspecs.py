"""The hooks of supervisio: every way a plugin can add to it or adjust it.

Hooks register or adjust; the work is done by the objects they register (renderers, document kinds), as in
pytest. Built-ins register through the same hooks as third-party plugins. Each hook has a section in
``docs/hooks.md``.

A plugin is any module or object with functions named after these hooks and marked with
:data:`hookimpl`; a distribution makes it known through the ``supervisio`` entry-point group::

    [project.entry-points.supervisio]
    docx = "supervisio_docx"

pluggy calls the implementations, so its options work: ``@hookimpl(tryfirst=True)`` and ``trylast``
order them, ``@hookimpl(wrapper=True)`` (and the older ``hookwrapper=True``) wraps the others. A function
marked as an implementation whose name is not one of these hooks is an error when the plugin is loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import jinja2

    from supervisio.doctree.nodes import Document
    from supervisio.plugins.registry import KindRegistry, RendererRegistry
    from supervisio.renderers.base import RenderOptions

__all__ = ["PROJECT", "hookimpl", "hookspec"]

PROJECT = "supervisio"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)
"""Mark a plugin's function as the implementation of the hook of the same name."""


@hookspec
def supervisio_register_renderers(registry: RendererRegistry) -> None:
    """Add renderers: ``registry.add(renderer)``.

    A renderer has ``name``, ``suffix``, ``media_type`` and ``render(document, options) -> bytes``. Its name
    is the format users ask for (``--format docx``) and must be unique: a second renderer of the same name is
    an error naming both plugins.
    """


@hookspec
def supervisio_register_document_kinds(registry: KindRegistry) -> None:
    """Add document kinds: ``registry.add(DocumentKind(...))``.

    A kind names a template and builds its context from the records and the facts (see
    :class:`~supervisio.plugins.registry.DocumentKind`). Names are unique, like renderers'.
    """


@hookspec
def supervisio_template_dirs() -> list[Path]:
    """Return folders of templates.

    They are searched after the user's own folder and before the built-in templates, so a plugin can
    override a built-in template by name or add templates for its own document kinds.
    """
    raise NotImplementedError  # a specification: pluggy calls the plugins' implementations, never this


@hookspec
def supervisio_prepare_environment(env: jinja2.Environment) -> None:
    """Adjust the Jinja2 environment before any template is loaded: add filters, tests or globals.

    The environment is sandboxed and undefined names raise; a plugin must not turn either off.
    """


@hookspec(firstresult=True)
def supervisio_transform_document(document: Document, options: RenderOptions) -> Document | None:
    """Return a changed document, or None to leave it as it is.

    Called after the Markdown is parsed and the headings numbered, before any renderer sees the document;
    each implementation receives the result of the one before, in pluggy's order. Transforms apply to
    every format, so that installing a plugin never makes two formats disagree.

    pluggy gives every implementation the same arguments, so the chain is run as one step of the hook
    call (:meth:`supervisio.plugins.Plugins.transform_document`); wrappers wrap the whole chain and, the
    hook being ``firstresult``, receive and may replace the one resulting document.
    """
