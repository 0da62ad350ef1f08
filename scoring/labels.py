"""Beyond the eight: is the cluster eligible for an ECCP listing (which every European
cluster label needs first), and is the label it holds still valid?

Like the criteria: pure, numbers prepared for the whole portfolio in one pass per
dataset, each requirement a status with value, threshold, reason, evidence and next
step, and `insufficient_data` (never a silent pass or fail) when the data it needs was
not supplied or all the cluster's rows were set aside. Never a prediction of ESCA's
decision: the reports say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd

from scoring.context import ClusterContext, DatasetRows
from scoring.criteria.c1_verified_companies import agreement_problems, company_keys
from scoring.criteria.c7_website import EMPTY_URL, recheck_step
from scoring.criteria.common import as_date, coded, iso_or_none, row_source, why_unavailable
from scoring.evidence import Evidence
from scoring.model import CriterionResult, Status
from scoring.period import Period, months_before
from scoring.prepared import Prepared, all_rows, first_rows, last_rows
from scoring.rules import EccpRules, LabelRules
from scoring.text import Code, Column, ConfigName, Message, counted, say

ELIGIBLE, NOT_ELIGIBLE, UNKNOWN = "eligible", "not_eligible", "unknown"


# An ECCP requirement has a criterion's shape: status, value, threshold, reason, evidence,
# next step (and the same keys in results.json).
Requirement = CriterionResult


@dataclass(frozen=True)
class LabelValidity:
    level: str | None  # none, bronze, silver, gold; None when the register does not say
    awarded_on: date | None
    valid_until: date | None
    validity: str  # valid, expires_soon, expired, none, unknown
    reason: Message
    next_step: Message | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "level": self.level, "awarded_on": iso_or_none(self.awarded_on),
            "valid_until": iso_or_none(self.valid_until), "validity": self.validity,
            "reason": self.reason, "next_step": self.next_step,
        }


@dataclass(frozen=True)
class GoldIndicatorView:
    id: str
    area: str
    name: ConfigName  # the indicator's name in labels.yaml, in both languages: data, not a sentence
    score: float | None
    max_score: float
    assessed_on: date | None
    assessed_by: str | None
    evidence_ref: str | None
    source: str | None  # the score's row
    own_data: Message | None  # what the cluster's own data says (C3: met, 12 members...)
    state: str  # scored, no_evidence (a score without a document), not_scored

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "area": self.area, "name": self.name, "score": self.score,
                "max_score": self.max_score, "assessed_on": iso_or_none(self.assessed_on),
                "assessed_by": self.assessed_by, "evidence_ref": self.evidence_ref,
                "source": self.source, "own_data": self.own_data, "state": self.state}


@dataclass(frozen=True)
class GoldReadiness:
    """A self-assessment readiness view: the latest score of each catalogue indicator as a
    share of the maximum, against the threshold. Never ESCA's decision."""

    status: str  # assessed, no_assessment, insufficient_data
    score: float | None
    max_score: float
    threshold: float
    indicators: tuple[GoldIndicatorView, ...]
    unknown_indicators: tuple[str, ...]  # scored, but not in the catalogue: not counted
    reason: Message

    @property
    def share(self) -> float | None:
        if self.score is None or not self.max_score:
            return None
        return round(self.score / self.max_score, 4)

    @property
    def missing_evidence(self) -> list[str]:
        return [i.id for i in self.indicators if i.state != "scored"]

    def as_dict(self) -> dict[str, object]:
        return {"status": self.status, "score": self.score, "max_score": self.max_score,
                "share": self.share, "threshold": self.threshold,
                "meets_threshold": None if self.share is None
                else self.share >= self.threshold,
                "reason": self.reason,
                "indicators": [i.as_dict() for i in self.indicators],
                "missing_evidence": self.missing_evidence,
                "unknown_indicators": list(self.unknown_indicators)}


@dataclass(frozen=True)
class RoadToLabel:
    requirements: tuple[Requirement, ...]
    label: LabelValidity
    gold: GoldReadiness | None = None

    @property
    def eccp_status(self) -> str:
        statuses = [requirement.status for requirement in self.requirements]
        if any(status is Status.NOT_MET for status in statuses):
            return NOT_ELIGIBLE
        if all(status is Status.MET for status in statuses):
            return ELIGIBLE
        return UNKNOWN

    def as_dict(self) -> dict[str, object]:
        return {"eccp": {"status": self.eccp_status,
                         "requirements": [r.as_dict() for r in self.requirements]},
                "label": self.label.as_dict(),
                "gold": self.gold.as_dict() if self.gold is not None else None}


