"""Validate every dataset lazily and set bad rows aside, each problem with where it is.

Order matters: the register first, since every other row's cluster_id must be in it.
Exact duplicate rows are counted once: the first stays, the others are reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pandera.pandas as pa

from ingest.configuration import ColumnConfig
from ingest.errors import InputError
from ingest.files import (
    FILE_COLUMN,
    NUL,
    ROW_COLUMN,
    SHEET_COLUMN,
    RawInputs,
    RawTable,
    shown_nul,
)
from schemas.models import (
    CROSS_FIELD_COLUMNS,
    KNOWN_CRITERION,
    MODELS,
    REQUIRED_DATASETS,
    criterion_ids,
)
from schemas.parsing import ParseProblem, parse_frame
from schemas.problems import BY_ENGLISH, ENGLISH, Problem, problem
from scoring.text import Column, say

# `sheet` names the workbook's sheet when the workbook has more than one ("" otherwise).
# problem: the English words (rejected.csv); problem_code: its id and values, which a
# report says in its language (schemas/problems.py). rejected.csv leaves the code out.
REJECTED_COLUMNS = ["dataset", "file", "sheet", "row", "cluster_id", "column", "value",
                    "problem", "problem_code"]
NOT_IN_REGISTER = ENGLISH["not_in_register"]
DUPLICATE_PREFIX = "exact duplicate of "


def is_duplicate(problem: str) -> bool:
    """A rejected.csv line that reports a copy counted once, not a row set aside."""
    return problem.startswith(DUPLICATE_PREFIX)


def _sheets(raw: pd.DataFrame, at: Any) -> Any:
    return raw[SHEET_COLUMN].loc[at].to_numpy() if SHEET_COLUMN in raw else ""
NUL_CHARACTER = problem("nul")


@dataclass
class ValidatedInputs:
    """The valid rows of each supplied dataset, and everything set aside."""

    tables: dict[str, pd.DataFrame]
    rejected: pd.DataFrame
    # dataset -> cluster_id -> rows set aside (duplicates excluded: their first copy counts)
    rejected_by_cluster: dict[str, dict[str, int]] = field(default_factory=dict)
    absent_register_columns: dict[str, frozenset[str]] = field(default_factory=dict)
    row_counts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def register(self) -> pd.DataFrame:
        return self.tables["clusters"]

    def dataset(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)

    @property
    def evidence(self) -> dict[str, pd.DataFrame]:
        """Every supplied dataset but the register, as the scoring engine takes them."""
        return {name: frame for name, frame in self.tables.items() if name != "clusters"}


def chosen_clusters(register: pd.DataFrame, requested: list[str] | None) -> list[str]:
    """The register's cluster ids (in its order), or those asked for; an id that is not in
    the register stops the run."""
    known = list(register["cluster_id"])
    if not requested:
        return known
    wanted = [cluster.strip().casefold() for cluster in requested]
    unknown = [cluster for cluster in wanted if cluster not in known]
    if unknown:
        raise InputError(
            f"Unknown cluster id {', '.join(unknown)}: the register has {', '.join(known)}."
        )
    return [cluster for cluster in known if cluster in wanted]


def check_required(inputs: RawInputs) -> None:
    """Stop early, naming the file, for a missing required dataset or column."""
    for dataset in REQUIRED_DATASETS:
        if dataset not in inputs.tables:
            raise InputError(
                f"No {dataset} file in {inputs.folder}: the cluster register is required "
                f"(a file named {dataset}.csv or {dataset}.xlsx, or a sheet named {dataset}).",
                said=say("refused_no_register", folder=str(inputs.folder)))
    for dataset, table in inputs.tables.items():
        schema = MODELS[dataset].to_schema()
        required = [name for name, column in schema.columns.items() if not column.nullable]
        for file, absent in table.absent_columns.items():
            missing = [column for column in required if column in absent]
            if missing:
                raise InputError(
                    f"{file}: the {dataset} data has no column {', '.join(missing)} "
                    f"(required; Finnish headers listed in the README are accepted).",
                    said=say("refused_missing_columns", file=file, count=len(missing),
                             dataset=say(f"dataset_{dataset}"),
                             columns=tuple(Column(name) for name in missing)))


def validate_inputs(inputs: RawInputs, columns: ColumnConfig,
                    max_decision_months: int = 12) -> ValidatedInputs:
    """`max_decision_months`: how long an accepted decision may stay valid (criteria.yaml,
    `decisions.max_validity_months`)."""
    check_required(inputs)
    tables: dict[str, pd.DataFrame] = {}
    rejected: list[pd.DataFrame] = []
    by_cluster: dict[str, dict[str, int]] = {}
    counts: dict[str, dict[str, int]] = {}
    register_ids: set[str] | None = None
    for dataset in MODELS:
        table = inputs.tables.get(dataset)
        if table is None:
            continue
        valid, set_aside, duplicates = validate_table(table, columns, register_ids,
                                                      max_decision_months)
        tables[dataset] = valid
        rejected.extend([set_aside, duplicates])
        if dataset == "clusters":
            register_ids = set(valid["cluster_id"])
        rows = set_aside.drop_duplicates(["file", "sheet", "row"])
        by_cluster[dataset] = {
            str(cluster): int(count) for cluster, count in rows.groupby("cluster_id").size().items()
        }
        counts[dataset] = {
            "read": len(table.frame),
            "valid": len(valid),
            "rejected": len(rows),
            "duplicates": len(duplicates),
        }
    register_table = inputs.tables["clusters"]
    return ValidatedInputs(
        tables=tables,
        rejected=pd.concat(rejected, ignore_index=True)[REJECTED_COLUMNS],
        rejected_by_cluster=by_cluster,
        absent_register_columns=dict(register_table.absent_columns),
        row_counts=counts,
    )


def validate_table(
    table: RawTable, columns: ColumnConfig, register_ids: set[str] | None,
    max_decision_months: int = 12,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(valid typed rows, problems of rows set aside, duplicate rows) of one dataset."""
    dataset, raw = table.dataset, table.frame
    schema = MODELS[dataset].to_schema()
    raw, duplicates = _drop_exact_duplicates(dataset, raw, list(schema.columns))
    typed, parse_problems = parse_frame(dataset, raw, schema, columns)
    parse_problems += oversized_cells(raw, list(schema.columns),
                                      columns.limits.max_cell_characters)
    damaged = nul_cells(raw, list(schema.columns))
    if register_ids is not None:
        checks = [*schema.columns["cluster_id"].checks,
                  pa.Check.isin(sorted(register_ids), error=NOT_IN_REGISTER)]
        schema = schema.update_column("cluster_id", checks=checks)
    problems = [*parse_problems, *_schema_problems(schema, typed)]
    if dataset == "decisions":
        problems += decision_validity_problems(typed, max_decision_months)
    # A value that did not parse is reported once, as such, not again as "missing".
    parsed_cells = {(p.index, p.column) for p in parse_problems}
    problems = [
        p for p in problems
        if not (p.problem.id == "required" and (p.index, p.column) in parsed_cells)
    ]
    # A cell holding a NUL is reported as that alone, not again as a bad date or format.
    damaged_cells = {(p.index, p.column) for p in damaged}
    problems = [p for p in problems if (p.index, p.column) not in damaged_cells] + damaged
    bad_rows = sorted({p.index for p in problems})
    valid = typed.drop(index=bad_rows)
    valid[FILE_COLUMN] = raw.loc[valid.index, FILE_COLUMN]
    valid[ROW_COLUMN] = raw.loc[valid.index, ROW_COLUMN].astype("int64")
    valid[SHEET_COLUMN] = _sheets(raw, valid.index)
    ordered = sorted(problems, key=lambda p: (p.index, p.column))
    at = [p.index for p in ordered]
    set_aside = pd.DataFrame({
        "dataset": dataset,
        "file": raw[FILE_COLUMN].loc[at].to_numpy(),
        "sheet": _sheets(raw, at),
        "row": raw[ROW_COLUMN].loc[at].astype("int64").to_numpy(),
        "cluster_id": raw["cluster_id"].loc[at].fillna("").astype("str").str.strip()
        # The row belongs to the cluster it names, a NUL in the id or not: its page lists
        # it (the value column shows the NUL as ␀).
        .str.casefold().str.replace(NUL, "", regex=False).to_numpy()
        if "cluster_id" in raw else "",
        "column": [p.column for p in ordered],
        "value": _raw_values(raw, ordered),
        "problem": [p.problem.english for p in ordered],
        "problem_code": [p.problem.code for p in ordered],
    }, columns=REJECTED_COLUMNS)
    return valid.reset_index(drop=True), set_aside, duplicates


