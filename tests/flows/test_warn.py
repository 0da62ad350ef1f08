"""`clustereval warn`: the criteria lower at the next quarterly evaluation than on the
date, and no others; sent once per cluster, criterion and date to a real SMTP server on
127.0.0.1."""

from __future__ import annotations

import json
from datetime import date

import yaml

from config import SAMPLE_DATA_DIR
from ingest.configuration import load_column_config, load_rules
from ingest.files import read_input_folder
from schemas import validate_inputs
from scoring import Period, Status, evaluate_clusters
from scoring.forecast import STATUS_RANK
from tests.flows.test_cli import run
from tests.smtp import SmtpServer


def lower_at_quarter_end() -> set[tuple[str, str]]:
    """Worked out without the warnings' code: two plain evaluations compared."""
    columns, rules = load_column_config(), load_rules()
    inputs = validate_inputs(read_input_folder(SAMPLE_DATA_DIR, columns), columns,
                             rules.decisions.max_validity_months)
    datasets = {name: inputs.dataset(name) for name in inputs.tables if name != "clusters"}

    def at(day: str) -> dict[tuple[str, str], int]:
        results = evaluate_clusters(inputs.register, datasets, Period(date.fromisoformat(day)),
                                    rules, inputs.rejected_by_cluster,
                                    inputs.absent_register_columns, forecast=False)
        return {(r.cluster_id, c.id): STATUS_RANK[c.status] for r in results for c in r.criteria}

    now, later = at("2026-11-15"), at("2026-12-31")
    # Only a status a cluster can lose (met, partially met) is a deadline.
    return {key for key, rank in now.items()
            if later[key] < rank and rank >= STATUS_RANK[Status.PARTIALLY_MET]}


def test_warn_lists_what_falls_by_the_quarter_end_and_sends_it_once(capfd, tmp_path):
    out = tmp_path / "out"
    with SmtpServer() as smtp:
        config = tmp_path / "delivery.yaml"
        config.write_text(yaml.safe_dump({
            "smtp": {"port": smtp.port, "security": "none", "attempts": 1},
            "cluster_recipients": {"kiertotalous": ["leader@example.invalid"],
                                   "arktinen-muotoilu": ["design@example.invalid"]},
            "recipient_languages": {"design@example.invalid": "en"},
        }), encoding="utf-8")
        args = ["warn", "--as-of", "2026-11-15", "--out", str(out), "--delivery", str(config)]
        code, printed, _ = run(capfd, *args, "--dry-run")
        assert code == 0 and "Would send to leader@example.invalid: " in printed
        assert "()" not in printed and "|" not in printed
        assert smtp.inbox.messages == []
        code, printed, _ = run(capfd, *args, "--send")
        assert code == 0 and "Sent 2 e-mails." in printed
        code, printed, _ = run(capfd, *args, "--send")
        assert code == 0 and "e-mails." not in printed and "Not sent again" in printed
    document = json.loads((out / "warnings" / "2026-11-15" / "warnings.json")
                          .read_text(encoding="utf-8"))
    assert (document["as_of"], document["next_evaluation"]) == ("2026-11-15", "2026-12-31")
    found = {(w["cluster_id"], w["criterion"]) for w in document["warnings"]}
    assert found == lower_at_quarter_end() and found
    kierto = next(w for w in document["warnings"] if w["cluster_id"] == "kiertotalous")
    assert (kierto["criterion"], kierto["status_now"], kierto["drops_on"], kierto["drops_to"]) \
        == ("C7", "met", "2026-12-17", "insufficient_data")
    # The region's scheduled website check on 1 December comes before the drop.
    assert "1.12.2026" in kierto["next_step_fi"] and "1 December 2026" in kierto["next_step_en"]
    received = {rcpt[0]: message for rcpt, message in smtp.inbox.messages}
    assert len(smtp.inbox.messages) == 2
    finnish = received["leader@example.invalid"].get_body().get_content()
    english = received["design@example.invalid"].get_body().get_content()
    assert "C7" in finnish and "uusii tuloksen" in finnish
    assert "renews the result" in english and "before 10 December 2026" in english
    # Nothing published, nothing recorded: the output folder holds only the warnings.
    assert sorted(path.name for path in out.iterdir()) == [".warnings-log.json", "warnings"]


def test_warn_bad_date_exits_2(capfd, tmp_path):
    code, _, err = run(capfd, "warn", "--as-of", "2026-13-01", "--out", str(tmp_path))
    assert code == 2 and "not a date" in err


def test_one_warning_is_said_in_the_singular():
    from reports.warnings import summary

    one = {"as_of": "2026-11-15", "next_evaluation": "2026-12-31", "warnings": [
        {"drops_on": "2026-12-17", "cluster_id": "a", "criterion": "C7", "status_now": "met",
         "falls_to": "insufficient_data", "drops_to": "insufficient_data"}]}
    assert summary(one).startswith("1 criterion will be lower")
    assert summary({**one, "warnings": []}).startswith("0 criteria")


def test_the_console_summary_words_statuses_and_dates_in_the_language_asked_for():
    from reports.warnings import summary

    one = {"as_of": "2026-11-15", "next_evaluation": "2026-12-31", "warnings": [
        {"drops_on": "2026-12-10", "cluster_id": "a", "criterion": "C4",
         "status_now": "partially_met", "falls_to": "not_met", "drops_to": "not_met"}]}
    finnish = summary(one, "fi")
    assert "partially_met" not in finnish and "not_met" not in finnish
    assert "10.12.2026        a " in finnish and "täyttyy osittain -> ei täyty" in finnish
    assert "31.12.2026" in finnish.splitlines()[0]
    assert "partially met -> not met" in summary(one, "en")
