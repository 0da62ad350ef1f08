import pytest

from reports.messages import say
from scoring.criteria.c8_regular_evaluation import regular_evaluation
from scoring.model import Status
from tests.scoring.builders import RULES, context


def evaluation(day):
    return {"date": day, "kind": "self_assessment", "evaluator": "board"}


def c8(rows, **kwargs):
    return regular_evaluation(context(evaluations=rows, **kwargs), RULES.c8_regular_evaluation)


@pytest.mark.parametrize(
    ("rows", "status"),
    [
        ([evaluation("2026-06-15")], Status.MET),
        ([evaluation("2025-10-01")], Status.MET),  # first day of the window
        ([evaluation("2026-09-30")], Status.MET),  # the as-of date
        ([evaluation("2025-09-30")], Status.PARTIALLY_MET),  # the day before the window
        ([evaluation("2024-10-01")], Status.PARTIALLY_MET),  # 24 months, first day
        ([evaluation("2024-09-30")], Status.NOT_MET),  # just over 24 months
        ([], Status.NOT_MET),
        ([evaluation("2026-10-01")], Status.NOT_MET),  # after the as-of date: ignored
        ([evaluation("2023-01-01"), evaluation("2026-01-01")], Status.MET),  # latest counts
    ],
    ids=["recent", "window-start", "as-of", "day-before", "24-months", "older", "none",
         "future-only", "latest"],
)
def test_latest_evaluation(rows, status):
    assert c8(rows).status is status


def test_not_supplied_and_all_rejected_are_insufficient():
    assert c8(None).status is Status.INSUFFICIENT_DATA
    result = c8([], rejected={"evaluations": 1})
    assert result.status is Status.INSUFFICIENT_DATA
    assert "evaluations" in say(result.reason, "en")
