"""Reports: escaping, spreadsheet safety, atomic publishing."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from reports.history import History
from reports.pdf import pdf_copies, pdf_unavailable
from reports.publish import publish_atomically, recover
from reports.writers import (
    results_document,
    spreadsheet_safe,
    write_html,
    write_rejected_csv,
    write_results_csv,
)
from schemas.problems import problem
from schemas.validate import REJECTED_COLUMNS
from scoring.model import ClusterResult, CriterionResult, Evidence, Status
from scoring.period import Period
from tests.sentences import sentence

Q3 = Period.from_quarter("2026Q3")
BAD = problem("bad_format")
EVIL = "<script>alert(1)</script>"


def result(name: str = EVIL, cluster_id: str = "evil") -> ClusterResult:
    criterion = CriterionResult(
        id="C1", status=Status.NOT_MET, value="=HYPERLINK(\"x\")", threshold=sentence("a", "b"),
        reason=sentence(fi=f"syy {EVIL}", en=f"reason {EVIL}"),
        evidence=(Evidence("agreements.csv", 2, facts=(f"{EVIL} Oy",)),),
        next_step=sentence("tee", "do"),
    )
    return ClusterResult(cluster_id=cluster_id, name=name, criteria=(criterion,))


def rejected() -> pd.DataFrame:
    return pd.DataFrame(
        [["agreements", "a.csv", "", 3, "evil", "member_name", "=1+1", BAD.english, BAD.code]],
        columns=REJECTED_COLUMNS,
    )


def test_inputs_are_escaped_in_html(tmp_path):
    write_html(tmp_path, Q3, "fi", [result()], rejected(),
               {"agreements": {"read": 1, "valid": 0, "rejected": 1, "duplicates": 0}},
               History(None, ()), "0")
    for page in ("index.html", "cluster-evil.html"):
        html = (tmp_path / page).read_text(encoding="utf-8")
        assert "<script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("cell", "safe"),
    [("=1+1", "'=1+1"), ("+358 40", "'+358 40"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
     ("plain", "plain"), (5, 5)],
)
def test_spreadsheet_safe(cell, safe):
    assert spreadsheet_safe(cell) == safe


def test_csv_outputs_neutralise_formulas(tmp_path):
    write_results_csv(tmp_path / "results.csv", Q3, "en", [result()])
    write_rejected_csv(tmp_path / "rejected.csv", rejected())
    assert read_csv(tmp_path / "results.csv")[0]["value"].startswith("'=")
    assert read_csv(tmp_path / "rejected.csv")[0]["value"] == "'=1+1"


def read_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(text.splitlines()))


def test_results_document_summary_counts():
    document = results_document(Q3, "en", [result(), result("Other", "other")])
    assert document["summary"] == {
        "clusters": 2, "verdicts": {"does_not_meet": 2}, "statuses": {"not_met": 2},
    }
    criterion = document["clusters"][0]["criteria"][0]
    assert (criterion["reason"], criterion["reason_fi"]) == (f"reason {EVIL}", f"syy {EVIL}")


def test_publish_replaces_the_folder_whole(tmp_path):
    publish_atomically(tmp_path, "2026-Q3", lambda f: (f / "a.txt").write_text("old"))
    publish_atomically(tmp_path, "2026-Q3", lambda f: (f / "b.txt").write_text("new"))
    assert [p.name for p in (tmp_path / "2026-Q3").iterdir()] == ["b.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["2026-Q3"]


def test_failed_build_leaves_previous_reports(tmp_path):
    publish_atomically(tmp_path, "2026-Q3", lambda f: (f / "a.txt").write_text("old"))

    def broken(folder: Path) -> None:
        (folder / "half.txt").write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        publish_atomically(tmp_path, "2026-Q3", broken)
    assert (tmp_path / "2026-Q3" / "a.txt").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["2026-Q3"]


def test_recover_finishes_an_interrupted_swap(tmp_path):
    previous = tmp_path / ".2026-Q3.previous"
    previous.mkdir()
    (previous / "a.txt").write_text("old")
    recover(tmp_path, "2026-Q3")
    assert (tmp_path / "2026-Q3" / "a.txt").read_text() == "old"


def test_a_killed_runs_staging_folder_is_cleaned_by_the_next_publish(tmp_path):
    leftover = tmp_path / ".2026-Q3.staging-abc123"
    leftover.mkdir()
    (leftover / "half.html").write_text("half")
    publish_atomically(tmp_path, "2026-Q3", lambda f: (f / "a.txt").write_text("new"))
    assert [p.name for p in tmp_path.iterdir()] == ["2026-Q3"]


@pytest.mark.skipif(pdf_unavailable() is not None, reason=str(pdf_unavailable()))
def test_pdf_copies_of_pages_given_as_contents_keep_their_folders():
    page = b'<!DOCTYPE html><html lang="fi"><head><title>T</title></head><body><h1>Hei</h1>'
    copies = pdf_copies({"index.html": page, "en/index.html": page.replace(b"fi", b"en")})
    assert sorted(copies) == ["en/index.pdf", "index.pdf"]
    assert all(content.startswith(b"%PDF") for content in copies.values())


def test_labels_csv_has_a_row_per_requirement_and_the_label(tmp_path):
    import csv

    from config import SAMPLE_DATA_DIR
    from ingest.configuration import load_column_config, load_rules
    from ingest.files import read_input_folder
    from reports.writers import write_labels_csv
    from schemas import validate_inputs
    from scoring import Period, evaluate_clusters

    columns, rules, period = load_column_config(), load_rules(), Period.from_quarter("2026Q3")
    validated = validate_inputs(read_input_folder(SAMPLE_DATA_DIR, columns), columns)
    results = evaluate_clusters(validated.register, {n: validated.dataset(n) for n in
                                                     validated.tables if n != "clusters"},
                                period, rules, rejected=validated.rejected_by_cluster,
                                absent_register_columns=validated.absent_register_columns)
    write_labels_csv(tmp_path / "labels.csv", period, "en", results)
    rows = list(csv.DictReader((tmp_path / "labels.csv").read_text(encoding="utf-8-sig")
                               .splitlines()))
    circular = [row for row in rows if row["cluster_id"] == "kiertotalous"]
    assert [row["item"] for row in circular] == [
        "eccp", "eccp_fte", "eccp_members", "eccp_member_types", "eccp_company_majority",
        "eccp_english_site", "eccp_activities", "label"]
    assert circular[-1]["status"] == "valid" and circular[-1]["value"] == "silver"
    assert circular[2]["status"] == "not_met" and circular[2]["value"] == "8"


def test_the_label_shows_by_quarter_in_the_cluster_report(tmp_path):
    """Label expiry joins the trend: the validity of each quarter that recorded it."""
    from reports.history import History, Snapshot, label_trend

    def quarter(label: str, validity: str, until: str) -> Snapshot:
        return Snapshot.from_document({"period": label, "clusters": [{
            "cluster_id": "kierto", "name": "Kierto", "verdict": "meets", "criteria": [],
            "labels": {"label": {"level": "silver", "validity": validity,
                                 "valid_until": until}}}]})

    history = History(None, (quarter("2026-Q2", "valid", "2027-03-31"),
                             quarter("2026-Q3", "expires_soon", "2027-03-31")))
    assert label_trend(history, "kierto") == [
        ("2026-Q2", ("valid", "silver", "2027-03-31")),
        ("2026-Q3", ("expires_soon", "silver", "2027-03-31"))]
    assert label_trend(history, "other") == []
