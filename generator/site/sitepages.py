"""The pages of each kind: root and 404, home, article, search, taxonomy and archive pages.

Separate from ``arrange.py`` so that the incremental build can make the few
pages a change touches without arranging the whole site again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType

from ..config.settings import SiteConfig
from ..content.model import Article
from .pagination import build_listing_pages
from .sitemodel import (
    ARCHIVE_TEMPLATE,
    ARTICLE_TEMPLATE,
    HOME_TEMPLATE,
    MONTH_TEMPLATE,
    NOT_FOUND_TEMPLATE,
    ROOT_TEMPLATE,
    SEARCH_TEMPLATE,
    TERM_INDEX_TEMPLATE,
    TERM_TEMPLATE,
    YEAR_TEMPLATE,
    ArticleKey,
    Edition,
    Page,
)
from .taxonomy import Taxonomy, Term
from .urls import Urls


class _Keys(Sequence[ArticleKey]):
    """An edition's story ids read as keys, one slice at a time."""

    def __init__(self, ids: Sequence[str], lang: str):
        self._ids, self._lang = ids, lang

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(ArticleKey(story, self._lang) for story in self._ids[index])
        return ArticleKey(self._ids[index], self._lang)


def build_home_pages(
    config: SiteConfig, urls: Urls, edition: Edition, articles: Mapping[ArticleKey, Article], *, newest: int | None = None, holding: int | None = None
) -> list[Page]:
    """The edition's front page and numbered pages (``newest``, ``holding``: see ``build_listing_pages``)."""
    alternates = tuple((lang, urls.home(lang)) for lang in config.language_codes if lang != edition.lang)
    keys: Sequence[ArticleKey] = _Keys(edition.article_ids, edition.lang)
    if edition.borrowed:  # the edition's own stories are in order already (newest first, ties by id); borrowed ones join them
        keys = tuple(sorted((*keys[:], *edition.borrowed), key=lambda key: (-articles[key].published.timestamp(), key.id)))
    pages = build_listing_pages(
        lambda number: urls.home(edition.lang, number), HOME_TEMPLATE, edition.lang, keys, config.page_size, alternates, newest=newest, holding=holding
    )
    # Listings carry ids of their own language; home pages may also show borrowed versions, so they carry keys.
    return [
        replace(page, context=MappingProxyType({
            **page.context,
            "article_keys": page.context["article_ids"],
            "article_ids": tuple(key.id for key in page.context["article_ids"] if key.lang == edition.lang),
        }))
        for page in pages
    ]


def build_article_page(urls: Urls, articles: Mapping[ArticleKey, Article], translations: Mapping[str, tuple[str, ...]], key: ArticleKey) -> Page:
    alternates = tuple((lang, urls.article(articles[ArticleKey(key.id, lang)])) for lang in translations[key.id] if lang != key.lang)
    return Page(
        url=urls.article(articles[key]),
        template=ARTICLE_TEMPLATE,
        lang=key.lang,
        alternates=alternates,
        context=MappingProxyType({"article": key}),
    )


def build_root_pages(config: SiteConfig, urls: Urls) -> list[Page]:
    """The language-neutral pages: the list of editions and the 404 page."""
    lang = config.default_language
    return [
        Page(url=urls.root(), template=ROOT_TEMPLATE, lang=lang),
        Page(url=urls.not_found(), template=NOT_FOUND_TEMPLATE, lang=lang, relative_links=False),
    ]


def build_search_pages(config: SiteConfig, urls: Urls) -> list[Page]:
    """A search page per edition when the site has search; it searches that edition's stories."""
    if not config.search:
        return []
    codes = config.language_codes
    return [Page(urls.search(lang), SEARCH_TEMPLATE, lang, tuple((other, urls.search(other)) for other in codes if other != lang)) for lang in codes]


def build_taxonomy_pages(config: SiteConfig, urls: Urls, taxonomy: Taxonomy) -> list[Page]:
    """Per language: the A-Z index of the taxonomy and a paginated page per term used there."""
    pages = [build_term_index_page(config, urls, taxonomy, lang) for lang in config.language_codes if taxonomy.in_language(lang)]
    for term in taxonomy.terms.values():
        pages.extend(build_term_pages(config, urls, term))
    return pages