def oversized_cells(raw: pd.DataFrame, contract_columns: list[str], limit: int
                    ) -> list[ParseProblem]:
    """One rule for big cells, whatever the file type: the row is set aside, naming the
    column, rather than a huge value travelling on into reports."""
    problems = []
    for column in contract_columns:
        if column not in raw:
            continue
        lengths = raw[column].fillna("").astype("str").str.len()
        for index, length in lengths[lengths > limit].items():
            problems.append(ParseProblem(int(index), column,  # type: ignore[call-overload]
                                         problem("too_long", length=length, limit=limit)))
    return problems


def nul_cells(raw: pd.DataFrame, contract_columns: list[str]) -> list[ParseProblem]:
    """A NUL character in a cell, the mark of a damaged export: the row is set aside, naming
    the cell, and the rest of the file is evaluated. One vectorised search per column."""
    problems = []
    for column in contract_columns:
        if column not in raw:
            continue
        found = raw[column].fillna("").astype("str").str.contains(NUL, regex=False)
        for index in raw.index[found.to_numpy(dtype=bool)]:
            problems.append(ParseProblem(int(index), column, NUL_CHARACTER))
    return problems


def decision_validity_problems(typed: pd.DataFrame, months: int) -> list[ParseProblem]:
    """An accepted decision valid longer than `months` after it was made: no exemption
    lives forever."""
    latest = typed["decided_on"] + pd.DateOffset(months=months)
    too_long = (typed["valid_until"] > latest).fillna(False).to_numpy(dtype=bool)
    return [ParseProblem(int(index), "valid_until", problem("decision_too_long", months=months))
            for index in typed.index[too_long]]


