"""Recording checks: rows appended to DIR/website_checks.csv, a detail file per site."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from ingest.files import WEBSITE_DETAIL_FOLDER
from ingest.websites.site import SiteRecord

CHECKS_FILE = "website_checks.csv"
DETAIL_FOLDER = WEBSITE_DETAIL_FOLDER  # ingest/files.py expects it in a data folder


def _read_existing(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    if not path.exists():
        return [], []
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    first = text.splitlines()[0] if text.strip() else ""
    separator = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=separator)
    return list(reader.fieldnames or []), list(reader)


def record_checks(folder: Path, records: list[SiteRecord]) -> Path:
    """Append one row per site (history is kept: C7 takes the latest before its date) and
    write each site's findings to website_checks/<cluster>-<UTC time>.json. Atomic per
    file."""
    details = folder / DETAIL_FOLDER
    details.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")  # a re-check the same day keeps both
    rows = []
    for record in records:
        name = f"{record.cluster_id}-{stamp}.json"
        _write_atomically(details / name, json.dumps(record.detail_document(), indent=2,
                                                     ensure_ascii=False) + "\n")
        rows.append({k: _text(v) for k, v in record.csv_row(f"{DETAIL_FOLDER}/{name}").items()})
    path = folder / CHECKS_FILE
    header, existing = _read_existing(path)
    for column in rows[0] if rows else []:
        if column not in header:
            header.append(column)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(existing)
    writer.writerows(rows)
    _write_atomically(path, buffer.getvalue())
    return path


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
        stream.write(text)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)
