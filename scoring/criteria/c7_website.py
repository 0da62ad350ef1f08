"""C7: the cluster's own website with a clear, accessible description of its offer.

Reads the latest website check (recorded by the region's scheduled checks or by hand).
The steps are addressed to the cluster, which runs no checks: they say what to fix and
when the region's next scheduled check will see it. Automated checks find only part of
the accessibility failures, so the wording is "no automatically detectable failures",
never "accessible".
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from scoring.context import ClusterContext
from scoring.criteria.c7_findings import findings_evidence
from scoring.criteria.common import (
    in_range,
    insufficient,
    is_true,
    judged,
    text_or_none,
)
from scoring.criterion import Criterion
from scoring.grid import RANK, DatedRows, Grid, Inputs, days_of, per_cluster, statuses
from scoring.model import CriterionResult, Evidence, Status
from scoring.period import Period
from scoring.prepared import Prepared, last_rows
from scoring.rules import C7Rules
from scoring.text import Code, Column, Message, say

ID = "C7"
TITLE = say("c7_title")
THRESHOLD = say("c7_threshold")
# What keeps the status past its last day ({date}): the deadline's step (deadlines.py),
# chosen by when the region's next scheduled website check ({check}) runs (saving_step).
LATE_CHECK = say("c7_save_late_check")
# C7 when the region's scheduled website check comes before the drop: it renews the result.
CHECK_RENEWS = say("c7_save_check_renews")
# C7 when the schedule is not known.
CHECK_UNKNOWN = say("c7_save_check_unknown")
# The register's empty website_url, as the evidence says it (C7 and the ECCP's site).
EMPTY_URL = say("ev_value", column=Column("website_url"), value=say("ev_empty"))


def saving_step(drops_on: date, check: date | None) -> Message:
    """The deadline's step: the region's scheduled check renews the result when it comes
    before the drop; else the cluster asks for one."""
    if check is None:
        return CHECK_UNKNOWN
    return CHECK_RENEWS if check < drops_on else LATE_CHECK


# Each failed check as a clause of the reason ("The site responds, but ...").
CHECKS = {
    "https": say("c7_failed_https"),
    "offer_description": say("c7_failed_offer_description"),
    "accessibility_failures": say("c7_failed_accessibility_failures"),
    "accessibility_statement": say("c7_failed_accessibility_statement"),
}
# What the cluster does about each failed check, when the check recorded no page or element.
FIXES = {
    "https": say("c7_fix_https"),
    "offer_description": say("c7_fix_offer_description"),
    "accessibility_failures": say("c7_fix_accessibility_failures"),
    "accessibility_statement": say("c7_fix_accessibility_statement"),
}
# What the check did not measure, as the object of "the check did not measure ...".
UNMEASURED = {
    "https": say("c7_unmeasured_https"),
    "offer_description": say("c7_unmeasured_offer_description"),
    "accessibility_failures": say("c7_unmeasured_accessibility_failures"),
    "accessibility_statement": say("c7_unmeasured_accessibility_statement"),
}
# Why a site could not be reached, as the check recorded it (`outcome`): a clause of
# "... was not reachable ..., because ...".
UNREACHABLE = {
    "timeout": say("c7_unreachable_timeout"),
    "dns_failure": say("c7_unreachable_dns_failure"),
    "tls_error": say("c7_unreachable_tls_error"),
    "connection_error": say("c7_unreachable_connection_error"),
    "server_error": say("c7_unreachable_server_error"),
    "http_error": say("c7_unreachable_http_error"),
    "redirect_loop": say("c7_unreachable_redirect_loop"),
    "too_many_redirects": say("c7_unreachable_too_many_redirects"),
    "refused_address": say("c7_unreachable_refused_address"),
    "unsupported_scheme": say("c7_unreachable_unsupported_scheme"),
    "oversize": say("c7_unreachable_oversize"),
    "not_html": say("c7_unreachable_not_html"),
}
UNREACHABLE_UNKNOWN = say("c7_unreachable_unknown")
# Outcomes after which nothing can be said of the site: the check itself was stopped.
NOT_JUDGED = {
    "blocked": say("c7_not_judged_blocked"),
    "robots_disallowed": say("c7_not_judged_robots_disallowed"),
    "check_error": say("c7_not_judged_check_error"),
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


def next_check(ctx: ClusterContext) -> Message:
    """"alueen seuraava ajastettu verkkosivujen tarkistus (1.10.2026)", in the object case
    the steps need ("before the region's next scheduled website check")."""
    day = ctx.next_website_check
    return say("c7_next_check_on", date=day) if day else say("c7_next_check")


def recheck_step(ctx: ClusterContext) -> Message:
    """The step when no check measured everything: the cluster cannot run one itself."""
    return say("c7_recheck_step", before=next_check(ctx))


def _one_by_one(steps: list[Message]) -> Message:
    """The fixes one after another, "a; b; c": a fix may hold a list of its own."""
    joined = steps[0]
    for step in steps[1:]:
        joined = say("c7_fixes_join", first=joined, second=step)
    return joined


def website(ctx: ClusterContext, rules: C7Rules,
            status: Status | None = None) -> CriterionResult:
    """Explain the status `judge` gave (judged here when called alone): which case the
    latest check is, in words, with its evidence and the step for the cluster."""
    status = status or judged(ctx, rules, measure, judge)
    url = text_or_none(ctx.register_value("website_url"))
    if url is None and "website_url" not in ctx.absent_register_columns:
        return CriterionResult(
            ID, status, None, THRESHOLD, say("c7_no_url"),
            (ctx.register_evidence("website_url", EMPTY_URL),),
            say("c7_no_url_step"),
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
            say("c7_not_checked", count=rules.max_check_age_days, date=ctx.as_of),
            next_step=recheck,
        )
    check = recent[-1]
    checked = check["checked_at"].date()
    recorded = text_or_none(check.get("outcome"))  # hand-recorded checks have none
    outcome = recorded or ("ok" if is_true(check["reachable"]) else "")
    detail = text_or_none(check.get("outcome_detail"))
    evidence = [
        Evidence.of_row(check, checked, check["url"] if pd.notna(check["url"]) else url,
                        say("ev_http_status", count=int(check["status_code"]))
                        if pd.notna(check["status_code"]) else None,
                        Code(outcome) if outcome not in ("ok", "") else None, detail),
    ]
    if outcome in NOT_JUDGED:
        return CriterionResult(
            ID, status, None, THRESHOLD,
            say("c7_stopped", date=checked, why=NOT_JUDGED[outcome]),
            tuple(evidence),
            say("c7_allow_check_step", before=before),
        )
    if not is_true(check["reachable"]):
        return CriterionResult(
            ID, status, 0, THRESHOLD,
            say("c7_unreachable", date=checked,
                why=UNREACHABLE.get(outcome, UNREACHABLE_UNKNOWN)),
            tuple(evidence),
            say("c7_reachable_step", before=before),
        )
    measured = _measured(check)
    failed = [name for name, ok in measured.items() if ok is False]
    unknown = [name for name, ok in measured.items() if ok is None]
    evidence += [Evidence.of_row(check, _check_line(name, ok, check[name]))
                 for name, ok in measured.items()]
    findings = findings_evidence(check)
    evidence += findings
    if not failed and not unknown:
        return CriterionResult(
            ID, status, len(measured), THRESHOLD, say("c7_all_passed"), tuple(evidence))
    unchecked = [UNMEASURED[name] for name in unknown]
    if not failed:  # nothing failed, but not everything was checked: no verdict either way
        return CriterionResult(
            ID, status, None, THRESHOLD, say("c7_unmeasured", unmeasured=unchecked),
            tuple(evidence), recheck,
        )
    shortfalls = [CHECKS[name] for name in failed]
    return CriterionResult(
        ID, status, len(measured) - len(failed) - len(unknown), THRESHOLD,
        say("c7_failed_unmeasured", failed=shortfalls, unmeasured=unchecked) if unknown
        else say("c7_failed", failed=shortfalls),
        tuple(evidence),
        # A step points only at evidence that is there: the pages and elements when the
        # check recorded them, else the failed checks themselves.
        say("c7_fix_listed_step", before=before) if findings else
        say("c7_fixes_step", before=before, fixes=_one_by_one([FIXES[name] for name in failed])),
    )


def _check_line(name: str, ok: bool | None, cell: object) -> Message:
    """'https: pass', 'accessibility_failures: fail (3)', 'offer_description: not measured'."""
    result = say("ev_not_measured") if ok is None else Code("pass" if ok else "fail")
    if name == "accessibility_failures" and pd.notna(cell):  # type: ignore[call-overload]
        return say("ev_check_count", column=Column(name), result=result,
                   count=int(cell))  # type: ignore[call-overload]
    return say("ev_check", column=Column(name), result=result)


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
