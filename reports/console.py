"""The plain-text data-quality report `clustereval validate` prints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from reports.formats import format_number, locale_of
from reports.messages import MESSAGES, SYMBOLS, column_name, message, problem_text, say
from reports.wording import dataset_name, place
from schemas import ValidatedInputs
from scoring.evidence import row_reference
from scoring.model import ClusterResult
from scoring.period import Period
from scoring.text import Message
from store.history import all_runs, input_changes, labels_of, results_of, run_document, run_row


def validation_report(folder: Path, validated: ValidatedInputs, lang: str = "en") -> str:
    """What `validate` prints, in `lang`: each dataset's counts, then each problem where
    it is (the file, sheet, row, column and value) in the reports' wording."""
    lines = [message(lang, "validate_inputs_in", folder=folder)]
    for dataset, counts in validated.row_counts.items():
        lines.append(f"  {dataset_name(dataset, lang)}: " + message(
            lang, "validate_counts", **{k: format_number(int(v), lang) for k, v in counts.items()}))
    missing = [name for name in ("agreements", "activities", "dialogue", "evaluations",
                                 "website_checks") if name not in validated.tables]
    if missing:
        lines.append("  " + message(lang, "validate_not_supplied", datasets=", ".join(
            dataset_name(name, lang) for name in missing)))
    rejected = validated.rejected
    if rejected.empty:
        lines.append(message(lang, "validate_no_problems"))
        return "\n".join(lines)
    lines.append(say(Message("validate_problems", (("count", len(rejected)),)), lang))
    for problem in rejected.itertuples(index=False):
        where = place(lang, str(problem.file), int(problem.row),  # type: ignore[arg-type]
                      str(problem.sheet) or None)
        if problem.column:
            where += f", {column_name(str(problem.column), lang)} '{problem.value!s}'"
        lines.append(f"  {dataset_name(str(problem.dataset), lang)}: {where}: "
                     f"{problem_text(str(problem.problem_code), lang)}")
    return "\n".join(lines)


def recorded_reason(row: dict[str, Any], lang: str) -> str:
    """A recorded criterion's reason in any language with a catalogue: said again from its
    message id and values (schema v6 on); an older run (or a message since renamed) has
    its Finnish and English words, and another language gets the English."""
    if row.get("reason"):
        try:
            return say(Message.from_json(row["reason"]), lang)
        except (KeyError, IndexError, ValueError):  # a message a later release renamed
            pass
    return str(row["reason_fi"] if lang == "fi" else row["reason_en"])


