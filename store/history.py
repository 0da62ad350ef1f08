"""Recording evaluations and reading them back: revisions, their differences, trends.

SQLAlchemy Core; SQLite in the state folder by default, any SQLAlchemy URL (PostgreSQL)
by setting. A run is written in one transaction, so a run that dies leaves nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)

from reports.messages import say
from scoring.model import ClusterResult
from scoring.text import Message
from store.schema import criterion_results, label_results, migrate, runs, website_checks

HISTORY_FILE = "history.sqlite"


def default_url(state_dir: Path) -> str:
    return f"sqlite:///{(state_dir / HISTORY_FILE).resolve()}"


def open_history(url: str) -> Engine:
    """An engine on a migrated database (created when new)."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def _foreign_keys(connection: Any, _: Any) -> None:
            connection.execute("PRAGMA foreign_keys=ON")
    else:
        engine = create_engine(url, pool_pre_ping=True)
    migrate(engine)
    return engine


@dataclass(frozen=True)
class RunRecord:
    period: str
    as_of: str
    trigger: str
    triggered_by: str | None
    flow_run_id: str | None
    started_at: datetime
    program_version: str
    config_sha256: str
    configuration: dict[str, Any]
    manifest: dict[str, Any]
    clusters: list[str]
    language: str
    published_to: str


@contextmanager
def recording(engine: Engine) -> Iterator[Connection]:
    """One transaction for a whole run: committed only if the block completes."""
    with engine.begin() as connection:
        yield connection


def next_revision(connection: Connection, period: str, published_to: str | None = None
                  ) -> int:
    """The period's next revision number in the folder `published_to` (None: any)."""
    query = select(func.max(runs.c.revision)).where(runs.c.period == period)
    if published_to is not None:
        query = query.where(runs.c.published_to == published_to)
    return int(connection.execute(query).scalar_one() or 0) + 1


PENDING, DONE = "pending", "done"


def insert_run(connection: Connection, record: RunRecord, revision: int,
               results: list[ClusterResult], checks: pd.DataFrame | None,
               finished_at: datetime, status: str = DONE) -> int:
    inserted = connection.execute(insert(runs).values(status=status,
        period=record.period, as_of=record.as_of, revision=revision, trigger=record.trigger,
        triggered_by=record.triggered_by, flow_run_id=record.flow_run_id,
        started_at=record.started_at, finished_at=finished_at,
        program_version=record.program_version, config_sha256=record.config_sha256,
        configuration=record.configuration, manifest=record.manifest, clusters=record.clusters,
        language=record.language, published_to=record.published_to,
    )).inserted_primary_key
    assert inserted is not None
    run_id = inserted[0]
    rows = [
        {"run_id": run_id, "cluster_id": r.cluster_id, "cluster_name": r.name,
         "verdict": r.verdict.value, "criterion": c.id, "status": c.status.value,
         "value": None if c.value is None else str(c.value), "reason_fi": say(c.reason, "fi"),
         "reason_en": say(c.reason, "en"), "reason": _message(c.reason),
         "measured_status": c.measured_status.value if c.measured_status else None,
         "decision": c.decision}
        for r in results for c in r.criteria
    ]
    if rows:
        connection.execute(insert(criterion_results), rows)
    labels = [_label_row(run_id, r) for r in results if r.labels is not None]
    if labels:
        connection.execute(insert(label_results), labels)
    if checks is not None and not checks.empty:
        connection.execute(insert(website_checks), [
            {"run_id": run_id, "cluster_id": row["cluster_id"],
             "checked_at": row["checked_at"].date().isoformat(), "url": _text(row.get("url")),
             "outcome": _text(row.get("outcome")), "reachable": _text(row.get("reachable")),
             "https": _text(row.get("https")),
             "offer_description": _text(row.get("offer_description")),
             "accessibility_failures": None if pd.isna(row.get("accessibility_failures"))
             else int(row["accessibility_failures"]),
             "accessibility_statement": _text(row.get("accessibility_statement"))}
            for _, row in checks.iterrows()
        ])
    return int(run_id)


def _message(reason: Message) -> dict[str, Any]:
    """The reason as a message id and its values (schema v6): any language can say it."""
    return reason.as_json()


def _label_row(run_id: int, result: ClusterResult) -> dict[str, Any]:
    assert result.labels is not None
    document = result.labels.as_dict()
    label, gold = document["label"], document.get("gold") or {}
    return {"run_id": run_id, "cluster_id": result.cluster_id,
            "eccp_status": document["eccp"]["status"], "label_level": label["level"],
            "label_valid_until": label["valid_until"], "label_validity": label["validity"],
            "gold_share": None if gold.get("share") is None else str(gold["share"])}


def labels_of(engine: Engine, run_id: int) -> dict[str, dict[str, Any]]:
    """Each cluster's road to the label as the run recorded it (none before schema v3)."""
    with engine.connect() as connection:
        return {row["cluster_id"]: dict(row) for row in connection.execute(
            select(label_results).where(label_results.c.run_id == run_id)).mappings()}


def _text(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)  # type: ignore[call-overload]


def mark_done(engine: Engine, run_id: int) -> None:
    """The run's reports are swapped in: it is published and recorded."""
    with engine.begin() as connection:
        connection.execute(update(runs).where(runs.c.id == run_id).values(status=DONE))


def forget_run(engine: Engine, run_id: int) -> None:
    """A pending run whose reports were never swapped in: nobody saw it, so it goes."""
    with engine.begin() as connection:
        for table in (criterion_results, website_checks, label_results):  # no cascades
            connection.execute(delete(table).where(table.c.run_id == run_id))
        connection.execute(delete(runs).where(runs.c.id == run_id))


