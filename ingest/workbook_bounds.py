"""How big a workbook's sheets really are, measured before any of them is read.

calamine builds each sheet as a dense grid from its first to its last cell: one cell at
XFD1048576 in a 2 kB file asks for 512 GiB and aborts the process, and a small zip can
expand to millions of rows. So the sheet XML is streamed first (a chunk at a time,
nothing kept but counters) to find the used area, and a sheet over the limits is
refused with its name, before calamine allocates anything.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from ingest.configuration import InputLimits
from ingest.errors import InputError

_CHUNK = 1 << 20
_TAG = re.compile(rb"<(?:[A-Za-z0-9_]+:)?(row|c)\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_CELL_REF = re.compile(rb'\br="([A-Z]{1,4})(\d+)"')
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(frozen=True)
class SheetExtent:
    rows: int  # the last row used (a sheet starts at row 1)
    columns: int  # the last column used
    cells: int  # cells written in the file


def column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip member holding its XML."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in relations.iter(f"{_RELS}"
                                                                                "Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_REL_ID), "")
        member = target.lstrip("/") if target.startswith("/") else str(
            PurePosixPath("xl") / target)
        parts[sheet.get("name", "")] = member
    return parts


def measure_sheet(archive: zipfile.ZipFile, member: str, limits: InputLimits,
                  where: str) -> SheetExtent:
    """The used area of one sheet, streamed; InputError as soon as a limit is passed."""
    row = column = last_row = last_column = cells = 0
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            buffer = tail + chunk
            cut = buffer.rfind(b"<")  # a tag may straddle two chunks: keep it for the next
            tail, buffer = buffer[cut:], buffer[:cut]
            for match in _TAG.finditer(buffer):
                if match[1] == b"row":
                    number = _ROW_NUMBER.search(match[2])
                    row = int(number[1]) if number else row + 1
                    column = 0
                    last_row = max(last_row, row)
                else:
                    reference = _CELL_REF.search(match[2])
                    if reference:
                        column = column_number(reference[1])
                        row = int(reference[2])
                        last_row = max(last_row, row)
                    else:
                        column += 1
                    last_column = max(last_column, column)
                    cells += 1
            _check(last_row, last_column, limits, where)
    return SheetExtent(last_row, last_column, cells)


def _check(rows: int, columns: int, limits: InputLimits, where: str) -> None:
    problem = None
    if rows > limits.max_sheet_rows:
        problem = f"uses row {rows:,}, over the limit of {limits.max_sheet_rows:,} rows"
    elif columns > limits.max_sheet_columns:
        problem = (f"uses column {column_letters(columns)} ({columns:,}), over the limit of "
                   f"{limits.max_sheet_columns:,} columns")
    elif rows * columns > limits.max_sheet_cells:
        problem = (f"spans {rows:,} rows x {columns:,} columns = {rows * columns:,} cells, "
                   f"over the limit of {limits.max_sheet_cells:,}")
    if problem:
        raise InputError(
            f"{where} {problem} (often a stray cell far below or right of the data: delete "
            "the empty rows and columns after the data and save again; the limits are in "
            "config/columns.yaml)."
        )


def check_workbook(path: Path, sheets: list[str], limits: InputLimits) -> None:
    """Refuse a workbook whose parts or chosen sheets are over the limits, naming them."""
    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
            if expanded > limits.max_workbook_bytes:
                raise InputError(
                    f"{path.name}: expands to {expanded:,} bytes, over the limit of "
                    f"{limits.max_workbook_bytes:,} (max_workbook_bytes in "
                    "config/columns.yaml).")
            parts = sheet_parts(archive)
            for sheet in sheets:
                if sheet in parts and parts[sheet] in archive.namelist():
                    measure_sheet(archive, parts[sheet], limits,
                                  f"{path.name}, sheet '{sheet}':")
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError) as error:
        raise InputError(
            f"{path.name}: could not be opened as an Excel workbook ({error}). "
            "Save it again as .xlsx or export it as CSV."
        ) from error
