"""``newsgen deploy --to folder:PATH``: the folder a web server serves, changed in one step.

The changes are made in a copy beside the folder (hard links to its files, so
the copy costs no space and unchanged files keep their identity) and the copy
is then exchanged with the folder in one rename (Linux ``renameat2``; where the
system has no atomic exchange, three renames, with a moment without the
folder): a reader, or a server, sees the old site or the new one, never a mix,
and a deploy that fails part-way leaves the folder as it was. Where that is impossible (the folder is a mount
point or a symbolic link, its parent cannot be written, its files cannot be
linked) the changes are made in place, each file atomically, and the result
says why.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..build.swap import swap_in
from ..core.atomic import copy_atomic, write_atomic
from ..core.errors import NewsgenError
from .changes import Changes, Publication
from .sitescan import list_files

#: In a folder target: says newsgen put the files there, so deleting the ones a site dropped is safe.
MARKER_FILE = ".newsgen-deploy"
MARKER_TEXT = "Published by `newsgen deploy`: files the site no longer has are deleted here.\n"


@dataclass(frozen=True)
class FolderDeploy:
    """What a folder deploy changed, and why it changed the folder in place, if it did."""

    changes: Changes
    in_place_because: str | None = None


def deploy_folder(publication: Publication, dest: Path, *, delete: bool = True, dry_run: bool = False) -> FolderDeploy:
    """Make ``dest`` hold the publication: changed files copied, gone ones deleted, all swapped in at once.

    Deletes only in a folder newsgen deployed to before (MARKER_FILE), or one that was empty."""
    changes = plan_folder(publication, dest, delete)
    if changes.deleted and not (dest / MARKER_FILE).is_file():
        sample = ", ".join(changes.deleted[:3])
        raise NewsgenError(f"refusing to delete {len(changes.deleted)} files that newsgen did not put there ({sample}, ...): deploy with --no-delete, or empty the folder first", str(dest))
    if dry_run or (changes.empty and (dest / MARKER_FILE).is_file()):
        return FolderDeploy(changes)
    copy, in_place_because = _copy_beside(dest)
    if copy is None:
        dest.mkdir(parents=True, exist_ok=True)
        apply_changes(publication, dest, changes)
        return FolderDeploy(changes, in_place_because)
    try:
        apply_changes(publication, copy, changes)
        old_site_at_copy = swap_in(copy, dest)
    except BaseException:
        shutil.rmtree(copy, ignore_errors=True)
        raise
    if old_site_at_copy:
        shutil.rmtree(copy, ignore_errors=True)
    return FolderDeploy(changes)


def apply_changes(publication: Publication, folder: Path, changes: Changes) -> None:
    """Copy the added and changed files into ``folder``, delete the deleted ones, leave the marker."""
    blockers = set(blocking_files(changes.deleted, publication))
    # Files standing where a folder must go (or inside a file's place) go first; every
    # other deletion waits until the new files are in, so links never point at nothing.
    _remove(folder, sorted(blockers))
    for relative in (*changes.added, *changes.changed):
        copy_atomic(publication[relative], folder / relative)
    _remove(folder, [path for path in changes.deleted if path not in blockers])
    write_atomic(folder / MARKER_FILE, MARKER_TEXT)


def copy_folder_name(dest: Path) -> Path:
    """Where the copy of ``dest`` is prepared: hidden, beside it, on the same file system."""
    return dest.parent / f".{dest.name}.deploying"


def _copy_beside(dest: Path) -> tuple[Path | None, str | None]:
    """A copy of ``dest`` made of hard links, ready to be changed and swapped in; or (None, why not)."""
    if dest.is_symlink():
        return None, "the folder is a symbolic link, which a swap would replace"
    if dest.is_dir() and os.path.ismount(dest):
        return None, "the folder is a mount point, which cannot be renamed"
    copy = copy_folder_name(dest)
    try:
        shutil.rmtree(copy, ignore_errors=True)  # left by a deploy that was killed
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.is_dir():
            link_tree(dest, copy)
        else:
            copy.mkdir()
    except OSError as exc:
        shutil.rmtree(copy, ignore_errors=True)
        return None, f"no copy could be prepared beside it ({exc.strerror or exc})"
    return copy, None


def link_tree(source: Path, target: Path) -> None:
    """``target``: the folders of ``source`` made anew (with their permissions), its files hard-linked,
    its symbolic links copied. Hidden entries too: a deploy keeps what it did not put there."""
    os.mkdir(target)
    shutil.copymode(source, target)
    for folder, folders, files in os.walk(source):
        inside = target / Path(folder).relative_to(source)
        for name in folders:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                os.symlink(os.readlink(path), inside / name)
            else:
                os.mkdir(inside / name)
                shutil.copymode(path, inside / name)
        for name in files:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                os.symlink(os.readlink(path), inside / name)
            else:
                os.link(path, inside / name)


def plan_folder(publication: Publication, dest: Path, delete: bool = True) -> Changes:
    """What copying the publication into ``dest`` would change.

    Without ``delete`` stale files are kept, except those in the way of a published file."""
    present = list_files(dest) if dest.is_dir() else set()
    added, changed = [], []
    for relative, source in publication.items():
        if relative not in present:
            added.append(relative)
        elif not same_content(source, dest / relative):
            changed.append(relative)
    gone = sorted(present - set(publication))
    deleted = gone if delete else blocking_files(gone, publication)
    return Changes(tuple(sorted(added)), tuple(sorted(changed)), tuple(deleted), tuple(p for p in gone if p not in deleted))


def blocking_files(stale: Sequence[str], publication: Publication) -> list[str]:
    """Stale files that stand where a published file needs a folder, or inside a published file's place."""
    folders = {parent for relative in publication for parent in _parents(relative)}
    return [path for path in stale if path in folders or any(parent in publication for parent in _parents(path))]


def _parents(relative: str) -> list[str]:
    parts = relative.split("/")
    return ["/".join(parts[:end]) for end in range(1, len(parts))]


def same_content(source: Path | bytes, target: Path) -> bool:
    """True when ``target`` holds exactly ``source``'s bytes (size first, then SHA-256)."""
    size = len(source) if isinstance(source, bytes) else source.stat().st_size
    if not target.is_file() or target.stat().st_size != size:
        return False
    return _digest(source) == _digest(target)


def _digest(source: Path | bytes) -> bytes:
    if isinstance(source, bytes):
        return hashlib.sha256(source).digest()
    with source.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").digest()


def _remove(dest: Path, relatives: Sequence[str]) -> None:
    for relative in relatives:
        (dest / relative).unlink(missing_ok=True)
        _prune_empty_parents(dest, (dest / relative).parent)


def _prune_empty_parents(root: Path, folder: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
