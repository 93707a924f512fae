"""The pure parts of generator/publish/check.py: link resolution, page facts, Atom rules, reports."""

from __future__ import annotations

from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

import pytest

from generator.publish.check import (
    CheckResult,
    Finding,
    SiteScan,
    atom_problems,
    check_links,
    format_json,
    format_report,
    parse_page_facts,
    resolve_link,
)

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


def test_page_facts_collect_lang_ids_links_alternates_feeds_and_article_type():
    facts = parse_page_facts("""<!DOCTYPE html><html lang="de-CH"><head>
<meta property="og:type" content="article">
<link rel="stylesheet" href="s.css">
<link rel="alternate" hreflang="en" href="https://example.org/en/">
<link rel="alternate" type="application/atom+xml" href="feed.xml">
</head><body id="top"><a name="old"></a>
<a href="x/">x</a><img src="i.png" alt=""><script>var a = "<a href='no/'>";</script></body></html>""")
    assert facts.lang == "de-ch"
    assert facts.ids == {"top", "old"}
    assert [(r.element, r.attribute, r.value, r.line) for r in facts.refs] == [
        ("link", "href", "s.css", 3), ("link", "href", "feed.xml", 5), ("a", "href", "x/", 7), ("img", "src", "i.png", 7),
    ]
    assert [(a.hreflang, a.href) for a in facts.alternates] == [("en", "https://example.org/en/")]
    assert facts.feeds == ("feed.xml",)
    assert facts.og_type == "article"


ATOM = """<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>T</title><updated>{updated}</updated>
<entry><id>urn:1</id><title>E</title><updated>2024-11-05T09:30:00+01:00</updated><author><name>SDA</name></author>{link}</entry></feed>"""


def test_valid_atom_feed_has_no_problems():
    root = ElementTree.fromstring(ATOM.format(updated="2024-11-05T09:30:00Z", link='<link href="https://example.org/a/"/>'))
    assert atom_problems(root) == []


def test_atom_problems_name_bad_dates_and_entries_without_links():
    root = ElementTree.fromstring(ATOM.format(updated="5 Nov 2024", link=""))
    problems = [problem for problem, _ in atom_problems(root)]
    assert "<updated>5 Nov 2024</updated> is not an RFC 3339 date-time" in problems
    assert 'entry 1: has neither <link rel="alternate"> nor <content>' in problems


def test_report_without_colour_is_plain_and_json_has_every_field():
    result = CheckResult((Finding("link", "error", "a.html", "<a href=\"b/\"> -> b/index.html, which does not exist", 3),), pages=1, files=1)
    assert format_report(result) == 'broken links (1 error):\n  error: a.html:3: <a href="b/"> -> b/index.html, which does not exist\nchecked 1 pages in 1 files: 1 error'
    assert '"line": 3' in format_json(result) and '"severity": "error"' in format_json(result)


def test_links_with_a_scheme_that_runs_code_are_errors_however_they_are_spelled():
    page = """<!DOCTYPE html><html lang="en"><body>
<a href="&#106;avascript:alert(1)">a</a>
<a href="java&#9;script:alert(1)">b</a>
<a href=" JavaScript&colon;alert(1)">c</a>
<a href="vbscript:msgbox(1)">d</a>
<iframe src="data:text/html,<script>alert(1)</script>"></iframe>
<img src="data:image/png;base64,iVBORw0KGgo=" alt="">
<a href="mailto:desk@example.org">ok</a> <a href="https://other.example/">ok</a> <a href="index.html">ok</a>
</body></html>"""
    scan = SiteScan(frozenset({"index.html"}), {"index.html": parse_page_facts(page)}, {}, {})
    findings = check_links(scan, "https://example.org/")
    assert [(f.kind, f.severity, f.line, f.detail.split(" has ")[-1]) for f in findings] == [
        ("link", "error", 2, "an unsafe link scheme: javascript:"),
        ("link", "error", 3, "an unsafe link scheme: javascript:"),
        ("link", "error", 4, "an unsafe link scheme: javascript:"),
        ("link", "error", 5, "an unsafe link scheme: vbscript:"),
        ("link", "error", 6, "an unsafe link scheme: data:"),
    ]
    assert findings[1].detail == '<a href="java\tscript:alert(1)"> has an unsafe link scheme: javascript:'
