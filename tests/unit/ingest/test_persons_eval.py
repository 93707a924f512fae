"""Person extraction holds its precision and recall on the annotated wire stories."""

from pathlib import Path

import pytest

from generator.content.people_registry import PeopleRegistry

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "persons"

pytestmark = pytest.mark.skipif(not (FIXTURES / "gold.yaml").exists(), reason="annotated stories not present")


def test_rules_alone_find_people_precisely_and_completely_in_the_mixed_set(bench):
    overall = bench.evaluate(PeopleRegistry(), bench.load_gold([FIXTURES])).overall
    assert overall.precision >= 0.9, overall.false_positives
    assert overall.recall >= 0.85, overall.false_negatives


def test_registry_only_improves_the_result(bench):
    stories = bench.load_gold([FIXTURES])
    without = bench.evaluate(PeopleRegistry(), stories).overall
    with_registry = bench.evaluate(bench.load_people(bench.PEOPLE), stories).overall
    assert with_registry.f1 >= without.f1
