"""Writing the rendered site into the output folder, touching only what changed.

``write_site`` receives the complete site in memory, so a rendering failure
can never leave the folder half updated: writing starts only once every page
exists. A staging folder nobody reads (``staging.py``) is instead written file
by file as pages are rendered (``SiteWriter``), so no build holds the whole
site in memory. Each file is replaced atomically. In a folder that is being read
(the output folder itself, when it cannot be staged: see ``staging.py``),
changed and new files are written before stale ones are removed, so at every
moment the pages on disk link to files that exist; in a staging folder nobody
reads, stale files go first, which frees their space before anything is
written. Before writing, the free space is checked against what is about to be
written (file by file, when the files arrive one by one). Names starting with "." (a deploy checkout's ``.git``, a host's
``.well-known``) are never produced and never pruned.

A site has tens of thousands of files, so the per-file work below uses plain
strings and ``os`` calls rather than ``pathlib``, and checks each folder once
rather than once per file in it. Which paths may be written, what the folder
holds and how it is pruned is ``outputfolder.py``'s business.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..core.atomic import write_atomic_in
from .outputfolder import (
    WriteError,
    check_paths,
    ensure_folder,
    list_site,
    make_way_for,
    prepare_root,
    remove_empty_dirs_at,
    remove_empty_parents,
    remove_files,
    with_folders,
)


@dataclass(frozen=True)
class WriteSummary:
    """What a write did, as sorted relative paths."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def write_site(
    output_dir: Path, files: Mapping[str, bytes | None], *, staged_from: Path | None = None, present: Iterable[str] | None = None
) -> WriteSummary:
    """Make ``output_dir`` hold exactly ``files`` (relative path -> bytes), plus hidden entries.

    ``None`` instead of bytes keeps the file that is there (an incremental build
    found its inputs unchanged). ``staged_from`` names the live folder when
    ``output_dir`` is a staging copy of it: stale files are removed first, and a
    kept file the copy lacks is hard-linked from the live folder. ``present``,
    when the caller knows them, are the files the folder holds (hidden entries
    aside): walking a large site's folders is then not needed. Free space is
    checked once, for everything, before the first file is written.
    """
    writer = SiteWriter(output_dir, staged_from=staged_from, present=present)
    writer.begin(files)
    writer.put_all(files)
    return writer.finish()


