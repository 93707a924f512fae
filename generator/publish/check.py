"""``newsgen check``: what a reader or a crawler would trip over in a built site.

The site folder is read once (``scan_site``: every HTML page parsed once with
``html.parser``, every XML file once with ``xml.etree``); the checks then work
on that scan alone (``find_problems``, pure) and return ``Finding`` records:

- ``link``     an internal href/src (pages, stylesheets, feed links) leads to no file or leaves base_url,
               or an href/src has an unsafe link scheme: any but http, https and mailto as a
               browser reads it ("java&#x09;script:" too), ``data:`` images aside;
- ``anchor``   a link's ``#fragment`` names no id in its target page;
- ``hreflang`` alternates that are missing, one-way, disagree, name the wrong language or lack x-default;
- ``feed``     a feed that is not well-formed XML or not valid Atom;
- ``sitemap``  a sitemap that is not well-formed, or lists a URL the site does not have;
- ``xml``      any other XML file that is not well-formed;
- ``orphan``   a page no link leads to from the root page or an edition home;
- ``untranslated`` (warning) an article without a version in every site language.

Links are resolved the way a browser does it, as if the folder were served at
``base_url`` (a sub-path too): "../de/" on "en/index.html" -> "de/index.html".
Relative links and absolute ones on base_url's host are *internal*; other
hosts and schemes (mailto:) are left alone. Article pages are the ones whose
head says ``<meta property="og:type" content="article">``.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from datetime import datetime
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

from ..core.errors import format_location
from ..render.sanitize import SAFE_SCHEMES, url_scheme

ERROR, WARNING = "error", "warning"

#: Kinds of finding in report order, with the heading the report gives them.
KINDS = {
    "html": "unreadable pages",
    "link": "broken links",
    "anchor": "missing anchors",
    "hreflang": "hreflang alternates",
    "feed": "feeds",
    "sitemap": "sitemaps",
    "xml": "XML files",
    "orphan": "orphan pages",
    "untranslated": "untranslated articles",
}
#: Said after a kind's heading in the report.
NOTES = {"untranslated": "; a missing language version is a warning, not an error"}
#: Pages served at addresses the site does not know (hosts answer every unknown URL with them).
NOT_FOUND_PAGES = ("404.html",)
ROBOTS_FILE = "robots.txt"
#: Sites with at least this many pages are parsed in one process per core.
PARALLEL_PAGES = 2000

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
_FEED_TYPE = "application/atom+xml"


@dataclass(frozen=True)
class Finding:
    """One problem in the built site."""

    #: One of KINDS.
    kind: str
    #: "error" (fails the check) or "warning" (reported; fails only with --strict).
    severity: str
    #: The file it is about, relative to the site folder ("en/index.html").
    page: str
    #: What is wrong, in a sentence.
    detail: str
    #: Line in ``page``, where known.
    line: int | None = None

    def __str__(self) -> str:
        return format_location(self.page, self.line, self.detail)


@dataclass(frozen=True)
class CheckResult:
    """The findings of one check run and how much was looked at."""

    findings: tuple[Finding, ...]
    pages: int
    files: int

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == WARNING)

    def failed(self, strict: bool = False) -> bool:
        """Errors fail a check; warnings only when ``strict``."""
        return bool(self.errors or (strict and self.warnings))


# -- links ------------------------------------------------------------------------


class Link(NamedTuple):
    """One href/src in a page (or url() in a stylesheet) and where it leads.

    A named tuple, not a dataclass: a large site has millions of links."""

    #: The file it was found in, relative to the site folder ("de/index.html").
    page: str
    #: Element name ("a", "link") or "css" for a url() in a stylesheet.
    element: str
    attribute: str
    #: The value as written in the file.
    value: str
    #: The value resolved against the page's address under base_url.
    url: str
    #: True when the link points into the site (base_url's scheme and host).
    internal: bool
    #: Site file it leads to ("de/index.html"); None for external links and for
    #: internal ones that leave base_url's path (a root-relative link in a sub-path build).
    target: str | None
    #: The fragment without "#", or "".
    fragment: str
    line: int | None = None

    def describe(self) -> str:
        return f'{self.page}: <{self.element} {self.attribute}="{self.value}">'

    def tag(self) -> str:
        return f'<{self.element} {self.attribute}="{self.value}">'


class _Base(NamedTuple):
    url: str
    scheme: str
    netloc: str
    path: str
    #: "https://example.org": absolute links starting with it and "/" are resolved like root-relative ones.
    origin: str


@lru_cache(maxsize=16)
def _split_base(base_url: str) -> _Base:
    base_url = base_url if base_url.endswith("/") else base_url + "/"
    parts = urlsplit(base_url)
    return _Base(base_url, parts.scheme, parts.netloc, parts.path or "/", f"{parts.scheme}://{parts.netloc}")


def resolve_link(page: str, element: str, attribute: str, value: str, base_url: str, line: int | None = None) -> Link:
    """Where ``value`` written in ``page`` leads when the site is served at ``base_url``."""
    base = _split_base(base_url)
    written = value.strip()
    if written.startswith(base.origin) and written[len(base.origin):].startswith("/"):
        written = written[len(base.origin):]
    elif written.startswith("//") or _SCHEME.match(written):
        return _resolve_absolute(page, element, attribute, value, base, line)
    # Relative references and absolute ones into the site are most of a site's links: resolved
    # here without urljoin, which is several times slower (tests compare the two).
    rest, hash_mark, fragment = written.partition("#")
    path, question_mark, query = rest.partition("?")
    page_path = base.path + page
    if not path:
        joined = page_path
    elif path.startswith("/"):
        joined = path
    else:
        joined = page_path[: page_path.rfind("/") + 1] + path
    folder = joined.endswith(("/", "/.", "/..")) or joined in (".", "..")
    normal = posixpath.normpath(joined)
    if normal.startswith("//"):
        normal = normal[1:]
    if folder and not normal.endswith("/"):
        normal += "/"
    url = f"{base.origin}{normal}{question_mark}{query}{hash_mark}{fragment}"
    return Link(page, element, attribute, value, url, True, _target(_unquote(normal), base), _unquote(fragment), line)


def _unquote(text: str) -> str:
    return unquote(text) if "%" in text else text


def _resolve_absolute(page: str, element: str, attribute: str, value: str, base: _Base, line: int | None) -> Link:
    url = urljoin(base.url + page, value.strip())
    parts = urlsplit(url)
    internal = parts.scheme in ("http", "https") and (parts.scheme, parts.netloc) == (base.scheme, base.netloc)
    target = _target(unquote(parts.path) or "/", base) if internal else None
    return Link(page, element, attribute, value, url, internal, target, unquote(parts.fragment), line)


def _target(path: str, base: _Base) -> str | None:
    if not path.startswith(base.path):
        return None
    target = path[len(base.path):]
    return target + "index.html" if target == "" or target.endswith("/") else target


# -- reading the site -------------------------------------------------------------


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


# -- the checks -------------------------------------------------------------------


def check_site(site_dir: Path, base_url: str, languages: Sequence[str], workers: int | None = None) -> CheckResult:
    """Scan ``site_dir`` and check it as served at ``base_url`` with editions in ``languages``."""
    scan = scan_site(site_dir, workers)
    return CheckResult(tuple(find_problems(scan, base_url, languages)), len(scan.pages), len(scan.files))


def find_problems(scan: SiteScan, base_url: str, languages: Sequence[str]) -> list[Finding]:
    """Every finding, in report order (kind, then page and line)."""
    links = list(iter_links(scan, base_url))  # resolved once: the link and orphan checks share them
    findings = (
        [Finding("html", ERROR, page, facts.error) for page, facts in scan.pages.items() if facts.error]
        + check_links(scan, base_url, links)
        + check_hreflang(scan, base_url)
        + check_feeds(scan, base_url)
        + check_sitemaps(scan, base_url)
        + check_orphans(scan, base_url, languages, links)
        + check_translations(scan, base_url, languages)
    )
    order = {kind: index for index, kind in enumerate(KINDS)}
    return sorted(findings, key=lambda f: (order.get(f.kind, len(order)), f.page, f.line or 0, f.detail))


def iter_links(scan: SiteScan, base_url: str) -> Iterable[Link]:
    """Every href/src of every page (hreflang alternates aside) and every url() of every stylesheet."""
    for page, facts in scan.pages.items():
        for ref in facts.refs:
            yield resolve_link(page, ref.element, ref.attribute, ref.value, base_url, ref.line)
    for sheet, urls in scan.stylesheets.items():
        for value, line in urls:
            yield resolve_link(sheet, "css", "url", value, base_url, line)


def check_links(scan: SiteScan, base_url: str, links: Iterable[Link] | None = None) -> list[Finding]:
    """Links with an unsafe scheme; internal links that lead to no file, leave base_url, or name a missing id."""
    links = iter_links(scan, base_url) if links is None else links
    findings = []
    for link in links:
        scheme = unsafe_scheme(link)
        if scheme:
            findings.append(Finding("link", ERROR, link.page, f"{link.tag()} has an unsafe link scheme: {scheme}:", link.line))
        elif link.internal:
            findings.extend(link_problems(scan, link, base_url))
    return findings


def unsafe_scheme(link: Link) -> str | None:
    """The scheme of a page's href/src that may run code or is unknown (javascript, vbscript, data...), else None.

    The value is decoded already (html.parser), and read as a browser reads it: "java\\tscript:"
    is javascript. A ``data:`` image cannot run a script; stylesheets' url() are not links."""
    if link.element == "css":
        return None
    scheme = url_scheme(link.value)
    if scheme is None or scheme in SAFE_SCHEMES or (scheme == "data" and link.element == "img"):
        return None
    return scheme


