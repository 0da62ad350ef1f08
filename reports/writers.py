"""The period folder's files: results.json, results.csv, rejected.csv, manifest.json, HTML."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import orjson
import pandas as pd

from reports.changes import ClusterChanges
from reports.history import History
from reports.messages import problem_text, say, spoken, worded
from reports.pages import Files, PageSettings, languages_of, render_share, shares, write_files
from reports.views import Revision
from reports.wording import evidence
from scoring.criteria import TITLES
from scoring.evidence import Evidence
from scoring.model import ClusterResult
from scoring.period import Period

RESULTS_CSV_COLUMNS = [
    "period", "as_of", "cluster_id", "cluster_name", "verdict", "criterion", "title", "status",
    "value", "threshold", "reason", "next_step", "evidence", "holds_until", "drops_to",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def results_document(period: Period, lang: str, results: list[ClusterResult],
                     changes: Mapping[str, ClusterChanges] | None = None) -> dict[str, Any]:
    """results.json: deterministic (no timestamps), so the same inputs give the same bytes.
    `changes`: per cluster, what changed since the previous revision of the period (null
    in the first revision, or when that revision's inputs could not be read again)."""
    asked = tuple(languages_of(lang))  # reason_fi, reason_en, and reason_sv when asked
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
        "clusters": [{**worded(result.as_dict(), lang, asked),
                      "changes": changes[result.cluster_id].as_dict()
                      if changes and result.cluster_id in changes else None}
                     for result in results],
    }


def write_json(path: Path, document: dict[str, Any]) -> None:
    """UTF-8, two-space indent, a final newline: the bytes json.dumps(ensure_ascii=False,
    indent=2) gives, written by orjson (a tenth of the time for 2,000 clusters)."""
    path.write_bytes(orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n")


def write_results_csv(path: Path, period: Period, lang: str, results: list[ClusterResult]) -> None:
    """results.csv: the sentences and the evidence in the report's language (English under
    "both" or a list, as results.json's plain `reason`)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(RESULTS_CSV_COLUMNS)
        for result in results:
            for c in result.criteria:
                row = [
                    period.label, period.as_of.isoformat(), result.cluster_id, result.name,
                    result.verdict.value, c.id, say(TITLES[c.id], lang), c.status.value,
                    "" if c.value is None else c.value, say(c.threshold, lang), say(c.reason, lang),
                    say(c.next_step, lang) if c.next_step else "",
                    evidence_cell(c.evidence, lang),
                    c.shown_hold[0].isoformat() if c.shown_hold[0] else "",
                    c.shown_hold[1].value if c.shown_hold[1] else "",
                ]
                writer.writerow([spreadsheet_safe(cell) for cell in row])


def evidence_cell(items: Iterable[Evidence], lang: str) -> str:
    """The evidence in one cell, in the language of the sentences beside it."""
    worded = (evidence(item, spoken(lang)) for item in items)
    return " | ".join(f"{shown['source']}: {shown['detail']}" for shown in worded)


LABELS_CSV_COLUMNS = [
    "period", "as_of", "cluster_id", "cluster_name", "item", "status", "value", "threshold",
    "reason", "next_step", "evidence",
]


def write_labels_csv(path: Path, period: Period, lang: str, results: list[ClusterResult]
                     ) -> None:
    """labels.csv: per cluster the ECCP eligibility, each requirement, and the label's
    validity, a row each (the spreadsheet view of results.json's `labels`)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(LABELS_CSV_COLUMNS)
        for result in results:
            if result.labels is None:
                continue
            document = worded(result.labels.as_dict(), lang)
            start = [period.label, period.as_of.isoformat(), result.cluster_id, result.name]
            label = document["label"]
            rows = [[*start, "eccp", document["eccp"]["status"], "", "", "", "", ""]]
            rows += [[*start, r["id"], r["status"], "" if r["value"] is None else r["value"],
                      r["threshold"], r["reason"], r["next_step"] or "",
                      evidence_cell(map(Evidence.from_dict, r["evidence"]), lang)]
                     for r in document["eccp"]["requirements"]]
            rows.append([*start, "label", label["validity"], label["level"] or "",
                         label["valid_until"] or "", label["reason"],
                         label["next_step"] or "", ""])
            writer.writerows([[spreadsheet_safe(cell) for cell in row] for row in rows])


def write_rejected_csv(path: Path, rejected: pd.DataFrame, lang: str = "en") -> None:
    """rejected.csv; beside the English `problem`, `problem_<lang>` in the report's
    language when that is not English (the problem_code the words come from stays out)."""
    words = [problem_text(str(code), lang) for code in rejected["problem_code"]]
    rejected = rejected.drop(columns="problem_code")
    if lang != "en":
        rejected.insert(list(rejected.columns).index("problem") + 1, f"problem_{lang}", words)
    safe = rejected.map(spreadsheet_safe)
    safe.to_csv(path, index=False, encoding="utf-8-sig")


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
    """The portfolio and cluster reports, rendered here in one piece (the flow renders
    the same shares as tasks); a second language goes in its own subfolder."""
    settings = PageSettings(period, lang, program_version, history, pdf, revision)
    files: Files = {}
    for share in shares(settings, results, rejected, row_counts, parts=1):
        files.update(render_share(share))
    return write_files(folder, files)
