"""The conformance suite every document kind runs: :class:`KindConformance`.

::

    from supervisio.testing import KindConformance

    class TestRoster(KindConformance):
        kind = "roster"

A kind is checked on a campaign (the embedded demo unless ``supervision`` is overridden) as of a day: every
request it can be asked for (each group; for a per-unit kind, each unit of each group) is composed and
rendered in every installed format, and its Markdown must read back as the same tree, so that a document
saved as Markdown, edited and converted keeps what the kind made. Failures are collected and reported
together, one line per request and format, because a kind that fails for one unit often fails for several.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, ClassVar

from supervisio.errors import SupervisioError

if TYPE_CHECKING:
    from supervisio.doctree.nodes import Document
    from supervisio.domain.supervision import Supervision
    from supervisio.plugins import DocumentKind, KindRequest, Plugins
    from supervisio.renderers.base import RenderOptions

__all__ = ["KindConformance"]


@functools.cache
def _demo() -> Supervision:
    from supervisio.demo import load_demo

    return load_demo()


def _label(request: KindRequest) -> str:
    if request.group is None:
        return "the whole campaign"
    return f"group {request.group}" + (f", unit {request.unit}" if request.unit else "")


class KindConformance:
    """Subclass with ``kind = "name"``; override ``plugins`` to test a kind registered by hand."""

    kind: ClassVar[str]
    as_of: ClassVar[dt.date] = dt.date(2022, 4, 15)
    """The day the documents are asked for (the demo's report date)."""
    parameters: ClassVar[Mapping[str, object]] = {}
    """Values of the kind's declared parameters (text as ``--param`` gives it); a kind with a required
    parameter sets them here, e.g. ``{"problem": "DD07-003"}``."""

    def plugins(self) -> Plugins:
        """The plugins the kind and the formats come from: every installed one."""
        from supervisio.plugins import get_plugins

        return get_plugins()

    def supervision(self) -> Supervision:
        """The campaign the kind is checked on: the embedded demo (第七巡回督导组, ten units)."""
        return _demo()

    def requests(self, kind: DocumentKind) -> Iterator[KindRequest]:
        """Every request the kind can be asked for: each group, or each unit of each group; a city-wide
        kind once, for the whole campaign."""
        from supervisio.plugins import KindRequest

        supervision = self.supervision()
        parameters = kind.resolve_parameters(self.parameters)
        if kind.city_wide:
            yield KindRequest(supervision=supervision, as_of=self.as_of, parameters=parameters)
            return
        for group in supervision.groups:
            units = group.unit_names if kind.per_unit else (None,)
            for unit in units:
                yield KindRequest(supervision=supervision, as_of=self.as_of, group=group.number, unit=unit,
                                  parameters=parameters)

    def options(self) -> RenderOptions:
        return self.supervision().campaign.settings.documents

    def _composed(self, plugins: Plugins) -> Iterator[tuple[KindRequest, Document | str]]:
        """Each request with its document, or with the error that kept it from being composed."""
        from supervisio.pipeline import compose

        kind = plugins.kinds.get(self.kind)
        for request in self.requests(kind):
            try:
                yield request, compose(kind, request, plugins=plugins)
            except SupervisioError as error:
                yield request, f"{type(error).__name__}: {error}"

    def test_is_registered(self) -> None:
        kind = self.plugins().kinds.get(self.kind)
        assert kind.name == self.kind and kind.title and kind.template

    def test_every_request_renders_in_every_format(self) -> None:
        from supervisio.pipeline import render_document

        plugins = self.plugins()
        formats = plugins.renderers.names()
        failures: list[str] = []
        count = 0
        for request, document in self._composed(plugins):
            count += 1
            if isinstance(document, str):
                failures.append(f"{_label(request)}: {document}")
                continue
            for fmt in formats:
                try:
                    data = render_document(document, fmt, self.options(), plugins)
                except SupervisioError as error:
                    failures.append(f"{_label(request)}, {fmt}: {type(error).__name__}: {error}")
                    continue
                if not (isinstance(data, bytes) and data):
                    failures.append(f"{_label(request)}, {fmt}: no bytes")
        assert count, f"the campaign has nothing to ask kind {self.kind!r} for"
        assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)

    def test_markdown_round_trip(self) -> None:
        from supervisio.doctree.from_markdown import parse_markdown
        from supervisio.doctree.normalize import normalize
        from supervisio.pipeline import finish

        plugins = self.plugins()
        markdown = plugins.renderers.get("md")
        failures: list[str] = []
        for request, document in self._composed(plugins):
            if isinstance(document, str):
                failures.append(f"{_label(request)}: {document}")
                continue
            finished = finish(document, self.options(), plugins)
            text = markdown.render(finished, self.options()).decode("utf-8")
            read = parse_markdown(text, source=f"{self.kind} ({_label(request)}).md")
            if read != normalize(finished):
                failures.append(f"{_label(request)}: {_first_difference(normalize(finished), read)}")
        assert not failures, f"{len(failures)} Markdown round trips differ:\n" + "\n".join(failures)


def _first_difference(expected: Document, read: Document) -> str:
    """Where two trees first differ, in a line: the meta, or the first block that is not the same."""
    if expected.meta != read.meta:
        return f"the front matter reads back as {read.meta!r}, not {expected.meta!r}"
    for index, (wanted, got) in enumerate(zip(expected.blocks, read.blocks)):
        if wanted != got:
            return f"block {index} reads back as {got!r}, not {wanted!r}"
    return f"{len(read.blocks)} blocks read back, not {len(expected.blocks)}"
