"""A run stopped by SIGTERM ends within seconds, and no run, however it ends, leaves a
process or a scratch folder behind: real commands in real processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import yaml

from flows.housekeeping import OWNER_ENV, SCRATCH_PREFIX, clean_stale, run_scope
from ingest.websites.settings import WEBSITES_FILE
from tests.websites.fixtures import TRICKLE, FixtureServers, html

ROOT = Path(__file__).resolve().parents[2]


def marked(temp: Path) -> list[psutil.Process]:
    """Processes started by runs whose scratch folders live in `temp`."""
    found = []
    for process in psutil.process_iter():
        try:
            environment = process.environ()
        except (psutil.Error, OSError):
            continue
        if OWNER_ENV in environment and environment.get("TMPDIR", "").startswith(str(temp)):
            found.append(process)
    return found


def command(temp: Path, *args: str) -> subprocess.Popen[bytes]:
    """The command in a process of its own, its temporary folder `temp`; its output goes to
    files (a pipe would stay open in the children a killed run leaves behind)."""
    environment = {**os.environ, "TMPDIR": str(temp)}
    environment.pop("PREFECT_API_URL", None)  # its own temporary Prefect server, as a user's
    with (temp.parent / "stderr.txt").open("wb") as err:
        return subprocess.Popen([sys.executable, "-m", "flows.cli", *args], cwd=ROOT,
                                env=environment, stdout=subprocess.DEVNULL, stderr=err)


def wait_for(condition, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.fixture
def trickling_site(tmp_path):
    """A register whose one site sends a byte every half second, for a minute."""
    sites = {"trickle.test": lambda path: html(b"<html lang='fi'>", 200, **{TRICKLE: "0.5"})}
    with FixtureServers(sites=sites) as servers:
        data = tmp_path / "data"
        data.mkdir()
        (data / "clusters.csv").write_text(
            f"cluster_id;name;website_url\ntrickle;T;{servers.url('trickle.test')}\n")
        settings = yaml.safe_load(WEBSITES_FILE.read_text(encoding="utf-8"))
        settings.update(allowed_networks=["127.0.0.1/32"], extra_ca_file=servers.ca_file,
                        host_overrides={"trickle.test": "127.0.0.1"}, engine="static",
                        page_deadline_seconds=120, read_timeout_seconds=60)
        config = tmp_path / "websites.yaml"
        config.write_text(yaml.safe_dump(settings), encoding="utf-8")
        yield data, config, servers


def checking_the_trickling_site(tmp_path: Path, trickling_site) -> tuple[
        subprocess.Popen[bytes], Path]:
    """`check-websites` in a process of its own, once it is waiting on the site."""
    data, config, servers = trickling_site
    temp = tmp_path / "temp"
    temp.mkdir()
    process = command(temp, "check-websites", "--data", str(data), "--config", str(config),
                      "--record", str(tmp_path / "record"))
    wait_for(lambda: ("trickle.test", "/") in servers.requests or process.poll() is not None)
    assert process.poll() is None, (tmp_path / "stderr.txt").read_text()
    return process, temp


def test_sigterm_stops_check_websites_within_seconds(tmp_path, trickling_site):
    process, temp = checking_the_trickling_site(tmp_path, trickling_site)
    process.send_signal(signal.SIGTERM)
    started = time.monotonic()
    process.wait(timeout=30)
    assert time.monotonic() - started < 10
    err = (tmp_path / "stderr.txt").read_bytes()
    assert process.returncode == 143, err
    assert b"stopped (SIGTERM)" in err and b"Traceback" not in err
    assert marked(temp) == []  # its Prefect server is gone
    assert list(temp.iterdir()) == []  # and its scratch folder


def test_a_killed_run_is_cleaned_up_by_the_next(tmp_path, trickling_site):
    process, temp = checking_the_trickling_site(tmp_path, trickling_site)
    process.kill()
    process.wait()
    left = marked(temp)
    assert left, "the temporary Prefect server outlives a SIGKILL (this test needs one)"
    assert next(p.name for p in temp.iterdir()).startswith(f"{SCRATCH_PREFIX}{process.pid}-")
    # The next command cleans what the dead run left: here, in-process, as it starts.
    removed = clean_stale(temp)
    assert any(SCRATCH_PREFIX in item for item in removed)
    psutil.wait_procs(left, timeout=10)
    assert marked(temp) == [] and list(temp.iterdir()) == []


def test_a_finished_run_leaves_nothing(tmp_path):
    """A normal run: Prefect's temporary server stops (after its last logs are sent), the
    scratch folder goes, and nothing is said about logs that could not be sent."""
    temp = tmp_path / "temp"
    temp.mkdir()
    process = command(temp, "evaluate", "--quarter", "2026Q3", "--out", str(tmp_path / "out"),
                      "--no-pdf")
    assert process.wait(timeout=300) == 0, (tmp_path / "stderr.txt").read_text()
    err = (tmp_path / "stderr.txt").read_text()
    assert "Error logging to API" not in err
    assert marked(temp) == [] and list(temp.iterdir()) == []


def test_run_scope_inside_a_callers_process(tmp_path):
    """Called in the tests' own process: the scratch folder goes, the caller's children
    stay the caller's (a process keeps helpers such as multiprocessing's tracker)."""
    with run_scope(owns_process=False) as scratch:
        assert os.environ["TMPDIR"] == str(scratch)
        (scratch / "chromium-profile").mkdir()
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    assert not scratch.exists()
    assert os.environ.get("TMPDIR") != str(scratch)
    assert child.poll() is None
    child.kill()
    child.wait()


def test_a_live_runs_folder_is_left_alone(tmp_path):
    mine = tmp_path / f"{SCRATCH_PREFIX}{os.getpid()}-abc"
    dead = tmp_path / f"{SCRATCH_PREFIX}999999999-abc"
    mine.mkdir()
    dead.mkdir()
    clean_stale(tmp_path)
    assert mine.exists() and not dead.exists()
