"""What a reader checks against a page must agree with it: every source names its sheet
when its workbook has more than one (evidence, results.json, rejected.csv, the pages), and
an exact duplicate is counted once and worded apart from the rows set aside."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from ingest.configuration import load_column_config, load_rules
from ingest.files import read_input_folder
from reports.history import History
from reports.messages import worded
from reports.views import ReportContext, cluster_view, portfolio_view
from reports.wording import place
from schemas import validate_inputs
from scoring import Period, evaluate_clusters

COLUMNS, RULES = load_column_config(), load_rules()
Q3 = Period(date(2026, 9, 30))


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)


ACTIVITIES = [["cluster_id", "date", "kind", "title", "audience"],
              ["demo", "2026-03-01", "training", "Koulutus", "members"],
              ["demo", "2026-05-01", "event", "Ilta", "members"],
              ["demo", "2026-05-01", "event", "Ilta", "members"],  # an exact copy of row 3
              ["demo", "31.2.2026", "event", "Väärä päivä", "members"]]
DIALOGUE = [["cluster_id", "date", "kind", "companies_involved", "summary"],
            ["demo", "2026-04-01", "needs_survey", 4, "Kysely"]]


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "clusters.csv").write_text(
        "cluster_id;name;website_url\ndemo;Demo;https://demo.example.fi\n", encoding="utf-8")
    return tmp_path


def evaluated(folder: Path):
    validated = validate_inputs(read_input_folder(folder, COLUMNS), COLUMNS)
    results = evaluate_clusters(validated.register, validated.evidence, Q3, RULES,
                                validated.rejected_by_cluster,
                                validated.absent_register_columns, forecast=False)
    return validated, results


def evidence_sources(results, criterion: str) -> list[str]:
    found = next(c for c in results[0].criteria if c.id == criterion)
    return [item.source for item in found.evidence]


def test_a_workbook_of_several_sheets_names_the_sheet_everywhere(folder):
    workbook(folder / "lokit.xlsx", {"activities": ACTIVITIES, "dialogue": DIALOGUE})
    validated, results = evaluated(folder)
    assert "lokit.xlsx sheet activities row 3" in evidence_sources(results, "C4")
    assert "lokit.xlsx sheet dialogue row 2" in evidence_sources(results, "C6")
    assert "lokit.xlsx sheet activities row 3" in [
        item["source"] for item in worded(results[0].as_dict(), "fi")["criteria"][3]["evidence"]]
    assert place("fi", "lokit.xlsx", 2, "dialogue") == "lokit.xlsx, välilehti dialogue, rivi 2"
    assert place("en", "lokit.xlsx", 2, "dialogue", "date") == \
        "lokit.xlsx, sheet dialogue, row 2: date"
    rejected = validated.rejected
    bad = rejected[rejected["column"] == "date"].iloc[0]
    assert (bad["file"], bad["sheet"], bad["row"]) == ("lokit.xlsx", "activities", 5)
    copy = rejected[rejected["column"] == ""].iloc[0]
    assert copy["problem"] == "exact duplicate of lokit.xlsx sheet activities row 3; counted once"


@pytest.mark.parametrize("as_csv", [False, True])
def test_one_sheet_or_a_csv_file_names_no_sheet(folder, as_csv):
    if as_csv:
        (folder / "activities.csv").write_text(
            "\n".join(";".join(str(c) for c in row) for row in ACTIVITIES) + "\n",
            encoding="utf-8")
        name = "activities.csv"
    else:
        workbook(folder / "activities.xlsx", {"activities": ACTIVITIES})
        name = "activities.xlsx"
    validated, results = evaluated(folder)
    assert f"{name} row 3" in evidence_sources(results, "C4")
    assert set(validated.rejected["sheet"]) == {""}


def test_a_duplicate_is_counted_once_and_not_as_set_aside(folder):
    workbook(folder / "lokit.xlsx", {"activities": ACTIVITIES, "dialogue": DIALOGUE})
    validated, results = evaluated(folder)
    ctx = ReportContext(Q3, "fi", "test", History(None, ()))
    assert validated.row_counts["activities"]["rejected"] == 1
    assert validated.row_counts["activities"]["duplicates"] == 1
    portfolio = portfolio_view(ctx, results, validated.row_counts, validated.rejected)
    (row,) = [r for r in portfolio["data_quality_by_cluster"] if r["cluster"] == "demo"]
    assert (row["rows"], row["duplicates"]) == ("1", "1")  # as the per-dataset table says
    own = validated.rejected.drop(columns="cluster_id").to_dict("records")
    page = cluster_view(ctx, results[0], own)
    assert [r["row"] for r in page["rejected"]] == ["5"]
    assert [r["row"] for r in page["duplicates"]] == ["4"]
    assert page["duplicates"][0]["file"] == "lokit.xlsx, välilehti activities"
    assert page["duplicates"][0]["problem"].startswith(
        "täsmälleen sama kuin lokit.xlsx, välilehti activities, rivi 3")
