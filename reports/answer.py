"""The answer to a returned workbook (`clustereval intake`), in the cluster's language: an
HTML page and a CSV. Every problem by sheet, row and column with what to write instead;
what changed against the cluster's previous filed workbook; the statuses the evaluation
would give now."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from babel.lists import format_list

from ingest.configuration import ColumnConfig
from reports.changes import row_sentence
from reports.formats import format_day, locale_of
from reports.messages import MESSAGES, SYMBOLS, problem_text, say
from reports.render import render
from reports.workbook import column_help, header, sheet_name
from schemas.intake import OTHER_CLUSTER, WorkbookCheck
from schemas.spec import column_specs
from scoring.criteria import TITLES
from scoring.model import ClusterResult

ANSWER_CSV_COLUMNS = ["sheet", "row", "column", "value", "problem", "write_instead"]


@dataclass(frozen=True)
class Answer:
    html: Path
    csv: Path


def problem_rows(check: WorkbookCheck, lang: str, columns: ColumnConfig
                 ) -> list[dict[str, Any]]:
    """Each problem: the sheet and header as the workbook shows them, what to write."""
    words = MESSAGES[lang]
    rows = []
    for problem in check.problems.to_dict("records"):
        dataset, column = str(problem["dataset"]), str(problem["column"] or "")
        specs = {spec.name: spec for spec in column_specs(dataset)}
        text = (words["ans_other_cluster"].format(cluster=problem["value"],
                                                  own=check.cluster_id)
                if problem["problem_code"] == OTHER_CLUSTER.code
                else problem_text(str(problem["problem_code"]), lang))
        rows.append({
            "sheet": problem["sheet"] or sheet_name(dataset, lang, columns),
            "row": int(problem["row"]),
            "column": header(column, lang, columns) if column else "",
            "value": "" if problem["value"] is None else str(problem["value"]),
            "problem": text,
            "write_instead": column_help(specs[column], lang, columns, check.cluster_id,
                                     words["tpl_indicators_sheet"])
            if column in specs else "",
        })
    return rows


def write_answer(folder: Path, check: WorkbookCheck, result: ClusterResult, today: date,
                 lang: str, columns: ColumnConfig, outcome: str) -> Answer:
    """answer.html and answer.csv in `folder`; `outcome` is the ans_* key of what
    became of the workbook (filed, filed_with_problems, not_filed, dry_run)."""
    words = MESSAGES[lang]
    day = format_day(today, lang)
    problems = problem_rows(check, lang, columns)
    folder.mkdir(parents=True, exist_ok=True)
    view = {
        "lang": lang, "_": lambda key: words[key],
        "title": f"{words['ans_title']}: {result.name}",
        "checked": words["ans_workbook"].format(file=check.workbook.name, name=result.name,
                                                date=day),
        "outcome": words[f"ans_{outcome}"],
        "problems": problems,
        "duplicates": words["ans_duplicates"].format(count=check.duplicates)
        if check.duplicates else "",
        "missing_sheets": words["ans_missing_sheets"].format(sheets=format_list(
            [sheet_name(dataset, lang, columns) for dataset in check.missing_sheets],
            locale=locale_of(lang))) if check.missing_sheets else "",
        "changes_heading": words["ans_changes_heading" if check.filed_before
                                 else "ans_changes_heading_first"],
        "changes": [{"dataset": words[f"dataset_{dataset}"].capitalize(),
                     "rows": [row_sentence(lang, dataset, kind, row)
                              for kind, row in found.rows()]}
                    for dataset, found in check.changes.items() if found],
        "statuses_intro": words["ans_statuses_intro_filed" if outcome.startswith("filed")
                                else "ans_statuses_intro"].format(date=day),
        "criteria": [{"id": c.id, "title": say(TITLES[c.id], lang),
                      "symbol": SYMBOLS[c.status.value],
                      "status": words[f"status_{c.status.value}"],
                      "reason": say(c.reason, lang),
                      "next_step": say(c.next_step, lang) if c.next_step else ""}
                     for c in result.criteria],
        "verdict": f"{words['verdict']}: {words['verdict_' + result.verdict.value]}",
    }
    html = folder / "answer.html"
    html.write_text(render("answer.html.j2", view), encoding="utf-8")
    table = folder / "answer.csv"
    with table.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ANSWER_CSV_COLUMNS)
        for row in problems:
            writer.writerow([_safe(str(row[column])) for column in ANSWER_CSV_COLUMNS])
    return Answer(html, table)


def _safe(cell: str) -> str:
    """A cell a spreadsheet would run as a formula is written as text."""
    from reports.writers import spreadsheet_safe

    return str(spreadsheet_safe(cell))



