"""Benchmark: `check-websites` (static engine) over 500 fixture sites on 127.0.0.1, each
answering every request after an artificial 100 ms. Prints the figures; not a test.

    .venv/bin/python benchmarks/check_websites.py [--sites 500] [--latency 0.1]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.websites.run import check_sites
from ingest.websites.safety import ResolutionFailed
from ingest.websites.settings import load_website_settings
from tests.websites.fixtures import FixtureServers, standard_site


async def no_dns(host: str) -> list[str]:
    raise ResolutionFailed(host)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sites", type=int, default=500)
    parser.add_argument("--latency", type=float, default=0.1)
    args = parser.parse_args()
    hosts = [f"site{n:04d}.test" for n in range(args.sites)]
    with FixtureServers(sites={host: standard_site() for host in hosts},
                        latency=args.latency) as servers:
        settings = load_website_settings(
            allowed_networks=["127.0.0.1/32"], host_overrides=dict.fromkeys(hosts, "127.0.0.1"),
            extra_ca_file=servers.ca_file, engine="static",
        )
        targets = [(host, servers.url(host)) for host in hosts]
        started = time.perf_counter()
        records = asyncio.run(check_sites(targets, settings, date.today(), no_dns))
        wall = time.perf_counter() - started
    outcomes: dict[str, int] = {}
    for record in records:
        outcomes[record.outcome] = outcomes.get(record.outcome, 0) + 1
    requests = len(servers.requests)
    floor = requests * args.latency / settings.total_concurrency
    print(f"sites: {len(records)}  outcomes: {outcomes}")
    print(f"requests: {requests}  latency per request: {args.latency * 1000:.0f} ms")
    print(f"limits: {settings.per_host_concurrency} per host, {settings.total_concurrency} "
          "overall")
    print(f"floor set by the limits (requests x latency / overall limit): {floor:.1f} s")
    print(f"wall time of check-websites (static engine): {wall:.1f} s  (target < 15 s)")


if __name__ == "__main__":
    main()
