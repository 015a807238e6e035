"""Document trees serialise through the cattrs converter under a version tag, and read back equal."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings

from doctree_strategies import documents
from supervisio.doctree.serialize import DocumentDataError, document_from_data, document_to_data
from supervisio.testing import GOLDEN


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_any_tree_round_trips_through_json(document):
    text = json.dumps(document_to_data(document), ensure_ascii=False, default=str)
    assert document_from_data(json.loads(text)) == document


def test_the_data_names_node_types():
    data = document_to_data(GOLDEN["report"])
    assert data["format"] == "supervisio.doctree/1"
    assert [block["type"] for block in data["document"]["blocks"][:3]] == ["Title", "Addressee", "Paragraph"]


def test_bad_data_is_located():
    data = document_to_data(GOLDEN["report"])
    data["document"]["blocks"][3]["level"] = "一"
    with pytest.raises(DocumentDataError, match=r"report.json: document.blocks\[3\].level: expected a whole number"):
        document_from_data(data, "report.json")
    with pytest.raises(DocumentDataError, match=r"not a supervisio.doctree/1 document"):
        document_from_data({"format": "supervisio.doctree/9", "document": {}}, "old.json")
