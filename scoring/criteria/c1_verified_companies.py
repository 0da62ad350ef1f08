"""C1: the cluster includes companies whose participation can be verified (agreements)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from scoring.context import ClusterContext
from scoring.criteria.common import coded, evidence_rows, insufficient, judged
from scoring.criterion import Criterion
from scoring.grid import (
    LAST_DAY,
    NO_DAY,
    Grid,
    Inputs,
    covering,
    days_of,
    merge_intervals,
    per_cluster,
    statuses,
)
from scoring.model import CriterionResult, Status
from scoring.period import Period
from scoring.prepared import Prepared, first_rows
from scoring.rules import C1Rules
from scoring.text import Message, say, span

ID = "C1"
TITLE = say("c1_title")
# What keeps the status past its last day ({date}): the deadline's step (deadlines.py).
SAVE_STEP = say("c1_save_step")

# Why an agreement does not verify, in the order a reader would fix them (the words:
# c1_why_<key> in the reason, why_<key> in the evidence).
PROBLEMS = ("type", "unsigned", "no_evidence", "not_yet", "expired")


def threshold(rules: C1Rules) -> Message:
    return say("c1_threshold", count=rules.met_at,
               partly=span(rules.partially_met_at, rules.met_at - 1))


def company_key(business_id: object, member_name: object) -> str:
    """Companies are the same by business ID, else by name ignoring case and punctuation."""
    if isinstance(business_id, str) and business_id.strip():
        return business_id.strip()
    name = re.sub(r"[^\w]+", " ", str(member_name).casefold())
    return "name:" + " ".join(name.split())


def _ids_and_names(rows: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    ids = rows["business_id"].fillna("").astype("str").str.strip()
    # Every run of other characters became one space: only the ends are left to trim.
    names = "name:" + rows["member_name"].astype("str").str.casefold().str.replace(
        r"[^\w]+", " ", regex=True).str.strip()
    return ids, names


def company_keys(rows: pd.DataFrame, known: pd.DataFrame | None = None) -> pd.Series:
    """company_key for every row at once. A row without a business ID whose name is the
    name of a row of the same cluster that has one (in `known`, default `rows`) is that
    company: one company, counted once, however its agreements name it."""
    ids, names = _ids_and_names(rows)
    source = rows if known is None else known
    known_ids, known_names = _ids_and_names(source)
    named = pd.DataFrame({"cluster_id": source["cluster_id"].astype("str").to_numpy(),
                          "name": known_names.to_numpy(), "id": known_ids.to_numpy()})
    named = named[named["id"] != ""].drop_duplicates(["cluster_id", "name"])
    lookup = pd.DataFrame({"cluster_id": rows["cluster_id"].astype("str").to_numpy(),
                           "name": names.to_numpy()}).merge(
        named, on=["cluster_id", "name"], how="left")["id"].fillna("").to_numpy()
    by_name = pd.Series(lookup, index=rows.index, dtype="str")
    return ids.where(ids != "", by_name.where(by_name != "", names))


def agreement_problems(rows: pd.DataFrame, verifying_types: list[str],
                       as_of: pd.Timestamp) -> pd.Series:
    """Why each agreement does not verify its company (the first reason, in the order of
    PROBLEMS), or None when it does: type, signature, evidence, in force on the as-of date."""
    evidence = rows["evidence_ref"].fillna("").astype("str").str.strip() != ""
    conditions = [
        ~rows["agreement_type"].isin(verifying_types).to_numpy(),
        rows["signed_on"].isna().to_numpy(),
        ~evidence.to_numpy(),
        (rows["valid_from"] > as_of).fillna(False).to_numpy(dtype=bool),
        (rows["valid_until"] < as_of).fillna(False).to_numpy(dtype=bool),
    ]
    chosen = np.select(conditions, list(PROBLEMS), default="")
    return pd.Series(chosen, index=rows.index, dtype="object").replace("", None)


def prepare(datasets: Mapping[str, pd.DataFrame | None], period: Period,
            rules: C1Rules) -> Prepared:
    """Per cluster: agreements that existed on the as-of date, companies listed and
    verified, and for each reason how many unverified companies it stops (a company's
    first agreement's reason). Evidence: the companies' agreements, verified first; for a
    cluster without companies, its other agreements."""
    rows = datasets.get("agreements")
    columns = ["agreements", "company_agreements", "listed", "verified",
               *(f"why_{p}" for p in PROBLEMS)]
    if rows is None:
        return Prepared(pd.DataFrame(columns=columns))
    as_of = pd.Timestamp(period.as_of)
    # An agreement signed after the as-of date did not exist yet for this period.
    rows = rows[(rows["signed_on"].isna() | (rows["signed_on"] <= as_of)).to_numpy(dtype=bool)]
    is_company = (rows["actor_type"] == "company").fillna(False).to_numpy(dtype=bool)
    companies = rows[is_company]
    keyed = companies.assign(_key=company_keys(companies, rows),
                             _problem=agreement_problems(companies, rules.verifying_agreement_types,
                                                         as_of))
    pairs = keyed[["cluster_id", "_key"]]
    verified = pairs[keyed["_problem"].isna().to_numpy()].drop_duplicates()
    numbers = pd.DataFrame({
        "agreements": rows.groupby("cluster_id", sort=False).size(),
        "company_agreements": companies.groupby("cluster_id", sort=False).size(),
        "listed": pairs.drop_duplicates().groupby("cluster_id", sort=False).size(),
        "verified": verified.groupby("cluster_id", sort=False).size(),
    })
    # One reason per company not verified: the first of its agreements' reasons.
    unverified = keyed[keyed["_problem"].notna().to_numpy()].merge(
        verified.assign(_verified=True), on=["cluster_id", "_key"], how="left")
    first = unverified[unverified["_verified"].isna()].drop_duplicates(["cluster_id", "_key"])
    reasons = first.groupby(["cluster_id", "_problem"]).size().unstack(fill_value=0)
    for problem in PROBLEMS:
        numbers[f"why_{problem}"] = reasons.get(problem, 0)
    numbers = numbers.fillna(0).astype("int64")
    # The reasons sort as the words they are, a verified agreement (no reason) first.
    ordered = keyed.assign(_order=keyed["_problem"].fillna(""))
    evidence = first_rows(ordered, ["_order"])
    without_companies = ~rows["cluster_id"].isin(set(companies["cluster_id"])).to_numpy()
    evidence.update(first_rows(rows[without_companies], []))
    return Prepared(numbers, evidence)


def verified_companies(ctx: ClusterContext, rules: C1Rules,
                       status: Status | None = None) -> CriterionResult:
    """Explain the status `judge` gave (judged here when called alone): the reason,
    evidence and next step for the as-of date."""
    status = status or judged(ctx, rules, measure, judge)
    limit = threshold(rules)
    if status is Status.INSUFFICIENT_DATA:
        return insufficient(ID, limit, ctx.agreements)
    prepared = ctx.prepare(ID, lambda: prepare({"agreements": ctx.agreements.valid()},
                                               ctx.period, rules))
    numbers = prepared.numbers_of(ctx.cluster_id)
    evidence_rows_of_cluster = prepared.evidence_of(ctx.cluster_id)
    if not numbers["listed"]:
        others = numbers["agreements"]
        return CriterionResult(
            id=ID,
            status=status,
            value=0,
            threshold=limit,
            reason=say("c1_no_companies", count=others),
            evidence=evidence_rows(evidence_rows_of_cluster, lambda row: (
                row["member_name"], coded(row["actor_type"])), others),
            next_step=_next_step(rules.met_at, unverifiable=False),
        )
    count, listed = numbers["verified"], numbers["listed"]
    reasons = {problem: numbers[f"why_{problem}"] for problem in PROBLEMS
               if numbers[f"why_{problem}"]}
    evidence = evidence_rows(evidence_rows_of_cluster, _describe_agreement,
                             numbers["company_agreements"])
    why = _problem_summary(reasons)

    if status is Status.MET:
        return CriterionResult(
            id=ID,
            status=Status.MET,
            value=count,
            threshold=limit,
            reason=say("c1_met", count=count, as_of=ctx.as_of),
            evidence=evidence,
        )
    if status is Status.PARTIALLY_MET:
        return CriterionResult(
            id=ID,
            status=Status.PARTIALLY_MET,
            value=count,
            threshold=limit,
            reason=say("c1_partly", count=count, needed=rules.met_at) if why is None
            else say("two_sentences", first=say("c1_partly", count=count, needed=rules.met_at),
                     second=say("c1_not_verifiable", why=why)),
            evidence=evidence,
            next_step=_next_step(rules.met_at - count, unverifiable=bool(why)),
        )
    assert why is not None  # companies listed, none verified: each has a reason
    return CriterionResult(
        id=ID,
        status=Status.NOT_MET,
        value=0,
        threshold=limit,
        reason=say("c1_none_verifiable", count=listed, why=why),
        evidence=evidence,
        next_step=_next_step(rules.met_at, unverifiable=True),
    )


def _describe_agreement(row: dict[str, Any]) -> tuple[object, ...]:
    signed, problem = row["signed_on"], row["_problem"]
    return (
        row["member_name"], row["business_id"], coded(row["agreement_type"]),
        say("ev_signed", date=signed.date()) if isinstance(signed, pd.Timestamp) else None,
        row["evidence_ref"],
        say("ev_verified") if not isinstance(problem, str)
        else say("ev_not_verified", why=say(f"why_{problem}")),
    )


def _problem_summary(reasons: dict[str, int]) -> tuple[Message, ...] | None:
    """How many agreements each reason leaves unverified, in PROBLEMS' order."""
    if not reasons:
        return None
    return tuple(say(f"c1_why_{key}", count=reasons[key]) for key in PROBLEMS if key in reasons)


def _next_step(missing: int, unverifiable: bool) -> Message:
    return say("c1_next_step_or_complete" if unverifiable else "c1_next_step", count=missing)


def measure(inputs: Inputs, grid: Grid, rules: C1Rules) -> pd.DataFrame:
    """Per pair: the distinct companies verified on its day. An agreement verifies its
    company from the later of its signing and its start to its end, when its type, its
    signature and its evidence reference hold; a company's intervals are merged first, so
    that it counts once however many of its agreements are in force."""
    rows = inputs.datasets.get("agreements")
    measured = pd.DataFrame({"unavailable": per_cluster(inputs.unavailable("agreements"), grid),
                             "verified": np.zeros(len(grid), dtype="int64")})
    if rows is None or rows.empty:
        return measured
    codes = inputs.codes_of(rows["cluster_id"])
    signed, start, end = (days_of(rows[c]) for c in ("signed_on", "valid_from", "valid_until"))
    evidence = rows["evidence_ref"].fillna("").astype("str").str.strip() != ""
    ok = ((codes >= 0) & (rows["actor_type"] == "company").fillna(False).to_numpy(dtype=bool)
          & rows["agreement_type"].isin(rules.verifying_agreement_types).to_numpy(dtype=bool)
          & (signed != NO_DAY) & evidence.to_numpy(dtype=bool))
    first = np.maximum(signed, start)[ok]
    last = np.where(end == NO_DAY, LAST_DAY, end)[ok]
    keep = first <= last
    keys = company_keys(rows[ok], rows)
    intervals = pd.DataFrame({"code": codes[ok][keep], "key": keys[keep]
                              .to_numpy(), "first": first[keep], "last": last[keep]})
    merged = merge_intervals(intervals)
    measured["verified"] = covering(merged, grid)
    return measured


def judge(measured: pd.DataFrame, rules: C1Rules) -> np.ndarray:
    count = measured["verified"].to_numpy()
    return statuses([(measured["unavailable"].to_numpy(), Status.INSUFFICIENT_DATA),
                     (count >= rules.met_at, Status.MET),
                     (count >= rules.partially_met_at, Status.PARTIALLY_MET)], Status.NOT_MET)


# The declaration the engine, the forecast and the reports read (scoring/criterion.py).
CRITERION = Criterion(
    "C1", TITLE, verified_companies, "c1_verified_companies",
    prepare=prepare, reads=("agreements",), measure=measure, judge=judge, save_step=SAVE_STEP,
)
