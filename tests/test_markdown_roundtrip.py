"""The Markdown dialect: tree → Markdown → tree is the identity, Markdown is stable, any text survives, the
fixture documents parse to their trees, and every refusal says what and where."""

from __future__ import annotations

import datetime as dt
import gc
import runpy
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from doctree_strategies import contents, documents, texts
from supervisio.doctree.from_markdown import MarkdownError, parse_markdown
from supervisio.doctree.markdown_syntax import escape_cell, escape_text, page_break_markdown
from supervisio.doctree.nodes import (
    Addressee,
    AttachmentNote,
    BulletList,
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
    Signature,
    Strong,
    Style,
    Table,
    Text,
    Title,
    plain_text,
)
from supervisio.doctree.normalize import normalize
from supervisio.renderers.base import RenderOptions, Renderer
from supervisio.renderers.markdown import MarkdownRenderer, to_markdown

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"
SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]


def paragraph(*content: object) -> Paragraph:
    return Paragraph(content=tuple(Text(part) if isinstance(part, str) else part for part in content))


def only_block(markdown: str):
    (block,) = parse_markdown(markdown).blocks
    return block


# ---------------------------------------------------------------------------------------------- properties


@settings(max_examples=300, deadline=None, suppress_health_check=SLOW)
@given(documents)
def test_tree_to_markdown_to_tree_is_the_identity(document):
    normal = normalize(document)
    assert parse_markdown(to_markdown(normal)) == normal


@settings(max_examples=150, deadline=None, suppress_health_check=SLOW)
@given(documents)
def test_markdown_to_tree_to_markdown_is_stable(document):
    markdown = to_markdown(document)
    assert to_markdown(parse_markdown(markdown)) == markdown


@settings(max_examples=150, deadline=None, suppress_health_check=SLOW)
@given(documents)
def test_normalize_is_idempotent_and_to_markdown_normalises_first(document):
    normal = normalize(document)
    assert normalize(normal) == normal
    assert to_markdown(document) == to_markdown(normal)


@settings(max_examples=600, deadline=None, suppress_health_check=SLOW)
@given(content=contents, where=st.sampled_from(["paragraph", "title", "heading", "cell", "item"]))
@example(content=(Text("这是"), Strong((Text("“作风能力提升年”"),)), Text("活动")), where="paragraph")
@example(content=(Text("0"), Strong((Text("0"), Emph((Text("0"),))))), where="paragraph")
@example(content=(Strong((Emph((Text("a"),)), Text("b"))),), where="cell")
def test_any_inline_content_round_trips_wherever_it_stands(content, where):
    """Emphasis next to punctuation, emphasis inside strong, line breaks … in every inline position."""
    block = {
        "paragraph": Paragraph(content=content),
        "title": Title(content=content),
        "heading": Heading(level=3, content=content),
        "cell": Table(header=((Text("栏目"),), (Text("内容"),)), rows=((content, content),)),
        "item": BulletList(items=((Paragraph(content=content),), (Paragraph(content=content),))),
    }[where]
    normal = normalize(Document(blocks=(block,)))
    assert parse_markdown(to_markdown(normal)) == normal


