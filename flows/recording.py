"""Where runs are remembered: the state folder and the history database, resolved once at
the edge (command line or deployment), and how a run learns its revision and history."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from reports.history import TREND_QUARTERS, History, Snapshot, earlier_quarters, load_snapshot
from scoring.period import Period
from store.history import default_url, open_history, period_document

STATE_ENV = "CLUSTEREVAL_STATE_DIR"
HISTORY_ENV = "CLUSTEREVAL_HISTORY_URL"


_ENGINES: dict[str, Engine] = {}  # one engine (and its pool) per history, per process


@dataclass(frozen=True)
class Runtime:
    state_dir: Path
    history_url: str

    def engine(self) -> Engine:
        """The history's engine, opened (and migrated) once per process."""
        if self.history_url not in _ENGINES:
            _ENGINES[self.history_url] = open_history(self.history_url)
        return _ENGINES[self.history_url]


def resolve_runtime(state_dir: str | None, history_url: str | None) -> Runtime:
    """A parameter wins; then CLUSTEREVAL_STATE_DIR / CLUSTEREVAL_HISTORY_URL; then
    ./.state with a SQLite file in it."""
    state = Path(state_dir or os.environ.get(STATE_ENV) or ".state")
    url = history_url or os.environ.get(HISTORY_ENV) or default_url(state)
    return Runtime(state, url)


def trigger_of(triggered_by: str | None) -> tuple[str, str | None, str | None]:
    """(schedule | manual, by whom when known, flow run id) from the running flow."""
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    run = context.flow_run if context else None
    if run is None:
        return "manual", triggered_by, None
    created_by = getattr(run, "created_by", None)
    who = triggered_by or (getattr(created_by, "display_value", None) if created_by else None)
    return ("schedule" if run.auto_scheduled else "manual"), who, str(run.id)


def earlier_history(engine: Engine, out_dir: Path, period: Period, current: Snapshot
                    ) -> History:
    """The previous quarters' latest revisions from the history database; a quarter
    published before the database existed is read from its results.json."""
    snapshots = []
    for label in earlier_quarters(period, TREND_QUARTERS - 1):
        document = period_document(engine, label)
        snapshots.append(Snapshot.from_document(document) if document
                         else load_snapshot(out_dir, label))
    found = [snapshot for snapshot in snapshots if snapshot is not None]
    return History(previous=snapshots[0], quarters=(*reversed(found), current))
