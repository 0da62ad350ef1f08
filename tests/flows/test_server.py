"""Which Prefect server a command uses: PREFECT_API_URL, else the one serve recorded, else
a temporary one; checked against real HTTP servers on 127.0.0.1."""

from __future__ import annotations

import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from flows.server import SERVER_FILE, choose_server, record_server
from tests.smtp import free_port


class Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/api/health" else 404)
        self.end_headers()
        self.wfile.write(b"true")

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def api():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api"
    server.shutdown()
    server.server_close()


def test_the_recorded_server_when_it_answers(api, tmp_path, monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    record_server(tmp_path, api)
    choice = choose_server(tmp_path)
    assert choice.url == api and "recorded by clustereval serve" in choice.sentence()
    assert os.environ["PREFECT_API_URL"] == api


def test_prefect_api_url_first(api, tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", api)
    record_server(tmp_path, f"http://127.0.0.1:{free_port()}/api")
    assert choose_server(tmp_path).sentence() == f"Prefect: the server at {api} (PREFECT_API_URL)"


def test_a_temporary_server_when_none_answers(tmp_path, monkeypatch):
    dead = f"http://127.0.0.1:{free_port()}/api"
    monkeypatch.setenv("PREFECT_API_URL", dead)
    (tmp_path / SERVER_FILE).write_text("not json", encoding="utf-8")
    choice = choose_server(tmp_path)
    assert choice.url is None and f"none answers at PREFECT_API_URL={dead}" in choice.sentence()
    assert "PREFECT_API_URL" not in os.environ  # the temporary server, for this process


def test_a_port_in_time_wait_is_still_the_preferred_one():
    """After a restart the old server's closed connections leave the port in TIME-WAIT:
    the server can listen there again (SO_REUSEADDR), so the port is kept, not replaced
    by a random one."""
    import socket

    from flows.server import _free_port

    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    accepted, _ = listener.accept()
    accepted.close()  # the server's side closes first: it is left in TIME-WAIT
    client.close()
    listener.close()
    assert _free_port(port) == port
