"""The layout layer's functions: widths, page geometry, 署名 and 成文日期, 报头, 版记, list markers, pairing.

The numbers are GB/T 9704's as docs/gbt9704.md sets them out; that both renderers write them alike is
tests/test_layout_parity.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supervisio.doctree.nodes import (
    BulletList,
    DateLine,
    Imprint,
    Masthead,
    OrderedList,
    Paragraph,
    Signature,
    Style,
    Text,
)
from supervisio.layout import (
    Closing,
    ClosingPlacement,
    ImprintLine,
    char_width,
    issue_text,
    list_indent,
    list_markers,
    page_geometry,
    pair_closings,
    place_closing,
    place_imprint,
    place_masthead,
    text_width,
)
from support import masthead_issues

DATE = "2022年4月15日"
GROUP = "第七巡回督导组"


# ---------------------------------------------------------------------------------------------- widths


@pytest.mark.parametrize(
    ("text", "cells"),
    [
        (DATE, 6.5),                 # half-width digits count ½ (docs/gbt9704.md §6.7)
        (GROUP, 7),
        ("“作风”——……", 8),          # ambiguous punctuation prints full width in the Chinese faces
        ("ABC abc 123", 5.5),
        ("，。：", 3),                # full-width punctuation
        ("e\u0301", 0.5),            # a combining mark takes no cell
        ("甲\u200d乙", 2),           # nor does a zero-width joiner
        ("甲\n乙\t", 2),             # nor a control
        ("", 0),
    ],
)
def test_text_width_in_cells(text, cells):
    assert text_width(text) == cells


def test_narrow_is_a_parameter_of_the_one_estimator():
    assert text_width("Ab甲", narrow=0.25) == 1.5
    assert char_width("i", narrow=0.25) == 0.25 and char_width("甲") == 1.0 and char_width("\u0301") == 0.0


@given(st.text(max_size=30))
def test_the_lower_bound_never_exceeds_the_estimate(text):
    assert 0 <= text_width(text, narrow=0.25) <= text_width(text) <= len(text)


# ---------------------------------------------------------------------------------------------- geometry


def test_the_word_processor_page_in_twips():
    portrait = page_geometry("word").twips()
    assert (portrait.width, portrait.height) == (11906, 16838)
    assert (portrait.top, portrait.right, portrait.bottom, portrait.left) == (2098, 1474, 1984, 1588)
    assert portrait.left + portrait.right + portrait.block_width == 11906 and portrait.block_width == 8844
    assert (portrait.line, portrait.footer, portrait.block_rise) == (579, 1417, 0)
    strict = page_geometry("strict").twips()
    assert (strict.top, strict.bottom, strict.line, strict.block_rise) == (1905, 1905, 592, 79)
    for profile, line in (("word", 579), ("strict", 592)):
        turned = page_geometry(profile, landscape=True).twips()
        assert (turned.width, turned.height) == (16838, 11906)
        assert (turned.top, turned.right, turned.bottom, turned.left) == (1588, 2098, 1474, 1984)
        assert (turned.block_width, turned.line, turned.footer, turned.block_rise) == (12756, line, 907, 0)


def test_the_browser_page_in_mm_and_whole_pixels():
    word = page_geometry("word", engine="browser")
    assert (word.top, word.right, word.bottom, word.left, word.line_px) == (37, 26, 35, 28, 38)
    assert (word.block_width, word.block_height, word.chars_per_line) == (156, 225, 28)
    strict = page_geometry("strict", engine="browser")
    assert (strict.top, strict.bottom, strict.line_px, strict.block_height) == (34.25, 35.25, 39, 227.5)
    assert 22 * strict.line_px * 25.4 / 96 <= strict.block_height   # 22 lines fit
    assert 22 * word.line_px * 25.4 / 96 <= word.block_height
    for profile in ("word", "strict"):
        turned = page_geometry(profile, landscape=True, engine="browser")
        assert (turned.width, turned.height, turned.top, turned.right, turned.bottom, turned.left) == (
            297, 210, 28, 37, 26, 35)
        assert (turned.line_px, turned.block_width, turned.nominal_block_foot) == (38, 225, 184)
    assert word.nominal_block_foot == strict.nominal_block_foot == 262


def test_an_unknown_profile_is_refused():
    with pytest.raises(ValueError, match="unknown page profile 'letter'"):
        page_geometry("letter")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------- 署名, 日期


def test_unsealed_signature_and_date_follow_7_3_5_2():
    # 署名 7 cells, date 6.5: 署名 右空二字, the date's first character two cells right of the 署名's
    assert place_closing((GROUP,), DATE, sealed=False) == ClosingPlacement(
        signature_indents=(2.0,), date_indent=0.5, blank_lines=1)
    # as wide: the date ends at the block's edge
    assert place_closing((GROUP,), "2022年10月15日", sealed=False).date_indent == 0.0
    # the date wider than the 署名: the date 右空二字, the 署名 moved left to keep the offset
    short = place_closing(("某组",), DATE, sealed=False)
    assert short == ClosingPlacement(signature_indents=(8.5,), date_indent=2.0, blank_lines=1)
    # several 署名 lines share one right edge; the date is offset from the widest
    two = place_closing(("市委第七巡回督导组", "某局"), "2022年4月5日", sealed=False)
    assert two == ClosingPlacement(signature_indents=(2.0, 2.0), date_indent=3.0, blank_lines=1)


def test_sealed_signature_is_centred_over_a_date_four_cells_in():
    assert place_closing((GROUP,), DATE, sealed=True) == ClosingPlacement(
        signature_indents=(3.75,), date_indent=4.0, blank_lines=2)
    two = place_closing((GROUP, "某局"), DATE, sealed=True)
    assert two.signature_indents == (3.75, 4 + (6.5 - 2) / 2)    # each line centred on the date
    assert place_closing(("一个非常非常长的督导组名称",), DATE, sealed=True).signature_indents == (0.75,)
    assert place_closing(("一" * 20,), DATE, sealed=True).signature_indents == (0.0,)   # never negative


@pytest.mark.parametrize(("sealed", "indent"), [(True, 4.0), (False, 2.0)])
def test_a_lone_signature_or_date_stands_where_the_date_would(sealed, indent):
    assert place_closing((GROUP,), None, sealed) == ClosingPlacement(
        signature_indents=(indent,), date_indent=indent, blank_lines=2 if sealed else 1)
    assert place_closing((), DATE, sealed).date_indent == indent


def check_unsealed_offset(names: tuple[str, ...], date: str) -> None:
    """The date's first character is two cells right of the widest 署名's first character, and neither
    runs past the block (7.3.5.2)."""
    placed = place_closing(names, date, sealed=False)
    widest = max(map(text_width, names))
    signature_start = placed.signature_indents[0] + widest
    date_start = placed.date_indent + text_width(date)
    assert signature_start - date_start == pytest.approx(2.0)
    assert placed.date_indent >= 0 and min(placed.signature_indents) >= 2.0
    assert len(set(placed.signature_indents)) == 1


@given(
    st.lists(st.text(st.sampled_from("督导组第七巡回AB12"), min_size=1, max_size=20), min_size=1, max_size=3),
    st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)),
)
def test_the_unsealed_offset_holds_for_any_names(names, date):
    check_unsealed_offset(tuple(names), f"{date.year}年{date.month}月{date.day}日")


# ---------------------------------------------------------------------------------------------- pairing


def test_a_signature_and_the_date_after_it_are_one_closing():
    text, signature, date = Paragraph(content=(Text("正文"),)), Signature(names=(GROUP,)), DateLine(
        date=dt.date(2022, 4, 15))
    assert pair_closings((text, signature, date, text)) == [
        text, Closing(signature=signature, date=date), text]
    assert pair_closings((date, signature)) == [Closing(date=date), Closing(signature=signature)]
    assert pair_closings((signature, text, date)) == [
        Closing(signature=signature), text, Closing(date=date)]
    assert pair_closings((signature, date, date)) == [
        Closing(signature=signature, date=date), Closing(date=date)]
    closing = Closing(signature=Signature(names=(GROUP,), sealed=True), date=date)
    assert closing.sealed(False) and not Closing(date=date).sealed(False) and Closing(date=date).sealed(True)
    assert closing.date_text == DATE and closing.placement(False) == place_closing((GROUP,), DATE, True)


# ---------------------------------------------------------------------------------------------- 报头


@pytest.mark.parametrize(("masthead", "issue"), masthead_issues())
def test_issue_text(masthead, issue):
    assert issue_text(masthead) == issue


def test_masthead_name_fits_the_block():
    short = place_masthead(Masthead(name="工作简报", issuer="第七巡回督导组编", date=dt.date(2022, 4, 15)), 156)
    assert (short.name_scale, short.name_size_pt, short.name_percent) == (1.0, 42.0, None)
    assert (short.issuer, short.date, short.inset) == ("第七巡回督导组编", DATE, 1.0)
    long = place_masthead(Masthead(name="某某市作风能力提升年活动巡回督导工作简报"), 156)   # 20 cells
    assert long.name_percent == 52 and long.name_size_pt * 20 <= 156 / 25.4 * 72 < (long.name_size_pt + 0.1) * 20


# ---------------------------------------------------------------------------------------------- 版记


def test_briefing_imprint_has_its_copies_on_the_last_line():
    layout = place_imprint(Imprint(report_to=("甲", "乙"), send_to=("丙",), distribute_to=("丁",), copies=30))
    assert layout.groups == ((
        ImprintLine(label="报：", text="甲，乙。"),
        ImprintLine(label="送：", text="丙。"),
        ImprintLine(label="发：", text="丁。", right="（共印30份）"),
    ),)
    assert layout.inset == 1.0


def test_document_imprint_groups_and_the_printer_line_last():
    layout = place_imprint(Imprint(report_to=("甲",), copy_to=("市纪委监委", "市委组织部"), printer="办公室",
                                   printed_on=dt.date(2022, 4, 15), copies=5))
    assert layout.groups == (
        (ImprintLine(label="报：", text="甲。"),),
        (ImprintLine(label="抄送：", text="市纪委监委，市委组织部。", right="（共印5份）"),),
        (ImprintLine(text="办公室", right="2022年4月15日印发", printer=True),),
    )
    assert [line.left for line in layout.lines] == ["报：甲。", "抄送：市纪委监委，市委组织部。", "办公室"]


def test_copies_alone_and_an_empty_imprint():
    alone = place_imprint(Imprint(copies=5, printer="办公室"))
    assert alone.groups == ((ImprintLine(right="（共印5份）"),), (ImprintLine(text="办公室", printer=True),))
    assert place_imprint(Imprint()).groups == ()
    undated = place_imprint(Imprint(printed_on=dt.date(2022, 4, 5)))
    assert undated.lines == (ImprintLine(right="2022年4月5日印发", printer=True),)


# ---------------------------------------------------------------------------------------------- lists


def test_list_markers_and_nesting():
    items = ((Paragraph(content=(Text("甲"),)),),) * 3
    assert list_markers(OrderedList(items=items)) == ("1.", "2.", "3.")
    assert list_markers(OrderedList(items=items, start=4)) == ("4.", "5.", "6.")
    marked = OrderedList(items=items, style=Style(attributes=(("marker", "（{n}）"),)))
    assert list_markers(marked) == ("（1）", "（2）", "（3）")
    assert list_markers(BulletList(items=items)) == ("●",) * 3
    assert list_markers(BulletList(items=items, style=Style(attributes=(("marker", "★"),)))) == ("★",) * 3
    assert list_markers(BulletList(items=items, style=Style(attributes=(("marker", ""),)))) == ("●",) * 3
    assert (list_indent(1), list_indent(2), list_indent(3)) == (0.0, 2.0, 4.0)
