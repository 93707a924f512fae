"""The built sample site as a reader or a crawler meets it: links, markup,
hreflang, sub-path hosting and reproducible output. The checks live in
tests/sitecheck.py and read whatever pages exist, so new page kinds are
covered as soon as they are built."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import sitecheck

from generator.cli import main

SUB_PATH_BASE = "https://example.org/news/"


def build(root: Path) -> Path:
    assert main(["--root", str(root), "-q", "build"]) == 0
    return root / "site"


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, str]:
    root = sitecheck.copy_sample_project(tmp_path_factory.mktemp("quality") / "project")
    return build(root), sitecheck.base_url_of(root)


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory) -> Path:
    root = sitecheck.copy_sample_project(tmp_path_factory.mktemp("subpath") / "project", base_url=SUB_PATH_BASE)
    return build(root)


# -- the sample site ------------------------------------------------------------


def test_every_internal_link_resolves_to_a_file_and_fragment(sample):
    site, base_url = sample
    assert list(sitecheck.iter_internal_links(site, base_url)), "no internal links found: is the site empty?"
    assert sitecheck.check_links(site, base_url) == []


def test_every_page_is_valid_html5_with_lang_one_h1_one_main_and_ordered_headings(sample):
    site, _ = sample
    assert sitecheck.check_html(site) == []


def test_hreflang_alternates_are_reciprocal_and_match_page_languages(sample):
    site, base_url = sample
    assert sitecheck.check_hreflang(site, base_url) == []


def test_canonical_links_name_the_page_itself(sample):
    site, base_url = sample
    assert sitecheck.check_canonical(site, base_url) == []


def test_root_and_404_pages_link_every_edition_home(sample):
    site, base_url = sample
    languages = sorted(p.parent.name for p in site.glob("*/index.html"))
    assert languages, "no edition home pages"
    for page in ("index.html", "404.html"):
        targets = {link.target for link in sitecheck.iter_internal_links(site, base_url) if link.page == page and link.element == "a"}
        assert {f"{lang}/index.html" for lang in languages} <= targets, page


def test_sub_path_build_has_no_root_relative_links(sub_path_site):
    assert sitecheck.check_no_root_relative_links(sub_path_site, SUB_PATH_BASE) == []


def test_sub_path_404_page_links_are_absolute_under_the_base_url(sub_path_site):
    assert sitecheck.check_absolute_links(sub_path_site, SUB_PATH_BASE) == []
    assert any(link.page == "404.html" for link in sitecheck.iter_internal_links(sub_path_site, SUB_PATH_BASE))


def test_sub_path_build_links_all_resolve_under_the_base_url(sub_path_site):
    assert sitecheck.check_links(sub_path_site, SUB_PATH_BASE) == []
    assert sitecheck.check_hreflang(sub_path_site, SUB_PATH_BASE) == []
    assert sitecheck.check_canonical(sub_path_site, SUB_PATH_BASE) == []


# -- reproducible output --------------------------------------------------------


def test_second_build_writes_nothing_and_changes_no_byte(tmp_path):
    site = build(sitecheck.copy_sample_project(tmp_path / "project"))
    files, identities = sitecheck.snapshot(site), sitecheck.file_identities(site)
    time.sleep(0.01)  # a rewrite would get a visibly later mtime
    build(tmp_path / "project")
    assert sitecheck.diff_snapshots(files, sitecheck.snapshot(site)) == []
    rewritten = [p for p, identity in sitecheck.file_identities(site).items() if identities.get(p) != identity]
    assert rewritten == []


def test_source_date_epoch_does_not_change_the_output(tmp_path, monkeypatch):
    """Only which embargoes have ended depends on the time: two times between the same embargoes give the same bytes."""
    outputs = []
    for epoch in ("1735689600", "1800000000"):  # 2025-01-01 and 2027-01-15, both before the sample's embargo ends
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        outputs.append(sitecheck.snapshot(build(sitecheck.copy_sample_project(tmp_path / epoch))))
    assert sitecheck.diff_snapshots(*outputs) == []


def test_machine_time_zone_does_not_change_the_output(tmp_path, monkeypatch):
    outputs = []
    try:
        for zone in ("UTC", "Pacific/Kiritimati"):
            monkeypatch.setenv("TZ", zone)
            time.tzset()
            outputs.append(sitecheck.snapshot(build(sitecheck.copy_sample_project(tmp_path / zone.replace("/", "-")))))
    finally:
        monkeypatch.undo()
        time.tzset()
    assert sitecheck.diff_snapshots(*outputs) == []


# -- the checks themselves catch what they are meant to -------------------------

BASE = "https://example.org/"
PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><title>t</title>{head}</head>
<body><main id="main">{body}</main></body>
</html>
"""


