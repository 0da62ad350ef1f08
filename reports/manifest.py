"""manifest.json: what an evaluation was made from, so that it can be checked and repeated."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ingest.files import RawInputs
from scoring.period import Period
from scoring.rules import Rules


def build_manifest(
    *,
    inputs: RawInputs,
    row_counts: dict[str, dict[str, int]],
    rules: Rules,
    period: Period,
    lang: str,
    clusters: list[str],
    program_version: str,
) -> dict[str, Any]:
    return {
        "period": period.label,
        "as_of": period.as_of.isoformat(),
        "window_start": period.window_start.isoformat(),
        "language": lang,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "program": {"name": "clustereval", "version": program_version},
        "configuration": {"sha256": rules.fingerprint(), "rules": rules.model_dump()},
        "data_folder": str(inputs.folder),
        "inputs": [source.as_manifest(inputs.folder) for source in inputs.sources],
        "ignored_files": inputs.ignored_files,
        # A cluster's filed workbook replaces its rows of the same datasets elsewhere.
        "replaced_by_submissions": inputs.replaced,
        "rows": row_counts,
        "clusters": clusters,
    }
