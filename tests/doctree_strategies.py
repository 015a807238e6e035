"""Hypothesis strategies for document trees: every node type, every field, valid trees only.

Valid means what every renderer must accept: heading levels 1–4, rectangular tables with one width per
column (or none), list numbers CommonMark can write (0–999999999), Meta extra keys that are not front-matter
keys. The trees are *not* normalised (adjacent Texts, empty Strongs, typed heading numbers … all occur):
tests that need the normal form apply :func:`supervisio.doctree.normalize.normalize`.

Texts draw from all of Unicode (no surrogates) mixed with the characters Markdown, HTML and XML give a
meaning to, so that escaping is tried far more often than a uniform draw would.

Used by the Markdown round trip, and meant for any renderer's tests: ``from doctree_strategies import
documents``.
"""

from __future__ import annotations

from hypothesis import strategies as st

from supervisio.doctree.markdown_syntax import CONVENIENCE_KEYS, META_KEYS
from supervisio.doctree.nodes import (
    CHART_KINDS,
    Addressee,
    AttachmentNote,
    BulletList,
    Chart,
    DateLine,
    Document,
    Emph,
    Heading,
    Imprint,
    LineBreak,
    Masthead,
    Meta,
    OrderedList,
    PageBreak,
    Paragraph,
    Rule,
    Series,
    Signature,
    Strong,
    Style,
    Table,
    Text,
    Title,
)
from supervisio.doctree.numbering import heading_number

__all__ = [
    "SYNTAX_CHARACTERS",
    "blocks",
    "cells",
    "characters",
    "contents",
    "data_blocks",
    "documents",
    "headings",
    "inlines",
    "lists",
    "metas",
    "styles",
    "tables",
    "texts",
]

SYNTAX_CHARACTERS = "*_`[]<>&#|~!()\\-+=:.{}$;\"' \t\n\r\x00\x0b\x85\u2028\u3000\xa0\ufeff1一、（）“”。，"
"""Characters with a meaning somewhere (Markdown, YAML, HTML, XML, Chinese numbering), drawn often."""

characters = st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(SYNTAX_CHARACTERS))
"""One character: any (but a surrogate), or one of :data:`SYNTAX_CHARACTERS`."""


def texts(min_size: int = 0, max_size: int = 8) -> st.SearchStrategy[str]:
    """Short strings of :data:`characters`."""
    return st.text(characters, min_size=min_size, max_size=max_size)


inlines = st.recursive(
    st.one_of(st.builds(Text, texts()), st.just(LineBreak())),
    lambda children: st.one_of(
        st.builds(Strong, st.lists(children, max_size=3).map(tuple)),
        st.builds(Emph, st.lists(children, max_size=3).map(tuple)),
    ),
    max_leaves=6,
)
"""Text, LineBreak, Strong and Emph, nested."""

contents = st.lists(inlines, max_size=4).map(tuple)
"""The inline content of a block or a cell."""

cells = contents

styles = st.one_of(
    st.just(Style()),
    st.builds(
        Style,
        classes=st.lists(texts(), max_size=2).map(tuple),
        attributes=st.lists(st.tuples(texts(), texts()), max_size=2).map(tuple),
    ),
)
"""Mostly no style; otherwise classes and attributes of any text (duplicate keys included)."""

optional_texts = st.none() | texts()
optional_dates = st.none() | st.dates()
optional_integers = st.none() | st.integers()
text_tuples = st.lists(texts(), max_size=3).map(tuple)


@st.composite
def headings(draw: st.DrawFn) -> Heading:
    """A heading of level 1–4 whose number is None, the level's own (一、 …) or any text."""
    level = draw(st.integers(1, 4))
    number = draw(
        st.one_of(
            st.none(),
            st.integers(1, 120).map(lambda ordinal: heading_number(level, ordinal)),
            st.sampled_from(["(一)", "（1)", "1．", "十二、"]),
            texts(),
        )
    )
    return Heading(level=level, content=draw(contents), number=number, style=draw(styles))


