"""What the cells of hand-typed ledgers say, read into values (``supervisio.spreadsheet.words``).

Dates in every form offices type them, 整改时限 phrases, status words mapped onto classes of lifecycle
states, the lines of a numbered cell. Each reader either returns the value or raises CellValueError with a
message naming what was typed, which the importer shows next to the cell.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supervisio.domain.vocabulary import ProblemStatus as S
from supervisio.domain.vocabulary import Term
from supervisio.spreadsheet.words import (
    STATUS_WORDS,
    CellValueError,
    Deadline,
    lines,
    parse_date,
    parse_deadline,
    parse_status,
    parse_term,
    split_dated_line,
    text_of,
)

MARCH_15 = dt.date(2022, 3, 15)

# ------------------------------------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    "cell",
    [
        dt.datetime(2022, 3, 15),  # an Excel date, as openpyxl reads it
        dt.date(2022, 3, 15),  # an Excel date, as the .xls reader gives it
        "2022-03-15",
        "2022.3.15",
        "2022/3/15",
        "2022年3月15日",
        "2022 年 3 月 15 日",
        "20220315",
        20220315,  # typed into a number cell
        20220315.0,
        "3月15日",
        " 2022-3-15 ",
    ],
)
def test_every_written_form_of_a_date_is_read(cell):
    """Every form the module promises reads as 15 March 2022 (3月15日 in the campaign's year)."""
    assert parse_date(cell, 2022) == MARCH_15


def test_a_month_and_day_take_the_campaigns_year():
    assert parse_date("3月15日", 2023) == dt.date(2023, 3, 15)


@pytest.mark.parametrize("cell", ["2022-02-30", "2022年13月1日", "2月30日", "20221301", "2023.2.29"])
def test_an_impossible_date_is_refused_saying_so(cell):
    """A date the calendar does not have is not a date: the message quotes the cell and says why."""
    with pytest.raises(CellValueError) as error:
        parse_date(cell, 2022)
    assert repr(cell) in str(error.value)
    assert "is not a date of the calendar" in str(error.value)


@pytest.mark.parametrize("cell", ["下周", "2022", "三月十五日", "2022-03", "abc"])
def test_text_that_is_no_date_is_refused_with_examples(cell):
    """Text that is no date at all gets the forms one may write."""
    with pytest.raises(CellValueError) as error:
        parse_date(cell, 2022)
    message = str(error.value)
    assert repr(cell) in message and "is not a date" in message
    assert "2022年3月15日" in message and "20220315" in message


DATES = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))
FORMS = [
    lambda d: d,
    lambda d: dt.datetime(d.year, d.month, d.day),
    lambda d: d.isoformat(),
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.year}-{d.month}-{d.day}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f"{d.year}年{d.month:02d}月{d.day:02d}日",
    lambda d: f"{d.year}{d.month:02d}{d.day:02d}",
    lambda d: int(f"{d.year}{d.month:02d}{d.day:02d}"),
    lambda d: f"{d.month}月{d.day}日",
]


@settings(max_examples=200)
@given(day=DATES, form=st.sampled_from(range(len(FORMS))))
def test_any_date_in_any_written_form_reads_back_as_itself(day, form):
    """Whatever the form, the day written is the day read (the year of 3月15日 is the one given)."""
    assert parse_date(FORMS[form](day), day.year) == day


@settings(max_examples=100)
@given(day=DATES, form=st.sampled_from(range(len(FORMS))))
def test_a_date_followed_by_qian_is_a_deadline_of_that_day(day, form):
    """整改时限 written as a date, with or without 前, is that date (and not long-term)."""
    written = FORMS[form](day)
    assert parse_deadline(written, day.year) == Deadline(day)
    if isinstance(written, str):
        assert parse_deadline(written + "前", day.year) == Deadline(day)


