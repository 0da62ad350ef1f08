"""What real folders hold: each defect class of issue 10 with more than its one example."""

import gzip
import io
import os
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from config import SAMPLE_DATA_DIR
from ingest.configuration import load_column_config
from ingest.errors import InputError
from ingest.files import read_input_folder
from schemas import validate_inputs
from schemas.parsing import parse_dates

COLUMNS = load_column_config()
REGISTER = "cluster_id;name\nalpha;Alpha\n"


def read(folder: Path):
    return read_input_folder(folder, COLUMNS)


def validated(folder: Path):
    return validate_inputs(read(folder), COLUMNS)


def rejected(folder: Path) -> list[tuple]:
    return [(r.dataset, r.row, r.column, r.problem)
            for r in validated(folder).rejected.itertuples(index=False)]


# 1. ISO 8601 date-times count on their date in Helsinki.
@pytest.mark.parametrize(("text", "day"), [
    ("2026-09-15T06:00:00+03:00", "2026-09-15"),
    ("2026-09-30T23:30:00Z", "2026-10-01"),  # 02:30 on 1 October in Helsinki
    ("2026-09-15 06:00:00+03:00", "2026-09-15"),
    ("2026-09-30T20:59:59+00:00", "2026-09-30"),
    ("2026-09-30T21:00:00+0000", "2026-10-01"),
    ("2026-12-31T23:30:00Z", "2027-01-01"),  # winter time: UTC+2
    ("2026-12-31T21:59:00z", "2026-12-31"),
    ("2026-09-15T06:00:00.123456+03:00", "2026-09-15"),
    ("2026-09-15T23:30", "2026-09-15"),  # no offset: local, the date as written
    ("2026-09-15 6:05", "2026-09-15"),
    ("2026-09-15", "2026-09-15"),
    ("15.9.2026", "2026-09-15"),
    ("15.9.2026 23:30", "2026-09-15"),
])
def test_dates_and_date_times(text, day):
    assert parse_dates(pd.Series([text], dtype="str"))[0] == pd.Timestamp(day)


@pytest.mark.parametrize("text", ["2026-09-15T25:00", "2026-02-30T10:00Z", "abc",
                                  "15.9.2026T10:00+02:00", "2026-09-15T10:00+3", "10000-01-01"])
def test_not_dates(text):
    assert pd.isna(parse_dates(pd.Series([text], dtype="str"))[0])


def test_website_checks_from_another_tool_are_read(tmp_path):
    (tmp_path / "clusters.csv").write_text(REGISTER)
    (tmp_path / "website_checks.csv").write_text(
        "cluster_id,checked_at,reachable\nalpha,2026-09-30T23:30:00Z,true\n"
        "alpha,2026-09-15 06:00:00+03:00,true\n")
    checks = validated(tmp_path).tables["website_checks"]
    assert list(checks["checked_at"]) == [pd.Timestamp("2026-10-01"),
                                          pd.Timestamp("2026-09-15")]


# 2. The same header twice, in any file type.
@pytest.mark.parametrize("header", [
    "cluster_id;name;leader_name;leader_name",
    "cluster_id;name;Leader_Name;leader name",
    "cluster_id;name;notes;notes",  # even a column that is ignored
])
@pytest.mark.parametrize("blank_line", [False, True])  # both CSV readers
def test_same_header_twice_in_csv(tmp_path, header, blank_line):
    body = "alpha;Alpha;Aino;\n" + ("\n" if blank_line else "") + "beta;Beta;Eino;\n"
    (tmp_path / "clusters.csv").write_text(header + "\n" + body)
    with pytest.raises(InputError, match=r"clusters.csv: the column '.+' appears twice "
                       r"\(columns [C-D] and D\)"):
        read(tmp_path)


