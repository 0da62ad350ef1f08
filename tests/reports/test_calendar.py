"""deadlines-<cluster>.ics parses as iCalendar, one all-day event per deadline; the reports
show each status's last day and open with the deadlines before the next evaluation."""

from __future__ import annotations

from datetime import date

import pytest
from icalendar import Calendar

from reports.calendar import deadlines_calendar
from reports.views import deadlines_view, holds_view
from scoring.deadlines import deadlines, next_evaluation
from scoring.period import Period
from tests.scoring.test_forecast import activity, check, evaluate, evaluation


@pytest.fixture(scope="module")
def result():
    return evaluate(activities=[activity("2025-10-15"), activity("2026-09-01")],
                    website_checks=[check("2026-09-15")],
                    evaluations=[evaluation("2026-02-01")])


def test_the_calendar_parses_with_one_all_day_event_per_deadline(result):
    period = Period(date(2026, 9, 30))
    parsed = Calendar.from_ical(deadlines_calendar(result, period, "fi"))
    events = parsed.walk("VEVENT")
    expected = deadlines(result)
    assert len(events) == len(expected) >= 3
    for event, deadline in zip(events, expected, strict=True):
        start = event.decoded("dtstart")
        assert start == deadline.holds_until and type(start) is date  # all-day
        assert event.decoded("dtend") == deadline.drops_on
        assert deadline.criterion in str(event["summary"])
        assert str(event["uid"]).endswith("@clustereval")
    assert len({str(e["uid"]) for e in events}) == len(events)
    assert str(parsed["x-wr-calname"]) == "Demo: määräajat"
    # The same evaluation writes the same bytes (replays, subscriptions).
    assert deadlines_calendar(result, period, "fi") == deadlines_calendar(result, period, "fi")
    assert "Run a new website check" in deadlines_calendar(result, period, "en").decode()


def test_the_deadlines_list_only_what_falls_before_the_next_evaluation(result):
    view = deadlines_view("fi", result, date(2026, 9, 30))
    # C4 falls on 15 October, C7 on 17 December, both before 31 December; C8 later.
    assert [entry["anchor"] for entry in view["entries"]] == ["C4", "C7"]
    assert view["entries"][0]["text"].startswith("14.10.2026: C4")
    assert "31.12.2026" in view["intro"]
    english = deadlines_view("en", result, date(2026, 9, 30))
    assert english["entries"][1]["text"].startswith("16 December 2026: C7")


def test_each_status_that_can_fall_shows_its_last_day(result):
    shown = {c.id: holds_view("fi", c) for c in result.criteria}
    assert shown["C7"] == "16.12.2026, sitten tiedot eivät riitä arviointiin"
    assert shown["C2"] == "Ei heikkene samoilla tiedoilla 24 kuukauden kuluessa."
    assert shown["C5"] is None  # not met: nothing to keep


@pytest.mark.parametrize(("as_of", "next_one"), [
    (date(2026, 9, 30), date(2026, 12, 31)), (date(2026, 11, 15), date(2026, 12, 31)),
    (date(2026, 12, 31), date(2027, 3, 31)), (date(2027, 1, 1), date(2027, 3, 31)),
])
def test_next_evaluation_is_the_next_quarter_end(as_of, next_one):
    assert next_evaluation(as_of) == next_one
