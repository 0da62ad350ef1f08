"""Thresholds say the partly-met range as a reader writes it ("osittain, kun niitä on
1–4"), not "(osittain: 1)" that leaves the reader to work out the range."""

from __future__ import annotations

from config import SAMPLE_DATA_DIR
from ingest.configuration import load_column_config, load_rules
from ingest.files import read_input_folder
from reports.messages import say
from schemas import validate_inputs
from scoring import Period, evaluate_clusters
from scoring.text import span


def test_a_span_is_a_range_or_one_number():
    assert span(1, 4) == "1–4" and span(4, 4) == "4" and span(1, 1) == "1"


def test_no_threshold_of_the_sample_leaves_the_partly_range_to_the_reader():
    from datetime import date

    columns, rules = load_column_config(), load_rules()
    validated = validate_inputs(read_input_folder(SAMPLE_DATA_DIR, columns), columns,
                                rules.decisions.max_validity_months)
    results = evaluate_clusters(validated.register, validated.evidence,
                                Period(date(2026, 9, 30)), rules, forecast=False)
    thresholds = {say(c.threshold, "fi") for r in results for c in r.criteria} | {
        say(c.threshold, "en") for r in results for c in r.criteria}
    assert not [t for t in thresholds if "(osittain:" in t or "(partly:" in t]
    assert "vähintään 5 todennettua yritystä; osittain, kun niitä on 1–4" in thresholds
