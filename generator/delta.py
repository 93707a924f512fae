"""Publishing new and corrected stories without modelling the whole site again.

When the only inputs that changed are article files, the pages that can
change are known without looking at the rest of the archive, as long as each
change keeps the site's shape:

- a **correction** keeps the story's place (same id, language, slug,
  publication time, category, tags, persons, roles and translation: its title,
  summary, body or picture changed). It changes the story's own page, the
  pages of its other language versions (their language switcher shows its
  title), in each listing that holds it the one page that shows it, the feeds
  in which it is among the newest and its news sitemap.
- a **new story version** joins listings that exist (its edition's home, its
  month, and terms already used in its language, whose labels and roles it
  does not change). It changes its own page and its other versions' pages, the
  listing pages whose stories or neighbours move (under stable pagination, the
  front page and the newest numbered pages), the term front pages and indexes
  that count it, its archive and year pages, the feeds it enters, its month's
  sitemap (and its other versions'), its language's pages sitemap (the root's
  too), the sitemap index and the news sitemaps.

These pages are rendered against the site state of the last full build
(``sitestate.py``), read row by row and updated in the same transaction, and
written through the staging folder like any build. Anything else (a story
removed, moved or retagged, a new term or month, a template, the
configuration) goes the full way, which is always correct;
``tests/integration/test_incremental_property.py`` holds the two to the same
bytes.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from .article_cache import CACHE_NAME, store_parsed
from .config import SiteConfig
from .errors import NewsgenError
from .feeds import Feed, edition_feed, render_atom, term_feed
from .inputscan import InputScan
from .manifest import RACY_NS, LastBuild, code_digest, folder_identity, save_last_build
from .model import Article
from .publish import Published, publish_streamed
from .render import make_environment, render_page
from .sitemaps import (
    Sitemap,
    news_articles,
    render_news_sitemap,
    render_sitemap,
    render_sitemap_index,
    sitemap_entries,
    sitemap_lastmod,
    split_sitemap,
)
from .sitemodel import (
    ArticleKey,
    Edition,
    Page,
    SiteModel,
    build_archive_index_pages,
    build_article_page,
    build_home_pages,
    build_month_pages,
    build_root_pages,
    build_term_index_page,
    build_term_pages,
    listed_keys,
)
from .sitestate import (
    SiteState,
    StateIncomplete,
    StoredArticles,
    StoredTranslations,
    home_listing,
    member_since,
    month_listing,
    term_listing,
)
from .store import load_article
from .taxonomy import KINDS, Term, build_taxonomies, term_names
from .urls import Urls
from .vocabulary import load_vocabularies

#: More changed files than this go the full way: the saving would be small.
DELTA_LIMIT = 50
#: Outputs written by delta builds before their stamps are folded into the manifest by a full build.
JOURNAL_LIMIT = 20_000

#: What places a story in the site; a change to any of them goes the full way.
PLACE_FIELDS = ("id", "lang", "slug", "published", "category", "tags", "persons", "roles", "translation", "path")


@dataclass(frozen=True)
class DeltaResult:
    """What a delta build did."""

    published: Published
    #: Article files parsed again (corrected or touched).
    changed: int
    #: New language versions.
    added: int
    #: Output files the site holds now.
    files: int


#: One changed file: its name, its stamp, the version as the state knows it (None: new), the version now.
Change = tuple[str, tuple[int, int], Article | None, Article]


def build_delta(config: SiteConfig, last: LastBuild, scan: InputScan, context: str, inputs: str, *, index_links: bool) -> DeltaResult | None:
    """Publish new and corrected stories; None when the change is not one this can take."""
    if config.translation.missing == "source" or len(last.journal) > JOURNAL_LIMIT:
        return None
    files = changed_files(config, last, scan)
    if files is None or len(files) > DELTA_LIMIT:
        return None
    cache_dir = config.root / ".newsgen-cache"
    state = SiteState.open(cache_dir, last.build_id, code_digest())
    if state is None:
        return None
    try:
        changes = _read_changes(state, config, files)
        if changes is None:
            return None
        outcome = _publish(config, state, changes, last, index_links=index_links)
        if outcome is None:
            return None
        published, new_files = outcome
        state.commit()
    except (StateIncomplete, sqlite3.Error):
        return None  # nothing was swapped in; the full build catches the staging folder up
    finally:
        state.close()
    store_parsed(cache_dir, code_digest(), [(name, stamp, new) for name, stamp, _, new in changes])
    journal = dict(last.journal)
    live = config.output_path
    for path in published.write.written:
        info = os.stat(live / path)
        journal[path] = (info.st_size, info.st_mtime_ns)
    added = sum(1 for change in changes if change[2] is None)
    save_last_build(cache_dir, replace(
        last, inputs=inputs, saved_ns=time.time_ns(), live=folder_identity(live), folders=dict(scan.folders), journal=journal,
        context=context, articles=last.articles + added, files=last.files + new_files,
    ))
    return DeltaResult(published, len(changes) - added, added, last.files + new_files)


# ---------------------------------------------------------------- what changed


def changed_files(config: SiteConfig, last: LastBuild, scan: InputScan) -> list[tuple[str, tuple[int, int]]] | None:
    """(name, (size, mtime_ns)) of every article file that is new or may have changed since the last
    build; None when a file was removed or a folder appeared or went, which this module does not take."""
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
                if entry.name.endswith(".md") and not entry.name.startswith(".") and entry.is_file():
                    info = entry.stat()
                    found[f"{folder}/{entry.name}"] = (info.st_size, info.st_mtime_ns)
        known = {name: stamp for name, stamp in stored.items() if name.rpartition("/")[0] == folder}
        if not known.keys() <= found.keys():
            return None
        changed.extend((name, stamp) for name, stamp in sorted(found.items()) if stamp != known.get(name) or stamp[1] >= racy)
    return changed


def _stored_stamps(path: Path, folders: list[str]) -> dict[str, tuple[int, int]] | None:
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


def _read_changes(state: SiteState, config: SiteConfig, files: list[tuple[str, tuple[int, int]]]) -> list[Change] | None:
    """The changed files as (name, stamp, old version or None, new version); None when any changes the
    shape of the site (or does not load: the full build reports it)."""
    changes: list[Change] = []
    known = StoredArticles(state, {})
    seen: set[ArticleKey] = set()
    for name, stamp in files:
        try:
            new = load_article(config.root / name, name)
        except (NewsgenError, OSError, UnicodeDecodeError):
            return None
        key = ArticleKey(new.id, new.lang)
        if key in seen or new.lang not in config.language_codes:
            return None
        seen.add(key)
        stored_name = state.file_of(key)
        if stored_name is None:
            changes.append((name, stamp, None, new))
            continue
        if stored_name != name:
            return None
        old = known[key]
        if any(getattr(old, place) != getattr(new, place) for place in PLACE_FIELDS):
            return None
        changes.append((name, stamp, old, new))
    return changes


# ------------------------------------------------------------------ publishing


def _publish(config: SiteConfig, state: SiteState, changes: list[Change], last: LastBuild, *, index_links: bool) -> tuple[Published, int] | None:
    """Render and publish what the changes reach; None when a new version does not fit the site's shape."""
    urls = Urls(config, index_links=index_links)
    replaced = {ArticleKey(new.id, new.lang): new for _, _, old, new in changes if old != new}
    model = _stored_model(config, urls, state, replaced)
    outputs = Outputs()
    added = [new for _, _, old, new in changes if old is None]
    if added:
        vocabularies = load_vocabularies(config.content_dir)
        for article in added:
            if not _fits(model, state, article, vocabularies):
                return None
        newest_before = _site_newest(model)
        # Each listing a new version joins changes from its place up: the pages down to there,
        # as they were and as they are, are compared (with room for all the new versions).
        cover = {}
        for article in added:
            for listing in _listings_of(model, article):
                cover[listing] = max(cover.get(listing, 0), state.position(listing, article) + len(added) + 1)
        before = [_listing_pages(model, article, cover) for article in added]
        for article in added:
            state.add_version(article, urls.article(article), _listings_of(model, article))
        model = _stored_model(config, urls, state, replaced)
        _added_outputs(model, state, added, before, cover, newest_before, outputs)
    for _, _, old, new in changes:
        if old is not None and old != new:
            _corrected_outputs(model, state, ArticleKey(new.id, new.lang), outputs)
    new_files = len(outputs.pages) - sum(1 for page in outputs.pages.values() if page.url in outputs.existing)

    def produce(sink) -> None:
        paths = outputs.paths(urls)
        sink.begin(paths, partial=True)
        environments = {}
        for path, make in paths.items():
            if isinstance(make, Page):
                if make.lang not in environments:
                    environments[make.lang] = make_environment(config.templates_dir, make.lang)
                sink.put(path, render_page(environments[make.lang], model, make))
            else:
                sink.put(path, make())

    published = publish_streamed(config.output_path, produce, config.root / ".newsgen-cache", None, files=last.files + new_files)
    return published, new_files


