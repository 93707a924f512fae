"""Drafts and embargoes never leak; an embargoed story appears when its time comes; updates and
corrections are shown to readers and machines, and a correction re-renders only its story's outputs."""

import json
import re
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sitecheck import search_index_texts, settled_sample_project, snapshot

from generator.build.run import build_site
from generator.cli import main
from generator.config.settings import load_config
from generator.core.errors import Report

NATO_EN = "content/articles/2024/11/nato-secretary-general-holds-talks-with-trump-in-florida.en.md"
NATO_DE = "content/articles/2024/11/nato-secretary-general-holds-talks-with-trump-in-florida.de.md"
UBS_EN = "content/articles/2024/07/keller-sutter-sticks-to-tougher-capital-rules-for-ubs.en.md"
CET = timezone(timedelta(hours=1))
EMBARGO = datetime(2024, 12, 20, 6, 0, tzinfo=CET)
SECRET_TITLE = "Embargoed central bank decision on interest rates"
SECRET_SLUG = "embargoed-central-bank-decision-on-interest-rates"
SECRET_PERSON = "Quirina Sperrfrist"
SECRET_TAG = "Monetary embargo"


@pytest.fixture
def project(tmp_path):
    return settled_sample_project(tmp_path / "project")


def build(root: Path, now: datetime | None = None, **options):
    report = Report()
    summary = build_site(load_config(root), report, jobs=1, now=now or datetime(2026, 1, 1, tzinfo=timezone.utc), **options)
    assert report.ok, report.errors
    return summary


def clean_build_of(root: Path, scratch: Path, now: datetime) -> dict[str, bytes]:
    shutil.copytree(root, scratch, ignore=shutil.ignore_patterns("site", ".site.staging", ".newsgen-cache"))
    build(scratch, now)
    return snapshot(scratch / "site")


def secret_story(root: Path, *, status: str | None = None, publish_at: datetime | None = EMBARGO, lang: str = "en", translation: str = "") -> Path:
    """A story with a title, person and tag no other story has, so any leak can be found by text."""
    path = root / "content/articles/2024/12" / f"{SECRET_SLUG}.{lang}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "---", "id: 5ec1e7000001", f"lang: {lang}", f"title: {SECRET_TITLE}", f"slug: {SECRET_SLUG}", "category: economy", "agency: SDA",
        "published: '2024-12-19T18:00:00+01:00'",
        *([f"status: {status}"] if status else []),
        *([f"publish_at: '{publish_at.isoformat()}'"] if publish_at else []),
        "summary: The central bank will announce its decision on Friday morning.",
        f"tags: [{SECRET_TAG}, Switzerland]", f"persons: [{SECRET_PERSON}]",
        *([translation] if translation else []),
        "---", "", f"{SECRET_PERSON} will present the decision of the central bank on Friday morning.", "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def leaks(root: Path) -> list[str]:
    """Every output file that names the held story in any way."""
    found = []
    index = search_index_texts(root / "site")  # compressed: read as a browser unpacks it
    for path in (root / "site").rglob("*"):
        if path.is_file():
            relative = path.relative_to(root / "site").as_posix()
            text = index.get(relative) or path.read_bytes().decode("utf-8", "replace")
            if any(mark in text for mark in (SECRET_TITLE, SECRET_SLUG, SECRET_PERSON, SECRET_TAG, "quirina", "monetary-embargo", "5ec1e7000001")):
                found.append(relative)
    return found


def switzerland_count(root: Path) -> str:
    """The story count the English tag index shows for "Switzerland"."""
    page = (root / "site/en/tags/index.html").read_text(encoding="utf-8")
    return re.search(r'href="switzerland/">(?:<bdi>)?Switzerland(?:</bdi>)?</a>\s*<span[^>]*>([^<]*)<', page).group(1)


@pytest.mark.parametrize("hold", ["draft", "embargo"])
def test_a_held_story_is_in_no_page_feed_sitemap_or_count(project, hold):
    build(project)
    count_before = switzerland_count(project)
    secret_story(project, status="draft" if hold == "draft" else None, publish_at=EMBARGO if hold == "embargo" else None)
    summary = build(project, datetime(2024, 12, 19, 20, 0, tzinfo=CET))
    assert leaks(project) == []
    assert switzerland_count(project) == count_before
    assert [h.reason for h in summary.held if h.title == SECRET_TITLE] == [hold]