# --------------------------------------------------------------------------------------------- deadlines


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("长期", Deadline(None, long_term=True)),
        ("长期坚持", Deadline(None, long_term=True)),
        ("长期坚持，年底前见效", Deadline(None, long_term=True)),
        ("6月底前", Deadline(dt.date(2022, 6, 30))),
        ("2月底前", Deadline(dt.date(2022, 2, 28))),
        ("6月底", Deadline(dt.date(2022, 6, 30))),
        ("6月份", Deadline(dt.date(2022, 6, 30))),
        ("年底前", Deadline(dt.date(2022, 12, 31))),
        ("年底前完成", Deadline(dt.date(2022, 12, 31))),
        ("2022年6月底前", Deadline(dt.date(2022, 6, 30))),
        ("2024年2月底前", Deadline(dt.date(2024, 2, 29))),
        ("2023年底前", Deadline(dt.date(2023, 12, 31))),
        ("2023年年底前", Deadline(dt.date(2023, 12, 31))),
        ("2022-06-30前", Deadline(dt.date(2022, 6, 30))),
        ("2022年6月30日前", Deadline(dt.date(2022, 6, 30))),
        ("6月30日之前", Deadline(dt.date(2022, 6, 30))),
        (dt.datetime(2022, 5, 1), Deadline(dt.date(2022, 5, 1))),
    ],
)
def test_deadline_phrases(cell, expected):
    """长期 has no date; 6月底前 is the month's last day and 年底前 31 December, of the campaign's year
    (2022 here) unless the phrase names one; a date with 前 is that date."""
    assert parse_deadline(cell, 2022) == expected


@pytest.mark.parametrize(
    ("cell", "says"),
    [
        ("下周", "is not a deadline"),
        ("尽快", "is not a deadline"),
        ("13月底前", "there is no month 13"),
        ("2022-02-30前", "is not a deadline"),
    ],
)
def test_a_bad_deadline_is_refused_with_what_may_be_written(cell, says):
    with pytest.raises(CellValueError) as error:
        parse_deadline(cell, 2022)
    message = str(error.value)
    assert says in message and repr(cell) in message
    if says == "is not a deadline":
        assert "6月底前" in message and "长期" in message


def test_term_words():
    assert parse_term("短期") is Term.SHORT
    assert parse_term("长期问题") is Term.LONG
    assert parse_term("长期坚持") is Term.LONG
    with pytest.raises(CellValueError, match="write 短期 or 长期"):
        parse_term("中期")


# ------------------------------------------------------------------------------------------ status words


@pytest.mark.parametrize("status", list(S))
def test_every_lifecycle_state_name_is_a_status_word(status):
    """The name of a state claims that state and moves a problem there."""
    word, rest = parse_status(status.value)
    assert rest == ""
    assert status in word.states
    assert word.target is status


@pytest.mark.parametrize(
    ("text", "states", "target"),
    [
        ("已整改", {S.CLOSURE_REQUESTED, S.CLOSED, S.CLOSED_ON_SPOT}, S.CLOSURE_REQUESTED),
        ("已完成", {S.CLOSURE_REQUESTED, S.CLOSED, S.CLOSED_ON_SPOT}, S.CLOSURE_REQUESTED),
        ("已销号", {S.CLOSED, S.CLOSED_ON_SPOT}, S.CLOSED),
        ("已办结", {S.CLOSED, S.CLOSED_ON_SPOT}, S.CLOSED),
        ("整改中", {S.IN_PROGRESS, S.EXTENSION}, S.IN_PROGRESS),
        ("长期坚持", {S.IN_PROGRESS, S.EXTENSION}, S.IN_PROGRESS),
        ("已延期", {S.EXTENSION}, S.EXTENSION),
        ("被驳回", {S.RETURNED}, S.RETURNED),
        ("已交办", {S.ASSIGNED}, S.ASSIGNED),
        ("未整改", {S.REGISTERED, S.ASSIGNED, S.IN_PROGRESS, S.EXTENSION, S.RETURNED, S.REVIEW}, None),
    ],
)
def test_office_words_claim_classes_of_states(text, states, target):
    """已整改 covers every state past the unit's own work; 整改中 covers 延期 too (re-importing a sheet
    that says 整改中 moves nothing); 未整改 claims "still open" and names no state to move to."""
    word = STATUS_WORDS[text]
    assert word.states == frozenset(states)
    assert word.target is target
    assert parse_status(text) == (word, "")


def test_every_status_words_target_is_one_of_its_states():
    """A word moves a problem only into the class it claims, so a second import finds it there."""
    for text, word in STATUS_WORDS.items():
        assert word.states, text
        assert word.target is None or word.target in word.states, text


