"""Turns validated frames into one result per cluster: each criterion prepares its numbers
for the whole portfolio once, then reads them cluster by cluster."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

import pandas as pd

from scoring.context import ClusterContext, DatasetRows
from scoring.criteria import CRITERIA
from scoring.decisions import apply_decisions, decisions_by_cluster
from scoring.labels import PREPARED_KEY as LABELS
from scoring.labels import prepare as prepare_labels
from scoring.labels import road_to_label
from scoring.model import ClusterResult
from scoring.period import Period
from scoring.rules import Rules

EVIDENCE_DATASETS = ("agreements", "activities", "dialogue", "evaluations", "website_checks",
                     "label_indicators")


def _rows_per_cluster(frame: pd.DataFrame | None) -> dict[str, int]:
    if frame is None or frame.empty:
        return {}
    return {str(key): int(n) for key, n in frame["cluster_id"].value_counts(sort=False).items()}


def evaluate_clusters(
    register: pd.DataFrame,
    datasets: Mapping[str, pd.DataFrame | None],
    period: Period,
    rules: Rules,
    rejected: Mapping[str, Mapping[str, int]] | None = None,
    absent_register_columns: Mapping[str, frozenset[str]] | None = None,
    only: Iterable[str] | None = None,
) -> list[ClusterResult]:
    """Evaluate every cluster of the register (or those in `only`) against every criterion.

    `datasets` maps each evidence dataset to its valid rows, or to None when it was not
    supplied; `rejected` counts, per dataset and cluster, the rows set aside;
    `absent_register_columns` names, per register file, the columns it lacked.
    """
    rejected = rejected or {}
    absent_register_columns = absent_register_columns or {}
    sizes = {name: _rows_per_cluster(datasets.get(name)) for name in EVIDENCE_DATASETS}
    prepared = {
        criterion.id: found for criterion in CRITERIA
        if (found := criterion.prepare_all(datasets, period, rules)) is not None
    }
    prepared[LABELS] = prepare_labels(datasets, period, rules.labels)
    decisions = decisions_by_cluster(datasets.get("decisions"))
    wanted = set(only) if only is not None else None
    results = []
    # Records, not pandas rows: the criteria read the register row some 30 times each.
    for cluster in cast(list[dict[str, Any]], register.to_dict("records")):
        cluster_id = str(cluster["cluster_id"])
        if wanted is not None and cluster_id not in wanted:
            continue
        slices = {
            name: DatasetRows(name, datasets.get(name),
                              rejected.get(name, {}).get(cluster_id, 0), cluster_id,
                              sizes[name].get(cluster_id, 0))
            for name in EVIDENCE_DATASETS
        }
        ctx = ClusterContext(
            cluster=cluster,
            period=period,
            absent_register_columns=absent_register_columns.get(str(cluster["_file"]),
                                                                frozenset()),
            prepared=prepared,
            **slices,
        )
        criteria = apply_decisions(tuple(criterion(ctx, rules) for criterion in CRITERIA),
                                   decisions.get(cluster_id, []), period)
        results.append(
            ClusterResult(
                cluster_id=cluster_id,
                name=str(cluster["name"]),
                criteria=criteria,
                labels=road_to_label(ctx, rules.labels, criteria),
            )
        )
    return results
