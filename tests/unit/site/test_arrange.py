import random
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from generator.core.errors import NewsgenError
from generator.site.arrange import build_site_model, find_conflicts
from generator.site.pagination import Pagination
from generator.site.sitemodel import ARTICLE_TEMPLATE, HOME_TEMPLATE, ArticleKey

ZURICH = ZoneInfo("Europe/Zurich")
START = datetime(2024, 11, 1, 8, 0, tzinfo=ZURICH)


@pytest.fixture
def series(make_article):
    """``series(n, lang)``: n articles in one language, one hour apart (story-0 oldest)."""

    def make(count, lang="en"):
        return [
            make_article(id=f"story-{i}", lang=lang, slug=f"story-{i}", title=f"Story {i}", published=START + timedelta(hours=i))
            for i in range(count)
        ]

    return make


def pages_by_url(model):
    return {page.url: page for page in model.pages}


def test_edition_lists_newest_first(make_config, series):
    model = build_site_model(make_config(), series(3))
    assert model.edition("en").article_ids == ("story-2", "story-1", "story-0")


def test_equal_times_are_ordered_by_id(make_config, make_article):
    articles = [make_article(id=name, slug=name, published=START) for name in ("b", "c", "a")]
    assert build_site_model(make_config(), articles).edition("en").article_ids == ("a", "b", "c")


def test_newest_first_compares_moments_not_local_clock_times(make_config, make_article):
    earlier_but_later_clock = make_article(id="x", slug="x", published=datetime(2024, 11, 1, 10, 0, tzinfo=ZURICH))  # 09:00 UTC
    later = make_article(id="y", slug="y", published=datetime(2024, 11, 1, 9, 30, tzinfo=timezone.utc))
    assert build_site_model(make_config(), [earlier_but_later_clock, later]).edition("en").article_ids == ("y", "x")


def test_editions_follow_site_language_order(make_config):
    model = build_site_model(make_config(languages=["fr", "en", "de"], default_language="en"), [])
    assert [edition.lang for edition in model.editions] == ["fr", "en", "de"]


def test_translation_links_connect_language_versions(make_config, make_article):
    en = make_article()
    de = make_article(lang="de", slug="sturm-in-bern", title="Sturm in Bern")
    it = make_article(lang="it", slug="tempesta-a-berna", title="Tempesta a Berna")
    model = build_site_model(make_config(), [it, de, en])
    assert model.translations["storm-bern"] == ("en", "de", "it")
    assert model.other_versions(ArticleKey("storm-bern", "de")) == (ArticleKey("storm-bern", "en"), ArticleKey("storm-bern", "it"))
    page = pages_by_url(model)["/de/2024/11/sturm-in-bern/"]
    assert page.alternates == (("en", "/en/2024/11/storm-hits-bern/"), ("it", "/it/2024/11/tempesta-a-berna/"))


def test_article_without_translation_has_no_alternates(make_config, make_article):
    model = build_site_model(make_config(), [make_article()])
    assert pages_by_url(model)["/en/2024/11/storm-hits-bern/"].alternates == ()


def test_article_page_refers_to_its_article_by_key(make_config, make_article):
    page = pages_by_url(build_site_model(make_config(), [make_article(lang="fr")]))["/fr/2024/11/storm-hits-bern/"]
    assert page.template == ARTICLE_TEMPLATE
    assert page.lang == "fr"
    assert page.context["article"] == ArticleKey("storm-bern", "fr")


def test_home_front_page_shows_newest_and_numbered_pages_count_from_the_oldest(make_config, series):
    model = build_site_model(make_config(page_size=2), series(5))
    pages = pages_by_url(model)
    front, newest, oldest = pages["/en/"], pages["/en/page/2/"], pages["/en/page/1/"]
    assert [p.context["article_ids"] for p in (front, newest, oldest)] == [
        ("story-4", "story-3"), ("story-2",), ("story-1", "story-0")
    ]
    assert (front.context["pagination"].prev_url, front.context["pagination"].next_url) == (None, "/en/page/2/")
    assert (newest.context["pagination"].prev_url, newest.context["pagination"].next_url) == ("/en/", "/en/page/1/")
    assert (oldest.context["pagination"].prev_url, oldest.context["pagination"].next_url) == ("/en/page/2/", None)
    assert [p.context["pagination"].number for p in (front, newest, oldest)] == [None, 2, 1]
    assert "/en/page/3/" not in pages


def test_a_new_story_changes_only_the_front_page_and_the_newest_numbered_page(make_config, series):
    before = pages_by_url(build_site_model(make_config(page_size=2), series(7)))
    after = pages_by_url(build_site_model(make_config(page_size=2), series(8)))
    home = lambda pages: {url: page for url, page in pages.items() if url.startswith("/en/") and page.template == HOME_TEMPLATE}
    changed = sorted(url for url, page in home(after).items() if home(before).get(url) != page)
    assert changed == ["/en/", "/en/page/3/"]
    assert sorted(home(after)) == ["/en/", "/en/page/1/", "/en/page/2/", "/en/page/3/"]


def test_empty_edition_still_has_a_home_page(make_config):
    page = pages_by_url(build_site_model(make_config(), []))["/it/"]
    assert page.template == HOME_TEMPLATE
    assert page.context["article_ids"] == ()
    assert page.context["pagination"] == Pagination(None, None, None)


def test_only_first_home_page_has_language_alternates(make_config, series):
    pages = pages_by_url(build_site_model(make_config(page_size=1), series(2)))
    assert [lang for lang, _ in pages["/en/"].alternates] == ["de", "fr", "it"]
    assert pages["/en/page/1/"].alternates == ()


def test_site_has_root_index_and_404_page(make_config):
    pages = pages_by_url(build_site_model(make_config(), []))
    assert pages["/"].lang == "en"
    assert pages["/404.html"].relative_links is False
    assert pages["/"].relative_links is True


def test_pages_are_sorted_by_url(make_config, series):
    model = build_site_model(make_config(), series(3) + series(2, "de"))
    urls = [page.url for page in model.pages]
    assert urls == sorted(urls)


def test_model_does_not_depend_on_input_order(make_config, series):
    articles = series(7) + series(4, "de") + series(3, "fr")
    shuffled = articles[:]
    random.Random(4).shuffle(shuffled)
    first, second = build_site_model(make_config(), articles), build_site_model(make_config(), shuffled)
    assert first.pages == second.pages
    assert first.editions == second.editions
    assert list(first.articles) == list(second.articles)
    assert first.translations == second.translations


def test_same_id_twice_in_one_language_is_a_conflict(make_config, make_article):
    articles = [make_article(path="a.en.md"), make_article(slug="other", path="b.en.md")]
    problems = find_conflicts(make_config(), articles)
    assert len(problems) == 1
    assert problems[0].file == "b.en.md" and "a.en.md" in problems[0].message


def test_two_articles_with_the_same_url_conflict(make_config, make_article):
    articles = [make_article(id="one", path="one.en.md"), make_article(id="two", path="two.en.md")]
    problems = find_conflicts(make_config(), articles)
    assert [p.file for p in problems] == ["two.en.md"]
    assert "/en/2024/11/storm-hits-bern/" in problems[0].message


def test_article_in_unconfigured_language_is_a_conflict(make_config, make_article):
    problems = find_conflicts(make_config(), [make_article(lang="es", path="x.es.md")])
    assert problems[0].file == "x.es.md" and "'es'" in problems[0].message


def test_model_refuses_conflicting_articles(make_config, make_article):
    with pytest.raises(NewsgenError):
        build_site_model(make_config(), [make_article(), make_article()])
