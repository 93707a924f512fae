"""The tag vocabulary: countries built in from CLDR, tags.yaml loaded strictly and saying where a problem is."""

import pytest

from generator.content.tag_vocabulary import country_tags, parse_tags
from generator.core.errors import NewsgenError


def test_country_labels_come_from_cldr():
    switzerland = parse_tags("").find("ch")
    assert (switzerland.name, switzerland.slug, switzerland.kind) == ("Switzerland", "switzerland", "place")
    assert switzerland.labels == {"en": "Switzerland", "de": "Schweiz", "fr": "Suisse", "it": "Svizzera"}
    assert set(switzerland.labels.values()) <= set(switzerland.aliases)
    assert switzerland.label("de") == "Schweiz"


def test_country_names_get_the_forms_running_text_uses():
    assert {"Myanmar", "Burma"} <= set(parse_tags("").find("mm").aliases)
    assert "Trinidad and Tobago" in parse_tags("").find("tt").aliases


def test_pseudo_regions_and_numeric_codes_are_not_countries():
    ids = {tag.id for tag in country_tags()}
    assert not ids & {"zz", "qo", "xa", "xb", "ez", "eu", "un", "001", "150"}
    assert {"ch", "de", "us", "xk"} <= ids


def test_tags_yaml_entry_extends_a_country():
    vocabulary = parse_tags("tags:\n  - id: us\n    aliases: [US, USA]\n    labels: {de: USA}\n")
    united_states = vocabulary.find("us")
    assert united_states.name == "United States"
    assert {"US", "USA", "Vereinigte Staaten", "États-Unis"} <= set(united_states.aliases)
    assert united_states.label("de") == "USA"
    assert united_states.label("fr") == "États-Unis"
    assert vocabulary.find("United States") is united_states


def test_tags_yaml_can_rename_a_country():
    vocabulary = parse_tags("tags:\n  - id: tr\n    name: Turkey\n")
    assert vocabulary.find("tr").slug == "turkey"
    assert vocabulary.find("Turkey").id == "tr"


def test_tags_yaml_can_define_eu_and_un_as_organisations():
    text = "tags:\n  - {id: eu, name: European Union, kind: organisation, aliases: [EU]}\n  - {id: un, name: United Nations, kind: organisation}\n"
    vocabulary = parse_tags(text)
    assert vocabulary.find("eu").kind == "organisation"
    assert vocabulary.find("United Nations").id == "un"


def test_tag_label_falls_back_to_name():
    vocabulary = parse_tags("tags:\n  - {id: inflation, name: Inflation, kind: topic, labels: {de: Teuerung}}\n")
    assert vocabulary.find("inflation").label("de") == "Teuerung"
    assert vocabulary.find("inflation").label("it") == "Inflation"


def test_unknown_tag_kind_is_rejected_with_its_line():
    with pytest.raises(NewsgenError, match="kind must be one of") as caught:
        parse_tags("tags:\n  - id: nato\n    name: NATO\n    kind: alliance\n", "tags.yaml")
    assert (caught.value.file, caught.value.line) == ("tags.yaml", 4)


def test_new_tag_needs_a_name():
    with pytest.raises(NewsgenError, match="needs a 'name'"):
        parse_tags("tags:\n  - {id: nato, kind: organisation}\n")


def test_duplicate_tag_ids_and_names_are_rejected():
    with pytest.raises(NewsgenError, match="defined twice"):
        parse_tags("tags:\n  - {id: x, name: X, kind: topic}\n  - {id: x, name: Y, kind: topic}\n")
    with pytest.raises(NewsgenError, match="share the name") as caught:
        parse_tags("tags:\n  - {id: a, name: Climate, kind: topic}\n  - {id: b, name: climate, kind: topic}\n")
    assert caught.value.line == 3


def test_unknown_key_in_tags_yaml_suggests_the_right_one():
    with pytest.raises(NewsgenError, match="did you mean 'aliases'"):
        parse_tags("tags:\n  - {id: nato, name: NATO, kind: organisation, alias: [Nato]}\n")
