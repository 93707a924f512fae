"""Atom 1.0 feeds: one per language edition and one per term page.

Every edition has ``/<lang>/feed.xml``; every tag, person and category has a
feed beside the first page of its listing in each language where it has one
(``/de/personen/mark-rutte/feed.xml``). A feed holds the newest ``FEED_SIZE``
stories of its listing, newest first. Pure: site model in, bytes out.

Feed ``updated`` is the newest entry's publication time, never the clock; an
empty feed (an edition without stories yet) takes the newest publication time
of the whole site, or the Unix epoch for a site without any.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from xml.etree.ElementTree import Element

from .model import Article
from .sitemodel import NOT_FOUND_TEMPLATE, ROOT_TEMPLATE, TERM_TEMPLATE, ArticleKey, Page, SiteModel
from .taxonomy import CATEGORY, PERSON, TAG, Term
from .timestamps import iso_timestamp, newest_published
from .xmlfiles import add, render_xml

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
    updated = newest_published(articles) or newest_published(model.articles.values()) or _EPOCH
    root = Element("feed", {"xmlns": ATOM_NS, "xml:lang": feed.lang})
    add(root, "id", urls.absolute(feed.url))
    add(root, "title", feed.title)
    add(root, "updated", iso_timestamp(updated, tz))
    add(root, "link", rel="self", type=ATOM_TYPE, href=urls.absolute(feed.url))
    add(root, "link", rel="alternate", type="text/html", hreflang=feed.lang, href=urls.absolute(feed.page_url))
    add(root, "generator", GENERATOR)
    for article in articles:
        root.append(atom_entry(model, article))
    return render_xml(root)


def atom_entry(model: SiteModel, article: Article) -> Element:
    """An entry: permanent tag-URI id, headline, times with offset, summary, agency as author, terms."""
    urls, tz = model.urls, model.config.tz
    published = iso_timestamp(article.published, tz)
    entry = Element("entry")
    add(entry, "id", urls.entry_id(article))
    add(entry, "title", article.title, type="text")
    add(entry, "link", rel="alternate", type="text/html", hreflang=article.lang, href=urls.absolute(urls.article(article)))
    add(entry, "published", published)
    # Stories carry no modification time; a corrected story keeps its publication time.
    add(entry, "updated", published)
    author = add(entry, "author")
    add(author, "name", article.agency or model.config.language(article.lang).title)
    for kind in (CATEGORY, TAG, PERSON):
        scheme = urls.absolute(urls.term_index(kind, article.lang))
        for term in model.terms_of(article, kind):
            add(entry, "category", term=term.labels[article.lang], scheme=scheme)
    if article.summary:
        add(entry, "summary", article.summary, type="text")
    return entry
