"""The people registry loads strictly and says where a problem is."""

import pytest

from generator.content.people_registry import load_people, parse_people
from generator.content.tag_vocabulary import country_tags, load_tags
from generator.core.errors import NewsgenError

PEOPLE_YAML = """\
people:
  - name: Mark Rutte
    aliases: [Rutte]
    roles: {en: NATO Secretary General, de: Nato-Generalsekretär}
    wikidata: Q57792
  - name: Karin Keller-Sutter
    aliases: [Keller-Sutter]
blocked: [Keystone, Morgan Stanley]
"""


def test_people_are_found_by_name_or_alias_in_any_case():
    registry = parse_people(PEOPLE_YAML)
    assert registry.find("Mark Rutte") is registry.find("rutte")
    assert registry.find("KELLER-SUTTER").slug == "karin-keller-sutter"
    assert registry.find("Rutte").role("de") == "Nato-Generalsekretär"
    assert registry.find("Rutte").wikidata == "Q57792"
    assert registry.find("Trump") is None


def test_blocked_strings_match_whole_words_only():
    registry = parse_people(PEOPLE_YAML)
    assert registry.is_blocked("Keystone")
    assert registry.is_blocked("Keystone SDA")
    assert registry.is_blocked("morgan stanley")
    assert not registry.is_blocked("Keystones")
    assert not registry.is_blocked("Morgan Freeman")


def test_missing_files_give_an_empty_registry_and_only_countries(tmp_path):
    assert load_people(tmp_path / "people.yaml").people == ()
    vocabulary = load_tags(tmp_path / "tags.yaml")
    assert len(vocabulary) == len(country_tags())
    assert vocabulary.find("ch").name == "Switzerland"


def test_files_on_disk_are_read(tmp_path):
    (tmp_path / "people.yaml").write_text(PEOPLE_YAML, encoding="utf-8")
    (tmp_path / "tags.yaml").write_text("tags:\n  - {id: nato, name: NATO, kind: organisation}\n", encoding="utf-8")
    assert load_people(tmp_path / "people.yaml").find("Rutte").name == "Mark Rutte"
    assert load_tags(tmp_path / "tags.yaml").find("nato").kind == "organisation"


def test_empty_file_is_an_empty_registry():
    assert parse_people("# nobody yet\n").people == ()


def test_unknown_key_in_people_yaml_names_file_and_line():
    text = "people:\n  - name: Mark Rutte\n    rolez: {en: NATO Secretary General}\n"
    with pytest.raises(NewsgenError) as caught:
        parse_people(text, "content/people.yaml")
    assert caught.value.file == "content/people.yaml"
    assert caught.value.line == 3
    assert "did you mean 'roles'" in caught.value.message


def test_unknown_top_level_key_is_rejected():
    with pytest.raises(NewsgenError, match="did you mean 'blocked'"):
        parse_people("blockd: [Keystone]\n")


def test_yaml_syntax_error_names_the_line():
    with pytest.raises(NewsgenError) as caught:
        parse_people("people:\n  - name: Mark Rutte\n    aliases: [Rutte\n", "people.yaml")
    assert caught.value.file == "people.yaml"
    assert caught.value.line is not None


def test_wrong_types_and_missing_names_are_errors():
    with pytest.raises(NewsgenError, match="expected a list"):
        parse_people("people:\n  - name: Mark Rutte\n    aliases: Rutte\n")
    with pytest.raises(NewsgenError, match="missing 'name'") as caught:
        parse_people("people:\n  - name: Mark Rutte\n  - aliases: [Nobody]\n")
    assert caught.value.line == 3


def test_alias_shared_by_two_people_is_an_error():
    text = "people:\n  - name: Donald Trump\n    aliases: [Trump]\n  - name: Melania Trump\n    aliases: [Trump]\n"
    with pytest.raises(NewsgenError, match="already names 'Donald Trump'") as caught:
        parse_people(text)
    assert caught.value.line == 4


def test_wikidata_id_must_look_like_an_item():
    with pytest.raises(NewsgenError, match="Wikidata item id") as caught:
        parse_people("people:\n  - name: Mark Rutte\n    wikidata: Rutte\n")
    assert caught.value.line == 3
