"""Fixture websites served for real on 127.0.0.1, one virtual host per case.

`FixtureServers` starts an HTTP and an HTTPS server (a CA and certificate made on the
spot) in threads; each request is answered by the site its Host header names. Used by
the tests and by benchmarks/check_websites.py. Nothing here talks to any other address.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

Response = tuple[int, dict[str, str], bytes]
# A header a handler may set: the body then never ends, a byte every N seconds follows it.
TRICKLE = "X-Fixture-Trickle"

HOME = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="{viewport}">{description}{hreflang}</head>
<body><header><a href="/" aria-label="Etusivu"><img src="/logo.png"{alt}></a></header>
<main>{h1}<{h2}>Palvelumme</{h2}>
<p>Klusteri kokoaa yhteen yritykset ja tutkimuksen.</p>
{offer}{statement}{english}
<form action="/haku"><label for="q">Hae</label><input id="q" name="q">{unlabelled}
<button type="submit">{button}</button></form>
<a href="/uutiset">{link}</a>
</main></body></html>"""

STATEMENT = """<!DOCTYPE html><html lang="fi"><head><title>Saavutettavuusseloste</title></head>
<body><main><h1>Saavutettavuusseloste</h1><p>Palvelu täyttää osittain vaatimukset.</p>
{feedback}</main></body></html>"""

OFFER = """<!DOCTYPE html><html lang="fi"><head><title>Palvelut</title></head>
<body><main><h1>Palvelut</h1><p>{words}</p></main></body></html>"""

ENGLISH = """<!DOCTYPE html><html lang="en"><head><title>In English</title></head>
<body><main><h1>The cluster</h1><p>What we offer.</p></main></body></html>"""


def home_page(**changes: str) -> bytes:
    values = {
        "lang": "fi", "title": "Klusteri", "viewport": "width=device-width, initial-scale=1",
        "description": '<meta name="description" content="Klusterin palvelut yrityksille.">',
        "hreflang": '<link rel="alternate" hreflang="en" href="/en/">',
        "alt": ' alt="Klusterin logo"', "h1": "<h1>Tervetuloa</h1>", "h2": "h2",
        "offer": '<a href="/palvelut">Palvelut</a>',
        "statement": '<a href="/saavutettavuusseloste">Saavutettavuusseloste</a>',
        "english": '<a href="/en/" lang="en">English</a>',
        "unlabelled": "", "button": "Hae", "link": "Uutiset",
    }
    values.update(changes)
    return HOME.format(**values).encode()


def html(body: bytes, status: int = 200, **headers: str) -> Response:
    return status, {"Content-Type": "text/html; charset=utf-8", **headers}, body


def standard_site(**changes: str) -> Callable[[str], Response]:
    """A site that passes every check unless `changes` alter its home page."""
    feedback = changes.pop("feedback", '<p>Palaute: <a href="mailto:saavutettavuus@example.fi">'
                                       'saavutettavuus@example.fi</a></p>')
    offer_words = changes.pop("offer_words", " ".join(["palvelu"] * 120))
    home = home_page(**changes)

    def serve(path: str) -> Response:
        if path == "/":
            return html(home)
        if path == "/saavutettavuusseloste":
            return html(STATEMENT.format(feedback=feedback).encode())
        if path == "/palvelut":
            return html(OFFER.format(words=offer_words).encode())
        if path == "/en/":
            return html(ENGLISH.encode())
        return html(b"<html lang='fi'><title>404</title></html>", 404)

    return serve


def redirect(location: str, status: int = 301) -> Callable[[str], Response]:
    return lambda path: (status, {"Location": location}, b"")


@dataclass
class FixtureServers:
    """HTTP and HTTPS on 127.0.0.1, free ports; `sites` maps host name -> handler."""

    sites: dict[str, Callable[[str], Response]] = field(default_factory=dict)
    latency: float = 0.0
    robots: dict[str, str] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    # (host, path) -> seconds to wait before that answer (a slow robots.txt, say)
    delays: dict[tuple[str, str], float] = field(default_factory=dict)

    def __enter__(self) -> FixtureServers:
        self._folder = tempfile.TemporaryDirectory()
        self.ca_file, cert, key = _certificates(Path(self._folder.name), list(self.sites))
        self.http = self._server(None)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        self.https = self._server(context)
        return self

    def __exit__(self, *_: object) -> None:
        for server in (self.http, self.https):
            server.shutdown()
            server.server_close()
        self._folder.cleanup()

    @property
    def http_port(self) -> int:
        return self.http.server_address[1]

    @property
    def https_port(self) -> int:
        return self.https.server_address[1]

    def url(self, host: str, secure: bool = False, path: str = "/") -> str:
        port = self.https_port if secure else self.http_port
        return f"{'https' if secure else 'http'}://{host}:{port}{path}"

    def _server(self, context: ssl.SSLContext | None) -> ThreadingHTTPServer:
        fixtures = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                host = self.headers.get("Host", "").split(":")[0]
                fixtures.requests.append((host, self.path))
                if fixtures.latency:
                    time.sleep(fixtures.latency)
                time.sleep(fixtures.delays.get((host, self.path), 0.0))
                if self.path == "/robots.txt":
                    text = fixtures.robots.get(host)
                    status, headers, body = (
                        (200, {"Content-Type": "text/plain"}, text.encode()) if text is not None
                        else (404, {"Content-Type": "text/plain"}, b"none")
                    )
                else:
                    site = fixtures.sites.get(host)
                    status, headers, body = site(self.path) if site else (
                        404, {"Content-Type": "text/plain"}, b"unknown host")
                try:
                    self.send_response(status)
                    trickle = headers.pop(TRICKLE, None) if TRICKLE in headers else None
                    for name, value in headers.items():
                        self.send_header(name, value)
                    if trickle is None:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    if trickle is not None:  # a byte now and then, for up to a minute
                        self.close_connection = True
                        for _ in range(int(60 / float(trickle))):
                            time.sleep(float(trickle))
                            self.wfile.write(b" ")
                            self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout or a size cap): that is the test

            def log_message(self, *_: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 256

            def finish_request(self, request, client_address):  # type: ignore[no-untyped-def]
                # The TLS handshake runs in the connection's own thread, not in accept().
                if context is None:
                    super().finish_request(request, client_address)
                    return
                try:
                    secure = context.wrap_socket(request, server_side=True)
                except (ssl.SSLError, OSError):
                    return  # a client that rejects our certificate: the TLS test
                try:
                    super().finish_request(secure, client_address)
                finally:
                    secure.close()

            def handle_error(self, request, client_address):  # type: ignore[no-untyped-def]
                pass  # clients that give up mid-response (timeouts, size caps) are the tests

        server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server


def _certificates(folder: Path, hosts: list[str]) -> tuple[str, str, str]:
    """A CA and a certificate for every host but those named badtls*: TLS must fail there."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "clustereval test CA")])
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False),
                       critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = [
        x509.DNSName(host) for host in hosts if not host.startswith("badtls")
    ]
    names.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fixtures")]))
        .issuer_name(ca_name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_file, cert_file, key_file = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(ca_file), str(cert_file), str(key_file)
