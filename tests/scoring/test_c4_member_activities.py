import pytest

from reports.messages import say
from scoring.criteria.c4_member_activities import member_activities
from scoring.model import Status
from tests.scoring.builders import RULES, context


def activity(day, audience="members"):
    return {"date": day, "title": f"Event {day}", "kind": "event", "audience": audience}


def c4(rows, **kwargs):
    return member_activities(context(activities=rows, **kwargs), RULES.c4_member_activities)


@pytest.mark.parametrize(
    ("rows", "status", "value"),
    [
        ([activity("2026-01-01"), activity("2026-05-05", "mixed")], Status.MET, 2),
        ([activity("2026-01-01")], Status.PARTIALLY_MET, 1),
        ([], Status.NOT_MET, 0),
        # the window's first and last day count; the day before and the day after do not
        ([activity("2025-10-01"), activity("2026-09-30")], Status.MET, 2),
        ([activity("2025-09-30"), activity("2026-10-01")], Status.NOT_MET, 0),
        ([activity("2026-01-01", "public"), activity("2026-02-02", "public")], Status.NOT_MET, 0),
    ],
    ids=["two", "one", "none", "window-edges-in", "window-edges-out", "public-only"],
)
def test_member_activities_in_window(rows, status, value):
    result = c4(rows)
    assert (result.status, result.value) == (status, value)


def test_public_only_is_named_in_reason():
    result = c4([activity("2026-01-01", "public")])
    assert "1 public-only not counted" in say(result.reason, "en")


def test_not_supplied_and_all_rejected_are_insufficient():
    assert c4(None).status is Status.INSUFFICIENT_DATA
    assert c4([], rejected={"activities": 2}).status is Status.INSUFFICIENT_DATA
