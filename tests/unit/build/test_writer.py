import os

import pytest
from site_files import SITE, tree

import generator.core.atomic
from generator.build.writer import write_site
from generator.core.errors import NewsgenError


def test_first_write_creates_every_file(tmp_path):
    out = tmp_path / "site"
    summary = write_site(out, SITE)
    assert tree(out) == SITE
    assert summary.written == tuple(sorted(SITE)) and summary.unchanged == () and summary.removed == ()


def test_second_write_of_the_same_files_writes_nothing(tmp_path):
    out = tmp_path / "site"
    write_site(out, SITE)
    stamps = {path: os.stat(out / path).st_mtime_ns for path in SITE}
    inodes = {path: os.stat(out / path).st_ino for path in SITE}
    summary = write_site(out, SITE)
    assert summary.written == () and summary.removed == ()
    assert summary.unchanged == tuple(sorted(SITE))
    assert {path: os.stat(out / path).st_mtime_ns for path in SITE} == stamps
    assert {path: os.stat(out / path).st_ino for path in SITE} == inodes


def test_only_changed_files_are_rewritten(tmp_path):
    out = tmp_path / "site"
    write_site(out, SITE)
    summary = write_site(out, {**SITE, "en/index.html": b"<p>en, updated</p>", "de/index.html": b"<p>de</p>"})
    assert summary.written == ("de/index.html", "en/index.html")
    assert (out / "en/index.html").read_bytes() == b"<p>en, updated</p>"


def test_files_no_longer_produced_are_removed_with_their_empty_folders(tmp_path):
    out = tmp_path / "site"
    write_site(out, SITE)
    remaining = {k: v for k, v in SITE.items() if not k.startswith("en/2024")}
    summary = write_site(out, remaining)
    assert summary.removed == ("en/2024/11/storm/index.html",)
    assert tree(out) == remaining
    assert not (out / "en/2024").exists()
    assert (out / "en").is_dir()


def test_hidden_entries_are_left_alone(tmp_path):
    out = tmp_path / "site"
    (out / ".git").mkdir(parents=True)
    (out / ".git" / "HEAD").write_bytes(b"ref: refs/heads/pages\n")
    (out / ".nojekyll").write_bytes(b"")
    write_site(out, SITE)
    write_site(out, {})
    assert tree(out) == {".git/HEAD": b"ref: refs/heads/pages\n", ".nojekyll": b""}


def test_unknown_files_in_the_output_folder_are_pruned(tmp_path):
    out = tmp_path / "site"
    (out / "old" / "deep").mkdir(parents=True)
    (out / "old" / "deep" / "page.html").write_bytes(b"old")
    summary = write_site(out, SITE)
    assert summary.removed == ("old/deep/page.html",)
    assert not (out / "old").exists()


def test_stale_file_is_replaced_by_a_folder_and_back(tmp_path):
    out = tmp_path / "site"
    write_site(out, {"feed": b"file"})
    summary = write_site(out, {"feed/index.html": b"folder"})
    assert tree(out) == {"feed/index.html": b"folder"}
    assert summary.removed == ("feed",)
    summary = write_site(out, {"feed": b"file again"})
    assert tree(out) == {"feed": b"file again"}
    assert summary.removed == ("feed/index.html",)


def test_written_files_are_world_readable(tmp_path):
    out = tmp_path / "site"
    write_site(out, SITE)
    assert all((out / path).stat().st_mode & 0o777 == 0o644 for path in SITE)


def test_a_folder_standing_where_a_file_goes_is_replaced(tmp_path):
    out = tmp_path / "site"
    write_site(out, {"feed/a/index.html": b"a", "feed/b/index.html": b"b"})
    summary = write_site(out, {"feed": b"file"})
    assert tree(out) == {"feed": b"file"}
    assert summary.removed == ("feed/a/index.html", "feed/b/index.html")


def test_a_file_of_the_same_size_with_other_bytes_is_rewritten(tmp_path):
    out = tmp_path / "site"
    write_site(out, SITE)
    (out / "en" / "index.html").write_bytes(b"<p>EN</p>")
    summary = write_site(out, SITE)
    assert summary.written == ("en/index.html",)
    assert tree(out) == SITE


def test_none_keeps_the_file_and_is_reported_unchanged(tmp_path):
    out = tmp_path / "site"
    write_site(out, SITE)
    (out / "en" / "index.html").write_bytes(b"edited")
    summary = write_site(out, {**SITE, "en/index.html": None, "index.html": b"<p>new root</p>"})
    assert summary.written == ("index.html",) and summary.removed == ()
    assert summary.unchanged == ("en/2024/11/storm/index.html", "en/index.html", "static/style.css")
    assert (out / "en" / "index.html").read_bytes() == b"edited"


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    out = tmp_path / "site"
    write_site(out, SITE)

    def disk_full(fd, data):
        os.write(fd, data[:3])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(generator.core.atomic, "_write_all", disk_full)
    with pytest.raises(NewsgenError, match="no space left on the device while writing 'en/index.html'"):
        write_site(out, {**SITE, "en/index.html": b"<p>en, updated</p>"})
    assert tree(out) == SITE


def test_a_leftover_temporary_file_does_not_block_the_write(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    leftover = out / f".index.html.{os.getpid()}.tmp"
    leftover.write_bytes(b"from a killed build")
    write_site(out, {"index.html": b"<p>root</p>"})
    assert tree(out) == {"index.html": b"<p>root</p>", leftover.name: b"from a killed build"}


def test_written_files_are_world_readable_whatever_the_umask(tmp_path):
    out = tmp_path / "site"
    previous = os.umask(0o077)
    try:
        write_site(out, SITE)
    finally:
        os.umask(previous)
    assert all((out / path).stat().st_mode & 0o777 == 0o644 for path in SITE)
