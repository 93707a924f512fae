"""The site model: which pages exist, what each shows and how they connect.

Built from the configuration and the loaded articles without touching the
disk. Pages refer to articles by key (``ArticleKey``: language-neutral id plus
language), never by holding article objects; the renderer looks them up in
``SiteModel.articles``. Every ordering is explicit so the model -- and the
site built from it -- depends on nothing but its inputs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, NamedTuple

from ..config.settings import SiteConfig
from ..content.model import Article
from ..content.release import Held
from ..content.vocabulary import PeopleRegistry, TagVocabulary
from ..core.errors import NewsgenError
from .photos import Photo
from .taxonomy import Taxonomy, Term, build_taxonomies, term_names
from .urls import Urls

ROOT_TEMPLATE = "root.html"
NOT_FOUND_TEMPLATE = "404.html"
SEARCH_TEMPLATE = "search.html"
HOME_TEMPLATE = "home.html"
ARTICLE_TEMPLATE = "article.html"
TERM_INDEX_TEMPLATE = "term_index.html"
TERM_TEMPLATE = "term.html"
ARCHIVE_TEMPLATE = "archive.html"
YEAR_TEMPLATE = "year.html"
MONTH_TEMPLATE = "month.html"


class ArticleKey(NamedTuple):
    """Identifies one language version: the shared story id and the language."""

    id: str
    lang: str


@dataclass(frozen=True)
class Pagination:
    """Where a listing page sits among its siblings.

    The front page of a listing shows the newest ``page_size`` stories; older
    ones sit on numbered pages counted from the oldest (page 1 holds the oldest
    stories), ``page_size`` each except the newest numbered page. Publishing a
    story therefore changes the front page and the newest numbered page only:
    every other page keeps its stories and its address for good.
    """

    #: None on the front page; 1 for the oldest numbered page, counting up towards the newest.
    number: int | None
    #: URL of the page with newer articles, or None on the front page.
    prev_url: str | None
    #: URL of the page with older articles, or None on the oldest page.
    next_url: str | None


@dataclass(frozen=True)
class Page:
    """One HTML page to render: where it lives, which template, what it shows."""

    url: str
    template: str
    #: Language of the page; language-neutral pages (root, 404) use the default language.
    lang: str
    #: The same content in other languages as (lang, url), in site language order;
    #: feeds the language switcher and hreflang links.
    alternates: tuple[tuple[str, str], ...] = ()
    #: What the template shows, by key: article keys, ids, Pagination; read-only.
    context: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    #: False for pages served at addresses the site does not know (the 404 page):
    #: their links must be absolute.
    relative_links: bool = True


@dataclass(frozen=True)
class Edition:
    """One language edition of the site."""

    lang: str
    #: Ids of the articles in this language, newest first, ties by id.
    article_ids: tuple[str, ...]
    #: Stories with no version in this language that the home page lists in their
    #: source language anyway (``translation.missing = "source"``).
    borrowed: tuple[ArticleKey, ...] = ()


@dataclass(frozen=True)
class SiteModel:
    """Everything the renderer needs; pages in URL order."""

    config: SiteConfig
    urls: Urls
    #: Every article, by key, read-only.
    articles: Mapping[ArticleKey, Article]
    #: One edition per site language, in site language order.
    editions: tuple[Edition, ...]
    #: Story id -> the languages it exists in, in site language order.
    translations: Mapping[str, tuple[str, ...]]
    pages: tuple[Page, ...]
    #: Tags, persons and categories by kind (see taxonomy.KINDS).
    taxonomies: Mapping[str, Taxonomy] = field(default_factory=dict)
    #: Per language: (year, month) -> article ids of that month, newest first.
    months: Mapping[str, Mapping[tuple[int, int], tuple[str, ...]]] = field(default_factory=dict)
    #: Where article bodies are read when the articles were loaded without them
    #: (``article_cache.CachedBodies``); None: each article holds its body.
    bodies: Callable[[Article], str] | None = None
    #: In a preview with drafts (``newsgen serve --drafts``): the held versions on the site, to be marked.
    held: Mapping[ArticleKey, Held] = field(default_factory=dict)
    #: Encoded photos by picture file (``photos.py``); a file missing here is published without its photo.
    photos: Mapping[str, Photo] = field(default_factory=dict)

    def photo(self, article: Article) -> Photo | None:
        """The article's photo; a version whose picture note names no file shows the one another version of the story names."""
        image = article.image
        if image is None:
            return None
        if image.file:
            return self.photos.get(image.file)
        for lang in self.translations.get(article.id, ()):
            other = self.articles.get(ArticleKey(article.id, lang)) if lang != article.lang else None
            if other is not None and other.image and other.image.file:
                return self.photos.get(other.image.file)
        return None

    def article(self, key: ArticleKey) -> Article:
        return self.articles[key]

    def body(self, article: Article) -> str:
        """The Markdown body of ``article``, wherever it is kept."""
        return article.body if self.bodies is None else self.bodies(article)

    def edition(self, lang: str) -> Edition:
        return next(edition for edition in self.editions if edition.lang == lang)

    def other_versions(self, key: ArticleKey) -> tuple[ArticleKey, ...]:
        """The other language versions of the same story, in site language order."""
        return tuple(ArticleKey(key.id, lang) for lang in self.translations[key.id] if lang != key.lang)

    def terms_of(self, article: Article, kind: str) -> tuple[Term, ...]:
        """The terms of one kind an article names, in its own order, that have a page in its language."""
        taxonomy = self.taxonomies.get(kind)
        if taxonomy is None:
            return ()
        terms = (taxonomy.term_for(name) for name in dict.fromkeys(term_names(article, kind)) if name in taxonomy.by_name)
        return tuple(term for term in terms if article.lang in term.slugs)