def committed_members(agreements: pd.DataFrame, as_of: date,
                      rules: EccpRules) -> pd.DataFrame:
    """The agreements that commit a member on the as-of date: C1's notion of verified (a
    cooperation or membership agreement signed by then, with an evidence reference, in
    force), for every actor type. Each member once (business ID, else name)."""
    day = pd.Timestamp(as_of)
    signed = agreements[(agreements["signed_on"] <= day).fillna(False).to_numpy(dtype=bool)]
    rows = signed[agreement_problems(signed, rules.committing_agreement_types, day)
                  .isna().to_numpy()]
    return rows.assign(_member=company_keys(rows)).drop_duplicates(["cluster_id", "_member"])


def prepare(datasets: Mapping[str, pd.DataFrame | None], period: Period,
            rules: LabelRules) -> Prepared:
    """Per cluster: committed members, their types and companies; activities in the
    window; evidence: the committed members' agreements and the latest website check."""
    numbers = pd.DataFrame(index=pd.Index([], name="cluster_id", dtype="str"))
    evidence: dict[str, list[dict[str, Any]]] = {}
    agreements = datasets.get("agreements")
    if agreements is not None:
        members = committed_members(agreements, period.as_of, rules.eccp)
        grouped = members.groupby("cluster_id", sort=False)
        numbers = pd.DataFrame({
            "members": grouped.size(),
            "member_types": grouped["actor_type"].nunique(),
            "companies": members[members["actor_type"] == "company"]
            .groupby("cluster_id", sort=False).size(),
        })
        evidence.update({f"members:{k}": v for k, v in first_rows(members, []).items()})
        types = members.groupby(["cluster_id", "actor_type"], sort=True).size().reset_index()
        for cluster, actor, count in types.itertuples(index=False):
            evidence.setdefault(f"types:{cluster}", []).append({"actor_type": actor,
                                                                "members": int(count)})
    activities = datasets.get("activities")
    if activities is not None:
        start, end = pd.Timestamp(period.window_start), pd.Timestamp(period.as_of)
        within = activities[((activities["date"] >= start) & (activities["date"] <= end))
                            .to_numpy(dtype=bool)]
        numbers = numbers.join(within.groupby("cluster_id", sort=False).size()
                               .rename("activities"), how="outer")
        evidence.update({f"activities:{k}": v for k, v in first_rows(within, ["date"]).items()})
    scores = datasets.get("label_indicators")
    if scores is not None:
        until = scores[(scores["assessed_on"] <= pd.Timestamp(period.as_of)).to_numpy(dtype=bool)]
        latest = until.sort_values(["cluster_id", "indicator", "assessed_on", "_row"],
                                   kind="stable").groupby(["cluster_id", "indicator"],
                                                          sort=False).tail(1)
        evidence.update({f"gold:{k}": v for k, v in all_rows(latest).items()})
    checks = datasets.get("website_checks")
    if checks is not None:
        until = checks[(checks["checked_at"] <= pd.Timestamp(period.as_of)).to_numpy(dtype=bool)]
        evidence.update({f"check:{k}": v for k, v in last_rows(until, ["checked_at"]).items()})
    numbers = numbers.reindex(columns=["members", "member_types", "companies", "activities"])
    return Prepared(numbers.fillna(0).astype("int64"), evidence)


PREPARED_KEY = "labels"


def road_to_label(ctx: ClusterContext, rules: LabelRules,
                  criteria: tuple[CriterionResult, ...] = ()) -> RoadToLabel:
    """`criteria`: the cluster's eight results, which Gold indicators cite as evidence."""
    prepared = ctx.prepare(PREPARED_KEY, lambda: prepare(
        {name: None if rows.unavailable else rows.valid() for name, rows in
         (("agreements", ctx.agreements), ("activities", ctx.activities),
          ("website_checks", ctx.website_checks),
          ("label_indicators", ctx.label_indicators))}, ctx.period, rules))
    numbers = prepared.numbers_of(ctx.cluster_id)
    eccp = rules.eccp
    requirements = (
        _management_fte(ctx, eccp),
        *_members(ctx, eccp, numbers, prepared),
        _english_site(ctx, prepared),
        _activities(ctx, eccp, numbers, prepared),
    )
    return RoadToLabel(requirements, label_validity(ctx, rules),
                       gold_readiness(ctx, rules, prepared, numbers, criteria))


