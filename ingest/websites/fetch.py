"""A polite, bounded, safe HTTP fetcher for the website checks.

Polite: an identifying User-Agent, robots.txt respected, at most N requests at a time
per host and M overall. Bounded: connect and read timeouts, a body-size cap, at most
K redirects, a bounded number of retries with backoff for transient failures. Safe:
only http and https, and every hop's address checked after DNS resolution (safety.py).
Every failure comes back as an outcome naming what happened, never as an exception.
"""

from __future__ import annotations

import asyncio
import re
import ssl
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import httpx

from ingest.websites.safety import (
    RefusedAddress,
    ResolutionFailed,
    Resolver,
    overriding_resolver,
    resolve_checked,
    system_resolver,
)
from ingest.websites.settings import WebsiteSettings

OK = "ok"
# Outcomes that mean the site could not be judged, rather than that it failed.
COULD_NOT_CHECK = {"blocked", "robots_disallowed"}
_REDIRECTS = {301, 302, 303, 307, 308}
_TRANSIENT_STATUS = {502, 503, 504}
# What bot protection says, as words (not substrings: "robots", "Bothnian" are not it).
# An ordinary 403 page ("Forbidden", "Access denied") is an http_error, not `blocked`.
_BOT_WALL_TEXT = re.compile(
    r"\b(captcha|recaptcha|hcaptcha|are you (a )?(human|robot)|verify (that )?you are (a )?"
    r"human|bot (protection|detection|check|challenge)|checking (if the site connection is "
    r"secure|your browser)|attention required|ddos[- ]protection|automated (requests|access|"
    r"traffic)|unusual traffic|just a moment)\b",
    re.IGNORECASE)
# Headers that bot-protection services set on the answers they block.
_BOT_WALL_HEADERS = ("cf-mitigated", "x-datadome", "x-amzn-waf-action", "x-sucuri-block")
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class FetchResult:
    url: str  # the address asked for
    outcome: str  # ok, timeout, dns_failure, tls_error, connection_error, server_error,
    # http_error, blocked, redirect_loop, too_many_redirects, oversize, not_html,
    # refused_address, unsupported_scheme, robots_disallowed
    detail: str = ""
    final_url: str = ""
    status: int | None = None
    content_type: str = ""
    body: bytes = b""
    elapsed_ms: int = 0
    chain: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.outcome == OK


class _Failure(Exception):
    def __init__(self, outcome: str, detail: str, status: int | None = None,
                 seconds: float = 0.0) -> None:
        super().__init__(detail)
        self.outcome, self.detail, self.status = outcome, detail, status
        self.seconds = seconds  # how long the site took before it failed