def link_problems(scan: SiteScan, link: Link, base_url: str, kind: str = "link") -> list[Finding]:
    if link.target is None:
        return [Finding(kind, ERROR, link.page, f"{link.tag()} leaves the site: {link.url} is outside {base_url}", link.line)]
    if link.target not in scan.files:
        return [Finding(kind, ERROR, link.page, f"{link.tag()} -> {link.target}, which does not exist", link.line)]
    target = scan.pages.get(link.target)
    if link.fragment and target is not None and link.fragment not in target.ids:
        return [Finding("anchor", ERROR, link.page, f'{link.tag()} -> no id="{link.fragment}" in {link.target}', link.line)]
    return []


# -- hreflang ---------------------------------------------------------------------


def check_hreflang(scan: SiteScan, base_url: str) -> list[Finding]:
    """Language alternates: absolute, each listed once, the page lists itself, every
    alternate exists, has that ``<html lang>``, lists the same set back (so links are
    reciprocal), and x-default is present wherever alternates are. Pages without
    alternates are fine."""
    clusters: dict[str, dict[str, str | None]] = {}
    findings = []
    for page, facts in scan.pages.items():
        if not facts.alternates:
            continue
        langs = [alternate.hreflang for alternate in facts.alternates]
        line = facts.alternates[0].line
        findings += [Finding("hreflang", ERROR, page, f"hreflang={lang!r} listed {langs.count(lang)} times", line) for lang in sorted(set(langs)) if langs.count(lang) > 1]
        findings += [
            Finding("hreflang", ERROR, page, f'<link rel="alternate" hreflang="{a.hreflang}" href="{a.href}">: hreflang alternate is not an absolute URL', a.line)
            for a in facts.alternates
            if not a.href.strip().startswith(("http://", "https://"))
        ]
        clusters[page] = {a.hreflang: resolve_link(page, "link", "href", a.href, base_url).target for a in facts.alternates}
    for page, cluster in clusters.items():
        findings += _cluster_problems(scan, page, cluster, clusters)
    return findings


