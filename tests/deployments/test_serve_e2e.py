"""End to end: a real Prefect server on 127.0.0.1, `clustereval serve`, a run triggered
with `prefect deployment run ... -p quarter=2026Q2`, its results and its history."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from store.history import all_runs, default_url, open_history
from tests.smtp import free_port

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]


def wait_for(check, what: str, seconds: float = 180) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            found = check()
        except httpx.HTTPError:
            found = None
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, dict[str, str], Path]]:
    root = tmp_path_factory.mktemp("e2e")
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    environment = {
        **os.environ, "PREFECT_HOME": str(root / "prefect"), "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING", "CLUSTEREVAL_STATE_DIR": str(root / "state"),
        "PREFECT_UI_ENABLED": "false",
        # The scheduler creates the upcoming runs every 60 s by default; sooner here.
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2",
    }
    server = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    serve = None
    try:
        wait_for(lambda: httpx.get(f"{api}/health", timeout=2).status_code == 200,
                 "the Prefect server")
        serve = subprocess.Popen(
            [str(BIN / "clustereval"), "serve", "--out", str(root / "out"), "--lang", "fi"],
            env=environment, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        wait_for(lambda: {d["name"] for d in httpx.post(
            f"{api}/deployments/filter", json={}, timeout=5).json()} >= {"quarterly", "monthly"},
            "the served deployments")
        yield api, environment, root
    finally:
        if serve is not None:
            stop(serve)
        stop(server)


def test_deployments_show_their_next_quarterly_run(served):
    api, _, _ = served
    deployments = {d["name"]: d for d in httpx.post(f"{api}/deployments/filter", json={},
                                                     timeout=5).json()}
    runs = wait_for(lambda: httpx.post(f"{api}/flow_runs/filter", json={
        "flow_runs": {"deployment_id": {"any_": [deployments["quarterly"]["id"]]},
                      "state": {"type": {"any_": ["SCHEDULED"]}}},
        "sort": "EXPECTED_START_TIME_ASC"}, timeout=5).json(), "the scheduled runs", 90)
    assert isinstance(runs, list)
    first = datetime.fromisoformat(runs[0]["expected_start_time"].replace("Z", "+00:00"))
    # 06:00 in Helsinki on the first day of the next quarter (UTC+2 in winter).
    today = datetime.now(UTC)
    quarter_month = ((today.month - 1) // 3 + 1) * 3 + 1
    year = today.year + (quarter_month > 12)
    assert (first.year, first.month, first.day) == (year, (quarter_month - 1) % 12 + 1, 1)
    assert first.astimezone(UTC).hour in (3, 4)


def test_operator_triggers_a_past_quarter_with_parameters(served):
    _, environment, root = served
    finished = subprocess.run(
        [str(BIN / "prefect"), "deployment", "run", "evaluate-clusters/quarterly",
         "-p", "quarter=2026Q2", "-p", "pdf=false", "--watch", "--watch-timeout", "240"],
        env=environment, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    results = root / "out" / "2026-Q2" / "results.json"
    assert results.exists()
    [run] = [r for r in all_runs(open_history(default_url(root / "state")))
             if r["period"] == "2026-Q2"]
    assert (run["revision"], run["trigger"], run["as_of"]) == (1, "manual", "2026-06-30")


def test_commands_elsewhere_use_the_served_server_and_the_same_history(served, tmp_path):
    """No PREFECT_API_URL, another working folder: evaluate finds the server that serve
    recorded in the state folder, says so, and its flow run is on that server."""
    api, environment, root = served
    elsewhere = {key: value for key, value in environment.items() if key != "PREFECT_API_URL"}
    before = len(httpx.post(f"{api}/flow_runs/filter", json={}, timeout=5).json())
    finished = subprocess.run(
        [str(BIN / "clustereval"), "evaluate", "--quarter", "2026Q1", "--no-pdf",
         "--out", str(tmp_path / "out")], env=elsewhere, cwd=tmp_path, capture_output=True,
        text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert f"Prefect: the server at {api} (recorded by clustereval serve" in finished.stderr
    state = root / "state"
    assert f"history: {state / 'history.sqlite'}" in finished.stderr
    assert len(httpx.post(f"{api}/flow_runs/filter", json={}, timeout=5).json()) > before
    history = subprocess.run([str(BIN / "clustereval"), "history"], env=elsewhere,
                             cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert f"history: {state / 'history.sqlite'}" in history.stderr
    assert "2026-Q1" in history.stdout
    assert not (tmp_path / ".state").exists()


def test_a_bad_parameter_fails_with_its_sentence_in_the_state_message(served):
    _, environment, _ = served
    started = subprocess.run(
        [str(BIN / "prefect"), "deployment", "run", "evaluate-clusters/quarterly",
         "-p", "quarter=2026Q9", "--watch", "--watch-timeout", "240"],
        env=environment, capture_output=True, text=True, timeout=300)
    assert started.returncode != 0
    run_id = next(word for line in started.stdout.splitlines() if "UUID" in line
                  for word in line.split() if word.count("-") == 4)
    inspected = subprocess.run([str(BIN / "prefect"), "flow-run", "inspect", run_id],
                               env=environment, capture_output=True, text=True, timeout=60)
    shown = " ".join(inspected.stdout.split())
    assert "The quarter '2026Q9' is not a quarter; write it as 2026Q3" in shown, shown


def _ignore_sigint() -> None:  # as a shell script's background job starts
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, None)])
def test_serve_stops_on_sigterm_with_143_and_on_sigint_even_if_inherited_ignored(
        served, tmp_path, signum, code):
    """Last in this module: a second serve of the same deployments, stopped by a signal."""
    _, environment, _ = served
    serve = subprocess.Popen(
        [str(BIN / "clustereval"), "serve", "--out", str(tmp_path / "out")],
        env={**environment, "CLUSTEREVAL_STATE_DIR": str(tmp_path / "state")}, cwd=tmp_path,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        preexec_fn=_ignore_sigint)
    try:
        stderr = serve.stderr
        assert stderr is not None
        wait_for(lambda: "the other commands use it" in (stderr.readline() or ""), "serve", 120)
        time.sleep(8)  # the runner starts after the deployments are created
        serve.send_signal(signum)
        serve.wait(timeout=60)
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait(timeout=30)
        if serve.stderr is not None:
            serve.stderr.close()
    if code is not None:
        assert serve.returncode == code
    else:  # stopped by Ctrl-C (interrupted: 1), not left running until killed (-9)
        assert serve.returncode in (0, 1), serve.returncode
