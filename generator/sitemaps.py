"""Sitemaps and robots.txt: what a crawler needs to find every page.

- ``/sitemap.xml``: a sitemap index naming one sitemap per language.
- ``/sitemap-<lang>.xml``: every indexable HTML page of that language, with
  ``lastmod`` and ``xhtml:link`` hreflang alternates (the same set, x-default
  included, that the page itself carries). The language-neutral root goes into
  the default language's sitemap. Left out: the 404 page, and the numbered
  pages of listings behind their front pages -- every story they show is
  listed by its own URL anyway.
- ``/news-sitemap-<lang>.xml``: Google News sitemap of the stories published
  within ``NEWS_WINDOW`` before the newest story of the whole site (not before
  the clock: a rebuild of old content gives the same file), newest first, at
  most ``NEWS_LIMIT`` (Google's limit per file).
- ``/robots.txt``: allows everything and names the index and news sitemaps.

``lastmod`` of an article page is its publication time; of a listing, the
newest story it shows. All addresses are absolute under ``base_url``. A
sitemap may list 50,000 URLs; a site that outgrows that needs splitting here.
"""

from __future__ import annotations

from collections.abc import Container, Callable, Iterable
from datetime import datetime, timedelta

from .model import Article
from .sitemodel import (
    ARCHIVE_TEMPLATE,
    ARTICLE_TEMPLATE,
    NOT_FOUND_TEMPLATE,
    ROOT_TEMPLATE,
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
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


def render_sitemaps(model: SiteModel, skip: Container[str] = ()) -> dict[str, bytes | None]:
    """The sitemap index, a sitemap and a news sitemap per language, and robots.txt: output path -> bytes.

    Output paths in ``skip`` are not rendered (None: the previous file stays).
    """
    urls = model.urls
    entries: dict[str, list[tuple[Page, datetime | None]]] = {}

    def entries_of(lang: str) -> list[tuple[Page, datetime | None]]:
        # Shared by a language's sitemap and the index, which states its newest lastmod.
        if lang not in entries:
            entries[lang] = sitemap_entries(model, lang)
        return entries[lang]

    # Every language version of a page names the same alternates: written for the first
    # language's sitemap, reused by the others.
    links: dict[tuple[tuple[str, str], ...], list[str]] = {}
    makers = {
        urls.sitemap_index(): lambda: render_sitemap_index(model, entries_of),
        urls.robots(): lambda: render_robots(model),
    }
    for lang in model.config.language_codes:
        makers[urls.sitemap(lang)] = lambda lang=lang: render_sitemap(model, lang, entries_of(lang), links)
        makers[urls.news_sitemap(lang)] = lambda lang=lang: render_news_sitemap(model, lang)
    files = {}
    for url, make in sorted(makers.items()):
        path = urls.output_path(url)
        files[path] = None if path in skip else make()
    return files


# -- which pages, how fresh --------------------------------------------------


def sitemap_entries(model: SiteModel, lang: str) -> list[tuple[Page, datetime | None]]:
    """The pages a language sitemap lists, each with its lastmod."""
    return [(page, page_lastmod(model, page)) for page in listed_pages(model, lang)]


def listed_pages(model: SiteModel, lang: str) -> tuple[Page, ...]:
    """The pages of one language a search engine should index, in URL order."""
    return tuple(page for page in model.pages if page.lang == lang and _is_listed(page))


def _is_listed(page: Page) -> bool:
    pagination = page.context.get("pagination")
    return page.template != NOT_FOUND_TEMPLATE and (pagination is None or pagination.number is None)


def page_lastmod(model: SiteModel, page: Page) -> datetime | None:
    """When a page last changed: the newest publication time among the stories it shows or counts."""
    shown = _SHOWN.get(page.template)
    keys = shown(model, page) if shown else (ArticleKey(story, page.lang) for story in page.context.get("article_ids", ()))
    return newest_published(model.article(key) for key in keys)


def _keys(lang: str, stories: Iterable[str]) -> Iterable[ArticleKey]:
    return (ArticleKey(story, lang) for story in stories)


def _year_stories(model: SiteModel, page: Page) -> Iterable[ArticleKey]:
    months = model.months[page.lang]
    return _keys(page.lang, (story for (year, _), ids in months.items() if year == page.context["year"] for story in ids))


def _indexed_stories(model: SiteModel, page: Page) -> Iterable[ArticleKey]:
    terms = model.taxonomies[page.context["kind"]].in_language(page.lang)
    return _keys(page.lang, (term.articles[page.lang][0] for term in terms))


# Pages whose stories are not a plain ``article_ids`` listing.
_SHOWN: dict[str, Callable[[SiteModel, Page], Iterable[ArticleKey]]] = {
    ARTICLE_TEMPLATE: lambda model, page: (page.context["article"],),
    ROOT_TEMPLATE: lambda model, page: model.articles.keys(),
    ARCHIVE_TEMPLATE: lambda model, page: _keys(page.lang, model.edition(page.lang).article_ids),
    YEAR_TEMPLATE: _year_stories,
    TERM_INDEX_TEMPLATE: _indexed_stories,
}


def news_articles(model: SiteModel, lang: str) -> tuple[Article, ...]:
    """Stories of one language published within NEWS_WINDOW before the site's newest story, newest first."""
    newest = newest_published(model.articles.values())
    if newest is None:
        return ()
    edition = (model.article(ArticleKey(story, lang)) for story in model.edition(lang).article_ids)
    return tuple(article for article in edition if newest - article.published <= NEWS_WINDOW)[:NEWS_LIMIT]


# -- documents ---------------------------------------------------------------


def render_sitemap_index(model: SiteModel, entries_of: Callable[[str], list[tuple[Page, datetime | None]]]) -> bytes:
    """The index of the language sitemaps, each with the newest lastmod it lists."""
    urls, tz = model.urls, model.config.tz
    sitemaps = []
    for lang in model.config.language_codes:
        children = [leaf("loc", urls.absolute(urls.sitemap(lang)))]
        lastmod = max(filter(None, (lastmod for _, lastmod in entries_of(lang))), default=None)
        if lastmod is not None:
            children.append(leaf("lastmod", iso_timestamp(lastmod, tz)))
        sitemaps.append(branch("sitemap", children, 1))
    return render_xml(branch("sitemapindex", sitemaps, 0, xmlns=SITEMAP_NS))


def render_sitemap(
    model: SiteModel,
    lang: str,
    entries: list[tuple[Page, datetime | None]],
    links: dict[tuple[tuple[str, str], ...], list[str]] | None = None,
) -> bytes:
    """Every indexable page of ``lang`` with its freshness and its other language versions.

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
