import pytest

from reports.messages import say
from scoring.criteria.c1_verified_companies import company_key, verified_companies
from scoring.model import Status
from tests.scoring.builders import RULES, context


def company(n: int, **overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "member_name": f"Yritys {n} Oy",
        "business_id": None,
        "actor_type": "company",
        "agreement_type": "membership",
        "signed_on": "2025-01-10",
        "valid_from": "2025-01-10",
        "valid_until": None,
        "evidence_ref": f"SOP-{n}",
    }
    row.update(overrides)
    return row


def c1(rows, **kwargs):
    return verified_companies(context(agreements=rows, **kwargs), RULES.c1_verified_companies)


@pytest.mark.parametrize(
    ("rows", "status", "value"),
    [
        ([company(n) for n in range(5)], Status.MET, 5),
        ([company(n) for n in range(4)], Status.PARTIALLY_MET, 4),
        ([company(1)], Status.PARTIALLY_MET, 1),
        ([], Status.NOT_MET, 0),
        ([company(1, actor_type="research"), company(2, actor_type="public")], Status.NOT_MET, 0),
        # the same company twice (by business ID) counts once
        ([company(n, business_id="1000001-2") for n in range(5)], Status.PARTIALLY_MET, 1),
        # the same company by name, spelled differently
        ([company(1, member_name="Kemi Oy"), company(2, member_name="KEMI  oy.")],
         Status.PARTIALLY_MET, 1),
    ],
    ids=["five", "four", "one", "no-rows", "no-companies", "same-business-id", "same-name"],
)
def test_verified_company_count(rows, status, value):
    result = c1(rows)
    assert (result.status, result.value) == (status, value)


@pytest.mark.parametrize(
    ("overrides", "why"),
    [
        ({"agreement_type": "letter_of_intent"}, "letter of intent"),
        ({"signed_on": None}, "unsigned"),
        ({"evidence_ref": None}, "without evidence reference"),
        ({"valid_until": "2026-09-29"}, "expired"),
        ({"valid_from": "2026-10-01"}, "not yet in force"),
    ],
)
def test_listed_but_not_verifiable_says_why(overrides, why):
    result = c1([company(1, **overrides)])
    assert result.status is Status.NOT_MET
    assert "1 company listed, not verifiable" in say(result.reason, "en")
    assert why in say(result.reason, "en")
    assert result.next_step is not None


@pytest.mark.parametrize(
    ("overrides", "verified"),
    [
        ({"valid_until": "2026-09-30"}, True),  # in force on its last day
        ({"valid_from": "2026-09-30", "signed_on": "2026-09-30"}, True),  # signed on the as-of day
        ({"signed_on": "2026-10-01", "valid_from": "2026-10-01"}, False),  # signed the day after
    ],
    ids=["ends-on-as-of", "signed-on-as-of", "signed-after-as-of"],
)
def test_as_of_edges(overrides, verified):
    result = c1([company(1, **overrides)])
    assert (result.value == 1) is verified


def test_no_companies_reason_differs_from_none_verifiable():
    assert "No companies" in say(c1([]).reason, "en")
    assert "not verifiable" in say(c1([company(1, evidence_ref=None)]).reason, "en")


def test_agreements_not_supplied_is_insufficient_data():
    result = c1(None)
    assert result.status is Status.INSUFFICIENT_DATA
    assert "agreements" in say(result.reason, "en") and "not supplied" in say(result.reason, "en")


def test_all_cluster_rows_rejected_is_insufficient_data():
    result = c1([], rejected={"agreements": 3})
    assert result.status is Status.INSUFFICIENT_DATA
    assert "All 3" in say(result.reason, "en")


def test_evidence_names_rows():
    result = c1([company(n) for n in range(5)])
    assert result.evidence[0].source == "agreements.csv row 2"
    assert "Yritys 0 Oy" in result.evidence[0].detail


def test_company_key_prefers_business_id():
    assert company_key("1234567-8", "Any Oy") == "1234567-8"
    assert company_key(None, "Kemi  Oy.") == company_key(None, "kemi oy")
