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
    verdicts = _verdict_holds(results, ranks, ids)
    evaluations = evaluation_dates(period.as_of, HORIZON_MONTHS)
    columns = [day_number(day) - day_number(days[0]) for day in evaluations]
    drops = {key: _drops(ranks[key], now[key], columns) for key in ids}
    verdict_falls = _verdict_falls(results, ranks, ids, columns[0])
    found = {}
    for n, result in enumerate(clusters):
        mine = {key: Hold(_day(days, period, first - 1),
                          STATUS_OF_RANK[int(ranks[key][n, first])].value)
                for key in ids if (first := int(holds[key][n])) >= 0}
        if (verdict := verdicts[n]) is not None:
            mine[VERDICT_KEY] = Hold(_day(days, period, verdict[0] - 1), verdict[1].value)
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


def _verdict_holds(results: list[ClusterResult], ranks: dict[str, np.ndarray],
                   ids: list[str]) -> list[tuple[int, Verdict] | None]:
    """Per cluster: the first day index its verdict is lower, and the verdict then.
    `meets` drops with the first criterion that drops, `partially_meets` with the first
    criterion not met; `does_not_meet` cannot drop."""
    stacked = np.stack([ranks[key] for key in ids])  # criteria x clusters x days
    below_met = (stacked < RANK[Status.MET]).any(axis=0)
    not_met = (stacked == RANK[Status.NOT_MET]).any(axis=0)
    verdicts = np.array([result.verdict.value for result in results], dtype=object)
    falls = np.where((verdicts == Verdict.MEETS.value)[:, None], below_met,
                     (verdicts == Verdict.PARTIALLY_MEETS.value)[:, None] & not_met)
    first = falls.argmax(axis=1)
    then = stacked[:, np.arange(len(results)), first]  # criteria x clusters
    worst = np.where((then == RANK[Status.NOT_MET]).any(axis=0), Verdict.DOES_NOT_MEET.value,
                     np.where((then == RANK[Status.MET]).all(axis=0), Verdict.MEETS.value,
                              Verdict.PARTIALLY_MEETS.value))
    return [(int(first[n]), Verdict(str(worst[n]))) if falls[n].any() else None
            for n in range(len(results))]


def _verdict_ranks(ranks: dict[str, np.ndarray], ids: list[str]) -> np.ndarray:
    """clusters x days: the verdict's rank (as VERDICT_RANK) from the criteria's ranks."""
    stacked = np.stack([ranks[key] for key in ids])
    return np.where((stacked == RANK[Status.NOT_MET]).any(axis=0), 0,
                    np.where((stacked == RANK[Status.MET]).all(axis=0), 2, 1))


def _verdict_falls(results: list[ClusterResult], ranks: dict[str, np.ndarray],
                   ids: list[str], column: int) -> np.ndarray:
    """Per cluster: the first day index of a verdict lower than now that lasts until the
    evaluation at `column`; -1 when that evaluation's verdict is not lower."""
    verdicts = _verdict_ranks(ranks, ids)[:, : column + 1]
    now = np.array([VERDICT_RANK[result.verdict] for result in results])
    lower = verdicts[:, -1] < now
    held = verdicts >= now[:, None]
    last_held = np.where(held.any(axis=1), held.shape[1] - 1 - held[:, ::-1].argmax(axis=1), -1)
    return np.where(lower, last_held + 1, -1)


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
            span = ranks[dropped, previous + 1: column + 1]
            held = span >= before[dropped, None]
            last_held = np.where(held.any(axis=1),
                                 span.shape[1] - 1 - held[:, ::-1].argmax(axis=1), -1)
            for n, last in zip(dropped, last_held, strict=True):
                found[n].append((j, previous + 1 + int(last) + 1, int(before[n]),
                                 int(seen[n])))
        before = seen.astype("int8")
        previous = column
    return found