SHOWN_CHARACTERS = 200  # of a rejected value in rejected.csv and the reports


def shown_value(value: str) -> str:
    """The value as rejected.csv shows it: shortened, and a NUL character as "␀"."""
    if len(value) <= SHOWN_CHARACTERS:
        return shown_nul(value)
    return f"{shown_nul(value[:SHOWN_CHARACTERS])}… ({len(value)} characters)"


def _raw_values(raw: pd.DataFrame, problems: list[ParseProblem]) -> list[str]:
    """Each problem's cell as it was written ("" when empty), fetched a column at a time."""
    values = [""] * len(problems)
    positions: dict[str, list[int]] = {}
    for n, found_problem in enumerate(problems):
        positions.setdefault(found_problem.column, []).append(n)
    for column, found in positions.items():
        if column not in raw:
            continue
        cells = raw[column].loc[[problems[n].index for n in found]].tolist()
        for n, value in zip(found, cells, strict=True):
            values[n] = shown_value(value) if isinstance(value, str) else ""
    return values


def _drop_exact_duplicates(
    dataset: str, raw: pd.DataFrame, contract_columns: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows equal in every contract column (cells trimmed) after the first: set aside."""
    compared = [column for column in contract_columns if column in raw]
    cells = raw[compared].fillna("").astype("str")
    # One pass over every row finds the rows that have an equal (few); the first of
    # each such group is the original, the later ones are its copies.
    involved = cells.duplicated(keep=False).to_numpy()
    if not involved.any():
        return raw, pd.DataFrame(columns=REJECTED_COLUMNS)
    group = cells[involved]
    number = group.groupby(compared, sort=False, dropna=False).ngroup().to_numpy()
    first = pd.Series(group.index.to_numpy()).groupby(number).transform("first").to_numpy()
    later = first != group.index.to_numpy()
    copies, originals = group.index[later], first[later]
    duplicates = [duplicate_of(file, sheet, row) for file, sheet, row in zip(
        raw.loc[originals, FILE_COLUMN],
        raw.loc[originals, SHEET_COLUMN] if SHEET_COLUMN in raw else [""] * len(originals),
        raw.loc[originals, ROW_COLUMN], strict=True)]
    reports = pd.DataFrame({
        "dataset": dataset,
        "file": raw.loc[copies, FILE_COLUMN].to_numpy(),
        "sheet": _sheets(raw, copies),
        "row": raw.loc[copies, ROW_COLUMN].astype(int).to_numpy(),
        "cluster_id": cells.loc[copies, "cluster_id"].str.casefold()
        .str.replace(NUL, "", regex=False).to_numpy() if "cluster_id" in cells else "",
        "column": "",
        "value": "",
        "problem": [found.english for found in duplicates],
        "problem_code": [found.code for found in duplicates],
    }, columns=REJECTED_COLUMNS)
    return raw.drop(index=copies), reports


def _schema_problems(schema: pa.DataFrameSchema, typed: pd.DataFrame) -> list[ParseProblem]:
    try:
        schema.validate(typed, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return []
    problems = []
    cross_field: set[tuple[int, str]] = set()
    for case in cases.itertuples(index=False):
        if case.index is None or pd.isna(case.index):
            # A failure of a whole column (a wrong type) is a defect of ours, not bad input.
            raise RuntimeError(f"validation failed for a whole column: {case}")
        check = str(case.check)
        column = CROSS_FIELD_COLUMNS.get(check, case.column)
        if check in CROSS_FIELD_COLUMNS:
            # A dataframe check lists the row's non-empty cells (not an empty one it is
            # about): report it once, at the column to fix.
            if (int(case.index), check) in cross_field:
                continue
            cross_field.add((int(case.index), check))
        problems.append(ParseProblem(int(case.index), str(column), describe_check(check, column)))
    return problems


FORMATS = {"cluster_id": "not_cluster_id", "website_url": "not_web_address"}


def describe_check(check: str, column: str) -> Problem:
    """pandera's check names (or error texts) as the problems a spreadsheet user reads."""
    if check == "not_nullable":
        return problem("required")
    if check == KNOWN_CRITERION:
        return problem("not_one_of", values=", ".join(criterion_ids()))
    if match := re.fullmatch(r"isin\((.*)\)", check, flags=re.S):
        values = re.findall(r"'([^']*)'", match[1])
        if len(values) > 12:
            return problem("not_known")
        return problem("not_one_of", values=", ".join(values))
    if match := re.fullmatch(r"greater_than_or_equal_to\((.*)\)", check):
        return problem("at_least", limit=match[1])
    if match := re.fullmatch(r"less_than_or_equal_to\((.*)\)", check):
        return problem("at_most", limit=match[1])
    if match := re.fullmatch(r"greater_than\((.*)\)", check):
        return problem("greater_than", limit=match[1])
    if check.startswith("str_matches"):
        return problem(FORMATS.get(column, "bad_format"))
    if check in BY_ENGLISH:
        return problem(BY_ENGLISH[check])
    raise RuntimeError(f"a check without a problem's words: {check}")  # a defect of ours


def duplicate_of(file: object, sheet: object, row: object) -> Problem:
    if sheet and isinstance(sheet, str):
        return problem("duplicate_of_sheet_row", file=file, sheet=sheet, row=row)
    return problem("duplicate_of_row", file=file, row=row)
