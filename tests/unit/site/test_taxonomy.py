"""Tags, persons and categories: one identity across languages, pages only where used."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from generator.content.people_registry import parse_people
from generator.content.tag_vocabulary import parse_tags
from generator.site.taxonomy import (
    CATEGORY,
    PERSON,
    TAG,
    build_taxonomies,
    index_groups,
    sort_key,
    surname_first,
)

ZURICH = ZoneInfo("Europe/Zurich")
TAGS = parse_tags("""tags:
  - id: nato
    name: NATO
    kind: organisation
    aliases: [Nato]
    labels: {en: NATO, de: Nato, fr: OTAN}
  - id: defence-spending
    name: Defence spending
    kind: topic
    labels: {en: Defence spending, de: Verteidigungsausgaben}
""")
PEOPLE = parse_people("""people:
  - name: Mark Rutte
    aliases: [Rutte]
    roles: {en: NATO Secretary General, de: Nato-Generalsekretär}
    wikidata: Q57792
""")


@pytest.fixture
def articles(make_article):
    return [
        make_article(id="a", tags=("NATO", "Defence spending"), persons=("Mark Rutte", "Anna Muster"), category="international",
                     roles=(("Anna Muster", "spokeswoman"),), published=datetime(2024, 11, 20, 9, tzinfo=ZURICH)),
        make_article(id="a", lang="de", slug="a-de", tags=("NATO",), persons=("Mark Rutte",), category="international",
                     published=datetime(2024, 11, 20, 9, tzinfo=ZURICH)),
        make_article(id="b", slug="b", tags=("NATO", "Unlisted topic"), persons=("Ursula von der Leyen",), category="international",
                     published=datetime(2024, 11, 22, 9, tzinfo=ZURICH)),
    ]


def taxonomies(make_config, articles):
    return build_taxonomies(make_config(), articles, PEOPLE, TAGS)


def test_a_tag_is_one_term_with_a_label_and_slug_per_language(make_config, articles):
    nato = taxonomies(make_config, articles)[TAG].terms["nato"]
    assert dict(nato.labels) == {"de": "Nato", "en": "NATO"}
    assert dict(nato.slugs) == {"de": "nato", "en": "nato"}
    assert dict(nato.articles) == {"de": ("a",), "en": ("b", "a")}  # newest first


def test_term_used_in_one_language_has_pages_only_there(make_config, articles):
    tags = taxonomies(make_config, articles)[TAG]
    assert tags.terms["defence-spending"].languages == ("en",)
    assert [t.id for t in tags.in_language("de")] == ["nato"]
    assert tags.in_language("fr") == ()


def test_unknown_tag_gets_an_id_from_its_name(make_config, articles):
    tags = taxonomies(make_config, articles)[TAG]
    assert tags.term_for("Unlisted topic").id == "unlisted-topic"


def test_person_role_comes_from_registry_then_from_the_story(make_config, articles):
    persons = taxonomies(make_config, articles)[PERSON]
    rutte = persons.term_for("Mark Rutte")
    assert rutte.roles["de"] == "Nato-Generalsekretär"
    assert rutte.wikidata == "Q57792"
    assert persons.term_for("Anna Muster").roles == {"en": "spokeswoman"}


def test_person_index_sorts_by_surname(make_config, articles):
    persons = taxonomies(make_config, articles)[PERSON]
    groups = index_groups(persons.in_language("en"), "en")
    assert [(letter, [t.labels["en"] for t in terms]) for letter, terms in groups] == [
        ("L", ["Ursula von der Leyen"]),
        ("M", ["Anna Muster"]),
        ("R", ["Mark Rutte"]),
    ]
    assert surname_first("Ursula von der Leyen") == "Leyen, Ursula von der"


def test_categories_are_terms_labelled_from_site_toml(make_config, articles):
    international = taxonomies(make_config, articles)[CATEGORY].terms["international"]
    assert international.labels["de"] == "International"
    assert len(international.articles["en"]) == 2


def test_sort_key_folds_accents_and_case():
    assert sort_key("Économie", TAG) < sort_key("Finanzen", TAG)
    assert sort_key("Zürich", TAG) == sort_key("zurich", TAG)


def test_clashing_slugs_in_one_language_are_made_unique(make_config, make_article):
    vocabulary = parse_tags("""tags:
  - {id: eu, name: EU, kind: organisation, labels: {en: EU}}
  - {id: e-u, name: E U, kind: topic, labels: {en: E-U}}
""")
    found = build_taxonomies(make_config(), [make_article(tags=("EU", "E U"))], PEOPLE, vocabulary)[TAG]
    slugs = sorted(term.slugs["en"] for term in found.terms.values())
    assert len(set(slugs)) == 2
