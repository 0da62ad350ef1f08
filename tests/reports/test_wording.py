"""The evidence in the report's language: no English word, code or check identifier in a
Finnish report outside names, references, addresses and quoted page content."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from decimal import Decimal

import pytest

from reports.history import History
from reports.views import ReportContext, cluster_view
from reports.wording import evidence
from scoring.criteria.c7_findings import finding, findings_evidence
from scoring.evidence import Evidence
from scoring.text import Code, Column, say
from tests.reports.test_report_accessibility import results_for


def finnish(item: Evidence) -> str:
    worded = evidence(item, "fi")
    return f"{worded['source']}: {worded['detail']}"


@pytest.mark.parametrize(("item", "neutral", "shown"), [
    (Evidence("agreements.csv", 4, facts=(
        "Oy Yritys Ab", "1234567-1", Code("membership"),
        say("ev_signed", date=date(2024, 1, 10)), "SOP-1", say("ev_verified"))),
     "agreements.csv row 4: Oy Yritys Ab · 1234567-1 · membership · signed 2024-01-10 · "
     "SOP-1 · verified",
     "agreements.csv, rivi 4: Oy Yritys Ab · 1234567-1 · jäsensopimus · allekirjoitettu "
     "10.1.2024 · SOP-1 · todennettu"),
    (Evidence("agreements.csv", 5, facts=(
        "Oy B", Code("letter_of_intent"), say("ev_not_verified", why=say("why_expired")))),
     "agreements.csv row 5: Oy B · letter_of_intent · not verified: expired",
     "agreements.csv, rivi 5: Oy B · aiesopimus · ei todennettu: päättynyt"),
    (Evidence("clusters.csv", 2, column="plan_ref", facts=(
        "TOP-1", say("ev_approved", date=date(2026, 1, 20)),
        say("ev_valid_until", date=date(2026, 12, 31)))),
     "clusters.csv row 2: plan_ref: TOP-1 · approved 2026-01-20 · valid until 2026-12-31",
     "clusters.csv, rivi 2: toimeenpanosuunnitelma: TOP-1 · hyväksytty 20.1.2026 · voimassa "
     "31.12.2026 asti"),
    (Evidence("lokit.xlsx", 9, sheet="activities", facts=(
        date(2026, 3, 12), "Ilta", Code("event"), Code("members"),
        say("ev_participants", count=25))),
     "lokit.xlsx sheet activities row 9: 2026-03-12 · Ilta · event · members · 25 participants",
     "lokit.xlsx, välilehti activities, rivi 9: 12.3.2026 · Ilta · tapahtuma · jäsenille · "
     "25 osallistujaa"),
    (Evidence("website_checks.csv", 4, facts=(say(
        "ev_check_count", column=Column("accessibility_failures"), result=Code("fail"),
        count=3),)),
     "website_checks.csv row 4: accessibility_failures: fail (3)",
     "website_checks.csv, rivi 4: automaattisesti havaitut saavutettavuuspuutteet: puute (3)"),
    (Evidence("website_checks.csv", 4, facts=(say(
        "ev_check", column=Column("https"), result=say("ev_not_measured")),)),
     "website_checks.csv row 4: https: not measured",
     "website_checks.csv, rivi 4: HTTPS-yhteys: ei mitattu"),
    # A failed website check: a sentence with its WCAG success criterion; the page and the
    # element as they are.
    (Evidence("https://demo.example.fi/", facts=(finding("img_alt", 3), '<img src="logo.png">')),
     'https://demo.example.fi/: img_alt (3) · <img src="logo.png">',
     'https://demo.example.fi/: Kuvalta puuttuu tekstivastine (WCAG 1.1.1), 3 kohdetta · '
     '<img src="logo.png">'),
    (Evidence("https://demo.example.fi/", facts=(finding("image-alt", 1), "<img src=a.png>")),
     "https://demo.example.fi/: image-alt · <img src=a.png>",
     "https://demo.example.fi/: Kuvalta puuttuu tekstivastine (WCAG 1.1.1) · <img src=a.png>"),
    (Evidence("https://demo.example.fi/", facts=(finding("color-contrast", 2), "<p class=x>")),
     "https://demo.example.fi/: color-contrast (2) · <p class=x>",
     "https://demo.example.fi/: Automaattisen tarkistuksen (axe) havaitsema "
     "saavutettavuuspuute: color-contrast (WCAG 1.4.3), 2 kohdetta · <p class=x>"),
    (Evidence("agreements", facts=(say("ev_pair", name=Code("company"), value=3),)),
     "agreements: company: 3", "sopimukset: yritys: 3"),
    # The column the source names is not named again beside its value.
    (Evidence("clusters.csv", 2, column="management_fte", facts=(say(
        "ev_value", column=Column("management_fte"), value=Decimal("1.5")),)),
     "clusters.csv row 2: management_fte: management_fte = 1.5",
     "clusters.csv, rivi 2: klusterin hallinnon henkilötyövuodet: 1,5"),
    (Evidence("…", facts=(say("ev_more_rows", count=1234),)),
     "…: 1234 more rows", "…: 1\xa0234 riviä lisää"),
])
def test_evidence_in_finnish_and_as_results_json_keeps_it(item, neutral, shown):
    assert f"{item.source}: {item.detail}" == neutral
    assert finnish(item) == shown
    stored = json.loads(json.dumps(item.as_dict()))  # results.json's entry, read back
    assert Evidence.from_dict(stored) == item


def test_a_findings_cell_keeps_only_text_and_each_fact_survives_results_json():
    """The findings cell is anyone's to write: an element that is an object, a check that
    is null, a page that is a number are not facts results.json could give back."""
    cell = json.dumps([
        {"check": "img_alt", "page": "https://a.example/", "element": {"tag": "img"}},
        {"check": None, "page": 7, "element": ["x"], "count": "5"},
        {"check": "color-contrast", "page": "https://a.example/", "count": 10**40,
         "element": "<p>"}])
    found = findings_evidence({"findings": cell, "_file": "w.csv", "_row": 3, "_sheet": None})
    for item in found:
        assert Evidence.from_dict(json.loads(json.dumps(item.as_dict()))) == item
    # The second says nothing of the site: it is not evidence.
    assert [item.source for item in found] == ["https://a.example/", "https://a.example/"]
    assert "None" not in " ".join(evidence(item, "fi")["detail"] for item in found)
    assert evidence(found[1], "fi")["detail"].endswith(f"{10**40} kohdetta · <p>")


def test_names_and_unknown_codes_stay_as_they_are():
    item = Evidence("a.csv", 2, facts=("Kemin Metallikierrätys Oy", Code("brand_new_kind")))
    assert evidence(item, "fi")["detail"] == "Kemin Metallikierrätys Oy · brand_new_kind"
    # A check name that is neither a static check nor an axe rule is plain text.
    assert finding("customcheck", 2) == "customcheck"


def test_an_entry_from_before_the_facts_were_kept_shows_its_text():
    old = {"source": "agreements.csv row 4", "detail": "Oy A · membership"}
    assert evidence(Evidence.from_dict(old), "fi") == {
        "source": "agreements.csv row 4", "detail": "Oy A · membership"}


# Words the evidence and the reports' own text would show in English if unworded.
ENGLISH = re.compile(
    r"\b(row|signed|verified|approved|participants|companies|members|membership|"
    r"cooperation|open-ended|until|pass|fail|dataset|evidence|true|false|"
    r"agreements|activities|evaluations|dialogue|website_checks|needs_survey|"
    r"self_assessment|member_survey|letter_of_intent|steering_group|img_alt|form_labels|"
    r"statement_link|html_lang|link_names|partially_met|not_met|insufficient_data)\b")


def test_the_finnish_sample_reports_have_no_english_words_or_identifiers():
    period, results, _ = results_for("2026Q3")
    ctx = ReportContext(period, "fi", "test", History(None, ()))
    for result in results:
        view = cluster_view(ctx, result, [])
        shown = [view["title"], *(d["text"] + d["step"] for d in view["deadlines"]["entries"])]
        for c in view["criteria"]:
            shown += [c["reason"], c["threshold"], c["next_step"] or "", c["holds"] or ""]
            shown += [f"{e['source']} {e['detail']}" for e in c["evidence"]]
            shown += [d["source"] for d in [*([c["decision"]] if c["decision"] else []),
                                            *c["other_decisions"]]]
        for r in (view["road"] or {}).get("requirements", []):
            shown += [r["reason"], r["next_step"]]
            shown += [f"{e['source']} {e['detail']}" for e in r["evidence"]]
        text = html.unescape(" ".join(shown))
        # File names are names: agreements.csv, website_checks.csv.
        text = re.sub(r"[\w-]+\.(csv|xlsx)", "", text)
        # Sheet names are names too: the workbook's own (lokit.xlsx, välilehti activities).
        text = re.sub(r"välilehti [\w-]+", "", text)
        # Column identifiers the register lacks are what to type as a header.
        text = re.sub(r"saraketta \w+|sarake \w+", "", text)
        assert ENGLISH.findall(text) == [], result.cluster_id
