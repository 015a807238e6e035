"""What the cells of real ledgers say, read into values: dates, 整改时限 phrases, status words, lists of lines.

Ledgers are typed by hand in Excel and WPS, so one date arrives as an Excel date, as 2022-03-15, 2022.3.15,
2022/3/15, 2022年3月15日, 20220315 or plain 3月15日 (the campaign's year); a deadline as a date or as 长期,
6月底前, 年底前; a status as one of a dozen words that offices use for the lifecycle's states. Each reader
returns the value or raises :class:`CellValueError` with a message for the person who typed the cell.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

import attrs

from supervisio.domain.vocabulary import ProblemStatus as S
from supervisio.domain.vocabulary import Term
from supervisio.errors import SupervisioError

__all__ = [
    "CellValueError",
    "Deadline",
    "StatusWord",
    "STATUS_WORDS",
    "lines",
    "parse_date",
    "parse_deadline",
    "parse_status",
    "parse_term",
    "split_dated_line",
    "text_of",
]


class CellValueError(SupervisioError, ValueError):
    """A cell whose value cannot be read as what its column holds; the message is for the user.

    A SupervisioError, as every error supervisio raises on purpose; a ValueError too, as it always was."""


def text_of(value: object) -> str:
    """The text of a cell as a person reads it: numbers without a trailing .0, dates in ISO form, stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()  # Excel on Windows: CR LF


