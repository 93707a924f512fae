"""generator/publish/sitescan.py: the facts the checks read from a page."""

from __future__ import annotations

from generator.publish.sitescan import parse_page_facts


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
