"""Feeds, sitemaps, robots.txt and structured data of a built site, as a crawler reads them."""

import json
import os
import re
import time
from dataclasses import replace
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import feedparser
import pytest

from generator.build.run import build_site
from generator.config.settings import load_config
from generator.content.model import Translation
from generator.core.errors import Report

ZURICH = ZoneInfo("Europe/Zurich")
NEWEST = datetime(2024, 11, 20, 18, 0, tzinfo=ZURICH)
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
PEOPLE = """people:
  - name: Anna Muster
    roles: {en: Mayor of Bern, de: Stadtpräsidentin von Bern}
    wikidata: Q42
"""
OFFSET = re.compile(r"T\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


class Head(HTMLParser):
    """<html lang>, head links and meta, and the text of JSON-LD scripts."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.links: list[dict] = []
        self.meta: list[dict] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "meta":
            self.meta.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_jsonld = True
            self.jsonld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld[-1] += data

    def feeds(self) -> list[str]:
        return [link["href"] for link in self.links if link.get("type") == "application/atom+xml"]

    def structured_data(self) -> dict:
        [text] = self.jsonld
        return json.loads(text)


def hours_before(hours):
    return NEWEST - timedelta(hours=hours)


@pytest.fixture
def articles(make_article):
    """Four stories: one in three languages, one in two, two in English only; Anna Muster in some."""
    anna = ("Anna Muster",)
    return [
        make_article(id="storm", published=NEWEST, persons=anna, tags=("Weather",)),
        make_article(id="storm", lang="de", slug="sturm-in-bern", title="Sturm in Bern", published=NEWEST, persons=anna,
                     translation=Translation("en", "machine", "google")),
        make_article(id="storm", lang="fr", slug="tempete-a-berne", title="Tempête à Berne", published=NEWEST, translation=Translation("en", "human")),
        make_article(id="vote", slug="bern-votes", title="Bern votes", published=hours_before(30), category="politics"),
        make_article(id="vote", lang="de", slug="bern-stimmt-ab", title="Bern stimmt ab", published=hours_before(30), category="politics",
                     persons=anna, translation=Translation("en", "human")),
        make_article(id="budget", slug="budget", title="Budget </script><script>alert(1)</script>", published=hours_before(47), persons=anna),
        make_article(id="old", slug="old-news", title="Old news", published=hours_before(49)),
    ]


def build_project(make_project, articles, name="project", base_url=None):
    config = make_project(articles, name=name)
    (config.content_dir / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    if base_url:
        toml = config.root / "site.toml"
        toml.write_text(toml.read_text().replace('"https://example.org/"', f'"{base_url}"'), encoding="utf-8")
        config = load_config(config.root)
    report = Report()
    build_site(config, report)
    assert report.ok, report.errors
    return config


@pytest.fixture
def site(make_project, articles):
    return build_project(make_project, articles)


def served_file(config, address: str) -> Path:
    """The file under site/ that answers an absolute address of the site."""
    assert address.startswith(config.base_url), address
    path = config.output_path / address[len(config.base_url):]
    return path / "index.html" if address.endswith("/") else path


def feed_files(config):
    return sorted(path for path in config.output_path.rglob("feed.xml"))


def sitemap(config, name):
    return ElementTree.parse(config.output_path / name).getroot()


def url_entries(root):
    return {url.findtext(f"{SM}loc"): url for url in root.iter(f"{SM}url")}


def article_pages(config):
    return sorted(p for p in config.output_path.glob("*/2024/*/*/index.html"))


def address_of(config, path: Path) -> str:
    relative = path.relative_to(config.output_path).as_posix()
    return config.base_url + relative[: -len("index.html")]


def test_every_feed_parses_newest_first_linking_to_existing_pages(site):
    files = feed_files(site)
    assert len(files) > 10
    for path in files:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.version == "atom10"
        published = [datetime.fromisoformat(entry.published) for entry in feed.entries]
        assert published == sorted(published, reverse=True), path
        for entry in feed.entries:
            assert served_file(site, entry.link).is_file(), (path, entry.link)
        self_link = next(link.href for link in feed.feed.links if link.rel == "self")
        assert served_file(site, self_link) == path


def test_german_person_feed_lists_exactly_the_german_stories_naming_the_person(site):
    feed = feedparser.parse((site.output_path / "de/personen/anna-muster/feed.xml").read_bytes())
    assert [entry.title for entry in feed.entries] == ["Sturm in Bern", "Bern stimmt ab"]
    assert all("/de/" in entry.link for entry in feed.entries)
    assert feed.feed.language == "de"


def test_pages_advertise_their_feeds(site):
    home = Head((site.output_path / "de/index.html").read_text())
    assert home.feeds() == ["feed.xml"]
    person = Head((site.output_path / "de/personen/anna-muster/index.html").read_text())
    assert person.feeds() == ["feed.xml", "../../feed.xml"]
    for page in article_pages(site):
        for href in Head(page.read_text()).feeds():
            assert (page.parent / href).resolve().is_file()


def test_sitemap_index_lists_each_language_sitemap_and_its_months(site):
    listed = [loc.text for loc in sitemap(site, "sitemap.xml").iter(f"{SM}loc")]
    names = ["en", "en-2024-11", "de", "de-2024-11", "fr", "fr-2024-11", "it"]
    assert listed == [f"https://example.org/sitemap-{name}.xml" for name in names]
    assert all(served_file(site, address).is_file() for address in listed)
    assert sorted(path.name for path in site.output_path.glob("sitemap*.xml")) == sorted(["sitemap.xml", *(f"sitemap-{name}.xml" for name in names)])


def test_every_article_is_in_its_month_sitemap_with_reciprocal_alternates(site):
    entries = {lang: url_entries(sitemap(site, f"sitemap-{lang}-2024-11.xml")) for lang in ("en", "de", "fr")}
    pages = article_pages(site)
    assert len(pages) == 7
    clusters = {}
    for page in pages:
        address = address_of(site, page)
        lang = page.relative_to(site.output_path).parts[0]
        entry = entries[lang][address]
        assert OFFSET.search(entry.findtext(f"{SM}lastmod"))
        clusters[address] = {link.get("hreflang"): link.get("href") for link in entry.iter(f"{XHTML}link")}
    storm = clusters["https://example.org/en/2024/11/storm-hits-bern/"]
    assert set(storm) == {"en", "de", "fr", "x-default"}
    for address, cluster in clusters.items():
        if not cluster:
            continue  # a story in one language only
        assert cluster[Head(served_file(site, address).read_text()).lang] == address
        for lang, other in cluster.items():
            assert clusters[other] == cluster, (address, lang)
    assert clusters["https://example.org/en/2024/11/old-news/"] == {}


def test_news_sitemap_holds_only_the_48_hours_before_the_newest_story(site):
    news = {lang: list(url_entries(sitemap(site, f"news-sitemap-{lang}.xml"))) for lang in ("en", "de", "fr", "it")}
    assert news["en"] == [
        "https://example.org/en/2024/11/storm-hits-bern/",
        "https://example.org/en/2024/11/bern-votes/",
        "https://example.org/en/2024/11/budget/",
    ]
    assert news["de"] == ["https://example.org/de/2024/11/sturm-in-bern/", "https://example.org/de/2024/11/bern-stimmt-ab/"]
    assert news["it"] == []


def test_editing_a_body_renders_again_only_its_month_sitemap_and_the_index(make_project, articles, write_article, monkeypatch):
    config = build_project(make_project, articles)
    import generator.render.pages as render

    rendered: list[str] = []

    def recording(model):
        def made(path, make):
            def record():
                rendered.append(path)
                return make()

            return record

        return {path: made(path, make) for path, make in real(model).items()}

    real = render.sitemap_makers
    monkeypatch.setattr(render, "sitemap_makers", recording)
    vote = next(a for a in articles if a.id == "vote" and a.lang == "en")
    path = write_article(config, replace(vote, body=vote.body + " The count took all night."))
    later = time.time_ns() + 1_000_000_000  # an mtime the build cannot mistake for the one it recorded
    os.utime(path, ns=(later, later))
    build_site(config, Report())
    assert sorted(rendered) == ["sitemap-en-2024-11.xml", "sitemap.xml"]


def test_root_takes_the_time_of_a_newer_story_in_another_language_on_an_incremental_build(make_project, articles, make_article, write_article):
    config = build_project(make_project, articles)
    # The root shows no story, so its page's fingerprint does not change: its sitemap must notice by itself.
    write_article(config, make_article(id="late", lang="de", slug="spaet", published=NEWEST + timedelta(days=2)))
    build_site(config, Report())
    root = url_entries(sitemap(config, "sitemap-en.xml"))["https://example.org/"]
    assert root.findtext(f"{SM}lastmod") == "2024-11-22T18:00:00+01:00"


def test_robots_txt_names_existing_sitemaps(site):
    robots = (site.output_path / "robots.txt").read_text()
    named = re.findall(r"^Sitemap: (\S+)$", robots, flags=re.M)
    assert "https://example.org/sitemap.xml" in named and "https://example.org/news-sitemap-de.xml" in named
    assert all(served_file(site, address).is_file() for address in named)


def test_article_json_ld_connects_language_versions(site):
    data = {}
    for page in article_pages(site):
        head = Head(page.read_text())
        item = head.structured_data()
        assert item["@type"] == "NewsArticle"
        assert OFFSET.search(item["datePublished"]) and item["inLanguage"] == head.lang
        assert item["url"] == address_of(site, page)
        data[item["url"]] = item
    source = data["https://example.org/en/2024/11/storm-hits-bern/"]
    translations = [work["url"] for work in source["workTranslation"]]
    assert translations == ["https://example.org/de/2024/11/sturm-in-bern/", "https://example.org/fr/2024/11/tempete-a-berne/"]
    for url in translations:
        assert data[url]["translationOfWork"]["url"] == source["url"]
    [anna] = data["https://example.org/de/2024/11/sturm-in-bern/"]["mentions"]
    assert anna["sameAs"] == "https://www.wikidata.org/wiki/Q42"
    assert served_file(site, anna["url"]).is_file()


def test_script_tag_in_a_headline_stays_inside_the_json_ld(site):
    html = (site.output_path / "en/2024/11/budget/index.html").read_text()
    head = Head(html)
    assert head.structured_data()["headline"] == "Budget </script><script>alert(1)</script>"
    assert html.count("<script") == 1


def test_open_graph_title_is_the_headline(site):
    head = Head((site.output_path / "de/2024/11/sturm-in-bern/index.html").read_text())
    properties = {meta.get("property"): meta.get("content") for meta in head.meta if meta.get("property")}
    assert properties["og:title"] == "Sturm in Bern" and properties["og:locale"] == "de_DE"
    assert properties["og:url"] == "https://example.org/de/2024/11/sturm-in-bern/"


def test_sub_path_base_url_keeps_every_feed_and_sitemap_address_under_it(make_project, articles):
    config = build_project(make_project, articles, base_url="https://example.org/news/")
    machine_files = [*config.output_path.rglob("*.xml"), config.output_path / "robots.txt"]
    addresses = [address for path in machine_files for address in re.findall(r"https?://[^\s<\"]+", path.read_text())]
    ours = [a for a in addresses if urlsplit(a).netloc == "example.org"]
    assert len(ours) > 50
    assert [a for a in ours if not a.startswith("https://example.org/news/")] == []
    assert all(served_file(config, a).is_file() for a in ours)
    # Head links to feeds resolve from the page too.
    page = config.output_path / "en/index.html"
    assert served_file(config, urljoin(address_of(config, page), Head(page.read_text()).feeds()[0])).is_file()


def test_building_twice_gives_identical_machine_readable_files(make_project, articles):
    one = build_project(make_project, articles, name="one")
    two = build_project(make_project, list(reversed(articles)), name="two")
    for path in [*one.output_path.rglob("*.xml"), one.output_path / "robots.txt"]:
        relative = path.relative_to(one.output_path)
        assert (two.output_path / relative).read_bytes() == path.read_bytes(), relative
    report = Report()
    again = build_site(one, report)
    assert again.write.written == () and again.write.removed == ()
