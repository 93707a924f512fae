"""Atom 1.0 feeds: one per language edition and one per term page.

Every edition has ``/<lang>/feed.xml``; every tag, person and category has a
feed beside the first page of its listing in each language where it has one
(``/de/personen/mark-rutte/feed.xml``). A feed holds the newest ``FEED_SIZE``
stories of its listing, newest first. Pure: site model in, bytes out; the
entries written for a model are remembered while it lives (see ``written_entry``).

An entry's ``updated`` is its story's last update or correction (else its
publication); the feed's ``updated`` is the latest of its entries', never the clock; an
empty feed (an edition without stories yet) takes the newest publication time
of the whole site, or the Unix epoch for a site without any.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

from ..content.model import Article
from ..site.sitemodel import (
    NOT_FOUND_TEMPLATE,
    ROOT_TEMPLATE,
    TERM_TEMPLATE,
    ArticleKey,
    Page,
    SiteModel,
)
from ..site.taxonomy import CATEGORY, PERSON, TAG, Term
from .timestamps import iso_timestamp, newest_published
from .xmlfiles import branch, leaf, render_xml

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml"
FEED_SIZE = 50
GENERATOR = "newsgen"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Feed:
    """One Atom feed: where it lives, what it is called and which stories it lists."""

    lang: str
    #: Site URL of the feed file.
    url: str
    #: Site URL of the HTML listing the feed mirrors (rel="alternate").
    page_url: str
    title: str
    #: Ids of the stories in ``lang``, newest first, at most FEED_SIZE.
    article_ids: tuple[str, ...]


def collect_feeds(model: SiteModel) -> tuple[Feed, ...]:
    """Every feed of the site: editions first, then terms by kind, id and language."""
    feeds = [edition_feed(model, edition.lang) for edition in model.editions]
    for kind in sorted(model.taxonomies):
        for term in model.taxonomies[kind].terms.values():
            feeds.extend(term_feed(model, term, lang) for lang in term.languages)
    return tuple(feeds)


def edition_feed(model: SiteModel, lang: str) -> Feed:
    urls = model.urls
    ids = model.edition(lang).article_ids[:FEED_SIZE]
    return Feed(lang, urls.feed(lang), urls.home(lang), model.config.language(lang).title, ids)


def term_feed(model: SiteModel, term: Term, lang: str) -> Feed:
    urls = model.urls
    title = f"{term.labels[lang]} – {model.config.language(lang).title}"
    return Feed(lang, urls.term_feed(term, lang), urls.term(term, lang), title, term.articles[lang][:FEED_SIZE])


def page_feeds(model: SiteModel, page: Page) -> tuple[Feed, ...]:
    """Feeds a page advertises in its head: a term page its term's feed first, then its edition's;
    the root every edition's; the 404 page none."""
    if page.template == NOT_FOUND_TEMPLATE:
        return ()
    if page.template == ROOT_TEMPLATE:
        return tuple(edition_feed(model, edition.lang) for edition in model.editions)
    feeds = [edition_feed(model, page.lang)]
    if page.template == TERM_TEMPLATE:
        term = model.taxonomies[page.context["kind"]].terms[page.context["term"]]
        feeds.insert(0, term_feed(model, term, page.lang))
    return tuple(feeds)


def render_feeds(model: SiteModel) -> dict[str, bytes]:
    """Every feed file: output path -> bytes."""
    return {model.urls.output_path(feed.url): render_atom(model, feed) for feed in collect_feeds(model)}


def render_atom(model: SiteModel, feed: Feed) -> bytes:
    """One Atom 1.0 document."""
    urls, tz = model.urls, model.config.tz
    articles = [model.article(ArticleKey(story, feed.lang)) for story in feed.article_ids]
    updated = max((article.modified for article in articles), default=None) or newest_published(model.articles.values()) or _EPOCH
    address = urls.absolute(feed.url)
    head = [
        leaf("id", address),
        leaf("title", feed.title),
        leaf("updated", iso_timestamp(updated, tz)),
        leaf("link", rel="self", type=ATOM_TYPE, href=address),
        leaf("link", rel="alternate", type="text/html", hreflang=feed.lang, href=urls.absolute(feed.page_url)),
        leaf("generator", GENERATOR),
    ]
    entries = [written_entry(model, article) for article in articles]
    return render_xml(branch("feed", head + entries, 0, **{"xmlns": ATOM_NS, "xml:lang": feed.lang}))


def written_entry(model: SiteModel, article: Article) -> str:
    """``atom_entry``, written once per model and language version."""
    entries = _entries_of(model)
    key = ArticleKey(article.id, article.lang)
    entry = entries.get(key)
    if entry is None:
        entry = entries[key] = atom_entry(model, article)
    return entry


def atom_entry(model: SiteModel, article: Article) -> str:
    """An entry, written as a child of ``<feed>``: permanent tag-URI id, headline, times with
    offset, summary, agency as author, terms."""
    urls, tz = model.urls, model.config.tz
    published = iso_timestamp(article.published, tz)
    children = [
        leaf("id", urls.entry_id(article)),
        leaf("title", article.title, type="text"),
        leaf("link", rel="alternate", type="text/html", hreflang=article.lang, href=urls.absolute(urls.article(article))),
        leaf("published", published),
        leaf("updated", iso_timestamp(article.modified, tz)),  # the last update or correction
        branch("author", [leaf("name", article.agency or model.config.language(article.lang).title)], 2),
    ]
    for kind in (CATEGORY, TAG, PERSON):
        scheme = urls.absolute(urls.term_index(kind, article.lang))
        children.extend(atom_category(term.labels[article.lang], scheme) for term in model.terms_of(article, kind))
    if article.summary:
        children.append(leaf("summary", article.summary, type="text"))
    return branch("entry", children, 1)


@lru_cache(maxsize=16384)
def atom_category(label: str, scheme: str) -> str:
    """A term as an entry's category; remembered, as a term recurs in many entries."""
    return leaf("category", term=label, scheme=scheme)


# A story sits in up to ten feeds (its edition's, its category's, each tag's and
# person's), so its entry is written once per model and reused. A built model never
# changes; the next one (a rebuild under ``serve``, another test) starts afresh. The
# model and its entries are kept as one pair, so a caller always gets the entries of
# its own model; the reference is weak so the old model can go, its entries with it.
_written: tuple[weakref.ref[SiteModel], dict[ArticleKey, str]] | None = None


def _entries_of(model: SiteModel) -> dict[ArticleKey, str]:
    global _written
    written = _written
    if written is None or written[0]() is not model:
        entries: dict[ArticleKey, str] = {}
        written = _written = (weakref.ref(model, lambda _: entries.clear()), entries)
    return written[1]
