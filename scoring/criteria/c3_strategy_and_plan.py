"""C3: the cluster has a strategy and an implementation plan, both in force."""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.context import ClusterContext
from scoring.criteria.common import absent_column, as_date, judged, text_or_none
from scoring.criterion import Criterion
from scoring.grid import NO_DAY, Grid, Inputs, days_of, per_cluster, statuses
from scoring.model import CriterionResult, Evidence, Status
from scoring.rules import C3Rules
from scoring.text import Message, say

ID = "C3"
TITLE = say("c3_title")
THRESHOLD = say("c3_threshold")
# What keeps the status past its last day ({date}): the deadline's step (deadlines.py).
SAVE_STEP = say("c3_save_step")
DOCUMENTS = ("strategy", "plan")  # the register's column prefixes; c3_<prefix>_... words


def document_state(ctx: ClusterContext, prefix: str) -> tuple[Message | None, Evidence]:
    """(None, evidence) when the document is in force; else (why not, evidence)."""
    ref = text_or_none(ctx.register_value(f"{prefix}_ref"))
    approved = as_date(ctx.register_value(f"{prefix}_approved_on"))
    until = as_date(ctx.register_value(f"{prefix}_valid_until"))
    # A document that is not there has no approval or validity to show: "no reference"
    # beside "open-ended" would say both that it is missing and that it is in force.
    evidence = ctx.register_evidence(
        f"{prefix}_ref",
        ref or say("ev_no_reference"),
        (say("ev_approved", date=approved) if approved else say("ev_not_approved"))
        if ref else None,
        (say("ev_valid_until", date=until) if until else say("ev_open_ended")) if ref else None,
    )
    if ref is None:
        return say(f"c3_{prefix}_missing"), evidence
    if approved is None:
        return say(f"c3_{prefix}_not_approved", ref=ref), evidence
    if approved > ctx.as_of:
        return say(f"c3_{prefix}_approved_later", ref=ref, day=approved), evidence
    if until is not None and until < ctx.as_of:
        return say(f"c3_{prefix}_expired", ref=ref, day=until), evidence
    return None, evidence


def strategy_and_plan(ctx: ClusterContext, rules: C3Rules,
                      status: Status | None = None) -> CriterionResult:
    """Explain the status `judge` gave (judged here when called alone)."""
    status = status or judged(ctx, rules, measure, judge)
    if status is Status.INSUFFICIENT_DATA:
        column = next(c for c in ("strategy_ref", "plan_ref")
                      if c in ctx.absent_register_columns)
        return absent_column(ID, THRESHOLD, str(ctx.cluster["_file"]), column)
    states = {prefix: document_state(ctx, prefix) for prefix in DOCUMENTS}
    problems = [problem for problem, _ in states.values() if problem is not None]
    evidence = tuple(item for _, item in states.values())
    in_force = len(DOCUMENTS) - len(problems)
    if status is Status.MET:
        return CriterionResult(
            id=ID,
            status=status,
            value=in_force,
            threshold=THRESHOLD,
            reason=say("c3_both_in_force"),
            evidence=evidence,
        )
    return CriterionResult(
        id=ID,
        status=status,
        value=in_force,
        threshold=THRESHOLD,
        reason=say("c3_reason", count=in_force, problems=problems),
        evidence=evidence,
        next_step=say("c3_next_step"),
    )


def measure(inputs: Inputs, grid: Grid, rules: C3Rules) -> pd.DataFrame:
    """Per pair: how many of the two documents are in force on its day (a reference,
    approved on or before the day, not ended before it)."""
    in_force = np.zeros(len(grid), dtype="int64")
    for prefix in DOCUMENTS:
        ref = inputs.register_column(f"{prefix}_ref")
        has_ref = (ref.notna() & (ref.astype("str").str.strip() != "")).to_numpy(dtype=bool)
        approved = per_cluster(days_of(inputs.register_column(f"{prefix}_approved_on")), grid)
        until = per_cluster(days_of(inputs.register_column(f"{prefix}_valid_until")), grid)
        in_force += (per_cluster(has_ref, grid) & (approved != NO_DAY)
                     & (approved <= grid.days) & ((until == NO_DAY) | (until >= grid.days)))
    absent = inputs.absent("strategy_ref") | inputs.absent("plan_ref")
    return pd.DataFrame({"absent": per_cluster(absent, grid), "in_force": in_force})


def judge(measured: pd.DataFrame, rules: C3Rules) -> np.ndarray:
    count = measured["in_force"].to_numpy()
    return statuses([(measured["absent"].to_numpy(), Status.INSUFFICIENT_DATA),
                     (count >= len(DOCUMENTS), Status.MET),
                     (count >= 1, Status.PARTIALLY_MET)], Status.NOT_MET)


# The declaration the engine, the forecast and the reports read (scoring/criterion.py).
CRITERION = Criterion(
    "C3", TITLE, strategy_and_plan, "c3_strategy_and_plan",
    measure=measure, judge=judge, save_step=SAVE_STEP,
    register_columns=tuple(f"{document}_{part}" for document in ("strategy", "plan")
                           for part in ("ref", "approved_on", "valid_until")),
)
