"""Inputs archived by content hash, so that any past run can be replayed exactly."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ingest.errors import InputError


def archive_inputs(state_dir: Path, folder: Path, manifest: dict[str, Any]) -> None:
    """Copy each input file to archive/<sha256> (once: the same content is kept once)."""
    archive = state_dir / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    for item in manifest["inputs"]:
        target = archive / item["sha256"]
        if target.exists():
            continue
        handle, temporary = tempfile.mkstemp(dir=archive, prefix=".incoming-")
        os.close(handle)
        shutil.copyfile(folder / item["file"], temporary)
        os.replace(temporary, target)


def restore_inputs(state_dir: Path, manifest: dict[str, Any], target: Path) -> Path:
    """Lay a run's input files out again under their names in `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for item in manifest["inputs"]:
        source = state_dir / "archive" / item["sha256"]
        if not source.exists():
            raise InputError(f"The archived input {item['file']} ({item['sha256'][:12]}…) is "
                             f"missing from {source.parent}; this run cannot be replayed.")
        shutil.copyfile(source, target / item["file"])
    return target
