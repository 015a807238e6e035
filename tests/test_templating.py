"""Templates: sandboxed, strict, Markdown-escaped by default, layered, with errors naming template and line."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supervisio.doctree.from_markdown import parse_markdown
from supervisio.doctree.nodes import Paragraph, Text
from supervisio.templating import TemplateError, make_environment, render_template


def render_string(source: str, **context) -> str:
    return make_environment().from_string(source).render(context)


@pytest.mark.parametrize(
    ("source", "context", "expected"),
    [
        ("{{ 7 | cn }}", {}, "七"),
        ("{{ 23 | cn }}", {}, "二十三"),
        ("{{ day | date_cn }}", {"day": dt.date(2022, 4, 15)}, "2022年4月15日"),
        ("{{ rate | percent }}", {"rate": Fraction(41, 68)}, "60.29%"),
        ("{{ rate | percent(1) }}", {"rate": 0.125}, "12.5%"),
        ("{{ none | percent }}", {"none": None}, "—"),
        ('{{ 213 | approx("余", 100, "支") }}', {}, "200余支"),
        ('{{ 297000 | approx("近", 10000) }}', {}, "近300000"),
        ("{{ 12680000 | wan }}", {}, "1268万"),
        ('{{ 83400 | wan("余", 10000) }}', {}, "8万余"),
        ('{{ ["大动员", "大学习"] | join_cn }}', {}, "大动员、大学习"),
    ],
)
def test_filters(source, context, expected):
    assert render_string(source, **context) == expected


@given(st.text(st.characters(exclude_categories=("Cs",)), min_size=1).filter(str.strip))
def test_every_value_is_escaped_for_markdown(text):
    """A *, #, |, _ or < in a record stays that character: the interpolation reads back as the text."""
    markdown = render_string("{{ value }}", value=text)
    (block,) = parse_markdown(markdown).blocks
    assert block == Paragraph(content=(Text(text),))


def test_safe_marks_trusted_markdown():
    assert render_string("{{ value | safe }}", value="**粗**") == "**粗**"
    assert render_string("{{ value }}", value="**粗**") != "**粗**"


def test_none_prints_nothing():
    assert render_string("[{{ value }}]", value=None) == "[]"


def test_undefined_names_raise(tmp_path):
    (tmp_path / "t.md.j2").write_text("第一行\n{{ facts.nope }}\n", "utf-8")
    env = make_environment(tmp_path)
    with pytest.raises(TemplateError, match=r"t.md.j2:2: UndefinedError: 'facts' is undefined"):
        render_template(env, "t.md.j2", {})


def test_syntax_errors_name_template_and_line(tmp_path):
    (tmp_path / "bad.md.j2").write_text("# 标题\n\n{% if x %}\n没有结束\n", "utf-8")
    with pytest.raises(TemplateError, match=r"bad.md.j2:4: Unexpected end of template"):
        render_template(make_environment(tmp_path), "bad.md.j2", {"x": 1})


def test_the_sandbox_refuses_python_internals(tmp_path):
    (tmp_path / "evil.md.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}", "utf-8")
    with pytest.raises(TemplateError, match=r"evil.md.j2:1: SecurityError"):
        render_template(make_environment(tmp_path), "evil.md.j2", {})


def test_a_user_template_overrides_and_extends_a_builtin(tmp_path):
    (tmp_path / "ledger.md.j2").write_text(
        '{% extends "builtin:ledger.md.j2" %}{% block footer %}审核：{{ group.title }}{% endblock %}', "utf-8"
    )
    env = make_environment(tmp_path)
    assert env.get_template("ledger.md.j2").filename == str(tmp_path / "ledger.md.j2")
    assert "{% block footer %}" in env.loader.get_source(env, "builtin:ledger.md.j2")[0]


def test_missing_template_folder_and_template():
    with pytest.raises(TemplateError, match="the template folder does not exist"):
        make_environment("/no/such/folder")
    with pytest.raises(TemplateError, match=r"template 'nope.md.j2' not found"):
        render_template(make_environment(), "nope.md.j2", {})
