"""What a reader or a crawler notices about a built site, as reusable checks.

Every ``check_*`` function takes the output folder (and the site's
``base_url``) and returns a list of problems, each naming the page, so a test
asserts ``== []`` and sees all of them at once. The checks know nothing about
which kinds of page exist: they read whatever HTML and CSS the folder holds.

Links, anchors and hreflang alternates are checked by ``generator.publish.check`` (the
code behind ``newsgen check``), resolved as if the folder were served at
``base_url``; this module turns its findings into "page: problem" strings and
adds the strict HTML5 checks that need html5lib, a test-only dependency.
"""

from __future__ import annotations

import atexit
import functools
import gzip
import json
import os
import re
import shutil
import tempfile
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib

from generator.core.errors import Report
from generator.publish import check, linkcheck, linkresolve, sitescan
from generator.publish.findings import Finding
from generator.site.photos import PHOTOS_DIR, PhotoLibrary

REPO = Path(__file__).resolve().parents[1]
#: Pages served at addresses the site does not know; their links are absolute.
NOT_FOUND_PAGES = check.NOT_FOUND_PAGES
_HEADING = re.compile(r"h([1-6])")


# -- the sample project ---------------------------------------------------------


def copy_sample_project(dest: Path, base_url: str | None = None) -> Path:
    """Copy the repository's sample project (site.toml, content/, templates/) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    config = (REPO / "site.toml").read_text(encoding="utf-8")
    if base_url is not None:
        config, count = re.subn(r"(?m)^base_url\s*=.*$", f'base_url = "{base_url}"', config)
        assert count == 1, "site.toml has no base_url line to replace"
    (dest / "site.toml").write_text(config, encoding="utf-8")
    shutil.copytree(REPO / "content", dest / "content")
    shutil.copytree(REPO / "templates", dest / "templates")
    shutil.copytree(_encoded_sample_photos(), dest / ".newsgen-cache" / PHOTOS_DIR)
    return dest


def settled_sample_project(dest: Path) -> Path:
    """A copy of the sample project whose files were last edited an hour ago, as in a newsroom:
    a build trusts their size and time (files changed within seconds of a build are re-read)."""
    root = copy_sample_project(dest)
    an_hour_ago = time.time_ns() - 3600 * 10**9
    for path in root.rglob("*"):
        os.utime(path, ns=(an_hour_ago, an_hour_ago))
    return root


@functools.cache
def _encoded_sample_photos() -> Path:
    """The sample photos' variants, encoded once per test run: every copy of the sample project
    starts with them in its cache (a build finds them by content hash), as a project does after
    its first build. Tests of encoding itself make their own pictures."""
    cache = Path(tempfile.mkdtemp(prefix="newsgen-photos-"))
    atexit.register(shutil.rmtree, cache, True)
    library = PhotoLibrary(REPO, cache)
    files = [str(path.relative_to(REPO)) for path in sorted((REPO / "content").rglob("*")) if path.suffix in {".jpg", ".png", ".webp"}]
    report = Report()
    library.prepare(files, report)
    assert report.ok and not report.warnings, report.warnings
    return cache / PHOTOS_DIR


def base_url_of(root: Path) -> str:
    """The ``base_url`` of the project in ``root``, with its trailing slash."""
    url = tomllib.loads((root / "site.toml").read_text(encoding="utf-8"))["base_url"]
    return url if url.endswith("/") else url + "/"


# -- reading the output ---------------------------------------------------------
# Links, anchors and hreflang are checked by generator/publish/check.py (`newsgen check`);
# the functions here adapt it to lists of strings, so there is one implementation.
# The strict HTML5 checks below stay here: they need html5lib, a test-only dependency.

Link = linkresolve.Link
resolve_link = linkresolve.resolve_link


def iter_pages(site_dir: Path) -> Iterator[str]:
    """Relative paths of every HTML file in the site, sorted."""
    for path in sorted(site_dir.rglob("*.html")):
        yield path.relative_to(site_dir).as_posix()


def parse_page(site_dir: Path, page: str) -> Element:
    """The page's element tree (lenient parse; ``check_html`` reports parse errors)."""
    path = site_dir / page
    stat = path.stat()
    return _parse_cached(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4096)
