"""Translation memory: every segment a provider has translated, in SQLite.

A segment is looked up by provider, source and target language (the codes
sent to the provider) and the exact text sent (placeholders included), so a
second run sends nothing and editing one paragraph re-sends one segment.
Each answer is committed the moment it arrives: an interrupted run loses no
segment that was paid for.

The memory is a cache, not content: translations are saved as article files
(which are in git), so a fresh clone builds offline without it. It lives in
``.newsgen-cache/`` (ignored by git) because a binary database merges badly
and would grow with every provider answer; keep it across CI runs with the
CI cache if re-translation costs matter.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from ..core.errors import NewsgenError

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS segments (
    provider TEXT NOT NULL,       -- "google", "libre", ...
    source_lang TEXT NOT NULL,    -- language code as sent to the provider
    target_lang TEXT NOT NULL,
    source_hash TEXT NOT NULL,    -- sha256 of source_text
    source_text TEXT NOT NULL,    -- exactly what was sent (with placeholders)
    target_text TEXT NOT NULL,    -- the checked answer (with placeholders)
    PRIMARY KEY (provider, source_lang, target_lang, source_hash)
);
"""


class TranslationMemory:
    """Segment translations on disk; use as a context manager."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(path, timeout=10)
            # WAL + NORMAL: each commit survives a crash of the process; writes stay cheap.
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._check_schema()
        except sqlite3.DatabaseError as exc:
            raise NewsgenError(f"not a usable translation memory ({exc}); move the file aside and run again", str(path)) from None

    def _check_schema(self) -> None:
        tables = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            with self._db:
                self._db.executescript(_SCHEMA)
                self._db.execute("INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            return
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() if "meta" in tables else None
        if row is None or row[0] != str(SCHEMA_VERSION):
            found = row[0] if row else "none"
            raise NewsgenError(f"translation memory has schema version {found}, this newsgen reads version {SCHEMA_VERSION}; move the file aside (its translations are also in content/) and run again", str(self.path))

    def lookup(self, provider: str, source: str, target: str, text: str) -> str | None:
        """The stored translation of ``text``, or None."""
        row = self._db.execute(
            "SELECT source_text, target_text FROM segments WHERE provider = ? AND source_lang = ? AND target_lang = ? AND source_hash = ?",
            (provider, source, target, _hash(text)),
        ).fetchone()
        return row[1] if row and row[0] == text else None

    def store(self, provider: str, source: str, target: str, text: str, translation: str) -> None:
        """Save one segment and commit at once."""
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO segments (provider, source_lang, target_lang, source_hash, source_text, target_text) VALUES (?, ?, ?, ?, ?, ?)",
                (provider, source, target, _hash(text), text, translation),
            )

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM segments").fetchone()[0]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
