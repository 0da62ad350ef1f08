"""The input folder: which file holds which dataset, and reading them as text.

Every cell is read as text, exactly as the user typed it; parsing dates and
numbers is the schemas' job, so that a bad value becomes a rejected row with
its original spelling rather than a silent NaN. Each row keeps the file it came
from and its row number as the spreadsheet shows it (the header is row 1).
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pa_csv

from ingest.configuration import ColumnConfig, InputLimits, normalise_name
from ingest.errors import InputError
from ingest.workbook_bounds import check_workbook, column_letters
from scoring.text import Column, say

FILE_COLUMN = "_file"
ROW_COLUMN = "_row"
# The sheet a row came from, when its workbook has more than one ("" otherwise): "lokit.xlsx
# row 2" would be one event and a members' survey both.
SHEET_COLUMN = "_sheet"
CSV_SUFFIXES = {".csv", ".txt"}
# The folder of the clusters' filed workbooks, inside the input folder (ingest/submissions.py).
SUBMISSIONS = "submissions"
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass
class SourceFile:
    """One input file: what it held and how it was read (for the manifest)."""

    path: Path
    sha256: str
    size_bytes: int
    datasets: list[str] = field(default_factory=list)
    encoding: str | None = None
    separator: str | None = None
    rows: int = 0
    ignored_columns: list[str] = field(default_factory=list)

    def as_manifest(self, root: Path) -> dict[str, object]:
        return {
            "file": self.path.relative_to(root).as_posix(),
            "sha256": self.sha256,
            "size_bytes": self.size_bytes,
            "datasets": self.datasets,
            "encoding": self.encoding,
            "separator": self.separator,
            "rows": self.rows,
            "ignored_columns": self.ignored_columns,
        }


@dataclass
class RawTable:
    """One dataset as text cells, with canonical column names, from all its files."""

    dataset: str
    frame: pd.DataFrame
    # The canonical columns each file did not have: an absent column is
    # "not supplied", which differs from a present column left empty.
    absent_columns: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass
class RawInputs:
    folder: Path
    tables: dict[str, RawTable]
    sources: list[SourceFile]
    ignored_files: list[str]
    # Said to the operator, not a reason to stop: a workbook open in Excel or LibreOffice.
    warnings: list[str] = field(default_factory=list)
    # Rows of the folder-wide files replaced by a cluster's filed workbook (submissions/):
    # {"cluster_id", "dataset", "file", "rows", "by"} each, for the manifest.
    replaced: list[dict[str, object]] = field(default_factory=list)


def read_input_folder(folder: Path, columns: ColumnConfig) -> RawInputs:
    """Read every dataset file of an input folder; raise InputError naming the file."""
    if not folder.exists():
        raise InputError(f"The data folder {folder} does not exist.")
    if not folder.is_dir():
        raise InputError(f"The data path {folder} is not a folder.")
    dataset_names = columns.dataset_names()
    pieces: dict[str, list[pd.DataFrame]] = {}
    absent: dict[str, dict[str, frozenset[str]]] = {}
    sources: list[SourceFile] = []
    ignored: list[str] = []
    warnings = open_elsewhere(folder)
    # clusters.csv before clusters-north.csv: a dataset's main file first.
    for path in sorted(folder.iterdir(), key=lambda p: (p.stem.casefold(), p.name)):
        if path.name.startswith((".", "~$")) or (path.name == SUBMISSIONS and path.is_dir()):
            continue
        suffix = path.suffix.lower()
        looks_like_input = suffix in CSV_SUFFIXES | EXCEL_SUFFIXES
        if not path.is_file():
            # A dataset that is silently missing would change verdicts: name what is wrong.
            if looks_like_input or _names_a_dataset(path, dataset_names):
                _refuse_entry(path)
            ignored.append(path.name + ("/" if path.is_dir() else ""))
            continue
        if not looks_like_input:
            ignored.append(path.name)
            continue
        source, sheets = read_input_file(path, columns, path.name)
        if not sheets:
            ignored.append(path.name)
            continue
        for dataset, (frame, missing) in sheets.items():
            pieces.setdefault(dataset, []).append(frame)
            absent.setdefault(dataset, {})[path.name] = missing
        sources.append(source)
    # The clusters' own workbooks (clustereval intake files them): each replaces its
    # cluster's rows of the datasets it holds.
    from ingest.submissions import read_submissions

    replaced = read_submissions(folder, columns, pieces, absent, sources, warnings)
    tables = {
        dataset: RawTable(dataset, _concat(frames), absent[dataset])
        for dataset, frames in pieces.items() if frames
    }
    return RawInputs(folder=folder, tables=tables, sources=sources, ignored_files=ignored,
                     warnings=warnings, replaced=replaced)


def read_input_file(path: Path, columns: ColumnConfig, name: str
                    ) -> tuple[SourceFile, dict[str, tuple[pd.DataFrame, frozenset[str]]]]:
    """One input file: what it is, and per dataset its rows with canonical columns (file
    named `name` on each row) and the canonical columns it lacks."""
    data = _read_bytes(path)  # read once: hashed for the manifest, parsed below
    source = _describe(path, data)
    dataset_names = columns.dataset_names()
    if path.suffix.lower() in EXCEL_SUFFIXES:
        sheets = _read_workbook(path, dataset_names, columns.limits)
    else:
        dataset = _dataset_of(path.stem, dataset_names)
        sheets = {dataset: _read_csv(path, source, data, columns.limits)} if dataset else {}
    found = {}
    for dataset, frame in sheets.items():
        frame, missing, extra = _canonical_columns(frame, columns.header_names(), columns,
                                                   path)
        frame[FILE_COLUMN] = name
        if SHEET_COLUMN not in frame:
            frame[SHEET_COLUMN] = ""
        found[dataset] = (frame, missing)
        source.datasets.append(dataset)
        source.rows += len(frame)
        source.ignored_columns.extend(extra)
    return source, found


# The lock files Excel (~$name.xlsx) and LibreOffice (.~lock.name.csv#) keep beside a file
# that is open: its unsaved edits are not in the file read.
_LOCK_FILE = re.compile(r"^(?:~\$(?P<excel>.+)|\.~lock\.(?P<office>.+)#)$")


def open_elsewhere(folder: Path) -> list[str]:
    """A warning per input file that a spreadsheet program has open, naming it."""
    names = sorted(path.name for path in folder.iterdir())
    locks = {name: match for name in names if (match := _LOCK_FILE.match(name))}
    found = []
    for lock, match in locks.items():
        name = match["excel"] or match["office"]
        # Excel shortens the lock file's name (~$kit.xlsx for lokit.xlsx): match the end.
        candidates = [other for other in names if other.endswith(name) and other not in locks]
        shown = candidates[0] if candidates else name
        found.append(f"{shown} is open in a spreadsheet program ({lock}): edits not "
                     "yet saved are not read; save and close it, then run again.")
    return found


# The folder of detail files that `check-websites` writes beside website_checks.csv.
WEBSITE_DETAIL_FOLDER = "website_checks"


def _names_a_dataset(path: Path, dataset_names: dict[str, str]) -> bool:
    """Named exactly as a dataset (or an alias), as a file of it would be."""
    if path.is_dir() and path.name == WEBSITE_DETAIL_FOLDER:
        return False
    return normalise_name(path.stem) in dataset_names


def _refuse_entry(path: Path) -> None:
    if path.is_symlink() and not path.exists():
        raise InputError(f"{path.name}: a link to {os.readlink(path)}, which does not exist; "
                         "put the file itself in the data folder or fix the link.")
    if path.is_dir():
        raise InputError(f"{path.name}: a folder where an input file is expected; the files "
                         "of a dataset go directly in the data folder.")
    raise InputError(f"{path.name}: not a regular file; put the file itself in the data "
                     "folder.")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except PermissionError as error:
        raise InputError(f"{path.name}: cannot be read (permission denied); give the user "
                         "running the evaluation read access to it.") from error
    except OSError as error:
        raise InputError(f"{path.name}: cannot be read ({error.strerror or error}).") from error


def _describe(path: Path, data: bytes) -> SourceFile:
    return SourceFile(path=path, sha256=hashlib.sha256(data).hexdigest(), size_bytes=len(data))


def _dataset_of(stem: str, dataset_names: dict[str, str]) -> str | None:
    """The dataset a file or sheet name belongs to: exact name or 'name-suffix'."""
    name = normalise_name(stem)
    if name in dataset_names:
        return dataset_names[name]
    for alias in sorted(dataset_names, key=len, reverse=True):
        if name.startswith(alias + "_"):
            return dataset_names[alias]
    return None


_UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}

NUL = "\x00"
NUL_SIGN = "\u2400"  # "␀": how a NUL character is shown in messages and rejected.csv


def shown_nul(text: str) -> str:
    """The text with each NUL character made visible, so no raw NUL reaches an output."""
    return text.replace(NUL, NUL_SIGN)


# Files that are not text, known by their first bytes: what they are, and what to do.
_SAVE_AS_CSV = "Export the data as CSV UTF-8 (or save it as .xlsx) and put that file here."
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "a PDF document", _SAVE_AS_CSV),
    (b"PK\x03\x04", "a zip archive", "Unpack it and put its CSV or Excel files here."),
    (b"PK\x05\x06", "an empty zip archive", _SAVE_AS_CSV),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
     "an Excel 97-2003 workbook (.xls) or another old Office file",
     "Save it as .xlsx or as CSV UTF-8."),
    (b"\x1f\x8b", "a gzip archive", "Unpack it and put its CSV or Excel files here."),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", _SAVE_AS_CSV),
    (b"\xff\xd8\xff", "a JPEG image", _SAVE_AS_CSV),
    (b"GIF8", "a GIF image", _SAVE_AS_CSV),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "Unpack it and put its CSV or Excel files here."),
    (b"Rar!\x1a\x07", "a RAR archive", "Unpack it and put its CSV or Excel files here."),
    (b"SQLite format 3\x00", "an SQLite database", _SAVE_AS_CSV),
    (b"\x7fELF", "a program", _SAVE_AS_CSV),
)
# Office files are zip archives: the first entries say which program wrote one.
_ZIPPED_OFFICE = (
    ("xl/", "an Excel workbook (.xlsx) named as a CSV file",
     "Give it the extension .xlsx, or save it as CSV UTF-8."),
    ("word/", "a Word document", _SAVE_AS_CSV),
    ("ppt/", "a PowerPoint presentation", _SAVE_AS_CSV),
)
# Bytes no CSV holds: C0 controls but tab, line feed, vertical tab, form feed and carriage
# return, and DEL. A few are a damaged cell; this share of the start is not text at all.
# NUL is left out: NULs padding cells or a block of a damaged copy are bad cells, their
# rows set aside, however many (UTF-16 is told by the NULs' shape, above).
_CONTROL_BYTES = bytes([*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F])
_MAX_CONTROL_SHARE = 0.05
_SNIFFED_BYTES = 8192


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    _refuse_known_binary(path, data)
    for bom, encoding in _UTF16_BOMS.items():
        if data.startswith(bom):  # "Unicode text" as Excel saves it
            return _decoded(path, data[2:], encoding), "utf-16"
    _refuse_if_not_text(path, data)  # a stray NUL passes: it is a bad cell, set aside later
    if data.startswith(b"\xef\xbb\xbf"):
        return _decoded(path, data[3:], "utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Windows-1252 maps almost every byte, so it is the fallback, not a guess.
        return _decoded(path, data, "cp1252"), "cp1252"


def _refuse_known_binary(path: Path, data: bytes) -> None:
    """A PDF, an archive, an old .xls or an image renamed .csv, named for what it is."""
    for magic, what, advice in _MAGIC:
        if data.startswith(magic):
            if magic == b"PK\x03\x04":
                what, advice = _zip_kind(data) or (what, advice)
            raise InputError(f"{path.name}: not a text file: it looks like {what}. {advice}")


def _zip_kind(data: bytes) -> tuple[str, str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    for prefix, what, advice in _ZIPPED_OFFICE:
        if any(name.startswith(prefix) for name in names):
            return what, advice
    return None


def _refuse_if_not_text(path: Path, data: bytes) -> None:
    """UTF-16 without a byte-order mark, or bytes that are not text. Judged by the shape
    of the file's start, so a stray NUL in a text file is not taken for either."""
    sample = data[:_SNIFFED_BYTES]
    if b"\x00" in sample and (order := _utf16_shape(sample)):
        raise InputError(
            f"{path.name}: UTF-16 text without a byte-order mark ({order}), which cannot be "
            "read reliably. Save it as CSV UTF-8 (in Excel: Save As, CSV UTF-8).")
    # NUL bytes padding the end (a copy cut short) are damaged rows, not a binary file.
    text = sample.rstrip(b"\x00")
    if not text:
        if data and not data.strip(b"\x00"):
            raise InputError(f"{path.name}: the file holds nothing but NUL bytes (a damaged "
                             "copy); export the data again as CSV UTF-8.")
        return  # empty, or text beyond the sample: the reader names what is wrong
    text = text.replace(b"\x00", b"")
    share = 1 - len(text.translate(None, _CONTROL_BYTES)) / max(len(text), 1)
    if share > _MAX_CONTROL_SHARE:
        raise InputError(
            f"{path.name}: not a text file: {share:.0%} of its first {len(text):,} bytes are "
            f"control characters, which no CSV file holds. {_SAVE_AS_CSV}")


