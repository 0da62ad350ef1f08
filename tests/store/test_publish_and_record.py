"""Published and recorded as one outcome: a run stopped between any two of its steps
leaves reports and history that agree once the next run (or `history`) settles them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reports.publish import discard, publish_atomically, stage, swap_in
from scoring.model import Status
from store.history import (
    PENDING,
    all_runs,
    default_url,
    insert_run,
    latest_run,
    mark_done,
    next_revision,
    open_history,
    pending_runs,
    recording,
)
from store.lock import period_lock
from store.settle import settle_all, settle_period, shown_revision
from tests.store.test_history_store import record, result

PERIOD = "2026-Q3"


def build_revision(number: int):
    def build(folder: Path) -> None:
        (folder / "manifest.json").write_text(json.dumps({"period": PERIOD,
                                                          "revision": number}))
        (folder / "index.html").write_text(f"revision {number}")
    return build


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    url = default_url(tmp_path / "state") if request.param == "sqlite" \
        else request.getfixturevalue("postgres_url")
    engine = open_history(url)
    yield engine
    engine.dispose()


def run_until(engine, out: Path, number: int, stop_after: str) -> None:
    """One publication's steps, stopped (as by kill -9) after `stop_after`."""
    staging = stage(out, PERIOD, build_revision(number))
    if stop_after == "stage":
        return
    with recording(engine) as connection:
        run_id = insert_run(connection, record_to(out), next_revision(connection, PERIOD),
                            result(Status.MET), None, datetime.now(UTC), status=PENDING)
    if stop_after == "pending":
        return
    swap_in(out, PERIOD, staging)
    if stop_after == "swap":
        return
    mark_done(engine, run_id)


def record_to(out: Path):
    base = record()
    return type(base)(**{**base.__dict__, "published_to": str((out / PERIOD).resolve())})


def shown(out: Path) -> str:
    return (out / PERIOD / "index.html").read_text()


def agree(engine, out: Path) -> int:
    """The revision the reports show is the history's latest, and nothing is pending."""
    assert pending_runs(engine) == []
    latest = latest_run(engine, PERIOD)
    number = shown_revision(str(out / PERIOD), PERIOD)
    assert (latest["revision"] if latest else None) == number
    return number or 0


@pytest.mark.parametrize(("stop_after", "revision_shown"), [
    ("stage", 1), ("pending", 1), ("swap", 2), ("done", 2)])
def test_a_run_stopped_after_any_step_is_settled(engine, tmp_path, stop_after,
                                                 revision_shown):
    out = tmp_path / "out"
    run_until(engine, out, 1, "done")
    run_until(engine, out, 2, stop_after)
    assert shown(out) == f"revision {revision_shown}"  # whole, at every instant
    settle_period(engine, PERIOD)
    assert agree(engine, out) == revision_shown
    # The next run takes the next free number, and its reports and record agree.
    run_until(engine, out, revision_shown + 1, "done")
    assert agree(engine, out) == revision_shown + 1
    assert sorted(p.name for p in out.iterdir()) == [PERIOD]  # no staging left behind


def test_the_first_run_of_a_period_stopped_before_its_swap(engine, tmp_path):
    out = tmp_path / "out"
    run_until(engine, out, 1, "pending")
    assert not (out / PERIOD).exists()
    assert settle_period(engine, PERIOD) == [
        f"{PERIOD} revision 1 was recorded by a run that stopped before publishing it; the "
        "record is removed."]
    assert all_runs(engine) == []


def test_settle_all_leaves_a_period_being_evaluated_alone(engine, tmp_path):
    out = tmp_path / "out"
    run_until(engine, out, 1, "pending")
    with period_lock(tmp_path / "state", PERIOD, engine):  # a live run between its steps
        assert settle_all(engine, tmp_path / "state") == []
        assert len(pending_runs(engine)) == 1
    assert len(settle_all(engine, tmp_path / "state")) == 1
    assert pending_runs(engine) == []


def test_pending_runs_are_not_the_latest_revision(engine, tmp_path):
    out = tmp_path / "out"
    run_until(engine, out, 1, "done")
    run_until(engine, out, 2, "pending")
    assert latest_run(engine, PERIOD)["revision"] == 1
    with recording(engine) as connection:
        assert next_revision(connection, PERIOD) == 3  # never reused while pending


def test_swap_exchanges_whole_folders(tmp_path):
    out = tmp_path / "out"
    publish_atomically(out, PERIOD, build_revision(1))
    staging = stage(out, PERIOD, build_revision(2))
    (out / PERIOD / "only-in-1.txt").write_text("x")
    swap_in(out, PERIOD, staging)
    assert shown(out) == "revision 2"
    assert not (out / PERIOD / "only-in-1.txt").exists()
    assert sorted(p.name for p in out.iterdir()) == [PERIOD]


def test_a_failed_build_leaves_the_previous_reports(tmp_path):
    out = tmp_path / "out"
    publish_atomically(out, PERIOD, build_revision(1))

    def broken(folder: Path) -> None:
        (folder / "index.html").write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        stage(out, PERIOD, broken)
    assert shown(out) == "revision 1"
    assert sorted(p.name for p in out.iterdir()) == [PERIOD]


def test_discard_is_quiet_for_a_missing_folder(tmp_path):
    discard(tmp_path / "nothing")
