"""Open Graph and Twitter card meta tags: how a page looks when shared.

``build_social_meta`` returns (attribute, key, content) triples in the order
they are written into the head; the template writes ``og:title`` itself from
the page's title block, since that is where page titles live. The 404 page,
which can be served at any address, gets none.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from babel.core import get_global

from ..site.sitemodel import ARTICLE_TEMPLATE, NOT_FOUND_TEMPLATE, Page, SiteModel
from ..site.taxonomy import CATEGORY, TAG
from .timestamps import iso_timestamp

PROPERTY, NAME = "property", "name"  # Open Graph uses property=, Twitter name=


def build_social_meta(model: SiteModel, page: Page) -> list[tuple[str, str, str]]:
    """Open Graph and Twitter tags of a page (pure)."""
    if page.template == NOT_FOUND_TEMPLATE:
        return []
    is_article = page.template == ARTICLE_TEMPLATE
    meta = [
        (PROPERTY, "og:type", "article" if is_article else "website"),
        (PROPERTY, "og:site_name", model.config.language(page.lang).title),
        (PROPERTY, "og:url", model.urls.absolute(page.url)),
        (PROPERTY, "og:locale", og_locale(page.lang)),
        *((PROPERTY, "og:locale:alternate", og_locale(lang)) for lang, _ in page.alternates),
    ]
    photo = model.photo(model.article(page.context["article"])) if is_article else None
    if is_article:
        meta.extend(article_meta(model, page))
    if photo:
        largest = photo.largest
        meta += [
            (PROPERTY, "og:image", model.urls.absolute(model.urls.media(largest.name))),
            (PROPERTY, "og:image:width", str(largest.width)),
            (PROPERTY, "og:image:height", str(largest.height)),
            (PROPERTY, "og:image:alt", model.article(page.context["article"]).image.caption),
        ]
    meta.append((NAME, "twitter:card", "summary_large_image" if photo else "summary"))
    return meta


def article_meta(model: SiteModel, page: Page) -> list[tuple[str, str, str]]:
    """Description, publication time, section and tags of an article page."""
    article = model.article(page.context["article"])
    meta = [(PROPERTY, "og:description", article.summary)] if article.summary else []
    meta.append((PROPERTY, "article:published_time", iso_timestamp(article.published, model.config.tz)))
    meta.extend((PROPERTY, "article:section", term.labels[article.lang]) for term in model.terms_of(article, CATEGORY))
    meta.extend((PROPERTY, "article:tag", term.labels[article.lang]) for term in model.terms_of(article, TAG))
    return meta


@lru_cache(maxsize=None)
def og_locale(lang: str) -> str:
    """Open Graph locale ``language_TERRITORY``: "de" -> "de_DE", "de-ch" -> "de_CH", by Babel's likely subtags."""
    locale = Locale.parse(lang.replace("-", "_"))
    if locale.territory is None:
        likely = get_global("likely_subtags").get(locale.language)
        if likely:
            locale = Locale.parse(likely)
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language
