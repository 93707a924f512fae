"""Agency feeds end to end: NewsML-G2 versions replace each other, a cancel withdraws the story, IPTC 7901 builds."""

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.content.store import iter_article_files, load_article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "agency"
SITE_TOML = 'title = "Test"\nbase_url = "https://example.org/"\nlanguages = ["en", "de"]\ntimezone = "Europe/Zurich"\n'
TITLE_V1 = "Federal railways add two night train routes for the winter"
TITLE_V2 = "Federal railways add three night train routes for the winter"


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    (tmp_path / "content" / "raw").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def deliver(project, fixture: str, name: str | None = None) -> Path:
    target = project / "content" / "raw" / (name or fixture)
    shutil.copyfile(FIXTURES / fixture, target)
    return target


def article_page(project, lang: str, slug: str) -> str:
    return next(p for p in (project / "site" / lang).rglob("*.html") if slug in p.as_posix()).read_text(encoding="utf-8")


def articles(project) -> list:
    return [load_article(path) for path in iter_article_files(project / "content" / "articles")]


def test_a_later_version_replaces_the_story_and_an_earlier_one_never_comes_back(project, capsys):
    deliver(project, "newsml-v1.xml", "0900-rail.xml")
    assert main(["ingest"]) == 0
    assert [a.title for a in articles(project)] == [TITLE_V1]
    deliver(project, "newsml-v2.xml", "1105-rail.xml")
    assert main(["ingest"]) == 0
    (story,) = articles(project)
    assert (story.title, story.source_version, story.source_file) == (TITLE_V2, 2, "content/raw/1105-rail.xml")
    capsys.readouterr()
    assert main(["ingest"]) == 0  # both files still in the feed folder: version 1 is read and set aside
    assert "1 superseded" in capsys.readouterr().err
    assert [a.title for a in articles(project)] == [TITLE_V2]


def test_an_earlier_version_arriving_late_is_ignored(project):
    deliver(project, "newsml-v2.xml", "a-rail-v2.xml")
    assert main(["ingest"]) == 0
    deliver(project, "newsml-v1.xml", "b-rail-v1.xml")
    assert main(["ingest"]) == 0
    assert [(a.title, a.source_version) for a in articles(project)] == [(TITLE_V2, 2)]


def test_a_cancel_withdraws_every_language_version_from_the_site_and_keeps_the_files(project, capsys):
    deliver(project, "newsml-v1.xml", "0900-rail.xml")
    assert main(["build"]) == 0
    (english,) = articles(project)
    german = Path(english.path).with_name(Path(english.path).name.replace(".en.md", ".de.md"))
    german.write_text(Path(english.path).read_text(encoding="utf-8").replace("lang: en", "lang: de"), encoding="utf-8")
    assert main(["build"]) == 0
    assert TITLE_V1 in article_page(project, "en", english.slug)
    deliver(project, "newsml-canceled.xml", "1200-rail-cancel.xml")
    capsys.readouterr()
    assert main(["build"]) == 0
    assert "1 withdrawn" in capsys.readouterr().err
    assert articles(project) == []
    withdrawn = project / "content" / "withdrawn" / english.id
    assert sorted(p.name for p in withdrawn.iterdir()) == sorted([Path(english.path).name, german.name, "withdrawal.json"])
    assert json.loads((withdrawn / "withdrawal.json").read_text())["version"] == 3
    site_text = " ".join(p.read_text(encoding="utf-8", errors="replace") for p in (project / "site").rglob("*") if p.is_file() and p.suffix in (".html", ".xml"))
    assert TITLE_V1 not in site_text and english.slug not in site_text
    assert main(["build"]) == 0  # the earlier versions are still in the feed folder: they stay withdrawn
    assert articles(project) == []


def test_an_edited_story_is_not_replaced_by_a_new_version(project, capsys):
    deliver(project, "newsml-v1.xml", "0900-rail.xml")
    main(["ingest"])
    (story,) = articles(project)
    path = Path(story.path)
    edited = path.read_text(encoding="utf-8").replace("from the middle of December", "from mid-December")
    path.write_text(edited, encoding="utf-8")
    deliver(project, "newsml-v2.xml", "1105-rail.xml")
    capsys.readouterr()
    assert main(["ingest"]) == 0
    assert path.read_text(encoding="utf-8") == edited
    assert "edited after ingest" in capsys.readouterr().err


def test_newsml_and_iptc_7901_stories_build_into_pages_with_their_text_escaped(project):
    deliver(project, "newsml-v1.xml", "rail.xml")
    deliver(project, "iptc7901-de.7901", "bahn.7901")
    assert main(["build"]) == 0
    stories = {a.lang: a for a in articles(project)}
    assert set(stories) == {"en", "de"}
    english = article_page(project, "en", stories["en"].slug)
    assert TITLE_V1 in english
    assert "A night train waits at a platform in Zurich main station." in english
    assert "according to the operator &lt;script&gt;." in english
    assert "<script>alert" not in english and "javascript:" not in english
    german = article_page(project, "de", stories["de"].slug)
    assert "Nachtzug nach Wien hält neu auch in Buchs SG" in german
    assert "Mehr Verbindungen im Sommer</h2>" in german


def test_a_broken_xml_file_is_named_and_the_rest_of_the_feed_still_ingests(project, capsys):
    deliver(project, "iptc7901-de.7901", "bahn.7901")
    (project / "content" / "raw" / "broken.xml").write_text('<?xml version="1.0"?>\n<newsItem guid="x" version="1">\n<contentMeta>\n</newsItem>\n', encoding="utf-8")
    assert main(["ingest"]) == 1
    err = capsys.readouterr().err
    assert "content/raw/broken.xml" in err and "not well-formed" in err
    assert [a.lang for a in articles(project)] == ["de"]
