"""How numbers and dates are written in Chinese official documents: 七, 二十三, 91.18%, 200余支, 近30万元, 2022年4月15日.

Pure functions with no imports from the rest of supervisio, so that the domain (an achievement knows how it is
quoted), the facts and the templates all write a number the same way.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Literal

__all__ = [
    "ApproxStyle",
    "Scale",
    "approximate",
    "chinese_numeral",
    "date_text",
    "percent",
    "quantity_text",
]

_DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ("", "十", "百", "千")
_LARGE_UNITS = ("", "万", "亿", "万亿")

ApproxStyle = Literal["余", "近"]
Scale = Literal["万", "亿"]
_SCALES: dict[str, int] = {"万": 10_000, "亿": 100_000_000}


def _below_ten_thousand(n: int) -> str:
    """Write 0 < n < 10000, with 零 for inner gaps (一百零五) and none trailing (一千二百)."""
    text = ""
    zero_pending = False
    for position in range(3, -1, -1):
        digit = n // 10**position % 10
        if digit == 0:
            zero_pending = bool(text)
            continue
        if zero_pending:
            text += "零"
            zero_pending = False
        text += _DIGITS[digit] + _SMALL_UNITS[position]
    return text


def chinese_numeral(n: int) -> str:
    """Write an integer in Chinese lower-case numerals as documents do: 七, 十, 十二, 二十三, 一百零五, 二万.

    A leading 一十 is written 十 (第十期, 十二条), as in every 公文 heading and issue number.
    """
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"chinese_numeral takes an int, not {type(n).__name__}")
    if n < 0:
        return "负" + chinese_numeral(-n)
    if n == 0:
        return _DIGITS[0]
    groups: list[int] = []
    while n:
        groups.append(n % 10_000)
        n //= 10_000
    if len(groups) > len(_LARGE_UNITS):
        raise ValueError("chinese_numeral supports numbers below 10^16")
    text = ""
    zero_pending = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero_pending = bool(text)
            continue
        if text and (zero_pending or group < 1000):
            text += "零"
        text += _below_ten_thousand(group) + _LARGE_UNITS[index]
        zero_pending = False
    if text.startswith("一十"):
        text = text[1:]
    return text


def percent(value: Fraction | None, decimals: int = 2) -> str:
    """Write a ratio as a percentage rounded half up: Fraction(279, 306) → ``91.18%``; None (0 of 0) → ``—``."""
    if value is None:
        return "—"
    exponent = Decimal(1).scaleb(-decimals)
    scaled = Decimal(value.numerator) * 100 / Decimal(value.denominator)
    return f"{scaled.quantize(exponent, rounding=ROUND_HALF_UP)}%"


def approximate(value: int, style: ApproxStyle | None, step: int | None = None) -> int:
    """The round number a document quotes for ``value``: 213 余 → 200, 297000 近 (step 10000) → 300000.

    ``余`` rounds down and ``近`` rounds up to a multiple of ``step``; without a step the value is rounded at its
    leading digit (213 → 200). A value that is already round is quoted as it is: the caller writes it exactly.
    """
    if style is None or value <= 0:
        return value
    if step is None:
        step = 10 ** (len(str(value)) - 1)
    if step <= 0:
        raise ValueError(f"approximation step must be positive, not {step}")
    if style == "余":
        return value // step * step
    if style == "近":
        return -(-value // step) * step
    raise ValueError(f"unknown approximation style {style!r}: use 余 or 近")


def _scaled(value: int, scale: Scale | None) -> str:
    if scale is None:
        return str(value)
    divided = Decimal(value) / _SCALES[scale]
    text = format(divided.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), "f")
    return text.rstrip("0").rstrip(".") + scale


def quantity_text(
    value: int,
    measure: str = "",
    approx: ApproxStyle | None = None,
    step: int | None = None,
    scale: Scale | None = None,
) -> str:
    """Quote a quantity as the seed report does: ``200余支``, ``11000余名``, ``8万余名``, ``近30万元``, ``1268万元``.

    余 follows the number (and its 万); 近 precedes it. When the value is already round, no marker is written:
    "200余支" for 200 would overstate it.
    """
    shown = approximate(value, approx, step)
    number = _scaled(shown, scale)
    if approx is None or shown == value:
        return f"{number}{measure}"
    if approx == "余":
        return f"{number}余{measure}"
    return f"近{number}{measure}"


def date_text(day: date) -> str:
    """Write a date as documents do: 2022年4月15日 (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"
