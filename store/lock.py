"""One evaluation of a period at a time: a second one is refused with a clear message.

An advisory lock on state/locks/<period>.lock (flock): the operating system releases it
when the process ends, however it ends, so a killed run never leaves it stuck.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from ingest.errors import InputError


@contextmanager
def period_lock(state_dir: Path, period: str) -> Iterator[None]:
    folder = state_dir / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{period}.lock"
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise InputError(
                f"Another evaluation of {period} is running ({holder}); wait for it to "
                "finish, then run again."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {datetime.now(UTC).isoformat(timespec='seconds')}")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)
