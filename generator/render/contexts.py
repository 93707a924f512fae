"""Template variables of a page: those every page shares, and which builder adds those of its kind.

Separate from rendering (``pages``) so that what a template can read is in one
place: the shared variables, the navigation, and the table of page kinds
(``_PAGE_CONTEXTS``), whose article and listing builders live in ``article_page``
and ``listing_pages``.
"""

from __future__ import annotations

from collections.abc import Callable

from ..site.sitemodel import (
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
    Page,
    SiteModel,
    hreflang_versions,
)
from ..site.taxonomy import CATEGORY, PERSON, TAG
from . import i18n
from .article_page import article_context
from .feeds import page_feeds
from .listing_pages import (
    archive_context,
    listing_context,
    month_context,
    term_context,
    term_index_context,
    year_context,
)
from .opengraph import build_social_meta
from .sanitize import PAGE_POLICY

STYLESHEET = "style.css"
#: The search page's script (templates/static/), which queries the Pagefind index.
SEARCH_SCRIPT = "search.js"


def page_context(model: SiteModel, page: Page) -> dict:
    """Template variables for a page: shared ones plus those of its kind."""
    link = _linker(model, page)
    context = base_context(model, page, link)
    builder = _PAGE_CONTEXTS.get(page.template)
    if builder is not None:
        context.update(builder(model, page, link))
    return context


def base_context(model: SiteModel, page: Page, link: Callable[[str], str]) -> dict:
    config, urls = model.config, model.urls
    language = config.language(page.lang)
    return {
        "lang": page.lang,
        "dir": i18n.text_direction(page.lang),
        "site_title": language.title,
        "page_url": page.url,
        "canonical_url": urls.absolute(page.url),
        "stylesheet_href": link(urls.static(STYLESHEET)),
        "home_href": link(urls.home(page.lang)),
        "root_href": link(urls.root()),
        "switcher": language_switcher(model, page, link),
        "nav": site_navigation(model, page.lang, link),
        "search_href": link(urls.search(page.lang)) if config.search else None,
        "hreflang_links": hreflang_links(model, page),
        "feeds": [{"title": feed.title, "href": link(feed.url)} for feed in page_feeds(model, page)],
        "social_meta": build_social_meta(model, page),
        # Without script hashes; finish_page adds those of the page's inline scripts.
        "content_security_policy": PAGE_POLICY,
        "link": link,
    }


def language_switcher(model: SiteModel, page: Page, link: Callable[[str], str]) -> list[dict]:
    """One entry per site language: the same content where it exists, else that edition's home."""
    alternates = dict(page.alternates)
    return [
        {
            "lang": lang.code,
            "name": lang.name,
            "href": link(alternates.get(lang.code) or model.urls.home(lang.code)),
            "current": lang.code == page.lang,
            "same_content": lang.code in alternates,
        }
        for lang in model.config.languages
    ]


def hreflang_links(model: SiteModel, page: Page) -> list[dict]:
    """Absolute alternate-language links, this page and x-default included, when it has alternates."""
    return [{"lang": code, "href": model.urls.absolute(url)} for code, url in hreflang_versions(model.config, page)]


def site_navigation(model: SiteModel, lang: str, link: Callable[[str], str]) -> dict:
    """Header navigation of an edition: its categories and the indexes that exist in it."""
    urls = model.urls
    categories = model.taxonomies.get(CATEGORY)
    indexes = {kind: link(urls.term_index(kind, lang)) for kind in (TAG, PERSON) if kind in model.taxonomies and model.taxonomies[kind].in_language(lang)}
    return {
        "categories": [
            {"label": term.labels[lang], "href": link(urls.term(term, lang))}
            for term in (categories.in_language(lang, [c.id for c in model.config.categories]) if categories else ())
        ],
        "tags_href": indexes.get(TAG),
        "persons_href": indexes.get(PERSON),
        "archive_href": link(urls.archive(lang)) if model.months.get(lang) else None,
    }


def editions_context(model: SiteModel, page: Page, link: Callable[[str], str]) -> dict:
    """For the language-neutral pages: every edition with its own-language strings."""
    return {
        "site_title": model.config.title,
        "editions": [
            {
                "lang": lang.code,
                "dir": i18n.text_direction(lang.code),
                "name": lang.name,
                "title": lang.title,
                "href": link(model.urls.home(lang.code)),
                "gettext": i18n.translations(model.config.templates_dir, lang.code).gettext,
            }
            for lang in model.config.languages
        ],
    }


def search_context(model: SiteModel, page: Page, link: Callable[[str], str]) -> dict:
    """The search page: where its script and the index are (Pagefind finds the rest from there)."""
    urls = model.urls
    return {
        "search_script_href": link(urls.static(SEARCH_SCRIPT)),
        "search_bundle_href": link(urls.search_index()),
    }


# Template -> what it needs beyond the shared variables; new page kinds register here.
_PAGE_CONTEXTS = {
    SEARCH_TEMPLATE: search_context,
    ARTICLE_TEMPLATE: article_context,
    HOME_TEMPLATE: listing_context,
    TERM_INDEX_TEMPLATE: term_index_context,
    TERM_TEMPLATE: term_context,
    ARCHIVE_TEMPLATE: archive_context,
    YEAR_TEMPLATE: year_context,
    MONTH_TEMPLATE: month_context,
    ROOT_TEMPLATE: editions_context,
    NOT_FOUND_TEMPLATE: editions_context,
}


def _linker(model: SiteModel, page: Page) -> Callable[[str], str]:
    """How this page writes links: relative to itself, or absolute where its address is unknown."""
    if page.relative_links:
        return lambda url: model.urls.relative(page.url, url)
    return model.urls.absolute
