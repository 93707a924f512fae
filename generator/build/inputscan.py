"""One cheap pass over what a build reads: has anything changed since the last build?

A build with nothing to do is this scan and one comparison, so it must cost
about a microsecond per article file even at 200,000 files. The kernel's
``stat`` is most of that, so large folders are split among forked processes
(one per core), each returning a digest per folder rather than its entries.
The digest covers each file's path, size and modification time; a file edited
in place or replaced keeps neither the same size and time (see ``RACY_NS`` in
``manifest.py`` for edits within the clock's granularity).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

#: Below this many folders to scan, forking costs more than it saves.
PARALLEL_FOLDERS = 8


@dataclass(frozen=True)
class InputScan:
    """The state of a set of input files, summed up."""

    #: Digest of every file's relative path, size and modification time.
    digest: str
    #: Newest modification time among the files (ns), 0 without files.
    newest_ns: int
    files: int
    #: Per folder holding files (path relative to the root): digest of its files, newest time, file count.
    folders: Mapping[str, tuple[str, int, int]] = field(default_factory=dict)


#: One scanned folder: (relative path, digest of its files, newest mtime, file count).
_FolderSum = tuple[str, bytes, int, int]


def scan_inputs(root: Path, folders: Iterable[Path], files: Iterable[Path], jobs: int = 1) -> InputScan:
    """Sum up every visible file under ``folders`` (links to folders are not entered) and ``files``."""
    leaves: list[tuple[str, str]] = []
    sums: list[_FolderSum] = []
    for folder in folders:
        if folder.is_dir():
            _split(str(folder), os.path.relpath(folder, root), leaves, sums, depth=2)
    for chunk in _in_forks(_scan_all, leaves, jobs if len(leaves) >= PARALLEL_FOLDERS else 1):
        sums.extend(chunk)
    single = []
    for path in files:
        try:
            info = path.stat()
        except FileNotFoundError:
            continue
        single.append((os.path.relpath(path, root), info.st_size, info.st_mtime_ns))
    sums.sort()
    summed = hashlib.blake2b(digest_size=16)
    for relative, folder_digest, _, count in sums:
        if count == 0:
            continue  # an empty folder holds no input
        summed.update(f"{relative}\0{count}\0".encode("utf-8", "surrogateescape") + folder_digest)
    summed.update(repr(sorted(single)).encode("utf-8", "surrogateescape"))
    newest = max([entry[2] for entry in sums] + [entry[2] for entry in single], default=0)
    folders = {relative: (folder_digest.hex(), newest_ns, count) for relative, folder_digest, newest_ns, count in sums if count}
    return InputScan(summed.hexdigest(), newest, sum(entry[3] for entry in sums) + len(single), folders)


def _split(folder: str, relative: str, leaves: list[tuple[str, str]], sums: list[_FolderSum], depth: int) -> None:
    """Scan the top ``depth`` levels here (few files: a project's articles sit in year/month
    folders) and leave the folders below them, each scanned whole, to the workers."""
    if depth == 0:
        leaves.append((folder, relative))
        return
    below: list[tuple[str, str]] = []
    sums.append(_scan_folder(folder, relative, below))
    for path, name in below:
        _split(path, name, leaves, sums, depth - 1)


def _scan_folder(folder: str, relative: str, below: list[tuple[str, str]]) -> _FolderSum:
    """The files of one folder summed up; its subfolders are appended to ``below``."""
    entries = []
    newest = 0
    with os.scandir(folder) as found:
        for entry in found:
            name = entry.name
            if name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                below.append((entry.path, f"{relative}{os.sep}{name}"))
            elif entry.is_file():
                info = entry.stat()
                mtime = info.st_mtime_ns
                if mtime > newest:
                    newest = mtime
                entries.append(f"{name}\0{info.st_size}\0{mtime}")
    entries.sort()
    return relative, hashlib.blake2b("\n".join(entries).encode("utf-8", "surrogateescape"), digest_size=16).digest(), newest, len(entries)


def _scan_all(folders: list[tuple[str, str]]) -> list[_FolderSum]:
    """Whole trees, depth first."""
    sums = []
    pending = list(folders)
    while pending:
        folder, relative = pending.pop()
        sums.append(_scan_folder(folder, relative, pending))
    return sums


def _in_forks(work, items: list, jobs: int) -> list:
    """``work`` on ``jobs`` interleaved shares of ``items``: the first share here, the others in
    forked children that send back their pickled result. Much lighter than a process pool,
    which costs more to start than this whole scan on a small site."""
    if jobs <= 1 or not hasattr(os, "fork"):
        return [work(items)]
    shares = [items[start::jobs] for start in range(jobs)]
    children = []
    for share in shares[1:]:
        readable, writable = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            status = 1
            try:
                os.close(readable)
                with os.fdopen(writable, "wb") as pipe:
                    pipe.write(pickle.dumps(work(share)))
                status = 0
            finally:
                os._exit(status)
        os.close(writable)
        children.append((pid, readable))
    results = [work(shares[0])]
    failed = False
    for pid, readable in children:
        with os.fdopen(readable, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if status != 0 or not data:
            failed = True
        else:
            results.append(pickle.loads(data))
    if failed:  # a child that could not scan: scan its share here, where the error shows
        return [work(items)]
    return results
