"""The evidence in the report's language: no English word, code or check identifier in a
Finnish report outside names, references, addresses and quoted page content."""

from __future__ import annotations

import html
import re

import pytest

from reports.history import History
from reports.views import ReportContext, cluster_view
from reports.wording import Wording
from scoring.model import Evidence
from tests.reports.test_report_accessibility import results_for

FI = Wording("fi")


@pytest.mark.parametrize(("source", "detail", "shown"), [
    ("agreements.csv row 4", "Oy Yritys Ab · 1234567-1 · membership · signed 2024-01-10 · "
     "SOP-1 · verified",
     "agreements.csv, rivi 4: Oy Yritys Ab · 1234567-1 · jäsensopimus · allekirjoitettu "
     "10.1.2024 · SOP-1 · todennettu"),
    ("agreements.csv row 5", "Oy B · letter_of_intent · not verified: expired",
     "agreements.csv, rivi 5: Oy B · aiesopimus · ei todennettu: päättynyt"),
    ("clusters.csv row 2: plan_ref", "TOP-1 · approved 2026-01-20 · valid until 2026-12-31",
     "clusters.csv, rivi 2: toimeenpanosuunnitelma: TOP-1 · hyväksytty 20.1.2026 · voimassa "
     "31.12.2026 asti"),
    ("lokit.xlsx row 9", "2026-03-12 · Ilta · event · members · 25 participants",
     "lokit.xlsx, rivi 9: 12.3.2026 · Ilta · tapahtuma · jäsenille · 25 osallistujaa"),
    ("website_checks.csv row 4: accessibility_failures", "accessibility_failures: fail (3)",
     "website_checks.csv, rivi 4: automaattisesti havaitut saavutettavuuspuutteet: "
     "automaattisesti havaitut saavutettavuuspuutteet: puute (3)"),
    # A failed website check: a sentence with its WCAG success criterion; the page and the
    # element as they are.
    ("https://demo.example.fi/", 'img_alt (3) · <img src="logo.png">',
     'https://demo.example.fi/: Kuvalta puuttuu tekstivastine (WCAG 1.1.1), 3 kohdetta · '
     '<img src="logo.png">'),
    ("https://demo.example.fi/", "image-alt · <img src=a.png>",
     "https://demo.example.fi/: Kuvalta puuttuu tekstivastine (WCAG 1.1.1) · <img src=a.png>"),
    ("https://demo.example.fi/", "color-contrast (2) · <p class=x>",
     "https://demo.example.fi/: Automaattisen tarkistuksen (axe) havaitsema "
     "saavutettavuuspuute: color-contrast (WCAG 1.4.3), 2 kohdetta · <p class=x>"),
    ("agreements", "company: 3", "sopimukset: yritys: 3"),
    ("clusters.csv row 2: management_fte", "management_fte = 1.5",
     "clusters.csv, rivi 2: klusterin hallinnon henkilötyövuodet: klusterin hallinnon "
     "henkilötyövuodet = 1,5"),
])
def test_evidence_in_finnish(source, detail, shown):
    worded = FI.evidence(Evidence(source, detail))
    assert f"{worded['source']}: {worded['detail']}" == shown


def test_unknown_facts_and_names_stay_as_they_are():
    assert FI.detail("Kemin Metallikierrätys Oy · KTK-SOP-001") == \
        "Kemin Metallikierrätys Oy · KTK-SOP-001"


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
