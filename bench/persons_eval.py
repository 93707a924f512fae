"""Measure person extraction against the annotated wire stories in tests/fixtures/persons.

Run from the project root: ``python bench/persons_eval.py``. Prints micro
precision, recall and F1 per language and overall, once without the people
registry (the rules on their own) and once with ``content/people.yaml``, and
lists every false positive and false negative.

The gold set names registered people by their registry name. Scoring maps a
predicted spelling to that name too ("Wolodymyr Selenskyj" is Volodymyr
Zelensky), so the run without the registry measures what the rules find, not
how the wire spells it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.config import DEFAULT_CATEGORIES  # noqa: E402
from generator.ingest import pipeline  # noqa: E402
from generator.ingest.persons import extract_persons  # noqa: E402
from generator.ingest.wire import parse_wire  # noqa: E402
from generator.model import WireStory  # noqa: E402
from generator.vocabulary import PeopleRegistry, load_people  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "persons"
PEOPLE = ROOT / "content" / "people.yaml"
FEED_TIMEZONE = ZoneInfo("Europe/Zurich")


@dataclass
class Score:
    """Micro counts over a set of stories, with the names behind the errors."""

    true_positives: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + len(self.false_positives)
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + len(self.false_negatives)
        return self.true_positives / expected if expected else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def add(self, story: str, predicted: Sequence[str], gold: Sequence[str]) -> None:
        self.true_positives += len(set(predicted) & set(gold))
        self.false_positives += [f"{story}: {name}" for name in predicted if name not in gold]
        self.false_negatives += [f"{story}: {name}" for name in gold if name not in predicted]


@dataclass
class Evaluation:
    """Scores per language and overall for one registry."""

    overall: Score = field(default_factory=Score)
    by_language: dict[str, Score] = field(default_factory=dict)


def load_gold(folder: Path = FIXTURES) -> dict[str, list[str]]:
    """File name -> gold person names, from ``gold.yaml``."""
    return yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8"))


def read_story(path: Path) -> WireStory:
    """Parse a fixture the way ingest does."""
    categories = [name for c in DEFAULT_CATEGORIES for name in (*c.labels.values(), *c.aliases)]
    return parse_wire(path.read_text(encoding="utf-8"), path.name, FEED_TIMEZONE, categories)


def non_story_names(story: WireStory) -> tuple[str, ...]:
    """Photographers, bylines and editors, exactly as ingest excludes them."""
    return pipeline._non_story_names(story)


def evaluate(registry: PeopleRegistry, folder: Path = FIXTURES, spellings: PeopleRegistry | None = None) -> Evaluation:
    """Score extraction with ``registry``; ``spellings`` maps predicted names to gold names."""
    spellings = spellings if spellings is not None else load_people(PEOPLE)
    evaluation = Evaluation()
    for name, gold in sorted(load_gold(folder).items()):
        story = read_story(folder / name)
        mentions = extract_persons(story.title, story.paragraphs, story.lang, registry, exclude=non_story_names(story))
        predicted = [canonical_name(m.name, spellings) for m in mentions]
        evaluation.overall.add(name, predicted, gold)
        evaluation.by_language.setdefault(story.lang, Score()).add(name, predicted, gold)
    return evaluation


def canonical_name(name: str, spellings: PeopleRegistry) -> str:
    person = spellings.find(name)
    return person.name if person else name


def report(title: str, evaluation: Evaluation) -> Iterable[str]:
    yield f"== {title}"
    rows = [*sorted(evaluation.by_language.items()), ("all", evaluation.overall)]
    for lang, score in rows:
        yield f"  {lang:>3}  precision {score.precision:.3f}  recall {score.recall:.3f}  F1 {score.f1:.3f}"
    for label, names in (("false positives", evaluation.overall.false_positives), ("false negatives", evaluation.overall.false_negatives)):
        yield f"  {label}: {len(names)}"
        yield from (f"    {entry}" for entry in names)


def main() -> int:
    if not (FIXTURES / "gold.yaml").exists():
        print(f"no gold set at {FIXTURES.relative_to(ROOT)}", file=sys.stderr)
        return 1
    for title, registry in (("without registry", PeopleRegistry()), ("with content/people.yaml", load_people(PEOPLE))):
        print("\n".join(report(title, evaluate(registry))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
