"""The row-level difference between two input folders: rows added, removed and changed
(with their cells) per cluster and dataset, rows known by their content, not their row
number, across CSV files and workbook sheets."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from ingest.configuration import load_column_config
from ingest.files import read_input_folder
from schemas import validate_inputs
from schemas.differences import input_changes

COLUMNS = load_column_config()
REGISTER = "cluster_id;name\nalpha;Alpha\nbeta;Beta\n"
HEADER = "cluster_id;date;kind;title;audience"
ROWS = ["alpha;1.3.2026;event;Kevätpäivä;members",
        "alpha;5.5.2026;training;Koulutus;members",
        "beta;2.6.2026;event;Kesäilta;public"]


def tables(folder: Path, rows: list[str], as_workbook: bool = False) -> dict:
    folder.mkdir()
    (folder / "clusters.csv").write_text(REGISTER, encoding="utf-8")
    if as_workbook:
        book = Workbook()
        sheet = book.active
        sheet.title = "activities"
        for line in [HEADER, *rows]:
            sheet.append(line.split(";"))
        book.create_sheet("notes").append(["muistiinpanot"])
        book.save(folder / "lokit.xlsx")
    else:
        (folder / "activities.csv").write_text("\n".join([HEADER, *rows]) + "\n",
                                               encoding="utf-8")
    return validate_inputs(read_input_folder(folder, COLUMNS), COLUMNS).tables


def changes(tmp_path: Path, before: list[str], after: list[str], workbook: bool = False):
    return input_changes(tables(tmp_path / "before", before),
                         tables(tmp_path / "after", after, workbook))


def test_nothing_changed_is_no_change(tmp_path):
    assert changes(tmp_path, ROWS, ROWS) == {}


def test_reordered_and_renumbered_rows_are_the_same_rows(tmp_path):
    assert changes(tmp_path, ROWS, list(reversed(ROWS))) == {}


def test_rows_renumbered_by_a_blank_line_are_the_same_rows(tmp_path):
    # A blank line before them moves every row down one: still the same rows.
    assert changes(tmp_path, ROWS, ["", *ROWS]) == {}


def test_a_removed_row_renumbers_the_others_but_only_it_is_removed(tmp_path):
    found = changes(tmp_path, ROWS, [ROWS[1], ROWS[2]])
    assert set(found) == {"alpha"}
    alpha = found["alpha"]["activities"]
    assert [r.values["title"] for r in alpha.removed] == ["Kevätpäivä"] and not alpha.added
    assert not alpha.changed


def test_an_added_row(tmp_path):
    found = changes(tmp_path, ROWS, [*ROWS, "beta;9.9.2026;event;Syysilta;members"])
    added = found["beta"]["activities"].added
    assert [(r.values["title"], str(r.place)) for r in added] == [
        ("Syysilta", "activities.csv row 5")]


def test_a_changed_row_names_its_cells(tmp_path):
    edited = [ROWS[0], "alpha;5.5.2026;training;Koulutus;mixed", ROWS[2]]
    found = changes(tmp_path, ROWS, edited)
    (changed,) = found["alpha"]["activities"].changed
    assert changed.cells == (("audience", "members", "mixed"),)
    assert str(changed.place) == "activities.csv row 3"
    assert found["alpha"]["activities"].as_dict()["changed"][0]["cells"] == [
        {"column": "audience", "before": "members", "after": "mixed"}]


def test_a_row_moved_into_a_workbook_sheet_is_the_same_row(tmp_path):
    edited = [ROWS[0], ROWS[1], "beta;2.6.2026;event;Kesäilta;mixed"]
    found = changes(tmp_path, ROWS, edited, workbook=True)
    assert set(found) == {"beta"}
    (changed,) = found["beta"]["activities"].changed
    assert str(changed.place) == "lokit.xlsx sheet activities row 4"
    assert changed.place.as_dict() == {"file": "lokit.xlsx", "sheet": "activities", "row": 4}
    assert changed.cells == (("audience", "public", "mixed"),)


def test_a_duplicate_removed_is_one_row_removed(tmp_path):
    found = changes(tmp_path, [*ROWS, "beta;2.6.2026;training;Kesäilta 2;public"], ROWS)
    assert [r.values["title"] for r in found["beta"]["activities"].removed] == ["Kesäilta 2"]


def test_rows_sharing_a_key_are_paired_with_the_closest_not_by_position(tmp_path):
    # Two activities of one day and title; swapped and each edited in one cell.
    before = ["alpha;1.3.2026;event;Ilta;members", "alpha;1.3.2026;training;Ilta;public"]
    after = ["alpha;1.3.2026;training;Ilta;mixed", "alpha;1.3.2026;event;Ilta;mixed"]
    found = changes(tmp_path, before, after)["alpha"]["activities"]
    assert sorted(c.cells for c in found.changed) == [
        (("audience", "members", "mixed"),), (("audience", "public", "mixed"),)]


def test_a_row_made_invalid_in_place_is_set_aside_with_its_problem_not_removed(tmp_path):
    old = tables(tmp_path / "before", ROWS)
    folder = tmp_path / "after"
    folder.mkdir()
    (folder / "clusters.csv").write_text(REGISTER, encoding="utf-8")
    (folder / "activities.csv").write_text(
        "\n".join([HEADER, ROWS[0], "alpha;31.2.2026;training;Koulutus;members", ROWS[2]])
        + "\n", encoding="utf-8")
    validated = validate_inputs(read_input_folder(folder, COLUMNS), COLUMNS)
    found = input_changes(old, validated.tables, validated.rejected)["alpha"]["activities"]
    assert not found.removed
    (row,) = found.set_aside
    assert row.values["title"] == "Koulutus" and str(row.place) == "activities.csv row 3"
    assert "date" in row.problem
    assert found.as_dict()["set_aside"][0]["problem"] == row.problem


def test_whole_numbers_and_truth_values_are_compared_as_written():
    import pandas as pd

    from schemas.differences import dataset_changes

    old = pd.DataFrame([{"cluster_id": "a", "indicator": "x", "score": 4.0, "max_score": 5.0,
                         "assessed_on": pd.Timestamp("2026-01-01"), "_file": "l.csv",
                         "_row": 2}])
    new = old.assign(score=3.5)
    (changed,) = dataset_changes("label_indicators", old, new)["a"].changed
    assert changed.cells == (("score", "4", "3.5"),)
