"""Which outputs a correction or a new story version reaches, and how to make them.

Functions of a site model (in a build that changes a few stories, one read from
the site state: ``sitestate.py``) and the changed versions; ``delta.py`` decides
when they apply and publishes what they name. Each function says which outputs
show what it looks at; the incremental == clean property test holds them to it.
A language's pages sitemap, thousands of entries of which a new story changes a
few, is the one output made from its previous bytes: the entries that can
change are rendered anew and put in place of the old ones.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from types import MappingProxyType

from ..content.model import Article
from ..render.feeds import edition_feed, render_atom, term_feed
from ..render.sitemaps import (
    SITEMAP_LIMIT,
    Sitemap,
    news_articles,
    render_news_sitemap,
    render_sitemap,
    render_sitemap_index,
    sitemap_entries,
    sitemap_lastmod,
    split_sitemap,
)
from ..site.sitemodel import ArticleKey, Edition, Page, SiteModel, listed_keys
from ..site.sitepages import (
    build_archive_index_pages,
    build_article_page,
    build_home_pages,
    build_month_pages,
    build_root_pages,
    build_term_index_page,
    build_term_pages,
)
from ..site.taxonomy import KINDS, Term, build_taxonomies, term_names
from ..site.urls import Urls
from .sitestate import (
    SiteState,
    StateIncomplete,
    home_listing,
    member_since,
    month_listing,
    term_listing,
)


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


# ---------------------------------------------------------------- corrections


def corrected_outputs(model: SiteModel, state: SiteState, key: ArticleKey, outputs: Outputs) -> None:
    """The pages, feeds and news sitemap that show a corrected version."""
    urls = model.urls
    for lang in model.translations[key.id]:
        outputs.page(build_article_page(urls, model.articles, model.translations, ArticleKey(key.id, lang)))
    article = model.article(key)
    positions = {listing: state.position(listing, article) for listing in listings_of(model, article)}
    for pages in listing_pages(model, article, positions, holding=True).values():
        for page in pages:
            if key in listed_keys(page):
                outputs.page(page)
    _feeds_with(model, article, outputs)
    if any(recent.id == key.id for recent in news_articles(model, key.lang)):
        outputs.files[urls.news_sitemap(key.lang)] = lambda: render_news_sitemap(model, key.lang)


def listing_pages(model: SiteModel, article: Article, cover: Mapping[str, int], *, holding: bool = False) -> dict[str, list[Page]]:
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


def listings_of(model: SiteModel, article: Article) -> list[str]:
    lang = article.lang
    return [home_listing(lang), *(term_listing(kind, term.id, lang) for kind, term in _terms_of(model, article)), month_listing(*_month_of(model, article), lang)]


def fits_the_site(model: SiteModel, state: SiteState, article: Article, vocabularies) -> bool:
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


def site_newest(model: SiteModel):
    newest = [model.article(ArticleKey(edition.article_ids[0], edition.lang)).published for edition in model.editions if len(edition.article_ids)]
    return max(newest, default=None)


def added_outputs(
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
        for listing, pages in listing_pages(model, article, cover).items():
            old_pages = {page.url: page for page in pages_before[listing]}
            joined = sum(1 for other in added if listing in listings_of(model, other))
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
    stories = {article.id for article in added}
    for lang, year_month in months:
        if len(model.months[lang][year_month]) > SITEMAP_LIMIT:
            raise StateIncomplete("a month sitemap in parts")
        changed = [
            build_article_page(urls, model.articles, model.translations, ArticleKey(story, lang))
            for story in sorted(stories) if lang in model.translations[story] and _month_of(model, model.article(ArticleKey(story, lang))) == year_month
        ]
        outputs.files[urls.month_sitemap(lang, *year_month, 1)] = lambda lang=lang, year_month=year_month, changed=changed: (
            _patched_month_sitemap(model, state, lang, year_month, changed) or _full_month_sitemap(model, lang, year_month)
        )
    pages_sitemaps = {}
    for lang in config.language_codes:
        changed = _changed_sitemap_pages(model, lang, [article for article in added if article.lang == lang])
        if any(page.template == "archive.html" for page in changed):
            # Only these entries can change: the last build's sitemap with them rendered anew.
            pages_sitemaps[lang] = Sitemap(urls.sitemap(lang, 1), lang, tuple(changed), False)
            outputs.files[urls.sitemap(lang, 1)] = lambda lang=lang: _patched_sitemap(model, pages_sitemaps[lang]) or _full_pages_sitemap(model, lang)
        else:
            pages_sitemaps[lang] = _pages_sitemap(model, lang)
            outputs.files[urls.sitemap(lang, 1)] = lambda lang=lang: render_sitemap(model, sitemap_entries(model, pages_sitemaps[lang].pages))
    outputs.files[urls.sitemap_index()] = lambda: render_sitemap_index(model, _sitemap_index_entries(model, pages_sitemaps))
    newest_after = site_newest(model)
    for lang in config.language_codes:
        if newest_after != newest_before or any(recent.id == article.id for article in added for recent in news_articles(model, lang)):
            outputs.files[urls.news_sitemap(lang)] = lambda lang=lang: render_news_sitemap(model, lang)
    if newest_after != newest_before:
        # An edition without stories has empty feeds, which take their time from the site's newest story.
        for edition in model.editions:
            if not len(edition.article_ids):
                feed = edition_feed(model, edition.lang)
                outputs.files[feed.url] = lambda feed=feed: render_atom(model, feed)


def _full_month_sitemap(model: SiteModel, lang: str, year_month: tuple[int, int]) -> bytes:
    """The sitemap of one month's article pages, oldest first, rendered whole."""
    stories = model.months[lang][year_month]
    pages = [build_article_page(model.urls, model.articles, model.translations, ArticleKey(story, lang)) for story in reversed(tuple(stories))]
    return render_sitemap(model, sitemap_entries(model, pages))


