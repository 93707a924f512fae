"""Template variables of an article page: body, dates, corrections, held notice, other versions.

Separate because the article page is the one page kind that shows a whole story;
the parts it shares with teasers (photo, category, tags) are in ``story_parts``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from markupsafe import Markup

from ..content.model import Article
from ..content.release import Held
from ..site.sitemodel import ArticleKey, Page, SiteModel
from ..site.taxonomy import CATEGORY, PERSON, TAG
from . import i18n
from .date_formats import format_datetime_local
from .jsonld import build_news_article, render_jsonld
from .markdown_body import render_markdown
from .story_parts import photo_context, term_link


def article_context(model: SiteModel, page: Page, link: Callable[[str], str]) -> dict:
    key: ArticleKey = page.context["article"]
    article = model.article(key)
    tz = model.config.tz
    return {
        "article": article,
        "body_html": render_markdown(model.body(article)),
        "published_iso": article.published.astimezone(tz).isoformat(),
        "published_text": format_datetime_local(article.published, key.lang, tz),
        "updated": _moment(article.updated, key.lang, tz) if article.updated else None,
        "corrections": [{**_moment(c.time, key.lang, tz), "note": c.note} for c in article.corrections],
        "held": _held_notice(model.held.get(key), key.lang, tz),
        "photo": photo_context(model, model.photo(article), link),
        "category": term_link(model, CATEGORY, article.category, key.lang, link),
        "tags": [term_link(model, TAG, name, key.lang, link) for name in article.tags],
        "persons": [term_link(model, PERSON, name, key.lang, link) for name in article.persons],
        "other_versions": [
            _version_entry(model, other, link) for other in model.other_versions(key)
        ],
        "machine_translation": machine_translation_notice(model, article, link),
        # Escaped for a script element by render_jsonld, so autoescaping must leave it alone.
        "jsonld": Markup(render_jsonld(build_news_article(model, key))),
    }


def _moment(when: datetime, lang: str, tz: tzinfo) -> dict:
    return {"iso": when.astimezone(tz).isoformat(), "text": format_datetime_local(when, lang, tz)}


def _held_notice(held: Held | None, lang: str, tz: tzinfo) -> dict | None:
    """How a preview with drafts marks a held version: a draft, or embargoed until a time."""
    if held is None:
        return None
    return {"reason": held.reason, "until": _moment(held.until, lang, tz) if held.until else None}


def _version_entry(model: SiteModel, key: ArticleKey, link: Callable[[str], str]) -> dict:
    article = model.article(key)
    return {
        "lang": key.lang,
        "name": model.config.language(key.lang).name,
        "title": article.title,
        "href": link(model.urls.article(article)),
    }


def machine_translation_notice(model: SiteModel, article: Article, link: Callable[[str], str]) -> dict | None:
    """What to tell readers of an unreviewed machine translation, or None."""
    if article.translation is None or article.translation.status != "machine":
        return None
    source = ArticleKey(article.id, article.translation.source_lang)
    original = model.articles.get(source)
    return {
        "language": i18n.language_name(source.lang, article.lang),
        "source_lang": source.lang,
        "original_href": link(model.urls.article(original)) if original else None,
    }
