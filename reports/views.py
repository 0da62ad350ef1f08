"""View data for the HTML reports: everything computed here, templates only loop."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import pandas as pd

from reports.messages import MESSAGES, SYMBOLS
from scoring.criteria import TITLES
from scoring.model import ClusterResult, Status, Verdict
from scoring.period import Period
from scoring.text import en_date, fi_date


def cluster_page(cluster_id: str) -> str:
    """The cluster report's file name; the prefix keeps an id like 'index' harmless."""
    return f"cluster-{cluster_id}.html"


def _date(lang: str, day: Any) -> str:
    return en_date(day) if lang == "en" else fi_date(day)


def _badge(lang: str, code: str, prefix: str) -> dict[str, str]:
    return {"code": code, "symbol": SYMBOLS[code], "label": MESSAGES[lang][f"{prefix}_{code}"]}


@dataclass(frozen=True)
class ReportContext:
    """What every page shows in its header."""

    period: Period
    lang: str
    program_version: str

    def common(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "t": MESSAGES[self.lang],
            "period_label": self.period.label,
            "as_of": _date(self.lang, self.period.as_of),
            "window": f"{_date(self.lang, self.period.window_start)} – "
            f"{_date(self.lang, self.period.as_of)}",
            "program_version": self.program_version,
        }


def portfolio_view(
    ctx: ReportContext, results: list[ClusterResult], row_counts: dict[str, dict[str, int]]
) -> dict[str, Any]:
    lang = ctx.lang
    statuses = Counter(c.status.value for r in results for c in r.criteria)
    verdicts = Counter(r.verdict.value for r in results)
    return {
        **ctx.common(),
        "title": MESSAGES[lang]["portfolio_title"],
        "criteria": [{"id": cid, "title": title.get(lang)} for cid, title in TITLES.items()],
        "clusters": [
            {
                "id": r.cluster_id,
                "name": r.name,
                "page": cluster_page(r.cluster_id),
                "verdict": _badge(lang, r.verdict.value, "verdict"),
                "cells": [_badge(lang, c.status.value, "status") for c in r.criteria],
            }
            for r in results
        ],
        "status_counts": [
            {**_badge(lang, s.value, "status"), "count": statuses.get(s.value, 0)}
            for s in Status
        ],
        "verdict_counts": [
            {**_badge(lang, v.value, "verdict"), "count": verdicts.get(v.value, 0)}
            for v in Verdict
        ],
        "data_quality": [
            {"dataset": dataset, **counts} for dataset, counts in row_counts.items()
        ],
    }


def cluster_view(
    ctx: ReportContext, result: ClusterResult, rejected: pd.DataFrame
) -> dict[str, Any]:
    lang = ctx.lang
    own = rejected[rejected["cluster_id"] == result.cluster_id]
    return {
        **ctx.common(),
        "title": f"{MESSAGES[lang]['cluster_title']}: {result.name}",
        "cluster": {"id": result.cluster_id, "name": result.name},
        "verdict": _badge(lang, result.verdict.value, "verdict"),
        "criteria": [
            {
                "id": c.id,
                "title": TITLES[c.id].get(lang),
                "status": _badge(lang, c.status.value, "status"),
                "value": "" if c.value is None else str(c.value),
                "threshold": c.threshold.get(lang),
                "reason": c.reason.get(lang),
                "next_step": c.next_step.get(lang) if c.next_step else "",
                "evidence": [e.as_dict() for e in c.evidence],
            }
            for c in result.criteria
        ],
        "rejected": own[["dataset", "file", "row", "column", "value", "problem"]].to_dict(
            orient="records"
        ),
    }
