"""Who supervises whom: 巡回督导组, their members and the 被督导单位 each group covers."""

from __future__ import annotations

import attrs

from supervisio.domain.vocabulary import MemberRole
from supervisio.numerals import chinese_numeral

__all__ = ["Member", "SupervisionGroup", "Unit"]


@attrs.frozen(kw_only=True)
class Unit:
    """被督导单位: a unit under supervision, named in records by its ``name``.

    ``leader`` is the 一把手, who signs for notices and endorses rectification plans; ``leadership`` lists
    the other 班子成员, whom 规定动作 "for each leader" are counted against; ``also_named`` holds the names of
    bodies the unit also runs (加挂牌子), such as a 政务服务中心 hosted by a 行政审批局.

    ``short_name`` is the name documents use after the first mention; ``aliases`` are other names people
    write for the unit, e.g. 市发改委 or 发改委 for 临江市发展和改革委员会. Lookups
    (:meth:`~supervisio.domain.supervision.Supervision.unit`, ``--unit``) accept all three; records in a
    file always use ``name``.
    """

    name: str
    short_name: str | None = None
    aliases: tuple[str, ...] = ()
    leader: str
    liaison: str | None = None
    leadership: tuple[str, ...] = ()
    also_named: tuple[str, ...] = ()

    @property
    def leaders(self) -> tuple[str, ...]:
        """The whole 领导班子: the 一把手 first, then the other members."""
        return (self.leader, *(name for name in self.leadership if name != self.leader))


@attrs.frozen(kw_only=True)
class Member:
    """督导组成员: a person seconded to a group, with a role, a home post and the units assigned to them."""

    name: str
    role: MemberRole = MemberRole.MEMBER
    post: str | None = None
    duties: tuple[str, ...] = ()
    units: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class SupervisionGroup:
    """巡回督导组: a numbered group (第七组) covering a fixed list of units."""

    number: int
    name: str | None = None
    members: tuple[Member, ...] = ()
    units: tuple[Unit, ...] = ()
    duties: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """The group's name as documents print it: the explicit ``name``, else 第七巡回督导组."""
        return self.name or f"第{chinese_numeral(self.number)}巡回督导组"

    @property
    def unit_names(self) -> tuple[str, ...]:
        """The names of the units the group covers, in the order the group lists them."""
        return tuple(unit.name for unit in self.units)

    @property
    def leader(self) -> Member | None:
        """The 组长, when one is listed."""
        return next((m for m in self.members if m.role is MemberRole.LEADER), None)

    @property
    def liaison(self) -> Member | None:
        """The 联络员 (the first listed): the contact a notice or prompt names under its date."""
        return next((m for m in self.members if m.role is MemberRole.LIAISON), None)

    @property
    def leadership(self) -> tuple[Member, ...]:
        """组长 and 副组长, in the order listed."""
        return tuple(m for m in self.members if m.role in (MemberRole.LEADER, MemberRole.DEPUTY))
