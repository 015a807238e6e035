"""Chinese numerals, percentages and the 余/近/万 forms the seed report uses."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supervisio.numerals import approximate, chinese_numeral, date_text, percent, quantity_text


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "零"), (7, "七"), (10, "十"), (12, "十二"), (20, "二十"), (23, "二十三"), (100, "一百"),
        (105, "一百零五"), (110, "一百一十"), (1000, "一千"), (1200, "一千二百"), (1005, "一千零五"),
        (10000, "一万"), (10010, "一万零一十"), (20000, "二万"), (100000, "十万"), (101000, "十万一千"),
        (100000000, "一亿"), (100000001, "一亿零一"), (-3, "负三"),
    ],
)
def test_chinese_numeral(n, text):
    assert chinese_numeral(n) == text


_VALUES = {d: i for i, d in enumerate("零一二三四五六七八九")}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10**4, "亿": 10**8}


def read_numeral(text: str) -> int:
    """An independent reader of Chinese numerals, to check the writer by round trip."""
    total = section = digit = 0
    for char in text:
        if char in _VALUES:
            digit = _VALUES[char]
        elif char in _UNITS:
            section += (digit or 1) * _UNITS[char]
            digit = 0
        else:
            section += digit
            total = (total + section) * _BIG[char] if _BIG[char] > total else total + section * _BIG[char]
            section = digit = 0
    return total + section + digit


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_chinese_numeral_reads_back(n):
    text = chinese_numeral(n)
    assert read_numeral(text) == n
    assert "零零" not in text
    assert n == 0 or not text.endswith("零")


def test_chinese_numeral_refuses_non_integers():
    with pytest.raises(TypeError):
        chinese_numeral(7.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "text"),
    [
        ((7, "次"), "7次"),
        ((213, "支", "余", 100), "200余支"),
        ((11260, "名", "余", 1000), "11000余名"),
        ((750, "个"), "750个"),
        ((83400, "名", "余", 10000, "万"), "8万余名"),
        ((297000, "元", "近", 10000, "万"), "近30万元"),
        ((12680000, "元", None, None, "万"), "1268万元"),
        ((5160, "件", "余", 1000), "5000余件"),
        ((200, "支", "余"), "200支"),  # already round: no 余
        ((213, "支", "余"), "200余支"),  # default step: the leading digit
    ],
)
def test_quantity_text_matches_the_seed(args, text):
    assert quantity_text(*args) == text


@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(["余", "近"]),
       st.sampled_from([None, 1, 10, 100, 1000, 10000]))
def test_approximation_brackets_the_value(value, style, step):
    shown = approximate(value, style, step)
    assert (shown <= value) if style == "余" else (shown >= value)
    assert abs(shown - value) < (step or 10 ** (len(str(value)) - 1))


def test_percent():
    assert percent(Fraction(279, 306)) == "91.18%"
    assert percent(Fraction(1, 8), 1) == "12.5%"
    assert percent(Fraction(1, 3), 0) == "33%"
    assert percent(None) == "—"


def test_date_text():
    assert date_text(dt.date(2022, 4, 5)) == "2022年4月5日"
