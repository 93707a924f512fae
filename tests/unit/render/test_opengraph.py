import pytest

from generator.content.model import Translation
from generator.render.opengraph import build_social_meta, og_locale
from generator.site.arrange import build_site_model


@pytest.fixture
def pages(make_config, make_article):
    en = make_article(tags=("Weather",))
    de = make_article(lang="de", slug="sturm-in-bern", title="Sturm in Bern", summary="Ein Sturm.", translation=Translation("en", "human"))
    model = build_site_model(make_config(), [en, de])
    return model, {page.url: page for page in model.pages}


def meta(model, page):
    return [(key, content) for _, key, content in build_social_meta(model, page)]


@pytest.mark.parametrize("lang, expected", [("en", "en_US"), ("de", "de_DE"), ("fr", "fr_FR"), ("it", "it_IT"), ("de-ch", "de_CH")])
def test_og_locale_adds_the_likely_territory(lang, expected):
    assert og_locale(lang) == expected


def test_article_page_describes_the_article(pages):
    model, by_url = pages
    tags = meta(model, by_url["/de/2024/11/sturm-in-bern/"])
    assert ("og:type", "article") in tags and ("og:description", "Ein Sturm.") in tags
    assert ("og:url", "https://example.org/de/2024/11/sturm-in-bern/") in tags
    assert ("og:locale", "de_DE") in tags and ("og:locale:alternate", "en_US") in tags
    assert ("article:published_time", "2024-11-05T09:30:00+01:00") in tags
    assert ("article:section", "Schweiz") in tags
    assert ("twitter:card", "summary") in tags
    assert ("article:tag", "Weather") in meta(model, by_url["/en/2024/11/storm-hits-bern/"])


def test_other_pages_get_website_basics_and_the_404_page_none(pages):
    model, by_url = pages
    tags = meta(model, by_url["/en/"])
    assert ("og:type", "website") in tags and ("og:site_name", "Test Wire") in tags
    assert not any(key.startswith("article:") for key, _ in tags)
    assert meta(model, by_url["/404.html"]) == []


def test_twitter_uses_name_and_open_graph_property(pages):
    model, by_url = pages
    attributes = {key: attribute for attribute, key, _ in build_social_meta(model, by_url["/en/"])}
    assert attributes["twitter:card"] == "name" and attributes["og:url"] == "property"