def _cluster_problems(scan: SiteScan, page: str, cluster: dict[str, str | None], clusters: dict[str, dict[str, str | None]]) -> list[Finding]:
    facts = scan.pages[page]
    line = facts.alternates[0].line
    problems = []
    if cluster.get(facts.lang) != page:
        problems.append(f'its hreflang alternates do not list the page itself as "{facts.lang}"')
    if "x-default" not in cluster:
        problems.append("has hreflang alternates but no x-default")
    for lang, target in sorted(cluster.items()):
        if lang == "x-default" or target == page:
            continue  # x-default may point at a chooser page that has no alternates itself
        other = scan.pages.get(target) if target else None
        if other is None:
            problems.append(f"hreflang={lang} points to a missing page {target}")
        elif other.lang != lang:
            problems.append(f'hreflang={lang} points to {target}, whose <html lang> is "{other.lang}"')
        elif target not in clusters or page not in _language_versions(clusters[target]):
            problems.append(f"lists {target} as {lang}, but {target} does not link back")
        elif clusters[target] != cluster:
            problems.append(f"lists {sorted(cluster.items())}, but its alternate {target} lists {sorted(clusters[target].items())}")
    return [Finding("hreflang", ERROR, page, problem, line) for problem in problems]


def _language_versions(cluster: dict[str, str | None]) -> set[str | None]:
    """The pages a cluster names as language versions (x-default is a fallback, not a version)."""
    return {target for lang, target in cluster.items() if lang != "x-default"}


