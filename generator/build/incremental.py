"""What an incremental build may skip: fingerprints of every output's inputs.

A page's fingerprint digests everything its bytes depend on: the templates,
catalogs, configuration and code (the "globals" of its language), the page's
own place in the model (URL, template, alternates, context keys) and the
articles and terms it shows. A page whose fingerprint matches the previous
build's, and whose file is still there (see ``manifest.py``), is not rendered
again. ``tests/integration/test_incremental.py`` holds this module to the
promise that skipping never changes a byte.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import fields

from ..content.model import Article
from ..core.forks import map_in_forks
from ..render.feeds import Feed
from ..render.sitemaps import collect_sitemaps, news_articles, page_lastmod
from ..site.sitemodel import (
    ARCHIVE_TEMPLATE,
    ARTICLE_TEMPLATE,
    HOME_TEMPLATE,
    MONTH_TEMPLATE,
    ROOT_TEMPLATE,
    TERM_INDEX_TEMPLATE,
    TERM_TEMPLATE,
    YEAR_TEMPLATE,
    ArticleKey,
    Page,
    SiteModel,
)
from ..site.taxonomy import CATEGORY, KINDS, PERSON, TAG, term_names
from .manifest import digest

_SUMMARY_FIELDS = tuple(f.name for f in fields(Article) if f.name not in ("body", "path"))


def article_digest(article: Article, summary: str | None = None) -> str:
    """Everything of an article, body included (what its own page shows).

    The body is hashed as UTF-8 rather than through ``repr``, which costs three
    times as much on long non-ASCII text.
    """
    body = hashlib.blake2b(article.body.encode("utf-8"), digest_size=16).hexdigest()
    return digest(summary or summary_digest(article), body)


def summary_digest(article: Article) -> str:
    """Everything but the body (what listings, feeds and other versions show)."""
    return digest(*(getattr(article, name) for name in _SUMMARY_FIELDS))


# ---------------------------------------------------------- fingerprints
#
# One function per page template, naming what its context builder in render/
# (contexts.py, article_page.py, listing_pages.py) reads. A context builder that
# starts reading something new must say so here.


class Fingerprints:
    """Fingerprints of the outputs of one site model; digests shared between pages are computed once."""

    def __init__(self, model: SiteModel, globals_digest: str, known: Mapping[ArticleKey, tuple[str, str]] | None = None):
        """``known``: (summary, full) digests of articles, for example from the article cache;
        any pair that covers the same fields as ``summary_digest`` and ``article_digest`` will do."""
        self.model = model
        self._globals = {lang: digest(globals_digest, _navigation_inputs(model, lang)) for lang in model.config.language_codes}
        self._summary: dict[ArticleKey, str] = {key: pair[0] for key, pair in (known or {}).items()}
        self._full: dict[ArticleKey, str] = {key: pair[1] for key, pair in (known or {}).items()}
        self._terms: dict[tuple[str, str, str], object] = {}
        self._article_terms: dict[ArticleKey, str] = {}
        self._teasers: dict[ArticleKey, str] = {}

    def pages(self, jobs: int = 1) -> dict[str, str]:
        """Output path -> fingerprint for every HTML page; on a large site ``jobs`` forked
        processes share the work (each page's fingerprint is independent of the others)."""
        pages = self.model.pages
        if len(pages) < PARALLEL_FINGERPRINTS:
            jobs = 1
        bounds = [(share * len(pages) // jobs, (share + 1) * len(pages) // jobs) for share in range(jobs)]
        prints = [found for part in map_in_forks(_page_prints, self, bounds, jobs) for found in part]
        output_path = self.model.urls.output_path
        return {output_path(page.url): found for page, found in zip(pages, prints)}

    def page(self, page: Page) -> str:
        inputs = _PAGE_INPUTS.get(page.template, _no_inputs)(self, page)
        # Article ids and keys in the context are covered by ``inputs``; the rest is small.
        context = sorted((name, value) for name, value in page.context.items() if name not in _COVERED_BY_INPUTS)
        return digest(self._globals[page.lang], page.url, page.template, page.alternates, context, inputs)

    def feed(self, feed: Feed) -> str:
        keys = [(story, feed.lang) for story in feed.article_ids]
        # An empty feed takes its "updated" time from the newest story of the whole site.
        fallback = () if keys else max((a.published for a in self.model.articles.values()), default=None)
        return digest(self._globals[feed.lang], feed, [(self.summary(key), self.article_terms(key)) for key in keys], fallback)

    def teaser(self, key: ArticleKey) -> str:
        """What a listing shows of an article: its summary fields and its category's label and link."""
        found = self._teasers.get(key)
        if found is None:
            category = self.model.article(key).category
            found = self._teasers[key] = digest(self.summary(key), self.term(CATEGORY, category, key[1]))
        return found

    def full(self, key: ArticleKey) -> str:
        if key not in self._full:
            self._full[key] = article_digest(self.model.article(key), self._base_summary(key))
        found = self._full[key]
        photo = self._photo_of(key)
        return digest(found, photo) if photo else found

    def summary(self, key: ArticleKey) -> str:
        """The summary fields, and the content of the article's photo (its variants' names)."""
        found = self._base_summary(key)
        photo = self._photo_of(key)
        return digest(found, photo) if photo else found

    def _base_summary(self, key: ArticleKey) -> str:
        found = self._summary.get(key)
        if found is None:
            found = self._summary[key] = summary_digest(self.model.article(key))
        return found

    def _photo_of(self, key: ArticleKey) -> str | None:
        photo = self.model.photo(self.model.article(key)) if self.model.photos else None
        return photo.hash if photo else None

    def term(self, kind: str, name: str, lang: str) -> object:
        """Label, slug, role and Wikidata id of a term named in front matter, in one language."""
        cache_key = (kind, name, lang)
        if cache_key not in self._terms:
            taxonomy = self.model.taxonomies.get(kind)
            term = taxonomy.terms[taxonomy.by_name[name]] if taxonomy and name in taxonomy.by_name else None
            self._terms[cache_key] = (
                # No article count: only term and index pages show it, and they digest it themselves.
                (term.id, term.labels.get(lang), term.slugs.get(lang), term.roles.get(lang), term.wikidata)
                if term else name
            )
        return self._terms[cache_key]

    def article_terms(self, key: ArticleKey) -> str:
        """The labels, links and roles of every term an article names (digested once per article)."""
        if key not in self._article_terms:
            article = self.model.article(key)
            self._article_terms[key] = digest([self.term(kind, name, key[1]) for kind in KINDS for name in term_names(article, kind)])
        return self._article_terms[key]

    def globals_of(self, lang: str) -> str:
        return self._globals[lang]


#: Below this many pages, starting processes costs more than fingerprinting saves.
PARALLEL_FINGERPRINTS = 4000


def _page_prints(prints: Fingerprints, bounds: tuple[int, int]) -> list[str]:
    start, stop = bounds
    return [prints.page(page) for page in prints.model.pages[start:stop]]


#: Context entries whose contents every page kind that has them digests through its inputs.
_COVERED_BY_INPUTS = frozenset({"article_ids", "article_keys"})


def _no_inputs(prints: Fingerprints, page: Page) -> object:
    return ()


def _article_inputs(prints: Fingerprints, page: Page) -> object:
    key = page.context["article"]
    others = [(other, prints.summary(other)) for other in prints.model.other_versions(key)]
    return prints.full(key), others, prints.article_terms(key)


def _listing_inputs(prints: Fingerprints, page: Page) -> object:
    # A teaser digest covers the article's id and language: the keys themselves need not be digested.
    keys = page.context.get("article_keys")
    if keys is None:  # plain (id, lang) tuples find ArticleKey entries: same hash, equal
        lang = page.lang
        return [prints.teaser((story, lang)) for story in page.context["article_ids"]]
    return [prints.teaser(key) for key in keys]


def _term_inputs(prints: Fingerprints, page: Page) -> object:
    term = prints.model.taxonomies[page.context["kind"]].terms[page.context["term"]]
    front = page.context["pagination"].number is None
    count = len(term.articles[page.lang]) if front else None
    return _listing_inputs(prints, page), term.labels[page.lang], term.roles.get(page.lang), term.wikidata, count


def _term_index_inputs(prints: Fingerprints, page: Page) -> object:
    taxonomy = prints.model.taxonomies[page.context["kind"]]
    lang = page.lang
    return [(t.id, t.labels[lang], t.slugs[lang], t.roles.get(lang), len(t.articles[lang])) for t in taxonomy.in_language(lang)]


def _archive_inputs(prints: Fingerprints, page: Page) -> object:
    months = prints.model.months.get(page.lang, {})
    # Sitemaps give archive pages the time of the newest story they count.
    return [(month, len(ids), prints.summary(ArticleKey(ids[0], page.lang))) for month, ids in months.items()]


def _navigation_inputs(model: SiteModel, lang: str) -> object:
    """What the header of every page of an edition shows besides the page itself."""
    order = [category.id for category in model.config.categories]
    categories = model.taxonomies.get(CATEGORY)
    shown = categories.in_language(lang, order) if categories else ()
    indexes = [kind for kind in (TAG, PERSON) if kind in model.taxonomies and model.taxonomies[kind].in_language(lang)]
    return [(t.id, t.labels[lang], t.slugs[lang]) for t in shown], indexes, bool(model.months.get(lang))


_PAGE_INPUTS = {
    ARTICLE_TEMPLATE: _article_inputs,
    HOME_TEMPLATE: _listing_inputs,
    MONTH_TEMPLATE: _listing_inputs,
    TERM_TEMPLATE: _term_inputs,
    TERM_INDEX_TEMPLATE: _term_index_inputs,
    ARCHIVE_TEMPLATE: _archive_inputs,
    YEAR_TEMPLATE: _archive_inputs,
}


#: Pages whose fingerprint does not cover their lastmod in a sitemap: the root shows no
#: story and a term index only counts them, yet each takes the time of the newest.
#: (Listings show their newest story; archive and year pages digest each month's newest.)
_LASTMOD_NOT_COVERED = frozenset({ROOT_TEMPLATE, TERM_INDEX_TEMPLATE})


def sitemap_fingerprints(prints: Fingerprints, page_prints: Mapping[str, str]) -> dict[str, str]:
    """A sitemap changes when a page it lists changes, the index when any sitemap does;
    news sitemaps with their recent stories."""
    model = prints.model
    urls = model.urls
    result = {}
    for sitemap in collect_sitemaps(model):
        listed = [_sitemap_entry_inputs(model, page, page_prints[urls.output_path(page.url)]) for page in sitemap.pages]
        result[urls.output_path(sitemap.url)] = digest(prints.globals_of(sitemap.lang), listed)
    # The index names each sitemap with its newest lastmod: both are covered by the sitemap's fingerprint.
    index = digest(list(result.items()))
    for lang in model.config.language_codes:
        news = [prints.summary(ArticleKey(a.id, a.lang)) for a in news_articles(model, lang)]
        result[urls.output_path(urls.news_sitemap(lang))] = digest(prints.globals_of(lang), news)
    result[urls.output_path(urls.sitemap_index())] = index
    result[urls.output_path(urls.robots())] = digest([prints.globals_of(lang) for lang in model.config.language_codes])
    return result


def _sitemap_entry_inputs(model: SiteModel, page: Page, page_print: str) -> object:
    """What a sitemap shows of a page (address, alternates, lastmod), as covered by the page's fingerprint."""
    return (page_print, page_lastmod(model, page)) if page.template in _LASTMOD_NOT_COVERED else page_print