class Outputs:
    """What a delta build renders: pages by URL, and other files by URL with how to make them."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.files: dict[str, Callable[[], bytes]] = {}
        #: URLs of pages that existed before (the rest are new files).
        self.existing: set[str] = set()

    def page(self, page: Page, existed: bool = True) -> None:
        self.pages[page.url] = page
        if existed:
            self.existing.add(page.url)

    def paths(self, urls: Urls) -> dict[str, Page | Callable[[], bytes]]:
        found: dict[str, Page | Callable[[], bytes]] = {urls.output_path(url): page for url, page in sorted(self.pages.items())}
        found.update((urls.output_path(url), make) for url, make in sorted(self.files.items()))
        return found


def _stored_model(config: SiteConfig, urls: Urls, state: SiteState, replaced: dict[ArticleKey, Article]) -> SiteModel:
    """The site model of the last full build, read from the state as pages ask, with the changed versions."""
    return SiteModel(
        config=config,
        urls=urls,
        articles=StoredArticles(state, replaced),
        editions=tuple(Edition(lang, state.listing(home_listing(lang))) for lang in config.language_codes),
        translations=StoredTranslations(state, config.language_codes),
        pages=(),
        taxonomies=MappingProxyType(state.taxonomies()),
        months=MappingProxyType(state.months()),
    )


# ---------------------------------------------------------------- corrections


def _corrected_outputs(model: SiteModel, state: SiteState, key: ArticleKey, outputs: Outputs) -> None:
    """The pages, feeds and news sitemap that show a corrected version."""
    config, urls = model.config, model.urls
    for lang in model.translations[key.id]:
        outputs.page(build_article_page(urls, model.articles, model.translations, ArticleKey(key.id, lang)))
    article = model.article(key)
    positions = {listing: state.position(listing, article) for listing in _listings_of(model, article)}
    for pages in _listing_pages(model, article, positions, holding=True).values():
        for page in pages:
            if key in listed_keys(page):
                outputs.page(page)
    _feeds_with(model, article, outputs)
    if any(recent.id == key.id for recent in news_articles(model, key.lang)):
        outputs.files[urls.news_sitemap(key.lang)] = lambda: render_news_sitemap(model, key.lang)


def _listing_pages(model: SiteModel, article: Article, cover: Mapping[str, int], *, holding: bool = False) -> dict[str, list[Page]]:
    """Per listing that holds a version: its pages that hold the newest ``cover[listing]`` stories
    (and the two after them), or with ``holding`` the one page that holds the story at position
    ``cover[listing]``; built from the state as it is now."""
    config, urls, lang = model.config, model.urls, article.lang

    def window(listing: str) -> dict[str, int]:
        return {"holding": cover[listing]} if holding else {"newest": cover[listing]}

    home = home_listing(lang)
    found = {home: build_home_pages(config, urls, model.edition(lang), model.articles, **window(home))}
    for kind, term in _terms_of(model, article):
        listing = term_listing(kind, term.id, lang)
        found[listing] = build_term_pages(config, urls, term, only=lang, **window(listing))
    year_month = _month_of(model, article)
    listing = month_listing(*year_month, lang)
    found[listing] = build_month_pages(config, urls, lang, year_month, model.months[lang][year_month], model.months, **window(listing))
    return found


def _feeds_with(model: SiteModel, article: Article, outputs: Outputs) -> None:
    """The feeds in which the version is among the newest."""
    feeds = [edition_feed(model, article.lang), *(term_feed(model, term, article.lang) for _, term in _terms_of(model, article))]
    for feed in feeds:
        if article.id in feed.article_ids:
            outputs.files[feed.url] = lambda feed=feed: render_atom(model, feed)


def _terms_of(model: SiteModel, article: Article) -> list[tuple[str, Term]]:
    """The terms the version names that have pages in its language, each once."""
    found = []
    for kind in KINDS:
        taxonomy = model.taxonomies.get(kind)
        for name in dict.fromkeys(term_names(article, kind)):
            if taxonomy is not None and name in taxonomy.by_name:
                term = taxonomy.term_for(name)
                if article.lang in term.articles and (kind, term) not in found:
                    found.append((kind, term))
    return found


def _month_of(model: SiteModel, article: Article) -> tuple[int, int]:
    local = model.urls.local_time(article.published)
    return (local.year, local.month)


# ---------------------------------------------------------------- new versions


def _listings_of(model: SiteModel, article: Article) -> list[str]:
    lang = article.lang
    return [home_listing(lang), *(term_listing(kind, term.id, lang) for kind, term in _terms_of(model, article)), month_listing(*_month_of(model, article), lang)]


def _fits(model: SiteModel, state: SiteState, article: Article, vocabularies) -> bool:
    """Whether a new version joins the site without changing its shape: its URL is free, its month
    and terms exist in its language, and it changes no term's label or role."""
    lang = article.lang
    if state.url_taken(model.urls.article(article)) or _month_of(model, article) not in model.months.get(lang, {}):
        return False
    alone = build_taxonomies(model.config, [article], vocabularies.people, vocabularies.tags)
    since = (member_since(article), article.id)
    for kind in KINDS:
        stored = model.taxonomies.get(kind)
        mine = alone[kind]
        for name, term_id in mine.by_name.items():
            if stored is None or stored.by_name.get(name) != term_id:
                return False
            term = stored.terms[term_id]
            if lang not in term.articles:
                return False
            own = mine.terms[term_id]
            if own.roles.get(lang) is not None and own.roles.get(lang) != term.roles.get(lang):
                return False
            newest = term.articles[lang][:1]
            if newest and since < (member_since(model.article(ArticleKey(newest[0], lang))), newest[0]) and own.labels[lang] != term.labels[lang]:
                return False
    return True


