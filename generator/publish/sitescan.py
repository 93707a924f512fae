"""Reading a built site for ``newsgen check``: every file listed, each read once.

Every HTML page is parsed once with ``html.parser``, every XML file once with
``xml.etree``, into a ``SiteScan`` the checks work on alone. Separate from the
checks: this is the only part that touches the disk (and worker processes).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple
from xml.etree import ElementTree

ROBOTS_FILE = "robots.txt"
#: Sites with at least this many pages are parsed in one process per core.
PARALLEL_PAGES = 2000
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
_FEED_TYPE = "application/atom+xml"


class Ref(NamedTuple):
    """An href/src attribute as written in a page."""

    element: str
    attribute: str
    value: str
    line: int


class Alternate(NamedTuple):
    """A ``<link rel="alternate" hreflang>`` to another language version of the page."""

    hreflang: str
    href: str
    line: int


@dataclass(frozen=True)
class PageFacts:
    """What the checks need from one HTML page."""

    #: ``<html lang>``, lowercased; "" when missing.
    lang: str
    #: Every id (and ``<a name>``) in the page: the fragments links may name.
    ids: frozenset[str]
    #: href/src attributes, except hreflang alternates (those are in ``alternates``).
    refs: tuple[Ref, ...]
    #: Language alternates; ``<link rel="alternate" type=...>`` of other formats are feeds or left out.
    alternates: tuple[Alternate, ...]
    #: hrefs of ``<link rel="alternate" type="application/atom+xml">``.
    feeds: tuple[str, ...]
    #: ``<meta property="og:type">``: "article" marks article pages.
    og_type: str = ""
    #: A parse failure, if the page could not be read at all.
    error: str | None = None


class _FactsParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.ids: set[str] = set()
        self.refs: list[Ref] = []
        self.alternates: list[Alternate] = []
        self.feeds: list[str] = []
        self.og_type = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not attrs:
            return
        if tag in ("link", "meta", "html"):
            self._special(tag, dict(attrs))
            return
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name == "href" or name == "src" or (name == "action" and tag == "form"):
                self.refs.append(Ref(tag, name, value, self.getpos()[0]))

    def _special(self, tag: str, attrs: dict[str, str | None]) -> None:
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "html":
            self.lang = (attrs.get("lang") or "").lower()
        elif tag == "meta":
            if attrs.get("property") == "og:type":
                self.og_type = attrs.get("content") or ""
        elif "alternate" in (attrs.get("rel") or "").lower().split() and attrs.get("href") is not None:
            kind = (attrs.get("type") or "text/html").lower()
            if kind == _FEED_TYPE:
                self.feeds.append(attrs["href"])
            if attrs.get("hreflang") and kind == "text/html":
                self.alternates.append(Alternate(attrs["hreflang"].lower(), attrs["href"], self.getpos()[0]))
                return
        if tag == "link" and attrs.get("href") is not None:
            self.refs.append(Ref(tag, "href", attrs["href"], self.getpos()[0]))


def parse_page_facts(html: str) -> PageFacts:
    """The facts of one HTML document (lenient, like a browser: never fails on bad markup)."""
    parser = _FactsParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception as exc:  # noqa: BLE001 - html.parser has rare internal assertion failures
        return PageFacts("", frozenset(), (), (), (), error=f"cannot parse: {exc}")
    return PageFacts(parser.lang, frozenset(parser.ids), tuple(parser.refs), tuple(parser.alternates), tuple(parser.feeds), parser.og_type)


@dataclass(frozen=True)
class XmlDoc:
    """One XML file: its tree, or why it is not well-formed."""

    text: str
    root: ElementTree.Element | None
    error: str | None = None
    line: int | None = None


def parse_xml_doc(data: bytes) -> XmlDoc:
    text = data.decode("utf-8", errors="replace")
    try:
        return XmlDoc(text, ElementTree.fromstring(data))
    except ElementTree.ParseError as exc:
        line, column = exc.position
        return XmlDoc(text, None, f"not well-formed XML: {_strip_position(str(exc))} (column {column + 1})", line)


def _strip_position(message: str) -> str:
    return re.sub(r":\s*line \d+, column \d+$", "", message)


@dataclass(frozen=True)
class SiteScan:
    """A built site as the checks see it."""

    #: Every file, relative to the site folder, hidden entries left out.
    files: frozenset[str]
    pages: Mapping[str, PageFacts]
    #: url()/@import values per stylesheet, with their lines.
    stylesheets: Mapping[str, tuple[tuple[str, int], ...]]
    xml: Mapping[str, XmlDoc]
    #: The text of robots.txt, if there is one.
    robots: str | None = None


def scan_site(site_dir: Path, workers: int | None = None) -> SiteScan:
    """Read every file the checks need from ``site_dir``, each once.

    HTML parsing is most of a check's time; on large sites it is spread over
    ``workers`` processes (default: one per core, for sites of PARALLEL_PAGES or more)."""
    files = frozenset(list_files(site_dir))
    by_suffix: dict[str, list[str]] = {}
    for relative in sorted(files):
        by_suffix.setdefault(relative.rsplit(".", 1)[-1].lower() if "." in relative else "", []).append(relative)
    html = by_suffix.get("html", []) + by_suffix.get("htm", [])
    pages = dict(zip(html, load_page_facts([str(site_dir / page) for page in html], workers), strict=True))
    stylesheets = {sheet: css_urls(_read_text(site_dir / sheet)) for sheet in by_suffix.get("css", [])}
    xml = {path: parse_xml_doc((site_dir / path).read_bytes()) for path in by_suffix.get("xml", [])}
    robots = _read_text(site_dir / ROBOTS_FILE) if ROBOTS_FILE in files else None
    return SiteScan(files, pages, stylesheets, xml, robots)


def load_page_facts(paths: Sequence[str], workers: int | None = None) -> list[PageFacts]:
    """``parse_page_facts`` of each file, in order; in worker processes when there are many."""
    if workers is None:
        workers = (os.cpu_count() or 1) if len(paths) >= PARALLEL_PAGES else 1
    if workers > 1:
        try:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                return list(pool.map(_load_one, paths, chunksize=64))
        except (OSError, BrokenProcessPool):
            pass  # no processes to be had here (a sandbox without /dev/shm): parse in this one
    return [_load_one(path) for path in paths]


def _load_one(path: str) -> PageFacts:
    return parse_page_facts(_read_text(Path(path)))


def list_files(site_dir: Path) -> set[str]:
    """Relative paths of the site's files; hidden entries (".git", ".well-known") left out."""
    found: set[str] = set()
    for folder, dirnames, filenames in os.walk(site_dir):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        base = os.path.relpath(folder, site_dir)
        prefix = "" if base == "." else base.replace(os.sep, "/") + "/"
        found.update(prefix + name for name in filenames if not name.startswith("."))
    return found


def css_urls(text: str) -> tuple[tuple[str, int], ...]:
    """url() and @import values of a stylesheet (data: URLs left out), with their lines."""
    found = []
    for match in _CSS_URL.finditer(text):
        value = (match.group(2) or match.group(4)).strip()
        if not value.startswith("data:"):
            found.append((value, text.count("\n", 0, match.start()) + 1))
    return tuple(found)


def _read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")
