"""The right of reply: which decision applies on the as-of date, and what stays shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.configuration import load_column_config
from ingest.files import read_input_folder
from reports.messages import say, worded
from schemas import validate_inputs
from scoring.decisions import apply_decisions, decisions_by_cluster
from scoring.model import CriterionResult, Status, verdict_of
from tests.scoring.builders import Q3, frame
from tests.sentences import sentence

MEASURED = tuple(CriterionResult(f"C{n}", Status.MET if n != 7 else Status.NOT_MET, n,
                                 sentence("raja", "threshold"), sentence("syy", "reason"))
                 for n in range(1, 9))


def decision(kind: str = "accepted", status: str | None = "met", decided: str | None =
             "2026-08-01", until: str | None = "2026-12-31", criterion: str = "C7") -> dict:
    return {"cluster_id": "demo", "criterion": criterion, "decision": kind, "status": status,
            "reason": "The check flagged a false positive", "reply_ref": "VASTINE-7",
            "decided_by": "Regional Council", "decided_on": decided, "valid_until": until}


def applied(*rows: dict) -> CriterionResult:
    records = decisions_by_cluster(frame("decisions", list(rows)))["demo"]
    return apply_decisions(MEASURED, records, Q3)[6]


@pytest.mark.parametrize(("rows", "status", "in_force", "others"), [
    ([decision()], Status.MET, True, []),
    ([decision(until="2026-09-30")], Status.MET, True, []),  # valid on its last day
    ([decision(decided="2026-09-30")], Status.MET, True, []),  # from its first day
    ([decision(until="2026-09-29")], Status.NOT_MET, False, ["expired"]),
    ([decision(decided="2026-10-01", until="2027-03-31")], Status.NOT_MET, False, []),  # later
    ([decision("rejected", None)], Status.NOT_MET, False, ["rejected"]),
    ([decision("pending", None, None, None)], Status.NOT_MET, False, ["pending"]),
    ([decision(status="partially_met", decided="2026-07-01"), decision(decided="2026-08-15")],
     Status.MET, True, ["superseded"]),
])
def test_which_decision_applies(rows, status, in_force, others):
    result = applied(*rows)
    assert result.status is status
    assert (result.decision is not None) is in_force
    assert [item["state"] for item in result.other_decisions] == others
    if in_force:
        assert result.measured_status is Status.NOT_MET  # never hidden
        assert worded(result.as_dict(), "en")["measured_status"] == "not_met"
        assert say(result.reason, "en") == "reason" and result.value == 7


def test_the_verdict_follows_the_decided_status():
    before = verdict_of([c.status for c in MEASURED])
    records = decisions_by_cluster(frame("decisions", [decision()]))["demo"]
    after = verdict_of([c.status for c in apply_decisions(MEASURED, records, Q3)])
    assert (before.value, after.value) == ("does_not_meet", "meets")


def test_other_criteria_are_untouched_and_results_json_keeps_its_shape():
    records = decisions_by_cluster(frame("decisions", [decision()]))["demo"]
    result = apply_decisions(MEASURED, records, Q3)
    assert result[0] == MEASURED[0]
    assert "measured_status" not in worded(result[0].as_dict(), "en")


HEADER = ("cluster_id;criterion;decision;status;reason;reply_ref;decided_by;decided_on;"
          "valid_until\n")


@pytest.mark.parametrize(("row", "column", "problem"), [
    ("a;C7;accepted;;Why;;;1.8.2026;31.12.2026", "status", "an accepted decision needs"),
    ("a;C7;accepted;met;Why;;;1.8.2026;", "valid_until", "an accepted decision needs"),
    ("a;C7;rejected;;Why;;;;", "decided_on", "decided_on is required"),
    ("a;C7;accepted;met;Why;;;1.8.2026;1.9.2027", "valid_until", "more than 12 months"),
    ("a;C7;accepted;met;Why;;;1.8.2026;1.7.2026", "valid_until", "before decided_on"),
    ("a;C9;accepted;met;Why;;;1.8.2026;31.12.2026", "criterion", "not one of"),
    ("a;C7;maybe;;Why;;;1.8.2026;", "decision", "not one of"),
    ("a;C7;rejected;;;;;1.8.2026;", "reason", "required value is missing"),
])
def test_rows_that_break_the_rules_are_set_aside(tmp_path: Path, row, column, problem):
    columns = load_column_config()
    (tmp_path / "clusters.csv").write_text("cluster_id;name\na;A\n", encoding="utf-8")
    (tmp_path / "decisions.csv").write_text(
        HEADER + row + "\na;C7;hyväksytty;täyttyy;Hyvä;V-1;Liitto;1.8.2026;31.12.2026\n",
        encoding="utf-8")
    validated = validate_inputs(read_input_folder(tmp_path, columns), columns, 12)
    problems = [(r.row, r.column) for r in validated.rejected.itertuples()
                if problem in r.problem]
    assert problems == [(2, column)]
    kept = validated.tables["decisions"]
    assert list(kept["decision"]) == ["accepted"] and list(kept["status"]) == ["met"]
