"""Whole builds of small projects written inline."""

import posixpath
from dataclasses import replace
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import pytest
from sitecheck import snapshot, written_files

from generator.build.run import build_site
from generator.config.settings import load_config
from generator.content.model import Translation
from generator.content.store import render_article
from generator.core.errors import ConfigError, NewsgenError, Report

ZURICH = ZoneInfo("Europe/Zurich")


class Links(HTMLParser):
    """Every href and src in a document."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.extend(value for name, value in attrs if name in ("href", "src") and value)


def page_address(base_url, relative_path):
    """The address a file of the built site is served at."""
    url = relative_path[: -len("index.html")] if relative_path.endswith("index.html") else relative_path
    return base_url + url


def internal_links(config):
    """(page file, link, absolute target) for every link on every page that points into the site."""
    site = config.output_path
    for path, data in snapshot(site).items():
        if not path.endswith(".html"):
            continue
        here = page_address(config.base_url, path)
        for link in Links(data.decode("utf-8")).found:
            if link.startswith(("#", "mailto:")):
                continue
            target = urljoin(here, link)
            if urlsplit(target).netloc == urlsplit(config.base_url).netloc:
                yield path, link, target


def target_file(config, target):
    """The file under site/ that answers ``target``, if any."""
    relative = urlsplit(target).path[len(urlsplit(config.base_url).path):]
    path = config.output_path / relative
    return path / "index.html" if target.endswith("/") else path


@pytest.fixture
def story(make_article):
    """A story in English with a German and a French version."""
    en = make_article(
        body="First paragraph.\n\n## Reactions\n\nSecond paragraph with <script>alert(1)</script>.",
        dateline="Bern (SDA)",
        tags=("Weather",),
        persons=("Anna Muster",),
    )
    de = make_article(lang="de", slug="sturm-in-bern", title="Sturm in Bern", translation=Translation("en", "machine", "google"))
    fr = make_article(lang="fr", slug="tempete-a-berne", title="Tempête à Berne", translation=Translation("en", "human"))
    return [en, de, fr]


@pytest.fixture
def many(make_article):
    """Five English stories, one day apart, so the home page paginates (page_size = 2)."""
    return [
        make_article(id=f"story-{i}", slug=f"story-{i}", title=f"Story {i}", published=datetime(2024, 10, 1 + i, 9, 0, tzinfo=ZURICH))
        for i in range(5)
    ]


def build(config, **options):
    report = Report()
    summary = build_site(config, report, **options)
    assert report.ok, report.errors
    return summary


def test_build_writes_article_home_root_and_404_pages(make_project, story):
    config = make_project(story)
    summary = build(config)
    files = written_files(config.output_path)
    for path in (
        "index.html", "404.html", "static/style.css",
        "en/index.html", "de/index.html", "fr/index.html", "it/index.html",
        "en/2024/11/storm-hits-bern/index.html",
        "de/2024/11/sturm-in-bern/index.html",
        "fr/2024/11/tempete-a-berne/index.html",
    ):
        assert path in files, path
    assert summary.articles == 3
    assert summary.files == len(files)
    assert str(summary) == f"3 articles into {len(files)} files ({len(files)} written, 0 unchanged, 0 removed)"
    page = files["en/2024/11/storm-hits-bern/index.html"].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page


def test_second_build_writes_nothing(make_project, story, many):
    config = make_project(story + many)
    first = build(config)
    second = build(config)
    assert second.write.written == () and second.write.removed == ()
    assert second.files == first.files
    assert str(second).endswith(f"(0 written, {first.files} unchanged, 0 removed)")


def test_build_output_is_byte_identical_across_projects(make_project, story, many):
    one = make_project(story + many, name="one")
    two = make_project(list(reversed(story + many)), name="two")
    build(one)
    build(two)
    assert snapshot(one.output_path) == snapshot(two.output_path)


def test_failed_article_leaves_previous_site_untouched(make_project, write_article, story):
    config = make_project(story)
    build(config)
    before = snapshot(config.output_path)
    write_article(config, replace(story[0], title="A changed headline"))
    broken = config.articles_dir / "2024" / "11" / "broken.en.md"
    broken.write_text("---\nid: broken\nlang: en\ntitel: oops\n---\n\nBody\n", encoding="utf-8")
    report = Report()
    summary = build_site(config, report)
    assert summary.stopped and "left unchanged" in str(summary)
    assert snapshot(config.output_path) == before
    [error] = report.errors
    assert error.file == "content/articles/2024/11/broken.en.md"
    assert error.line == 4 and "did you mean 'title'" in error.message


def test_every_broken_article_is_reported(make_project, story):
    config = make_project(story)
    folder = config.articles_dir / "2024" / "11"
    (folder / "a.en.md").write_text("no front matter\n", encoding="utf-8")
    (folder / "b.en.md").write_text("---\nid: b\nlang: en\ntitle: B\nslug: ../../b\npublished: 2024-11-01T10:00:00+01:00\n---\n\nx\n", encoding="utf-8")
    report = Report()
    assert build_site(config, report).stopped
    assert sorted(e.file for e in report.errors) == ["content/articles/2024/11/a.en.md", "content/articles/2024/11/b.en.md"]
    assert not config.output_path.exists()


def test_parallel_parsing_reports_broken_articles_like_one_process(make_project, story, many, monkeypatch):
    import generator.build.assemble as assemble

    def outcome(jobs, name):
        config = make_project(story + many, name=name)
        folder = config.articles_dir / "2024" / "11"
        (folder / "a.en.md").write_text("no front matter\n", encoding="utf-8")
        (folder / "c.en.md").write_text("---\nid: c\nlang: en\ntitel: oops\n---\n\nBody\n", encoding="utf-8")
        report = Report()
        articles = assemble.load_articles(config, report, jobs)
        return [(a.id, a.lang, a.path) for a in articles], [(e.file, e.line, e.message) for e in report.errors]

    one = outcome(1, "one")
    monkeypatch.setattr(assemble, "PARALLEL_PARSE_THRESHOLD", 2)
    two = outcome(2, "two")
    assert one == two
    assert len(one[0]) == 8 and [file for file, _, _ in one[1]] == ["content/articles/2024/11/a.en.md", "content/articles/2024/11/c.en.md"]


def test_two_articles_with_one_url_fail_the_build(make_project, make_article):
    config = make_project([make_article(id="one")])
    clash = make_article(id="two", published=datetime(2024, 11, 6, 9, 0, tzinfo=ZURICH))
    (config.articles_dir / "2024" / "11" / "renamed.en.md").write_text(render_article(clash), encoding="utf-8")
    report = Report()
    assert build_site(config, report).stopped
    [error] = report.errors
    assert error.file == "content/articles/2024/11/storm-hits-bern.en.md"
    assert "/en/2024/11/storm-hits-bern/" in error.message and "renamed.en.md" in error.message


def test_template_error_leaves_previous_site_untouched(make_project, story):
    config = make_project(story)
    build(config)
    before = snapshot(config.output_path)
    (config.templates_dir / "home.html").write_text('{% extends "base.html" %}{% block content %}{{ missing }}{% endblock %}')
    with pytest.raises(NewsgenError, match="missing"):
        build_site(config, Report())
    assert snapshot(config.output_path) == before


def test_removed_article_page_is_pruned(make_project, story):
    config = make_project(story)
    build(config)
    (config.articles_dir / "2024" / "11" / "tempete-a-berne.fr.md").unlink()
    summary = build(config)
    # The story was the only French one: its page and every French listing that showed it go.
    assert "fr/2024/11/tempete-a-berne/index.html" in summary.write.removed
    # ... and so does the sitemap of its language and month.
    assert all(path.startswith(("fr/", "sitemap-fr-")) for path in summary.write.removed)
    assert "sitemap-fr-2024-11.xml" in summary.write.removed
    assert not (config.output_path / "fr" / "2024").exists()
    english = (config.output_path / "en/2024/11/storm-hits-bern/index.html").read_text()
    assert "tempete-a-berne" not in english


def test_translation_links_connect_language_versions(make_project, story):
    config = make_project(story)
    build(config)
    pages = {
        lang: (config.output_path / lang / "2024/11" / slug / "index.html").read_text()
        for lang, slug in (("en", "storm-hits-bern"), ("de", "sturm-in-bern"), ("fr", "tempete-a-berne"))
    }
    for lang, page in pages.items():
        here = page_address(config.base_url, f"{lang}/2024/11/x/index.html")
        targets = {urljoin(here, link) for link in Links(page).found}
        for other in pages.keys() - {lang}:
            assert any(t.startswith(f"{config.base_url}{other}/2024/11/") for t in targets), (lang, other)


def test_every_internal_link_resolves(make_project, story, many):
    config = make_project(story + many)
    build(config)
    checked = 0
    for page, link, target in internal_links(config):
        assert target_file(config, target).is_file(), f"{page}: {link} -> {target}"
        checked += 1
    assert checked > 50


def test_subpath_base_url_links_stay_inside_subpath(make_project, story, many):
    project = make_project(story + many)
    toml = project.root / "site.toml"
    toml.write_text(toml.read_text().replace('"https://example.org/"', '"https://example.org/news/"'), encoding="utf-8")
    config = load_config(project.root)
    assert config.base_url == "https://example.org/news/"
    build(config)
    targets = [target for _, _, target in internal_links(config)]
    assert targets
    outside = [t for t in targets if not t.startswith("https://example.org/news/")]
    assert outside == []
    assert all(target_file(config, t).is_file() for t in targets)


def test_index_links_make_the_site_browsable_from_disk(make_project, story, many):
    config = make_project(story + many)
    build(config, index_links=True)
    for path, data in snapshot(config.output_path).items():
        if not path.endswith(".html") or path == "404.html":
            continue
        for link in Links(data.decode()).found:
            if link.startswith(("#", "http:", "https:", "mailto:")):
                continue
            target = config.output_path / posixpath.dirname(path) / link
            assert target.is_file(), f"{path}: {link}"


@pytest.mark.parametrize("output_dir", [".", "content", "templates/out", ".."])
def test_output_dir_overlapping_the_project_is_refused(make_project, story, output_dir):
    config = replace(make_project(story), output_dir=output_dir)
    with pytest.raises(ConfigError, match="overlaps"):
        build_site(config, Report())
    assert (config.articles_dir / "2024/11/storm-hits-bern.en.md").is_file()


def test_loaded_config_builds_into_site_folder(make_project, story):
    config = load_config(make_project(story).root)
    build(config)
    assert (config.root / "site" / "index.html").is_file()


@pytest.mark.parametrize("enabled", [True, False])
def test_build_leaves_the_garbage_collector_as_it_found_it(make_project, story, enabled):
    import gc

    config = make_project(story)
    (gc.enable if enabled else gc.disable)()
    try:
        build(config)
        assert gc.isenabled() == enabled
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable()


def test_bodies_wait_in_the_article_cache_until_their_page_is_rendered(make_project, story):
    import generator.build.assemble as assemble

    config = make_project(story)
    articles, in_cache = assemble._load_articles(config, Report(), 1, None, keep_bodies=False)
    assert in_cache and articles and all(article.body == "" for article in articles)
    build(config)
    page = (config.output_path / "en" / "2024" / "11" / "storm-hits-bern" / "index.html").read_text(encoding="utf-8")
    assert "<p>Second paragraph with &lt;script&gt;" in page


def test_a_cache_that_cannot_be_saved_keeps_the_bodies_with_the_articles(make_project, story):
    import generator.build.assemble as assemble

    config = make_project(story)
    (config.root / ".newsgen-cache" / "articles.sqlite").mkdir(parents=True)  # not a database: saving fails
    articles, in_cache = assemble._load_articles(config, Report(), 1, None, keep_bodies=False)
    assert not in_cache and all(article.body for article in articles)
    build(config)
    page = (config.output_path / "en" / "2024" / "11" / "storm-hits-bern" / "index.html").read_text(encoding="utf-8")
    assert "<p>Second paragraph with &lt;script&gt;" in page