@settings(max_examples=500, deadline=None)
@given(st.text())
@example("\x00")
@example("\x0b \t\n\r\x85\u2028\u3000\ufeff")
@example("- 1. # > | ``` ~~~ --- === ::: [x](y) <b> &amp; \\")
def test_any_text_survives_in_every_position(text):
    """Every character but a surrogate: NUL, controls, separators and Markdown syntax alike."""
    block_text = (Text(text),) if text else ()
    document = Document(
        meta=Meta(title=text, extra=(("note", text),)),
        blocks=(
            Title(content=block_text),
            Heading(level=2, content=block_text),
            Paragraph(content=(Text("前"), *block_text)),
            Table(header=(block_text,), rows=((block_text,),)),
            BulletList(items=((Paragraph(content=(*block_text, Text("后"))),),)),
            Masthead(name=text),
        ),
    )
    title, heading, para, table, bullets, masthead = parse_markdown(to_markdown(document)).blocks
    assert title.content == block_text
    assert (heading.number or "") + plain_text(heading.content) == text
    assert para.content == (Text("前" + text),)
    assert table.header == (block_text,) and table.rows == ((block_text,),)
    assert bullets.items[0][0].content == (Text(text + "后"),)
    assert masthead.name == text


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(min_size=1), texts(min_size=1)))
@example("1. 第一条")
@example("  前后有空格  ")
def test_escaped_text_reads_back_as_that_text(text):
    """What the templates do with every value: escape it and place it anywhere a text may stand."""
    escaped = escape_text(text)
    assert parse_markdown(escaped).blocks == (paragraph(text),)
    assert only_block("前" + escaped + "后") == paragraph("前" + text + "后")
    assert only_block("- " + escaped) == BulletList(items=((paragraph(text),),))
    assert only_block("3. " + escaped) == OrderedList(items=((paragraph(text),),), start=3)
    assert only_block("# " + escaped) == Title(content=(Text(text),))
    heading = only_block("#### " + escaped)
    assert (heading.number or "") + plain_text(heading.content) == text
    for cell in (escaped, escape_cell(text)):
        table = only_block(f"| {cell} | 内容 |\n| --- | --- |\n| {cell} | 内容 |")
        assert table.header[0] == table.rows[0][0] == (Text(text),)


# ---------------------------------------------------------------------------------------------- fixtures

FIXTURE_NAMES = sorted(path.stem for path in FIXTURES.glob("*.md"))


def test_the_fixtures_cover_the_document_kinds():
    assert FIXTURE_NAMES == ["briefing", "ledger", "opinion", "report"]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_a_fixture_parses_to_its_tree(name):
    expected = runpy.run_path(str(FIXTURES / f"{name}.tree.py"))["DOCUMENT"]
    text = (FIXTURES / f"{name}.md").read_text("utf-8")
    assert parse_markdown(text, f"{name}.md") == expected


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_a_fixture_tree_is_normal_and_round_trips(name):
    expected = runpy.run_path(str(FIXTURES / f"{name}.tree.py"))["DOCUMENT"]
    assert normalize(expected) == expected
    markdown = to_markdown(expected)
    assert parse_markdown(markdown) == expected
    assert to_markdown(parse_markdown(markdown)) == markdown


def test_the_ledger_fixture_has_ten_rows_widths_and_totals():
    document = parse_markdown((FIXTURES / "ledger.md").read_text("utf-8"))
    table = next(block for block in document.blocks if isinstance(block, Table))
    assert len(table.rows) == 10 and len(table.widths) == 8
    assert plain_text(table.totals[0]) == "合计"


# ---------------------------------------------------------------------------------------------- the dialect


def test_soft_breaks_join_lines_without_a_space():
    assert only_block("第一行\n第二行\n  third") == paragraph("第一行第二行third")


@pytest.mark.parametrize("source", ["甲\\\n乙", "甲  \n乙", "甲<br>乙", "甲<br/>乙", "甲<BR />乙"])
def test_hard_breaks_and_br_are_line_breaks(source):
    assert only_block(source) == paragraph("甲", LineBreak(), "乙")


def test_raw_html_is_text():
    assert only_block("a <b>bold</b> &amp; <i>") == paragraph("a <b>bold</b> & <i>")


def test_numeric_references_decode_to_any_character_but_a_surrogate():
    assert only_block("a&#0;&#11;&#x85;b") == paragraph("a\x00\x0b\x85b")
    assert only_block("a&#xD800;b") == paragraph("a\ufffdb")
    assert only_block("a\x00b") == paragraph("a\ufffdb")  # a raw NUL in the source: CommonMark's rule


def test_emphasis_next_to_chinese_punctuation_is_written_with_a_reference():
    document = Document(blocks=(paragraph("这是", Strong((Text("“作风能力提升年”"),)), "活动"),))
    assert "这&#26159;**“作风能力提升年”**&#27963;动" in to_markdown(document)
    assert "市委*重点*工作" in to_markdown(Document(blocks=(paragraph("市委", Emph((Text("重点"),)), "工作"),)))


