"""The evidence helpers every criterion shares."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from scoring.evidence import Evidence, facts
from scoring.prepared import first_rows, last_rows


@pytest.mark.parametrize(("parts", "expected"), [
    (("signed", " verified "), "signed · verified"),
    ((pd.Timestamp("2026-03-04 10:00"), date(2026, 5, 6)), "2026-03-04 · 2026-05-06"),
    ((None, float("nan"), np.float64("nan"), pd.NA, pd.NaT, "", "  "), ""),
    ((12, np.int64(3), 2.5), "12 · 3 · 2.5"),
])
def test_facts_show_only_what_is_there(parts, expected):
    shown = facts(*parts)
    assert Evidence("f.csv", 2, facts=shown).detail == expected
    # A pandas cell becomes Python's own value, which results.json can hold.
    assert not any(type(fact).__module__ == "numpy" for fact in shown)


def test_first_and_last_rows_per_cluster_with_empty_cells_as_none():
    rows = pd.DataFrame({
        "cluster_id": ["a", "b", "a", "a"],
        "date": pd.to_datetime(["2026-03-01", "2026-01-01", "2026-01-01", "2026-03-01"]),
        "note": ["x", None, "y", "z"],
        "count": pd.array([1, None, 3, 4], dtype="Int64"),
        "_file": "f.csv",
        "_row": [2, 3, 4, 5],
    })
    first = first_rows(rows, ["date"])
    assert [r["_row"] for r in first["a"]] == [4, 2, 5]
    assert first["b"][0]["note"] is None and first["b"][0]["count"] is None
    last = last_rows(rows, ["date"])
    assert {cluster: [r["_row"] for r in found] for cluster, found in last.items()} == \
        {"a": [5], "b": [3]}
