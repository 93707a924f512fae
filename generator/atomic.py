"""Atomic file writes: a reader never sees a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# O_EXCL: never open a file someone else made; O_CLOEXEC: never leak it into a child process.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic_in(str(path.parent), path.name, payload)


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


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
