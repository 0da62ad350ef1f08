"""The clusters' own workbooks, filed by `clustereval intake` into the input folder's
submissions/ as <cluster_id>.xlsx. One source per cluster and dataset: where a cluster has
filed a workbook with a dataset's sheet, its rows of that dataset come from the workbook
alone, and its rows in the folder-wide files are left out and listed in the manifest as
replaced. The workbook names its cluster in a hidden sheet (CLUSTER_SHEET), written by
`clustereval template`, so it cannot be filed under another cluster."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from ingest.configuration import ColumnConfig, InputLimits
from ingest.errors import InputError
from ingest.files import (
    FILE_COLUMN,
    ROW_COLUMN,
    SHEET_COLUMN,
    SUBMISSIONS,
    RawInputs,
    SourceFile,
)

CLUSTER_SHEET = "_clustereval"  # A1 "cluster_id", B1 the cluster's id; hidden, protected
ARCHIVE = "archive"
# The datasets a cluster keeps itself and fills in its workbook, in the workbook's order.
SUBMITTED_DATASETS = ("agreements", "activities", "dialogue", "evaluations",
                      "label_indicators")


@dataclass
class Submission:
    """One cluster's workbook as read: its fixed cluster, its rows per dataset, and the
    rows that name another cluster (never read as that cluster's)."""

    path: Path
    cluster_id: str
    source: SourceFile
    frames: dict[str, tuple[pd.DataFrame, frozenset[str]]]
    foreign: list[dict[str, object]] = field(default_factory=list)


def fixed_cluster(path: Path, limits: InputLimits) -> str | None:
    """The cluster id the template fixed in the workbook, or None when it has none. The
    sheet is measured before it is read, as the data sheets are: a stray far cell would
    make the reader allocate the whole grid."""
    from python_calamine import CalamineWorkbook

    from ingest.workbook_bounds import check_workbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        if CLUSTER_SHEET not in workbook.sheet_names:
            return None
        check_workbook(path, [CLUSTER_SHEET], limits)
        cells = workbook.get_sheet_by_name(CLUSTER_SHEET).to_python()
    except InputError:
        raise
    except Exception as error:  # calamine raises several unrelated types for a bad file
        raise InputError(f"{path.name}: could not be opened as an Excel workbook ({error}).") \
            from error
    if not cells or len(cells[0]) < 2 or str(cells[0][0]).strip() != "cluster_id":
        return None
    found = str(cells[0][1]).strip().casefold()
    return found or None


def read_submission(path: Path, columns: ColumnConfig, name: str | None = None) -> Submission:
    """A returned workbook's rows; InputError when it does not name its cluster."""
    from ingest.files import read_input_file

    cluster = fixed_cluster(path, columns.limits)
    if cluster is None:
        raise InputError(f"{path.name}: this workbook does not name its cluster (the hidden "
                         f"sheet {CLUSTER_SHEET} that `clustereval template` writes is "
                         "missing); fill in the workbook made for the cluster.")
    source, sheets = read_input_file(path, columns, name or path.name)
    frames: dict[str, tuple[pd.DataFrame, frozenset[str]]] = {}
    foreign: list[dict[str, object]] = []
    for dataset, (frame, missing) in sheets.items():
        if dataset not in SUBMITTED_DATASETS:
            continue
        ids = frame["cluster_id"].astype("str").str.strip().str.casefold() \
            if "cluster_id" in frame else pd.Series(cluster, index=frame.index)
        other = (ids != cluster) & (ids != "")
        for index in frame.index[other]:
            foreign.append({"dataset": dataset, "sheet": frame.at[index, SHEET_COLUMN],
                            "row": int(str(frame.at[index, ROW_COLUMN])),
                            "cluster_id": frame.at[index, "cluster_id"]})
        kept = frame.loc[~other].copy()
        kept["cluster_id"] = cluster  # a row left without its cluster is the workbook's
        frames[dataset] = (kept, missing - {"cluster_id"})
    return Submission(path, cluster, source, frames, foreign)


def read_submissions(folder: Path, columns: ColumnConfig,
                     pieces: dict[str, list[pd.DataFrame]],
                     absent: dict[str, dict[str, frozenset[str]]],
                     sources: list[SourceFile], warnings: list[str]
                     ) -> list[dict[str, object]]:
    """Put each filed workbook's rows in place of its cluster's rows of the same datasets
    in the folder-wide files; returns what was replaced, for the manifest."""
    replaced: list[dict[str, object]] = []
    filed = folder / SUBMISSIONS
    if not filed.is_dir():
        return replaced
    for path in sorted(filed.glob("*.xlsx")):
        if path.name.startswith((".", "~$")):
            continue
        name = f"{SUBMISSIONS}/{path.name}"
        submission = read_submission(path, columns, name)
        if submission.cluster_id != path.stem.casefold():
            raise InputError(f"{name} names the cluster {submission.cluster_id}; a filed "
                             "workbook is named after its cluster. `clustereval intake` "
                             "files it under the right name.")
        replaced += replace_rows(submission, name, pieces, absent)
        sources.append(submission.source)
        warnings += [f"{name} sheet {row['sheet'] or row['dataset']} row {row['row']}: the "
                     f"cluster {row['cluster_id']} is not the workbook's "
                     f"({submission.cluster_id}); the row is not read"
                     for row in submission.foreign]
    return replaced


def replace_rows(submission: Submission, name: str, pieces: dict[str, list[pd.DataFrame]],
                 absent: dict[str, dict[str, frozenset[str]]]) -> list[dict[str, object]]:
    """The workbook's rows in, its cluster's rows of the same datasets from other files
    out; returns the rows left out, per file."""
    replaced: list[dict[str, object]] = []
    for dataset, (frame, missing) in submission.frames.items():
        kept = []
        for piece in pieces.get(dataset, []):
            mine = piece["cluster_id"].astype("str").str.strip().str.casefold() \
                == submission.cluster_id
            for file, count in piece.loc[mine, FILE_COLUMN].value_counts(sort=False).items():
                replaced.append({"cluster_id": submission.cluster_id, "dataset": dataset,
                                 "file": str(file), "rows": int(count), "by": name})
            if not mine.all():
                kept.append(piece.loc[~mine])
        pieces[dataset] = [*kept, frame]
        absent.setdefault(dataset, {})[name] = missing
    return replaced


def file_submission(workbook: Path, folder: Path, cluster: str, now: datetime) -> Path:
    """Copy a checked workbook to submissions/<cluster>.xlsx in one atomic rename; the one
    it replaces goes to submissions/archive/<cluster>-<timestamp>.xlsx first."""
    filed = folder / SUBMISSIONS
    (filed / ARCHIVE).mkdir(parents=True, exist_ok=True)
    target = filed / f"{cluster}.xlsx"
    handle, temporary = tempfile.mkstemp(dir=filed, prefix=".incoming-", suffix=".xlsx")
    os.close(handle)
    mask = os.umask(0)  # mkstemp makes it the owner's alone; a data file is for everyone
    os.umask(mask)
    os.chmod(temporary, 0o666 & ~mask)
    try:
        shutil.copyfile(workbook, temporary)
        if target.exists():
            stamp = now.strftime("%Y%m%dT%H%M%S%f")
            kept, number = filed / ARCHIVE / f"{cluster}-{stamp}.xlsx", 1
            while kept.exists():  # two workbooks of one cluster in one intake
                number += 1
                kept = filed / ARCHIVE / f"{cluster}-{stamp}-{number}.xlsx"
            shutil.copy2(target, kept)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def with_submission(inputs: RawInputs, submission: Submission, name: str) -> RawInputs:
    """The inputs as they would be with this workbook filed: its rows in place of its
    cluster's rows of the same datasets (from the folder's files or the workbook filed
    before)."""
    from ingest.files import RawTable, _concat

    pieces = {dataset: [table.frame] for dataset, table in inputs.tables.items()}
    absent = {dataset: dict(table.absent_columns) for dataset, table in inputs.tables.items()}
    replaced = replace_rows(submission, name, pieces, absent)
    tables = {dataset: RawTable(dataset, _concat(frames), absent[dataset])
              for dataset, frames in pieces.items() if frames}
    return RawInputs(folder=inputs.folder, tables=tables,
                     sources=[*inputs.sources, submission.source],
                     ignored_files=inputs.ignored_files, warnings=list(inputs.warnings),
                     replaced=[*inputs.replaced, *replaced])