@pytest.mark.parametrize("cell", ["好", "已整改。台账已补齐", "正在研究", ""])
def test_a_status_column_must_hold_a_status_word(cell):
    """In a 状态 column anything but a status word is a mistake, with the words one may write."""
    with pytest.raises(CellValueError) as error:
        parse_status(cell)
    message = str(error.value)
    assert repr(cell) in message and "is not a status" in message
    assert "已整改" in message and "已销号" in message and "整改中" in message


@pytest.mark.parametrize(
    ("cell", "word", "rest"),
    [
        ("已整改。台账已补齐", "已整改", "台账已补齐"),
        ("已整改", "已整改", ""),
        ("整改中，已拨付3笔", "整改中", "已拨付3笔"),
        ("已销号：经复查合格", "已销号", "经复查合格"),
        ("已完成\n已印发制度3项", "已完成", "已印发制度3项"),
        ("台账已补齐", None, "台账已补齐"),
        ("已完成培训3期，剩余2期6月完成", None, "已完成培训3期，剩余2期6月完成"),
        ("整改中期评估已开展", None, "整改中期评估已开展"),
    ],
)
def test_a_progress_cell_may_open_with_a_status_word(cell, word, rest):
    """A 进展情况 cell read as the status (``leading=True``) gives the word it opens with, set off by
    punctuation, and the progress after it; a cell that only starts like a word (已完成培训3期) is
    progress, not a claim that the problem is done."""
    found, text = parse_status(cell, leading=True)
    assert found == (STATUS_WORDS[word] if word else None)
    assert text == rest


# ------------------------------------------------------------------------------------------ multi-line


def test_lines_strip_the_enumerators_people_type():
    cell = "1. 调整专班\n2、印发职责\n（1）建立台账\n(2) 每周调度\n① 开展培训\n  - 督促落实\n\n3．完善制度"
    assert lines(cell) == ("调整专班", "印发职责", "建立台账", "每周调度", "开展培训", "督促落实", "完善制度")


@pytest.mark.parametrize("line", ["1.5万元已拨付到位", "3.15前完成", "2022.4.12已整改", "12项制度已印发"])
def test_lines_keep_numbers_that_are_not_enumerators(line):
    """A number that opens the text (1.5万元, a dotted date) is the text, not an enumerator."""
    assert lines(line) == (line,)


def test_lines_of_an_empty_cell():
    assert lines(None) == ()
    assert lines("  \n \n") == ()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2022-06-20 已组织培训4期", (dt.date(2022, 6, 20), "已组织培训4期")),
        ("2022.6.20：已组织培训4期", (dt.date(2022, 6, 20), "已组织培训4期")),
        ("2022年6月20日，已组织培训4期", (dt.date(2022, 6, 20), "已组织培训4期")),
        ("6月20日：已组织培训4期", (dt.date(2022, 6, 20), "已组织培训4期")),
        ("2022-06-20 日均办件量提升30%", (dt.date(2022, 6, 20), "日均办件量提升30%")),
        ("已组织培训4期", (None, "已组织培训4期")),
        ("2022-06-20", (None, "2022-06-20")),
        ("2022-02-30 日期有误", (None, "2022-02-30 日期有误")),
    ],
)
def test_split_dated_line(line, expected):
    """A line of 整改进展 that opens with a date is (date, text); a line that is only a date, or opens
    with an impossible one, is text with no date; a text opening with 日 keeps its 日."""
    assert split_dated_line(line, 2022) == expected


def test_text_of_reads_cells_as_a_person_does():
    assert text_of(None) == ""
    assert text_of(12.0) == "12"
    assert text_of(1.5) == "1.5"
    assert text_of(dt.datetime(2022, 3, 15)) == "2022-03-15"
    assert text_of(dt.datetime(2022, 3, 15, 9, 30)) == "2022-03-15 09:30:00"
    assert text_of("  已整改 \n") == "已整改"


def test_a_date_cell_that_lost_its_format_is_read_as_excels_day_number():
    """44635 is Excel's day 2022-03-15; 20220315 is out of that range and read as written."""
    assert parse_date(44635, 2022) == dt.date(2022, 3, 15)
    assert parse_date(44635.0, 2022) == dt.date(2022, 3, 15)
    assert parse_date(20220315, 2022) == dt.date(2022, 3, 15)
    with pytest.raises(CellValueError):
        parse_date(12, 2022)
