"""generator/publish/linkresolve.py: fast link resolution agrees with urljoin, as a browser resolves links."""

from __future__ import annotations

from urllib.parse import unquote, urljoin, urlsplit

import pytest

from generator.publish.linkresolve import resolve_link

BASES = ["https://example.org/", "https://example.org/news/"]
PAGES = ["index.html", "en/index.html", "en/2024/11/storm/index.html", "404.html"]
VALUES = [
    "", "#main", "?page=2", "?q=1#x", "de/", "../de/", "../../../../../up/", "./", ".", "..", "../", "static/style.css",
    "/en/", "/", "/news/en/", "a/./b/../c.html", "a//b/", "caf%C3%A9/", "x.html#sec%20tion", "../../../feed.xml",
    "https://example.org/en/", "https://example.org/news/de/#top", "https://other.example/", "//example.org/en/",
    "mailto:desk@example.org", "http://example.org/en/", "https://example.org/news",
    "https://example.org", "https://example.org/news/caf%C3%A9/?a=1", "https://example.org:8443/en/",
]


def reference(page: str, value: str, base_url: str) -> tuple[str, bool, str | None, str]:
    """What urljoin makes of a link: the slow, obviously right way."""
    url = urljoin(base_url + page, value.strip())
    parts, base = urlsplit(url), urlsplit(base_url)
    internal = parts.scheme in ("http", "https") and (parts.scheme, parts.netloc) == (base.scheme, base.netloc)
    target, path = None, unquote(parts.path) or "/"
    if internal and path.startswith(base.path):
        target = path[len(base.path):]
        target += "index.html" if target == "" or target.endswith("/") else ""
    return url, internal, target, unquote(parts.fragment)


@pytest.mark.parametrize("base_url", BASES)
def test_fast_link_resolution_agrees_with_urljoin(base_url):
    for page in PAGES:
        for value in VALUES:
            link = resolve_link(page, "a", "href", value, base_url)
            assert (link.url, link.internal, link.target, link.fragment) == reference(page, value, base_url), (page, value)


def test_dot_segments_of_absolute_links_are_removed_as_a_browser_does():
    # urljoin leaves an absolute URL as it is; a browser (and the check) normalises it.
    assert resolve_link("index.html", "a", "href", "https://example.org/a/./b/../c/#x", BASES[0]).target == "a/c/index.html"


def test_root_relative_link_leaves_a_sub_path_site():
    link = resolve_link("en/index.html", "a", "href", "/en/", "https://example.org/news/")
    assert link.internal and link.target is None
