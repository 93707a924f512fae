"""Machine tag labels from content/tag-labels.yaml fill gaps in tags.yaml; tags.yaml always wins."""

import pytest

from generator.content.tag_labels import (
    parse_tag_labels,
    render_tag_labels,
    with_machine_labels,
)
from generator.content.tag_vocabulary import parse_tags
from generator.content.vocabulary import load_vocabularies
from generator.core.errors import NewsgenError

TAGS = """\
tags:
  - id: banking-regulation
    name: Banking regulation
    kind: topic
    labels: {en: Banking regulation, de: Bankenregulierung}
  - id: alpine-skiing
    name: Alpine skiing
    kind: topic
"""
LABELS = """\
labels:
  banking-regulation: {de: Bankregeln, it: Regolamentazione bancaria}
  alpine-skiing: {de: Ski alpin}
"""


def test_machine_labels_fill_gaps_and_tags_yaml_wins():
    tags = with_machine_labels(parse_tags(TAGS), LABELS)
    banking = tags.find("Banking regulation")
    assert banking.label("de") == "Bankenregulierung"
    assert banking.label("it") == "Regolamentazione bancaria"
    assert tags.find("alpine-skiing").label("de") == "Ski alpin"
    assert tags.find("alpine-skiing").label("fr") == "Alpine skiing"


def test_a_regional_language_falls_back_to_its_base_language():
    tags = with_machine_labels(parse_tags(TAGS), LABELS)
    assert tags.find("alpine-skiing").label("de-ch") == "Ski alpin"
    assert tags.find("ch").label("de-ch") == "Schweiz"


def test_machine_labels_are_not_matched_in_wire_text():
    tags = with_machine_labels(parse_tags(TAGS), LABELS)
    assert "Ski alpin" not in tags.find("alpine-skiing").terms


def test_an_unknown_tag_id_is_an_error_naming_the_line():
    with pytest.raises(NewsgenError, match="no tag with id 'alpine-skiin'.*did you mean 'alpine-skiing'") as error:
        with_machine_labels(parse_tags(TAGS), "labels:\n  alpine-skiin: {de: Ski}\n", "tag-labels.yaml")
    assert (error.value.file, error.value.line) == ("tag-labels.yaml", 2)


def test_the_file_is_written_sorted_and_reads_back():
    text = render_tag_labels({"b": {"it": "bi", "de": "be"}, "a": {"de": "ae"}})
    assert text.startswith("# Tag labels translated by machine")
    assert text.index("  a:") < text.index("  b:") and text.index("de: be") < text.index("it: bi")
    assert parse_tag_labels(text)[0] == {"a": {"de": "ae"}, "b": {"de": "be", "it": "bi"}}


def test_load_vocabularies_reads_the_labels_file(tmp_path):
    (tmp_path / "tags.yaml").write_text(TAGS, encoding="utf-8")
    (tmp_path / "tag-labels.yaml").write_text(LABELS, encoding="utf-8")
    assert load_vocabularies(tmp_path).tags.find("alpine-skiing").label("de") == "Ski alpin"