def _parse_cached(path: str, mtime_ns: int, size: int) -> Element:
    # mtime and size are part of the key so a rebuilt page is read again.
    return html5lib.parse(Path(path).read_bytes(), namespaceHTMLElements=False)


def elements(tree: Element) -> Iterator[Element]:
    """Every element in document order (comments left out)."""
    return (element for element in tree.iter() if isinstance(element.tag, str))


def text_of(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def iter_links(site_dir: Path, base_url: str) -> Iterator[Link]:
    """Every href/src in every HTML page (hreflang alternates aside) and every url() in every stylesheet."""
    return iter(linkcheck.iter_links(sitescan.scan_site(site_dir, workers=1), base_url))


def iter_internal_links(site_dir: Path, base_url: str) -> Iterator[Link]:
    """The links of ``iter_links`` that point into the site."""
    return (link for link in iter_links(site_dir, base_url) if link.internal)


def _plain(findings: list[Finding]) -> list[str]:
    return [f"{finding.page}: {finding.detail}" for finding in findings]


# -- checks ---------------------------------------------------------------------


def check_links(site_dir: Path, base_url: str) -> list[str]:
    """Internal links that lead to no file, leave base_url, or name a missing id."""
    return _plain(linkcheck.check_links(sitescan.scan_site(site_dir, workers=1), base_url))


def check_html(site_dir: Path) -> list[str]:
    """Every page: strict HTML5 parse, lang, a title, one h1, one main, no skipped heading level, unique ids."""
    problems = []
    for page in iter_pages(site_dir):
        problems += [f"{page}: {problem}" for problem in page_problems(site_dir, page)]
    return problems


def page_problems(site_dir: Path, page: str) -> list[str]:
    problems = strict_parse_errors((site_dir / page).read_bytes())
    tree = parse_page(site_dir, page)
    found = list(elements(tree))
    if not tree.get("lang"):
        problems.append("<html> has no lang")
    titles = [e for e in found if e.tag == "title"]
    if len(titles) != 1 or not text_of(titles[0]):
        problems.append(f"expected one non-empty <title>, found {len(titles)}")
    for tag in ("h1", "main"):
        count = sum(1 for e in found if e.tag == tag)
        if count != 1:
            problems.append(f"expected exactly one <{tag}>, found {count}")
    problems += heading_problems(found)
    ids = [e.get("id") for e in found if e.get("id")]
    problems += [f'id="{i}" is used more than once' for i in sorted({i for i in ids if ids.count(i) > 1})]
    return problems


def strict_parse_errors(data: bytes) -> list[str]:
    """The first HTML5 parse error of a document (strict mode stops there), or []."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        parser.parse(data)
    except html5lib.html5parser.ParseError as exc:
        (line, column), *_ = parser.errors[-1] if parser.errors else ((0, 0),)
        return [f"line {line}, column {column}: HTML parse error: {exc}"]
    return []


def heading_problems(found: list[Element]) -> list[str]:
    """Headings must start at h1 and never go more than one level deeper at a time."""
    problems, previous = [], 0
    for element in found:
        match = _HEADING.fullmatch(element.tag)
        if not match:
            continue
        level = int(match.group(1))
        if level > previous + 1:
            problems.append(f"<h{level}> \"{text_of(element)[:40]}\" follows <h{previous}>" if previous else f"first heading is <h{level}>, not <h1>")
        previous = level
    return problems


def check_hreflang(site_dir: Path, base_url: str) -> list[str]:
    """hreflang clusters (see ``generator.publish.check.check_hreflang``): reciprocal, matching
    ``<html lang>``, and x-default on every page with alternates."""
    return _plain(check.check_hreflang(sitescan.scan_site(site_dir, workers=1), base_url))


def check_canonical(site_dir: Path, base_url: str) -> list[str]:
    """A page's canonical link, where it has one, is an absolute URL of that same page."""
    problems = []
    for page in iter_pages(site_dir):
        canonical = [e for e in elements(parse_page(site_dir, page)) if e.tag == "link" and "canonical" in e.get("rel", "").split()]
        if len(canonical) > 1:
            problems.append(f"{page}: {len(canonical)} canonical links")
        for element in canonical:
            link = resolve_link(page, "link", "href", element.get("href", ""), base_url)
            if not link.value.startswith(base_url) or link.target != page:
                problems.append(f"{link.describe()}: canonical should be the absolute URL of {page}")
    return problems


def check_no_root_relative_links(site_dir: Path, base_url: str, except_pages: tuple[str, ...] = NOT_FOUND_PAGES) -> list[str]:
    """Links written as "/..." break when the site is served under a sub-path."""
    return [
        f"{link.describe()} is root-relative"
        for link in iter_links(site_dir, base_url)
        if link.page not in except_pages and link.value.startswith("/") and not link.value.startswith("//")
    ]


def check_absolute_links(site_dir: Path, base_url: str, pages: tuple[str, ...] = NOT_FOUND_PAGES) -> list[str]:
    """Pages served at any address (the 404 page) must write internal links as full URLs under base_url."""
    return [
        f"{link.describe()} must start with {base_url}"
        for link in iter_internal_links(site_dir, base_url)
        if link.page in pages and not link.value.startswith("#") and not link.value.startswith(base_url)
    ]


# -- comparing builds -----------------------------------------------------------


def snapshot(site_dir: Path) -> dict[str, bytes]:
    """Every file of the site by relative path; of the search index, what it holds.

    Pagefind numbers pages and hashes its index and filter files in an order of
    its own, so two indexes of the same pages differ in bytes. Its fragments (one
    per page: URL, text, filters, named by their content) and its page count per
    language are what a reader's searches find, and are compared instead.
    """
    files = {}
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir).as_posix()
        if path.is_file() and (not relative.startswith("pagefind/") or relative.startswith("pagefind/fragment/")):
            files[relative] = path.read_bytes()
    entry = site_dir / "pagefind" / "pagefind-entry.json"
    if entry.is_file():
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
        files["pagefind/pages per language"] = json.dumps({lang: data["page_count"] for lang, data in sorted(languages.items())}).encode()
    return files


