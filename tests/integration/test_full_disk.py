"""A full disk: the build says how much room it needs, site/ stays whole, and freeing space fixes it.

Runs on a small tmpfs mounted for the test (root only); skipped with the reason elsewhere.
"""

from __future__ import annotations

import os
import subprocess

import pytest
from sitecheck import snapshot as tree

from generator.build.state import load_state
from generator.cli import main

TOML = 'title = "T"\nbase_url = "https://example.org/"\nlanguages = ["en"]\n'


@pytest.fixture
def small_disk(tmp_path):
    """A 4 MB file system of its own."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here, so no full disk to test on: {mounted.stderr.strip() or 'mount failed'}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def free_bytes(path) -> int:
    info = os.statvfs(path)
    return info.f_bavail * info.f_frsize


def test_a_full_disk_leaves_the_site_whole_and_a_build_after_freeing_space_succeeds(small_disk, make_project, make_article, write_article, capsys):
    stories = [make_article(id=f"story-{n}", slug=f"story-{n}", title=f"Story {n}") for n in range(5)]
    config = make_project(stories, site_toml=TOML, name=f"{small_disk.name}/project")
    root = config.root
    assert main(["--root", str(root), "-q", "build", "--no-ingest"]) == 0
    site_before = tree(config.output_path)

    # A story whose page cannot fit: its text takes most of what is left, and its page needs as much again.
    paragraph = "The council met again on Tuesday and agreed on nothing at all. "
    body = "\n\n".join([paragraph * 20] * (int(free_bytes(root) * 0.55) // (len(paragraph) * 20 + 2)))
    big = write_article(config, make_article(id="long", slug="long", title="A very long story", body=body))
    capsys.readouterr()
    assert main(["--root", str(root), "build", "--no-ingest"]) == 1
    said = capsys.readouterr().err
    assert "not enough free space" in said or "no space left" in said, said
    assert "internal error" not in said
    assert tree(config.output_path) == site_before
    assert load_state(root).build.status == "failed"
    assert main(["--root", str(root), "-q", "deploy", "--to", f"folder:{small_disk / 'www'}"]) == 1

    big.unlink()  # the newsroom frees the space
    assert main(["--root", str(root), "-q", "build", "--no-ingest"]) == 0
    assert tree(config.output_path) == site_before
    assert not [p for p in small_disk.rglob("*.tmp")]
