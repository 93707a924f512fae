"""`newsgen ingest` end to end: files in content/raw become article files, safely."""

import json
import os

import pytest

from generator.cli import main
from generator.content.store import iter_article_files, load_article

SITE_TOML = 'title = "Test"\nbase_url = "https://example.org/"\nlanguages = ["en", "de"]\ntimezone = "Europe/Zurich"\n'

NATO_STORY = """InternationalAlliance chief visits Trump at his Florida estate

SDA

23.11.2024 - 13:03

ARCHIVE - Donald Trump (r) and Mark Rutte at the White House in 2019. Photo: Alex Brandon/AP/dpa
ARCHIVE - Donald Trump (r) and Mark Rutte at the White House in 2019. Photo: Alex Brandon/AP/dpa
Keystone

Nato Secretary General Mark Rutte has held talks with US President-elect Donald Trump in Florida. "Global security questions were on the table," Nato spokeswoman Farah Dakhlallah said in Brussels.

Diplomats said Russia's war against Ukraine and defense spending were the main subjects. Trump has long demanded that allies spend more on their armies.

Allies fear a second Trump term

Many governments in the alliance had hoped that Kamala Harris would win. Rutte nevertheless struck a calm tone after the vote.

SDA
"""

GERMAN_STORY = """SchweizKeller-Sutter verteidigt das Sparprogramm des Bundes
Keystone-SDA
14.11.2024 - 16:20
Finanzministerin Karin Keller-Sutter in Bern. Symbolbild: Anna Beispiel/KEYSTONE
Finanzministerin Karin Keller-Sutter in Bern. Symbolbild: Anna Beispiel/KEYSTONE
Keystone
Bundesrätin Karin Keller-Sutter hat das Sparprogramm des Bundes vor dem Parlament verteidigt. Ohne Kürzungen drohten ab 2026 Defizite in Milliardenhöhe, sagte die Finanzministerin am Donnerstag in Bern.
Die Kantone kritisieren, dass der Bund Lasten auf sie abwälze. Keller-Sutter wies das zurück.
"""


