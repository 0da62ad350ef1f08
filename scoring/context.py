"""What a criterion sees of one cluster: its register row and its rows of each dataset."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import pandas as pd

from scoring.evidence import Evidence
from scoring.period import Period
from scoring.prepared import Prepared


@dataclass(frozen=True)
class DatasetRows:
    """One cluster's valid rows of one dataset, and whether they can be trusted as complete.

    `rows` is None when the dataset was not supplied at all. `rejected` counts the
    cluster's rows that validation set aside: when every row was set aside, an
    empty frame means "we could not read the evidence", not "there is none".

    The engine gives the whole dataset (`frame`), the cluster and its row count instead
    of cutting every dataset per cluster: the criteria read prepared numbers, so the
    cluster's own rows are cut only if something asks for them.
    """

    dataset: str
    frame: pd.DataFrame | None  # the cluster's rows, or the portfolio's when `cluster` is set
    rejected: int = 0
    cluster: str | None = None
    count: int = 0  # the cluster's rows in `frame`, when `cluster` is set

    @cached_property
    def rows(self) -> pd.DataFrame | None:
        if self.frame is None or self.cluster is None:
            return self.frame
        return self.frame[self.frame["cluster_id"] == self.cluster]

    @property
    def supplied(self) -> bool:
        return self.frame is not None

    @property
    def all_rejected(self) -> bool:
        if self.frame is None:
            return False
        size = self.count if self.cluster is not None else len(self.frame)
        return size == 0 and self.rejected > 0

    @property
    def unavailable(self) -> bool:
        return self.frame is None or self.all_rejected

    def valid(self) -> pd.DataFrame:
        rows = self.rows
        if rows is None:
            raise ValueError(f"dataset {self.dataset} was not supplied")
        return rows


@dataclass(frozen=True)
class ClusterContext:
    cluster: Mapping[str, Any]  # the register row, typed (a record, or a pandas row)
    period: Period
    agreements: DatasetRows
    activities: DatasetRows
    dialogue: DatasetRows
    evaluations: DatasetRows
    website_checks: DatasetRows
    # The Gold self-assessment (optional; the road to the label, scoring/labels.py).
    label_indicators: DatasetRows = field(
        default_factory=lambda: DatasetRows("label_indicators", None))
    # Register columns the cluster's register file did not have at all.
    absent_register_columns: frozenset[str] = field(default_factory=frozenset)
    # Criteria's numbers prepared by the engine for the whole portfolio (scoring/prepared.py)
    prepared: Mapping[str, Prepared] = field(default_factory=dict)
    # The day the region's scheduled website check next runs (config/schedules.yaml), for
    # the steps addressed to the cluster; None when not known.
    next_website_check: date | None = None

    @property
    def cluster_id(self) -> str:
        return str(self.cluster["cluster_id"])

    def prepare(self, criterion: str, compute: Callable[[], Prepared]) -> Prepared:
        """The engine's prepared numbers, or this cluster's own when called alone."""
        found = self.prepared.get(criterion)
        return found if found is not None else compute()

    @property
    def as_of(self) -> date:
        return self.period.as_of

    def register_value(self, column: str) -> object:
        """The register cell, None when empty."""
        value = self.cluster.get(column)
        return None if value is None or pd.isna(value) else value

    def register_evidence(self, column: str, *parts: object) -> Evidence:
        """The register's cell (its row and column) and the facts it gives."""
        return Evidence.of_row(self.cluster, *parts, column=column)