def _own_data(source: str | None, ctx: ClusterContext, numbers: dict[str, Any],
              criteria: tuple[CriterionResult, ...]) -> Message | None:
    """What the cluster's own data says for an indicator ("C5: partially met")."""
    if source is None:
        return None
    statuses = {c.id: c.status.value for c in criteria}
    if source in statuses:
        return say("ev_pair", name=source, value=Code(statuses[source]))
    if source == "committed_members" and not ctx.agreements.unavailable:
        return say("ev_committed_members", count=int(numbers["members"]))
    if source == "company_share" and not ctx.agreements.unavailable:
        return say("ev_company_share",
                   share=f"{int(numbers['companies'])}/{int(numbers['members'])}")
    if source == "management_fte" and ctx.register_value("management_fte") is not None:
        return say("ev_pair", name=Column("management_fte"),
                   value=_number(float(ctx.register_value("management_fte"))))  # type: ignore[arg-type]
    return None


def gold_readiness(ctx: ClusterContext, rules: LabelRules, prepared: Prepared,
                   numbers: dict[str, Any], criteria: tuple[CriterionResult, ...]
                   ) -> GoldReadiness:
    gold = rules.gold
    rows = ctx.label_indicators
    latest = {str(row["indicator"]): row for row in prepared.evidence_of(f"gold:{ctx.cluster_id}")}
    known = {indicator.id for indicator in gold.indicators}
    views = []
    for indicator in gold.indicators:
        row = latest.get(indicator.id)
        evidence_ref = row.get("evidence_ref") if row else None
        views.append(GoldIndicatorView(
            indicator.id, indicator.area, ConfigName(fi=indicator.fi, en=indicator.en),
            float(row["score"]) if row else None,
            float(row["max_score"]) if row else indicator.max_score,
            as_date(row["assessed_on"]) if row else None,
            row.get("assessed_by") if row else None, evidence_ref,
            row_source(row) if row else None, _own_data(indicator.supported_by, ctx, numbers,
                                                        criteria),
            "not_scored" if row is None else "scored" if evidence_ref else "no_evidence"))
    unknown = tuple(sorted(set(latest) - known))
    top = sum(view.max_score for view in views)
    if rows.frame is None:
        return GoldReadiness(
            "no_assessment", None, top, gold.threshold_share, tuple(views), (),
            say("gold_reason_no_assessment", dataset=say("dataset_label_indicators")))
    if rows.all_rejected:
        return GoldReadiness(
            "insufficient_data", None, top, gold.threshold_share, tuple(views), (),
            say("gold_reason_set_aside"))
    scored = [view for view in views if view.score is not None]
    total = sum(view.score for view in scored if view.score is not None)
    share = total / top if top else 0.0
    # Counted as the table below marks them: scored without evidence apart from not
    # scored, so that the sentence and the table agree.
    no_evidence = sum(1 for view in views if view.state == "no_evidence")
    not_scored = sum(1 for view in views if view.state == "not_scored")
    threshold = _number(round(gold.threshold_share * 100))
    if not scored:  # "evidence on every scored indicator" would be true of none
        return GoldReadiness(
            "assessed", total, top, gold.threshold_share, tuple(views), unknown,
            say("gold_reason_none_scored", top=_number(top), threshold=threshold))
    return GoldReadiness(
        "assessed", total, top, gold.threshold_share, tuple(views), unknown,
        say("gold_reason_assessed", total=_number(total), top=_number(top),
            share=_number(round(share * 100, 1)),
            threshold=threshold,
            missing=counted("gold_missing_evidence", no_evidence),
            unscored=counted("gold_not_scored", not_scored)))


