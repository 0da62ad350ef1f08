"""How long each status holds, and what the quarterly evaluations ahead would see: the same
inputs judged on every day of the horizon at once.

The criteria's `measure` and `judge` (scoring/grid.py) give every cluster's status on
every day of the 24 months after the as-of date in one pass each; decisions in force
apply on the grid as in an evaluation. Holding dates and drops are then read off the
clusters x days matrix of each criterion: no criterion has a second formula here, and no
date is evaluated alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from dateutil.relativedelta import relativedelta

from scoring.grid import RANK, STATUS_OF_RANK, Grid, Inputs, day_number
from scoring.judged import statuses_on
from scoring.model import ClusterResult, Drop, Status, Verdict, verdict_of
from scoring.period import Period, evaluation_dates
from scoring.rules import Rules

HORIZON_MONTHS = 24
# met > partially_met > not_met > insufficient_data: "lower" is a smaller rank.
STATUS_RANK = RANK
VERDICT_RANK = {Verdict.MEETS: 2, Verdict.PARTIALLY_MEETS: 1, Verdict.DOES_NOT_MEET: 0}
VERDICT_KEY = "verdict"


@dataclass(frozen=True)
class Hold:
    """The last as-of date with at least the current status, and the status after it;
    both None when nothing in the inputs lowers it within the horizon."""

    holds_until: date | None = None
    drops_to: str | None = None


@dataclass(frozen=True)
class Outlook:
    """What the quarterly evaluations of the horizon would see on the same inputs: the
    statuses as of the next one, and every drop any of them would see, soonest first."""

    next_evaluation: date
    at_next_evaluation: dict[str, Status]
    drops: tuple[Drop, ...]
    verdict_falls_on: date | None = None  # the first day of a lower verdict lasting to it

    @property
    def verdict_at_next_evaluation(self) -> Verdict:
        return verdict_of(list(self.at_next_evaluation.values()))


@dataclass(frozen=True)
class Forecast:
    holds: dict[str, Hold]  # criterion id (and VERDICT_KEY) -> its hold
    outlook: Outlook


def forecast(results: list[ClusterResult], inputs: Inputs, period: Period,
             rules: Rules) -> dict[str, Forecast]:
    """Per cluster: how long each status (and the verdict) holds, and the outlook of the
    quarterly evaluations ahead, from its statuses on every day of the horizon."""
    until = period.as_of + relativedelta(months=HORIZON_MONTHS)
    days = [period.as_of + timedelta(days=n)
            for n in range(1, (until - period.as_of).days + 1)]
    clusters = [result.cluster_id for result in results]
    grid = Grid.of(inputs, clusters, days, period.window_months)
    ranks = {key: values.reshape(len(clusters), len(days))
             for key, values in statuses_on(inputs, grid, rules).items()}
    ids = list(ranks)
    now = {key: np.array([RANK[_status(result, key)] for result in results], dtype="int8")
           for key in ids}
    holds = {key: _first_lower(ranks[key], now[key]) for key in ids}
    # The verdict is a rank too: it holds, falls and is seen as the criteria are.
    verdict_ranks = _verdict_ranks(ranks, ids)
    verdict_now = np.array([VERDICT_RANK[result.verdict] for result in results])
    verdict_first = _first_lower(verdict_ranks, verdict_now)
    evaluations = evaluation_dates(period.as_of, HORIZON_MONTHS)
    columns = [day_number(day) - day_number(days[0]) for day in evaluations]
    drops = {key: _drops(ranks[key], now[key], columns) for key in ids}
    # The first day of a lower verdict that lasts until the next evaluation (-1: not lower).
    verdict_falls = np.where(verdict_ranks[:, columns[0]] < verdict_now,
                             _lower_since(verdict_ranks[:, : columns[0] + 1], verdict_now), -1)
    found = {}
    for n, result in enumerate(clusters):
        mine = {key: Hold(_day(days, period, first - 1),
                          STATUS_OF_RANK[int(ranks[key][n, first])].value)
                for key in ids if (first := int(holds[key][n])) >= 0}
        if (first := int(verdict_first[n])) >= 0:
            mine[VERDICT_KEY] = Hold(_day(days, period, first - 1),
                                     VERDICT_OF_RANK[int(verdict_ranks[n, first])].value)
        seen = [Drop(key, STATUS_OF_RANK[before], days[start], STATUS_OF_RANK[after],
                     evaluations[j], STATUS_OF_RANK[int(ranks[key][n, start])])
                for key in ids for (j, start, before, after) in drops[key][n]]
        at_next = {key: STATUS_OF_RANK[int(ranks[key][n, columns[0]])] for key in ids}
        falls = int(verdict_falls[n])
        found[result] = Forecast(mine, Outlook(
            evaluations[0], at_next,
            tuple(sorted(seen, key=lambda d: (d.drops_on, d.criterion))),
            days[falls] if falls >= 0 else None))
    return found


def _status(result: ClusterResult, key: str) -> Status:
    return next(c.status for c in result.criteria if c.id == key)


def _day(days: list[date], period: Period, index: int) -> date:
    """The grid's day at `index`; the as-of date for -1 (the day before the first)."""
    return days[index] if index >= 0 else period.as_of


