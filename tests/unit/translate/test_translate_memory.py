"""The translation memory keeps every segment at once, keyed by provider, languages and exact text."""

import sqlite3

import pytest

from generator.core.errors import NewsgenError
from generator.translate.memory import TranslationMemory


def test_a_segment_is_found_again_after_reopening(tmp_path):
    path = tmp_path / "cache" / "tm.sqlite"
    with TranslationMemory(path) as memory:
        memory.store("libre", "en", "de", "Hello ⟦1⟧", "Hallo ⟦1⟧")
    with TranslationMemory(path) as memory:
        assert memory.lookup("libre", "en", "de", "Hello ⟦1⟧") == "Hallo ⟦1⟧"
        assert len(memory) == 1


@pytest.mark.parametrize("key", [("google", "en", "de", "Hello ⟦1⟧"), ("libre", "en", "fr", "Hello ⟦1⟧"), ("libre", "en", "de", "Hello ⟦1⟧ ")])
def test_provider_languages_and_exact_text_are_all_part_of_the_key(tmp_path, key):
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.store("libre", "en", "de", "Hello ⟦1⟧", "Hallo ⟦1⟧")
        assert memory.lookup(*key) is None


def test_each_segment_is_committed_the_moment_it_is_stored(tmp_path):
    path = tmp_path / "tm.sqlite"
    memory = TranslationMemory(path)
    memory.store("libre", "en", "de", "One", "Eins")
    # Another connection (as after a crash of this process) already sees it.
    rows = sqlite3.connect(path).execute("SELECT target_text FROM segments").fetchall()
    assert rows == [("Eins",)]
    memory.close()


def test_a_memory_of_another_schema_version_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "tm.sqlite"
    TranslationMemory(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(NewsgenError, match="schema version 99") as error:
        TranslationMemory(path)
    assert error.value.file == str(path)


def test_a_file_that_is_not_a_database_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "tm.sqlite"
    path.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(NewsgenError, match="not a usable translation memory") as error:
        TranslationMemory(path)
    assert error.value.file == str(path)
