"""One source per cluster and dataset: a filed workbook replaces its cluster's rows of the
datasets it holds, and says so; filing is atomic and keeps the previous workbook."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from ingest.configuration import load_column_config
from ingest.errors import InputError
from ingest.files import read_input_folder
from ingest.submissions import CLUSTER_SHEET, file_submission

REGISTER = "cluster_id;name\nalpha;Alpha\nbeta;Beta\n"
ACTIVITIES = ("cluster_id;date;kind;title;audience\nalpha;1.3.2026;event;Kevät;members\n"
              "beta;2.3.2026;event;Beta-ilta;members\nalpha;5.5.2026;event;Kesä;members\n")


def workbook(path: Path, cluster: str | None, rows: list[list[object]],
             sheet: str = "activities") -> Path:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = sheet
    first.append(["cluster_id", "date", "kind", "title", "audience"])
    for row in rows:
        first.append(row)
    if cluster is not None:
        book.create_sheet(CLUSTER_SHEET).append(["cluster_id", cluster])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


@pytest.fixture
def folder(tmp_path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "clusters.csv").write_text(REGISTER, encoding="utf-8")
    (data / "activities.csv").write_text(ACTIVITIES, encoding="utf-8")
    return data


def titles(inputs, cluster: str) -> list[str]:
    frame = inputs.tables["activities"].frame
    return list(frame.loc[frame["cluster_id"] == cluster, "title"])


def test_a_filed_workbook_is_its_clusters_only_source_of_the_dataset(folder):
    workbook(folder / "submissions" / "alpha.xlsx", "alpha",
             [["alpha", "1.6.2026", "event", "Uusi", "members"]])
    inputs = read_input_folder(folder, load_column_config())
    assert titles(inputs, "alpha") == ["Uusi"]  # the CSV's two alpha rows are not counted
    assert titles(inputs, "beta") == ["Beta-ilta"]  # another cluster's rows stay
    assert inputs.replaced == [{"cluster_id": "alpha", "dataset": "activities",
                                "file": "activities.csv", "rows": 2,
                                "by": "submissions/alpha.xlsx"}]
    assert "submissions/" not in inputs.ignored_files
    frame = inputs.tables["activities"].frame
    assert set(frame["_file"]) == {"activities.csv", "submissions/alpha.xlsx"}


def test_a_row_of_another_cluster_in_a_workbook_is_not_read_and_is_said(folder):
    workbook(folder / "submissions" / "alpha.xlsx", "alpha",
             [["alpha", "1.6.2026", "event", "Uusi", "members"],
              ["beta", "1.7.2026", "event", "Vieras", "members"]])
    inputs = read_input_folder(folder, load_column_config())
    assert "Vieras" not in titles(inputs, "beta")
    assert any("row 3" in warning and "beta" in warning for warning in inputs.warnings)


@pytest.mark.parametrize(("cluster", "why"), [
    (None, "does not name its cluster"),
    ("beta", "names the cluster beta"),
])
def test_a_filed_workbook_must_name_its_own_cluster(folder, cluster, why):
    workbook(folder / "submissions" / "alpha.xlsx", cluster, [])
    with pytest.raises(InputError, match=why):
        read_input_folder(folder, load_column_config())


def test_filing_replaces_atomically_and_archives_the_previous(tmp_path, folder):
    first = workbook(tmp_path / "in" / "one.xlsx", "alpha", [])
    second = workbook(tmp_path / "in" / "two.xlsx", "alpha",
                      [["alpha", "1.6.2026", "event", "Uusi", "members"]])
    now = datetime(2026, 12, 4, 12, 0)
    target = file_submission(first, folder, "alpha", now)
    assert target == folder / "submissions" / "alpha.xlsx"
    file_submission(second, folder, "alpha", now)
    file_submission(second, folder, "alpha", now)  # the same instant: kept apart
    assert target.read_bytes() == second.read_bytes()
    archived = sorted((folder / "submissions" / "archive").iterdir())
    assert [path.name for path in archived] == ["alpha-20261204T120000000000-2.xlsx",
                                                "alpha-20261204T120000000000.xlsx"]
    assert archived[1].read_bytes() == first.read_bytes()
    assert not list((folder / "submissions").glob(".incoming-*"))
    # The archive is not read as a submission.
    assert titles(read_input_folder(folder, load_column_config()), "alpha") == ["Uusi"]


def test_a_far_cell_in_the_hidden_sheet_is_refused_before_it_is_read(tmp_path):
    path = workbook(tmp_path / "far.xlsx", "alpha", [])
    book = openpyxl.load_workbook(path)
    book[CLUSTER_SHEET]["XFD1048576"] = "x"  # calamine would allocate the whole grid
    book.save(path)
    from ingest.submissions import read_submission

    with pytest.raises(InputError, match=r"far\.xlsx"):
        read_submission(path, load_column_config())