def test_an_embargoed_story_appears_when_its_time_passes_and_the_site_equals_a_clean_build(project, tmp_path):
    secret_story(project)
    before = EMBARGO - timedelta(minutes=30)
    build(project, before)
    assert leaks(project) == []
    assert build(project, EMBARGO - timedelta(minutes=1)).write.written == ()  # nothing changed and nothing is due
    summary = build(project, EMBARGO)
    assert not summary.skipped and SECRET_TITLE not in {h.title for h in summary.held}
    leaked = leaks(project)
    assert "en/2024/12/embargoed-central-bank-decision-on-interest-rates/index.html" in leaked
    assert {"en/feed.xml", "sitemap-en-2024-12.xml"} <= set(leaked) or any(p.startswith("sitemap") for p in leaked)
    assert any(p.startswith("pagefind/fragment/") for p in leaked), "the released story is not searchable"
    assert snapshot(project / "site") == clean_build_of(project, tmp_path / "clean", EMBARGO)
    build(project, before)  # told an earlier time again (a preview of yesterday's site): held again
    assert leaks(project) == []


def test_the_translation_of_an_embargoed_story_is_held_with_it(project):
    secret_story(project)
    secret_story(project, publish_at=None, lang="de", translation="translation: {source_lang: en, status: machine, provider: libre}")
    summary = build(project, EMBARGO - timedelta(hours=1))
    assert leaks(project) == []
    assert sorted(h.lang for h in summary.held if h.title == SECRET_TITLE) == ["de", "en"]


def test_a_published_story_set_to_draft_leaves_the_site(project, tmp_path):
    build(project)
    path = project / UBS_EN
    path.write_text(path.read_text(encoding="utf-8").replace("published: ", "status: draft\npublished: ", 1), encoding="utf-8")
    summary = build(project)
    assert not summary.delta
    assert not (project / "site/en/2024/07/keller-sutter-sticks-to-tougher-capital-rules-for-ubs").exists()
    assert snapshot(project / "site") == clean_build_of(project, tmp_path / "clean", datetime(2026, 1, 1, tzinfo=timezone.utc))


def test_the_build_says_what_it_holds_back_and_when_it_goes_live(project, capsys):
    secret_story(project)
    assert main(["--root", str(project), "build", "--no-ingest", "--now", "2024-12-19T20:00:00+01:00"]) == 0
    err = capsys.readouterr().err
    assert "held back: 2 versions" in err  # and the sample's own embargoed story
    assert f"embargo: {SECRET_TITLE}" in err and "until 2024-12-20T06:00:00+01:00" in err
    assert main(["--root", str(project), "build", "--no-ingest", "--now", "2024-12-19T21:00:00+01:00"]) == 0
    assert f"embargo: {SECRET_TITLE}" in capsys.readouterr().err  # a build with nothing to do says it too


def test_source_date_epoch_is_the_time_when_no_now_is_given(project, monkeypatch, capsys):
    secret_story(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EMBARGO.timestamp()) + 60))
    assert main(["--root", str(project), "build", "--no-ingest"]) == 0
    assert (project / "site/en/2024/12" / SECRET_SLUG / "index.html").exists()


def test_a_time_that_is_no_time_is_a_usage_error(project, capsys):
    assert main(["--root", str(project), "build", "--now", "friday morning"]) == 2
    assert "--now" in capsys.readouterr().err


def test_the_drafts_preview_shows_held_stories_marked_in_its_own_folder(project):
    build(project)
    site_before = snapshot(project / "site")
    secret_story(project, status="draft", publish_at=None)
    from dataclasses import replace

    from generator.publish.serve import PREVIEW_DIR

    config = replace(load_config(project), output_dir=PREVIEW_DIR)
    report = Report()
    build_site(config, report, jobs=1, preview=True)
    assert report.ok, report.errors
    page = (project / PREVIEW_DIR / "en/2024/12" / SECRET_SLUG / "index.html").read_text(encoding="utf-8")
    assert "Draft: not published." in page
    assert "held-notice" in (project / PREVIEW_DIR / "en/index.html").read_text(encoding="utf-8")
    assert snapshot(project / "site") == site_before  # the site that deploys never saw the draft