def build_term_index_page(config: SiteConfig, urls: Urls, taxonomy: Taxonomy, lang: str) -> Page:
    """The A-Z index of a taxonomy in one language, linked to those of the other languages."""
    others = tuple((other, urls.term_index(taxonomy.kind, other)) for other in config.language_codes if other != lang and taxonomy.in_language(other))
    return Page(urls.term_index(taxonomy.kind, lang), TERM_INDEX_TEMPLATE, lang, others, MappingProxyType({"kind": taxonomy.kind}))


def build_term_pages(
    config: SiteConfig, urls: Urls, term: Term, *, only: str | None = None, newest: int | None = None, holding: int | None = None
) -> list[Page]:
    """A term's listing in every language it is used in (``only``: in one), each linking to the others
    (``newest``: see ``build_listing_pages``)."""
    pages: list[Page] = []
    for lang in term.languages:
        if only is not None and lang != only:
            continue
        alternates = tuple((other, urls.term(term, other)) for other in config.language_codes if other != lang and other in term.articles)
        pages.extend(build_listing_pages(
            lambda number, lang=lang: urls.term(term, lang, number),
            TERM_TEMPLATE, lang, term.articles[lang], config.page_size, alternates,
            extra={"kind": term.kind, "term": term.id}, newest=newest, holding=holding,
        ))
    return pages


def build_archive_pages(
    config: SiteConfig,
    urls: Urls,
    lang: str,
    by_month: Mapping[tuple[int, int], tuple[str, ...]],
    all_months: Mapping[str, Mapping[tuple[int, int], tuple[str, ...]]],
) -> list[Page]:
    """The archive index, a page per year and a paginated page per month of one edition."""
    pages = build_archive_index_pages(config, urls, lang, by_month, all_months)
    for (year, month), ids in by_month.items():
        pages.extend(build_month_pages(config, urls, lang, (year, month), ids, all_months))
    return pages


def build_archive_index_pages(
    config: SiteConfig,
    urls: Urls,
    lang: str,
    by_month: Mapping[tuple[int, int], tuple[str, ...]],
    all_months: Mapping[str, Mapping[tuple[int, int], tuple[str, ...]]],
) -> list[Page]:
    """The archive index and a page per year of one edition (none before its first story)."""
    if not by_month:
        return []
    others = [other for other in config.language_codes if other != lang and all_months[other]]

    def languages_with(has) -> list[str]:
        return [other for other in others if has(all_months[other])]

    pages = [Page(urls.archive(lang), ARCHIVE_TEMPLATE, lang, tuple((o, urls.archive(o)) for o in others))]
    for year in sorted({year for year, _ in by_month}, reverse=True):
        alternates = tuple((o, urls.year(o, year)) for o in languages_with(lambda months: any(y == year for y, _ in months)))
        pages.append(Page(urls.year(lang, year), YEAR_TEMPLATE, lang, alternates, MappingProxyType({"year": year})))
    return pages


def build_month_pages(
    config: SiteConfig,
    urls: Urls,
    lang: str,
    year_month: tuple[int, int],
    ids: tuple[str, ...],
    all_months: Mapping[str, Mapping[tuple[int, int], tuple[str, ...]]],
    *,
    newest: int | None = None,
    holding: int | None = None,
) -> list[Page]:
    """The paginated listing of one month of one edition, linked to the same month in the others
    (``newest``, ``holding``: see ``build_listing_pages``)."""
    year, month = year_month
    others = [other for other in config.language_codes if other != lang and year_month in all_months.get(other, {})]
    return build_listing_pages(
        lambda number: urls.month(lang, year, month, number),
        MONTH_TEMPLATE, lang, ids, config.page_size, tuple((o, urls.month(o, year, month)) for o in others),
        extra={"year": year, "month": month}, newest=newest, holding=holding,
    )
