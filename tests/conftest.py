"""Fixtures the whole suite shares."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def state_folder(tmp_path_factory):
    """Every run of the suite keeps its history and archive in a folder of its own, never
    in the user's data folder."""
    folder = tmp_path_factory.mktemp("state")
    previous = os.environ.get("CLUSTEREVAL_STATE_DIR")
    os.environ["CLUSTEREVAL_STATE_DIR"] = str(folder)
    yield folder
    if previous is None:
        del os.environ["CLUSTEREVAL_STATE_DIR"]
    else:
        os.environ["CLUSTEREVAL_STATE_DIR"] = previous


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
