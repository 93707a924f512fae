"""Putting a built site in place: written beside the live folder, swapped in with one rename.

The output folder (``site/``) is never written into while it is live. The new
site is written into a staging folder beside it (``.site.staging``: same
parent, so same file system), which starts as a copy of the live site made of
hard links, so only changed files cost a write. One ``renameat2`` call with
``RENAME_EXCHANGE`` then swaps the two folders: a web server, a deploy or a
reader sees the old site or the new one, whole, never a mix. A build killed
before the swap leaves ``site/`` exactly as it was.

After the swap the old site stays behind as the next build's staging folder.
``.newsgen-cache/staging.json`` lists what it lacks (the files the last build
wrote or removed), so the next build catches it up in time proportional to the
change rather than to the site. Without that record (a first build, a killed
one, folders replaced by hand) the two folders are compared by inode instead.

Hidden entries at the top of the output folder (``.well-known``, ``.git``,
``.htaccess``) are carried into every new site; the rest of the folder belongs
to the build. Where no staging folder can be made (the output folder is a mount
point, or its parent is not writable) the site is written in place, as before,
with a warning.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import secrets
import shutil
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from ..core.atomic import write_atomic
from ..core.errors import NewsgenError
from .writer import (
    SiteWriter,
    WriteError,
    WriteSummary,
    check_relative,
    link_atomic,
    remove_empty_parents,
)

STAGING_RECORD = "staging.json"
RECORD_SCHEMA = 2
#: The staging folder's half of the record: a random token, written after each swap.
_TOKEN = ".newsgen-staging"
#: A record listing more files than this is not kept: comparing the folders costs about as much.
RECORD_LIMIT = 20_000
#: Temporary files of an atomic write or link (``.<name>.<pid>.tmp``, ``.<name>.<random>.tmp``).
_TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]+\.tmp$")


#: A step run on the written folder before it goes live: ``(folder, live folder or None, whether files changed)``.
Finish = Callable[[Path, "Path | None", bool], None]


@dataclass(frozen=True)
class Published:
    """What publishing did: the changes, and why it had to write in place (None: it did not)."""

    write: WriteSummary
    in_place_because: str | None = None


def staging_folder(output_dir: Path) -> Path:
    """Where the next site is built: beside the output folder, hidden."""
    return output_dir.parent / f".{output_dir.name}.staging"


def publish_site(
    output_dir: Path, files: Mapping[str, bytes | None], cache_dir: Path, previous_outputs: Collection[str] | None = None
) -> Published:
    """Make ``output_dir`` hold exactly ``files`` (see ``write_site``), switching from old to new at once."""

    def produce(sink: Sink) -> None:
        sink.begin(files)
        sink.put_all(files)

    return publish_streamed(output_dir, produce, cache_dir, previous_outputs)


def publish_streamed(
    output_dir: Path,
    produce: Callable[[Sink], None],
    cache_dir: Path,
    previous_outputs: Collection[str] | None = None,
    *,
    files: int | None = None,
    finish: Finish | None = None,
) -> Published:
    """Publish the site that ``produce`` hands to its sink: ``begin(every output path)``, then
    ``put(path, bytes or None)`` per file as it is rendered (``SiteWriter``).

    Files go straight into the staging folder; where there is none (the site is
    written in place) they are collected in memory first, so that a failure in
    ``produce`` still leaves the live site as it was. ``previous_outputs`` are
    the files the last build wrote (its manifest): when the record confirms that
    the staging folder held the site before that one, catching it up makes it
    hold exactly those, and its folders are not walked. ``produce`` may begin
    with ``partial=True`` and hand over only the files that changed (everything
    else stays); ``files`` is then the number of files the site holds.
    ``finish(folder, live, changed)`` runs on the written folder before it goes live (the search
    index), told the live folder and whether any file was written or removed.
    """
    live = _real_output(output_dir)
    try:
        recover_interrupted_swap(live)
        staging = staging_folder(live)
        reason = _why_not_staged(live, staging)
        record = None if reason else _load_record(cache_dir, live, staging)
        _forget_record(cache_dir, None if reason else staging)  # from here until the swap, the staging folder's content is unknown
        if reason:
            collected = _Collected()
            produce(collected)
            writer = SiteWriter(live)
            writer.begin(collected.files, partial=collected.partial)
            writer.put_all(collected.files)
            summary = writer.finish()
            if finish is not None:
                finish(live, None, bool(summary.written or summary.removed))
            return Published(summary, reason)
        known = previous_outputs if record is not None and previous_outputs is not None and record.get("files") == len(previous_outputs) else None
        summary, swapped = _stage_and_swap(live, staging, record, produce, known, finish)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise NewsgenError(f"cannot write the site: {exc.strerror or exc}{where}", str(live)) from None
    total = files if files is not None else len(summary.written) + len(summary.unchanged)
    if swapped and len(summary.written) + len(summary.removed) <= RECORD_LIMIT:
        _save_record(cache_dir, live, staging, summary.written, summary.removed, total)
    else:
        _prepare_next_staging(cache_dir, live, staging, total)
    return Published(summary)


def _prepare_next_staging(cache_dir: Path, live: Path, staging: Path, files: int) -> None:
    """Make the staging folder a copy of the new site now, made of hard links, and record it.

    After a first build, or one that changed too much to list, the next build would
    otherwise have to compare the folders: that cost belongs to the large build, so
    that the next correction publishes in time proportional to itself.
    """
    try:
        staging.mkdir(exist_ok=True)
        mirror_folder(str(live), str(staging), top=True)
        _mirror_hidden(live, staging)
    except OSError:
        return  # the next build compares the folders instead
    _save_record(cache_dir, live, staging, (), (), files)


class Sink(Protocol):
    """Where a site's files go as they are produced (``writer.SiteWriter``)."""

    def begin(self, outputs: Collection[str], *, partial: bool = False) -> None: ...
    def put(self, relative: str, data: bytes | None) -> None: ...
    def put_all(self, files: Mapping[str, bytes | None]) -> None: ...


