"""Statuses for many (cluster, date) pairs at once: each criterion's `measure` and
`judge` over a grid, and the decisions in force applied on it.

An evaluation is the grid with one date; the forecast (scoring/forecast.py) is the same
grid with every day of its horizon. Dates are whole days counted from 1970-01-01 (int64),
so windows are `searchsorted` over rows sorted by (cluster, day): one pass per question,
no loop per cluster or per date, no cross join of rows and dates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

import numpy as np
import pandas as pd

from scoring.model import Status
from scoring.period import months_before

EPOCH = date(1970, 1, 1)
NO_DAY = np.iinfo(np.int64).min  # an empty date cell
LAST_DAY = np.int64((date(9999, 12, 31) - date(1970, 1, 1)).days)  # "open-ended"
# Cluster codes and days share one sortable key: code * SPAN + OFFSET + day, every day
# from year -20000 to 9999 lying within [0, SPAN) once offset.
SPAN = np.int64(1 << 25)
OFFSET = np.int64(1 << 23)
# Statuses on a grid are ranks (int8): lower is worse, as the forecast compares them.
RANK = {Status.MET: 3, Status.PARTIALLY_MET: 2, Status.NOT_MET: 1, Status.INSUFFICIENT_DATA: 0}
STATUS_OF_RANK = {rank: status for status, rank in RANK.items()}


def day_number(day: date) -> int:
    return (day - EPOCH).days


def day_of(number: int) -> date:
    return EPOCH + timedelta(days=int(number))


def days_of(column: pd.Series) -> np.ndarray:
    """A date column as day numbers; NO_DAY where empty."""
    stamps = pd.to_datetime(column).to_numpy(dtype="datetime64[D]")
    found = stamps.astype("int64")
    found[np.isnat(stamps)] = NO_DAY
    return found


@dataclass(frozen=True)
class Grid:
    """(cluster, day) pairs: `codes` are the clusters' places in the register
    (Inputs.clusters), `days` day numbers; `clusters` names the grid's own clusters."""

    clusters: tuple[str, ...]
    codes: np.ndarray
    days: np.ndarray
    window_months: int = 12

    @classmethod
    def of(cls, inputs: Inputs, clusters: list[str], days: list[date],
           window_months: int = 12) -> Grid:
        """Each of `clusters` on every day of `days`, cluster by cluster (so a criterion's
        ranks reshape to clusters x days)."""
        numbers = np.array([day_number(day) for day in days], dtype="int64")
        known = inputs.codes_of(pd.Series(clusters, dtype="str"))
        codes = np.repeat(known, len(numbers))
        return cls(tuple(clusters), codes, np.tile(numbers, len(clusters)), window_months)

    def __len__(self) -> int:
        return len(self.codes)

    @cached_property
    def _unique_days(self) -> tuple[np.ndarray, np.ndarray]:
        return np.unique(self.days, return_inverse=True)

    def per_day(self, compute: Callable[[date], date]) -> np.ndarray:
        """A date computed once per distinct day of the grid (a window's start, say), as
        day numbers for every pair."""
        unique, inverse = self._unique_days
        computed = np.array([day_number(compute(day_of(day))) for day in unique],
                            dtype="int64")
        return computed[inverse]

    def months_back(self, months: int) -> np.ndarray:
        """The first day of a window of `months` ending on each pair's day."""
        return self.per_day(lambda day: months_before(day, months) + timedelta(days=1))


@dataclass(frozen=True)
class Inputs:
    """What every criterion measures from: the register (a row per cluster, in the grid's
    cluster order), the valid rows of each dataset (None: not supplied), the rows set
    aside per dataset and cluster, and the columns each register file lacked."""

    register: pd.DataFrame
    datasets: Mapping[str, pd.DataFrame | None]
    rejected: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    absent_register_columns: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @cached_property
    def clusters(self) -> tuple[str, ...]:
        return tuple(str(cluster) for cluster in self.register["cluster_id"])

    @cached_property
    def _index(self) -> pd.Index:
        return pd.Index(self.clusters, dtype="str")

    def codes_of(self, cluster_ids: pd.Series) -> np.ndarray:
        """Each row's cluster code; -1 for a cluster not in the register."""
        return self._index.get_indexer(pd.Index(cluster_ids.astype("str"))).astype("int64")

    def unavailable(self, dataset: str) -> np.ndarray:
        """Per cluster: the dataset was not supplied, or every row of the cluster was set
        aside (an empty frame then means "could not read", not "none")."""
        frame = self.datasets.get(dataset)
        if frame is None:
            return np.ones(len(self.clusters), dtype=bool)
        present = np.zeros(len(self.clusters), dtype=bool)
        codes = self.codes_of(frame["cluster_id"])
        present[codes[codes >= 0]] = True
        set_aside = self.rejected.get(dataset, {})
        rejected = np.array([set_aside.get(cluster, 0) > 0 for cluster in self.clusters],
                            dtype=bool)
        return ~present & rejected

    def absent(self, column: str) -> np.ndarray:
        """Per cluster: its register file had no such column at all."""
        files = self.register["_file"].astype("str")
        return np.array([column in self.absent_register_columns.get(file, frozenset())
                         for file in files], dtype=bool)

    def register_column(self, column: str) -> pd.Series:
        if column in self.register:
            return self.register[column].reset_index(drop=True)
        return pd.Series([None] * len(self.clusters), dtype="object")


