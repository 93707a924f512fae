"""The ``link`` and ``anchor`` checks: every href/src and url() of a scanned site.

Separate from the other checks: feeds and sitemaps judge their URLs by the same
rules (``link_problems``), and the orphan check walks the same links.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..render.sanitize import SAFE_SCHEMES, url_scheme
from .findings import ERROR, Finding
from .linkresolve import Link, resolve_link
from .sitescan import SiteScan


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
