"""Tag extraction keeps the few vocabulary tags a story is really about."""

from generator.content.tag_vocabulary import Tag, TagVocabulary, parse_tags
from generator.ingest.tags import extract_tags

TAGS_YAML = """
tags:
  - id: nato
    name: NATO
    kind: organisation
    aliases: [Nato, North Atlantic Treaty Organization]
    labels: {en: NATO, de: Nato, fr: OTAN, it: NATO}
  - id: us
    aliases: [US, USA, U.S.]
  - id: ru
    aliases: [Russian]
  - id: credit-suisse
    name: Credit Suisse
    kind: organisation
  - id: defence-spending
    name: Defence spending
    kind: topic
    aliases: [defense spending, military spending, Verteidigungsausgaben]
"""
VOCABULARY = parse_tags(TAGS_YAML)


def tags(title: str, paragraphs: list[str], persons=(), limit: int = 8, vocabulary: TagVocabulary = VOCABULARY) -> list[str]:
    return extract_tags(title, paragraphs, "en", vocabulary, person_names=persons, limit=limit)


def test_alliance_story_is_tagged_with_alliance_countries_and_topic():
    title = "Nato Secretary General meets with Trump in Florida"
    paragraphs = [
        "Nato Secretary General Mark Rutte has met US President-elect Donald Trump in Florida.",
        "On the campaign trail, Trump said he could stop the Russian war within a day and asked for more defense spending.",
        "Apart from the USA, only a few NATO states spend that much. Germany is estimated to spend 2.1 percent.",
        "Most NATO members had hoped the Democratic candidate Kamala Harris would win.",
    ]
    found = tags(title, paragraphs, persons=["Mark Rutte", "Donald Trump", "Kamala Harris"])
    assert found[0] == "NATO"
    assert {"United States", "Russia", "Defence spending"} <= set(found)


def test_headline_mentions_rank_first():
    found = tags("Austria votes", ["Germany watches.", "Germany comments.", "Austria counts."])
    assert found == ["Austria", "Germany"]


def test_ties_break_by_first_mention():
    assert tags("", ["Italy and France met; France and Italy agreed."]) == ["Italy", "France"]


def test_short_acronyms_match_only_in_capitals():
    assert tags("", ["Let us go, said the US envoy."]) == ["United States"]
    assert tags("", ["Let us go."]) == []


def test_place_names_need_a_capital():
    vocabulary = parse_tags("tags:\n  - id: tr\n    aliases: [Turkey]\n")
    assert tags("", ["We ate turkey, then flew to Turkey."], vocabulary=vocabulary) == ["Türkiye"]
    assert tags("", ["We ate turkey."], vocabulary=vocabulary) == []


def test_topic_matches_case_insensitively():
    assert tags("", ["Military Spending rose; defense spending too."]) == ["Defence spending"]


def test_german_genitive_and_compounds_count():
    assert extract_tags("", ["Russlands Krieg beschäftigt den Nato-Generalsekretär."], "de", VOCABULARY) == ["Russia", "NATO"]


def test_labels_in_every_language_match():
    assert tags("", ["La Suisse et l'OTAN; die Schweiz und die Nato."]) == ["Switzerland", "NATO"]


def test_match_inside_a_person_name_does_not_count():
    assert tags("", ["Michael Jordan visited Chad.", "Jordan smiled."], persons=["Michael Jordan"]) == ["Chad"]


def test_longest_alias_wins():
    assert tags("", ["Papua New Guinea and Credit Suisse were mentioned."]) == ["Papua New Guinea", "Credit Suisse"]


def test_single_mentions_are_dropped_when_there_are_too_many_tags():
    paragraphs = ["France, France, Italy, Italy, Spain, Spain. Austria. Poland. Greece."]
    assert tags("", paragraphs, limit=3) == ["France", "Italy", "Spain"]
    assert tags("", paragraphs, limit=4) == ["France", "Italy", "Spain"]
    assert tags("Greece", paragraphs, limit=4) == ["Greece", "France", "Italy", "Spain"]


def test_empty_vocabulary_gives_no_tags():
    assert tags("Switzerland", ["Switzerland."], vocabulary=TagVocabulary(())) == []


def test_vocabulary_built_in_code_matches_too():
    vocabulary = TagVocabulary((Tag("climate", "Climate", "climate", "topic", ("global warming",), {"de": "Klima"}),))
    assert extract_tags("", ["Das Klima und global warming."], "de", vocabulary) == ["Climate"]
