"""One evaluation of a period at a time.

With the history in SQLite (one machine): an advisory lock on state/locks/<period>.lock
(flock); a second run is refused with a clear message. The operating system releases it
when the process ends, however it ends, so a killed run never leaves it stuck.

With the history in PostgreSQL (runs may come from several machines, so a file on one
of them proves nothing): a PostgreSQL session advisory lock keyed by the period, held on
a connection of its own for the run. A second run waits for the first (up to
`DATABASE_LOCK_WAIT_SECONDS`) and then takes the next revision. The server releases the
lock when the holder's connection ends, a killed process's included.
"""

from __future__ import annotations

import fcntl
import os
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from ingest.errors import InputError

DATABASE_LOCK_WAIT_SECONDS = 900


@contextmanager
def period_lock(state_dir: Path, period: str, engine: Engine | None = None, *,
                wait: bool = True, waiting: Callable[[str], None] | None = None
                ) -> Iterator[None]:
    """Hold the period's lock for the block. `engine`: the history's; on PostgreSQL the
    lock lives in the database. `wait=False`: refuse at once when it is held (on
    PostgreSQL; the file lock always refuses). `waiting` hears who holds it while this
    run waits."""
    if engine is not None and engine.dialect.name == "postgresql":
        with _database_lock(engine, period, wait, waiting):
            yield
    else:
        with _file_lock(state_dir, period):
            yield


def lock_key(period: str) -> int:
    """The advisory lock's key: stable across processes and machines."""
    return zlib.crc32(f"clustereval period {period}".encode())


@contextmanager
def _database_lock(engine: Engine, period: str, wait: bool,
                   waiting: Callable[[str], None] | None) -> Iterator[None]:
    key = lock_key(period)
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        me = f"clustereval pid {os.getpid()} on {os.uname().nodename}"
        connection.execute(text("SELECT set_config('application_name', :me, false)"),
                           {"me": me[:63]})
        taken = connection.execute(text("SELECT pg_try_advisory_lock(:key)"),
                                   {"key": key}).scalar_one()
        if not taken:
            holder = _holder(connection, key)
            if not wait:
                raise _busy(period, holder)
            if waiting is not None:
                waiting(holder)
            connection.execute(text(f"SET lock_timeout = '{DATABASE_LOCK_WAIT_SECONDS}s'"))
            try:
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
            except OperationalError as error:
                raise _busy(period, holder) from error
            connection.execute(text("SET lock_timeout = 0"))
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})


def _holder(connection: object, key: int) -> str:
    row = connection.execute(text(  # type: ignore[attr-defined]
        "SELECT a.application_name, a.client_addr FROM pg_locks l JOIN pg_stat_activity a "
        "ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
        "AND l.objid = (:key)::bigint % 4294967296"), {"key": key}).first()
    if row is None:
        return "another process"
    return f"{row[0] or 'another client'}" + (f" from {row[1]}" if row[1] else "")


def _busy(period: str, holder: str) -> InputError:
    return InputError(f"Another evaluation of {period} is running ({holder}); wait for it to "
                      "finish, then run again.")


@contextmanager
def _file_lock(state_dir: Path, period: str) -> Iterator[None]:
    folder = state_dir / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{period}.lock"
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise _busy(period, handle.read().strip() or "another process") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {datetime.now(UTC).isoformat(timespec='seconds')}")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)
