"""Testing helpers for plugin authors: conformance suites every renderer and every document kind runs.

::

    from supervisio.testing import KindConformance, RendererConformance

    class TestMyRenderer(RendererConformance):
        renderer = MyRenderer()

    class TestMyKind(KindConformance):
        kind = "roster"

:class:`RendererConformance` (:mod:`.renderers`) renders golden documents (a 工作汇报, a 工作简报 with 报头
and 报尾, a landscape 问题台账, a document holding every node type) with every option set; a renderer that
reads its output back as text (``read_text``) or as an :class:`Outline` (``read_structure``) is also
checked for text and shape surviving, on the golden documents and on what Hypothesis makes up.
:class:`KindConformance` (:mod:`.kinds`) renders a kind for every group or unit in every installed format
and checks its Markdown round trip.

This package is also a pytest plugin — enable it with ``pytest_plugins = ["supervisio.testing"]`` in a
``conftest.py`` (it is not auto-loaded, so that installing supervisio never changes anyone's test run): it
provides the fixtures ``golden_document`` (parametrised over the golden documents) and ``isolated_plugins``
(a plugin manager with the built-ins only, for tests that register plugins by hand). It needs pytest and
Hypothesis (``pip install 'supervisio[test]'``).
"""

from __future__ import annotations

from typing import Any

import pytest

from supervisio.doctree.nodes import Document
from supervisio.testing.golden import GOLDEN, OPTION_SETS, TRICKY, golden_documents, texts_of
from supervisio.testing.kinds import KindConformance
from supervisio.testing.outline import Outline, outline_of, table_shape
from supervisio.testing.renderers import TEXT_PLACES, RendererConformance

__all__ = [
    "GOLDEN",
    "OPTION_SETS",
    "TEXT_PLACES",
    "TRICKY",
    "KindConformance",
    "Outline",
    "RendererConformance",
    "golden_document",
    "golden_documents",
    "isolated_plugins",
    "outline_of",
    "table_shape",
    "texts_of",
]


@pytest.fixture(params=sorted(GOLDEN))
def golden_document(request: pytest.FixtureRequest) -> Document:
    """Each golden document in turn."""
    return GOLDEN[request.param]


@pytest.fixture
def isolated_plugins() -> Any:
    """A plugin manager with the built-ins only (no entry points), for registering plugins by hand."""
    from supervisio.plugins import Plugins

    return Plugins(autoload=False)
