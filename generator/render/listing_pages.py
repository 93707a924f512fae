"""Template variables of the listing pages: home, term, term index, archive, year and month.

Separate from the article page: listings show stories as teasers, paginated,
and their own indexes (A-Z terms, years and months).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..content.model import Article
from ..site.sitemodel import ArticleKey, Page, SiteModel, listed_keys
from ..site.taxonomy import CATEGORY, PERSON, index_groups, surname_first
from . import i18n
from .date_formats import date_range, format_datetime_local, month_name
from .story_parts import TermLink, photo_context, term_link


def listing_context(model: SiteModel, page: Page, link: Callable[[str], str]) -> dict:
    """A page of teasers with pagination: home, term and month pages."""
    pagination = page.context["pagination"]
    keys = listed_keys(page)
    return {
        "entries": [teaser(model, key, page.lang, link) for key in keys],
        "pagination": pagination,
        # Numbered pages are named by the days they cover ("3–14 May 2024"), which never change.
        "page_range": None if pagination.number is None or not keys else date_range(
            [model.article(key).published for key in keys], page.lang, model.config.tz
        ),
        "prev_href": link(pagination.prev_url) if pagination.prev_url else None,
        "next_href": link(pagination.next_url) if pagination.next_url else None,
    }


# Listing entries are objects rather than dicts: Jinja reads ``entry.href`` as an
# attribute first, and a dict answers only after an AttributeError, twenty times a page.


@dataclass(frozen=True, slots=True)
class Teaser:
    """A story in a listing."""

    article: Article
    href: str
    published_iso: str
    published_text: str
    category: TermLink
    #: Name of the story's language when it differs from the page's (a borrowed version).
    other_language: str | None
    #: In a preview with drafts: "draft" or "embargo" for a held version.
    held: str | None = None
    #: The story's photo, as ``photo_context`` gives it (a thumbnail in listings).
    photo: dict | None = None


def teaser(model: SiteModel, key: ArticleKey, page_lang: str, link: Callable[[str], str]) -> Teaser:
    """A story in a listing; a version in another language is marked as such."""
    article = model.article(key)
    tz = model.config.tz
    return Teaser(
        article=article,
        href=link(model.urls.article(article)),
        published_iso=article.published.astimezone(tz).isoformat(),
        published_text=format_datetime_local(article.published, page_lang, tz, "medium"),
        category=term_link(model, CATEGORY, article.category, key.lang, link),
        other_language=i18n.language_name(key.lang, page_lang) if key.lang != page_lang else None,
        held=held.reason if (held := model.held.get(key)) else None,
        photo=photo_context(model, model.photo(article), link),
    )


def term_index_context(model: SiteModel, page: Page, link: Callable[[str], str]) -> dict:
    """The A-Z index of tags, persons or categories in the page's language."""
    taxonomy = model.taxonomies[page.context["kind"]]
    return {
        "kind": taxonomy.kind,
        "groups": [
            (letter, [
                {"label": term.labels[page.lang], "href": link(model.urls.term(term, page.lang)), "count": len(term.articles[page.lang]),
                 "role": term.roles.get(page.lang), "sort_label": surname_first(term.labels[page.lang]) if taxonomy.kind == PERSON else term.labels[page.lang]}
                for term in terms
            ])
            for letter, terms in index_groups(taxonomy.in_language(page.lang), page.lang)
        ],
    }


def term_context(model: SiteModel, page: Page, link: Callable[[str], str]) -> dict:
    term = model.taxonomies[page.context["kind"]].terms[page.context["term"]]
    return {
        **listing_context(model, page, link),
        "kind": term.kind,
        "term_label": term.labels[page.lang],
        "term_role": term.roles.get(page.lang),
        "term_wikidata": term.wikidata,
        # Only the front page shows the count: numbered pages must not change when a story is added.
        "term_count": len(term.articles[page.lang]) if page.context["pagination"].number is None else None,
        "index_href": link(model.urls.term_index(term.kind, page.lang)),
    }


def archive_context(model: SiteModel, page: Page, link: Callable[[str], str]) -> dict:
    """Years with their months and article counts, newest first."""
    by_month = model.months[page.lang]
    years = sorted({year for year, _ in by_month}, reverse=True)
    return {
        "years": [
            {"year": year, "href": link(model.urls.year(page.lang, year)), "months": _month_entries(model, page.lang, year, link)}
            for year in years
        ],
    }


def year_context(model: SiteModel, page: Page, link: Callable[[str], str]) -> dict:
    year = page.context["year"]
    return {"year": year, "months": _month_entries(model, page.lang, year, link), "archive_href": link(model.urls.archive(page.lang))}


def month_context(model: SiteModel, page: Page, link: Callable[[str], str]) -> dict:
    year, month = page.context["year"], page.context["month"]
    return {
        **listing_context(model, page, link),
        "month_label": month_name(year, month, page.lang),
        "year_href": link(model.urls.year(page.lang, year)),
    }


def _month_entries(model: SiteModel, lang: str, year: int, link: Callable[[str], str]) -> list[dict]:
    return [
        {"label": month_name(y, m, lang), "href": link(model.urls.month(lang, y, m)), "count": len(ids)}
        for (y, m), ids in model.months[lang].items()
        if y == year
    ]
