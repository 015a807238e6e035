"""Phase requirements (转段) and the weekly mechanism, on the hand-written campaign."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from supervisio.domain.mechanism import missing_meetings
from supervisio.domain.records import Evidence, Meeting, RequirementRecord
from supervisio.domain.requirements import RequirementState, review_phase, review_unit
from supervisio.domain.vocabulary import MeetingKind

D = dt.date
AGRI = "青山县农业农村局"
HOUSING = "青山县住房和城乡建设局"
EDU = "青山县教育局"


def states(review):
    return {status.requirement.code: status.state for status in review.requirements}


def record(code, unit, on, kind, leader=None):
    return RequirementRecord(
        requirement=code, unit=unit, on=on, leader=leader, evidence=(Evidence(kind=kind, title="x"),)
    )


def test_met_missing_and_waived(small):
    mobilization = small.campaign.phase("动员部署")
    assert states(review_phase(small, AGRI, mobilization, D(2023, 4, 1))) == {"D1": RequirementState.MET}
    assert states(review_phase(small, HOUSING, mobilization, D(2023, 4, 1))) == {"D1": RequirementState.MISSING}
    waived = review_phase(small, EDU, mobilization, D(2023, 4, 1))
    assert states(waived) == {"D1": RequirementState.WAIVED}
    assert waived.requirements[0].waiver.reason == "并入全县教育系统动员会"
    assert waived.may_pass


def test_records_and_waivers_count_only_from_their_date(small):
    mobilization = small.campaign.phase("mobilization")
    early = review_phase(small, AGRI, mobilization, D(2023, 3, 10))
    assert states(early) == {"D1": RequirementState.PENDING}
    assert not early.may_pass and early.missing == ()
    assert states(review_phase(small, EDU, mobilization, D(2023, 3, 19))) == {"D1": RequirementState.PENDING}


def test_evidence_must_be_of_a_required_kind(small):
    wrong = attrs.evolve(
        small, requirement_records=(record("D1", AGRI, D(2023, 3, 15), "照片"),)
    )
    review = review_phase(wrong, AGRI, wrong.campaign.phase("mobilization"), D(2023, 4, 1))
    assert states(review) == {"D1": RequirementState.MISSING}


def test_each_leader_is_counted_in_person(small):
    study = small.campaign.phase("study")
    records = (
        record("X1", AGRI, D(2023, 4, 3), "学习记录"),
        record("X1", AGRI, D(2023, 5, 3), "学习记录"),
        record("X2", AGRI, D(2023, 4, 20), "心得体会", leader="周国强"),
        record("X2", AGRI, D(2023, 4, 21), "心得体会", leader="郑丽华"),
    )
    data = attrs.evolve(small, requirement_records=small.requirement_records + records)
    review = review_phase(data, AGRI, study, D(2023, 6, 1))
    x1, x2 = review.requirements
    assert (x1.state, x1.count, x1.needed) == (RequirementState.MET, 2, 2)
    assert (x2.state, x2.count, x2.needed) == (RequirementState.MISSING, 2, 3)
    assert x2.missing_leaders == ("吴建军",)
    assert review.completion == 0.5
    assert not review.may_pass


def test_exit_rules(small):
    study = small.campaign.phase("study")
    rectification = small.campaign.phase("rectification")
    edu = review_phase(small, EDU, study, D(2023, 6, 1))
    (result,) = edu.failed_rules
    assert "Q-003" in result.detail
    assert review_phase(small, AGRI, rectification, D(2023, 6, 2)).failed_rules == ()
    (short,) = review_phase(small, EDU, rectification, D(2023, 6, 2)).failed_rules
    assert short.detail == "短期问题Q-003尚未销号"


def test_review_unit_covers_the_phases_reached(small):
    assert [r.phase.key for r in review_unit(small, AGRI, D(2023, 4, 15))] == ["mobilization", "study"]
    assert review_unit(small, AGRI, D(2023, 2, 1)) == ()


def test_missing_meetings(small):
    meetings = tuple(
        Meeting(group=1, kind=kind, on=day)
        for kind, day in [
            (MeetingKind.MONDAY, D(2023, 3, 6)),
            (MeetingKind.MIDWEEK, D(2023, 3, 8)),
            (MeetingKind.WEEKEND, D(2023, 3, 10)),
            (MeetingKind.MONDAY, D(2023, 3, 14)),  # moved to Tuesday: still held that week
            (MeetingKind.WEEKEND, D(2023, 3, 19)),
        ]
    )
    data = attrs.evolve(small, meetings=meetings)
    missing = missing_meetings(data, 1, D(2023, 3, 6), D(2023, 3, 22))
    # a range ending on Wednesday 22 March does not yet expect that week's midweek or weekend meeting
    assert [(m.kind, m.week_of) for m in missing] == [
        (MeetingKind.MIDWEEK, D(2023, 3, 13)),
        (MeetingKind.MONDAY, D(2023, 3, 20)),
    ]
    # ending on Friday 24 March, the midweek meeting of that week is expected, the weekend one not yet
    assert [m.kind for m in missing_meetings(data, 1, D(2023, 3, 6), D(2023, 3, 24))][-1] is MeetingKind.MIDWEEK


@pytest.mark.parametrize("group", [1, 2])
def test_meetings_are_per_group(small, group):
    data = attrs.evolve(small, meetings=(Meeting(group=1, kind=MeetingKind.MONDAY, on=D(2023, 3, 6)),))
    missing = {m.kind for m in missing_meetings(data, group, D(2023, 3, 6), D(2023, 3, 6))}
    assert missing == (set() if group == 1 else {MeetingKind.MONDAY})


def test_an_unknown_phase_or_requirement_lists_what_there_is(small):
    from supervisio.errors import UnknownRecord

    with pytest.raises(UnknownRecord, match="unknown phase 'stduy'; did you mean 'study'"):
        small.campaign.phase("stduy")
    with pytest.raises(LookupError, match=r"unknown requirement 'ZZ9'.* requirements are"):
        small.campaign.requirement("ZZ9")
