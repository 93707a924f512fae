"""What an edition shows for a story that has no version in its language."""

from generator.build.run import build_site
from generator.core.errors import Report

TOML = 'title = "T"\nbase_url = "https://example.org/"\nlanguages = ["en", "de"]\n'


def build(config):
    report = Report()
    build_site(config, report)
    assert report.ok, report.errors
    return config.output_path


def test_missing_version_is_left_out_by_default(make_project, make_article):
    site = build(make_project([make_article()], site_toml=TOML))
    assert "Storm hits Bern" not in (site / "de/index.html").read_text(encoding="utf-8")


def test_missing_version_can_show_the_original_with_a_notice(make_project, make_article):
    config = make_project([make_article()], site_toml=TOML + '[translation]\nmissing = "source"\n')
    site = build(config)
    german_home = (site / "de/index.html").read_text(encoding="utf-8")
    assert '<h2 lang="en"><a href="../en/2024/11/storm-hits-bern/" hreflang="en">Storm hits Bern</a></h2>' in german_home
    assert "Noch nicht in dieser Sprache verfügbar. Original auf Englisch." in german_home
    assert not (site / "de/2024/11/storm-hits-bern").exists()
    english = (site / "en/2024/11/storm-hits-bern/index.html").read_text(encoding="utf-8")
    assert 'hreflang="de"' not in english.split("</head>")[0]
