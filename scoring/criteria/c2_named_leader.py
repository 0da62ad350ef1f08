"""C2: the cluster has a named leader."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from scoring.context import ClusterContext
from scoring.criteria.common import absent_column, as_date, judged, text_or_none
from scoring.criterion import Criterion
from scoring.grid import NO_DAY, Grid, Inputs, days_of, per_cluster, statuses
from scoring.model import CriterionResult, Status
from scoring.rules import C2Rules
from scoring.text import say

ID = "C2"
TITLE = say("c2_title")
THRESHOLD = say("c2_threshold")
# What keeps the status past its last day ({date}): the deadline's step (deadlines.py).
SAVE_STEP = say("c2_save_step")


def _bare(text: str) -> str:
    return re.sub(r"[\s.!?]+$|^[\s.!?]+", "", text.casefold())


def is_placeholder(name: str, rules: C2Rules) -> bool:
    """A placeholder from the configured list, or text with fewer than two letters."""
    bare = _bare(name)
    letters = sum(char.isalpha() for char in bare)
    return letters < 2 or bare in {_bare(item) for item in rules.placeholders}


def named_leader(ctx: ClusterContext, rules: C2Rules,
                 status: Status | None = None) -> CriterionResult:
    """Explain the status `judge` gave (judged here when called alone)."""
    status = status or judged(ctx, rules, measure, judge)
    if status is Status.INSUFFICIENT_DATA:
        return absent_column(ID, THRESHOLD, str(ctx.cluster["_file"]), "leader_name")
    name = text_or_none(ctx.register_value("leader_name"))
    role = text_or_none(ctx.register_value("leader_role"))
    since = as_date(ctx.register_value("leader_since"))
    evidence = (
        ctx.register_evidence("leader_name", name or say("ev_empty"), role, since),
    )
    next_step = say("c2_next_step")
    if status is Status.MET:
        return CriterionResult(
            id=ID, status=status, value=name, threshold=THRESHOLD,
            reason=say("c2_leader_with_role", name=name, role=role) if role
            else say("c2_leader", name=name),
            evidence=evidence,
        )
    if name is None:
        reason = say("c2_no_leader")
    elif is_placeholder(name, rules):
        reason = say("c2_placeholder", name=name)
    else:  # named, but starting only after the as-of date
        assert since is not None
        reason = say("c2_starts_later", name=name, since=since)
    return CriterionResult(
        id=ID,
        status=status,
        value=name,
        threshold=THRESHOLD,
        reason=reason,
        evidence=evidence,
        next_step=next_step,
    )

def measure(inputs: Inputs, grid: Grid, rules: C2Rules) -> pd.DataFrame:
    """Per pair: whether the register names a leader (no placeholder) who has started."""
    # A name a cluster (not a date) has: the one rule for placeholders, once per cluster.
    named = np.array([(text := text_or_none(name)) is not None
                      and not is_placeholder(text, rules)
                      for name in inputs.register_column("leader_name")], dtype=bool)
    since = days_of(inputs.register_column("leader_since"))
    started = per_cluster(since, grid)
    return pd.DataFrame({"absent": per_cluster(inputs.absent("leader_name"), grid),
                         "named": per_cluster(named, grid),
                         "started": (started == NO_DAY) | (started <= grid.days)})


def judge(measured: pd.DataFrame, rules: C2Rules) -> np.ndarray:
    return statuses([(measured["absent"].to_numpy(), Status.INSUFFICIENT_DATA),
                     ((measured["named"] & measured["started"]).to_numpy(), Status.MET)],
                    Status.NOT_MET)


# The declaration the engine, the forecast and the reports read (scoring/criterion.py).
CRITERION = Criterion(
    "C2", TITLE, named_leader, "c2_named_leader",
    measure=measure, judge=judge, save_step=SAVE_STEP,
    register_columns=("leader_name", "leader_role", "leader_since"),
)
