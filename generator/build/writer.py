"""Writing the rendered site into the output folder, touching only what changed.

``write_site`` receives the complete site in memory, so a rendering failure
can never leave the folder half updated: writing starts only once every page
exists. A staging folder nobody reads (``publish.py``) is instead written file
by file as pages are rendered (``SiteWriter``), so no build holds the whole
site in memory. Each file is replaced atomically. In a folder that is being read
(the output folder itself, when it cannot be staged: see ``publish.py``),
changed and new files are written before stale ones are removed, so at every
moment the pages on disk link to files that exist; in a staging folder nobody
reads, stale files go first, which frees their space before anything is
written. Before writing, the free space is checked against what is about to be
written (file by file, when the files arrive one by one). Names starting with "." (a deploy checkout's ``.git``, a host's
``.well-known``) are never produced and never pruned.

A site has tens of thousands of files, so the per-file work below uses plain
strings and ``os`` calls rather than ``pathlib``, and checks each folder once
rather than once per file in it.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..core.atomic import write_atomic_in
from ..core.errors import NewsgenError
from ..site.urls import SEARCH_INDEX_DIR


class WriteError(NewsgenError):
    """The site could not be written (space, permissions, a path that is not allowed)."""


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
        self.root = root = _prepare_root(self._output_dir)
        outputs = outputs if isinstance(outputs, (set, frozenset, dict)) else set(outputs)
        output_dirs = check_paths(root, outputs)
        if partial:
            self._present, self._stale, self._removed_first = set(), [], []
            return
        present, present_dirs = list_site(root) if self._known is None else _with_folders(self._known)
        self._present = present
        self._stale = sorted(present.difference(outputs))
        if self._staged_from is None:
            self._removed_first = [path for path in self._stale if _blocks_an_output(path, outputs, output_dirs)]
        else:
            self._removed_first = self._stale
        _remove_files(root, self._removed_first)
        if self._staged_from is not None:
            remove_empty_parents(root, self._stale)
        for relative in sorted(present_dirs.intersection(outputs)):
            _remove_empty_dirs_at(root, relative)  # its files were stale and are gone

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
            _remove_files(self.root, [path for path in self._stale if path not in done])
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


def check_paths(root: str, files: Iterable[str]) -> set[str]:
    """Refuse unsafe paths and outputs that are both a file and a folder; return the folders the outputs need."""
    for relative in files:
        check_relative(root, relative)
    folders = folders_of(files)
    if not folders.isdisjoint(files):
        _refuse_nesting(files)
    return folders


def check_relative(root: str, relative: str) -> None:
    """A plain relative path inside the output folder, or an error."""
    unsafe = (
        not relative
        or "\\" in relative
        or "\0" in relative
        or relative[0] in "/."  # absolute, ".", "./a", "..", ".hidden"
        or relative[-1] == "/"
        or "//" in relative
        or "/." in relative  # "a/./b", "a/../b", "a/.hidden"
    )
    if unsafe:
        raise WriteError(f"refusing to write {relative!r}: not a plain path inside the output folder", root)


def make_way_for(root: str, relative: str, data: bytes, created: dict[str, bool]) -> bool:
    """Whether the file must be (re)written; if so, its folder exists and nothing stands in its way."""
    if ensure_folder(root, relative.rpartition("/")[0], created):
        return True  # a folder this write created held nothing before
    path = os.path.join(root, relative)
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return True
    if stat.S_ISREG(found.st_mode):
        return found.st_size != len(data) or not _same_bytes(path, data)
    if stat.S_ISLNK(found.st_mode):
        if os.path.isfile(path) and _same_bytes(path, data):
            return False
        # The rename would replace the link, not write through it; still, a link pointing away is refused.
        check_inside(root, relative, path)
    return True


def ensure_folder(root: str, folder: str, created: dict[str, bool]) -> bool:
    """Make ``folder`` exist and check it stays inside ``root``; True if this call created it.

    ``created`` remembers the folders already checked, so each is checked once
    per write, not once per file: a real folder inside a checked folder is
    inside too; only a symlink needs resolving.
    """
    known = created.get(folder)
    if known is not None:
        return known
    parent_created = ensure_folder(root, folder.rpartition("/")[0], created)
    path = os.path.join(root, folder)
    try:
        # In a folder this write created, the child cannot exist yet: skip asking.
        mode = None if parent_created else os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is None:
        os.mkdir(path)
        created[folder] = True
        return True
    if stat.S_ISLNK(mode):
        check_inside(root, folder, path)  # a symlink must not carry a write outside the output folder
    elif not stat.S_ISDIR(mode):
        raise WriteError(f"cannot write into {folder!r}: it is not a folder", root)
    created[folder] = False
    return False


def check_inside(root: str, relative: str, path: str) -> None:
    """Refuse a symlink that resolves outside ``root`` or into one of its hidden entries."""
    resolved = os.path.realpath(path)
    inside = os.path.commonpath([root, resolved]) == root
    hidden = inside and resolved != root and "/." in "/" + os.path.relpath(resolved, root)
    if not inside or hidden:
        raise WriteError(f"refusing to write {relative!r}: it resolves outside the output folder", root)


def _refuse_nesting(files: Iterable[str]) -> None:
    """Raise about the first output (in sorted order) that needs another output to be a folder."""
    paths = set(files)
    for path in sorted(paths):
        parent = path.rpartition("/")[0]
        while parent:
            if parent in paths:
                raise WriteError(f"output {parent!r} is a file but {path!r} needs it to be a folder")
            parent = parent.rpartition("/")[0]


def list_site(root: str) -> tuple[set[str], set[str]]:
    """Relative paths of the files and of the real folders now in the output folder, hidden entries left out.

    Like ``os.walk``: symlinks to folders are neither listed nor followed, other
    symlinks count as files, unreadable folders are skipped.
    """
    files: set[str] = set()
    folders: set[str] = set()
    pending = [""]
    while pending:
        folder = pending.pop()
        base = folder + "/" if folder else ""
        try:
            entries = os.scandir(os.path.join(root, folder) if folder else root)
        except OSError:
            continue
        with entries:
            for entry in entries:
                name = entry.name
                if name[0] == "." or (not folder and name == SEARCH_INDEX_DIR):
                    continue  # hidden entries are carried over; the search index is made after the write
                if entry.is_dir(follow_symlinks=False):
                    folders.add(base + name)
                    pending.append(base + name)
                elif not (entry.is_symlink() and entry.is_dir()):
                    files.add(base + name)
    return files, folders


def _with_folders(paths: Iterable[str]) -> tuple[set[str], set[str]]:
    """The files, and the folders that hold them, as ``list_site`` would find them."""
    files = set(paths)
    return files, folders_of(files)


def folders_of(paths: Iterable[str]) -> set[str]:
    """Every folder that holds one of the relative ``paths``, at any depth."""
    folders: set[str] = set()
    for path in paths:
        folder = path.rpartition("/")[0]
        # Siblings share their folders: stop at the first one already seen.
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return folders


def remove_empty_parents(root: str, removed: Iterable[str]) -> None:
    """Delete the folders that removing these files left empty (not hidden ones, not ``root``)."""
    prefix = os.path.join(root, "")
    kept: set[str] = set()  # folders found not empty: so are their parents
    for relative in sorted(removed, key=lambda path: -path.count("/")):  # deepest first
        folder = relative.rpartition("/")[0]
        while folder and folder not in kept:
            try:
                os.rmdir(prefix + folder)  # fails unless empty (hidden entries count)
            except OSError:
                kept.add(folder)
                break
            folder = folder.rpartition("/")[0]


def _prepare_root(output_dir: Path) -> str:
    if output_dir.exists() and not output_dir.is_dir():
        raise WriteError("the output folder is a file", str(output_dir))
    output_dir.mkdir(parents=True, exist_ok=True)
    return str(output_dir.resolve())


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


def _remove_empty_dirs_at(root: str, relative: str) -> None:
    """Clear a folder standing where an output file must go."""
    try:
        for folder, _, _ in os.walk(os.path.join(root, relative), topdown=False):
            os.rmdir(folder)
    except OSError as exc:
        raise WriteError(f"cannot replace folder {relative!r} with a file: {exc.strerror}", root) from None


def _remove_files(root: str, relatives: Iterable[str]) -> None:
    prefix = os.path.join(root, "")
    for relative in relatives:
        try:
            os.unlink(prefix + relative)
        except FileNotFoundError:
            pass


def _same_bytes(path: str, data: bytes) -> bool:
    """Whether the file holds exactly ``data``; reading one byte more tells a longer file apart."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        return os.read(fd, len(data) + 1) == data
    finally:
        os.close(fd)
