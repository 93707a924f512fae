"""The input scan notices every change a build must act on, and nothing else."""

import os

import pytest

from generator.build.inputscan import scan_inputs


@pytest.fixture
def project(tmp_path):
    for month in range(1, 13):
        folder = tmp_path / "articles" / "2024" / f"{month:02}"
        folder.mkdir(parents=True)
        for number in range(3):
            (folder / f"story-{number}.en.md").write_text(f"story {month}/{number}\n", encoding="utf-8")
    (tmp_path / "site.toml").write_text("title = 'x'\n", encoding="utf-8")
    return tmp_path


def scan(root, jobs=1):
    return scan_inputs(root, [root / "articles"], [root / "site.toml", root / "missing.yaml"], jobs)


def later(path):
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


CHANGES = {
    "edited": lambda root: (root / "articles/2024/05/story-1.en.md").write_text("story 5/1, corrected\n", encoding="utf-8"),
    "touched": lambda root: later(root / "articles/2024/05/story-1.en.md"),
    "added": lambda root: (root / "articles/2024/05/story-9.en.md").write_text("new\n", encoding="utf-8"),
    "removed": lambda root: (root / "articles/2024/05/story-1.en.md").unlink(),
    "renamed": lambda root: (root / "articles/2024/05/story-1.en.md").rename(root / "articles/2024/05/story-7.en.md"),
    "moved to another month": lambda root: (root / "articles/2024/05/story-1.en.md").rename(root / "articles/2024/06/story-1.en.md"),
    "new folder": lambda root: (root / "articles/2025/01").mkdir(parents=True) or (root / "articles/2025/01/a.en.md").write_text("a\n"),
    "config edited": lambda root: (root / "site.toml").write_text("title = 'y'\n", encoding="utf-8"),
    "registry created": lambda root: (root / "missing.yaml").write_text("{}\n", encoding="utf-8"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_to_an_input_changes_the_digest(project, change):
    before = scan(project)
    CHANGES[change](project)
    assert scan(project).digest != before.digest


def test_nothing_changed_gives_the_same_digest_and_counts_every_file(project):
    first = scan(project)
    assert scan(project) == first
    assert first.files == 12 * 3 + 1


def test_hidden_files_and_empty_folders_are_not_inputs(project):
    before = scan(project)
    (project / "articles/2024/05/.story-1.en.md.123.tmp").write_text("half", encoding="utf-8")
    (project / "articles/2024/13").mkdir()
    assert scan(project).digest == before.digest


def test_the_scan_shared_among_processes_equals_one_done_alone(project):
    assert scan(project, jobs=3) == scan(project, jobs=1)


def test_newest_is_the_latest_modification_time(project):
    path = project / "articles/2024/03/story-2.en.md"
    later(path)
    assert scan(project).newest_ns == path.stat().st_mtime_ns
