"""Progress of long work (sites checked, pages printed): a bar on a terminal, nothing when
the output is not one, and a Prefect progress artifact when the work runs in a flow run.

The artifact is updated from a thread of its own: the work may run inside an event loop
(the website checks), where Prefect's calls must not be made, and a slow API must not
slow the work. Updates are throttled to every 5 % or 2 s.
"""

from __future__ import annotations

import contextvars
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Any

STEP, SECONDS = 0.05, 2.0


def _in_a_run() -> bool:
    from prefect.context import FlowRunContext, TaskRunContext

    return FlowRunContext.get() is not None or TaskRunContext.get() is not None


class Progress:
    """`with Progress("Checking sites", len(sites)) as progress:` … `progress.advance()`."""

    def __init__(self, what: str, total: int, terminal: bool | None = None) -> None:
        self.what, self.total, self.done = what, total, 0
        self._lock = threading.Lock()
        self._bar: Any = None
        self._task: Any = None
        self._artifact: Future[Any] | None = None
        self._updates: ThreadPoolExecutor | None = None
        self._reported, self._reported_at = 0.0, time.monotonic()
        if total <= 0:
            return
        if terminal if terminal is not None else sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as Bar

            self._bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeRemainingColumn(), console=Console(file=sys.stderr),
                            transient=False)
            self._task = self._bar.add_task(what, total=total)
            self._bar.start()
        if _in_a_run():
            from prefect.artifacts import create_progress_artifact

            # The run's context goes with the calls, so the artifact belongs to the run.
            self._context = contextvars.copy_context()
            self._updates = ThreadPoolExecutor(1, thread_name_prefix="progress-artifact")
            self._artifact = self._updates.submit(self._context.run, create_progress_artifact,
                                                  0.0, description=what)

    def advance(self, count: int = 1) -> None:
        with self._lock:
            self.done = min(self.total, self.done + count)
            share = self.done / self.total if self.total else 1.0
            if self._bar is not None:
                self._bar.update(self._task, completed=self.done)
            now = time.monotonic()
            due = share >= 1.0 or share - self._reported >= STEP or \
                now - self._reported_at >= SECONDS
            if self._updates is not None and due:
                self._reported, self._reported_at = share, now
                self._updates.submit(self._context.run, self._update, share)

    def _update(self, share: float) -> None:
        from prefect.artifacts import update_progress_artifact

        if self._artifact is not None:
            artifact_id = self._artifact.result()
            if artifact_id is not None:
                update_progress_artifact(artifact_id, round(100 * share, 1))

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        if self._updates is not None:
            self._updates.shutdown(wait=True)  # the last update is in before the task ends
            self._updates = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
