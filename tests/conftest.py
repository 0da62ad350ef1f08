"""Fixtures the whole suite shares."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def postgres_server_url():
    """A real PostgreSQL server for the session, started on first use (tests/postgres.py)."""
    from tests.postgres import postgres_server, server_binaries

    if server_binaries() is None:
        pytest.skip("PostgreSQL is not installed here (.ci/run installs it: apt-get install "
                    "postgresql)")
    with postgres_server() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_server_url):
    """A new empty database on the session's PostgreSQL server."""
    from tests.postgres import new_database

    return new_database(postgres_server_url)
