"""Each criterion's `measure` at the window's edges and its `judge` at the thresholds, called
directly (no engine, no Prefect). As of 2026-09-30 the 12-month window is 2025-10-01 to
2026-09-30, both included."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pytest

from scoring.criteria import (
    c1_verified_companies,
    c2_named_leader,
    c3_strategy_and_plan,
    c4_member_activities,
    c5_business_needs,
    c6_regular_dialogue,
    c7_website,
    c8_regular_evaluation,
)
from scoring.criteria.common import inputs_of
from scoring.grid import STATUS_OF_RANK, Grid
from tests.scoring.builders import RULES, context, register_row

AS_OF = date(2026, 9, 30)


def measured(module: Any, section: Any, day: date = AS_OF, cluster: Any = None,
             **datasets: list[dict[str, Any]] | None) -> pd.Series:
    inputs = inputs_of(context(cluster=cluster, **datasets))
    return module.measure(inputs, Grid.of(inputs, ["demo"], [day]), section).iloc[0]


def judged(module: Any, section: Any, **numbers: Any) -> list[str]:
    frame = pd.DataFrame({key: np.atleast_1d(value) for key, value in numbers.items()})
    return [STATUS_OF_RANK[int(rank)].value for rank in module.judge(frame, section)]


def activity(day: str, audience: str = "members", companies: int = 2) -> dict[str, Any]:
    return {"date": day, "kind": "event", "title": "T", "audience": audience,
            "participant_companies": companies}


# The window's first day, the as-of date, the day after it and the day before the window.
EDGES = [("2025-10-01", 1), ("2026-09-30", 1), ("2026-10-01", 0), ("2025-09-30", 0)]


@pytest.mark.parametrize(("day", "counted"), EDGES)
def test_c4_counts_the_window_with_both_ends(day, counted):
    found = measured(c4_member_activities, RULES.c4_member_activities,
                     activities=[activity(day)])
    assert found["counted"] == counted


def test_c4_counts_members_and_mixed_only():
    found = measured(c4_member_activities, RULES.c4_member_activities,
                     activities=[activity("2026-05-01", "public"),
                                 activity("2026-05-01", "mixed")])
    assert found["counted"] == 1


@pytest.mark.parametrize(("day", "counted"), EDGES)
def test_c5_counts_needs_in_the_window(day, counted):
    row = {"date": day, "kind": "needs_survey", "companies_involved": 3}
    assert measured(c5_business_needs, RULES.c5_business_needs, dialogue=[row])["needs"] \
        == counted


@pytest.mark.parametrize(("days", "quarters"), [
    (["2026-07-01"], 1),  # the last slice's first day
    (["2026-06-30", "2026-07-01"], 2),  # the last day of one slice, the first of the next
    (["2025-10-01", "2026-01-01", "2026-04-01", "2026-09-30"], 4),
    (["2025-09-30", "2026-10-01"], 0),  # just outside the window
])
def test_c6_counts_the_quarter_slices_with_a_contact(days, quarters):
    found = measured(c6_regular_dialogue, RULES.c6_regular_dialogue,
                     activities=[activity(day) for day in days], dialogue=[])
    assert found["quarters"] == quarters


def check(day: str, **changes: Any) -> dict[str, Any]:
    return {"checked_at": day, "url": "https://demo.example.fi", "reachable": True,
            "status_code": 200, "https": True, "offer_description": True,
            "accessibility_failures": 0, "accessibility_statement": True, **changes}


@pytest.mark.parametrize(("day", "found"), [
    ("2026-06-30", "met"),  # exactly max_check_age_days (92) old: still used
    ("2026-06-29", None),  # 93 days old
    ("2026-10-01", None),  # after the as-of date
])
def test_c7_takes_the_latest_check_within_its_age(day, found):
    latest = measured(c7_website, RULES.c7_website, website_checks=[check(day)])["latest"]
    assert (STATUS_OF_RANK[int(latest)].value if latest >= 0 else None) == found


@pytest.mark.parametrize(("until", "in_force"), [("2026-09-30", 2), ("2026-09-29", 1)])
def test_c3_a_document_ending_on_the_as_of_date_is_in_force(until, in_force):
    cluster = register_row(plan_valid_until=until)
    assert measured(c3_strategy_and_plan, RULES.c3_strategy_and_plan,
                    cluster=cluster)["in_force"] == in_force


@pytest.mark.parametrize(("changes", "verified"), [
    ({"valid_until": "2026-09-30"}, 1),  # ends on the as-of date: in force
    ({"valid_until": "2026-09-29"}, 0),
    ({"signed_on": "2026-09-30"}, 1),
    ({"signed_on": "2026-10-01"}, 0),  # signed after the as-of date
    ({"valid_from": "2026-10-01"}, 0),
    ({"agreement_type": "letter_of_intent"}, 0),
    ({"evidence_ref": None}, 0),
])
def test_c1_an_agreement_verifies_on_the_days_it_is_in_force(changes, verified):
    row = {"member_name": "Yritys Oy", "actor_type": "company",
           "agreement_type": "membership", "signed_on": "2025-01-01",
           "evidence_ref": "SOP-1", **changes}
    found = measured(c1_verified_companies, RULES.c1_verified_companies, agreements=[row])
    assert found["verified"] == verified


def test_c1_counts_a_company_once_however_many_agreements():
    rows = [{"member_name": "Yritys Oy", "actor_type": "company", "business_id": "0737546-2",
             "agreement_type": kind, "signed_on": "2025-01-01", "evidence_ref": "SOP"}
            for kind in ("membership", "cooperation")]
    assert measured(c1_verified_companies, RULES.c1_verified_companies,
                    agreements=rows)["verified"] == 1


@pytest.mark.parametrize(("since", "started"), [("2026-09-30", True), ("2026-10-01", False)])
def test_c2_a_leader_starting_on_the_as_of_date_has_started(since, started):
    found = measured(c2_named_leader, RULES.c2_named_leader,
                     cluster=register_row(leader_since=since))
    assert bool(found["started"]) is started


@pytest.mark.parametrize(("day", "status"), [
    ("2025-10-01", "met"), ("2025-09-30", "partially_met"),
    ("2024-10-01", "partially_met"), ("2024-09-30", "not_met")])
def test_c8_the_latest_evaluation_against_the_windows(day, status):
    section = RULES.c8_regular_evaluation
    found = measured(c8_regular_evaluation, section,
                     evaluations=[{"date": day, "kind": "self_assessment"}])
    assert judged(c8_regular_evaluation, section, **found.to_dict()) == [status]


# judge at its thresholds: met, partially met, not met, insufficient data.
def test_judge_c1_and_c4_at_their_thresholds():
    for module, section, column in (
            (c1_verified_companies, RULES.c1_verified_companies, "verified"),
            (c4_member_activities, RULES.c4_member_activities, "counted")):
        met, partly = section.met_at, section.partially_met_at
        assert judged(module, section, unavailable=[False, False, False, False, True],
                      **{column: [met, met - 1, partly, partly - 1, met]}) == [
            "met", "partially_met" if met - 1 >= partly else "not_met", "partially_met",
            "not_met", "insufficient_data"]


def test_judge_c2_c3_c5():
    assert judged(c2_named_leader, RULES.c2_named_leader, absent=[False, False, False, True],
                  named=[True, True, False, True], started=[True, False, True, True]) == [
        "met", "not_met", "not_met", "insufficient_data"]
    assert judged(c3_strategy_and_plan, RULES.c3_strategy_and_plan,
                  absent=[False, False, False, True], in_force=[2, 1, 0, 2]) == [
        "met", "partially_met", "not_met", "insufficient_data"]
    assert judged(c5_business_needs, RULES.c5_business_needs,
                  unavailable=[False, False, False, True, False],
                  absent=[False, False, False, False, True], needs=[1, 0, 0, 1, 1],
                  steering=[True, True, False, True, True]) == [
        "met", "partially_met", "not_met", "insufficient_data", "insufficient_data"]


def test_judge_c6_at_its_thresholds_and_a_missing_source():
    section = RULES.c6_regular_dialogue
    assert judged(c6_regular_dialogue, section,
                  all_unavailable=[False, False, False, False, True, False],
                  any_unavailable=[False, False, False, True, True, True],
                  quarters=[section.met_at_quarters, section.met_at_quarters - 1,
                            section.partially_met_at_quarters - 1, 1, 4,
                            section.met_at_quarters]) == [
        "met", "partially_met", "not_met", "insufficient_data", "insufficient_data", "met"]


def test_judge_c7():
    assert judged(c7_website, RULES.c7_website, no_url=[True, False, False, False],
                  unavailable=[False, True, False, False], latest=[3, 3, -1, 2]) == [
        "not_met", "insufficient_data", "insufficient_data", "partially_met"]


def test_c1_a_company_named_once_by_id_and_once_by_name_is_one_company():
    """One agreement gives the business ID, another only the name (in another case): the
    same company, counted once (hostile trial of issue 20)."""
    rows = [{"member_name": "Kemin Kierto Oy", "actor_type": "company",
             "business_id": "0737546-2", "agreement_type": "membership",
             "signed_on": "2025-01-01", "evidence_ref": "SOP-1"},
            {"member_name": "KEMIN KIERTO OY.", "actor_type": "company",
             "agreement_type": "cooperation", "signed_on": "2025-02-01",
             "evidence_ref": "SOP-2"}]
    assert measured(c1_verified_companies, RULES.c1_verified_companies,
                    agreements=rows)["verified"] == 1
    from scoring.criteria.c1_verified_companies import verified_companies
    result = verified_companies(context(agreements=rows), RULES.c1_verified_companies)
    assert result.value == 1
