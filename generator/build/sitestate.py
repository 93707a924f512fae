"""The site model of the last full build, kept in SQLite for builds that change a few stories.

``.newsgen-cache/site-state.sqlite`` holds what the model knows of the whole
site, without article bodies: which language versions exist (and in which
article file), the members of every listing in order, and every term with its
labels and slugs. A build that changes a few stories (``delta.py``) reads from
it only the rows its pages need, through the read-only views below, which
behave like the mappings and sequences of a ``SiteModel`` built in memory.

The state is written whole after each full build, in one transaction, and
names the build it belongs to (``build_id``, also in ``last-build.json``): a
state of another build, another schema or damaged is not used, never an error.
Rows hold plain text and JSON, never pickle.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from ..content.article_cache import CACHE_NAME, article_from_row, cache_written_by
from ..content.model import Article
from ..site.sitemodel import ArticleKey, SiteModel
from ..site.taxonomy import Taxonomy, Term

STATE_NAME = "site-state.sqlite"
STATE_SCHEMA = 4

_CREATE = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE versions (story TEXT NOT NULL, lang TEXT NOT NULL, name TEXT NOT NULL, url TEXT NOT NULL, published TEXT NOT NULL, modified TEXT NOT NULL, PRIMARY KEY (story, lang))",
    "CREATE UNIQUE INDEX versions_by_url ON versions (url)",
    # A listing: "home:en", "tag:nato:de", "month:2024-11:en", in the model's order: newest first
    # (the smallest ``since`` is the newest), ties by story id.
    "CREATE TABLE members (listing TEXT NOT NULL, since REAL NOT NULL, story TEXT NOT NULL, PRIMARY KEY (listing, since, story))",
    "CREATE TABLE listings (listing TEXT PRIMARY KEY, size INTEGER NOT NULL)",
    "CREATE TABLE terms (kind TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (kind, id))",
    "CREATE TABLE names (kind TEXT NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (kind, name))",
)


def home_listing(lang: str) -> str:
    return f"home:{lang}"


def term_listing(kind: str, term_id: str, lang: str) -> str:
    return f"{kind}:{term_id}:{lang}"


def month_listing(year: int, month: int, lang: str) -> str:
    return f"month:{year:04d}-{month:02d}:{lang}"


# ------------------------------------------------------------------ saving


def save_site_state(cache_dir: Path, build_id: str, model: SiteModel) -> None:
    """Replace the stored state with ``model``'s (after a full build). Failing to write is not an
    error: without a state the next build is a full one."""
    path = cache_dir / STATE_NAME
    try:
        _remove(path)
        db = _connect(path)
        try:
            db.execute("BEGIN")
            for statement in _CREATE:
                db.execute(statement)
            urls = model.urls
            db.executemany(
                "INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?)",
                ((key.id, key.lang, article.path or "", urls.article(article), article.published.isoformat(), article.modified.isoformat()) for key, article in model.articles.items()),
            )
            sizes: dict[str, int] = {}
            db.executemany("INSERT INTO members VALUES (?, ?, ?)", _member_rows(model, sizes))
            db.executemany("INSERT INTO listings VALUES (?, ?)", sizes.items())
            for kind, taxonomy in model.taxonomies.items():
                db.executemany("INSERT INTO terms VALUES (?, ?, ?)", ((kind, term.id, _term_json(term)) for term in taxonomy.terms.values()))
                db.executemany("INSERT INTO names VALUES (?, ?, ?)", ((kind, name, term_id) for name, term_id in taxonomy.by_name.items()))
            months = {lang: [list(month) for month in by_month] for lang, by_month in model.months.items()}
            db.executemany("INSERT INTO meta VALUES (?, ?)", [("schema", str(STATE_SCHEMA)), ("months", json.dumps(months)), ("build", build_id)])
            db.execute("COMMIT")
        finally:
            db.close()
    except (sqlite3.Error, OSError):
        _remove(path)


def _member_rows(model: SiteModel, sizes: dict[str, int]) -> Iterator[tuple[str, float, str]]:
    since = {key: -article.published.timestamp() for key, article in model.articles.items()}
    listings = [(home_listing(edition.lang), edition.lang, edition.article_ids) for edition in model.editions]
    for kind, taxonomy in model.taxonomies.items():
        for term in taxonomy.terms.values():
            listings.extend((term_listing(kind, term.id, lang), lang, ids) for lang, ids in term.articles.items())
    for lang, by_month in model.months.items():
        listings.extend((month_listing(year, month, lang), lang, ids) for (year, month), ids in by_month.items())
    for listing, lang, ids in listings:
        sizes[listing] = len(ids)
        yield from ((listing, since[ArticleKey(story, lang)], story) for story in ids)


def member_since(article: Article) -> float:
    """A story's place in every listing: newest first (``members.since``)."""
    return -article.published.timestamp()


