"""The build manifest: what the last successful build read and wrote.

Two files in ``.newsgen-cache/`` (JSON with a schema version):

- ``build-manifest.json``: the fingerprint of every output (see
  ``incremental.py``) and the size and time of every file written; read only
  by a build that has something to do.
- ``last-build.json``: a few fields, read by every build: the digest of the
  inputs (``inputscan.py``), the identity of the output folder the build
  swapped in and the stamp of the manifest beside it. A build whose inputs did
  not change stops after reading it, without a look at the site's files.

This module imports nothing heavy: that check runs before any template engine loads.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..core.atomic import write_atomic
from ..core.caches import RACY_NS

MANIFEST_SCHEMA = 1
MANIFEST_NAME = "build-manifest.json"
LAST_BUILD_NAME = "last-build.json"
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Manifest:
    """What the last successful build read and wrote."""

    #: Digest of every input file's path, size and modification time, and of the build options.
    inputs: str
    #: Output path -> fingerprint of its inputs.
    fingerprints: Mapping[str, str]
    #: Output path -> (size, mtime_ns) as written, to notice files changed or removed behind our back.
    outputs: Mapping[str, tuple[int, int]]
    #: Language versions the site was built from (reported by a build that skips everything).
    articles: int = 0
    #: When the manifest was written (ns since the epoch); inputs modified just before it are not trusted.
    saved_ns: int = 0
    #: (device, inode) of the output folder as the build left it: see ``LastBuild.live``.
    live: tuple[int, int] | None = None

    def trusts(self, newest_input_ns: int) -> bool:
        """False when an input changed so close to the last build that size and time may not tell."""
        return newest_input_ns < self.saved_ns - RACY_NS


@dataclass(frozen=True)
class LastBuild:
    """The few facts about the last successful build that every build reads first."""

    inputs: str
    articles: int
    files: int
    saved_ns: int
    #: (device, inode) of the output folder the build left behind. Builds swap a new folder in,
    #: so another identity means the folder was replaced or removed by hand since.
    live: tuple[int, int] | None
    #: (size, mtime_ns) of the manifest written with this record: a manifest edited or damaged since is not trusted.
    manifest: tuple[int, int]
    #: Random name of the last full build, shared with the site state it saved (``sitestate.py``).
    build_id: str = ""
    #: Digest of everything but the articles (code, options, templates, configuration, registries).
    context: str = ""
    #: Article folders (relative to the root) -> (digest, newest mtime, file count), see ``InputScan.folders``.
    folders: Mapping[str, tuple[str, int, int]] = field(default_factory=dict)
    #: Outputs written since the manifest (by builds that changed a few stories) -> (size, mtime_ns);
    #: their fingerprints in the manifest no longer hold.
    journal: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    #: Versions the build held back (drafts, embargoes), as ``release.Held`` fields; told again by builds with nothing to do.
    held: tuple[tuple, ...] = ()
    #: The latest embargo that had ended among the versions the build published (ISO 8601, or "").
    released_at: str = ""
    #: Picture files the articles name -> (size, mtime_ns) when the build read them.
    pictures: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    def trusts(self, newest_input_ns: int) -> bool:
        return newest_input_ns < self.saved_ns - RACY_NS

    def release_due(self, now: datetime) -> bool:
        """Whether the site is different at ``now``: an embargo the build held back has ended, or
        ``now`` is before one it let pass (a build told an earlier time)."""
        if self.released_at and now < datetime.fromisoformat(self.released_at):
            return True
        return any(until and datetime.fromisoformat(until) <= now for *_, until in self.held)


def folder_identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def digest(*parts: object) -> str:
    """A short, stable digest of ``repr`` of the parts (dataclasses, tuples, strings)."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


# ------------------------------------------------------------------ inputs


