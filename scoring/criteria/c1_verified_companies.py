"""C1: the cluster includes companies whose participation can be verified (agreements)."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from scoring.context import ClusterContext
from scoring.criteria.common import evidence_rows, facts, insufficient
from scoring.model import CriterionResult, Status
from scoring.rules import C1Rules
from scoring.text import Text, fi_date, plural

ID = "C1"
TITLE = Text(
    fi="Yritysten osallistuminen on todennettavissa",
    en="Companies whose participation can be verified",
)

# Why an agreement does not verify, in the order a reader would fix them.
PROBLEMS = {
    "type": Text(fi="aiesopimus tai muu tyyppi", en="letter of intent or other type"),
    "unsigned": Text(fi="allekirjoittamaton", en="unsigned"),
    "no_evidence": Text(fi="ilman näyttöviitettä", en="without evidence reference"),
    "not_yet": Text(fi="ei vielä voimassa", en="not yet in force"),
    "expired": Text(fi="päättynyt", en="expired"),
}


def threshold(rules: C1Rules) -> Text:
    return Text(
        fi=f"vähintään {rules.met_at} todennettua yritystä (osittain: {rules.partially_met_at})",
        en=f"at least {rules.met_at} verified companies (partly: {rules.partially_met_at})",
    )


def company_key(business_id: object, member_name: object) -> str:
    """Companies are the same by business ID, else by name ignoring case and punctuation."""
    if isinstance(business_id, str) and business_id.strip():
        return business_id.strip()
    name = re.sub(r"[^\w]+", " ", str(member_name).casefold())
    return "name:" + " ".join(name.split())


def company_keys(rows: pd.DataFrame) -> pd.Series:
    """company_key for every row at once."""
    ids = rows["business_id"].fillna("").astype("str").str.strip()
    names = "name:" + rows["member_name"].astype("str").str.casefold().str.replace(
        r"[^\w]+", " ", regex=True).str.split().str.join(" ")
    return ids.where(ids != "", names)


def agreement_problems(rows: pd.DataFrame, rules: C1Rules, as_of: pd.Timestamp) -> pd.Series:
    """Why each agreement does not verify its company (the first reason, in the order of
    PROBLEMS), or None when it does: type, signature, evidence, in force on the as-of date."""
    evidence = rows["evidence_ref"].fillna("").astype("str").str.strip() != ""
    conditions = [
        ~rows["agreement_type"].isin(rules.verifying_agreement_types).to_numpy(),
        rows["signed_on"].isna().to_numpy(),
        ~evidence.to_numpy(),
        (rows["valid_from"] > as_of).fillna(False).to_numpy(dtype=bool),
        (rows["valid_until"] < as_of).fillna(False).to_numpy(dtype=bool),
    ]
    chosen = np.select(conditions, list(PROBLEMS), default="")
    return pd.Series(chosen, index=rows.index, dtype="object").replace("", None)


def verified_companies(ctx: ClusterContext, rules: C1Rules) -> CriterionResult:
    limit = threshold(rules)
    if ctx.agreements.unavailable:
        return insufficient(ID, limit, ctx.agreements)
    as_of = pd.Timestamp(ctx.as_of)
    rows = ctx.agreements.valid()
    # An agreement signed after the as-of date did not exist yet for this period.
    rows = rows[rows["signed_on"].isna() | (rows["signed_on"] <= as_of)]
    companies = rows[rows["actor_type"] == "company"]
    if companies.empty:
        others = len(rows)
        return CriterionResult(
            id=ID,
            status=Status.NOT_MET,
            value=0,
            threshold=limit,
            reason=Text(
                fi=f"Sopimuksissa ei ole yhtään yritystä ({others} sopimusta muiden toimijoiden "
                "kanssa).",
                en=f"No companies among the cluster's agreements ({others} agreements with "
                "other actors).",
            ),
            evidence=evidence_rows(rows, lambda row: facts(row["member_name"],
                                                           row["actor_type"])),
            next_step=_next_step(rules.met_at, unverifiable=False),
        )

    problems = agreement_problems(companies, rules, as_of)
    keys = company_keys(companies)
    keyed = companies.assign(_key=keys, _problem=problems)
    verified_keys = set(keyed.loc[keyed["_problem"].isna(), "_key"])
    unverified = keyed[keyed["_problem"].notna() & ~keyed["_key"].isin(verified_keys)]
    # One reason per company not verified: the first of its agreements' reasons.
    reasons = unverified.drop_duplicates("_key")["_problem"].value_counts()
    count = len(verified_keys)
    listed = keyed["_key"].nunique()

    evidence = evidence_rows(
        keyed.sort_values("_problem", na_position="first"),
        _describe_agreement,
    )
    why = _problem_summary(reasons)
    verified_fi, verified_en = plural(count, "yritys", "yritystä", "company", "companies")
    as_of_fi = fi_date(ctx.as_of)

    if count >= rules.met_at:
        return CriterionResult(
            id=ID,
            status=Status.MET,
            value=count,
            threshold=limit,
            reason=Text(
                fi=f"{verified_fi} on todennettu allekirjoitetuilla, {as_of_fi} voimassa olevilla "
                "sopimuksilla.",
                en=f"{verified_en} verified by signed agreements in force on the as-of date.",
            ),
            evidence=evidence,
        )
    if count >= rules.partially_met_at:
        return CriterionResult(
            id=ID,
            status=Status.PARTIALLY_MET,
            value=count,
            threshold=limit,
            reason=Text(
                fi=f"{verified_fi} todennettu; kriteeri täyttyy {rules.met_at} yrityksellä."
                + (f" Todentamatta: {why.fi}." if why else ""),
                en=f"{verified_en} verified; {rules.met_at} are needed to meet the criterion."
                + (f" Not verifiable: {why.en}." if why else ""),
            ),
            evidence=evidence,
            next_step=_next_step(rules.met_at - count, unverifiable=bool(why)),
        )
    assert why is not None  # companies listed, none verified: each has a reason
    listed_fi, listed_en = plural(listed, "yritys", "yritystä", "company", "companies")
    return CriterionResult(
        id=ID,
        status=Status.NOT_MET,
        value=0,
        threshold=limit,
        reason=Text(
            fi=f"Sopimuksissa on {listed_fi}, mutta yhtäkään ei voi todentaa: {why.fi}.",
            en=f"{listed_en} listed, none verifiable: {why.en}.",
        ),
        evidence=evidence,
        next_step=_next_step(rules.met_at, unverifiable=True),
    )


def _describe_agreement(row: dict[str, Any]) -> str:
    signed, problem = row["signed_on"], row["_problem"]
    return facts(
        row["member_name"], row["business_id"], row["agreement_type"],
        f"signed {signed.date()}" if isinstance(signed, pd.Timestamp) else None,
        row["evidence_ref"],
        "verified" if not isinstance(problem, str) else f"not verified: {PROBLEMS[problem].en}",
    )


def _problem_summary(reasons: pd.Series) -> Text | None:
    if reasons.empty:
        return None
    ordered = [key for key in PROBLEMS if key in reasons.index]
    return Text(
        fi=", ".join(f"{reasons[key]} {PROBLEMS[key].fi}" for key in ordered),
        en=", ".join(f"{reasons[key]} {PROBLEMS[key].en}" for key in ordered),
    )


def _next_step(missing: int, unverifiable: bool) -> Text:
    fix_fi = (
        " tai täydennä nykyiset sopimukset (allekirjoitus, näyttöviite, voimassaolo)"
        if unverifiable
        else ""
    )
    fix_en = (
        ", or complete the existing ones (signature, evidence reference, validity)"
        if unverifiable
        else ""
    )
    return Text(
        fi=f"Hanki allekirjoitettu yhteistyö- tai jäsensopimus näyttöviitteineen vielä "
        f"{missing} yritykseltä{fix_fi}.",
        en=f"Obtain signed cooperation or membership agreements with an evidence reference "
        f"from {missing} more {'company' if missing == 1 else 'companies'}{fix_en}.",
    )
