"""deadlines-<cluster>.ics parses as iCalendar, one all-day event per drop a quarterly
evaluation would see; the reports show each status's last day and open with the drops the
next evaluation would see, each on the first day of the lower status that lasts until it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from icalendar import Calendar

from reports.calendar import deadlines_calendar
from reports.messages import worded
from reports.views import deadlines_view, holds_view
from scoring.deadlines import deadlines
from scoring.period import Period, evaluation_dates, next_evaluation
from tests.scoring.test_forecast import activity, check, dialogue, evaluate, evaluation


@pytest.fixture(scope="module")
def result():
    return evaluate(activities=[activity("2025-10-15"), activity("2026-09-01")],
                    website_checks=[check("2026-09-15")],
                    evaluations=[evaluation("2026-02-01")])


def test_the_calendar_parses_with_one_all_day_event_per_deadline(result):
    period = Period(date(2026, 9, 30))
    parsed = Calendar.from_ical(deadlines_calendar(result, period, "fi"))
    events = parsed.walk("VEVENT")
    expected = deadlines(result, every=True)
    assert len(events) == len(expected) >= 3
    assert len(expected) > len(deadlines(result))  # later evaluations' drops too
    for event, deadline in zip(events, expected, strict=True):
        start = event.decoded("dtstart")
        assert start == deadline.drops_on and type(start) is date  # all-day
        assert event.decoded("dtend") == deadline.drops_on + timedelta(days=1)
        assert f"arviointi {deadline.seen_by.day}.{deadline.seen_by.month}." in \
            str(event["description"])
        assert deadline.criterion in str(event["summary"])
        assert str(event["uid"]).endswith("@clustereval")
    assert len({str(e["uid"]) for e in events}) == len(events)
    assert str(parsed["x-wr-calname"]) == "Demo: määräajat"
    # The same evaluation writes the same bytes (replays, subscriptions).
    assert deadlines_calendar(result, period, "fi") == deadlines_calendar(result, period, "fi")
    english = Calendar.from_ical(deadlines_calendar(result, period, "en")).walk("VEVENT")
    assert any("ask the region for a website check" in str(e["description"]) for e in english)


def test_the_deadlines_list_only_what_falls_before_the_next_evaluation(result):
    view = deadlines_view("fi", result, date(2026, 9, 30))
    # C4 falls on 15 October, C7 on 17 December, both before 31 December; C8 later.
    assert [entry["anchor"] for entry in view["entries"]] == ["C4", "C7"]
    first = view["entries"][0]
    assert first["criterion"].startswith("C4 ")  # the link names the criterion, not a sentence
    assert first["text"] == "15.10.2026 alkaen täyttyy osittain (nyt täyttyy)."
    assert "31.12.2026" in view["intro"]
    english = deadlines_view("en", result, date(2026, 9, 30))
    assert english["entries"][1]["text"].startswith("insufficient data from 17 December 2026")


def test_each_status_that_can_fall_shows_its_last_day(result):
    shown = {c.id: holds_view("fi", c, result) for c in result.criteria}
    assert shown["C7"] == "16.12.2026, sitten tiedot eivät riitä arviointiin"
    assert shown["C2"] == "Ei heikkene samoilla tiedoilla 24 kuukauden kuluessa."
    assert shown["C5"] is None  # not met: nothing to keep


@pytest.mark.parametrize(("as_of", "next_one"), [
    (date(2026, 9, 30), date(2026, 12, 31)), (date(2026, 11, 15), date(2026, 12, 31)),
    (date(2026, 12, 31), date(2027, 3, 31)), (date(2027, 1, 1), date(2027, 3, 31)),
])
def test_next_evaluation_is_the_next_quarter_end(as_of, next_one):
    assert next_evaluation(as_of) == next_one


def listed(result) -> list[tuple[str, date, str]]:
    return [(d.criterion, d.drops_on, d.drops_to.value) for d in deadlines(result)]


def shown_hold(result, criterion: str) -> str | None:
    return holds_view("fi", next(c for c in result.criteria if c.id == criterion), result)


# Contacts with companies on 10.3., 15.5., 2.6. and 1.9.2026, as of 30.9.2026: on 1.12. the
# four three-month slices ending that day see only two with a contact, but on 31.12. the
# slices are the calendar quarters again.
DIPS = {"dialogue": [dialogue(day, "meeting") for day in
                     ("2026-03-10", "2026-05-15", "2026-06-02", "2026-09-01")]}


def test_a_dip_that_recovers_before_the_next_evaluation_is_no_deadline():
    result = evaluate(**DIPS)
    c6 = next(c for c in result.criteria if c.id == "C6")
    assert (c6.status.value, c6.holds_until) == ("met", date(2026, 11, 30))  # literal answer
    assert "C6" not in [d[0] for d in listed(result)]
    assert result.verdict_at_next_evaluation is not None
    line = shown_hold(result, "C6")
    assert line is not None and line.startswith("Heikkenee 1.12.2026")
    assert "palautuu 31.12.2026 mennessä" in line
    assert "C6" not in [d.criterion for d in deadlines(result, every=True)
                        if d.seen_by == date(2026, 12, 31)]


def test_a_drop_that_stays_is_listed_on_its_first_day():
    result = evaluate(website_checks=[check("2026-09-15")])
    assert ("C7", date(2026, 12, 17), "insufficient_data") in listed(result)
    assert worded(result.as_dict(), "fi")["deadlines"][0] == {
        "criterion": "C7", "drops_on": "2026-12-17", "drops_to": "insufficient_data"}
    assert worded(result.as_dict(), "fi")["next_evaluation"] == "2026-12-31"


def test_a_drop_the_day_after_the_next_evaluation_is_not_listed():
    # A check 92 days old on 31.12. still counts; it is too old on 1.1.2027.
    result = evaluate(website_checks=[check("2026-09-30")])
    assert "C7" not in [d[0] for d in listed(result)]
    later = [d for d in deadlines(result, every=True) if d.criterion == "C7"]
    assert [(d.drops_on, d.seen_by) for d in later] == [(date(2027, 1, 1), date(2027, 3, 31))]
    assert shown_hold(result, "C7") == "31.12.2026, sitten tiedot eivät riitä arviointiin"


def test_a_dip_that_recovers_and_falls_again_is_listed_from_the_second_fall():
    # Two members' activities in the window; the first leaves it on 1.10., a planned one on
    # 20.10. makes two again, the second old one leaves it on 1.11.: one until 31.12.
    result = evaluate(activities=[activity("2025-10-01"), activity("2025-11-01"),
                                  activity("2026-10-20")])
    c4 = next(c for c in result.criteria if c.id == "C4")
    assert c4.status.value == "met" and c4.holds_until == date(2026, 9, 30)
    (found,) = [d for d in listed(result) if d[0] == "C4"]
    assert found[1] == date(2026, 11, 1) and found[2] == "partially_met"
    line = shown_hold(result, "C4")
    assert line is not None and line.startswith("Heikkenee 1.10.2026")
    assert "uudelleen 1.11.2026" in line


@pytest.mark.parametrize(("as_of", "next_one"), [
    (date(2026, 11, 15), date(2026, 12, 31)),  # within a quarter: its end
    (date(2026, 12, 31), date(2027, 3, 31)),  # a quarter's end: the next quarter's end
])
def test_the_deadlines_are_those_of_the_next_evaluation(as_of, next_one):
    result = evaluate(Period(as_of), website_checks=[check(as_of.isoformat())])
    assert result.next_evaluation == next_one
    c7 = [d for d in deadlines(result, every=True) if d.criterion == "C7"]
    # The check is too old 93 days after it was made; the evaluation after that sees it.
    drops_on = as_of + timedelta(days=93)
    assert [d.drops_on for d in c7][:1] == [drops_on]
    assert c7[0].seen_by == next(day for day in evaluation_dates(as_of, 24) if day >= drops_on)
    assert ("C7" in [d[0] for d in listed(result)]) is (drops_on <= next_one)


def test_the_evaluations_of_the_horizon_are_the_quarter_ends():
    days = evaluation_dates(date(2026, 9, 30), 24)
    assert days[0] == date(2026, 12, 31) and days[-1] == date(2028, 9, 30) and len(days) == 8
    assert evaluation_dates(date(2026, 11, 15), 24)[0] == date(2026, 12, 31)


def test_a_deadline_that_falls_twice_says_both_statuses():
    # Two members' events in the window: the first leaves it on 15.10. (partially met), the
    # second on 15.11. (not met); the evaluation of 31.12. sees not met.
    result = evaluate(activities=[activity("2025-10-15"), activity("2025-11-15")])
    (c4,) = [d for d in deadlines(result) if d.criterion == "C4"]
    assert (c4.drops_on, c4.falls_to.value, c4.drops_to.value) == (
        date(2026, 10, 15), "partially_met", "not_met")
    text = deadlines_view("fi", result, date(2026, 9, 30))["entries"][0]["text"]
    assert text == ("15.10.2026 alkaen täyttyy osittain (nyt täyttyy) ja seuraavassa "
                    "arvioinnissa (31.12.2026) ei täyty.")
    holds = shown_hold(result, "C4")
    assert holds == "14.10.2026, sitten täyttyy osittain"  # the page agrees with itself
    assert worded(result.as_dict(), "fi")["deadlines"][0] == {
        "criterion": "C4", "drops_on": "2026-10-15", "drops_to": "not_met",
        "falls_to": "partially_met"}


def test_a_not_met_status_is_no_deadline():
    # A site that did not respond is not met; its check ageing out is no deadline to keep.
    result = evaluate(website_checks=[check("2026-09-15") | {"reachable": False}])
    assert "C7" not in [d.criterion for d in deadlines(result, every=True)]


def test_the_portfolio_dates_a_falling_verdict_by_the_verdict():
    # C4 partially met from 15.10. leaves the verdict partially meets; it does not meet
    # from 15.11. (C4 not met).
    from reports.views import verdict_drops_view
    result = evaluate(activities=[activity("2025-10-15"), activity("2025-11-15")],
                      website_checks=[check("2026-09-15")],
                      evaluations=[evaluation("2026-06-01")],
                      dialogue=[dialogue(day, "meeting") for day in
                                ("2025-12-01", "2026-03-01", "2026-06-01", "2026-09-01")])
    assert result.verdict.value == "partially_meets"
    assert result.verdict_falls_on == date(2026, 11, 15)
    view = verdict_drops_view("fi", [result], date(2026, 9, 30))
    assert [c["drops_on"] for c in view["clusters"]] == ["15.11.2026"]


def test_a_deadline_and_its_step_name_one_date(result):
    """The list says "15.10.2026 alkaen"; its step says "ennen 15.10.2026", not the day
    before as well."""
    for entry, deadline in zip(deadlines_view("fi", result, date(2026, 9, 30))["entries"],
                               deadlines(result), strict=True):
        day = f"{deadline.drops_on.day}.{deadline.drops_on.month}.{deadline.drops_on.year}"
        before = deadline.drops_on - timedelta(days=1)
        assert entry["text"].startswith(day) and day in entry["step"]
        assert f"{before.day}.{before.month}.{before.year}" not in entry["step"]
