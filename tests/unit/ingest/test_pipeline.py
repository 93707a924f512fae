"""The ingest stage: what it accepts the store reads back and the build accepts; one bad file never stops the others."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.content.store import iter_article_files, load_article
from generator.core.errors import NewsgenError, Report
from generator.ingest import pipeline
from generator.ingest.pipeline import DateHints, analyse_raw, ingest_files
from generator.ingest.sources import find_raw_files

ZURICH = ZoneInfo("Europe/Zurich")

STORY = """InternationalAlliance chief visits Trump at his Florida estate
SDA
23.11.2024 - 13:03
ARCHIVE - Donald Trump and Mark Rutte at the White House in 2019. Photo: Alex Brandon/AP/dpa
ARCHIVE - Donald Trump and Mark Rutte at the White House in 2019. Photo: Alex Brandon/AP/dpa
Keystone
Nato Secretary General Mark Rutte has held talks with US President-elect Donald Trump in Florida. "Global security questions were on the table," a spokeswoman said.

Diplomats said the war against Ukraine and defence spending were the main subjects.
"""


def analyse(text: str, config, vocab, name: str = "content/raw/story.txt", **kwargs):
    return analyse_raw(text.encode("utf-8"), name, config, vocab, **kwargs)


def write_raw(config, name: str, text: str) -> Path:
    path = config.raw_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_plain_story_with_one_br_line_and_one_p_line_keeps_its_date_and_paragraphs(config, vocab):
    # One block tag used to switch the whole file to HTML: its lines were joined and it had "no publication date".
    text = STORY.replace("Keystone\n", "Keystone\n<br>\n").replace("Diplomats said", "<p>Diplomats said").replace("main subjects.", "main subjects.</p>")
    story, article = analyse(text, config, vocab)
    assert article.published.isoformat() == "2024-11-23T13:03:00+01:00"
    assert article.title == "Alliance chief visits Trump at his Florida estate"
    assert story.paragraphs == (
        'Nato Secretary General Mark Rutte has held talks with US President-elect Donald Trump in Florida. "Global security questions were on the table," a spokeswoman said.',
        "Diplomats said the war against Ukraine and defence spending were the main subjects.",
    )
    assert "<" not in article.body


def test_caption_that_describes_nothing_is_ingested_without_a_picture_note_and_loads(config):
    text = STORY.replace("Donald Trump and Mark Rutte at the White House in 2019. Photo: Alex Brandon/AP/dpa", ". Photo: KEYSTONE/Someone")
    write_raw(config, "001.txt", text)
    report = Report()
    [result] = ingest_files(config, find_raw_files(config), report)
    assert report.ok and result.status == "new"
    assert "describes nothing" in result.message
    [path] = iter_article_files(config.articles_dir)
    assert load_article(path).image is None


def test_bidi_controls_never_reach_title_persons_or_tags(config, vocab):
    text = STORY.replace("Alliance chief", "Alliance \u202echief\u202c").replace("Mark Rutte has", "\u2066Mark Rutte\u2069 has").replace("Ukraine", "\u2067Ukraine\u2069")
    _, article = analyse(text, config, vocab)
    bidi = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    for name in (article.title, *article.persons, *article.tags, *(person for person, _ in article.roles)):
        assert not any(ch in name for ch in bidi), repr(name)
    assert "Mark Rutte" in article.persons
    assert "Ukraine" in article.tags


def test_time_in_the_hour_clocks_skip_is_the_instant_it_stands_for(config, vocab):
    # 02:34 on 31 March 2024 does not exist in Zurich: read back from the file, it compared unequal.
    _, article = analyse(STORY.replace("23.11.2024 - 13:03", "31.03.2024 - 02:34"), config, vocab)
    assert article.published.isoformat() == "2024-03-31T03:34:00+02:00"
    story, _ = analyse(STORY.replace("23.11.2024 - 13:03", "31.03.2024 - 02:34"), config, vocab)
    assert any("does not exist" in w for w in story.warnings)


def test_time_in_the_repeated_hour_keeps_its_offset(config, vocab):
    _, article = analyse(STORY.replace("23.11.2024 - 13:03", "27.10.2024 - 02:30"), config, vocab)
    assert article.published.isoformat() == "2024-10-27T02:30:00+02:00"


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
    real_parse = pipeline.parse_wire

    def parse_or_crash(text, name, *args):
        if "crash" in name:
            raise IndexError("list index out of range")
        return real_parse(text, name, *args)

    monkeypatch.setattr(pipeline, "parse_wire", parse_or_crash)
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


def test_date_given_for_an_undated_story_is_normalised_too(config, vocab):
    # The fallback dates go through the same normalisation as dates in the text.
    given = datetime(2024, 3, 31, 2, 15, tzinfo=ZURICH)
    _, article = analyse(STORY.replace("23.11.2024 - 13:03\n", ""), config, vocab, hints=DateHints(given=given))
    assert article.published.isoformat() == "2024-03-31T03:15:00+02:00"


def test_every_refusal_names_the_file(config, vocab):
    for text in ("", "\x00\x01binary", "Headline only\n", "Title\nSDA\n"):
        with pytest.raises(NewsgenError) as error:
            analyse(text, config, vocab, name="content/raw/bad.txt")
        assert error.value.file == "content/raw/bad.txt"
