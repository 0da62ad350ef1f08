"""The history database's tables, and its versioned migrations.

Each migration is a numbered list of steps; `migrate` applies the missing ones in
order inside one transaction each and records the version in `schema_version`. A new
version appends a migration here; existing ones are never edited.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    insert,
    inspect,
    select,
    text,
)

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", DateTime(timezone=True), server_default=func.now()),
)

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("period", String(20), nullable=False),
    Column("as_of", String(10), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("trigger", String(20), nullable=False),  # schedule, manual, replay
    Column("triggered_by", String(200)),
    Column("flow_run_id", String(64)),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=False),
    Column("program_version", String(40), nullable=False),
    Column("config_sha256", String(64), nullable=False),
    Column("configuration", JSON, nullable=False),  # rules and column aliases, for replay
    Column("manifest", JSON, nullable=False),
    Column("clusters", JSON, nullable=False),  # the subset asked for, or all
    Column("language", String(8), nullable=False),
    Column("published_to", Text),
    # pending: recorded, its reports not yet swapped in; done: published and recorded.
    # A pending run is settled by the next run of its period (store/settle.py).
    Column("status", String(10), nullable=False, server_default="done"),
    # Numbered per period and published folder (schema v5): a run into another --out
    # does not take the served reports' next number.
    UniqueConstraint("period", "published_to", "revision", name="one_revision_number_per_folder"),
)

criterion_results = Table(
    "criterion_results", metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("cluster_id", String(100), nullable=False),
    Column("cluster_name", Text, nullable=False),
    Column("verdict", String(20), nullable=False),
    Column("criterion", String(4), nullable=False),
    Column("status", String(20), nullable=False),
    Column("value", Text),
    Column("reason_fi", Text, nullable=False),
    Column("reason_en", Text, nullable=False),
    # The reason as its message id and values (v6), said in any language with a catalogue;
    # an older run has only the Finnish and English words above.
    Column("reason", JSON),
    # When a decision in force set the status (v4): the status measured, and the decision.
    Column("measured_status", String(20)),
    Column("decision", JSON),
)

website_checks = Table(
    "website_checks", metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("cluster_id", String(100), nullable=False),
    Column("checked_at", String(10), nullable=False),
    Column("url", Text),
    Column("outcome", String(40)),
    Column("reachable", String(5)),
    Column("https", String(5)),
    Column("offer_description", String(5)),
    Column("accessibility_failures", Integer),
    Column("accessibility_statement", String(5)),
)


label_results = Table(
    "label_results", metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("cluster_id", String(100), nullable=False),
    Column("eccp_status", String(20), nullable=False),
    Column("label_level", String(10)),
    Column("label_valid_until", String(10)),
    Column("label_validity", String(20), nullable=False),
    Column("gold_share", Text),  # a decimal as text: the same on SQLite and PostgreSQL
)


def _create_v1(connection: Connection) -> None:
    for table in (runs, criterion_results, website_checks):
        table.create(connection)


def _add_run_status_v2(connection: Connection) -> None:
    # A database made by v1 of this module lacks the column; one made since has it.
    if "status" not in {column["name"] for column in inspect(connection).get_columns("runs")}:
        connection.execute(text(
            "ALTER TABLE runs ADD COLUMN status VARCHAR(10) NOT NULL DEFAULT 'done'"))


def _add_label_results_v3(connection: Connection) -> None:
    label_results.create(connection, checkfirst=True)


def _add_decisions_v4(connection: Connection) -> None:
    present = {column["name"] for column in inspect(connection).get_columns("criterion_results")}
    if "measured_status" not in present:
        connection.execute(text(
            "ALTER TABLE criterion_results ADD COLUMN measured_status VARCHAR(20)"))
    if "decision" not in present:
        kind = "JSONB" if connection.dialect.name == "postgresql" else "JSON"
        connection.execute(text(f"ALTER TABLE criterion_results ADD COLUMN decision {kind}"))


def _add_reason_messages_v6(connection: Connection) -> None:
    present = {column["name"] for column in inspect(connection).get_columns("criterion_results")}
    if "reason" not in present:
        kind = "JSONB" if connection.dialect.name == "postgresql" else "JSON"
        connection.execute(text(f"ALTER TABLE criterion_results ADD COLUMN reason {kind}"))


def _revisions_per_folder_v5(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        names = {item["name"] for item in inspect(connection).get_unique_constraints("runs")}
        if "one_revision_number_per_period" in names:
            connection.execute(text(
                "ALTER TABLE runs DROP CONSTRAINT one_revision_number_per_period"))
        if "one_revision_number_per_folder" not in names:
            connection.execute(text(
                "ALTER TABLE runs ADD CONSTRAINT one_revision_number_per_folder "
                "UNIQUE (period, published_to, revision)"))
        return
    # SQLite cannot drop a constraint: the table is rebuilt the way SQLite documents
    # (new table, copy, drop, rename the new one), with foreign keys off meanwhile, so the
    # child tables' references to "runs" end up on the new table.
    old = {item["name"] for item in inspect(connection).get_unique_constraints("runs")}
    if "one_revision_number_per_folder" in old:
        return
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    columns = ", ".join(column.name for column in runs.columns)
    runs.to_metadata(MetaData(), name="runs_v5").create(connection)
    connection.exec_driver_sql(f"INSERT INTO runs_v5 ({columns}) SELECT {columns} FROM runs")
    connection.exec_driver_sql("DROP TABLE runs")
    connection.exec_driver_sql("ALTER TABLE runs_v5 RENAME TO runs")


MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [
    (1, _create_v1),
    (2, _add_run_status_v2),
    (3, _add_label_results_v3),
    (4, _add_decisions_v4),
    (5, _revisions_per_folder_v5),
    (6, _add_reason_messages_v6),
]


def current_version(connection: Connection) -> int:
    schema_version.create(connection, checkfirst=True)
    return int(connection.execute(select(func.coalesce(func.max(schema_version.c.version), 0)))
               .scalar_one())


def migrate(engine: Engine) -> int:
    """Bring the database to the newest version; returns it. On PostgreSQL, processes on
    several machines may open a new database at once: an advisory lock lets one migrate
    while the others wait."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as holder:
            holder = holder.execution_options(isolation_level="AUTOCOMMIT")
            holder.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            try:
                return _migrate(engine)
            finally:
                holder.execute(text("SELECT pg_advisory_unlock(:key)"),
                               {"key": MIGRATION_LOCK})
    return _migrate(engine)


MIGRATION_LOCK = 0x636C7573  # "clus": any number no period lock (store/lock.py) takes


def _migrate(engine: Engine) -> int:
    with engine.begin() as connection:
        version = current_version(connection)
    for number, step in MIGRATIONS:
        if number > version:
            with engine.begin() as connection:
                step(connection)
                connection.execute(insert(schema_version).values(version=number))
            version = number
    if engine.dialect.name == "sqlite":
        engine.dispose()  # no pooled connection keeps a migration's PRAGMA
    return version
