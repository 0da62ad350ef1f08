"""How long each status holds: the edges per criterion, the verdict, and the whole sample
checked day by day against plain evaluations."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from reports.messages import worded
from scoring import ClusterResult, Period, evaluate_clusters
from tests.scoring.builders import Q3, RULES, frame

LEADER = {"leader_name": "Aino Koskinen"}


def company(n: int, **changes: Any) -> dict[str, Any]:
    row = {"member_name": f"Yritys {n} Oy", "business_id": None, "actor_type": "company",
           "agreement_type": "membership", "signed_on": "2025-01-01",
           "evidence_ref": f"SOP-{n}"}
    row.update(changes)
    return row


def activity(day: str) -> dict[str, Any]:
    return {"date": day, "kind": "workshop", "title": "Työpaja", "audience": "members",
            "participants_total": 10, "participant_companies": 3}


def dialogue(day: str, kind: str = "needs_survey") -> dict[str, Any]:
    return {"date": day, "kind": kind, "companies_involved": 2, "summary": "Tarpeet"}


def check(day: str) -> dict[str, Any]:
    return {"checked_at": day, "url": "https://demo.example.fi", "reachable": True,
            "status_code": 200, "https": True, "offer_description": True,
            "accessibility_failures": 0, "accessibility_statement": True}


def evaluation(day: str) -> dict[str, Any]:
    return {"date": day, "kind": "self_assessment", "evaluator": "Hallitus"}


def evaluate(period: Period = Q3, register: dict[str, Any] | None = None,
             **datasets: list[dict[str, Any]]) -> ClusterResult:
    """One cluster, evaluated as of `period` with its holds."""
    row = {"cluster_id": "demo", "name": "Demo", "strategy_ref": "S-1",
           "strategy_approved_on": "2024-01-01", "plan_ref": "P-1",
           "plan_approved_on": "2026-01-01", "website_url": "https://demo.example.fi",
           "steering_group_companies": 2, **LEADER, **(register or {})}
    frames = {name: frame(name, [{"cluster_id": "demo", **r} for r in rows])
              for name, rows in datasets.items()}
    (result,) = evaluate_clusters(frame("clusters", [row]), frames, period, RULES)
    return result


def hold(result: ClusterResult, criterion: str) -> tuple[str, date | None, str | None]:
    found = next(c for c in result.criteria if c.id == criterion)
    until, drops_to = found.shown_hold
    return found.status.value, until, drops_to.value if drops_to else None


D = date.fromisoformat


@pytest.mark.parametrize(("datasets", "register", "criterion", "expected"), [
    # C7: a check exactly 92 days old is still used on the as-of date, not the day after.
    ({"website_checks": [check("2026-06-30")]}, None, "C7",
     ("met", D("2026-09-30"), "insufficient_data")),
    ({"website_checks": [check("2026-09-15T10:30:00")]}, None, "C7",
     ("met", D("2026-12-16"), "insufficient_data")),
    # A newer check already in the file (made after the as-of date) carries it on.
    ({"website_checks": [check("2026-09-15"), check("2026-12-01")]}, None, "C7",
     ("met", D("2027-03-03"), "insufficient_data")),
    # C3: a plan ending on the quarter's last day holds until that day.
    ({}, {"plan_valid_until": "2026-09-30"}, "C3", ("met", D("2026-09-30"), "partially_met")),
    ({}, {"plan_valid_until": "2026-09-30", "strategy_valid_until": "2027-06-30"}, "C3",
     ("met", D("2026-09-30"), "partially_met")),
    ({}, {"plan_ref": None}, "C3", ("partially_met", None, None)),  # the strategy never ends
    # C8: an evaluation on the window's first day: met for the as-of date only, then partly.
    ({"evaluations": [evaluation("2025-10-01")]}, None, "C8",
     ("met", D("2026-09-30"), "partially_met")),
    ({"evaluations": [evaluation("2024-10-01")]}, None, "C8",
     ("partially_met", D("2026-09-30"), "not_met")),
    # C4: two events; the older leaves the window on its first anniversary...
    ({"activities": [activity("2025-10-15"), activity("2026-09-01")]}, None, "C4",
     ("met", D("2026-10-14"), "partially_met")),
    # ... unless an event already planned (dated after the as-of date) takes its place.
    ({"activities": [activity("2025-10-15"), activity("2026-09-01"), activity("2026-10-10")]},
     None, "C4", ("met", D("2027-08-31"), "partially_met")),
    ({"activities": [activity("2026-09-01")]}, None, "C4",
     ("partially_met", D("2027-08-31"), "not_met")),
    # C1: five verified companies; one agreement ends on 31 December.
    ({"agreements": [company(n) for n in range(4)]
      + [company(9, valid_until="2026-12-31")]}, None, "C1",
     ("met", D("2026-12-31"), "partially_met")),
    ({"agreements": [company(n) for n in range(5)]}, None, "C1", ("met", None, None)),
    # C2: a named leader does not expire.
    ({}, None, "C2", ("met", None, None)),
    ({}, {"leader_name": None}, "C2", ("not_met", None, None)),
    # C5: the last needs survey leaves the window.
    ({"dialogue": [dialogue("2026-03-31")]}, None, "C5",
     ("met", D("2027-03-30"), "partially_met")),
    # C6: contacts in three of four quarters; the oldest quarter's contact leaves first.
    ({"dialogue": [dialogue("2025-12-15", "meeting"), dialogue("2026-03-15", "meeting"),
                   dialogue("2026-09-15", "meeting")], "activities": []}, None, "C6",
     ("met", D("2026-12-14"), "partially_met")),
], ids=["c7-92-days", "c7-date-time", "c7-newer-check", "c3-plan-ends-at-quarter-end",
        "c3-first-document-to-end", "c3-partial-never-drops", "c8-window-first-day",
        "c8-partly", "c4-oldest-leaves", "c4-planned-event-keeps-it", "c4-partly",
        "c1-agreement-ends", "c1-lasting", "c2-lasting", "c2-not-met-has-none",
        "c5-needs-leave", "c6-quarters"])
def test_holds_until(datasets, register, criterion, expected):
    assert hold(evaluate(register=register, **datasets), criterion) == expected


def test_a_decided_status_holds_until_its_decision_ends():
    decided = {"criterion": "C7", "decision": "accepted", "status": "met",
               "reason": "Väärä hälytys", "decided_by": "Maakuntahallitus",
               "decided_on": "2026-08-01", "valid_until": "2026-11-30"}
    failing = check("2026-09-15") | {"accessibility_failures": 4}
    result = evaluate(website_checks=[failing], decisions=[decided])
    # Decided met until 30 November, then the measured partially_met returns.
    assert hold(result, "C7") == ("met", D("2026-11-30"), "partially_met")


def test_verdict_drops_with_the_first_criterion():
    result = evaluate(
        agreements=[company(n) for n in range(5)],
        activities=[activity("2025-10-15"), activity("2026-09-01")],
        dialogue=[dialogue(day) for day in ("2025-12-15", "2026-03-15", "2026-06-15",
                                            "2026-09-15")],
        evaluations=[evaluation("2026-06-01")], website_checks=[check("2026-09-20")])
    assert result.verdict.value == "meets"
    # C4 drops on 15 October (its oldest event leaves the window), before C7's check ages.
    assert (result.verdict_holds_until, result.verdict_drops_to) == (
        D("2026-10-14"), "partially_meets")


def test_partly_meeting_drops_when_a_criterion_is_not_met():
    result = evaluate(activities=[activity("2026-05-01")], website_checks=[check("2026-09-20")],
                      evaluations=[evaluation("2026-06-01")],
                      agreements=[company(1)], dialogue=[dialogue("2026-05-01")])
    assert result.verdict.value == "partially_meets"
    # The one event leaves the window on 1 May 2027: C4 and C6 are then not met.
    assert (result.verdict_holds_until, result.verdict_drops_to) == (
        D("2027-04-30"), "does_not_meet")


def test_results_json_shows_dates_only_for_statuses_that_can_drop():
    result = evaluate(website_checks=[check("2026-09-15") | {"reachable": False}])
    criteria: list[dict[str, Any]] = worded(result.as_dict(), "fi")["criteria"]  # type: ignore[assignment]
    shown = {c["id"]: (c["holds_until"], c["drops_to"]) for c in criteria}
    assert shown["C7"] == (None, None)  # not met
    assert shown["C8"] == (None, None)  # insufficient data
    assert worded(result.as_dict(), "en")["verdict_holds_until"] is None


def test_dates_at_the_calendars_ends_do_not_break_the_forecast():
    """A row dated 9999-12-20 (valid input) shifts past the calendar: no date, no crash."""
    result = evaluate(evaluations=[evaluation("2026-06-01"), evaluation("9999-12-20"),
                                   evaluation("0001-01-02")])
    assert hold(result, "C8") == ("met", D("2027-05-31"), "partially_met")
