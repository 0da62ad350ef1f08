"""A criterion's numbers for every cluster at once, and the first evidence rows of each.

The engine prepares them once for the whole portfolio (one vectorised pass per dataset);
a criterion called on a single cluster's context (the tests) prepares its own. Either
way the criterion reads the same shape, so there is one rule, not two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

MAX_EVIDENCE_ROWS = 25


@dataclass(frozen=True)
class Prepared:
    numbers: pd.DataFrame  # indexed by cluster_id
    evidence: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def numbers_of(self, cluster_id: str) -> dict[str, Any]:
        """The cluster's numbers; zeros when it has no rows."""
        if cluster_id in self.numbers.index:
            return {str(k): v.item() if hasattr(v, "item") else v
                    for k, v in self.numbers.loc[cluster_id].items()}
        return dict.fromkeys(self.numbers.columns, 0)

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
    for record in head.to_dict("records"):
        grouped.setdefault(str(record["cluster_id"]), []).append(
            {str(k): (None if _missing(v) else v) for k, v in record.items()})
    return grouped


def last_rows(rows: pd.DataFrame, order: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each cluster's last row in `order` (then row number), as a one-record list: the
    latest evaluation or website check, picked for the whole portfolio in one sort."""
    if rows.empty:
        return {}
    last = (rows.sort_values(["cluster_id", *order, "_row"], kind="stable")
            .groupby("cluster_id", sort=False).tail(1))
    return {str(record["cluster_id"]): [
        {str(k): (None if _missing(v) else v) for k, v in record.items()}]
        for record in last.to_dict("records")}


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))  # type: ignore[call-overload]


def counts(flags: pd.DataFrame) -> pd.DataFrame:
    """Boolean columns summed per cluster_id (as int)."""
    return flags.groupby("cluster_id", sort=False).sum().astype("int64")
