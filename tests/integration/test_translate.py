"""`newsgen translate` on a copy of the sample project against a stub LibreTranslate on 127.0.0.1.

Every test counts the requests the stub received.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import socket
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from stub_translate import StubTranslate, loopback_only, stub_translate  # noqa: F401 - fixtures

import generator.translate.backend as backend_module
from generator.cli import main
from generator.content.people_registry import load_people
from generator.content.store import iter_article_files, load_article

REPO = Path(__file__).resolve().parents[2]
KEY_ENV = "NEWSGEN_TEST_KEY"
HUMAN_DE = (
    "content/articles/2024/07/keller-sutter-sticks-to-tougher-capital-rules-for-ubs.de.md",
    "content/articles/2024/11/federal-council-sees-eu-package-within-reach-before-year-end.de.md",
    "content/articles/2024/11/nato-secretary-general-holds-talks-with-trump-in-florida.de.md",
)
ODERMATT = "content/articles/2024/10/odermatt-opens-the-world-cup-winter-in-soelden-as-the-man-to-beat"
NATO = "content/articles/2024/11/nato-secretary-general-holds-talks-with-trump-in-florida"


pytestmark = pytest.mark.usefixtures("loopback_only")


@dataclass
class Project:
    root: Path
    stub: StubTranslate
    sleeps: list[float]

    def run(self, *args: str) -> int:
        return main(["--root", str(self.root), "-q", *args])

    def translate(self, *args: str) -> int:
        return self.run("translate", *args)

    def path(self, relative: str) -> Path:
        return self.root / relative

    def memory_rows(self) -> int:
        with sqlite3.connect(self.root / ".newsgen-cache" / "translation-memory.sqlite") as db:
            return db.execute("SELECT COUNT(*) FROM segments").fetchone()[0]


def translation_table(url: str, **extra: str) -> str:
    lines = ["", "[translation]", 'provider = "libre"', f'url = "{url}"', f'api_key_env = "{KEY_ENV}"', "timeout = 0.3", "retries = 2"]
    return "\n".join(lines + [f"{key} = {value}" for key, value in extra.items()]) + "\n"


@pytest.fixture
def project(tmp_path, stub_translate, monkeypatch):  # noqa: F811
    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "site.toml").write_text((REPO / "site.toml").read_text(encoding="utf-8") + translation_table(stub_translate.url), encoding="utf-8")
    monkeypatch.setenv(KEY_ENV, "test-key")
    sleeps: list[float] = []
    monkeypatch.setattr(backend_module, "_sleep", sleeps.append)
    return Project(root, stub_translate, sleeps)


def expected_segments(root: Path, lang: str) -> set[tuple[str, str]]:
    """(source language, text) of everything that must be sent to make the missing `lang` versions.

    Counted independently of the segmenter: title, summary, caption, each body
    block (headings without their '## '), and roles the people registry does
    not already give in `lang`.
    """
    articles = [load_article(p) for p in iter_article_files(root / "content" / "articles")]
    people = load_people(root / "content" / "people.yaml")
    have = {(a.id, a.lang) for a in articles}
    texts = set()
    for source in (a for a in articles if a.translation is None and a.lang != lang and (a.id, lang) not in have):
        fields = [source.title, source.summary, source.image.caption if source.image else None]
        fields += [block.removeprefix("## ") for block in source.body.strip().split("\n\n")]
        fields += [role for name, role in source.roles if not (people.find(name) and people.find(name).role(lang))]
        texts |= {(source.lang, text) for text in fields if text}
    return texts


def machine_versions(root: Path, lang: str) -> list[Path]:
    return [p for p in iter_article_files(root / "content" / "articles") if p.name.endswith(f".{lang}.md") and (t := load_article(p).translation) and t.status == "machine"]


def sha256_file(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- first and second run


def test_first_run_translates_every_segment_of_the_sample_into_german(project):
    expected = expected_segments(project.root, "de")
    assert project.translate("--to", "de") == 0
    assert project.stub.count == len(expected) == len(set(project.stub.texts())) == 62
    assert {r.target for r in project.stub.requests} == {"de"} and {r.api_key for r in project.stub.requests} == {"test-key"}
    written = machine_versions(project.root, "de")
    assert len(written) == 8  # 7 English sources and the French one; 3 stories have human German versions
    for path in written:
        article = load_article(path)
        source = path.with_name(path.name.replace(".de.md", f".{article.translation.source_lang}.md"))
        assert article.translation.provider == "libre"
        assert article.translation.source_hash == sha256_file(source)
        assert article.title.startswith("DE: ") and article.slug.startswith("de-")
        assert article.tags == load_article(source).tags and article.persons == load_article(source).persons
    for human in HUMAN_DE:
        assert project.path(human).read_bytes() == (REPO / human).read_bytes()


def test_the_translation_keeps_headings_and_roles_from_the_registry(project):
    assert project.translate("--to", "de") == 0
    amherd = load_article(project.path("content/articles/2024/11/amherd-wants-closer-cooperation-with-nato-but-no-accession.de.md"))
    assert "\n## DE: Looking zu Washington\n" in amherd.body
    assert dict(amherd.roles)["Mark Rutte"] == "Nato-Generalsekretär"  # from people.yaml: nothing sent


def test_second_run_sends_nothing(project):
    assert project.translate("--to", "de") == 0
    before = {p: p.read_bytes() for p in machine_versions(project.root, "de")}
    project.stub.reset()
    assert project.translate("--to", "de") == 0
    assert project.stub.count == 0
    assert {p: p.read_bytes() for p in machine_versions(project.root, "de")} == before


def test_changing_one_paragraph_of_a_source_sends_exactly_one_segment(project):
    assert project.translate("--to", "de") == 0
    german = project.path(f"{ODERMATT}.de.md")
    slug = load_article(german).slug
    source = project.path(f"{ODERMATT}.en.md")
    text = source.read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    paragraphs[-2] = "The new paragraph says the race starts on Sunday."
    source.write_text("\n\n".join(paragraphs), encoding="utf-8")
    project.stub.reset()
    assert project.translate("--to", "de") == 0
    assert project.stub.texts() == ["The new paragraph says the race starts on Sunday."]
    refreshed = load_article(german)
    assert "DE: Die new paragraph says die race starts am Sunday." in refreshed.body
    assert refreshed.translation.source_hash == sha256_file(source) and refreshed.slug == slug


# ---------------------------------------------------------------- human translations


def test_a_human_translation_is_never_overwritten_and_reported_stale(project, capsys):
    human = project.path(f"{NATO}.de.md")
    source = project.path(f"{NATO}.en.md")
    # The editor records which source version the translation matches ...
    human.write_text(human.read_text(encoding="utf-8").replace("  status: human\n", f"  status: human\n  source_hash: {sha256_file(source)}\n"), encoding="utf-8")
    assert project.translate("--to", "de") == 0
    capsys.readouterr()
    assert project.translate("--to", "de", "--status") == 0
    assert re.search(r"up to date\s+content/articles/2024/11/nato-secretary-general-holds-talks-with-trump-in-florida\.de\.md", capsys.readouterr().out)
    # ... then the source changes.
    source.write_text(source.read_text(encoding="utf-8").replace("in Florida", "in Palm Beach, Florida", 1), encoding="utf-8")
    before = human.read_bytes()
    project.stub.reset()
    assert project.translate("--to", "de") == 0
    assert project.stub.count == 0 and human.read_bytes() == before
    assert project.translate("--to", "de", "--status") == 0
    out = capsys.readouterr().out
    assert re.search(r"stale\s+content/articles/2024/11/nato-secretary-general-holds-talks-with-trump-in-florida\.de\.md \(human, source changed", out)
    assert sha256_file(source) in out


def test_human_translations_without_source_hash_are_reported_unknown_and_kept(project, capsys):
    german = project.path(HUMAN_DE[0])
    text = re.sub(r"\n  source_hash: sha256:[0-9a-f]+", "", german.read_text(encoding="utf-8"))
    german.write_text(text, encoding="utf-8")
    assert project.translate("--to", "de", "--status") == 0
    out = capsys.readouterr().out
    assert out.startswith("de: 8 missing, 1 stale, 2 up to date")
    assert out.count("(human, no source_hash recorded") == 1
    assert german.read_text(encoding="utf-8") == text
    assert project.stub.count == 0


def test_status_is_offline(project, monkeypatch, capsys):
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.delenv(KEY_ENV)
    assert project.translate("--status") == 0
    assert "fr: 12 missing" in capsys.readouterr().out


# ---------------------------------------------------------------- names


def _alter_names(q: str, source: str, target: str) -> str:
    """A provider that 'corrects' names and pads placeholders."""
    q = q.replace("Dakhlallah", "Dachlallah").replace("Keller-Sutter", "Keller Sutter")
    return "FR: " + re.sub(r"⟦(\d+)⟧", r"⟦ \1 ⟧", q)


def test_person_names_come_back_unchanged_from_a_provider_that_alters_them(project):
    project.stub.translate = _alter_names
    assert project.translate("--to", "fr") == 0
    assert not any("Dakhlallah" in q or "Keller-Sutter" in q for q in project.stub.texts())
    nato = project.path(f"{NATO}.fr.md").read_text(encoding="utf-8")
    ubs = project.path("content/articles/2024/07/keller-sutter-sticks-to-tougher-capital-rules-for-ubs.fr.md").read_text(encoding="utf-8")
    assert "Farah Dakhlallah" in nato and "Keller-Sutter" in ubs
    assert "Karin Keller-Sutter" in ubs
    for path in machine_versions(project.root, "fr"):
        assert "Dachlallah" not in path.read_text(encoding="utf-8") and "Keller Sutter" not in path.read_text(encoding="utf-8")


def test_a_provider_that_replaces_a_name_is_rejected_and_nothing_wrong_is_saved(project, capsys):
    project.stub.translate = lambda q, s, t: "FR: " + re.sub(r"⟦\d+⟧", "Farah Dachlallah", q)
    assert project.translate("--to", "fr") == 1
    err = capsys.readouterr().err
    assert "nato-secretary-general-holds-talks-with-trump-in-florida.en.md: not translated into fr: libre (markup): placeholders lost" in err
    assert not project.path(f"{NATO}.fr.md").exists()
    for path in machine_versions(project.root, "fr"):
        assert "Dachlallah" not in path.read_text(encoding="utf-8")
    with sqlite3.connect(project.root / ".newsgen-cache" / "translation-memory.sqlite") as db:
        assert not db.execute("SELECT COUNT(*) FROM segments WHERE target_text LIKE '%Dachlallah%'").fetchone()[0]


# ---------------------------------------------------------------- failures


def first_backoff(sleeps: list[float]) -> bool:
    """One wait of the first backoff (1 s, less up to half of it for jitter)."""
    return len(sleeps) == 1 and 0.5 <= sleeps[0] <= 1.0


def test_a_timeout_is_retried_and_the_run_succeeds(project):
    project.stub.then("slow")
    assert project.translate("--to", "de") == 0
    assert project.stub.count == 62 + 1 and first_backoff(project.sleeps)


def test_429_then_success(project):
    project.stub.then(429)
    assert project.translate("--to", "de") == 0
    assert project.stub.count == 62 + 1 and first_backoff(project.sleeps)


@pytest.mark.parametrize("failure, status", [(500, "HTTP 500"), ("drop", "connection"), ("slow", "timeout")])
def test_a_failure_outlasting_the_retries_loses_no_segment_that_succeeded(project, capsys, failure, status):
    project.stub.then(*["ok"] * 5, failure, failure, failure)  # retries = 2: three attempts
    assert project.translate("--to", "de") == 1
    err = capsys.readouterr().err
    assert f"not translated into de: libre ({status}):" in err and "gave up after 3 attempts" in err
    assert project.stub.count == 5 + 3  # nothing more is sent once the provider has given up
    assert project.memory_rows() == 5
    assert not machine_versions(project.root, "de")
    project.stub.reset()
    assert project.translate("--to", "de") == 0
    assert project.stub.count == 62 - 5  # the five paid segments are not sent again
    assert len(machine_versions(project.root, "de")) == 8


def test_other_articles_are_still_translated_when_one_fails(project, capsys):
    # Reject exactly the segments of one story (the stub drops a placeholder only there).
    project.stub.translate = lambda q, s, t: ("DE: " + q.replace("⟦1⟧", "")) if "Odermatt" in q or "⟦1⟧ opens" in q else "DE: " + q
    assert project.translate("--to", "de") == 1
    assert "odermatt-opens-the-world-cup-winter-in-soelden-as-the-man-to-beat.en.md: not translated into de: libre (markup)" in capsys.readouterr().err
    assert len(machine_versions(project.root, "de")) == 7


# ---------------------------------------------------------------- offline build


def _refuse(self, address):
    raise OSError(f"network blocked in this test (connect to {address})")


def test_build_with_the_network_blocked_uses_stored_translations(project, monkeypatch):
    assert project.translate("--to", "de") == 0
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    assert project.run("build") == 0
    page = project.root / "site" / "de" / "2024" / "11" / load_article(project.path("content/articles/2024/11/amherd-wants-closer-cooperation-with-nato-but-no-accession.de.md")).slug / "index.html"
    assert "machine-translation" in page.read_text(encoding="utf-8")
    assert project.stub.count == 62


def test_build_translate_is_offline_once_everything_is_translated(project, monkeypatch):
    assert project.translate() == 0
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    assert project.run("build", "--translate") == 0


def test_build_translate_translates_then_builds(project):
    assert project.run("build", "--translate") == 0
    assert project.stub.count > 0
    fr = load_article(project.path(f"{NATO}.fr.md"))
    assert (project.root / "site" / "fr" / "2024" / "11" / fr.slug / "index.html").is_file()


def test_build_without_translate_sends_nothing(project):
    assert project.run("build") == 0
    assert project.stub.count == 0


# ---------------------------------------------------------------- keys and usage errors


def test_a_key_in_site_toml_is_a_config_error(project, capsys):
    toml = project.path("site.toml")
    toml.write_text(toml.read_text(encoding="utf-8") + 'api_key = "abc123"\n', encoding="utf-8")
    assert project.translate() == 2
    assert "translation.api_key: API keys are never stored in files" in capsys.readouterr().err
    assert project.stub.count == 0


def test_a_missing_key_variable_is_named(project, monkeypatch, capsys):
    monkeypatch.delenv(KEY_ENV)
    assert project.translate() == 2
    assert f"environment variable {KEY_ENV}, which is not set" in capsys.readouterr().err
    assert project.stub.count == 0


@pytest.mark.parametrize("args, message", [
    (("--to", "de,xx"), "--to: unknown language 'xx'"),
    (("--provider", "babelfish"), "--provider: unknown provider 'babelfish'"),
    (("--provider", "deepl"), "DEEPL_API_KEY, which is not set"),
])
def test_usage_errors_exit_2(project, monkeypatch, capsys, args, message):
    monkeypatch.delenv("DEEPL_API_KEY", raising=False)
    toml = project.path("site.toml")  # site.toml's api_key_env would otherwise serve deepl as well
    toml.write_text(toml.read_text(encoding="utf-8").replace(f'api_key_env = "{KEY_ENV}"\n', ""), encoding="utf-8")
    assert project.translate(*args) == 2
    assert message in capsys.readouterr().err
    assert project.stub.count == 0


# ---------------------------------------------------------------- tag labels, Swiss German


def test_missing_tag_labels_are_translated_once_into_an_editable_file(project):
    tags = project.path("content/tags.yaml")
    tags.write_text(tags.read_text(encoding="utf-8") + "  - id: world-cup\n    name: World Cup\n    kind: topic\n", encoding="utf-8")
    source = project.path(f"{ODERMATT}.en.md")
    source.write_text(source.read_text(encoding="utf-8").replace("tags:\n", "tags:\n- World Cup\n", 1), encoding="utf-8")
    assert project.translate("--to", "de") == 0
    assert "World Cup" in project.stub.texts()
    labels = project.path("content/tag-labels.yaml").read_text(encoding="utf-8")
    assert "  world-cup:\n    de: 'DE: World Cup'\n" in labels
    project.stub.reset()
    assert project.translate("--to", "de") == 0 and project.stub.count == 0
    assert project.run("build", "--no-ingest") == 0
    german = load_article(project.path(f"{ODERMATT}.de.md"))
    assert "DE: World Cup" in (project.root / "site" / "de" / "2024" / "10" / german.slug / "index.html").read_text(encoding="utf-8")


SWISS_SITE = """\
title = "Wire"
base_url = "https://example.org/"
languages = ["en", "de-ch"]
"""


def test_swiss_german_spells_ss_but_keeps_names(tmp_path, stub_translate, monkeypatch, make_article, write_article):  # noqa: F811
    from generator.config.settings import load_config

    root = tmp_path / "swiss"
    root.mkdir()
    (root / "site.toml").write_text(SWISS_SITE + translation_table(stub_translate.url, swiss_german="true"), encoding="utf-8")
    monkeypatch.setenv(KEY_ENV, "k")
    config = load_config(root)
    write_article(config, make_article(title="A large street", body="Anna Groß lives on a large street.", summary="Large.", persons=("Anna Groß",)))
    assert main(["--root", str(root), "-q", "translate"]) == 0
    german = load_article(next(p for p in iter_article_files(config.articles_dir) if p.name.endswith(".de-ch.md")))
    assert german.body == "DE: Anna Groß lives am ein gross Strasse.\n"
    assert german.title == "DE: Ein gross Strasse"
    assert "Anna Groß" not in stub_translate.texts()[0]


def test_progress_reports_every_segment(project):
    from generator.config.settings import load_config
    from generator.core.errors import Report
    from generator.translate.pipeline import translate_articles

    seen = []
    summary = translate_articles(load_config(project.root), ("de",), Report(), environ={KEY_ENV: "k"}, on_progress=lambda *args: seen.append(args))
    assert seen[-1] == (65, 65, 3, 62)
    assert (len(summary.translated), summary.sent, summary.cached, summary.requests) == (8, 62, 3, 62)


def test_a_translated_slug_taken_in_the_language_gets_a_number(make_project, make_article, stub_translate, monkeypatch):  # noqa: F811
    site = 'title = "Wire"\nbase_url = "https://example.org/"\nlanguages = ["en", "de"]\n' + translation_table(stub_translate.url)
    config = make_project([make_article(id="one", slug="storm-one"), make_article(id="two", slug="storm-two")], site_toml=site)
    monkeypatch.setenv(KEY_ENV, "k")
    assert main(["--root", str(config.root), "-q", "translate"]) == 0
    slugs = sorted(load_article(p).slug for p in iter_article_files(config.articles_dir) if p.name.endswith(".de.md"))
    assert slugs == ["de-storm-hits-bern", "de-storm-hits-bern-2"]
    assert stub_translate.count == 3  # title, summary and body are the same in both stories: sent once
