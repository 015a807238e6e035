"""The template filters: numbers, dates and quantities written as Chinese documents write them.

Each filter is a thin wrapper over :mod:`supervisio.numerals`, so that a template, the CLI and the facts all
write 七, 2022年4月15日, 64.71%, 200余支 and 8万 the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import Any

from supervisio.numerals import approximate, chinese_numeral, date_text, percent, quantity_text

__all__ = ["FILTERS"]


def cn(value: int) -> str:
    """``{{ 7 | cn }}`` → 七; ``{{ 23 | cn }}`` → 二十三."""
    return chinese_numeral(int(value))


def date_cn(value: dt.date) -> str:
    """``{{ day | date_cn }}`` → 2022年4月15日."""
    return date_text(value)


def percent_filter(value: Fraction | float | None, decimals: int = 2) -> str:
    """``{{ rate | percent }}`` → 64.71%; ``{{ rate | percent(1) }}`` → 64.7%; None → —."""
    if value is None:
        return percent(None)
    return percent(Fraction(value).limit_denominator(10**9), decimals)


def approx(value: int, style: str = "余", step: int | None = None, measure: str = "") -> str:
    """``{{ 213 | approx("余", 100, "支") }}`` → 200余支; ``{{ 297000 | approx("近", 10000) }}`` → 近300000."""
    return quantity_text(int(value), measure, style, step)  # type: ignore[arg-type]


def wan(value: int, style: str | None = None, step: int | None = None) -> str:
    """``{{ 12680000 | wan }}`` → 1268万; ``{{ 83400 | wan("余", 10000) }}`` → 8万余."""
    return quantity_text(int(value), "", style, step, "万")  # type: ignore[arg-type]


def join_cn(values: Iterable[Any], separator: str = "、") -> str:
    """``{{ ["大动员", "大学习"] | join_cn }}`` → 大动员、大学习 (the enumeration comma)."""
    return separator.join(str(value) for value in values)


FILTERS: dict[str, Callable[..., Any]] = {
    "cn": cn,
    "date_cn": date_cn,
    "percent": percent_filter,
    "approx": approx,
    "wan": wan,
    "join_cn": join_cn,
    "round_down": lambda value, step=None: approximate(int(value), "余", step),
}
