"""The `clustereval` command. Input mistakes become one plain sentence and exit 2 here, at
the edge; nothing below this module prints or exits."""

from __future__ import annotations

import argparse
import difflib
import getpass
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from config import SAMPLE_DATA_DIR
from flows.distributed import API_ENV, RUNNERS
from ingest import InputError

EXIT_OK, EXIT_UNEXPECTED, EXIT_INPUT = 0, 1, 2

# Prefect's temporary server needs ~20 s to create its database on a fresh machine,
# its own default start-up timeout is 20 s (STACK-NOTES). An operator's setting wins.
PREFECT_DEFAULTS = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "DASK_LOGGING__DISTRIBUTED": "warning",  # a local Dask cluster's start and stop
}


def add_runner_options(command: argparse.ArgumentParser, work: str) -> None:
    command.add_argument("--task-runner", choices=RUNNERS, default="default",
                         help=f"dask: {work} on a Dask cluster (default: in this process)")
    command.add_argument("--dask-address", metavar="tcp://HOST:PORT",
                         help="with --task-runner dask: a running Dask scheduler (default: "
                         "start a local cluster for the run)")
    command.add_argument("--dask-workers", type=int, default=2, metavar="N",
                         help="worker processes of the local Dask cluster (default: 2)")
    command.add_argument("--parts", type=int, metavar="N",
                         help=f"{work} as N tasks (default: 1, or twice the Dask workers)")


def with_runner(flow: Any, args: argparse.Namespace) -> Any:
    """The flow with the task runner asked for; the cheap checks of the options first."""
    from flows.distributed import scheduler_unreachable, task_runner

    if args.dask_address and args.task_runner != "dask":
        raise InputError("--dask-address needs --task-runner dask.")
    if args.dask_workers < 1 or (args.parts is not None and args.parts < 1):
        raise InputError("--dask-workers and --parts take a number of at least 1.")
    if args.dask_address and (why := scheduler_unreachable(args.dask_address)):
        raise InputError(f"No Dask scheduler: {why}. Start one (dask scheduler) or leave "
                         "out --dask-address to start a local cluster for the run.")
    if args.dask_address and not os.environ.get(API_ENV):
        print(f"clustereval: note: the Dask workers report their task runs to the Prefect "
              f"server in {API_ENV}; none is set, so each worker starts a temporary server "
              "of its own and the runs' logs stay there.", file=sys.stderr)
    runner = task_runner(args.task_runner, args.dask_address, args.dask_workers)
    return flow if runner is None else flow.with_options(task_runner=runner)


def parts_of(args: argparse.Namespace) -> int:
    from flows.distributed import default_parts

    return int(args.parts or default_parts(args.task_runner, args.dask_workers))


def report_languages() -> tuple[str, ...]:
    """fi, en, any language a translator added a catalogue for, and both (fi + en)."""
    from reports.messages import REPORT_LANGUAGES

    return (*REPORT_LANGUAGES, "both")


def report_language_list(text: str) -> str:
    """--lang of evaluate and serve: a language with a catalogue, both, all, or a list
    such as fi,sv,en (the first at the top of the period folder)."""
    from reports.pages import languages_of, unknown_languages

    if unknown := unknown_languages(text):
        raise argparse.ArgumentTypeError(
            f"no catalogue for {', '.join(unknown)}; choose from "
            f"{', '.join(report_languages())}, all, or a list such as fi,en")
    if text in ("both", "all"):
        return text
    return ",".join(languages_of(text))  # fi,fi and fi, are fi


def refusal(error: InputError, args: argparse.Namespace) -> str:
    """A refused input in English (as the error says it, with its technical detail), or
    in validate's other --lang when the error has its words."""
    if error.said is None or getattr(args, "command", None) != "validate" \
            or args.lang == "en":
        return str(error)
    from reports.messages import say

    return say(error.said, args.lang)


