"""The scheduled deployments: `evaluate-clusters/quarterly`, `check-websites/monthly` and
`warn-clusters/monthly`, served by this process (`clustereval serve`) against a real
Prefect server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prefect import serve
from prefect.schedules import Cron

from flows.check_websites import check_websites_flow
from flows.evaluate import evaluate_clusters_flow
from flows.warn import warn_clusters_flow
from ingest.configuration import Schedules, load_schedules
from reports.pages import languages_of


def deployments(schedules: Schedules, parameters: dict[str, Any]) -> list[Any]:
    """The three deployments, with the schedules of config/schedules.yaml. `parameters` are
    the defaults a scheduled run uses (data folder, output folder); an operator's run can
    override any of them."""
    evaluate = evaluate_clusters_flow.to_deployment(
        name=schedules.evaluate_clusters.deployment,
        schedules=[Cron(schedules.evaluate_clusters.cron, timezone=schedules.timezone)],
        parameters={key: value for key, value in parameters.items()
                    if key in ("data_dir", "out_dir", "lang")},
        description="Evaluate every cluster for the quarter just ended and publish the reports.",
    )
    check = check_websites_flow.to_deployment(
        name=schedules.check_websites.deployment,
        schedules=[Cron(schedules.check_websites.cron, timezone=schedules.timezone)],
        parameters={key: value for key, value in parameters.items() if key in ("data_dir",)},
        description="Check every cluster's website (criterion 7) and record the results.",
    )
    # The warnings go out in one language per recipient (delivery settings); for others
    # the reports' first language ("both": Finnish).
    warn = warn_clusters_flow.to_deployment(
        name=schedules.warn_clusters.deployment,
        schedules=[Cron(schedules.warn_clusters.cron, timezone=schedules.timezone)],
        parameters={**{key: value for key, value in parameters.items()
                       if key in ("data_dir", "out_dir")},
                    "lang": languages_of(str(parameters.get("lang") or "fi"))[0],
                    "send": True},
        description="Warn each cluster about the criteria that fall before the quarter ends.",
    )
    return [evaluate, check, warn]


@contextmanager
def noting_sigterm() -> Iterator[threading.Event]:
    """Prefect's runner stops gracefully on SIGTERM and returns as if it had been asked to
    (or exits 0 before it started): note the signal, so that serve exits 143 as every
    command stopped by SIGTERM does. Prefect's handler still does the stopping."""
    from prefect.runner.runner import Runner

    noted = threading.Event()
    original = Runner.handle_sigterm

    def handle(self: Runner, *args: Any, **kwargs: Any) -> None:
        noted.set()
        original(self, *args, **kwargs)

    Runner.handle_sigterm = handle  # type: ignore[method-assign]
    try:
        yield noted
    finally:
        Runner.handle_sigterm = original  # type: ignore[method-assign]


def serve_deployments(parameters: dict[str, Any]) -> None:
    """Serve until stopped; stopping does not pause the schedules."""
    serve(*deployments(load_schedules(), parameters), pause_on_shutdown=False,
          print_starting_message=True)
