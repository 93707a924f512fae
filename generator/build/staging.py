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

This module decides what happens when; the record lives in ``staging_record.py``,
the hard-link copy in ``mirror.py`` and the swap itself in ``swap.py``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..core.errors import NewsgenError
from .mirror import mirror_folder, mirror_hidden, unlink
from .outputfolder import WriteError, remove_empty_parents
from .staging_record import RECORD_LIMIT, forget_record, load_record, save_record
from .swap import aside_folder, swap_in
from .writer import SiteWriter, WriteSummary, link_atomic

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
        record = None if reason else load_record(cache_dir, live, staging)
        forget_record(cache_dir, None if reason else staging)  # from here until the swap, the staging folder's content is unknown
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
        save_record(cache_dir, live, staging, summary.written, summary.removed, total)
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
        mirror_hidden(live, staging)
    except OSError:
        return  # the next build compares the folders instead
    save_record(cache_dir, live, staging, (), (), files)


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
        mirror_hidden(live, staging)
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
    return summary, swap_in(staging, live)


def recover_interrupted_swap(live: Path) -> None:
    """Finish or undo a swap done with plain renames that was killed half-way."""
    aside = aside_folder(live)
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
                unlink(os.path.join(staging, relative))
            remove_empty_parents(str(staging), record["removed"])
            return True
        except OSError:
            pass  # the folders changed behind the record's back: compare them instead
    mirror_folder(str(live), str(staging), top=True)
    return False
