"""Checking many sites at once: one broken site never stops the others."""

from __future__ import annotations

import asyncio
from datetime import date

from ingest.websites.fetch import Fetcher
from ingest.websites.safety import Resolver, system_resolver
from ingest.websites.settings import WebsiteSettings
from ingest.websites.site import BrowserEngine, SiteRecord, check_site


def normalise_url(url: str) -> str:
    """A register address without a scheme is taken as https://."""
    url = url.strip()
    return url if "://" in url else f"https://{url}"


async def check_sites(
    targets: list[tuple[str, str]],
    settings: WebsiteSettings,
    checked_at: date,
    resolver: Resolver = system_resolver,
    browser: BrowserEngine | None = None,
) -> list[SiteRecord]:
    """(cluster_id, url) pairs -> one record each, in the same order."""
    async with Fetcher(settings, resolver) as fetcher:

        async def one(cluster_id: str, url: str) -> SiteRecord:
            try:
                return await check_site(fetcher, settings, cluster_id, normalise_url(url),
                                        checked_at, browser)
            except Exception as error:  # a defect on one page must not lose the others
                return SiteRecord(cluster_id=cluster_id, url=url, checked_at=checked_at,
                                  outcome="check_error", detail=f"{type(error).__name__}: {error}")

        return list(await asyncio.gather(*(one(c, u) for c, u in targets)))
