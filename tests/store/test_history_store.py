"""The history database without Prefect: migrations, revisions, one transaction, locks."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import create_engine, inspect, select
from sqlalchemy.schema import CreateTable

from ingest.errors import InputError
from scoring.model import ClusterResult, CriterionResult, Status
from store.history import (
    RunRecord,
    all_runs,
    default_url,
    input_changes,
    insert_run,
    latest_run,
    next_revision,
    open_history,
    period_document,
    recording,
    run_document,
)
from store.lock import period_lock
from store.schema import (
    MIGRATIONS,
    criterion_results,
    label_results,
    runs,
    schema_version,
    website_checks,
)
from tests.sentences import sentence


def record(period: str = "2026-Q3", files: dict[str, str] | None = None) -> RunRecord:
    inputs = [{"file": name, "sha256": sha} for name, sha in (files or {"a.csv": "1"}).items()]
    return RunRecord(period, "2026-09-30", "manual", "tester", None, datetime.now(UTC), "0.1.0",
                     "abc", {"rules": {}}, {"inputs": inputs, "configuration": {"sha256": "x"},
                                           "program": {"version": "0.1.0"}},
                     ["kierto"], "fi", "/out")


def result(status: Status) -> list[ClusterResult]:
    return [ClusterResult("kierto", "Kierto", tuple(
        CriterionResult(f"C{n}", status, n, sentence("", ""), sentence("syy", "why"))
        for n in range(1, 9)))]


@pytest.fixture(params=["sqlite", "postgresql"])
def history_url(request, tmp_path):
    """Every history test runs on SQLite and on a real PostgreSQL server."""
    if request.param == "sqlite":
        return default_url(tmp_path)
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def engine(history_url):
    engine = open_history(history_url)
    yield engine
    engine.dispose()


def test_migrations_are_versioned_and_idempotent(engine, history_url):
    with engine.connect() as connection:
        versions = connection.execute(select(schema_version.c.version)).scalars().all()
    assert versions == [number for number, _ in MIGRATIONS]
    again = open_history(history_url)  # opening again applies nothing twice
    assert {"runs", "criterion_results", "website_checks"} <= set(inspect(again).get_table_names())
    again.dispose()


def test_revisions_number_per_period(engine):
    for period in ("2026-Q3", "2026-Q3", "2026-Q2", "2026-Q3"):
        with recording(engine) as connection:
            insert_run(connection, record(period), next_revision(connection, period),
                       result(Status.MET), None, datetime.now(UTC))
    revisions = [(run["period"], run["revision"]) for run in all_runs(engine)]
    assert revisions == [("2026-Q2", 1), ("2026-Q3", 1), ("2026-Q3", 2), ("2026-Q3", 3)]
    latest = latest_run(engine, "2026-Q3")
    assert latest is not None and latest["revision"] == 3
    document = run_document(engine, latest)
    assert document["clusters"][0]["criteria"][0] == {"id": "C1", "status": "met", "value": "1"}


def test_a_failed_run_writes_nothing(engine):
    with pytest.raises(RuntimeError), recording(engine) as connection:
        insert_run(connection, record(), 1, result(Status.MET), None, datetime.now(UTC))
        raise RuntimeError("killed halfway")
    assert all_runs(engine) == []


def test_input_changes_name_what_changed():
    before = record(files={"a.csv": "1", "b.csv": "2"}).manifest
    after = record(files={"a.csv": "1", "b.csv": "3", "c.csv": "4"}).manifest
    after["configuration"] = {"sha256": "y"}
    assert input_changes(before, after) == [
        ("input_added", "c.csv"), ("input_changed", "b.csv"),
        ("configuration_changed", "criteria.yaml")]


def test_input_changes_name_a_change_of_language_or_clusters():
    before = record(files={"a.csv": "1"}).manifest | {"language": "both",
                                                       "clusters": ["a", "b"]}
    after = before | {"language": "fi", "clusters": ["a"]}
    assert input_changes(before, after) == [("language_changed", "both -> fi"),
                                            ("clusters_changed", "2 -> 1, -b")]


def test_second_run_of_a_period_is_refused(tmp_path):
    with period_lock(tmp_path, "2026-Q3"):
        with (pytest.raises(InputError, match="Another evaluation of 2026-Q3 is running"),
              period_lock(tmp_path, "2026-Q3")):
            pass
        with period_lock(tmp_path, "2026-Q2"):  # another period is fine
            pass
    with period_lock(tmp_path, "2026-Q3"):  # released when the first ended
        pass


def test_on_postgresql_the_period_lock_is_in_the_database(postgres_url, tmp_path):
    """Two machines share no file: the lock is the database's, whichever state folder."""
    first, second = open_history(postgres_url), open_history(postgres_url)
    heard: list[str] = []
    with period_lock(tmp_path / "machine-a", "2026-Q3", first):
        with (pytest.raises(InputError, match=r"Another evaluation of 2026-Q3 is running "
                            r"\(clustereval pid \d+ on "),
              period_lock(tmp_path / "machine-b", "2026-Q3", second, wait=False)):
            pass
        with period_lock(tmp_path / "machine-b", "2026-Q2", second, wait=False):
            pass  # another period is fine
    with period_lock(tmp_path / "machine-b", "2026-Q3", second, waiting=heard.append):
        pass  # released when the first ended: taken without waiting
    assert heard == []
    first.dispose()
    second.dispose()


