"""A ninth criterion is one declaration: registered beside the eight, it is judged on the
grid, explained, forecast, counted ("n/9"), charted and shown as a column of the
portfolio, with no other change. The dummy: "at least one steering group meeting in the
window", measured and judged like any other."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pytest

import scoring.criteria as registry
from config import SAMPLE_DATA_DIR
from ingest.configuration import load_column_config, load_rules
from ingest.files import read_input_folder
from reports.history import History
from reports.writers import results_document, write_html
from schemas import validate_inputs
from scoring import Period, evaluate_clusters
from scoring.context import ClusterContext
from scoring.criterion import Criterion
from scoring.grid import DatedRows, Grid, Inputs, per_cluster, statuses
from scoring.model import CriterionResult, Status
from tests.sentences import sentence

TITLE = sentence(fi="Ohjausryhmä kokoontuu", en="The steering group meets")
THRESHOLD = sentence(fi="vähintään 1 kokous 12 kuukaudessa", en="at least 1 meeting in 12 months")


def measure(inputs: Inputs, grid: Grid, rules: Any) -> pd.DataFrame:
    rows = inputs.datasets.get("dialogue")
    meetings = None if rows is None else (rows["kind"] == "steering_group").to_numpy(bool)
    dated = DatedRows(inputs, rows, "date", meetings)
    return pd.DataFrame({
        "unavailable": per_cluster(inputs.unavailable("dialogue"), grid),
        "meetings": dated.count_between(grid, grid.months_back(12), grid.days)})


def judge(measured: pd.DataFrame, rules: Any) -> np.ndarray:
    return statuses([(measured["unavailable"].to_numpy(), Status.INSUFFICIENT_DATA),
                     (measured["meetings"].to_numpy() >= 1, Status.MET)], Status.NOT_MET)


def explain(ctx: ClusterContext, rules: Any, status: Status | None = None) -> CriterionResult:
    assert status is not None  # the engine judges every cluster and passes it
    return CriterionResult("C9", status, None, THRESHOLD,
                           sentence(fi="Ohjausryhmän kokoukset laskettu.",
                                en="Steering group meetings counted."))


NINTH = Criterion("C9", TITLE, explain, "c3_strategy_and_plan", reads=("dialogue",),
                  measure=measure, judge=judge)


@pytest.fixture
def nine(monkeypatch):
    monkeypatch.setattr(registry, "CRITERIA", (*registry.CRITERIA, NINTH))


def test_the_sample_is_evaluated_with_a_ninth_criterion(nine, tmp_path):
    columns, rules = load_column_config(), load_rules()
    validated = validate_inputs(read_input_folder(SAMPLE_DATA_DIR, columns), columns)
    period = Period(date(2026, 9, 30))
    results = evaluate_clusters(validated.register, validated.evidence, period, rules,
                                validated.rejected_by_cluster,
                                validated.absent_register_columns)
    assert all([c.id for c in r.criteria] == [*(f"C{n}" for n in range(1, 10))]
               for r in results)
    ninth = {r.cluster_id: next(c for c in r.criteria if c.id == "C9") for r in results}
    assert {c.status for c in ninth.values()} <= set(Status)
    assert Status.MET in {c.status for c in ninth.values()}  # the sample has such meetings
    # The forecast reads it too: a met C9 whose meeting ages out has a date.
    assert any(c.holds_until is not None for c in ninth.values() if c.status is Status.MET)
    document = results_document(period, "fi", results)
    assert all(len(cluster["criteria"]) == 9 for cluster in document["clusters"])
    written = write_html(tmp_path, period, "fi", results, validated.rejected,
                         validated.row_counts, History(None, ()), "test", pdf=False)
    index = next(page for page in written if page.name == "index.html").read_text("utf-8")
    # no short name declared: the header names it by its title
    assert '<th scope="col">C9 Ohjausryhmä kokoontuu</th>' in index
    page = next(page for page in written if page.name.startswith("cluster-"))
    assert "/9 kriteeristä täyttyy" in page.read_text("utf-8")


def test_without_it_there_are_eight():
    assert len(registry.TITLES) == 8 and "C9" not in registry.TITLES