class SiteWriter:
    """Writes one site into a folder: ``begin`` with every output path, ``put`` each file, ``finish``.

    Files may arrive one by one while the rest are still being rendered (a
    staging folder nobody reads), or all at once (``put_all``).
    """

    def __init__(self, output_dir: Path, *, staged_from: Path | None = None, present: Iterable[str] | None = None):
        self._output_dir = output_dir
        self._staged_from = staged_from
        self._known = present
        self._created: dict[str, bool] = {"": False}  # folders checked so far -> whether this write created them
        self._written: list[str] = []
        self._linked: list[str] = []
        self._unchanged: list[str] = []
        #: Bytes and inodes that may still be used before asking the file system again.
        self._budget: tuple[int, int] | None = None

    def begin(self, outputs: Collection[str], *, partial: bool = False) -> None:
        """Check the paths and clear the way: stale files go (first, in a staging folder), folders standing
        where a file must go are removed. ``partial``: ``outputs`` are only the files about to be
        written, every other file stays as it is."""
        self.root = root = prepare_root(self._output_dir)
        outputs = outputs if isinstance(outputs, (set, frozenset, dict)) else set(outputs)
        output_dirs = check_paths(root, outputs)
        if partial:
            self._present, self._stale, self._removed_first = set(), [], []
            return
        present, present_dirs = list_site(root) if self._known is None else with_folders(self._known)
        self._present = present
        self._stale = sorted(present.difference(outputs))
        if self._staged_from is None:
            self._removed_first = [path for path in self._stale if _blocks_an_output(path, outputs, output_dirs)]
        else:
            self._removed_first = self._stale
        remove_files(root, self._removed_first)
        if self._staged_from is not None:
            remove_empty_parents(root, self._stale)
        for relative in sorted(present_dirs.intersection(outputs)):
            remove_empty_dirs_at(root, relative)  # its files were stale and are gone

    def put(self, relative: str, data: bytes | None) -> None:
        """Write one output as it arrives (None: keep the file from the last build)."""
        if data is None:
            self._keep(relative)
            return
        folders_before = len(self._created)
        if make_way_for(self.root, relative, data, self._created):
            self._reserve(len(data), len(self._created) - folders_before)
            _write_one(self.root, relative, data, self._staged_from, self._created)
            self._written.append(relative)
        else:
            self._unchanged.append(relative)

    def put_all(self, files: Mapping[str, bytes | None]) -> None:
        """Write many outputs, checking first that all of them fit."""
        to_write = []
        for relative in sorted(files):
            data = files[relative]
            if data is None:
                self._keep(relative)
            elif make_way_for(self.root, relative, data, self._created):
                to_write.append(relative)
            else:
                self._unchanged.append(relative)
        ensure_free_space(self.root, [files[relative] for relative in to_write], sum(self._created.values()))
        for relative in to_write:
            _write_one(self.root, relative, files[relative], self._staged_from, self._created)
        self._written.extend(to_write)

    def finish(self) -> WriteSummary:
        """Prune what is left of the last site (in place) and say what changed."""
        if self._staged_from is None:
            done = set(self._removed_first)
            remove_files(self.root, [path for path in self._stale if path not in done])
            remove_empty_parents(self.root, self._stale)
        return WriteSummary(tuple(sorted(self._written)), tuple(sorted(self._unchanged + self._linked)), tuple(self._stale))

    def _keep(self, relative: str) -> None:
        if self._staged_from is not None and relative not in self._present:
            _write_one(self.root, relative, None, self._staged_from, self._created)  # linked from the live folder
            self._linked.append(relative)
        else:
            self._unchanged.append(relative)

    def _reserve(self, size: int, new_folders: int) -> None:
        """Ask the file system for free space only when what it said last is used up."""
        block = 4096
        needed = -(-size // block) * block + new_folders * block
        if self._budget is None or needed > self._budget[0] or 1 + new_folders > self._budget[1]:
            free_bytes, free_inodes = free_space(self.root)
            if needed + SPARE_BYTES > free_bytes:
                raise WriteError(
                    f"not enough free space: the file system has {_size(free_bytes)} free, too little to go on writing the site "
                    f"({len(self._written)} files written so far; free some space and build again)",
                    self.root,
                )
            if 1 + new_folders > free_inodes:
                raise WriteError(f"not enough free inodes: the file system has {free_inodes} free, too few to go on writing the site", self.root)
            self._budget = (free_bytes - SPARE_BYTES, free_inodes)
        self._budget = (self._budget[0] - needed, self._budget[1] - 1 - new_folders)


def free_space(root: str) -> tuple[int, int]:
    """Free bytes and inodes for an unprivileged writer; unlimited where the system cannot tell."""
    try:
        fs = os.statvfs(root)
    except (OSError, AttributeError):  # no statvfs: not on a POSIX system
        return (1 << 62, 1 << 62)
    return fs.f_bavail * fs.f_frsize, (fs.f_favail if fs.f_files else 1 << 62)


def _write_one(root: str, relative: str, data: bytes | None, staged_from: Path | None, created: dict[str, bool]) -> None:
    folder, _, name = relative.rpartition("/")
    try:
        if data is None:
            ensure_folder(root, folder, created)
            link_atomic(os.path.join(str(staged_from), relative), os.path.join(root, relative))
        else:
            write_atomic_in(os.path.join(root, folder) if folder else root, name, data)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise WriteError(f"no space left on the device while writing {relative!r}", root) from None
        if data is None and exc.errno == errno.ENOENT:
            live = os.path.join(str(staged_from), relative)
            raise WriteError(f"{live} was removed by hand since the last build; `newsgen build --verify` restores it", root) from None
        raise WriteError(f"cannot write {relative!r}: {exc.strerror or exc}", root) from None


def link_atomic(source: str, target: str) -> None:
    """Make ``target`` a hard link to ``source``, replacing what is there in one rename."""
    folder, _, name = target.rpartition("/")
    tmp = f"{folder}/.{name}.{os.getpid()}.tmp"
    try:
        os.unlink(tmp)  # left by a killed process that had our pid
    except FileNotFoundError:
        pass
    os.link(source, tmp)
    try:
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise


#: Room kept free beyond what a write needs: the manifest, caches and file system overhead.
SPARE_BYTES = 1 << 20


def ensure_free_space(root: str, payloads: list[bytes], new_folders: int) -> None:
    """Refuse to start writing when the file system cannot hold what is about to be written."""
    try:
        fs = os.statvfs(root)
    except (OSError, AttributeError):  # no statvfs: not on a POSIX system
        return
    block = fs.f_frsize or 4096
    needed = sum(-(-len(data) // block) * block for data in payloads) + (new_folders + 1) * block + SPARE_BYTES
    free = fs.f_bavail * fs.f_frsize
    if needed > free:
        raise WriteError(
            f"not enough free space: writing the site needs about {_size(needed)}, the file system has {_size(free)} free "
            "(free some space and build again)",
            root,
        )
    if fs.f_files and len(payloads) + new_folders > fs.f_favail:
        raise WriteError(f"not enough free inodes: writing the site needs {len(payloads) + new_folders}, the file system has {fs.f_favail} free", root)


def _size(count: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024
    return f"{count:.1f} TB"


def _blocks_an_output(stale: str, outputs: Collection[str], output_dirs: set[str]) -> bool:
    """A stale file that stands where an output needs a folder, or inside an output's place."""
    if stale in output_dirs:
        return True
    folder = stale.rpartition("/")[0]
    while folder:
        if folder in outputs:
            return True
        folder = folder.rpartition("/")[0]
    return False