def _site_newest(model: SiteModel):
    newest = [model.article(ArticleKey(edition.article_ids[0], edition.lang)).published for edition in model.editions if len(edition.article_ids)]
    return max(newest, default=None)


def _added_outputs(
    model: SiteModel,
    state: SiteState,
    added: list[Article],
    before: list[dict[str, list[Page]]],
    cover: Mapping[str, int],
    newest_before,
    outputs: Outputs,
) -> None:
    """Everything that new versions change, the state already holding them."""
    config, urls = model.config, model.urls
    for article, pages_before in zip(added, before):
        key = ArticleKey(article.id, article.lang)
        for lang in model.translations[article.id]:
            outputs.page(build_article_page(urls, model.articles, model.translations, ArticleKey(article.id, lang)), existed=lang != article.lang)
        for listing, pages in _listing_pages(model, article, cover).items():
            old_pages = {page.url: page for page in pages_before[listing]}
            joined = sum(1 for other in added if listing in _listings_of(model, other))
            old_numbered = -(-max(len(state.listing(listing)) - joined - config.page_size, 0) // config.page_size)
            for index, page in enumerate(pages):
                front_of_term = index == 0 and page.template == "term.html"  # the front page counts the term's stories
                if old_pages.get(page.url) != page or key in listed_keys(page) or front_of_term:
                    number = page.context["pagination"].number
                    outputs.page(page, existed=number is None or number <= old_numbered)
        for kind in {kind for kind, _ in _terms_of(model, article)}:
            outputs.page(build_term_index_page(config, urls, model.taxonomies[kind], article.lang))
        year = _month_of(model, article)[0]
        for page in build_archive_index_pages(config, urls, article.lang, model.months[article.lang], model.months):
            if page.template == "archive.html" or page.context.get("year") == year:
                outputs.page(page)
        _feeds_with(model, article, outputs)
    # Sitemaps: the months of every version of the new stories, each language's pages sitemap, the index.
    months = {(lang, _month_of(model, model.article(ArticleKey(article.id, lang)))) for article in added for lang in model.translations[article.id]}
    for lang, year_month in months:
        sitemap = _month_sitemap(model, lang, year_month)
        if sitemap is None:
            raise StateIncomplete("a month sitemap in parts")
        outputs.files[sitemap.url] = lambda sitemap=sitemap: render_sitemap(model, sitemap_entries(model, sitemap.pages))
    pages_sitemaps = {lang: _pages_sitemap(model, lang) for lang in config.language_codes}
    for sitemap in pages_sitemaps.values():
        outputs.files[sitemap.url] = lambda sitemap=sitemap: render_sitemap(model, sitemap_entries(model, sitemap.pages))
    outputs.files[urls.sitemap_index()] = lambda: render_sitemap_index(model, _sitemap_index_entries(model, pages_sitemaps))
    newest_after = _site_newest(model)
    for lang in config.language_codes:
        if newest_after != newest_before or any(recent.id == article.id for article in added for recent in news_articles(model, lang)):
            outputs.files[urls.news_sitemap(lang)] = lambda lang=lang: render_news_sitemap(model, lang)
    if newest_after != newest_before:
        # An edition without stories has empty feeds, which take their time from the site's newest story.
        for edition in model.editions:
            if not len(edition.article_ids):
                feed = edition_feed(model, edition.lang)
                outputs.files[feed.url] = lambda feed=feed: render_atom(model, feed)


def _month_sitemap(model: SiteModel, lang: str, year_month: tuple[int, int]) -> Sitemap | None:
    """The sitemap of one month's article pages (None when it would come in parts)."""
    stories = model.months[lang][year_month]
    pages = [build_article_page(model.urls, model.articles, model.translations, ArticleKey(story, lang)) for story in reversed(tuple(stories))]
    parts = split_sitemap(lambda part: model.urls.month_sitemap(lang, *year_month, part), lang, pages, of_articles=True)
    return parts[0] if len(parts) == 1 else None


def _pages_sitemap(model: SiteModel, lang: str) -> Sitemap:
    """The sitemap of a language's listing front pages, indexes and archive (as ``collect_sitemaps``
    makes it): each front page built from the newest story of its listing, all its lastmod needs."""
    config, urls = model.config, model.urls
    pages = [page for page in build_root_pages(config, urls) if page.template == "root.html"] if lang == config.default_language else []
    newest_only = Edition(lang, model.edition(lang).article_ids[:1])
    pages.append(build_home_pages(config, urls, newest_only, model.articles)[0])
    for taxonomy in model.taxonomies.values():
        if taxonomy.in_language(lang):
            pages.append(build_term_index_page(config, urls, taxonomy, lang))
        for term in taxonomy.terms.values():
            if lang in term.articles:
                # Other languages' lists only tell which languages have the term: their newest will do too.
                front = replace(term, articles=MappingProxyType({other: ids[:1] for other, ids in term.articles.items()}))
                pages.extend(page for page in build_term_pages(config, urls, front) if page.lang == lang)
    months = model.months.get(lang, {})
    pages.extend(build_archive_index_pages(config, urls, lang, months, model.months))
    for year_month, stories in months.items():
        pages.extend(build_month_pages(config, urls, lang, year_month, stories[:1], model.months))
    parts = split_sitemap(lambda part: urls.sitemap(lang, part), lang, sorted(pages, key=lambda page: page.url), of_articles=False)
    if len(parts) != 1:
        raise StateIncomplete("a pages sitemap in parts")
    return parts[0]


def _sitemap_index_entries(model: SiteModel, pages_sitemaps: Mapping[str, Sitemap]) -> list[tuple[str, object]]:
    """(url, lastmod) of every sitemap, in the order ``collect_sitemaps`` gives them."""
    entries = []
    for lang in model.config.language_codes:
        entries.append((pages_sitemaps[lang].url, sitemap_lastmod(model, pages_sitemaps[lang])))
        for year_month, stories in reversed(tuple(model.months.get(lang, {}).items())):
            newest = build_article_page(model.urls, model.articles, model.translations, ArticleKey(stories[0], lang))
            month = Sitemap(model.urls.month_sitemap(lang, *year_month, 1), lang, (newest,), True)
            entries.append((month.url, sitemap_lastmod(model, month)))
    return entries

