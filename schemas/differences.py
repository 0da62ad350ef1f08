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

from collections.abc import Mapping
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
class ChangedRow:
    """One row in both inputs, its cells changed: (column, before, after) each."""

    where: str  # the new row's file, sheet and row
    cells: tuple[tuple[str, str, str], ...]


@dataclass
class DatasetChanges:
    added: list[dict[str, str]] = field(default_factory=list)  # the new rows, as text
    removed: list[dict[str, str]] = field(default_factory=list)  # the old rows, as text
    changed: list[ChangedRow] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def as_dict(self) -> dict[str, Any]:
        return {"added": self.added, "removed": self.removed,
                "changed": [{"row": c.where, "cells": [
                    {"column": column, "before": before, "after": after}
                    for column, before, after in c.cells]} for c in self.changed]}


def _as_text(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The contract columns as comparable text ("" for empty; dates as ISO days)."""
    shown = {}
    for column in columns:
        values = frame[column] if column in frame else pd.Series([None] * len(frame),
                                                                 index=frame.index)
        if pd.api.types.is_datetime64_any_dtype(values):
            text = values.dt.strftime("%Y-%m-%d")
        else:
            text = values.astype("object").where(values.notna(), None).map(
                lambda value: "" if value is None else str(value))
        shown[column] = text.fillna("").astype("str")
    return pd.DataFrame(shown, index=frame.index)


def _where(frame: pd.DataFrame, index: Any) -> str:
    row = frame.loc[index]
    sheet = row.get(SHEET_COLUMN) if SHEET_COLUMN in frame else ""
    place = f"{row[FILE_COLUMN]} sheet {sheet}" if sheet else str(row[FILE_COLUMN])
    return f"{place} row {row[ROW_COLUMN]}"


def _pairs(old: pd.DataFrame, new: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    """(old index, new index) of rows equal in `on`, the n-th of a kind with the n-th:
    one vectorised merge, duplicates paired one to one."""
    left = old[on].assign(_n=old.groupby(on, sort=False).cumcount(), _old=old.index)
    right = new[on].assign(_n=new.groupby(on, sort=False).cumcount(), _new=new.index)
    return left.merge(right, on=[*on, "_n"], how="inner")[["_old", "_new"]]


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
    keyed = _pairs(old_left, new_left, ["cluster_id", *NATURAL_KEYS.get(dataset, ())])
    found: dict[str, DatasetChanges] = {}

    def of(cluster: str) -> DatasetChanges:
        return found.setdefault(cluster, DatasetChanges())

    for previous, index in keyed.sort_values("_new").itertuples(index=False):
        differ = old_text.loc[previous].to_numpy() != new_text.loc[index].to_numpy()
        cells = tuple((column, str(old_text.at[previous, column]),
                       str(new_text.at[index, column]))
                      for column, changed in zip(columns, differ, strict=True) if changed)
        of(str(new_text.at[index, "cluster_id"])).changed.append(ChangedRow(_where(new, index),
                                                                      cells))
    for index in new_left.index.difference(keyed["_new"]):
        of(str(new_text.at[index, "cluster_id"])).added.append(
            {"row": _where(new, index), **new_text.loc[index].to_dict()})
    for index in old_left.index.difference(keyed["_old"]):
        of(str(old_text.at[index, "cluster_id"])).removed.append(
            {"row": _where(old, index), **old_text.loc[index].to_dict()})
    return {cluster: changes for cluster, changes in found.items() if changes}


def input_changes(before: Mapping[str, pd.DataFrame], after: Mapping[str, pd.DataFrame]
                  ) -> dict[str, dict[str, DatasetChanges]]:
    """Per cluster, per dataset: what changed between two sets of valid rows."""
    found: dict[str, dict[str, DatasetChanges]] = {}
    for dataset in MODELS:
        if dataset not in before and dataset not in after:
            continue
        for cluster, changes in dataset_changes(dataset, before.get(dataset),
                                                after.get(dataset)).items():
            found.setdefault(cluster, {})[dataset] = changes
    return found
