import pytest

from scoring.criteria.c5_business_needs import business_needs
from scoring.model import Status
from tests.scoring.builders import RULES, context, register_row


def needs(day="2026-03-03", kind="needs_survey", companies=3):
    return {"date": day, "kind": kind, "companies_involved": companies}


def c5(rows, steering=2, absent=frozenset(), **kwargs):
    ctx = context(cluster=register_row(steering_group_companies=steering), dialogue=rows,
                  absent=absent, **kwargs)
    return business_needs(ctx, RULES.c5_business_needs)


@pytest.mark.parametrize(
    ("rows", "steering", "status"),
    [
        ([needs()], 2, Status.MET),
        ([needs(kind="workshop")], 1, Status.MET),
        ([needs()], 0, Status.PARTIALLY_MET),
        ([], 2, Status.PARTIALLY_MET),
        ([needs(kind="meeting")], None, Status.NOT_MET),
        ([needs(companies=0)], 0, Status.NOT_MET),
        ([needs(day="2025-09-30")], 0, Status.NOT_MET),
        ([needs(day="2025-10-01")], 1, Status.MET),
    ],
    ids=["both", "workshop", "needs-only", "steering-only", "meeting-is-not-needs",
         "no-companies", "day-before-window", "first-day-of-window"],
)
def test_two_signals(rows, steering, status):
    assert c5(rows, steering).status is status


def test_dialogue_not_supplied_is_insufficient():
    assert c5(None).status is Status.INSUFFICIENT_DATA
    assert c5([], rejected={"dialogue": 1}).status is Status.INSUFFICIENT_DATA


def test_register_without_steering_column_is_insufficient():
    result = c5([needs()], None, absent=frozenset({"steering_group_companies"}))
    assert result.status is Status.INSUFFICIENT_DATA