def test_headings_split_a_typed_number_and_setext_headings_work():
    assert parse_markdown("## 一、主要做法\n\n#### 1.台账\n\n##### (1)细则\n\n标题\n===\n\n小标题\n---").blocks == (
        Heading(level=1, number="一、", content=(Text("主要做法"),)),
        Heading(level=3, number="1.", content=(Text("台账"),)),
        Heading(level=4, number="(1)", content=(Text("细则"),)),
        Title(content=(Text("标题"),)),
        Heading(level=1, content=(Text("小标题"),)),
    )


def test_alignment_colons_are_ignored_and_rules_are_rules():
    table = only_block("| a | b |\n| :--- | ---: |\n| 1 | 2 |")
    assert table == Table(header=((Text("a"),), (Text("b"),)), rows=(((Text("1"),), (Text("2"),)),))
    assert parse_markdown("a\n\n---\n\n***\n\n___").blocks == (paragraph("a"), Rule(), Rule(), Rule())


def test_lists_keep_their_start_their_items_and_stay_apart():
    document = Document(
        blocks=(
            BulletList(items=((paragraph("a"),), ())),
            BulletList(items=((BulletList(items=((),)),),)),
            OrderedList(items=((paragraph("x"), Rule()),), start=0),
            OrderedList(items=((),), start=7),
        )
    )
    assert parse_markdown(to_markdown(document)) == document


def test_page_break_markdown_is_a_page_break_anywhere():
    assert parse_markdown("前文" + page_break_markdown() + "后文").blocks == (
        paragraph("前文"),
        PageBreak(),
        paragraph("后文"),
    )


def test_style_and_table_directives():
    markdown = (
        "```{style}\n---\nclasses: [center, big]\nattributes: {align: center, size: 3}\n---\n## 标题\n```\n\n"
        "```{table}\n---\nwidths: [1, 2]\ncaption: 表一\nclasses: ledger\n---\n| a | b |\n| --- | --- |\n```\n"
    )
    heading, table = parse_markdown(markdown).blocks
    assert heading.style == Style(classes=("center", "big"), attributes=(("align", "center"), ("size", "3")))
    assert table == Table(
        header=((Text("a"),), (Text("b"),)),
        rows=(),
        widths=(1, 2),
        caption="表一",
        style=Style(classes=("ledger",)),
    )


def test_directives_nest_inside_lists_and_wrappers():
    document = Document(
        blocks=(
            BulletList(
                items=(
                    (
                        Masthead(name="简报", style=Style(classes=("red",))),
                        Paragraph(content=(Text("x"),), style=Style(classes=("a",))),
                    ),
                )
            ),
        )
    )
    markdown = to_markdown(document)
    assert "- ```{masthead}\n  name: 简报\n" in markdown
    assert parse_markdown(markdown) == document


# ---------------------------------------------------------------------------------------------- front matter


def test_front_matter_fills_meta_and_keeps_other_scalars_as_text():
    document = parse_markdown(
        "\n\n---\nkind: ledger\ntitle: 台账\nissuer: 第七组\ndate: 2022-04-15\nlandscape: true\n"
        "copies: 3\nurgent: true\nsince: 2022-01-01\nnote:\n---\n# 台账\n"
    )
    assert document.meta == Meta(
        kind="ledger",
        title="台账",
        issuer="第七组",
        date=dt.date(2022, 4, 15),
        landscape=True,
        extra=(("copies", "3"), ("urgent", "true"), ("since", "2022-01-01"), ("note", "")),
    )


def test_convenience_keys_become_blocks_at_their_places():
    document = parse_markdown(
        "---\n"
        "date: 2022-04-15\n"
        "masthead: {name: 工作提示, number: 2}\n"
        "addressees: 各被督导单位\n"
        "attachments: [问题清单]\n"
        "signature: {names: 第七巡回督导组, sealed: true}\n"
        "imprint: {copy_to: [市委办], copies: 20}\n"
        "---\n"
        "正文之前\n\n# 标题\n\n正文\n"
    )
    assert document.blocks == (
        Masthead(name="工作提示", number=2),
        paragraph("正文之前"),
        Title(content=(Text("标题"),)),
        Addressee(names=("各被督导单位",)),
        paragraph("正文"),
        AttachmentNote(items=("问题清单",)),
        Signature(names=("第七巡回督导组",), sealed=True),
        DateLine(date=dt.date(2022, 4, 15)),
        Imprint(copy_to=("市委办",), copies=20),
    )


