"""A "holds until" date that rests on a row dated after the as-of date (planned, or made
since) shows that row, marked as planned; other rows are not shown as its grounds."""

from __future__ import annotations

from datetime import date

from reports.messages import worded
from reports.wording import evidence
from tests.scoring.test_forecast import activity, check, evaluate


def criterion(result, cid: str):
    return next(c for c in result.criteria if c.id == cid)


def test_a_date_resting_on_a_planned_event_shows_it():
    # The December event leaves the window on 15.12.2026; the one planned for 12.11.2026
    # keeps two in it until the September one leaves on 1.9.2027.
    result = evaluate(activities=[activity("2025-12-15"), activity("2026-09-01"),
                                  activity("2026-11-12"), activity("2028-01-01")],
                      website_checks=[check("2026-09-15")])
    c4 = criterion(result, "C4")
    assert c4.holds_until == date(2027, 8, 31)
    assert [e.detail.split(" · ")[0] for e in c4.planned] == ["2026-11-12"]  # not 2028
    assert c4.planned[0].detail.endswith(" · planned")
    assert c4.planned[0].source == "activities.csv row 4"
    shown = evidence(c4.planned[0], "fi")
    assert shown["detail"].startswith("12.11.2026") and "suunniteltu" in shown["detail"]
    assert worded(c4.as_dict(), "fi")["planned_evidence"] == [c4.planned[0].as_dict()]
    # C7 reads no activities: the planned event is not its grounds.
    assert criterion(result, "C7").planned == ()


def test_no_planned_rows_no_grounds_shown():
    result = evaluate(activities=[activity("2025-10-15"), activity("2026-09-01")])
    assert criterion(result, "C4").planned == ()
