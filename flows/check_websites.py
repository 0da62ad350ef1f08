"""The Prefect flow `check-websites`: read the register, check every site, record the results.

Coarse tasks; the sites are checked concurrently inside a task (asyncio, bounded per
host and overall), not a task per site. With `parts` > 1 the sites are cut into shares
by host, so a Dask task runner can check them on its workers within the same limits.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from config import HELSINKI, SAMPLE_DATA_DIR
from flows.columns import input_columns
from flows.distributed import workers_reach_this_api
from flows.progress import Progress
from ingest import read_input_folder
from ingest.websites.record import record_checks
from ingest.websites.run import check_sites, choose_engine, normalise_url
from ingest.websites.settings import WEBSITES_FILE, WebsiteSettings, load_website_settings
from ingest.websites.site import SiteRecord
from schemas.validate import check_required, chosen_clusters, validate_table


def register_sites(data_dir: Path, clusters: list[str] | None) -> list[tuple[str, str]]:
    """(cluster_id, website_url) for every valid register row with a website."""
    columns = input_columns()
    inputs = read_input_folder(data_dir, columns)
    check_required(inputs)
    register, _, _ = validate_table(inputs.tables["clusters"], columns, None)
    register = register[register["cluster_id"].isin(chosen_clusters(register, clusters))]
    with_site = register[register["website_url"].notna()]
    return list(zip(with_site["cluster_id"], with_site["website_url"], strict=True))


@task(name="read-register", cache_policy=NO_CACHE)
def read_register(data_dir: Path, clusters: list[str] | None) -> list[tuple[str, str]]:
    sites = register_sites(data_dir, clusters)
    get_run_logger().info("%d clusters with a website in %s", len(sites), data_dir)
    return sites


@task(name="check-sites", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=60)
def check(sites: list[tuple[str, str]], settings: WebsiteSettings) -> list[SiteRecord]:
    engine, why = choose_engine(settings)
    get_run_logger().info("Engine: %s (%s)", engine, why)
    today = datetime.now(HELSINKI).date()
    with Progress("Checking websites", len(sites)) as progress:
        return asyncio.run(check_sites(sites, settings, today, engine=engine,
                                       on_site=progress.advance))


def host_shares(sites: list[tuple[str, str]], parts: int) -> list[list[int]]:
    """The sites (by position) cut into at most `parts` shares of about equal size, every
    site of one host in the same share, so the per-host limit holds whoever checks it."""
    by_host: dict[str, list[int]] = {}
    for n, (_, url) in enumerate(sites):
        host = (urlsplit(normalise_url(url)).hostname or url).casefold()
        by_host.setdefault(host, []).append(n)
    shares: list[list[int]] = [[] for _ in range(max(1, min(parts, len(by_host))))]
    for group in sorted(by_host.values(), key=len, reverse=True):
        min(shares, key=len).extend(group)
    return [sorted(share) for share in shares if share] or [[]]


def check_all(sites: list[tuple[str, str]], settings: WebsiteSettings, parts: int
              ) -> list[SiteRecord]:
    """Every site checked, as `parts` tasks at most; the overall limit is divided among
    them so the run as a whole stays within it. Records in the register's order."""
    shares = host_shares(sites, parts)
    share_settings = settings.model_copy(update={
        "total_concurrency": max(1, settings.total_concurrency // len(shares))})
    with workers_reach_this_api():
        futures = [check.submit([sites[n] for n in share], share_settings)
                   for share in shares]
        checked = [future.result() for future in futures]
    records: list[SiteRecord | None] = [None] * len(sites)
    for share, found in zip(shares, checked, strict=True):
        for n, record in zip(share, found, strict=True):
            records[n] = record
    return [record for record in records if record is not None]


@task(name="record-checks", cache_policy=NO_CACHE)
def record(folder: Path, records: list[SiteRecord]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = record_checks(folder, records)
    get_run_logger().info("Recorded %d checks in %s", len(records), path)
    return path


@flow(name="check-websites")
def check_websites_flow(
    data_dir: str | None = None,
    clusters: list[str] | None = None,
    record_dir: str | None = None,
    engine: str | None = None,
    websites_config: str | None = None,
    parts: int = 1,
) -> dict[str, object]:
    """Check the website of every cluster in the register of `data_dir` and append the
    results to `record_dir`/website_checks.csv (default: the data folder itself, so the
    next evaluation reads them; for the bundled sample, out/website-checks)."""
    overrides = {"engine": engine} if engine else {}
    settings = load_website_settings(Path(websites_config) if websites_config else WEBSITES_FILE,
                                     **overrides)
    folder = Path(data_dir) if data_dir else SAMPLE_DATA_DIR
    target = Path(record_dir) if record_dir else (
        folder if data_dir else Path("out") / "website-checks")
    sites = read_register(folder, clusters)
    records = check_all(sites, settings, parts)
    path = record(target, records)
    return {
        "recorded": str(path),
        "sites": [
            {"cluster_id": r.cluster_id, "url": r.url, "outcome": r.outcome,
             "engine": r.engine, "accessibility_failures": r.accessibility_failures,
             "failed_checks": sorted({f.check for f in r.failed})}
            for r in records
        ],
    }
