"""C8: the cluster's activities are evaluated regularly."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from scoring.context import ClusterContext
from scoring.criteria.common import coded, insufficient, judged, not_after
from scoring.criterion import Criterion
from scoring.grid import NO_DAY, DatedRows, Grid, Inputs, days_of, per_cluster, statuses
from scoring.model import CriterionResult, Evidence, Status
from scoring.period import Period
from scoring.prepared import Prepared, last_rows
from scoring.rules import C8Rules
from scoring.text import Message, say

ID = "C8"
TITLE = say("c8_title")
# What keeps the status past its last day ({date}): the deadline's step (deadlines.py).
SAVE_STEP = say("c8_save_step")


def threshold(rules: C8Rules) -> Message:
    return say("c8_threshold", met=rules.met_within_months,
               partly=rules.partially_met_within_months)


def prepare(datasets: Mapping[str, pd.DataFrame | None], period: Period,
            rules: C8Rules) -> Prepared:
    """Per cluster: the latest evaluation on or before the as-of date."""
    rows = datasets.get("evaluations")
    if rows is None:
        return Prepared(pd.DataFrame())
    return Prepared(pd.DataFrame(), last_rows(not_after(rows, "date", period.as_of), ["date"]))


def regular_evaluation(ctx: ClusterContext, rules: C8Rules,
                       status: Status | None = None) -> CriterionResult:
    """Explain the status `judge` gave (judged here when called alone)."""
    status = status or judged(ctx, rules, measure, judge)
    limit = threshold(rules)
    if status is Status.INSUFFICIENT_DATA:
        return insufficient(ID, limit, ctx.evaluations)
    prepared = ctx.prepare(ID, lambda: prepare({"evaluations": ctx.evaluations.valid()},
                                               ctx.period, rules))
    past = prepared.evidence_of(ctx.cluster_id)
    next_step = say("c8_next_step")
    if not past:
        return CriterionResult(ID, status, None, limit, say("c8_none_recorded"),
                               next_step=next_step)
    latest = past[-1]
    day = latest["date"].date()
    evidence = (Evidence.of_row(latest, day, coded(latest["kind"]), latest["evaluator"],
                                latest["result_ref"]),)
    if status is Status.MET:
        return CriterionResult(ID, status, day.isoformat(), limit,
                               say("c8_latest", day=day), evidence)
    months = (rules.met_within_months if status is Status.PARTIALLY_MET
              else rules.partially_met_within_months)
    return CriterionResult(ID, status, day.isoformat(), limit,
                           say("c8_latest_too_old", day=day, count=months), evidence, next_step)


def measure(inputs: Inputs, grid: Grid, rules: C8Rules) -> pd.DataFrame:
    """Per pair: the day of the latest evaluation on or before its day, and the first
    days of the met and partly met windows."""
    rows = inputs.datasets.get("evaluations")
    latest = DatedRows(inputs, rows, "date").latest_until(grid, grid.days)
    days = days_of(rows["date"]) if rows is not None else np.empty(0, dtype="int64")
    return pd.DataFrame({
        "unavailable": per_cluster(inputs.unavailable("evaluations"), grid),
        "latest": np.where(latest >= 0, days[np.maximum(latest, 0)] if len(days) else 0,
                           NO_DAY),
        "met_from": grid.months_back(rules.met_within_months),
        "partly_from": grid.months_back(rules.partially_met_within_months)})


def judge(measured: pd.DataFrame, rules: C8Rules) -> np.ndarray:
    latest = measured["latest"].to_numpy()
    return statuses([(measured["unavailable"].to_numpy(), Status.INSUFFICIENT_DATA),
                     (latest == NO_DAY, Status.NOT_MET),
                     (latest >= measured["met_from"].to_numpy(), Status.MET),
                     (latest >= measured["partly_from"].to_numpy(), Status.PARTIALLY_MET)],
                    Status.NOT_MET)


# The declaration the engine, the forecast and the reports read (scoring/criterion.py).
CRITERION = Criterion(
    "C8", TITLE, regular_evaluation, "c8_regular_evaluation",
    prepare=prepare, reads=("evaluations",), measure=measure, judge=judge, save_step=SAVE_STEP,
)
