"""``newsgen check``: what a reader or a crawler would trip over in a built site.

The site folder is read once (``scan_site`` in sitescan.py: every HTML page parsed
once with ``html.parser``, every XML file once with ``xml.etree``); the checks then
work on that scan alone (``find_problems``, pure) and return ``Finding`` records
(findings.py, which also formats the report):

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

``link`` and ``anchor`` are checked in linkcheck.py, ``feed``, ``sitemap`` and ``xml``
in xmlcheck.py, the rest here. Links are resolved the way a browser does it, as if
the folder were served at ``base_url`` (linkresolve.py). Article pages are the ones
whose head says ``<meta property="og:type" content="article">``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from pathlib import Path

from .findings import ERROR, KINDS, WARNING, CheckResult, Finding
from .linkcheck import check_links, iter_links
from .linkresolve import Link, resolve_link
from .sitescan import SiteScan, scan_site
from .xmlcheck import check_feeds, check_sitemaps

#: Pages served at addresses the site does not know (hosts answer every unknown URL with them).
NOT_FOUND_PAGES = ("404.html",)


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
