"""Atomic publishing: a period's folder is replaced whole, or not at all.

The new reports are written into a staging folder beside the target and swapped
in with renames, so a run that fails leaves the previous reports as they were.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def _backup(out_root: Path, label: str) -> Path:
    return out_root / f".{label}.previous"


def recover(out_root: Path, label: str) -> None:
    """Finish a swap that was interrupted between its two renames."""
    final, backup = out_root / label, _backup(out_root, label)
    if backup.exists():
        if final.exists():
            shutil.rmtree(backup)
        else:
            os.replace(backup, final)


def publish_atomically(out_root: Path, label: str, build: Callable[[Path], None]) -> Path:
    """Call `build(staging_folder)`, then make the staging folder `out_root/label`."""
    out_root.mkdir(parents=True, exist_ok=True)
    recover(out_root, label)
    # The caller holds the period's lock (store/lock.py): any other staging folder of this
    # label is what a killed run left behind.
    for leftover in out_root.glob(f".{label}.staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    final, backup = out_root / label, _backup(out_root, label)
    staging = Path(tempfile.mkdtemp(prefix=f".{label}.staging-", dir=out_root))
    try:
        staging.chmod(0o755)
        build(staging)
        if final.exists():
            os.replace(final, backup)
        os.replace(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        recover(out_root, label)
        raise
    shutil.rmtree(backup, ignore_errors=True)
    return final
