"""Atomic file writes: a reader never sees a half-written file."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

# O_EXCL: never open a file someone else made; O_CLOEXEC: never leak it into a child process.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic_in(str(path.parent), path.name, payload)


def copy_atomic(source: Path | bytes, target: Path) -> None:
    """Put ``source`` (a file, or bytes) at ``target`` through a temporary file and a rename."""
    if isinstance(source, bytes):
        write_atomic(target, source)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic_in(folder: str, name: str, data: bytes) -> None:
    """Write ``folder/name`` via a hidden temporary file beside it and a rename; ``folder`` must exist.

    Takes plain strings because the site writer calls it for every page.
    """
    # The name is per process, so no random name and no retry loop; hidden and
    # ending in ".tmp", so the site writer never lists it and the watcher ignores it.
    tmp = f"{folder}/.{name}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, _NEW_FILE, 0o644)
    except FileExistsError:
        # Left by a killed process that had our pid, or another thread writing the same file.
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        try:
            _write_all(fd, data)
            os.fchmod(fd, 0o644)  # readable by the web server whatever the umask
        finally:
            os.close(fd)
        os.replace(tmp, f"{folder}/{name}")
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


#: ``.<name>.<pid>.tmp`` (a write by process pid) and ``.<name>.<random>.tmp`` (mkstemp's fallback).
_TEMPORARY = re.compile(r"^\..+\.(?:(\d+)|[A-Za-z0-9_]+)\.tmp$")
#: A temporary file without a process id is taken as abandoned after this long.
_ABANDONED_AFTER_S = 3600


def remove_abandoned_temporaries(folder: Path) -> list[str]:
    """Delete the temporary files in ``folder`` that killed processes left behind; return their names.

    A file named after a running process is left alone: it may be in the middle of a write.
    """
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        found = _TEMPORARY.match(entry.name)
        if not found or not entry.is_file(follow_symlinks=False):
            continue
        pid = found.group(1)
        abandoned = not _is_running(int(pid)) if pid else time.time() - entry.stat().st_mtime > _ABANDONED_AFTER_S
        if abandoned:
            try:
                os.unlink(entry.path)
                removed.append(entry.name)
            except OSError:
                pass
    return removed


def _is_running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process is not writing it: it left it in an earlier life (same pid reused)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
