"""One temporary Prefect API for the flow tests (a real flow run, not a mock)."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


@pytest.fixture(scope="session", autouse=True)
def prefect_api():
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    # The harness's database is new; on this machine creating it takes ~20 s (STACK-NOTES).
    with prefect_test_harness(server_startup_timeout=120), temporary_settings(
        {PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
    ):
        yield


@pytest.fixture(autouse=True)
def prefect_console_follows_capture():
    """Prefect's console handler keeps the stderr it was created with; pytest swaps stderr
    per test. Point it at this test's stderr, as a fresh process would have it."""
    import logging
    import sys

    from prefect.logging.handlers import PrefectConsoleHandler

    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler):
            handler.stream = sys.stderr  # not setStream: it flushes the old, closed one
            handler.console.file = sys.stderr
    yield
