"""The Prefect flow `intake-workbooks`: returned workbooks checked with the same schemas
and rules as the evaluation (schemas/intake.py), each answered in the cluster's language
(reports/answer.py) and, when it has no problems (or `accept_with_problems`), filed into
the input folder's submissions/ (ingest/submissions.py), the previous one archived."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from config import HELSINKI, SAMPLE_DATA_DIR
from flows.columns import input_columns
from ingest import InputError
from ingest.configuration import ColumnConfig, load_rules, load_schedules
from ingest.submissions import file_submission
from reports.answer import write_answer
from reports.messages import say
from schemas.intake import OTHER_CLUSTER, check_workbook
from scoring import Period, Rules, evaluate_clusters


@task(name="intake-workbook", cache_policy=NO_CACHE)
def intake_workbook(workbook: Path, folder: Path, out_dir: Path, columns: ColumnConfig,
                    rules: Rules, lang: str, dry_run: bool, accept_with_problems: bool,
                    now: datetime) -> dict[str, Any]:
    """Check, answer and (maybe) file one workbook; a workbook that cannot be read or
    names no cluster is refused, and said so, without stopping the others."""
    logger = get_run_logger()
    try:
        check = check_workbook(workbook, folder, columns, rules.decisions.max_validity_months)
    except InputError as error:
        logger.warning("Refused: %s", error)
        return {"workbook": str(workbook), "outcome": "refused",
                "error": say(error.said, lang) if error.said else str(error)}
    today = now.date()
    validated = check.validated
    (result,) = evaluate_clusters(
        validated.register, validated.evidence, Period(today, rules.window_months), rules,
        rejected=validated.rejected_by_cluster,
        absent_register_columns=validated.absent_register_columns, only=[check.cluster_id],
        next_website_check=load_schedules().next_run("check_websites", today))
    # A row naming another cluster is never filed, even when accepting problems: the
    # workbook may be another cluster's, and filing it would replace that one's rows.
    foreign = bool((check.problems["problem_code"] == OTHER_CLUSTER.code).any())
    outcome = ("dry_run" if dry_run else "filed" if check.clean
               else "filed_with_problems" if accept_with_problems and not foreign
               else "not_filed")
    filed = None
    if outcome.startswith("filed"):
        filed = file_submission(workbook, folder, check.cluster_id, now)
        logger.info("Filed %s as %s", workbook.name, filed)
    folder = out_dir / "intake" / f"{check.cluster_id}-{now:%Y%m%dT%H%M%S}"
    number = 1
    while folder.exists():  # two workbooks of one cluster in one intake: two answers
        number += 1
        folder = folder.with_name(f"{check.cluster_id}-{now:%Y%m%dT%H%M%S}-{number}")
    answer = write_answer(folder, check, result, today, lang, columns, outcome)
    return {"workbook": str(workbook), "cluster_id": check.cluster_id, "name": result.name,
            "outcome": outcome,
            "problems": len(check.problems), "answer": str(answer.html),
            "answer_csv": str(answer.csv), "filed": str(filed) if filed else None,
            "changed_rows": sum(len(found.rows()) for found in check.changes.values())}


@flow(name="intake-workbooks", log_prints=False)
def intake_workbooks_flow(workbooks: list[str], data_dir: str | None = None,
                          out_dir: str = "out", lang: str = "fi", dry_run: bool = False,
                          accept_with_problems: bool = False) -> dict[str, Any]:
    """Check the returned `workbooks` against the input folder `data_dir`, write an answer
    for each into `out_dir/intake/<cluster>-<time>/`, and file the clean ones (all with
    `accept_with_problems`) into `data_dir/submissions/`; with `dry_run`, none."""
    folder = Path(data_dir) if data_dir else SAMPLE_DATA_DIR
    if folder.resolve() == SAMPLE_DATA_DIR.resolve() and not dry_run:
        raise InputError("The bundled sample is not filed into: give --data DIR (the "
                         "region's input folder), or --dry-run to check only.")
    columns, rules = input_columns(), load_rules()
    now = datetime.now(HELSINKI)
    return {"workbooks": [
        intake_workbook(Path(workbook), folder, Path(out_dir), columns, rules, lang,
                        dry_run, accept_with_problems, now)
        for workbook in workbooks]}