# -- feeds, sitemaps, other XML ---------------------------------------------------


def feed_files(scan: SiteScan, base_url: str) -> set[str]:
    """Files that are feeds: linked as Atom from a page, named feed.xml, or with an Atom root."""
    linked = {
        resolve_link(page, "link", "href", href, base_url).target
        for page, facts in scan.pages.items()
        for href in facts.feeds
    }
    named = {path for path in scan.xml if path.rsplit("/", 1)[-1] in ("feed.xml", "atom.xml")}
    rooted = {path for path, doc in scan.xml.items() if doc.root is not None and doc.root.tag == ATOM + "feed"}
    return (linked & scan.files) | named | rooted


def sitemap_files(scan: SiteScan, base_url: str) -> set[str]:
    """Files that are sitemaps: named in robots.txt, named like one, or with a sitemap root."""
    listed = {link.target for link, _ in robots_sitemaps(scan, base_url) if link.target}
    named = {path for path in scan.xml if "sitemap" in path.rsplit("/", 1)[-1]}
    rooted = {path for path, doc in scan.xml.items() if doc.root is not None and doc.root.tag in (SITEMAP + "urlset", SITEMAP + "sitemapindex")}
    return (listed & set(scan.xml)) | named | rooted


def robots_sitemaps(scan: SiteScan, base_url: str) -> list[tuple[Link, int]]:
    """``Sitemap:`` lines of robots.txt as links, with their line numbers."""
    found = []
    for number, line in enumerate((scan.robots or "").splitlines(), start=1):
        name, _, value = line.partition(":")
        if name.strip().lower() == "sitemap" and value.strip():
            found.append((resolve_link(ROBOTS_FILE, "robots", "Sitemap", value.strip(), base_url, number), number))
    return found


def check_feeds(scan: SiteScan, base_url: str) -> list[Finding]:
    """Feeds are well-formed Atom (RFC 4287's required elements) whose internal links exist."""
    findings = []
    for path in sorted(feed_files(scan, base_url)):
        doc = scan.xml.get(path)
        if doc is None:
            findings.append(Finding("feed", ERROR, path, "is linked as an Atom feed but is not an .xml file"))
        elif doc.root is None:
            findings.append(Finding("feed", ERROR, path, doc.error or "not well-formed XML", doc.line))
        else:
            findings += [Finding("feed", ERROR, path, problem, _line_of(doc.text, needle)) for problem, needle in atom_problems(doc.root)]
            findings += _xml_link_problems(scan, path, doc, _atom_links(doc.root), base_url, "feed")
    return findings


