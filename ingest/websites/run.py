"""Checking many sites at once: static checks for all, then the browser engine if asked.
One broken site never stops the others."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date

from ingest.errors import InputError
from ingest.websites.axe import AxeEngine, browser_available
from ingest.websites.fetch import Fetcher
from ingest.websites.safety import Resolver, system_resolver
from ingest.websites.settings import WebsiteSettings
from ingest.websites.site import SiteRecord, check_site


def normalise_url(url: str) -> str:
    """A register address without a scheme is taken as https://."""
    url = url.strip()
    return url if "://" in url else f"https://{url}"


def choose_engine(settings: WebsiteSettings) -> tuple[str, str]:
    """(engine, why): axe when asked or available under 'auto', else static."""
    missing = browser_available(settings)
    if settings.engine == "static":
        return "static", "the static engine was asked for"
    if missing is None:
        return "axe", "axe-core in headless Chromium"
    if settings.engine == "axe":
        raise InputError(f"The axe engine was asked for but cannot run: {missing}.")
    return "static", missing


async def check_sites(
    targets: list[tuple[str, str]],
    settings: WebsiteSettings,
    checked_at: date,
    resolver: Resolver = system_resolver,
    engine: str = "static",
    on_site: Callable[[], None] | None = None,
) -> list[SiteRecord]:
    """(cluster_id, url) pairs -> one record each, in the same order. `on_site` is told
    each time a site's check ends (its fetches, then its audit with the axe engine)."""
    async with Fetcher(settings, resolver) as fetcher:

        async def one(cluster_id: str, url: str) -> SiteRecord:
            try:
                return await check_site(fetcher, settings, cluster_id, normalise_url(url),
                                        checked_at)
            except Exception as error:  # a defect on one page must not lose the others
                return SiteRecord(cluster_id=cluster_id, url=url, checked_at=checked_at,
                                  outcome="check_error", detail=f"{type(error).__name__}: {error}")
            finally:
                if on_site is not None and engine != "axe":
                    on_site()

        records = list(await asyncio.gather(*(one(c, u) for c, u in targets)))
        if engine == "axe":
            await _audit_in_browser(records, settings, fetcher.resolved, on_site)
    return records


async def _audit_in_browser(records: list[SiteRecord], settings: WebsiteSettings,
                            addresses: dict[str, str],
                            on_site: Callable[[], None] | None = None) -> None:
    async with AxeEngine(settings, addresses) as axe:
        pages = asyncio.Semaphore(2)  # a rendered page costs a second of CPU: two at a time

        async def audit(record: SiteRecord) -> None:
            record.engine = "axe"
            try:
                for page in record.pages:
                    async with pages:
                        record.findings += await axe.audit(page)
            finally:
                if on_site is not None:
                    on_site()

        for record in records:  # a site with no page to audit is done already
            if not record.pages and on_site is not None:
                on_site()
        await asyncio.gather(*(audit(record) for record in records if record.pages))
