"""From records to files: template → Markdown → tree → transforms → renderer → bytes.

::

    kind.context(request) ─► template (sandboxed, escaped) ─► Markdown ─► parse ─► slots filled with
    kind.blocks ─► headings numbered ─► plugins' transforms ─► renderer.render(document, options) ─► bytes

Each step is a function of its own, so that a script can enter anywhere: render a tree it built in Python,
convert a Markdown file, or compose a document without rendering it.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs
import markupsafe

from supervisio.doctree.nodes import Block, Document, Paragraph, Text
from supervisio.doctree.numbering import number_headings
from supervisio.domain.supervision import Supervision
from supervisio.errors import SupervisioError
from supervisio.kinds.kind import DocumentKind, KindRequest
from supervisio.plugins.manager import Plugins, get_plugins
from supervisio.renderers.base import RenderOptions, Renderer
from supervisio.templating.environment import make_environment, render_template

__all__ = ["compose", "convert_markdown", "finish", "render_document", "render_kind", "write_output"]


class SlotError(SupervisioError):
    """A template that marks a slot its kind does not fill (a template may leave a slot out on purpose)."""


def _slot_marker(token: str, name: str) -> str:
    return f"supervisio-slot-{token}-{name}"


def _fill_slots(
    document: Document, token: str, kind: DocumentKind, request: KindRequest, plugins: Plugins
) -> Document:
    """Replace each slot paragraph with the block its kind builds from the data (plugin code: guarded)."""
    prefix = f"supervisio-slot-{token}-"
    blocks: list[Block] = []
    for block in document.blocks:
        if (
            isinstance(block, Paragraph)
            and len(block.content) == 1
            and isinstance(block.content[0], Text)
            and block.content[0].text.startswith(prefix)
        ):
            name = block.content[0].text[len(prefix):]
            builder = kind.blocks.get(name)
            if builder is None:
                raise SlotError(f"template {kind.template}: kind {kind.name!r} has no slot {name!r}")
            with plugins.blame_kind(kind, f"slot {name!r}"):
                blocks.append(builder(request))
        else:
            blocks.append(block)
    return attrs.evolve(document, blocks=tuple(blocks))


def compose(
    kind: DocumentKind | str,
    request: KindRequest,
    *,
    plugins: Plugins | None = None,
    template_dir: str | Path | None = None,
) -> Document:
    """The document of ``kind`` for ``request``, parsed and with its slots filled (not yet numbered)."""
    from supervisio.doctree.from_markdown import parse_markdown
    from supervisio.doctree.markdown_syntax import page_break_markdown

    plugins = plugins or get_plugins()
    if isinstance(kind, str):
        kind = plugins.kinds.get(kind)
    if kind.per_unit and request.unit is None:
        raise SupervisioError(f"document kind {kind.name!r} ({kind.title}) is written to one unit: name it")
    if kind.per_unit and kind.city_wide:
        raise SupervisioError(f"document kind {kind.name!r} ({kind.title}) cannot be both per unit and city-wide")
    if request.group is None and not kind.city_wide:
        raise SupervisioError(f"document kind {kind.name!r} ({kind.title}) is written by one group: name it")
    env = make_environment(template_dir, plugins.template_dirs())
    token = secrets.token_hex(8)
    env.globals["slot"] = lambda name: markupsafe.Markup(f"\n\n{_slot_marker(token, name)}\n\n")
    env.globals["page_break"] = lambda: markupsafe.Markup(page_break_markdown())
    plugins.prepare_environment(env)
    with plugins.blame_kind(kind, "context"):
        context: Mapping[str, Any] = kind.context(request)
    text = render_template(env, kind.template, context)
    document = parse_markdown(text, source=f"{kind.template} (rendered)")
    document = _fill_slots(document, token, kind, request, plugins)
    if kind.landscape and not document.meta.landscape:
        document = attrs.evolve(document, meta=attrs.evolve(document.meta, landscape=True))
    return document


def finish(document: Document, options: RenderOptions, plugins: Plugins | None = None) -> Document:
    """Number the headings and apply every plugin's transform: the tree every renderer receives."""
    plugins = plugins or get_plugins()
    return plugins.transform_document(number_headings(document), options)


def render_document(
    document: Document,
    renderer: Renderer | str,
    options: RenderOptions | None = None,
    plugins: Plugins | None = None,
) -> bytes:
    """Render a document (finished here) with a renderer or a format name."""
    plugins = plugins or get_plugins()
    options = options or RenderOptions()
    if isinstance(renderer, str):
        renderer = plugins.renderers.get(renderer)
    finished = finish(document, options, plugins)
    try:
        output = renderer.render(finished, options)
    except SupervisioError:
        raise
    except Exception as error:
        provider = plugins.renderers.provider_of(renderer.name) if renderer.name in plugins.renderers else None
        who = f" ({provider})" if provider else ""
        raise SupervisioError(
            f"renderer {renderer.name!r}{who} failed: {type(error).__name__}: {error}"
        ) from error
    if not isinstance(output, bytes):
        raise SupervisioError(f"renderer {renderer.name!r} returned {type(output).__name__}, not bytes")
    return output


def render_kind(
    supervision: Supervision,
    kind: str,
    fmt: str,
    *,
    as_of: dt.date,
    group: int | None = None,
    unit: str | None = None,
    options: RenderOptions | None = None,
    template_dir: str | Path | None = None,
    plugins: Plugins | None = None,
    parameters: Mapping[str, object] | None = None,
) -> bytes:
    """One document of ``kind`` in format ``fmt`` (``docx``, ``html``, ``md`` …), as bytes.

    Without ``options``, the campaign's own document settings apply (``[campaign.settings.documents]``).
    ``unit`` may be the unit's full name, short name or an alias. ``parameters`` are the values of the
    kind's declared parameters (text is parsed, as ``--param`` gives it; a ParameterError says what is
    wrong); the kind's defaults fill the rest.
    """
    if unit is not None:
        unit = supervision.unit(unit).name
    plugins = plugins or get_plugins()
    if options is None:
        options = supervision.campaign.settings.documents  # the campaign's settings are the options
    the_kind = plugins.kinds.get(kind)
    request = KindRequest(supervision=supervision, as_of=as_of, group=group, unit=unit,
                          parameters=the_kind.resolve_parameters(parameters or {}))
    document = compose(the_kind, request, plugins=plugins, template_dir=template_dir)
    return render_document(document, fmt, options, plugins)


def convert_markdown(
    text: str,
    fmt: str,
    *,
    source: str = "<string>",
    options: RenderOptions | None = None,
    plugins: Plugins | None = None,
) -> bytes:
    """Any Markdown document in the supervisio dialect, rendered to ``fmt``."""
    from supervisio.doctree.from_markdown import parse_markdown

    return render_document(parse_markdown(text, source=source), fmt, options, plugins)


def write_output(path: str | os.PathLike[str], data: bytes) -> None:
    """Write an output file atomically: a failed run never leaves half a file or clobbers a good one.

    Missing folders are created; a path that cannot be written (a folder, a file in the way, no
    permission, a full disk) raises :class:`supervisio.outputs.OutputError`, one line naming the path.
    """
    from supervisio.outputs import write_output as write

    write(path, data)


def formats(plugins: Plugins | None = None) -> Iterable[str]:
    """The names of the installed formats."""
    return (plugins or get_plugins()).renderers.names()