def atom_problems(root: ElementTree.Element) -> list[tuple[str, str]]:
    """What keeps ``root`` from being an Atom feed, as (problem, text to find its line by)."""
    if root.tag != ATOM + "feed":
        return [(f"not an Atom feed: the root element is <{_local(root.tag)}>, not <feed xmlns=\"http://www.w3.org/2005/Atom\">", "<")]
    problems = _required(root, "feed", "<feed")
    entries = root.findall(ATOM + "entry")
    has_author = root.find(ATOM + "author") is not None
    for number, entry in enumerate(entries, start=1):
        needle = (entry.findtext(ATOM + "id") or "<entry").strip()
        problems += [(f"entry {number}: {problem}", needle) for problem, _ in _required(entry, "entry", needle)]
        if entry.find(ATOM + "content") is None and not any(link.get("rel", "alternate") == "alternate" for link in entry.findall(ATOM + "link")):
            problems.append((f"entry {number}: has neither <link rel=\"alternate\"> nor <content>", needle))
        if not has_author and entry.find(ATOM + "author") is None:
            problems.append((f"entry {number}: has no <author>, and the feed has none either", needle))
    return problems


def _required(element: ElementTree.Element, name: str, needle: str) -> list[tuple[str, str]]:
    problems = []
    for child in ("id", "title", "updated"):
        count = len(element.findall(ATOM + child))
        if count != 1:
            problems.append((f"<{name}> needs exactly one <{child}>, has {count}", needle))
    updated = element.findtext(ATOM + "updated")
    if updated is not None and not _is_rfc3339(updated.strip()):
        problems.append((f"<updated>{updated.strip()}</updated> is not an RFC 3339 date-time", updated.strip()))
    return problems


def _is_rfc3339(value: str) -> bool:
    if not _RFC3339.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _atom_links(root: ElementTree.Element) -> list[str]:
    return [link.get("href", "") for link in root.iter(ATOM + "link")]


def check_sitemaps(scan: SiteScan, base_url: str) -> list[Finding]:
    """Sitemaps (and robots.txt's Sitemap lines) are well-formed and list only URLs that exist."""
    findings = [
        Finding("sitemap", ERROR, ROBOTS_FILE, problem.detail, line)
        for link, line in robots_sitemaps(scan, base_url)
        for problem in link_problems(scan, link, base_url, "sitemap")
    ]
    for path in sorted(sitemap_files(scan, base_url)):
        doc = scan.xml[path]
        if doc.root is None:
            findings.append(Finding("sitemap", ERROR, path, doc.error or "not well-formed XML", doc.line))
        elif doc.root.tag not in (SITEMAP + "urlset", SITEMAP + "sitemapindex"):
            findings.append(Finding("sitemap", ERROR, path, f"not a sitemap: the root element is <{_local(doc.root.tag)}>, not <urlset> or <sitemapindex>", 1))
        else:
            findings += _xml_link_problems(scan, path, doc, sitemap_urls(doc.root), base_url, "sitemap")
    for path in sorted(set(scan.xml) - feed_files(scan, base_url) - sitemap_files(scan, base_url)):
        doc = scan.xml[path]
        if doc.root is None:
            findings.append(Finding("xml", ERROR, path, doc.error or "not well-formed XML", doc.line))
    return findings


def sitemap_urls(root: ElementTree.Element) -> list[str]:
    """Every URL a sitemap or sitemap index names: <loc> and xhtml:link alternates."""
    locs = [(loc.text or "").strip() for loc in root.iter(SITEMAP + "loc")]
    return locs + [link.get("href", "") for link in root.iter(XHTML + "link")]


def _xml_link_problems(scan: SiteScan, path: str, doc: XmlDoc, urls: list[str], base_url: str, kind: str) -> list[Finding]:
    findings = []
    for url in dict.fromkeys(urls):
        link = resolve_link(path, "loc" if kind == "sitemap" else "link", "href", url, base_url)
        if not link.internal:
            if kind == "sitemap":
                findings.append(Finding(kind, ERROR, path, f"{url} is not under base_url {base_url}", _line_of(doc.text, url)))
            continue
        for problem in link_problems(scan, link, base_url, kind):
            findings.append(Finding(kind, problem.severity, path, problem.detail.replace(link.tag(), url, 1), _line_of(doc.text, url)))
    return findings


