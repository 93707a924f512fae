from datetime import datetime, timedelta
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest

import generator.render.sitemaps
from generator.content.model import Translation
from generator.render.sitemaps import news_language, render_sitemaps
from generator.site.arrange import build_site_model

ZURICH = ZoneInfo("Europe/Zurich")
NEWEST = datetime(2024, 11, 20, 12, 0, tzinfo=ZURICH)
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture
def sitemaps(make_config):
    def run(articles, **config):
        return render_sitemaps(build_site_model(make_config(**config), articles))

    return run


@pytest.fixture
def pair(make_article):
    en = make_article(published=NEWEST)
    de = make_article(lang="de", slug="sturm-in-bern", title="Sturm in Bern", published=NEWEST, translation=Translation("en", "human"))
    return [en, de]


def urls_of(data: bytes) -> dict[str, ElementTree.Element]:
    """<loc> -> its <url> element."""
    return {url.findtext(f"{SM}loc"): url for url in ElementTree.fromstring(data).iter(f"{SM}url")}


def alternates(url: ElementTree.Element) -> dict[str, str]:
    return {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}


def index_of(files: dict[str, bytes]) -> dict[str, str | None]:
    """The sitemaps the index names, as output paths in its order -> their lastmod."""
    root = ElementTree.fromstring(files["sitemap.xml"])
    assert root.tag == f"{SM}sitemapindex"
    return {s.findtext(f"{SM}loc").removeprefix("https://example.org/"): s.findtext(f"{SM}lastmod") for s in root.iter(f"{SM}sitemap")}


def newest_lastmod(data: bytes) -> str | None:
    """The newest lastmod a sitemap lists."""
    times = [url.findtext(f"{SM}lastmod") for url in urls_of(data).values()]
    return max(filter(None, times), key=datetime.fromisoformat, default=None)


def test_index_names_every_sitemap_with_the_newest_lastmod_it_lists(sitemaps, make_article):
    articles = [
        make_article(id="new", slug="new", published=NEWEST, tags=("Weather",)),
        make_article(id="new", lang="de", slug="neu", published=NEWEST, translation=Translation("en", "human")),
        make_article(id="sep", slug="sep", published=datetime(2024, 9, 3, 8, 0, tzinfo=ZURICH)),
        make_article(id="oct", slug="oct", published=datetime(2024, 10, 2, 8, 0, tzinfo=ZURICH)),
        make_article(id="oct2", slug="oct2", published=datetime(2024, 10, 12, 8, 0, tzinfo=ZURICH)),
        # Newer than every English story: the root, in the English sitemap, takes its time.
        make_article(id="late", lang="de", slug="spaet", published=NEWEST + timedelta(days=1)),
    ]
    files = sitemaps(articles)
    index = index_of(files)
    # Per language in site order: the pages sitemap, then its months oldest first.
    assert list(index) == [
        "sitemap-en.xml", "sitemap-en-2024-09.xml", "sitemap-en-2024-10.xml", "sitemap-en-2024-11.xml",
        "sitemap-de.xml", "sitemap-de-2024-11.xml", "sitemap-fr.xml", "sitemap-it.xml",
    ]
    assert {path: newest_lastmod(files[path]) for path in index} == index
    assert index["sitemap-en.xml"] == index["sitemap-de.xml"] == "2024-11-21T12:00:00+01:00"
    assert index["sitemap-en-2024-10.xml"] == "2024-10-12T08:00:00+02:00"
    # A language without stories still has its (empty) home page, and so a sitemap with no lastmod.
    assert index["sitemap-fr.xml"] is None and list(urls_of(files["sitemap-fr.xml"])) == ["https://example.org/fr/"]


def test_article_is_listed_in_its_month_sitemap_only(sitemaps, make_article):
    # 00:30 on 1 November in Zurich, still October in UTC: the URL, and so the sitemap, follow the site time zone.
    edge = make_article(id="edge", slug="edge", published=datetime(2024, 10, 31, 23, 30, tzinfo=ZoneInfo("UTC")))
    other = make_article(id="other", slug="other", published=datetime(2024, 10, 15, 9, 0, tzinfo=ZURICH))
    files = sitemaps([edge, other])
    holding = [path for path in index_of(files) if "https://example.org/en/2024/11/edge/" in urls_of(files[path])]
    assert holding == ["sitemap-en-2024-11.xml"]
    assert list(urls_of(files["sitemap-en-2024-10.xml"])) == ["https://example.org/en/2024/10/other/"]


def test_sitemaps_over_the_limit_are_split_into_parts_that_list_every_url_once(sitemaps, make_article, monkeypatch):
    articles = [make_article(id=f"s{i}", slug=f"s{i}", published=NEWEST - timedelta(hours=i), tags=(f"Tag {i}",)) for i in range(7)]
    unsplit = sitemaps(articles)
    monkeypatch.setattr(generator.render.sitemaps, "SITEMAP_LIMIT", 3)
    files = sitemaps(articles)
    index = index_of(files)
    months = [path for path in index if path.startswith("sitemap-en-2024-11")]
    assert months == ["sitemap-en-2024-11.xml", "sitemap-en-2024-11-2.xml", "sitemap-en-2024-11-3.xml"]
    pages = [path for path in index if path.startswith("sitemap-en") and path not in months]
    assert pages[:3] == ["sitemap-en.xml", "sitemap-en-2.xml", "sitemap-en-3.xml"]
    assert all(len(urls_of(files[path])) <= 3 for path in index)
    listed = [loc for path in pages + months for loc in urls_of(files[path])]
    assert sorted(listed) == sorted([*urls_of(unsplit["sitemap-en.xml"]), *urls_of(unsplit["sitemap-en-2024-11.xml"])])
    assert len(listed) == len(set(listed))
    # Oldest first: a new story only ever changes the last part.
    assert list(urls_of(files["sitemap-en-2024-11.xml"])) == [f"https://example.org/en/2024/11/s{i}/" for i in (6, 5, 4)]
    assert {path: newest_lastmod(files[path]) for path in index} == index


