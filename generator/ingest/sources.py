"""Where raw wire files are found: kept apart from the readers, so a build with
nothing to ingest finds that out without loading them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..config.settings import SiteConfig

#: Wire text, scraped pages, NewsML-G2 XML and IPTC 7901 / ANPA 1312 messages (the reader is chosen by content).
RAW_SUFFIXES = (".txt", ".text", ".wire", ".html", ".htm", ".xml", ".7901", ".ipt", ".anpa")


def find_raw_files(config: SiteConfig, paths: Sequence[Path] = ()) -> list[Path]:
    """The raw files to ingest: the given files/folders, or everything in content/raw.

    A project without content/raw has nothing to ingest (a site written by hand
    or by translation only); a path given by name that does not exist is still
    an error, reported when it is read.
    """
    if not paths and not config.raw_dir.is_dir():
        return []
    targets = list(paths) or [config.raw_dir]
    found: list[Path] = []
    for target in targets:
        if target.is_dir():
            found.extend(sorted(p for p in target.rglob("*") if p.is_file() and p.suffix.lower() in RAW_SUFFIXES and not p.name.startswith(".")))
        else:
            found.append(target)
    return found
