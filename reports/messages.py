"""Every user-facing string of the reports, in Finnish and English; none in templates."""

from __future__ import annotations

import re

MESSAGES: dict[str, dict[str, str]] = {
    "fi": {
        "portfolio_title": "Klustereiden arviointi: koontiraportti",
        "cluster_title": "Klusteriraportti",
        "period": "Arviointijakso",
        "as_of": "Tilanne",
        "window": "Tarkastelujakso",
        "generated": "Laadittu",
        "verdict": "Kokonaisarvio",
        "cluster": "Klusteri",
        "criterion": "Kriteeri",
        "status": "Tila",
        "value": "Mitattu arvo",
        "threshold": "Raja-arvo",
        "reason": "Perustelu",
        "evidence": "Näyttö",
        "next_step": "Seuraava toimenpide",
        "no_evidence": "Ei näyttöä.",
        "counts": "Tilat yhteensä",
        "matrix_caption": "Klusterit kriteereittäin",
        "data_quality": "Tietojen laatu",
        "dq_caption": "Hylätyt rivit aineistoittain",
        "dataset": "Aineisto",
        "rows_read": "Luettuja rivejä",
        "rows_valid": "Hyväksyttyjä",
        "rows_rejected": "Hylättyjä",
        "rows_duplicate": "Kaksoiskappaleita",
        "rejected_rows": "Hylätyt rivit",
        "rejected_caption": "Klusterin hylätyt rivit: korjaa nämä lähdetiedostoihin",
        "no_rejected": "Klusterin riveistä yhtään ei hylätty.",
        "file": "Tiedosto",
        "row": "Rivi",
        "column": "Sarake",
        "problem": "Ongelma",
        "back": "Takaisin koontiraporttiin",
        "criteria_heading": "Kriteerit",
        "report_link": "raportti",
        "accessibility_note": "Verkkosivujen saavutettavuus on tarkistettu automaattisesti; "
        "automaattiset tarkistukset löytävät vain osan WCAG-puutteista.",
        "not_applicable": "–",
        "status_met": "täyttyy",
        "status_partially_met": "täyttyy osittain",
        "status_not_met": "ei täyty",
        "status_insufficient_data": "tiedot eivät riitä arviointiin",
        "verdict_meets": "täyttää kriteerit",
        "verdict_partially_meets": "täyttää kriteerit osittain",
        "verdict_does_not_meet": "ei täytä kriteerejä",
        "clusters_total": "Klustereita",
        "program": "Ohjelmaversio",
        "changes_heading": "Muutokset edelliseen vuosineljännekseen",
        "changes_since": "Muutokset edelliseen vuosineljännekseen ({previous})",
        "no_previous": "Edellisen vuosineljänneksen arviointia ei löytynyt; muutoksia ei voi näyttää.",
        "no_changes": "Ei muutoksia edelliseen vuosineljännekseen.",
        "new_cluster": "uusi klusteri tässä arvioinnissa",
        "changed_clusters_caption": "Klusterit, joiden arvio muuttui",
        "change": "Muutos",
        "trend_heading": "Kehitys vuosineljänneksittäin",
        "trend_caption": "Täyttyneet kriteerit vuosineljänneksittäin (sama tieto kuin kaaviossa)",
        "trend_chart_label": "Kaavio: täyttyneiden kriteerien määrä vuosineljänneksittäin",
        "trend_only_one": "Kehitys näkyy, kun useampi vuosineljännes on arvioitu.",
        "quarter": "Vuosineljännes",
        "met_count": "Täyttyy",
        "partly_count": "Osittain",
        "not_met_count": "Ei täyty",
        "insufficient_count": "Tiedot eivät riitä",
        "dq_cluster_caption": "Hylätyt rivit klustereittain ja aineistoittain",
        "other_language": "In English",
        "other_language_code": "en",
        "pdf_link": "PDF-versio",
        "versions_nav": "Raportin muut versiot",
        "revision": "Versio {number}",
        "revision_heading": "Muutokset edelliseen versioon (versio {previous})",
        "revision_why": "Syy: {changes}.",
        "revision_same_inputs": "Syötteet ja asetukset ovat ennallaan.",
        "input_added": "lisätty {what}",
        "input_removed": "poistettu {what}",
        "input_changed": "muuttunut {what}",
        "configuration_changed": "muuttuneet asetukset ({what})",
        "program_changed": "ohjelmaversio {what}",
        "revision_no_status_change": "Tilat eivät muuttuneet.",
        "criteria_of": "{met}/8 kriteeriä täyttyy",
        "email_subject_cluster": "Klusteriarviointi {period}: {name} – {verdict}",
        "email_subject_portfolio": "Klustereiden arviointi {period}: koontiraportti",
        "email_body_cluster": "Hei,\n\nohessa klusterin {name} arviointi tilanteessa {as_of}: {verdict}.\n"
        "Raportissa on jokaisen kriteerin tila, perustelu, näyttö ja seuraava toimenpide.\n\n"
        "Lapin liitto, klustereiden arviointi",
        "email_body_portfolio": "Hei,\n\nohessa klustereiden koontiraportti tilanteessa {as_of}: "
        "{meets} täyttää kriteerit, {partially} osittain, {does_not} ei täytä.\n\n"
        "Lapin liitto, klustereiden arviointi",
    },
    "en": {
        "portfolio_title": "Cluster evaluation: portfolio report",
        "cluster_title": "Cluster report",
        "period": "Evaluation period",
        "as_of": "As of",
        "window": "Window",
        "generated": "Generated",
        "verdict": "Verdict",
        "cluster": "Cluster",
        "criterion": "Criterion",
        "status": "Status",
        "value": "Measured value",
        "threshold": "Threshold",
        "reason": "Reason",
        "evidence": "Evidence",
        "next_step": "Next step",
        "no_evidence": "No evidence.",
        "counts": "Statuses in total",
        "matrix_caption": "Clusters by criterion",
        "data_quality": "Data quality",
        "dq_caption": "Rows set aside, by dataset",
        "dataset": "Dataset",
        "rows_read": "Rows read",
        "rows_valid": "Valid",
        "rows_rejected": "Set aside",
        "rows_duplicate": "Duplicates",
        "rejected_rows": "Rows set aside",
        "rejected_caption": "The cluster's rows set aside: correct these in the source files",
        "no_rejected": "None of the cluster's rows were set aside.",
        "file": "File",
        "row": "Row",
        "column": "Column",
        "problem": "Problem",
        "back": "Back to the portfolio report",
        "criteria_heading": "Criteria",
        "report_link": "report",
        "accessibility_note": "Website accessibility is checked automatically; automated "
        "checks find only part of WCAG failures.",
        "not_applicable": "–",
        "status_met": "met",
        "status_partially_met": "partially met",
        "status_not_met": "not met",
        "status_insufficient_data": "insufficient data",
        "verdict_meets": "meets the criteria",
        "verdict_partially_meets": "partially meets the criteria",
        "verdict_does_not_meet": "does not meet the criteria",
        "clusters_total": "Clusters",
        "program": "Program version",
        "changes_heading": "Changes since the previous quarter",
        "changes_since": "Changes since the previous quarter ({previous})",
        "no_previous": "No evaluation of the previous quarter was found; changes cannot be shown.",
        "no_changes": "No changes since the previous quarter.",
        "new_cluster": "new cluster in this evaluation",
        "changed_clusters_caption": "Clusters whose evaluation changed",
        "change": "Change",
        "trend_heading": "Trend by quarter",
        "trend_caption": "Criteria met by quarter (the same figures as the chart)",
        "trend_chart_label": "Chart: number of criteria met by quarter",
        "trend_only_one": "The trend shows once more than one quarter has been evaluated.",
        "quarter": "Quarter",
        "met_count": "Met",
        "partly_count": "Partly",
        "not_met_count": "Not met",
        "insufficient_count": "Insufficient data",
        "dq_cluster_caption": "Rows set aside by cluster and dataset",
        "other_language": "Suomeksi",
        "other_language_code": "fi",
        "pdf_link": "PDF version",
        "versions_nav": "Other versions of this report",
        "revision": "Revision {number}",
        "revision_heading": "Changes since the previous revision (revision {previous})",
        "revision_why": "Why: {changes}.",
        "revision_same_inputs": "The inputs and the configuration are the same.",
        "input_added": "added {what}",
        "input_removed": "removed {what}",
        "input_changed": "changed {what}",
        "configuration_changed": "changed configuration ({what})",
        "program_changed": "program {what}",
        "revision_no_status_change": "No status changed.",
        "criteria_of": "{met} of 8 criteria met",
        "email_subject_cluster": "Cluster evaluation {period}: {name} – {verdict}",
        "email_subject_portfolio": "Cluster evaluation {period}: portfolio report",
        "email_body_cluster": "Hello,\n\nattached is the evaluation of {name} as of {as_of}: {verdict}.\n"
        "The report gives each criterion's status, reason, evidence and next step.\n\n"
        "Regional Council of Lapland, cluster evaluation",
        "email_body_portfolio": "Hello,\n\nattached is the portfolio report as of {as_of}: "
        "{meets} meet the criteria, {partially} partially, {does_not} do not.\n\n"
        "Regional Council of Lapland, cluster evaluation",
    },
}

