"""The closed vocabularies of supervision work, as enums whose values are the Chinese terms users write.

A campaign file says ``method = "个别谈话"``; the code says ``ActivityMethod.INTERVIEW``. Keeping the Chinese
term as the value means files, documents and error messages all speak the users' language, while code
stays greppable in English.
"""

from __future__ import annotations

from enum import Enum

__all__ = [
    "ActivityMethod",
    "AppliesTo",
    "EscalationTier",
    "Light",
    "MeetingKind",
    "MemberRole",
    "NoticeKind",
    "NoticeStatus",
    "ProblemStatus",
    "Term",
]


class Term(Enum):
    """期限类型: whether a problem can be fixed within weeks or needs a long-term mechanism."""

    SHORT = "短期"
    LONG = "长期"


class ActivityMethod(Enum):
    """督导方式: how a group looked at a unit on a given day."""

    ATTEND_MEETING = "列席会议"
    ATTEND_STUDY = "列席中心组学习"
    REVIEW_RECORDS = "查阅资料"
    INTERVIEW = "个别谈话"
    FIELD_VISIT = "实地调研"
    QUESTIONNAIRE = "问卷"
    SYMPOSIUM = "座谈"
    HEAR_REPORT = "听取汇报"
    SPOT_CHECK = "随机抽查"
    UNANNOUNCED_VISIT = "暗访"
    PETITIONS = "受理信访"


class MemberRole(Enum):
    """督导组成员的角色."""

    LEADER = "组长"
    DEPUTY = "副组长"
    LIAISON = "联络员"
    MEMBER = "组员"


class AppliesTo(Enum):
    """规定动作的对象: done once by the unit, by its leadership as a body, or by each leader in person."""

    UNIT = "单位"
    LEADERSHIP = "领导班子"
    EACH_LEADER = "班子成员"


class ProblemStatus(Enum):
    """问题状态: the states of the problem lifecycle (see :mod:`supervisio.domain.lifecycle`)."""

    REGISTERED = "登记"
    ASSIGNED = "交办"
    IN_PROGRESS = "整改中"
    EXTENSION = "延期"
    CLOSURE_REQUESTED = "申请销号"
    CLOSED = "销号"
    RETURNED = "退回"
    CLOSED_ON_SPOT = "立行立改"
    REVIEW = "回头看"

    @property
    def resolved(self) -> bool:
        """Whether a problem in this state counts as 已解决 (销号 or 立行立改)."""
        return self in (ProblemStatus.CLOSED, ProblemStatus.CLOSED_ON_SPOT)


class Light(Enum):
    """红黄绿灯: how close an open problem is to, or how far past, its deadline."""

    GREEN = "绿灯"
    YELLOW = "黄灯"
    RED = "红灯"


class EscalationTier(Enum):
    """督办层级 (三色督办): rises one step with each deadline an open problem misses."""

    BLUE = "蓝色提醒"
    ORANGE = "橙色警告"
    RED = "红色督办"


class MeetingKind(Enum):
    """The group's weekly mechanism (周一例会、周中交流、周末总结)."""

    MONDAY = "周一例会"
    MIDWEEK = "周中交流"
    WEEKEND = "周末总结"


class NoticeKind(Enum):
    """The written instruments a group sends a unit."""

    OPINION = "督导意见"
    RECTIFICATION = "整改通知"
    SUPERVISION_ORDER = "督办单"


class NoticeStatus(Enum):
    """Where a notice stands, derived from its dates: issued → received (签收) → replied."""

    ISSUED = "已下发"
    RECEIVED = "已签收"
    REPLIED = "已回复"
    OVERDUE = "逾期未复"
