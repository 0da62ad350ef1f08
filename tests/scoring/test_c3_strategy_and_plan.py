import pytest

from reports.messages import say
from scoring.criteria.c3_strategy_and_plan import strategy_and_plan
from scoring.model import Status
from tests.scoring.builders import RULES, context, register_row


def c3(absent=frozenset(), **register):
    return strategy_and_plan(context(cluster=register_row(**register), absent=absent),
                             RULES.c3_strategy_and_plan)


@pytest.mark.parametrize(
    ("register", "status", "why"),
    [
        ({}, Status.MET, "in force"),
        ({"plan_ref": None}, Status.PARTIALLY_MET, "no implementation plan"),
        ({"strategy_approved_on": None}, Status.PARTIALLY_MET, "not approved"),
        ({"plan_valid_until": "2026-09-29"}, Status.PARTIALLY_MET, "expired"),
        ({"plan_approved_on": "2026-10-01"}, Status.PARTIALLY_MET, "approved only on"),
        ({"strategy_ref": None, "plan_ref": None}, Status.NOT_MET, "no strategy"),
        ({"strategy_valid_until": "2025-12-31", "plan_approved_on": None}, Status.NOT_MET,
         "expired"),
    ],
    ids=["both", "no-plan", "unapproved", "expired", "approved-later", "none",
         "expired-and-unapproved"],
)
def test_documents_in_force(register, status, why):
    result = c3(**register)
    assert result.status is status
    assert why in say(result.reason, "en")


def test_valid_until_the_as_of_date_is_in_force():
    assert c3(plan_valid_until="2026-09-30", plan_approved_on="2026-09-30").status is Status.MET


def test_register_without_document_columns_is_insufficient_data():
    result = c3(absent=frozenset({"strategy_ref", "plan_ref"}))
    assert result.status is Status.INSUFFICIENT_DATA


def test_a_missing_document_shows_no_validity():
    """The evidence of a document that is not there names no approval or validity: it
    cannot be both missing and open-ended."""
    result = strategy_and_plan(context(cluster=register_row(strategy_ref=None,
                                                            strategy_approved_on=None)),
                               RULES.c3_strategy_and_plan)
    (strategy, _) = result.evidence
    assert strategy.detail == "(no reference)"
