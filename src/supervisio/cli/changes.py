"""``supervisio facts --since DATE``: what changed between two days, as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from supervisio.domain.changes import Changes
    from supervisio.domain.supervision import Supervision


def _counted(counts: Mapping[str, int], measure: str) -> str:
    return "、".join(f"{key}{value}{measure}" for key, value in counts.items() if value) or "无"


def _listed(numbers: Sequence[str]) -> str:
    return f"{len(numbers)}条" + (f"（{'、'.join(numbers)}）" if numbers else "")


def changes_text(changes: Changes, supervision: Supervision) -> str:
    """The changes as the lines a secretary reads before writing the week's briefing."""
    from supervisio.numerals import date_text

    def short(unit: str) -> str:
        found = supervision.unit(unit)
        return found.short_name or found.name

    scope = supervision.campaign.name
    if changes.group is not None:
        scope += f" · {supervision.group(changes.group).title}"
    if changes.unit is not None:
        scope += f" · {changes.unit}"
    p, n = changes.problems, changes.notices
    lines = [
        f"{scope} · {date_text(changes.since)}（不含）至{date_text(changes.as_of)}",
        f"问题：新发现{_listed(p.found)}；已解决{_listed(p.resolved)}；"
        f"新超期{_listed(p.newly_overdue)}；延期{_listed(p.extended)}",
        f"  按单位新发现：{_counted({short(u): c for u, c in p.found_by_unit.items()}, '条')}；"
        f"已解决：{_counted({short(u): c for u, c in p.resolved_by_unit.items()}, '条')}",
        f"  截至{date_text(changes.as_of)}在办{p.open_at_end}条，其中超期{p.overdue_at_end}条",
        f"督导活动：{changes.activities}次，{changes.person_times}人次"
        f"（{_counted(changes.activities_by_method, '次')}）",
        f"例会：召开{changes.meetings_held}次（{_counted(changes.meetings_by_kind, '次')}），"
        f"缺{len(changes.meetings_missed)}次",
        f"督导文书：下发{len(n.sent)}份（{_counted(n.sent_by_kind, '份')}）；收到回复{len(n.received)}份；"
        f"应回复{len(n.due)}份，其中未回复{len(n.due_unanswered)}份",
        f"需跟进事项：新增{len(changes.new_findings)}项，已消除{len(changes.settled_findings)}项",
    ]
    def where(unit: str | None) -> str:
        return f"{short(unit)}：" if unit else ""

    lines += [f"  + [{f.kind.value}] {where(f.unit)}{f.message}" for f in changes.new_findings]
    lines += [f"  - [{f.kind.value}] {where(f.unit)}{f.message}" for f in changes.settled_findings]
    return "\n".join(lines)


def changes_json(changes: Changes) -> str:
    """The changes as ``Changes.to_dict`` gives them."""
    return json.dumps(changes.to_dict(), ensure_ascii=False, indent=2)