def test_without_a_title_the_addressee_comes_first_and_without_dates_no_date_line():
    document = parse_markdown("---\naddressees: [甲, 乙]\nsignature: {names: [丙]}\n---\n正文\n")
    assert document.blocks == (Addressee(names=("甲", "乙")), paragraph("正文"), Signature(names=("丙",)))


def test_tojson_escapes_in_yaml_are_joined_back():
    """Jinja's ``tojson`` writes 😀 as two escaped surrogates; the tree gets the one character."""
    document = parse_markdown('---\ntitle: "\\ud83d\\ude00\\u003c"\n---\n')
    assert document.meta.title == "😀<"


def test_a_bom_and_crlf_line_ends_are_read():
    assert parse_markdown("\ufeff---\r\nkind: report\r\n---\r\n甲\r\n乙\r\n").blocks == (paragraph("甲乙"),)


# ---------------------------------------------------------------------------------------------- errors

ERRORS = [
    ("# t\n\n![图](a.png)\n", 3, "images are not part of the dialect"),
    ("段落\n第二行[链接](http://x)\n", 2, "links are not part of the dialect"),
    ("a\n\n<http://example.org>\n", 3, "links are not part of the dialect"),
    ("a\n\n[x]: http://example.org\n", 3, "link reference definitions are not part of the dialect"),
    ("a `code` b\n", 1, "inline code"),
    ("a\n\n    indented\n", 3, "indented code blocks are not part of the dialect"),
    ("a\n\n```python\nprint()\n```\n", 3, "code blocks are not part of the dialect"),
    ("> quoted\n", 1, "block quotes (>) are not part of the dialect"),
    ("\n###### 六级\n", 2, "a heading has at most five #"),
    ("```{figure}\n```\n", 1, "unknown directive {figure}"),
    ("```{chart}\n| a |\n| --- |\n```\n", 2, "{chart} holds a table of a label column and at least one series"),
    ("```{chart}\n| a | b |\n| --- | --- |\n| x | 3% |\n```\n", 4, "{chart}: a cell holds a number or nothing, not '3%'"),
    ("```{chart}\n---\nkind: pie\n---\n| a | b |\n| --- | --- |\n```\n", 3, "kind is one of bar, stacked-bar, line, not 'pie'"),
    ("```{table} 标题\n```\n", 1, "{table} takes nothing after its name"),
    ("a\n\n```{masthead}\nname: 简报\n", 3, "the directive {masthead} is not closed"),
    ("```{masthead}\nname: [简报\n```\n", 3, "bad YAML in {masthead}"),
    ("```{masthead}\nnumber: 3\n```\n", 1, "{masthead} needs 'name'"),
    ("```{masthead}\nname: 简报\nnumber: 三\n```\n", 3, "{masthead}: number must be a whole number, not '三'"),
    ("```{masthead}\nname: 简报\nnmae: x\n```\n", 3, "{masthead}: unknown key 'nmae'"),
    ("```{masthead}\nname: 甲\nname: 乙\n```\n", 3, "the key 'name' appears twice"),
    ("```{masthead}\n- 简报\n```\n", 2, "{masthead} holds keys and values"),
    ("```{dateline}\ndate: 2022-02-30\n```\n", 2, "2022-02-30 is not a date of the calendar"),
    ("```{dateline}\ndate: 2022-4-15\n```\n", 2, "date must be a date (YYYY-MM-DD), not '2022-4-15'"),
    ("```{signature}\nnames: {a: 1}\n```\n", 2, "names must be a list of texts, not a mapping"),
    ("```{pagebreak}\nattributes: [a]\n```\n", 2, "attributes are key: value pairs"),
    ("```{style}\n---\nwidth: 3\n---\n段落\n```\n", 3, "{style}: unknown key 'width'"),
    ("```{style}\n---\nclasses: [a]\n---\n甲\n\n乙\n```\n", 1, "{style} holds one block, not 2 blocks"),
    ("```{style}\n---\nclasses: [a]\n```\n", 2, "the options of {style} start with --- but do not end"),
    ("```{table}\n段落\n```\n", 1, "{table} holds one table, not a Paragraph"),
    ("```{table}\n---\nwidths: [1]\n---\n| a | b |\n| --- | --- |\n```\n", 3, "widths are 2 whole numbers"),
    ("```{table}\n---\ntotals: true\n---\n| a |\n| --- |\n```\n", 3, "totals: true needs a last row"),
    ("| a | b |\n| --- | --- |\n| 1 | 2 |\n| 1 |\n", 4, "this table row has 1 cell, the header 2"),
    ("| a | b |\n| --- | --- |\n| 1 | 2 | 3 |\n", 3, "this table row has 3 cells, the header 2"),
    ("说明\n| a | b |\n| --- |\n", 3, "this table's delimiter row has 1 cell, its header 2"),
    ("| a |\n| --- |\n| [x](y) |\n", 3, "links are not part of the dialect"),
    ("- 项目\n\n  ```{style}\n  ---\n  classes: [a]\n  ---\n  ![x](y)\n  ```\n", 7, "images are not part"),
    ("---\ntitle: [x\n---\n", 3, "bad YAML in the front matter"),
    ("\n---\ntitle: x\n# 标题\n", 2, "the front matter starts with --- but does not end with ---"),
    ("---\nkind: x\ndate: 2022-4-15\n---\n", 3, "front matter: date must be a date (YYYY-MM-DD)"),
    ("---\ntags: [a, b]\n---\n", 2, "front matter: tags is not a Meta field, so it must be a single value"),
    ("---\nlandscape: yes please\n---\n", 2, "landscape must be true or false"),
    ("---\nsignature: 第七组\n---\n", 2, "front matter: signature holds keys and values, not '第七组'"),
    ("---\nsignature: {names: [a], date: soon}\n---\n", 2, "signature: date must be a date"),
    ("---\nmasthead: {number: 1}\n---\n", 2, "front matter: masthead needs 'name'"),
    ("---\n- a\n---\n", 2, "the front matter holds keys and values"),
]


