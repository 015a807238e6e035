"""The built-in document kinds, registered through the same hook a plugin would use.

| kind | 名称 | template | context | per unit |
|---|---|---|---|---|
| report | 工作汇报 | report.md.j2 | `report.ReportContext` | no |
| briefing | 工作简报 | briefing.md.j2 | `issued.BriefingContext` | no |
| prompt | 工作提示 | prompt.md.j2 | `issued.PromptContext` | no |
| opinion | 督导意见 | opinion.md.j2 | `notices.NoticeContext` | yes |
| rectification | 整改通知 | rectification.md.j2 | `notices.NoticeContext` | yes |
| ledger | 问题台账 | ledger.md.j2 | `context.SharedContext`, the table from `ledger.ledger_block` | no (landscape) |
| weekly | 工作简报（周报） | weekly.md.j2 | `weekly.WeeklyContext` | no |
| bulletin | 督查通报 | bulletin.md.j2 | `bulletin.BulletinContext` | no (the whole campaign) |
"""

from __future__ import annotations

from supervisio.kinds.bulletin import bulletin_context
from supervisio.kinds.context import shared_context
from supervisio.kinds.issued import briefing_context, prompt_context
from supervisio.kinds.kind import DocumentKind
from supervisio.kinds.ledger import ledger_block
from supervisio.kinds.notices import opinion_context, rectification_context
from supervisio.kinds.report import report_context
from supervisio.kinds.weekly import weekly_context
from supervisio.plugins.hookspecs import hookimpl
from supervisio.plugins.registry import KindRegistry

__all__ = ["BUILTIN_KINDS"]

BUILTIN_KINDS = (
    DocumentKind(name="report", title="工作汇报", template="report.md.j2", context=report_context,
                 description="阶段工作汇报：做法、问题、下步工作，数字全部由记录计算"),
    DocumentKind(name="briefing", title="工作简报", template="briefing.md.j2", context=briefing_context,
                 description="督导组最近一期工作简报：报头、正文、报尾"),
    DocumentKind(name="prompt", title="工作提示", template="prompt.md.j2", context=prompt_context,
                 description="督导组最近一期工作提示"),
    DocumentKind(name="opinion", title="督导意见", template="opinion.md.j2", context=opinion_context,
                 per_unit=True, description="对一个被督导单位的督导意见：评价、问题、整改要求和回复时限"),
    DocumentKind(name="rectification", title="整改通知", template="rectification.md.j2",
                 context=rectification_context, per_unit=True,
                 description="对一个被督导单位的整改通知，附回执"),
    DocumentKind(name="ledger", title="问题台账", template="ledger.md.j2", context=shared_context,
                 blocks={"ledger": ledger_block}, landscape=True,
                 description="督导组问题台账（横排表格，含合计行）"),
    DocumentKind(name="weekly", title="工作简报（周报）", template="weekly.md.j2", context=weekly_context,
                 description="截至当日一周的工作简报：由本周记录生成，期号接续已发简报"),
    DocumentKind(name="bulletin", title="督查通报", template="bulletin.md.j2", context=bulletin_context,
                 city_wide=True, description="活动办公室督查通报：全市情况、成效、点名问题、下步要求、单位排名表和图表"),
)


@hookimpl
def supervisio_register_document_kinds(registry: KindRegistry) -> None:
    """Register the built-in kinds."""
    for kind in BUILTIN_KINDS:
        registry.add(kind)
