"""Parsed articles remembered between builds, so unchanged files are not parsed again.

``.newsgen-cache/articles.sqlite`` holds one row per article file: its size,
modification time and parsed fields, plus a meta table with the schema version
and the code digest. A file whose size and time still match is taken from the
cache; everything else goes through the store as usual. Parsing front matter is
the largest part of a build in which one article changed, so the cache itself
must stay cheap on a large site: a save writes only the rows that changed or
disappeared, in one transaction (a crash leaves the previous cache whole).

The cache is only an optimisation: a database that is damaged, locked, of
another schema or written by other code is ignored and rebuilt, never an error.
Rows hold plain text and JSON, never pickle: the cache folder cannot run code.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from ..core.caches import RACY_NS
from .model import Article, Correction, Image, Translation
from .store import load_article

CACHE_SCHEMA = 2  # 1 was one JSON file, articles.json
CACHE_NAME = "articles.sqlite"
LEGACY_NAME = "articles.json"
#: Seconds to wait for another build holding the database before going without the cache.
LOCK_TIMEOUT_S = 2.0

_CREATE_TABLES = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # The body has its own column because decoding 30 MB of JSON-escaped bodies was
    # the largest cost of a load; the other fields are one small JSON list (_RECORD_FIELDS).
    "CREATE TABLE articles (name TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, body TEXT NOT NULL, record TEXT NOT NULL)",
)
#: Article fields in a row's JSON list, by position: decoding the same keys in every
#: row took over a third of the JSON time. ``article_from_row`` unpacks them in this order.
_RECORD_FIELDS = (
    "id", "lang", "title", "slug", "category", "agency", "published", "summary", "dateline", "byline",
    "credits", "image", "tags", "persons", "roles", "source_file", "source_hash", "source_version", "translation",
    "status", "publish_at", "updated", "corrections",
)
#: A news article is a few KB: on SQLite's default 4 KB pages many rows would spill
#: into an overflow page (a 10,000-article cache was 60 MB on 4 KB pages, 45 MB on 8 KB).
_PAGE_SIZE = 8192


class ArticleCache:
    """Load articles through the cache; ``save`` writes back the rows that changed."""

    def __init__(self, cache_dir: Path, code: str):
        self._path = cache_dir / CACHE_NAME
        self._code = code
        # Rows not (yet) confirmed by this build; what is left at save time is stale or gone.
        self._unconfirmed, self._damaged = _read_rows(self._path, code)
        self._parsed: list[tuple[str, int, int, str, str]] = []
        #: File name -> (summary digest, full digest) of every article loaded or parsed, see ``row_digests``.
        self.digests: dict[str, tuple[str, str]] = {}

    def load(self, path: Path, name: str, parse) -> Article:
        """The article in ``path``: cached when size and time match, else ``parse(path, name)``."""
        article, stamp = self.lookup(path, name)
        if article is None:
            article = parse(path, name)
            self.remember(name, stamp, article)
        return article

    def lookup(self, path: Path, name: str) -> tuple[Article | None, tuple[int, int]]:
        """The cached article of ``path`` (None when it must be parsed) and the file's (size, mtime_ns)."""
        info = os.stat(path)
        stamp = (info.st_size, info.st_mtime_ns)
        row = self._unconfirmed.get(name)
        if row and (row[1], row[2]) == stamp:
            try:
                article = article_from_row(*row)
            except (ValueError, TypeError, KeyError):
                pass  # a damaged row: parsed again and replaced, like a changed file
            else:
                del self._unconfirmed[name]
                self.digests[name] = row_digests(row[3], row[4])
                return article, stamp
        return None, stamp

    def remember(self, name: str, stamp: tuple[int, int], article: Article) -> None:
        """Store a freshly parsed article (``stamp`` as ``lookup`` gave it) at the next ``save``."""
        row = _to_row(name, *stamp, article)
        self._parsed.append(row)
        self.digests[name] = row_digests(row[3], row[4])

    def save(self) -> bool:
        """Write parsed articles and forget stale rows; nothing is written when nothing changed.

        True when the database now holds every article this cache loaded or parsed."""
        (self._path.parent / LEGACY_NAME).unlink(missing_ok=True)
        # A file changed again within the clock's granularity could keep its size and time:
        # recently modified files are stored with a size no file has, so the next build parses them once more.
        stored = _mark_recent(self._parsed)
        if not stored and not self._unconfirmed and not self._damaged:
            return bool(self.digests)
        try:
            if self._damaged:
                _remove_database(self._path)
            _write_rows(self._path, self._code, stored, list(self._unconfirmed))
        except (sqlite3.Error, OSError):
            return False  # locked by another build, read-only or full disk: the next build tries again
        return True