@pytest.mark.parametrize(("markdown", "line", "problem"), ERRORS, ids=[problem for _, _, problem in ERRORS])
def test_every_refusal_names_the_source_and_the_line(markdown, line, problem):
    with pytest.raises(MarkdownError) as caught:
        parse_markdown(markdown, source="kinds/opinion.md.j2 (rendered)")
    assert str(caught.value).startswith(f"kinds/opinion.md.j2 (rendered):{line}: ")
    assert problem in caught.value.problem
    assert caught.value.line == line


def test_the_garbage_collector_runs_again_after_a_parse_and_after_a_refusal():
    parse_markdown("| a |\n| --- |\n| 1 |")
    assert gc.isenabled()
    with pytest.raises(MarkdownError):
        parse_markdown("```{style}\n---\nclasses: [a]\n---\n![x](y)\n```\n")
    assert gc.isenabled()


# ---------------------------------------------------------------------------------------------- the renderer


def test_the_renderer_is_a_renderer_writing_utf8():
    renderer = MarkdownRenderer()
    assert isinstance(renderer, Renderer)
    assert (renderer.name, renderer.suffix) == ("md", ".md")
    assert renderer.media_type == "text/markdown; charset=utf-8"
    document = Document(meta=Meta(kind="report"), blocks=(Title(content=(Text("汇报"),)),))
    assert renderer.render(document, RenderOptions()) == "---\nkind: report\n---\n\n# 汇报\n".encode()


@pytest.mark.parametrize(
    ("block", "problem"),
    [
        (Heading(level=5, content=()), "heading levels are 1 to 4"),
        (OrderedList(items=((),), start=-1), "a list's first number"),
        (Table(header=(), rows=()), "at least one column"),
        (Table(header=((),), rows=(((), ()),)), "a table row has 2 cells"),
        (Table(header=((),), rows=(), widths=(1, 2)), "table widths"),
    ],
)
def test_the_renderer_refuses_what_markdown_cannot_hold(block, problem):
    with pytest.raises(ValueError, match=problem):
        to_markdown(Document(blocks=(block,)))


def test_meta_extra_cannot_shadow_front_matter_keys():
    with pytest.raises(ValueError, match=r"Meta.extra cannot hold 'masthead'"):
        to_markdown(Document(meta=Meta(extra=(("masthead", "x"),))))
