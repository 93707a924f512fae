"""Writing the rendered site into the output folder, touching only what changed.

``write_site`` receives the complete site in memory, so a rendering failure
can never leave the output folder half updated: writing starts only once every
page exists. Each file is replaced atomically; changed and new files are
written before stale ones are removed, so at every moment the pages on disk
link to files that exist. Names starting with "." (a deploy checkout's
``.git``, a host's ``.well-known``) are never produced and never pruned.

A site has tens of thousands of files, so the per-file work below uses plain
strings and ``os`` calls rather than ``pathlib``, and checks each folder once
rather than once per file in it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .atomic import write_atomic_in
from .errors import NewsgenError


@dataclass(frozen=True)
class WriteSummary:
    """What a write did, as sorted relative paths."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def write_site(output_dir: Path, files: Mapping[str, bytes | None]) -> WriteSummary:
    """Make ``output_dir`` hold exactly ``files`` (relative path -> bytes), plus hidden entries.

    ``None`` instead of bytes keeps the file that is there (an incremental build
    found its inputs unchanged).
    """
    root = _prepare_root(output_dir)
    output_dirs = check_paths(root, files)
    present, present_dirs = list_site(root)
    stale = sorted(present.difference(files))
    blockers = [path for path in stale if _blocks_an_output(path, files, output_dirs)]
    _remove_files(root, blockers)
    # Files kept from the last build (None) stand where they should already.
    for relative in sorted(present_dirs.intersection(files)):
        if files[relative] is not None:
            _remove_empty_dirs_at(root, relative)  # its files were stale and are gone
    written, unchanged = [], []
    created = {"": False}  # folders checked so far -> whether this write created them
    for relative in sorted(files):
        data = files[relative]
        if data is None or not make_way_for(root, relative, data, created):
            unchanged.append(relative)
        else:
            folder, _, name = relative.rpartition("/")
            write_atomic_in(os.path.join(root, folder) if folder else root, name, data)
            written.append(relative)
    blocked = set(blockers)
    _remove_files(root, [path for path in stale if path not in blocked])
    remove_empty_parents(root, stale)
    return WriteSummary(tuple(written), tuple(unchanged), tuple(stale))


def check_paths(root: str, files: Iterable[str]) -> set[str]:
    """Refuse unsafe paths and outputs that are both a file and a folder; return the folders the outputs need."""
    folders: set[str] = set()
    for relative in files:
        check_relative(root, relative)
        folder = relative.rpartition("/")[0]
        # Siblings share their folders: stop at the first one already seen.
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
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
        raise NewsgenError(f"refusing to write {relative!r}: not a plain path inside the output folder", root)


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
        raise NewsgenError(f"cannot write into {folder!r}: it is not a folder", root)
    created[folder] = False
    return False


def check_inside(root: str, relative: str, path: str) -> None:
    """Refuse a symlink that resolves outside ``root`` or into one of its hidden entries."""
    resolved = os.path.realpath(path)
    inside = os.path.commonpath([root, resolved]) == root
    hidden = inside and resolved != root and "/." in "/" + os.path.relpath(resolved, root)
    if not inside or hidden:
        raise NewsgenError(f"refusing to write {relative!r}: it resolves outside the output folder", root)


def _refuse_nesting(files: Iterable[str]) -> None:
    """Raise about the first output (in sorted order) that needs another output to be a folder."""
    paths = set(files)
    for path in sorted(paths):
        parent = path.rpartition("/")[0]
        while parent:
            if parent in paths:
                raise NewsgenError(f"output {parent!r} is a file but {path!r} needs it to be a folder")
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
                if name[0] == ".":
                    continue
                if entry.is_dir(follow_symlinks=False):
                    folders.add(base + name)
                    pending.append(base + name)
                elif not (entry.is_symlink() and entry.is_dir()):
                    files.add(base + name)
    return files, folders


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
        raise NewsgenError("the output folder is a file", str(output_dir))
    output_dir.mkdir(parents=True, exist_ok=True)
    return str(output_dir.resolve())


def _blocks_an_output(stale: str, outputs: Mapping[str, bytes | None], output_dirs: set[str]) -> bool:
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
        raise NewsgenError(f"cannot replace folder {relative!r} with a file: {exc.strerror}", root) from None


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