def test_on_postgresql_a_second_run_waits_for_the_first(postgres_url, tmp_path):
    import threading
    import time

    first, second = open_history(postgres_url), open_history(postgres_url)
    order: list[str] = []
    heard: list[str] = []

    def later_run() -> None:
        with period_lock(tmp_path, "2026-Q3", second, waiting=heard.append):
            order.append("second")

    with period_lock(tmp_path, "2026-Q3", first):
        waiter = threading.Thread(target=later_run)
        waiter.start()
        time.sleep(1.0)
        order.append("first")
    waiter.join(timeout=30)
    first.dispose()
    second.dispose()
    assert order == ["first", "second"]
    assert heard and heard[0].startswith("clustereval pid")


def test_a_period_keeps_every_cluster_s_latest_revision(engine):
    from store.history import period_document

    other = ClusterResult("muotoilu", "Muotoilu", result(Status.NOT_MET)[0].criteria)
    both = [*result(Status.MET), other]
    for results in (both, result(Status.PARTIALLY_MET)):  # the second re-runs one cluster
        with recording(engine) as connection:
            insert_run(connection, record(), next_revision(connection, "2026-Q3"), results,
                       None, datetime.now(UTC))
    document = period_document(engine, "2026-Q3")
    assert document is not None
    statuses = {c["cluster_id"]: c["criteria"][0]["status"] for c in document["clusters"]}
    assert statuses == {"kierto": "partially_met", "muotoilu": "not_met"}


def test_the_road_to_the_label_is_recorded_and_shown_by_period(engine):
    """Label expiry joins the history: `history --cluster` shows it per period."""
    from reports.console import history_report
    from store.history import labels_of

    class Road:
        def __init__(self, validity: str, until: str) -> None:
            self.validity, self.until = validity, until

        def as_dict(self) -> dict:
            return {"eccp": {"status": "not_eligible", "requirements": []},
                    "label": {"level": "silver", "valid_until": self.until,
                              "validity": self.validity},
                    "gold": {"share": 0.5931}}

    for period, road in (("2026-Q2", Road("valid", "2027-05-31")),
                         ("2026-Q3", Road("expires_soon", "2027-03-31"))):
        results = [ClusterResult("kierto", "Kierto", result(Status.MET)[0].criteria, road)]
        with recording(engine) as connection:
            run_id = insert_run(connection, record(period), 1, results, None,
                                datetime.now(UTC))
    assert labels_of(engine, run_id)["kierto"]["gold_share"] == "0.5931"
    report = history_report(engine, "kierto")
    assert "not_eligible  silver valid until 2027-05-31" in report
    assert "silver expires_soon until 2027-03-31" in report


def test_a_decided_status_is_recorded_with_its_decision(engine):
    """Where a status came from a decision, the history shows it (§) and keeps both."""
    import dataclasses

    from reports.console import history_report

    measured = result(Status.NOT_MET)[0]
    decided = dataclasses.replace(measured.criteria[6], status=Status.MET,
                                  measured_status=Status.NOT_MET,
                                  decision={"decision": "accepted", "state": "in_force",
                                            "valid_until": "2026-12-31"})
    criteria = (*measured.criteria[:6], decided, measured.criteria[7])
    with recording(engine) as connection:
        run_id = insert_run(connection, record(), 1, [ClusterResult("kierto", "Kierto",
                                                                    criteria)], None,
                            datetime.now(UTC))
    from store.history import results_of

    row = next(r for r in results_of(engine, run_id) if r["criterion"] == "C7")
    assert (row["status"], row["measured_status"]) == ("met", "not_met")
    assert row["decision"]["valid_until"] == "2026-12-31"
    assert "✓§" in history_report(engine, "kierto")


def test_revisions_number_per_published_folder(engine):
    """A run into another --out does not take the served reports' next number."""
    def publish(folder: str) -> int:
        with recording(engine) as connection:
            number = next_revision(connection, "2026-Q3", folder)
            insert_run(connection, replace(record(), published_to=folder), number,
                       result(Status.MET), None, datetime.now(UTC))
        return number

    assert [publish("/srv/out/2026-Q3"), publish("/tmp/try/2026-Q3"),
            publish("/srv/out/2026-Q3")] == [1, 1, 2]
    latest = latest_run(engine, "2026-Q3", published_to="/tmp/try/2026-Q3")
    assert latest is not None and latest["revision"] == 1


