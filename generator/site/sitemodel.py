"""The site model: which pages exist, what each shows and how they connect.

Pages refer to articles by key (``ArticleKey``: language-neutral id plus
language), never by holding article objects; the renderer looks them up in
``SiteModel.articles``. The model is built from the configuration and the
loaded articles without touching the disk (``arrange.py``), its pages by kind
in ``sitepages.py``, listings cut into pages in ``pagination.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

from ..config.settings import SiteConfig
from ..content.model import Article
from ..content.release import Held
from .photos import Photo
from .taxonomy import Taxonomy, Term, term_names
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