def write_site(root: Path, pages: dict[str, str]) -> Path:
    for name, html in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return root


def page(body: str = "<h1>x</h1>", head: str = "", lang: str = "en") -> str:
    return PAGE.format(lang=lang, head=head, body=body)


def alternates(**langs: str) -> str:
    return "".join(f'<link rel="alternate" hreflang="{lang.replace("_", "-")}" href="{BASE}{url}">' for lang, url in langs.items())


def test_link_check_reports_missing_files_ids_and_escapes(tmp_path):
    site = write_site(tmp_path, {
        "index.html": page('<h1>x</h1><a href="en/">ok</a><a href="de/">missing</a><a href="en/#nope">no id</a><a href="#main">ok</a><a href="https://other.example/">external</a>'),
        "en/index.html": page('<h1>x</h1><a href="../../up/">leaves</a>'),
    })
    problems = sitecheck.check_links(site, "https://example.org/news/")
    assert len(problems) == 3, problems
    assert any("de/index.html, which does not exist" in p for p in problems)
    assert any('no id="nope"' in p for p in problems)
    assert any("leaves the site" in p for p in problems)


def test_link_check_reads_stylesheet_urls(tmp_path):
    site = write_site(tmp_path, {"index.html": page(), "static/style.css": "a { background: url('missing.png') }"})
    assert sitecheck.check_links(site, BASE) == ["static/style.css: <css url=\"missing.png\"> -> static/missing.png, which does not exist"]


def test_html_check_reports_parse_errors_headings_and_landmarks(tmp_path):
    site = write_site(tmp_path, {
        "a.html": page("<h1>x</h1><h3>skipped</h3>"),
        "b.html": PAGE.replace('<main id="main">', "<div>").replace("</main>", "</div>").format(lang="", head="", body="<h2>x</h2><h1>a</h1><h1>b</h1>"),
        "c.html": page("<h1>x</h1><p>stray end tag</span></p>"),
        "d.html": page('<h1 id="x">x</h1><p id="x"></p>'),
    })
    problems = "\n".join(sitecheck.check_html(site))
    assert "a.html: <h3> \"skipped\" follows <h1>" in problems
    assert "b.html: <html> has no lang" in problems
    assert "b.html: expected exactly one <h1>, found 2" in problems
    assert "b.html: expected exactly one <main>, found 0" in problems
    assert "b.html: first heading is <h2>, not <h1>" in problems
    assert "c.html: line" in problems and "HTML parse error" in problems
    assert 'd.html: id="x" is used more than once' in problems


def test_hreflang_check_reports_one_way_links_and_wrong_languages(tmp_path):
    site = write_site(tmp_path, {
        "en/a.html": page(head=alternates(en="en/a.html", de="de/a.html")),
        "de/a.html": page(head=alternates(de="de/a.html"), lang="de"),
        "en/b.html": page(head=alternates(en="en/b.html", fr="en/a.html")),
        "en/c.html": page(),  # no alternates: nothing to check
        "en/d.html": page(head=f'<link rel="alternate" type="application/atom+xml" hreflang="en" href="{BASE}en/feed.xml">'),
    })
    problems = "\n".join(sitecheck.check_hreflang(site, BASE))
    assert "en/a.html: lists de/a.html as de, but de/a.html does not link back" in problems
    assert 'en/b.html: hreflang=fr points to en/a.html, whose <html lang> is "en"' in problems
    assert "en/c.html" not in problems and "en/d.html" not in problems, "feeds are not language alternates"


def test_hreflang_check_wants_x_default_on_every_page_with_alternates(tmp_path):
    site = write_site(tmp_path, {
        "index.html": page(),
        "en/a.html": page(head=alternates(en="en/a.html", de="de/a.html", x_default="index.html")),
        "de/a.html": page(head=alternates(en="en/a.html", de="de/a.html", x_default="index.html"), lang="de"),
        "en/b.html": page(head=alternates(en="en/b.html")),
    })
    assert sitecheck.check_hreflang(site, BASE) == ["en/b.html: has hreflang alternates but no x-default"]


def test_sub_path_checks_report_root_relative_and_relative_404_links(tmp_path):
    base = "https://example.org/news/"
    site = write_site(tmp_path, {
        "index.html": page('<h1>x</h1><a href="/en/">root-relative</a>'),
        "404.html": page(f'<h1>x</h1><a href="/en/">allowed here</a><a href="en/">relative</a><a href="{base}en/">ok</a>'),
    })
    assert sitecheck.check_no_root_relative_links(site, base) == ['index.html: <a href="/en/"> is root-relative']
    assert sitecheck.check_absolute_links(site, base) == [
        f'404.html: <a href="/en/"> must start with {base}',
        f'404.html: <a href="en/"> must start with {base}',
    ]
