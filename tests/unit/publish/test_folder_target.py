"""A folder deploy: what a web server serving the folder sees while and after it changes."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from generator.core.atomic import copy_atomic
from generator.publish import folder_target
from generator.publish.folder_target import copy_folder_name, deploy_folder

OLD = {"index.html": b"home v1", "en/a/index.html": b"story a", "en/b/index.html": b"story b"}
NEW = {"index.html": b"home v2", "en/a/index.html": b"story a", "en/c/index.html": b"story c"}


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".newsgen-deploy"}


@pytest.fixture
def served(tmp_path) -> Path:
    """A folder a first deploy filled with OLD."""
    www = tmp_path / "www"
    deploy_folder(OLD, www)
    assert files_of(www) == OLD
    return www


def test_a_deploy_swaps_the_new_site_in_whole(served):
    done = deploy_folder(NEW, served)
    assert files_of(served) == NEW and done.in_place_because is None
    assert (done.changes.added, done.changes.changed, done.changes.deleted) == (("en/c/index.html",), ("index.html",), ("en/b/index.html",))
    assert not copy_folder_name(served).exists()


def test_while_a_deploy_copies_files_the_served_folder_still_holds_the_old_site(served, monkeypatch):
    seen = []

    def copy_and_look(source, target):
        copy_atomic(source, target)
        seen.append(files_of(served))

    monkeypatch.setattr(folder_target, "copy_atomic", copy_and_look)
    deploy_folder(NEW, served)
    assert seen and all(state == OLD for state in seen)
    assert files_of(served) == NEW


def test_a_deploy_that_fails_part_way_leaves_the_folder_as_it_was(served, monkeypatch):
    calls = []

    def copy_then_fail(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        copy_atomic(source, target)

    monkeypatch.setattr(folder_target, "copy_atomic", copy_then_fail)
    with pytest.raises(OSError):
        deploy_folder(NEW, served)
    assert files_of(served) == OLD
    assert not copy_folder_name(served).exists()


def test_unchanged_files_keep_their_identity_and_entries_newsgen_did_not_put_there_stay(served):
    (served / ".well-known").mkdir()
    (served / ".well-known/security.txt").write_text("Contact: desk@example.org\n")
    (served / "en/.htaccess").write_text("Options -Indexes\n")
    served.chmod(0o750)
    kept = (served / "en/a/index.html").stat().st_ino
    deploy_folder(NEW, served)
    assert (served / "en/a/index.html").stat().st_ino == kept
    assert (served / ".well-known/security.txt").read_text() == "Contact: desk@example.org\n"
    assert (served / "en/.htaccess").read_text() == "Options -Indexes\n"
    assert stat.S_IMODE(served.stat().st_mode) == 0o750


def test_a_copy_left_by_a_killed_deploy_is_not_published(served):
    leftover = copy_folder_name(served)
    leftover.mkdir()
    (leftover / "half-written.html").write_bytes(b"<p>")
    deploy_folder(NEW, served)
    assert files_of(served) == NEW and not leftover.exists()


def test_a_symlinked_folder_is_changed_in_place_and_stays_a_link(tmp_path):
    real = tmp_path / "releases" / "current"
    deploy_folder(OLD, real)
    link = tmp_path / "www"
    link.symlink_to(real, target_is_directory=True)
    done = deploy_folder(NEW, link)
    assert link.is_symlink() and files_of(real) == NEW
    assert "symbolic link" in done.in_place_because


def test_a_folder_whose_files_cannot_be_linked_is_changed_in_place_with_the_reason(served, monkeypatch):
    def refuse(source, target):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(folder_target, "link_tree", refuse)
    done = deploy_folder(NEW, served)
    assert files_of(served) == NEW and "no copy could be prepared beside it (Operation not permitted)" in done.in_place_because
    assert not copy_folder_name(served).exists()


def test_nothing_to_do_touches_nothing(served):
    before = {p: p.stat().st_ino for p in served.rglob("*")}
    done = deploy_folder(OLD, served)
    assert done.changes.empty and {p: p.stat().st_ino for p in served.rglob("*")} == before
