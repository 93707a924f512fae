"""Incremental builds: skipping unchanged outputs never changes a byte of the site."""

import shutil
import time
from pathlib import Path

import pytest
from sitecheck import copy_sample_project, snapshot

from generator.cli import main

NATO_EN = "content/articles/2024/11/nato-secretary-general-holds-talks-with-trump-in-florida.en.md"
AMHERD_EN = "content/articles/2024/11/amherd-wants-closer-cooperation-with-nato-but-no-accession.en.md"
UBS_EN = "content/articles/2024/07/keller-sutter-sticks-to-tougher-capital-rules-for-ubs.en.md"
ODERMATT_EN = "content/articles/2024/10/odermatt-opens-the-world-cup-winter-in-soelden-as-the-man-to-beat.en.md"

NEW_STORY = """---
id: 0newstory001
lang: {lang}
title: {title}
slug: {slug}
category: switzerland
agency: SDA
published: '2024-11-30T08:00:00+01:00'
summary: Ministers met again.
tags: [NATO, Switzerland]
persons: [Viola Amherd, Mark Rutte]
{translation}---

Ministers met again in Bern on Saturday.
"""


def build(root: Path, *options: str) -> None:
    assert main(["--root", str(root), "-q", "build", "--no-ingest", *options]) == 0


def clean_build_of(root: Path, scratch: Path) -> dict[str, bytes]:
    """The same project built from nothing, in another folder."""
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    shutil.copy(root / "site.toml", scratch)
    shutil.copytree(root / "content", scratch / "content")
    shutil.copytree(root / "templates", scratch / "templates")
    build(scratch)
    return snapshot(scratch / "site")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    # Modification times are how unchanged inputs are recognised; make sure this one moves.
    later = time.time_ns() + 1_000_000_000
    import os

    os.utime(path, ns=(later, later))


STEPS = {
    "edit one body": lambda r: edit(r / NATO_EN, "Florida meeting was the first", "Florida meeting, held on Friday, was the first"),
    "change a headline": lambda r: edit(r / AMHERD_EN, "title: Amherd wants closer cooperation with Nato – but no accession", "title: Amherd seeks closer ties with Nato but rules out joining"),
    "add a story in two languages": lambda r: [
        (r / "content/articles/2024/11/ministers-meet-again.en.md").write_text(
            NEW_STORY.format(lang="en", title="Ministers meet again", slug="ministers-meet-again", translation=""), encoding="utf-8"),
        (r / "content/articles/2024/11/ministers-meet-again.de.md").write_text(
            NEW_STORY.format(lang="de", title="Minister treffen sich erneut", slug="minister-treffen-sich-erneut",
                             translation="translation:\n  source_lang: en\n  status: human\n"), encoding="utf-8"),
    ],
    "rename a person": lambda r: edit(r / UBS_EN, "- Sergio Ermotti", "- Sergio P. Ermotti"),
    "remove a tag": lambda r: edit(r / ODERMATT_EN, "- Finland\n", ""),
    "relabel a tag in the vocabulary": lambda r: edit(r / "content/tags.yaml", "de: Nato", "de: NATO-Bündnis"),
    "delete a story": lambda r: (r / UBS_EN).unlink(),
    "change a template": lambda r: edit(r / "templates/base.html", "<footer class=\"site-footer\">", "<footer class=\"site-footer\" data-edition=\"1\">"),
}


def test_incremental_build_equals_clean_build_after_each_change(tmp_path):
    root = copy_sample_project(tmp_path / "project")
    build(root)
    for name, change in STEPS.items():
        change(root)
        build(root)
        assert snapshot(root / "site") == clean_build_of(root, tmp_path / "clean"), f"after: {name}"


def test_unchanged_rebuild_writes_nothing_and_skips_rendering(tmp_path, monkeypatch):
    root = copy_sample_project(tmp_path / "project")
    build(root)
    import generator.render.pages as render

    def fail(*args, **kwargs):
        raise AssertionError("an unchanged build rendered a page")

    monkeypatch.setattr(render, "render_page", fail)
    build(root)


def test_output_file_removed_by_hand_is_rebuilt_by_verify(tmp_path):
    root = copy_sample_project(tmp_path / "project")
    build(root)
    page = root / "site" / "en" / "index.html"
    expected = page.read_bytes()
    page.unlink()
    build(root, "--verify")
    assert page.read_bytes() == expected


