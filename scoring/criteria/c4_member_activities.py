"""C4: at least two activities a year for members (events, services, knowledge...)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from scoring.context import ClusterContext
from scoring.criteria.common import (
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
from scoring.prepared import Prepared, counts, first_rows
from scoring.rules import C4Rules
from scoring.text import Message, counted, say, span

ID = "C4"
TITLE = say("c4_title")
# What keeps the status past its last day ({date}): the deadline's step (deadlines.py).
SAVE_STEP = say("c4_save_step")


def threshold(rules: C4Rules) -> Message:
    return say("c4_threshold", count=rules.met_at,
               partly=span(rules.partially_met_at, rules.met_at - 1))


def prepare(datasets: Mapping[str, pd.DataFrame | None], period: Period,
            rules: C4Rules) -> Prepared:
    """Per cluster: activities in the window counted (members or mixed), public-only and
    without an audience; the counted ones, oldest first, as evidence."""
    rows = datasets.get("activities")
    if rows is None:
        return Prepared(pd.DataFrame(columns=["counted", "public", "unknown"]))
    window = in_range(rows, "date", period.window_start, period.as_of)
    audience = window["audience"]
    counted = audience.isin(rules.counted_audiences).to_numpy(dtype=bool)
    flags = pd.DataFrame({
        "cluster_id": window["cluster_id"].to_numpy(),
        "counted": counted,
        "public": (audience == "public").fillna(False).to_numpy(dtype=bool),
        "unknown": audience.isna().to_numpy(dtype=bool),
    })
    return Prepared(counts(flags), first_rows(window[counted], ["date"]))


def member_activities(ctx: ClusterContext, rules: C4Rules,
                      status: Status | None = None) -> CriterionResult:
    """Explain the status `judge` gave (judged here when called alone)."""
    status = status or judged(ctx, rules, measure, judge)
    limit = threshold(rules)
    if status is Status.INSUFFICIENT_DATA:
        return insufficient(ID, limit, ctx.activities)
    prepared = ctx.prepare(ID, lambda: prepare({"activities": ctx.activities.valid()},
                                               ctx.period, rules))
    numbers = prepared.numbers_of(ctx.cluster_id)
    count, public_only, unknown = numbers["counted"], numbers["public"], numbers["unknown"]
    evidence = evidence_rows(prepared.evidence_of(ctx.cluster_id), lambda row: (
        row["date"], row["title"], coded(row["kind"]), coded(row["audience"]),
        counted_fact("ev_participants", row["participants_total"]), row["evidence_ref"]), count)
    notes = [say("c4_note_public_only", count=public_only)] if public_only else []
    notes += [say("c4_note_no_audience", count=unknown)] if unknown else []
    found = counted("c4_found", count)
    reason = say("c4_reason", start=ctx.period.window_start, end=ctx.as_of,
                 found=say("c4_found_notes", found=found, notes=notes) if notes else found)
    if status is Status.MET:
        return CriterionResult(ID, status, count, limit, reason, evidence)
    return CriterionResult(ID, status, count, limit, reason, evidence,
                           next_step=say("c4_next_step", count=rules.met_at - count))


def measure(inputs: Inputs, grid: Grid, rules: C4Rules) -> pd.DataFrame:
    """Per pair: the activities for members (or mixed) in the window ending on its day."""
    rows = inputs.datasets.get("activities")
    counted = None if rows is None else rows["audience"].isin(
        rules.counted_audiences).to_numpy(dtype=bool)
    dated = DatedRows(inputs, rows, "date", counted)
    return pd.DataFrame({
        "unavailable": per_cluster(inputs.unavailable("activities"), grid),
        "counted": dated.count_between(grid, grid.months_back(grid.window_months), grid.days)})


def judge(measured: pd.DataFrame, rules: C4Rules) -> np.ndarray:
    count = measured["counted"].to_numpy()
    return statuses([(measured["unavailable"].to_numpy(), Status.INSUFFICIENT_DATA),
                     (count >= rules.met_at, Status.MET),
                     (count >= rules.partially_met_at, Status.PARTIALLY_MET)], Status.NOT_MET)


# The declaration the engine, the forecast and the reports read (scoring/criterion.py).
CRITERION = Criterion(
    "C4", TITLE, member_activities, "c4_member_activities",
    prepare=prepare, reads=("activities",), measure=measure, judge=judge, save_step=SAVE_STEP,
)
