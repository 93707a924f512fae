"""Publishing edited stories without modelling the whole site again.

When the only inputs that changed are article files, and each changed file
keeps its story's place in the site (same id, language, slug, publication
time, category, tags, persons, roles and translation: a correction of its
title, summary, body or picture), the pages that can change are known without
looking at the rest of the archive:

- the story's own page, and the pages of its other language versions (their
  language switcher shows its title);
- in each listing that holds it (its edition's home, its category, tags,
  persons and month), the one page that shows it;
- the feeds in which it is among the newest, and its edition's news sitemap
  when it is recent enough to be in it.

Nothing else shows a story's title, summary or body; sitemaps show addresses
and times only. These pages are rendered against the site state of the last
full build (``sitestate.py``), read row by row, and written through the
staging folder like any build. Anything else (a story added, removed, moved or
retagged, a template, the configuration) goes the full way, which is always
correct; ``tests/integration/test_incremental_property.py`` holds the two to
the same bytes.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, fields, replace
from pathlib import Path
from types import MappingProxyType

from .article_cache import CACHE_NAME, store_parsed
from .config import SiteConfig
from .errors import NewsgenError
from .feeds import Feed, edition_feed, render_atom, term_feed
from .inputscan import InputScan
from .manifest import RACY_NS, LastBuild, code_digest, digest, folder_identity, save_last_build
from .model import Article
from .publish import Published, publish_streamed
from .render import make_environment, render_page
from .sitemaps import news_articles, render_news_sitemap
from .sitemodel import Edition, Page, SiteModel, ArticleKey, build_article_page, build_home_pages, build_month_pages, build_term_pages, listed_keys
from .sitestate import SiteState, StateIncomplete, StoredArticles, StoredTranslations
from .store import load_article
from .taxonomy import KINDS, term_names
from .urls import Urls

#: More changed files than this go the full way: the saving would be small.
DELTA_LIMIT = 50
#: Outputs written by delta builds before their stamps are folded into the manifest by a full build.
JOURNAL_LIMIT = 20_000

#: What places a story in the site; a change to any of them goes the full way.
PLACE_FIELDS = ("id", "lang", "slug", "published", "category", "tags", "persons", "roles", "translation", "path")
CONTENT_FIELDS = tuple(f.name for f in fields(Article) if f.name not in PLACE_FIELDS)


@dataclass(frozen=True)
class DeltaResult:
    """What a delta build did."""

    published: Published
    #: Article files that were parsed again.
    changed: int


def build_delta(config: SiteConfig, last: LastBuild, scan: InputScan, context: str, inputs: str, *, index_links: bool) -> DeltaResult | None:
    """Publish the edits of a few stories; None when the change is not one this can take."""
    if config.translation.missing == "source" or len(last.journal) > JOURNAL_LIMIT:
        return None
    changes = changed_files(config, last, scan)
    if changes is None or len(changes) > DELTA_LIMIT:
        return None
    state = SiteState.open(config.root / ".newsgen-cache", last.build_id, code_digest())
    if state is None:
        return None
    try:
        edits = _read_edits(state, config, changes)
        if edits is None:
            return None
        published = _publish(config, state, edits, last, index_links=index_links)
    except StateIncomplete:
        return None  # nothing was swapped in; the full build catches the staging folder up
    finally:
        state.close()
    cache_dir = config.root / ".newsgen-cache"
    store_parsed(cache_dir, code_digest(), [(name, stamp, new) for name, stamp, _, new in edits])
    journal = dict(last.journal)
    live = config.output_path
    for path in published.write.written:
        info = os.stat(live / path)
        journal[path] = (info.st_size, info.st_mtime_ns)
    save_last_build(cache_dir, replace(
        last, inputs=inputs, saved_ns=time.time_ns(), live=folder_identity(live), folders=dict(scan.folders), journal=journal, context=context,
    ))
    return DeltaResult(published, len(edits))


def changed_files(config: SiteConfig, last: LastBuild, scan: InputScan) -> list[tuple[str, tuple[int, int]]] | None:
    """(name, (size, mtime_ns)) of every article file that may have changed since the last build;
    None when files were added or removed (or the folders differ), which this module does not take."""
    if scan.folders.keys() != last.folders.keys():
        return None
    racy = last.saved_ns - RACY_NS
    suspects = [folder for folder, entry in scan.folders.items() if entry[:1] != last.folders[folder][:1] or entry[1] >= racy]
    if not suspects:
        return []
    stored = _stored_stamps(config.root / ".newsgen-cache" / CACHE_NAME, suspects)
    if stored is None:
        return None
    changed = []
    for folder in suspects:
        found = {}
        with os.scandir(config.root / folder) as entries:
            for entry in entries:
                if not entry.name.startswith(".") and entry.is_file():
                    info = entry.stat()
                    found[f"{folder}/{entry.name}"] = (info.st_size, info.st_mtime_ns)
        known = {name: stamp for name, stamp in stored.items() if name.rpartition("/")[0] == folder}
        if found.keys() != known.keys():
            return None
        changed.extend((name, stamp) for name, stamp in sorted(found.items()) if stamp != known[name] or stamp[1] >= racy)
    return changed


def _stored_stamps(path: Path, folders: list[str]) -> dict[str, tuple[int, int]] | None:
    import sqlite3

    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None)
        try:
            found = {}
            for folder in folders:
                # Names in a folder sort between "folder/" and "folder0" ("0" follows "/").
                rows = db.execute("SELECT name, size, mtime_ns FROM articles WHERE name > ? AND name < ?", (folder + "/", folder + "0"))
                found.update((name, (size, mtime)) for name, size, mtime in rows)
            return found
        finally:
            db.close()
    except sqlite3.Error:
        return None


#: One edited file: its name, its stamp, the version as the state knows it, the version as it is now.
Edit = tuple[str, tuple[int, int], Article, Article]


def _read_edits(state: SiteState, config: SiteConfig, changes: list[tuple[str, tuple[int, int]]]) -> list[Edit] | None:
    """The changed files whose stories keep their place; None when any does not (or does not load)."""
    edits = []
    old_articles = StoredArticles(state, {})
    for name, stamp in changes:
        try:
            new = load_article(config.root / name, name)
        except (NewsgenError, OSError, UnicodeDecodeError):
            return None  # the full build reports it
        key = ArticleKey(new.id, new.lang)
        if state.file_of(key) != name:
            return None
        old = old_articles[key]
        if any(getattr(old, place) != getattr(new, place) for place in PLACE_FIELDS):
            return None
        edits.append((name, stamp, old, new))
    return edits


def _publish(config: SiteConfig, state: SiteState, edits: list[Edit], last: LastBuild, *, index_links: bool) -> Published:
    urls = Urls(config, index_links=index_links)
    edited = {ArticleKey(new.id, new.lang): new for _, _, old, new in edits if old != new}
    model = _stored_model(config, urls, state, edited)
    pages, feeds, news = affected_outputs(model, state, list(edited))

    def produce(sink) -> None:
        outputs = {urls.output_path(page.url): page for page in pages}
        feed_paths = {urls.output_path(feed.url): feed for feed in feeds}
        news_paths = {urls.output_path(urls.news_sitemap(lang)): lang for lang in news}
        sink.begin({**outputs, **feed_paths, **news_paths}, partial=True)
        environments = {}
        for path, page in outputs.items():
            if page.lang not in environments:
                environments[page.lang] = make_environment(config.templates_dir, page.lang)
            sink.put(path, render_page(environments[page.lang], model, page))
        for path, feed in feed_paths.items():
            sink.put(path, render_atom(model, feed))
        for path, lang in news_paths.items():
            sink.put(path, render_news_sitemap(model, lang))

    return publish_streamed(config.output_path, produce, config.root / ".newsgen-cache", None, files=last.files)


def _stored_model(config: SiteConfig, urls: Urls, state: SiteState, edited: dict[ArticleKey, Article]) -> SiteModel:
    """The site model of the last full build, read from the state as pages ask, with the edited versions."""
    return SiteModel(
        config=config,
        urls=urls,
        articles=StoredArticles(state, edited),
        editions=tuple(Edition(lang, state.listing(f"home:{lang}")) for lang in config.language_codes),
        translations=StoredTranslations(state, config.language_codes),
        pages=(),
        taxonomies=MappingProxyType(state.taxonomies()),
        months=MappingProxyType(state.months()),
    )


def affected_outputs(model: SiteModel, state: SiteState, edited: list[ArticleKey]) -> tuple[list[Page], list[Feed], list[str]]:
    """The pages, feeds and news sitemaps that show any of the edited versions."""
    pages: dict[str, Page] = {}
    feeds: dict[str, Feed] = {}
    news: set[str] = set()
    config, urls = model.config, model.urls
    for key in edited:
        for lang in model.translations[key.id]:
            page = build_article_page(urls, model.articles, model.translations, ArticleKey(key.id, lang))
            pages[page.url] = page
        edition = model.edition(key.lang)
        listings = [build_home_pages(config, urls, edition, model.articles)]
        feed = edition_feed(model, key.lang)
        if key.id in feed.article_ids:
            feeds[feed.url] = feed
        article = model.article(key)
        for kind in KINDS:
            taxonomy = model.taxonomies.get(kind)
            for name in dict.fromkeys(term_names(article, kind)):
                if taxonomy is None or name not in taxonomy.by_name:
                    continue
                term = taxonomy.term_for(name)
                if key.lang not in term.articles:
                    continue
                listings.append([page for page in build_term_pages(config, urls, term) if page.lang == key.lang])
                feed = term_feed(model, term, key.lang)
                if key.id in feed.article_ids:
                    feeds[feed.url] = feed
        local = urls.local_time(article.published)
        month = (local.year, local.month)
        listings.append(build_month_pages(config, urls, key.lang, month, model.months[key.lang][month], model.months))
        for listing in listings:
            for page in listing:
                if key in listed_keys(page):
                    pages[page.url] = page
        if any(recent.id == key.id for recent in news_articles(model, key.lang)):
            news.add(key.lang)
    return sorted(pages.values(), key=lambda page: page.url), list(feeds.values()), sorted(news)


def inputs_digest(context: str, articles: str) -> str:
    return digest(context, articles)