def one_language(text: str) -> str:
    """--lang of the commands that speak one language: any with a catalogue."""
    from reports.messages import REPORT_LANGUAGES

    if text not in REPORT_LANGUAGES:
        raise argparse.ArgumentTypeError(
            f"no catalogue for {text}; choose from {', '.join(REPORT_LANGUAGES)}")
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clustereval",
        description="Evaluate smart specialisation clusters against the eight cluster criteria.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    evaluate = commands.add_parser(
        "evaluate", help="run the evaluation flow and publish the reports",
        description="Run the evaluate-clusters flow and publish the reports into OUT/<period>/.",
    )
    evaluate.add_argument("--data", type=Path, help="input folder (default: the bundled sample)")
    period = evaluate.add_mutually_exclusive_group()
    period.add_argument("--quarter", help="quarter to evaluate, e.g. 2026Q3")
    period.add_argument("--as-of", help="evaluation date, e.g. 2026-09-30")
    evaluate.add_argument("--cluster", action="append", metavar="ID",
                          help="evaluate only this cluster (repeatable)")
    evaluate.add_argument("--out", type=Path, default=Path("out"),
                          help="output folder (default: ./out)")
    evaluate.add_argument("--lang", type=report_language_list, default="fi",
                          help="report language: any with a catalogue in reports/locale/ "
                          "or CLUSTEREVAL_LOCALE_DIR; both: Finnish, and English in en/; a "
                          "list such as fi,sv,en (the others beside the first); all "
                          "(default: fi)")
    evaluate.add_argument("--no-pdf", action="store_true",
                          help="skip the PDF copies of the reports")
    evaluate.add_argument("--send", action="store_true",
                          help="e-mail the reports to the recipients in the delivery settings")
    evaluate.add_argument("--dry-run", action="store_true",
                          help="list what --send would send, and send nothing")
    evaluate.add_argument("--resend", action="store_true",
                          help="with --send: send again what was sent for this period before")
    evaluate.add_argument("--delivery", type=Path, metavar="FILE",
                          help="delivery settings (default: config/delivery.yaml)")
    evaluate.add_argument("--replay", type=int, metavar="RUN",
                          help="re-run recorded run RUN from its archived inputs and "
                          "configuration, into OUT/replays/run-RUN/")
    add_runner_options(evaluate, "render the cluster pages and their PDFs")
    evaluate.add_argument("--verbose", action="store_true", help="show Prefect's run logs")

    websites = commands.add_parser(
        "check-websites", help="check every cluster's website and record the results",
        description="Check the website of every cluster in the register (criterion 7) and "
        "append the results to website_checks.csv.",
    )
    websites.add_argument("--data", type=Path, help="input folder (default: the bundled sample)")
    websites.add_argument("--cluster", action="append", metavar="ID",
                          help="check only this cluster's site (repeatable)")
    websites.add_argument("--record", type=Path, metavar="DIR",
                          help="where website_checks.csv is appended (default: the data folder; "
                          "for the sample, out/website-checks)")
    websites.add_argument("--engine", choices=("auto", "static", "axe"),
                          help="auto (default): axe-core in Chromium when installed")
    websites.add_argument("--config", type=Path, metavar="FILE",
                          help="website-check settings (default: config/websites.yaml)")
    add_runner_options(websites, "check the sites")
    websites.add_argument("--verbose", action="store_true", help="show Prefect's run logs")

    history = commands.add_parser(
        "history", help="list the recorded evaluations: revisions and trends",
        description="List every recorded run (period, revision, trigger, what changed), or "
        "one cluster's statuses by period (the latest revision of each).",
    )
    history.add_argument("--cluster", metavar="ID", help="one cluster's trend")
    history.add_argument("--changes", action="store_true",
                         help="with --cluster: what changed between the revisions of each "
                              "period, row by row, and which rows explain each status change")
    history.add_argument("--reasons", action="store_true",
                         help="with --cluster: each criterion's status and reason in the latest "
                              "revision of each period, in --lang (any recorded run)")
    history.add_argument("--lang", type=one_language, default="en",
                         help="the language of the changed rows and the reasons (default en)")

    template = commands.add_parser(
        "template", help="write a workbook for each cluster to fill in",
        description="Write one .xlsx workbook per cluster: a sheet per dataset the cluster "
        "keeps, with input messages, dropdowns and data validation from the schemas, the "
        "cluster's current valid rows prefilled and its id fixed in the workbook.")
    template.add_argument("--data", type=Path, help="input folder (default: the bundled sample)")
    template.add_argument("--cluster", action="append", metavar="ID",
                          help="only this cluster's workbook (repeatable)")
    template.add_argument("--out", type=Path, default=Path("out") / "templates",
                          help="where the workbooks go (default: ./out/templates)")
    template.add_argument("--lang", type=one_language, default="fi",
                          help="the sheets', headers' and lists' language (default: fi)")
    template.add_argument("--send", action="store_true",
                          help="e-mail each cluster its workbook (delivery settings)")
    template.add_argument("--dry-run", action="store_true",
                          help="with --send: list what would be sent, and send nothing")
    template.add_argument("--delivery", type=Path, metavar="FILE",
                          help="delivery settings (default: config/delivery.yaml)")

    intake = commands.add_parser(
        "intake", help="check returned workbooks, answer each cluster and file them",
        description="Run the intake-workbooks flow: check each returned workbook with the "
        "evaluation's schemas and rules, write an answer (HTML and CSV) into "
        "OUT/intake/<cluster>-<time>/, and file a workbook without problems into "
        "DATA/submissions/<cluster>.xlsx (the previous one kept in submissions/archive/).")
    intake.add_argument("workbooks", nargs="+", type=Path, metavar="WORKBOOK")
    intake.add_argument("--data", type=Path,
                        help="input folder (default: the bundled sample, --dry-run only)")
    intake.add_argument("--out", type=Path, default=Path("out"),
                        help="where the answers go (default: ./out)")
    intake.add_argument("--lang", type=one_language, default="fi",
                        help="the answer's language (default: fi)")
    intake.add_argument("--dry-run", action="store_true", help="check and answer; file nothing")
    intake.add_argument("--accept-with-problems", action="store_true",
                        help="file a workbook with problems too (its bad rows are set aside)")
    intake.add_argument("--send", action="store_true",
                        help="e-mail each answer to the cluster's recipients")
    intake.add_argument("--delivery", type=Path, metavar="FILE",
                        help="delivery settings (default: config/delivery.yaml)")
    intake.add_argument("--verbose", action="store_true", help="show Prefect's run logs")

    serve_command = commands.add_parser(
        "serve", help="serve the scheduled deployments until stopped",
        description="Serve evaluate-clusters/quarterly, check-websites/monthly and "
        "warn-clusters/monthly (schedules in config/schedules.yaml) against the Prefect "
        "server in PREFECT_API_URL, or the one recorded before, or a local one it starts "
        "and records for the other commands.",
    )
    serve_command.add_argument("--data", type=Path, help="input folder of the scheduled runs")
    serve_command.add_argument("--out", type=Path, default=Path("out"),
                               help="output folder of the scheduled runs (default: ./out)")
    serve_command.add_argument("--lang", type=report_language_list, default="both",
                               help="report language of the scheduled runs (default: both)")

    decisions = commands.add_parser(
        "decisions", help="list the decisions on the clusters' replies and their states",
        description="List every decision of the data folder with its state on a date (in "
        "force, superseded, expired, rejected, pending, not yet made) and the criterion's "
        "measured status, so the coordinator sees what is pending before the quarterly run.",
    )
    decisions.add_argument("--data", type=Path,
                           help="input folder (default: the bundled sample)")
    decisions.add_argument("--as-of", help="the date (default: today in Helsinki)")

    warn = commands.add_parser(
        "warn", help="warn about criteria that fall before the quarter ends",
        description="Evaluate as of DATE and as of the last day of its quarter with the same "
        "inputs; write OUT/warnings/DATE/warnings.json with every criterion lower then, and "
        "with --send e-mail each cluster's recipients their own warnings once. Publishes "
        "nothing into the period folders and records no evaluation.",
    )
    warn.add_argument("--data", type=Path, help="input folder (default: the bundled sample)")
    warn.add_argument("--as-of", help="the date (default: today in Helsinki)")
    warn.add_argument("--out", type=Path, default=Path("out"),
                      help="output folder (default: ./out)")
    warn.add_argument("--lang", type=one_language, default="fi",
                      help="language of the messages for recipients without their own "
                      "(default: fi)")
    warn.add_argument("--send", action="store_true",
                      help="e-mail each cluster's recipients the warnings not sent before")
    warn.add_argument("--dry-run", action="store_true",
                      help="list what --send would send, and send nothing")
    warn.add_argument("--delivery", type=Path, metavar="FILE",
                      help="delivery settings (default: config/delivery.yaml)")
    warn.add_argument("--verbose", action="store_true", help="show Prefect's run logs")

    validate = commands.add_parser(
        "validate", help="validate the inputs only and print every problem",
        description="Validate the input folder; exit 1 when any row was set aside.",
    )
    validate.add_argument("--data", type=Path, help="input folder (default: the bundled sample)")
    validate.add_argument("--lang", type=one_language, default="en",
                          help="the language of the problems (default en)")
    return parser


