"""Incremental == clean, byte for byte, after any sequence of newsroom changes (Hypothesis).

A small two-language project (listings of two per page, so stories move between
pages) goes through generated sequences of edits, additions, deletions, slug
renames, re-dating, retagging, new people, tag relabels in the vocabulary,
drafts, embargoes and corrections, template changes and builds killed half-way. After every step the project is
built incrementally and, in another folder, from nothing: the two sites must
be identical.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from killing import run_killed
from sitecheck import REPO as REPO_ROOT
from sitecheck import snapshot

from generator.cli import main
from generator.content.model import Article, Correction, Translation
from generator.content.store import article_path, render_article

SITE_TOML = 'title = "Wire"\nbase_url = "https://example.org/news/"\nlanguages = ["en", "de"]\npage_size = 2\n'
TAGS = ["Bern", "Geneva", "Zurich", "Ticino"]
PEOPLE = ["Anna Keller", "Marco Rossi", "Lea Baumann"]
START = datetime(2024, 3, 28, 9, 0, tzinfo=ZoneInfo("Europe/Zurich"))
FAR_FUTURE = datetime(2099, 1, 1, 6, 0, tzinfo=ZoneInfo("Europe/Zurich"))


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    day: int
    tags: tuple[str, ...]
    persons: tuple[str, ...]
    body: str = "The council met on Tuesday."
    german: bool = True
    draft: bool = False
    #: Under an embargo that ends long after the test (its German translation waits with it).
    embargoed: bool = False
    corrections: tuple[str, ...] = ()


def versions(story_id: str, story: Story) -> list[Article]:
    """The English version, and the German one when the story has it."""
    english = Article(
        id=story_id, lang="en", title=story.title, slug=story.slug, category="switzerland", agency="SDA",
        published=START + timedelta(days=story.day, minutes=len(story_id)), body=story.body + "\n",
        summary=story.body, tags=story.tags, persons=story.persons,
        status="draft" if story.draft else "published", publish_at=FAR_FUTURE if story.embargoed else None,
        corrections=tuple(Correction(START + timedelta(days=story.day, hours=2 + n), note) for n, note in enumerate(story.corrections)),
    )
    if not story.german:
        return [english]
    german = replace(english, lang="de", title=f"{story.title} (de)", slug=f"{story.slug}-de", body=f"Auf Deutsch: {story.body}\n",
                     translation=Translation(source_lang="en", status="human"), status="published", publish_at=None, corrections=())
    return [english, german]


def write_stories(root: Path, stories: dict[str, Story]) -> None:
    """Make content/articles hold exactly these stories; files that change get a later modification time."""
    articles = root / "content" / "articles"
    wanted = {}
    for story_id, story in stories.items():
        english = versions(story_id, story)[0]
        for article in versions(story_id, story):
            wanted[article_path(articles, article, english.slug)] = render_article(article)
    for path in list(articles.rglob("*.md")):
        if path not in wanted:
            path.unlink()
    later = time.time_ns() + 3_000_000_000
    for path, text in wanted.items():
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(later, later))


def write_vocabulary(root: Path, german_label: str) -> None:
    entries = "".join(f"  - id: {tag.lower()}\n    name: {tag}\n    kind: place\n    labels: {{en: {tag}, de: {german_label if tag == 'Bern' else tag}}}\n" for tag in TAGS)
    (root / "content").mkdir(exist_ok=True)
    settled((root / "content" / "tags.yaml"), "tags:\n" + entries)


_settled = [0]


def settled(path: Path, text: str) -> None:
    """Write a file that is not an article and date it back (see ``backdate``)."""
    path.write_text(text, encoding="utf-8")
    backdate(path)


def backdate(path: Path) -> None:
    """Give a file a modification time well in the past (each one distinct), as files edited a while
    before a build have: a build trusts their size and time, so builds that change only stories
    can take the short way (``generator/build/delta.py``)."""
    _settled[0] += 1
    past = time.time_ns() - 3600_000_000_000 + _settled[0] * 1_000_000
    os.utime(path, ns=(past, past))


def build(root: Path) -> None:
    assert main(["--root", str(root), "-q", "build", "--no-ingest"]) == 0


def clean_build(root: Path, scratch: Path) -> dict[str, bytes]:
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(root, scratch, ignore=shutil.ignore_patterns("site", ".site.staging", ".newsgen-cache"))
    build(scratch)
    return snapshot(scratch / "site")


_story_index = st.integers(min_value=0, max_value=50)
_changes = st.one_of(
    st.tuples(st.just("edit body"), _story_index, st.sampled_from(["A vote followed.", "Nobody came.", "Rain fell all day."])),
    st.tuples(st.just("retitle"), _story_index, st.sampled_from(["Council meets", "Vote delayed", "A quiet day"])),
    st.tuples(st.just("add"), st.integers(min_value=-40, max_value=40), st.lists(st.sampled_from(TAGS), unique=True, max_size=2),
              st.lists(st.sampled_from(PEOPLE), unique=True, max_size=2), st.booleans()),
    st.tuples(st.just("delete"), _story_index),
    st.tuples(st.just("rename slug"), _story_index),
    st.tuples(st.just("re-date"), _story_index, st.integers(min_value=-40, max_value=40)),
    st.tuples(st.just("retag"), _story_index, st.lists(st.sampled_from(TAGS), unique=True, max_size=3)),
    st.tuples(st.just("new person"), _story_index, st.sampled_from(["Nina Frei", "Paul Graf"])),
    st.tuples(st.just("relabel tag"), st.sampled_from(["Bärn", "Bern (Stadt)", "Bern"])),
    st.tuples(st.just("draft"), _story_index, st.booleans()),
    st.tuples(st.just("embargo"), _story_index, st.booleans()),
    st.tuples(st.just("correct"), _story_index, st.sampled_from(["A name was misspelt.", "The vote was on Monday."])),
    st.tuples(st.just("template"), st.integers(min_value=0, max_value=3)),
    st.tuples(st.just("killed build"), st.integers(min_value=1, max_value=60)),
)


def apply(change: tuple, root: Path, stories: dict[str, Story], counter: list[int]) -> None:
    kind = change[0]
    keys = sorted(stories)
    story_id = keys[change[1] % len(keys)] if keys and isinstance(change[1], int) and kind not in ("add", "template", "killed build") else None
    if kind == "add":
        counter[0] += 1
        _, day, tags, persons, german = change
        stories[f"s{counter[0]:03d}"] = Story(f"story-{counter[0]}", f"Story {counter[0]}", day, tuple(tags), tuple(persons), german=german)
    elif kind == "relabel tag":
        write_vocabulary(root, change[1])
    elif kind == "template":
        base = root / "templates" / "base.html"
        text = base.read_text(encoding="utf-8")
        settled(base, text.replace('<footer class="site-footer"', f'<footer class="site-footer" data-v="{change[1]}"', 1))
    elif kind == "killed build":
        run_killed(root, kill_at=change[1])
    elif story_id is None:
        return
    elif kind == "edit body":
        stories[story_id] = replace(stories[story_id], body=change[2])
    elif kind == "retitle":
        stories[story_id] = replace(stories[story_id], title=change[2])
    elif kind == "delete":
        del stories[story_id]
    elif kind == "rename slug":
        stories[story_id] = replace(stories[story_id], slug=stories[story_id].slug + "-x")
    elif kind == "re-date":
        stories[story_id] = replace(stories[story_id], day=change[2])
    elif kind == "retag":
        stories[story_id] = replace(stories[story_id], tags=tuple(change[2]))
    elif kind == "new person":
        stories[story_id] = replace(stories[story_id], persons=(*stories[story_id].persons, change[2]))
    elif kind == "draft":
        stories[story_id] = replace(stories[story_id], draft=change[2])
    elif kind == "embargo":
        stories[story_id] = replace(stories[story_id], embargoed=change[2])
    elif kind == "correct":
        stories[story_id] = replace(stories[story_id], corrections=(*stories[story_id].corrections, change[2]))
    write_stories(root, stories)


@settings(max_examples=int(os.environ.get("NEWSGEN_PROPERTY_EXAMPLES", 12)), deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(changes=st.lists(_changes, min_size=1, max_size=5))
def test_incremental_build_equals_clean_build_after_any_sequence_of_changes(tmp_path_factory, changes):
    root = tmp_path_factory.mktemp("project")
    settled(root / "site.toml", SITE_TOML)
    shutil.copytree(REPO_ROOT / "templates", root / "templates")
    for path in (root / "templates").rglob("*"):
        backdate(path)
    write_vocabulary(root, "Bern")
    stories = {
        f"s{n:03d}": Story(f"story-{n}", f"Story {n}", day=n * 9 - 20, tags=(TAGS[n % 4], TAGS[(n + 1) % 4]), persons=(PEOPLE[n % 3],), german=n % 2 == 0)
        for n in range(5)
    }
    write_stories(root, stories)
    build(root)
    counter = [len(stories)]
    for step, change in enumerate(changes):
        apply(change, root, stories, counter)
        if not stories:
            break
        build(root)
        assert snapshot(root / "site") == clean_build(root, root.parent / f"{root.name}-clean"), f"after step {step}: {change}"