def pending_runs(engine: Engine, period: str | None = None) -> list[dict[str, Any]]:
    query = select(runs.c.id, runs.c.period, runs.c.revision, runs.c.published_to).where(
        runs.c.status == PENDING)
    if period is not None:
        query = query.where(runs.c.period == period)
    with engine.connect() as connection:
        return [dict(row) for row in connection.execute(query.order_by(runs.c.id)).mappings()]


def run_row(engine: Engine, run_id: int) -> dict[str, Any] | None:
    with engine.connect() as connection:
        row = connection.execute(select(runs).where(runs.c.id == run_id)).mappings().first()
    return dict(row) if row else None


def latest_run(engine: Engine, period: str, before_revision: int | None = None,
               published_to: str | None = None) -> dict[str, Any] | None:
    """The period's newest revision (below `before_revision` if given; in the folder
    `published_to` if given)."""
    query = select(runs).where(runs.c.period == period, runs.c.status == DONE)
    if published_to is not None:
        query = query.where(runs.c.published_to == published_to)
    if before_revision is not None:
        query = query.where(runs.c.revision < before_revision)
    with engine.connect() as connection:
        row = connection.execute(query.order_by(runs.c.revision.desc()).limit(1)).mappings()\
            .first()
    return dict(row) if row else None


def results_of(engine: Engine, run_id: int) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        return [dict(row) for row in connection.execute(
            select(criterion_results).where(criterion_results.c.run_id == run_id)
            .order_by(criterion_results.c.cluster_id, criterion_results.c.criterion)
        ).mappings()]


def recorded_clusters(engine: Engine) -> list[str]:
    """Every cluster id any recorded run evaluated, sorted."""
    with engine.connect() as connection:
        return sorted(str(row[0]) for row in connection.execute(
            select(criterion_results.c.cluster_id).distinct()))


def all_runs(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        return [dict(row) for row in connection.execute(
            select(runs.c.id, runs.c.period, runs.c.as_of, runs.c.revision, runs.c.trigger,
                   runs.c.triggered_by, runs.c.started_at, runs.c.finished_at,
                   runs.c.program_version, runs.c.config_sha256, runs.c.status,
                   runs.c.published_to)
            .order_by(runs.c.period, runs.c.id)
        ).mappings()]


def input_changes(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, str]]:
    """What differs between two runs' manifests, as (kind, what): kinds input_added,
    input_removed, input_changed, configuration_changed, language_changed,
    clusters_changed, program_changed."""
    old = {item["file"]: item["sha256"] for item in before.get("inputs", [])}
    new = {item["file"]: item["sha256"] for item in after.get("inputs", [])}
    changes = [("input_added", name) for name in sorted(set(new) - set(old))]
    changes += [("input_removed", name) for name in sorted(set(old) - set(new))]
    changes += [("input_changed", name) for name in sorted(set(old) & set(new))
                if old[name] != new[name]]
    if before.get("configuration", {}).get("sha256") != after.get("configuration", {}).get(
            "sha256"):
        changes.append(("configuration_changed", "criteria.yaml"))
    if before.get("language") != after.get("language"):
        changes.append(("language_changed", f"{before.get('language')} -> "
                                             f"{after.get('language')}"))
    if sorted(before.get("clusters") or []) != sorted(after.get("clusters") or []):
        # Which ones: the same count can hide one cluster gone and another come.
        was, now = set(before.get("clusters") or []), set(after.get("clusters") or [])
        what = f"{len(was)} -> {len(now)}"
        what += "".join(f", +{cluster}" for cluster in sorted(now - was))
        what += "".join(f", -{cluster}" for cluster in sorted(was - now))
        changes.append(("clusters_changed", what))
    old_version = before.get("program", {}).get("version")
    new_version = after.get("program", {}).get("version")
    if old_version != new_version:
        changes.append(("program_changed", f"{old_version} -> {new_version}"))
    return changes


def period_document(engine: Engine, period: str, published_to: str | None = None
                    ) -> dict[str, Any] | None:
    """A period in the shape of results.json (for trends and diffs): each cluster as its
    latest recorded run that evaluated it (in the folder `published_to` if given: a trial
    run into another folder does not enter the served reports' trends)."""
    query = select(runs).where(runs.c.period == period, runs.c.status == DONE)
    if published_to is not None:
        query = query.where(runs.c.published_to == published_to)
    with engine.connect() as connection:
        period_runs = [dict(row) for row in connection.execute(
            query.order_by(runs.c.id.desc())).mappings()]
    if not period_runs:
        return None
    clusters: dict[str, dict[str, Any]] = {}
    for run in period_runs:
        for cluster in run_document(engine, run)["clusters"]:
            clusters.setdefault(cluster["cluster_id"], cluster)
    return {"period": period, "revision": period_runs[0]["revision"],
            "clusters": list(clusters.values())}


def run_document(engine: Engine, run: dict[str, Any]) -> dict[str, Any]:
    clusters: dict[str, dict[str, Any]] = {}
    for row in results_of(engine, int(run["id"])):
        cluster = clusters.setdefault(row["cluster_id"], {
            "cluster_id": row["cluster_id"], "name": row["cluster_name"],
            "verdict": row["verdict"], "criteria": []})
        cluster["criteria"].append({"id": row["criterion"], "status": row["status"],
                                    "value": row["value"]})
    for cluster_id, road in labels_of(engine, int(run["id"])).items():
        if cluster_id in clusters:  # the shape results.json gives `labels`, in part
            clusters[cluster_id]["labels"] = {
                "eccp": {"status": road["eccp_status"]},
                "label": {"level": road["label_level"], "validity": road["label_validity"],
                          "valid_until": road["label_valid_until"]}}
    return {"period": run["period"], "revision": run["revision"],
            "clusters": list(clusters.values())}
