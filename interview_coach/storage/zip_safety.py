"""Checks and file helpers shared by every archive the app reads from someone else: backups, review packs.

A zip archive can lie: names that climb out of the target folder, symbolic links, encrypted or exotic
entries, sizes it does not have, or a few kilobytes that inflate to gigabytes. These functions refuse
such entries by what the table of contents says, before anything is unpacked; callers still count the
bytes as they unpack (a header can understate a size). Each check returns or raises a message for the
user, in the caller's own exception type, so backup and review-pack messages keep their own wording.

Names are judged as the archive writes them (`ZipInfo.orig_filename`): zipfile cuts a name at its first
NUL, so `recordings/1/x.flac\\0.exe` would otherwise pass for a recording. Two names that differ only by
case or Unicode normalisation are the same file on Windows and macOS, so they are refused as duplicates.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
import time
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Protocol

from interview_coach.stored_paths import plain_path_problem

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB

_ENCRYPTED = 0x1  # general purpose flag bits
_STRONG_ENCRYPTION = 0x40
_MSDOS_DIRECTORY = 0x10  # external attributes, low byte

# Errors zipfile raises for archives that are damaged or not zip archives at all.
ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    ValueError,
    OverflowError,
    NotImplementedError,
)


class EntryLimits(Protocol):
    """What a reader accepts for each entry (BackupLimits and ReviewPackLimits both qualify)."""

    @property
    def max_entry_bytes(self) -> int: ...

    @property
    def max_entries(self) -> int: ...

    @property
    def max_ratio(self) -> float: ...

    @property
    def ratio_check_min_bytes(self) -> int: ...


@contextlib.contextmanager
def open_zip(path: Path, not_a_zip: str, error: type[Exception]) -> Iterator[zipfile.ZipFile]:
    """The archive at `path`; `not_a_zip` starts the message for a file that is not a readable zip."""
    if not path.exists():
        raise error(f"There is no file {path}.")
    if not path.is_file():
        raise error(f"{path} is not a file.")
    try:
        archive = zipfile.ZipFile(path)
    except OSError as cause:
        raise error(f"Cannot read {path}: {cause.strerror or cause}.") from cause
    except ZIP_ERRORS as cause:
        raise error(f"{not_a_zip}: it is not a complete zip archive ({cause}).") from cause
    with archive:
        yield archive


def check_count_and_duplicates(
    infos: Sequence[zipfile.ZipInfo], path: Path, limits: EntryLimits, error: type[Exception]
) -> set[str]:
    """The entry names, once there are not too many, none holds a NUL (zipfile would cut the name there)
    and none appears twice, not even in another case or Unicode form (a later one would win)."""
    if len(infos) > limits.max_entries:
        raise error(f"{path} was refused: it holds {len(infos)} files; the limit is {limits.max_entries}.")
    seen: set[str] = set()
    folded: dict[str, str] = {}
    for info in infos:
        name = entry_name(info)
        if "\x00" in name:
            raise error(f"{path} was refused: the entry {name!r} contains control characters.")
        if info.filename in seen:
            raise error(f"{path} was refused: the entry {info.filename!r} appears more than once.")
        seen.add(info.filename)
        key = fold(info.filename)
        if key in folded:
            raise error(
                f"{path} was refused: the entries {folded[key]!r} and {info.filename!r} have the same name "
                "on a computer that ignores case."
            )
        folded[key] = info.filename
    return seen


def entry_name(info: zipfile.ZipInfo) -> str:
    """The name as stored in the archive, before zipfile cut it at a NUL."""
    return str(getattr(info, "orig_filename", info.filename))


def fold(name: str) -> str:
    """What a case-insensitive file system (Windows, macOS) makes of a name: one form, one case."""
    return unicodedata.normalize("NFC", name).casefold()


def path_problem(name: str) -> str | None:
    """Why an archive path is not a plain relative path, or None. Callers add their own placement rules."""
    return plain_path_problem(name)


def entry_problem(info: zipfile.ZipInfo, limits: EntryLimits, owner: str) -> str | None:
    """Why an entry may not be unpacked, or None; `owner` names the archives ("backups") in a message."""
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "is a symbolic link"
    if stat.S_IFMT(mode) not in (0, stat.S_IFREG) or info.is_dir() or info.external_attr & _MSDOS_DIRECTORY:
        return "is not a plain file"
    if info.flag_bits & (_ENCRYPTED | _STRONG_ENCRYPTION):
        return "is encrypted"
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return f"uses a compression method {owner} never use"
    if info.file_size > limits.max_entry_bytes:
        return (
            f"unpacks to {format_size(info.file_size)}; the limit for one file is {format_size(limits.max_entry_bytes)}"
        )
    # Small entries are exempt from the ratio: their unpacked size is capped by what they declare anyway.
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size >= limits.ratio_check_min_bytes and ratio > limits.max_ratio:
        return f"would expand {ratio:.0f} times when unpacked (a zip bomb?)"
    return None


def check_total(total: int, limit: int, path: Path, error: type[Exception]) -> None:
    if total > limit:
        raise error(f"{path} was refused: it unpacks to {format_size(total)}; the limit is {format_size(limit)}.")


def read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """At most cap + 1 bytes of an entry, so a header understating its size cannot flood memory."""
    with archive.open(info) as reader:
        return reader.read(cap + 1)


# Writing


def private_entry(name: str, *, mtime: float | None = None, stored: bool = False) -> zipfile.ZipInfo:
    """A zip entry for a regular file, private to the user (0600) wherever it is unpacked."""
    info = zipfile.ZipInfo(name, date_time=zip_time(time.time() if mtime is None else mtime))
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.external_attr = (stat.S_IFREG | 0o600) << 16
    return info


def zip_time(mtime: float) -> tuple[int, int, int, int, int, int]:
    moment = time.gmtime(max(mtime, 315_532_800))  # zip dates start in 1980
    return (moment.tm_year, moment.tm_mon, moment.tm_mday, moment.tm_hour, moment.tm_min, moment.tm_sec)


@contextlib.contextmanager
def create_private(target: Path) -> Iterator[IO[bytes]]:
    """A new file (never an existing one, never through a symbolic link), 0600, synced when closed."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(target, flags, 0o600), "wb") as writer:
        yield writer
        writer.flush()
        os.fsync(writer.fileno())


