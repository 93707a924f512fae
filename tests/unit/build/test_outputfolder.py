"""Which paths may be written into the output folder: unsafe paths, symlinks leading out, files in a folder's place."""

import pytest
from site_files import SITE, tree

from generator.build.writer import write_site
from generator.core.errors import NewsgenError


@pytest.mark.parametrize("path", ["../escape.html", "/etc/passwd", "en/../../escape.html", "en//x.html", "./x.html", "en\\..\\x", ".hidden", "en/.well-known/x", "en/./x", "en/", ".", ""])
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


def test_output_folder_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "site").write_bytes(b"")
    with pytest.raises(NewsgenError, match="is a file"):
        write_site(tmp_path / "site", SITE)


def test_symlinked_subfolder_leading_outside_is_refused(tmp_path):
    out, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    write_site(out, SITE)
    elsewhere.mkdir()
    (out / "en" / "2024" / "11").rename(tmp_path / "moved")
    (out / "en" / "2024" / "11").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(NewsgenError, match="outside"):
        write_site(out, {**SITE, "en/2024/11/storm/index.html": b"changed"})
    assert list(elsewhere.iterdir()) == []


def test_symlinked_file_leading_outside_is_refused(tmp_path):
    out, secret = tmp_path / "site", tmp_path / "secret.txt"
    secret.write_bytes(b"secret")
    write_site(out, SITE)
    (out / "static" / "style.css").unlink()
    (out / "static" / "style.css").symlink_to(secret)
    with pytest.raises(NewsgenError, match="outside"):
        write_site(out, {**SITE, "static/style.css": b"body{color:red}"})
    assert secret.read_bytes() == b"secret"


def test_symlinked_folder_leading_into_a_hidden_entry_is_refused(tmp_path):
    out = tmp_path / "site"
    (out / ".git").mkdir(parents=True)
    (out / "en").symlink_to(out / ".git", target_is_directory=True)
    with pytest.raises(NewsgenError, match="outside"):
        write_site(out, {"en/index.html": b"x"})
    assert list((out / ".git").iterdir()) == []


def test_symlinked_folder_staying_inside_the_output_folder_is_written_through(tmp_path):
    out = tmp_path / "site"
    write_site(out, SITE)
    (out / "latest").symlink_to(out / "en", target_is_directory=True)
    summary = write_site(out, {**SITE, "latest/index.html": b"<p>en</p>"})
    assert summary.unchanged == tuple(sorted({**SITE, "latest/index.html": b""}))


def test_a_folder_with_hidden_entries_is_not_replaced_by_a_file(tmp_path):
    out = tmp_path / "site"
    (out / "feed").mkdir(parents=True)
    (out / "feed" / ".keep").write_bytes(b"")
    with pytest.raises(NewsgenError, match="cannot replace folder 'feed'"):
        write_site(out, {**SITE, "feed": b"file"})
    assert tree(out) == {"feed/.keep": b""}  # refused before writing anything
