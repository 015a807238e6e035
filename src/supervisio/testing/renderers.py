"""The conformance suite every renderer runs: :class:`RendererConformance`.

Three kinds of check, each needing a little more from the renderer's test class:

- always: the renderer says what it is, and renders every golden document with every option set, and an
  empty document, to bytes;
- with ``read_structure(data) -> Outline``: the output has the tree's shape (every block in its place,
  heading levels, table rows and cells), for the golden documents and for any shape Hypothesis makes up;
- with ``read_text(data) -> str``: every text of the golden documents, and any text Hypothesis makes up
  (put in each of :data:`TEXT_PLACES` in turn), comes out verbatim, after ``expected_text`` (a documented
  replacement) and, for formats that re-wrap lines, ignoring whitespace (``whitespace_tolerant = True``).

A check whose reader is not defined is *skipped* with the reason, never passed, so a report shows what
was not checked. The number of examples is Hypothesis' current profile (``--hypothesis-profile``,
``settings.load_profile``): the suite sets no ``max_examples`` of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supervisio.doctree.nodes import (
    Block,
    BulletList,
    Cell,
    Document,
    Heading,
    OrderedList,
    PageBreak,
    Paragraph,
    Rule,
    Table,
    Text,
    Title,
)
from supervisio.doctree.numbering import number_headings
from supervisio.renderers.base import RenderOptions, Renderer
from supervisio.testing.golden import GOLDEN, OPTION_SETS, texts_of
from supervisio.testing.outline import Outline, differences, outline_of

__all__ = ["TEXT_PLACES", "RendererConformance"]


def _paragraph(text: str) -> Paragraph:
    return Paragraph(content=(Text(text),))


def _table(header: Cell, cell: Cell) -> Table:
    return Table(header=(header, (Text("列"),)), rows=(((Text("行"),), cell),))


TEXT_PLACES: dict[str, Callable[[str], Block]] = {
    "paragraph": _paragraph,
    "title": lambda text: Title(content=(Text(text),)),
    "heading": lambda text: Heading(level=2, content=(Text(text),)),
    "bullet item": lambda text: BulletList(items=((_paragraph(text),),)),
    "ordered item": lambda text: OrderedList(items=((_paragraph(text),),)),
    "table header": lambda text: _table((Text(text),), ()),
    "table cell": lambda text: _table((Text("表头"),), (Text(text),)),
}
"""Where the text Hypothesis makes up is put, one place per example: a block of each kind a text can be
in. (A heading's text may begin with what reads as its number, ``1.`` or ``（一）``: the renderer prints
it whole, number and text, and the reader need not tell them apart.)"""

_ANY_TEXT = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40).filter(str.strip)
"""Any text a file can hold (UTF-8: no lone surrogates), up to 40 characters, not only whitespace."""

_SHAPE_BLOCKS = st.one_of(
    st.integers(1, 4).map(lambda level: Heading(level=level, content=(Text(f"{level}级标题"),))),
    st.just(_paragraph("正文")),
    st.just(BulletList(items=((_paragraph("甲"),), (_paragraph("乙"),)))),
    st.just(OrderedList(items=((_paragraph("一"),),))),
    st.just(Rule()),
    st.just(PageBreak()),
    st.tuples(st.integers(1, 6), st.integers(0, 8), st.booleans()).map(
        lambda shape: Table(
            header=tuple((Text(f"列{c}"),) for c in range(shape[0])),
            rows=tuple(tuple((Text(f"{r}.{c}"),) for c in range(shape[0])) for r in range(shape[1])),
            totals=tuple((Text("合计"),) if c == 0 else () for c in range(shape[0])) if shape[2] else None,
        )
    ),
)
"""Blocks whose shape a reader can check: headings of every level, paragraphs, lists, rules, page breaks, tables of
1–6 columns and 0–8 rows, with or without a totals row."""

_RELAXED = [HealthCheck.too_slow, HealthCheck.data_too_large]


def _profile_settings() -> settings:
    """The current profile's settings, read when a property runs (not when this module is imported, which
    may be before a conftest loads its profile), with no deadline: renderers may be slow on first use."""
    return settings(deadline=None, suppress_health_check=_RELAXED)


def _no_space(text: str) -> str:
    return "".join(text.split())


class RendererConformance:
    """Subclass with ``renderer = MyRenderer()``; define ``read_text`` and ``read_structure`` to check more."""

    renderer: ClassVar[Renderer]

    whitespace_tolerant: ClassVar[bool] = False
    """True for a format that re-wraps lines (plain text filled to a width, PDF text): texts are then
    compared with all whitespace removed, since a line may be broken anywhere, even between two 汉字."""

    def read_text(self, data: bytes) -> str | None:
        """The text of a rendered document; None (the default) skips the text checks."""
        return None

    def read_structure(self, data: bytes) -> Outline | None:
        """The outline of a rendered document (:class:`Outline`); None (the default) skips the shape checks."""
        return None

    def expected_text(self, text: str) -> str:
        """What ``text`` becomes in the output (override for a documented replacement)."""
        return text

    def render(self, document: Document, options: RenderOptions | None = None) -> bytes:
        return self.renderer.render(number_headings(document), options or RenderOptions())

    # helpers

    def _text_of(self, document: Document) -> str:
        text = self.read_text(self.render(document))
        if text is None:
            pytest.skip(f"{type(self).__name__} does not read its output back as text (define read_text)")
        return text

    def _outline_of_output(self, document: Document) -> Outline:
        outline = self.read_structure(self.render(document))
        if outline is None:
            pytest.skip(
                f"{type(self).__name__} does not read its output's structure (define read_structure)"
            )
        return outline

    def assert_contains(self, read: str, text: str) -> None:
        """``text`` (as the renderer writes it) is in ``read``; whitespace aside when tolerant."""
        expected = self.expected_text(text).strip()
        if self.whitespace_tolerant:
            assert _no_space(expected) in _no_space(read), text
        else:
            assert expected in read, text

    def assert_shape(self, document: Document, read: Outline) -> None:
        wrong = list(differences(outline_of(number_headings(document)), read))
        assert not wrong, "; ".join(wrong)

    # always

    def test_says_what_it_is(self) -> None:
        renderer = self.renderer
        assert isinstance(renderer, Renderer)
        assert isinstance(renderer.name, str) and renderer.name.isidentifier()
        assert renderer.suffix.startswith(".") and len(renderer.suffix) > 1
        assert "/" in renderer.media_type

    @pytest.mark.parametrize("name", sorted(GOLDEN))
    @pytest.mark.parametrize("option_set", sorted(OPTION_SETS))
    def test_renders_golden_documents(self, name: str, option_set: str) -> None:
        data = self.render(GOLDEN[name], OPTION_SETS[option_set])
        assert isinstance(data, bytes) and data

    def test_empty_document(self) -> None:
        assert isinstance(self.render(Document()), bytes)

    # with read_structure

    @pytest.mark.parametrize("name", sorted(GOLDEN))
    def test_golden_structure_survives(self, name: str) -> None:
        document = GOLDEN[name]
        self.assert_shape(document, self._outline_of_output(document))

    def test_any_structure_survives(self) -> None:
        self._outline_of_output(Document())  # skips without read_structure, before Hypothesis runs

        @_profile_settings()
        @given(blocks=st.lists(_SHAPE_BLOCKS, min_size=1, max_size=8))
        def check(blocks: list[Block]) -> None:
            document = Document(blocks=tuple(blocks))
            self.assert_shape(document, self._outline_of_output(document))

        check()

    # with read_text

    @pytest.mark.parametrize("name", sorted(GOLDEN))
    def test_golden_text_survives(self, name: str) -> None:
        read = self._text_of(GOLDEN[name])
        for expected in texts_of(GOLDEN[name]):
            self.assert_contains(read, expected)

    def test_any_text_survives(self) -> None:
        self._text_of(Document())  # skips without read_text, before Hypothesis runs

        @_profile_settings()
        @given(text=_ANY_TEXT, place=st.sampled_from(sorted(TEXT_PLACES)))
        def check(text: str, place: str) -> None:
            document = Document(blocks=(TEXT_PLACES[place](text),))
            self.assert_contains(self._text_of(document), text)

        check()
