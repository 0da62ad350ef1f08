"""The planned rows a date rests on: rows dated after the as-of date (a members' event
planned for November, a website check already made) that keep a status beyond it. A
"holds until" date that rests on such a row is checked against that row, so the report
shows it, marked as planned."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from scoring.evidence import Evidence, coded
from scoring.prepared import MAX_EVIDENCE_ROWS
from scoring.text import say

# Per dataset: the date that makes a row planned (the latest of these), and what to show.
PLANNED_FACTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "agreements": (("signed_on", "valid_from"), ("member_name", "agreement_type")),
    "activities": (("date",), ("title", "kind", "audience")),
    "dialogue": (("date",), ("kind", "summary")),
    "evaluations": (("date",), ("kind", "evaluator")),
    "website_checks": (("checked_at",), ("url",)),
}
PLANNED = say("ev_planned")  # the fact that marks a row as planned
CODED = {"agreement_type", "kind", "audience"}  # said by the catalogue (code_<value>)


def planned_rows(datasets: Mapping[str, pd.DataFrame | None], as_of: date) -> pd.DataFrame:
    """Every row dated after `as_of`, with its dataset, day and evidence, soonest first."""
    pieces = []
    for name, (dates, shown) in PLANNED_FACTS.items():
        frame = datasets.get(name)
        if frame is None or frame.empty:
            continue
        present = [column for column in dates if column in frame]
        day = frame[present].max(axis=1)
        later = frame[(day > pd.Timestamp(as_of)).to_numpy(dtype=bool)]
        if later.empty:
            continue
        pieces.append(pd.DataFrame({
            "cluster_id": later["cluster_id"].astype("str").to_numpy(),
            "dataset": name,
            "day": day[later.index].dt.date.to_numpy(),
            "evidence": [Evidence.of_row(
                row, row_day.date(),
                *(coded(row.get(column)) if column in CODED else row.get(column)
                  for column in shown), PLANNED)
                for (_, row), row_day in zip(later.iterrows(), day[later.index], strict=True)],
        }))
    if not pieces:
        return pd.DataFrame(columns=["cluster_id", "dataset", "day", "evidence"])
    return pd.concat(pieces, ignore_index=True).sort_values(["cluster_id", "day"],
                                                            kind="stable")


def resting_on(planned: pd.DataFrame, cluster_id: str, reads: tuple[str, ...], as_of: date,
               holds_until: date) -> tuple[Evidence, ...]:
    """The planned rows of the datasets a criterion reads, dated after `as_of` and no later
    than `holds_until`: what that date may rest on."""
    if planned.empty:
        return ()
    mine = planned[(planned["cluster_id"] == cluster_id) & planned["dataset"].isin(reads)
                   & (planned["day"] > as_of) & (planned["day"] <= holds_until)]
    return tuple(mine["evidence"].head(MAX_EVIDENCE_ROWS))
