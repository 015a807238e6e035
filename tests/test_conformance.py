"""The built-in renderers and document kinds, and the example plugin's kind, run the same conformance suites
as any plugin (supervisio.testing)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from supervisio.doctree.from_markdown import parse_markdown
from supervisio.doctree.nodes import Document, Paragraph, Text, plain_text
from supervisio.plugins import Plugins
from supervisio.renderers.html import HtmlRenderer, clean_text
from supervisio.renderers.markdown import MarkdownRenderer
from supervisio.testing import KindConformance, Outline, RendererConformance, outline_of, texts_of
from support import FIXTURES
from test_documents import html_text


class TestMarkdownRenderer(RendererConformance):
    renderer = MarkdownRenderer()

    def read_text(self, data: bytes) -> str:
        document = parse_markdown(data.decode("utf-8"))
        return "\n".join(texts_of(document) + [plain_text(getattr(b, "content", ())) for b in document.blocks])

    def read_structure(self, data: bytes) -> Outline:
        return outline_of(parse_markdown(data.decode("utf-8")))


# ------------------------------------------------------------------------------------------------ HTML

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})

_BLOCK_BY_CLASS = {
    ("header", "masthead"): "Masthead",
    ("h1", "title"): "Title",
    ("p", "addressee"): "Addressee",
    ("p", "dateline"): "DateLine",
    ("div", "page-break"): "PageBreak",
    ("div", "attachments"): "AttachmentNote",
    ("div", "signature"): "Signature",
    ("div", "imprint-slot"): "Imprint",
    ("hr", "rule"): "Rule",
}
"""How the HTML renderer marks each block at the top of the sheet (``renderers/html/blocks.py``)."""


class _HtmlOutline(HTMLParser):
    """The blocks directly inside ``<main class="sheet">``, heading levels and table row shapes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.headings: list[int] = []
        self.tables: list[list[int]] = []
        self._depth = 0
        self._sheet: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        if tag == "main" and "sheet" in classes:
            self._sheet = self._depth + 1
        elif self._sheet is not None and self._depth == self._sheet:
            self._top_level(tag, classes)
        if self._sheet is not None and self.tables and tag == "tr":
            self.tables[-1].append(0)
        elif self._sheet is not None and self.tables and tag in ("td", "th"):
            self.tables[-1][-1] += 1
        if tag not in _VOID:
            self._depth += 1

    def _top_level(self, tag: str, classes: set[str]) -> None:
        if "imprint-pinned" in classes:
            return  # the print copy of the 版记 that the flowing copy stands for
        name = next((block for (t, c), block in _BLOCK_BY_CLASS.items() if t == tag and c in classes), None)
        if name is None and tag in ("h2", "h3", "h4", "h5") and "heading" in classes:
            name = "Heading"
            self.headings.append(int(tag[1]) - 1)
        name = name or {"p": "Paragraph", "ul": "BulletList", "ol": "OrderedList", "table": "Table"}.get(tag)
        if name == "Table":
            self.tables.append([])
        self.blocks.append(name or f"<{tag} class={' '.join(sorted(classes))}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        self._depth -= 1
        if self._sheet is not None and self._depth < self._sheet:
            self._sheet = None


def html_outline(data: bytes) -> Outline:
    parser = _HtmlOutline()
    parser.feed(data.decode("utf-8"))
    return Outline(
        blocks=tuple(parser.blocks),
        headings=tuple(parser.headings),
        tables=tuple(tuple(rows) for rows in parser.tables),
    )


class TestHtmlRenderer(RendererConformance):
    renderer = HtmlRenderer()

    def read_text(self, data: bytes) -> str:
        return html_text(data)

    def read_structure(self, data: bytes) -> Outline:
        return html_outline(data)

    def expected_text(self, text: str) -> str:
        return clean_text(text)


# ------------------------------------------------------------------------------------------------ the suite itself


class _Blind:
    """A renderer whose output cannot be read back: the suite must skip, not pass, what needs reading."""

    name, suffix, media_type = "blind", ".blind", "application/octet-stream"

    def render(self, document, options) -> bytes:
        return b"\x00"


class TestBlindRendererSkips(RendererConformance):
    renderer = _Blind()


def test_checks_without_a_reader_are_skipped_with_the_reason():
    suite = TestBlindRendererSkips()
    checks = {
        "define read_text": [suite.test_any_text_survives, lambda: suite.test_golden_text_survives("report")],
        "define read_structure": [suite.test_any_structure_survives,
                                  lambda: suite.test_golden_structure_survives("ledger")],
    }
    for reason, calls in checks.items():
        for call in calls:
            with pytest.raises(pytest.skip.Exception, match=reason):
                call()


class _Rewrapping:
    """Plain text filled to 10 characters a line: the text survives, its line breaks do not."""

    name, suffix, media_type = "wrapped", ".wrapped", "text/plain"

    def render(self, document, options) -> bytes:
        from supervisio.testing import texts_of

        text = "".join(texts_of(document))
        return "\n".join(text[i:i + 10] for i in range(0, len(text), 10)).encode("utf-8")


class TestWhitespaceTolerantRenderer(RendererConformance):
    renderer = _Rewrapping()
    whitespace_tolerant = True

    def read_text(self, data: bytes) -> str:
        return data.decode("utf-8")


def test_without_tolerance_a_rewrapped_text_is_missed():
    strict = TestWhitespaceTolerantRenderer()
    strict.whitespace_tolerant = False
    text = "第七巡回督导组问题整改台账"
    with pytest.raises(AssertionError):
        strict.assert_contains(strict.read_text(strict.render(Document(blocks=(Paragraph(content=(Text(text),)),)))), text)


# ------------------------------------------------------------------------------------------------ kinds


def test_every_builtin_kind_has_a_conformance_class():
    tested = {cls.kind for cls in globals().values() if isinstance(cls, type) and issubclass(cls, KindConformance)
              and cls is not KindConformance}
    assert set(Plugins(autoload=False).kinds.names()) <= tested


class TestReportKind(KindConformance):
    kind = "report"


class TestBriefingKind(KindConformance):
    kind = "briefing"


class TestPromptKind(KindConformance):
    kind = "prompt"


class TestOpinionKind(KindConformance):
    kind = "opinion"


class TestRectificationKind(KindConformance):
    kind = "rectification"


class TestLedgerKind(KindConformance):
    kind = "ledger"


class TestWeeklyKind(KindConformance):
    kind = "weekly"


class TestBulletinKind(KindConformance):
    kind = "bulletin"


class TestExamplePluginKind(KindConformance):
    """The example plugin's 督导组名册, registered by hand with every installed plugin beside it."""

    kind = "roster"

    @pytest.fixture(autouse=True)
    def _example_on_path(self, monkeypatch):
        monkeypatch.syspath_prepend(str(FIXTURES / "plugin-example" / "src"))

    def plugins(self) -> Plugins:
        import supervisio_example

        plugins = Plugins()
        if "roster" not in plugins.kinds:  # not installed as a distribution here
            plugins.register(supervisio_example, name="example", distribution="supervisio-example (tests)")
        return plugins
