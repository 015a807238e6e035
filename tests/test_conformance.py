"""The built-in renderers run the same conformance suite as any plugin (supervisio.testing)."""

from __future__ import annotations

from supervisio.doctree.from_markdown import parse_markdown
from supervisio.doctree.nodes import plain_text
from supervisio.renderers.html import HtmlRenderer, clean_text
from supervisio.renderers.markdown import MarkdownRenderer
from supervisio.testing import RendererConformance, texts_of

from test_documents import html_text


class TestMarkdownRenderer(RendererConformance):
    renderer = MarkdownRenderer()

    def read_text(self, data: bytes) -> str:
        document = parse_markdown(data.decode("utf-8"))
        return "\n".join(texts_of(document) + [plain_text(getattr(b, "content", ())) for b in document.blocks])


class TestHtmlRenderer(RendererConformance):
    renderer = HtmlRenderer()

    def read_text(self, data: bytes) -> str:
        return html_text(data)

    def expected_text(self, text: str) -> str:
        return clean_text(text)
