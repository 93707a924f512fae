import json
import re

import pytest

from generator.content.model import Image, Translation
from generator.content.people_registry import parse_people
from generator.content.tag_vocabulary import parse_tags
from generator.render.jsonld import build_news_article, render_jsonld
from generator.site.arrange import build_site_model
from generator.site.sitemodel import ArticleKey
from generator.site.taxonomy import build_taxonomies

PEOPLE = """people:
  - name: Mark Rutte
    wikidata: Q57792
"""
TAGS = """tags:
  - {id: weather, name: Weather, kind: topic, labels: {en: Weather, de: Wetter}}
"""
OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


@pytest.fixture
def model(make_config):
    def make(articles, people=PEOPLE):
        config = make_config()
        taxonomies = build_taxonomies(config, articles, parse_people(people), parse_tags(TAGS))
        return build_site_model(config, articles, taxonomies=taxonomies)

    return make


@pytest.fixture
def story(make_article):
    en = make_article(tags=("Weather",), persons=("Mark Rutte", "Anna Muster"), dateline="Bern", image=Image("A fallen tree.", "Jane Doe/SDA"))
    de = make_article(lang="de", slug="sturm-in-bern", title="Sturm in Bern", summary="Ein Sturm.", tags=("Weather",),
                      translation=Translation("en", "machine", "google"))
    fr = make_article(lang="fr", slug="tempete-a-berne", title="Tempête à Berne", translation=Translation("en", "human"))
    return [en, de, fr]


def test_news_article_has_the_story_facts(model, story):
    data = build_news_article(model(story), ArticleKey("storm-bern", "en"))
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == "Storm hits Bern" and data["description"] == "A storm hit Bern."
    assert data["url"] == data["mainEntityOfPage"]["@id"] == "https://example.org/en/2024/11/storm-hits-bern/"
    assert data["datePublished"] == data["dateModified"] == "2024-11-05T09:30:00+01:00"
    assert OFFSET.match(data["datePublished"])
    assert data["inLanguage"] == "en"
    assert data["author"] == data["publisher"] == {"@type": "Organization", "name": "SDA"}
    assert data["articleSection"] == "Switzerland" and data["keywords"] == ["Weather"]
    assert data["dateline"] == "Bern"
    assert "image" not in data  # a caption and credit, but no picture file


def test_labels_follow_the_version_s_language(model, story):
    data = build_news_article(model(story), ArticleKey("storm-bern", "de"))
    assert data["inLanguage"] == "de" and data["articleSection"] == "Schweiz" and data["keywords"] == ["Wetter"]


def test_persons_are_mentioned_with_our_page_and_wikidata_when_known(model, story):
    data = build_news_article(model(story), ArticleKey("storm-bern", "en"))
    assert data["mentions"] == [
        {"@type": "Person", "name": "Mark Rutte", "url": "https://example.org/en/people/mark-rutte/", "sameAs": "https://www.wikidata.org/wiki/Q57792"},
        {"@type": "Person", "name": "Anna Muster", "url": "https://example.org/en/people/anna-muster/"},
    ]


def test_source_lists_its_translations_and_translations_point_at_the_source(model, story):
    m = model(story)
    source = build_news_article(m, ArticleKey("storm-bern", "en"))
    assert [work["url"] for work in source["workTranslation"]] == [
        "https://example.org/de/2024/11/sturm-in-bern/", "https://example.org/fr/2024/11/tempete-a-berne/"]
    assert "translationOfWork" not in source
    for lang in ("de", "fr"):
        translation = build_news_article(m, ArticleKey("storm-bern", lang))
        assert translation["translationOfWork"]["url"] == "https://example.org/en/2024/11/storm-hits-bern/"
        assert translation["translationOfWork"]["inLanguage"] == "en"
        assert "workTranslation" not in translation


def test_translation_whose_source_is_missing_has_no_link(model, story):
    data = build_news_article(model(story[1:]), ArticleKey("storm-bern", "de"))
    assert "translationOfWork" not in data and "workTranslation" not in data


def test_script_closing_tag_in_a_headline_cannot_leave_the_script_element(model, make_article):
    hostile = make_article(title="</script><script>alert(1)</script> & <!-- x", summary="]]> \u2028")
    text = render_jsonld(build_news_article(model([hostile]), ArticleKey("storm-bern", "en")))
    assert not set("<>&") & set(text) and "\u2028" not in text
    assert json.loads(text)["headline"] == "</script><script>alert(1)</script> & <!-- x"
