"""Measure ingest against the annotated wire stories in tests/fixtures.

Run from the project root: ``python bench/persons_eval.py`` (``--errors`` lists
every wrong field and every false positive and negative). Each story goes
through ingest as ``newsgen ingest`` reads it (decode, parse, date fallback,
persons), without the people registry, so the scores measure what the rules
find on copy they have never seen. It prints:

- person precision, recall and F1 per layout, per language and overall;
- how many titles, agencies and dates are exactly the annotated ones;
- stories that ingest refused, and the ingest time per 1,000 stories.

Gold sets: every ``tests/fixtures/wire/<layout>/gold.yaml`` (see the README
there) and the older ``tests/fixtures/persons/gold.yaml`` (persons only).
Names in the registry are compared under their registry name, so a story
that writes "Wolodymyr Selenskyj" matches gold "Volodymyr Zelensky".
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.config.settings import SiteConfig, parse_config  # noqa: E402
from generator.content.people_registry import PeopleRegistry, load_people  # noqa: E402
from generator.content.tag_vocabulary import load_tags  # noqa: E402
from generator.content.vocabulary import Vocabularies  # noqa: E402
from generator.core.errors import NewsgenError  # noqa: E402
from generator.ingest.rawstory import analyse_raw, file_hints  # noqa: E402

WIRE = ROOT / "tests" / "fixtures" / "wire"
PERSONS = ROOT / "tests" / "fixtures" / "persons"
PEOPLE = ROOT / "content" / "people.yaml"


@dataclass(frozen=True)
class Gold:
    """One annotated story; fields other than persons are None where the set does not annotate them."""

    layout: str
    path: Path
    persons: tuple[str, ...]
    title: str | None = None
    agency: str | None = None
    published: str | None = None
    lang: str | None = None
    #: False for the older persons-only set.
    has_fields: bool = False


@dataclass
class Score:
    """Micro counts over a set of stories, with the names behind the errors."""

    true_positives: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)
    stories: int = 0

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
        self.stories += 1
        self.true_positives += len(set(predicted) & set(gold))
        self.false_positives += [f"{story}: {name}" for name in predicted if name not in gold]
        self.false_negatives += [f"{story}: {name}" for name in gold if name not in predicted]


@dataclass
class Evaluation:
    """Person scores per layout, per language and overall; field exactness; refusals; speed."""

    overall: Score = field(default_factory=Score)
    by_layout: dict[str, Score] = field(default_factory=dict)
    by_language: dict[str, Score] = field(default_factory=dict)
    #: Field name -> (exact, annotated); wrong values listed in ``field_errors``.
    fields: dict[str, list[int]] = field(default_factory=lambda: {name: [0, 0] for name in ("title", "agency", "published", "lang")})
    field_errors: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def stories(self) -> int:
        return self.overall.stories + len(self.refused)


def load_gold(folders: Iterable[Path] | None = None) -> list[Gold]:
    """Every annotated story, layout by layout."""
    if folders is None:
        folders = [*sorted(p.parent for p in WIRE.glob("*/gold.yaml")), PERSONS]
    stories: list[Gold] = []
    for folder in folders:
        entries = yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8")) or {}
        layout = "mixed" if folder == PERSONS else folder.name
        for name, entry in sorted(entries.items()):
            if isinstance(entry, list):
                stories.append(Gold(layout, folder / name, tuple(entry)))
            else:
                stories.append(
                    Gold(layout, folder / name, tuple(entry.get("persons") or ()), entry["title"], entry["agency"], entry["published"], entry["lang"], True)
                )
    return stories


def site_config() -> SiteConfig:
    """A default project: English first, the default categories, Swiss time."""
    return parse_config({"languages": ["en", "de", "fr", "it"]}, ROOT)


def evaluate(registry: PeopleRegistry, stories: Sequence[Gold] | None = None, spellings: PeopleRegistry | None = None) -> Evaluation:
    """Ingest every story with ``registry`` and score it; ``spellings`` maps predicted names to gold names."""
    stories = load_gold() if stories is None else stories
    spellings = spellings if spellings is not None else load_people(PEOPLE)
    config, vocab = site_config(), Vocabularies(registry, load_tags(ROOT / "content" / "tags.yaml"))
    evaluation = Evaluation()
    raw = [(gold, gold.path.read_bytes(), file_hints(gold.path, config.tz)) for gold in stories]
    started = time.perf_counter()
    results = []
    for gold, data, hints in raw:
        try:
            results.append((gold, analyse_raw(data, gold.path.name, config, vocab, hints=hints)))
        except NewsgenError as exc:
            results.append((gold, exc))
    evaluation.seconds = time.perf_counter() - started
    for gold, result in results:
        label = f"{gold.layout}/{gold.path.name}"
        if isinstance(result, NewsgenError):
            evaluation.refused.append(f"{label}: {result.message}")
            continue
        story, article = result
        predicted = [canonical_name(name, spellings) for name in article.persons]
        gold_persons = [canonical_name(name, spellings) for name in gold.persons]
        for score in (evaluation.overall, evaluation.by_layout.setdefault(gold.layout, Score()), evaluation.by_language.setdefault(gold.lang or article.lang, Score())):
            score.add(label, predicted, gold_persons)
        if gold.has_fields:
            _check_fields(evaluation, label, gold, article.title, article.agency, article.published, article.lang)
    return evaluation


def _check_fields(evaluation: Evaluation, label: str, gold: Gold, title: str, agency: str, published: datetime, lang: str) -> None:
    expected_published = gold.published
    actual = {"title": title, "agency": agency, "published": published.isoformat(), "lang": lang}
    expected = {"title": gold.title, "agency": gold.agency, "published": expected_published, "lang": gold.lang}
    for name, value in actual.items():
        if name == "published" and expected_published is None:
            continue  # no date anywhere: the fallback (the file's time) is what ingest must use
        counts = evaluation.fields[name]
        counts[1] += 1
        if value == expected[name]:
            counts[0] += 1
        else:
            evaluation.field_errors.append(f"{label}: {name} {value!r}, annotated {expected[name]!r}")


def canonical_name(name: str, spellings: PeopleRegistry) -> str:
    person = spellings.find(name)
    return person.name if person else name


def report(evaluation: Evaluation, errors: bool = False) -> Iterable[str]:
    yield f"{evaluation.stories} stories, {len(evaluation.refused)} refused; ingest {evaluation.seconds * 1000 / max(evaluation.stories, 1) * 1000:.0f} ms per 1,000 stories"
    yield ""
    yield "| persons | stories | precision | recall | F1 |"
    yield "| --- | ---: | ---: | ---: | ---: |"
    rows = [*sorted(evaluation.by_layout.items()), *((f"lang {k}", v) for k, v in sorted(evaluation.by_language.items())), ("**all**", evaluation.overall)]
    for label, score in rows:
        yield f"| {label} | {score.stories} | {score.precision:.3f} | {score.recall:.3f} | {score.f1:.3f} |"
    yield ""
    yield "| field | exact | annotated | share |"
    yield "| --- | ---: | ---: | ---: |"
    for name, (exact, annotated) in evaluation.fields.items():
        yield f"| {name} | {exact} | {annotated} | {exact / max(annotated, 1):.1%} |"
    if evaluation.refused:
        yield ""
        yield "refused:"
        yield from (f"  {entry}" for entry in evaluation.refused)
    if errors:
        for label, entries in (("wrong fields", evaluation.field_errors), ("false positives", evaluation.overall.false_positives), ("false negatives", evaluation.overall.false_negatives)):
            yield ""
            yield f"{label}: {len(entries)}"
            yield from (f"  {entry}" for entry in entries)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", action="store_true", help="list every wrong field, false positive and false negative")
    parser.add_argument("--registry", action="store_true", help="also score with content/people.yaml")
    args = parser.parse_args(argv)
    print("\n".join(report(evaluate(PeopleRegistry()), args.errors)))
    if args.registry:
        print("\nwith content/people.yaml:")
        print("\n".join(report(evaluate(load_people(PEOPLE)), args.errors)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