def test_same_header_twice_in_a_sheet(tmp_path):
    book = Workbook()
    book.active.title = "clusters"
    book.active.append(["cluster_id", "name", "name"])
    book.active.append(["alpha", "Alpha", ""])
    book.save(tmp_path / "register.xlsx")
    with pytest.raises(InputError, match=r"register.xlsx, sheet 'clusters': the column "
                       r"'name' appears twice"):
        read(tmp_path)


def test_unnamed_columns_may_repeat(tmp_path):
    (tmp_path / "clusters.csv").write_text("cluster_id;name;;\nalpha;Alpha;;\n")
    assert len(read(tmp_path).tables["clusters"].frame) == 1


# 3. Files that cannot be read are named, never skipped.
def test_dangling_symlink(tmp_path):
    (tmp_path / "clusters.csv").write_text(REGISTER)
    (tmp_path / "agreements.csv").symlink_to(tmp_path / "gone.csv")
    with pytest.raises(InputError, match=r"agreements.csv: a link to .*gone.csv, which does "
                       "not exist"):
        read(tmp_path)


def test_symlink_to_a_file_is_followed(tmp_path):
    (tmp_path / "elsewhere.txt.bak").write_text(REGISTER)
    (tmp_path / "clusters.csv").symlink_to(tmp_path / "elsewhere.txt.bak")
    assert list(read(tmp_path).tables["clusters"].frame["cluster_id"]) == ["alpha"]


@pytest.mark.parametrize("name", ["agreements.csv", "agreements", "sopimukset.xlsx",
                                  "activities.txt"])
def test_folder_named_like_a_dataset(tmp_path, name):
    (tmp_path / "clusters.csv").write_text(REGISTER)
    (tmp_path / name).mkdir()
    with pytest.raises(InputError, match=rf"{name}: a folder where an input file is expected"):
        read(tmp_path)