def hreflang_versions(config: SiteConfig, page: Page) -> tuple[tuple[str, str], ...]:
    """(hreflang, url) for every language version of a page, itself included, then x-default;
    empty when the page has no other versions.

    x-default is the default language's version where there is one, else the
    first in site order; every version names the same one, so the set stays
    reciprocal. Pages and sitemaps both use this.
    """
    if not page.alternates:
        return ()
    versions = dict(page.alternates) | {page.lang: page.url}
    ordered = [code for code in config.language_codes if code in versions]
    fallback = config.default_language if config.default_language in versions else ordered[0]
    return (*((code, versions[code]) for code in ordered), ("x-default", versions[fallback]))


def listed_keys(page: Page) -> tuple[ArticleKey, ...]:
    """The article versions a listing page shows; home pages may include other languages."""
    if "article_keys" in page.context:
        return page.context["article_keys"]
    return tuple(ArticleKey(story, page.lang) for story in page.context["article_ids"])


def build_site_model(
    config: SiteConfig,
    articles: Iterable[Article],
    urls: Urls | None = None,
    taxonomies: Mapping[str, Taxonomy] | None = None,
    *,
    conflicts_checked: bool = False,
) -> SiteModel:
    """Arrange articles into editions, translation links, taxonomies and pages (pure).

    Raises the first of ``find_conflicts``, unless the caller has run it already
    (``conflicts_checked``) and stopped on what it found.
    """
    articles = list(articles)
    urls = urls or Urls(config)
    problems = [] if conflicts_checked else find_conflicts(config, articles, urls)
    if problems:
        raise problems[0]
    if taxonomies is None:
        taxonomies = build_taxonomies(config, articles, PeopleRegistry(), TagVocabulary())
    by_key = {ArticleKey(a.id, a.lang): a for a in articles}
    translations = collect_translations(config.language_codes, by_key)
    editions = tuple(build_edition(lang, articles) for lang in config.language_codes)
    if config.translation.missing == "source":
        editions = tuple(borrow_missing(edition, by_key, translations) for edition in editions)
    months = {edition.lang: collect_months(edition, by_key, urls) for edition in editions}
    pages = [
        *build_root_pages(config, urls),
        *(page for edition in editions for page in build_home_pages(config, urls, edition, by_key)),
        *(build_article_page(urls, by_key, translations, key) for key in by_key),
        *(page for taxonomy in taxonomies.values() for page in build_taxonomy_pages(config, urls, taxonomy)),
        *(page for lang, by_month in months.items() for page in build_archive_pages(config, urls, lang, by_month, months)),
        *build_search_pages(config, urls),
    ]
    return SiteModel(
        config=config,
        urls=urls,
        articles=MappingProxyType(dict(sorted(by_key.items()))),
        editions=editions,
        translations=MappingProxyType(translations),
        pages=tuple(sorted(pages, key=lambda page: page.url)),
        taxonomies=MappingProxyType(dict(taxonomies)),
        months=MappingProxyType({lang: MappingProxyType(by_month) for lang, by_month in months.items()}),
    )


def find_conflicts(config: SiteConfig, articles: Iterable[Article], urls: Urls | None = None) -> list[NewsgenError]:
    """Problems that make a set of articles unbuildable, each naming its file."""
    urls = urls or Urls(config)
    problems: list[NewsgenError] = []
    seen_keys: dict[ArticleKey, Article] = {}
    seen_urls: dict[str, Article] = {}
    for article in articles:
        if article.lang not in config.language_codes:
            problems.append(NewsgenError(
                f"language {article.lang!r} is not in site.toml languages {list(config.language_codes)}; "
                "add it there or remove the file", article.path))
            continue
        key = ArticleKey(article.id, article.lang)
        if key in seen_keys:
            problems.append(NewsgenError(f"id {article.id!r} in {article.lang!r} is also used by {seen_keys[key].path}", article.path))
            continue
        seen_keys[key] = article
        url = urls.article(article)
        if url in seen_urls:
            problems.append(NewsgenError(f"URL {url} is also used by {seen_urls[url].path}; change one slug", article.path))
        seen_urls.setdefault(url, article)
    return problems