def main(argv: Sequence[str] | None = None, owns_process: bool | None = None) -> int:
    """The command. Called as the program (no `argv`), the run owns its process: whatever
    it started is stopped on the way out; a caller in the same process keeps its own."""
    from flows.housekeeping import EXIT_TERMINATED, Terminated, run_scope

    args = build_parser().parse_args(argv)
    from reports.messages import LACKING, UNREADABLE_CATALOGUES

    for problem in UNREADABLE_CATALOGUES:
        print(f"clustereval: note: a message catalogue was not read, its language is not "
              f"offered: {problem}", file=sys.stderr)
    for language, count in LACKING.items():
        print(f"clustereval: note: the {language} catalogue lacks {count} of the messages; "
              "they are shown in English", file=sys.stderr)
    try:
        # A scratch folder and a process marker of the run's own: however the run ends,
        # no process and no scratch folder stays behind (flows/housekeeping.py).
        with run_scope(argv is None if owns_process is None else owns_process):
            return run_command(args)
    except InputError as error:
        print(f"clustereval: {refusal(error, args)}", file=sys.stderr)
        return EXIT_INPUT
    except Terminated:
        print("clustereval: stopped (SIGTERM); the previous reports and history stand, or "
              "the new ones if they were already published.", file=sys.stderr)
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        print("clustereval: interrupted; the previous reports and history stand, or the new "
              "ones if they were already published.", file=sys.stderr)
        return EXIT_UNEXPECTED