def input_files(root: Path, folders: Iterable[Path], files: Iterable[Path]) -> list[tuple[str, int, int]]:
    """(path, size, mtime_ns) of every file under ``folders`` and of ``files``, sorted."""
    found: list[tuple[str, int, int]] = []
    for folder in folders:
        if folder.is_dir():
            # Plain strings and scandir's own stat: a build with nothing to do is mostly this loop.
            _scan(str(folder), os.path.relpath(folder, root), found)
    found.extend(_stat_entry(root, path) for path in files if path.exists())
    return sorted(found)


def _scan(folder: str, relative: str, found: list[tuple[str, int, int]]) -> None:
    """Append (path relative to the root, size, mtime_ns) of the visible files under ``folder``."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            name = entry.name if relative == os.curdir else f"{relative}{os.sep}{entry.name}"
            if entry.is_dir(follow_symlinks=False):  # like os.walk: linked folders are not entered
                _scan(entry.path, name, found)
            elif entry.is_file():
                info = entry.stat()
                found.append((name, info.st_size, info.st_mtime_ns))


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The generator's own version and files: a new release or a local edit invalidates caches.

    Computed once per process: the running code cannot change under it."""
    sources = input_files(_PACKAGE_DIR, [_PACKAGE_DIR], [])
    return digest(__version__, [entry for entry in sources if entry[0].endswith(".py")])


def _stat_entry(root: Path, path: Path) -> tuple[str, int, int]:
    info = path.stat()
    return (os.path.relpath(path, root), info.st_size, info.st_mtime_ns)


# ---------------------------------------------------------------- manifest


def load_manifest(cache_dir: Path, last: LastBuild | None = None) -> Manifest | None:
    """The previous build's manifest (with the journal of ``last`` applied), or None when absent,
    unreadable or of another schema."""
    manifest = _read_manifest(cache_dir)
    if manifest is None or last is None or not last.journal:
        return manifest
    outputs = {**manifest.outputs, **last.journal}
    fingerprints = {path: value for path, value in manifest.fingerprints.items() if path not in last.journal}
    return replace(manifest, outputs=outputs, fingerprints=fingerprints)


