"""The output folder as the writer finds it: which paths may be written, which folders they need,
what the folder holds now, and clearing away what must go.

Separate from ``writer.py`` because these rules (what counts as a safe path, a
symlink leading out, a hidden entry) guard the folder whatever writes into it,
and the staging folder's record is checked against them too. Like the writer,
the per-file work uses plain strings and ``os`` calls rather than ``pathlib``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from ..core.errors import NewsgenError
from ..site.urls import SEARCH_INDEX_DIR


class WriteError(NewsgenError):
    """The site could not be written (space, permissions, a path that is not allowed)."""


def prepare_root(output_dir: Path) -> str:
    if output_dir.exists() and not output_dir.is_dir():
        raise WriteError("the output folder is a file", str(output_dir))
    output_dir.mkdir(parents=True, exist_ok=True)
    return str(output_dir.resolve())


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


def with_folders(paths: Iterable[str]) -> tuple[set[str], set[str]]:
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


def remove_empty_dirs_at(root: str, relative: str) -> None:
    """Clear a folder standing where an output file must go."""
    try:
        for folder, _, _ in os.walk(os.path.join(root, relative), topdown=False):
            os.rmdir(folder)
    except OSError as exc:
        raise WriteError(f"cannot replace folder {relative!r} with a file: {exc.strerror}", root) from None


def remove_files(root: str, relatives: Iterable[str]) -> None:
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
