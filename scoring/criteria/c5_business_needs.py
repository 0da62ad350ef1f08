"""C5: business needs are taken into account in leading and planning the cluster."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from scoring.context import ClusterContext
from scoring.criteria.common import (
    absent_column,
    coded,
    counted_fact,
    evidence_rows,
    in_range,
    insufficient,
    judged,
)
from scoring.criterion import Criterion
from scoring.grid import DatedRows, Grid, Inputs, per_cluster, statuses
from scoring.model import CriterionResult, Status
from scoring.period import Period
from scoring.prepared import Prepared, first_rows
from scoring.rules import C5Rules
from scoring.text import Column, Message, say

ID = "C5"
TITLE = say("c5_title")
THRESHOLD = say("c5_threshold")
# What keeps the status past its last day ({date}): the deadline's step (deadlines.py).
SAVE_STEP = say("c5_save_step")


def prepare(datasets: Mapping[str, pd.DataFrame | None], period: Period,
            rules: C5Rules) -> Prepared:
    """Per cluster: how many times companies' needs were collected in the window (a needs
    survey, interview, workshop or feedback with companies); those rows as evidence."""
    rows = datasets.get("dialogue")
    if rows is None:
        return Prepared(pd.DataFrame(columns=["needs"]))
    window = in_range(rows, "date", period.window_start, period.as_of)
    needs = window[(window["kind"].isin(rules.needs_dialogue_kinds)
                    & (window["companies_involved"].fillna(0)
                       >= rules.min_companies_in_needs_dialogue)).to_numpy(dtype=bool)]
    numbers = needs.groupby("cluster_id", sort=False).size().to_frame("needs")
    return Prepared(numbers, first_rows(needs, ["date"]))


def business_needs(ctx: ClusterContext, rules: C5Rules,
                   status: Status | None = None) -> CriterionResult:
    """Explain the status `judge` gave (judged here when called alone)."""
    status = status or judged(ctx, rules, measure, judge)
    if status is Status.INSUFFICIENT_DATA:
        if ctx.dialogue.unavailable:
            return insufficient(ID, THRESHOLD, ctx.dialogue)
        return absent_column(ID, THRESHOLD, str(ctx.cluster["_file"]), "steering_group_companies")
    prepared = ctx.prepare(ID, lambda: prepare({"dialogue": ctx.dialogue.valid()},
                                               ctx.period, rules))
    times = prepared.numbers_of(ctx.cluster_id)["needs"]
    steering = ctx.register_value("steering_group_companies")
    steering_count = None if steering is None else int(str(steering))
    has_needs = times > 0
    # The judged status counts the signals: what it leaves beside the needs is the steering.
    signals = {Status.MET: 2, Status.PARTIALLY_MET: 1}.get(status, 0)
    has_steering = signals - int(has_needs) > 0
    evidence = (
        *evidence_rows(prepared.evidence_of(ctx.cluster_id), lambda row: (
            row["date"], coded(row["kind"]),
            counted_fact("ev_companies", row["companies_involved"]), row["summary"]), times),
        ctx.register_evidence("steering_group_companies", say(
            "ev_value", column=Column("steering_group_companies"),
            value=steering if steering is not None else say("ev_empty"))),
    )
    reason = say("c5_reason", needs=_needs_text(times),
                 steering=_steering_text(steering_count, has_steering))
    if status is Status.MET:
        return CriterionResult(ID, status, signals, THRESHOLD, reason, evidence)
    step = ("c5_step_both" if not has_needs and not has_steering
            else "c5_step_needs" if not has_needs else "c5_step_steering")
    return CriterionResult(ID, status, signals, THRESHOLD, reason, evidence,
                           next_step=say(step))


def _needs_text(times: int) -> Message:
    return say("c5_needs_collected", count=times) if times else say("c5_no_needs")


def _steering_text(count: int | None, enough: bool) -> Message:
    if count is None:
        return say("c5_steering_unknown")
    if not count:
        return say("c5_steering_none")
    return say("c5_steering" if enough else "c5_steering_too_few", count=count)


def measure(inputs: Inputs, grid: Grid, rules: C5Rules) -> pd.DataFrame:
    """Per pair: companies' needs collected in the window ending on its day, and the
    register's companies in the steering group."""
    rows = inputs.datasets.get("dialogue")
    needs = None if rows is None else (
        rows["kind"].isin(rules.needs_dialogue_kinds)
        & (rows["companies_involved"].fillna(0) >= rules.min_companies_in_needs_dialogue)
    ).to_numpy(dtype=bool)
    dated = DatedRows(inputs, rows, "date", needs)
    steering = pd.to_numeric(inputs.register_column("steering_group_companies"),
                             errors="coerce")
    enough = (steering >= rules.min_steering_group_companies).fillna(False).to_numpy(bool)
    return pd.DataFrame({
        "unavailable": per_cluster(inputs.unavailable("dialogue"), grid),
        "absent": per_cluster(inputs.absent("steering_group_companies"), grid),
        "needs": dated.count_between(grid, grid.months_back(grid.window_months), grid.days),
        "steering": per_cluster(enough, grid)})


def judge(measured: pd.DataFrame, rules: C5Rules) -> np.ndarray:
    signals = (measured["needs"].to_numpy() > 0).astype("int64") + measured[
        "steering"].to_numpy(dtype="int64")
    return statuses([((measured["unavailable"] | measured["absent"]).to_numpy(),
                      Status.INSUFFICIENT_DATA),
                     (signals == 2, Status.MET), (signals == 1, Status.PARTIALLY_MET)],
                    Status.NOT_MET)


# The declaration the engine, the forecast and the reports read (scoring/criterion.py).
CRITERION = Criterion(
    "C5", TITLE, business_needs, "c5_business_needs",
    prepare=prepare, reads=("dialogue",), measure=measure, judge=judge, save_step=SAVE_STEP,
    register_columns=("steering_group_companies",),
)