TAGS_YAML = """tags:
  - id: nato
    name: NATO
    kind: organisation
    aliases: [Nato, Atlantic alliance]
    labels: {en: NATO, de: Nato}
  - id: us
    name: United States
    kind: place
    aliases: [US, USA]
  - id: defence-spending
    name: Defence spending
    kind: topic
    aliases: [defense spending, defence spending, Verteidigungsausgaben]
    labels: {en: Defence spending, de: Verteidigungsausgaben}
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    raw = tmp_path / "content" / "raw"
    raw.mkdir(parents=True)
    (tmp_path / "content" / "tags.yaml").write_text(TAGS_YAML, encoding="utf-8")
    (raw / "001_nato.txt").write_text(NATO_STORY, encoding="utf-8")
    (raw / "002_budget.txt").write_text(GERMAN_STORY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def articles(project):
    return {p.relative_to(project).as_posix(): load_article(p) for p in iter_article_files(project / "content" / "articles")}


def test_ingest_writes_one_article_per_raw_file(project):
    assert main(["ingest"]) == 0
    found = articles(project)
    assert sorted(found) == [
        "content/articles/2024/11/alliance-chief-visits-trump-at-his-florida-estate.en.md",
        "content/articles/2024/11/keller-sutter-verteidigt-das-sparprogramm-des-bundes.de.md",
    ]
    nato = found["content/articles/2024/11/alliance-chief-visits-trump-at-his-florida-estate.en.md"]
    assert nato.category == "international"
    assert nato.agency == "SDA"
    assert nato.published.isoformat() == "2024-11-23T13:03:00+01:00"
    assert nato.persons == ("Mark Rutte", "Donald Trump", "Farah Dakhlallah", "Kamala Harris")
    assert "## Allies fear a second Trump term" in nato.body
    assert nato.source_file == "content/raw/001_nato.txt"
    budget = found["content/articles/2024/11/keller-sutter-verteidigt-das-sparprogramm-des-bundes.de.md"]
    assert budget.lang == "de"
    assert budget.category == "switzerland"
    assert budget.image.credit == "Anna Beispiel/KEYSTONE"
    assert budget.persons == ("Karin Keller-Sutter",)


def test_second_ingest_is_idempotent(project):
    assert main(["ingest"]) == 0
    before = {path: (load.id, (project / path).read_bytes(), os.stat(project / path).st_mtime_ns) for path, load in articles(project).items()}
    assert main(["ingest"]) == 0
    after = {path: (load.id, (project / path).read_bytes(), os.stat(project / path).st_mtime_ns) for path, load in articles(project).items()}
    assert after == before


def test_hand_edited_article_is_never_overwritten_and_is_reported(project, capsys):
    main(["ingest"])
    path = next(p for p in iter_article_files(project / "content" / "articles") if p.name.endswith(".en.md"))
    edited = path.read_text(encoding="utf-8").replace("calm tone", "calm, measured tone")
    path.write_text(edited, encoding="utf-8")
    raw = project / "content" / "raw" / "001_nato.txt"
    raw.write_text(NATO_STORY.replace("in Brussels", "in Brussels on Saturday"), encoding="utf-8")
    capsys.readouterr()
    assert main(["ingest"]) == 0
    assert path.read_text(encoding="utf-8") == edited
    assert "edited after ingest" in capsys.readouterr().err


def test_corrected_raw_file_updates_untouched_article_and_keeps_its_id(project):
    main(["ingest"])
    first = {a.lang: a for a in articles(project).values()}
    raw = project / "content" / "raw" / "001_nato.txt"
    raw.write_text(NATO_STORY.replace("Alliance chief visits", "Alliance chief Rutte visits"), encoding="utf-8")
    assert main(["ingest"]) == 0
    second = {a.lang: a for a in articles(project).values()}
    assert second["en"].title == "Alliance chief Rutte visits Trump at his Florida estate"
    assert second["en"].id == first["en"].id
    assert len(articles(project)) == 2  # the file under the old slug is gone


BAD_FILES = {
    "empty.txt": (b"", "empty"),
    "binary.txt": (b"\x00\x01\x02\x03" * 100, "binary"),
    "huge.txt": (b"x" * 10_000_000, "bytes"),
    "noslug.txt": ("— !!! —\nSDA\n23.11.2024 - 13:03\nA body sentence that is long enough to be text.\n".encode(), "slug"),
    "dots.txt": ("..\nSDA\n23.11.2024 - 13:03\nA body sentence that is long enough to be text.\n".encode(), "slug"),
}


def test_bad_files_are_named_and_the_others_still_ingest(project, capsys):
    raw = project / "content" / "raw"
    for name, (data, _) in BAD_FILES.items():
        (raw / name).write_bytes(data)
    assert main(["ingest"]) == 1
    err = capsys.readouterr().err
    for name, (_, message) in BAD_FILES.items():
        line = next((line for line in err.splitlines() if f"content/raw/{name}" in line), "")
        assert message in line, (name, err)
    assert len(articles(project)) == 2
    leftovers = [p for p in (project / "content").rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


UNDATED = b"InternationalA headline without a date\nSDA\nA body sentence that names no day at all.\n"


def test_undated_story_takes_the_file_time_with_a_warning(project, capsys):
    raw = project / "content" / "raw" / "undated.txt"
    raw.write_bytes(UNDATED)
    os.utime(raw, (1732537800, 1732537800))  # 2024-11-25 12:30 UTC
    assert main(["ingest"]) == 0
    assert "modification time" in capsys.readouterr().err
    [undated] = [a for a in articles(project).values() if a.title == "A headline without a date"]
    assert undated.published.isoformat() == "2024-11-25T13:30:00+01:00"


def test_undated_story_takes_the_date_in_its_file_name(project, capsys):
    (project / "content" / "raw" / "2024-06-14_undated.txt").write_bytes(UNDATED)
    assert main(["ingest"]) == 0
    assert "file name (2024-06-14" in capsys.readouterr().err
    [undated] = [a for a in articles(project).values() if a.title == "A headline without a date"]
    assert undated.published.isoformat() == "2024-06-14T00:00:00+02:00"


def test_date_option_dates_undated_stories_only(project, capsys):
    (project / "content" / "raw" / "2024-06-14_undated.txt").write_bytes(UNDATED)
    assert main(["ingest", "--date", "2024-12-01 08:15"]) == 0
    assert "--date" in capsys.readouterr().err
    by_title = {a.title: a for a in articles(project).values()}
    assert by_title["A headline without a date"].published.isoformat() == "2024-12-01T08:15:00+01:00"
    assert all(a.published.year == 2024 and a.published.month == 11 for t, a in by_title.items() if t != "A headline without a date")


def test_date_option_that_is_no_date_is_a_usage_error(project, capsys):
    assert main(["ingest", "--date", "soon"]) == 2
    assert "--date" in capsys.readouterr().err


def test_cp1252_file_is_ingested_with_a_warning(project, capsys):
    (project / "content" / "raw" / "003_legacy.txt").write_bytes(GERMAN_STORY.replace("Keller-Sutter verteidigt", "Zürcher Bank verteidigt").encode("cp1252"))
    assert main(["ingest"]) == 0
    assert "Windows-1252" in capsys.readouterr().err
    assert any(a.title.startswith("Zürcher Bank") for a in articles(project).values())


def test_script_in_wire_text_never_reaches_the_article(project):
    (project / "content" / "raw" / "004_xss.txt").write_text(NATO_STORY.replace("Rutte nevertheless", "<script>alert(1)</script>Rutte nevertheless"), encoding="utf-8")
    main(["ingest"])
    bodies = " ".join(a.body for a in articles(project).values())
    assert "<script>" not in bodies and "alert(1)" not in bodies


def test_json_view_prints_stable_keys_and_writes_nothing(project, capsys):
    assert main(["ingest", "--json", "content/raw/001_nato.txt"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert not (project / "content" / "articles").exists()
    [record] = records
    for key in ("file", "title", "category", "agency", "published", "lang", "dateline", "byline", "persons", "tags", "caption", "photo_credit", "image_agency", "subheadings", "body"):
        assert key in record
    assert record["category"] == "International"
    assert record["caption"] == "Donald Trump (r) and Mark Rutte at the White House in 2019."
    assert record["photo_credit"] == "Alex Brandon/AP/dpa"
    assert record["image_agency"] == "Keystone"
    assert record["subheadings"] == ["Allies fear a second Trump term"]
    assert record["persons"] == ["Mark Rutte", "Donald Trump", "Farah Dakhlallah", "Kamala Harris"]
    assert "Alex Brandon" not in record["persons"]
    for tag in ("NATO", "United States", "Russia", "Ukraine"):
        assert tag in record["tags"]
    assert len(record["tags"]) <= 8


def test_unknown_language_flag_is_a_usage_error(project, capsys):
    assert main(["ingest", "--lang", "klingon"]) == 2
    assert "klingon" in capsys.readouterr().err


def test_missing_config_is_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["ingest"]) == 2
    assert "site.toml" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["ingest"], ["build"], ["ingest", "--json"]])
def test_project_without_raw_folder_ingests_and_builds_nothing_without_error(project, capsys, command):
    (project / "content" / "raw" / "001_nato.txt").unlink()
    (project / "content" / "raw" / "002_budget.txt").unlink()
    (project / "content" / "raw").rmdir()
    assert main(command) == 0
    assert "cannot read" not in capsys.readouterr().err


def test_caption_that_describes_nothing_ingests_and_the_site_still_builds(project, capsys):
    raw = project / "content" / "raw" / "001_nato.txt"
    raw.write_text(NATO_STORY.replace("Donald Trump (r) and Mark Rutte at the White House in 2019. Photo: Alex Brandon/AP/dpa", ". Photo: KEYSTONE/Someone"), encoding="utf-8")
    assert main(["ingest"]) == 0
    assert "content/raw/001_nato.txt: line 7: the picture caption" in capsys.readouterr().err
    nato = next(a for a in articles(project).values() if a.lang == "en")
    assert nato.image is None
    assert main(["build"]) == 0


def test_nel_and_line_separator_in_a_headline_survive_ingest_and_build(project):
    raw = project / "content" / "raw" / "001_nato.txt"
    raw.write_text(NATO_STORY.replace("Alliance chief visits", "Alliance chief\u0085 visits\u2028"), encoding="utf-8")
    assert main(["ingest"]) == 0
    nato = next(a for a in articles(project).values() if a.lang == "en")
    assert nato.title == "Alliance chief… visits Trump at his Florida estate"
    assert main(["build"]) == 0


def test_raw_file_whose_name_yaml_quotes_is_ingested_once(project):
    # The index of earlier ingests read source_file by pattern, quotes and all: every ingest wrote one more copy.
    (project / "content" / "raw" / "003_AP: it's news.txt").write_text(NATO_STORY.replace("Alliance chief", "Quoted chief"), encoding="utf-8")
    assert main(["ingest"]) == 0
    assert main(["ingest"]) == 0
    quoted = [a for a in articles(project).values() if a.title.startswith("Quoted chief")]
    assert [a.source_file for a in quoted] == ["content/raw/003_AP: it's news.txt"]


def test_one_bad_raw_file_does_not_hold_back_the_others_and_the_site_can_be_deployed(project, capsys):
    raw = project / "content" / "raw"
    (raw / "broken.txt").write_bytes(b"\x00\x01\x02 not a story")
    (raw / "impossible.txt").write_bytes(b"InternationalA headline\nSDA\n30.02.2024 - 25:61\nA sentence.\n")
    assert main(["build"]) == 1  # something needs attention...
    said = capsys.readouterr().err
    assert "error: content/raw/broken.txt: file looks binary" in said
    assert "1 raw file refused" in said
    pages = [p for p in (project / "site").rglob("index.html") if "/2024/" in p.as_posix() or "/2025/" in p.as_posix()]
    assert pages, "the good stories were not published"
    # ...but the site is whole: deploy publishes it.
    assert main(["deploy", "--to", f"folder:{project / 'www'}"]) == 0
    assert (project / "www" / "index.html").is_file()


def test_json_view_names_a_file_that_trips_a_reader_bug(project, capsys, monkeypatch):
    import generator.ingest.rawstory as rawstory

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(rawstory, "analyse_raw", broken)
    assert main(["ingest", "--json", "content/raw/001_nato.txt", "content/raw/002_budget.txt"]) == 1
    err = capsys.readouterr().err
    assert "content/raw/001_nato.txt: could not be read (ZeroDivisionError: a bug)" in err
    assert "content/raw/002_budget.txt" in err