def _not_supplied(requirement: str, threshold: Message, rows: DatasetRows,
                  next_step: Message) -> Requirement:
    """The criteria's own sentence: the dataset not supplied, or its rows all set aside."""
    return Requirement(requirement, Status.INSUFFICIENT_DATA, None, threshold,
                       why_unavailable(rows), next_step=next_step)


def _management_fte(ctx: ClusterContext, rules: EccpRules) -> Requirement:
    least = rules.min_management_fte
    threshold = say("eccp_fte_threshold", fte=_number(least))
    column = say("col_management_fte")
    value = ctx.register_value("management_fte")
    if value is None:
        absent = "management_fte" in ctx.absent_register_columns
        return Requirement("eccp_fte", Status.INSUFFICIENT_DATA, None, threshold,
                           say("eccp_fte_no_column" if absent else "eccp_fte_empty",
                               column=column),
                           next_step=say("eccp_fte_record", column=column))
    fte = float(value)  # type: ignore[arg-type]
    evidence = (ctx.register_evidence("management_fte", say(
        "ev_value", column=Column("management_fte"), value=_number(fte))),)
    if fte >= least:
        return Requirement("eccp_fte", Status.MET, fte, threshold,
                           say("eccp_fte_met", fte=_number(fte)), evidence)
    return Requirement(
        "eccp_fte", Status.NOT_MET, fte, threshold,
        say("eccp_fte_below", fte=_number(fte)), evidence,
        say("eccp_fte_step_one") if least == 1 else say("eccp_fte_step", fte=_number(least)))


def _member_evidence(prepared: Prepared, cluster_id: str) -> tuple[Evidence, ...]:
    return tuple(Evidence.of_row(row, row.get("member_name"), row.get("business_id"),
                                 coded(row.get("actor_type")), coded(row.get("agreement_type")))
                 for row in prepared.evidence_of(f"members:{cluster_id}"))


def _members(ctx: ClusterContext, rules: EccpRules, numbers: dict[str, Any],
             prepared: Prepared) -> tuple[Requirement, Requirement, Requirement]:
    add = say("eccp_members_record")
    thresholds = (
        say("eccp_members_threshold", count=rules.min_committed_members),
        say("eccp_types_threshold", count=rules.min_member_types),
        say("eccp_majority_threshold"),
    )
    ids = ("eccp_members", "eccp_member_types", "eccp_company_majority")
    if ctx.agreements.unavailable:
        return tuple(_not_supplied(i, t, ctx.agreements, add)  # type: ignore[return-value]
                     for i, t in zip(ids, thresholds, strict=True))
    evidence = _member_evidence(prepared, ctx.cluster_id)
    # The types and the share rest on the same agreements: counted, not listed again.
    per_type = tuple(Evidence("agreements", facts=(say(
        "ev_pair", name=Code(str(row["actor_type"])), value=int(row["members"])),))
                     for row in prepared.evidence_of(f"types:{ctx.cluster_id}"))
    members, types, companies = (int(numbers["members"]), int(numbers["member_types"]),
                                 int(numbers["companies"]))
    enough = members >= rules.min_committed_members
    count = Requirement(
        ids[0], Status.MET if enough else Status.NOT_MET, members, thresholds[0],
        counted("eccp_members_reason", members), evidence, None if enough else add)
    varied = types >= rules.min_member_types
    kinds = Requirement(
        ids[1], Status.MET if varied else Status.NOT_MET, types, thresholds[1],
        counted("eccp_types_reason", types), per_type,
        None if varied else say("eccp_types_step"))
    majority = companies * 2 > members if rules.company_majority else True
    share = Requirement(
        ids[2], Status.MET if majority else Status.NOT_MET, f"{companies}/{members}",
        thresholds[2],
        say("eccp_majority_reason", count=companies, members=members), per_type,
        None if majority else say("eccp_majority_step"))
    return count, kinds, share


