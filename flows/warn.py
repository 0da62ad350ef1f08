"""The Prefect flow `warn-clusters`: the same inputs evaluated as of a date, and the
deadlines of its forecast: the criteria lower at the next quarterly evaluation are written
to OUT/warnings/<date>/ and, with `send`, e-mailed to each cluster's recipients once.
Nothing is published into the period folders and nothing is recorded as an evaluation."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from config import HELSINKI, SAMPLE_DATA_DIR
from flows.columns import input_columns
from flows.evaluate import load_inputs, validate
from ingest import InputError
from ingest.configuration import load_rules, load_schedules
from reports.delivery import DELIVERY_FILE, deliver, load_delivery_settings
from reports.messages import REPORT_LANGUAGES
from reports.warnings import (
    LOG_BUCKET,
    LOG_NAME,
    ClusterWarning,
    find_warnings,
    markdown,
    plan_warning_mails,
    warnings_document,
)
from schemas import ValidatedInputs
from scoring import ClusterResult, Period, Rules, evaluate_clusters
from scoring.period import next_evaluation, parse_period


def warning_date(as_of: str | None, window_months: int) -> Period:
    """The date asked for (default: today in Helsinki), checked as `evaluate` checks it."""
    today = datetime.now(HELSINKI).date()
    try:
        return parse_period(None, as_of or today.isoformat(), today, window_months)
    except ValueError as error:
        raise InputError(str(error)) from error


def _evaluate(validated: ValidatedInputs, period: Period, rules: Rules
              ) -> list[ClusterResult]:
    return evaluate_clusters(
        validated.register,
        validated.evidence,
        period, rules, rejected=validated.rejected_by_cluster,
        absent_register_columns=validated.absent_register_columns,
        next_website_check=load_schedules().next_run("check_websites", period.as_of))


@task(name="find-warnings", cache_policy=NO_CACHE)
def warnings_of(validated: ValidatedInputs, period: Period, rules: Rules
                ) -> list[ClusterWarning]:
    return find_warnings(_evaluate(validated, period, rules))


def write_document(out_dir: Path, document: dict[str, object]) -> Path:
    """OUT/warnings/<date>/warnings.json, replaced whole (a reader never sees half)."""
    folder = out_dir / "warnings" / str(document["as_of"])
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "warnings.json"
    temporary = folder / f".warnings.json.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n",
                         encoding="utf-8")
    os.replace(temporary, target)
    return target


@flow(name="warn-clusters", log_prints=False)
def warn_clusters_flow(
    data_dir: str | None = None,
    as_of: str | None = None,
    out_dir: str = "out",
    lang: str = "fi",
    send: bool = False,
    dry_run: bool = False,
    delivery_config: str | None = None,
) -> dict[str, object]:
    """Warn, as of `as_of` (default: today in Helsinki), about every criterion that the
    same inputs would give a lower status at the next quarterly evaluation (the end of
    the date's quarter; of the next quarter when the date ends one). Writes
    `out_dir/warnings/<as_of>/warnings.json`; with `send` (or `dry_run`) e-mails (or lists)
    each cluster's recipients their own warnings, once per cluster, criterion and date."""
    if lang not in REPORT_LANGUAGES:
        raise InputError(f"Unknown language '{lang}': use one with a catalogue "
                         f"({', '.join(REPORT_LANGUAGES)}).")
    rules, columns = load_rules(), input_columns()
    period = warning_date(as_of, rules.window_months)
    settings = load_delivery_settings(Path(delivery_config) if delivery_config
                                      else DELIVERY_FILE) if send or dry_run else None
    folder = Path(data_dir) if data_dir else SAMPLE_DATA_DIR
    inputs = load_inputs(folder, columns)
    validated = validate(inputs, columns, rules,
                         where="`clustereval validate` lists them; warn publishes no report")
    end = next_evaluation(period.as_of)
    found = warnings_of(validated, period, rules)
    document = warnings_document(period.as_of, end, found, (lang,))
    written = write_document(Path(out_dir), document)
    create_markdown_artifact(markdown(document, found, lang),
                             key=f"warnings-{period.as_of.isoformat()}",
                             description="Criteria lower at the next quarterly evaluation than now")
    get_run_logger().info("%d warnings as of %s written to %s", len(found),
                          period.as_of.isoformat(), written)
    outcome: dict[str, object] = {"warnings": str(written), "document": document}
    if settings is not None:
        mails, sent_before = plan_warning_mails(found, settings, lang, Path(out_dir), end)
        report = deliver(Path(out_dir), LOG_BUCKET, mails, settings.smtp, dry_run=dry_run,
                         log_name=LOG_NAME)
        outcome["delivery"] = {"sent": report.sent, "skipped": report.skipped + sent_before,
                               "failed": report.failed, "planned": report.planned}
    return outcome

