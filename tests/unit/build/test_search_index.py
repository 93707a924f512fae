"""The search index step: Pagefind run on a folder of pages, and what happens when it cannot be."""

import gzip
import json
import os
import stat

import pytest

from generator.build.search_index import IndexStep, describe_index, index_site
from generator.core.errors import NewsgenError

ARTICLE = """<!DOCTYPE html><html lang="{lang}"><head><title>{title}</title></head><body>
<nav>Navigation words navonly</nav>
<article data-pagefind-body><p data-pagefind-filter="category">{category}</p><h1>{title}</h1><p>{text}</p></article>
</body></html>"""
LISTING = """<!DOCTYPE html><html lang="en"><head><title>Home</title></head><body><p>listingonly teaser text</p></body></html>"""


def page(folder, relative, html):
    path = folder / relative / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")


def fragments(folder):
    found = {}
    for path in (folder / "pagefind" / "fragment").iterdir():
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[data["url"]] = data
    return found


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "site"
    page(folder, "en/2024/11/glacier", ARTICLE.format(lang="en", title="Glacier loses ice", category="Panorama", text="The glacier lost more ice this summer."))
    page(folder, "de/2024/11/gletscher", ARTICLE.format(lang="de", title="Gletscher verliert Eis", category="Panorama", text="Der Gletscher verlor diesen Sommer mehr Eis."))
    page(folder, "en", LISTING)
    return folder


def test_only_marked_story_text_is_indexed_one_index_per_language(site):
    made = index_site(site)
    assert made.pages == {"de": 1, "en": 1}
    found = fragments(site)
    assert sorted(found) == ["/de/2024/11/gletscher/", "/en/2024/11/glacier/"]
    assert "glacier lost more ice" in found["/en/2024/11/glacier/"]["content"]
    assert "navonly" not in json.dumps(found) and "listingonly" not in json.dumps(found)
    assert found["/de/2024/11/gletscher/"]["filters"] == {"category": ["Panorama"]}
    assert "search index: 2 pages in 2 languages" in describe_index(made)


def test_a_new_index_replaces_the_old_one_whole(site):
    index_site(site)
    (site / "de/2024/11/gletscher/index.html").unlink()
    assert index_site(site).pages == {"en": 1}
    assert sorted(fragments(site)) == ["/en/2024/11/glacier/"]
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".site.pagefind-")]  # no scratch folder left


def test_a_failing_pagefind_is_an_error_and_the_old_index_stays(site, tmp_path, monkeypatch):
    index_site(site)
    before = sorted(p.name for p in (site / "pagefind").rglob("*"))
    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\necho 'Error: disk on fire' >&2\nexit 3\n")
    failing.chmod(failing.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(failing))
    with pytest.raises(NewsgenError, match="Pagefind failed \\(Error: disk on fire\\)"):
        index_site(site)
    assert sorted(p.name for p in (site / "pagefind").rglob("*")) == before


def test_a_missing_binary_is_named(site, tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "nowhere" / "pagefind"))
    with pytest.raises(NewsgenError, match="cannot run Pagefind") as caught:
        index_site(site)
    assert "nowhere" in str(caught.value)


def test_a_site_without_search_loses_an_old_index(site):
    index_site(site)
    step = IndexStep(enabled=False)
    step(site)
    assert not (site / "pagefind").exists() and step.made is None
    assert os.path.isfile(site / "en/index.html")


def test_a_site_without_stories_gets_no_index_and_no_error(tmp_path):
    folder = tmp_path / "site"
    page(folder, "en", LISTING)
    (folder / "pagefind").mkdir()
    assert index_site(folder).pages == {}
    assert not (folder / "pagefind").exists()