def _english_site(ctx: ClusterContext, prepared: Prepared) -> Requirement:
    threshold = say("eccp_site_threshold")
    url = ctx.register_value("website_url")
    if url is None and "website_url" not in ctx.absent_register_columns:
        # No address: the answer is known, as C7 says on the same page.
        return Requirement(
            "eccp_english_site", Status.NOT_MET, None, threshold,
            say("eccp_site_no_address"),
            (ctx.register_evidence("website_url", EMPTY_URL),),
            say("eccp_site_open_step"))
    recheck = recheck_step(ctx)
    if ctx.website_checks.unavailable:
        return _not_supplied("eccp_english_site", threshold, ctx.website_checks, recheck)
    checks = prepared.evidence_of(f"check:{ctx.cluster_id}")
    value = checks[-1].get("english_version") if checks else None
    if value is None:
        return Requirement(
            "eccp_english_site", Status.INSUFFICIENT_DATA, None, threshold,
            say("eccp_site_not_checked"), next_step=recheck)
    check = checks[-1]
    evidence = (Evidence.of_row(check, as_date(check["checked_at"]), check.get("url"), say(
        "ev_value", column=Column("english_version"), value=bool(value))),)
    if bool(value):
        return Requirement("eccp_english_site", Status.MET, "yes", threshold,
                           say("eccp_site_met"), evidence)
    return Requirement(
        "eccp_english_site", Status.NOT_MET, "no", threshold,
        say("eccp_site_missing"), evidence, say("eccp_site_publish_step"))


def _activities(ctx: ClusterContext, rules: EccpRules, numbers: dict[str, Any],
                prepared: Prepared) -> Requirement:
    threshold = say("eccp_activities_threshold", count=rules.min_activities)
    log = say("eccp_activities_record")
    if ctx.activities.unavailable:
        return _not_supplied("eccp_activities", threshold, ctx.activities, log)
    count = int(numbers["activities"])
    evidence = tuple(Evidence.of_row(row, as_date(row["date"]), row.get("title"))
                     for row in prepared.evidence_of(f"activities:{ctx.cluster_id}"))
    met = count >= rules.min_activities
    return Requirement(
        "eccp_activities", Status.MET if met else Status.NOT_MET, count, threshold,
        counted("eccp_activities_reason", count, start=ctx.period.window_start,
                end=ctx.as_of),
        evidence, None if met else say("eccp_activities_step"))


def label_validity(ctx: ClusterContext, rules: LabelRules) -> LabelValidity:
    """The label held on the as-of date: valid, expires_soon (within the warning months),
    expired (valid until before the as-of date), none; unknown when the register does not
    say which label or until when."""
    level = ctx.register_value("label")
    awarded = as_date(ctx.register_value("label_awarded_on"))
    until = as_date(ctx.register_value("label_valid_until"))
    if level is None:
        return LabelValidity(None, awarded, until, "unknown",
                             say("label_reason_unknown", column=say("col_label")),
                             say("label_step_record"))
    level = str(level)
    if level == "none":
        return LabelValidity("none", None, None, "none", say("label_reason_none"),
                             say("label_step_start"))
    name = say(f"level_{level}")  # the register's levels: schemas.models.LABELS
    if until is None:
        return LabelValidity(level, awarded, None, "unknown",
                             say("label_reason_not_recorded", name=name),
                             say("label_step_record_validity",
                                 column=say("col_label_valid_until")))
    as_of = ctx.as_of
    # One rule, said once: while the label is valid, renew it before it ends; once it has
    # ended, the renewal is due within renew_within_months of its end.
    if until < as_of:
        renew_by = months_before(until, -rules.renew_within_months)
        return LabelValidity(
            level, awarded, until, "expired",
            say("label_reason_expired", name=name, date=until),
            say("label_step_renew", date=renew_by, count=rules.renew_within_months))
    warning_from = months_before(until, rules.expiry_warning_months)
    soon = as_of >= warning_from
    step = _next_label_step(level, until, rules)
    return LabelValidity(
        level, awarded, until, "expires_soon" if soon else "valid",
        say("label_reason_expires_soon" if soon else "label_reason_valid", name=name,
            date=until),
        step)


def _next_label_step(level: str, until: date, rules: LabelRules) -> Message:
    if level == "bronze":
        return say("label_step_silver", date=until)
    if level == "silver":
        gold = rules.gold
        return say("label_step_gold", indicators=gold.label_indicator_count,
                   share=round(gold.threshold_share * 100), held=len(gold.indicators),
                   date=until)
    return say("label_step_renew_gold", date=until)


def _number(value: float) -> Decimal:
    """A score, a share or full-time equivalents as written, in the language's digits
    (0,25; 80; 1,5): a float would be said with one decimal."""
    return Decimal(f"{value:g}")
