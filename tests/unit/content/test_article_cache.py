"""Parsed articles are reused only while their file is provably unchanged."""

import os
import sqlite3
from contextlib import closing
from dataclasses import fields, replace

import pytest

from generator.content import article_cache
from generator.content.article_cache import CACHE_NAME, ArticleCache
from generator.content.model import Article, Image, Translation
from generator.content.store import load_article, render_article

OLD = 1_600_000_000_000_000_000  # a modification time long before any build


def write(path, article, mtime=OLD):
    path.write_text(render_article(article), encoding="utf-8")
    os.utime(path, ns=(mtime, mtime))


def counting_parser():
    calls = []

    def parse(path, name):
        calls.append(name)
        return load_article(path, name)

    return parse, calls


def must_not_parse(path, name):
    pytest.fail(f"{name} was parsed again")


def stored_rows(cache_dir):
    """File name -> (size, mtime) as the database holds them."""
    with closing(sqlite3.connect(cache_dir / CACHE_NAME)) as db:
        return {name: (size, mtime) for name, size, mtime in db.execute("SELECT name, size, mtime_ns FROM articles")}


def cache_files(tmp_path, make_article, *names):
    """Write old articles ``names`` and save a cache of them; returns the parser's calls."""
    parse, calls = counting_parser()
    cache = ArticleCache(tmp_path / "cache", "code")
    for number, name in enumerate(names):
        write(tmp_path / name, make_article(id=f"story-{number}"))
        cache.load(tmp_path / name, name, parse)
    cache.save()
    return calls


def load_all(tmp_path, *names, code="code"):
    """Load ``names`` through a new cache and save it; returns the parser's calls."""
    parse, calls = counting_parser()
    cache = ArticleCache(tmp_path / "cache", code)
    for name in names:
        cache.load(tmp_path / name, name, parse)
    cache.save()
    return calls


def test_unchanged_file_is_not_parsed_again_and_loads_equal(tmp_path, make_article):
    article = make_article()
    path = tmp_path / "a.md"
    write(path, article)
    expected = load_article(path, "a.md")
    parse, calls = counting_parser()
    first = ArticleCache(tmp_path / "cache", "code")
    assert first.load(path, "a.md", parse) == expected
    first.save()
    second = ArticleCache(tmp_path / "cache", "code")
    loaded = second.load(path, "a.md", parse)
    assert calls == ["a.md"]
    assert loaded == expected and loaded.path == "a.md"


def test_every_article_field_survives_the_cache(tmp_path, make_article):
    assert {field.name for field in fields(Article)} == {*article_cache._RECORD_FIELDS, "body", "path"}
    full = make_article(
        body="Line one.\n\n## Ünïcode \"quotes\"\n\nLine two.", dateline="Bern", byline="Anna Muster", credits="Editing by Tom",
        image=Image("Storm over Bern", credit="Keystone/Anna", agency="Keystone", archive=True), tags=("Storm", "Bern"),
        persons=("Anna Muster",), roles=(("Anna Muster", "Mayor"),), source_file="wire/1.txt", source_hash="abc",
        translation=Translation("de", "machine", provider="libre", source_hash="def"),
    )
    (tmp_path / "a.md").write_text("unused: the parser below returns the article", encoding="utf-8")
    os.utime(tmp_path / "a.md", ns=(OLD, OLD))
    cache = ArticleCache(tmp_path / "cache", "code")
    cache.load(tmp_path / "a.md", "a.md", lambda path, name: full)
    cache.save()
    loaded = ArticleCache(tmp_path / "cache", "code").load(tmp_path / "a.md", "a.md", must_not_parse)
    assert loaded == full and loaded.path == "a.md"


def test_changed_file_is_parsed_again(tmp_path, make_article):
    path = tmp_path / "a.md"
    write(path, make_article())
    parse, calls = counting_parser()
    cache = ArticleCache(tmp_path / "cache", "code")
    cache.load(path, "a.md", parse)
    cache.save()
    write(path, make_article(title="Storm hits Bern again"), mtime=OLD + 10)
    assert ArticleCache(tmp_path / "cache", "code").load(path, "a.md", parse).title == "Storm hits Bern again"
    assert calls == ["a.md", "a.md"]


