import pytest

from reports.messages import say
from scoring.criteria.c6_regular_dialogue import regular_dialogue
from scoring.model import Status
from tests.scoring.builders import RULES, context


def talk(day, companies=2):
    return {"date": day, "kind": "meeting", "companies_involved": companies}


def event(day, companies=2):
    return {"date": day, "title": "Event", "kind": "event", "audience": "members",
            "participants_total": 10, "participant_companies": companies}


def c6(dialogue=(), activities=(), **kwargs):
    dialogue = list(dialogue) if dialogue is not None else None
    activities = list(activities) if activities is not None else None
    return regular_dialogue(context(dialogue=dialogue, activities=activities, **kwargs),
                            RULES.c6_regular_dialogue)


@pytest.mark.parametrize(
    ("dialogue", "activities", "status", "quarters"),
    [
        ([talk("2025-10-01"), talk("2026-02-01")], [event("2026-09-30")], Status.MET, 3),
        ([talk("2025-12-31"), talk("2026-01-01"), talk("2026-04-01"), talk("2026-07-01")], [],
         Status.MET, 4),
        ([talk("2026-01-05"), talk("2026-02-05"), talk("2026-03-05")], [], Status.PARTIALLY_MET,
         1),
        ([], [event("2026-05-05"), event("2026-08-08")], Status.PARTIALLY_MET, 2),
        ([talk("2026-01-05", companies=0)], [event("2026-05-05", companies=0)], Status.NOT_MET,
         0),
        ([talk("2025-09-30"), talk("2026-10-01")], [], Status.NOT_MET, 0),
    ],
    ids=["three-quarters", "four-quarter-edges", "one-burst", "activities-only",
         "no-companies", "outside-window"],
)
def test_quarters_with_company_contact(dialogue, activities, status, quarters):
    result = c6(dialogue, activities)
    assert (result.status, result.value) == (status, quarters)


def test_both_sources_missing_is_insufficient():
    assert c6(None, None).status is Status.INSUFFICIENT_DATA


def test_one_source_missing_still_meets_when_the_other_shows_enough():
    rows = [talk("2025-11-01"), talk("2026-02-01"), talk("2026-05-01")]
    assert c6(rows, None).status is Status.MET


def test_one_source_missing_and_too_few_quarters_is_insufficient():
    result = c6([talk("2025-11-01")], None)
    assert result.status is Status.INSUFFICIENT_DATA
    assert "activities" in say(result.reason, "en")
