"""The data contracts: one pandera model per dataset, as in CONTRACT.md.

Types here are the parsed types (schemas/parsing.py turns the text cells into
them first); `nullable=False` marks a required column. Cross-field rules are
dataframe checks whose `error` text is the problem reported to the user; the
column each one blames is in CROSS_FIELD_COLUMNS.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.business_id import valid_business_ids
from schemas.problems import ENGLISH

# At most 64 characters: the id names files (cluster-<id>.html, its PDF, its website
# check), and a file name longer than the file system's 255 bytes cannot be published.
SLUG = r"^[a-z0-9][a-z0-9_-]{0,63}$"
WEB_ADDRESS = r"^(https?://)?[^\s/:]+\.[^\s]+$"
LABELS = ["none", "bronze", "silver", "gold"]
ACTOR_TYPES = ["company", "research", "public", "other"]
SIZE_CLASSES = ["micro", "small", "medium", "large", "unknown"]
AGREEMENT_TYPES = ["cooperation", "membership", "letter_of_intent", "other"]
ACTIVITY_KINDS = ["event", "service", "knowledge", "training", "matchmaking", "working_group",
                  "project", "other"]
AUDIENCES = ["members", "mixed", "public"]
DIALOGUE_KINDS = ["steering_group", "needs_survey", "interview", "workshop", "feedback",
                  "meeting", "newsletter", "other"]
EVALUATION_KINDS = ["self_assessment", "member_survey", "external", "label_assessment", "other"]
WEBSITE_OUTCOMES = ["ok", "timeout", "dns_failure", "tls_error", "connection_error",
                    "server_error", "http_error", "blocked", "redirect_loop",
                    "too_many_redirects", "oversize", "not_html", "refused_address",
                    "unsupported_scheme", "robots_disallowed", "check_error"]

DUPLICATE_CLUSTER_ID = ENGLISH["duplicate_cluster_id"]
VALID_UNTIL_BEFORE_FROM = ENGLISH["valid_until_before_from"]
MORE_COMPANIES_THAN_PARTICIPANTS = ENGLISH["more_companies_than_participants"]
SCORE_OVER_MAXIMUM = ENGLISH["score_over_maximum"]
DECISIONS = ["accepted", "rejected", "pending"]
DECIDED_STATUSES = ["met", "partially_met", "not_met"]
KNOWN_CRITERION = "known_criterion"


def criterion_ids() -> list[str]:
    """The criteria's ids, from their declaration (scoring/criteria): one list, not two.
    Imported when asked: the schemas come before the scoring."""
    from scoring.criteria import TITLES

    return list(TITLES)
ACCEPTED_WITHOUT_STATUS = ENGLISH["accepted_without_status"]
ACCEPTED_WITHOUT_VALID_UNTIL = ENGLISH["accepted_without_valid_until"]
DECIDED_WITHOUT_DATE = ENGLISH["decided_without_date"]
VALID_UNTIL_BEFORE_DECIDED = ENGLISH["valid_until_before_decided"]
BAD_BUSINESS_ID = ENGLISH["bad_business_id"]

CROSS_FIELD_COLUMNS = {
    VALID_UNTIL_BEFORE_FROM: "valid_until",
    MORE_COMPANIES_THAN_PARTICIPANTS: "participant_companies",
    SCORE_OVER_MAXIMUM: "score",
    ACCEPTED_WITHOUT_STATUS: "status",
    ACCEPTED_WITHOUT_VALID_UNTIL: "valid_until",
    DECIDED_WITHOUT_DATE: "decided_on",
    VALID_UNTIL_BEFORE_DECIDED: "valid_until",
}


class _Contract(pa.DataFrameModel):
    class Config:
        strict = False  # the provenance columns _file and _row ride along
        coerce = False  # parsing happened already; a wrong type is a bug, not bad input


class Clusters(_Contract):
    cluster_id: Series[str] = pa.Field(str_matches=SLUG)
    name: Series[str]
    leader_name: Series[str] = pa.Field(nullable=True)
    leader_role: Series[str] = pa.Field(nullable=True)
    leader_since: Series[pa.DateTime] = pa.Field(nullable=True)
    strategy_ref: Series[str] = pa.Field(nullable=True)
    strategy_approved_on: Series[pa.DateTime] = pa.Field(nullable=True)
    strategy_valid_until: Series[pa.DateTime] = pa.Field(nullable=True)
    plan_ref: Series[str] = pa.Field(nullable=True)
    plan_approved_on: Series[pa.DateTime] = pa.Field(nullable=True)
    plan_valid_until: Series[pa.DateTime] = pa.Field(nullable=True)
    website_url: Series[str] = pa.Field(nullable=True, str_matches=WEB_ADDRESS)
    steering_group_companies: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    management_fte: Series[float] = pa.Field(nullable=True, ge=0)
    label: Series[str] = pa.Field(nullable=True, isin=LABELS)
    label_awarded_on: Series[pa.DateTime] = pa.Field(nullable=True)
    label_valid_until: Series[pa.DateTime] = pa.Field(nullable=True)

    @pa.check("cluster_id", name="unique_cluster_id", error=DUPLICATE_CLUSTER_ID)
    def _unique(cls, ids: Series[str]) -> pd.Series:
        return ~ids.duplicated(keep="first")


class Agreements(_Contract):
    cluster_id: Series[str]
    member_name: Series[str]
    business_id: Series[str] = pa.Field(nullable=True)
    actor_type: Series[str] = pa.Field(nullable=True, isin=ACTOR_TYPES)
    size_class: Series[str] = pa.Field(nullable=True, isin=SIZE_CLASSES)
    agreement_type: Series[str] = pa.Field(nullable=True, isin=AGREEMENT_TYPES)
    signed_on: Series[pa.DateTime] = pa.Field(nullable=True)
    valid_from: Series[pa.DateTime] = pa.Field(nullable=True)
    valid_until: Series[pa.DateTime] = pa.Field(nullable=True)
    evidence_ref: Series[str] = pa.Field(nullable=True)

    @pa.check("business_id", name="business_id_check_digit", error=BAD_BUSINESS_ID)
    def _business_id(cls, ids: Series[str]) -> pd.Series:
        return valid_business_ids(ids)

    @pa.dataframe_check(name="valid_until_after_from", error=VALID_UNTIL_BEFORE_FROM)
    def _validity(cls, frame: pd.DataFrame) -> pd.Series:
        return (
            frame["valid_until"].isna()
            | frame["valid_from"].isna()
            | (frame["valid_until"] >= frame["valid_from"])
        )


class Activities(_Contract):
    cluster_id: Series[str]
    date: Series[pa.DateTime]
    kind: Series[str] = pa.Field(nullable=True, isin=ACTIVITY_KINDS)
    title: Series[str]
    audience: Series[str] = pa.Field(nullable=True, isin=AUDIENCES)
    participants_total: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    participant_companies: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    evidence_ref: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check(name="companies_within_participants",
                        error=MORE_COMPANIES_THAN_PARTICIPANTS)
    def _companies(cls, frame: pd.DataFrame) -> pd.Series:
        total, companies = frame["participants_total"], frame["participant_companies"]
        return (total.isna() | companies.isna() | (companies <= total)).astype(bool)


class Dialogue(_Contract):
    cluster_id: Series[str]
    date: Series[pa.DateTime]
    kind: Series[str] = pa.Field(nullable=True, isin=DIALOGUE_KINDS)
    companies_involved: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    summary: Series[str] = pa.Field(nullable=True)


class Evaluations(_Contract):
    cluster_id: Series[str]
    date: Series[pa.DateTime]
    kind: Series[str] = pa.Field(nullable=True, isin=EVALUATION_KINDS)
    evaluator: Series[str] = pa.Field(nullable=True)
    result_ref: Series[str] = pa.Field(nullable=True)


class WebsiteChecks(_Contract):
    cluster_id: Series[str]
    checked_at: Series[pa.DateTime]
    url: Series[str] = pa.Field(nullable=True)
    reachable: Series[pd.BooleanDtype]
    status_code: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=100, le=599)
    https: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    offer_description: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    accessibility_failures: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    accessibility_statement: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    # Written by `clustereval check-websites`; optional in hand-recorded checks.
    outcome: Series[str] = pa.Field(nullable=True, isin=WEBSITE_OUTCOMES)
    outcome_detail: Series[str] = pa.Field(nullable=True)
    final_url: Series[str] = pa.Field(nullable=True)
    response_ms: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    http_redirects_to_https: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    english_version: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    engine: Series[str] = pa.Field(nullable=True)
    pages_checked: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    failed_checks: Series[str] = pa.Field(nullable=True)
    findings: Series[str] = pa.Field(nullable=True)
    detail_file: Series[str] = pa.Field(nullable=True)


class LabelIndicators(_Contract):
    """A cluster's Gold self-assessment or an assessor's scores: one row per indicator and
    assessment (the latest on or before the as-of date counts)."""

    cluster_id: Series[str]
    indicator: Series[str]
    score: Series[float] = pa.Field(ge=0)
    max_score: Series[float] = pa.Field(gt=0)
    assessed_on: Series[pa.DateTime]
    assessed_by: Series[str] = pa.Field(nullable=True)
    evidence_ref: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check(name="score_within_maximum", error=SCORE_OVER_MAXIMUM)
    def _within(cls, frame: pd.DataFrame) -> pd.Series:
        score, top = frame["score"], frame["max_score"]
        return (score.isna() | top.isna() | (score <= top)).astype(bool)


class Decisions(_Contract):
    """The right of reply: the region's decision on a cluster's dispute of a criterion."""

    cluster_id: Series[str]
    criterion: Series[str]
    decision: Series[str] = pa.Field(isin=DECISIONS)
    status: Series[str] = pa.Field(nullable=True, isin=DECIDED_STATUSES)
    reason: Series[str]
    reply_ref: Series[str] = pa.Field(nullable=True)
    decided_by: Series[str] = pa.Field(nullable=True)
    decided_on: Series[pa.DateTime] = pa.Field(nullable=True)
    valid_until: Series[pa.DateTime] = pa.Field(nullable=True)

    @pa.check("criterion", name=KNOWN_CRITERION)
    def _known(cls, ids: Series[str]) -> pd.Series:
        return ids.isin(criterion_ids())

    @pa.dataframe_check(name="accepted_has_status", error=ACCEPTED_WITHOUT_STATUS)
    def _status(cls, frame: pd.DataFrame) -> pd.Series:
        return ((frame["decision"] != "accepted") | frame["status"].notna()).astype(bool)

    @pa.dataframe_check(name="accepted_has_valid_until", error=ACCEPTED_WITHOUT_VALID_UNTIL)
    def _until(cls, frame: pd.DataFrame) -> pd.Series:
        return ((frame["decision"] != "accepted") | frame["valid_until"].notna()).astype(bool)

    @pa.dataframe_check(name="decided_has_date", error=DECIDED_WITHOUT_DATE)
    def _dated(cls, frame: pd.DataFrame) -> pd.Series:
        return ((frame["decision"] == "pending") | frame["decided_on"].notna()).astype(bool)

    @pa.dataframe_check(name="valid_until_after_decided", error=VALID_UNTIL_BEFORE_DECIDED)
    def _order(cls, frame: pd.DataFrame) -> pd.Series:
        return (frame["valid_until"].isna() | frame["decided_on"].isna()
                | (frame["valid_until"] >= frame["decided_on"])).astype(bool)


MODELS: dict[str, type[_Contract]] = {
    "clusters": Clusters,
    "agreements": Agreements,
    "activities": Activities,
    "dialogue": Dialogue,
    "evaluations": Evaluations,
    "website_checks": WebsiteChecks,
    "label_indicators": LabelIndicators,
    "decisions": Decisions,
}
REQUIRED_DATASETS = ("clusters",)
# The coded-value domain in config/columns.yaml for each (dataset, column).
VALUE_DOMAINS = {
    ("clusters", "label"): "label",
    ("agreements", "actor_type"): "actor_type",
    ("agreements", "size_class"): "size_class",
    ("agreements", "agreement_type"): "agreement_type",
    ("activities", "kind"): "activity_kind",
    ("activities", "audience"): "audience",
    ("dialogue", "kind"): "dialogue_kind",
    ("evaluations", "kind"): "evaluation_kind",
    ("website_checks", "outcome"): "website_outcome",
    ("decisions", "decision"): "decision",
    ("decisions", "status"): "decided_status",
    ("decisions", "criterion"): "criterion",
}