def _term_json(term: Term) -> str:
    return json.dumps(
        [dict(term.labels), dict(term.slugs), dict(term.sort_keys), dict(term.roles), term.wikidata, list(term.articles)],
        ensure_ascii=False, separators=(",", ":"),
    )


# ----------------------------------------------------------------- reading


class SiteState:
    """The stored state of one build, opened read-only; ``None`` from ``open`` when unusable."""

    def __init__(self, db: sqlite3.Connection, articles_db: sqlite3.Connection, months: Mapping[str, list[list[int]]]):
        self.db = db
        self.articles_db = articles_db
        self._months = months

    @classmethod
    def open(cls, cache_dir: Path, build_id: str, code: str) -> SiteState | None:
        """The state saved by build ``build_id``, with the article cache of this ``code`` beside it.

        Changes made through it (``add_version``) are read back at once and kept only by ``commit``.
        """
        try:
            if not (cache_dir / STATE_NAME).exists():
                return None
            db = _connect(cache_dir / STATE_NAME)
            db.execute("BEGIN IMMEDIATE")
            articles_db = _connect(cache_dir / CACHE_NAME, read_only=True)
            meta = dict(db.execute("SELECT key, value FROM meta"))
            if meta.get("schema") != str(STATE_SCHEMA) or meta.get("build") != build_id or not cache_written_by(articles_db, code):
                db.close()
                articles_db.close()
                return None
            return cls(db, articles_db, json.loads(meta["months"]))
        except (sqlite3.Error, OSError, ValueError, KeyError):
            return None

    def commit(self) -> None:
        self.db.execute("COMMIT")

    def close(self) -> None:
        """Close; what was not committed is rolled back."""
        self.db.close()
        self.articles_db.close()

    def add_version(self, article: Article, url: str, listings: list[str]) -> None:
        """Record a new language version and its place in ``listings`` (inside the caller's transaction)."""
        self.db.execute("INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?)", (article.id, article.lang, article.path or "", url, article.published.isoformat(), article.modified.isoformat()))
        since = member_since(article)
        for listing in listings:
            self.db.execute("INSERT INTO members VALUES (?, ?, ?)", (listing, since, article.id))
            self.db.execute("UPDATE listings SET size = size + 1 WHERE listing = ?", (listing,))

    def position(self, listing: str, article: Article) -> int:
        """How many stories of the listing come before ``article`` (newest first, ties by id)."""
        since = member_since(article)
        query = "SELECT COUNT(*) FROM members WHERE listing = ? AND (since < ? OR (since = ? AND story < ?))"
        return self.db.execute(query, (listing, since, since, article.id)).fetchone()[0]

    def article_urls(self, listing: str, lang: str, *, oldest_first: bool = False) -> list[str]:
        """The article URLs of a listing's stories in ``lang``, newest first (or oldest first)."""
        order = "DESC" if oldest_first else "ASC"
        query = f"SELECT v.url FROM members m JOIN versions v ON v.story = m.story AND v.lang = ? WHERE m.listing = ? ORDER BY m.since {order}, m.story {order}"
        return [row[0] for row in self.db.execute(query, (lang, listing))]

    def url_taken(self, url: str) -> bool:
        return self.db.execute("SELECT 1 FROM versions WHERE url = ?", (url,)).fetchone() is not None

    def listing(self, listing: str, length: int | None = None) -> StoredListing:
        return StoredListing(self.db, listing, length)

    def listing_sizes(self) -> dict[str, int]:
        """Every listing's length, read at once: an index page counts the stories of thousands of terms."""
        return dict(self.db.execute("SELECT listing, size FROM listings"))

    def languages_of(self, story: str) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT lang FROM versions WHERE story = ?", (story,))}

    def file_of(self, key: ArticleKey) -> str | None:
        found = self.db.execute("SELECT name FROM versions WHERE story = ? AND lang = ?", key).fetchone()
        return found[0] if found else None

    def taxonomies(self) -> dict[str, Taxonomy]:
        """Every term, its article lists read from the state when a page needs them."""
        by_name: dict[str, dict[str, str]] = {}
        for kind, name, term_id in self.db.execute("SELECT kind, name, id FROM names ORDER BY kind, name"):
            by_name.setdefault(kind, {})[name] = term_id
        terms: dict[str, dict[str, Term]] = {}
        sizes = self.listing_sizes()
        for kind, term_id, data in self.db.execute("SELECT kind, id, data FROM terms ORDER BY kind, id"):
            labels, slugs, sort_keys, roles, wikidata, languages = json.loads(data)
            listings = {lang: term_listing(kind, term_id, lang) for lang in languages}
            articles = {lang: self.listing(listing, sizes.get(listing, 0)) for lang, listing in listings.items()}
            terms.setdefault(kind, {})[term_id] = Term(
                kind, term_id, MappingProxyType(labels), MappingProxyType(slugs), MappingProxyType(articles),
                MappingProxyType(sort_keys), MappingProxyType(roles), wikidata,
            )
        result = {}
        for kind in by_name.keys() | terms.keys():
            found = terms.get(kind, {})
            alphabetical: dict[str, list[Term]] = {}
            for term in found.values():
                for lang in term.articles:
                    alphabetical.setdefault(lang, []).append(term)
            result[kind] = Taxonomy(
                kind, MappingProxyType(found), MappingProxyType(by_name.get(kind, {})),
                MappingProxyType({lang: tuple(sorted(listed, key=lambda term: (term.sort_keys[lang], term.id))) for lang, listed in sorted(alphabetical.items())}),
            )
        return result

    def months(self) -> dict[str, Mapping[tuple[int, int], StoredListing]]:
        """Per language, (year, month) -> its stories, newest month first (as ``SiteModel.months``)."""
        return {
            lang: MappingProxyType({(year, month): self.listing(month_listing(year, month, lang)) for year, month in months})
            for lang, months in self._months.items()
        }