class _Collected:
    """A sink that keeps the files in memory, for a site written in place."""

    def __init__(self) -> None:
        self.files: dict[str, bytes | None] = {}
        self.partial = False

    def begin(self, outputs: Collection[str], *, partial: bool = False) -> None:
        self.partial = partial

    def put(self, relative: str, data: bytes | None) -> None:
        self.files[relative] = data

    def put_all(self, files: Mapping[str, bytes | None]) -> None:
        self.files.update(files)


def _stage_and_swap(
    live: Path, staging: Path, record: dict | None, produce: Callable[[Sink], None], known: Collection[str] | None,
    finish: Finish | None = None,
) -> tuple[WriteSummary, bool]:
    """Bring the staging folder up to the live site, write the new site into it, swap it in."""
    if live.is_dir():
        if not _catch_up(live, staging, record):
            known = None  # compared by inode: the folder holds what the live one holds, whatever that is
        _mirror_hidden(live, staging)
    else:
        known = None
    writer = SiteWriter(staging, staged_from=live if live.is_dir() else None, present=known)
    try:
        produce(writer)
        summary = writer.finish()
    except WriteError as exc:
        raise NewsgenError(f"{exc.message}; {live.name}/ was left as it was", exc.file, exc.line) from None
    if finish is not None:
        finish(staging, live if live.is_dir() else None, bool(summary.written or summary.removed))
    return summary, _swap_in(staging, live)


def recover_interrupted_swap(live: Path) -> None:
    """Finish or undo a swap done with plain renames that was killed half-way."""
    aside = _aside_folder(live)
    if not aside.is_dir():
        return
    if not live.exists():
        os.rename(aside, live)  # killed between moving the old site aside and moving the new one in
    elif not staging_folder(live).exists():
        os.rename(aside, staging_folder(live))
    else:
        shutil.rmtree(aside)


def _real_output(output_dir: Path) -> Path:
    """The folder to swap: a symlinked output folder is swapped where it really is."""
    if output_dir.exists() and not output_dir.is_dir():
        raise NewsgenError("the output folder is a file", str(output_dir))
    return output_dir.resolve() if output_dir.is_symlink() else output_dir.absolute()


def _why_not_staged(live: Path, staging: Path) -> str | None:
    """None when a staging folder can be used; otherwise why the site must be written in place."""
    try:
        live.parent.mkdir(parents=True, exist_ok=True)
        if live.is_dir() and os.stat(live).st_dev != os.stat(live.parent).st_dev:
            return f"{live} is a mount point, so no folder beside it can be swapped with it"
        staging.mkdir(exist_ok=True)
    except OSError as exc:
        return f"cannot create {staging}: {exc.strerror or exc}"
    if staging.is_symlink() or not staging.is_dir():
        return f"{staging} is not a folder"
    return None


