"""Checking a returned workbook (`clustereval intake`): validated with the same schemas and
rules as the evaluation, in place of its cluster's rows in the input folder; its problems
row by row; what changed against the cluster's previous filed workbook (or, before the
first, against the folder's rows) with the row-level difference of schemas/differences."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ingest.configuration import ColumnConfig
from ingest.files import FILE_COLUMN, ROW_COLUMN, SHEET_COLUMN, RawInputs, read_input_folder
from ingest.submissions import (
    SUBMISSIONS,
    SUBMITTED_DATASETS,
    read_submission,
    with_submission,
)
from schemas.differences import DatasetChanges, RowChange, input_changes
from schemas.problems import problem
from schemas.validate import REJECTED_COLUMNS, ValidatedInputs, is_duplicate, validate_inputs

# The problem of a row that names another cluster than the workbook's (REJECTED_COLUMNS'
# problem column; the answer words it).
OTHER_CLUSTER = problem("other_cluster")


@dataclass
class WorkbookCheck:
    workbook: Path
    cluster_id: str
    problems: pd.DataFrame  # REJECTED_COLUMNS: the workbook's rows set aside, one per problem
    duplicates: int  # exact repeats of another row: counted once, not problems
    changes: dict[str, DatasetChanges]  # dataset -> this cluster's rows that would change
    validated: ValidatedInputs  # the folder with the workbook in place
    filed_before: bool  # the cluster has filed a workbook before
    # The datasets whose sheet the workbook lacks (renamed or deleted): their rows stay
    # as they were, and the answer says so.
    missing_sheets: tuple[str, ...] = ()

    @property
    def clean(self) -> bool:
        return self.problems.empty


def check_workbook(workbook: Path, folder: Path, columns: ColumnConfig,
                   max_decision_months: int) -> WorkbookCheck:
    """InputError for a workbook that cannot be read or names no cluster."""
    submission = read_submission(workbook, columns, workbook.name)
    now = read_input_folder(folder, columns)
    if submission.cluster_id not in set(
            now.tables["clusters"].frame["cluster_id"].astype("str").str.strip()
            .str.casefold()):
        from ingest.errors import InputError

        raise InputError(f"{workbook.name}: the cluster {submission.cluster_id} is not in "
                         f"the register of {folder}.")
    before = validate_inputs(now, columns, max_decision_months)
    after = validate_inputs(with_submission(now, submission, workbook.name), columns,
                            max_decision_months)
    rejected = after.rejected
    own = rejected[rejected["file"].astype("str") == workbook.name]
    duplicates = int(own["problem"].map(is_duplicate).sum()) if len(own) else 0
    problems = own[~own["problem"].map(is_duplicate)] if len(own) else own
    foreign = pd.DataFrame([{
        "dataset": row["dataset"], "file": workbook.name, "sheet": row["sheet"],
        "row": row["row"], "cluster_id": row["cluster_id"], "column": "cluster_id",
        "value": row["cluster_id"], "problem": OTHER_CLUSTER.english,
        "problem_code": OTHER_CLUSTER.code} for row in submission.foreign],
        columns=REJECTED_COLUMNS)
    problems = pd.concat([frame for frame in (problems[REJECTED_COLUMNS], foreign)
                          if len(frame)], ignore_index=True) if len(problems) or len(foreign) \
        else pd.DataFrame(columns=REJECTED_COLUMNS)
    changes = input_changes(before.tables, after.tables).get(submission.cluster_id, {})
    # A row gone from the datasets where the workbook has rows set aside may be one of
    # them (its key can be what is wrong): said as removed or set aside, not removed.
    troubled = set(problems["dataset"].astype("str"))
    for dataset, found in changes.items():
        if dataset in troubled and found.removed:
            found.set_aside += [RowChange(row.place, row.values) for row in found.removed]
            found.removed.clear()
    filed_before = (folder / SUBMISSIONS / f"{submission.cluster_id}.xlsx").exists()
    missing = tuple(dataset for dataset in SUBMITTED_DATASETS
                    if dataset not in submission.frames)
    return WorkbookCheck(workbook, submission.cluster_id,
                         problems.sort_values(["dataset", "row"], kind="stable")
                         .reset_index(drop=True), duplicates, changes, after, filed_before,
                         missing)


def rows_set_aside(inputs: RawInputs, validated: ValidatedInputs) -> dict[str, pd.DataFrame]:
    """Per dataset, the rows set aside as they were typed (cluster ids as the register
    writes them), each with its problems as (column, problem) pairs: the template writes
    them back for fixing (a problem as its problem_code). Duplicates are not set aside,
    and not included."""
    rejected = validated.rejected
    if rejected.empty:
        return {}
    real = rejected[~rejected["problem"].map(is_duplicate)]
    found = {}
    for dataset, problems in real.groupby("dataset", sort=False):
        table = inputs.tables.get(str(dataset))
        if table is None:
            continue
        frame = table.frame
        keys = list(zip(frame[FILE_COLUMN].astype("str"), frame[SHEET_COLUMN].astype("str"),
                        frame[ROW_COLUMN].astype("int64"), strict=True))
        grouped = {
            (str(f), str(s or ""), int(str(r))): list(zip(
                g["column"].fillna("").astype("str"), g["problem_code"].astype("str"),
                strict=True))
            for (f, s, r), g in problems.groupby(["file", "sheet", "row"], sort=False,
                                                 dropna=False)}
        chosen = [(index, key) for index, key in zip(frame.index, keys, strict=True)
                  if key in grouped]
        rows = frame.loc[[index for index, _ in chosen]].copy()
        rows["problems"] = pd.Series([grouped[key] for _, key in chosen], index=rows.index,
                                     dtype="object")
        rows["cluster_id"] = rows["cluster_id"].astype("str").str.strip().str.casefold()
        found[str(dataset)] = rows
    return found
