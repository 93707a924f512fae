"""Search on the built sample site: what is indexed, the search pages, and an index that keeps up."""

import json
import re
import shutil
from pathlib import Path

import pytest
from sitecheck import search_index_texts, settled_sample_project, snapshot

from generator.build.run import build_site
from generator.cli import main
from generator.config.settings import load_config
from generator.core.errors import Report

UBS_DE = "content/articles/2024/07/keller-sutter-sticks-to-tougher-capital-rules-for-ubs.de.md"


@pytest.fixture
def project(tmp_path):
    return settled_sample_project(tmp_path / "project")


def build(root: Path) -> None:
    assert main(["--root", str(root), "-q", "build"]) == 0


def indexed(root: Path) -> dict[str, dict]:
    """The pages the search index holds, by URL: their text, filters and metadata."""
    found = {}
    for name, text in search_index_texts(root / "site").items():
        if name.startswith("pagefind/fragment/"):
            data = json.loads(text.removeprefix("pagefind_dcd"))
            found[data["url"]] = data
    return found


def article_pages(root: Path, lang: str) -> set[str]:
    return {
        "/" + path.parent.relative_to(root / "site").as_posix() + "/"
        for path in (root / "site" / lang).glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html")
    }


def test_every_article_and_nothing_else_is_indexed_per_language(project, capsys):
    assert main(["--root", str(project), "build"]) == 0
    assert re.search(r"search index: 15 pages in 3 languages", capsys.readouterr().err)
    pages = indexed(project)
    assert set(pages) == article_pages(project, "en") | article_pages(project, "de") | article_pages(project, "fr")
    entry = json.loads((project / "site/pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert {lang: data["page_count"] for lang, data in entry["languages"].items()} == {"en": 9, "de": 5, "fr": 1}
    ubs = pages["/de/2024/07/keller-sutter-haelt-an-strengeren-kapitalregeln-fuer-die-ubs-fest/"]
    assert ubs["filters"] == {"category": ["Wirtschaft"], "person": ["Karin Keller-Sutter", "Sergio Ermotti"]}
    assert ubs["meta"]["title"] == "Keller-Sutter hält an strengeren Kapitalregeln für die UBS fest"
    assert ubs["meta"]["date"] == "15. Juli 2024, 07:45"
    # The story's words, not the page around it: no navigation, metadata labels or language list.
    assert "Ermotti" in ubs["content"]
    assert not re.search(r"Rubriken|Veröffentlicht|Andere Sprachen|Alle Ausgaben", ubs["content"])


def test_each_edition_has_a_search_page_and_every_page_a_search_box(project):
    build(project)
    german = (project / "site/de/suche/index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in german and "<h1>Suche</h1>" in german and 'name="robots" content="noindex"' in german
    assert 'data-bundle="../../pagefind/"' in german and '<script type="module" src="../../static/search.js">' in german
    assert (project / "site/static/search.js").is_file() and (project / "site/pagefind/pagefind.js").is_file()
    for lang, segment in {"en": "search", "fr": "recherche", "it": "cerca"}.items():
        assert (project / f"site/{lang}/{segment}/index.html").is_file()
    article = (project / "site/de/2024/07/keller-sutter-haelt-an-strengeren-kapitalregeln-fuer-die-ubs-fest/index.html").read_text(encoding="utf-8")
    assert re.search(r'<form class="site-search" role="search" action="../../../suche/" method="get">', article)
    assert "suche/" not in (project / "site/sitemap-de.xml").read_text(encoding="utf-8")
    assert "'wasm-unsafe-eval'" in article  # Pagefind's WebAssembly may run; no other eval


def test_a_text_edit_takes_the_short_way_and_is_searchable_at_once(project, tmp_path):
    build(project)
    path = project / UBS_DE
    path.write_text(path.read_text(encoding="utf-8").replace("\n\n", "\n\nDer Zwischenruf Quaxelbrot fiel im Rat.\n\n", 1), encoding="utf-8")
    report = Report()
    summary = build_site(load_config(project), report, jobs=1)
    assert report.ok and summary.delta and summary.search is not None
    assert "Quaxelbrot" in indexed(project)["/de/2024/07/keller-sutter-haelt-an-strengeren-kapitalregeln-fuer-die-ubs-fest/"]["content"]
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".site.staging", ".newsgen-cache"))
    build(clean)
    assert snapshot(project / "site") == snapshot(clean / "site")


def test_a_deleted_story_leaves_the_index(project):
    build(project)
    (project / UBS_DE).unlink()
    build(project)
    assert not [url for url in indexed(project) if "kapitalregeln" in url]


@pytest.mark.parametrize("verify", [False, True], ids=["plain", "verify"])
def test_an_index_removed_by_hand_is_made_again_by_a_build_with_nothing_else_to_do(project, verify):
    build(project)
    before = snapshot(project / "site")
    shutil.rmtree(project / "site/pagefind")
    report = Report()
    summary = build_site(load_config(project), report, jobs=1, verify=verify)
    assert report.ok and not summary.write.written and summary.search is not None
    assert snapshot(project / "site") == before
    assert "Ermotti" in indexed(project)["/de/2024/07/keller-sutter-haelt-an-strengeren-kapitalregeln-fuer-die-ubs-fest/"]["content"]


def test_a_build_with_nothing_to_do_leaves_a_present_index_alone(project):
    build(project)
    entry = project / "site/pagefind/pagefind-entry.json"
    identity = (entry.stat().st_ino, entry.stat().st_mtime_ns)
    summary = build_site(load_config(project), Report(), jobs=1)
    assert summary.skipped and summary.search is None
    assert (entry.stat().st_ino, entry.stat().st_mtime_ns) == identity


def test_a_site_without_search_has_no_index_page_or_box(project):
    build(project)
    config = project / "site.toml"
    config.write_text("search = false\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    build(project)
    assert not (project / "site/pagefind").exists() and not (project / "site/de/suche").exists()
    assert 'class="site-search"' not in (project / "site/de/index.html").read_text(encoding="utf-8")


def test_a_search_setting_that_is_not_a_switch_is_named(project, capsys):
    config = project / "site.toml"
    config.write_text('search = "yes"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["--root", str(project), "build"]) != 0
    assert "search: expected bool, got str" in capsys.readouterr().err