class Fetcher:
    """Use as `async with Fetcher(settings) as fetcher: await fetcher.get(url)`."""

    def __init__(self, settings: WebsiteSettings, resolver: Resolver = system_resolver) -> None:
        self.settings = settings
        self.resolver = overriding_resolver(settings.host_overrides, resolver)
        self._allowed = settings.networks()
        self._overall = asyncio.Semaphore(settings.total_concurrency)
        self._per_host: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(settings.per_host_concurrency)
        )
        self._robots: dict[str, asyncio.Task[RobotFileParser | None]] = {}
        self.resolved: dict[str, str] = {}  # host -> the checked address connected to
        # One client per host name: pooled connections are keyed by the address we
        # connect to, and two sites on one address must not share a TLS connection.
        self._clients: dict[str, httpx.AsyncClient] = {}
        self._tls = self._tls_context()

    def _client(self, host: str) -> httpx.AsyncClient:
        if host not in self._clients:
            self._clients[host] = httpx.AsyncClient(
                verify=self._tls,
                timeout=httpx.Timeout(self.settings.read_timeout_seconds,
                                      connect=self.settings.connect_timeout_seconds),
                follow_redirects=False,
                headers={"User-Agent": self.settings.user_agent,
                         "Accept": "text/html,*/*;q=0.5"},
                limits=httpx.Limits(max_connections=self.settings.per_host_concurrency),
                trust_env=False,  # no proxies from the environment: we connect where we checked
            )
        return self._clients[host]

    def _tls_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if self.settings.extra_ca_file:
            context.load_verify_locations(self.settings.extra_ca_file)
        return context

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *_: object) -> None:
        await asyncio.gather(*(client.aclose() for client in self._clients.values()))

    async def get(self, url: str, *, html_only: bool = True, obey_robots: bool = True,
                  ) -> FetchResult:
        """GET a page, following redirects one checked hop at a time."""
        chain = [url]
        spent = [0.0]  # seconds the site itself took to answer, over every hop
        current = url
        try:
            for _ in range(self.settings.max_redirects + 1):
                parts = urlsplit(current)
                if parts.scheme not in ("http", "https") or not parts.hostname:
                    raise _Failure("unsupported_scheme",
                                   f"{current}: only http and https addresses are fetched")
                if obey_robots and not await self._robots_allow(current):
                    raise _Failure("robots_disallowed",
                                   f"robots.txt of {parts.hostname} disallows {parts.path or '/'}")
                status, headers, body, seconds = await self._request(current)
                spent[0] += seconds
                if status in _REDIRECTS and headers.get("location"):
                    following = urljoin(current, headers["location"])
                    if following in chain:
                        raise _Failure("redirect_loop", " -> ".join([*chain, following]), status)
                    chain.append(following)
                    current = following
                    continue
                return self._judge(url, current, status, headers, body, chain, spent[0],
                                   html_only)
            raise _Failure("too_many_redirects",
                           f"more than {self.settings.max_redirects} redirects: "
                           + " -> ".join(chain))
        except _Failure as failure:
            return FetchResult(url, failure.outcome, failure.detail, current, failure.status,
                               elapsed_ms=_ms(spent[0] + failure.seconds), chain=chain)

    def _judge(self, url: str, final: str, status: int, headers: dict[str, str], body: bytes,
               chain: list[str], seconds: float, html_only: bool) -> FetchResult:
        content_type = headers.get("content-type", "")
        result = FetchResult(url, OK, f"HTTP {status}", final, status, content_type, body,
                             _ms(seconds), chain)
        if status == 429 or (status == 403 and _looks_like_bot_wall(headers, body)):
            result.outcome = "blocked"
            result.detail = f"HTTP {status}: the site blocks automated requests"
        elif status >= 500:
            result.outcome, result.detail = "server_error", f"HTTP {status} from {final}"
        elif status >= 400:
            result.outcome, result.detail = "http_error", f"HTTP {status} from {final}"
        elif html_only and not content_type.lower().startswith(HTML_TYPES):
            result.outcome = "not_html"
            result.detail = f"{final} is {content_type or 'of no stated type'}, not an HTML page"
        return result

    async def _request(self, url: str) -> tuple[int, dict[str, str], bytes, float]:
        """One GET to a checked address, retried with backoff when the failure is transient.
        The seconds are the last attempt's: the site's own answer, not our waiting."""
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            try:
                status, headers, body, seconds = await self._request_once(url)
            except _Failure as failure:
                if failure.outcome != "connection_error" or attempt == attempts - 1:
                    raise
            else:
                if status not in _TRANSIENT_STATUS or attempt == attempts - 1:
                    return status, headers, body, seconds
            await asyncio.sleep(self.settings.retry_backoff_seconds * 2**attempt)
        raise AssertionError("unreachable")

    async def _request_once(self, url: str) -> tuple[int, dict[str, str], bytes, float]:
        parts = urlsplit(url)
        host = parts.hostname or ""
        try:
            address = await resolve_checked(host, self.resolver, self._allowed)
        except RefusedAddress as error:
            raise _Failure("refused_address", str(error)) from error
        except ResolutionFailed as error:
            raise _Failure("dns_failure", f"DNS lookup failed for {error}") from error
        self.resolved[host] = address
        # Connect to the checked address; the Host header and the TLS name stay the site's.
        literal = f"[{address}]" if ":" in address else address
        netloc = f"{literal}:{parts.port}" if parts.port else literal
        target = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
        host_header = f"{host}:{parts.port}" if parts.port else host
        extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
        deadline = self.settings.page_deadline_seconds
        async with self._overall, self._per_host[host]:
            # Timed from here: the queue for a free connection is ours, not the site's.
            started = time.monotonic()
            try:
                # A total deadline: a site that trickles a byte now and then never trips
                # the read timeout, and would hold the whole run.
                async with asyncio.timeout(deadline), self._client(host).stream(
                    "GET", target, headers={"Host": host_header}, extensions=extensions
                ) as response:
                    body = await self._read_capped(response, url)
                    headers = {k.lower(): v for k, v in response.headers.items()}
                    return response.status_code, headers, body, time.monotonic() - started
            except TimeoutError as error:
                raise _Failure("timeout", f"{url}: the answer did not finish within "
                               f"{deadline:g} s", seconds=time.monotonic() - started) from error
            except httpx.TimeoutException as error:
                kind = "connect" if isinstance(error, httpx.ConnectTimeout) else "read"
                raise _Failure("timeout", f"{url}: {kind} timed out",
                               seconds=time.monotonic() - started) from error
            except httpx.ConnectError as error:
                if _is_tls(error):
                    raise _Failure("tls_error", f"{url}: TLS failed ({error})") from error
                raise _Failure("connection_error", f"{url}: could not connect ({error})") from error
            except (httpx.RemoteProtocolError, httpx.ReadError) as error:
                raise _Failure("connection_error", f"{url}: connection broke ({error})") from error

    async def _read_capped(self, response: httpx.Response, url: str) -> bytes:
        cap = self.settings.max_body_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise _Failure("oversize", f"{url}: {declared} bytes, over the {cap}-byte cap",
                           response.status_code)
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > cap:
                raise _Failure("oversize", f"{url}: over the {cap}-byte cap",
                               response.status_code)
            chunks.append(chunk)
        return b"".join(chunks)

    async def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = asyncio.ensure_future(self._load_robots(origin))
        rules = await self._robots[origin]
        agent = self.settings.user_agent.split("/")[0]
        return rules is None or rules.can_fetch(agent, url)

    async def _load_robots(self, origin: str) -> RobotFileParser | None:
        """The site's robots.txt; None (allow all) when it has none or it cannot be read."""
        try:
            status, headers, body, _ = await self._request(f"{origin}/robots.txt")
        except _Failure:
            return None  # the page fetch will meet and record the same problem
        if status != 200 or not headers.get("content-type", "text/plain").startswith("text/"):
            return None
        rules = RobotFileParser()
        rules.parse(body.decode("utf-8", errors="replace").splitlines())
        return rules


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def _is_tls(error: Exception) -> bool:
    text = f"{error} {error.__cause__ or ''}".lower()
    return isinstance(error.__cause__, ssl.SSLError) or "ssl" in text or "certificate" in text


def _looks_like_bot_wall(headers: dict[str, str], body: bytes) -> bool:
    if any(name in headers for name in _BOT_WALL_HEADERS):
        return True
    return bool(_BOT_WALL_TEXT.search(body[:16384].decode("utf-8", errors="ignore")))