# ------------------------------------------------------------ catching up


def _catch_up(live: Path, staging: Path, record: dict | None) -> bool:
    """Make the staging folder hold the same files as the live one (hard links), hidden entries aside.

    True when the record did it; False when the folders had to be compared.
    """
    if record is not None:
        try:
            for relative in record["written"]:
                target = os.path.join(staging, relative)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                link_atomic(os.path.join(live, relative), target)
            for relative in record["removed"]:
                _unlink(os.path.join(staging, relative))
            remove_empty_parents(str(staging), record["removed"])
            return True
        except OSError:
            pass  # the folders changed behind the record's back: compare them instead
    mirror_folder(str(live), str(staging), top=True)
    return False


def mirror_folder(source: str, target: str, top: bool = False) -> None:
    """Make ``target`` hold hard links to every file of ``source``, comparing inodes, not bytes.

    At the top level hidden entries are left to ``_mirror_hidden``; further
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
            _unlink(target)
            os.symlink(os.readlink(entry.path), target)
        else:
            link_atomic(entry.path, target)


def _mirror_hidden(live: Path, staging: Path) -> None:
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
        _unlink(entry.path)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


# ------------------------------------------------------------------ swap


def _swap_in(staging: Path, live: Path) -> bool:
    """Put the staging folder at the live folder's place; True when the old site is now the staging folder."""
    if not live.exists():
        os.rename(staging, live)
        return False
    if exchange(staging, live):
        return True
    # No atomic exchange here: three renames, and recover_interrupted_swap if killed between them.
    aside = _aside_folder(live)
    os.rename(live, aside)
    os.rename(staging, live)
    os.rename(aside, staging)
    return True


def _aside_folder(live: Path) -> Path:
    return live.parent / f".{live.name}.swap"


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2``); False where that is not supported."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # this file system cannot exchange
    raise OSError(code, os.strerror(code), str(first))


@lru_cache(maxsize=1)
def _renameat2():
    try:
        return ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # not Linux, or a C library without it
        return None


# ---------------------------------------------------------------- record


def _identity(path: Path) -> list[int]:
    info = os.stat(path)
    return [info.st_dev, info.st_ino]


def _save_record(cache_dir: Path, live: Path, staging: Path, written: Sequence[str], removed: Sequence[str], files: int) -> None:
    """Remember what the staging folder (the old site) lacks compared with the new live one."""
    try:
        # Folder identities can be reused by a folder made anew; the token in the folder cannot.
        token = secrets.token_hex(16)
        write_atomic(staging / _TOKEN, token)
        data = {"schema": RECORD_SCHEMA, "live": _identity(live), "staging": _identity(staging), "token": token,
                "files": files, "written": list(written), "removed": list(removed)}
        write_atomic(cache_dir / STAGING_RECORD, json.dumps(data, separators=(",", ":")))
    except OSError:
        pass  # without a record the next build compares the two folders instead


def _load_record(cache_dir: Path, live: Path, staging: Path) -> dict | None:
    """The record, when it describes these two folders; None otherwise."""
    try:
        data = json.loads((cache_dir / STAGING_RECORD).read_text(encoding="utf-8"))
        if data["schema"] != RECORD_SCHEMA or data["live"] != _identity(live) or data["staging"] != _identity(staging):
            return None
        if (staging / _TOKEN).read_text(encoding="utf-8") != data["token"]:
            return None
        for path in data["written"] + data["removed"]:
            check_relative(str(staging), path)  # a damaged record must not reach outside the folders
        return data
    except (OSError, ValueError, KeyError, TypeError, NewsgenError):
        return None


def _forget_record(cache_dir: Path, staging: Path | None = None) -> None:
    """Drop the record before the staging folder changes: a stale one would be trusted after a crash."""
    try:
        (cache_dir / STAGING_RECORD).unlink(missing_ok=True)
    except OSError as exc:
        raise NewsgenError(f"cannot update the staging record: {exc.strerror or exc}", str(cache_dir / STAGING_RECORD)) from None
    if staging is not None:
        _unlink(str(staging / _TOKEN))  # never swapped into the live site