class DatedRows:
    """One dataset's rows (those kept by `keep`) sorted by cluster, day and row, for
    windows and "the latest on or before" over a grid."""

    def __init__(self, inputs: Inputs, frame: pd.DataFrame | None, day_column: str,
                 keep: np.ndarray | None = None) -> None:
        if frame is None or frame.empty:
            self.keys = np.empty(0, dtype="int64")
            self.positions = np.empty(0, dtype="int64")
            return
        codes = inputs.codes_of(frame["cluster_id"])
        days = days_of(frame[day_column])
        wanted = (codes >= 0) & (days != NO_DAY)
        if keep is not None:
            wanted &= keep
        rows = frame["_row"].to_numpy(dtype="int64") if "_row" in frame else np.zeros(
            len(frame), dtype="int64")
        position = np.arange(len(frame), dtype="int64")
        chosen = np.flatnonzero(wanted)
        # The same order as the one-date path: cluster, day, row number, then file order.
        order = np.lexsort((position[chosen], rows[chosen], days[chosen], codes[chosen]))
        self.positions = chosen[order]
        self.keys = codes[self.positions] * SPAN + OFFSET + days[self.positions]

    def count_between(self, grid: Grid, first: np.ndarray, last: np.ndarray) -> np.ndarray:
        """Per pair: rows of its cluster dated from `first` to `last`, both included."""
        base = grid.codes * SPAN + OFFSET
        return (np.searchsorted(self.keys, base + last, side="right")
                - np.searchsorted(self.keys, base + first, side="left"))

    def latest_until(self, grid: Grid, last: np.ndarray) -> np.ndarray:
        """Per pair: the frame position of its cluster's latest row dated on or before
        `last` (the last in row order among that day's), or -1 when there is none."""
        at = np.searchsorted(self.keys, grid.codes * SPAN + OFFSET + last, side="right") - 1
        found = np.full(len(grid), -1, dtype="int64")
        valid = at >= 0
        same = np.zeros(len(grid), dtype=bool)
        same[valid] = (self.keys[at[valid]] // SPAN) == grid.codes[valid]
        found[same] = self.positions[at[same]]
        return found


def statuses(conditions: list[tuple[np.ndarray, Status]], default: Status) -> np.ndarray:
    """The rank of the first status whose condition holds, pair by pair."""
    return np.select([condition for condition, _ in conditions],
                     [np.int8(RANK[status]) for _, status in conditions],
                     default=np.int8(RANK[default])).astype("int8")


def per_cluster(values: np.ndarray, grid: Grid) -> np.ndarray:
    """A value per cluster spread over the grid's pairs."""
    return np.asarray(values)[grid.codes]


def merge_intervals(intervals: pd.DataFrame) -> pd.DataFrame:
    """(code, key, first, last) day intervals, both ends included, merged per code and key
    where they overlap or touch: a key then covers a day through one interval at most."""
    if intervals.empty:
        return intervals[["code", "first", "last"]]
    ordered = intervals.sort_values(["code", "key", "first"], kind="stable")
    group = ordered.groupby(["code", "key"], sort=False).ngroup().to_numpy(dtype="int64")
    first = ordered["first"].to_numpy(dtype="int64") + OFFSET
    last = ordered["last"].to_numpy(dtype="int64") + OFFSET
    # A running maximum of the ends within each group: groups lifted apart by SPAN.
    reach = np.maximum.accumulate(group * SPAN + last) - group * SPAN
    previous = np.concatenate([[np.int64(-1)], reach[:-1]])
    starts = np.concatenate([[True], group[1:] != group[:-1]]) | (first > previous[:] + 1)
    run = np.cumsum(starts) - 1
    merged = pd.DataFrame({"code": ordered["code"].to_numpy(dtype="int64"), "run": run,
                           "first": first, "last": last})
    spans = merged.groupby("run", sort=False).agg(code=("code", "first"),
                                                   first=("first", "min"),
                                                   last=("last", "max"))
    return pd.DataFrame({"code": spans["code"].to_numpy(),
                         "first": spans["first"].to_numpy() - OFFSET,
                         "last": spans["last"].to_numpy() - OFFSET})


def covering(intervals: pd.DataFrame, grid: Grid) -> np.ndarray:
    """Per pair: how many of its cluster's (disjoint per key) intervals cover its day."""
    if intervals.empty:
        return np.zeros(len(grid), dtype="int64")
    codes = intervals["code"].to_numpy(dtype="int64") * SPAN + OFFSET
    firsts = np.sort(codes + intervals["first"].to_numpy(dtype="int64"))
    lasts = np.sort(codes + intervals["last"].to_numpy(dtype="int64"))
    base = grid.codes * SPAN
    query = base + OFFSET + grid.days
    started = np.searchsorted(firsts, query, side="right") - np.searchsorted(firsts, base)
    ended = np.searchsorted(lasts, query, side="left") - np.searchsorted(lasts, base)
    return started - ended
