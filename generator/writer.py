"""Writing the rendered site into the output folder, touching only what changed.

``write_site`` receives the complete site in memory, so a rendering failure
can never leave the output folder half updated: writing starts only once every
page exists. Each file is replaced atomically; changed and new files are
written before stale ones are removed, so at every moment the pages on disk
link to files that exist. Names starting with "." (a deploy checkout's
``.git``, a host's ``.well-known``) are never produced and never pruned.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .atomic import write_atomic
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
    for relative in files:
        check_relative(root, relative)
    check_no_nesting(files)
    stale = sorted(list_site_files(root) - set(files))
    output_dirs = _folders_of(files) if stale else set()
    blockers = [path for path in stale if _blocks_an_output(path, files, output_dirs)]
    _remove_files(root, blockers)
    # Files kept from the last build (None) stand where they should already.
    _remove_empty_dirs_at(root, [path for path, data in files.items() if data is not None])
    written, unchanged = [], []
    for relative in sorted(files):
        data = files[relative]
        if data is None or _same_bytes(root / relative, data):
            unchanged.append(relative)
        else:
            write_atomic(resolve_target(root, relative), data)
            written.append(relative)
    leftovers = [path for path in stale if path not in blockers]
    _remove_files(root, leftovers)
    remove_empty_parents(root, stale)
    return WriteSummary(tuple(written), tuple(unchanged), tuple(stale))


def resolve_target(root: Path, relative: str) -> Path:
    """Absolute path of an output file; refuses anything that would land outside ``root``."""
    target = root.joinpath(*check_relative(root, relative).parts)
    # A symlink inside the output folder must not carry a write elsewhere either.
    if not target.resolve().is_relative_to(root):
        raise NewsgenError(f"refusing to write {relative!r}: it resolves outside the output folder", str(root))
    return target


def check_relative(root: Path, relative: str) -> PurePosixPath:
    """A plain relative path inside the output folder, or an error."""
    pure = PurePosixPath(relative)
    unsafe = (
        not relative
        or "\\" in relative
        or "\0" in relative
        or pure.is_absolute()
        or relative != pure.as_posix()  # "a//b", "./a", trailing "/"
        or any(part in ("..", ".") or part.startswith(".") for part in pure.parts)
    )
    if unsafe:
        raise NewsgenError(f"refusing to write {relative!r}: not a plain path inside the output folder", str(root))
    return pure


def check_no_nesting(files: Iterable[str]) -> None:
    """No output may be both a file and the folder of another output."""
    paths = set(files)
    for path in sorted(paths):
        for parent in PurePosixPath(path).parents:
            if parent.as_posix() in paths:
                raise NewsgenError(f"output {parent.as_posix()!r} is a file but {path!r} needs it to be a folder")


def list_site_files(root: Path) -> set[str]:
    """Relative paths of the files now in the output folder, hidden entries left out."""
    found: set[str] = set()
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        base = Path(folder).relative_to(root)
        found.update((base / name).as_posix() for name in filenames if not name.startswith("."))
    return found


def remove_empty_parents(root: Path, removed: Iterable[str]) -> None:
    """Delete the folders that removing these files left empty (not hidden ones, not ``root``)."""
    for relative in sorted(removed, key=lambda path: -path.count("/")):  # deepest first
        folder = (root / relative).parent
        while folder != root and not folder.name.startswith(".") and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def _prepare_root(output_dir: Path) -> Path:
    if output_dir.exists() and not output_dir.is_dir():
        raise NewsgenError("the output folder is a file", str(output_dir))
    output_dir.mkdir(parents=True, exist_ok=True)
    return output_dir.resolve()


def _blocks_an_output(stale: str, outputs: Mapping[str, bytes | None], output_dirs: set[str]) -> bool:
    """A stale file that stands where an output needs a folder, or inside an output's place."""
    return stale in output_dirs or any(parent.as_posix() in outputs for parent in PurePosixPath(stale).parents)


def _folders_of(paths: Iterable[str]) -> set[str]:
    return {parent.as_posix() for path in paths for parent in PurePosixPath(path).parents}


def _remove_empty_dirs_at(root: Path, outputs: Iterable[str]) -> None:
    """Clear folders standing where output files must go (their files are stale and gone)."""
    for relative in outputs:
        target = root / relative
        if target.is_dir() and not target.is_symlink():
            try:
                for folder, _, _ in os.walk(target, topdown=False):
                    Path(folder).rmdir()
            except OSError as exc:
                raise NewsgenError(f"cannot replace folder {relative!r} with a file: {exc.strerror}", str(root)) from None


def _remove_files(root: Path, relatives: Iterable[str]) -> None:
    for relative in relatives:
        (root / relative).unlink(missing_ok=True)


def _same_bytes(target: Path, data: bytes) -> bool:
    if not target.is_file() or target.stat().st_size != len(data):
        return False
    return target.read_bytes() == data