def _first_lower(ranks: np.ndarray, now: np.ndarray) -> np.ndarray:
    """Per cluster: the first day index with a lower rank than now; -1 when none (and
    for insufficient data, which nothing is lower than)."""
    lower = ranks < now[:, None]
    return np.where(lower.any(axis=1), lower.argmax(axis=1), -1)


VERDICT_OF_RANK = {rank: verdict for verdict, rank in VERDICT_RANK.items()}


def _verdict_ranks(ranks: dict[str, np.ndarray], ids: list[str]) -> np.ndarray:
    """clusters x days: the verdict's rank (as VERDICT_RANK) from the criteria's ranks:
    `meets` with every criterion met, `does_not_meet` with any not met (verdict_of)."""
    stacked = np.stack([ranks[key] for key in ids])
    return np.where((stacked == RANK[Status.NOT_MET]).any(axis=0), 0,
                    np.where((stacked == RANK[Status.MET]).all(axis=0), 2, 1))


def _lower_since(span: np.ndarray, before: np.ndarray) -> np.ndarray:
    """Per row of `span` (the days up to an evaluation): the index of the first day of
    the trailing run lower than `before`: the day after the last day not lower (0 when
    every day is lower)."""
    held = span >= before[:, None]
    return np.where(held.any(axis=1), span.shape[1] - held[:, ::-1].argmax(axis=1), 0)


def _drops(ranks: np.ndarray, now: np.ndarray, columns: list[int]
           ) -> list[list[tuple[int, int, int, int]]]:
    """Per cluster: (evaluation, first day index, rank before, rank seen) for each drop a
    quarterly evaluation would see: its status lower than the one before (now, or the
    previous evaluation's). The first day is the day after the last one since the previous
    evaluation on which the status was not lower, so a dip that recovered is no drop."""
    found: list[list[tuple[int, int, int, int]]] = [[] for _ in range(len(now))]
    before = now.astype("int8")
    previous = -1  # the as-of date: before the first day of the grid
    for j, column in enumerate(columns):
        seen = ranks[:, column]
        # Only a status a cluster can lose drops: not met to insufficient data is no drop.
        dropped = np.flatnonzero((seen < before) & (before >= RANK[Status.PARTIALLY_MET]))
        if len(dropped):
            starts = _lower_since(ranks[dropped, previous + 1: column + 1], before[dropped])
            for n, start in zip(dropped, starts, strict=True):
                found[n].append((j, previous + 1 + int(start), int(before[n]),
                                 int(seen[n])))
        before = seen.astype("int8")
        previous = column
    return found
