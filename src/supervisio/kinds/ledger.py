"""The 问题台账 table, built straight from the problems as tree nodes (never printed as Markdown and parsed).

Parsing a 10,000-row pipe table costs about a second; building the rows as nodes costs a few milliseconds.
Columns follow the ledgers seen in practice (docs/domain.md §2): 序号, 被督导单位, 发现日期, 问题类型, 期限, 问题描述,
责任领导/责任人, 整改措施, 整改时限, 状态, 亮灯; a 合计 row closes the table.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from supervisio.doctree.nodes import Cell, LineBreak, Style, Table, Text
from supervisio.domain.deadlines import light
from supervisio.domain.facts import ProblemFacts
from supervisio.domain.problems import Problem
from supervisio.kinds.kind import KindRequest

__all__ = ["HEADER", "ledger_block", "ledger_table"]

HEADER = ("序号", "被督导单位", "发现日期", "问题类型", "期限", "问题描述", "责任领导/责任人", "整改措施",
          "整改时限", "状态", "亮灯")


def _cell(text: str) -> Cell:
    return (Text(text),) if text else ()


_shared_cell = functools.lru_cache(maxsize=4096)(_cell)
"""Cells whose text repeats from row to row (unit, dates, category, term, status, light) are built once:
nodes are immutable, so rows may share them, and a 10,000-row ledger then makes half as many nodes."""


_BREAK = LineBreak()


def _lines(texts: Iterable[str]) -> Cell:
    cell: list[Text | LineBreak] = []
    for index, text in enumerate(texts):
        if index:
            cell.append(_BREAK)
        cell.append(Text(f"{index + 1}.{text}"))
    return tuple(cell)


def _short_date(day: dt.date | None) -> str:
    return "" if day is None else f"{day.year}.{day.month}.{day.day}"


def _row(index: int, problem: Problem, short_names: dict[str, str], as_of: dt.date, yellow: int) -> tuple[Cell, ...]:
    status = problem.status_on(as_of)
    lamp = light(problem, as_of, yellow)
    lead, owner = problem.lead_owner, problem.owner
    owners = f"{lead}/{owner}" if lead and owner else lead or owner or ""
    return (
        _cell(str(index)),
        _shared_cell(short_names.get(problem.unit, problem.unit)),
        _shared_cell(_short_date(problem.found_on)),
        _shared_cell(problem.category),
        _shared_cell(problem.term.value),
        _cell(problem.description),
        _shared_cell(owners),
        _lines(problem.measures),
        _shared_cell(_short_date(problem.deadline_on(as_of))),
        _shared_cell(status.value if status else ""),
        _shared_cell(lamp.value.removesuffix("灯") if lamp else ""),
    )


def ledger_table(
    problems: Iterable[Problem],
    short_names: dict[str, str],
    as_of: dt.date,
    totals: ProblemFacts,
    yellow_days: int = 3,
) -> Table:
    """The ledger of ``problems`` found by ``as_of``, with a totals row from ``totals`` (the same facts)."""
    rows = tuple(
        _row(index, problem, short_names, as_of, yellow_days)
        for index, problem in enumerate((p for p in problems if p.found_on <= as_of), start=1)
    )
    summary = (
        f"已解决{totals.resolved}条，未解决{totals.open}条（其中超期{totals.overdue}条），"
        f"整改率{totals.rate()}"
    )
    totals_row = [_cell("")] * len(HEADER)
    totals_row[0], totals_row[1], totals_row[5] = _cell("合计"), _cell(f"{totals.total}条"), _cell(summary)
    return Table(
        header=tuple(_cell(title) for title in HEADER),
        rows=rows,
        totals=tuple(totals_row),
        style=Style(attributes=(("cell-size", "五号"),)),
    )


def ledger_block(request: KindRequest) -> Table:
    """The ``ledger`` slot of ``ledger.md.j2``: the group's problems by the day they were found.

    The totals row reads the request's facts, the very ones the template's context read.
    """
    group = request.group_record
    problems = [p for unit in group.unit_names for p in request.supervision.problems_of(unit)]
    problems.sort(key=lambda p: (p.found_on, p.number))
    return ledger_table(
        problems,
        {u.name: u.short_name or u.name for u in group.units},
        request.as_of,
        request.facts.problems,
        request.supervision.campaign.settings.yellow_days,
    )
