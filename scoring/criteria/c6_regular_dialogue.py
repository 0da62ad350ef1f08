"""C6: regular dialogue and cooperation with companies, spread over the year."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

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
from scoring.period import Period, months_before
from scoring.prepared import Prepared, first_rows
from scoring.rules import C6Rules
from scoring.text import Message, say, span

ID = "C6"
TITLE = say("c6_title")
# What keeps the status past its last day ({date}): the deadline's step (deadlines.py).
SAVE_STEP = say("c6_save_step")


def threshold(rules: C6Rules) -> Message:
    return say("c6_threshold", met=rules.met_at_quarters,
               partly=span(rules.partially_met_at_quarters, rules.met_at_quarters - 1))


SOURCES = (("dialogue", "companies_involved", "summary"),
           ("activities", "participant_companies", "title"))


def prepare(datasets: Mapping[str, pd.DataFrame | None], period: Period,
            rules: C6Rules) -> Prepared:
    """Per cluster: which of the window's four quarters had a contact with companies (a
    dialogue row or an activity with at least one company); the contacts as evidence."""
    quarters = period.window_quarters()
    contacts = []
    for name, column, title in SOURCES:
        rows = datasets.get(name)
        if rows is None:
            continue
        rows = in_range(rows, "date", period.window_start, period.as_of)
        rows = rows[(rows[column].fillna(0) >= rules.min_companies_per_contact).to_numpy(
            dtype=bool)]
        picked = rows.assign(_sheet=rows.get("_sheet", ""))
        contacts.append(picked[["cluster_id", "date", "_file", "_sheet", "_row", "kind", title,
                                column]]
                        .set_axis(["cluster_id", "date", "_file", "_sheet", "_row", "kind",
                                   "title", "companies"], axis=1))
    if not contacts:
        return Prepared(pd.DataFrame(columns=[f"q{n}" for n in range(len(quarters))]))
    found = pd.concat(contacts, ignore_index=True)
    days = found["date"].to_numpy(dtype="datetime64[us]")
    flags = pd.DataFrame({"cluster_id": found["cluster_id"].to_numpy()})
    for n, (start, end) in enumerate(quarters):
        flags[f"q{n}"] = (days >= np.datetime64(start)) & (days <= np.datetime64(end))
    numbers = flags.groupby("cluster_id", sort=False).any().astype("int64")
    numbers["contacts"] = flags.groupby("cluster_id", sort=False).size()
    return Prepared(numbers, first_rows(found, ["date"]))


def regular_dialogue(ctx: ClusterContext, rules: C6Rules,
                     status: Status | None = None) -> CriterionResult:
    """Explain the status `judge` gave (judged here when called alone)."""
    status = status or judged(ctx, rules, measure, judge)
    limit = threshold(rules)
    sources = [ctx.dialogue, ctx.activities]
    if all(data.unavailable for data in sources):
        return insufficient(ID, limit, ctx.dialogue)
    prepared = ctx.prepare(ID, lambda: prepare(
        {data.dataset: data.rows for data in sources if not data.unavailable},
        ctx.period, rules))
    numbers = prepared.numbers_of(ctx.cluster_id)
    active = [quarter for n, quarter in enumerate(ctx.period.window_quarters())
              if numbers.get(f"q{n}")]
    count = len(active)
    evidence = evidence_rows(prepared.evidence_of(ctx.cluster_id), lambda row: (
        row["date"], coded(row["kind"]), row["title"],
        counted_fact("ev_companies", row["companies"])),
        numbers.get("contacts", 0))
    reason = say("c6_reason", count=count, quarters=[
        say("date_span", start=start, end=end) for start, end in active]) if active \
        else say("c6_reason_none")
    if status is Status.MET:
        return CriterionResult(ID, status, count, limit, reason, evidence)
    if status is Status.INSUFFICIENT_DATA:
        # Fewer quarters than needed while a source is missing: the missing rows might
        # have shown the contact, so the verdict would be a guess.
        missing = next(data for data in sources if data.unavailable)
        return insufficient(ID, limit, missing, extra=reason, evidence=evidence)
    return CriterionResult(
        ID,
        status,
        count,
        limit,
        reason,
        evidence,
        next_step=say("c6_next_step"),
    )


def measure(inputs: Inputs, grid: Grid, rules: C6Rules) -> pd.DataFrame:
    """Per pair: the quarters of the window ending on its day with a contact with
    companies (a dialogue row or an activity with enough companies)."""
    pieces = []
    for name, column, _ in SOURCES:
        rows = inputs.datasets.get(name)
        if rows is not None:
            enough = (rows[column].fillna(0) >= rules.min_companies_per_contact).to_numpy(
                dtype=bool)
            pieces.append(rows.loc[enough, ["cluster_id", "date", "_row"]])
    contacts = pd.concat(pieces, ignore_index=True) if pieces else None
    dated = DatedRows(inputs, contacts, "date")
    window_start = grid.months_back(grid.window_months)
    quarters = np.zeros(len(grid), dtype="int64")
    for k in range(4):  # the window's four three-month slices
        last = grid.per_day(partial(months_before, months=3 * k))
        first = grid.months_back(3 * (k + 1))
        quarters += dated.count_between(grid, np.maximum(first, window_start),
                                        np.minimum(last, grid.days)) > 0
    missing = [per_cluster(inputs.unavailable(name), grid) for name, _, _ in SOURCES]
    return pd.DataFrame({"all_unavailable": missing[0] & missing[1],
                         "any_unavailable": missing[0] | missing[1], "quarters": quarters})


def judge(measured: pd.DataFrame, rules: C6Rules) -> np.ndarray:
    count = measured["quarters"].to_numpy()
    met = count >= rules.met_at_quarters
    # Fewer quarters than needed while a source is missing: the verdict would be a guess.
    return statuses([(measured["all_unavailable"].to_numpy(), Status.INSUFFICIENT_DATA),
                     (met, Status.MET),
                     (measured["any_unavailable"].to_numpy(), Status.INSUFFICIENT_DATA),
                     (count >= rules.partially_met_at_quarters, Status.PARTIALLY_MET)],
                    Status.NOT_MET)


# The declaration the engine, the forecast and the reports read (scoring/criterion.py).
CRITERION = Criterion(
    "C6", TITLE, regular_dialogue, "c6_regular_dialogue",
    prepare=prepare, reads=("activities", "dialogue"), measure=measure, judge=judge,
    save_step=SAVE_STEP,
)