def written_files(site_dir: Path) -> dict[str, bytes]:
    """The files a build writes itself: every file of the site but the search index (``pagefind/``),
    which Pagefind writes after them (what ``BuildSummary.files`` counts)."""
    return {path: data for path, data in snapshot(site_dir).items() if not path.startswith("pagefind/")}


def search_index_texts(site_dir: Path) -> dict[str, str]:
    """The files of the Pagefind index (``pagefind/``) as text, gzip-compressed ones unpacked:
    what a reader's browser downloads when it searches."""
    texts = {}
    for path in sorted((site_dir / "pagefind").rglob("*")):
        if path.is_file() and path.suffix not in {".js", ".css"}:
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            texts[path.relative_to(site_dir).as_posix()] = data.decode("utf-8", "replace")
    return texts


def file_identities(site_dir: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime) per file: both change when a file is rewritten, even atomically with the same bytes."""
    return {p.relative_to(site_dir).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted(site_dir.rglob("*")) if p.is_file()}


def diff_snapshots(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    """Files added, removed or changed between two snapshots."""
    return (
        [f"only in the first: {p}" for p in sorted(before.keys() - after.keys())]
        + [f"only in the second: {p}" for p in sorted(after.keys() - before.keys())]
        + [f"differs: {p}" for p in sorted(before.keys() & after.keys()) if before[p] != after[p]]
    )
