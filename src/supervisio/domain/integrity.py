"""Cross-record checks: the mistakes no single field shows, each located by its path in the data.

An unknown unit or activity referenced, a duplicate problem number, a deadline before the found date, a
date outside the campaign, two briefings with one issue number, a problem history that breaks the
lifecycle … Every defect is returned, not just the first, so that a person fixing a file fixes it in one
pass. Paths follow the campaign file (``problems[12].deadline``), which maps one to one onto
:class:`~supervisio.domain.supervision.Supervision`; the storage layer adds the file name.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable

import attrs

from supervisio.domain.lifecycle import first_illegal_move
from supervisio.domain.problem_numbers import scheme_error
from supervisio.domain.requirements import EXIT_RULES
from supervisio.domain.supervision import Supervision
from supervisio.domain.vocabulary import AppliesTo
from supervisio.errors import UnknownRecord

__all__ = ["Defect", "check_integrity"]


@attrs.frozen(order=True)
class Defect:
    """A mistake in the data at ``path``."""

    path: str
    message: str


_SUGGEST_AMONG = 2000
"""Suggest a near name only among this many: difflib over a 100,000-problem ledger would take seconds."""


def _unknown(kind: str, name: object, known: Iterable[str]) -> str:
    message = f"unknown {kind} {name!r}"
    candidates = list(known)
    if len(candidates) > _SUGGEST_AMONG:
        return message
    close = difflib.get_close_matches(str(name), candidates, n=1, cutoff=0.5)
    return message + (f"; did you mean {close[0]!r}?" if close else "")


class _Checker:
    """Walks a Supervision once, collecting defects; one method per part of the file."""

    def __init__(self, supervision: Supervision) -> None:
        self.s = supervision
        self.defects: list[Defect] = []
        self.unit_names = [u.name for g in supervision.groups for u in g.units]
        self.group_numbers = {g.number for g in supervision.groups}
        self.units_of_group = {g.number: set(g.unit_names) for g in supervision.groups}
        self.requirements = {
            r.code: r for phase in supervision.campaign.phases for r in phase.requirements
        }
        self.phase_keys = [phase.key for phase in supervision.campaign.phases]
        self.categories = supervision.campaign.settings.categories

    def add(self, path: str, message: str) -> None:
        self.defects.append(Defect(path, message))

    def unit(self, path: str, name: str | None, group: int | None = None) -> None:
        if name is None:
            return
        if not self.s.covers(name):
            try:
                full = self.s.unit(name).name  # a short name or an alias
            except UnknownRecord:
                self.add(path, _unknown("unit", name, self.unit_names))
            else:
                self.add(path, f"records name a unit by its full name: write {full!r}")
        elif group is not None and group in self.units_of_group and name not in self.units_of_group[group]:
            self.add(path, f"unit {name!r} is not covered by group {group}")

    def group(self, path: str, number: int) -> None:
        if number not in self.group_numbers:
            known = "、".join(str(n) for n in sorted(self.group_numbers)) or "none"
            self.add(path, f"unknown group {number}; groups are {known}")

    def in_campaign(self, path: str, day: dt.date) -> None:
        campaign = self.s.campaign
        if not campaign.contains(day):
            self.add(
                path,
                f"{day.isoformat()} is outside the campaign "
                f"({campaign.start.isoformat()} to {campaign.end.isoformat()})",
            )

    def campaign(self) -> None:
        c = self.s.campaign
        if c.end < c.start:
            self.add("campaign.end", "the campaign ends before it starts")
        seen: set[str] = set()
        previous_end: dt.date | None = None
        for i, phase in enumerate(c.phases):
            path = f"campaign.phases[{i}]"
            if phase.key in seen:
                self.add(f"{path}.key", f"duplicate phase key {phase.key!r}")
            seen.add(phase.key)
            if phase.end < phase.start:
                self.add(f"{path}.end", "the phase ends before it starts")
            if not (c.contains(phase.start) and c.contains(phase.end)):
                self.add(path, f"phase {phase.name} is not inside the campaign's dates")
            if previous_end is not None and phase.start <= previous_end:
                self.add(f"{path}.start", f"phase {phase.name} starts before the previous one ends")
            previous_end = phase.end
            for j, rule in enumerate(phase.exit_rules):
                if rule.rule not in EXIT_RULES:
                    self.add(
                        f"{path}.exit_rules[{j}].rule",
                        _unknown("exit rule", rule.rule, EXIT_RULES)
                        + " (known: " + ", ".join(EXIT_RULES) + ")",
                    )
            for j, requirement in enumerate(phase.requirements):
                if requirement.min_count < 1:
                    self.add(f"{path}.requirements[{j}].min_count", "must be at least 1")
        codes: set[str] = set()
        for i, phase in enumerate(c.phases):
            for j, requirement in enumerate(phase.requirements):
                if requirement.code in codes:
                    self.add(
                        f"campaign.phases[{i}].requirements[{j}].code",
                        f"duplicate requirement code {requirement.code!r}",
                    )
                codes.add(requirement.code)
        scheme = scheme_error(c.settings.problem_numbers)
        if scheme is not None:
            self.add("campaign.settings.problem_numbers", scheme)
        if len(set(c.settings.categories)) != len(c.settings.categories):
            self.add("campaign.settings.categories", "a 问题类型 is listed twice")
        if c.settings.yellow_days < 0:
            self.add("campaign.settings.yellow_days", "must not be negative")
        for i, rule in enumerate(c.settings.weekly_meetings):
            if not rule.weekdays or any(not 1 <= day <= 7 for day in rule.weekdays):
                self.add(
                    f"campaign.settings.weekly_meetings[{i}].weekdays",
                    "weekdays are 1 (Monday) to 7 (Sunday), at least one",
                )

    def groups(self) -> None:
        numbers: set[int] = set()
        names: set[str] = set()
        for i, group in enumerate(self.s.groups):
            if group.number in numbers:
                self.add(f"groups[{i}].number", f"duplicate group number {group.number}")
            numbers.add(group.number)
            for j, unit in enumerate(group.units):
                if unit.name in names:
                    self.add(f"groups[{i}].units[{j}].name", f"unit {unit.name!r} is listed twice")
                names.add(unit.name)
            own = set(group.unit_names)
            for j, member in enumerate(group.members):
                for k, name in enumerate(member.units):
                    if name not in own:
                        self.add(
                            f"groups[{i}].members[{j}].units[{k}]",
                            _unknown(f"unit of group {group.number}", name, own),
                        )
        self.other_unit_names()

    def other_unit_names(self) -> None:
        """A short name or alias must name one unit only, or ``--unit 市发改委`` would have to guess."""
        users: dict[str, list[tuple[str, str]]] = {}
        for group in self.s.groups:
            for unit in group.units:
                names = [(unit.name, "name"), (unit.short_name, "short name")]
                for name, how in [*names, *((alias, "alias") for alias in unit.aliases)]:
                    if name is not None:
                        users.setdefault(name, []).append((unit.name, how))
        for i, group in enumerate(self.s.groups):
            for j, unit in enumerate(group.units):
                path = f"groups[{i}].units[{j}]"
                others = [(f"{path}.short_name", unit.short_name)]
                others += [(f"{path}.aliases[{k}]", alias) for k, alias in enumerate(unit.aliases)]
                for where, name in others:
                    clash = [(owner, how) for owner, how in users.get(name or "", []) if owner != unit.name]
                    if name is not None and clash:
                        owner, how = clash[0]
                        self.add(where, f"{name!r} is also the {how} of {owner}")

    def problems(self) -> None:
        activities = {a.id: a for a in self.s.activities}
        seen: set[str] = set()
        for i, p in enumerate(self.s.problems):
            path = f"problems[{i}]"
            if p.number in seen:
                self.add(f"{path}.number", f"duplicate problem number {p.number!r}")
            seen.add(p.number)
            self.unit(f"{path}.unit", p.unit)
            if self.categories and p.category not in self.categories:
                self.add(
                    f"{path}.category",
                    f"{p.category!r} is not one of the campaign's 问题类型 ({'、'.join(self.categories)})",
                )
            self.in_campaign(f"{path}.found_on", p.found_on)
            if p.deadline is not None and p.deadline < p.found_on:
                self.add(
                    f"{path}.deadline",
                    f"deadline {p.deadline.isoformat()} is before the problem was found "
                    f"({p.found_on.isoformat()})",
                )
            if p.source_activity is not None:
                activity = activities.get(p.source_activity)
                if activity is None:
                    self.add(
                        f"{path}.source_activity",
                        _unknown("activity", p.source_activity, activities),
                    )
                elif activity.on > p.found_on:
                    self.add(
                        f"{path}.source_activity",
                        f"activity {activity.id} ({activity.on.isoformat()}) is after the problem "
                        f"was found ({p.found_on.isoformat()})",
                    )
            self._dated_in_order(
                f"{path}.history", [t.on for t in p.history], p.found_on, "the problem was found"
            )
            self._dated_in_order(
                f"{path}.extensions", [e.on for e in p.extensions], p.found_on, "the problem was found"
            )
            for j, extension in enumerate(p.extensions):
                if extension.until < extension.on:
                    self.add(f"{path}.extensions[{j}].until", "the new deadline is before the grant")
            illegal = first_illegal_move(p)
            if illegal is not None:
                index, error = illegal
                self.add(f"{path}.history[{index}].to", str(error))

    def _dated_in_order(self, path: str, days: list[dt.date], floor: dt.date, what: str) -> None:
        previous = floor
        for j, day in enumerate(days):
            if day < previous:
                reason = what if previous == floor and j == 0 else "the entry before it"
                self.add(f"{path}[{j}].on", f"{day.isoformat()} is before {reason}")
            previous = max(previous, day)

    def records(self) -> None:
        s = self.s
        ids: set[str] = set()
        for i, a in enumerate(s.activities):
            if a.id in ids:
                self.add(f"activities[{i}].id", f"duplicate activity id {a.id!r}")
            ids.add(a.id)
            self.unit(f"activities[{i}].unit", a.unit)
            self.in_campaign(f"activities[{i}].on", a.on)
        for i, m in enumerate(s.meetings):
            self.group(f"meetings[{i}].group", m.group)
            self.in_campaign(f"meetings[{i}].on", m.on)
        units_of_problem = {p.number: p.unit for p in s.problems}
        for i, n in enumerate(s.notices):
            self.group(f"notices[{i}].group", n.group)
            self.unit(f"notices[{i}].unit", n.unit, n.group)
            self.in_campaign(f"notices[{i}].on", n.on)
            for j, number in enumerate(n.problems):
                if number not in units_of_problem:
                    self.add(f"notices[{i}].problems[{j}]", _unknown("problem", number, units_of_problem))
                elif units_of_problem[number] != n.unit:
                    self.add(
                        f"notices[{i}].problems[{j}]",
                        f"problem {number} belongs to {units_of_problem[number]}, not {n.unit}",
                    )
            for field in ("received_on", "replied_on"):
                day = getattr(n, field)
                if day is not None and day < n.on:
                    self.add(f"notices[{i}].{field}", "is before the notice was issued")
        issues: dict[tuple[str, int, int, bool], int] = {}
        for i, b in enumerate(s.briefings):
            self.group(f"briefings[{i}].group", b.group)
            self.unit(f"briefings[{i}].unit", b.unit, b.group)
            self.in_campaign(f"briefings[{i}].on", b.on)
            if b.on.year != b.year:
                self.add(f"briefings[{i}].year", f"issue dated {b.on.isoformat()} is not of {b.year}")
            key = (b.series, b.year, b.number, b.supplement)
            if key in issues:
                label = "增刊" if b.supplement else ""
                self.add(
                    f"briefings[{i}].number",
                    f"《{b.series}》{b.year}年{label}第{b.number}期 is already briefings[{issues[key]}]",
                )
            else:
                issues[key] = i
        prompts: dict[tuple[int, int, int], int] = {}
        for i, w in enumerate(s.work_prompts):
            self.group(f"work_prompts[{i}].group", w.group)
            self.in_campaign(f"work_prompts[{i}].on", w.on)
            key3 = (w.group, w.on.year, w.number)
            if key3 in prompts:
                self.add(f"work_prompts[{i}].number", f"is already work_prompts[{prompts[key3]}]")
            else:
                prompts[key3] = i
        for i, ad in enumerate(s.adoptions):
            self.group(f"adoptions[{i}].group", ad.group)
            self.unit(f"adoptions[{i}].unit", ad.unit, ad.group)
            self.in_campaign(f"adoptions[{i}].on", ad.on)
        for i, ac in enumerate(s.achievements):
            self.unit(f"achievements[{i}].unit", ac.unit)
            self.in_campaign(f"achievements[{i}].on", ac.on)
        for i, ex in enumerate(s.exemplars):
            self.unit(f"exemplars[{i}].unit", ex.unit)
            self.in_campaign(f"exemplars[{i}].on", ex.on)
        for i, o in enumerate(s.optional_actions):
            self.unit(f"optional_actions[{i}].unit", o.unit)
            self.in_campaign(f"optional_actions[{i}].on", o.on)
            if o.phase not in self.phase_keys:
                self.add(f"optional_actions[{i}].phase", _unknown("phase", o.phase, self.phase_keys))

    def requirement_records(self) -> None:
        for i, r in enumerate(self.s.requirement_records):
            path = f"requirement_records[{i}]"
            self.unit(f"{path}.unit", r.unit)
            self.in_campaign(f"{path}.on", r.on)
            requirement = self.requirements.get(r.requirement)
            if requirement is None:
                self.add(f"{path}.requirement", _unknown("requirement", r.requirement, self.requirements))
            elif requirement.applies_to is AppliesTo.EACH_LEADER and self.s.covers(r.unit):
                leaders = self.s.unit(r.unit).leaders
                if r.leader is None:
                    self.add(f"{path}.leader", f"required: {r.requirement} is done by each leader")
                elif r.leader not in leaders:
                    self.add(f"{path}.leader", _unknown(f"leader of {r.unit}", r.leader, leaders))
        for i, w in enumerate(self.s.waivers):
            self.unit(f"waivers[{i}].unit", w.unit)
            self.in_campaign(f"waivers[{i}].on", w.on)
            if w.requirement not in self.requirements:
                self.add(
                    f"waivers[{i}].requirement", _unknown("requirement", w.requirement, self.requirements)
                )


_PARTS: tuple[Callable[[_Checker], None], ...] = (
    _Checker.campaign,
    _Checker.groups,
    _Checker.problems,
    _Checker.records,
    _Checker.requirement_records,
)


def check_integrity(supervision: Supervision) -> list[Defect]:
    """Every cross-record defect of ``supervision``, in the order of the file; empty when it is sound."""
    checker = _Checker(supervision)
    for part in _PARTS:
        part(checker)
    return checker.defects
