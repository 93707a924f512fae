"""Making one folder hold hard links to every file of another, comparing inodes, never bytes.

Separate from ``staging.py`` because how two folders are brought to hold the
same files (hidden entries at the top, symlinks, leftovers of killed writes)
does not depend on when publishing asks for it: after a swap, or when the
staging record cannot be trusted.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from .writer import link_atomic

#: Temporary files of an atomic write or link (``.<name>.<pid>.tmp``, ``.<name>.<random>.tmp``).
_TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]+\.tmp$")


def mirror_folder(source: str, target: str, top: bool = False) -> None:
    """Make ``target`` hold hard links to every file of ``source``, comparing inodes, not bytes.

    At the top level hidden entries are left to ``mirror_hidden``; further
    down they are not part of a site and are dropped, like temporary files.
    """
    wanted = {}
    with os.scandir(source) as entries:
        for entry in entries:
            if not entry.name.startswith("."):
                wanted[entry.name] = entry
    with os.scandir(target) as entries:
        present = {entry.name: entry for entry in entries}
    for name, entry in present.items():
        if name in wanted or (top and name.startswith(".")):
            continue
        _remove(entry)
    for name, entry in wanted.items():
        _mirror_entry(entry, os.path.join(target, name), present.get(name))


def _mirror_entry(entry: os.DirEntry, target: str, present: os.DirEntry | None) -> None:
    if entry.is_dir(follow_symlinks=False):
        if present is not None and not present.is_dir(follow_symlinks=False):
            _remove(present)
            present = None
        if present is None:
            os.mkdir(target)
        mirror_folder(entry.path, target)
    elif present is None or present.is_dir(follow_symlinks=False) or present.inode() != entry.inode():
        if present is not None and present.is_dir(follow_symlinks=False):
            _remove(present)
        if entry.is_symlink():
            unlink(target)
            os.symlink(os.readlink(entry.path), target)
        else:
            link_atomic(entry.path, target)


def mirror_hidden(live: Path, staging: Path) -> None:
    """Carry the hidden entries at the top of the live folder into the staging one; drop leftovers."""
    with os.scandir(live) as entries:
        hidden = {entry.name: entry for entry in entries if entry.name.startswith(".") and not _TEMPORARY.match(entry.name)}
    with os.scandir(staging) as entries:
        present = {entry.name: entry for entry in entries if entry.name.startswith(".")}
    for name, entry in present.items():
        if name not in hidden:
            _remove(entry)
    for name, entry in hidden.items():
        _mirror_entry(entry, os.path.join(staging, name), present.get(name))


def _remove(entry: os.DirEntry) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        unlink(entry.path)


def unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
