"""A correction to a story is published without modelling the whole site, and gives the same
site as a build from nothing; anything else takes the full way."""

import shutil
from pathlib import Path

import pytest
from sitecheck import settled_sample_project, snapshot, written_files

from generator.build.run import build_site
from generator.config.settings import load_config
from generator.core.errors import Report

NATO_EN = "content/articles/2024/11/nato-secretary-general-holds-talks-with-trump-in-florida.en.md"
NATO_DE = "content/articles/2024/11/nato-secretary-general-holds-talks-with-trump-in-florida.de.md"
UBS_EN = "content/articles/2024/07/keller-sutter-sticks-to-tougher-capital-rules-for-ubs.en.md"


@pytest.fixture
def project(tmp_path):
    return settled_sample_project(tmp_path / "project")


def build(root: Path):
    report = Report()
    summary = build_site(load_config(root), report, jobs=1)
    assert report.ok, report.errors
    return summary


def clean_build_of(root: Path, scratch: Path) -> dict[str, bytes]:
    shutil.copytree(root, scratch, ignore=shutil.ignore_patterns("site", ".site.staging", ".newsgen-cache"))
    build(scratch)
    return snapshot(scratch / "site")


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("field, old, new", [
    ("body", "\n\n", "\n\nA sentence added in a correction.\n\n"),
    ("title", "title: ", "title: Corrected "),
    ("summary", "summary: ", "summary: Corrected. "),
])
def test_a_corrected_story_is_published_the_short_way_and_equals_a_clean_build(project, tmp_path, field, old, new):
    build(project)
    edit(project, NATO_EN, old, new)
    summary = build(project)
    assert summary.delta, "the correction was not published the short way"
    assert snapshot(project / "site") == clean_build_of(project, tmp_path / "clean")
    if field == "body":  # only its own page shows the body
        assert summary.write.written == ("en/2024/11/nato-secretary-general-holds-talks-with-trump-in-florida/index.html",)
    if field == "title":  # its page, the German version's switcher, listings, feeds and the news sitemap
        assert {
            "de/2024/11/nato-generalsekretaer-trifft-trump-in-florida/index.html", "en/index.html", "en/feed.xml",
        } <= set(summary.write.written)


def test_a_second_and_third_correction_stay_short_and_right(project, tmp_path):
    build(project)
    for number in range(3):
        edit(project, UBS_EN, "summary: ", f"summary: Update {number}. ")
        assert build(project).delta
    edit(project, NATO_DE, "title: ", "title: Korrigiert ")
    assert build(project).delta
    assert snapshot(project / "site") == clean_build_of(project, tmp_path / "clean")


@pytest.mark.parametrize("change", ["retag", "re-date", "new tag", "new month", "removed file", "template"])
def test_a_change_to_a_storys_place_takes_the_full_way(project, tmp_path, change):
    build(project)
    if change == "retag":
        edit(project, NATO_EN, "tags:", "tags:\n- Florida")
    elif change == "re-date":
        edit(project, NATO_EN, "published: '2024-11-23", "published: '2024-11-24")
    elif change == "new tag":
        add_story(project, "2024/07", "x1", extra_tag="A tag nobody used")
    elif change == "new month":
        add_story(project, "2024/07", "x1", published="2024-08-02T10:00:00+02:00")
    elif change == "removed file":
        (project / NATO_DE).unlink()
    else:
        edit(project, "templates/base.html", "<footer", "<footer data-edited")
    summary = build(project)
    assert not summary.delta
    assert snapshot(project / "site") == clean_build_of(project, tmp_path / "clean")


def test_a_failed_build_between_two_corrections_leaves_nothing_stale(project, tmp_path):
    build(project)
    edit(project, NATO_EN, "\n\n", "\n\nFirst correction.\n\n")
    broken = project / "content/articles/2024/07/broken.en.md"
    broken.write_text("---\nid: [unclosed\n---\n", encoding="utf-8")
    report = Report()
    build_site(load_config(project), report, jobs=1)
    assert not report.ok  # the correction was parsed and cached, but not published
    broken.unlink()
    summary = build(project)
    assert snapshot(project / "site") == clean_build_of(project, tmp_path / "clean")
    assert "First correction." in (project / "site/en/2024/11/nato-secretary-general-holds-talks-with-trump-in-florida/index.html").read_text()
    assert not summary.delta


def add_story(root: Path, folder: str, story_id: str, *, slug: str | None = None, published: str | None = None, extra_tag: str | None = None, lang: str = "en") -> None:
    """A new story made from the UBS one: another id and slug, optionally another time or one more tag."""
    text = (root / UBS_EN).read_text(encoding="utf-8")
    text = text.replace("id: ", f"id: {story_id}", 1).replace("slug: ", f"slug: {slug or story_id}-", 1).replace("lang: en", f"lang: {lang}", 1)
    if published:
        start = text.index("published: ")
        text = text[:start] + f"published: '{published}'" + text[text.index("\n", start):]
    if extra_tag:
        text = text.replace("tags:\n", f"tags:\n- {extra_tag}\n", 1)
    (root / "content/articles" / folder / f"{slug or story_id}.{lang}.md").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("published", [
    "2024-07-31T23:00:00+02:00",  # the newest of its month, not of the site
    "2024-07-01T06:00:00+02:00",  # back-dated: older than every July story
])
def test_a_new_story_is_published_the_short_way_and_equals_a_clean_build(project, tmp_path, published):
    build(project)
    add_story(project, "2024/07", "new1", published=published)
    summary = build(project)
    assert summary.delta, "the new story was not published the short way"
    assert summary.articles == 16 and summary.files == len(written_files(project / "site"))
    assert snapshot(project / "site") == clean_build_of(project, tmp_path / "clean")


def test_stories_published_one_after_another_stay_short_and_right(project, tmp_path):
    build(project)
    for number in range(4):
        add_story(project, "2024/11", f"n{number}", published=f"2024-11-2{5 + number // 2}T0{number}:30:00+01:00")
        assert build(project).delta
    edit(project, "content/articles/2024/11/n1.en.md", "summary: ", "summary: Now with a correction. ")
    assert build(project).delta
    assert snapshot(project / "site") == clean_build_of(project, tmp_path / "clean")


def test_a_project_named_by_a_relative_path_takes_the_short_way_too(project, tmp_path, monkeypatch):
    monkeypatch.chdir(project)
    build(Path("."))
    edit(project, NATO_EN, "\n\n", "\n\nA sentence added from a relative root.\n\n")
    assert build(Path(".")).delta
    assert snapshot(project / "site") == clean_build_of(project, tmp_path / "clean")
