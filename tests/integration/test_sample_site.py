"""The shipped sample project: ingest is a no-op on it and `build` gives every edition."""

import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from generator.cli import main
from generator.content.release import build_time, release
from generator.content.store import iter_article_files, load_article
from generator.ingest.sources import RAW_SUFFIXES

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    root = tmp_path_factory.mktemp("sample")
    shutil.copy(REPO / "site.toml", root)
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    # --force: every raw file is read again, so a committed article the readers would now write differently shows.
    assert main(["--root", str(root), "-q", "ingest", "--force"]) == 0
    assert main(["--root", str(root), "-q", "build"]) == 0
    return root


def test_ingesting_the_sample_raw_files_changes_no_committed_article(sample):
    for path in iter_article_files(sample / "content" / "articles"):
        committed = REPO / path.relative_to(sample)
        assert path.read_bytes() == committed.read_bytes(), f"{committed} is stale: run `newsgen ingest --force` and review the diff"


def test_every_raw_sample_has_exactly_one_article(sample):
    sources = [load_article(p).source_file for p in iter_article_files(sample / "content" / "articles")]
    raw = sorted(f"content/raw/{p.name}" for p in (sample / "content" / "raw").iterdir() if p.suffix.lower() in RAW_SUFFIXES)
    assert sorted(s for s in sources if s) == raw


def published_articles(sample):
    """The sample's articles that are on the site today (the sample holds one embargoed story back)."""
    return release([load_article(p) for p in iter_article_files(sample / "content" / "articles")], build_time())[0]


def test_every_language_has_a_home_page_listing_its_articles(sample):
    articles = published_articles(sample)
    for lang in ("en", "de", "fr", "it"):
        home = (sample / "site" / lang / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in home
        for article in (a for a in articles if a.lang == lang):
            assert article.title.replace("'", "&#39;") in home or article.title in home


def test_every_article_has_its_page(sample):
    for article in published_articles(sample):
        page = sample / "site" / article.lang / f"{article.published:%Y}" / f"{article.published:%m}" / article.slug / "index.html"
        assert page.is_file(), page
        assert re.search(r"<h1[^>]*>", page.read_text(encoding="utf-8"))


def test_the_embargoed_sample_story_is_held_back_and_the_corrected_one_says_so(sample):
    everything = [load_article(p) for p in iter_article_files(sample / "content" / "articles")]
    held = [a for a in everything if a not in published_articles(sample)]
    assert held or build_time() >= datetime(2030, 6, 4, 6, 30, tzinfo=timezone.utc)  # the sample's embargo ends then
    for article in held:
        assert not (sample / "site" / article.lang / f"{article.published:%Y}").exists()
    german = (sample / "site" / "de" / "2024" / "11" / "nato-generalsekretaer-trifft-trump-in-florida" / "index.html").read_text(encoding="utf-8")
    assert "Korrektur" in german and "Aktualisiert" in german


def test_human_german_translation_links_to_the_english_original(sample):
    german = (sample / "site" / "de" / "2024" / "11" / "nato-generalsekretaer-trifft-trump-in-florida" / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="en"' in german
    assert "nato-secretary-general-holds-talks-with-trump-in-florida" in german
