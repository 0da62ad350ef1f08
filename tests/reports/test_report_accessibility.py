"""The reports are public-sector documents: axe-core (WCAG 2.1 A and AA) in headless
Chromium must find nothing in them. Runs on the sample data's reports, both languages,
with a previous quarter so that changes and the trend chart are there too."""

from __future__ import annotations

import asyncio

import pytest

from flows.evaluate import SAMPLE_DATA
from ingest.configuration import load_column_config, load_rules
from ingest.files import read_input_folder
from ingest.websites.axe import AxeEngine, browser_available
from ingest.websites.settings import load_website_settings
from reports.history import History, Snapshot
from reports.writers import write_html
from schemas import validate_inputs
from scoring import Period, evaluate_clusters

SETTINGS = load_website_settings()
pytestmark = pytest.mark.skipif(browser_available(SETTINGS) is not None,
                                reason=str(browser_available(SETTINGS)))


def results_for(quarter: str):
    columns = load_column_config()
    validated = validate_inputs(read_input_folder(SAMPLE_DATA, columns), columns)
    period = Period.from_quarter(quarter)
    results = evaluate_clusters(
        validated.register, {k: v for k, v in validated.tables.items() if k != "clusters"},
        period, load_rules(), validated.rejected_by_cluster, validated.absent_register_columns)
    return period, results, validated


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    _, earlier, _ = results_for("2026Q2")
    period, results, validated = results_for("2026Q3")
    previous = Snapshot.from_results("2026-Q2", earlier)
    history = History(previous, (previous, Snapshot.from_results("2026-Q3", results)))
    written = write_html(folder, period, "both", results, validated.rejected,
                         validated.row_counts, history, "test", pdf=True)
    return [page for page in written if page.suffix == ".html"]  # not the calendars


def test_reports_have_no_axe_violations(pages):
    async def audit_all():
        async with AxeEngine(SETTINGS, {}) as axe:
            return {page.name if page.parent.name != "en" else f"en/{page.name}":
                    await axe.audit(page.resolve().as_uri()) for page in pages}

    findings = asyncio.run(audit_all())
    assert len(findings) == 14
    problems = {page: [f"{f.check}: {f.detail} {f.elements[:1]}" for f in found]
                for page, found in findings.items() if found}
    assert problems == {}
