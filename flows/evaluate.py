"""The Prefect flow `evaluate-clusters`: load, validate, score, publish. Orchestration only.

Coarse tasks, not a task per cluster: a task run costs milliseconds, and the work inside
each stage is vectorised pandas or a loop in plain Python. Only the pages split, into a
fixed number of shares (`parts`), so a Dask task runner can render them on its workers.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from config import HELSINKI, SAMPLE_DATA_DIR
from flows.artifacts import publish_artifacts
from flows.columns import input_columns
from flows.distributed import workers_reach_this_api
from flows.parcel import Parcel
from flows.progress import Progress
from flows.recording import (
    Runtime,
    deployment_run,
    earlier_history,
    resolve_runtime,
    trigger_of,
)
from ingest import InputError, RawInputs, read_input_folder
from ingest.configuration import ColumnConfig, load_rules, load_schedules
from reports.changes import ClusterChanges, console_line, revision_changes
from reports.delivery import (
    DELIVERY_FILE,
    DeliveryReport,
    deliver,
    load_delivery_settings,
    plan_deliveries,
)
from reports.history import Snapshot
from reports.manifest import build_manifest
from reports.messages import REPORT_LANGUAGES
from reports.pages import (
    Files,
    PageSettings,
    Share,
    languages_of,
    render_share,
    shares,
    unknown_languages,
    write_files,
)
from reports.pdf import pdf_copies, pdf_unavailable
from reports.publish import check_out_folder, discard, publish_atomically, stage, swap_in
from reports.views import Revision
from reports.writers import (
    results_document,
    write_json,
    write_labels_csv,
    write_rejected_csv,
    write_results_csv,
)
from schemas import ValidatedInputs, validate_inputs
from schemas.differences import input_changes as row_changes
from schemas.validate import chosen_clusters
from scoring import ClusterResult, Period, Rules, evaluate_clusters
from scoring.period import parse_period
from store.archive import archive_inputs, archived_inputs, restore_inputs
from store.history import (
    PENDING,
    RunRecord,
    forget_run,
    input_changes,
    insert_run,
    latest_run,
    mark_done,
    next_revision,
    recording,
    run_document,
    run_row,
)
from store.lock import period_lock
from store.settle import PublishedButNotRecorded, settle_period

SAMPLE_DATA = SAMPLE_DATA_DIR
LANGUAGES = (*REPORT_LANGUAGES, "both")


def program_version() -> str:
    return version("clustereval")


def subset_folder(out_dir: Path, clusters: list[str]) -> Path:
    """Where a run of some clusters publishes: beside the period's portfolio, never over
    it (OUT/subsets/<ids>/<period>/). Many ids are named by a hash of them."""
    ids = sorted(set(clusters))
    name = "+".join(ids)
    if len(name) > 80 or len(ids) > 4:
        name = f"{len(ids)}-clusters-" + hashlib.sha256("\n".join(ids).encode()).hexdigest()[:12]
    return out_dir / "subsets" / name


def published_folder(out_dir: Path, period: Period) -> str:
    """The period folder as the history names it: revisions are numbered per folder."""
    return str((out_dir / period.label).resolve())


def resolve_period(quarter: str | None, as_of: str | None, window_months: int) -> Period:
    """The period asked for; with neither, the last quarter completed in Helsinki today."""
    try:
        return parse_period(quarter, as_of, datetime.now(HELSINKI).date(), window_months)
    except ValueError as error:
        raise InputError(str(error)) from error


@task(name="load-inputs", cache_policy=NO_CACHE)
def load_inputs(data_dir: Path, columns: ColumnConfig) -> RawInputs:
    inputs = read_input_folder(data_dir, columns)
    for warning in inputs.warnings:
        get_run_logger().warning("%s", warning)
    get_run_logger().info(
        "Read %d files from %s: %s", len(inputs.sources), data_dir,
        ", ".join(f"{name} {len(table.frame)} rows" for name, table in inputs.tables.items()),
    )
    return inputs


@task(name="validate-inputs", cache_policy=NO_CACHE)
def validate(inputs: RawInputs, columns: ColumnConfig, rules: Rules,
             where: str = "rejected.csv of the published reports lists them"
             ) -> ValidatedInputs:
    """`where`: where the operator finds the rows set aside (warn publishes no
    rejected.csv: `clustereval validate` lists them)."""
    validated = validate_inputs(inputs, columns, rules.decisions.max_validity_months)
    if len(validated.rejected):
        # Said before anything is published: a run can still stop after this (an unknown
        # cluster asked for), and then no rejected.csv is written.
        get_run_logger().warning(
            "%d problems in the inputs; their rows are set aside and evaluated without "
            "(%s)", len(validated.rejected), where,
        )
    return validated


@task(name="score-clusters", cache_policy=NO_CACHE)
def score(validated: ValidatedInputs, period: Period, rules: Rules,
          clusters: list[str]) -> Parcel[list[ClusterResult]]:
    return Parcel(evaluate_clusters(
        validated.register,
        validated.evidence,
        period,
        rules,
        rejected=validated.rejected_by_cluster,
        absent_register_columns=validated.absent_register_columns,
        only=clusters,
        next_website_check=load_schedules().next_run("check_websites", period.as_of),
    ))


@dataclass(frozen=True)
class Job:
    """What this run is: its settings, and whether it records a revision or replays one."""

    period: Period
    rules: Rules
    columns: ColumnConfig
    lang: str
    pdf: bool
    runtime: Runtime
    record: bool  # False for a replay: it reproduces a revision, it is not a new one
    started_at: datetime
    triggered_by: str | None
    replayed: dict[str, Any] | None = None  # the run a replay reproduces


@dataclass(frozen=True)
class Publication:
    """What a publication will hold, decided before its pages render: the manifest, the
    revision it becomes (None for a replay) and what every page shares."""

    manifest: dict[str, Any]
    pages: PageSettings
    # Per cluster, what changed since the previous revision (None: there is none, or its
    # archived inputs could not be read again), for results.json and the console.
    changes: dict[str, ClusterChanges] | None = None

    @property
    def revision(self) -> Revision | None:
        return self.pages.revision


@task(name="plan-publication", cache_policy=NO_CACHE)
def plan_publication(out_dir: Path, inputs: RawInputs, validated: ValidatedInputs,
                     parcel: Parcel[list[ClusterResult]], job: Job) -> Parcel[Publication]:
    """The manifest, the earlier quarters, and the revision number: the period's lock is
    held from here to the publish, so the number cannot be taken by another run."""
    results, period = parcel.value, job.period
    release = program_version()
    manifest = build_manifest(
        inputs=inputs, row_counts=validated.row_counts, rules=job.rules, period=period,
        lang=job.lang, clusters=[result.cluster_id for result in results],
        program_version=release,
    )
    engine = job.runtime.engine()
    history = earlier_history(engine, out_dir, period, Snapshot.from_results(period.label,
                                                                             results))
    why_no_pdf = pdf_unavailable() if job.pdf else "not asked for"
    manifest["pdf"] = "made by Chromium" if why_no_pdf is None else f"none: {why_no_pdf}"
    if (started_by := deployment_run()) is not None:
        manifest["deployment_run"] = started_by
    if job.pdf and why_no_pdf:
        get_run_logger().warning("No PDF copies: %s", why_no_pdf)
    revision = None
    folder = published_folder(out_dir, period)
    before = (latest_run(engine, period.label, published_to=folder) if job.record
              else job.replayed and latest_run(engine, period.label,
                                               int(job.replayed["revision"]),
                                               job.replayed["published_to"]))
    previous = Snapshot.from_document(run_document(engine, before)) if before else None
    changes = (changes_since(job.runtime, before, previous, validated,
                             Snapshot.from_results(period.label, results))
               if before and previous else None)
    if job.record:
        with engine.connect() as connection:
            number = next_revision(connection, period.label, folder)
        revision = Revision(number)
        if before is not None:
            revision = Revision(number, int(before["revision"]), previous,
                                tuple(input_changes(before["manifest"], manifest)),
                                changes)
        manifest["revision"] = number
    pages = PageSettings(period, job.lang, release, history, why_no_pdf is None, revision)
    return Parcel(Publication(manifest, pages, changes))


def changes_since(runtime: Runtime, before: dict[str, Any], previous: Snapshot,
                  validated: ValidatedInputs, current: Snapshot
                  ) -> dict[str, ClusterChanges] | None:
    """Per cluster: its status changes since the run `before` (its statuses: `previous`)
    and its rows that changed, read again from that run's archived inputs. None, said in
    the log, when they cannot be read: the publication goes on without the rows."""
    try:
        earlier = archived_inputs(runtime.state_dir, before)
    except InputError as error:
        get_run_logger().warning("The rows that changed since revision %s are not shown: "
                                 "its inputs cannot be read again (%s)", before["revision"],
                                 error)
        return None
    return revision_changes(previous, int(before["revision"]), current,
                            row_changes(earlier.tables, validated.tables, validated.rejected))


@task(name="render-reports", cache_policy=NO_CACHE)
def render_reports(parcel: Parcel[Share]) -> Files:
    """One share of the HTML pages, and their PDF copies when the pages link to them.
    Runs wherever the task runner puts it: a thread here, or a Dask worker."""
    share = parcel.value
    files = render_share(share)
    if share.settings.pdf:
        pages = {name: page for name, page in files.items() if name.endswith(".html")}
        with Progress("Printing PDFs", len(pages)) as progress:
            files.update(pdf_copies(pages, on_page=progress.advance))
    return files


@task(name="publish-reports", cache_policy=NO_CACHE)
def publish(out_dir: Path, inputs: RawInputs, validated: ValidatedInputs,
            parcel: Parcel[tuple[list[ClusterResult], Publication, Files]], job: Job) -> Path:
    """Publish the period folder and record the run in one transaction: a run that fails
    or dies leaves the previous reports and no half-written history."""
    results, publication, pages = parcel.value
    logger = get_run_logger()
    period, lang, manifest = job.period, job.lang, publication.manifest

    def build(folder: Path) -> None:
        write_json(folder / "results.json", results_document(period, lang, results,
                                                             publication.changes))
        write_results_csv(folder / "results.csv", period, lang, results)
        write_labels_csv(folder / "labels.csv", period, lang, results)
        write_rejected_csv(folder / "rejected.csv", validated.rejected,
                           languages_of(lang)[0])
        write_json(folder / "manifest.json", manifest)
        write_files(folder, pages)

    if publication.revision is None:
        published = publish_atomically(out_dir, period.label, build)
        logger.info("Replayed %s into %s", period.label, published)
        return published

    number = publication.revision.number
    trigger, who, flow_run_id = trigger_of(job.triggered_by)
    engine = job.runtime.engine()
    staging = stage(out_dir, period.label, build)
    # Recorded as pending, swapped in, marked done: a kill or a failed history write at
    # any point leaves what the next run settles (store/settle.py) to reports and a
    # history that agree.
    try:
        archive_inputs(job.runtime.state_dir, inputs.folder, manifest)
        with recording(engine) as connection:
            if next_revision(connection, period.label,
                             published_folder(out_dir, period)) != number:
                raise RuntimeError(f"{period.label} revision {number} was taken while this "
                                   "run rendered its pages; run it again.")
            run_id = insert_run(connection, RunRecord(
                period=period.label, as_of=period.as_of.isoformat(), trigger=trigger,
                triggered_by=who, flow_run_id=flow_run_id, started_at=job.started_at,
                program_version=publication.pages.program_version,
                config_sha256=job.rules.fingerprint(),
                configuration={"rules": job.rules.model_dump(),
                               "columns": job.columns.model_dump()},
                manifest=manifest, clusters=[r.cluster_id for r in results], language=lang,
                published_to=published_folder(out_dir, period),
            ), number, results, validated.dataset("website_checks"), datetime.now(UTC),
                status=PENDING)
    except BaseException:
        discard(staging)
        raise
    try:
        published = swap_in(out_dir, period.label, staging)
    except BaseException:
        discard(staging)
        with contextlib.suppress(Exception):  # else the next run rolls it back
            forget_run(engine, run_id)
        raise
    try:
        mark_done(engine, run_id)
    except Exception as error:
        raise PublishedButNotRecorded(
            f"{period.label} revision {number} is published in {published}, but the history "
            f"could not record it as done ({error}); the next evaluation of {period.label} "
            "or `clustereval history` completes the record.") from error
    publish_artifacts(published)
    logger.info("Published %s revision %d to %s", period.label, number, published)
    return published


def render_all(publication: Publication, validated: ValidatedInputs,
               results: list[ClusterResult], parts: int) -> Files:
    """Every page, rendered as `parts` + 1 tasks (the portfolio, then slices of clusters)
    by the flow's task runner; the task count does not grow with the clusters."""
    work = shares(publication.pages, results, validated.rejected, validated.row_counts, parts)
    with workers_reach_this_api():
        futures = [render_reports.submit(Parcel(share)) for share in work]
        files: Files = {}
        for future in futures:
            files.update(future.result())
    return files