class CachedBodies:
    """Article bodies read from the cache as pages ask for them.

    Bodies are most of what a site's articles weigh (700 MB at 100,000 stories),
    yet only each story's own page reads its body. A build whose cache holds
    every article keeps them out of the model, and each renderer reads the few it
    renders; a row that is missing (another build replaced the cache meanwhile)
    is read from the article file itself.
    """

    def __init__(self, cache_dir: Path, root: Path):
        self._path = cache_dir / CACHE_NAME
        self._root = root
        self._db: sqlite3.Connection | None = None
        self._pid = 0

    def __call__(self, article: Article) -> str:
        try:
            if self._db is None or self._pid != os.getpid():  # a connection is not shared with forked renderers
                self._db, self._pid = sqlite3.connect(f"{self._path.resolve().as_uri()}?mode=ro", uri=True), os.getpid()
            row = self._db.execute("SELECT body FROM articles WHERE name = ?", (article.path,)).fetchone()
        except sqlite3.Error:
            row = None
        if row is not None:
            return row[0]
        return load_article(self._root / article.path, article.path).body

    def __getstate__(self) -> dict:
        return {"_path": self._path, "_root": self._root, "_db": None, "_pid": 0}


def store_parsed(cache_dir: Path, code: str, parsed: list[tuple[str, tuple[int, int], Article]]) -> None:
    """Store a few freshly parsed articles without reading the cache (a build that changed a few
    stories), files modified within the clock's granularity marked as in ``ArticleCache.save``."""
    rows = _mark_recent([_to_row(name, *stamp, article) for name, stamp, article in parsed])
    if not rows:
        return
    try:
        db = _connect(cache_dir / CACHE_NAME)
        try:
            db.execute("BEGIN IMMEDIATE")
            if _stored_version(db) == _version(code):
                db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?)", rows)
            db.execute("COMMIT")
        finally:
            db.close()
    except (sqlite3.Error, OSError):
        pass  # the next build parses them again


def _mark_recent(rows: list[tuple[str, int, int, str, str]]) -> list[tuple[str, int, int, str, str]]:
    """Rows of files modified within the clock's granularity get size -1: their content is kept
    (it is what the build used) but a later lookup parses the file again."""
    recent = time.time_ns() - RACY_NS
    return [row if row[2] < recent else (row[0], -1, *row[2:]) for row in rows]


def cache_written_by(db: sqlite3.Connection, code: str) -> bool:
    """Whether an open cache database holds rows parsed by ``code``."""
    try:
        return _stored_version(db) == _version(code)
    except sqlite3.Error:
        return False


def _read_rows(path: Path, code: str) -> tuple[dict[str, tuple], bool]:
    """Rows by file name (empty unless written by ``code``), and whether the file is damaged."""
    if not path.exists():
        return {}, False
    try:
        db = _connect(path)
        try:
            if _stored_version(db) != _version(code):
                return {}, False
            rows = db.execute("SELECT name, size, mtime_ns, body, record FROM articles").fetchall()
        finally:
            db.close()
    except sqlite3.Error as exc:
        return {}, not _is_busy(exc)
    return {row[0]: row for row in rows}, False


