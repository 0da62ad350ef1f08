"""The period folder's files: results.json, results.csv, rejected.csv, manifest.json, HTML."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

from reports.history import History
from reports.render import render
from reports.views import ReportContext, Revision, cluster_page, cluster_view, portfolio_view
from scoring.criteria import TITLES
from scoring.model import ClusterResult
from scoring.period import Period

RESULTS_CSV_COLUMNS = [
    "period", "as_of", "cluster_id", "cluster_name", "verdict", "criterion", "title", "status",
    "value", "threshold", "reason", "next_step", "evidence",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def results_document(period: Period, lang: str, results: list[ClusterResult]) -> dict[str, Any]:
    """results.json: deterministic (no timestamps), so the same inputs give the same bytes."""
    return {
        "period": period.label,
        "as_of": period.as_of.isoformat(),
        "window_start": period.window_start.isoformat(),
        "language": lang,
        "summary": {
            "clusters": len(results),
            "verdicts": dict(sorted(Counter(r.verdict.value for r in results).items())),
            "statuses": dict(
                sorted(Counter(c.status.value for r in results for c in r.criteria).items())
            ),
        },
        "clusters": [result.as_dict(lang) for result in results],
    }


def write_json(path: Path, document: dict[str, Any]) -> None:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_results_csv(path: Path, period: Period, lang: str, results: list[ClusterResult]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(RESULTS_CSV_COLUMNS)
        for result in results:
            for c in result.criteria:
                row = [
                    period.label, period.as_of.isoformat(), result.cluster_id, result.name,
                    result.verdict.value, c.id, TITLES[c.id].get(lang), c.status.value,
                    "" if c.value is None else c.value, c.threshold.get(lang), c.reason.get(lang),
                    c.next_step.get(lang) if c.next_step else "",
                    " | ".join(f"{e.source}: {e.detail}" for e in c.evidence),
                ]
                writer.writerow([spreadsheet_safe(cell) for cell in row])


def write_rejected_csv(path: Path, rejected: pd.DataFrame) -> None:
    safe = rejected.map(spreadsheet_safe)
    safe.to_csv(path, index=False, encoding="utf-8-sig")


def languages_of(lang: str) -> list[str]:
    """'fi', 'en' or 'both' (Finnish first): the reports' languages, the first at the top."""
    return ["fi", "en"] if lang == "both" else [lang]


def write_html(
    folder: Path,
    period: Period,
    lang: str,
    results: list[ClusterResult],
    rejected: pd.DataFrame,
    row_counts: dict[str, dict[str, int]],
    history: History,
    program_version: str,
    pdf: bool = False,
    revision: Revision | None = None,
) -> list[Path]:
    """The portfolio and cluster reports; a second language goes in its own subfolder."""
    languages = languages_of(lang)
    pages = []
    for n, language in enumerate(languages):
        target = folder if n == 0 else folder / language
        target.mkdir(exist_ok=True)
        other = None
        if len(languages) > 1:
            other = f"{languages[1]}/" if n == 0 else "../"
        ctx = ReportContext(period, language, program_version, history, other, pdf, revision)
        index = target / "index.html"
        index.write_text(render("index.html.j2", portfolio_view(ctx, results, row_counts,
                                                                 rejected)), encoding="utf-8")
        pages.append(index)
        # Each cluster's own rows set aside, split once rather than filtered per page.
        by_cluster = dict(tuple(rejected.groupby("cluster_id", sort=False)))
        for result in results:
            page = target / cluster_page(result.cluster_id)
            own = by_cluster.get(result.cluster_id, rejected.iloc[0:0])
            page.write_text(render("cluster.html.j2", cluster_view(ctx, result, own)),
                            encoding="utf-8")
            pages.append(page)
    return pages