# A symbol beside every status word, so that no status is told by colour alone.
SYMBOLS = {
    "met": "✓",
    "partially_met": "◐",
    "not_met": "✗",
    "insufficient_data": "?",
    "meets": "✓",
    "partially_meets": "◐",
    "does_not_meet": "✗",
}


def message(lang: str, key: str, **values: object) -> str:
    return MESSAGES[lang][key].format(**values) if values else MESSAGES[lang][key]


def format_number(value: float | int, lang: str) -> str:
    """1 234,5 in Finnish (no-break space, decimal comma), 1,234.5 in English."""
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
    if lang == "fi":
        return text.replace(",", "\u00a0").replace(".", ",")
    return text


# The validation problems (schemas/) in Finnish; English is how schemas word them.
_PROBLEMS_FI: list[tuple[str, str]] = [
    (r"^required value is missing$", "pakollinen tieto puuttuu"),
    (r"^not one of: (.*)$", r"ei mikään sallituista: \1"),
    (r"^not a known value$", "tuntematon arvo"),
    (r"^must be (.*) or more$", r"oltava vähintään \1"),
    (r"^must be (.*) or less$", r"oltava enintään \1"),
    (r"^not a date \(write (.*), (.*) or (.*)\)$",
     r"ei päivämäärä (kirjoita \1, \2 tai \3)"),
    (r"^not a whole number$", "ei kokonaisluku"),
    (r"^too large for a count \(at most (.*)\)$", r"liian suuri lukumääräksi (enintään \1)"),
    (r"^(\d+) characters, over the limit of (\d+)$", r"\1 merkkiä, yli rajan \2"),
    (r"^not a number$", "ei luku"),
    (r"^not a yes/no value.*$", "ei kyllä/ei-arvo (kyllä/ei, true/false)"),
    (r"^not a valid Finnish business ID.*$",
     "virheellinen Y-tunnus (muoto 1234567-8, tarkistusnumero tarkistetaan)"),
    (r"^cluster_id is not in the register.*$",
     "klusterin tunnusta ei ole rekisterissä (tai sen rekisteririvi hylättiin)"),
    (r"^exact duplicate of (.*) row (\d+); counted once$",
     r"täsmälleen sama kuin \1 rivi \2; lasketaan kerran"),
    (r"^cluster_id appears earlier in the register.*$",
     "sama klusterin tunnus on rekisterissä aiemmin; ensimmäinen rivi säilytetään"),
    (r"^valid_until is before valid_from$", "voimassa asti on ennen voimassa alkaen -päivää"),
    (r"^participant_companies is greater than participants_total$",
     "yrityksiä on enemmän kuin osallistujia yhteensä"),
    (r"^not a cluster id.*$", "ei kelvollinen klusterin tunnus (pienet kirjaimet a-z, numerot, - ja _; enintään 64 merkkiä)"),
    (r"^not a web address.*$", "ei verkko-osoite (https://esimerkki.fi)"),
    (r"^not in the expected format$", "ei odotetussa muodossa"),
]


def problem_text(problem: str, lang: str) -> str:
    if lang != "fi":
        return problem
    for pattern, replacement in _PROBLEMS_FI:
        if re.match(pattern, problem):
            return re.sub(pattern, replacement, problem)
    return problem
