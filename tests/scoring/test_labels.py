"""The road to a European label: each ECCP requirement's table (met, not met, insufficient
data, and the edges), the eligibility that follows, and the label's validity."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from ingest.configuration import load_rules
from reports.messages import say, worded
from scoring.labels import road_to_label
from scoring.model import Status
from scoring.text import Message
from tests.scoring.builders import context, register_row

LABELS = load_rules().labels  # the committed config/labels.yaml, its catalogue included


def member(n: int, actor: str = "company", **changes) -> dict:
    row = {"member_name": f"Member {n} Oy", "actor_type": actor,
           "agreement_type": "membership", "signed_on": "2025-01-10",
           "valid_from": "2025-01-10", "evidence_ref": f"DOC-{n}"}
    row.update(changes)
    return row


def members(companies: int, others: int = 0, **changes) -> list[dict]:
    return ([member(n, **changes) for n in range(companies)]
            + [member(100 + n, "research", **changes) for n in range(others)])


def activity(day: str = "2026-05-01") -> dict:
    return {"date": day, "title": "Members' day", "audience": "members"}


def check(english: bool | None = True, day: str = "2026-09-15") -> dict:
    return {"checked_at": day, "reachable": True, "english_version": english}


def requirement(road, name: str):
    return next(r for r in road.requirements if r.id == name)


def road(cluster=None, **datasets):
    datasets.setdefault("agreements", members(12, 4))
    datasets.setdefault("activities", [activity(), activity("2026-08-01")])
    datasets.setdefault("website_checks", [check()])
    ctx = context(cluster=cluster if cluster is not None else register_row(
        management_fte=1.0), **datasets)
    return road_to_label(ctx, LABELS)


def test_everything_met_is_eligible():
    result = road()
    assert [r.status for r in result.requirements] == [Status.MET] * 6
    assert result.eccp_status == "eligible"


@pytest.mark.parametrize(("fte", "status"), [
    (0.5, Status.MET), (0.49, Status.NOT_MET), (2.0, Status.MET), (None, Status.INSUFFICIENT_DATA),
])
def test_management_fte(fte, status):
    result = requirement(road(register_row(management_fte=fte)), "eccp_fte")
    assert result.status is status


def test_management_fte_column_absent_is_insufficient():
    ctx = context(cluster=register_row(), absent=frozenset({"management_fte"}),
                  agreements=members(12, 4))
    found = requirement(road_to_label(ctx, LABELS), "eccp_fte")
    assert found.status is Status.INSUFFICIENT_DATA
    assert say(found.reason, "en") == ("The management's resources are not known because the "
                                       'register has no "cluster management FTE" column.')
    assert found.next_step is not None and say(found.next_step, "fi") == (
        "Kirjaa klusterin hallinnon henkilötyövuodet rekisteriin (sarake "
        '"klusterin hallinnon henkilötyövuodet").')


def test_management_fte_is_said_with_its_digits():
    """0,49 htv is below 0,5 htv, and says so: not rounded to one decimal."""
    found = requirement(road(register_row(management_fte=0.49)), "eccp_fte")
    assert say(found.reason, "fi") == "Klusterin hallinnossa on 0,49 htv, alle vaaditun."
    assert say(found.threshold, "en") == "at least 0.5 full-time equivalents (FTE)"
    assert say(found.threshold, "fi") == "vähintään 0,5 henkilötyövuotta (htv)"  # expanded
    stored = Message.from_json(json.loads(json.dumps(found.reason.as_json())))
    assert stored == found.reason
    assert say(stored, "en") == "The cluster management has 0.49 FTE, below the requirement."


@pytest.mark.parametrize(("rows", "status", "value"), [
    (members(11, 4), Status.MET, 15),  # exactly 15
    (members(10, 4), Status.NOT_MET, 14),
    ([*members(11, 4), member(0)], Status.MET, 15),  # the same member twice counts once
    # an agreement ending on the as-of date is in force that day
    (members(11, 4, valid_until="2026-09-30"), Status.MET, 15),
    (members(11, 4, valid_until="2026-09-29"), Status.NOT_MET, 0),
    (members(11, 4, signed_on=None), Status.NOT_MET, 0),  # unsigned
    (members(11, 4, evidence_ref=None), Status.NOT_MET, 0),  # cannot be verified
    (members(11, 4, agreement_type="letter_of_intent"), Status.NOT_MET, 0),
    (members(11, 4, signed_on="2026-10-01", valid_from="2026-10-01"), Status.NOT_MET, 0),
    (None, Status.INSUFFICIENT_DATA, None),  # not supplied
])
def test_committed_members(rows, status, value):
    found = requirement(road(agreements=rows), "eccp_members")
    assert (found.status, found.value) == (status, value)


def test_all_agreements_set_aside_is_insufficient():
    ctx = context(cluster=register_row(management_fte=1.0), rejected={"agreements": 3},
                  agreements=[])
    result = road_to_label(ctx, LABELS)
    for name in ("eccp_members", "eccp_member_types", "eccp_company_majority"):
        found = requirement(result, name)
        assert found.status is Status.INSUFFICIENT_DATA and "set aside" in say(found.reason, "en")


@pytest.mark.parametrize(("rows", "status"), [
    (members(12, 4), Status.MET),
    (members(16), Status.NOT_MET),  # companies only: one type
    ([*members(12), member(200, "public")], Status.MET),
])
def test_member_types(rows, status):
    assert requirement(road(agreements=rows), "eccp_member_types").status is status


@pytest.mark.parametrize(("companies", "others", "status"), [
    (9, 7, Status.MET), (8, 8, Status.NOT_MET),  # half is not a majority
    (0, 0, Status.NOT_MET),
])
def test_company_majority(companies, others, status):
    found = requirement(road(agreements=members(companies, others)), "eccp_company_majority")
    assert found.status is status and found.value == f"{companies}/{companies + others}"


@pytest.mark.parametrize(("checks", "status"), [
    ([check(True)], Status.MET),
    ([check(False)], Status.NOT_MET),
    ([check(None)], Status.INSUFFICIENT_DATA),  # the check did not record it
    ([check(True, "2026-05-01"), check(False, "2026-09-01")], Status.NOT_MET),  # the latest
    ([check(True, "2026-10-01")], Status.INSUFFICIENT_DATA),  # after the as-of date
    (None, Status.INSUFFICIENT_DATA),
])
def test_english_site(checks, status):
    assert requirement(road(website_checks=checks), "eccp_english_site").status is status


@pytest.mark.parametrize(("rows", "status", "value"), [
    ([activity("2025-10-01"), activity("2026-09-30")], Status.MET, 2),  # both window ends
    ([activity("2025-09-30"), activity("2026-09-30")], Status.NOT_MET, 1),
    ([activity("2026-10-01")], Status.NOT_MET, 0),  # planned: not yet
    (None, Status.INSUFFICIENT_DATA, None),
])
def test_activities(rows, status, value):
    found = requirement(road(activities=rows), "eccp_activities")
    assert (found.status, found.value) == (status, value)


def test_eligibility_unknown_when_only_data_is_missing():
    assert road(website_checks=None).eccp_status == "unknown"
    assert road(website_checks=None, agreements=members(3)).eccp_status == "not_eligible"


@pytest.mark.parametrize(("level", "until", "validity"), [
    ("silver", "2027-05-31", "valid"),
    ("silver", "2027-03-31", "expires_soon"),  # exactly 6 months after the as-of date
    ("silver", "2027-04-01", "valid"),
    ("gold", "2026-09-30", "expires_soon"),  # ends on the as-of date: still valid that day
    ("gold", "2026-09-29", "expired"),
    ("none", None, "none"),
    ("bronze", None, "unknown"),  # validity not recorded
    (None, None, "unknown"),
])
def test_label_validity(level, until, validity):
    cluster = register_row(label=level, label_valid_until=until, label_awarded_on="2025-05-31")
    label = road_to_label(context(cluster=cluster), LABELS).label
    assert label.validity == validity
    assert label.next_step is not None or (validity == "valid" and level == "gold")


def test_as_dict_carries_both_languages():
    document = worded(road().as_dict(), "fi")
    first = document["eccp"]["requirements"][0]
    assert document["eccp"]["status"] == "eligible"
    assert set(first) >= {"id", "status", "value", "threshold", "reason_fi", "reason_en",
                          "evidence", "next_step_fi", "next_step_en"}


def score(indicator: str, points: float, day: str = "2026-06-01", top: float = 5,
          evidence: str | None = "SA-2026") -> dict:
    return {"indicator": indicator, "score": points, "max_score": top, "assessed_on": day,
            "assessed_by": "Cluster manager", "evidence_ref": evidence}


def gold_of(rows, criteria=()):
    ctx = context(cluster=register_row(management_fte=1.5), agreements=members(12, 4),
                  label_indicators=rows)
    return road_to_label(ctx, LABELS, criteria).gold


CATALOGUE = [indicator.id for indicator in LABELS.gold.indicators]


def test_gold_catalogue_is_the_public_sources_29():
    assert len(CATALOGUE) == 29 and len(set(CATALOGUE)) == 29
    assert {"documented_strategy", "implementation_plan", "internet_presence"} <= set(CATALOGUE)


def test_gold_without_a_self_assessment_still_shows_the_catalogue_and_own_data():
    gold = gold_of(None)
    assert gold.status == "no_assessment" and gold.share is None
    assert len(gold.indicators) == 29 and gold.missing_evidence == CATALOGUE
    by_id = {view.id: view for view in gold.indicators}
    own = {key: say(by_id[key].own_data, "fi") for key in
           ("number_of_participants", "composition", "human_resources")}
    assert own == {"number_of_participants": "sitoutuneita jäseniä: 16",
                   "composition": "yrityksiä: 12/16",
                   "human_resources": "klusterin hallinnon henkilötyövuodet: 1,5"}


@pytest.mark.parametrize(("points", "meets"), [(4.0, True), (3.9, False)])
def test_gold_share_against_the_80_percent_line(points, meets):
    """Every indicator scored: 4 of 5 each is exactly 80 %."""
    gold = gold_of([score(indicator, points) for indicator in CATALOGUE])
    document = worded(gold.as_dict(), "en")
    assert document["share"] == pytest.approx(points / 5)
    assert document["meets_threshold"] is meets
    assert document["missing_evidence"] == []


def test_gold_uses_the_latest_score_and_names_missing_evidence():
    rows = [score("documented_strategy", 2, "2025-06-01"),
            score("documented_strategy", 5, "2026-06-01"),
            score("implementation_plan", 4, evidence=None),  # a score without a document
            score("internet_presence", 5, "2026-10-01"),  # after the as-of date: not yet
            score("made_up_indicator", 5)]
    gold = gold_of(rows)
    by_id = {view.id: view for view in gold.indicators}
    assert by_id["documented_strategy"].score == 5 and by_id["documented_strategy"].state == \
        "scored"
    assert by_id["implementation_plan"].state == "no_evidence"
    assert by_id["internet_presence"].state == "not_scored"
    assert gold.score == 9 and gold.max_score == 29 * 5
    assert "implementation_plan" in gold.missing_evidence
    assert "documented_strategy" not in gold.missing_evidence
    assert gold.unknown_indicators == ("made_up_indicator",)


def test_gold_indicators_cite_the_criteria():
    from scoring.model import CriterionResult
    from tests.sentences import sentence

    c3 = CriterionResult("C3", Status.PARTIALLY_MET, 1, sentence("", ""), sentence("", ""))
    gold = gold_of([], (c3,))
    by_id = {view.id: view for view in gold.indicators}
    assert say(by_id["documented_strategy"].own_data, "en") == "C3: partially met"
    assert gold.status == "assessed" and gold.score == 0


def test_gold_rows_all_set_aside_is_insufficient():
    ctx = context(cluster=register_row(), label_indicators=[],
                  rejected={"label_indicators": 2})
    assert road_to_label(ctx, LABELS).gold.status == "insufficient_data"


def test_a_mistake_in_labels_yaml_names_that_file(tmp_path):
    from config import RULES_FILE
    from ingest.errors import InputError

    bad = tmp_path / "labels.yaml"
    bad.write_text("eccp:\n  min_committed_members: many\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"labels.yaml is invalid"):
        load_rules(RULES_FILE, bad)


DATES = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")


@pytest.mark.parametrize(("level", "until"), [
    ("bronze", "2027-05-31"), ("silver", "2027-05-31"), ("gold", "2027-05-31"),
    ("silver", "2027-01-31"), ("gold", "2026-09-30"),
])
def test_a_valid_labels_step_sets_no_deadline_after_it_ends(level, until):
    cluster = register_row(label=level, label_valid_until=until, label_awarded_on="2025-05-31")
    label = road_to_label(context(cluster=cluster), LABELS).label
    steps = f"{say(label.reason, 'fi')} {say(label.next_step, 'fi') if label.next_step else ''}"
    ends = date.fromisoformat(until)
    named = [date(int(y), int(m), int(d)) for d, m, y in DATES.findall(steps)]
    assert named and all(day <= ends for day in named), steps


def test_an_expired_labels_step_names_one_renewal_date_and_its_rule():
    cluster = register_row(label="silver", label_valid_until="2026-05-31")
    step = road_to_label(context(cluster=cluster), LABELS).label.next_step
    assert step is not None
    assert DATES.findall(say(step, "fi")) == [("31", "5", "2027")]
    assert f"{LABELS.renew_within_months} kuukautta" in say(step, "fi")


def test_the_gold_step_says_the_catalogue_and_the_label_apart():
    cluster = register_row(label="silver", label_valid_until="2027-05-31")
    step = road_to_label(context(cluster=cluster), LABELS).label.next_step
    assert step is not None
    held, required = len(LABELS.gold.indicators), LABELS.gold.label_indicator_count
    assert held < required
    assert f"{required} indikaattorilla" in say(step, "fi") and f"niistä {held}" in say(step, "fi")
    assert f"{required} indicators" in say(step, "en") and f"the {held} of them" in say(step, "en")


def test_no_website_address_means_no_english_site_not_unknown():
    result = road(cluster=register_row(management_fte=1.0, website_url=None),
                  website_checks=None)
    english = requirement(result, "eccp_english_site")
    assert english.status is Status.NOT_MET
    assert "ei ole verkkosivuston osoitetta" in say(english.reason, "fi")


def test_the_gold_sentence_counts_as_its_table_marks():
    """A count that disagrees with its table: scored without evidence and not scored are
    said apart, each as many as the table's rows marked so."""
    rows = [score("documented_strategy", 5), score("implementation_plan", 4, evidence=None),
            score("internet_presence", 3, evidence=None)]
    gold = gold_of(rows)
    states = [view.state for view in gold.indicators]
    no_evidence, not_scored = states.count("no_evidence"), states.count("not_scored")
    assert (no_evidence, not_scored) == (2, 26)
    assert f"näyttö puuttuu {no_evidence} pisteytetystä indikaattorista, ja {not_scored} on " \
        "pisteyttämättä" in say(gold.reason, "fi")