def fsync_folder(folder: Path) -> None:
    """Makes a rename inside `folder` durable (POSIX only; elsewhere the rename is all we can do)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def free_bytes(folder: Path) -> int | None:
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free
    except OSError:
        return None


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def os_error(error: BaseException | None) -> OSError | None:
    """The OSError behind an error, following the chain of exceptions raised while handling it."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OSError):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


def write_failure(action: str, where: Path, error: OSError) -> str:
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return f"Not enough disk space to {action} {where}."
    return f"Cannot {action} {where}: {error.strerror or error}."


def format_size(count: int) -> str:
    """A byte count for people: '512 bytes', '3.4 MB', '1.2 GB'."""
    if count < 1000:
        return f"{count} bytes"
    value = count / 1000
    for unit in ("KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            break
        value /= 1000
    return f"{value:.1f} {unit}"


def write_atomically(
    destination: Path, what: str, write: Callable[[IO[bytes]], object], error: type[Exception]
) -> None:
    """Writes a temporary file beside `destination` (0600), then renames it into place. A failure (a full
    disk) removes the temporary file, keeps an earlier file of the same name and raises `error`."""
    try:
        handle, name = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.", suffix=".partial")
    except OSError as failure:
        raise error(write_failure(f"write {what} to", destination, failure)) from failure
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as raw:
            write(raw)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, destination)
        fsync_folder(destination.parent)
    except BaseException as failure:
        with contextlib.suppress(OSError):
            temporary.unlink()
        cause = os_error(failure)  # zipfile may report a failed write as a later ValueError on close
        if cause is not None:
            raise error(write_failure(f"write {what} to", destination, cause)) from failure
        raise
