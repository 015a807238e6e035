"""Cross-record checks: the mistakes no single field shows, each located by its path in the data.

An unknown unit or activity referenced, a duplicate problem number, a deadline before the found date, a
date outside the campaign, two briefings with one issue number, a problem history that breaks the
lifecycle, a number out of range (an issue number of 0, a step of −5, a year of a thousand digits), a reply
due before the notice was issued … Every defect is returned, not just the first, so that a person fixing a
file fixes it in one pass. Paths follow the campaign file (``problems[12].deadline``), which maps one to one
onto :class:`~supervisio.domain.supervision.Supervision`; the storage layer adds the file name.

The checks read each list of records once (a 100,000-problem ledger is checked in one loop, paths built
only for the records that have a defect). A file of which some records did not even have the right shape
is checked too, through :class:`Gaps`: the records that were read keep their own indexes, and a reference
to a record that could not be read is not reported as unknown.

Messages quote at most a short excerpt of a value (:func:`~supervisio.errors.excerpt`).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence

import attrs

from supervisio.domain.campaign import Campaign
from supervisio.domain.lifecycle import MOVES, first_illegal_move
from supervisio.domain.problem_numbers import scheme_error
from supervisio.domain.problems import Problem, Transition
from supervisio.domain.records import Figure
from supervisio.domain.requirements import EXIT_RULES
from supervisio.domain.supervision import Supervision
from supervisio.domain.vocabulary import AppliesTo, ProblemStatus
from supervisio.errors import UnknownRecord, excerpt

__all__ = ["LARGEST", "Defect", "Gaps", "check_integrity"]

LARGEST = 999_999_999_999_999
"""The largest count or number a record may hold (15 digits). Chinese numerals are written up to 10¹⁶
(第七组, 第十二期), figures are scaled to 万 and 亿 with two decimals; nothing a campaign counts comes near it,
and a number past it (a typo, or a hostile file's thousand digits) would print as a wall of digits or
fail in a document."""


LONGEST_CAMPAIGN_DAYS = 3653
"""Ten years. A campaign runs for months, a 三年行动 for three years; one from 0001 to 9999 (a typo, or a
hostile file) would expect 1.2 million weekly meetings, each a finding."""


@attrs.frozen(order=True)
class Defect:
    """A mistake in the data at ``path``."""

    path: str
    message: str


@attrs.frozen(kw_only=True)
class Gaps:
    """What a partly read file lacks, so that the checks of what was read stay true.

    ``positions`` gives, per list of records (``"problems"``), the index in the file of each record that
    was read; ``lost`` names the parts not read at all (``"campaign"``, or a list that was not a list);
    ``unread`` holds the names, numbers and ids (and ``unread_groups`` the group numbers) found in the
    records that could not be read, so that a reference to one of them is not reported as unknown.
    """

    positions: Mapping[str, Sequence[int]] = attrs.field(factory=dict)
    lost: frozenset[str] = frozenset()
    unread: frozenset[str] = frozenset()
    unread_groups: frozenset[int] = frozenset()


_SUGGEST_AMONG = 2000
"""Suggest a near name only among this many: difflib over a 100,000-problem ledger would take seconds."""


def _unknown(kind: str, name: object, known: Iterable[str]) -> str:
    message = f"unknown {kind} {excerpt(name)}"
    candidates = list(known)
    if len(candidates) > _SUGGEST_AMONG or len(str(name)) > 100:
        return message
    close = difflib.get_close_matches(str(name), candidates, n=1, cutoff=0.5)
    return message + (f"; did you mean {close[0]!r}?" if close else "")


def _cut(text: str) -> str:
    """Text quoted inside a sentence (a briefing's series), cut like an excerpt but without quotes."""
    return text if len(text) <= 80 else text[:80] + "…"


class _Checker:
    """Walks a Supervision once, collecting defects; one method per part of the file."""

    def __init__(self, supervision: Supervision, gaps: Gaps) -> None:
        self.s = supervision
        self.gaps = gaps
        self.defects: list[Defect] = []
        self.has_campaign = "campaign" not in gaps.lost
        self.unit_names = [u.name for g in supervision.groups for u in g.units]
        self.group_numbers = {g.number for g in supervision.groups}
        self.units_of_group = {g.number: set(g.unit_names) for g in supervision.groups}
        self.requirements = {
            r.code: r for phase in supervision.campaign.phases for r in phase.requirements
        }
        self.phase_keys = [phase.key for phase in supervision.campaign.phases]
        self.categories = set(supervision.campaign.settings.categories)

    # -- helpers ---------------------------------------------------------------------------------

    def at(self, records: str, index: int) -> str:
        """The path of a record as the file numbers it: ``problems[12]``."""
        positions = self.gaps.positions.get(records)
        return f"{records}[{positions[index] if positions is not None else index}]"

    def add(self, path: str, message: str) -> None:
        self.defects.append(Defect(path, message))

    def unit(self, path: str | Callable[[], str], name: str | None, group: int | None = None) -> None:
        if name is None:
            return
        if not self.s.covers(name):
            if "groups" in self.gaps.lost or name in self.gaps.unread:
                return
            where = path() if callable(path) else path
            try:
                full = self.s.unit(name).name  # a short name or an alias
            except UnknownRecord:
                self.add(where, _unknown("unit", name, self.unit_names))
            else:
                self.add(where, f"records name a unit by its full name: write {full!r}")
        elif group is not None and group in self.units_of_group and name not in self.units_of_group[group]:
            where = path() if callable(path) else path
            self.add(where, f"unit {excerpt(name)} is not covered by group {group}")

    def group(self, path: str, number: int) -> None:
        if number not in self.group_numbers:
            if "groups" in self.gaps.lost or number in self.gaps.unread_groups:
                return
            known = "、".join(excerpt(n) for n in sorted(self.group_numbers)) or "none"
            self.add(path, f"unknown group {excerpt(number)}; groups are {known}")

    def in_campaign(self, path: str, day: dt.date) -> None:
        campaign = self.s.campaign
        if self.has_campaign and not campaign.contains(day):
            self.add(
                path,
                f"{day.isoformat()} is outside the campaign "
                f"({campaign.start.isoformat()} to {campaign.end.isoformat()})",
            )

    def number(self, path: str, value: int | None, least: int = 1) -> bool:
        """Whether ``value`` (a count, an issue number …) is in range; a defect at ``path`` when not."""
        if value is None or least <= value <= LARGEST:
            return True
        if value > LARGEST:
            self.add(path, f"{excerpt(value)} is too large: at most {LARGEST:,}")
        else:
            self.add(path, "must not be negative" if least == 0 else f"must be at least {least}")
        return False

    def not_before(self, path: str, day: dt.date | None, since: dt.date, what: str) -> None:
        if day is not None and day < since:
            self.add(path, f"{day.isoformat()} is before {what} ({since.isoformat()})")

    def figure(self, path: str, figure: Figure) -> None:
        """A quoted quantity: the value 0 or more (余/近 round a count), the rounding step 1 or more."""
        self.number(f"{path}.value", figure.value, least=0)
        self.number(f"{path}.step", figure.step)

    # -- the parts of the file -------------------------------------------------------------------

    def campaign(self) -> None:
        if not self.has_campaign:
            return
        c = self.s.campaign
        if not 1 <= c.year <= 9999:
            self.add("campaign.year", f"{excerpt(c.year)} is not a year (1 to 9999)")
        if c.end < c.start:
            self.add("campaign.end", "the campaign ends before it starts")
        elif (c.end - c.start).days > LONGEST_CAMPAIGN_DAYS:
            self.add("campaign.end", "the campaign lasts more than 10 years: is a year mistyped?")
        seen: set[str] = set()
        codes: set[str] = set()
        previous_end: dt.date | None = None
        for i, phase in enumerate(c.phases):
            path = f"campaign.phases[{i}]"
            if phase.key in seen:
                self.add(f"{path}.key", f"duplicate phase key {excerpt(phase.key)}")
            seen.add(phase.key)
            if phase.end < phase.start:
                self.add(f"{path}.end", "the phase ends before it starts")
            if not (c.contains(phase.start) and c.contains(phase.end)):
                self.add(path, f"phase {_cut(phase.name)} is not inside the campaign's dates")
            if previous_end is not None and phase.start <= previous_end:
                self.add(f"{path}.start", f"phase {_cut(phase.name)} starts before the previous one ends")
            previous_end = phase.end
            for j, rule in enumerate(phase.exit_rules):
                if rule.rule not in EXIT_RULES:
                    self.add(
                        f"{path}.exit_rules[{j}].rule",
                        _unknown("exit rule", rule.rule, EXIT_RULES)
                        + " (known: " + ", ".join(EXIT_RULES) + ")",
                    )
                self.number(f"{path}.exit_rules[{j}].count", rule.count, least=0)
            for j, requirement in enumerate(phase.requirements):
                where = f"{path}.requirements[{j}]"
                if requirement.min_count < 1:
                    self.add(f"{where}.min_count", "must be at least 1")
                else:
                    self.number(f"{where}.min_count", requirement.min_count)
                if requirement.code in codes:
                    self.add(f"{where}.code", f"duplicate requirement code {excerpt(requirement.code)}")
                codes.add(requirement.code)
                starts = f"phase {_cut(phase.name)} starts"
                self.not_before(f"{where}.due", requirement.due, phase.start, starts)
        scheme = scheme_error(c.settings.problem_numbers)
        if scheme is not None:
            self.add("campaign.settings.problem_numbers", scheme)
        if len(set(c.settings.categories)) != len(c.settings.categories):
            self.add("campaign.settings.categories", "a 问题类型 is listed twice")
        if c.settings.yellow_days < 0:
            self.add("campaign.settings.yellow_days", "must not be negative")
        else:
            self.number("campaign.settings.yellow_days", c.settings.yellow_days, least=0)
        for i, meeting_rule in enumerate(c.settings.weekly_meetings):
            if not meeting_rule.weekdays or any(not 1 <= day <= 7 for day in meeting_rule.weekdays):
                self.add(
                    f"campaign.settings.weekly_meetings[{i}].weekdays",
                    "weekdays are 1 (Monday) to 7 (Sunday), at least one",
                )

    def groups(self) -> None:
        numbers: set[int] = set()
        names: set[str] = set()
        for i, group in enumerate(self.s.groups):
            path = self.at("groups", i)
            if self.number(f"{path}.number", group.number) and group.number in numbers:
                self.add(f"{path}.number", f"duplicate group number {group.number}")
            numbers.add(group.number)
            for j, unit in enumerate(group.units):
                if unit.name in names:
                    self.add(f"{path}.units[{j}].name", f"unit {excerpt(unit.name)} is listed twice")
                names.add(unit.name)
            own = set(group.unit_names)
            for j, member in enumerate(group.members):
                for k, name in enumerate(member.units):
                    if name not in own:
                        self.add(
                            f"{path}.members[{j}].units[{k}]",
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
                path = f"{self.at('groups', i)}.units[{j}]"
                others = [(f"{path}.short_name", unit.short_name)]
                others += [(f"{path}.aliases[{k}]", alias) for k, alias in enumerate(unit.aliases)]
                for where, name in others:
                    clash = [(owner, how) for owner, how in users.get(name or "", []) if owner != unit.name]
                    if name is not None and clash:
                        owner, how = clash[0]
                        self.add(where, f"{excerpt(name)} is also the {how} of {_cut(owner)}")

    def problems(self) -> None:
        """One loop over the ledger: everything a problem can get wrong, paths made only for defects."""
        activities = {a.id: a for a in self.s.activities}
        activities_known = "activities" not in self.gaps.lost
        unread = self.gaps.unread
        campaign = self.s.campaign
        start, end = campaign.start, campaign.end
        check_dates = self.has_campaign
        categories = self.categories if self.has_campaign else set()
        covered = set(self.unit_names)
        seen: set[str] = set()
        for i, p in enumerate(self.s.problems):
            number = p.number
            if number in seen:
                self.add(f"{self.at('problems', i)}.number", f"duplicate problem number {excerpt(number)}")
            seen.add(number)
            if p.unit not in covered:
                # called (if at all) inside unit(), with this iteration's i
                self.unit(lambda: f"{self.at('problems', i)}.unit", p.unit)  # noqa: B023
            if categories and p.category not in categories:
                self.add(
                    f"{self.at('problems', i)}.category",
                    f"{excerpt(p.category)} is not one of the campaign's 问题类型 "
                    f"({'、'.join(self.s.campaign.settings.categories)})",
                )
            found_on = p.found_on
            if check_dates and not start <= found_on <= end:
                self.in_campaign(f"{self.at('problems', i)}.found_on", found_on)
            if p.deadline is not None and p.deadline < found_on:
                self.add(
                    f"{self.at('problems', i)}.deadline",
                    f"deadline {p.deadline.isoformat()} is before the problem was found "
                    f"({found_on.isoformat()})",
                )
            if p.source_activity is not None:
                activity = activities.get(p.source_activity)
                if activity is None:
                    if activities_known and p.source_activity not in unread:
                        self.add(
                            f"{self.at('problems', i)}.source_activity",
                            _unknown("activity", p.source_activity, activities),
                        )
                elif activity.on > found_on:
                    self.add(
                        f"{self.at('problems', i)}.source_activity",
                        f"activity {_cut(activity.id)} ({activity.on.isoformat()}) is after the problem "
                        f"was found ({found_on.isoformat()})",
                    )
            if p.history and not _history_sound(p.history, found_on):
                self._history(i, p)
            if p.extensions:
                self._extensions(i, p)

    def _history(self, i: int, p: Problem) -> None:
        """The defects of a history that :func:`_history_sound` found wanting (the rare, slow case)."""
        path = f"{self.at('problems', i)}.history"
        self._dated_in_order(path, [t.on for t in p.history], p.found_on, "the problem was found")
        illegal = first_illegal_move(p)
        if illegal is not None:
            index, error = illegal
            self.add(f"{path}[{index}].to", str(error))

    def _extensions(self, i: int, p: Problem) -> None:
        path = f"{self.at('problems', i)}.extensions"
        self._dated_in_order(path, [e.on for e in p.extensions], p.found_on, "the problem was found")
        for j, extension in enumerate(p.extensions):
            if extension.until < extension.on:
                self.add(f"{path}[{j}].until", "the new deadline is before the grant")

    def _dated_in_order(self, path: str, days: list[dt.date], floor: dt.date, what: str) -> None:
        previous = floor
        for j, day in enumerate(days):
            if day < previous:
                reason = what if previous == floor and j == 0 else "the entry before it"
                self.add(f"{path}[{j}].on", f"{day.isoformat()} is before {reason}")
            previous = max(previous, day)

    def records(self) -> None:
        s = self.s
        at = self.at
        ids: set[str] = set()
        for i, a in enumerate(s.activities):
            if a.id in ids:
                self.add(f"{at('activities', i)}.id", f"duplicate activity id {excerpt(a.id)}")
            ids.add(a.id)
            self.unit(f"{at('activities', i)}.unit", a.unit)
            self.in_campaign(f"{at('activities', i)}.on", a.on)
        for i, m in enumerate(s.meetings):
            self.group(f"{at('meetings', i)}.group", m.group)
            self.in_campaign(f"{at('meetings', i)}.on", m.on)
        self.notices()
        issues: dict[tuple[str, int, int, bool], int] = {}
        for i, b in enumerate(s.briefings):
            path = at("briefings", i)
            self.group(f"{path}.group", b.group)
            self.unit(f"{path}.unit", b.unit, b.group)
            self.in_campaign(f"{path}.on", b.on)
            if not 1 <= b.year <= 9999:
                self.add(f"{path}.year", f"{excerpt(b.year)} is not a year (1 to 9999)")
            elif b.on.year != b.year:
                self.add(f"{path}.year", f"issue dated {b.on.isoformat()} is not of {b.year}")
            self.number(f"{path}.copies", b.copies)
            if not self.number(f"{path}.number", b.number):
                continue
            key = (b.series, b.year, b.number, b.supplement)
            if key in issues:
                label = "增刊" if b.supplement else ""
                self.add(
                    f"{path}.number",
                    f"《{_cut(b.series)}》{b.year}年{label}第{b.number}期 is already "
                    f"{at('briefings', issues[key])}",
                )
            else:
                issues[key] = i
        prompts: dict[tuple[int, int, int], int] = {}
        for i, w in enumerate(s.work_prompts):
            path = at("work_prompts", i)
            self.group(f"{path}.group", w.group)
            self.in_campaign(f"{path}.on", w.on)
            self.not_before(f"{path}.due", w.due, w.on, "the prompt was issued")
            if not self.number(f"{path}.number", w.number):
                continue
            key3 = (w.group, w.on.year, w.number)
            if key3 in prompts:
                self.add(f"{path}.number", f"is already {at('work_prompts', prompts[key3])}")
            else:
                prompts[key3] = i
        for i, ad in enumerate(s.adoptions):
            self.group(f"{at('adoptions', i)}.group", ad.group)
            self.unit(f"{at('adoptions', i)}.unit", ad.unit, ad.group)
            self.in_campaign(f"{at('adoptions', i)}.on", ad.on)
        for i, ac in enumerate(s.achievements):
            self.unit(f"{at('achievements', i)}.unit", ac.unit)
            self.in_campaign(f"{at('achievements', i)}.on", ac.on)
            self.figure(at("achievements", i), ac)
        for i, ex in enumerate(s.exemplars):
            self.unit(f"{at('exemplars', i)}.unit", ex.unit)
            self.in_campaign(f"{at('exemplars', i)}.on", ex.on)
            for j, figure in enumerate(ex.figures):
                self.figure(f"{at('exemplars', i)}.figures[{j}]", figure)
        for i, o in enumerate(s.optional_actions):
            self.unit(f"{at('optional_actions', i)}.unit", o.unit)
            self.in_campaign(f"{at('optional_actions', i)}.on", o.on)
            if self.has_campaign and o.phase not in self.phase_keys:
                self.add(f"{at('optional_actions', i)}.phase", _unknown("phase", o.phase, self.phase_keys))

    def notices(self) -> None:
        units_of_problem = {p.number: p.unit for p in self.s.problems}
        problems_known = "problems" not in self.gaps.lost
        for i, n in enumerate(self.s.notices):
            path = self.at("notices", i)
            self.group(f"{path}.group", n.group)
            self.unit(f"{path}.unit", n.unit, n.group)
            self.in_campaign(f"{path}.on", n.on)
            for j, number in enumerate(n.problems):
                if number not in units_of_problem:
                    if problems_known and number not in self.gaps.unread:
                        self.add(f"{path}.problems[{j}]", _unknown("problem", number, units_of_problem))
                elif units_of_problem[number] != n.unit:
                    self.add(
                        f"{path}.problems[{j}]",
                        f"problem {_cut(number)} belongs to {_cut(units_of_problem[number])}, "
                        f"not {_cut(n.unit)}",
                    )
            for field in ("received_on", "replied_on"):
                day = getattr(n, field)
                if day is not None and day < n.on:
                    self.add(f"{path}.{field}", "is before the notice was issued")
            self.not_before(f"{path}.reply_due", n.reply_due, n.on, "the notice was issued")

    def requirement_records(self) -> None:
        check_requirements = self.has_campaign
        for i, r in enumerate(self.s.requirement_records):
            path = self.at("requirement_records", i)
            self.unit(f"{path}.unit", r.unit)
            self.in_campaign(f"{path}.on", r.on)
            if not check_requirements:
                continue
            requirement = self.requirements.get(r.requirement)
            if requirement is None:
                self.add(f"{path}.requirement", _unknown("requirement", r.requirement, self.requirements))
            elif requirement.applies_to is AppliesTo.EACH_LEADER and self.s.covers(r.unit):
                leaders = self.s.unit(r.unit).leaders
                if r.leader is None:
                    self.add(f"{path}.leader", f"required: {_cut(r.requirement)} is done by each leader")
                elif r.leader not in leaders:
                    self.add(f"{path}.leader", _unknown(f"leader of {_cut(r.unit)}", r.leader, leaders))
        for i, w in enumerate(self.s.waivers):
            path = self.at("waivers", i)
            self.unit(f"{path}.unit", w.unit)
            self.in_campaign(f"{path}.on", w.on)
            if check_requirements and w.requirement not in self.requirements:
                self.add(f"{path}.requirement", _unknown("requirement", w.requirement, self.requirements))


_LEGAL_MOVES = frozenset((id(state), id(following)) for state, moves in MOVES.items() for following in moves)
"""The lifecycle's moves by the identity of their states: an Enum member hashes in Python, which a
dictionary lookup per move of 400,000 would pay for; members are singletons, so their ids do."""


def _history_sound(history: Sequence[Transition], found_on: dt.date) -> bool:
    """Whether a history is dated in order from the found date and every move is on the map: the check
    every problem gets, kept to a tight loop (the located messages are made only when it fails)."""
    current = id(ProblemStatus.REGISTERED)
    previous = found_on
    legal = _LEGAL_MOVES
    for transition in history:
        on, to = transition.on, id(transition.to)
        if on < previous or (current, to) not in legal:
            return False
        previous, current = on, to
    return True


_PARTS: tuple[Callable[[_Checker], None], ...] = (
    _Checker.campaign,
    _Checker.groups,
    _Checker.problems,
    _Checker.records,
    _Checker.requirement_records,
)


def check_integrity(supervision: Supervision, gaps: Gaps | None = None) -> list[Defect]:
    """Every cross-record defect of ``supervision``, in the order of the file; empty when it is sound.

    ``gaps`` describes what a partly read file lacks (see :class:`Gaps`); without it the value is whole.
    """
    checker = _Checker(supervision, gaps or Gaps())
    for part in _PARTS:
        part(checker)
    return checker.defects


def placeholder_campaign() -> Campaign:
    """A campaign standing in for one that could not be read, so that the rest can still be checked
    (with ``Gaps(lost={"campaign"})``, nothing is checked against it)."""
    return Campaign(
        name="", year=1, organiser="", leading_group="", office="", start=dt.date.min, end=dt.date.max
    )
