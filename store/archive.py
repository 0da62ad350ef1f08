"""Inputs archived by content hash, so that any past run can be replayed exactly."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.errors import InputError

if TYPE_CHECKING:
    from schemas.validate import ValidatedInputs


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
                             f"missing from {source.parent}.")
        (target / item["file"]).parent.mkdir(parents=True, exist_ok=True)  # submissions/
        shutil.copyfile(source, target / item["file"])
    return target


def archived_inputs(state_dir: Path, run: dict[str, Any]) -> ValidatedInputs:
    """A recorded run's inputs validated again (schemas.ValidatedInputs) from its archived
    files, with that run's own column aliases and rules: what "what changed since"
    compares with. The files are laid out in a temporary folder that is removed again."""
    from ingest.configuration import ColumnConfig
    from ingest.files import read_input_folder
    from schemas.validate import validate_inputs
    from scoring.rules import Rules

    configuration = run["configuration"]
    columns = ColumnConfig.model_validate(configuration["columns"])
    rules = Rules.model_validate(configuration["rules"])
    with tempfile.TemporaryDirectory(prefix="clustereval-previous-") as folder:
        inputs = read_input_folder(restore_inputs(state_dir, run["manifest"], Path(folder)),
                                   columns)
        return validate_inputs(inputs, columns, rules.decisions.max_validity_months)