def test_new_code_or_a_just_modified_file_is_not_trusted(tmp_path, make_article):
    old, fresh = tmp_path / "old.md", tmp_path / "fresh.md"
    write(old, make_article())
    fresh.write_text(render_article(make_article(id="other")), encoding="utf-8")  # modified now
    parse, calls = counting_parser()
    cache = ArticleCache(tmp_path / "cache", "code")
    cache.load(old, "old.md", parse)
    cache.load(fresh, "fresh.md", parse)
    cache.save()
    again = ArticleCache(tmp_path / "cache", "code")
    again.load(old, "old.md", parse)
    again.load(fresh, "fresh.md", parse)
    assert calls == ["old.md", "fresh.md", "fresh.md"]
    ArticleCache(tmp_path / "cache", "new code").load(old, "old.md", parse)
    assert calls[-1] == "old.md"


def test_new_code_empties_the_cache(tmp_path, make_article):
    cache_files(tmp_path, make_article, "a.md", "b.md")
    assert load_all(tmp_path, "a.md", code="new code") == ["a.md"]
    assert set(stored_rows(tmp_path / "cache")) == {"a.md"}
    assert load_all(tmp_path, "a.md", code="new code") == []


def test_new_schema_empties_the_cache(tmp_path, make_article, monkeypatch):
    cache_files(tmp_path, make_article, "a.md", "b.md")
    monkeypatch.setattr(article_cache, "CACHE_SCHEMA", article_cache.CACHE_SCHEMA + 1)
    assert load_all(tmp_path, "a.md") == ["a.md"]
    assert set(stored_rows(tmp_path / "cache")) == {"a.md"}


def test_only_changed_and_vanished_files_change_rows(tmp_path, make_article):
    cache_files(tmp_path, make_article, "a.md", "b.md", "c.md")
    before = stored_rows(tmp_path / "cache")
    write(tmp_path / "b.md", make_article(title="Storm hits Bern again"), mtime=OLD + 10)
    (tmp_path / "c.md").unlink()
    assert load_all(tmp_path, "a.md", "b.md") == ["b.md"]
    after = stored_rows(tmp_path / "cache")
    assert set(after) == {"a.md", "b.md"}
    assert after["a.md"] == before["a.md"] and after["b.md"][1] == OLD + 10


def test_nothing_changed_leaves_the_database_untouched(tmp_path, make_article):
    cache_files(tmp_path, make_article, "a.md", "b.md")
    database = tmp_path / "cache" / CACHE_NAME
    os.utime(database, ns=(OLD, OLD))
    assert load_all(tmp_path, "a.md", "b.md") == []
    assert database.stat().st_mtime_ns == OLD


def test_leftover_json_cache_is_removed(tmp_path, make_article):
    legacy = tmp_path / "cache" / "articles.json"
    legacy.parent.mkdir()
    legacy.write_text('{"schema": 1, "articles": {}}', encoding="utf-8")
    cache_files(tmp_path, make_article, "a.md")
    assert not legacy.exists()