def _write_rows(path: Path, code: str, parsed: list[tuple[str, int, int, str, str]], gone: list[str]) -> None:
    """Delete ``gone`` rows and store ``parsed`` ones, all in one transaction."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = _connect(path)
    try:
        db.execute(f"PRAGMA page_size = {_PAGE_SIZE}")  # takes effect only when the file is new
        # IMMEDIATE: the version check and the writes see the same database, even with
        # another build (or another newsgen version) saving at the same time.
        db.execute("BEGIN IMMEDIATE")
        if _stored_version(db) != _version(code):
            _create_tables(db, code)
        db.executemany("DELETE FROM articles WHERE name = ?", ((name,) for name in gone))
        db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?)", parsed)
        db.execute("COMMIT")
    finally:
        db.close()  # without COMMIT, closing rolls back: the previous cache stays whole


def _connect(path: Path) -> sqlite3.Connection:
    """A connection that commits only when told to, and trusts nothing stored in the file."""
    db = sqlite3.connect(path, timeout=LOCK_TIMEOUT_S, isolation_level=None)
    # A planted database could hold triggers or views: they may not call functions with side effects.
    db.execute("PRAGMA trusted_schema = OFF")
    return db


def _create_tables(db: sqlite3.Connection, code: str) -> None:
    """Start an empty cache for ``code`` (inside the caller's transaction)."""
    db.execute("DROP TABLE IF EXISTS articles")
    db.execute("DROP TABLE IF EXISTS meta")
    for statement in _CREATE_TABLES:
        db.execute(statement)
    db.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", _version(code).items())


def _stored_version(db: sqlite3.Connection) -> dict[str, str]:
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return dict(db.execute("SELECT key, value FROM meta")) if "meta" in tables else {}


def _version(code: str) -> dict[str, str]:
    return {"schema": str(CACHE_SCHEMA), "code": code}


def _is_busy(exc: sqlite3.Error) -> bool:
    """True when another connection holds the database: it is in use, not damaged."""
    primary_code = getattr(exc, "sqlite_errorcode", 0) & 0xFF  # extended codes keep the primary one in the low byte
    return primary_code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _remove_database(path: Path) -> None:
    """Delete a damaged cache and its journal, so the next write starts a fresh one."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def row_digests(body: str, record: str) -> tuple[str, str]:
    """(summary, full) digests of an article from its row: the record holds every field but
    the body (what listings and feeds show), the body completes what its own page shows.

    Hashing the stored text costs a few microseconds; digesting the parsed fields
    again on every build cost fifty per article.
    """
    summary = hashlib.blake2b(record.encode("utf-8"), digest_size=16)
    full = summary.copy()
    full.update(b"\0" + body.encode("utf-8"))
    return summary.hexdigest(), full.hexdigest()


def _to_row(name: str, size: int, mtime_ns: int, article: Article) -> tuple[str, int, int, str, str]:
    values = asdict(article)
    values["published"] = article.published.isoformat()
    values["publish_at"] = article.publish_at.isoformat() if article.publish_at else None
    values["updated"] = article.updated.isoformat() if article.updated else None
    values["corrections"] = [(c.time.isoformat(), c.note) for c in article.corrections]
    record = [values[field] for field in _RECORD_FIELDS]
    return name, size, mtime_ns, article.body, json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def article_from_row(name: str, size: int, mtime_ns: int, body: str, record: str) -> Article:
    # Unpacked by hand, not through a dict: this runs for every article of every build.
    (article_id, lang, title, slug, category, agency, published, summary, dateline, byline,
     credits, image, tags, persons, roles, source_file, source_hash, source_version, translation,
     status, publish_at, updated, corrections) = json.loads(record)
    return Article(
        id=article_id, lang=lang, title=title, slug=slug, category=category, agency=agency,
        published=datetime.fromisoformat(published), body=body, summary=summary,
        dateline=dateline, byline=byline, credits=credits, image=Image(**image) if image else None,
        tags=tuple(tags), persons=tuple(persons), roles=tuple(tuple(pair) for pair in roles),
        source_file=source_file, source_hash=source_hash, source_version=source_version,
        translation=Translation(**translation) if translation else None,
        status=status, publish_at=datetime.fromisoformat(publish_at) if publish_at else None,
        updated=datetime.fromisoformat(updated) if updated else None,
        corrections=tuple(Correction(datetime.fromisoformat(time), note) for time, note in corrections), path=name,
    )
