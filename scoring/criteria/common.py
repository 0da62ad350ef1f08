"""Small helpers every criterion shares: evidence from rows, the insufficient-data result."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from scoring.context import ClusterContext, DatasetRows
from scoring.datasets import EVIDENCE_DATASETS
from scoring.evidence import Evidence, coded, counted_fact, row_reference  # noqa: F401
from scoring.grid import STATUS_OF_RANK, Grid, Inputs
from scoring.model import CriterionResult, Status, iso_or_none  # noqa: F401 (theirs)
from scoring.prepared import MAX_EVIDENCE_ROWS
from scoring.text import Message, say


def row_source(row: pd.Series | dict[str, Any]) -> str:
    return row_reference(row["_file"], row["_row"], row.get("_sheet"))


def as_date(value: object) -> date | None:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"not a date: {value!r}")


def is_true(value: object) -> bool:
    """True only for a recorded yes: empty and unknown are not a pass."""
    return value is not None and not pd.isna(value) and bool(value)  # type: ignore[call-overload]


def text_or_none(value: object) -> str | None:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return None
    text = str(value).strip()
    return text or None


def evidence_rows(rows: pd.DataFrame | list[dict[str, Any]],
                  describe: Callable[[dict[str, Any]], tuple[object, ...]],
                  total: int | None = None) -> tuple[Evidence, ...]:
    """The first rows as evidence (their source and `describe(row)`), then a count of the
    rest (of `total`, when `rows` holds only the first ones): only the rows shown are
    formatted, however many there are."""
    records: list[dict[str, Any]] = (
        rows[:MAX_EVIDENCE_ROWS] if isinstance(rows, list)
        else rows.head(MAX_EVIDENCE_ROWS).to_dict("records")  # type: ignore[assignment]
    )
    shown = [Evidence.of_row(row, *describe(row)) for row in records]
    total = len(rows) if total is None else total
    if total > len(shown):
        shown.append(Evidence("…", facts=(say("ev_more_rows", count=total - len(shown)),)))
    return tuple(shown)


def in_range(rows: pd.DataFrame, column: str, start: date, end: date) -> pd.DataFrame:
    """Rows whose date column lies in [start, end], both ends included."""
    days = rows[column]
    return rows[(days >= pd.Timestamp(start)) & (days <= pd.Timestamp(end))]


def not_after(rows: pd.DataFrame, column: str, as_of: date) -> pd.DataFrame:
    """Rows dated on or before the as-of date: later rows do not exist yet for this period."""
    return rows[rows[column] <= pd.Timestamp(as_of)]


def why_unavailable(data: DatasetRows) -> Message:
    dataset = say(f"dataset_{data.dataset}")
    if not data.supplied:
        return say("data_not_supplied", dataset=dataset)
    return say("data_all_set_aside", count=data.rejected, dataset=dataset)


def insufficient(
    criterion_id: str, threshold: Message, data: DatasetRows,
    extra: Message | None = None, evidence: tuple[Evidence, ...] = (),
    next_step: Message | None = None,
) -> CriterionResult:
    """The data needed was not there: say which dataset, and what the cluster does about
    it (the steps are the cluster's: the region runs the evaluation). `extra` and
    `evidence`: what was measured all the same."""
    reason: Message = why_unavailable(data)
    if extra:
        reason = say("two_sentences", first=reason, second=extra)
    if next_step is None:
        next_step = say("data_send" if not data.supplied else "data_correct_set_aside",
                        dataset=say(f"dataset_{data.dataset}"))
    return CriterionResult(
        id=criterion_id,
        status=Status.INSUFFICIENT_DATA,
        value=None,
        threshold=threshold,
        reason=reason,
        evidence=evidence,
        next_step=next_step,
    )


def absent_column(criterion_id: str, threshold: Message, file: str,
                  column: str) -> CriterionResult:
    """The register lacks a column the criterion reads: named by its header."""
    return CriterionResult(
        id=criterion_id,
        status=Status.INSUFFICIENT_DATA,
        value=None,
        threshold=threshold,
        reason=say("register_lacks_column", file=file, column=say(f"col_{column}")),
        next_step=say("register_add_column", column=say(f"col_{column}")),
    )


def inputs_of(ctx: ClusterContext) -> Inputs:
    """One cluster's context as a criterion's `measure` takes it."""
    frames = {name: getattr(ctx, name).frame for name in EVIDENCE_DATASETS}
    rejected = {name: {ctx.cluster_id: getattr(ctx, name).rejected}
                for name in EVIDENCE_DATASETS}
    return Inputs(pd.DataFrame([dict(ctx.cluster)]), frames, rejected,
                  {str(ctx.cluster.get("_file")): ctx.absent_register_columns})


def judged(ctx: ClusterContext, rules: Any, measure: Callable[[Inputs, Grid, Any], pd.DataFrame],
           judge: Callable[[pd.DataFrame, Any], np.ndarray]) -> Status:
    """The status `judge` gives the cluster on the as-of date: for a criterion called on
    one cluster alone (the engine judges every cluster at once and passes it)."""
    inputs = inputs_of(ctx)
    grid = Grid.of(inputs, [ctx.cluster_id], [ctx.as_of], ctx.period.window_months)
    return STATUS_OF_RANK[int(judge(measure(inputs, grid, rules), rules)[0])]