def test_other_folders_and_the_website_detail_folder_are_ignored(tmp_path):
    (tmp_path / "clusters.csv").write_text(REGISTER)
    (tmp_path / "website_checks").mkdir()
    (tmp_path / "archive").mkdir()
    assert set(read(tmp_path).ignored_files) == {"website_checks/", "archive/"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file(tmp_path):
    (tmp_path / "clusters.csv").write_text(REGISTER)
    (tmp_path / "agreements.csv").write_text("cluster_id;member_name\nalpha;A Oy\n")
    (tmp_path / "agreements.csv").chmod(0)
    with pytest.raises(InputError, match=r"agreements.csv: cannot be read \(permission"):
        read(tmp_path)


def test_unreadable_file_as_root_too(tmp_path, monkeypatch):
    """Root reads files without permission, so the refusal is simulated at the read."""
    (tmp_path / "clusters.csv").write_text(REGISTER)
    original = Path.read_bytes

    def refuse(self):
        if self.name == "clusters.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(InputError, match=r"clusters.csv: cannot be read \(permission"):
        read(tmp_path)


# 4. Row numbers as a spreadsheet shows them, for every line-end convention.
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("blank", ["", "\n"])
@pytest.mark.parametrize("leading", ["", "\n"])
def test_row_numbers_for_every_line_end(tmp_path, newline, blank, leading):
    text = (leading + "cluster_id;name\nalpha;Alpha\n" + blank + "Bad Id;B\nbeta;Beta\n")
    (tmp_path / "clusters.csv").write_bytes(text.replace("\n", newline).encode())
    first = 2 + len(leading)
    bad = first + 1 + len(blank)
    frame = read(tmp_path).tables["clusters"].frame
    assert list(frame["_row"]) == [first, bad, bad + 1]
    assert [row[1] for row in rejected(tmp_path)] == [bad]


# 9. Numbers no count can hold.
@pytest.mark.parametrize(("value", "problem"), [
    ("1e308", "too large for a count"),
    ("10000000000000000000", "too large for a count"),
    ("-1e20", "too large for a count"),
    ("10^20", "not a whole number"),
    ("inf", "not a whole number"),
    ("nan", "not a whole number"),
    ("1e999", "not a whole number"),
])
def test_huge_counts_are_set_aside(tmp_path, value, problem):
    (tmp_path / "clusters.csv").write_text(
        f"cluster_id;name;steering_group_companies\nalpha;Alpha;{value}\nbeta;Beta;2\n")
    result = validated(tmp_path)
    assert list(result.register["cluster_id"]) == ["beta"]
    assert result.rejected.iloc[0]["problem"].startswith(problem)


@pytest.mark.parametrize("value", ["1e308", "1e999", "inf", "-inf"])
def test_huge_decimal_numbers(tmp_path, value):
    (tmp_path / "clusters.csv").write_text(
        f"cluster_id;name;management_fte\nalpha;Alpha;{value}\n")
    problem = rejected(tmp_path)
    assert problem == [] if value == "1e308" else problem[0][3] == "not a number"


# 10. Ids that make file names too long.
@pytest.mark.parametrize(("length", "valid"), [(64, True), (65, False), (300, False)])
def test_cluster_id_length_is_capped(tmp_path, length, valid):
    (tmp_path / "clusters.csv").write_text(f"cluster_id;name\n{'a' * length};A\n")
    problems = rejected(tmp_path)
    assert (problems == []) is valid
    if not valid:
        assert "at most 64 characters" in problems[0][3]


# 12. UTF-16, empty sheets, big cells.
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_read(tmp_path, encoding):
    text = "cluster_id\tname\r\nalpha\tÄlvsbyn\r\n"
    data = text.encode(encoding)
    if encoding != "utf-16":
        data = ("\ufeff" + text).encode(encoding)
    (tmp_path / "clusters.csv").write_bytes(data)
    inputs = read(tmp_path)
    assert inputs.sources[0].encoding == "utf-16"
    assert list(inputs.tables["clusters"].frame["name"]) == ["Älvsbyn"]


def test_empty_sheet_is_named(tmp_path):
    book = Workbook()
    book.active.title = "clusters"
    book.active.append(["cluster_id", "name"])
    book.active.append(["alpha", "Alpha"])
    book.create_sheet("agreements")
    book.save(tmp_path / "lokit.xlsx")
    with pytest.raises(InputError, match=r"lokit.xlsx, sheet 'agreements': no header row"):
        read(tmp_path)


@pytest.mark.parametrize("blank_line", [False, True])
@pytest.mark.parametrize("size", [131_073, 40_000])
def test_big_cells_set_their_row_aside(tmp_path, blank_line, size):
    big = "x" * size
    text = f"cluster_id;name\nalpha;{big}\n" + ("\n" if blank_line else "") + "beta;Beta\n"
    (tmp_path / "clusters.csv").write_text(text)
    result = validated(tmp_path)
    assert list(result.register["cluster_id"]) == ["beta"]
    row = result.rejected.iloc[0]
    assert (row["row"], row["column"]) == (2, "name")
    assert row["problem"] == f"{size} characters, over the limit of 32767"
    assert len(row["value"]) < 300  # shown shortened in rejected.csv


def test_big_cell_in_a_workbook(tmp_path):
    book = Workbook()
    book.active.title = "clusters"
    book.active.append(["cluster_id", "name"])
    book.active.append(["alpha", "A" * 32_767])
    book.active.append(["beta", "B"])
    book.save(tmp_path / "register.xlsx")
    limits = COLUMNS.limits.model_copy(update={"max_cell_characters": 1000})
    columns = COLUMNS.model_copy(update={"limits": limits})
    result = validate_inputs(read_input_folder(tmp_path, columns), columns)
    assert list(result.rejected["row"]) == [2]


# 8. Workbooks that declare or expand to huge sheets are refused before they are read.
def _workbook_with_sheet_xml(path: Path, sheet_xml: str) -> None:
    book = Workbook()
    book.active.title = "clusters"
    book.active.append(["cluster_id", "name"])
    book.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["xl/worksheets/sheet1.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        f'.org/spreadsheetml/2006/main"><sheetData>{sheet_xml}</sheetData></worksheet>'
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


HEADER_ROW = ('<row r="1"><c r="A1" t="inlineStr"><is><t>cluster_id</t></is></c>'
              '<c r="B1" t="inlineStr"><is><t>name</t></is></c></row>')


@pytest.mark.parametrize(("cells", "message"), [
    ('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', "uses column XFD"),
    ('<row r="500000"><c r="ZZ500000"><v>1</v></c></row>', "spans 500,000 rows x 702"),
    ('<row r="2000000"><c r="A2000000"><v>1</v></c></row>', "uses row 2,000,000"),
    ("".join(f'<row><c><v>{n}</v></c><c><v>{n}</v></c><c><v>1</v></c></row>'
             for n in range(3000)), "spans 3,001 rows x 3 columns"),
])
def test_huge_sheets_are_refused_before_reading(tmp_path, cells, message):
    (tmp_path / "clusters.csv").write_text(REGISTER)
    _workbook_with_sheet_xml(tmp_path / "agreements.xlsx", HEADER_ROW + cells)
    limits = COLUMNS.limits.model_copy(update={"max_sheet_cells": 9000})
    columns = COLUMNS.model_copy(update={"limits": limits})
    with pytest.raises(InputError, match=rf"agreements.xlsx, sheet 'clusters': {message}"):
        read_input_folder(tmp_path, columns)


def test_default_limits_refuse_one_far_cell(tmp_path):
    """The 2 kB workbook that made calamine ask for 512 GiB."""
    _workbook_with_sheet_xml(tmp_path / "clusters.xlsx",
                             HEADER_ROW + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    assert (tmp_path / "clusters.xlsx").stat().st_size < 10_000
    with pytest.raises(InputError, match=r"clusters.xlsx, sheet 'clusters': uses column XFD"):
        read(tmp_path)


def test_expanded_size_is_limited(tmp_path):
    _workbook_with_sheet_xml(tmp_path / "clusters.xlsx", HEADER_ROW + "<!--" + " " * 200_000
                             + "-->")
    limits = COLUMNS.limits.model_copy(update={"max_workbook_bytes": 100_000})
    columns = COLUMNS.model_copy(update={"limits": limits})
    with pytest.raises(InputError, match=r"clusters.xlsx: expands to [\d,]+ bytes"):
        read_input_folder(tmp_path, columns)


def test_a_sheet_within_the_limits_reads_as_before(tmp_path):
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>c{n}</t></is></c>'
                   f'<c r="B{n}" t="inlineStr"><is><t>C {n}</t></is></c></row>'
                   for n in range(2, 6))
    _workbook_with_sheet_xml(tmp_path / "clusters.xlsx", HEADER_ROW + rows)
    frame = read(tmp_path).tables["clusters"].frame
    assert list(frame["cluster_id"]) == ["c2", "c3", "c4", "c5"]
    assert list(frame["_row"]) == [2, 3, 4, 5]


# 13. NUL bytes. A stray NUL is one bad cell: its row is set aside and the rest is read.
# UTF-16 without a byte-order mark and files that are not text are refused, named.
NUL_AGREEMENTS = [  # Finnish headers and values, as the sample's Windows-1252 export
    "klusteri;jäsen;y-tunnus;toimijatyyppi;sopimustyyppi;voimassa alkaen",
    "alpha;Kemin Metallikierrätys Oy;0737546-2;yritys;jäsensopimus;10.1.2024",
    "alpha;Perämeren Biokaasu Oy;0737546-2;yritys;yhteistyösopimus;10.2.2024",
    "alpha;Tornion Kuonajalostus Oy;0737546-2;yritys;jäsensopimus;10.3.2024",
]
NUL_COLUMNS = ["cluster_id", "member_name", "business_id", "actor_type", "agreement_type",
               "valid_from"]


def _with_nul(line: str, column: int) -> str:
    """The line with a NUL inside (or, for a one-character cell, after) the column's text."""
    cells = line.split(";")
    cells[column] = cells[column][:2] + "\x00" + cells[column][2:]
    return ";".join(cells)


def _write_agreements(folder: Path, lines: list[str], encoding: str = "cp1252",
                      end: str = "\r\n") -> None:
    (folder / "clusters.csv").write_text(REGISTER)
    (folder / "agreements.csv").write_bytes((end.join(lines)).encode(encoding))


def _nul_rows(result) -> list[tuple]:
    return [(r.file, r.row, r.column, r.problem) for r in result.rejected.itertuples()]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
@pytest.mark.parametrize("blank_line", [False, True], ids=["fast-path", "careful-path"])
@pytest.mark.parametrize("column", range(len(NUL_COLUMNS)), ids=NUL_COLUMNS)
def test_nul_in_a_cell_sets_its_row_aside(tmp_path, column, blank_line, encoding):
    lines = [*NUL_AGREEMENTS[:2], _with_nul(NUL_AGREEMENTS[2], column),
             *([""] if blank_line else []), NUL_AGREEMENTS[3], ""]
    _write_agreements(tmp_path, lines, encoding)
    result = validated(tmp_path)
    # The NUL is the one problem of its cell: not also a bad date, id or unknown value.
    assert _nul_rows(result) == [("agreements.csv", 3, NUL_COLUMNS[column],
                                  "a NUL character")]
    [value] = result.rejected["value"]
    assert "\x00" not in value and "\u2400" in value
    assert "\x00" not in "".join(result.rejected["cluster_id"])
    agreements = result.tables["agreements"]
    assert list(agreements["member_name"]) == ["Kemin Metallikierrätys Oy",
                                               "Tornion Kuonajalostus Oy"]
    assert list(agreements["_row"]) == [2, 5 if blank_line else 4]


def test_nul_file_is_read_as_windows_1252(tmp_path):
    _write_agreements(tmp_path, [*NUL_AGREEMENTS[:2], _with_nul(NUL_AGREEMENTS[2], 1)])
    assert [source.encoding for source in read(tmp_path).sources] == ["cp1252", "utf-8"]


@pytest.mark.parametrize("blank_line", [False, True], ids=["fast-path", "careful-path"])
@pytest.mark.parametrize("column", [0, 1, 5], ids=["first", "middle", "last"])
def test_nul_in_the_last_row_without_line_end(tmp_path, column, blank_line):
    lines = [*NUL_AGREEMENTS[:2], *([""] if blank_line else []), *NUL_AGREEMENTS[2:3],
             _with_nul(NUL_AGREEMENTS[3], column)]
    _write_agreements(tmp_path, lines)
    assert not (tmp_path / "agreements.csv").read_bytes().endswith(b"\n")
    result = validated(tmp_path)
    last = 5 if blank_line else 4
    assert _nul_rows(result) == [("agreements.csv", last, NUL_COLUMNS[column],
                                  "a NUL character")]
    assert len(result.tables["agreements"]) == 2


def test_nul_bytes_padding_the_end_are_a_damaged_row(tmp_path):
    """A copy cut short on Windows ends in NUL bytes: the rows before them are read."""
    (tmp_path / "clusters.csv").write_text(REGISTER)
    (tmp_path / "agreements.csv").write_bytes(
        "\n".join(NUL_AGREEMENTS[:3]).encode("cp1252") + b"\n" + b"\x00" * 10_000)
    result = validated(tmp_path)
    assert _nul_rows(result) == [  # the padding's row, its other cells empty
        ("agreements.csv", 4, "cluster_id", "a NUL character"),
        ("agreements.csv", 4, "member_name", "required value is missing")]
    assert len(result.tables["agreements"]) == 2


def test_a_file_of_nothing_but_nul_bytes(tmp_path):
    (tmp_path / "clusters.csv").write_bytes(b"\x00" * 3000)
    with pytest.raises(InputError, match=r"clusters.csv: the file holds nothing but NUL"):
        read(tmp_path)


@pytest.mark.parametrize("blank_line", [False, True], ids=["fast-path", "careful-path"])
@pytest.mark.parametrize(("header", "shown", "letter"), [
    ("cluster_id;mem\x00ber_name", "mem\u2400ber_name", "B"),
    ("\x00cluster_id;member_name", "\u2400cluster_id", "A"),
    ("cluster_id;member_name;\x00", "\u2400", "C"),
])
def test_nul_in_a_header(tmp_path, header, shown, letter, blank_line):
    body = "alpha;A Oy\n" + ("\n" if blank_line else "") + "alpha;B Oy\n"
    (tmp_path / "clusters.csv").write_text(REGISTER)
    (tmp_path / "agreements.csv").write_bytes((header + "\n" + body).encode("cp1252"))
    with pytest.raises(InputError, match=rf"agreements.csv: the header '{shown}' \(column "
                       rf"{letter}\) holds a NUL character") as raised:
        read(tmp_path)
    assert "\x00" not in str(raised.value)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [
    "cluster_id;name\nalpha;A\n",
    "klusteri;nimi;vetäjä\r\nkierto;Kiertotalous;Äijälä Päivä\r\npöllö;Pöllö;Ölli\r\n",
    "klusteri;nimi\nkierto;" + "Kiertotalous, ääriään myöten € – “lainaus” " * 300 + "\n",
])
def test_utf16_without_bom_is_named(tmp_path, encoding, text):
    (tmp_path / "clusters.csv").write_bytes(text.encode(encoding))
    order = "little" if encoding.endswith("le") else "big"
    with pytest.raises(InputError, match=rf"clusters.csv: UTF-16 text without a byte-order "
                       rf"mark \({order}-endian\).*Save it as CSV UTF-8"):
        read(tmp_path)


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.writestr(name, "cluster_id;name\nalpha;Alpha\n" * 50)
    return buffer.getvalue()


def _xlsx() -> bytes:
    book = Workbook()
    book.active.append(["cluster_id", "member_name"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("data", "looks_like"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
     "it looks like a PDF document"),
    (_zip(["agreements.csv", "clusters.csv"]), "it looks like a zip archive. Unpack it"),
    (_xlsx(), r"it looks like an Excel workbook \(.xlsx\) named as a CSV file. Give it the "
     "extension .xlsx"),
    (_zip(["word/document.xml"]), "it looks like a Word document"),
    (b"PK\x05\x06" + b"\x00" * 18, "it looks like an empty zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
     r"it looks like an Excel 97-2003 workbook \(.xls\)"),
    (gzip.compress(b"cluster_id;name\nalpha;Alpha\n"), "it looks like a gzip archive"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "it looks like a PNG image"),
    (bytes(range(256)) * 8, r"1[01]% of its first 2,0\d\d bytes are control characters"),
    (b"cluster_id;name\n" + bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 8, r"\d+% of its first"),
], ids=["pdf", "zip", "xlsx", "docx", "empty-zip", "xls", "gzip", "png", "binary",
        "control-bytes"])
def test_binary_files_are_named(tmp_path, data, looks_like):
    (tmp_path / "clusters.csv").write_text(REGISTER)
    (tmp_path / "agreements.csv").write_bytes(data)
    with pytest.raises(InputError, match=rf"agreements.csv: not a text file: .*{looks_like}"):
        read(tmp_path)


def test_nul_in_a_copy_of_the_sample_sets_one_row_aside(tmp_path):
    """The bundled sample, one NUL injected into a cell of agreements.csv row 3 (a
    Windows-1252 file): that row alone joins the rows set aside."""
    folder = tmp_path / "sample"
    shutil.copytree(SAMPLE_DATA_DIR, folder)
    lines = (folder / "agreements.csv").read_bytes().split(b"\r\n")
    assert b"Tornion Kuonajalostus Oy" in lines[2]  # row 3 as a spreadsheet numbers it
    lines[2] = lines[2].replace(b"Tornion", b"Tor\x00nion")
    (folder / "agreements.csv").write_bytes(b"\r\n".join(lines))

    before = validated(SAMPLE_DATA_DIR)
    after = validated(folder)
    new = after.rejected.merge(before.rejected, how="left", indicator=True)
    new = new[new["_merge"] == "left_only"]
    assert [(r.file, r.row, r.column, r.value, r.problem) for r in new.itertuples()] == [
        ("agreements.csv", 3, "member_name", "Tor\u2400nion Kuonajalostus Oy",
         "a NUL character")]
    assert len(after.rejected) == len(before.rejected) + 1
    for dataset, frame in before.tables.items():
        assert len(after.tables[dataset]) == len(frame) - (dataset == "agreements")


@pytest.mark.parametrize("where", ["one_cell_25", "padded_cells", "block_mid", "block_late"])
def test_many_nul_bytes_in_a_text_file_set_their_rows_aside(tmp_path, where):
    """NULs padding a cell, a block of them in a damaged copy: bad cells, not a binary
    file, wherever they fall (inside the first 8 kB or after it)."""
    rows = [f"alpha;Yritys {n} Oy;SOP-{n}" for n in range(400)]
    if where == "one_cell_25":
        rows[3] = "alpha;Yritys 3 Oy;SOP-3" + "\x00" * 25
    elif where == "padded_cells":
        rows = [row + "\x00" * 12 if n % 2 else row for n, row in enumerate(rows)]
    elif where == "block_mid":
        rows[5] = rows[5] + "\x00" * 512
    else:
        rows[300] = rows[300] + "\x00" * 600
    (tmp_path / "clusters.csv").write_text(REGISTER)
    text = "cluster_id;member_name;evidence_ref\n" + "\n".join(rows) + "\n"
    (tmp_path / "agreements.csv").write_bytes(text.encode("cp1252"))
    found = validated(tmp_path)
    aside = found.rejected[found.rejected["problem"] == "a NUL character"]
    damaged = {"one_cell_25": 1, "padded_cells": 200, "block_mid": 1, "block_late": 1}[where]
    assert len(aside) == damaged
    assert len(found.tables["agreements"]) == 400 - damaged


def test_a_row_with_a_nul_in_its_cluster_id_belongs_to_that_cluster(tmp_path):
    """Set aside, it is listed on the page of the cluster it names, not under a made-up
    cluster "alpha␀"; its value shows the NUL."""
    (tmp_path / "clusters.csv").write_text(REGISTER)
    text = "cluster_id;member_name;evidence_ref\nalpha\x00;Yritys Oy;SOP-1\n"
    (tmp_path / "agreements.csv").write_bytes(text.encode("cp1252"))
    row = validated(tmp_path).rejected.iloc[0]
    assert (row["cluster_id"], row["column"], row["value"]) == ("alpha", "cluster_id",
                                                                "alpha\u2400")


@pytest.mark.parametrize(("lock", "named"), [
    ("~$lokit.xlsx", "lokit.xlsx"), ("~$kit.xlsx", "lokit.xlsx"),  # Excel shortens it
    (".~lock.agreements.csv#", "agreements.csv"),  # LibreOffice
])
def test_a_file_open_in_a_spreadsheet_program_is_said_not_silently_read(tmp_path, lock, named):
    (tmp_path / "clusters.csv").write_text(REGISTER)
    (tmp_path / "agreements.csv").write_text("cluster_id;member_name\nalpha;Yritys Oy\n")
    book = Workbook()
    book.active.title = "activities"
    book.active.append(["cluster_id", "date", "title"])
    book.save(tmp_path / "lokit.xlsx")
    (tmp_path / lock).write_bytes(b"owner")
    (warning,) = read(tmp_path).warnings
    assert warning.startswith(f"{named} is open in a spreadsheet program ({lock})")


def test_no_lock_file_no_warning(tmp_path):
    (tmp_path / "clusters.csv").write_text(REGISTER)
    assert read(tmp_path).warnings == []
