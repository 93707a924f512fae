"""Search: a Pagefind index of the built site's article text, made after the pages.

Pagefind (a Rust binary shipped on PyPI as ``pagefind[bin]``) reads the HTML
pages of a folder and writes a static index that the search page queries in
the browser. It indexes only elements marked ``data-pagefind-body`` (the
article templates mark the story, not the navigation), splits the index by
each page's ``<html lang>`` (one index per edition), and records the
``data-pagefind-filter`` values (category, person) the search page offers.

The index is made whole, from the folder that is about to be published,
before it is swapped in: every build that publishes re-indexes, so search is
never behind the pages (Pagefind has no incremental index), and a held story,
which has no page, is never in it. The index folder (``pagefind/``) belongs to
this step, not to the writer. Pagefind numbers pages in the order it reads
them, so two indexes of the same pages hold the same fragments (one per page,
named by its content) but may differ in their other files' bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import NewsgenError
from ..site.urls import SEARCH_INDEX_DIR

#: The article pages (``Urls.article``: ``<lang>/<yyyy>/<mm>/<slug>/index.html``), the only ones
#: the templates mark for the index: Pagefind reads no other page (a quarter less time at 2,000 stories).
ARTICLE_PAGES = "*/[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"
#: Pagefind's list of the index's languages, with their page counts.
ENTRY_FILE = "pagefind-entry.json"


@dataclass(frozen=True)
class SearchIndex:
    """What indexing made: pages per language, files and bytes, and how long it took."""

    pages: dict[str, int]
    files: int
    bytes: int
    seconds: float


def pagefind_binary() -> Path:
    """The Pagefind executable: ``PAGEFIND_BINARY_PATH``, else the one ``pagefind[bin]`` installed."""
    configured = os.environ.get("PAGEFIND_BINARY_PATH")
    if configured:
        return Path(configured)
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise NewsgenError("search needs Pagefind: pip install 'pagefind[bin]' (or set search = false in site.toml)") from None
    try:
        return Path(get_executable())
    except FileNotFoundError as exc:
        raise NewsgenError(f"search needs Pagefind, whose binary is missing: {exc}") from None


def index_site(folder: Path) -> SearchIndex:
    """Replace ``folder/pagefind/`` with a fresh index of the folder's pages.

    The new index is written beside the old one and moved into place, so a
    failed run leaves the folder as it was; raises ``NewsgenError`` with what
    Pagefind said.
    """
    started = time.perf_counter()
    target = folder / SEARCH_INDEX_DIR
    if next(folder.glob(ARTICLE_PAGES), None) is None:
        remove_index(folder)  # no story yet: nothing to search (Pagefind refuses to make an empty index)
        return SearchIndex({}, 0, 0, time.perf_counter() - started)
    scratch = Path(tempfile.mkdtemp(prefix=f".{folder.name}.pagefind-", dir=folder.parent))  # same file system: renamed into place
    try:
        binary = pagefind_binary()
        try:
            done = subprocess.run(
                [str(binary), "--site", str(folder), "--glob", ARTICLE_PAGES, "--output-path", str(scratch), "--silent"],
                capture_output=True, text=True, timeout=3600, check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise NewsgenError(f"search index: cannot run Pagefind ({getattr(exc, 'strerror', None) or exc})", str(binary)) from None
        if done.returncode != 0:
            said = (done.stderr or done.stdout).strip().splitlines()
            raise NewsgenError(f"search index: Pagefind failed ({said[-1] if said else f'exit status {done.returncode}'})", str(folder))
        pages = _pages_per_language(scratch / ENTRY_FILE)
        if target.exists():
            shutil.rmtree(target)  # hard links shared with the live site: only these names go
        os.rename(scratch, target)
    except OSError as exc:
        raise NewsgenError(f"search index: cannot write it ({exc.strerror or exc})", str(target)) from None
    finally:
        if scratch.exists():
            shutil.rmtree(scratch, ignore_errors=True)
    sizes = [entry.stat().st_size for entry in target.rglob("*") if entry.is_file()]
    return SearchIndex(pages, len(sizes), sum(sizes), time.perf_counter() - started)


def keep_index(live: Path, folder: Path) -> None:
    """Give ``folder`` the live site's index, as hard links: a build that changed no page
    needs no new index (and gets the same bytes)."""
    scratch = Path(tempfile.mkdtemp(prefix=f".{folder.name}.pagefind-", dir=folder.parent))
    try:
        shutil.copytree(live / SEARCH_INDEX_DIR, scratch / SEARCH_INDEX_DIR, copy_function=os.link)
        remove_index(folder)
        os.rename(scratch / SEARCH_INDEX_DIR, folder / SEARCH_INDEX_DIR)
    except OSError as exc:
        raise NewsgenError(f"search index: cannot keep it ({exc.strerror or exc})", str(folder / SEARCH_INDEX_DIR)) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def remove_index(folder: Path) -> None:
    """A site without search has no index folder."""
    shutil.rmtree(folder / SEARCH_INDEX_DIR, ignore_errors=True)


def _pages_per_language(path: Path) -> dict[str, int]:
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NewsgenError(f"search index: Pagefind wrote no readable {ENTRY_FILE} ({exc})", str(path)) from None
    return {lang: data.get("page_count", 0) for lang, data in sorted(entry.get("languages", {}).items())}


class IndexStep:
    """The step a publish runs on the written folder before it goes live: index it, or, on a
    site without search, remove an index an earlier build left. ``made`` tells what it made."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.made: SearchIndex | None = None

    def __call__(self, folder: Path, live: Path | None = None, changed: bool = True) -> None:
        if not self.enabled:
            remove_index(folder)
        elif changed or live is None or not (live / SEARCH_INDEX_DIR / ENTRY_FILE).is_file():
            self.made = index_site(folder)
        elif folder != live:
            keep_index(live, folder)  # the same pages: the live site's index, by hard links



def restore_missing_index(folder: Path, enabled: bool) -> SearchIndex | None:
    """Index ``folder`` again if its index is gone (removed by hand, or lost in a copy) though the
    site has search: a build that finds nothing else changed still leaves the site searchable.
    One stat when the index is there; None when nothing was made."""
    if not enabled or (folder / SEARCH_INDEX_DIR / ENTRY_FILE).is_file():
        return None
    made = index_site(folder)
    return made if made.pages else None


def describe_index(made: SearchIndex) -> str:
    """"search index: 65 pages in 4 languages, 1.4 MB, 0.15 s"."""
    pages, languages = sum(made.pages.values()), len(made.pages)
    return (
        f"search index: {pages} page{'s' * (pages != 1)} in {languages} language{'s' * (languages != 1)}, "
        f"{made.bytes / 1e6:.1f} MB, {made.seconds:.2f} s"
    )
