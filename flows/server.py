"""The Prefect server the commands run against. A temporary server costs each command 5 to
40 s to start; a running one about a second. `clustereval serve` starts one (or reuses
one) and records where it is in the state folder; every other command then uses it, or
the one in PREFECT_API_URL, and falls back to a temporary server only when none answers.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from flows.distributed import API_ENV

SERVER_FILE = "prefect-server.json"
DEFAULT_PORT = 4200
START_TIMEOUT_SECONDS = 180  # a fresh database on a loaded 2-core machine (STACK-NOTES)


def answers(url: str, timeout: float = 2.0) -> bool:
    """Whether a Prefect API answers its health check at `url` (…/api)."""
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/health", timeout=timeout) as reply:
            return bool(reply.status == 200)
    except (OSError, ValueError):
        return False


def recorded_url(state_dir: Path) -> str | None:
    try:
        return str(json.loads((state_dir / SERVER_FILE).read_text(encoding="utf-8"))["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


@dataclass(frozen=True)
class Choice:
    url: str | None  # None: a temporary server inside this command
    why: str

    def sentence(self) -> str:
        if self.url is None:
            return f"Prefect: a temporary server for this command ({self.why})"
        return f"Prefect: the server at {self.url} ({self.why})"


def choose_server(state_dir: Path) -> Choice:
    """PREFECT_API_URL when it answers, else the server `serve` recorded when it answers,
    else a temporary one; PREFECT_API_URL is set (or cleared) to match for this process."""
    given = os.environ.get(API_ENV)
    if given and answers(given):
        return Choice(given, API_ENV)
    recorded = recorded_url(state_dir)
    if recorded and answers(recorded):
        os.environ[API_ENV] = recorded
        return Choice(recorded, f"recorded by clustereval serve in {state_dir / SERVER_FILE}")
    os.environ.pop(API_ENV, None)
    tried = [f"{API_ENV}={given}"] if given else []
    tried += [f"{recorded} (recorded)"] if recorded else []
    why = (f"none answers at {', '.join(tried)}" if tried else "none running") + \
        "; `clustereval serve` keeps one running"
    return Choice(None, why)


def _free_port(preferred: int) -> int:
    """`preferred` when a server could listen on it, else one the system picks. The probe
    reuses the address as the server does (uvicorn sets SO_REUSEADDR): a port left in
    TIME-WAIT by the previous server's connections is free for it, and so it is kept."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", preferred))
        except OSError:
            probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(state_dir: Path) -> subprocess.Popen[bytes]:
    """A local Prefect server on 127.0.0.1 (port 4200 when free), recorded in the state
    folder once it answers. It lives as long as the returned process."""
    port = _free_port(DEFAULT_PORT)
    url = f"http://127.0.0.1:{port}/api"
    prefect = str(Path(sys.executable).with_name("prefect"))
    log = state_dir / "prefect-server.log"
    state_dir.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as output:
        process = subprocess.Popen([prefect, "server", "start", "--host", "127.0.0.1",
                                    "--port", str(port)], stdout=output,
                                   stderr=subprocess.STDOUT, env={**os.environ, API_ENV: ""})
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while not answers(url):
        if process.poll() is not None or time.monotonic() > deadline:
            process.terminate()
            raise RuntimeError(f"The Prefect server did not start (see {log}).")
        time.sleep(0.5)
    record_server(state_dir, url)
    os.environ[API_ENV] = url
    return process


def record_server(state_dir: Path, url: str) -> None:
    """Where the served server is, for the other commands (written whole)."""
    state_dir.mkdir(parents=True, exist_ok=True)
    temporary = state_dir / f".{SERVER_FILE}.{os.getpid()}"
    temporary.write_text(json.dumps({"url": url}) + "\n", encoding="utf-8")
    os.replace(temporary, state_dir / SERVER_FILE)


def forget_server(state_dir: Path, process: subprocess.Popen[bytes]) -> None:
    """Stop the server `serve` started and remove its record."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    (state_dir / SERVER_FILE).unlink(missing_ok=True)
