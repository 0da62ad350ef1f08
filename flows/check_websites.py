"""The Prefect flow `check-websites`: read the register, check every site, record the results.

Three coarse tasks; the sites are checked concurrently inside one task (asyncio, bounded
per host and overall), not a task per site.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from config import HELSINKI, SAMPLE_DATA_DIR
from ingest import read_input_folder
from ingest.configuration import load_column_config
from ingest.websites.record import record_checks
from ingest.websites.run import check_sites, choose_engine
from ingest.websites.settings import WEBSITES_FILE, WebsiteSettings, load_website_settings
from ingest.websites.site import SiteRecord
from schemas.validate import check_required, chosen_clusters, validate_table


def register_sites(data_dir: Path, clusters: list[str] | None) -> list[tuple[str, str]]:
    """(cluster_id, website_url) for every valid register row with a website."""
    columns = load_column_config()
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
    return asyncio.run(check_sites(sites, settings, today, engine=engine))


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
    records = check(sites, settings)
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