def test_output_file_edited_by_hand_is_restored_by_verify(tmp_path):
    root = copy_sample_project(tmp_path / "project")
    build(root)
    page = root / "site" / "de" / "index.html"
    expected = page.read_bytes()
    page.write_bytes(b"vandalised")
    build(root, "--verify")
    assert page.read_bytes() == expected


def test_a_plain_build_with_nothing_to_do_does_not_look_at_the_site(tmp_path):
    """Trusting site/ is what makes a no-change build cost the inputs only (documented in README)."""
    root = copy_sample_project(tmp_path / "project")
    build(root)
    page = root / "site" / "de" / "index.html"
    page.write_bytes(b"edited by hand")
    build(root)
    assert page.read_bytes() == b"edited by hand"


@pytest.mark.parametrize("replace", ["removed", "restored from a copy"])
def test_a_site_folder_replaced_by_hand_is_checked_and_repaired(tmp_path, replace):
    root = copy_sample_project(tmp_path / "project")
    build(root)
    site = root / "site"
    expected = snapshot(site)
    if replace == "removed":
        shutil.rmtree(site)
    else:
        shutil.copytree(site, tmp_path / "copy")
        shutil.rmtree(site)
        (tmp_path / "copy").rename(site)
        (site / "en" / "index.html").unlink()
    build(root)
    assert snapshot(site) == expected


def test_an_edit_after_a_hand_removal_names_the_file_and_the_remedy(tmp_path, capsys):
    root = copy_sample_project(tmp_path / "project")
    build(root)
    edit(root / UBS_EN, "Keller-Sutter", "Karin Keller-Sutter")
    build(root)  # the staging folder now lacks this build's new files
    removed = next((root / "site").rglob("keller-sutter-sticks-to-tougher-capital-rules-for-ubs/index.html"))
    removed.unlink()
    edit(root / NATO_EN, "Trump", "Donald Trump")
    assert main(["--root", str(root), "build", "--no-ingest"]) == 1
    said = capsys.readouterr().err
    assert "was removed by hand since the last build" in said and "newsgen build --verify" in said
    build(root, "--verify")
    assert snapshot(root / "site") == clean_build_of(root, tmp_path / "clean")


def test_fingerprints_shared_among_processes_equal_those_of_one(tmp_path, monkeypatch):
    import generator.build.incremental as incremental
    from generator.build.assemble import (
        build_taxonomies,
        globals_digest,
        load_articles,
        load_vocabularies,
    )
    from generator.config.settings import load_config
    from generator.core.errors import Report
    from generator.site.arrange import build_site_model

    root = copy_sample_project(tmp_path / "project")
    config = load_config(root)
    articles = load_articles(config, Report())
    vocabularies = load_vocabularies(config.content_dir)
    model = build_site_model(config, articles, taxonomies=build_taxonomies(config, articles, vocabularies.people, vocabularies.tags))
    alone = incremental.Fingerprints(model, globals_digest(config, False)).pages(jobs=1)
    monkeypatch.setattr(incremental, "PARALLEL_FINGERPRINTS", 2)
    shared = incremental.Fingerprints(model, globals_digest(config, False)).pages(jobs=2)
    assert shared == alone and len(alone) == len(model.pages)


def test_a_build_on_several_processes_equals_one_on_one(tmp_path, monkeypatch):
    """Parsing, fingerprinting and rendering each switch to forked workers on large sites."""
    import generator.build.assemble as assemble
    import generator.build.incremental as incremental
    import generator.render.pages as render
    from generator.build.run import build_site
    from generator.config.settings import load_config
    from generator.core.errors import Report

    def built(name, jobs):
        root = copy_sample_project(tmp_path / name)
        config = load_config(root)
        report = Report()
        build_site(config, report, jobs=jobs)
        assert report.ok
        return snapshot(config.output_path)

    alone = built("one", 1)
    for module, threshold in ((assemble, "PARALLEL_PARSE_THRESHOLD"), (incremental, "PARALLEL_FINGERPRINTS"), (render, "PARALLEL_THRESHOLD")):
        monkeypatch.setattr(module, threshold, 2)
    assert built("two", 2) == alone
