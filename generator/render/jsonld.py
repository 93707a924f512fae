"""Schema.org ``NewsArticle`` structured data for article pages.

``build_news_article`` returns plain data (a dict in a fixed key order);
``render_jsonld`` turns it into text that is safe inside a ``<script>``
element. Author and publisher are the agency, as it wrote the story; the
persons of a story are ``mentions`` with a link to our page of them and their
Wikidata item when the registry gives one. Language versions point at each
other: a translation at its source (``translationOfWork``), a source at its
translations (``workTranslation``). A story with a published photo has its
variants as ``image`` (largest first, as Google asks for several sizes).
"""

from __future__ import annotations

import json
from typing import Any

from ..content.model import Article
from ..site.sitemodel import ArticleKey, SiteModel
from ..site.taxonomy import CATEGORY, PERSON, TAG, Term
from .timestamps import iso_timestamp

SCHEMA_CONTEXT = "https://schema.org"
WIKIDATA_ITEM = "https://www.wikidata.org/wiki/{}"

# JSON allows these escapes inside strings; with them no "</script>", "<!--"
# or "]]>" can appear in the text, whatever the story says.
#: Characters that could end or confuse a script element, as JSON escapes.
_SCRIPT_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def build_news_article(model: SiteModel, key: ArticleKey) -> dict[str, Any]:
    """NewsArticle data for one language version (pure)."""
    article = model.article(key)
    urls, tz = model.urls, model.config.tz
    url = urls.absolute(urls.article(article))
    published = iso_timestamp(article.published, tz)
    agency = {"@type": "Organization", "name": article.agency or model.config.language(key.lang).title}
    data: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": article.title,
        "description": article.summary,
        "inLanguage": key.lang,
        "datePublished": published,
        "dateModified": iso_timestamp(article.modified, tz),  # the last update or correction
        "author": agency,
        "publisher": agency,
    }
    photo = model.photo(article)
    if photo:
        data["image"] = [urls.absolute(urls.media(v.name)) for v in reversed(photo.fallback)]
    if article.dateline:
        data["dateline"] = article.dateline
    categories = model.terms_of(article, CATEGORY)
    if categories:
        data["articleSection"] = categories[0].labels[key.lang]
    tags = model.terms_of(article, TAG)
    if tags:
        data["keywords"] = [term.labels[key.lang] for term in tags]
    persons = model.terms_of(article, PERSON)
    if persons:
        data["mentions"] = [person_data(model, term, key.lang) for term in persons]
    data.update(translation_links(model, article))
    return {name: value for name, value in data.items() if value not in (None, "")}


def person_data(model: SiteModel, term: Term, lang: str) -> dict[str, Any]:
    """A Person: name in ``lang``, our page of them, and the Wikidata item when known."""
    person: dict[str, Any] = {
        "@type": "Person",
        "name": term.labels[lang],
        "url": model.urls.absolute(model.urls.term(term, lang)),
    }
    if term.wikidata:
        person["sameAs"] = WIKIDATA_ITEM.format(term.wikidata)
    return person


def translation_links(model: SiteModel, article: Article) -> dict[str, Any]:
    """``translationOfWork`` to the version this one was translated from, if it is on the site;
    ``workTranslation`` to the versions translated from this one."""
    links: dict[str, Any] = {}
    source = article.translation.source_lang if article.translation else None
    if source is not None and ArticleKey(article.id, source) in model.articles:
        links["translationOfWork"] = _work(model, model.article(ArticleKey(article.id, source)))
    versions = (model.article(other) for other in model.other_versions(ArticleKey(article.id, article.lang)))
    translations = [version for version in versions if version.translation and version.translation.source_lang == article.lang]
    if translations:
        links["workTranslation"] = [_work(model, version) for version in translations]
    return links


def _work(model: SiteModel, article: Article) -> dict[str, Any]:
    url = model.urls.absolute(model.urls.article(article))
    return {"@type": "NewsArticle", "@id": url, "url": url, "inLanguage": article.lang, "headline": article.title}


def render_jsonld(data: dict[str, Any]) -> str:
    """JSON for a ``<script type="application/ld+json">`` element: ``<``, ``>`` and ``&`` escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character, escape in _SCRIPT_SAFE:  # str.replace is many times faster than str.translate
        if character in text:
            text = text.replace(character, escape)
    return text