def _read_manifest(cache_dir: Path) -> Manifest | None:
    try:
        data = json.loads((cache_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
        if data.get("schema") != MANIFEST_SCHEMA:
            return None
        outputs = {path: (int(size), int(mtime)) for path, (size, mtime) in data["outputs"].items()}
        fingerprints = {str(path): str(value) for path, value in data["fingerprints"].items()}
        live = data.get("live")
        return Manifest(
            str(data["inputs"]), fingerprints, outputs, int(data.get("articles", 0)), int(data.get("saved_ns", 0)),
            (int(live[0]), int(live[1])) if live else None,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        # Damaged in any way (a field of the wrong type, null, truncated): no manifest, a full build.
        return None


def load_last_build(cache_dir: Path) -> LastBuild | None:
    """The small record of the last build, or None when absent, damaged, or its manifest changed since."""
    try:
        data = json.loads((cache_dir / LAST_BUILD_NAME).read_text(encoding="utf-8"))
        if data.get("schema") != MANIFEST_SCHEMA:
            return None
        live, stamp = data["live"], data["manifest"]
        record = LastBuild(
            str(data["inputs"]), int(data["articles"]), int(data["files"]), int(data["saved_ns"]),
            (int(live[0]), int(live[1])) if live else None, (int(stamp[0]), int(stamp[1])),
            str(data["build_id"]), str(data["context"]),
            {str(name): (str(value[0]), int(value[1]), int(value[2])) for name, value in data["folders"].items()},
            {str(path): (int(value[0]), int(value[1])) for path, value in data["journal"].items()},
            tuple(tuple(entry) for entry in data.get("held", ())), str(data.get("released_at", "")),
            {str(file): (int(value[0]), int(value[1])) for file, value in data.get("pictures", {}).items()},
        )
        manifest = os.stat(cache_dir / MANIFEST_NAME)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None
    return record if (manifest.st_size, manifest.st_mtime_ns) == record.manifest else None


def save_manifest(
    cache_dir: Path, manifest: Manifest, *, build_id: str = "", context: str = "", folders: Mapping[str, tuple[str, int, int]] | None = None,
    held: tuple[tuple, ...] = (), released_at: datetime | None = None, pictures: Mapping[str, tuple[int, int]] | None = None,
) -> None:
    """The manifest, then the record that vouches for it (the record is what a build trusts)."""
    saved_ns = time.time_ns()
    data = {"schema": MANIFEST_SCHEMA, "inputs": manifest.inputs, "articles": manifest.articles, "saved_ns": saved_ns,
            "live": list(manifest.live) if manifest.live else None,
            "fingerprints": dict(sorted(manifest.fingerprints.items())),
            "outputs": {path: list(entry) for path, entry in sorted(manifest.outputs.items())}}
    write_atomic(cache_dir / MANIFEST_NAME, json.dumps(data, separators=(",", ":")))
    written = os.stat(cache_dir / MANIFEST_NAME)
    save_last_build(cache_dir, LastBuild(
        manifest.inputs, manifest.articles, len(manifest.outputs), saved_ns, manifest.live,
        (written.st_size, written.st_mtime_ns), build_id, context, folders or {}, {}, held, released_at.isoformat() if released_at else "", dict(pictures or {}),
    ))


def save_last_build(cache_dir: Path, record: LastBuild) -> None:
    data = {"schema": MANIFEST_SCHEMA, "inputs": record.inputs, "articles": record.articles, "files": record.files,
            "saved_ns": record.saved_ns, "live": list(record.live) if record.live else None, "manifest": list(record.manifest),
            "build_id": record.build_id, "context": record.context, "folders": record.folders, "journal": record.journal,
            "held": [list(entry) for entry in record.held], "released_at": record.released_at,
            "pictures": {file: list(stamp) for file, stamp in record.pictures.items()}}
    write_atomic(cache_dir / LAST_BUILD_NAME, json.dumps(data, separators=(",", ":")))


def forget_manifest(cache_dir: Path) -> None:
    (cache_dir / LAST_BUILD_NAME).unlink(missing_ok=True)
    (cache_dir / MANIFEST_NAME).unlink(missing_ok=True)


def output_state(output_dir: Path, paths: Iterable[str]) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of output files as they are now; missing files are left out."""
    state = {}
    prefix = str(output_dir) + os.sep  # plain strings: tens of thousands of stat calls, no Path objects
    for path in paths:
        try:
            info = os.stat(prefix + path)
        except OSError:
            continue
        state[path] = (info.st_size, info.st_mtime_ns)
    return state


def reusable_outputs(previous: Manifest | None, current: Mapping[str, str], output_dir: Path, *, trusted: bool = False) -> frozenset[str]:
    """Outputs whose inputs did not change and whose files are still exactly as written.

    ``trusted``: the output folder is the one the last build left (``output_trusted``), so its
    files are taken to be as written without a ``stat`` each.
    """
    if previous is None:
        return frozenset()
    candidates = [path for path, fingerprint in current.items() if previous.fingerprints.get(path) == fingerprint]
    if trusted:
        return frozenset(candidates)
    on_disk = output_state(output_dir, candidates)
    return frozenset(path for path in candidates if on_disk.get(path) == previous.outputs.get(path))


def output_trusted(output_dir: Path, live: tuple[int, int] | None, verify: bool) -> bool:
    """Whether the files of the output folder may be taken to be as the last build wrote them.

    They are while the folder is the one that build swapped in (a folder removed,
    replaced or restored from a copy has another identity), unless the user asks
    to ``verify`` them: edits made inside the folder by hand are only noticed then.
    """
    return not verify and live is not None and folder_identity(output_dir) == live


def outputs_intact(output_dir: Path, manifest: Manifest) -> bool:
    """True when every file the last build wrote is still there, unchanged."""
    return output_state(output_dir, manifest.outputs) == dict(manifest.outputs)


