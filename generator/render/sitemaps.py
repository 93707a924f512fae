"""Sitemaps and robots.txt: what a crawler needs to find every page.

- ``/sitemap.xml``: a sitemap index naming every sitemap below, per language
  in site order: the pages sitemap, then the month sitemaps oldest first. Each
  entry carries the newest ``lastmod`` its sitemap lists.
- ``/sitemap-<lang>.xml``: every indexable page of that language except the
  articles (the language-neutral root goes into the default language's): front
  pages of the home, term and month listings, term indexes, archive and years.
- ``/sitemap-<lang>-<yyyy>-<mm>.xml``: the article pages of that language whose
  URL carries that year and month, oldest first (so the newest, which gives
  the ``lastmod`` in the index, is the last, and a new story is appended).
- Every entry has its ``lastmod`` and ``xhtml:link`` hreflang alternates (the
  same set, x-default included, that the page itself carries). Left out: the
  404 page, and the numbered pages of listings behind their front pages --
  every story they show is listed by its own URL anyway.
- A sitemap that would list more than ``SITEMAP_LIMIT`` URLs (the protocol's
  limit) is split into parts ``-2.xml``, ``-3.xml``...; the first keeps the
  plain name.
- ``/news-sitemap-<lang>.xml``: Google News sitemap of the stories published
  within ``NEWS_WINDOW`` before the newest story of the whole site (not before
  the clock: a rebuild of old content gives the same file), newest first, at
  most ``NEWS_LIMIT`` (Google's limit per file).
- ``/robots.txt``: allows everything and names the index and news sitemaps.

Articles are filed by month so that editing or adding a story re-renders one
small sitemap (and the index) rather than every URL of its language
(``incremental.sitemap_fingerprints``). The index needs no look at every page
for its lastmods: a month's newest story is its last, and no page of a language
is newer than its archive page (the root aside, the site's newest).

``lastmod`` of an article page is its publication time; of a listing, the
newest story it shows. All addresses are absolute under ``base_url``.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice, takewhile

from ..content.model import Article
from ..site.sitemodel import (
    ARCHIVE_TEMPLATE,
    ARTICLE_TEMPLATE,
    NOT_FOUND_TEMPLATE,
    ROOT_TEMPLATE,
    SEARCH_TEMPLATE,
    TERM_INDEX_TEMPLATE,
    YEAR_TEMPLATE,
    ArticleKey,
    Page,
    SiteModel,
    hreflang_versions,
)
from .timestamps import iso_timestamp, newest_published
from .xmlfiles import branch, leaf, render_xml

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
#: URLs per sitemap file, the sitemap protocol's limit; longer lists are split into parts.
SITEMAP_LIMIT = 50_000
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000

#: The pages of one sitemap, each with its lastmod.
Entries = list[tuple[Page, datetime | None]]


@dataclass(frozen=True)
class Sitemap:
    """One sitemap file (or part of one) and the pages it lists, in order."""

    url: str
    lang: str
    pages: tuple[Page, ...]
    #: True for a month's article pages, which are listed oldest first.
    of_articles: bool


def render_sitemaps(model: SiteModel, skip: Container[str] = ()) -> dict[str, bytes | None]:
    """The sitemap index, the sitemaps, a news sitemap per language and robots.txt: output path -> bytes.

    Output paths in ``skip`` are not rendered (None: the previous file stays).
    """
    return {path: None if path in skip else make() for path, make in sitemap_makers(model).items()}


def sitemap_makers(model: SiteModel) -> dict[str, Callable[[], bytes]]:
    """Output path -> how to render it, for the sitemap index, the sitemaps, the news sitemaps and robots.txt."""
    urls = model.urls
    sitemaps = collect_sitemaps(model)
    # Every language version of a page names the same alternates: written for the first
    # language's sitemap, reused by the others.
    links: dict[tuple[tuple[str, str], ...], list[str]] = {}
    makers = {
        urls.sitemap_index(): lambda: render_sitemap_index(model, [(sitemap.url, sitemap_lastmod(model, sitemap)) for sitemap in sitemaps]),
        urls.robots(): lambda: render_robots(model),
    }
    for sitemap in sitemaps:
        makers[sitemap.url] = lambda sitemap=sitemap: render_sitemap(model, sitemap_entries(model, sitemap.pages), links)
    for lang in model.config.language_codes:
        makers[urls.news_sitemap(lang)] = lambda lang=lang: render_news_sitemap(model, lang)
    return {urls.output_path(url): make for url, make in sorted(makers.items())}


# -- which sitemaps, which pages, how fresh ------------------------------------


def collect_sitemaps(model: SiteModel) -> tuple[Sitemap, ...]:
    """Every sitemap in the order the index names them: per language the pages sitemap,
    then a sitemap per month of articles, oldest month first; each in parts if it must."""
    urls = model.urls
    others: dict[str, list[Page]] = {lang: [] for lang in model.config.language_codes}
    article_pages: dict[str, dict[str, Page]] = {lang: {} for lang in model.config.language_codes}
    for page in model.pages:
        if page.template == ARTICLE_TEMPLATE:
            article_pages[page.lang][page.context["article"].id] = page
        elif _is_listed(page):
            others[page.lang].append(page)
    sitemaps: list[Sitemap] = []
    for lang in model.config.language_codes:
        sitemaps += split_sitemap(lambda part: urls.sitemap(lang, part), lang, others[lang], of_articles=False)
        by_story = article_pages[lang]
        # Months are held newest first, and so are their stories.
        for (year, month), stories in reversed(model.months.get(lang, {}).items()):
            pages = [by_story[story] for story in reversed(stories)]
            sitemaps += split_sitemap(lambda part: urls.month_sitemap(lang, year, month, part), lang, pages, of_articles=True)
    return tuple(sitemaps)


def split_sitemap(url_of: Callable[[int], str], lang: str, pages: Sequence[Page], *, of_articles: bool) -> list[Sitemap]:
    """``pages`` in parts of at most SITEMAP_LIMIT, the first at ``url_of(1)``.

    No pages still make one empty sitemap: a language's pages sitemap exists even
    before the language has a story.
    """
    starts = range(0, max(len(pages), 1), SITEMAP_LIMIT)
    return [Sitemap(url_of(part), lang, tuple(pages[start : start + SITEMAP_LIMIT]), of_articles) for part, start in enumerate(starts, start=1)]


def sitemap_entries(model: SiteModel, pages: Iterable[Page]) -> Entries:
    """The pages a sitemap lists, each with its lastmod."""
    return [(page, page_lastmod(model, page)) for page in pages]


def sitemap_lastmod(model: SiteModel, sitemap: Sitemap) -> datetime | None:
    """The newest lastmod a sitemap lists, from as few of its pages as will tell."""
    if sitemap.of_articles:
        # A correction makes any story of the month the last one changed.
        return max(filter(None, (page_lastmod(model, page) for page in sitemap.pages)), default=None)
    elif any(page.template == ARCHIVE_TEMPLATE for page in sitemap.pages):
        # No page of a language shows a story newer than its archive counts (the newest
        # of the language) but the root, which shows the newest of the site.
        newest = [page for page in sitemap.pages if page.template in (ARCHIVE_TEMPLATE, ROOT_TEMPLATE)]
    else:
        newest = sitemap.pages
    return max(filter(None, (page_lastmod(model, page) for page in newest)), default=None)


def _is_listed(page: Page) -> bool:
    pagination = page.context.get("pagination")
    return page.template not in (NOT_FOUND_TEMPLATE, SEARCH_TEMPLATE) and (pagination is None or pagination.number is None)


def page_lastmod(model: SiteModel, page: Page) -> datetime | None:
    """When a page last changed: an article page when its story was last updated or corrected;
    a listing the newest publication time among the stories it shows or counts."""
    if page.template == ARTICLE_TEMPLATE:
        return modified_of(model, page.context["article"])
    newest = _NEWEST_SHOWN.get(page.template, _newest_listed)
    return max((published_of(model, key) for key in newest(model, page)), default=None)


def modified_of(model: SiteModel, key: ArticleKey) -> datetime:
    """A version's last update or correction time, answered from storage where the model reads it."""
    modified = getattr(model.articles, "modified", None)
    return modified(key) if modified is not None else model.article(key).modified