class StateIncomplete(Exception):
    """A row the state names is missing: the site must be built the full way."""


def forget_site_state(cache_dir: Path) -> None:
    """Drop the state before a full build changes the caches it relies on; the build saves a new one."""
    _remove(cache_dir / STATE_NAME)


#: Reads of the first this many stories of a listing do not read the whole listing.
_HEAD = 1000


class StoredListing(Sequence[str]):
    """Story ids of one listing, newest first, read from the state when first needed."""

    def __init__(self, db: sqlite3.Connection, listing: str, length: int | None = None):
        """``length``: the listing's size when the caller read it already (with many others, in one query)."""
        self._db = db
        self._listing = listing
        self._ids: tuple[str, ...] | None = None
        self._length = length

    def __len__(self) -> int:
        if self._ids is not None:
            return len(self._ids)
        if self._length is None:
            found = self._db.execute("SELECT size FROM listings WHERE listing = ?", (self._listing,)).fetchone()
            self._length = found[0] if found else 0
        return self._length

    def __getitem__(self, index):
        if self._ids is None:
            # The newest few (a feed, a front page, a lastmod): no need to read the whole listing.
            if isinstance(index, int) and 0 <= index < _HEAD:
                rows = self._db.execute("SELECT story FROM members WHERE listing = ? ORDER BY since, story LIMIT 1 OFFSET ?", (self._listing, index)).fetchall()
                if not rows:
                    raise IndexError(index)
                return rows[0][0]
            if isinstance(index, slice) and index.step in (None, 1):
                start, stop, _ = index.indices(len(self))
                if stop - start <= _HEAD:
                    # A page's worth anywhere in the listing (deep ones cost a walk of the index to them).
                    query = "SELECT story FROM members WHERE listing = ? ORDER BY since, story LIMIT ? OFFSET ?"
                    return tuple(row[0] for row in self._db.execute(query, (self._listing, max(stop - start, 0), start)))
        return self._all()[index]

    def __iter__(self) -> Iterator[str]:
        if self._ids is not None:
            return iter(self._ids)
        # Read as iterated: a reader of the newest few (news sitemaps) stops early.
        return (row[0] for row in self._db.execute("SELECT story FROM members WHERE listing = ? ORDER BY since, story", (self._listing,)))

    def __contains__(self, story: object) -> bool:
        return story in self._all()

    def _all(self) -> tuple[str, ...]:
        if self._ids is None:
            rows = self._db.execute("SELECT story FROM members WHERE listing = ? ORDER BY since, story", (self._listing,))
            self._ids = tuple(row[0] for row in rows)
        return self._ids

    def __eq__(self, other: object) -> bool:
        return tuple(self) == tuple(other) if isinstance(other, (tuple, StoredListing)) else NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


