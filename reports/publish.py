"""Atomic publishing: a period's folder is replaced whole, or not at all.

The new reports are written into a staging folder beside the target (`stage`) and then
exchanged with the period folder in one step (`swap_in`: Linux's renameat2 with
RENAME_EXCHANGE), so at every instant `OUT/<period>` is either the previous reports or
the new ones, complete. Where the exchange is not available, two renames and a hidden
`.previous` folder are used, and `recover` finishes a swap cut between them.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from ingest.errors import InputError

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def check_out_folder(out_root: Path) -> None:
    """Before a run starts: the output folder is a folder this user can write, or can be
    made where it is named, so a typo costs seconds, not a whole run ending in a traceback.
    Nothing is created: a refused run leaves no folder behind (publishing makes it)."""
    if out_root.exists() and not out_root.is_dir():
        raise InputError(f"The output folder (--out) {out_root} is a file, not a folder.")
    existing = out_root.absolute()
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise InputError(f"The output folder (--out) {out_root} cannot be made: "
                         f"{existing} is a file, not a folder.")
    try:
        with tempfile.TemporaryFile(dir=existing, prefix=".write-test-"):
            pass
    except OSError as error:
        raise InputError(f"The output folder (--out) {out_root} cannot be written: "
                         f"{error.strerror or error}.") from error


def _backup(out_root: Path, label: str) -> Path:
    return out_root / f".{label}.previous"


def recover(out_root: Path, label: str) -> None:
    """Finish a two-rename swap that was interrupted between its renames."""
    final, backup = out_root / label, _backup(out_root, label)
    if backup.exists():
        if final.exists():
            shutil.rmtree(backup)
        else:
            os.replace(backup, final)


def stage(out_root: Path, label: str, build: Callable[[Path], None]) -> Path:
    """A new staging folder beside `out_root/label` with `build`'s files in it. The caller
    holds the period's lock (store/lock.py): other staging folders of the label are what
    a killed run left behind, and go."""
    out_root.mkdir(parents=True, exist_ok=True)
    recover(out_root, label)
    for leftover in out_root.glob(f".{label}.staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{label}.staging-", dir=out_root))
    try:
        staging.chmod(0o755)
        build(staging)
    except BaseException:
        discard(staging)
        raise
    return staging


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def swap_in(out_root: Path, label: str, staging: Path) -> Path:
    """Make `staging` the period folder in one step; the previous one is removed after."""
    final = out_root / label
    if not final.exists():
        os.rename(staging, final)
        return final
    if _exchange(staging, final):
        discard(staging)  # now the previous reports; a kill here leaves a staging leftover
        return final
    backup = _backup(out_root, label)
    try:
        os.replace(final, backup)
        os.replace(staging, final)
    except BaseException:
        recover(out_root, label)  # the previous reports back where they were
        raise
    shutil.rmtree(backup, ignore_errors=True)
    return final


def publish_atomically(out_root: Path, label: str, build: Callable[[Path], None]) -> Path:
    """`stage` and `swap_in` in one call, for a publication that records nothing."""
    staging = stage(out_root, label, build)
    try:
        return swap_in(out_root, label, staging)
    except BaseException:
        discard(staging)
        raise


@cache
def _renameat2() -> Callable[..., int] | None:
    library = ctypes.util.find_library("c")
    if library is None:
        return None
    function = getattr(ctypes.CDLL(library, use_errno=True), "renameat2", None)
    if function is None:
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _exchange(first: Path, second: Path) -> bool:
    """Exchange two paths atomically; False where the system cannot (then the caller
    falls back to two renames)."""
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not on this file system
        return False
    raise OSError(error, os.strerror(error), str(second))
