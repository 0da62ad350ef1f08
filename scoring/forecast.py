"""How long each status holds: the same inputs evaluated as of later dates.

A status can change only on an as-of date where something in the inputs changes: a
dated row takes effect or ends (its date, the day after), or leaves a window or ages
past a limit (its date plus one of the rules' durations). Those dates are found for
every date cell of a cluster's rows, generically, and the cluster is evaluated on each of
them by the same engine and criteria as the evaluation itself, in date order, until each
status has dropped or the horizon is reached. No criterion has a second formula here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import pandas as pd
from dateutil.relativedelta import relativedelta
from pydantic import BaseModel

from scoring.model import ClusterResult, Drop, Status, Verdict, verdict_of
from scoring.period import Period, evaluation_dates, months_before

HORIZON_MONTHS = 24
# met > partially_met > not_met > insufficient_data: "lower" is a smaller rank.
STATUS_RANK = {Status.MET: 3, Status.PARTIALLY_MET: 2, Status.NOT_MET: 1,
               Status.INSUFFICIENT_DATA: 0}
VERDICT_RANK = {Verdict.MEETS: 2, Verdict.PARTIALLY_MEETS: 1, Verdict.DOES_NOT_MEET: 0}
VERDICT_KEY = "verdict"

# Evaluates the clusters as of a period, for the criteria named (None: all of them).
EvaluateAt = Callable[[Period, list[str], set[str] | None], list[ClusterResult]]


@dataclass(frozen=True)
class Hold:
    """The last as-of date with at least the current status, and the status after it;
    both None when nothing in the inputs lowers it within the horizon."""

    holds_until: date | None = None
    drops_to: str | None = None


@dataclass(frozen=True)
class Sensitivity:
    """What can change a criterion's status as time passes: the dated rows of the datasets
    it reads (beside the register's and the decisions', always read), and the durations
    its rules and window measure from a row's date."""

    datasets: tuple[str, ...]
    days: frozenset[int] = frozenset()
    months: frozenset[int] = frozenset()

    @classmethod
    def of(cls, datasets: tuple[str, ...], section: BaseModel, window: frozenset[int]
           ) -> Sensitivity:
        """The durations are the rules section's fields named *_days and *_months, and
        `window`: the months of the period's window a criterion counts rows in (its
        length, and its quarter slices for a criterion that reads them)."""
        days = {value for name, value in dict(section).items()
                if name.endswith("_days") and isinstance(value, int)}
        months = {value for name, value in dict(section).items()
                  if name.endswith("_months") and isinstance(value, int)} | window
        return cls(("clusters", "decisions", *datasets), frozenset(days), frozenset(months))


@cache
def month_crossing(day: date, months: int) -> date:
    """The first as-of date X with months_before(X, months) >= day: where a row dated
    `day` leaves a window of that many months (or a month-limit of age)."""
    x = day + relativedelta(months=months) - timedelta(days=7)
    while months_before(x, months) < day:
        x += timedelta(days=1)
    return x


@cache
def shifted(day: date, days: frozenset[int], months: frozenset[int]) -> frozenset[date]:
    """The as-of dates where a row dated `day` may change a status: the day itself, the
    day after, and both shifted by each duration. A shift past the calendar's end (a row
    dated 9999-12-20) is no date at all, and left out."""
    found = set()
    for start in (day, day + timedelta(days=1)) if day < date.max else (day,):
        found.add(start)
        for n in days:
            with suppress(OverflowError, ValueError):
                found.add(start + timedelta(days=n))
        for m in months:
            with suppress(OverflowError, ValueError):
                found.add(month_crossing(start, m))
    return frozenset(found)


def dated_cells(frames: Mapping[str, pd.DataFrame | None]) -> pd.DataFrame:
    """(cluster_id, dataset, day) for every date cell of every frame, once each."""
    pieces = []
    for name, frame in frames.items():
        if frame is None or frame.empty:
            continue
        for column in frame.columns:
            if pd.api.types.is_datetime64_any_dtype(frame[column]):
                cells = frame[["cluster_id", column]].dropna()
                pieces.append(pd.DataFrame({"cluster_id": cells["cluster_id"].astype(str),
                                            "dataset": name,
                                            "day": cells[column].dt.normalize()}))
    if not pieces:
        return pd.DataFrame({"cluster_id": [], "dataset": [], "day": []})
    return pd.concat(pieces, ignore_index=True).drop_duplicates()


