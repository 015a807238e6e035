"""The furniture of a page: the 报头 of a 简报 or 工作提示 and the 版记/报尾, as lines of text with their
places, not markup.

报头 (docs/gbt9704.md §4, §6.5): the 简报名 in 初号 (42 pt) on one line of the block, scaled down when it
is too wide (Word squeezes the glyphs, a browser sets it smaller); the 期号 "第N期" / "增刊第N期" with
"（总第M期）" centred below; the 编发单位 at the left and the date at the right of one line, each one
body cell in from the block's edge, as the 印发 line of a 版记 (GB/T 9704 7.4.3); a red rule under it
across the whole block.

版记 / 报尾 (GB/T 9704 7.4, docs/gbt9704.md §2 rows 26–28, §4): lines of 4号 text one 4号 character in
from both sides, in groups: the 报/送/发 lines of a 简报's 报尾; the 抄送 line; the 印发 line (印发机关
left, "2022年4月15日印发" right), always last, right above the last rule (7.4.3). A thick rule (0.35 mm)
above the first group and below the last, a thin one (0.25 mm) between groups. Names are joined by
"，" and end with "。" (7.4.2); wrapped names align after the label's colon. "（共印N份）" stands at the
right of the last 报/送/发 or 抄送 line (docs/gbt9704.md §4: "at right of the last line" of the 报尾);
never on or after the 印发 line, whose right end holds the date; without any recipients it is a line
of its own above the 印发 line.
"""

from __future__ import annotations

import math

import attrs

from supervisio.doctree.nodes import Imprint, Masthead
from supervisio.layout.geometry import MM_PER_PT
from supervisio.layout.text import text_width
from supervisio.numerals import date_text

__all__ = [
    "IMPRINT_INSET",
    "ISSUE_LINE_INSET",
    "MASTHEAD_NAME_PT",
    "RECIPIENT_LABELS",
    "ImprintLayout",
    "ImprintLine",
    "MastheadLayout",
    "issue_text",
    "place_imprint",
    "place_masthead",
]

MASTHEAD_NAME_PT = 42.0
"""初号: the 简报名's size when it fits (docs/gbt9704.md §4)."""
ISSUE_LINE_INSET = 1.0
"""编发单位 左空一字, 日期 右空一字 on the 报头's issue line, in body cells."""
IMPRINT_INSET = 1.0
"""版记 lines 左右各空一字, in cells of the 版记's own 4号 (GB/T 9704 7.4.2–7.4.3)."""
RECIPIENT_LABELS = (
    ("report_to", "报："),
    ("send_to", "送："),
    ("distribute_to", "发："),
    ("copy_to", "抄送："),
)
"""The recipient lines of a 版记/报尾, in order, with their labels."""


# ---------------------------------------------------------------------------------------------- 报头


@attrs.frozen(kw_only=True)
class MastheadLayout:
    """The 报头's lines: the name and how much it is scaled to fit, the 期号, the issue line."""

    name: str
    name_scale: float
    """The fraction of 初号 at which the name fits the block's width (1.0: it fits at 42 pt)."""
    issue: str
    """期号 (empty: no 期号 line)."""
    issuer: str | None
    """编发单位, at the left of the issue line, :data:`ISSUE_LINE_INSET` cells in."""
    date: str | None
    """The date as printed, at the right of the issue line, :data:`ISSUE_LINE_INSET` cells in."""
    inset: float = ISSUE_LINE_INSET

    @property
    def name_size_pt(self) -> float:
        """The name's size in pt, to a tenth below the fitting size (a browser cannot squeeze glyphs)."""
        return MASTHEAD_NAME_PT if self.name_scale >= 1 else math.floor(MASTHEAD_NAME_PT * self.name_scale * 10) / 10

    @property
    def name_percent(self) -> int | None:
        """The name's horizontal character scale in whole percent (Word's ``w:w``), None at 100."""
        return None if self.name_scale >= 1 else math.floor(100 * self.name_scale)


def issue_text(masthead: Masthead) -> str:
    """期号: 第N期 or 增刊第N期 (增刊 alone when unnumbered), then （总第M期）."""
    supplement = "增刊" if masthead.supplement else ""
    issue = f"{supplement}第{masthead.number}期" if masthead.number is not None else supplement
    total = f"（总第{masthead.total_number}期）" if masthead.total_number is not None else ""
    return issue + total


def place_masthead(masthead: Masthead, block_width_mm: float) -> MastheadLayout:
    """The 报头 of ``masthead`` on a block ``block_width_mm`` wide."""
    width_pt = text_width(masthead.name) * MASTHEAD_NAME_PT
    available_pt = block_width_mm / MM_PER_PT
    scale = 1.0 if width_pt <= available_pt else available_pt / width_pt
    return MastheadLayout(
        name=masthead.name,
        name_scale=scale,
        issue=issue_text(masthead),
        issuer=masthead.issuer,
        date=None if masthead.date is None else date_text(masthead.date),
    )


# ---------------------------------------------------------------------------------------------- 版记


@attrs.frozen(kw_only=True)
class ImprintLine:
    """One 版记 line: a label (its wrapped lines align after it), the text after it, and what stands at
    the line's right end."""

    label: str = ""
    text: str = ""
    right: str | None = None
    """"（共印N份）" on a recipients line, "2022年4月15日印发" on the 印发 line."""
    printer: bool = False
    """Whether this is the 印发 line (印发机关 and 印发日期)."""

    @property
    def left(self) -> str:
        """What stands at the left: the label and the text."""
        return self.label + self.text


@attrs.frozen(kw_only=True)
class ImprintLayout:
    """The 版记's lines in groups: a thin rule between groups, a thick one above and below them all."""

    groups: tuple[tuple[ImprintLine, ...], ...]
    inset: float = IMPRINT_INSET

    @property
    def lines(self) -> tuple[ImprintLine, ...]:
        """Every line, in order."""
        return tuple(line for group in self.groups for line in group)


def place_imprint(imprint: Imprint) -> ImprintLayout:
    """The 版记/报尾 of ``imprint`` (no groups: it prints nothing); the rules are the module's."""
    groups: list[list[ImprintLine]] = []
    sent = [
        ImprintLine(label=label, text="，".join(names) + "。")
        for key, label in RECIPIENT_LABELS[:3]
        if (names := getattr(imprint, key))
    ]
    if sent:
        groups.append(sent)
    if imprint.copy_to:
        groups.append([ImprintLine(label=RECIPIENT_LABELS[3][1], text="，".join(imprint.copy_to) + "。")])
    if imprint.copies is not None:
        copies = f"（共印{imprint.copies}份）"
        if groups:
            groups[-1][-1] = attrs.evolve(groups[-1][-1], right=copies)
        else:
            groups.append([ImprintLine(right=copies)])
    if imprint.printer is not None or imprint.printed_on is not None:
        printed = None if imprint.printed_on is None else date_text(imprint.printed_on) + "印发"
        groups.append([ImprintLine(text=imprint.printer or "", right=printed, printer=True)])
    return ImprintLayout(groups=tuple(tuple(group) for group in groups))