def test_article_is_listed_with_publication_time_and_reciprocal_alternates(sitemaps, pair):
    files = sitemaps(pair)
    en = urls_of(files["sitemap-en-2024-11.xml"])["https://example.org/en/2024/11/storm-hits-bern/"]
    de = urls_of(files["sitemap-de-2024-11.xml"])["https://example.org/de/2024/11/sturm-in-bern/"]
    assert en.findtext(f"{SM}lastmod") == "2024-11-20T12:00:00+01:00"
    expected = {
        "en": "https://example.org/en/2024/11/storm-hits-bern/",
        "de": "https://example.org/de/2024/11/sturm-in-bern/",
        "x-default": "https://example.org/en/2024/11/storm-hits-bern/",
    }
    assert alternates(en) == alternates(de) == expected


def test_pages_are_filed_by_language_root_under_the_default(sitemaps, pair):
    files = sitemaps(pair)
    assert "https://example.org/" in urls_of(files["sitemap-en.xml"])
    assert all(loc.startswith("https://example.org/de/") for loc in urls_of(files["sitemap-de.xml"]))


def test_404_and_later_listing_pages_are_left_out(sitemaps, make_article):
    articles = [make_article(id=f"s{i}", slug=f"s{i}", published=NEWEST - timedelta(days=i)) for i in range(5)]
    listed = urls_of(sitemaps(articles)["sitemap-en.xml"])
    assert "https://example.org/404.html" not in listed
    assert "https://example.org/en/" in listed and not any("/page/" in loc for loc in listed)


def test_listing_lastmod_is_its_newest_story(sitemaps, make_article):
    old = make_article(id="old", slug="old", published=NEWEST - timedelta(days=40), tags=("Weather",))
    new = make_article(id="new", slug="new", published=NEWEST, tags=("Weather",))
    listed = urls_of(sitemaps([old, new])["sitemap-en.xml"])
    for loc in ("https://example.org/en/", "https://example.org/en/tags/weather/", "https://example.org/en/tags/",
                "https://example.org/en/archive/", "https://example.org/en/2024/"):
        assert listed[loc].findtext(f"{SM}lastmod") == "2024-11-20T12:00:00+01:00", loc
    assert listed["https://example.org/en/2024/10/"].findtext(f"{SM}lastmod") == "2024-10-11T12:00:00+02:00"


def test_news_sitemap_holds_the_48_hours_before_the_newest_story(sitemaps, make_article):
    articles = [
        make_article(id="newest", slug="newest", published=NEWEST),
        make_article(id="edge", slug="edge", published=NEWEST - timedelta(hours=48)),
        make_article(id="stale", slug="stale", published=NEWEST - timedelta(hours=48, minutes=1)),
        # The window is the site's: a German story from two days before the newest English one is stale too.
        make_article(id="stale", lang="de", slug="alt", published=NEWEST - timedelta(hours=49)),
    ]
    files = sitemaps(articles)
    assert list(urls_of(files["news-sitemap-en.xml"])) == ["https://example.org/en/2024/11/newest/", "https://example.org/en/2024/11/edge/"]
    assert urls_of(files["news-sitemap-de.xml"]) == {}


def test_news_entry_names_publication_language_date_and_title(sitemaps, pair):
    files = sitemaps(pair, language={"de": {"title": "Test Nachrichten"}})
    [url] = urls_of(files["news-sitemap-de.xml"]).values()
    assert url.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}name") == "Test Nachrichten"
    assert url.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}language") == "de"
    assert url.findtext(f"{NEWS}news/{NEWS}publication_date") == "2024-11-20T12:00:00+01:00"
    assert url.findtext(f"{NEWS}news/{NEWS}title") == "Sturm in Bern"


def test_news_language_is_iso_639_except_chinese():
    assert news_language("de-ch") == "de" and news_language("zh-tw") == "zh-tw" and news_language("fr") == "fr"


def test_robots_txt_names_the_index_and_news_sitemaps(sitemaps, pair):
    robots = sitemaps(pair)["robots.txt"].decode()
    named = [line.split(": ", 1)[1] for line in robots.splitlines() if line.startswith("Sitemap: ")]
    assert named == ["https://example.org/sitemap.xml"] + [f"https://example.org/news-sitemap-{lang}.xml" for lang in ("en", "de", "fr", "it")]
    assert "User-agent: *" in robots


def test_sub_path_base_url_puts_every_address_under_it(sitemaps, pair):
    files = sitemaps(pair, base_url="https://example.org/news/")
    for path, data in files.items():
        text = data.decode()
        addresses = [part.split("<", 1)[0].split('"', 1)[0] for part in text.split("https://")[1:]]
        assert all(address.startswith("example.org/news/") for address in addresses), path
    assert "https://example.org/news/en/2024/11/storm-hits-bern/" in urls_of(files["sitemap-en-2024-11.xml"])


def test_sitemaps_are_identical_across_runs(sitemaps, pair):
    assert sitemaps(pair) == sitemaps(list(reversed(pair)))
