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
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from ..config.settings import SiteConfig
from ..content.article_cache import CACHE_NAME, store_parsed
from ..content.model import Article
from ..content.release import is_held
from ..content.store import load_article
from ..content.vocabulary import load_vocabularies
from ..core.caches import CACHE_DIR, RACY_NS
from ..core.errors import NewsgenError, Report
from ..render.environment import make_environment
from ..render.pages import render_page
from ..site.photos import EncodedPhotos, PhotoLibrary, media_outputs, variant_bytes
from ..site.sitemodel import ArticleKey, Edition, Page, SiteModel
from ..site.urls import Urls
from .affected import (
    Outputs,
    added_outputs,
    corrected_outputs,
    fits_the_site,
    listing_pages,
    listings_of,
    site_newest,
)
from .inputscan import InputScan
from .manifest import LastBuild, code_digest, folder_identity, save_last_build
from .sitestate import (
    SiteState,
    StateIncomplete,
    StoredArticles,
    StoredTranslations,
    home_listing,
)
from .staging import Finish, Published, publish_streamed

#: More changed files than this go the full way: the saving would be small.
DELTA_LIMIT = 50
#: Outputs written by delta builds before their stamps are folded into the manifest by a full build.
JOURNAL_LIMIT = 20_000

#: What places a story in the site; a change to any of them goes the full way.
PLACE_FIELDS = ("id", "lang", "slug", "published", "category", "tags", "persons", "roles", "translation", "path", "status", "publish_at")


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


def build_delta(
    config: SiteConfig, last: LastBuild, scan: InputScan, context: str, inputs: str, *, index_links: bool, now: datetime,
    finish: Finish | None = None,
) -> DeltaResult | None:
    """Publish new and corrected stories; None when the change is not one this can take.

    Held versions (``release.py``), new or newly held, and stories updated or corrected (their
    times move sitemap lastmods) go the full way.
    """
    if config.translation.missing == "source" or len(last.journal) > JOURNAL_LIMIT:
        return None
    files = changed_files(config, last, scan)
    if files is None or len(files) > DELTA_LIMIT:
        return None
    cache_dir = config.root / CACHE_DIR
    state = SiteState.open(cache_dir, last.build_id, code_digest())
    if state is None:
        return None
    try:
        changes = _read_changes(state, config, files, now)
        if changes is None:
            return None
        outcome = _publish(config, state, changes, last, index_links=index_links, finish=finish)
        if outcome is None:
            return None
        published, new_files, pictures = outcome
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
        context=context, articles=last.articles + added, files=last.files + new_files, pictures={**last.pictures, **pictures},
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
    stored = _stored_stamps(config.root / CACHE_DIR / CACHE_NAME, suspects)
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
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
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


def _read_changes(state: SiteState, config: SiteConfig, files: list[tuple[str, tuple[int, int]]], now: datetime) -> list[Change] | None:
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
        if key in seen or new.lang not in config.language_codes or is_held(new, now):
            return None
        if new.translation and state.file_of(ArticleKey(new.id, new.translation.source_lang)) is None:
            return None  # its source is held or gone: the full way decides
        seen.add(key)
        stored_name = state.file_of(key)
        if stored_name is None:
            changes.append((name, stamp, None, new))
            continue
        if stored_name != name:
            return None
        old = known[key]
        if any(getattr(old, place) != getattr(new, place) for place in PLACE_FIELDS) or old.modified != new.modified:
            return None
        if (old.image and old.image.file) != (new.image and new.image.file):
            return None  # another picture: the full way publishes it and prunes the old one's variants
        changes.append((name, stamp, old, new))
    return changes


# ------------------------------------------------------------------ publishing


def _publish(
    config: SiteConfig, state: SiteState, changes: list[Change], last: LastBuild, *, index_links: bool, finish: Finish | None = None
) -> tuple[Published, int, dict[str, tuple[int, int]]] | None:
    """Render and publish what the changes reach; None when a new version does not fit the site's shape.
    Also gives the (size, mtime_ns) of the new stories' picture files."""
    urls = Urls(config, index_links=index_links)
    replaced = {ArticleKey(new.id, new.lang): new for _, _, old, new in changes if old != new}
    model = _stored_model(config, urls, state, replaced)
    outputs = Outputs()
    added = [new for _, _, old, new in changes if old is None]
    if added:
        vocabularies = load_vocabularies(config.content_dir)
        for article in added:
            if not fits_the_site(model, state, article, vocabularies):
                return None
        newest_before = site_newest(model)
        # Each listing a new version joins changes from its place up: the pages down to there,
        # as they were and as they are, are compared (with room for all the new versions).
        cover = {}
        for article in added:
            for listing in listings_of(model, article):
                cover[listing] = max(cover.get(listing, 0), state.position(listing, article) + len(added) + 1)
        before = [listing_pages(model, article, cover) for article in added]
        for article in added:
            state.add_version(article, urls.article(article), listings_of(model, article))
        model = _stored_model(config, urls, state, replaced)
        added_outputs(model, state, added, before, cover, newest_before, outputs)
    for _, _, old, new in changes:
        if old is not None and old != new:
            corrected_outputs(model, state, ArticleKey(new.id, new.lang), outputs)
    # New stories' pictures: encoded here if they are new (a bad one is the full way's to report).
    pictures = sorted({new.image.file for _, _, old, new in changes if old is None and new.image and new.image.file})
    library = model.photos.library if pictures else None
    made = library.prepare(pictures, Report(), jobs=1) if library else {}
    if len(made) != len(pictures):
        return None
    media = media_outputs(made)
    cache_dir = config.root / CACHE_DIR
    for variant in media.values():
        outputs.files[urls.media(variant)] = lambda variant=variant: variant_bytes(cache_dir, variant)
    new_files = len(outputs.pages) - sum(1 for page in outputs.pages.values() if page.url in outputs.existing)
    new_files += sum(1 for path in media if not (config.output_path / path).exists())

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

    published = publish_streamed(config.output_path, produce, config.root / CACHE_DIR, None, files=last.files + new_files, finish=finish)
    return published, new_files, library.stamps(pictures) if library else {}


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
        photos=EncodedPhotos(PhotoLibrary(config.root, config.root / CACHE_DIR)),
    )
