"""The flows' task runners: Prefect's default (threads in this process) or Dask's.

`--task-runner dask` starts a local Dask cluster for the run; `--dask-address` uses a
running one. Only the tasks that split by cluster (the report pages and their PDFs, the
website checks) gain from it; everything else runs as one task either way.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the command line imports this module before Prefect is needed
    from prefect.task_runners import TaskRunner

RUNNERS = ("default", "dask")
API_ENV = "PREFECT_API_URL"


def task_runner(kind: str, address: str | None = None, workers: int = 2
                ) -> TaskRunner[Any] | None:
    """None for Prefect's default; a DaskTaskRunner for `dask`: on the scheduler at
    `address`, or on a local cluster of `workers` single-threaded worker processes."""
    if kind not in RUNNERS:
        raise ValueError(f"Unknown task runner '{kind}': use {' or '.join(RUNNERS)}.")
    if kind == "default":
        if address:
            raise ValueError("--dask-address needs --task-runner dask.")
        return None
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs={
        "n_workers": workers, "threads_per_worker": 1, "processes": True,
        "dashboard_address": None,
    })


def scheduler_unreachable(address: str, timeout: float = 5.0) -> str | None:
    """None when something accepts connections at the scheduler's address; else why not.
    Checked before Prefect starts, so a typo costs seconds, not Dask's 30 s timeout and
    a traceback."""
    scheme, _, rest = address.rpartition("://")
    if scheme not in ("", "tcp", "tls"):
        return None  # other transports (ucx, inproc) are left to Dask itself
    host, _, port = rest.rpartition(":")
    if not host or not port.isdigit():
        return f"'{address}' is not a scheduler address like tcp://HOST:8786"
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout):
            return None
    except OSError as error:
        return f"nothing answers at {address} ({error.strerror or error})"


def default_parts(kind: str, workers: int) -> int:
    """Shares of cluster pages: one in-process; twice the workers on Dask, so a slow
    share (long reports, PDFs) does not leave a worker idle at the end."""
    return 1 if kind == "default" else 2 * max(1, workers)


@contextmanager
def workers_reach_this_api() -> Iterator[None]:
    """Worker processes that a local Dask cluster starts inherit this environment. With
    no PREFECT_API_URL set, Prefect runs a temporary server inside this process, and
    each worker would start a temporary server of its own (seconds each, and the task
    runs recorded nowhere anyone looks): tell them this run's server instead."""
    if os.environ.get(API_ENV):
        yield
        return
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        url = str(client.api_url)
    os.environ[API_ENV] = url
    try:
        yield
    finally:
        os.environ.pop(API_ENV, None)
