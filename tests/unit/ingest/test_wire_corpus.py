"""Ingest reads the annotated wire corpus (tests/fixtures/wire) as a newsroom needs it.

The thresholds are the ones the newsroom asked for: person precision >= 0.9 and
recall >= 0.85 overall, F1 >= 0.8 in every layout, headline, agency and date
exact on at least 95 % of the stories, and no story refused.
"""

import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.content.people_registry import PeopleRegistry

ROOT = Path(__file__).resolve().parents[3]
WIRE = ROOT / "tests" / "fixtures" / "wire"
LAYOUTS = sorted(p.parent for p in WIRE.glob("*/gold.yaml"))


@pytest.fixture(scope="module")
def evaluation(bench):
    return bench.evaluate(PeopleRegistry(), bench.load_gold(LAYOUTS))


def test_the_corpus_has_150_stories_in_8_layouts(bench):
    stories = bench.load_gold(LAYOUTS)
    assert len(stories) >= 150
    assert len({story.layout for story in stories}) >= 8


def test_no_story_is_refused(evaluation):
    assert evaluation.refused == []


def test_persons_overall(evaluation):
    overall = evaluation.overall
    assert overall.precision >= 0.9, overall.false_positives
    assert overall.recall >= 0.85, overall.false_negatives


@pytest.mark.parametrize("layout", [p.name for p in LAYOUTS])
def test_persons_per_layout(evaluation, layout):
    score = evaluation.by_layout[layout]
    assert score.f1 >= 0.8, (score.false_positives, score.false_negatives)


@pytest.mark.parametrize("field", ["title", "agency", "published"])
def test_headline_agency_and_date_are_exact(evaluation, field):
    exact, annotated = evaluation.fields[field]
    assert annotated > 0
    assert exact / annotated >= 0.95, [e for e in evaluation.field_errors if f": {field} " in e]


def test_ingest_json_dates_every_file_and_exits_0(tmp_path, capsys):
    (tmp_path / "site.toml").write_text('languages = ["en", "de", "fr", "it"]\n', encoding="utf-8")
    paths = [str(path) for layout in LAYOUTS for path in sorted(layout.glob("*.txt"))]
    assert main(["--root", str(tmp_path), "ingest", "--json", *paths]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == len(paths)
    assert all(record["published"] for record in records)
