"""The browser engine on the fixture sites: axe-core in Debian's Chromium (.ci/run
installs it); skipped, saying why, on a machine without it."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from ingest.websites.axe import browser_available
from ingest.websites.run import check_sites
from ingest.websites.safety import ResolutionFailed
from ingest.websites.settings import load_website_settings
from tests.websites.fixtures import FixtureServers, standard_site

SETTINGS = load_website_settings()
pytestmark = pytest.mark.skipif(browser_available(SETTINGS) is not None,
                                reason=str(browser_available(SETTINGS)))

LOW_CONTRAST = '<h1 style="color:#bbbbbb;background:#ffffff">Tervetuloa</h1>'
SITES = {
    "good.test": standard_site(),
    "noalt.test": standard_site(alt=""),
    "contrast.test": standard_site(h1=LOW_CONTRAST),
}


@pytest.fixture(scope="module")
def audited():
    with FixtureServers(sites=dict(SITES)) as servers:
        # A resource on another origin (a checked one, at the same address): never fetched.
        elsewhere = servers.url("noalt.test", secure=True, path="/cross-origin.png")
        servers.sites["good.test"] = standard_site(
            statement='<a href="/saavutettavuusseloste">Saavutettavuusseloste</a>'
            f'<img alt="" src="{elsewhere}">')
        settings = load_website_settings(
            allowed_networks=["127.0.0.1/32"],
            host_overrides={host: "127.0.0.1" for host in SITES},
            extra_ca_file=servers.ca_file, engine="axe",
        )

        async def no_dns(host: str) -> list[str]:
            raise ResolutionFailed(host)

        targets = [(host.split(".")[0], servers.url(host, secure=True)) for host in SITES]
        records = asyncio.run(check_sites(targets, settings, date(2026, 9, 15), no_dns, "axe"))
        yield {record.cluster_id: record for record in records}, servers


def axe_failures(record):
    return {f.check for f in record.failed if f.engine == "axe"}


def test_good_site_has_no_axe_violations(audited):
    record = audited[0]["good"]
    assert record.engine == "axe"
    assert axe_failures(record) == set(), [f.summary() for f in record.failed]
    assert record.accessibility_failures == 0


def test_axe_finds_missing_alt_with_wcag_tags(audited):
    record = audited[0]["noalt"]
    [finding] = [f for f in record.failed if f.check == "axe:image-alt"]
    assert "wcag111" in finding.wcag and finding.elements == ['<img src="/logo.png">']


def test_only_the_browser_sees_colour_contrast(audited):
    record = audited[0]["contrast"]
    assert axe_failures(record) == {"axe:color-contrast"}
    assert {f.check for f in record.failed if f.engine == "static"} == set()
    assert record.accessibility_failures >= 1


def test_browser_requests_stay_on_the_page_origin(audited):
    _, servers = audited
    assert ("good.test", "/logo.png") in servers.requests  # the page's own image loads
    assert ("noalt.test", "/cross-origin.png") not in servers.requests


def test_an_element_both_engines_flag_counts_once(audited):
    """The missing alt is found by the static check and by axe's image-alt: one failure."""
    record = audited[0]["noalt"]
    assert {f.check for f in record.failed} >= {"img_alt", "axe:image-alt"}
    assert record.accessibility_failures == 1
    assert record.csv_row("x")["accessibility_failures"] == 1
