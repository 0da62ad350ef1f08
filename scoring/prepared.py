"""A criterion's numbers for every cluster at once, and the first evidence rows of each.

The engine prepares them once for the whole portfolio (one vectorised pass per dataset);
a criterion called on a single cluster's context (the tests) prepares its own. Either
way the criterion reads the same shape, so there is one rule, not two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

MAX_EVIDENCE_ROWS = 25


@dataclass(frozen=True)
class Prepared:
    numbers: pd.DataFrame  # indexed by cluster_id
    evidence: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @cached_property
    def _rows(self) -> dict[str, dict[str, Any]]:
        """The numbers as plain Python values per cluster, converted once (a .loc a
        cluster costs more than the criterion itself)."""
        return {str(cluster): {str(k): v for k, v in numbers.items()}
                for cluster, numbers in self.numbers.to_dict("index").items()}

    def numbers_of(self, cluster_id: str) -> dict[str, Any]:
        """The cluster's numbers; zeros when it has no rows."""
        found = self._rows.get(cluster_id)
        return dict(found) if found is not None else dict.fromkeys(self.numbers.columns, 0)

    def evidence_of(self, cluster_id: str) -> list[dict[str, Any]]:
        return self.evidence.get(cluster_id, [])


def first_rows(rows: pd.DataFrame, order: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each cluster's first MAX_EVIDENCE_ROWS rows in `order` (then file and row), as
    records: the few rows a report shows, formatted once for the whole portfolio."""
    if rows.empty:
        return {}
    head = (rows.sort_values(["cluster_id", *order, "_file", "_row"], kind="stable")
            .groupby("cluster_id", sort=False).head(MAX_EVIDENCE_ROWS))
    grouped: dict[str, list[dict[str, Any]]] = {}
    for record in _records(head):
        grouped.setdefault(str(record["cluster_id"]), []).append(record)
    return grouped


def all_rows(rows: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """Every row of each cluster, as records, in the frame's order (for a dataset whose
    rows are few and all shown, such as a Gold self-assessment's indicators)."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for record in _records(rows):
        grouped.setdefault(str(record["cluster_id"]), []).append(record)
    return grouped


def last_rows(rows: pd.DataFrame, order: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each cluster's last row in `order` (then row number), as a one-record list: the
    latest evaluation or website check, picked for the whole portfolio in one sort."""
    if rows.empty:
        return {}
    last = (rows.sort_values(["cluster_id", *order, "_row"], kind="stable")
            .groupby("cluster_id", sort=False).tail(1))
    return {str(record["cluster_id"]): [record] for record in _records(last)}


def _records(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as records, an empty cell as None (whatever its column's missing value)."""
    columns = [str(name) for name in rows.columns]
    missing = rows.isna().to_numpy()
    values = rows.astype(object).to_numpy()
    values[missing] = None
    return [dict(zip(columns, row, strict=True)) for row in values.tolist()]


def counts(flags: pd.DataFrame) -> pd.DataFrame:
    """Boolean columns summed per cluster_id (as int)."""
    return flags.groupby("cluster_id", sort=False).sum().astype("int64")
