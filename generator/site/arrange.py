"""Arranging loaded articles into the site model: editions, translation links, months, pages.

Pure: built from the configuration and the articles without touching the disk.
Every ordering is explicit so the model -- and the site built from it --
depends on nothing but its inputs. Separate from ``sitemodel.py``, which
declares what the model holds for everyone who reads it, and from
``sitepages.py``, which makes the pages of each kind for this module and for
the incremental build alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from types import MappingProxyType

from ..config.settings import SiteConfig
from ..content.model import Article
from ..content.people_registry import PeopleRegistry
from ..content.tag_vocabulary import TagVocabulary
from ..core.errors import NewsgenError
from .sitemodel import ArticleKey, Edition, SiteModel
from .sitepages import (
    build_archive_pages,
    build_article_page,
    build_home_pages,
    build_root_pages,
    build_search_pages,
    build_taxonomy_pages,
)
from .taxonomy import Taxonomy, build_taxonomies
from .urls import Urls


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


def collect_months(edition: Edition, articles: Mapping[ArticleKey, Article], urls: Urls) -> dict[tuple[int, int], tuple[str, ...]]:
    """(year, month) in the site time zone -> the edition's article ids, newest first."""
    months: dict[tuple[int, int], list[str]] = defaultdict(list)
    for story in edition.article_ids:
        local = urls.local_time(articles[ArticleKey(story, edition.lang)].published)
        months[(local.year, local.month)].append(story)
    return {month: tuple(ids) for month, ids in sorted(months.items(), reverse=True)}
