"""Turns validated frames into one result per cluster: group once, then each criterion."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from scoring.context import ClusterContext, DatasetRows
from scoring.criteria import CRITERIA
from scoring.model import ClusterResult
from scoring.period import Period
from scoring.rules import Rules

EVIDENCE_DATASETS = ("agreements", "activities", "dialogue", "evaluations", "website_checks")


def _by_cluster(frame: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    if frame is None or frame.empty:
        return {}
    return {str(key): group for key, group in frame.groupby("cluster_id", sort=False)}


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
    groups = {name: _by_cluster(datasets.get(name)) for name in EVIDENCE_DATASETS}
    prepared = {
        criterion.id: found for criterion in CRITERIA
        if (found := criterion.prepare_all(datasets, period, rules)) is not None
    }
    wanted = set(only) if only is not None else None
    results = []
    for _, cluster in register.iterrows():
        cluster_id = str(cluster["cluster_id"])
        if wanted is not None and cluster_id not in wanted:
            continue
        slices = {}
        for name in EVIDENCE_DATASETS:
            frame = datasets.get(name)
            rows = None if frame is None else groups[name].get(cluster_id, frame.iloc[0:0])
            slices[name] = DatasetRows(name, rows, rejected.get(name, {}).get(cluster_id, 0))
        ctx = ClusterContext(
            cluster=cluster,
            period=period,
            absent_register_columns=absent_register_columns.get(str(cluster["_file"]),
                                                                frozenset()),
            prepared=prepared,
            **slices,
        )
        results.append(
            ClusterResult(
                cluster_id=cluster_id,
                name=str(cluster["name"]),
                criteria=tuple(criterion(ctx, rules) for criterion in CRITERIA),
            )
        )
    return results
