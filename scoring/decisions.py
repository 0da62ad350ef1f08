"""The right of reply: the region's decisions on a cluster's dispute of a criterion.

An accepted decision in force on the as-of date (decided_on <= as-of <= valid_until)
replaces the criterion's status; the measured status, value, reason and evidence stay
beside it. Several in force: the latest decided_on wins, the others are superseded. A
rejected decision or a pending reply never changes a status but is shown; an expired one
is shown as expired. A decision made after the as-of date does not exist yet for it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from scoring.criteria.common import as_date, iso_or_none
from scoring.evidence import Evidence
from scoring.grid import NO_DAY, RANK, Grid, Inputs, days_of
from scoring.model import CriterionResult, Status
from scoring.period import Period

IN_FORCE, SUPERSEDED, EXPIRED, REJECTED, PENDING = (
    "in_force", "superseded", "expired", "rejected", "pending")


def decisions_by_cluster(rows: pd.DataFrame | None) -> dict[str, list[dict[str, Any]]]:
    """Each cluster's decision rows as records (few: a handful a quarter)."""
    if rows is None or rows.empty:
        return {}
    grouped: dict[str, list[dict[str, Any]]] = {}
    for record in rows.astype(object).where(rows.notna(), None).to_dict("records"):
        grouped.setdefault(str(record["cluster_id"]), []).append(
            {str(key): value for key, value in record.items()})
    return grouped


def state_of(row: Mapping[str, Any], as_of: date) -> str | None:
    """The decision's state on the as-of date; None when it was not made yet."""
    decided_on, until = as_date(row.get("decided_on")), as_date(row.get("valid_until"))
    if row["decision"] == "pending":
        return PENDING
    if decided_on is None or decided_on > as_of:
        return None
    if row["decision"] == "rejected":
        return REJECTED
    if until is not None and until < as_of:
        return EXPIRED
    return IN_FORCE


def described(row: dict[str, Any], state: str) -> dict[str, Any]:
    return {"decision": row["decision"], "state": state, "status": row.get("status"),
            "reason": row.get("reason"), "reply_ref": row.get("reply_ref"),
            "decided_by": row.get("decided_by"),
            "decided_on": iso_or_none(as_date(row.get("decided_on"))),
            "valid_until": iso_or_none(as_date(row.get("valid_until"))),
            **_where(Evidence.of_row(row))}


def _where(row: Evidence) -> dict[str, Any]:
    """Where the decision's row is: results.json's `source` and its parts."""
    return {"source": row.source, "file": row.file, "sheet": row.sheet, "row": row.row}


def apply_decisions(criteria: tuple[CriterionResult, ...], rows: list[dict[str, Any]],
                    period: Period) -> tuple[CriterionResult, ...]:
    """The criteria with the decisions in force applied and every decision shown."""
    if not rows:
        return criteria
    applied = []
    for criterion in criteria:
        mine = [(row, state) for row in rows if row["criterion"] == criterion.id
                and (state := state_of(row, period.as_of)) is not None]
        if not mine:
            applied.append(criterion)
            continue
        in_force = sorted((row for row, state in mine if state == IN_FORCE),
                          key=lambda row: (as_date(row["decided_on"]), row["_row"]))
        winner = in_force[-1] if in_force else None
        others = tuple(described(row, SUPERSEDED if state == IN_FORCE else state)
                       for row, state in mine if row is not winner)
        if winner is None:
            applied.append(dataclasses.replace(criterion, other_decisions=others))
            continue
        applied.append(dataclasses.replace(
            criterion, status=Status(winner["status"]), measured_status=criterion.status,
            decision=described(winner, IN_FORCE), other_decisions=others))
    return tuple(applied)


def decided_on_grid(statuses: dict[str, np.ndarray], rows: pd.DataFrame | None,
                    inputs: Inputs, grid: Grid) -> dict[str, np.ndarray]:
    """The statuses with the accepted decisions in force on each pair's day applied: the
    latest decided (then the last row) wins, as in apply_decisions. One pass per decision
    row (a handful a quarter), over its cluster's pairs only."""
    if rows is None or rows.empty:
        return statuses
    accepted = rows[(rows["decision"] == "accepted").to_numpy(dtype=bool)
                    & rows["criterion"].isin(list(statuses)).to_numpy(dtype=bool)]
    if accepted.empty:
        return statuses
    decided = {key: values.copy() for key, values in statuses.items()}
    by_cluster = np.argsort(grid.codes, kind="stable")
    sorted_codes = grid.codes[by_cluster]
    codes = inputs.codes_of(accepted["cluster_id"])
    made, until = days_of(accepted["decided_on"]), days_of(accepted["valid_until"])
    order = np.lexsort((accepted["_row"].to_numpy(dtype="int64"), made))
    for n in order:  # earliest first: a later decision in force overrides it
        if codes[n] < 0 or made[n] == NO_DAY:
            continue
        pairs = by_cluster[np.searchsorted(sorted_codes, codes[n], side="left"):
                           np.searchsorted(sorted_codes, codes[n], side="right")]
        days = grid.days[pairs]
        in_force = (days >= made[n]) & ((until[n] == NO_DAY) | (days <= until[n]))
        decided[str(accepted["criterion"].iloc[n])][pairs[in_force]] = RANK[
            Status(accepted["status"].iloc[n])]
    return decided