# ------------------------------------------------------------------------------------------------ dates
_FULL_DATE = re.compile(
    r"(?P<y>\d{4})\s*(?:[-./]|年)\s*(?P<m>\d{1,2})\s*(?:[-./]|月)\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)
_COMPACT_DATE = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")
_MONTH_DAY = re.compile(r"(?P<m>\d{1,2})\s*(?:月|[-./])\s*(?P<d>\d{1,2})\s*日?")
_DATE_EXAMPLES = "2022-03-15、2022.3.15、2022/3/15、2022年3月15日、20220315 or 3月15日"


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIALS = (18_264, 73_051)
"""Excel's day numbers of 1950-01-01 and 2100-01-01: a bare number in that range in a date column is a date
whose cell lost its format (44635 is 2022-03-15); 20220315 is outside it and read as written."""


def _date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellValueError(f"{text!r} is not a date of the calendar") from None


def parse_date(value: object, year: int) -> dt.date:
    """A date from an Excel date or any of the written forms; ``year`` completes 3月15日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and _SERIALS[0] <= value < _SERIALS[1]:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))  # a date cell that lost its date format
    text = text_of(value)
    for pattern in (_FULL_DATE, _COMPACT_DATE):
        match = pattern.fullmatch(text)
        if match:
            return _date(int(match["y"]), int(match["m"]), int(match["d"]), text)
    match = _MONTH_DAY.fullmatch(text)
    if match:
        return _date(year, int(match["m"]), int(match["d"]), text)
    raise CellValueError(f"{text!r} is not a date; write it like {_DATE_EXAMPLES}")


_LEADING_DATE = re.compile(
    r"(?P<date>\d{4}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2}(?!\d)|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日?"
    r"|\d{1,2}\s*月\s*\d{1,2}\s*日)"
    r"\s*[:：,，、]?\s*"
)


def split_dated_line(line: str, year: int) -> tuple[dt.date | None, str]:
    """A line of 整改进展 such as ``2022-06-20 已组织培训4期`` or ``6月20日：…`` as (date, text)."""
    match = _LEADING_DATE.match(line)
    if match and match.end() < len(line):
        try:
            return parse_date(match["date"], year), line[match.end():].strip()
        except CellValueError:
            pass
    return None, line.strip()


# --------------------------------------------------------------------------------------------- deadlines
@attrs.frozen
class Deadline:
    """整改时限 as a cell states it: a date, or 长期 (long-term, no date), or both (长期, 年底前见效)."""

    day: dt.date | None
    long_term: bool = False


_LONG_TERM = ("长期坚持", "长期", "持续推进", "持续整改", "常态化")
_MONTH_END = re.compile(r"(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?:底|末|份)\s*(?:前|之前)?(?:完成)?")
_YEAR_END = re.compile(
    r"(?:(?P<y>\d{4})\s*年\s*年?(?:底|末|内)|年底|年末|年内|本年底|今年底)\s*(?:前|之前)?(?:完成)?"
)
_BEFORE = re.compile(r"(?P<date>.+?)\s*(?:前|之前|以前)(?:完成)?")


def parse_deadline(value: object, year: int) -> Deadline:
    """整改时限: a date (any written form), ``6月底前``/``年底前`` (of ``year`` unless stated), ``长期``."""
    if isinstance(value, (dt.date, dt.datetime)):
        return Deadline(parse_date(value, year))
    text = text_of(value)
    if any(text.startswith(word) for word in _LONG_TERM):
        return Deadline(None, long_term=True)
    match = _MONTH_END.fullmatch(text)
    if match:
        y, m = int(match["y"] or year), int(match["m"])
        if not 1 <= m <= 12:
            raise CellValueError(f"{text!r}: there is no month {m}")
        return Deadline(dt.date(y, m, calendar.monthrange(y, m)[1]))
    match = _YEAR_END.fullmatch(text)
    if match:
        return Deadline(dt.date(int(match["y"] or year), 12, 31))
    match = _BEFORE.fullmatch(text)
    if match:
        text = match["date"]
    try:
        return Deadline(parse_date(text, year))
    except CellValueError:
        raise CellValueError(
            f"{text_of(value)!r} is not a deadline; write a date ({_DATE_EXAMPLES}), "
            "or 6月底前, 年底前, 长期"
        ) from None


def parse_term(value: object) -> Term:
    """期限类型: 短期 or 长期 (also 短期问题, 长期问题, 长期坚持)."""
    text = text_of(value)
    for term in Term:
        if text.startswith(term.value):
            return term
    raise CellValueError(f"{text!r} is not a 期限; write 短期 or 长期")


# ------------------------------------------------------------------------------------------ status words
@attrs.frozen
class StatusWord:
    """What a status word claims: the problem stands in one of ``states``; ``target`` is where to move it
    when it stands elsewhere (None: the word allows no move, only agreement)."""

    states: frozenset[S]
    target: S | None


_OPEN = frozenset({S.REGISTERED, S.ASSIGNED, S.IN_PROGRESS, S.EXTENSION, S.RETURNED, S.REVIEW})
_WORKING = frozenset({S.IN_PROGRESS, S.EXTENSION})
_DONE = frozenset({S.CLOSURE_REQUESTED, S.CLOSED, S.CLOSED_ON_SPOT})
_CLOSED = frozenset({S.CLOSED, S.CLOSED_ON_SPOT})

STATUS_WORDS: dict[str, StatusWord] = {
    **{status.value: StatusWord(frozenset({status}), status) for status in S},
    "已登记": StatusWord(frozenset({S.REGISTERED}), S.REGISTERED),
    "已交办": StatusWord(frozenset({S.ASSIGNED}), S.ASSIGNED),
    "未整改": StatusWord(_OPEN, None),
    "未启动": StatusWord(_OPEN, None),
    "未完成": StatusWord(_OPEN, None),
    "整改中": StatusWord(_WORKING, S.IN_PROGRESS),
    "正在整改": StatusWord(_WORKING, S.IN_PROGRESS),
    "进行中": StatusWord(_WORKING, S.IN_PROGRESS),
    "推进中": StatusWord(_WORKING, S.IN_PROGRESS),
    "部分整改": StatusWord(_WORKING, S.IN_PROGRESS),
    "跟踪整改": StatusWord(_WORKING, S.IN_PROGRESS),
    "持续整改": StatusWord(_WORKING, S.IN_PROGRESS),
    "长期坚持": StatusWord(_WORKING, S.IN_PROGRESS),
    "申请延期": StatusWord(frozenset({S.EXTENSION}), S.EXTENSION),
    "已延期": StatusWord(frozenset({S.EXTENSION}), S.EXTENSION),
    "已整改": StatusWord(_DONE, S.CLOSURE_REQUESTED),
    "已完成": StatusWord(_DONE, S.CLOSURE_REQUESTED),
    "整改完成": StatusWord(_DONE, S.CLOSURE_REQUESTED),
    "完成整改": StatusWord(_DONE, S.CLOSURE_REQUESTED),
    "待销号": StatusWord(_DONE, S.CLOSURE_REQUESTED),
    "待审核": StatusWord(_DONE, S.CLOSURE_REQUESTED),
    "待复查": StatusWord(_DONE, S.CLOSURE_REQUESTED),
    "待验收": StatusWord(_DONE, S.CLOSURE_REQUESTED),
    "已销号": StatusWord(_CLOSED, S.CLOSED),
    "已验收": StatusWord(_CLOSED, S.CLOSED),
    "已办结": StatusWord(_CLOSED, S.CLOSED),
    "办结": StatusWord(_CLOSED, S.CLOSED),
    "被驳回": StatusWord(frozenset({S.RETURNED}), S.RETURNED),
    "已退回": StatusWord(frozenset({S.RETURNED}), S.RETURNED),
}
"""Status words of real ledgers and what each claims. A word that names a class of states (整改中 covers 延期
too) moves nothing when the problem already stands in the class: re-importing a sheet changes nothing."""

_BY_LENGTH = sorted(STATUS_WORDS, key=len, reverse=True)
_AFTER_WORD = "。.，,；;：:、！! \t\r\n"
"""What sets a status word off from the progress after it in a 进展情况 cell (已整改。台账已补齐)."""
_WORD_LIST = "、".join(dict.fromkeys([*(s.value for s in S), "已整改", "已完成", "已销号", "未整改", "长期坚持"]))


def parse_status(value: object, *, leading: bool = False) -> tuple[StatusWord | None, str]:
    """The status word of a cell and the text after it.

    A 状态 column must hold a status word (``leading=False``: anything else is an error). A 进展情况 column
    read as the status (``leading=True``) may start with one (``已整改。已印发制度3项``) or hold only text,
    which is then progress with no status of its own.
    """
    text = text_of(value)
    for word in _BY_LENGTH:
        if text.startswith(word):
            rest = text[len(word):]
            if leading and rest and rest[0] not in _AFTER_WORD:
                continue  # 已完成培训3期 is progress, not 已完成
            rest = rest.lstrip(_AFTER_WORD)
            if not leading and rest:
                break
            return STATUS_WORDS[word], rest
    if leading:
        return None, text
    raise CellValueError(f"{text!r} is not a status; write one of {_WORD_LIST}")


# ------------------------------------------------------------------------------------------ multi-line
_ENUMERATOR = re.compile(r"^\s*(?:\d{1,2}\s*[.、．)）](?!\d)|[（(]\d{1,2}[)）]|[①-⑳]|[-•·*])\s*")


def lines(value: object) -> tuple[str, ...]:
    """The non-empty lines of a cell, without the 1. / （1） / ① a person numbers them with."""
    items = []
    for line in text_of(value).splitlines():
        line = _ENUMERATOR.sub("", line, count=1).strip()
        if line:
            items.append(line)
    return tuple(items)