def _patched_month_sitemap(model: SiteModel, state: SiteState, lang: str, year_month: tuple[int, int], changed: list[Page]) -> bytes | None:
    """The month's sitemap as the last build wrote it, with the entries of ``changed`` (new versions
    and those whose alternates changed) rendered anew and each in its place, oldest first; None when
    the file is not there or lacks a story it should hold."""
    old = _old_output(model, model.urls.month_sitemap(lang, *year_month, 1))
    blocks = list(_URL_BLOCK.finditer(old or ""))
    if not blocks:
        return None
    known = {_loc(block.group()): block.group() for block in blocks}
    fresh = _entries_by_loc(model, changed)
    parts = [old[: blocks[0].start()]]
    for url in state.article_urls(month_listing(*year_month, lang), lang, oldest_first=True):
        loc = model.urls.absolute(url)
        block = fresh.get(loc) or known.get(loc)
        if block is None:
            return None
        parts.append(block)
    parts.append(old[blocks[-1].end():])
    return "".join(parts).encode("utf-8")


def _old_output(model: SiteModel, url: str) -> str | None:
    """An output as the last build left it in the (trusted) output folder."""
    try:
        return (model.config.output_path / model.urls.output_path(url)).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


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


def _changed_sitemap_pages(model: SiteModel, lang: str, added: list[Article]) -> list[Page]:
    """The pages of a language's pages sitemap whose entries new versions in it can change (their
    lastmod): the root, the home, archive, year and month fronts, the fronts and indexes of their terms."""
    config, urls = model.config, model.urls
    pages = [page for page in build_root_pages(config, urls) if page.template == "root.html"] if lang == config.default_language else []
    months = model.months.get(lang, {})
    if not months:
        return pages
    pages.extend(build_archive_index_pages(config, urls, lang, months, model.months)[:1])  # the archive index
    if not added:
        return pages
    pages.append(build_home_pages(config, urls, Edition(lang, model.edition(lang).article_ids[:1]), model.articles)[0])
    years = {_month_of(model, article)[0] for article in added}
    pages.extend(page for page in build_archive_index_pages(config, urls, lang, months, model.months) if page.context.get("year") in years)
    for year_month in {_month_of(model, article) for article in added}:
        pages.extend(build_month_pages(config, urls, lang, year_month, months[year_month][:1], model.months))
    kinds = set()
    for article in added:
        for kind, term in _terms_of(model, article):
            kinds.add(kind)
            front = replace(term, articles=MappingProxyType({other: ids[:1] for other, ids in term.articles.items()}))
            pages.extend(build_term_pages(config, urls, front, only=lang))
    pages.extend(build_term_index_page(config, urls, model.taxonomies[kind], lang) for kind in sorted(kinds))
    return list({page.url: page for page in pages}.values())


_URL_BLOCK = re.compile(r"  <url>\n.*?\n  </url>\n", re.S)
_LOC = re.compile(r"<loc>(.*?)</loc>")


def _loc(block: str) -> str:
    """The address a sitemap entry names."""
    return html.unescape(_LOC.search(block).group(1))


def _entries_by_loc(model: SiteModel, pages: list[Page] | tuple[Page, ...]) -> dict[str, str]:
    """The sitemap entries of ``pages``, rendered as a sitemap renders them, by address."""
    rendered = render_sitemap(model, sitemap_entries(model, pages)).decode("utf-8")
    return {_loc(block.group()): block.group() for block in _URL_BLOCK.finditer(rendered)}


def _patched_sitemap(model: SiteModel, changed: Sitemap) -> bytes | None:
    """The sitemap as the last build wrote it, with the entries of ``changed.pages`` rendered anew
    (None when the file is not there or lacks one of them: it is then rendered whole)."""
    old = _old_output(model, changed.url)
    if old is None:
        return None
    fresh = _entries_by_loc(model, changed.pages)
    blocks = list(_URL_BLOCK.finditer(old))
    if not blocks:
        return None
    found = 0
    parts = [old[: blocks[0].start()]]
    for block in blocks:
        loc = _loc(block.group())
        found += loc in fresh
        parts.append(fresh.get(loc, block.group()))
    parts.append(old[blocks[-1].end():])
    return "".join(parts).encode("utf-8") if found == len(fresh) else None


def _full_pages_sitemap(model: SiteModel, lang: str) -> bytes:
    sitemap = _pages_sitemap(model, lang)
    return render_sitemap(model, sitemap_entries(model, sitemap.pages))


def _sitemap_index_entries(model: SiteModel, pages_sitemaps: Mapping[str, Sitemap]) -> list[tuple[str, object]]:
    """(url, lastmod) of every sitemap, in the order ``collect_sitemaps`` gives them."""
    entries = []
    for lang in model.config.language_codes:
        entries.append((pages_sitemaps[lang].url, sitemap_lastmod(model, pages_sitemaps[lang])))
        for year_month in reversed(tuple(model.months.get(lang, {}))):
            # Any story of the month may be the last corrected: the state has the month's latest in one query.
            entries.append((model.urls.month_sitemap(lang, *year_month, 1), model.articles.newest_modified(month_listing(*year_month, lang), lang)))
    return entries
