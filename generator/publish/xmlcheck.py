"""The ``feed``, ``sitemap`` and ``xml`` checks: Atom feeds, sitemaps, robots.txt's
Sitemap lines and any other XML file of a scanned site.

Separate from the page checks: these follow the Atom and sitemap formats, not HTML.
"""

from __future__ import annotations

import re
from datetime import datetime
from xml.etree import ElementTree

from .findings import ERROR, Finding
from .linkcheck import link_problems
from .linkresolve import Link, resolve_link
from .sitescan import ROBOTS_FILE, SiteScan, XmlDoc

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
_RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


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