def build_edition(lang: str, articles: Iterable[Article]) -> Edition:
    """The articles of one language, newest first; equal times ordered by id."""
    chosen = sorted((a for a in articles if a.lang == lang), key=lambda a: (-a.published.timestamp(), a.id))
    return Edition(lang, tuple(a.id for a in chosen))


def collect_translations(languages: tuple[str, ...], keys: Iterable[ArticleKey]) -> dict[str, tuple[str, ...]]:
    """Story id -> languages it exists in, ordered as the site lists its languages."""
    found: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        found[key.id].add(key.lang)
    return {story: tuple(lang for lang in languages if lang in langs) for story, langs in sorted(found.items())}


def paginate(items: tuple[str, ...], size: int) -> list[tuple[int | None, tuple[str, ...]]]:
    """A newest-first listing as (number, items) pages, newest page first (see ``Pagination``).

    The front page (number None) takes the newest ``size`` items and always exists,
    even for an empty listing; the rest fill numbered pages from the oldest up.
    """
    front, older = items[:size], items[size:]
    oldest_first = older[::-1]
    numbered = [(number, oldest_first[start : start + size][::-1]) for number, start in enumerate(range(0, len(older), size), start=1)]
    return [(None, front), *reversed(numbered)]


def build_listing_pages(
    url_for: Callable[[int | None], str],
    template: str,
    lang: str,
    ids: Sequence[Any],
    page_size: int,
    alternates: tuple[tuple[str, str], ...] = (),
    extra: Mapping[str, Any] | None = None,
    *,
    newest: int | None = None,
    holding: int | None = None,
) -> list[Page]:
    """Paginated listing pages of article ids, as ``paginate`` cuts them; only the front page has
    language alternates, because numbered pages of two languages do not show the same stories.

    ``newest``: only the pages that hold the newest ``newest`` stories and the two pages after
    them; ``holding``: only the page that holds the story at that newest-first position. Either
    gives the same pages, read from their stories and the listing's length only: a listing of a
    hundred thousand stories need not be read to show a page of it.
    """
    length = len(ids)
    older = max(length - page_size, 0)
    numbered = -(-older // page_size)
    numbers: list[int | None] = [None, *range(numbered, 0, -1)]

    def index_of(position: int) -> int:
        """Index (front page 0, then newest numbered first) of the page showing a newest-first position."""
        if position < page_size:
            return 0
        return numbered - (length - 1 - position) // page_size

    if holding is not None:
        indexes = range(index_of(holding), index_of(holding) + 1) if 0 <= holding < length else range(0)
    elif newest is not None:
        indexes = range(min(index_of(max(newest - 1, 0)) + 3, len(numbers)))
    else:
        indexes = range(len(numbers))
    url_of = lambda index: url_for(numbers[index])  # noqa: E731
    pages = []
    for index in indexes:
        number = numbers[index]
        start = 0 if number is None else length - min(number * page_size, older)
        stop = min(page_size, length) if number is None else length - (number - 1) * page_size
        pages.append(Page(
            url=url_of(index),
            template=template,
            lang=lang,
            alternates=alternates if number is None else (),
            context=MappingProxyType({
                **(extra or {}),
                "article_ids": tuple(ids[start:stop]),
                "pagination": Pagination(
                    number=number,
                    prev_url=url_of(index - 1) if index > 0 else None,
                    next_url=url_of(index + 1) if index + 1 < len(numbers) else None,
                ),
            }),
        ))
    return pages


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


def borrow_missing(edition: Edition, articles: Mapping[ArticleKey, Article], translations: Mapping[str, tuple[str, ...]]) -> Edition:
    """The edition plus, for each story missing in its language, the story's source version."""
    borrowed = []
    for story, languages in translations.items():
        if edition.lang in languages:
            continue
        versions = [ArticleKey(story, lang) for lang in languages]
        originals = [key for key in versions if articles[key].translation is None]
        borrowed.append((originals or versions)[0])
    return replace(edition, borrowed=tuple(borrowed))


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


def collect_months(edition: Edition, articles: Mapping[ArticleKey, Article], urls: Urls) -> dict[tuple[int, int], tuple[str, ...]]:
    """(year, month) in the site time zone -> the edition's article ids, newest first."""
    months: dict[tuple[int, int], list[str]] = defaultdict(list)
    for story in edition.article_ids:
        local = urls.local_time(articles[ArticleKey(story, edition.lang)].published)
        months[(local.year, local.month)].append(story)
    return {month: tuple(ids) for month, ids in sorted(months.items(), reverse=True)}


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
