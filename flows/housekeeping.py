"""One command run leaves nothing behind: no process, no scratch folder, however it ends.

Every run gets a scratch folder of its own (`clustereval-run-<pid>-*` in the system's
temporary folder) that is TMPDIR for the run and everything it starts: Prefect's
temporary server, Chromium for the PDFs and the website checks (their profiles and
artifacts land inside it). Each child process inherits a marker naming the run. On the
way out the run's marked processes are stopped and the folder removed. A run killed
with SIGKILL cannot do that, so every run first removes what dead runs left: folders
whose process is gone, and marked processes whose run is gone.

SIGTERM stops a run within seconds: it interrupts the main thread as Ctrl-C does, and if
the run has not ended `TERM_GRACE_SECONDS` later (a thread blocked in a network read),
the run's processes are stopped and the process exits at once. The publication's design
(store/settle.py) makes an exit at any instant safe.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import signal
import tempfile
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import psutil

SCRATCH_PREFIX = "clustereval-run-"
OWNER_ENV = "CLUSTEREVAL_RUN_MARK"  # "<pid>-<token>" of the run that started a process
TERM_GRACE_SECONDS = 5.0
EXIT_TERMINATED = 143  # 128 + SIGTERM, as a shell reports it
_SCRATCH_PID = re.compile(rf"^{re.escape(SCRATCH_PREFIX)}(\d+)-")


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread: unwinds like Ctrl-C, then exit 143."""


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _marked_processes() -> dict[psutil.Process, str]:
    """Processes carrying a run's marker, with it (this user's only: others' are
    unreadable)."""
    found = {}
    for process in psutil.process_iter():
        try:
            value = process.environ().get(OWNER_ENV)
        except (psutil.Error, OSError):
            continue
        if value and process.pid != os.getpid():
            found[process] = value
    return found


def stop_processes(processes: list[psutil.Process], grace: float = 3.0) -> None:
    for process in processes:
        with contextlib.suppress(psutil.Error):
            process.terminate()
    _, alive = psutil.wait_procs(processes, timeout=grace)
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.kill()
    psutil.wait_procs(alive, timeout=grace)


def clean_stale(temp_root: Path | None = None) -> list[str]:
    """What runs that died left behind: their scratch folders and processes. Returns what
    was removed, for the log."""
    root = Path(temp_root or tempfile.gettempdir())
    removed = []
    for folder in root.glob(f"{SCRATCH_PREFIX}*"):
        match = _SCRATCH_PID.match(folder.name)
        if match and not _alive(int(match[1])):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(str(folder))
    orphans = [process for process, mark in _marked_processes().items()
               if not _alive(int(mark.split("-")[0] or 0))]
    stop_processes(orphans)
    removed += [f"process {process.pid}" for process in orphans]
    return removed


@contextlib.contextmanager
def run_scope(owns_process: bool = True) -> Iterator[Path]:
    """The scratch folder, the marker and the SIGTERM handling of one command run. When the
    run owns its process (the command itself, not a caller in the same process such as the
    tests), every process it started is stopped on the way out: helpers a process keeps
    for its lifetime (multiprocessing's resource tracker) are the caller's otherwise."""
    clean_stale()
    base = tempfile.gettempdir()
    scratch = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=base))
    mark = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
    saved = {name: os.environ.get(name) for name in ("TMPDIR", OWNER_ENV)}
    saved_tempdir = tempfile.tempdir
    os.environ["TMPDIR"], os.environ[OWNER_ENV] = str(scratch), mark
    tempfile.tempdir = str(scratch)

    def leave(stop: bool = owns_process) -> None:
        if stop:
            stop_processes([p for p, owner in _marked_processes().items() if owner == mark])
        shutil.rmtree(scratch, ignore_errors=True)

    if owns_process:
        # At the interpreter's exit, after Prefect's own exit handlers (registered later,
        # so run earlier) have sent the last logs to its server and stopped it: stopping
        # the server first would lose those logs ("Error logging to API").
        atexit.register(leave)

    def hard_exit() -> None:
        os.write(2, b"clustereval: stopped (SIGTERM) before the run could unwind; the "
                 b"previous reports and history stand, or the new ones if they were already "
                 b"published.\n")
        leave(stop=True)  # the process ends here: nothing it started may outlive it
        os._exit(EXIT_TERMINATED)

    grace = threading.Timer(TERM_GRACE_SECONDS, hard_exit)
    grace.daemon = True

    def on_term(_signal: int, _frame: FrameType | None) -> None:
        raise Terminated()

    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, on_term) if in_main else None
    # Prefect swaps in a SIGTERM handler of its own while a flow runs, and its unwinding
    # waits for the flow's threads (a site trickling bytes: minutes). The interpreter
    # writes every handled signal's number to the wakeup fd whoever's handler it is: a
    # watchdog reads it and starts the grace timer.
    watchdog = _SignalWatchdog(signal.SIGTERM, grace) if in_main else None
    try:
        yield scratch
    finally:
        if watchdog is not None:
            watchdog.close()
        grace.cancel()
        if in_main:
            signal.signal(signal.SIGTERM, previous)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        tempfile.tempdir = saved_tempdir
        if not owns_process:
            leave()


class _SignalWatchdog:
    """Starts `timer` when the process receives `signum`, whichever Python handler runs."""

    def __init__(self, signum: int, timer: threading.Timer) -> None:
        self._read, self._write = os.pipe()
        os.set_blocking(self._write, False)
        self._previous = signal.set_wakeup_fd(self._write, warn_on_full_buffer=False)
        self._signum, self._timer = signum, timer
        self._thread = threading.Thread(target=self._watch, daemon=True,
                                        name="clustereval-sigterm-watchdog")
        self._thread.start()

    def _watch(self) -> None:
        while data := os.read(self._read, 64):
            if self._signum in data and not self._timer.is_alive():
                with contextlib.suppress(RuntimeError):  # started already
                    self._timer.start()

    def close(self) -> None:
        signal.set_wakeup_fd(self._previous)
        os.close(self._write)  # the watchdog's read ends
        self._thread.join(timeout=2)
        os.close(self._read)
