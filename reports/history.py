"""Earlier evaluations, read from the earlier period folders' results.json: what changed
since the previous quarter, and each cluster's trend over up to eight quarters."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scoring.model import ClusterResult, Status
from scoring.period import Period, quarter_end

TREND_QUARTERS = 8


@dataclass(frozen=True)
class Snapshot:
    """One period's verdict and statuses per cluster."""

    label: str
    verdicts: dict[str, str]
    statuses: dict[str, dict[str, str]]
    names: dict[str, str] = field(default_factory=dict)
    # The label held and its validity per cluster (validity, level, valid until), when the
    # period recorded it: the road to the label's trend.
    labels: dict[str, tuple[str, str | None, str | None]] = field(default_factory=dict)

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> Snapshot:
        clusters = document.get("clusters", [])
        return cls(
            label=str(document["period"]),
            verdicts={c["cluster_id"]: c["verdict"] for c in clusters},
            statuses={c["cluster_id"]: {k["id"]: k["status"] for k in c["criteria"]}
                      for c in clusters},
            names={c["cluster_id"]: c["name"] for c in clusters},
            labels={c["cluster_id"]: _label_of(c["labels"]) for c in clusters
                    if isinstance(c.get("labels"), dict)},
        )

    @classmethod
    def from_results(cls, label: str, results: list[ClusterResult]) -> Snapshot:
        return cls(
            label=label,
            verdicts={r.cluster_id: r.verdict.value for r in results},
            statuses={r.cluster_id: {c.id: c.status.value for c in r.criteria} for r in results},
            names={r.cluster_id: r.name for r in results},
            labels={r.cluster_id: _label_of(r.labels.as_dict()) for r in results
                    if r.labels is not None},
        )


def _label_of(labels: dict[str, Any]) -> tuple[str, str | None, str | None]:
    label = labels.get("label") or {}
    return (str(label.get("validity") or "unknown"), label.get("level"),
            label.get("valid_until"))


@dataclass(frozen=True)
class ClusterChange:
    cluster_id: str
    name: str
    new: bool
    # ("verdict" or a criterion id, before, after)
    items: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class History:
    """The previous quarter (if published) and up to eight quarters, oldest first."""

    previous: Snapshot | None
    quarters: tuple[Snapshot, ...]

    def changes(self, current: Snapshot) -> dict[str, ClusterChange]:
        """Per cluster that changed (or is new) since the previous quarter."""
        if self.previous is None:
            return {}
        found = {}
        for cluster_id, verdict in current.verdicts.items():
            before = self.previous.statuses.get(cluster_id)
            name = current.names.get(cluster_id, cluster_id)
            if before is None:
                found[cluster_id] = ClusterChange(cluster_id, name, True, ())
                continue
            items = []
            old_verdict = self.previous.verdicts[cluster_id]
            if old_verdict != verdict:
                items.append(("verdict", old_verdict, verdict))
            for criterion, status in current.statuses[cluster_id].items():
                old = before.get(criterion)
                if old is not None and old != status:
                    items.append((criterion, old, status))
            if items:
                found[cluster_id] = ClusterChange(cluster_id, name, False, tuple(items))
        return found

    def trend(self, cluster_id: str) -> list[tuple[str, dict[str, int]]]:
        """(period, count of each status) for the quarters that evaluated the cluster."""
        rows = []
        for snapshot in self.quarters:
            statuses = snapshot.statuses.get(cluster_id)
            if statuses is None:
                continue
            counts = {status.value: 0 for status in Status}
            for status in statuses.values():
                counts[status] = counts.get(status, 0) + 1
            rows.append((snapshot.label, counts))
        return rows


def label_trend(history: History, cluster_id: str
                ) -> list[tuple[str, tuple[str, str | None, str | None]]]:
    """(period, (validity, level, valid until)) for the quarters that recorded the label."""
    return [(snapshot.label, snapshot.labels[cluster_id]) for snapshot in history.quarters
            if cluster_id in snapshot.labels]


def earlier_quarters(period: Period, count: int) -> list[str]:
    """Labels of the `count` quarters before the period's as-of date, newest first."""
    year, quarter = period.as_of.year, (period.as_of.month - 1) // 3 + 1
    if quarter_end(year, quarter) == period.as_of:  # the period is this quarter itself
        quarter -= 1
    labels = []
    for _ in range(count):
        if quarter == 0:
            year, quarter = year - 1, 4
        labels.append(f"{year}-Q{quarter}")
        quarter -= 1
    return labels


def load_snapshot(out_root: Path, label: str) -> Snapshot | None:
    path = out_root / label / "results.json"
    try:
        return Snapshot.from_document(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # never published, or not ours: no history from it
