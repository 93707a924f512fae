"""The preview server's pure rules: where a URL leads, what it is served as."""

from pathlib import Path

import pytest

from generator.publish.serve_routing import (
    base_path_of,
    content_type,
    find_site_file,
    redirect_for,
    site_parts,
)


@pytest.mark.parametrize(
    ("base_url", "path"),
    [("https://example.org/", "/"), ("https://example.org/news/", "/news/"), ("https://example.org/news", "/news/"), ("http://localhost:8000", "/")],
)
def test_site_is_served_at_the_path_of_its_base_url(base_url, path):
    assert base_path_of(base_url) == path


def test_root_redirects_to_a_sub_path_and_nowhere_else():
    assert redirect_for("/", "/news/") == "/news/"
    assert redirect_for("/news", "/news/") == "/news/"
    assert redirect_for("/", "/") is None
    assert redirect_for("/news/en/", "/news/") is None


@pytest.mark.parametrize(
    ("url_path", "parts"),
    [
        ("/news/", ()),
        ("/news/en/", ("en",)),
        ("/news/en/2024/index.html", ("en", "2024", "index.html")),
        ("/news/de/themen/z%C3%BCrich/", ("de", "themen", "zürich")),
        ("/news//en//", ("en",)),
    ],
)
def test_url_path_under_the_base_names_site_segments(url_path, parts):
    assert site_parts(url_path, "/news/") == parts


@pytest.mark.parametrize(
    "url_path",
    [
        "/",
        "/elsewhere/",
        "/newsroom/",
        "/news/../site.toml",
        "/news/%2e%2e/site.toml",
        "/news/%2E%2E%2Fsite.toml",
        "/news/en/..%2f..%2fsite.toml",
        "/news/.git/config",
        "/news/%2egit/config",
        "/news/en/%00",
        "/news/..%5csite.toml",
    ],
)
def test_paths_outside_the_site_or_hidden_name_nothing(url_path):
    assert site_parts(url_path, "/news/") is None


def test_a_symlink_out_of_the_site_folder_is_not_followed(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (site / "link.txt").symlink_to(tmp_path / "secret.txt")
    (site / "page.html").write_text("ok", encoding="utf-8")
    assert find_site_file(site, ("link.txt",)) is None
    assert find_site_file(site, ("page.html",)) == (site / "page.html").resolve()
    assert find_site_file(site, ("missing.html",)) is None


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("index.html", "text/html; charset=utf-8"),
        ("feed.xml", "application/atom+xml"),
        ("sitemap-de.xml", "application/xml"),
        ("style.css", "text/css; charset=utf-8"),
        ("robots.txt", "text/plain; charset=utf-8"),
        ("photo.JPG", "image/jpeg"),
        ("unknown.bin", "application/octet-stream"),
    ],
)
def test_files_are_served_with_the_content_type_of_their_kind(name, kind):
    assert content_type(Path("site") / name) == kind