def test_a_v4_sqlite_history_is_rebuilt_with_revisions_per_folder(tmp_path):
    """A database made before v5 (one number per period) keeps its runs, their results
    and the cascade from runs to results."""
    url = default_url(tmp_path)
    old = create_engine(url)
    ddl = str(CreateTable(runs).compile(dialect=old.dialect)).replace(
        "one_revision_number_per_folder UNIQUE (period, published_to, revision)",
        "one_revision_number_per_period UNIQUE (period, revision)")
    assert "one_revision_number_per_period" in ddl
    with old.begin() as connection:
        connection.exec_driver_sql(ddl)
        for table in (criterion_results, website_checks, label_results, schema_version):
            table.create(connection)
        for number in range(1, 5):
            connection.execute(schema_version.insert().values(version=number))
        insert_run(connection, record(), 1, result(Status.MET), None, datetime.now(UTC))
    old.dispose()
    engine = open_history(url)
    names = {c["name"] for c in inspect(engine).get_unique_constraints("runs")}
    assert names == {"one_revision_number_per_folder"}
    [run] = all_runs(engine)
    assert run_document(engine, latest_run(engine, "2026-Q3") or {})["clusters"]
    with recording(engine) as connection:
        assert next_revision(connection, "2026-Q3", "/elsewhere/2026-Q3") == 1
        connection.execute(runs.delete().where(runs.c.id == run["id"]))
    with engine.connect() as connection:  # the results went with their run
        assert connection.execute(select(criterion_results)).first() is None
    engine.dispose()


def test_trends_read_only_the_served_folders_runs(engine):
    """A trial run into another folder does not enter the served reports' trends."""
    for folder, status in (("/srv/out/2026-Q3", Status.MET), ("/tmp/try/2026-Q3", Status.NOT_MET)):
        with recording(engine) as connection:
            insert_run(connection, replace(record(), published_to=folder),
                       next_revision(connection, "2026-Q3", folder), result(status), None,
                       datetime.now(UTC))
    served = period_document(engine, "2026-Q3", "/srv/out/2026-Q3")
    assert served is not None and served["clusters"][0]["criteria"][0]["status"] == "met"
    latest = period_document(engine, "2026-Q3")  # any folder: the latest recorded run
    assert latest is not None and latest["clusters"][0]["criteria"][0]["status"] == "not_met"


def test_a_recorded_reason_is_said_in_any_language_and_an_old_run_keeps_its_words(engine):
    """Schema v6 stores each reason's message id and values: any language with a catalogue
    says it again. A run recorded before v6 has only its Finnish and English words."""
    from reports.console import cluster_reasons_report
    from scoring.text import say
    from store.schema import criterion_results

    reason = say("c8_latest_too_old", day=date(2024, 12, 10), count=12)
    criterion = CriterionResult("C8", Status.PARTIALLY_MET, "2024-12-10", say("c8_title"),
                                reason)
    for period in ("2026-Q2", "2026-Q3"):
        with recording(engine) as connection:
            insert_run(connection, record(period), 1,
                       [ClusterResult("kierto", "Kierto", (criterion,))], None,
                       datetime.now(UTC))
    with engine.begin() as connection:  # the older run, as v5 recorded it
        old = all_runs(engine)[0]["id"]
        connection.execute(criterion_results.update()
                           .where(criterion_results.c.run_id == old)
                           .values(reason=None, reason_fi="Vanha syy.", reason_en="Old reason."))
    finnish = cluster_reasons_report(engine, "kierto", "fi").splitlines()
    assert finnish[0] == "2026-Q2 (Versio 1): täyttää kriteerit osittain"
    assert finnish[1].endswith("Vanha syy.")
    assert finnish[3].endswith("Viimeisin arviointi 10.12.2024. Se on yli 12 kuukautta vanha.")
    english = cluster_reasons_report(engine, "kierto", "en")
    assert "Old reason." in english
    assert "The latest evaluation was on 10 December 2024. It is more than 12 months old." \
        in english


def test_a_reason_whose_message_was_renamed_keeps_its_recorded_words(engine):
    from reports.console import cluster_reasons_report
    from store.schema import criterion_results

    with recording(engine) as connection:
        insert_run(connection, record(), 1, result(Status.MET), None, datetime.now(UTC))
    with engine.begin() as connection:  # as a later release that renamed the message sees it
        connection.execute(criterion_results.update().values(
            reason={"id": "no_such_message", "values": {}}, reason_fi="Syy.",
            reason_en="Why."))
    assert cluster_reasons_report(engine, "kierto", "sv").splitlines()[1].endswith("Why.")
    assert cluster_reasons_report(engine, "kierto", "fi").splitlines()[1].endswith("Syy.")