def test_updates_and_corrections_are_shown_and_dated_for_machines(project):
    path = project / UBS_EN
    text = path.read_text(encoding="utf-8").replace("summary: ", "updated: '2024-07-16T09:30:00+02:00'\ncorrections:\n- time: '2024-07-17T08:15:00+02:00'\n  note: An earlier version gave the wrong date of the vote.\nsummary: ", 1)
    path.write_text(text, encoding="utf-8")
    build(project)
    page = (project / "site/en/2024/07/keller-sutter-sticks-to-tougher-capital-rules-for-ubs/index.html").read_text(encoding="utf-8")
    assert "Updated" in page and 'datetime="2024-07-16T09:30:00+02:00"' in page
    assert "Correction" in page and "An earlier version gave the wrong date of the vote." in page
    jsonld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert jsonld["dateModified"] == "2024-07-17T08:15:00+02:00"
    assert jsonld["datePublished"] != jsonld["dateModified"]
    feed = (project / "site/en/feed.xml").read_text(encoding="utf-8")
    entry = next(e for e in feed.split("<entry>") if "keller-sutter-sticks-to-tougher-capital-rules-for-ubs" in e)
    assert "<updated>2024-07-17T08:15:00+02:00</updated>" in entry
    sitemap = next((project / "site").glob("sitemap-en-2024-07*.xml")).read_text(encoding="utf-8")
    block = next(b for b in sitemap.split("<url>") if "keller-sutter-sticks-to-tougher-capital-rules-for-ubs/" in b)
    assert "<lastmod>2024-07-17T08:15:00+02:00</lastmod>" in block
    german = next(p for p in (project / "site/de/2024/07").rglob("index.html") if "keller-sutter" in p.as_posix())
    assert "Korrektur" not in german.read_text(encoding="utf-8")  # a correction is its own version's


def test_a_correction_re_renders_only_that_storys_outputs(project, tmp_path):
    build(project)
    path = project / UBS_EN
    path.write_text(path.read_text(encoding="utf-8").replace("summary: ", "corrections:\n- time: '2024-07-17T08:15:00+02:00'\n  note: A figure was wrong.\nsummary: ", 1), encoding="utf-8")
    summary = build(project)
    written = set(summary.write.written)
    own = {"en/2024/07/keller-sutter-sticks-to-tougher-capital-rules-for-ubs/index.html"}
    assert own <= written
    others = {p for p in written - own if not (p.endswith(".xml") or p.endswith(".json"))}
    assert others == set(), f"pages of other stories were rewritten: {sorted(others)}"
    assert snapshot(project / "site") == clean_build_of(project, tmp_path / "clean", datetime(2026, 1, 1, tzinfo=timezone.utc))


@pytest.mark.parametrize("front_matter, message", [
    ("status: hidden", "status: 'hidden' is not one of"),
    ("publish_at: '2024-12-20 06:00'", "publish_at: '2024-12-20 06:00' needs a UTC offset"),
    ("corrections: [wrong]", "corrections[0]: expected a mapping with a time and a note"),
    ("updated: tomorrow", "updated: 'tomorrow' is not an ISO 8601 date-time"),
])
def test_bad_release_fields_are_errors_naming_file_and_line(project, front_matter, message):
    path = project / UBS_EN
    path.write_text(path.read_text(encoding="utf-8").replace("summary: ", f"{front_matter}\nsummary: ", 1), encoding="utf-8")
    site_before = snapshot(project / "site") if (project / "site").exists() else {}
    report = Report()
    build_site(load_config(project), report, jobs=1)
    assert not report.ok
    (error,) = report.errors
    assert message in error.message and error.file.endswith("keller-sutter-sticks-to-tougher-capital-rules-for-ubs.en.md")
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[error.line - 1].startswith(front_matter.split(":")[0])
    assert (snapshot(project / "site") if (project / "site").exists() else {}) == site_before
