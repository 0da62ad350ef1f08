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


def default_state_dir() -> Path:
    """The user's data folder (XDG_DATA_HOME, else ~/.local/share) / clustereval: the same
    whatever folder a command runs in."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "clustereval"


def resolve_runtime(state_dir: str | None, history_url: str | None) -> Runtime:
    """A parameter wins; then CLUSTEREVAL_STATE_DIR / CLUSTEREVAL_HISTORY_URL; then the
    user's data folder with a SQLite file in it. Always an absolute path: a deployment's
    worker and the command line agree on it."""
    state = Path(state_dir or os.environ.get(STATE_ENV) or default_state_dir()).absolute()
    url = history_url or os.environ.get(HISTORY_ENV) or default_url(state)
    return Runtime(state, url)


def describe(runtime: Runtime) -> str:
    """Which history a command uses, for its first line: where, and how to choose another."""
    where = runtime.history_url
    if where.startswith("sqlite:///"):
        where = where.removeprefix("sqlite:///")
    elif "@" in where:  # a password in a PostgreSQL URL is not printed
        scheme, rest = where.split("://", 1)
        where = f"{scheme}://{rest.split('@', 1)[1]}"
    chosen = ("CLUSTEREVAL_HISTORY_URL" if os.environ.get(HISTORY_ENV)
              else "CLUSTEREVAL_STATE_DIR" if os.environ.get(STATE_ENV) else "the default")
    return f"history: {where} ({chosen})"


def check_state_folder(runtime: Runtime) -> None:
    """The state folder exists or can be made, and this user can write in it; else an
    input error naming it and how to choose another."""
    from ingest.errors import InputError

    folder = runtime.state_dir
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise InputError(f"The state folder {folder} (the history and the archived inputs) "
                         f"cannot be used: {error.strerror or error}. Set "
                         f"{STATE_ENV} to a folder you can write.") from None


def history_exists(runtime: Runtime) -> bool:
    """Whether there is a history to read; only a SQLite file can be absent (a PostgreSQL
    database is the operator's, made before)."""
    if runtime.history_url.startswith("sqlite:///"):
        return Path(runtime.history_url.removeprefix("sqlite:///")).exists()
    return True


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


def deployment_run() -> dict[str, str] | None:
    """The flow run's id and name and its deployment's id, when a deployment started it
    (a schedule, the UI, `prefect deployment run`); None for a command-line run."""
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    run = context.flow_run if context else None
    if run is None or run.deployment_id is None:
        return None
    return {"flow_run_id": str(run.id), "flow_run_name": str(run.name),
            "deployment_id": str(run.deployment_id)}


def earlier_history(engine: Engine, out_dir: Path, period: Period, current: Snapshot
                    ) -> History:
    """The previous quarters' latest revisions in this output folder from the history
    database; a quarter published before the database existed is read from its
    results.json."""
    snapshots = []
    for label in earlier_quarters(period, TREND_QUARTERS - 1):
        document = period_document(engine, label, str((out_dir / label).resolve()))
        snapshots.append(Snapshot.from_document(document) if document
                         else load_snapshot(out_dir, label))
    found = [snapshot for snapshot in snapshots if snapshot is not None]
    return History(previous=snapshots[0], quarters=(*reversed(found), current))
