from datetime import datetime, timedelta
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import feedparser
import pytest

from generator.content.model import Translation
from generator.render.feeds import (
    FEED_SIZE,
    collect_feeds,
    edition_feed,
    page_feeds,
    render_atom,
    render_feeds,
    term_feed,
)
from generator.site.arrange import build_site_model
from generator.site.sitemodel import TERM_TEMPLATE
from generator.site.taxonomy import PERSON

ZURICH = ZoneInfo("Europe/Zurich")
ATOM = "{http://www.w3.org/2005/Atom}"
START = datetime(2024, 11, 1, 8, 0, tzinfo=ZURICH)


@pytest.fixture
def model(make_config, make_article):
    def make(articles, **config):
        return build_site_model(make_config(**config), articles)

    return make


@pytest.fixture
def series(make_article):
    """n English stories one hour apart, story-0 oldest, all naming Anna Muster."""

    def make(count, **fields):
        return [
            make_article(id=f"story-{i}", slug=f"story-{i}", title=f"Story {i}", published=START + timedelta(hours=i), persons=("Anna Muster",), **fields)
            for i in range(count)
        ]

    return make


def parse(data: bytes):
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_edition_feed_is_valid_atom_with_language_id_and_links(model, series):
    m = model(series(3))
    feed = parse(render_atom(m, edition_feed(m, "en")))
    assert feed.version == "atom10"
    assert feed.feed.id == "https://example.org/en/feed.xml"
    assert feed.feed.title == "Test Wire"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"self": "https://example.org/en/feed.xml", "alternate": "https://example.org/en/"}
    root = ElementTree.fromstring(render_atom(m, edition_feed(m, "en")))
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_entries_are_newest_first_and_carry_offsets_author_and_terms(model, series):
    m = model(series(3, tags=("Weather",)))
    feed = parse(render_atom(m, edition_feed(m, "en")))
    assert [entry.title for entry in feed.entries] == ["Story 2", "Story 1", "Story 0"]
    entry = feed.entries[0]
    assert entry.published == "2024-11-01T10:00:00+01:00" and entry.updated == entry.published
    assert entry.link == "https://example.org/en/2024/11/story-2/"
    assert entry.author == "SDA"
    assert entry.summary == "A storm hit Bern."
    assert [tag.term for tag in entry.tags] == ["Switzerland", "Weather", "Anna Muster"]
    assert entry.tags[0].scheme == "https://example.org/en/category/"


def test_feed_updated_is_the_newest_entry_not_the_clock(model, series):
    m = model(series(3))
    assert parse(render_atom(m, edition_feed(m, "en"))).feed.updated == "2024-11-01T10:00:00+01:00"


def test_empty_edition_feed_takes_the_newest_story_of_the_site(model, series):
    m = model(series(2))
    feed = parse(render_atom(m, edition_feed(m, "it")))
    assert feed.entries == [] and feed.feed.updated == "2024-11-01T09:00:00+01:00"


def test_empty_site_feed_is_still_valid(model):
    m = model([])
    assert parse(render_atom(m, edition_feed(m, "en"))).feed.updated.startswith("1970-01-01T")


def test_feed_keeps_only_the_newest_fifty(model, series):
    m = model(series(FEED_SIZE + 3))
    feed = parse(render_atom(m, edition_feed(m, "en")))
    assert len(feed.entries) == FEED_SIZE
    assert feed.entries[0].title == f"Story {FEED_SIZE + 2}" and feed.entries[-1].title == "Story 3"


def test_every_term_gets_a_feed_per_language_beside_its_page(model, make_article):
    en = make_article(persons=("Anna Muster",), tags=("Weather",))
    de = make_article(lang="de", slug="sturm-in-bern", title="Sturm in Bern", persons=("Anna Muster",), translation=Translation("en", "human"))
    files = render_feeds(model([en, de]))
    assert {"en/feed.xml", "de/feed.xml", "fr/feed.xml", "it/feed.xml"} <= files.keys()
    assert {"en/people/anna-muster/feed.xml", "de/personen/anna-muster/feed.xml", "en/tags/weather/feed.xml",
            "en/category/switzerland/feed.xml", "de/rubrik/schweiz/feed.xml"} <= files.keys()
    assert "de/themen/weather/feed.xml" not in files  # the German version has no tags


def test_person_feed_lists_only_that_language_s_stories_naming_the_person(model, make_article):
    articles = [
        make_article(id="a", lang="de", slug="a", title="A", persons=("Anna Muster",)),
        make_article(id="b", lang="de", slug="b", title="B", persons=("Beat Beispiel",)),
        make_article(id="c", lang="en", slug="c", title="C", persons=("Anna Muster",)),
    ]
    m = model(articles)
    term = m.taxonomies[PERSON].terms["anna-muster"]
    feed = parse(render_atom(m, term_feed(m, term, "de")))
    assert [entry.title for entry in feed.entries] == ["A"]
    assert feed.feed.title == "Anna Muster – Test Wire"
    assert {link.rel: link.href for link in feed.feed.links}["alternate"] == "https://example.org/de/personen/anna-muster/"


def test_xml_special_and_control_characters_cannot_break_the_feed(model, make_article):
    article = make_article(title='Fish & "chips" <b>\x0b</b> ]]>', summary="1 < 2 & \x00")
    m = model([article])
    feed = parse(render_atom(m, edition_feed(m, "en")))
    assert feed.entries[0].title == 'Fish & "chips" <b></b> ]]>'


def test_term_pages_advertise_their_own_feed_first(model, series):
    m = model(series(1))
    term_page = next(page for page in m.pages if page.template == TERM_TEMPLATE and page.url == "/en/people/anna-muster/")
    assert [feed.url for feed in page_feeds(m, term_page)] == ["/en/people/anna-muster/feed.xml", "/en/feed.xml"]
    root = next(page for page in m.pages if page.url == "/")
    assert [feed.url for feed in page_feeds(m, root)] == ["/en/feed.xml", "/de/feed.xml", "/fr/feed.xml", "/it/feed.xml"]


def test_feeds_are_identical_across_runs(model, series):
    assert render_feeds(model(series(4))) == render_feeds(model(list(reversed(series(4)))))
    assert len(collect_feeds(model(series(4)))) == len(render_feeds(model(series(4))))


def test_entries_remembered_for_one_model_never_leak_into_another(model, make_article):
    old = model([make_article(title="Old headline")])
    new = model([make_article(title="New headline")])
    for _ in range(2):  # back and forth: each model gets its own entries
        assert [entry.title for entry in parse(render_atom(old, edition_feed(old, "en"))).entries] == ["Old headline"]
        assert [entry.title for entry in parse(render_atom(new, edition_feed(new, "en"))).entries] == ["New headline"]


def test_a_story_reads_the_same_in_every_feed_that_lists_it(model, make_article):
    m = model([make_article(persons=("Anna Muster",), tags=("Weather",))])
    files = render_feeds(m)
    entries = {path: data.split(b"<entry>", 1)[1] for path, data in files.items() if b"<entry>" in data}
    assert len(entries) >= 4 and len(set(entries.values())) == 1
