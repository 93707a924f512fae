"""Parsed articles are reused only while their file is provably unchanged."""

import os

from generator.article_cache import ArticleCache
from generator.store import load_article, render_article

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
