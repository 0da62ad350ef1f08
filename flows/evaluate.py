"""The Prefect flow `evaluate-clusters`: load, validate, score, publish. Orchestration only.

Four coarse tasks, not a task per cluster: a task run costs milliseconds, and the
work inside each stage is vectorised pandas or a loop in plain Python.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from zoneinfo import ZoneInfo

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from config import CONFIG_DIR
from flows.artifacts import publish_artifacts
from ingest import InputError, RawInputs, read_input_folder
from ingest.configuration import load_column_config, load_rules
from reports.delivery import (
    DELIVERY_FILE,
    DeliveryReport,
    deliver,
    load_delivery_settings,
    plan_deliveries,
)
from reports.history import Snapshot, load_history
from reports.manifest import build_manifest
from reports.pdf import pdf_unavailable, print_pdfs
from reports.publish import publish_atomically
from reports.writers import (
    results_document,
    write_html,
    write_json,
    write_rejected_csv,
    write_results_csv,
)
from schemas import ValidatedInputs, validate_inputs
from scoring import ClusterResult, Period, Rules, evaluate_clusters
from scoring.period import parse_period

SAMPLE_DATA = CONFIG_DIR.parent / "data" / "sample"
HELSINKI = ZoneInfo("Europe/Helsinki")
LANGUAGES = ("fi", "en", "both")


def program_version() -> str:
    return version("clustereval")


def resolve_period(quarter: str | None, as_of: str | None, window_months: int) -> Period:
    """The period asked for; with neither, the last quarter completed in Helsinki today."""
    try:
        return parse_period(quarter, as_of, datetime.now(HELSINKI).date(), window_months)
    except ValueError as error:
        raise InputError(str(error)) from error


def check_cluster_ids(requested: list[str] | None, validated: ValidatedInputs) -> list[str]:
    """The clusters to evaluate; an id not in the register stops the run."""
    known = list(validated.register["cluster_id"])
    if not requested:
        return known
    wanted = [cluster.strip().casefold() for cluster in requested]
    unknown = [cluster for cluster in wanted if cluster not in known]
    if unknown:
        raise InputError(
            f"Unknown cluster id {', '.join(unknown)}: the register has {', '.join(known)}."
        )
    return [cluster for cluster in known if cluster in wanted]


@task(name="load-inputs", cache_policy=NO_CACHE)
def load_inputs(data_dir: Path) -> RawInputs:
    inputs = read_input_folder(data_dir, load_column_config())
    get_run_logger().info(
        "Read %d files from %s: %s", len(inputs.sources), data_dir,
        ", ".join(f"{name} {len(table.frame)} rows" for name, table in inputs.tables.items()),
    )
    return inputs


@task(name="validate-inputs", cache_policy=NO_CACHE)
def validate(inputs: RawInputs) -> ValidatedInputs:
    validated = validate_inputs(inputs, load_column_config())
    if len(validated.rejected):
        get_run_logger().warning(
            "%d problems in the inputs; the rows are set aside in rejected.csv",
            len(validated.rejected),
        )
    return validated


@task(name="score-clusters", cache_policy=NO_CACHE)
def score(validated: ValidatedInputs, period: Period, rules: Rules,
          clusters: list[str]) -> list[ClusterResult]:
    return evaluate_clusters(
        validated.register,
        {name: validated.dataset(name) for name in validated.tables if name != "clusters"},
        period,
        rules,
        rejected=validated.rejected_by_cluster,
        absent_register_columns=validated.absent_register_columns,
        only=clusters,
    )


@task(name="publish-reports", cache_policy=NO_CACHE)
def publish(out_dir: Path, inputs: RawInputs, validated: ValidatedInputs,
            results: list[ClusterResult], period: Period, rules: Rules, lang: str,
            pdf: bool) -> Path:
    logger = get_run_logger()
    release = program_version()
    manifest = build_manifest(
        inputs=inputs, row_counts=validated.row_counts, rules=rules, period=period, lang=lang,
        clusters=[result.cluster_id for result in results], program_version=release,
    )
    history = load_history(out_dir, period, Snapshot.from_results(period.label, results))
    why_no_pdf = pdf_unavailable() if pdf else "not asked for"
    manifest["pdf"] = "made by Chromium" if why_no_pdf is None else f"none: {why_no_pdf}"
    if pdf and why_no_pdf:
        logger.warning("No PDF copies: %s", why_no_pdf)

    def build(folder: Path) -> None:
        write_json(folder / "results.json", results_document(period, lang, results))
        write_results_csv(folder / "results.csv", period, lang, results)
        write_rejected_csv(folder / "rejected.csv", validated.rejected)
        write_json(folder / "manifest.json", manifest)
        pages = write_html(folder, period, lang, results, validated.rejected,
                           validated.row_counts, history, release, pdf=why_no_pdf is None)
        if why_no_pdf is None:
            print_pdfs(pages)

    published = publish_atomically(out_dir, period.label, build)
    publish_artifacts(published)
    logger.info("Published %s to %s", period.label, published)
    return published


@task(name="deliver-reports", cache_policy=NO_CACHE)
def deliver_reports(published: Path, lang: str, delivery_config: str | None, dry_run: bool,
                    resend: bool) -> DeliveryReport:
    """E-mail the published reports. Only this task touches the mail server; a failure
    to send is reported (and was retried per message) but never un-publishes anything."""
    settings = load_delivery_settings(Path(delivery_config) if delivery_config
                                      else DELIVERY_FILE)
    deliveries = plan_deliveries(published, settings, lang)
    report = deliver(published.parent, published.name, deliveries, settings.smtp,
                     dry_run=dry_run, resend=resend)
    logger = get_run_logger()
    logger.info("Delivery: %d sent, %d already sent before, %d failed", len(report.sent),
                len(report.skipped), len(report.failed))
    for failure in report.failed:
        logger.warning("Not sent: %s", failure)
    return report


@flow(name="evaluate-clusters", log_prints=False)
def evaluate_clusters_flow(
    data_dir: str | None = None,
    quarter: str | None = None,
    as_of: str | None = None,
    clusters: list[str] | None = None,
    out_dir: str = "out",
    lang: str = "fi",
    pdf: bool = True,
    send: bool = False,
    dry_run: bool = False,
    resend: bool = False,
    delivery_config: str | None = None,
) -> dict[str, object]:
    """Evaluate the clusters of `data_dir` (default: the bundled sample) for a period,
    publish the reports into `out_dir/<period>/` and, with `send` (or `dry_run`), e-mail
    them. Returns the published folder and what was delivered."""
    if lang not in LANGUAGES:
        raise InputError(f"Unknown language '{lang}': use fi, en or both.")
    rules = load_rules()
    period = resolve_period(quarter, as_of, rules.window_months)
    inputs = load_inputs(Path(data_dir) if data_dir else SAMPLE_DATA)
    validated = validate(inputs)
    chosen = check_cluster_ids(clusters, validated)
    results = score(validated, period, rules, chosen)
    published = publish(Path(out_dir), inputs, validated, results, period, rules, lang, pdf)
    outcome: dict[str, object] = {"published": str(published)}
    if send or dry_run:
        report = deliver_reports(published, lang, delivery_config, dry_run, resend)
        outcome["delivery"] = asdict(report)
    return outcome