def run_command(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return run_validate(args.data, args.lang)
    if args.command == "decisions":
        return run_decisions(args.data, args.as_of)
    if args.command == "check-websites":
        return run_check_websites(args)
    if args.command == "history":
        if args.changes and not args.cluster:
            print("clustereval: history --changes needs --cluster ID (the changes are one "
                  "cluster's rows).", file=sys.stderr)
            return EXIT_INPUT
        return run_history(args.cluster, args.changes, args.lang, args.reasons)
    if args.command == "template":
        return run_template(args)
    if args.command == "intake":
        return run_intake(args)
    if args.command == "serve":
        return run_serve(args)
    if args.command == "warn":
        return run_warn(args)
    return run_evaluate(args)


def run_validate(data: Path | None, lang: str = "en") -> int:
    from flows.columns import input_columns
    from ingest.configuration import load_rules
    from ingest.files import read_input_folder
    from reports.console import validation_report
    from schemas import validate_inputs

    folder = data or SAMPLE_DATA_DIR
    columns = input_columns()
    inputs = read_input_folder(folder, columns)
    for warning in inputs.warnings:
        print(f"clustereval: warning: {warning}", file=sys.stderr)
    validated = validate_inputs(inputs, columns, load_rules().decisions.max_validity_months)
    print(validation_report(folder, validated, lang))
    return EXIT_UNEXPECTED if len(validated.rejected) else EXIT_OK


def run_template(args: argparse.Namespace) -> int:
    """One workbook per cluster, evaluated in this process (no Prefect)."""
    from datetime import datetime

    from config import HELSINKI
    from flows.columns import input_columns
    from ingest.configuration import load_rules
    from ingest.files import read_input_folder
    from reports.workbook import write_template
    from schemas import validate_inputs
    from schemas.intake import rows_set_aside
    from schemas.validate import chosen_clusters
    from scoring.period import next_evaluation

    columns, rules = input_columns(), load_rules()
    inputs = read_input_folder(args.data or SAMPLE_DATA_DIR, columns)
    for warning in inputs.warnings:
        print(f"clustereval: warning: {warning}", file=sys.stderr)
    validated = validate_inputs(inputs, columns, rules.decisions.max_validity_months)
    chosen = chosen_clusters(validated.register, args.cluster)
    deadline = next_evaluation(datetime.now(HELSINKI).date())
    names = dict(zip(validated.register["cluster_id"], validated.register["name"],
                     strict=True))
    set_aside = rows_set_aside(inputs, validated)
    written = []
    for cluster in chosen:
        rows = {dataset: frame[frame["cluster_id"] == cluster]
                for dataset, frame in validated.tables.items()}
        bad = {dataset: frame[frame["cluster_id"] == cluster]
               for dataset, frame in set_aside.items()}
        written.append(write_template(args.out / f"{cluster}.xlsx", cluster, names[cluster],
                                      rows, args.lang, columns, rules, deadline, bad))
    for path in written:
        print(f"Workbook: {path}")
    print(f"Wrote {len(written)} workbook{'' if len(written) == 1 else 's'} into {args.out}; "
          f"return them by {deadline.isoformat()} for `clustereval intake`.")
    if args.send or args.dry_run:
        from reports.delivery import DELIVERY_FILE, load_delivery_settings
        from reports.workbook_delivery import send_workbooks

        settings = load_delivery_settings(args.delivery or DELIVERY_FILE)
        return _report_delivery(send_workbooks(
            [(cluster, names[cluster], path) for cluster, path in zip(chosen, written,
                                                                     strict=True)],
            settings, args.out, args.lang, deadline, dry_run=args.dry_run),
                                "workbooks sent before", "run the same command again to "
                                "send what was not sent")
    return EXIT_OK


def run_intake(args: argparse.Namespace) -> int:
    for workbook in args.workbooks:  # a typo costs no Prefect start-up
        if not workbook.is_file():
            raise InputError(f"The workbook {workbook} does not exist or is not a file.")
    if args.data is not None and not args.data.is_dir():
        raise InputError(f"The data folder {args.data} does not exist.")
    if args.data is None and not args.dry_run:
        raise InputError("The bundled sample is not filed into: give --data DIR (the "
                         "region's input folder), or --dry-run to check only.")
    _prefect_environment(args.verbose)
    from flows.intake import intake_workbooks_flow

    _quiet_input_errors()
    state = intake_workbooks_flow(
        workbooks=[str(path) for path in args.workbooks],
        data_dir=str(args.data) if args.data else None, out_dir=str(args.out),
        lang=args.lang, dry_run=args.dry_run,
        accept_with_problems=args.accept_with_problems, return_state=True)
    try:
        outcome = _outcome(state)
    except _Unexpected as error:
        print(f"clustereval: the intake failed unexpectedly: {error}. Nothing more was "
              "filed.", file=sys.stderr)
        return EXIT_UNEXPECTED
    assert isinstance(outcome, dict)
    code = EXIT_OK
    sayings = {"filed": "filed as {filed}", "filed_with_problems":
               "filed as {filed} with {problems} problems set aside",
               "not_filed": "not filed: {problems} problems to fix",
               "dry_run": "checked (dry run, not filed): {problems} problems"}
    for item in outcome["workbooks"]:
        if item["outcome"] == "refused":
            print(f"clustereval: {item['error']}", file=sys.stderr)
            code = EXIT_INPUT
            continue
        print(f"{item['workbook']}: {item['cluster_id']}, "
              + sayings[item["outcome"]].format(**item)
              + f", {item['changed_rows']} rows changed; answer: {item['answer']}")
        if item["outcome"] == "not_filed":
            code = EXIT_INPUT
    if args.send:
        from reports.delivery import DELIVERY_FILE, load_delivery_settings
        from reports.workbook_delivery import send_answers

        settings = load_delivery_settings(args.delivery or DELIVERY_FILE)
        _report_delivery(send_answers(outcome["workbooks"], settings, args.out, args.lang,
                                      dry_run=args.dry_run), "answers sent before",
                         "run the same command again to send what was not sent")
    return code


def run_decisions(data: Path | None, as_of: str | None) -> int:
    """The decisions and their states, evaluated in this process (no Prefect)."""
    from datetime import datetime

    from config import HELSINKI
    from flows.columns import input_columns
    from ingest.configuration import load_rules
    from ingest.files import read_input_folder
    from reports.console import decisions_report
    from schemas import validate_inputs
    from scoring import evaluate_clusters
    from scoring.period import parse_period

    folder = data or SAMPLE_DATA_DIR
    columns, rules = input_columns(), load_rules()
    today = datetime.now(HELSINKI).date()
    try:
        period = parse_period(None, as_of or today.isoformat(), today, rules.window_months)
    except ValueError as error:
        raise InputError(str(error)) from error
    validated = validate_inputs(read_input_folder(folder, columns), columns,
                                rules.decisions.max_validity_months)
    rows = validated.dataset("decisions")
    results = evaluate_clusters(
        validated.register,
        validated.evidence,
        period, rules, rejected=validated.rejected_by_cluster,
        absent_register_columns=validated.absent_register_columns)
    print(decisions_report(period, rows, results))
    return EXIT_OK


def _prefect_environment(verbose: bool, choose: bool = True) -> None:
    """Prefect's settings for a command; with `choose`, the server it runs against (a
    running one when any answers, flows/server.py), said on stderr."""
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
        os.environ["DASK_LOGGING__DISTRIBUTED"] = "info"
    if choose:
        from flows.recording import resolve_runtime
        from flows.server import choose_server

        choice = choose_server(resolve_runtime(None, None).state_dir)
        print(f"clustereval: {choice.sentence()}", file=sys.stderr)


def _outcome(state: object) -> object:
    """The flow's return value; an InputError is raised here, at the edge."""
    from store.settle import PublishedButNotRecorded

    outcome = state.result(raise_on_failure=False)  # type: ignore[attr-defined]
    if isinstance(outcome, InputError):
        raise outcome
    if isinstance(outcome, PublishedButNotRecorded):
        raise _PublishedButNotRecorded(str(outcome))
    if isinstance(outcome, BaseException) or not state.is_completed():  # type: ignore[attr-defined]
        raise _Unexpected(repr(outcome))
    return outcome


class _Unexpected(Exception):
    pass


class _PublishedButNotRecorded(Exception):
    pass


def run_check_websites(args: argparse.Namespace) -> int:
    _prefect_environment(args.verbose)
    folder = args.data or SAMPLE_DATA_DIR
    if not folder.is_dir():
        raise InputError(f"The data folder {folder} does not exist.")

    from flows.check_websites import check_websites_flow

    _quiet_input_errors()
    state = with_runner(check_websites_flow, args)(
        data_dir=str(args.data) if args.data else None, clusters=args.cluster,
        record_dir=str(args.record) if args.record else None, engine=args.engine,
        websites_config=str(args.config) if args.config else None, parts=parts_of(args),
        return_state=True,
    )
    try:
        outcome = _outcome(state)
    except _Unexpected as error:
        print(f"clustereval: the website checks failed unexpectedly: {error}. Nothing was "
              "recorded.", file=sys.stderr)
        return EXIT_UNEXPECTED
    assert isinstance(outcome, dict)
    for site in outcome["sites"]:
        failed = ", ".join(site["failed_checks"]) or "none"
        print(f"{site['cluster_id']:<24} {site['outcome']:<18} failed checks: {failed}  "
              f"({site['url']}, engine {site['engine']})")
    print(f"Recorded {len(outcome['sites'])} checks in {outcome['recorded']}")
    return EXIT_OK


def run_warn(args: argparse.Namespace) -> int:
    _prefect_environment(args.verbose)
    folder = args.data or SAMPLE_DATA_DIR
    if not folder.is_dir():
        raise InputError(f"The data folder {folder} does not exist.")
    from reports.publish import check_out_folder

    check_out_folder(args.out)
    from flows.warn import warn_clusters_flow, warning_date

    warning_date(args.as_of, 12)  # a mistyped date costs no Prefect start-up
    _quiet_input_errors()
    state = warn_clusters_flow(
        data_dir=str(args.data) if args.data else None, as_of=args.as_of, out_dir=str(args.out),
        lang=args.lang, send=args.send, dry_run=args.dry_run,
        delivery_config=str(args.delivery) if args.delivery else None, return_state=True)
    try:
        outcome = _outcome(state)
    except _Unexpected as error:
        print(f"clustereval: the warnings failed unexpectedly: {error}.", file=sys.stderr)
        return EXIT_UNEXPECTED
    assert isinstance(outcome, dict)
    from reports.messages import message
    from reports.warnings import summary

    document = outcome["document"]
    print(summary(document, args.lang))
    print(message(args.lang, "warn_written", path=outcome["warnings"]))
    delivery = outcome.get("delivery")
    if isinstance(delivery, dict):
        return _report_delivery(delivery, "warnings sent before",
                                "run the same command again to send what was not sent")
    return EXIT_OK


def run_history(cluster: str | None, changes: bool = False, lang: str = "en",
                reasons: bool = False) -> int:
    from flows.recording import describe, history_exists, resolve_runtime
    from reports.console import cluster_changes_report, cluster_reasons_report, history_report
    from store.history import recorded_clusters
    from store.settle import settle_all

    runtime = resolve_runtime(None, None)
    print(f"clustereval: {describe(runtime)}", file=sys.stderr)
    if not history_exists(runtime):  # reading never creates one
        print("No evaluations recorded in this history yet (evaluate records them there; "
              "CLUSTEREVAL_STATE_DIR or CLUSTEREVAL_HISTORY_URL choose another).")
        return EXIT_OK
    engine = runtime.engine()
    for sentence in settle_all(engine, runtime.state_dir):
        print(f"clustereval: {sentence}", file=sys.stderr)
    if cluster and (unknown := unknown_cluster(cluster, recorded_clusters(engine))):
        print(f"clustereval: {unknown}", file=sys.stderr)
        return EXIT_INPUT
    if cluster and changes:
        print(cluster_changes_report(engine, runtime.state_dir, cluster, lang))
    elif cluster and reasons:
        print(cluster_reasons_report(engine, cluster, lang))
    else:
        print(history_report(engine, cluster))
    return EXIT_OK


def unknown_cluster(cluster: str, known: list[str]) -> str | None:
    """None for a cluster the history knows; else a sentence naming it and the closest
    known ids, so that a typo is not an empty table."""
    if cluster in known:
        return None
    closest = difflib.get_close_matches(cluster, known, n=3, cutoff=0.4)
    hint = (f"the closest: {', '.join(closest)}" if closest
            else f"it knows {len(known)}: {', '.join(known[:10])}"
            + (", ..." if len(known) > 10 else ""))
    return f"history --cluster {cluster}: no evaluation of such a cluster is recorded; {hint}."


def run_serve(args: argparse.Namespace) -> int:
    """Serve the deployments against the server in PREFECT_API_URL or the one recorded
    before; with none answering, start a local one, record it for the other commands and
    stop it when serving stops."""
    folder = args.data or SAMPLE_DATA_DIR
    if not folder.is_dir():
        raise InputError(f"The data folder {folder} does not exist.")
    _prefect_environment(verbose=True, choose=False)
    from flows.recording import resolve_runtime
    from flows.server import Choice, choose_server, forget_server, record_server, start_server

    state_dir = resolve_runtime(None, None).state_dir
    choice = choose_server(state_dir)
    started = None
    if choice.url is None:
        print("clustereval: starting a local Prefect server (about 20 s the first time)",
              file=sys.stderr)
        started = start_server(state_dir)
        choice = Choice(os.environ[API_ENV], "started by clustereval serve")
    else:
        record_server(state_dir, choice.url)
    print(f"clustereval: {choice.sentence()}; the other commands use it", file=sys.stderr)
    from flows.housekeeping import EXIT_TERMINATED
    from flows.serve import noting_sigterm, serve_deployments

    # Started in the background by a script, serve inherits SIGINT as ignored: Ctrl-C and
    # `kill -INT` must stop it all the same.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with noting_sigterm() as terminated:
        try:
            serve_deployments({"data_dir": str(folder.resolve()),
                               "out_dir": str(args.out.resolve()), "lang": args.lang})
        except SystemExit:
            if not terminated.is_set():
                raise
        finally:
            if started is not None:
                forget_server(state_dir, started)
    if terminated.is_set():
        print("clustereval: serve stopped (SIGTERM).", file=sys.stderr)
        return EXIT_TERMINATED
    return EXIT_OK


def run_evaluate(args: argparse.Namespace) -> int:
    _preflight(args)  # before any Prefect server is chosen or started: a refusal is quick
    _prefect_environment(args.verbose)
    from flows.recording import check_state_folder, describe, resolve_runtime

    runtime = resolve_runtime(None, None)
    print(f"clustereval: {describe(runtime)}", file=sys.stderr)
    check_state_folder(runtime)

    from flows.evaluate import evaluate_clusters_flow

    _quiet_input_errors()
    state = with_runner(evaluate_clusters_flow, args)(
        data_dir=str(args.data) if args.data else None,
        quarter=args.quarter,
        as_of=args.as_of,
        clusters=args.cluster,
        out_dir=str(args.out),
        lang=args.lang,
        pdf=not args.no_pdf,
        send=args.send,
        dry_run=args.dry_run,
        resend=args.resend,
        delivery_config=str(args.delivery) if args.delivery else None,
        replay_run=args.replay,
        triggered_by=getpass.getuser(),
        parts=parts_of(args),
        return_state=True,
    )
    try:
        outcome = _outcome(state)
    except _PublishedButNotRecorded as error:
        print(f"clustereval: {error}", file=sys.stderr)
        return EXIT_UNEXPECTED
    except _Unexpected as error:
        print(f"clustereval: the evaluation failed unexpectedly: {error}. The previous "
              "reports are unchanged.", file=sys.stderr)
        return EXIT_UNEXPECTED
    assert isinstance(outcome, dict)
    published = Path(str(outcome["published"]))
    print(_summary(published))
    if "revision" in outcome:
        print(outcome["revision"])
    if args.cluster and not args.replay:
        print(f"clustereval: note: the clusters asked for are published beside the "
              f"period's portfolio, in {published}; the portfolio in "
              f"{args.out / published.name} is unchanged.", file=sys.stderr)
    delivery = outcome.get("delivery")
    if isinstance(delivery, dict):
        return _report_delivery(delivery)
    return EXIT_OK


def _report_delivery(
        delivery: dict[str, list[str]],
        skipped: str = "sent before for this period; --resend sends them",
        retry: str = "the reports are published; run the same command again to send what "
        "was not sent") -> int:
    if not any(delivery.get(kind) for kind in ("planned", "sent", "skipped", "failed")):
        print("Nothing to send: no recipients are set for these reports in the delivery "
              "settings (cluster_recipients and stakeholders in config/delivery.yaml, or "
              "the file --delivery names).")
    for line in delivery["planned"]:
        print(f"Would send {line}")
    if delivery["sent"]:
        print(f"Sent {len(delivery['sent'])} e-mails.")
    if delivery["skipped"]:
        print(f"Not sent again ({skipped}): {len(delivery['skipped'])}.")
    for failure in delivery["failed"]:
        print(f"clustereval: not sent: {failure}", file=sys.stderr)
    if delivery["failed"]:
        print(f"clustereval: {retry}.", file=sys.stderr)
    return EXIT_OK


def _preflight(args: argparse.Namespace) -> None:
    """The input checks before Prefect starts, so a typo or a broken file costs no server
    start-up: the options, the input folder read (every file opened, headers and required
    columns checked; the flow reads it again), and the output folder."""
    from datetime import date

    from scoring.period import parse_period

    try:
        parse_period(args.quarter, args.as_of, date.today())
    except ValueError as error:
        raise InputError(str(error)) from error
    folder = args.data or SAMPLE_DATA_DIR
    if not folder.exists():
        raise InputError(f"The data folder {folder} does not exist.")
    if not folder.is_dir():
        raise InputError(f"The data path {folder} is not a folder.")
    if args.replay is None:  # a replay reads its archived inputs, not this folder
        from flows.columns import input_columns
        from ingest.files import read_input_folder
        from schemas import check_required

        check_required(read_input_folder(folder, input_columns()))
    from reports.publish import check_out_folder

    check_out_folder(args.out)


class _DropInputErrorTracebacks(logging.Filter):
    """Prefect logs a failed run's exception with its traceback; an input mistake is
    reported by the CLI as one sentence instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], InputError):
            return False
        return "InputError" not in record.getMessage()


def _quiet_input_errors() -> None:
    """On the console only (Prefect's console handler sits on the root logger); the run's
    logs in the Prefect UI keep the full traceback."""
    for handler in logging.getLogger().handlers:
        handler.addFilter(_DropInputErrorTracebacks())


def _summary(published: Path) -> str:
    import json

    document = json.loads((published / "results.json").read_text(encoding="utf-8"))
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    rejected = sum(c["rejected"] + c["duplicates"] for c in manifest["rows"].values())
    verdicts = document["summary"]["verdicts"]
    count = document["summary"]["clusters"]
    lines = [
        f"Evaluated {count} cluster{'' if count == 1 else 's'} as of {document['as_of']} "
        f"({document['period']}): {verdicts.get('meets', 0)} meet, "
        f"{verdicts.get('partially_meets', 0)} partially meet, "
        f"{verdicts.get('does_not_meet', 0)} do not meet the criteria.",
    ]
    if rejected:
        lines.append(f"{rejected} input row{'' if rejected == 1 else 's'} set aside: "
                     f"{published / 'rejected.csv'}")
    lines.append(f"Portfolio report: {published / 'index.html'}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
