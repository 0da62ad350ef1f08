"""C7: the cluster's own website with a clear, accessible description of its offer.

Reads the latest website check (recorded by the region's scheduled checks or by hand).
The steps are addressed to the cluster, which runs no checks: they say what to fix and
when the region's next scheduled check will see it. Automated checks find only part of
the accessibility failures, so the wording is "no automatically detectable failures",
never "accessible".
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from scoring.context import ClusterContext
from scoring.criteria.common import (
    facts,
    in_range,
    insufficient,
    is_true,
    judged,
    row_source,
    text_or_none,
)
from scoring.criterion import Criterion
from scoring.grid import RANK, DatedRows, Grid, Inputs, days_of, per_cluster, statuses
from scoring.model import CriterionResult, Evidence, Status
from scoring.period import Period
from scoring.prepared import Prepared, last_rows
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
# What keeps the status past its last day ({date}): the deadline's step (deadlines.py),
# chosen by when the region's next scheduled website check runs (saving_step).
LATE_CHECK = Text(
    fi="Pidä sivusto saatavilla ja korjaa sen puutteet: alueen seuraava ajastettu "
       "verkkosivujen tarkistus on vasta {check}, joten pyydä alueelta tarkistusta "
       "ennen {date}.",
    en="Keep the site available and fix what it lacks: the region's next scheduled "
       "website check is only on {check}, so ask the region for a check before {date}.",
)
# C7 when the region's scheduled website check comes before the drop: it renews the result.
CHECK_RENEWS = Text(
    fi="Alueen ajastettu verkkosivujen tarkistus {check} uusii tuloksen, jos sivusto on "
       "silloin ennallaan tai paremmassa kunnossa: pidä sivusto saatavilla.",
    en="The region's scheduled website check on {check} renews the result if the site is "
       "then as it is now or better: keep the site available.",
)
# C7 when the schedule is not known.
CHECK_UNKNOWN = Text(
    fi="Pidä sivusto saatavilla ja korjaa sen puutteet, ja pyydä alueelta verkkosivujen "
       "tarkistusta ennen {date}.",
    en="Keep the site available, fix what it lacks, and ask the region for a website check "
       "before {date}.",
)


def saving_step(drops_on: date, check: date | None) -> Text:
    """The deadline's step: the region's scheduled check renews the result when it comes
    before the drop; else the cluster asks for one."""
    if check is None:
        return CHECK_UNKNOWN
    return CHECK_RENEWS if check < drops_on else LATE_CHECK

CHECKS = {
    "https": Text(fi="ei HTTPS-yhteyttä", en="not served over HTTPS"),
    "offer_description": Text(fi="tarjonnan kuvausta ei löydy", en="no description of the offer"),
    "accessibility_failures": Text(
        fi="automaattisesti havaittavia saavutettavuusvirheitä",
        en="automatically detectable accessibility failures",
    ),
    "accessibility_statement": Text(
        fi="saavutettavuusselostetta ei ole linkitetty tai siinä ei ole palautekanavaa",
        en="no linked accessibility statement with a feedback channel",
    ),
}
# What the cluster does about each failed check, when the check recorded no page or element.
FIXES = {
    "https": Text(fi="ota käyttöön HTTPS-yhteys", en="serve the site over HTTPS"),
    "offer_description": Text(fi="kuvaa klusterin tarjonta sivustolla",
                              en="describe the cluster's offer on the site"),
    "accessibility_failures": Text(
        fi="korjaa sivuston saavutettavuusvirheet (esimerkiksi kuvien tekstivastineet, "
           "otsikot ja lomakkeiden nimet)",
        en="fix the site's accessibility failures (such as text alternatives of images, "
           "headings and form labels)"),
    "accessibility_statement": Text(
        fi="linkitä sivustolle saavutettavuusseloste, jossa on palautekanava",
        en="link an accessibility statement with a feedback channel on the site"),
}
UNMEASURED = {
    "https": Text(fi="HTTPS", en="HTTPS"),
    "offer_description": Text(fi="tarjonnan kuvaus", en="the description of the offer"),
    "accessibility_failures": Text(fi="saavutettavuusvirheet", en="accessibility failures"),
    "accessibility_statement": Text(fi="saavutettavuusseloste",
                                    en="the accessibility statement"),
}
# Why a site could not be reached, as the check recorded it (`outcome`).
UNREACHABLE = {
    "timeout": Text(fi="ei vastannut aikarajassa", en="did not answer in time"),
    "dns_failure": Text(fi="nimeä ei löytynyt (DNS)", en="its name was not found (DNS)"),
    "tls_error": Text(fi="suojattu yhteys (TLS) epäonnistui", en="the TLS connection failed"),
    "connection_error": Text(fi="yhteys ei auennut", en="no connection could be made"),
    "server_error": Text(fi="palvelin vastasi virheellä", en="the server answered with an error"),
    "http_error": Text(fi="sivu vastasi virheellä", en="the page answered with an error"),
    "redirect_loop": Text(fi="uudelleenohjaukset kiertävät kehää", en="its redirects loop"),
    "too_many_redirects": Text(fi="liikaa uudelleenohjauksia", en="too many redirects"),
    "refused_address": Text(fi="osoite johtaa yksityiseen tai varattuun verkkoon",
                            en="its address leads to a private or reserved network"),
    "unsupported_scheme": Text(fi="osoite ei ole http- tai https-osoite",
                               en="the address is not an http or https address"),
    "oversize": Text(fi="etusivu on suurempi kuin tarkistuksen kokoraja",
                     en="the home page is larger than the check's size limit"),
    "not_html": Text(fi="etusivu ei ole HTML-sivu", en="the home page is not an HTML page"),
}
# Outcomes after which nothing can be said of the site: the check itself was stopped.
NOT_JUDGED = {
    "blocked": Text(fi="sivusto esti automaattisen tarkistuksen",
                    en="the site blocked the automated check"),
    "robots_disallowed": Text(fi="sivuston robots.txt kieltää tarkistuksen",
                              en="the site's robots.txt disallows the check"),
    "check_error": Text(fi="tarkistus keskeytyi virheeseen", en="the check itself failed"),
}


def prepare(datasets: Mapping[str, pd.DataFrame | None], period: Period,
            rules: C7Rules) -> Prepared:
    """Per cluster: the latest website check within `max_check_age_days` of the as-of
    date."""
    rows = datasets.get("website_checks")
    if rows is None:
        return Prepared(pd.DataFrame())
    oldest = period.as_of - timedelta(days=rules.max_check_age_days)
    return Prepared(pd.DataFrame(),
                    last_rows(in_range(rows, "checked_at", oldest, period.as_of),
                              ["checked_at"]))


def _measured(check: Mapping[str, Any]) -> dict[str, bool | None]:
    """Each of the four checks: True passed, False failed, None not measured (an empty
    cell: the check recorded nothing, which is neither a pass nor a failure)."""
    failures = check["accessibility_failures"]

    def flag(value: object) -> bool | None:
        return None if value is None or pd.isna(value) else bool(value)  # type: ignore[call-overload]

    return {
        "https": flag(check["https"]),
        "offer_description": flag(check["offer_description"]),
        "accessibility_failures": None if pd.isna(failures) else bool(failures == 0),
        "accessibility_statement": flag(check["accessibility_statement"]),
    }


def recorded_findings(text: str) -> list[dict[str, Any]]:
    """The `findings` cell: a JSON list (check, page, count, element); rows recorded before
    it was JSON hold 'check (n) @ page: element | ...', read as well as that format allows."""
    if text.startswith("["):
        try:
            items = json.loads(text)
        except ValueError:
            items = None
        if isinstance(items, list):
            return [item for item in items if isinstance(item, dict)]
    found = []
    for item in text.split(" | "):
        what, _, rest = item.partition(" @ ")
        page, _, element = rest.partition(": ")
        found.append({"check": what, "page": page.rstrip(":"), "element": element})
    return found


def _findings(check: Mapping[str, Any], source: str) -> list[Evidence]:
    """The recorded failed checks: 'img_alt (3) · <img src=...>' at their page each."""
    text = text_or_none(check.get("findings"))
    if not text:
        return []
    evidence = []
    for item in recorded_findings(text):
        count = item.get("count")
        what = f"{item.get('check', '')}" + (f" ({count})" if isinstance(count, int)
                                             and count > 1 else "")
        evidence.append(Evidence(str(item.get("page") or source),
                                 facts(what, item.get("element") or None)))
    return evidence


def next_check(ctx: ClusterContext) -> Text:
    """"alueen seuraava ajastettu verkkosivujen tarkistus (1.10.2026)", in the object case
    the steps need ("before the region's next scheduled website check")."""
    day = ctx.next_website_check
    return Text(fi="alueen seuraavaa ajastettua verkkosivujen tarkistusta"
                + (f" ({fi_date(day)})" if day else ""),
                en="the region's next scheduled website check"
                + (f" ({en_date(day)})" if day else ""))


def recheck_step(ctx: ClusterContext) -> Text:
    """The step when no check measured everything: the cluster cannot run one itself."""
    before = next_check(ctx)
    return Text(fi="Varmista, että sivusto on julkisesti saatavilla ja sen osoite on oikein "
                   f"klusterirekisterissä ennen {before.fi}.",
                en="Make sure the site is publicly available and its address in the cluster "
                   f"register is right before {before.en}.")


def website(ctx: ClusterContext, rules: C7Rules,
            status: Status | None = None) -> CriterionResult:
    """Explain the status `judge` gave (judged here when called alone): which case the
    latest check is, in words, with its evidence and the step for the cluster."""
    status = status or judged(ctx, rules, measure, judge)
    url = text_or_none(ctx.register_value("website_url"))
    if url is None and "website_url" not in ctx.absent_register_columns:
        return CriterionResult(
            ID, status, None, THRESHOLD,
            Text(fi="Klusterirekisterissä ei ole verkkosivuston osoitetta.",
                 en="The register gives no website for the cluster."),
            (Evidence(ctx.register_source("website_url"), "website_url = (empty)"),),
            Text(fi="Avaa klusterille oma verkkosivusto ja kirjaa sen osoite rekisteriin.",
                 en="Open a website of the cluster's own and record its address in the register."),
        )
    if ctx.website_checks.unavailable:
        # The region runs the checks: the cluster's step is its site, not the data.
        return insufficient(ID, THRESHOLD, ctx.website_checks, next_step=recheck_step(ctx))
    prepared = ctx.prepare(ID, lambda: prepare({"website_checks": ctx.website_checks.valid()},
                                               ctx.period, rules))
    recent = prepared.evidence_of(ctx.cluster_id)
    recheck = recheck_step(ctx)
    before = next_check(ctx)
    if not recent:
        return CriterionResult(
            ID, status, None, THRESHOLD,
            Text(
                fi=f"Verkkosivustoa ei ole tarkistettu {rules.max_check_age_days} päivän aikana "
                f"ennen {fi_date(ctx.as_of)}.",
                en=f"The website was not checked in the {rules.max_check_age_days} days before "
                "the as-of date.",
            ),
            next_step=recheck,
        )
    check = recent[-1]
    source = row_source(check)
    checked = check["checked_at"].date()
    recorded = text_or_none(check.get("outcome"))  # hand-recorded checks have none
    outcome = recorded or ("ok" if is_true(check["reachable"]) else "")
    detail = text_or_none(check.get("outcome_detail"))
    evidence = [
        Evidence(source, facts(checked, check["url"] if pd.notna(check["url"]) else url,
                               f"HTTP {check['status_code']}" if pd.notna(check["status_code"])
                               else None, outcome if outcome not in ("ok", "") else None,
                               detail)),
    ]
    if outcome in NOT_JUDGED:
        return CriterionResult(
            ID, status, None, THRESHOLD,
            Text(fi=f"Tarkistuksessa {fi_date(checked)} {NOT_JUDGED[outcome].fi}.",
                 en=f"When checked on {en_date(checked)}, {NOT_JUDGED[outcome].en}."),
            tuple(evidence),
            Text(fi="Pyydä sivuston ylläpitoa sallimaan tarkistus (User-Agent "
                 f"clustereval-website-check) ennen {before.fi}.",
                 en="Ask the site's host to allow the check (User-Agent "
                 f"clustereval-website-check) before {before.en}."),
        )
    if not is_true(check["reachable"]):
        why = UNREACHABLE.get(outcome, Text(fi="ei vastannut", en="did not respond"))
        return CriterionResult(
            ID, status, 0, THRESHOLD,
            Text(fi=f"Verkkosivusto ei ollut saatavilla tarkistuksessa {fi_date(checked)}: "
                 f"{why.fi}.",
                 en=f"The website was not reachable when checked on {en_date(checked)}: "
                 f"{why.en}."),
            tuple(evidence),
            Text(fi=f"Korjaa sivuston saatavuus ennen {before.fi}.",
                 en=f"Make the website reachable again before {before.en}."),
        )
    measured = _measured(check)
    failed = [name for name, ok in measured.items() if ok is False]
    unknown = [name for name, ok in measured.items() if ok is None]
    evidence += [
        Evidence(source, f"{name}: {_word(ok)}"
                 + (f" ({check['accessibility_failures']})"
                    if name == "accessibility_failures" and pd.notna(check[name]) else ""))
        for name, ok in measured.items()
    ]
    findings = _findings(check, source)
    evidence += findings
    if not failed and not unknown:
        return CriterionResult(
            ID, status, len(measured), THRESHOLD,
            Text(
                fi="Sivusto toimii HTTPS-yhteydellä, kuvaa tarjontansa, linkittää "
                "saavutettavuusselosteen, eikä automaattisesti havaittavia "
                "saavutettavuusvirheitä löytynyt.",
                en="The site is served over HTTPS, describes its offer, links an accessibility "
                "statement, and no automatically detectable accessibility failures were found.",
            ),
            tuple(evidence),
        )
    unchecked = Text(fi=", ".join(UNMEASURED[name].fi for name in unknown),
                     en=", ".join(UNMEASURED[name].en for name in unknown))
    if not failed:  # nothing failed, but not everything was checked: no verdict either way
        return CriterionResult(
            ID, status, None, THRESHOLD,
            Text(fi=f"Sivusto vastaa, mutta tarkistus ei mitannut: {unchecked.fi}.",
                 en=f"The site responds, but the check did not measure: {unchecked.en}."),
            tuple(evidence), recheck,
        )
    also = (Text(fi=f" Ei mitattu: {unchecked.fi}.", en=f" Not measured: {unchecked.en}.")
            if unknown else Text(fi="", en=""))
    return CriterionResult(
        ID, status, len(measured) - len(failed) - len(unknown), THRESHOLD,
        Text(
            fi=f"Sivusto vastaa, mutta: {', '.join(CHECKS[name].fi for name in failed)}."
            + also.fi,
            en=f"The site responds, but: {', '.join(CHECKS[name].en for name in failed)}."
            + also.en,
        ),
        tuple(evidence),
        # A step points only at evidence that is there: the pages and elements when the
        # check recorded them, else the failed checks themselves.
        Text(fi=f"Korjaa näytössä luetellut kohdat (sivu ja elementti) ennen {before.fi}.",
             en=f"Fix the items listed in the evidence (page and element) before {before.en}.")
        if findings else
        Text(fi=f"Ennen {before.fi}: {'; '.join(FIXES[name].fi for name in failed)}.",
             en=f"Before {before.en}: {'; '.join(FIXES[name].en for name in failed)}."),
    )


def _word(ok: bool | None) -> str:
    return "not measured" if ok is None else "pass" if ok else "fail"


def judged_checks(rows: pd.DataFrame) -> np.ndarray:
    """What each recorded check says of the site, row by row: insufficient data when the
    check was stopped or measured too little, not met when the site did not respond,
    partially met when a measured check failed, else met."""
    def flag(column: str) -> pd.Series:
        return rows[column].astype("boolean")

    failures = rows["accessibility_failures"]
    measured = [flag("https"), flag("offer_description"),
                (failures == 0).astype("boolean").where(failures.notna()),
                flag("accessibility_statement")]
    failed = np.zeros(len(rows), dtype=bool)
    unknown = np.zeros(len(rows), dtype=bool)
    for values in measured:
        failed |= (values == False).fillna(False).to_numpy(dtype=bool)  # noqa: E712
        unknown |= values.isna().to_numpy(dtype=bool)
    stopped = rows["outcome"].isin(list(NOT_JUDGED)).to_numpy(dtype=bool)
    reachable = (rows["reachable"] == True).fillna(False).to_numpy(dtype=bool)  # noqa: E712
    return statuses([(stopped, Status.INSUFFICIENT_DATA), (~reachable, Status.NOT_MET),
                     (failed, Status.PARTIALLY_MET), (unknown, Status.INSUFFICIENT_DATA)],
                    Status.MET)


def measure(inputs: Inputs, grid: Grid, rules: C7Rules) -> pd.DataFrame:
    """Per pair: what the latest check within `max_check_age_days` of its day says."""
    rows = inputs.datasets.get("website_checks")
    url = inputs.register_column("website_url")
    no_url = ~(url.notna() & (url.astype("str").str.strip() != "")).to_numpy(dtype=bool)
    found = np.full(len(grid), -1, dtype="int8")  # no recent check
    if rows is not None and not rows.empty:
        latest = DatedRows(inputs, rows, "checked_at").latest_until(grid, grid.days)
        checked = days_of(rows["checked_at"])
        recent = (latest >= 0) & (checked[latest] >= grid.days - rules.max_check_age_days)
        found[recent] = judged_checks(rows)[latest[recent]]
    return pd.DataFrame({
        "no_url": per_cluster(no_url & ~inputs.absent("website_url"), grid),
        "unavailable": per_cluster(inputs.unavailable("website_checks"), grid),
        "latest": found})


def judge(measured: pd.DataFrame, rules: C7Rules) -> np.ndarray:
    """No address: not met; no check within the age limit: insufficient data; else what
    the check says (judged_checks)."""
    latest = measured["latest"].to_numpy()
    missing = measured["unavailable"].to_numpy() | (latest < 0)
    return np.where(measured["no_url"].to_numpy(), RANK[Status.NOT_MET],
                    np.where(missing, RANK[Status.INSUFFICIENT_DATA], latest)).astype("int8")


# The declaration the engine, the forecast and the reports read (scoring/criterion.py).
CRITERION = Criterion(
    "C7", TITLE, website, "c7_website",
    prepare=prepare, reads=("website_checks",), measure=measure, judge=judge,
    save_step=saving_step, register_columns=("website_url",),
)