def test_one_is_said_in_the_singular():
    """A count of one reads as one in both languages (not '1 committed members')."""
    result = road(agreements=members(1), activities=[activity()])
    assert say(requirement(result, "eccp_members").reason, "fi") == \
        "Sitoutuneita jäseniä (allekirjoitettu sopimus voimassa, näyttö) on yksi."
    assert say(requirement(result, "eccp_members").reason, "en").startswith(
        "The cluster has one committed member ")
    assert say(requirement(result, "eccp_member_types").reason, "fi") == \
        "Sitoutuneet jäsenet edustavat yhtä toimijatyyppiä."
    assert say(requirement(result, "eccp_company_majority").reason, "en") == \
        "1 of the 1 committed members is a company."
    assert say(requirement(result, "eccp_activities").reason, "fi") == \
        "Jaksolla 1.10.2025–30.9.2026 oli yksi aktiviteetti."
    assert say(requirement(result, "eccp_activities").reason, "en") == \
        "One activity took place from 1 October 2025 to 30 September 2026."


def test_the_label_sentences_name_columns_and_levels_in_words():
    unknown = road_to_label(context(cluster=register_row()), LABELS).label
    assert say(unknown.reason, "fi") == \
        'Rekisteri ei kerro klusterin laatumerkkiä (sarake "laatumerkki").'
    bronze = road_to_label(context(cluster=register_row(label="bronze")), LABELS).label
    assert say(bronze.reason, "fi") == "Laatumerkin (pronssi) voimassaoloa ei ole kirjattu."
    assert say(bronze.reason, "en") == "The Bronze label's validity is not recorded."
    none = road_to_label(context(cluster=register_row(label="none")), LABELS).label
    assert none.next_step is not None and "benchmarking" not in say(none.next_step, "fi")
