"""Every fixture site checked for real over HTTP(S) on 127.0.0.1 with the static engine."""

from __future__ import annotations

import asyncio
import json
from datetime import date

import pytest

from ingest.websites.run import check_sites
from ingest.websites.safety import ResolutionFailed
from ingest.websites.settings import load_website_settings
from tests.websites.fixtures import TRICKLE, FixtureServers, html, redirect, standard_site

BIG = b"<html lang='fi'><title>x</title>" + b"x" * 300_000


def flaky():
    calls = {"n": 0}
    good = standard_site()

    def serve(path: str):
        calls["n"] += 1
        if path == "/" and calls["n"] == 1:
            return 503, {"Content-Type": "text/plain"}, b"busy"
        return good(path)

    return serve


# host -> (handler, served over https?, outcome, failed checks)
SITES = {
    "good.test": (standard_site(), True, "ok", set()),
    "plain.test": (standard_site(), False, "ok", {"https", "http_redirects_to_https"}),
    "nolang.test": (standard_site(lang=""), True, "ok", {"html_lang"}),
    "badlang.test": (standard_site(lang="suomi!"), True, "ok", {"html_lang"}),
    "notitle.test": (standard_site(title=" "), True, "ok", {"title"}),
    "noalt.test": (standard_site(alt=""), True, "ok", {"img_alt"}),
    "noh1.test": (standard_site(h1="<h2>Tervetuloa</h2>"), True, "ok", {"headings"}),
    "skiph.test": (standard_site(h2="h3"), True, "ok", {"headings"}),
    "nolabel.test": (standard_site(unlabelled='<input name="email">'), True, "ok",
                     {"form_labels"}),
    "nolinkname.test": (standard_site(link=""), True, "ok", {"link_names"}),
    "nobutton.test": (standard_site(button=""), True, "ok", {"button_names"}),
    "nozoom.test": (standard_site(viewport="width=device-width, user-scalable=no"), True, "ok",
                    {"viewport_zoom"}),
    "nostatement.test": (standard_site(statement=""), True, "ok", {"statement_link"}),
    "nofeedback.test": (standard_site(feedback="<p>Ei palautetta.</p>"), True, "ok",
                        {"statement_feedback"}),
    "nooffer.test": (standard_site(description="", offer_words="vähän sanoja"), True, "ok",
                     {"offer_description"}),
    "noenglish.test": (standard_site(hreflang="", english=""), True, "ok", {"english_version"}),
    "redirect.test": (None, False, "ok", set()),  # set up below: http -> http -> https
    "loop.test": (lambda p: (302, {"Location": "/b" if p == "/a" else "/a"}, b""), False,
                  "redirect_loop", {"reachable"}),
    "slow.test": (None, False, "timeout", {"reachable"}),
    "error.test": (lambda p: html(b"<h1>oops</h1>", 500), False, "server_error", {"reachable"}),
    "flaky.test": (flaky(), True, "ok", set()),
    "ratelimit.test": (lambda p: (429, {"Retry-After": "60"}, b"slow down"), False, "blocked",
                       set()),
    "botwall.test": (lambda p: html(b"<h1>Are you human? captcha</h1>", 403), False, "blocked",
                     set()),
    # Ordinary 403 pages are errors, whatever words they hold; bot protection is blocked.
    "bothnian.test": (lambda p: html(b"<h1>403</h1><p>Bothnian Bay robots club: members "
                                     b"only. Access denied.</p>", 403), False, "http_error",
                      {"reachable"}),
    "forbidden.test": (lambda p: html(b"<h1>Forbidden</h1><p>About our bots and robots.txt"
                                      b"</p>", 403), False, "http_error", {"reachable"}),
    "cfwall.test": (lambda p: html(b"<title>Just a moment...</title>", 403,
                                   **{"cf-mitigated": "challenge"}), False, "blocked", set()),
    "humancheck.test": (lambda p: html(b"<p>Please verify you are a human.</p>", 403), False,
                        "blocked", set()),
    "trickle.test": (lambda p: html(b"<html lang='fi'><title>x</title>", 200,
                                    **{TRICKLE: "0.2"}), False, "timeout", {"reachable"}),
    "slowrobots.test": (standard_site(), True, "ok", set()),
    "big.test": (lambda p: html(BIG), False, "oversize", {"reachable"}),
    "pdf.test": (lambda p: (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4"), False,
                 "not_html", {"reachable"}),
    "private.test": (redirect("http://10.0.0.1/"), False, "refused_address", {"reachable"}),
    "intranet.test": (standard_site(), False, "refused_address", {"reachable"}),
    "nxdomain.test": (standard_site(), False, "dns_failure", {"reachable"}),
    "badtls.test": (standard_site(), True, "tls_error", {"reachable"}),
    "robotsdeny.test": (standard_site(), False, "robots_disallowed", set()),
}


def slow(path: str):
    import time

    time.sleep(2.5)
    return standard_site()(path)


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    handlers = {host: handler for host, (handler, *_rest) in SITES.items() if handler}
    handlers["slow.test"] = slow
    with FixtureServers(sites=handlers, robots={"robotsdeny.test": "User-agent: *\nDisallow: /\n",
                                                "good.test": "User-agent: *\nDisallow: /private\n",
                                                "slowrobots.test": "User-agent: *\n"},
                        delays={("slowrobots.test", "/robots.txt"): 1.5}) as servers:
        servers.sites["redirect.test"] = lambda p: (
            (301, {"Location": "/step"}, b"") if p == "/"
            else (302, {"Location": servers.url("good.test", secure=True)}, b"")
        )
        overrides = {host: "127.0.0.1" for host in SITES if host not in ("nxdomain.test",)}
        overrides["intranet.test"] = "10.1.2.3"
        settings = load_website_settings(
            allowed_networks=["127.0.0.1/32"], host_overrides=overrides,
            extra_ca_file=servers.ca_file, read_timeout_seconds=1.0, connect_timeout_seconds=1.0,
            retries=1, retry_backoff_seconds=0.01, max_body_bytes=100_000,
            page_deadline_seconds=3.0,
        )

        async def no_dns(host: str) -> list[str]:
            raise ResolutionFailed(f"{host}: not found (the tests use no DNS)")

        targets = [(host.split(".")[0], servers.url(host, secure=secure))
                   for host, (_, secure, *_rest) in SITES.items()]
        records = asyncio.run(check_sites(targets, settings, date(2026, 9, 15), resolver=no_dns))
        yield {record.cluster_id: record for record in records}, servers


@pytest.mark.parametrize("host", list(SITES))
def test_outcome_and_failed_checks(checked, host):
    records, _ = checked
    _, _, outcome, failed = SITES[host]
    record = records[host.split(".")[0]]
    assert record.outcome == outcome, record.detail
    assert {f.check for f in record.failed} == failed, [f.summary() for f in record.failed]


def test_the_good_site_passes_every_check(checked):
    record = checked[0]["good"]
    assert (record.reachable, record.https, record.offer_description,
            record.accessibility_statement, record.english_version) == (True,) * 5
    assert record.accessibility_failures == 0
    assert len(record.pages) == 4  # home, offer, statement, English
    assert record.csv_row("x")["failed_checks"] == ""


def test_findings_name_page_element_and_count(checked):
    record = checked[0]["noalt"]
    [finding] = record.failed
    assert finding.page.endswith("/") and finding.count == 1
    assert finding.elements == ['<img src="/logo.png">']
    assert finding.wcag == "1.1.1"
    assert record.accessibility_failures == 1
    assert json.loads(record.csv_row("x")["findings"])[0]["page"].startswith("https://noalt.test")


def test_redirect_chain_into_https(checked):
    record = checked[0]["redirect"]
    assert record.https and record.http_redirects_to_https
    assert record.final_url.startswith("https://good.test")


def test_blocked_site_is_not_recorded_as_down(checked):
    record = checked[0]["ratelimit"]
    assert record.outcome == "blocked" and "429" in record.detail
    assert record.findings[0].status == "could_not_check"


def test_private_redirect_is_refused_without_connecting(checked):
    record = checked[0]["private"]
    assert "10.0.0.1" in record.detail and "loopback, private" in record.detail
    assert record.accessibility_failures is None


def test_transient_failure_is_retried(checked):
    _, servers = checked
    assert checked[0]["flaky"].outcome == "ok"
    assert [path for host, path in servers.requests if host == "flaky.test"].count("/") >= 2


def test_robots_txt_is_respected(checked):
    _, servers = checked
    assert [p for h, p in servers.requests if h == "robotsdeny.test"] == ["/robots.txt"]


def test_user_agent_and_limits(checked):
    _, servers = checked
    assert ("good.test", "/robots.txt") in servers.requests


@pytest.mark.parametrize("host", ["big", "pdf"])
def test_an_unusable_home_page_records_only_what_was_measured(checked, host):
    """The answer came (status, address) but no page was checked: those columns stay empty,
    and `reachable` agrees with the failed check of that name."""
    row = checked[0][host].csv_row("x")
    assert row["reachable"] is False and "reachable" in row["failed_checks"]
    assert (row["offer_description"], row["accessibility_failures"],
            row["accessibility_statement"], row["english_version"]) == (None,) * 4
    assert row["status_code"] == 200


def test_response_time_is_the_sites_own(checked):
    """robots.txt took 1.5 s and the checker queued; the home page answered at once."""
    record = checked[0]["slowrobots"]
    assert record.response_ms is not None and record.response_ms < 1000
    assert "response_time" not in {f.check for f in record.failed}


def test_a_trickling_page_meets_its_deadline(checked):
    record = checked[0]["trickle"]
    assert "did not finish within 3 s" in record.detail
    assert record.response_ms is not None and record.response_ms < 5000


@pytest.mark.parametrize("max_pages", [1, 2, 3])
def test_max_pages_below_the_linked_pages(max_pages):
    """A site linking an offer page, a statement and an English version: what max_pages
    leaves out is recorded as not measured, never as failed (and never a crash)."""
    site = standard_site(description="")  # the offer must come from the offer page
    with FixtureServers(sites={"limited.test": site}) as servers:
        settings = load_website_settings(
            allowed_networks=["127.0.0.1/32"], host_overrides={"limited.test": "127.0.0.1"},
            extra_ca_file=servers.ca_file, max_pages=max_pages)

        async def no_dns(host: str) -> list[str]:
            raise ResolutionFailed(host)

        [record] = asyncio.run(check_sites([("limited", servers.url("limited.test", True))],
                                           settings, date(2026, 9, 15), resolver=no_dns))
    assert record.outcome == "ok" and len(record.pages) == max_pages
    assert record.failed == [], [f.summary() for f in record.failed]
    row = record.csv_row("x")
    assert row["offer_description"] is (True if max_pages >= 2 else None)
    assert row["accessibility_statement"] is (True if max_pages >= 3 else None)
    skipped = [f for f in record.findings if f.status == "could_not_check"]
    assert all("max_pages" in f.detail for f in skipped) and len(skipped) == 3 - max_pages


def test_statement_on_the_home_page_itself():
    site = standard_site(statement='<a href="/">Saavutettavuus</a>',
                         feedback="")
    with FixtureServers(sites={"self.test": site}) as servers:
        settings = load_website_settings(
            allowed_networks=["127.0.0.1/32"], host_overrides={"self.test": "127.0.0.1"},
            extra_ca_file=servers.ca_file)

        async def no_dns(host: str) -> list[str]:
            raise ResolutionFailed(host)

        [record] = asyncio.run(check_sites([("self", servers.url("self.test", True))],
                                           settings, date(2026, 9, 15), resolver=no_dns))
    assert record.outcome == "ok", record.detail
    [statement] = [f for f in record.findings if f.check == "statement_link"]
    assert statement.status == "pass" and statement.detail == "the home page itself"
