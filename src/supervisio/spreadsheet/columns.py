"""The columns of a 问题台账 and the names real ledgers give them.

One table serves both directions: the exchange workbook writes each column under its ``header``, in this
order; an import matches a sheet's header cells against every column's ``names`` (the header first, then
the synonyms offices use: 单位/被督导单位/责任单位, 问题描述/问题内容/存在问题 …), so the exchange workbook
and a unit's own sheet are read by the same code.
"""

from __future__ import annotations

import re

import attrs

__all__ = ["COLUMNS", "Column", "FIELDS", "by_field", "match_header", "normalise_header"]


@attrs.frozen
class Column:
    """One column of the ledger.

    ``field`` is what an import reads the cells into (a field of ``Problem``, or ``status``, ``owners``,
    ``updated_on``, ``closed_on``); ``editable`` columns are left unlocked in the exchange workbook for the
    unit to fill in; ``read`` is False for the figures the workbook computes (剩余天数, 红黄绿灯), which an
    import never takes back; ``width`` bounds the column's width in Excel's character units.
    """

    field: str
    header: str
    synonyms: tuple[str, ...] = ()
    editable: bool = True
    read: bool = True
    width: tuple[int, int] = (6, 14)
    wrap: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.header, *self.synonyms)


COLUMNS: tuple[Column, ...] = (
    Column("number", "问题编号", ("编号", "问题序号", "台账编号"), editable=False, width=(8, 10)),
    Column("unit", "被督导单位", ("单位", "责任单位", "单位名称", "被督导单位名称", "整改单位", "牵头单位"),
           editable=False, width=(8, 14), wrap=True),
    Column("found_on", "发现日期", ("发现时间", "登记日期", "登记时间", "发现日期（时间）"),
           editable=False, width=(10, 10)),
    Column("category", "问题类型", ("类别", "问题类别", "问题分类", "类型"), width=(4, 8)),
    Column("term", "期限", ("期限类型", "长短期", "问题期限", "整改期限类型"), width=(4, 4)),
    Column("description", "问题描述", ("问题内容", "存在问题", "具体问题", "问题", "主要问题", "问题表现"),
           editable=False, width=(24, 36), wrap=True),
    Column("lead_owner", "责任领导", ("分管领导", "牵头领导"), width=(4, 8)),
    Column("owner", "责任人", ("具体责任人", "经办人"), width=(4, 8)),
    Column("measures", "整改措施", ("整改举措", "整改方案", "措施"), width=(16, 28), wrap=True),
    Column("deadline", "整改时限", ("完成时限", "整改期限", "计划完成时间", "完成时间", "整改时间"),
           width=(10, 10)),
    Column("progress", "整改进展", ("进展情况", "整改情况", "整改进度", "推进情况"), width=(16, 28), wrap=True),
    Column("status", "状态", ("整改状态", "办理状态", "完成情况", "是否完成"), width=(4, 8)),
    Column("updated_on", "更新日期", ("填报日期", "更新时间", "进展日期"), width=(10, 10)),
    Column("closed_on", "销号日期", ("销号时间", "办结日期", "完成日期"), width=(10, 10)),
    Column("days_left", "剩余天数", (), editable=False, read=False, width=(4, 4)),
    Column("light", "红黄绿灯", ("亮灯", "预警", "灯色", "预警灯"), editable=False, read=False, width=(4, 4)),
)
"""The exchange workbook's columns, in order, 问题编号 first."""

EXTRA_COLUMNS: tuple[Column, ...] = (
    Column("owners", "责任领导/责任人", ("责任领导及责任人", "责任领导、责任人")),
    Column("serial", "序号", ("排序",)),
)
"""Columns a unit's sheet may have that the exchange workbook does not write: a combined 责任领导/责任人 (as
the 问题台账 document prints it), and a row counter 序号 (read as 问题编号 only when it holds known numbers)."""

FIELDS: tuple[str, ...] = tuple(c.field for c in (*COLUMNS, *EXTRA_COLUMNS) if c.read)
"""The fields ``--map 列名=field`` may name (and ``-`` to ignore a column)."""

_SPACE = re.compile(r"\s+")
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")


def normalise_header(text: str) -> str:
    """A header cell as matched: no spaces or line breaks, a trailing ``（…）`` note and ``*`` removed."""
    text = _SPACE.sub("", text).strip("*＊:：")
    return text


_BY_NAME: dict[str, Column] = {
    name: column for column in (*COLUMNS, *EXTRA_COLUMNS) for name in column.names
}


def match_header(text: str) -> Column | None:
    """The column a header cell names, trying the text as is, then without its bracketed note."""
    name = normalise_header(text)
    if not name:
        return None
    column = _BY_NAME.get(name)
    if column is None:
        column = _BY_NAME.get(_BRACKETED.sub("", name))
    return column


def by_field(field: str) -> Column:
    """The column that reads into ``field``."""
    for column in (*COLUMNS, *EXTRA_COLUMNS):
        if column.field == field:
            return column
    raise KeyError(field)
