"""What changed since the previous revision of a period, per cluster, and why: each status
change with this cluster's rows that changed in the datasets its criterion reads. The rows
come from schemas/differences.py, what a criterion reads from its declaration (`reads`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reports.formats import format_day, format_value
from reports.history import History, Snapshot
from reports.messages import MESSAGES, code_word, column_name, problem_text
from schemas.differences import NATURAL_KEYS, DatasetChanges, Place, RowChange
from schemas.spec import column_specs
from scoring.criteria import registered
from scoring.datasets import DATASETS

# What names a row in a sentence, where its natural key does not (the register's row).
ROW_NAMES = {"clusters": ("name",), "agreements": ("member_name", "business_id")}


@dataclass(frozen=True)
class StatusChange:
    what: str  # "verdict" or a criterion id
    before: str
    after: str
    explained_by: tuple[str, ...]  # the datasets read whose rows of this cluster changed


@dataclass(frozen=True)
class ClusterChanges:
    """One cluster's changes against the previous revision of the same period and folder."""

    cluster_id: str
    previous_revision: int
    new: bool  # not in the previous revision
    statuses: tuple[StatusChange, ...]
    rows: Mapping[str, DatasetChanges]  # dataset -> this cluster's rows that changed

    def as_dict(self) -> dict[str, Any]:
        return {
            "previous_revision": self.previous_revision,
            "new_cluster": self.new,
            "statuses": [{"id": s.what, "before": s.before, "after": s.after,
                          "explained_by": list(s.explained_by)} for s in self.statuses],
            "rows": {dataset: changes.as_dict() for dataset, changes in self.rows.items()},
        }


def explaining(criterion: str, rows: Mapping[str, DatasetChanges]) -> tuple[str, ...]:
    """The datasets whose changed rows can explain a criterion's new status: those it
    reads, the register's row where a column it reads changed (or the row came or went),
    and the decisions on that criterion."""
    declared = {c.id: c for c in registered()}.get(criterion)
    found = {dataset for dataset in (declared.reads if declared else ()) if rows.get(dataset)}
    register = rows.get("clusters")
    columns = set(declared.register_columns if declared else ())
    if register and (register.added or register.removed or any(
            column in columns for row in register.changed for column, _, _ in row.cells)):
        found.add("clusters")
    decisions = rows.get("decisions")
    if decisions and decisions.where(lambda row: row.values.get("criterion") == criterion):
        found.add("decisions")
    return tuple(dataset for dataset in DATASETS if dataset in found)


def revision_changes(previous: Snapshot, previous_revision: int, current: Snapshot,
                     rows: Mapping[str, Mapping[str, DatasetChanges]]
                     ) -> dict[str, ClusterChanges]:
    """Per cluster of `current`: its status changes and its rows that changed."""
    status_changes = History(previous, ()).changes(current)
    found = {}
    for cluster_id in current.verdicts:
        own = {dataset: changes for dataset, changes in rows.get(cluster_id, {}).items()
               if changes}
        change = status_changes.get(cluster_id)
        items = change.items if change else ()
        criteria = [StatusChange(what, before, after, explaining(what, own))
                    for what, before, after in items if what != "verdict"]
        verdict = [StatusChange(what, before, after, tuple(
            dataset for dataset in DATASETS
            if any(dataset in c.explained_by for c in criteria)))
            for what, before, after in items if what == "verdict"]
        found[cluster_id] = ClusterChanges(cluster_id, previous_revision,
                                           bool(change and change.new),
                                           (*verdict, *criteria), own)
    return found


def console_line(period: str, number: int, previous: int | None,
                 changes: Mapping[str, ClusterChanges] | None, gone: Sequence[str] = (),
                 where: str = "", shown: int = 5) -> str:
    """The command line's "Revision 2 of 2026-Q3 (against revision 1): ... (...)".
    `gone`: the clusters the previous revision evaluated and this one does not; `where`:
    the folder, when it is not the period's own (a subset's revisions are its own)."""
    head = f"Revision {number} of {period}{where}"
    if previous is None:
        return f"{head}: the first."
    if changes is None:
        return (f"{head}: the rows that changed since revision {previous} could not be "
                "read again (see the log).")
    items = [f"{cluster} {s.what} {s.before.replace('_', ' ')} -> {s.after.replace('_', ' ')}"
             for cluster, found in changes.items() for s in found.statuses]
    criteria = sum(1 for found in changes.values() for s in found.statuses
                   if s.what != "verdict")
    verdicts = len(items) - criteria
    rows = sum(len(found.rows()) for c in changes.values() for found in c.rows.values())
    new = [cluster for cluster, found in changes.items() if found.new]
    parts = [f"{criteria} criterion status{'' if criteria == 1 else 'es'} and {verdicts} "
             f"verdict{'' if verdicts == 1 else 's'} changed",
             f"{rows} input row{'' if rows == 1 else 's'} changed"]
    if new:
        parts.append(f"new: {', '.join(new)}")
    if gone:
        parts.append(f"no longer evaluated: {', '.join(gone)}")
    line = f"{head} (against revision {previous}): {'; '.join(parts)}"
    if not items:
        return line + "."
    listed = "; ".join(items[:shown]) + (f"; and {len(items) - shown} more"
                                         if len(items) > shown else "")
    return f"{line} ({listed}); `clustereval history --cluster ID --changes` says why."


def row_sentence(lang: str, dataset: str, kind: str, row: RowChange) -> str:
    """One row's change for a reader: what the row is, where it stands, its cells."""
    words = MESSAGES[lang]
    kinds = {spec.name: spec.kind for spec in column_specs(dataset)}
    if kind == "set_aside" and not row.problem:  # removed, or among the rows to fix
        kind = "set_aside_or_removed"
    return words[f"row_{kind}"].format(
        what=_row_name(lang, dataset, row.values, kinds), where=place_text(lang, row.place),
        problem=problem_text(row.problem_code, lang) if row.problem_code else "",
        cells="; ".join(words["row_cell"].format(
            column=column_name(column, lang),
            before=_cell(lang, before, kinds.get(column, "text")),
            after=_cell(lang, after, kinds.get(column, "text")))
            for column, before, after in row.cells))


def place_text(lang: str, place: Place) -> str:
    words = MESSAGES[lang]
    return (words["ev_sheet_row"].format(file=place.file, sheet=place.sheet, row=place.row)
            if place.sheet else words["ev_row"].format(file=place.file, row=place.row))


def _row_name(lang: str, dataset: str, values: Mapping[str, str], kinds: Mapping[str, str]
              ) -> str:
    columns = ROW_NAMES.get(dataset) or NATURAL_KEYS.get(dataset, ())
    return ", ".join(_cell(lang, values[column], kinds.get(column, "text"))
                     for column in columns if values.get(column)) \
        or MESSAGES[lang]["row_unnamed"]


def _cell(lang: str, value: str, kind: str = "text") -> str:
    """A cell in the reader's words: dates and numbers as the language writes them,
    truth values as yes or no, codes as the reports name them."""
    words = MESSAGES[lang]
    if not value:
        return words["row_empty"]
    if kind == "date":
        day = date.fromisoformat(value[:10])
        return format_day(day, lang)
    if kind == "boolean":
        return words["tpl_yes" if value == "true" else "tpl_no"]
    if kind in ("integer", "number"):
        try:
            return format_value(float(value), lang)
        except ValueError:
            return value
    if kind == "code":
        return code_word(value, lang) or words.get(f"level_{value}") or value
    return value