def latest_per_period(runs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each period's latest published revision (the runs in the order recorded)."""
    return {run["period"]: run for run in runs if run["status"] == "done"}


def cluster_reasons_report(engine: Engine, cluster: str, lang: str = "en") -> str:
    """`history --cluster ID --reasons`: each period's latest revision, every criterion's
    status and reason in `lang`."""
    latest = latest_per_period(all_runs(engine))
    words = MESSAGES[lang]
    lines = []
    for period, run in sorted(latest.items()):
        rows = [r for r in results_of(engine, run["id"]) if r["cluster_id"] == cluster]
        if not rows:
            continue
        lines.append(f"{period} ({message(lang, 'revision', number=run['revision'])}): "
                     f"{words['verdict_' + rows[0]['verdict']]}")
        lines += [f"  {row['criterion']} {SYMBOLS[row['status']]} "
                  f"{words['status_' + row['status']]}: {recorded_reason(row, lang)}"
                  for row in rows]
    return "\n".join(lines)


def history_report(engine: Engine, cluster: str | None) -> str:
    """Every run with what changed since the previous revision; or one cluster's trend."""
    runs = all_runs(engine)
    if not runs:
        return "No evaluations recorded yet."
    if cluster:
        lines = [f"{cluster}: statuses by period (latest revision of each; § = set by a "
                 "decision on the cluster's reply)",
                 f"  {'period':<10} {'rev':>3}  {'verdict':<16} C1 C2 C3 C4 C5 C6 C7 C8  "
                 f"{'ECCP':<13} label"]
        latest = latest_per_period(runs)
        short = {"met": "✓", "partially_met": "◐", "not_met": "✗", "insufficient_data": "?"}
        for period, run in sorted(latest.items()):
            rows = [r for r in results_of(engine, run["id"]) if r["cluster_id"] == cluster]
            if not rows:
                continue
            # § marks a status set by the region's decision on the cluster's reply.
            statuses = " ".join(f"{short[r['status']] + ('§' if r.get('decision') else ''):<2}"
                                for r in rows)
            road = labels_of(engine, run["id"]).get(cluster)
            label = "-" if road is None else (
                f"{road['label_level'] or '?'} {road['label_validity']}"
                + (f" until {road['label_valid_until']}" if road["label_valid_until"] else ""))
            eccp = road["eccp_status"] if road else "-"
            lines.append(f"  {period:<10} {run['revision']:>3}  {rows[0]['verdict']:<16} "
                         f"{statuses} {eccp:<13} {label}")
        return "\n".join(lines)
    lines = [f"{'run':>4}  {'period':<10} {'rev':>3}  {'as of':<10}  {'trigger':<8} "
             f"{'by':<12} {'finished (UTC)':<19}  changes since the previous revision"]
    previous: dict[tuple[str, str | None], dict[str, Any]] = {}
    for run in runs:
        full = run_row(engine, run["id"]) or {}
        before = previous.get((run["period"], run["published_to"]))
        changes = "first revision"
        if run["status"] != "done":
            changes = ("pending: recorded, its reports not swapped in (an evaluation of the "
                       "period is running, or the next one settles it)")
        elif before is not None:
            status_changes = _status_changes(engine, before["id"], run["id"])
            why = input_changes(before["manifest"], full.get("manifest", {}))
            inputs = ", ".join(message("en", kind, what=what) for kind, what in why) or "same"
            changes = f"{status_changes} status changes; inputs: {inputs}"
        if run["status"] == "done":
            previous[run["period"], run["published_to"]] = full
        started_by = (full.get("manifest") or {}).get("deployment_run")
        if started_by:
            changes += (f"; deployment run {started_by['flow_run_name']} "
                        f"({started_by['flow_run_id']})")
        finished = run["finished_at"].strftime("%Y-%m-%d %H:%M:%S")
        lines.append(f"{run['id']:>4}  {run['period']:<10} {run['revision']:>3}  "
                     f"{run['as_of']:<10}  {run['trigger']:<8} {run['triggered_by'] or '-'!s:<12} "
                     f"{finished:<19}  {changes}; in {run['published_to'] or '-'}")
    return "\n".join(lines)


def _status_changes(engine: Engine, before: int, after: int) -> int:
    old = {(r["cluster_id"], r["criterion"]): r["status"] for r in results_of(engine, before)}
    new = {(r["cluster_id"], r["criterion"]): r["status"] for r in results_of(engine, after)}
    return sum(1 for key, status in new.items() if old.get(key) != status)


def decisions_report(period: Period, rows: pd.DataFrame | None,
                     results: list[ClusterResult]) -> str:
    """Every decision with its state on the as-of date and the measured status beside."""
    if rows is None:
        return "No decisions file in the data folder (decisions.csv or a sheet 'decisions')."
    states: dict[str, str] = {}  # a decision's row -> its state on the as-of date
    measured: dict[tuple[str, str], str] = {}
    for result in results:
        for criterion in result.criteria:
            measured[result.cluster_id, criterion.id] = (
                criterion.measured_status or criterion.status).value
            for item in ([criterion.decision] if criterion.decision else []) + list(
                    criterion.other_decisions):
                states[item["source"]] = item["state"]
    lines = [f"Decisions as of {period.as_of.isoformat()}:",
             f"  {'cluster':<22} {'crit':<4} {'state':<12} {'decision':<9} "
             f"{'decided on':<10} {'status decided':<17} {'valid until':<11} "
             f"{'measured':<17} reason"]
    for row in rows.to_dict("records"):
        state = states.get(row_reference(row["_file"], row["_row"], row.get("_sheet")),
                           "not_yet_made")
        status = measured.get((str(row["cluster_id"]), str(row["criterion"])), "")
        decided = "" if row.get("status") is None or pd.isna(row.get("status")) \
            else str(row["status"])
        until = "" if pd.isna(row.get("valid_until")) else row["valid_until"].date().isoformat()
        made = "" if pd.isna(row.get("decided_on")) else row["decided_on"].date().isoformat()
        lines.append(f"  {row['cluster_id']!s:<22} {row['criterion']!s:<4} {state:<12} "
                     f"{row['decision']!s:<9} {made:<10} {decided:<17} {until:<11} "
                     f"{status:<17} {row['reason']!s}")
    if len(lines) == 2:
        lines.append("  (none)")
    return "\n".join(lines)


def cluster_changes_report(engine: Engine, state_dir: Path, cluster: str,
                           lang: str = "en") -> str:
    """`history --cluster ID --changes`: for each re-evaluation of a period, what changed
    for the cluster against the revision before it, and which changed rows explain each
    status change, in `lang`. Read again from the runs' archived inputs: nothing more
    is stored."""
    from babel.lists import format_list

    from ingest import InputError
    from reports.changes import revision_changes, row_sentence
    from reports.history import Snapshot
    from schemas.differences import input_changes as row_changes
    from scoring.criteria import TITLES
    from store.archive import archived_inputs

    words = MESSAGES[lang]
    inputs_of: dict[int, Any] = {}

    def validated(run: dict[str, Any]) -> Any:
        if run["id"] not in inputs_of:
            inputs_of[run["id"]] = archived_inputs(state_dir, run)
        return inputs_of[run["id"]]

    def state(code: str) -> str:
        return words.get(f"status_{code}") or words.get(f"verdict_{code}") or code

    lines = [words["hist_changes_title"].format(cluster=cluster)]
    previous: dict[tuple[str, str | None], dict[str, Any]] = {}
    for listed in all_runs(engine):
        if listed["status"] != "done":
            continue
        run = run_row(engine, listed["id"]) or {}
        key = (run["period"], run["published_to"])
        before, previous[key] = previous.get(key), run
        evaluated = (before or {}).get("clusters") or [], run.get("clusters") or []
        if before is None or cluster not in (*evaluated[0], *evaluated[1]):
            continue
        lines.append(words["hist_changes_head"].format(
            period=run["period"], revision=run["revision"], run=run["id"],
            finished=f"{run['finished_at']:%Y-%m-%d %H:%M}", previous=before["revision"]))
        if cluster not in evaluated[1]:
            lines.append(f"  {words['hist_cluster_gone']}")
            continue
        try:
            new = validated(run)
            found = revision_changes(Snapshot.from_document(run_document(engine, before)),
                                     int(before["revision"]),
                                     Snapshot.from_document(run_document(engine, run)),
                                     row_changes(validated(before).tables, new.tables,
                                                 new.rejected))[cluster]
        except InputError as error:
            lines.append(f"  {words['hist_cannot_compare'].format(error=error)}")
            continue
        if found.new:
            lines.append(f"  {words['hist_cluster_new']}")
        for status in found.statuses:
            what = words["verdict"] if status.what == "verdict" else \
                f"{status.what} {say(TITLES[status.what], lang)}"
            explained = words["explained_by"].format(datasets=format_list(
                [words[f"dataset_{d}"] for d in status.explained_by], locale=locale_of(lang))) \
                if status.explained_by else words["explained_by_none"]
            lines.append("  " + words["hist_status_line"].format(
                what=what, before=state(status.before), after=state(status.after),
                explained=explained))
        if not found.statuses and not found.new:
            lines.append(f"  {words['hist_no_status_change']}")
        for dataset, changes in found.rows.items():
            lines += [f"  {words[f'dataset_{dataset}']}: "
                      f"{row_sentence(lang, dataset, kind, row)}"
                      for kind, row in changes.rows()]
        if not found.rows:
            lines.append(f"  {words['hist_no_rows_changed']}")
    if len(lines) == 1:
        lines.append(f"  {words['hist_no_revision']}")
    return "\n".join(lines)
