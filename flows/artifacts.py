"""Prefect artifacts of a published evaluation, keyed by period so the UI keeps history."""

from __future__ import annotations

import json
from pathlib import Path

from prefect.artifacts import (
    create_link_artifact,
    create_markdown_artifact,
    create_table_artifact,
)

from reports.messages import MESSAGES, SYMBOLS
from scoring.criteria import TITLES


def publish_artifacts(folder: Path) -> None:
    document = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    period = str(document["period"])
    key = "portfolio-" + period.lower().replace("_", "-")
    t = MESSAGES["en" if document["language"] == "en" else "fi"]
    verdicts = document["summary"]["verdicts"]
    lines = [
        f"# {t['portfolio_title']} {period}",
        "",
        f"{t['as_of']} {document['as_of']}: "
        + ", ".join(f"{SYMBOLS[v]} {t['verdict_' + v]} {n}" for v, n in sorted(verdicts.items())),
        "",
        "| " + t["cluster"] + " | " + t["verdict"] + " | "
        + " | ".join(TITLES) + " |",
        "|---" * (len(TITLES) + 2) + "|",
    ]
    table = []
    for cluster in document["clusters"]:
        statuses = {c["id"]: c["status"] for c in cluster["criteria"]}
        lines.append(f"| {cluster['name']} | {SYMBOLS[cluster['verdict']]} "
                     f"{t['verdict_' + cluster['verdict']]} | "
                     + " | ".join(SYMBOLS[statuses[c]] for c in TITLES) + " |")
        table.append({"cluster_id": cluster["cluster_id"], "name": cluster["name"],
                      "verdict": cluster["verdict"], **statuses})
    create_markdown_artifact("\n".join(lines), key=key, description=f"Portfolio {period}")
    create_table_artifact(table, key=f"{key}-table", description=f"Statuses {period}")
    create_link_artifact((folder / "index.html").resolve().as_uri(), link_text=f"{period}",
                         key=f"{key}-report", description=f"Published reports {period}")
