"""The quarterly schedule in Helsinki time, across daylight-saving changes, and the
quarter each run evaluates."""

from __future__ import annotations

import asyncio
import inspect
from datetime import UTC, datetime

import pytest
from prefect.server.schemas.schedules import CronSchedule

from flows.serve import deployments, load_schedules
from scoring.period import Period


def next_runs(cron: str, timezone: str, count: int, start: datetime) -> list[datetime]:
    dates = CronSchedule(cron=cron, timezone=timezone).get_dates(n=count, start=start)
    if inspect.iscoroutine(dates):
        dates = asyncio.run(dates)
    return list(dates)


def test_next_four_quarterly_runs_fall_at_six_helsinki_time():
    schedules = load_schedules()
    runs = next_runs(schedules.evaluate_clusters.cron, schedules.timezone, 4,
                     datetime(2026, 11, 28, tzinfo=UTC))
    local = [(run.year, run.month, run.day, run.hour) for run in runs]
    assert local == [(2027, 1, 1, 6), (2027, 4, 1, 6), (2027, 7, 1, 6), (2027, 10, 1, 6)]
    # Winter time is UTC+2, summer time UTC+3: the same local hour, different UTC hours.
    utc = [run.astimezone(UTC).hour for run in runs]
    assert utc == [4, 3, 3, 3]


@pytest.mark.parametrize(
    ("run_day", "quarter"),
    [((2027, 1, 1), "2026-Q4"), ((2027, 4, 1), "2027-Q1"), ((2027, 7, 1), "2027-Q2"),
     ((2027, 10, 1), "2027-Q3")],
)
def test_each_run_evaluates_the_quarter_just_ended(run_day, quarter):
    from datetime import date

    assert Period.last_completed_quarter(date(*run_day)).label == quarter


def test_monthly_website_checks_run_before_the_evaluation():
    schedules = load_schedules()
    runs = next_runs(schedules.check_websites.cron, schedules.timezone, 3,
                     datetime(2026, 12, 15, tzinfo=UTC))
    assert [(run.month, run.day, run.hour) for run in runs] == [(1, 1, 5), (2, 1, 5),
                                                                (3, 1, 5)]


def test_deployments_carry_the_configured_schedules():
    evaluate, check, warn = deployments(load_schedules(), {"data_dir": "/data",
                                                           "out_dir": "/out", "lang": "both"})
    assert (evaluate.name, check.name, warn.name) == ("quarterly", "monthly", "monthly")
    assert (check.flow_name, warn.flow_name) == ("check-websites", "warn-clusters")
    assert evaluate.schedules[0].schedule.timezone == "Europe/Helsinki"
    assert evaluate.parameters == {"data_dir": "/data", "out_dir": "/out", "lang": "both"}
    assert check.parameters == {"data_dir": "/data"}
    assert warn.parameters == {"data_dir": "/data", "out_dir": "/out", "lang": "fi",
                               "send": True}


def test_monthly_warnings_run_on_the_fifteenth_at_six_helsinki_time():
    schedules = load_schedules()
    runs = next_runs(schedules.warn_clusters.cron, schedules.timezone, 3,
                     datetime(2026, 11, 28, tzinfo=UTC))
    assert [(run.year, run.month, run.day, run.hour) for run in runs] == [
        (2026, 12, 15, 6), (2027, 1, 15, 6), (2027, 2, 15, 6)]
