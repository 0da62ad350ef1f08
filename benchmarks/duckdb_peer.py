"""Benchmark (issue 20, b): the evaluation without pages against an analyst's DuckDB script
that computes the eight statuses from the same folder. Prints its figures; not a test.

    make bench-duckdb                (installs benchmarks/requirements.txt, then runs this)
    .venv/bin/python benchmarks/duckdb_peer.py [--clusters 1000] [--runs 3]

The peer is what an analyst would write in an afternoon: the synthetic folder's Finnish
headers and codes, the default thresholds, no validation, no evidence, no forecast, no
pages. clustereval's side is ingest, validation, scoring with the forecast, and
results.json and results.csv (no HTML). Side by side, alternating, median of `--runs`;
then how many of the generator's planted statuses (expected.json) each one gets right.
DuckDB is installed for this benchmark alone, not as a dependency of the product.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synth import benchmark_folder

AS_OF = "2026-09-30"
# The peer's SQL: one statement a criterion, the thresholds of config/criteria.yaml typed
# in, as an analyst would.
PEER_SQL = """
CREATE OR REPLACE MACRO day(x) AS try_strptime(nullif(trim(x), ''), '%d.%m.%Y')::DATE;
CREATE OR REPLACE TABLE clusters AS SELECT * FROM read_csv('{d}/clusters.csv', delim=';',
    header=true, all_varchar=true);
CREATE OR REPLACE TABLE agreements AS SELECT * FROM read_csv('{d}/agreements.csv',
    delim=';', header=true, all_varchar=true);
CREATE OR REPLACE TABLE activities AS SELECT * FROM read_csv('{d}/activities.csv',
    delim=';', header=true, all_varchar=true);
CREATE OR REPLACE TABLE dialogue AS SELECT * FROM read_csv('{d}/dialogue.csv', delim=';',
    header=true, all_varchar=true);
CREATE OR REPLACE TABLE evaluations AS SELECT * FROM read_csv('{d}/evaluations.csv',
    delim=';', header=true, all_varchar=true);
CREATE OR REPLACE TABLE checks AS SELECT * FROM read_csv('{d}/website_checks.csv',
    delim=';', header=true, all_varchar=true);
CREATE OR REPLACE TABLE statuses AS
WITH params AS (SELECT DATE '{as_of}' AS d, DATE '{as_of}' - INTERVAL 12 MONTH
                + INTERVAL 1 DAY AS w),
c1 AS (
  SELECT klusteri, count(DISTINCT coalesce(nullif("y-tunnus", ''), lower(jäsen))) AS n
  FROM agreements, params
  WHERE toimijatyyppi = 'yritys' AND sopimustyyppi IN ('jäsensopimus', 'yhteistyösopimus')
    AND day(allekirjoitettu) <= d AND coalesce(näyttö, '') <> ''
    AND (day("voimassa asti") IS NULL OR day("voimassa asti") >= d)
  GROUP BY klusteri),
c4 AS (
  SELECT klusteri, count(*) AS n FROM activities, params
  WHERE kohderyhmä IN ('jäsenet', 'sekä') AND day(päivämäärä) BETWEEN w AND d
  GROUP BY klusteri),
c5 AS (
  SELECT klusteri, count(*) AS n FROM dialogue, params
  WHERE laji IN ('tarvekysely', 'haastattelu', 'työpaja', 'palaute')
    AND try_cast("yrityksiä mukana" AS INTEGER) >= 1 AND day(päivämäärä) BETWEEN w AND d
  GROUP BY klusteri),
contacts AS (
  SELECT klusteri, day(päivämäärä) AS t FROM dialogue
  WHERE try_cast("yrityksiä mukana" AS INTEGER) >= 1
  UNION ALL
  SELECT klusteri, day(päivämäärä) FROM activities WHERE try_cast(yrityksiä AS INTEGER) >= 1),
c6 AS (
  SELECT klusteri, count(DISTINCT quarter(t) + 10 * year(t)) AS n FROM contacts, params
  WHERE t BETWEEN w AND d GROUP BY klusteri),
latest_check AS (
  SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY cluster_id
                 ORDER BY checked_at::DATE DESC) AS k
                 FROM checks, params WHERE try_cast(checked_at AS DATE) BETWEEN d - 92 AND d)
  WHERE k = 1),
c8 AS (
  SELECT klusteri, max(day(päivämäärä)) AS latest FROM evaluations, params
  WHERE day(päivämäärä) <= d GROUP BY klusteri)
