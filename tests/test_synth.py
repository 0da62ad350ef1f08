"""The synthetic generator (benchmarks/synth.py): valid apart from its planted bad rows,
and its planted statuses come out of the evaluation."""

from __future__ import annotations

import json

from benchmarks.synth import generate
from ingest.configuration import load_column_config, load_rules
from ingest.files import read_input_folder
from schemas import validate_inputs
from scoring import Period, evaluate_clusters


def test_generated_folder_evaluates_to_its_planted_statuses(tmp_path):
    expected = generate(8, tmp_path)
    planted = json.loads((tmp_path / "expected.json").read_text(encoding="utf-8"))
    columns = load_column_config()
    validated = validate_inputs(read_input_folder(tmp_path, columns), columns)
    assert len(validated.rejected.drop_duplicates(["dataset", "row"])) == \
        planted["planted_bad_rows"]
    assert set(validated.rejected["problem"].str[:20]) <= {
        "not a valid Finnish ", "not a date (write 31", "cluster_id is not in"}
    results = evaluate_clusters(
        validated.register, {k: v for k, v in validated.tables.items() if k != "clusters"},
        Period.from_quarter("2026Q3"), load_rules(), validated.rejected_by_cluster,
        validated.absent_register_columns)
    for result in results:
        got = {c.id: c.status.value for c in result.criteria}
        for criterion, status in expected[result.cluster_id].items():
            assert got[criterion] == status, (result.cluster_id, criterion)
    assert {len(expected[r.cluster_id]) for r in results} >= {2, 6, 7, 8}
