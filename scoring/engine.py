"""Turns validated frames into one result per cluster: each criterion prepares its numbers
for the whole portfolio once, then reads them cluster by cluster."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, cast

import pandas as pd

from scoring.context import ClusterContext, DatasetRows
from scoring.criteria import registered
from scoring.datasets import EVIDENCE_DATASETS
from scoring.decisions import apply_decisions, decisions_by_cluster
from scoring.forecast import VERDICT_KEY, Hold, Outlook
from scoring.forecast import forecast as forecast_of
from scoring.grid import STATUS_OF_RANK, Grid, Inputs
from scoring.labels import PREPARED_KEY as LABELS
from scoring.labels import prepare as prepare_labels
from scoring.labels import road_to_label
from scoring.model import ClusterResult, CriterionResult, Status, Verdict
from scoring.period import Period
from scoring.planned import planned_rows, resting_on
from scoring.rules import Rules


def _rows_per_cluster(frame: pd.DataFrame | None) -> dict[str, int]:
    if frame is None or frame.empty:
        return {}
    return {str(key): int(n) for key, n in frame["cluster_id"].value_counts(sort=False).items()}


@dataclass(frozen=True)
class _Portfolio:
    """What every evaluation date shares: the register as records, the decisions and the
    row counts per cluster, the rows set aside, the register files' missing columns."""

    records: list[dict[str, Any]]
    decisions: dict[str, list[dict[str, Any]]]
    sizes: dict[str, dict[str, int]]
    rejected: Mapping[str, Mapping[str, int]]
    absent_register_columns: Mapping[str, frozenset[str]]
    next_website_check: date | None = None


def evaluate_clusters(
    register: pd.DataFrame,
    datasets: Mapping[str, pd.DataFrame | None],
    period: Period,
    rules: Rules,
    rejected: Mapping[str, Mapping[str, int]] | None = None,
    absent_register_columns: Mapping[str, frozenset[str]] | None = None,
    only: Iterable[str] | None = None,
    forecast: bool = True,
    next_website_check: date | None = None,
) -> list[ClusterResult]:
    """Evaluate every cluster of the register (or those in `only`) against every criterion,
    and with `forecast`, how long each status and verdict holds (scoring/forecast.py).

    `datasets` maps each evidence dataset to its valid rows, or to None when it was not
    supplied; `rejected` counts, per dataset and cluster, the rows set aside;
    `absent_register_columns` names, per register file, the columns it lacked;
    `next_website_check` is the day the region's scheduled website check next runs.
    """
    # Records, not pandas rows: the criteria read the register row some 30 times each.
    portfolio = _Portfolio(
        cast(list[dict[str, Any]], register.to_dict("records")),
        decisions_by_cluster(datasets.get("decisions")),
        {name: _rows_per_cluster(datasets.get(name)) for name in EVIDENCE_DATASETS},
        rejected or {}, absent_register_columns or {}, next_website_check)
    wanted = set(only) if only is not None else None
    inputs = Inputs(register, datasets, rejected or {}, absent_register_columns or {})
    results = _evaluate(portfolio, inputs, period, rules, wanted)
    if not forecast:
        return results
    found = forecast_of(results, inputs, period, rules)
    planned = planned_rows(datasets, period.as_of)
    reads = {criterion.id: criterion.reads for criterion in registered()}
    return [_with_holds(result, found[result.cluster_id].holds,
                        found[result.cluster_id].outlook, planned, period, reads)
            for result in results]


def _with_holds(result: ClusterResult, found: dict[str, Hold], outlook: Outlook,
                planned: pd.DataFrame, period: Period,
                reads: dict[str, tuple[str, ...]]) -> ClusterResult:

    def criterion(item: CriterionResult) -> CriterionResult:
        hold = found.get(item.id)
        if hold is None:
            return item
        rests_on = () if hold.holds_until is None else resting_on(
            planned, result.cluster_id, reads.get(item.id, ()), period.as_of, hold.holds_until)
        return replace(item, holds_until=hold.holds_until,
                       drops_to=Status(hold.drops_to) if hold.drops_to else None,
                       planned=rests_on)

    verdict = found.get(VERDICT_KEY, Hold())
    return replace(result, criteria=tuple(criterion(item) for item in result.criteria),
                   verdict_holds_until=verdict.holds_until,
                   verdict_drops_to=Verdict(verdict.drops_to) if verdict.drops_to else None,
                   next_evaluation=outlook.next_evaluation,
                   verdict_at_next_evaluation=outlook.verdict_at_next_evaluation,
                   verdict_falls_on=outlook.verdict_falls_on,
                   drops=outlook.drops)


def _evaluate(
    portfolio: _Portfolio,
    inputs: Inputs,
    period: Period,
    rules: Rules,
    wanted: set[str] | None,
) -> list[ClusterResult]:
    """The clusters in `wanted` (None: all) as of `period`, with the road to the labels:
    every criterion judged for all of them at once (a grid of one day),
    then each status explained cluster by cluster."""
    datasets = inputs.datasets
    chosen = list(registered())
    clusters = [str(record["cluster_id"]) for record in portfolio.records
                if wanted is None or str(record["cluster_id"]) in wanted]
    grid = Grid.of(inputs, clusters, [period.as_of], period.window_months)
    judged = {criterion.id: dict(zip(clusters, criterion.statuses(inputs, grid, rules),
                                     strict=True)) for criterion in chosen}
    prepared = {
        criterion.id: found for criterion in chosen
        if (found := criterion.prepare_all(datasets, period, rules)) is not None
    }
    prepared[LABELS] = prepare_labels(datasets, period, rules.labels)
    results = []
    for cluster in portfolio.records:
        cluster_id = str(cluster["cluster_id"])
        if wanted is not None and cluster_id not in wanted:
            continue
        slices = {
            name: DatasetRows(name, datasets.get(name),
                              portfolio.rejected.get(name, {}).get(cluster_id, 0), cluster_id,
                              portfolio.sizes[name].get(cluster_id, 0))
            for name in EVIDENCE_DATASETS
        }
        ctx = ClusterContext(
            cluster=cluster,
            period=period,
            absent_register_columns=portfolio.absent_register_columns.get(
                str(cluster["_file"]), frozenset()),
            prepared=prepared,
            next_website_check=portfolio.next_website_check,
            **slices,
        )
        results_of_cluster = apply_decisions(tuple(
            criterion(ctx, rules, STATUS_OF_RANK[int(judged[criterion.id][cluster_id])])
            for criterion in chosen),
                                             portfolio.decisions.get(cluster_id, []), period)
        results.append(
            ClusterResult(
                cluster_id=cluster_id,
                name=str(cluster["name"]),
                criteria=results_of_cluster,
                labels=road_to_label(ctx, rules.labels, results_of_cluster),
                next_website_check=portfolio.next_website_check,
            )
        )
    return results