@st.composite
def tables(draw: st.DrawFn) -> Table:
    """A rectangular table of 1–4 columns, with or without widths, totals and caption."""
    columns = draw(st.integers(1, 4))
    row = st.lists(cells, min_size=columns, max_size=columns).map(tuple)
    widths = st.just(()) | st.lists(st.integers(1, 99), min_size=columns, max_size=columns).map(tuple)
    return Table(
        header=draw(row),
        rows=tuple(draw(st.lists(row, max_size=3))),
        widths=draw(widths),
        totals=draw(st.none() | row),
        caption=draw(optional_texts),
        style=draw(styles),
    )


@st.composite
def charts(draw: st.DrawFn) -> Chart:
    """A chart of 0–4 labels and 1–3 series of finite numbers (or gaps), of any kind and options."""
    labels = tuple(draw(st.lists(texts(), max_size=4)))
    values = st.none() | st.floats(allow_nan=False, allow_infinity=False) | st.integers(-10**6, 10**6)
    series = st.builds(Series, name=texts(),
                       values=st.lists(values, min_size=len(labels), max_size=len(labels)).map(tuple))
    return Chart(
        kind=draw(st.sampled_from(CHART_KINDS)),
        labels=labels,
        series=tuple(draw(st.lists(series, min_size=1, max_size=3))),
        title=draw(optional_texts),
        unit=draw(optional_texts),
        category=draw(texts()),
        style=draw(styles),
    )


data_blocks = st.one_of(
    st.builds(
        Masthead,
        name=texts(),
        number=optional_integers,
        total_number=optional_integers,
        supplement=st.booleans(),
        issuer=optional_texts,
        date=optional_dates,
        style=styles,
    ),
    st.builds(Addressee, names=text_tuples, style=styles),
    st.builds(Signature, names=text_tuples, sealed=st.booleans(), style=styles),
    st.builds(DateLine, date=st.dates(), style=styles),
    st.builds(AttachmentNote, items=text_tuples, style=styles),
    st.builds(
        Imprint,
        report_to=text_tuples,
        send_to=text_tuples,
        distribute_to=text_tuples,
        copy_to=text_tuples,
        printer=optional_texts,
        printed_on=optional_dates,
        copies=optional_integers,
        style=styles,
    ),
    st.builds(PageBreak, style=styles),
)
"""The blocks Markdown lacks: masthead, addressee, signature, date line, attachments, imprint, page break."""

leaf_blocks = st.one_of(
    st.builds(Title, content=contents, style=styles),
    headings(),
    st.builds(Paragraph, content=contents, style=styles),
    tables(),
    charts(),
    st.builds(Rule, style=styles),
    data_blocks,
)


def lists(children: st.SearchStrategy) -> st.SearchStrategy:
    """Bullet and ordered lists whose items hold ``children`` blocks (empty items included)."""
    items = st.lists(st.lists(children, max_size=3).map(tuple), max_size=3).map(tuple)
    return st.one_of(
        st.builds(BulletList, items=items, style=styles),
        st.builds(OrderedList, items=items, start=st.integers(0, 999_999_999), style=styles),
    )


blocks = st.deferred(lambda: st.recursive(leaf_blocks, lists, max_leaves=8))
"""Any block, lists nested in lists."""

_RESERVED = frozenset((*META_KEYS, *CONVENIENCE_KEYS))

metas = st.builds(
    Meta,
    kind=texts(),
    title=optional_texts,
    issuer=optional_texts,
    date=optional_dates,
    landscape=st.booleans(),
    extra=st.lists(
        st.tuples(texts().filter(lambda key: key not in _RESERVED), texts()), max_size=3
    ).map(tuple),
)

documents = st.deferred(
    lambda: st.builds(Document, meta=metas, blocks=st.lists(blocks, max_size=6).map(tuple))
)
"""Any valid document."""