def published_of(model: SiteModel, key: ArticleKey) -> datetime:
    """A version's publication time; a model whose articles are read from storage answers
    without reading the whole article (``sitestate.StoredArticles.published``)."""
    published = getattr(model.articles, "published", None)
    return published(key) if published is not None else model.article(key).published


# Editions, months, terms and the listings made of them hold their stories newest
# first: the first story of each is all a lastmod needs to look at.


def _newest_of(lang: str, stories: Sequence[str]) -> list[ArticleKey]:
    return [ArticleKey(stories[0], lang)] if stories else []


def _newest_listed(model: SiteModel, page: Page) -> list[ArticleKey]:
    return _newest_of(page.lang, page.context.get("article_ids", ()))


def _newest_of_each_edition(model: SiteModel, page: Page | None = None) -> list[ArticleKey]:
    """The newest story of each edition, among which is the site's (the root page's lastmod)."""
    return [key for edition in model.editions for key in _newest_of(edition.lang, edition.article_ids)]


def _newest_of_year(model: SiteModel, page: Page) -> list[ArticleKey]:
    months = model.months[page.lang]
    return [key for (year, _), ids in months.items() if year == page.context["year"] for key in _newest_of(page.lang, ids)]


def _newest_of_each_term(model: SiteModel, page: Page) -> list[ArticleKey]:
    terms = model.taxonomies[page.context["kind"]].in_language(page.lang)
    return [ArticleKey(term.articles[page.lang][0], page.lang) for term in terms]


