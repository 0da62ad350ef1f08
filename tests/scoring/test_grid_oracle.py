"""The oracle: on every day of the 730 after the as-of date, each criterion's status judged
on the grid (measure and judge for all days at once, decisions applied) equals a plain
evaluation of that one day; and the holding dates and verdict drops the forecast reads off
the grid are the first days a plain evaluation shows a lower status. On the sample and on
a synthetic folder."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from benchmarks.synth import main as synthesise
from config import SAMPLE_DATA_DIR
from ingest.configuration import load_column_config, load_rules
from ingest.files import read_input_folder
from schemas import validate_inputs
from scoring import Period, evaluate_clusters
from scoring.forecast import STATUS_RANK, VERDICT_RANK
from scoring.grid import STATUS_OF_RANK, Grid, Inputs
from scoring.judged import statuses_on

COLUMNS, RULES = load_column_config(), load_rules()
DAYS = 730


def folder_of(kind: str, tmp_path_factory) -> Path:
    if kind == "sample":
        return SAMPLE_DATA_DIR
    folder = tmp_path_factory.mktemp("synth")
    synthesise(["--clusters", "4", "--out", str(folder)])
    return folder


@pytest.fixture(scope="module", params=[("sample", date(2026, 9, 30)),
                                        ("synthetic", date(2026, 9, 30))],
                ids=["sample", "synthetic"])
def plain(request, tmp_path_factory):
    """The folder evaluated plainly on its as-of date and on each of the next DAYS days."""
    kind, as_of = request.param
    validated = validate_inputs(read_input_folder(folder_of(kind, tmp_path_factory),
                                                  COLUMNS), COLUMNS)

    def evaluate(day: date, forecast: bool):
        return evaluate_clusters(validated.register, validated.evidence, Period(day), RULES,
                                 validated.rejected_by_cluster,
                                 validated.absent_register_columns, forecast=forecast)

    days = [as_of + timedelta(days=n) for n in range(1, DAYS + 1)]
    return validated, evaluate(as_of, True), days, [evaluate(day, False) for day in days]


def test_the_grid_equals_a_plain_evaluation_on_every_day(plain):
    validated, now, days, later = plain
    inputs = Inputs(validated.register, validated.evidence, validated.rejected_by_cluster,
                    validated.absent_register_columns)
    clusters = [result.cluster_id for result in now]
    found = statuses_on(inputs, Grid.of(inputs, clusters, days), RULES)
    differ = [(day, result.cluster_id, criterion.id)
              for n, day in enumerate(days) for k, result in enumerate(later[n])
              for criterion in result.criteria
              if STATUS_OF_RANK[int(found[criterion.id][k * len(days) + n])]
              is not criterion.status]
    assert differ == []


def test_holds_are_the_first_days_a_plain_evaluation_is_lower(plain):
    _, now, days, later = plain
    first: dict[tuple[str, str], tuple[date, str]] = {}
    for day, results in zip(days, later, strict=True):
        for before, after in zip(now, results, strict=True):
            for a, b in zip(before.criteria, after.criteria, strict=True):
                if STATUS_RANK[b.status] < STATUS_RANK[a.status]:
                    first.setdefault((before.cluster_id, a.id), (day, b.status.value))
            if VERDICT_RANK[after.verdict] < VERDICT_RANK[before.verdict]:
                first.setdefault((before.cluster_id, "verdict"), (day, after.verdict.value))
    seen = 0
    for result in now:
        holds = {c.id: (c.holds_until, c.drops_to.value if c.drops_to else None)
                 for c in result.criteria}
        holds["verdict"] = (result.verdict_holds_until, result.verdict_drops_to.value
                            if result.verdict_drops_to else None)
        for key, (until, drops_to) in holds.items():
            found = first.get((result.cluster_id, key))
            if until is not None and until < days[-1]:
                assert found == (until + timedelta(days=1), drops_to), (result.cluster_id, key)
                seen += 1
            else:
                assert found is None, (result.cluster_id, key, found)
    assert seen >= 8


def test_the_grid_equals_an_independent_reading_of_the_rules_on_every_day(plain):
    """Not circular: tests/scoring/reference_rules.py reads the criteria from the README
    in plain Python, sharing no code with measure and judge."""
    from tests.scoring.reference_rules import Reference

    validated, now, days, _ = plain
    inputs = Inputs(validated.register, validated.evidence, validated.rejected_by_cluster,
                    validated.absent_register_columns)
    clusters = [result.cluster_id for result in now]
    found = statuses_on(inputs, Grid.of(inputs, clusters, days), RULES)
    reference = Reference(validated, RULES)
    registers = {str(row["cluster_id"]): row for row in validated.register.astype(object)
                 .where(validated.register.notna(), None).to_dict("records")}
    differ = []
    for k, cluster in enumerate(clusters):
        for n, day in enumerate(days):
            expected = reference.statuses(registers[cluster], day)
            for criterion, status in expected.items():
                judged = STATUS_OF_RANK[int(found[criterion][k * len(days) + n])].value
                if judged != status:
                    differ.append((day, cluster, criterion, judged, status))
    assert differ[:5] == []