SELECT r.klusteri AS cluster_id,
  CASE WHEN coalesce(c1.n, 0) >= 5 THEN 'met' WHEN c1.n >= 1 THEN 'partially_met'
       ELSE 'not_met' END AS C1,
  CASE WHEN coalesce(trim(r.vetäjä), '') = '' OR lower(trim(r.vetäjä)) IN ('avoin', '-', '?',
       'tbd', 'vacant', 'open', 'ei nimetty', 'puuttuu') THEN 'not_met' ELSE 'met' END AS C2,
  CASE (CASE WHEN coalesce(r.strategia, '') <> '' AND day(r."strategia hyväksytty") <= p.d
             THEN 1 ELSE 0 END
      + CASE WHEN coalesce(r.toimeenpanosuunnitelma, '') <> ''
             AND day(r."suunnitelma hyväksytty") <= p.d
             AND (day(r."suunnitelma voimassa") IS NULL OR day(r."suunnitelma voimassa") >= p.d)
             THEN 1 ELSE 0 END)
    WHEN 2 THEN 'met' WHEN 1 THEN 'partially_met' ELSE 'not_met' END AS C3,
  CASE WHEN coalesce(c4.n, 0) >= 2 THEN 'met' WHEN c4.n >= 1 THEN 'partially_met'
       ELSE 'not_met' END AS C4,
  CASE (CASE WHEN coalesce(c5.n, 0) > 0 THEN 1 ELSE 0 END
      + CASE WHEN try_cast(r."yrityksiä ohjausryhmässä" AS INTEGER) >= 1 THEN 1 ELSE 0 END)
    WHEN 2 THEN 'met' WHEN 1 THEN 'partially_met' ELSE 'not_met' END AS C5,
  CASE WHEN coalesce(c6.n, 0) >= 3 THEN 'met' WHEN c6.n >= 1 THEN 'partially_met'
       ELSE 'not_met' END AS C6,
  CASE WHEN coalesce(r.verkkosivusto, '') = '' THEN 'not_met'
       WHEN ch.cluster_id IS NULL THEN 'insufficient_data'
       WHEN ch.reachable <> 'true' THEN 'not_met'
       WHEN ch.https = 'true' AND ch.offer_description = 'true'
            AND ch.accessibility_failures = '0' AND ch.accessibility_statement = 'true'
            THEN 'met'
       ELSE 'partially_met' END AS C7,
  CASE WHEN c8.latest IS NULL THEN 'not_met'
       WHEN c8.latest >= p.w THEN 'met'
       WHEN c8.latest >= p.w - INTERVAL 12 MONTH THEN 'partially_met'
       ELSE 'not_met' END AS C8
FROM clusters r CROSS JOIN params p
LEFT JOIN c1 USING (klusteri) LEFT JOIN c4 USING (klusteri) LEFT JOIN c5 USING (klusteri)
LEFT JOIN c6 USING (klusteri) LEFT JOIN c8 USING (klusteri)
LEFT JOIN latest_check ch ON ch.cluster_id = r.klusteri;
"""


def peer(folder: Path) -> dict[str, dict[str, str]]:
    import duckdb

    connection = duckdb.connect()
    connection.execute(PEER_SQL.format(d=folder, as_of=AS_OF))
    rows = connection.execute("SELECT * FROM statuses").fetchall()
    names = [column[0] for column in connection.description]
    return {row[0]: dict(zip(names[1:], row[1:], strict=True)) for row in rows}


def clustereval(folder: Path, out: Path) -> dict[str, dict[str, str]]:
    from ingest.configuration import load_column_config, load_rules
    from ingest.files import read_input_folder
    from reports.writers import results_document, write_json, write_results_csv
    from schemas import validate_inputs
    from scoring import Period, evaluate_clusters

    columns, rules, period = load_column_config(), load_rules(), Period.from_quarter("2026Q3")
    validated = validate_inputs(read_input_folder(folder, columns), columns)
    results = evaluate_clusters(validated.register, validated.evidence, period, rules,
                                validated.rejected_by_cluster,
                                validated.absent_register_columns)
    write_json(out / "results.json", results_document(period, "fi", results))
    write_results_csv(out / "results.csv", period, "fi", results)
    return {r.cluster_id: {c.id: c.status.value for c in r.criteria} for r in results}


def right(found: dict[str, dict[str, str]], planted: dict[str, dict[str, str]]) -> str:
    total = sum(len(statuses) for statuses in planted.values())
    hits = sum(found.get(cluster, {}).get(criterion) == status
               for cluster, statuses in planted.items()
               for criterion, status in statuses.items())
    return f"{hits:,} of {total:,}"


def main() -> None:
    args, folder = benchmark_folder(__doc__ or "", 1000)
    out = args.work / "duckdb-peer-out"
    out.mkdir(parents=True, exist_ok=True)
    times: dict[str, list[float]] = {"clustereval": [], "duckdb": []}
    found: dict[str, dict[str, dict[str, str]]] = {}
    for _ in range(args.runs):
        for name, run in (("clustereval", lambda: clustereval(folder, out)),
                          ("duckdb", lambda: peer(folder))):
            started = time.perf_counter()
            found[name] = run()
            times[name].append(time.perf_counter() - started)
    ours, theirs = (statistics.median(times[name]) for name in ("clustereval", "duckdb"))
    planted = json.loads((folder / "expected.json").read_text(encoding="utf-8"))["statuses"]
    print(f"{args.clusters} clusters, median of {args.runs}:")
    each = {name: [round(t, 2) for t in found_times] for name, found_times in times.items()}
    print(f"  clustereval without pages  {ours:7.2f} s   {each['clustereval']}")
    print(f"  DuckDB peer                {theirs:7.2f} s   {each['duckdb']}")
    print(f"  ratio                      {ours / theirs:7.1f}   (target <= 5)")
    print(f"  planted statuses right: clustereval {right(found['clustereval'], planted)}, "
          f"DuckDB peer {right(found['duckdb'], planted)}")


if __name__ == "__main__":
    main()
