"""C2: the cluster has a named leader."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from scoring.context import ClusterContext
from scoring.criteria.common import absent_column, as_date, facts, judged, text_or_none
from scoring.criterion import Criterion
from scoring.grid import NO_DAY, Grid, Inputs, days_of, per_cluster, statuses
from scoring.model import CriterionResult, Evidence, Status
from scoring.rules import C2Rules
from scoring.text import Text, en_date, fi_date

ID = "C2"
TITLE = Text(fi="Klusterilla on nimetty vetäjä", en="A named leader")
THRESHOLD = Text(fi="henkilön nimi, ei paikkamerkki", en="a person's name, not a placeholder")
# What keeps the status past its last day ({date}): the deadline's step (deadlines.py).
SAVE_STEP = Text(
    fi="Varmista, että klusterilla on nimetty vetäjä myös {date} alkaen.",
    en="Make sure the cluster has a named leader from {date} on.",
)


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
        Evidence(ctx.register_source("leader_name"), facts(name or "(empty)", role, since)),
    )
    next_step = Text(
        fi="Nimeä klusterille vetäjä ja kirjaa hänen nimensä, roolinsa ja aloituspäivänsä "
        "klusterirekisteriin.",
        en="Name a leader for the cluster and record their name, role and start date in the "
        "cluster register.",
    )
    if status is Status.MET:
        role_fi = f" ({role})" if role else ""
        return CriterionResult(
            id=ID,
            status=status,
            value=name,
            threshold=THRESHOLD,
            reason=Text(
                fi=f"Klusterin vetäjä on {name}{role_fi}.",
                en=f"The cluster's leader is {name}{role_fi}.",
            ),
            evidence=evidence,
        )
    if name is None:
        reason = Text(
            fi="Klusterirekisterissä ei ole vetäjän nimeä.",
            en="The register names no leader.",
        )
    elif is_placeholder(name, rules):
        reason = Text(
            fi=f"Vetäjän kohdalla on paikkamerkki \"{name}\", ei nimeä.",
            en=f"The leader field holds the placeholder \"{name}\", not a name.",
        )
    else:  # named, but starting only after the as-of date
        assert since is not None
        reason = Text(
            fi=f"{name} aloittaa vetäjänä vasta {fi_date(since)}, arviointipäivän jälkeen.",
            en=f"{name} starts as leader only on {en_date(since)}, after the as-of date.",
        )
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
