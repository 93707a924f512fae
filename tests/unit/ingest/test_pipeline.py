"""The ingest stage: what it accepts the store reads back and the build accepts; one bad file never stops the others."""

from pathlib import Path

from sample_story import STORY

from generator.content.store import iter_article_files, load_article
from generator.core.errors import Report
from generator.ingest import rawstory
from generator.ingest.pipeline import ingest_files
from generator.ingest.sources import find_raw_files


def write_raw(config, name: str, text: str) -> Path:
    path = config.raw_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_caption_that_describes_nothing_is_ingested_without_a_picture_note_and_loads(config):
    text = STORY.replace("Donald Trump and Mark Rutte at the White House in 2019. Photo: Alex Brandon/AP/dpa", ". Photo: KEYSTONE/Someone")
    write_raw(config, "001.txt", text)
    report = Report()
    [result] = ingest_files(config, find_raw_files(config), report)
    assert report.ok and result.status == "new"
    assert "describes nothing" in result.message
    [path] = iter_article_files(config.articles_dir)
    assert load_article(path).image is None


def test_story_in_a_language_the_site_does_not_publish_is_refused_not_written(config):
    french = STORY.replace(
        "Nato Secretary General Mark Rutte has held talks",
        "Le secrétaire général de l'Otan a rencontré le président élu pour des entretiens qui ont été longs et dans une ambiance",
    ).replace("Diplomats said the war", "Selon les diplomates, la guerre et les dépenses sont pour le moment au centre des débats avec les alliés")
    write_raw(config, "fr.txt", french)
    report = Report()
    [result] = ingest_files(config, find_raw_files(config), report)
    assert result.status == "failed"
    [error] = report.errors
    assert error.file == "content/raw/fr.txt" and "'fr'" in error.message and "site.toml" in error.message
    assert iter_article_files(config.articles_dir) == []


def test_reader_crash_names_the_file_and_the_other_files_still_ingest(config, monkeypatch):
    write_raw(config, "001_good.txt", STORY)
    write_raw(config, "002_crash.txt", STORY.replace("Alliance chief", "Crashing chief"))
    real_parse = rawstory.parse_wire

    def parse_or_crash(text, name, *args):
        if "crash" in name:
            raise IndexError("list index out of range")
        return real_parse(text, name, *args)

    monkeypatch.setattr(rawstory, "parse_wire", parse_or_crash)
    report = Report()
    results = ingest_files(config, find_raw_files(config), report)
    assert [r.status for r in results] == ["new", "failed"]
    [error] = report.errors
    assert error.file == "content/raw/002_crash.txt"
    assert "IndexError" in error.message and "please report this file" in error.message
    assert len(iter_article_files(config.articles_dir)) == 1


def test_project_without_raw_folder_has_nothing_to_ingest(config):
    assert not config.raw_dir.exists()
    assert find_raw_files(config) == []


def test_missing_file_given_by_name_is_still_an_error(config):
    report = Report()
    [result] = ingest_files(config, find_raw_files(config, [config.root / "nowhere.txt"]), report)
    assert result.status == "failed"
    assert report.errors[0].file == "nowhere.txt"
