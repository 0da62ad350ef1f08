"""C7: the cluster's own website with a clear, accessible description of its offer.

Automated checks find only part of the accessibility failures, so the wording is
"no automatically detectable failures", never "accessible".
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from scoring.context import ClusterContext
from scoring.criteria.common import (
    facts,
    in_range,
    insufficient,
    is_true,
    row_source,
    text_or_none,
)
from scoring.model import CriterionResult, Evidence, Status
from scoring.rules import C7Rules
from scoring.text import Text, en_date, fi_date

ID = "C7"
TITLE = Text(
    fi="Oma verkkosivusto, jolla selkeä ja saavutettava kuvaus klusterin tarjonnasta",
    en="Own website with a clear, accessible description of the offer",
)
THRESHOLD = Text(
    fi="4/4: HTTPS, tarjonta kuvattu, ei automaattisesti havaittavia saavutettavuusvirheitä, "
    "saavutettavuusseloste linkitetty",
    en="4 of 4: HTTPS, offer described, no automatically detectable accessibility failures, "
    "accessibility statement linked",
)

CHECKS = {
    "https": Text(fi="ei HTTPS-yhteyttä", en="not served over HTTPS"),
    "offer_description": Text(fi="tarjonnan kuvausta ei löydy", en="no description of the offer"),
    "accessibility_failures": Text(
        fi="automaattisesti havaittavia saavutettavuusvirheitä",
        en="automatically detectable accessibility failures",
    ),
    "accessibility_statement": Text(
        fi="saavutettavuusselostetta ei ole linkitetty", en="no linked accessibility statement"
    ),
}


def _passed(check: pd.Series) -> dict[str, bool]:
    failures = check["accessibility_failures"]
    return {
        "https": is_true(check["https"]),
        "offer_description": is_true(check["offer_description"]),
        "accessibility_failures": bool(pd.notna(failures) and failures == 0),
        "accessibility_statement": is_true(check["accessibility_statement"]),
    }


def website(ctx: ClusterContext, rules: C7Rules) -> CriterionResult:
    url = text_or_none(ctx.register_value("website_url"))
    if url is None and "website_url" not in ctx.absent_register_columns:
        return CriterionResult(
            ID,
            Status.NOT_MET,
            None,
            THRESHOLD,
            Text(fi="Klusterirekisterissä ei ole verkkosivuston osoitetta.",
                 en="The register gives no website for the cluster."),
            (Evidence(ctx.register_source("website_url"), "website_url = (empty)"),),
            Text(fi="Avaa klusterille oma verkkosivusto ja kirjaa sen osoite rekisteriin.",
                 en="Open a website of the cluster's own and record its address in the register."),
        )
    if ctx.website_checks.unavailable:
        return insufficient(ID, THRESHOLD, ctx.website_checks)
    oldest = ctx.as_of - timedelta(days=rules.max_check_age_days)
    recent = in_range(ctx.website_checks.valid(), "checked_at", oldest, ctx.as_of)
    if recent.empty:
        return CriterionResult(
            ID,
            Status.INSUFFICIENT_DATA,
            None,
            THRESHOLD,
            Text(
                fi=f"Verkkosivustoa ei ole tarkistettu {rules.max_check_age_days} päivän aikana "
                f"ennen {fi_date(ctx.as_of)}.",
                en=f"The website was not checked in the {rules.max_check_age_days} days before "
                "the as-of date.",
            ),
            next_step=Text(fi="Aja verkkosivujen tarkistus (clustereval check-websites).",
                           en="Run the website checks (clustereval check-websites)."),
        )
    check = recent.sort_values(["checked_at", "_row"]).iloc[-1]
    source = row_source(check)
    checked = check["checked_at"].date()
    evidence = (
        Evidence(source, facts(checked, check["url"] if pd.notna(check["url"]) else url,
                               f"HTTP {check['status_code']}" if pd.notna(check["status_code"])
                               else None)),
    )
    if not is_true(check["reachable"]):
        return CriterionResult(
            ID,
            Status.NOT_MET,
            0,
            THRESHOLD,
            Text(fi=f"Verkkosivusto ei vastannut tarkistuksessa {fi_date(checked)}.",
                 en=f"The website did not respond when checked on {en_date(checked)}."),
            evidence,
            Text(fi="Korjaa sivuston saatavuus ja pyydä uusi tarkistus.",
                 en="Make the website reachable again and ask for a new check."),
        )
    passed = _passed(check)
    failed = [name for name, ok in passed.items() if not ok]
    details = [
        Evidence(source, f"{name}: {'pass' if ok else 'fail'}"
                 + (f" ({check['accessibility_failures']} failures)"
                    if name == "accessibility_failures" and pd.notna(check[name]) else ""))
        for name, ok in passed.items()
    ]
    if not failed:
        return CriterionResult(
            ID,
            Status.MET,
            len(passed),
            THRESHOLD,
            Text(
                fi="Sivusto toimii HTTPS-yhteydellä, kuvaa tarjontansa, linkittää "
                "saavutettavuusselosteen, eikä automaattisesti havaittavia "
                "saavutettavuusvirheitä löytynyt.",
                en="The site is served over HTTPS, describes its offer, links an accessibility "
                "statement, and no automatically detectable accessibility failures were found.",
            ),
            (*evidence, *details),
        )
    return CriterionResult(
        ID,
        Status.PARTIALLY_MET,
        len(passed) - len(failed),
        THRESHOLD,
        Text(
            fi=f"Sivusto vastaa, mutta: {', '.join(CHECKS[name].fi for name in failed)}.",
            en=f"The site responds, but: {', '.join(CHECKS[name].en for name in failed)}.",
        ),
        (*evidence, *details),
        Text(
            fi="Korjaa luetellut puutteet (HTTPS, tarjonnan kuvaus, saavutettavuusvirheet, "
            "saavutettavuusseloste) ja pyydä uusi tarkistus.",
            en="Fix the listed shortcomings (HTTPS, offer description, accessibility failures, "
            "accessibility statement) and ask for a new check.",
        ),
    )
