"""Tag, person, category and archive pages as a reader and a crawler see them."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from generator.build.run import build_site
from generator.content.model import Translation
from generator.core.errors import Report

ZURICH = ZoneInfo("Europe/Zurich")
PEOPLE = """people:
  - name: Karin Keller-Sutter
    roles: {en: Finance Minister, de: Finanzministerin}
"""
TAGS = """tags:
  - {id: budget, name: Federal budget, kind: topic, labels: {en: Federal budget, de: Bundeshaushalt}}
"""


@pytest.fixture
def site(make_project, make_article):
    when = lambda day: datetime(2024, 11, day, 9, 0, tzinfo=ZURICH)  # noqa: E731
    articles = [
        make_article(id="cuts", slug="budget-cuts", title="Budget cuts", tags=("Federal budget",), persons=("Karin Keller-Sutter",), published=when(20)),
        make_article(id="cuts", lang="de", slug="sparprogramm", title="Sparprogramm", tags=("Federal budget",), persons=("Karin Keller-Sutter",),
                     published=when(20), translation=Translation("en", "human")),
        make_article(id="banks", slug="bank-rules", title="Bank rules", tags=("Banking",), persons=("Karin Keller-Sutter", "Sergio Ermotti"), published=when(22),
                     category="economy"),
        make_article(id="old", slug="old-story", title="Old story", persons=("Karin Keller-Sutter",), published=datetime(2023, 3, 1, 8, 0, tzinfo=ZURICH)),
    ]
    config = make_project(articles)
    (config.content_dir / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    (config.content_dir / "tags.yaml").write_text(TAGS, encoding="utf-8")
    report = Report()
    build_site(config, report)
    assert report.ok, report.errors
    return config.output_path


def read(site, path):
    return (site / path / "index.html").read_text(encoding="utf-8")


def titles(html):
    return re.findall(r'<h2[^>]*><a href="[^"]+"[^>]*>([^<]+)</a></h2>', html)


def test_person_pages_in_each_language_list_that_languages_articles_newest_first(site):
    assert titles(read(site, "en/people/karin-keller-sutter")) == ["Bank rules", "Budget cuts"]  # front page (page_size 2)
    assert titles(read(site, "en/people/karin-keller-sutter/page/1")) == ["Old story"]
    assert titles(read(site, "de/personen/karin-keller-sutter")) == ["Sparprogramm"]


def test_person_pages_link_to_each_other_with_hreflang(site):
    english = read(site, "en/people/karin-keller-sutter")
    german = read(site, "de/personen/karin-keller-sutter")
    assert 'hreflang="de" href="https://example.org/de/personen/karin-keller-sutter/"' in english
    assert 'hreflang="en" href="https://example.org/en/people/karin-keller-sutter/"' in german
    assert "Finanzministerin" in german and "Finance Minister" in english


def test_tag_has_localized_label_and_segment(site):
    german = read(site, "de/themen/bundeshaushalt")
    assert "<h1>Bundeshaushalt</h1>" in german
    assert titles(german) == ["Sparprogramm"]


def test_term_used_only_in_english_has_no_german_page_and_no_link_to_one(site):
    assert (site / "en/people/sergio-ermotti/index.html").is_file()
    assert not (site / "de/personen/sergio-ermotti").exists()
    every_german_page = "".join(p.read_text(encoding="utf-8") for p in (site / "de").rglob("*.html"))
    assert "sergio-ermotti" not in every_german_page
    assert "banking" not in every_german_page.lower()


def test_person_index_lists_surname_first_with_counts_and_roles(site):
    index = read(site, "en/people")
    assert re.search(r"Keller-Sutter, Karin</bdi></a> <span class=\"role\"><bdi>Finance Minister</bdi></span> <span class=\"count\">\(3 articles\)", index)
    assert "Ermotti, Sergio" in index
    assert index.index(">E<") < index.index(">K<")


def test_article_links_its_persons_tags_and_category(site):
    article = read(site, "en/2024/11/bank-rules")
    assert 'href="../../../people/sergio-ermotti/"' in article
    assert 'href="../../../tags/banking/"' in article
    assert 'href="../../../category/economy/"' in article


def test_archive_lists_years_and_months_with_month_pages(site):
    archive = read(site, "en/archive")
    assert "November 2024" in archive and "March 2023" in archive
    assert titles(read(site, "en/2023/03")) == ["Old story"]
    assert "<h1>November 2024</h1>" in read(site, "de/2024/11")
    assert (site / "en/2024/index.html").is_file()


def test_segments_can_be_renamed_in_site_toml(make_project, make_article):
    toml = 'title = "T"\nbase_url = "https://example.org/"\nlanguages = ["en", "de"]\n[language.de]\nsegments = {persons = "leute"}\n'
    config = make_project([make_article(lang="de", persons=("Anna Muster",))], site_toml=toml)
    report = Report()
    build_site(config, report)
    assert report.ok, report.errors
    assert (config.output_path / "de/leute/anna-muster/index.html").is_file()
