"""`newsgen check` on built sites: a clean one passes, and each kind of problem,
put into a small project (through its content where an editor could cause it,
by editing the output where only a broken template or host could), is found
and named with its page."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest
import sitecheck

from generator.cli import main
from generator.content.model import Translation
from generator.publish.check import check_site

TOML = 'title = "T"\nbase_url = "https://example.org/news/"\nlanguages = ["en", "de"]\npage_size = 5\n'


@pytest.fixture
def project(make_project, make_article):
    """A small two-language project whose every article has both versions; not built yet."""

    def make(*extra):
        return make_project([
            make_article(),
            make_article(lang="de", slug="sturm-in-bern", title="Sturm in Bern", translation=Translation("en", "human")),
            *extra,
        ], site_toml=TOML)

    return make


def build(config) -> Path:
    assert main(["--root", str(config.root), "-q", "build", "--no-ingest"]) == 0
    return config.output_path


def check_json(config, capsys, *options: str) -> tuple[int, list[dict]]:
    capsys.readouterr()
    code = main(["--root", str(config.root), "-q", "check", "--json", *options])
    return code, json.loads(capsys.readouterr().out)["findings"]


def kinds(findings: list[dict], severity: str = "error") -> set[str]:
    return {finding["kind"] for finding in findings if finding["severity"] == severity}


ARTICLE = "en/2024/11/storm-hits-bern/index.html"
GERMAN = "de/2024/11/sturm-in-bern/index.html"


def test_clean_site_passes_with_no_findings(project, capsys):
    config = project()
    build(config)
    assert check_json(config, capsys) == (0, [])


def test_check_reports_a_link_to_a_missing_page(project, make_article, capsys):
    config = project(make_article(id="vote", slug="vote", title="Vote", body="See [the budget](../../../2023/01/budget/).", translation=None),
                     make_article(id="vote", lang="de", slug="abstimmung", title="Abstimmung", translation=Translation("en", "human")))
    build(config)
    code, findings = check_json(config, capsys)
    assert code == 1
    assert kinds(findings) == {"link"}
    [finding] = findings
    assert finding["page"] == "en/2024/11/vote/index.html"
    assert "en/2023/01/budget/index.html, which does not exist" in finding["detail"]
    assert finding["line"] > 1


def test_check_reports_a_link_to_a_missing_anchor(project, make_article, capsys):
    config = project(make_article(id="vote", slug="vote", title="Vote", body="Read [the details](#details) below."),
                     make_article(id="vote", lang="de", slug="abstimmung", title="Abstimmung", translation=Translation("en", "human")))
    build(config)
    code, findings = check_json(config, capsys)
    assert code == 1
    assert [(f["kind"], f["page"]) for f in findings] == [("anchor", "en/2024/11/vote/index.html")]
    assert 'no id="details"' in findings[0]["detail"]


def test_check_reports_an_hreflang_alternate_that_does_not_link_back(project, capsys):
    config = project()
    site = build(config)
    german = site / GERMAN
    german.write_text(re.sub(r'<link rel="alternate" hreflang="en"[^>]*>', "", german.read_text(encoding="utf-8")), encoding="utf-8")
    code, findings = check_json(config, capsys)
    assert code == 1
    assert kinds(findings) == {"hreflang"}
    assert any(f["page"] == ARTICLE and f"{GERMAN} does not link back" in f["detail"] for f in findings)


def test_check_reports_a_malformed_feed(project, capsys):
    config = project()
    site = build(config)
    feed = site / "en" / "feed.xml"
    feed.write_text(feed.read_text(encoding="utf-8").replace("</feed>", ""), encoding="utf-8")
    code, findings = check_json(config, capsys)
    assert code == 1
    assert [(f["kind"], f["page"]) for f in findings] == [("feed", "en/feed.xml")]
    assert "not well-formed XML" in findings[0]["detail"]


def test_check_reports_a_feed_that_is_not_atom(project, capsys):
    config = project()
    site = build(config)
    (site / "de" / "feed.xml").write_text('<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>\n', encoding="utf-8")
    code, findings = check_json(config, capsys)
    assert (code, kinds(findings)) == (1, {"feed"})
    assert "not an Atom feed" in findings[0]["detail"]


def test_check_reports_a_sitemap_url_of_a_missing_page(project, capsys):
    config = project()
    site = build(config)
    sitemap = site / "sitemap-en.xml"
    missing = "https://example.org/news/en/2024/11/gone/"
    sitemap.write_text(sitemap.read_text(encoding="utf-8").replace("</urlset>", f"<url><loc>{missing}</loc></url></urlset>"), encoding="utf-8")
    code, findings = check_json(config, capsys)
    assert code == 1
    assert [(f["kind"], f["page"]) for f in findings] == [("sitemap", "sitemap-en.xml")]
    assert findings[0]["detail"] == f"{missing} -> en/2024/11/gone/index.html, which does not exist"
    assert findings[0]["line"] is not None


def test_check_reports_an_orphan_page(project, capsys):
    config = project()
    site = build(config)
    shutil.copyfile(site / ARTICLE, site / "en" / "forgotten.html")
    code, findings = check_json(config, capsys)
    assert code == 1
    assert [(f["kind"], f["page"]) for f in findings if f["kind"] == "orphan"] == [("orphan", "en/forgotten.html")]


def test_untranslated_article_is_a_warning_that_fails_only_with_strict(project, make_article, capsys):
    config = project(make_article(id="vote", slug="vote", title="Vote"))
    build(config)
    code, findings = check_json(config, capsys)
    assert code == 0
    assert [(f["kind"], f["severity"], f["page"], f["detail"]) for f in findings] == [
        ("untranslated", "warning", "en/2024/11/vote/index.html", "article has no de version"),
    ]
    assert check_json(config, capsys, "--strict")[0] == 1


def test_report_groups_findings_by_kind_with_file_and_line(project, make_article, capsys):
    config = project(make_article(id="vote", slug="vote", title="Vote", body="[x](#nowhere) and [y](../missing/)"))
    build(config)
    capsys.readouterr()
    assert main(["--root", str(config.root), "check"]) == 1
    out = capsys.readouterr().out
    assert out.index("broken links (1 error):") < out.index("missing anchors (1 error):") < out.index("untranslated articles")
    assert re.search(r"^  error: en/2024/11/vote/index\.html:\d+: <a href=\"#nowhere\"> -> no id=\"nowhere\"", out, re.M)
    assert "\033[" not in out, "no colour when the output is not a terminal"
    assert out.rstrip().endswith("2 errors, 1 warning")


def test_build_with_check_fails_when_the_site_has_errors(project, make_article):
    config = project(make_article(id="vote", slug="vote", title="Vote", body="[x](#nowhere)"))
    assert main(["--root", str(config.root), "-q", "build", "--no-ingest", "--check"]) == 1
    assert (config.output_path / "en/2024/11/vote/index.html").is_file(), "the site is still built"


def test_check_without_a_built_site_says_to_build(project, capsys):
    config = project()
    assert main(["--root", str(config.root), "check"]) == 1
    assert "run `newsgen build` first" in capsys.readouterr().err


def test_sample_site_passes_the_check(tmp_path, capsys):
    root = sitecheck.copy_sample_project(tmp_path / "sample")
    assert main(["--root", str(root), "-q", "build"]) == 0
    capsys.readouterr()
    assert main(["--root", str(root), "check"]) == 0
    assert "0 errors" not in capsys.readouterr().out
    started = time.perf_counter()
    result = check_site(root / "site", sitecheck.base_url_of(root), ["en", "de", "fr", "it"])
    elapsed = time.perf_counter() - started
    assert result.errors == ()
    assert {f.kind for f in result.warnings} == {"untranslated"}
    assert elapsed < 3, f"checking the sample site took {elapsed:.2f}s"


def test_parsing_in_worker_processes_finds_the_same(project, make_article):
    config = project(make_article(id="vote", slug="vote", title="Vote", body="[x](#nowhere) and [y](../missing/)"))
    site = build(config)
    serial = check_site(site, config.base_url, config.language_codes, workers=1)
    parallel = check_site(site, config.base_url, config.language_codes, workers=2)
    assert parallel == serial and len(serial.findings) == 3
