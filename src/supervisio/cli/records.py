"""``supervisio check`` and ``supervisio facts``: the rules and the figures of a campaign."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from supervisio.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    add_campaign_arguments,
    as_of_day,
    check_group,
    check_unit,
    date_argument,
    entries_after,
    load_campaign,
)

if TYPE_CHECKING:
    from supervisio.domain.facts import Facts
    from supervisio.domain.findings import Finding


def add_commands(commands: Any) -> None:
    """Declare ``check`` and ``facts``."""
    check = commands.add_parser(
        "check", help="validate a campaign file and print the rule findings",
        description="Validate a campaign file and print the rule findings.",
    )
    add_campaign_arguments(check)
    check.add_argument("--strict", action="store_true", help="exit with status 1 when there are findings")
    check.set_defaults(run=run_check)
    facts = commands.add_parser(
        "facts", help="print the facts (statistics) of a campaign, a group or a unit",
        description="Print the facts (statistics) of a campaign, a group or a unit.",
    )
    add_campaign_arguments(facts)
    facts.add_argument("--unit", metavar="NAME", help="only the unit called NAME")
    facts.add_argument("--json", action="store_true", help="print JSON instead of text")
    facts.add_argument(
        "--since", type=date_argument, metavar="DATE",
        help="print what changed after DATE up to the --as-of day (problems found, resolved, newly "
             "overdue; activities; meetings; notices; findings new and settled)",
    )
    facts.set_defaults(run=run_facts)


def run_check(args: argparse.Namespace) -> int:
    from supervisio.domain.findings import review
    from supervisio.numerals import date_text

    supervision, default = load_campaign(args.campaign)
    check_group(supervision, args.group)
    as_of = as_of_day(supervision, args.as_of, default)
    findings = review(supervision, as_of, args.group)
    source = args.campaign or "the embedded demo"
    groups = len(supervision.groups)
    print(f"{source}: valid ({len(supervision.problems)} problems, {groups} group{'s' * (groups != 1)})")
    print(f"截至{date_text(as_of)}，发现{len(findings)}项需跟进事项。")
    later = entries_after(supervision, as_of)
    if later:
        print(f"另有{later}条记录晚于{date_text(as_of)}，未计入（用 --as-of 查看其后的情况）。")
    for (number, unit), lines in _findings_by_place(findings).items():
        print(f"\n{supervision.group(number).title} · {unit or '督导组'}")
        for line in lines:
            print(f"  {line}")
    return EXIT_FINDINGS if args.strict and findings else EXIT_OK


def _findings_by_place(findings: Sequence[Finding]) -> dict[tuple[int, str | None], list[str]]:
    """The printed lines per (group, unit); missing meetings are folded into one line per kind."""
    from supervisio.domain.findings import FindingKind

    places: dict[tuple[int, str | None], list[Finding]] = {}
    for finding in findings:
        places.setdefault((finding.group, finding.unit), []).append(finding)
    printed = {}
    for place, found in places.items():
        lines = [f"[{f.kind.value}] {f.message}" for f in found if f.meeting is None]
        weeks: dict[str, list[str]] = {}
        for f in found:
            if f.meeting is not None:
                weeks.setdefault(f.meeting.kind.value, []).append(f.meeting.week_of.strftime("%m-%d"))
        lines += [
            f"[{FindingKind.MEETING_MISSING.value}] {kind} 缺{len(days)}次（当周周一：{'、'.join(days)}）"
            for kind, days in weeks.items()
        ]
        printed[place] = lines
    return printed


def _facts_text(facts: Facts) -> str:
    from supervisio.numerals import date_text, percent

    def joined(counts: dict[str, int] | Any, measure: str) -> str:
        return "、".join(f"{key}{value}{measure}" for key, value in counts.items() if value) or "无"

    scope = facts.campaign
    if facts.group is not None:
        scope += f" · {facts.group.title}"
    if facts.unit is not None:
        scope += f" · {facts.unit}"
    p = facts.problems
    d = facts.documents
    phases = facts.phases
    lines = [
        f"{scope} · 截至{date_text(facts.as_of)}",
        f"阶段：{phases.current or '—'}（已完成：{'、'.join(phases.completed) or '无'}；"
        f"下一阶段：{phases.next or '无'}）",
    ]
    if facts.group is not None:
        lines.append(
            f"督导组：{facts.group.title}，成员{facts.group.member_count}名，被督导单位"
            f"{facts.group.unit_count}个（{'、'.join(facts.group.unit_short_names)}）"
        )
    lines += [
        f"问题：共{p.total}条（{joined(p.by_term, '条')}）；已解决{p.resolved}条"
        f"（立行立改{p.closed_on_spot}条），整改率{p.rate()}",
        f"  在{'、'.join(phases.completed) or '已完成'}阶段已解决{facts.resolved_in_completed_phases()}条",
        f"  按类别：{joined(p.by_category, '条')}",
        f"  在办{p.open}条：超期{p.overdue}条；{joined(p.by_light, '')}",
        f"督导活动：{facts.activities.total}次，{facts.activities.person_times}人次"
        f"（{joined(facts.activities.by_method, '次')}）",
        f"例会：已召开{facts.meetings.held}次（{joined(facts.meetings.by_kind, '次')}），缺{facts.meetings.missing}次",
        f"文稿：工作简报{d.briefings}期（增刊{d.supplements}期），工作提示{d.work_prompts}条，"
        f"被督导单位上报简报{d.unit_briefings}期，被办公室采用并刊发{d.adoptions}次",
        f"  督导文书：{joined(d.notices_by_kind, '份')}",
        f"自选动作：{facts.optional_actions}项（品牌{facts.brands}项）",
        "规定动作完成情况：",
    ]
    for r in facts.requirements:
        verdicts = [
            f"{'、'.join(r.phases_failed)}阶段未达标" if r.phases_failed
            else f"{'、'.join(r.phases_passed)}阶段均达标" if r.phases_passed
            else "",
            "可转段" if r.may_pass_current else "",
        ]
        verdict = "，".join(part for part in verdicts if part)
        lines.append(
            f"  {r.unit}：完成{r.met}项、豁免{r.waived}项、未到期{r.pending}项、未完成{r.missing}项，"
            f"完成率{percent(r.completion, 0)}" + (f"；{verdict}" if verdict else "")
        )
    if facts.achievements:
        lines.append("成效：")
        lines += [f"  {a.unit_short_name}{a.metric}{a.text}" for a in facts.achievements]
    if facts.exemplars:
        lines.append("典型：" + "、".join(f"{e.name}（{e.unit}）" for e in facts.exemplars))
    return "\n".join(lines)


def _facts_json(facts: Facts) -> str:
    return json.dumps(facts.to_dict(), ensure_ascii=False, indent=2)


def run_facts(args: argparse.Namespace) -> int:
    from supervisio.domain.facts import compute_facts

    supervision, default = load_campaign(args.campaign)
    check_group(supervision, args.group)
    unit = check_unit(supervision, args.unit)
    as_of = as_of_day(supervision, args.as_of, default)
    group = args.group
    if group is None and unit is None and len(supervision.groups) == 1:
        group = supervision.groups[0].number
    if args.since is not None:
        from supervisio.cli.changes import changes_json, changes_text
        from supervisio.domain.changes import compute_changes

        changes = compute_changes(supervision, args.since, as_of, group=group, unit=unit)
        print(changes_json(changes) if args.json else changes_text(changes, supervision))
        return EXIT_OK
    facts = compute_facts(supervision, as_of, group=group, unit=unit)
    print(_facts_json(facts) if args.json else _facts_text(facts))
    return EXIT_OK


