"""Merging the rows of a ledger sheet into the campaign, without ever losing its dated history.

A row with a known 问题编号 updates that problem: a status the problem does not stand in becomes dated moves
along the lifecycle (:func:`~supervisio.domain.lifecycle.walk`), a later 整改时限 an extension, new 整改进展
text a dated progress entry, new 整改措施 the measures. A row without a number is the problem of the same
unit and description when there is one, else a new problem numbered by the campaign's scheme. Blank cells
say nothing: they never erase what the campaign holds.

Dates come from the sheet where it has them (更新日期, 销号日期, a date opening a line of progress); what the
sheet does not date is dated on the import day, and the record's ``source`` says so. Every mistake is
collected, located by sheet and cell, and reported at once; nothing is merged unless every row is sound.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from supervisio.domain.integrity import check_integrity
from supervisio.domain.lifecycle import extend, walk
from supervisio.domain.problem_numbers import NumberScheme
from supervisio.domain.problems import Problem, ProgressEntry
from supervisio.domain.supervision import Supervision
from supervisio.domain.vocabulary import Term
from supervisio.errors import SupervisioError, UnknownRecord
from supervisio.spreadsheet.columns import COLUMNS, by_field
from supervisio.spreadsheet.header import Layout, letter
from supervisio.spreadsheet.metadata import Metadata, cells_fingerprint, revision
from supervisio.spreadsheet.words import (
    STATUS_WORDS,
    CellValueError,
    StatusWord,
    lines,
    parse_date,
    parse_deadline,
    parse_status,
    parse_term,
    split_dated_line,
    text_of,
)
from supervisio.storage.characters import refused_character

__all__ = ["Change", "ImportResult", "merge_rows"]

_EDITABLE = tuple(column.field for column in COLUMNS if column.editable)
_TOTAL_ROW = ("合计", "总计", "小计")


@attrs.frozen
class Change:
    """What an import did to one problem: ``new`` or ``updated``, and what changed, in words."""

    number: str
    kind: str
    what: tuple[str, ...]
    where: str


@attrs.frozen
class ImportResult:
    """The campaign after the import, what changed, and what was not read (unknown columns)."""

    supervision: Supervision
    changes: tuple[Change, ...]
    unchanged: int
    warnings: tuple[str, ...]

    @property
    def new(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind == "new")

    @property
    def updated(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind == "updated")

    def summary(self) -> str:
        """``2 new, 3 updated, 63 unchanged`` and a line per changed problem."""
        head = f"{len(self.new)} new, {len(self.updated)} updated, {self.unchanged} unchanged"
        body = [f"  {c.kind} {c.number} ({c.where}): {'；'.join(c.what)}" for c in self.changes]
        return "\n".join([head, *body])


class _Row:
    """One data row: its cells by field, and how to name them in a message."""

    def __init__(self, number: int, values: Mapping[str, Any], layout: Layout, name: Callable[[str], str]):
        self.number = number
        self.values = values
        self._layout = layout
        self._name = name

    def where(self, field: str | None = None) -> str:
        column = self._layout.column_of(field) if field else None
        return self._name(f"{letter(column)}{self.number}" if column is not None else str(self.number))

    def text(self, field: str) -> str:
        return text_of(self.values.get(field))


class _Merger:
    """Walks the rows once, keeping the problems as they become, and the mistakes found on the way."""

    def __init__(
        self, supervision: Supervision, source: str, sheet: str, layout: Layout,
        metadata: Metadata | None, day: dt.date,
    ) -> None:
        self.s = supervision
        self.file = os.path.basename(source)
        self.sheet = sheet
        self.layout = layout
        self.metadata = metadata
        self.day = day
        self.year = supervision.campaign.year
        self.problems: dict[str, Problem] = {p.number: p for p in supervision.problems}
        self.by_description = {(p.unit, _squash(p.description)): p.number for p in supervision.problems}
        self.scheme = NumberScheme(supervision.campaign.settings.problem_numbers)
        self.categories = supervision.campaign.settings.categories
        self.errors: list[tuple[str, str]] = list(layout.problems)
        self.changes: list[Change] = []
        self.rows_of: dict[str, str] = {}
        self.unchanged = 0

    def name(self, cell: str) -> str:
        return f"{self.sheet}!{cell}" if self.sheet else cell

    def fail(self, row: _Row, field: str | None, message: str) -> None:
        self.errors.append((row.where(field), message))

    def source(self, row: _Row, dated: bool) -> str:
        place = f"{self.file}!{self.name(str(row.number))}"
        return f"台账导入 {place}" + ("" if dated else f"（表中未注明日期，按导入日期{self.day.isoformat()}记）")

    # ------------------------------------------------------------------------------------------- reading
    def readable(self, row: _Row) -> bool:
        """Whether every text cell of the row may be stored: a control character pasted into a cell would
        be refused by the campaign file the next time it is loaded, so it is refused here, at the cell."""
        sound = True
        for field, value in row.values.items():
            if isinstance(value, str):
                problem = refused_character(text_of(value))
                if problem is not None:
                    self.fail(row, field, problem)
                    sound = False
        return sound

    def read(self, row: _Row, field: str, parse: Callable[[Any], Any]) -> Any:
        """The cell of ``field`` read by ``parse``; None when blank or wrong (then the mistake is kept)."""
        value = row.values.get(field)
        if value is None or text_of(value) == "":
            return None
        try:
            return parse(value)
        except CellValueError as error:
            self.fail(row, field, str(error))
            return None

    def unit(self, row: _Row) -> str | None:
        name = row.text("unit")
        if not name:
            return None
        try:
            return self.s.unit(name).name
        except SupervisioError as error:
            self.fail(row, "unit", str(error))
            return None

    # ------------------------------------------------------------------------------------------- merging
    def merge(self, row: _Row) -> None:
        number = row.text("number") or None
        if number is None and row.text("serial") in self.problems:
            number = row.text("serial")
        if number is None:
            self.unnumbered(row)
            return
        if number in self.rows_of:
            self.fail(row, "number", f"问题编号 {number} is already row {self.rows_of[number]}")
            return
        self.rows_of[number] = str(row.number)
        problem = self.problems.get(number)
        if problem is None:
            message = f"unknown 问题编号 {number!r}"
            if len(self.problems) <= UnknownRecord.SUGGEST_AMONG:
                close = difflib.get_close_matches(number, self.problems, n=1, cutoff=0.6)
                message += f"; did you mean {close[0]!r}?" if close else ""
            self.fail(row, "number", message + " (leave 问题编号 blank for a new problem)")
            return
        self.update(row, problem)

    def unnumbered(self, row: _Row) -> None:
        unit = self.unit(row)
        description = row.text("description")
        if unit is None or not description:
            if not row.text("unit"):
                self.fail(row, "unit", "被督导单位 is required for a problem without 问题编号")
            if not description:
                self.fail(row, "description", "问题描述 is required for a problem without 问题编号")
            return
        known = self.by_description.get((unit, _squash(description)))
        if known is not None:
            if known in self.rows_of:
                self.fail(row, "description", f"the same problem as row {self.rows_of[known]} ({known})")
                return
            self.rows_of[known] = str(row.number)
            self.update(row, self.problems[known])
            return
        self.create(row, unit, description)

    def update(self, row: _Row, problem: Problem) -> None:
        record = self.metadata.rows.get(problem.number) if self.metadata else None
        if record is not None:
            cells = {field: row.values.get(field) for field in _EDITABLE}
            if cells_fingerprint(cells) == record.cells:
                if revision(problem) == record.revision:
                    # the editable cells are as exported; the identifying ones (locked) must be too
                    self.identity(row, problem)
                self.unchanged += 1  # the unit did not touch the row
                return
        errors = len(self.errors)
        self.identity(row, problem)
        changed, what = self.apply(row, problem)
        if len(self.errors) > errors:
            return
        if changed == problem:
            self.unchanged += 1
            return
        if record is not None and revision(problem) != record.revision:
            self.fail(
                row, None,
                f"problem {problem.number} changed in the campaign since this workbook was exported "
                f"(as of {self.metadata.as_of.isoformat() if self.metadata else '?'}), and the row was edited "
                "too: export the ledger again and carry the unit's edits over",
            )
            return
        self.problems[problem.number] = changed
        self.changes.append(Change(problem.number, "updated", tuple(what), self.name(str(row.number))))

    def identity(self, row: _Row, problem: Problem) -> None:
        """The columns that identify a problem must agree with the campaign: an import never renames one."""
        unit = self.unit(row)
        if unit is not None and unit != problem.unit:
            self.fail(row, "unit", f"problem {problem.number} is of {problem.unit}, not {unit}")
        found = self.read(row, "found_on", lambda v: parse_date(v, self.year))
        if found is not None and found != problem.found_on:
            self.fail(row, "found_on", f"problem {problem.number} was found on {problem.found_on.isoformat()}, "
                                       f"not {found.isoformat()}")
        description = row.text("description")
        if description and _squash(description) != _squash(problem.description):
            self.fail(row, "description", f"问题描述 differs from problem {problem.number}'s in the campaign; an "
                                          "import does not rewrite a registered problem (--map 问题描述=- skips it)")

    def create(self, row: _Row, unit: str, description: str) -> None:
        category = row.text("category")
        if not category:
            self.fail(row, "category", "问题类型 is required for a new problem")
            return
        if self.categories and category not in self.categories:
            self.fail(row, "category", f"{category!r} is not one of the campaign's 问题类型 "
                                       f"({'、'.join(self.categories)})")
            return
        found = self.read(row, "found_on", lambda v: parse_date(v, self.year))
        group = self.s.group_of(unit).number
        found_on = found or self.day
        number = self.scheme.next_number(group, found_on.year, self.problems)
        source = f"台账导入 {self.file}!{self.name(str(row.number))}"
        if found is None:
            source += f"（发现日期未注明，按导入日期{self.day.isoformat()}记）"
        base = Problem(number=number, unit=unit, found_on=found_on, description=description.strip(),
                       category=category, source=source)
        errors = len(self.errors)
        problem, what = self.apply(row, base)
        if len(self.errors) > errors:
            return
        self.problems[number] = problem
        self.by_description[(unit, _squash(description))] = number
        self.rows_of[number] = str(row.number)
        self.changes.append(Change(number, "new", (f"{unit}：{_clip(description)}", *what),
                                   self.name(str(row.number))))

    def apply(self, row: _Row, problem: Problem) -> tuple[Problem, list[str]]:
        """The problem with the row's cells merged in, and what changed, in words."""
        what: list[str] = []
        updated = self.read(row, "updated_on", lambda v: parse_date(v, self.year))
        day = updated or self.day
        fields: dict[str, Any] = {}

        category = row.text("category")
        if category and category != problem.category:
            if self.categories and category not in self.categories:
                self.fail(row, "category", f"{category!r} is not one of the campaign's 问题类型 "
                                           f"({'、'.join(self.categories)})")
            fields["category"] = category
        lead, owner = row.text("lead_owner"), row.text("owner")
        if row.text("owners"):
            lead_part, _, owner_part = row.text("owners").replace("、", "/").partition("/")
            lead, owner = lead or lead_part.strip(), owner or owner_part.strip()
        if lead and lead != problem.lead_owner:
            fields["lead_owner"] = lead
        if owner and owner != problem.owner:
            fields["owner"] = owner
        term = self.read(row, "term", parse_term)
        measures = lines(row.values.get("measures"))
        if measures and measures != problem.measures:
            fields["measures"] = measures
            what.append("整改措施")
        deadline = self.read(row, "deadline", lambda v: parse_deadline(v, self.year))
        if term is None and deadline is not None and deadline.long_term:
            term = Term.LONG
        if term is not None and term is not problem.term:
            fields["term"] = term
        if fields:
            what[:0] = [by_field(f).header for f in fields if f not in ("measures",)]
            problem = attrs.evolve(problem, **fields)
        if deadline is not None and deadline.day is not None:
            problem = self.deadline(row, problem, deadline.day, day, updated is not None, what)
        status, rest = self.status(row)
        problem = self.progress(row, problem, rest, day, updated is not None, what)
        closed = self.read(row, "closed_on", lambda v: parse_date(v, self.year))
        if status is None and closed is not None:
            status = STATUS_WORDS["已销号"]
        if status is not None:
            problem = self.move(row, problem, status, closed, day, updated is not None, what)
        return problem, what

    def deadline(self, row: _Row, problem: Problem, until: dt.date, day: dt.date, dated: bool,
                 what: list[str]) -> Problem:
        in_force = problem.deadline_on(day)
        if in_force == until:
            return problem
        if until < problem.found_on:
            self.fail(row, "deadline", f"整改时限 {until.isoformat()} is before the problem was found "
                                       f"({problem.found_on.isoformat()})")
            return problem
        if in_force is None:
            what.append(f"整改时限 {until.isoformat()}")
            return attrs.evolve(problem, deadline=until)
        if until < in_force:
            self.fail(row, "deadline", f"整改时限 {until.isoformat()} is earlier than the deadline in force "
                                       f"({in_force.isoformat()}): an import only extends a deadline")
            return problem
        try:
            extended = extend(problem, until, "台账导入", day, source=self.source(row, dated))
        except SupervisioError as error:
            self.fail(row, "deadline", str(error))
            return problem
        what.append(f"整改时限延至 {until.isoformat()}")
        return extended

    def status(self, row: _Row) -> tuple[StatusWord | None, str]:
        """The status word of the row and its progress text (what follows the word when a 进展情况 column
        holds both)."""
        if "status" in row.values:
            word = self.read(row, "status", lambda v: parse_status(v)[0])
            return word, row.text("progress")  # the 状态 column says the status; 整改进展 stays progress
        if self.layout.column_of("status") is None and row.text("progress"):
            return parse_status(row.values["progress"], leading=True)
        return None, row.text("progress")

    def progress(self, row: _Row, problem: Problem, text: str, day: dt.date, dated: bool,
                 what: list[str]) -> Problem:
        known = {entry.text for entry in problem.progress}
        added = []
        for line in lines(text):
            on, words = split_dated_line(line, self.year)
            if not words or words in known:
                continue
            if on is not None and on < problem.found_on:
                self.fail(row, "progress", f"{line!r} is dated before the problem was found")
                continue
            known.add(words)
            added.append(ProgressEntry(on=on or day, text=words, source=self.source(row, dated or on is not None)))
        if not added:
            return problem
        what.append(f"整改进展 {len(added)} 条")
        return attrs.evolve(problem, progress=(*problem.progress, *added))

    def move(self, row: _Row, problem: Problem, word: StatusWord, closed: dt.date | None, day: dt.date,
             dated: bool, what: list[str]) -> Problem:
        target = word.target
        on = closed if closed is not None and target is not None and target.resolved else day
        current = problem.status_on(on)
        if current is None:
            self.fail(row, "status", f"{on.isoformat()} is before the problem was found")
            return problem
        if current in word.states:
            return problem
        field = "status" if "status" in row.values else "progress" if row.text("progress") else "closed_on"
        if target is None:
            self.fail(row, field, f"problem {problem.number} stands {current.value} on {on.isoformat()}; "
                                  f"{row.text(field)!r} does not say where it went (a closed problem is reopened "
                                  "by 回头看)")
            return problem
        try:
            moved = walk(problem, target, on, source=self.source(row, dated or on == closed))
        except SupervisioError as error:
            self.fail(row, field, str(error))
            return problem
        what.append(f"状态 {current.value} → {target.value}（{on.isoformat()}）")
        return moved

    # --------------------------------------------------------------------------------------------- result
    def result(self, warnings: Sequence[str]) -> ImportResult:
        order = [p.number for p in self.s.problems]
        known = set(order)
        order += [number for number in self.problems if number not in known]
        merged = attrs.evolve(self.s, problems=tuple(self.problems[number] for number in order))
        touched = {c.number for c in self.changes}
        for defect in check_integrity(merged) if self.changes else ():
            where = ""
            if defect.path.startswith("problems["):
                index = int(defect.path[len("problems["):defect.path.index("]")])
                number = order[index]
                if number in touched:
                    where = self.name(self.rows_of.get(number, ""))
            self.errors.append((where, f"{defect.path}: {defect.message}"))
        return ImportResult(merged, tuple(self.changes), self.unchanged, tuple(warnings))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _squash(text: str) -> str:
    return "".join(text.split())


def _clip(text: str, size: int = 24) -> str:
    text = _squash(text)
    return text if len(text) <= size else text[: size - 1] + "…"


def merge_rows(
    supervision: Supervision,
    *,
    source: str,
    sheet: str,
    rows: Sequence[Sequence[Any]],
    layout: Layout,
    metadata: Metadata | None,
    day: dt.date,
    warnings: Sequence[str] = (),
) -> tuple[ImportResult, list[tuple[str, str]]]:
    """Merge the data rows (below ``layout.header_row``) into ``supervision`` as of ``day``.

    Returns the result and the mistakes found (where, message); the caller raises when there are any.
    """
    merger = _Merger(supervision, source, sheet, layout, metadata, day)
    for index in range(layout.header_row, len(rows)):
        cells = rows[index]
        values = {
            field: value for column, field in layout.fields.items()
            if column < len(cells) and not _blank(value := cells[column])
        }
        if not values or any(text_of(cells[0]).startswith(word) for word in _TOTAL_ROW if cells):
            continue
        row = _Row(index + 1, values, layout, merger.name)
        if merger.readable(row):
            merger.merge(row)
    result = merger.result(warnings)
    return result, merger.errors
