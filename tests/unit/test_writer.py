import os

import pytest

from generator.errors import NewsgenError
from generator.writer import write_site

SITE = {
    "index.html": b"<p>root</p>",
    "en/index.html": b"<p>en</p>",
    "en/2024/11/storm/index.html": b"<p>storm</p>",
    "static/style.css": b"body{}",
}


def tree(root):
    """Every file under root (hidden ones included) -> bytes."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


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


@pytest.mark.parametrize("path", ["../escape.html", "/etc/passwd", "en/../../escape.html", "en//x.html", "./x.html", "en\\..\\x", ".hidden", "en/", ""])
def test_paths_that_leave_the_output_folder_are_refused_before_writing(tmp_path, path):
    out = tmp_path / "site"
    with pytest.raises(NewsgenError, match="refusing"):
        write_site(out, {**SITE, path: b"x"})
    assert tree(tmp_path) == {}


def test_symlink_leading_outside_the_output_folder_is_refused(tmp_path):
    out, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "en").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(NewsgenError, match="outside"):
        write_site(out, {"en/index.html": b"x"})
    assert list(elsewhere.iterdir()) == []


def test_a_path_cannot_be_both_file_and_folder(tmp_path):
    with pytest.raises(NewsgenError, match="folder"):
        write_site(tmp_path / "site", {"en": b"x", "en/index.html": b"y"})


def test_stale_file_is_replaced_by_a_folder_and_back(tmp_path):
    out = tmp_path / "site"
    write_site(out, {"feed": b"file"})
    summary = write_site(out, {"feed/index.html": b"folder"})
    assert tree(out) == {"feed/index.html": b"folder"}
    assert summary.removed == ("feed",)
    summary = write_site(out, {"feed": b"file again"})
    assert tree(out) == {"feed": b"file again"}
    assert summary.removed == ("feed/index.html",)


def test_output_folder_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "site").write_bytes(b"")
    with pytest.raises(NewsgenError, match="is a file"):
        write_site(tmp_path / "site", SITE)


def test_written_files_are_world_readable(tmp_path):
    out = tmp_path / "site"
    write_site(out, SITE)
    assert all((out / path).stat().st_mode & 0o777 == 0o644 for path in SITE)
