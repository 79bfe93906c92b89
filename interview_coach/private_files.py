"""Files and folders private to the user (0700/0600 on POSIX), whatever the umask.

Answers are personal: recordings, the database, caches, exports and backups must not be readable by
other accounts on the machine. Two layers of defence: every entry point (`cli.main`, the speech
worker) sets a 077 umask so nothing the process creates is ever wider, and every place that creates
a file or folder sets its mode explicitly, so code used from elsewhere (tests, scripts) is private too.
No project imports: storage and audio both use it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077
DIR_MODE = 0o700
FILE_MODE = 0o600


def restrict_umask() -> None:
    """From here on, this process creates nothing that other accounts can read."""
    if os.name == "posix":
        os.umask(PRIVATE_UMASK)


def make_private_dir(folder: Path) -> None:
    """Creates `folder` (and missing parents) and makes `folder` 0700."""
    folder.mkdir(parents=True, exist_ok=True)
    _chmod(folder, DIR_MODE)


def create_private_dirs(folder: Path) -> None:
    """Creates whatever is missing of `folder` and its parents, each new one 0700.

    Folders that already exist keep their mode: the user's own (say, where a recording is saved
    with `--out`) are theirs to set.
    """
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for new in reversed(missing):
        new.mkdir(exist_ok=True)
        _chmod(new, DIR_MODE)


def create_private_file(path: Path) -> None:
    """Creates (or truncates) `path` as an empty 0600 file, for writers that open it by name after."""
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, FILE_MODE)
    try:
        if os.name == "posix":
            os.fchmod(descriptor, FILE_MODE)
    finally:
        os.close(descriptor)


def make_private_file(path: Path) -> None:
    """Makes an existing file 0600 (for files another library created)."""
    _chmod(path, FILE_MODE)


def _chmod(path: Path, mode: int) -> None:
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) != mode:
        path.chmod(mode)