def change_dates(cells: pd.DataFrame, sensitivity: Sensitivity, after: date,
                 until: date) -> dict[date, set[str]]:
    """The dates in (after, until] where a criterion of that sensitivity may change, each
    with the clusters it may change for."""
    mine = cells[cells["dataset"].isin(sensitivity.datasets).to_numpy(dtype=bool)]
    found: dict[date, set[str]] = {}
    for stamp, clusters in mine.groupby("day", sort=False)["cluster_id"]:
        members = set(clusters)
        for day in shifted(pd.Timestamp(str(stamp)).date(), sensitivity.days,
                           sensitivity.months):
            if after < day <= until:
                found.setdefault(day, set()).update(members)
    return found


@dataclass
class _Watch:
    """One criterion of one cluster: the first date its status falls below the current
    one, and (while the cluster's verdict is partially_meets) the first date it is not
    met, which lowers the verdict."""

    rank: int
    wants_not_met: bool
    drop: tuple[date, Status] | None = None
    not_met_on: date | None = None

    @property
    def open(self) -> bool:
        return (self.rank > 0 and self.drop is None) or (
            self.wants_not_met and self.not_met_on is None)

    def see(self, day: date, status: Status) -> None:
        if self.drop is None and STATUS_RANK[status] < self.rank:
            self.drop = (day, status)
        if self.not_met_on is None and status is Status.NOT_MET:
            self.not_met_on = day


def holds(results: list[ClusterResult], period: Period,
          frames: Mapping[str, pd.DataFrame | None], sensitivities: Mapping[str, Sensitivity],
          evaluate_at: EvaluateAt) -> dict[str, dict[str, Hold]]:
    """Per cluster, per criterion id and "verdict": how long its status holds.

    Each criterion is evaluated, in date order, on the dates where its inputs change,
    until its status drops (and, while the verdict is partially_meets, until it is not
    met). The verdict follows from the criteria: `meets` drops with the first criterion
    that drops, `partially_meets` with the first that is not met. Statuses at the bottom
    (insufficient data, does not meet) cannot drop and hold no date."""
    until = period.as_of + relativedelta(months=HORIZON_MONTHS)
    cells = dated_cells(frames)
    watches: dict[str, dict[str, _Watch]] = {}
    for result in results:
        partial = result.verdict is Verdict.PARTIALLY_MEETS
        watches[result.cluster_id] = {
            c.id: _Watch(STATUS_RANK[c.status], partial and c.status is not Status.NOT_MET)
            for c in result.criteria}
    watching = {key: {cluster_id for cluster_id, mine in watches.items() if mine[key].open}
                for key in sensitivities}
    agenda: dict[date, dict[str, set[str]]] = {}
    for key, sensitivity in sensitivities.items():
        for day, clusters in change_dates(cells, sensitivity, period.as_of, until).items():
            agenda.setdefault(day, {})[key] = clusters
    for day in sorted(agenda):
        due = {key: clusters & watching[key] for key, clusters in agenda[day].items()}
        due = {key: clusters for key, clusters in due.items() if clusters}
        if not due:
            continue
        chosen = sorted(set().union(*due.values()))
        for later in evaluate_at(Period(day, period.window_months), chosen, set(due)):
            for criterion in later.criteria:
                if later.cluster_id in due.get(criterion.id, ()):
                    watch = watches[later.cluster_id][criterion.id]
                    watch.see(day, criterion.status)
                    if not watch.open:
                        watching[criterion.id].discard(later.cluster_id)
    return {result.cluster_id: _holds_of(result, watches[result.cluster_id])
            for result in results}


def _holds_of(result: ClusterResult, watches: dict[str, _Watch]) -> dict[str, Hold]:
    found = {key: Hold(w.drop[0] - timedelta(days=1), w.drop[1].value)
             for key, w in watches.items() if w.drop is not None}
    if result.verdict is Verdict.MEETS:
        drops = [w.drop for w in watches.values() if w.drop is not None]
        if drops:
            first = min(day for day, _ in drops)
            statuses = [w.drop[1] if w.drop is not None and w.drop[0] == first else Status.MET
                        for w in watches.values()]
            found[VERDICT_KEY] = Hold(first - timedelta(days=1), verdict_of(statuses).value)
    elif result.verdict is Verdict.PARTIALLY_MEETS:
        not_met = [w.not_met_on for w in watches.values() if w.not_met_on is not None]
        if not_met:
            found[VERDICT_KEY] = Hold(min(not_met) - timedelta(days=1),
                                      Verdict.DOES_NOT_MEET.value)
    return found