def _line_of(text: str, needle: str) -> int | None:
    index = text.find(needle) if needle else -1
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# -- orphans and translations -----------------------------------------------------


def check_orphans(scan: SiteScan, base_url: str, languages: Sequence[str], links: Iterable[Link] | None = None) -> list[Finding]:
    """Pages no chain of ``<a href>`` links (or forms, such as the search box) reaches from the
    root page or an edition home.

    Sitemaps and feeds do not count: a reader cannot get there by browsing."""
    graph: dict[str, set[str]] = {}
    for link in iter_links(scan, base_url) if links is None else links:
        if link.element in ("a", "area", "form") and link.target in scan.pages:
            graph.setdefault(link.page, set()).add(link.target)
    starts = [page for page in ("index.html", *(f"{code.lower()}/index.html" for code in languages)) if page in scan.pages]
    reached = set(starts)
    queue = deque(starts)
    while queue:
        for target in graph.get(queue.popleft(), ()):
            if target not in reached:
                reached.add(target)
                queue.append(target)
    orphans = sorted(set(scan.pages) - reached - set(NOT_FOUND_PAGES))
    return [Finding("orphan", ERROR, page, "no link leads here from the root page or an edition home") for page in orphans]


def check_translations(scan: SiteScan, base_url: str, languages: Sequence[str]) -> list[Finding]:
    """One warning per article (all its language versions together) that lacks a site language."""
    wanted = [code.lower() for code in languages]
    seen: set[frozenset[str]] = set()
    findings = []
    for page, facts in scan.pages.items():
        if facts.og_type != "article":
            continue
        versions = _versions(scan, page, base_url)
        key = frozenset(versions.values())
        if key in seen:
            continue
        seen.add(key)
        missing = [code for code in wanted if code not in versions]
        if missing:
            first = next((versions[code] for code in wanted if code in versions), page)
            findings.append(Finding("untranslated", WARNING, first, f"article has no {', '.join(missing)} version"))
    return findings


def _versions(scan: SiteScan, page: str, base_url: str) -> dict[str, str]:
    """Language -> page of every version of the article on ``page`` that exists."""
    versions = {scan.pages[page].lang: page}
    for alternate in scan.pages[page].alternates:
        target = resolve_link(page, "link", "href", alternate.href, base_url).target
        if alternate.hreflang != "x-default" and target in scan.pages:
            versions.setdefault(alternate.hreflang, target)
    return versions


# -- reports ----------------------------------------------------------------------


def format_report(result: CheckResult, paint=lambda severity, text: text) -> str:
    """The findings grouped by kind, one line each, then a summary line.

    ``paint(severity, text)`` may colour the "error:"/"warning:" labels."""
    lines = []
    for kind, title in KINDS.items():
        group = [f for f in result.findings if f.kind == kind]
        if not group:
            continue
        lines.append(f"{title} ({_counts(group)}{NOTES.get(kind, '')}):")
        lines += [f"  {paint(f.severity, f.severity + ':')} {f}" for f in group]
    lines.append(f"checked {result.pages} pages in {result.files} files: {_counts(result.findings) or 'no problems'}")
    return "\n".join(lines)


def format_json(result: CheckResult) -> str:
    """The findings for tools: ``{"summary": {...}, "findings": [{kind, severity, page, line, detail}]}``."""
    summary = {"pages": result.pages, "files": result.files, "errors": len(result.errors), "warnings": len(result.warnings)}
    return json.dumps({"summary": summary, "findings": [asdict(f) for f in result.findings]}, ensure_ascii=False, indent=2)


def _counts(findings: Sequence[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity == ERROR)
    warnings = len(findings) - errors
    parts = [f"{errors} error{'s' * (errors != 1)}"] if errors else []
    parts += [f"{warnings} warning{'s' * (warnings != 1)}"] if warnings else []
    return ", ".join(parts)
