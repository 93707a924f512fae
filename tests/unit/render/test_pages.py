import re
import shutil
from dataclasses import replace
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.content.model import Image, Translation
from generator.core.errors import NewsgenError
from generator.render.pages import render_pages
from generator.site.arrange import build_site_model

REPO_TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
ZURICH = ZoneInfo("Europe/Zurich")
ARTICLE_EN = "en/2024/11/storm-hits-bern/index.html"
ARTICLE_DE = "de/2024/11/sturm-in-bern/index.html"


class Elements(HTMLParser):
    """Start tags as (tag, attrs) plus the text of the document."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def find(self, tag, **attrs):
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


@pytest.fixture
def render(make_config):
    def run(articles, **config):
        return {path: data.decode("utf-8") for path, data in render_pages(build_site_model(make_config(**config), articles)).items()}

    return run


@pytest.fixture
def pair(make_article):
    """An English story and its German machine translation."""
    en = make_article()
    de = make_article(lang="de", slug="sturm-in-bern", title="Sturm in Bern", summary="Ein Sturm.",
                      translation=Translation("en", "machine", "google"))
    return en, de


def test_article_page_shows_story_metadata(render, make_article):
    article = make_article(
        dateline="Bern (SDA)",
        byline="Anna Muster",
        image=Image("A fallen tree on Bundesplatz", "Peter Klaunzer", "Keystone"),
        tags=("Weather", "Storms"),
        persons=("Karin Keller-Sutter",),
    )
    page = render([article])[ARTICLE_EN]
    elements = Elements(page)
    assert elements.find("h1") and "Storm hits Bern" in page
    assert elements.find("time", datetime="2024-11-05T09:30:00+01:00")
    assert "November 5, 2024, 9:30\u202fAM" in page
    for text in ("Switzerland", "SDA", "Bern (SDA)", "Anna Muster", "Weather", "Storms", "Karin Keller-Sutter"):
        assert text in page
    figure = page[page.index("<figure"):page.index("</figure>")]
    shown = "".join(Elements(figure).text)
    assert "<figcaption>" in figure and "A fallen tree on Bundesplatz" in shown and "Peter Klaunzer, Keystone" in shown
    assert "<p>A storm hit Bern on Tuesday.</p>" in page


def test_page_text_from_articles_is_escaped(render, make_article):
    page = render([make_article(title="Fish & <Chips>", byline="<b>x</b>")])[ARTICLE_EN]
    assert "Fish &amp; &lt;Chips&gt;" in page
    assert "<b>x</b>" not in page


def test_machine_translation_shows_a_notice_linking_the_original(render, pair):
    page = render(list(pair))[ARTICLE_DE]
    assert "Dieser Artikel wurde maschinell übersetzt. Originalsprache: Englisch." in page
    assert Elements(page).find("a", href="../../../../en/2024/11/storm-hits-bern/", hreflang="en")


@pytest.mark.parametrize("status", ["reviewed", "human"])
def test_checked_translation_has_no_notice(render, pair, status):
    en, de = pair
    de = replace(de, translation=Translation("en", status))
    assert "machine-translation" not in render([en, de])[ARTICLE_DE]


def test_translation_links_connect_language_versions(render, pair):
    pages = render(list(pair))
    english = Elements(pages[ARTICLE_EN])
    assert english.find("a", href="../../../../de/2024/11/sturm-in-bern/", hreflang="de", lang="de")
    assert english.find("link", rel="alternate", hreflang="de", href="https://example.org/de/2024/11/sturm-in-bern/")
    assert english.find("link", rel="alternate", hreflang="en", href="https://example.org/en/2024/11/storm-hits-bern/")
    german = Elements(pages[ARTICLE_DE])
    assert german.find("a", href="../../../../en/2024/11/storm-hits-bern/", hreflang="en", lang="en")


def test_language_switcher_falls_back_to_home_of_untranslated_languages(render, pair):
    page = Elements(render(list(pair))[ARTICLE_EN])
    assert page.find("a", href="../../../../fr/", hreflang="fr")
    assert page.find("a", href="../../../../it/", hreflang="it")
    assert page.find("span", lang="en", **{"aria-current": "true"})


def test_html_element_carries_page_language_and_direction(render, pair):
    pages = render(list(pair))
    assert Elements(pages[ARTICLE_DE]).find("html", lang="de", dir="ltr")
    assert Elements(pages["index.html"]).find("html", lang="en", dir="ltr")


def test_right_to_left_language_sets_dir_rtl(render):
    pages = render([], languages=["en", "ar"])
    assert Elements(pages["ar/index.html"]).find("html", lang="ar", dir="rtl")


def test_ui_strings_follow_page_language(render, pair):
    pages = render(list(pair))
    assert "Direkt zum Inhalt" in pages[ARTICLE_DE]
    assert "Skip to main content" in pages[ARTICLE_EN]
    assert "Aller au contenu" in pages["fr/index.html"]


def test_every_page_has_skip_link_landmarks_and_viewport(render, pair):
    for path, page in render(list(pair)).items():
        if not path.endswith(".html"):
            continue
        elements = Elements(page)
        assert page.startswith("<!DOCTYPE html>\n"), path
        assert elements.find("meta", charset="utf-8"), path
        assert elements.find("meta", name="viewport"), path
        assert elements.find("a", href="#main"), path
        assert elements.find("main", id="main"), path
        assert elements.find("header") and elements.find("footer"), path
        assert elements.find("title"), path


def test_home_lists_newest_first_with_pagination_links(render, make_article):
    articles = [
        make_article(id=f"s{i}", slug=f"s{i}", title=f"Story {i}", summary=f"Summary {i}",
                     published=datetime(2024, 11, 1 + i, 12, 0, tzinfo=ZURICH))
        for i in range(3)
    ]
    pages = render(articles, page_size=2)
    first, second = pages["en/index.html"], pages["en/page/1/index.html"]
    assert first.index("Story 2") < first.index("Story 1") and "Story 0" not in first
    assert "Summary 2" in first and "Nov 3, 2024" in first
    assert Elements(first).find("a", rel="next", href="page/1/")
    assert not Elements(first).find("a", rel="prev")
    assert Elements(second).find("a", rel="prev", href="../../")
    # A numbered page is named by the days it covers, in the page's language.
    assert "<title>Nov 1, 2024 – " in second
    assert '<span class="page-number">Nov 1, 2024</span>' in second
    assert '<h1 class="page-range">Nov 1, 2024</h1>' in second and "Latest news" not in second
    assert "<h1>Latest news</h1>" in first


def test_root_index_links_every_edition(render):
    root = Elements(render([])["index.html"])
    for lang in ("en", "de", "fr", "it"):
        assert root.find("a", href=f"{lang}/", hreflang=lang)


def test_404_page_uses_absolute_links(render):
    page = Elements(render([], base_url="https://example.org/news/")["404.html"])
    hrefs = [attrs["href"] for tag, attrs in page.tags if "href" in attrs and attrs["href"] != "#main"]
    assert hrefs and all(href.startswith("https://example.org/news/") for href in hrefs)


def test_stylesheet_is_copied_and_linked(render):
    pages = render([])
    assert "static/style.css" in pages
    assert Elements(pages["de/index.html"]).find("link", rel="stylesheet", href="../static/style.css")


def test_rendering_is_deterministic(render, pair):
    assert render(list(pair)) == render(list(pair))


def test_template_error_names_template_and_line(tmp_path, make_config, make_article):
    shutil.copytree(REPO_TEMPLATES, tmp_path / "templates")
    (tmp_path / "templates" / "article.html").write_text('{% extends "base.html" %}\n{% block content %}\n{{ no_such_variable }}\n{% endblock %}\n')
    model = build_site_model(make_config(root=tmp_path), [make_article()])
    with pytest.raises(NewsgenError) as caught:
        render_pages(model)
    assert caught.value.file.endswith("article.html")
    assert caught.value.line == 3
    assert "no_such_variable" in caught.value.message


def test_python_error_inside_a_template_names_template_and_line(tmp_path, make_config, make_article):
    # Templates written for another version may compare None with a number, divide by zero...
    shutil.copytree(REPO_TEMPLATES, tmp_path / "templates")
    (tmp_path / "templates" / "article.html").write_text('{% extends "base.html" %}\n{% block content %}\n\n{% if none > 1 %}x{% endif %}\n{% endblock %}\n')
    model = build_site_model(make_config(root=tmp_path), [make_article()])
    with pytest.raises(NewsgenError) as caught:
        render_pages(model)
    assert caught.value.file.endswith("article.html") and caught.value.line == 4
    assert "TypeError" in caught.value.message


def test_template_syntax_error_names_template_and_line(tmp_path, make_config):
    shutil.copytree(REPO_TEMPLATES, tmp_path / "templates")
    (tmp_path / "templates" / "home.html").write_text("line one\n{% if %}\n")
    with pytest.raises(NewsgenError) as caught:
        render_pages(build_site_model(make_config(root=tmp_path), []))
    assert caught.value.file.endswith("home.html") and caught.value.line == 2


# -- what pages may contain: no control characters, balanced bidi, a CSP of their own ------

_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
RLO, PDF, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"


def test_control_characters_in_article_fields_never_reach_a_page(render, make_article):
    article = make_article(
        title="Storm\x07 hits\x00 Bern\x1b", summary="A storm\x85 hit\x7f Bern.", byline="Anna\x08 Muster", dateline="Bern\x0b (SDA)",
        body="A storm\x07 hit Bern\x1b[0m on Tuesday.\x00\n\n[link](https://example.org/\x01x) &#7;&#x1b;\n",
        image=Image("A fallen\x0c tree", "Peter\x1f Klaunzer", "Keystone"), tags=("Wea\x1bther",), persons=("Karin\x00 Keller-Sutter",),
    )
    pages = {path: page for path, page in render([article]).items() if path.endswith(".html")}
    assert [path for path, page in pages.items() if _CONTROL_CHARS.search(page)] == []
    page = pages[ARTICLE_EN]
    for text in ("Storm hits Bern", "A storm hit Bern.", "Anna Muster", "A fallen tree", "Peter Klaunzer", "Weather", "Karin Keller-Sutter", "A storm hit Bern[0m on Tuesday."):
        assert text in page, text


def test_unbalanced_bidi_controls_in_a_title_stop_at_its_end_in_title_and_meta(render, make_article):
    article = make_article(title=f"{RLO}Storm hits Bern", summary=f"{RLI}A storm hit Bern.{PDI}{PDI}")
    page = render([article])[ARTICLE_EN]
    assert f"<title>{RLO}Storm hits Bern{PDF} – Test Wire</title>" in page, "the site name is not reversed"
    elements = Elements(page)
    assert elements.find("meta", property="og:title", content=f"{RLO}Storm hits Bern{PDF}")
    assert elements.find("meta", property="og:description", content=f"{RLI}A storm hit Bern.{PDI}")
    assert f"<h1>{RLO}Storm hits Bern{PDF}</h1>" in page


def test_titles_and_names_that_share_a_line_with_other_text_are_isolated(render, pair, make_article):
    en, de = pair
    pages = render([replace(en, tags=("Weather",), image=Image("A fallen tree", "Peter Klaunzer", "Keystone"), dateline="Bern"), de])
    article = pages[ARTICLE_EN]
    assert '<bdi>Sturm in Bern</bdi></a> <span class="language-name">(Deutsch)</span>' in article
    assert "<bdi>A fallen tree</bdi>" in article and "<bdi>Peter Klaunzer</bdi>, <bdi>Keystone</bdi>" in article
    assert "<dd><bdi>SDA</bdi></dd>" in article and "<dd><bdi>Bern</bdi></dd>" in article
    assert re.search(r"</time> · <a href=\"[^\"]+\"><bdi>Switzerland</bdi></a></p>", pages["en/index.html"])
    assert re.search(r"<a href=\"[^\"]+\"><bdi>Weather</bdi></a> <span class=\"count\">", pages["en/tags/index.html"])


def test_every_page_carries_its_content_security_policy_before_anything_it_governs(render, pair):
    for path, page in render(list(pair)).items():
        if not path.endswith(".html"):
            continue
        metas = Elements(page).find("meta", **{"http-equiv": "Content-Security-Policy"})
        assert len(metas) == 1, path
        policy = metas[0]["content"]
        assert "default-src 'self'" in policy and "object-src 'none'" in policy, path
        assert "frame-ancestors" not in policy, "ignored in <meta>: left to the _headers file"
        head = page[: page.index("</head>")]
        assert head.index("Content-Security-Policy") < min(head.index("<title>"), head.index("<link")), path


def test_page_policy_allows_exactly_the_pages_own_inline_scripts(render, pair):
    from generator.render.hostfiles import inline_script_hashes

    pages = render(list(pair))
    root = pages["index.html"]
    hashes = inline_script_hashes([root])
    assert len(hashes) == 1, "the root page's language chooser"
    policy = Elements(root).find("meta", **{"http-equiv": "Content-Security-Policy"})[0]["content"]
    assert f"script-src 'self' 'wasm-unsafe-eval' {hashes[0]};" in policy
    article = Elements(pages[ARTICLE_EN]).find("meta", **{"http-equiv": "Content-Security-Policy"})[0]["content"]
    assert "script-src 'self' 'wasm-unsafe-eval';" in article, "JSON-LD is not run, so it needs no hash"


def test_unsafe_links_in_an_article_body_are_not_links_on_the_page(render, make_article):
    body = "[a](&#106;avascript:alert(1)) [b](javascript&colon;alert(1)) [c][r] ![d](data:text/html,x) [ok](https://example.org/)\n\n[r]: &#x6A;avascript&#x3A;alert(1)\n"
    page = render([make_article(body=body)])[ARTICLE_EN]
    main = page[page.index('<div class="article-body">'):page.index("</article>")]
    urls = [attrs.get("href") or attrs.get("src") for tag, attrs in Elements(main).tags if "href" in attrs or "src" in attrs]
    assert urls == ["https://example.org/"]