def truncate(path):
    with open(path, "r+b") as file:
        file.truncate(path.stat().st_size // 2)


def overwrite_with_garbage(path):
    path.write_bytes(os.urandom(path.stat().st_size))


def overwrite_header(path):
    with open(path, "r+b") as file:
        file.write(b"\x00garbage" * 16)


def empty(path):
    path.write_bytes(b"")


@pytest.mark.parametrize("damage", [truncate, overwrite_with_garbage, overwrite_header, empty])
def test_damaged_database_is_ignored_and_rebuilt(tmp_path, make_article, damage):
    names = [f"{number}.md" for number in range(20)]  # enough rows for a truncation to cut some
    cache_files(tmp_path, make_article, *names)
    damage(tmp_path / "cache" / CACHE_NAME)
    assert load_all(tmp_path, *names) == names
    assert load_all(tmp_path, *names) == []


def test_locked_database_is_ignored_and_kept(tmp_path, make_article, monkeypatch):
    monkeypatch.setattr(article_cache, "LOCK_TIMEOUT_S", 0.01)
    cache_files(tmp_path, make_article, "a.md")
    write(tmp_path / "b.md", make_article(id="other"))
    other_build = sqlite3.connect(tmp_path / "cache" / CACHE_NAME, isolation_level=None)
    other_build.execute("BEGIN EXCLUSIVE")
    try:
        assert load_all(tmp_path, "a.md", "b.md") == ["a.md", "b.md"]
    finally:
        other_build.close()
    assert load_all(tmp_path, "a.md", "b.md") == ["b.md"]


def test_interrupted_save_keeps_the_previous_cache(tmp_path, make_article, monkeypatch):
    cache_files(tmp_path, make_article, "a.md")
    write(tmp_path / "b.md", make_article(id="b"))
    write(tmp_path / "c.md", make_article(id="c"))
    encode = article_cache._to_row

    def encode_then_crash(name, *rest):
        if name == "c.md":
            raise KeyboardInterrupt
        return encode(name, *rest)

    monkeypatch.setattr(article_cache, "_to_row", encode_then_crash)
    with pytest.raises(KeyboardInterrupt):
        load_all(tmp_path, "a.md", "b.md", "c.md")
    assert set(stored_rows(tmp_path / "cache")) == {"a.md"}


def test_digests_are_the_same_from_the_cache_as_from_parsing(tmp_path, make_article):
    cache_files(tmp_path, make_article, "a.en.md")
    parsed = ArticleCache(tmp_path / "other-cache", "code")
    parsed.load(tmp_path / "a.en.md", "a.en.md", load_article)
    cached = ArticleCache(tmp_path / "cache", "code")
    cached.load(tmp_path / "a.en.md", "a.en.md", must_not_parse)
    assert cached.digests["a.en.md"] == parsed.digests["a.en.md"]


@pytest.mark.parametrize("change, summary_changes", [
    ({"title": "Another headline"}, True),
    ({"tags": ("Zurich",)}, True),
    ({"summary": "Another summary."}, True),
    ({"body": "Another body.\n"}, False),
])
def test_digests_follow_what_pages_show(tmp_path, make_article, change, summary_changes):
    def digests(article):
        write(tmp_path / "a.en.md", article, mtime=OLD + len(repr(article)))
        cache = ArticleCache(tmp_path / f"cache-{len(repr(article))}", "code")
        cache.load(tmp_path / "a.en.md", "a.en.md", load_article)
        return cache.digests["a.en.md"]

    before, after = digests(make_article()), digests(make_article(**change))
    assert (before[0] != after[0]) == summary_changes
    assert before[1] != after[1]


def test_cached_bodies_are_read_from_the_saved_cache(tmp_path, make_article):
    cache_files(tmp_path, make_article, "a.md")
    loaded = load_article(tmp_path / "a.md", "a.md").body
    (tmp_path / "a.md").write_text("changed on disk since the build loaded it", encoding="utf-8")
    bodies = article_cache.CachedBodies(tmp_path / "cache", tmp_path)
    assert "A storm hit Bern" in loaded
    assert bodies(replace(make_article(), body="", path="a.md")) == loaded


def test_a_body_missing_from_the_cache_is_read_from_its_file(tmp_path, make_article):
    cache_files(tmp_path, make_article, "a.md")
    write(tmp_path / "b.md", make_article(id="b", body="Only in the file."))
    bodies = article_cache.CachedBodies(tmp_path / "cache", tmp_path)
    assert bodies(replace(make_article(id="b"), body="", path="b.md")).strip() == "Only in the file."
    bodies_without_cache = article_cache.CachedBodies(tmp_path / "no-cache", tmp_path)
    assert bodies_without_cache(replace(make_article(), body="", path="a.md")).strip() == make_article().body


def test_cached_bodies_open_their_own_connection_in_a_forked_process(tmp_path, make_article, monkeypatch):
    cache_files(tmp_path, make_article, "a.md")
    bodies = article_cache.CachedBodies(tmp_path / "cache", tmp_path)
    article = replace(make_article(), body="", path="a.md")
    bodies(article)
    first = bodies._db
    monkeypatch.setattr(article_cache.os, "getpid", lambda: -1)
    assert bodies(article).strip() == make_article().body and bodies._db is not first