# Pages whose stories are not a plain ``article_ids`` listing.
_NEWEST_SHOWN: dict[str, Callable[[SiteModel, Page], Iterable[ArticleKey]]] = {
    ARTICLE_TEMPLATE: lambda model, page: (page.context["article"],),
    ROOT_TEMPLATE: _newest_of_each_edition,
    ARCHIVE_TEMPLATE: lambda model, page: _newest_of(page.lang, model.edition(page.lang).article_ids),
    YEAR_TEMPLATE: _newest_of_year,
    TERM_INDEX_TEMPLATE: _newest_of_each_term,
}


def news_articles(model: SiteModel, lang: str) -> tuple[Article, ...]:
    """Stories of one language published within NEWS_WINDOW before the site's newest story, newest first."""
    newest = newest_published([model.article(key) for key in _newest_of_each_edition(model)])
    if newest is None:
        return ()
    edition = (model.article(ArticleKey(story, lang)) for story in model.edition(lang).article_ids)
    # Newest first: the recent ones are a prefix, the rest need not be looked at.
    return tuple(islice(takewhile(lambda article: newest - article.published <= NEWS_WINDOW, edition), NEWS_LIMIT))


# -- documents ---------------------------------------------------------------


def render_sitemap_index(model: SiteModel, sitemaps: Iterable[tuple[str, datetime | None]]) -> bytes:
    """The index of the sitemaps, given as (url, newest lastmod it lists) in the order to name them."""
    urls, tz = model.urls, model.config.tz
    named = []
    for url, lastmod in sitemaps:
        children = [leaf("loc", urls.absolute(url))]
        if lastmod is not None:
            children.append(leaf("lastmod", iso_timestamp(lastmod, tz)))
        named.append(branch("sitemap", children, 1))
    return render_xml(branch("sitemapindex", named, 0, xmlns=SITEMAP_NS))


def render_sitemap(
    model: SiteModel,
    entries: Entries,
    links: dict[tuple[tuple[str, str], ...], list[str]] | None = None,
) -> bytes:
    """The pages of ``entries``, in order, with their freshness and their other language versions.

    ``links`` remembers the written ``xhtml:link`` lines by set of versions, to be
    shared with the sitemaps of the other languages.
    """
    urls, tz = model.urls, model.config.tz
    links = {} if links is None else links
    listed = []
    for page, lastmod in entries:
        children = [leaf("loc", urls.absolute(page.url))]
        if lastmod is not None:
            children.append(leaf("lastmod", iso_timestamp(lastmod, tz)))
        versions = hreflang_versions(model.config, page)
        if versions not in links:
            links[versions] = [leaf("xhtml:link", rel="alternate", hreflang=code, href=urls.absolute(url)) for code, url in versions]
        children.extend(links[versions])
        listed.append(branch("url", children, 1))
    return render_xml(branch("urlset", listed, 0, **{"xmlns": SITEMAP_NS, "xmlns:xhtml": XHTML_NS}))


def render_news_sitemap(model: SiteModel, lang: str) -> bytes:
    """Google News sitemap of ``lang``: recent stories with publication, date and headline."""
    urls, tz = model.urls, model.config.tz
    # The same for every story of the language.
    publication = branch("news:publication", [leaf("news:name", model.config.language(lang).title), leaf("news:language", news_language(lang))], 3)
    listed = []
    for article in news_articles(model, lang):
        news = [publication, leaf("news:publication_date", iso_timestamp(article.published, tz)), leaf("news:title", article.title)]
        listed.append(branch("url", [leaf("loc", urls.absolute(urls.article(article))), branch("news:news", news, 2)], 1))
    return render_xml(branch("urlset", listed, 0, **{"xmlns": SITEMAP_NS, "xmlns:news": NEWS_NS}))


def news_language(lang: str) -> str:
    """Google News wants an ISO 639 code; only Chinese keeps its region (zh-cn, zh-tw)."""
    return lang if lang.startswith("zh-") else lang.split("-")[0]


def render_robots(model: SiteModel) -> bytes:
    """Allow every crawler everywhere and name the sitemaps (absolute, as the format requires)."""
    urls = model.urls
    sitemaps = [urls.sitemap_index(), *(urls.news_sitemap(lang) for lang in model.config.language_codes)]
    lines = ["User-agent: *", "Disallow:", "", *(f"Sitemap: {urls.absolute(url)}" for url in sitemaps)]
    return ("\n".join(lines) + "\n").encode("utf-8")
