"""The plain-text data-quality report `clustereval validate` prints."""

from __future__ import annotations

from pathlib import Path

from schemas import ValidatedInputs


def validation_report(folder: Path, validated: ValidatedInputs) -> str:
    lines = [f"Inputs in {folder}:"]
    for dataset, counts in validated.row_counts.items():
        lines.append(
            f"  {dataset:<15} {counts['read']:>7} rows read, {counts['valid']:>7} valid, "
            f"{counts['rejected']:>5} set aside, {counts['duplicates']:>5} duplicates"
        )
    missing = [name for name in ("agreements", "activities", "dialogue", "evaluations",
                                 "website_checks") if name not in validated.tables]
    if missing:
        lines.append(f"  not supplied: {', '.join(missing)} (criteria reading them are "
                     "'insufficient_data')")
    rejected = validated.rejected
    if rejected.empty:
        lines.append("No problems found.")
        return "\n".join(lines)
    lines.append(f"{len(rejected)} problems; these rows are set aside:")
    for problem in rejected.itertuples(index=False):
        where = f"{problem.file!s} row {problem.row!s}"
        if problem.column:
            where += f", {problem.column!s} '{problem.value!s}'"
        lines.append(f"  {problem.dataset!s}: {where}: {problem.problem!s}")
    return "\n".join(lines)
