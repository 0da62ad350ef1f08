"""Reading input folders the way Finnish offices write them."""

from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from ingest.configuration import load_column_config
from ingest.errors import InputError
from ingest.files import read_input_folder
from schemas import validate_inputs

COLUMNS = load_column_config()


def read(folder: Path):
    return read_input_folder(folder, COLUMNS)


def write(path: Path, text: str, encoding: str = "utf-8") -> None:
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))


def test_semicolon_bom_finnish_headers_dates_and_decimal_comma(tmp_path):
    write(
        tmp_path / "klusterit.csv",
        "Klusteri;Nimi;Vetäjä;Strategia hyväksytty;HTV;Yrityksiä ohjausryhmässä\n"
        "kierto;Kiertotalous;Aino Koskinen;15.2.2024;2,5;1\u00a0204\n",
        encoding="utf-8-sig",
    )
    inputs = read(tmp_path)
    assert inputs.sources[0].encoding == "utf-8-sig"
    assert inputs.sources[0].separator == ";"
    register = validate_inputs(inputs, COLUMNS).register.iloc[0]
    assert register["leader_name"] == "Aino Koskinen"
    assert register["strategy_approved_on"] == pd.Timestamp("2024-02-15")
    assert register["management_fte"] == 2.5
    assert register["steering_group_companies"] == 1204  # no-break space as thousands separator


def test_windows_1252_is_read(tmp_path):
    write(tmp_path / "clusters.csv", "cluster_id;name\nporo;Poronhoito ja elämysmatkailu\n",
          encoding="cp1252")
    inputs = read(tmp_path)
    assert inputs.sources[0].encoding == "cp1252"
    assert inputs.tables["clusters"].frame.loc[0, "name"] == "Poronhoito ja elämysmatkailu"


def test_comma_separated_iso_dates(tmp_path):
    write(tmp_path / "clusters.csv", "cluster_id,name,leader_since\nporo,Poro,2024-03-01\n")
    register = validate_inputs(read(tmp_path), COLUMNS).register
    assert register.loc[0, "leader_since"] == pd.Timestamp("2024-03-01")


def test_row_numbers_are_the_spreadsheet_rows(tmp_path):
    write(tmp_path / "clusters.csv",
          'cluster_id;name\n\na;"Two\nlines"\n\nb;B\n')
    frame = read(tmp_path).tables["clusters"].frame
    assert list(frame["_row"]) == [3, 5]


def test_dataset_split_over_files_and_workbook_sheets(tmp_path):
    write(tmp_path / "clusters.csv", "cluster_id;name\na;A\nb;B\n")
    write(tmp_path / "agreements.csv", "cluster_id;member_name\na;One Oy\n")
    book = Workbook()
    sheet = book.active
    sheet.title = "agreements"
    sheet.append(["Klusteri", "Jäsen", "Allekirjoitettu", "Y-tunnus"])
    sheet.append(["b", "Two Oy", datetime(2025, 12, 31), "0737546-2"])
    dialogue = book.create_sheet("vuoropuhelu")
    dialogue.append(["klusteri", "päivämäärä", "yrityksiä mukana"])
    dialogue.append(["a", date(2026, 1, 5), 3])
    dialogue.append([None, None, None])
    dialogue.append(["b", "6.1.2026", 2.0])
    book.save(tmp_path / "agreements-north.xlsx")

    inputs = read(tmp_path)
    validated = validate_inputs(inputs, COLUMNS)
    agreements = validated.tables["agreements"]
    assert list(agreements["member_name"]) == ["One Oy", "Two Oy"]
    assert list(agreements["_file"]) == ["agreements.csv", "agreements-north.xlsx"]
    assert agreements.loc[1, "signed_on"] == pd.Timestamp("2025-12-31")
    dialogue_rows = validated.tables["dialogue"]
    assert list(dialogue_rows["_row"]) == [2, 4]
    assert list(dialogue_rows["companies_involved"]) == [3, 2]
    assert list(dialogue_rows["date"]) == [pd.Timestamp("2026-01-05"), pd.Timestamp("2026-01-06")]


def test_absent_optional_columns_are_recorded_per_file(tmp_path):
    write(tmp_path / "clusters.csv", "cluster_id;name;leader_name\na;A;X\n")
    write(tmp_path / "clusters-north.csv", "cluster_id;name\nb;B\n")
    table = read(tmp_path).tables["clusters"]
    assert "leader_name" not in table.absent_columns["clusters.csv"]
    assert "leader_name" in table.absent_columns["clusters-north.csv"]


def test_unknown_files_and_columns_are_ignored_and_listed(tmp_path):
    write(tmp_path / "clusters.csv", "cluster_id;name;notes\na;A;hello\n")
    write(tmp_path / "minutes.csv", "x;y\n1;2\n")
    (tmp_path / "readme.txt.bak").write_text("x")
    inputs = read(tmp_path)
    assert set(inputs.ignored_files) == {"minutes.csv", "readme.txt.bak"}
    assert inputs.sources[0].ignored_columns == ["notes"]


def test_corrupt_workbook_names_the_file(tmp_path):
    write(tmp_path / "clusters.csv", "cluster_id;name\na;A\n")
    (tmp_path / "agreements.xlsx").write_bytes(b"this is not a workbook")
    with pytest.raises(InputError, match=r"agreements.xlsx: could not be opened"):
        read(tmp_path)


def test_two_headers_meaning_the_same_column(tmp_path):
    write(tmp_path / "clusters.csv", "cluster_id;klusteri;name\na;a;A\n")
    with pytest.raises(InputError, match=r"clusters.csv: the columns"):
        read(tmp_path)


@pytest.mark.parametrize("content", ["", "   \n"])
def test_empty_csv_names_the_file(tmp_path, content):
    write(tmp_path / "clusters.csv", content)
    with pytest.raises(InputError, match=r"clusters.csv: the file is empty"):
        read(tmp_path)


def test_missing_folder(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read(tmp_path / "nowhere")


def test_sha256_of_every_input_is_recorded(tmp_path):
    write(tmp_path / "clusters.csv", "cluster_id;name\na;A\n")
    source = read(tmp_path).sources[0]
    assert len(source.sha256) == 64 and source.rows == 1
