"""What changed in the inputs between two evaluations, row by row, per cluster.

A row is known by its content, not by its row number: deleting a row renumbers the
others, and moving rows between files or sheets changes nothing. Rows equal in every
contract column are the same row. A row of the new inputs whose natural key (the columns
that name the thing the row is about: a member, an event on a day, a check) matches one
row of the old that differs elsewhere is that row changed, with the cells that changed;
the rest are added or removed. Issue 22's "what changed and why" and issue 23's answer
to a returned workbook both read this.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ingest.files import FILE_COLUMN, ROW_COLUMN, SHEET_COLUMN
from schemas.models import MODELS

# Per dataset: the columns that name what a row is about (beside cluster_id).
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "clusters": (),
    "agreements": ("business_id", "member_name"),
    "activities": ("date", "title"),
    "dialogue": ("date", "kind"),
    "evaluations": ("date", "kind"),
    "website_checks": ("checked_at", "url"),
    "label_indicators": ("indicator", "assessed_on"),
    "decisions": ("criterion", "decided_on", "reply_ref"),
}


@dataclass(frozen=True)
class Place:
    """Where a row stands: its file, its sheet (a workbook's) and its row number."""

    file: str
    sheet: str
    row: int

    def __str__(self) -> str:  # the command line's English
        place = f"{self.file} sheet {self.sheet}" if self.sheet else self.file
        return f"{place} row {self.row}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "sheet": self.sheet or None, "row": self.row}


@dataclass(frozen=True)
class RowChange:
    """A row added (the new row), removed (the old row) or changed (the new row, and its
    cells that differ as (column, before, after)). Values are text, dates ISO days."""

    place: Place
    values: dict[str, str]
    cells: tuple[tuple[str, str, str], ...] = ()
    problem: str = ""  # a row set aside: why (the validation's problem, in English)
    problem_code: str = ""  # and as its id and values (schemas/problems.py)

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {**self.place.as_dict(), "values": self.values}
        if self.problem:
            found["problem"] = self.problem
        if self.cells:
            found["cells"] = [{"column": column, "before": before, "after": after}
                              for column, before, after in self.cells]
        return found


@dataclass
class DatasetChanges:
    added: list[RowChange] = field(default_factory=list)
    removed: list[RowChange] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    # Valid before, set aside now: the old row, with the new row's problem.
    set_aside: list[RowChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.set_aside)

    def rows(self) -> list[tuple[str, RowChange]]:
        """("removed" | "set_aside" | "changed" | "added", row), in that order."""
        return [(kind, row) for kind in ("removed", "set_aside", "changed", "added")
                for row in getattr(self, kind)]

    def where(self, keep: Callable[[RowChange], bool]) -> DatasetChanges:
        """Only the rows `keep` keeps (the decisions on one criterion, say)."""
        return DatasetChanges(*([row for row in getattr(self, kind) if keep(row)]
                                for kind in ("added", "removed", "changed", "set_aside")))

    def as_dict(self) -> dict[str, Any]:
        return {kind: [row.as_dict() for row in getattr(self, kind)]
                for kind in ("added", "removed", "changed", "set_aside")}


def _as_text(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The contract columns as comparable text ("" for empty; dates as ISO days)."""
    shown = {}
    for column in columns:
        values = frame[column] if column in frame else pd.Series([None] * len(frame),
                                                                 index=frame.index)
        if pd.api.types.is_datetime64_any_dtype(values):
            text = values.dt.strftime("%Y-%m-%d")
        else:
            text = values.astype("object").where(values.notna(), None).map(_text)
        shown[column] = text.fillna("").astype("str")
    return pd.DataFrame(shown, index=frame.index)


def _text(value: Any) -> str:
    """A parsed value as text: whole floats without ".0", truth values as true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _place(frame: pd.DataFrame, index: Any) -> Place:
    row = frame.loc[index]
    sheet = row.get(SHEET_COLUMN) if SHEET_COLUMN in frame else None
    return Place(str(row[FILE_COLUMN]), "" if pd.isna(sheet) or sheet is None else str(sheet),
                 int(row[ROW_COLUMN]))


def _pairs(old: pd.DataFrame, new: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    """(old index, new index) of rows equal in `on`, the n-th of a kind with the n-th:
    one vectorised merge, duplicates paired one to one."""
    left = old[on].assign(_n=old.groupby(on, sort=False).cumcount(), _old=old.index)
    right = new[on].assign(_n=new.groupby(on, sort=False).cumcount(), _new=new.index)
    return left.merge(right, on=[*on, "_n"], how="inner")[["_old", "_new"]]


def _closest_pairs(old: pd.DataFrame, new: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    """(old index, new index) of rows equal in `on`, each new row with the old one that
    differs from it in the fewest cells. Keys held by one row on each side (nearly all)
    pair in one merge; the few keys with several rows pair greedily, closest first."""
    left = old[on].assign(_old=old.index, _count=old.groupby(on, sort=False)[on[0]]
                          .transform("size"))
    right = new[on].assign(_new=new.index, _count=new.groupby(on, sort=False)[on[0]]
                           .transform("size"))
    merged = left.merge(right, on=on, how="inner", suffixes=("_l", "_r"))
    single = (merged["_count_l"] == 1) & (merged["_count_r"] == 1)
    pairs = [merged.loc[single, ["_old", "_new"]]]
    several = merged.loc[~single, ["_old", "_new"]]
    if len(several):
        costs = sorted(
            (int((old.loc[a].to_numpy() != new.loc[b].to_numpy()).sum()), a, b)
            for a, b in several.itertuples(index=False))
        taken_old: set[Any] = set()
        taken_new: set[Any] = set()
        chosen = []
        for _, a, b in costs:
            if a not in taken_old and b not in taken_new:
                taken_old.add(a)
                taken_new.add(b)
                chosen.append((a, b))
        pairs.append(pd.DataFrame(chosen, columns=["_old", "_new"]))
    return pd.concat(pairs, ignore_index=True)


def dataset_changes(dataset: str, before: pd.DataFrame | None, after: pd.DataFrame | None
                    ) -> dict[str, DatasetChanges]:
    """Per cluster: the rows of one dataset added, removed and changed."""
    columns = list(MODELS[dataset].to_schema().columns)
    empty = pd.DataFrame(columns=[*columns, FILE_COLUMN, ROW_COLUMN])
    old = (before if before is not None else empty).reset_index(drop=True)
    new = (after if after is not None else empty).reset_index(drop=True)
    old_text, new_text = _as_text(old, columns), _as_text(new, columns)
    same = _pairs(old_text, new_text, columns)
    old_left = old_text.drop(index=pd.Index(same["_old"]))
    new_left = new_text.drop(index=pd.Index(same["_new"]))
    keyed = _closest_pairs(old_left, new_left,
                           ["cluster_id", *NATURAL_KEYS.get(dataset, ())])
    found: dict[str, DatasetChanges] = {}

    def of(cluster: str) -> DatasetChanges:
        return found.setdefault(cluster, DatasetChanges())

    for previous, index in keyed.sort_values("_new").itertuples(index=False):
        differ = old_text.loc[previous].to_numpy() != new_text.loc[index].to_numpy()
        cells = tuple((column, str(old_text.at[previous, column]),
                       str(new_text.at[index, column]))
                      for column, changed in zip(columns, differ, strict=True) if changed)
        of(str(new_text.at[index, "cluster_id"])).changed.append(
            RowChange(_place(new, index), new_text.loc[index].to_dict(), cells))
    for index in new_left.index.difference(keyed["_new"]):
        of(str(new_text.at[index, "cluster_id"])).added.append(
            RowChange(_place(new, index), new_text.loc[index].to_dict()))
    for index in old_left.index.difference(keyed["_old"]):
        of(str(old_text.at[index, "cluster_id"])).removed.append(
            RowChange(_place(old, index), old_text.loc[index].to_dict()))
    return {cluster: changes for cluster, changes in found.items() if changes}


def input_changes(before: Mapping[str, pd.DataFrame], after: Mapping[str, pd.DataFrame],
                  rejected: pd.DataFrame | None = None) -> dict[str, dict[str, DatasetChanges]]:
    """Per cluster, per dataset: what changed between two sets of valid rows. With the
    rows the new inputs set aside (REJECTED_COLUMNS), a row gone from its place where a
    row is now set aside is "set aside", with its problem, not "removed"."""
    problems: dict[tuple[str, str, str, int], tuple[str, str]] = {}
    if rejected is not None and len(rejected):
        for record in rejected.to_dict("records"):
            problems.setdefault((str(record["dataset"]), str(record["file"]),
                                 str(record["sheet"] or ""), int(str(record["row"]))),
                                (str(record["problem"]), str(record["problem_code"])))
    found: dict[str, dict[str, DatasetChanges]] = {}
    for dataset in MODELS:
        if dataset not in before and dataset not in after:
            continue
        for cluster, changes in dataset_changes(dataset, before.get(dataset),
                                                after.get(dataset)).items():
            for gone in list(changes.removed):
                problem = problems.get((dataset, gone.place.file, gone.place.sheet,
                                        gone.place.row))
                if problem is not None:
                    changes.removed.remove(gone)
                    changes.set_aside.append(RowChange(gone.place, gone.values, (), *problem))
            found.setdefault(cluster, {})[dataset] = changes
    return found
