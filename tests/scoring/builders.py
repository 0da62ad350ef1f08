"""Typed frames and cluster contexts built in the test, as the schemas would hand them over."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from schemas.models import MODELS
from scoring.context import ClusterContext, DatasetRows
from scoring.datasets import EVIDENCE_DATASETS
from scoring.period import Period
from scoring.rules import Rules

Q3 = Period.from_quarter("2026Q3")  # as of 2026-09-30, window 2025-10-01 .. 2026-09-30
RULES = Rules()


def frame(dataset: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A frame with every contract column in its parsed type, plus _file and _row."""
    schema = MODELS[dataset].to_schema()
    data = pd.DataFrame(rows, dtype="object")
    typed = pd.DataFrame(index=range(len(rows)))
    for column, spec in schema.columns.items():
        values = data[column] if column in data else pd.Series([None] * len(rows), dtype="object")
        dtype = str(spec.dtype)
        if dtype.startswith("datetime64"):
            typed[column] = pd.to_datetime(values).astype("datetime64[us]")
        elif dtype in ("Int64", "boolean", "float64"):
            typed[column] = values.astype(dtype)
        else:
            typed[column] = values.astype("str")
    typed["_file"] = f"{dataset}.csv"
    typed["_row"] = range(2, len(rows) + 2)
    return typed


def register_row(**values: Any) -> pd.Series:
    base = {
        "cluster_id": "demo",
        "name": "Demo cluster",
        "leader_name": "Aino Koskinen",
        "strategy_ref": "S-1",
        "strategy_approved_on": "2024-01-01",
        "plan_ref": "P-1",
        "plan_approved_on": "2026-01-01",
        "website_url": "https://demo.example.fi",
        "steering_group_companies": 2,
    }
    base.update(values)
    return frame("clusters", [base]).iloc[0]


def context(
    cluster: pd.Series | None = None,
    period: Period = Q3,
    absent: frozenset[str] = frozenset(),
    rejected: dict[str, int] | None = None,
    next_website_check: date | None = None,
    **datasets: list[dict[str, Any]] | None,
) -> ClusterContext:
    """A cluster's context; a dataset given as None was not supplied, one left out is empty."""
    rejected = rejected or {}
    slices = {}
    for name in EVIDENCE_DATASETS:
        # label_indicators is optional: left out, it was not supplied.
        rows = datasets.get(name, None if name == "label_indicators" else [])
        slices[name] = DatasetRows(
            name,
            None if rows is None else frame(name, [{"cluster_id": "demo", **r} for r in rows]),
            rejected.get(name, 0),
        )
    return ClusterContext(
        cluster=cluster if cluster is not None else register_row(),
        period=period,
        absent_register_columns=absent,
        next_website_check=next_website_check,
        **slices,
    )
