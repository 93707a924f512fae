"""A build killed (SIGKILL) at any moment of its write phase leaves one whole site.

The build runs in a forked child that counts every change it makes to the file
system from the moment it starts writing (each rename, link, unlink, folder
made or removed, each write call, the folder swap) and kills itself before the
k-th one. For kill points spread over the whole write phase, ``site/`` must then
be exactly the previous build or exactly the new one, deploy must refuse it,
and the next build must finish the job and leave no temporary file behind.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from killing import run_killed
from sitecheck import snapshot as tree

from generator.build.staging import staging_folder
from generator.build.staging_record import STAGING_RECORD
from generator.build.state import RUNNING, load_state
from generator.cli import main

TOML = 'title = "T"\nbase_url = "https://example.org/"\nlanguages = ["en", "de"]\npage_size = 3\n'


def temporary_files(*folders: Path) -> list[str]:
    return [str(p) for folder in folders if folder.exists() for p in folder.rglob("*.tmp")]


def copy_project(source: Path, target: Path) -> None:
    """Copy a project with its site, staging folder and caches, hard links kept, and the staging record still valid."""
    subprocess.run(["cp", "-a", str(source), str(target)], check=True)
    record_path = target / ".newsgen-cache" / STAGING_RECORD
    if record_path.exists():
        record = json.loads(record_path.read_text())
        for key, folder in (("live", target / "site"), ("staging", staging_folder(target / "site"))):
            info = os.stat(folder)
            record[key] = [info.st_dev, info.st_ino]
        record_path.write_text(json.dumps(record))


@pytest.fixture
def before_and_after(make_project, make_article, write_article, tmp_path):
    """A project built twice (so it has a staging folder and its record), then edited; and the site the edit builds to."""
    config = make_project([make_article(id=f"story-{n}", slug=f"story-{n}", title=f"Story {n}", tags=("Bern",) if n % 2 else ()) for n in range(12)], site_toml=TOML)
    assert main(["--root", str(config.root), "-q", "build", "--no-ingest"]) == 0
    write_article(config, make_article(id="story-0", slug="story-0", title="Story 0, second version", body="Changed."))
    assert main(["--root", str(config.root), "-q", "build", "--no-ingest"]) == 0
    old_site = tree(config.output_path)
    # The edit: one story changed, one added (new tag pages, listings shift), one removed.
    write_article(config, make_article(id="story-3", slug="story-3", title="Story 3, corrected", tags=("Zurich",)))
    later = make_article(id="story-new", slug="story-new", title="A new story", published=make_article().published + timedelta(days=3))
    write_article(config, later)
    removed = next(config.articles_dir.rglob("story-5.en.md"))
    removed.unlink()
    reference = tmp_path / "reference"
    copy_project(config.root, reference)
    assert main(["--root", str(reference), "-q", "build", "--no-ingest"]) == 0
    new_site = tree(reference / "site")
    assert new_site != old_site
    return config.root, old_site, new_site


def test_a_build_killed_at_any_moment_of_writing_leaves_one_whole_site(before_and_after, tmp_path):
    project, old_site, new_site = before_and_after
    probe = tmp_path / "probe"
    copy_project(project, probe)
    killed, changes = run_killed(probe, kill_at=None)
    assert not killed and changes > 20 and tree(probe / "site") == new_site
    # Every moment near the start, the swap and the end, and evenly spaced ones in between.
    moments = sorted({*range(1, 6), *range(changes - 8, changes + 1), *range(6, changes - 8, max(1, changes // 12))})
    outcomes = {"old": 0, "new": 0}
    www = tmp_path / "www"
    for moment in moments:
        trial = tmp_path / f"killed-at-{moment}"
        copy_project(project, trial)
        killed, _ = run_killed(trial, kill_at=moment)
        assert killed, f"the build was not killed at change {moment}"
        site = tree(trial / "site")
        assert site in (old_site, new_site), f"killed at change {moment} of {changes}: site/ is a mix of two builds"
        outcomes["old" if site == old_site else "new"] += 1
        assert load_state(trial).build.status == RUNNING
        assert main(["--root", str(trial), "-q", "deploy", "--to", f"folder:{www}"]) == 1, "deploy published a killed build"
        assert not www.exists()
        # The next build finishes the job and cleans up after the killed one.
        assert main(["--root", str(trial), "-q", "build", "--no-ingest"]) == 0
        assert tree(trial / "site") == new_site
        assert temporary_files(trial / "site", staging_folder(trial / "site"), trial / ".newsgen-cache") == []
    assert outcomes["old"] and outcomes["new"], outcomes  # the kills fell both before and after the swap


def test_deploy_explains_that_the_last_build_did_not_finish(before_and_after, tmp_path, capsys):
    project, _, _ = before_and_after
    killed, _ = run_killed(project, kill_at=3)
    assert killed
    capsys.readouterr()
    assert main(["--root", str(project), "deploy", "--to", f"folder:{tmp_path / 'www'}"]) == 1
    assert "the last build did not finish" in capsys.readouterr().err
