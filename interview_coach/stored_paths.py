"""Paths the app keeps (in the database, in archives) and the one function that turns them into files.

A recording's path is stored relative to the data folder (`recordings/<session>/<position>-<id>.flac`).
The database may come from a restored backup, or have been edited by anyone, so a stored path is never
joined to the data folder by hand: `resolve_stored` checks it is a plain relative path inside its folder
(no `..`, no absolute or drive path, no backslash, no control characters, no name Windows reserves) and
that, once symbolic links are followed, it still leads to a place inside the data folder. Anything else
raises UnsafePathError and no file is touched. `regular_files` lists a folder without ever following a
link. The same name rules check the names inside backups and review packs (`storage/zip_safety.py`).

No project imports: storage and audio (the start-up sweep) both use it.
"""

from __future__ import annotations

import logging
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)

RECORDINGS_FOLDER = "recordings"
MAX_PATH_CHARS = 1024
MAX_PART_BYTES = 255  # most file systems' limit for one name
# Names Windows gives to devices, whatever the extension ("CON.flac" opens the console).
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"{device}{n}" for device in ("com", "lpt") for n in (*"123456789", "\u00b9", "\u00b2", "\u00b3")}
)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class UnsafePathError(ValueError):
    """A stored path that leads, or could lead, outside the data folder; the message is for the user."""


def plain_path_problem(name: str) -> str | None:
    """Why `name` is not a plain relative `/`-separated file path, or None. Callers add where it may lie."""
    if not name:
        return "is empty"
    if _SURROGATE.search(name):
        return "is not valid text"
    if _CONTROL.search(name):
        return "contains control characters"
    if "\\" in name:
        return "contains a backslash"
    if name.startswith("/"):
        return "is an absolute path"
    if ":" in name:
        return "contains a drive letter or a colon"
    if len(name) > MAX_PATH_CHARS:
        return "is too long"
    parts = name.split("/")
    if ".." in parts:
        return "leads out of its folder (..)"
    if any(part in ("", ".") for part in parts):
        return "is not a plain file path"
    for part in parts:
        if len(part.encode("utf-8")) > MAX_PART_BYTES:
            return "is too long"
        if part.endswith((".", " ")):
            return "ends with a dot or a space"
        if part.split(".", 1)[0].rstrip(" ").lower() in _WINDOWS_RESERVED:
            return "is a name Windows reserves"
    return None


def stored_path_problem(value: object, folder: str = RECORDINGS_FOLDER) -> str | None:
    """Why `value` is not a path the app could have stored for a file in `folder/`, or None."""
    if not isinstance(value, str):
        return "is not text"
    problem = plain_path_problem(value)
    if problem:
        return problem
    parts = value.split("/")
    if parts[0] != folder or len(parts) < 2:
        return f"is not inside {folder}/"
    return None


def shown(value: object) -> str:
    """A stored value as one safe line for a message: quoted, control characters escaped, cut short."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def resolve_stored(root: Path, relative: object, *, folder: str = RECORDINGS_FOLDER) -> Path:
    """`root / relative`, once `relative` is a plain path inside `folder/` and, following links, the file
    (or where it would be) lies inside `root`. Raises UnsafePathError otherwise.

    The path returned is the joined one, not the resolved one, so `relative_to(root)` still works when
    the data folder itself is reached through a link.
    """
    problem = stored_path_problem(relative, folder)
    if problem:
        raise UnsafePathError(f"The stored path {shown(relative)} {problem}; it was not used.")
    assert isinstance(relative, str)
    return contained(root, root.joinpath(*relative.split("/")), relative)


def stored_file(root: Path, relative: object, *, folder: str = RECORDINGS_FOLDER) -> Path | None:
    """The file a stored path names, when it is one (or a link to one) inside the data folder. None when
    the path is empty, the file is gone or is a folder, or the path is refused (logged, never used)."""
    if not relative:
        return None
    try:
        path = resolve_stored(root, relative, folder=folder)
        return path if path.is_file() else None
    except UnsafePathError as error:
        log.warning("%s", error)
    except OSError:
        pass
    return None


def contained(root: Path, path: Path, name: object = None) -> Path:
    """`path` (a path under `root`), once following every link on the way still ends inside `root`."""
    what = shown(name if name is not None else str(path))
    try:
        base = root.resolve()
        target = path.resolve()
    except (OSError, RuntimeError) as error:  # RuntimeError: a loop of links
        raise UnsafePathError(f"The path {what} cannot be followed ({error}); it was not used.") from error
    if target == base or not target.is_relative_to(base):
        raise UnsafePathError(f"The path {what} leads out of the data folder; it was not used.")
    return path


def regular_files(folder: Path, *, inside: Path | None = None) -> Iterator[Path]:
    """Every regular file under `folder`, sorted by folder; links (to files or folders) are never followed,
    and `folder` itself must be a real folder inside `inside` (default: itself)."""
    try:
        if folder.is_symlink() or not folder.is_dir():
            return
        if inside is not None:
            contained(inside, folder)
    except (OSError, UnsafePathError):
        return
    for current, folders, names in os.walk(folder, followlinks=False):
        folders.sort()
        for name in sorted(names):
            path = Path(current, name)
            try:
                if stat.S_ISREG(path.lstat().st_mode):
                    yield path
            except OSError:  # removed meanwhile
                continue
