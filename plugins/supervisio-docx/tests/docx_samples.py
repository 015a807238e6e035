"""Real-looking documents for the docx tests: a 工作汇报, a 工作简报 and a landscape 问题台账.

Run as a script to write them as .docx files (for LibreOffice and `supervisio audit`)::

    python plugins/supervisio-docx/tests/docx_samples.py OUT_DIR [--profile strict]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from supervisio.doctree.nodes import (
    Addressee,
    Cell,
    DateLine,
    Document,
    Emph,
    Heading,
    Imprint,
    LineBreak,
    Masthead,
    Meta,
    Paragraph,
    Signature,
    Strong,
    Table,
    Text,
    Title,
)
from supervisio.doctree.numbering import number_headings
from supervisio.renderers.base import RenderOptions

DAY = dt.date(2024, 4, 15)
GROUP = "第三巡回督导组"

_SENTENCES = (
    "督导组坚持问题导向和目标导向相统一，紧盯重点任务和关键环节，采取查阅资料、个别谈话、实地走访等方式，"
    "深入了解各被督导单位活动开展情况，做到底数清、情况明。",
    "各被督导单位党委高度重视，主要负责同志亲自部署、亲自推动，把活动作为当前一项重要政治任务来抓，"
    "结合实际制定实施方案，细化任务分工，压实工作责任，确保各项工作有序推进。",
    "针对督导中发现的问题，督导组及时向被督导单位反馈，列出问题清单，明确整改时限，跟踪督促整改落实，"
    "推动形成发现问题、反馈问题、整改问题、巩固提升的工作闭环。",
)


def _p(*parts: str | Strong | Emph) -> Paragraph:
    return Paragraph(content=tuple(Text(p) if isinstance(p, str) else p for p in parts))


def _prose(count: int) -> tuple[Paragraph, ...]:
    return tuple(_p(_SENTENCES[i % 3] + _SENTENCES[(i + 1) % 3]) for i in range(count))


def report() -> Document:
    """工作汇报: title on two lines, 主送, four heading levels, Strong/Emph, unsealed signature and
    date."""
    blocks = (
        Title(
            content=(
                Text(f"{GROUP}关于“作风能力提升年”活动"),
                LineBreak(),
                Text("大动员、大学习阶段工作情况的汇报"),
            )
        ),
        Addressee(names=("市委“作风能力提升年”活动领导小组",)),
        _p(
            "“作风能力提升年”活动开展以来，督导组认真贯彻市委部署要求，",
            Strong(children=(Text("推出五位一体工作措施"),)),
            "，取得实实在在成效。现将有关情况汇报如下：",
        ),
        Heading(level=1, content=(Text("主要做法"),)),
        Heading(level=2, content=(Text("坚持问题导向，确保活动高开高走"),)),
        *_prose(3),
        Heading(level=3, content=(Text("建立工作台账"),)),
        _p(
            "对照台账",
            Emph(children=(Text("逐项销号"),)),
            "，做到整改一件、销号一件，确保件件有着落、事事有回音。",
        ),
        Heading(level=4, content=(Text("动态更新"),)),
        *_prose(4),
        Heading(level=1, content=(Text("存在问题"),)),
        *_prose(4),
        Heading(level=1, content=(Text("下一步工作打算"),)),
        *_prose(3),
        Signature(names=(GROUP,)),
        DateLine(date=DAY),
    )
    meta = Meta(kind="report", title=f"{GROUP}阶段工作汇报", issuer=GROUP, date=DAY)
    return number_headings(Document(meta=meta, blocks=blocks))


def briefing() -> Document:
    """工作简报: 报头 with 期号 and 总期号, a title, text, 报尾 with 报/送/发 and copies."""
    blocks = (
        Masthead(
            name="作风能力提升年督导简报",
            number=9,
            total_number=27,
            issuer=f"{GROUP}办公室编",
            date=DAY,
        ),
        Title(content=(Text(f"{GROUP}全面进驻被督导单位"),)),
        *_prose(2),
        _p("三月上旬，督导组分三个小组进驻十个被督导单位，列席中心组学习四次，个别谈话六十人次。"),
        Imprint(
            report_to=("市委“作风能力提升年”活动领导小组",),
            send_to=("各巡回督导组",),
            distribute_to=("各被督导单位",),
            copies=30,
        ),
    )
    meta = Meta(kind="briefing", title="作风能力提升年督导简报第9期", issuer=GROUP, date=DAY)
    return Document(meta=meta, blocks=blocks)


LEDGER_HEADER = (
    "序号",
    "被督导单位",
    "问题描述",
    "问题类型",
    "整改措施",
    "责任单位",
    "整改时限",
    "整改状态",
)
LEDGER_WIDTHS = (3, 6, 10, 5, 8, 6, 6, 5)


def ledger_rows(count: int) -> tuple[tuple[Cell, ...], ...]:
    """``count`` ledger rows of eight plain-text cells."""
    units = ("市总工会", "市教育局", "市卫生健康委", "市住房城乡建设局")
    return tuple(
        (
            (Text(str(i)),),
            (Text(units[i % 4]),),
            (Text(f"第{i}项：基层台账不全，部分会议记录缺少佐证材料"),),
            (Text("作风建设"),),
            (Text("补齐台账，建立月度核查机制"),),
            (Text(units[i % 4]),),
            (Text("2024年6月30日"),),
            (Text("整改中" if i % 3 else "已完成"),),
        )
        for i in range(1, count + 1)
    )


def ledger(rows: int = 60) -> Document:
    """A landscape 问题台账: title, caption, header, ``rows`` rows and a totals row."""
    table = Table(
        header=tuple((Text(t),) for t in LEDGER_HEADER),
        rows=ledger_rows(rows),
        widths=LEDGER_WIDTHS,
        totals=(
            (Text("合计"),),
            (),
            (Text(f"共{rows}项"),),
            (),
            (),
            (),
            (),
            (Text(f"已完成{rows // 3}项"),),
        ),
        caption="截至2024年4月15日",
    )
    meta = Meta(kind="ledger", title=f"{GROUP}问题台账", landscape=True, date=DAY)
    return Document(meta=meta, blocks=(Title(content=(Text(f"{GROUP}问题台账"),)), table))


SAMPLES = {"report": report, "briefing": briefing, "ledger": ledger}


def main(argv: list[str] | None = None) -> int:
    from supervisio_docx import DocxRenderer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--profile", choices=("word", "strict"), default="word")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    options = RenderOptions(profile=args.profile)
    for name, build in SAMPLES.items():
        path = args.out / f"{name}.docx"
        path.write_bytes(DocxRenderer().render(build(), options))
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