@dataclass(frozen=True)
class Outlook:
    """What the quarterly evaluations of the horizon would see on the same inputs: the
    statuses as of the next one, and every drop any of them would see, soonest first."""

    next_evaluation: date
    at_next_evaluation: dict[str, Status]
    drops: tuple[Drop, ...]

    @property
    def verdict_at_next_evaluation(self) -> Verdict:
        return verdict_of(list(self.at_next_evaluation.values()))


@dataclass(frozen=True)
class _Search:
    """A drop seen by the evaluation `seen_by`: the first day of its lower status lies in
    (after, seen_by], on a date where the criterion's inputs change."""

    cluster_id: str
    criterion: str
    before: Status
    drops_to: Status
    after: date
    seen_by: date


def outlooks(results: list[ClusterResult], period: Period,
             frames: Mapping[str, pd.DataFrame | None],
             sensitivities: Mapping[str, Sensitivity],
             evaluate_at: EvaluateAt) -> dict[str, Outlook]:
    """Per cluster: each quarterly evaluation of the horizon as the same inputs would
    give it. A criterion whose status there is lower than the one before (now, or the
    previous quarterly evaluation's) drops; its date is the first day of the lower status
    that lasts until that evaluation, found on the criterion's change dates in between. A
    dip that recovers before the evaluation is not a drop: no evaluation sees it."""
    dates = evaluation_dates(period.as_of, HORIZON_MONTHS)
    clusters = [result.cluster_id for result in results]
    seen_at = {day: {later.cluster_id: {c.id: c.status for c in later.criteria}
                     for later in evaluate_at(Period(day, period.window_months), clusters,
                                              None)}
               for day in dates}
    searches = []
    for result in results:
        seen = {criterion.id: criterion.status for criterion in result.criteria}
        after = period.as_of
        for day in dates:
            for key, status in seen_at[day][result.cluster_id].items():
                if STATUS_RANK[status] < STATUS_RANK[seen[key]]:
                    searches.append(_Search(result.cluster_id, key, seen[key], status, after,
                                            day))
                seen[key] = status
            after = day
    starts = _first_days_of_drops(searches, period, frames, sensitivities, evaluate_at)
    found: dict[str, list[Drop]] = {cluster_id: [] for cluster_id in clusters}
    for search in searches:
        found[search.cluster_id].append(Drop(search.criterion, search.before, starts[search],
                                             search.drops_to, search.seen_by))
    return {cluster_id: Outlook(dates[0], seen_at[dates[0]][cluster_id],
                                tuple(sorted(drops, key=lambda d: (d.drops_on, d.criterion))))
            for cluster_id, drops in found.items()}


def _first_days_of_drops(searches: list[_Search], period: Period,
                         frames: Mapping[str, pd.DataFrame | None],
                         sensitivities: Mapping[str, Sensitivity],
                         evaluate_at: EvaluateAt) -> dict[_Search, date]:
    """Each search's first day: the change date after the last one in its span on which
    the status was not lower than before (the span's first change date when none was)."""
    if not searches:
        return {}
    cells = dated_cells(frames)
    until = max(search.seen_by for search in searches)
    changes = {key: change_dates(cells, sensitivities[key], period.as_of, until)
               for key in {search.criterion for search in searches}}
    candidates = {search: sorted(day for day, clusters in changes[search.criterion].items()
                                 if search.after < day <= search.seen_by
                                 and search.cluster_id in clusters)
                  for search in searches}
    agenda: dict[date, dict[str, set[str]]] = {}
    for search, days in candidates.items():
        for day in days:
            agenda.setdefault(day, {}).setdefault(search.criterion, set()).add(
                search.cluster_id)
    status_on: dict[tuple[date, str, str], Status] = {}
    for day in sorted(agenda):
        due = agenda[day]
        chosen = sorted(set().union(*due.values()))
        for later in evaluate_at(Period(day, period.window_months), chosen, set(due)):
            for criterion in later.criteria:
                status_on[day, later.cluster_id, criterion.id] = criterion.status
    starts = {}
    for search, days in candidates.items():
        start = days[0] if days else search.after + timedelta(days=1)
        for n, day in enumerate(days):
            status = status_on[day, search.cluster_id, search.criterion]
            if STATUS_RANK[status] >= STATUS_RANK[search.before] and n + 1 < len(days):
                start = days[n + 1]
        starts[search] = start
    return starts


def subset(frame: pd.DataFrame | None, clusters: set[str]) -> pd.DataFrame | None:
    """The rows of `clusters` (None when there is no frame)."""
    if frame is None:
        return None
    return frame[frame["cluster_id"].isin(clusters).to_numpy(dtype=bool)]