@task(name="deliver-reports", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=30)
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
    replay_run: int | None = None,
    state_dir: str | None = None,
    history_url: str | None = None,
    triggered_by: str | None = None,
    parts: int = 1,
) -> dict[str, object]:
    """Evaluate the clusters of `data_dir` (default: the bundled sample) for a period,
    publish the reports into `out_dir/<period>/` as a new revision of that period, and,
    with `send` (or `dry_run`), e-mail them. `replay_run` re-runs a recorded revision from
    its archived inputs and configuration into `out_dir/replays/run-<id>/`. The cluster
    pages render as `parts` tasks, in parallel when the task runner is Dask's."""
    started = datetime.now(UTC)
    runtime = resolve_runtime(state_dir, history_url)
    chosen_ids: list[str] | None
    if replay_run is not None:
        job, folder, chosen_ids = replay_job(runtime, replay_run, pdf, started)
        target = Path(out_dir) / "replays" / f"run-{replay_run}"
    else:
        if unknown := unknown_languages(lang):
            raise InputError(f"Unknown language {', '.join(unknown)}: use {', '.join(LANGUAGES)}"
                             ", all, or a list such as fi,en (a language needs a catalogue "
                             "in reports/locale/ or CLUSTEREVAL_LOCALE_DIR).")
        rules = load_rules()
        job = Job(resolve_period(quarter, as_of, rules.window_months), rules,
                  input_columns(), lang, pdf, runtime, True, started, triggered_by)
        folder, chosen_ids = (Path(data_dir) if data_dir else SAMPLE_DATA), clusters
        target = subset_folder(Path(out_dir), clusters) if clusters else Path(out_dir)
    check_out_folder(target)
    label = job.period.label if job.record else f"replay-{replay_run}"
    history = runtime.engine()
    with period_lock(runtime.state_dir, label, history, waiting=lambda holder: get_run_logger()
                     .warning("Waiting for the evaluation of %s running in %s", label, holder)):
        if job.record:
            for sentence in settle_period(history, job.period.label):
                get_run_logger().warning(sentence)
        inputs = load_inputs(folder, job.columns)
        validated = validate(inputs, job.columns, job.rules)
        chosen = chosen_clusters(validated.register, chosen_ids)
        results = score(validated, job.period, job.rules, chosen)
        publication = plan_publication(target, inputs, validated, results, job).value
        pages = render_all(publication, validated, results.value, parts)
        published = publish(target, inputs, validated,
                            Parcel((results.value, publication, pages)), job)
    outcome: dict[str, object] = {"published": str(published)}
    if (revision := publication.revision) is not None:
        evaluated = {result.cluster_id for result in results.value}
        gone = sorted(set(revision.previous.verdicts) - evaluated) if revision.previous \
            else []
        outcome["revision"] = console_line(
            job.period.label, revision.number, revision.previous_number,
            publication.changes, gone, f" in {target}" if chosen_ids else "")
    if (send or dry_run) and job.record:
        report = deliver_reports(published, job.lang, delivery_config, dry_run, resend)
        outcome["delivery"] = asdict(report)
    return outcome


def replay_job(runtime: Runtime, run_id: int, pdf: bool, started: datetime
               ) -> tuple[Job, Path, list[str]]:
    """The recorded run's period, clusters, language, rules and aliases; its inputs laid
    out again from the archive."""
    run = run_row(runtime.engine(), run_id)
    if run is None:
        raise InputError(f"No recorded run {run_id}; `clustereval history` lists them.")
    try:
        folder = restore_inputs(runtime.state_dir, run["manifest"],
                                runtime.state_dir / "replays" / f"run-{run_id}")
    except InputError as error:
        raise InputError(f"{error} Run {run_id} cannot be replayed.") from error
    config = run["configuration"]
    job = Job(Period(date.fromisoformat(run["as_of"]), config["rules"]["window_months"]),
              Rules.model_validate(config["rules"]), ColumnConfig.model_validate(config["columns"]),
              run["language"], pdf, runtime, False, started, None, run)
    return job, folder, list(run["clusters"])
