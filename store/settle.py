"""Published and recorded as one outcome.

A run is recorded as `pending` before its reports are swapped in, and marked `done`
after. A run killed (or whose history write failed) in between leaves a pending run;
the next run of the period, or `clustereval history`, settles it by looking at what
the period folder shows: its manifest names the revision that was swapped in. Shown:
the run is completed (roll forward). Not shown: nobody saw it, and it is forgotten
(roll back), so its revision number is free again and the history agrees with the
reports either way.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine

from ingest.errors import InputError
from store.history import forget_run, mark_done, pending_runs
from store.lock import period_lock


class PublishedButNotRecorded(Exception):
    """The reports are swapped in but the history could not be told: the next run of the
    period (or `clustereval history`) completes the record."""


def shown_revision(folder: str | None, period: str) -> int | None:
    """The revision a published period folder shows, from its manifest."""
    if not folder:
        return None
    try:
        manifest = json.loads((Path(folder) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("period") != period:
        return None
    revision = manifest.get("revision")
    return revision if isinstance(revision, int) else None


def settle_period(engine: Engine, period: str) -> list[str]:
    """Settle the period's pending runs; the caller holds the period's lock. Returns what
    was done, a sentence each, for the log."""
    said = []
    for run in pending_runs(engine, period):
        if shown_revision(run["published_to"], period) == run["revision"]:
            mark_done(engine, run["id"])
            said.append(f"{period} revision {run['revision']} was published by a run that "
                        "stopped before recording it as done; it is recorded now.")
        else:
            forget_run(engine, run["id"])
            said.append(f"{period} revision {run['revision']} was recorded by a run that "
                        "stopped before publishing it; the record is removed.")
    return said


def settle_all(engine: Engine, state_dir: Path) -> list[str]:
    """Settle every period whose lock is free (a period being evaluated is left to its
    own run)."""
    said = []
    for period in sorted({run["period"] for run in pending_runs(engine)}):
        try:
            with period_lock(state_dir, period, engine, wait=False):
                said += settle_period(engine, period)
        except InputError:
            continue  # an evaluation of the period is running now
    return said
