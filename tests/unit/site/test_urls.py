from datetime import datetime, timezone
from itertools import product
from urllib.parse import urljoin

import pytest

from generator.core.errors import NewsgenError
from generator.site.urls import Urls


@pytest.fixture
def urls(make_config):
    return Urls(make_config())


def test_article_url_is_language_year_month_slug(urls, make_article):
    assert urls.article(make_article()) == "/en/2024/11/storm-hits-bern/"


def test_article_month_follows_site_time_zone(urls, make_article):
    # 23:30 UTC on 30 November is already 1 December in Zurich.
    article = make_article(published=datetime(2024, 11, 30, 23, 30, tzinfo=timezone.utc))
    assert urls.article(article) == "/en/2024/12/storm-hits-bern/"


def test_front_home_page_is_the_language_folder(urls):
    assert urls.home("de") == "/de/"
    assert urls.home("de", None) == "/de/"


def test_numbered_home_pages_live_under_page_n(urls):
    assert urls.home("fr", 1) == "/fr/page/1/"
    assert urls.home("fr", 2) == "/fr/page/2/"


def test_page_numbers_start_at_one(urls):
    with pytest.raises(ValueError):
        urls.home("en", 0)


def test_unknown_language_is_refused(urls, make_article):
    with pytest.raises(NewsgenError, match="'es'"):
        urls.home("es")
    with pytest.raises(NewsgenError):
        urls.article(make_article(lang="es"))


@pytest.mark.parametrize("slug", ["../../etc", "a/b", "", "UPPER", "dot.ted", "-x"])
def test_unsafe_slug_cannot_escape_its_folder(urls, make_article, slug):
    with pytest.raises(NewsgenError, match="slug"):
        urls.article(make_article(slug=slug))


def test_language_code_that_is_not_a_safe_segment_is_refused(make_config):
    with pytest.raises(NewsgenError, match="de-CH"):
        Urls(make_config(languages=["en", "de-CH"]))


def test_folder_url_is_served_by_index_html(urls):
    assert urls.output_path("/en/2024/11/storm-hits-bern/") == "en/2024/11/storm-hits-bern/index.html"
    assert urls.output_path("/") == "index.html"


def test_file_url_is_served_by_that_file(urls):
    assert urls.output_path("/404.html") == "404.html"
    assert urls.output_path(urls.static("style.css")) == "static/style.css"


@pytest.mark.parametrize("url", ["en/", "/en/../../x/", "/en//x/", "/./x", "/.hidden/", "/en\\x/"])
def test_output_path_refuses_urls_that_leave_the_site(urls, url):
    with pytest.raises(NewsgenError):
        urls.output_path(url)


@pytest.mark.parametrize("name", ["../secret", ".htaccess", "a//b", ""])
def test_static_url_refuses_hidden_and_parent_names(urls, name):
    with pytest.raises(NewsgenError):
        urls.static(name)


def test_absolute_url_keeps_base_url_subpath(make_config):
    urls = Urls(make_config(base_url="https://example.org/news"))
    assert urls.absolute("/") == "https://example.org/news/"
    assert urls.absolute("/de/page/2/") == "https://example.org/news/de/page/2/"


def test_relative_link_climbs_to_common_folder(urls):
    assert urls.relative("/en/2024/11/a/", "/de/2024/10/b/") == "../../../../de/2024/10/b/"
    assert urls.relative("/en/", "/en/2024/11/a/") == "2024/11/a/"
    assert urls.relative("/", "/en/") == "en/"
    assert urls.relative("/en/page/2/", "/static/style.css") == "../../../static/style.css"


def test_relative_link_to_own_folder_is_dot_slash(urls):
    assert urls.relative("/en/", "/en/") == "./"


def test_relative_link_from_a_file_url_starts_at_its_folder(urls):
    assert urls.relative("/404.html", "/en/") == "en/"


def test_relative_links_resolve_to_the_target_under_a_subpath(make_config):
    urls = Urls(make_config(base_url="https://example.org/news/"))
    pages = ["/", "/404.html", "/en/", "/de/page/3/", "/fr/2024/01/x/", "/static/style.css"]
    for source, target in product(pages, repeat=2):
        link = urls.relative(source, target)
        assert urljoin(urls.absolute(source), link) == urls.absolute(target), (source, target, link)


def test_index_links_end_in_index_html_for_browsing_from_disk(make_config):
    urls = Urls(make_config(), index_links=True)
    assert urls.relative("/en/2024/11/a/", "/en/") == "../../../index.html"
    assert urls.relative("/en/", "/en/") == "index.html"
    assert urls.relative("/en/", "/static/style.css") == "../static/style.css"


def test_feeds_sitemaps_and_robots_have_fixed_names(urls):
    assert urls.feed("de") == "/de/feed.xml"
    assert (urls.sitemap_index(), urls.sitemap("fr"), urls.news_sitemap("it"), urls.robots()) == (
        "/sitemap.xml", "/sitemap-fr.xml", "/news-sitemap-it.xml", "/robots.txt")
    assert urls.output_path(urls.feed("de")) == "de/feed.xml"


def test_sitemap_parts_after_the_first_are_numbered(urls):
    assert (urls.sitemap("de", 1), urls.sitemap("de", 2)) == ("/sitemap-de.xml", "/sitemap-de-2.xml")
    assert urls.month_sitemap("fr", 2024, 3) == "/sitemap-fr-2024-03.xml"
    assert urls.month_sitemap("fr", 2024, 3, part=12) == "/sitemap-fr-2024-03-12.xml"
    with pytest.raises(ValueError):
        urls.sitemap("de", 0)


def test_feed_entry_id_survives_a_slug_change(urls, make_article):
    before, after = urls.entry_id(make_article()), urls.entry_id(make_article(slug="storm-in-bern"))
    assert before == after == "tag:example.org,2024-11-05:storm-bern/en"


def test_feed_entry_id_keeps_the_sub_path_and_escapes_the_story_id(make_config, make_article):
    urls = Urls(make_config(base_url="https://example.org:8443/news/"))
    assert urls.entry_id(make_article(id="a b/c", lang="de")) == "tag:example.org,2024-11-05:news/a%20b%2Fc/de"