def _utf16_shape(sample: bytes) -> str | None:
    """UTF-16's shape: a NUL in every other byte over most of the text (every Latin
    letter, ä and ö included, has one), and hardly any in the bytes between."""
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    first = sample[0 : 2 * pairs : 2].count(0) / pairs
    second = sample[1 : 2 * pairs : 2].count(0) / pairs
    if second >= 0.6 and first <= 0.1:
        return "little-endian"
    if first >= 0.6 and second <= 0.1:
        return "big-endian"
    return None


def _decoded(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        names = {"utf-8": "UTF-8", "cp1252": "UTF-8 or Windows-1252"}
        raise InputError(
            f"{path.name}: the file is not valid {names.get(encoding, encoding.upper())} "
            f"text ({error})."
        ) from error


def _separator(path: Path, header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    if counts[best] == 0:
        raise InputError(
            f"{path.name}: the first line has no ';', ',' or tab separators; "
            "expected a header row naming the columns."
        )
    return best


def _read_csv(path: Path, source: SourceFile, data: bytes, limits: InputLimits
              ) -> pd.DataFrame:
    text, encoding = _decode(path, data)
    # One line end for every convention (CR LF, LF, and the old Mac's lone CR), so the
    # row numbers are the rows a spreadsheet shows whichever the file uses.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{path.name}: the file is empty; expected a header row and data rows.",
                         said=say("refused_empty", file=path.name))
    start = text.lstrip()
    separator = _separator(path, start[: start.find("\n")] if "\n" in start else start)
    source.encoding, source.separator = encoding, separator
    fast = _read_csv_arrow(path, text, separator)
    if fast is not None:
        return fast
    # A cell may be as long as the file: its length is judged per row in validation
    # (max_cell_characters), not by the csv module's 128 KiB limit, which names no row.
    csv.field_size_limit(max(len(text), 131_072))
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error as error:
        raise InputError(f"{path.name}: could not be read as CSV: {error}.") from error
    return _frame_from_rows(rows, path.name)


def _read_csv_arrow(path: Path, text: str, separator: str) -> pd.DataFrame | None:
    """pyarrow's CSV reader, all text, cells trimmed: the fast path for a regular file.
    None (use the careful path) when a blank line would shift the row numbers or a row
    does not fit the header."""
    if "\n\n" in text.rstrip() or text.startswith("\n"):
        return None  # pyarrow skips empty lines, which would shift the row numbers
    columns = text[: text.find("\n") if "\n" in text else len(text)].count(separator) + 1
    try:
        table = pa_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pa_csv.ReadOptions(autogenerate_column_names=True),
            parse_options=pa_csv.ParseOptions(delimiter=separator, newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                column_types={f"f{n}": pa.string() for n in range(columns)},
                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if table.num_rows == 0:
        return None
    header = [str(table.column(n)[0].as_py() or "").strip() for n in range(table.num_columns)]
    check_header(header, path.name)
    body = table.slice(1)
    frame = pd.DataFrame({
        name: pd.Series(pc.utf8_trim_whitespace(body.column(n)).to_pandas(), dtype="str")
        for n, name in enumerate(header)
    })
    frame[ROW_COLUMN] = np.arange(2, len(frame) + 2, dtype="int64")
    filled = (frame.drop(columns=ROW_COLUMN) != "").any(axis=1)
    return frame[filled].reset_index(drop=True)  # rows of empty cells are not rows


def _where(file: str, sheet: str | None) -> tuple[str, object]:
    """A file, or a workbook's sheet, in English and as a message's value."""
    if sheet is None:
        return file, file
    return f"{file}, sheet '{sheet}'", say("refused_in_sheet", file=file, sheet=sheet)


def check_header(header: list[str], file: str, sheet: str | None = None) -> None:
    """The same header twice: which column counts would be a guess, so neither does. A
    header holding a NUL character names no column we could trust either."""
    where, said_where = _where(file, sheet)
    seen: dict[str, int] = {}
    for number, name in enumerate(header, start=1):
        if NUL in name:
            raise InputError(
                f"{where}: the header '{shown_nul(name)}' (column {column_letters(number)}) "
                "holds a NUL character, a sign of a damaged export; correct the header or "
                "export the file again.")
        if not name:
            continue  # unnamed columns (trailing separators) are ignored anyway
        key = normalise_name(name)
        if key in seen:
            raise InputError(
                f"{where}: the column '{name}' appears twice (columns "
                f"{column_letters(seen[key])} and {column_letters(number)}); keep one of them.",
                said=say("refused_column_twice", where=said_where, name=name,
                         first=column_letters(seen[key]), second=column_letters(number)))
        seen[key] = number


def _frame_from_rows(rows: list[list[str]], file: str, sheet: str | None = None
                     ) -> pd.DataFrame:
    """Header on the first row; each data row keeps its spreadsheet row number."""
    where, said_where = _where(file, sheet)
    skipped = 0
    while skipped < len(rows) and not any(cell.strip() for cell in rows[skipped]):
        skipped += 1
    if skipped == len(rows):
        raise InputError(f"{where}: no header row found (it is empty); expected a header "
                         "row naming the columns.",
                         said=say("refused_no_header", where=said_where))
    rows = rows[skipped:]
    header = [cell.strip() for cell in rows[0]]
    check_header(header, file, sheet)
    width = len(header)
    records: list[list[str]] = []
    numbers: list[int] = []
    for offset, row in enumerate(rows[1:], start=2 + skipped):
        if not any(cell.strip() for cell in row):
            continue  # blank lines are not rows
        cells = [cell.strip() for cell in row[:width]] + [""] * (width - len(row))
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            cells[-1] = _joined(row[width - 1 :])
        records.append(cells)
        numbers.append(offset)
    frame = pd.DataFrame(records, columns=header, dtype="str")
    frame[ROW_COLUMN] = pd.Series(numbers, dtype="int64")
    return frame


def _joined(cells: list[str]) -> str:
    """Cells past the header's width are kept in the last column, not lost."""
    return " ".join(cell.strip() for cell in cells if cell.strip())


def _read_workbook(path: Path, dataset_names: dict[str, str], limits: InputLimits
                   ) -> dict[str, pd.DataFrame]:
    """Sheets named after datasets; else the first sheet, if the file is named after one."""
    try:
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_path(str(path))
        sheet_names = list(workbook.sheet_names)
        wanted = {name: _dataset_of(name, dataset_names) for name in sheet_names}
        chosen = {name: dataset for name, dataset in wanted.items() if dataset}
        if not chosen:
            dataset = _dataset_of(path.stem, dataset_names)
            if dataset is None or not sheet_names:
                return {}
            chosen = {sheet_names[0]: dataset}
        # Before calamine builds any grid: its size is the sheet's used area.
        check_workbook(path, list(chosen), limits)
        frames: dict[str, pd.DataFrame] = {}
        for sheet, dataset in chosen.items():
            cells = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            rows = [[_cell_text(value) for value in row] for row in cells]
            frame = _frame_from_rows(rows, path.name, sheet)
            frame[SHEET_COLUMN] = sheet if len(sheet_names) > 1 else ""
            frames[dataset] = _concat([frames[dataset], frame]) if dataset in frames else frame
        return frames
    except InputError:
        raise
    except Exception as error:  # calamine raises several unrelated types for a bad file
        raise InputError(
            f"{path.name}: could not be opened as an Excel workbook ({error}). "
            "Save it again as .xlsx or export it as CSV.",
            said=say("refused_not_workbook", file=path.name)) from error


def _cell_text(value: object) -> str:
    """An Excel cell as the text a person would type for it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _canonical_columns(
    frame: pd.DataFrame, header_names: dict[str, str], columns: ColumnConfig, path: Path
) -> tuple[pd.DataFrame, frozenset[str], list[str]]:
    """Rename headers to canonical names; add absent ones as empty; drop unknown ones."""
    renames: dict[str, str] = {}
    unknown: list[str] = []
    for header in frame.columns:
        if header in (ROW_COLUMN, SHEET_COLUMN):
            continue
        canonical = header_names.get(normalise_name(header))
        if canonical is None:
            unknown.append(str(header))
        elif canonical in renames.values():
            first = next(h for h, c in renames.items() if c == canonical)
            raise InputError(
                f"{path.name}: the columns '{header}' and '{first}' both mean "
                f"'{canonical}'; keep one of them.",
                said=say("refused_same_column", file=path.name, first=first,
                         second=str(header), column=Column(canonical)))
        else:
            renames[str(header)] = canonical
    frame = frame.drop(columns=unknown).rename(columns=renames)
    missing = frozenset(set(columns.columns) - set(renames.values()))
    return frame, missing, [header for header in unknown if header]


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return frame.reset_index(drop=True)