class StoredArticles(Mapping[ArticleKey, Article]):
    """Language versions by key, each parsed from its article cache row when first asked for.

    ``replaced`` holds versions this build parsed from their files (the cache rows may be older).
    """

    def __init__(self, state: SiteState, replaced: Mapping[ArticleKey, Article]):
        self._state = state
        self._loaded: dict[ArticleKey, Article] = dict(replaced)

    def __getitem__(self, key: ArticleKey) -> Article:
        found = self._loaded.get(key)
        if found is None:
            key = ArticleKey(*key)
            name = self._state.file_of(key)
            row = self._state.articles_db.execute("SELECT name, size, mtime_ns, body, record FROM articles WHERE name = ?", (name,)).fetchone() if name else None
            if row is None:
                raise StateIncomplete(f"no cached article for {key}")
            found = self._loaded[key] = article_from_row(*row)
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._loaded or (isinstance(key, tuple) and self._state.file_of(ArticleKey(*key)) is not None)

    def published(self, key: ArticleKey) -> datetime:
        """A version's publication time, without reading the article (sitemaps ask for thousands)."""
        return self._time(key, "published")

    def modified(self, key: ArticleKey) -> datetime:
        """A version's last update or correction time (its sitemap lastmod), without reading the article."""
        return self._time(key, "modified")

    def _time(self, key: ArticleKey, column: str) -> datetime:
        found = self._loaded.get(key)
        if found is not None:
            return getattr(found, column)
        row = self._state.db.execute(f"SELECT {column} FROM versions WHERE story = ? AND lang = ?", tuple(key)).fetchone()  # noqa: S608 - one of two names
        if row is None:
            raise StateIncomplete(f"no version {key}")
        return datetime.fromisoformat(row[0])

    def newest_modified(self, listing: str, lang: str) -> datetime | None:
        """The latest ``modified`` among a listing's versions in ``lang`` (a month sitemap's lastmod), in one query."""
        query = "SELECT v.story, v.modified FROM members m JOIN versions v ON v.story = m.story AND v.lang = ? WHERE m.listing = ?"
        times = [self._loaded[key].modified if (key := ArticleKey(story, lang)) in self._loaded else datetime.fromisoformat(text) for story, text in self._state.db.execute(query, (lang, listing))]
        return max(times, default=None)

    def __iter__(self) -> Iterator[ArticleKey]:
        rows = self._state.db.execute("SELECT story, lang FROM versions ORDER BY story, lang")
        return (ArticleKey(story, lang) for story, lang in rows)

    def __len__(self) -> int:
        return self._state.db.execute("SELECT COUNT(*) FROM versions").fetchone()[0]


class StoredTranslations(Mapping[str, tuple[str, ...]]):
    """Story id -> the languages it exists in, in site language order."""

    def __init__(self, state: SiteState, languages: tuple[str, ...]):
        self._state = state
        self._languages = languages

    def __getitem__(self, story: str) -> tuple[str, ...]:
        found = self._state.languages_of(story)
        if not found:
            raise KeyError(story)
        return tuple(lang for lang in self._languages if lang in found)

    def __iter__(self) -> Iterator[str]:
        return (row[0] for row in self._state.db.execute("SELECT DISTINCT story FROM versions ORDER BY story"))

    def __len__(self) -> int:
        return self._state.db.execute("SELECT COUNT(DISTINCT story) FROM versions").fetchone()[0]


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        if not path.exists():
            raise OSError(f"{path} does not exist")
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA trusted_schema = OFF")
    return db


def _remove(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
