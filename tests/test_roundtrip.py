"""Round trips: any supervision written as TOML, JSON or YAML loads back equal (load(dump(x)) == x)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import TEXT, for_class
from supervisio.domain.problems import Problem
from supervisio.domain.supervision import Supervision
from supervisio.storage import dumps, loads

FORMATS = ["toml", "json", "yaml"]


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(supervision=for_class(Supervision))
def test_any_supervision_round_trips(fmt, supervision):
    assert loads(dumps(supervision, fmt), fmt, check=False) == supervision


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=200, deadline=None)
@given(problem=for_class(Problem), description=TEXT)
def test_any_text_survives(fmt, problem, description, small):
    """Whatever a person types into a record (quotes, #, |, *, tabs, line breaks …) comes back verbatim.

    Control characters are not typed but pasted, and are refused at load (tests/test_hardening_inputs.py).
    """
    import attrs

    problem = attrs.evolve(problem, description=description)
    supervision = attrs.evolve(small, problems=(problem,))
    assert loads(dumps(supervision, fmt), fmt, check=False).problems[0].description == description


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_hand_written_campaign_round_trips_with_checks(small, fmt):
    assert loads(dumps(small, fmt), fmt) == small


@given(st.text(st.characters(exclude_categories=("Cs",))))
def test_text_in_toml_keeps_its_exact_characters(text):
    from supervisio.storage.formats import decode, encode

    assert decode(encode({"x": text}, "toml"), "toml", "t.toml") == {"x": text}
