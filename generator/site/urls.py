"""URL rules: the one module that knows where every page lives.

A URL here is a path from the site root that starts with ``/``; folders end
with ``/`` ("/en/2024/11/storm-hits-coast/") and files name themselves
("/static/style.css"). Three things are made from it:

- ``output_path`` -- the file under ``site/`` that serves the URL;
- ``absolute`` -- the full address under ``base_url`` (canonical links,
  hreflang, feeds, sitemaps: places that must stand on their own);
- ``relative`` -- the link written into a page, relative to that page.

Pages link to each other with *relative* links rather than root-relative ones
prefixed with the path of ``base_url``. The built folder then carries no
knowledge of where it is served: the same bytes work at the domain root, under
a sub-path ("https://example.org/news/"), in a preview server, after the host
moves the site, and opened straight from disk (``file://``, where there is no
server root at all). With ``index_links=True`` links to folders end in
``index.html`` so that browsing from disk opens pages rather than folder
listings. Only pages that can be served at an unknown address (the 404 page)
use ``absolute`` links instead.

Every segment built from data (language codes, slugs) must pass
``is_safe_slug``, so no article can name a path outside its folder.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

from ..config.settings import SiteConfig
from ..content.model import Article
from ..core.errors import NewsgenError
from ..core.slugs import is_safe_slug
from .taxonomy import SEGMENT_OF_KIND, Term

ROOT = "/"
STATIC_DIR = "static"
MEDIA_DIR = "media"
#: The search index, written by Pagefind after the pages (search.py); no page or file of the build lives there.
SEARCH_INDEX_DIR = "pagefind"
INDEX_FILE = "index.html"
NOT_FOUND_FILE = "404.html"
FEED_FILE = "feed.xml"
SITEMAP_INDEX_FILE = "sitemap.xml"
ROBOTS_FILE = "robots.txt"

# File names inside a URL ("style.css", "404.html"): must start with a letter or
# digit, so "." and ".." and hidden files are never valid.
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


class Urls:
    """URL rules for one site, built from its configuration."""

    def __init__(self, config: SiteConfig, *, index_links: bool = False):
        for code in config.language_codes:
            _check_segment(code, "language code")
        self._base_url = config.base_url if config.base_url.endswith("/") else config.base_url + "/"
        self._languages = frozenset(config.language_codes)
        self._segments = {language.code: language.segments for language in config.languages}
        for segments in self._segments.values():
            for segment in segments.values():
                _check_segment(segment, "URL segment")
        self._tz: ZoneInfo = config.tz
        #: Links to folders end in ``index.html`` (for browsing the site from disk).
        self.index_links = index_links
        self._articles: dict[tuple, str] = {}
        self._terms: dict[tuple, str] = {}

    # -- where pages live -------------------------------------------------

    def root(self) -> str:
        """The language-neutral entry page that lists the editions."""
        return ROOT

    def not_found(self) -> str:
        return ROOT + NOT_FOUND_FILE

    def home(self, lang: str, page: int | None = None) -> str:
        """Front page of a language edition; numbered page n is ``/<lang>/page/<n>/`` (segment localised)."""
        return self._folder(self._lang(lang), *self._page(lang, page))

    def term_index(self, kind: str, lang: str) -> str:
        """A-Z index of a taxonomy: ``/en/tags/``, ``/de/personen/``."""
        return self._folder(self._lang(lang), self._segments[lang][SEGMENT_OF_KIND[kind]])

    def term(self, term: Term, lang: str, page: int | None = None) -> str:
        """A term's listing in one language: ``/de/personen/mark-rutte/``, paginated."""
        slug = term.slugs.get(lang)
        place = (term.kind, slug, lang, page)
        url = self._terms.get(place)
        if url is None:  # every article page links its terms: remembered
            if slug is None:
                raise NewsgenError(f"{term.kind} {term.id!r} has no page in {lang!r}")
            segment = self._segments[lang][SEGMENT_OF_KIND[term.kind]]
            url = self._terms[place] = self._folder(self._lang(lang), segment, _check_segment(slug, "slug"), *self._page(lang, page))
        return url

    def archive(self, lang: str) -> str:
        """The list of years and months of an edition."""
        return self._folder(self._lang(lang), self._segments[lang]["archive"])

    def search(self, lang: str) -> str:
        """The search page of an edition: ``/de/suche/``."""
        return self._folder(self._lang(lang), self._segments[lang]["search"])

    def search_index(self) -> str:
        """The folder of the search index, shared by every edition (Pagefind splits it by language)."""
        return ROOT + SEARCH_INDEX_DIR + "/"

    def year(self, lang: str, year: int) -> str:
        return self._folder(self._lang(lang), f"{year:04d}")

    def month(self, lang: str, year: int, month: int, page: int | None = None) -> str:
        """Articles of one month, at the folder that holds their pages: ``/en/2024/11/``."""
        return self._folder(self._lang(lang), f"{year:04d}", f"{month:02d}", *self._page(lang, page))

    def article(self, article: Article) -> str:
        """``/<lang>/<yyyy>/<mm>/<slug>/``; year and month in the site time zone."""
        place = (article.lang, article.published, article.slug)
        url = self._articles.get(place)
        if url is None:  # asked for several times per page and per feed: remembered
            local = self.local_time(article.published)
            url = self._articles[place] = self._folder(self._lang(article.lang), f"{local:%Y}", f"{local:%m}", _check_segment(article.slug, "slug"))
        return url

    def media(self, name: str) -> str:
        """A photo variant published by ``photos.py`` ("<hash>-960.webp")."""
        return ROOT + f"{MEDIA_DIR}/{_check_file_name(name)}"

    def static(self, name: str) -> str:
        """A file copied from ``templates/static/`` ("style.css" or "fonts/x.woff2")."""
        parts = name.split("/")
        for part in parts:
            _check_file_name(part)
        return ROOT + "/".join((STATIC_DIR, *parts))

    # -- machine-readable files --------------------------------------------

    def feed(self, lang: str) -> str:
        """Atom feed of a language edition: ``/en/feed.xml``."""
        return self.home(lang) + FEED_FILE

    def term_feed(self, term: Term, lang: str) -> str:
        """Atom feed of a term in one language, beside its first page: ``/de/personen/mark-rutte/feed.xml``."""
        return self.term(term, lang) + FEED_FILE

    def sitemap_index(self) -> str:
        """The sitemap index, which names every other sitemap but the news sitemaps."""
        return ROOT + SITEMAP_INDEX_FILE

    def sitemap(self, lang: str, part: int = 1) -> str:
        """The pages of one language other than articles: ``/sitemap-de.xml``, then ``/sitemap-de-2.xml``..."""
        return f"{ROOT}sitemap-{self._lang(lang)}{_part_suffix(part)}.xml"

    def month_sitemap(self, lang: str, year: int, month: int, part: int = 1) -> str:
        """The article pages of one language and URL month: ``/sitemap-de-2024-11.xml``, then ``-2.xml``..."""
        return f"{ROOT}sitemap-{self._lang(lang)}-{year:04d}-{month:02d}{_part_suffix(part)}.xml"

    def news_sitemap(self, lang: str) -> str:
        """Google News sitemap of one language: ``/news-sitemap-de.xml``."""
        return f"{ROOT}news-sitemap-{self._lang(lang)}.xml"

    def robots(self) -> str:
        return ROOT + ROBOTS_FILE

    def entry_id(self, article: Article) -> str:
        """Permanent id of a language version in feeds, an RFC 4151 tag URI.

        Built from the host and path of ``base_url``, the local publication date,
        the story id and the language -- not from the slug, so editing a headline's
        slug does not make feed readers show the story again as new.
        """
        address = urlsplit(self._base_url)
        day = self.local_time(article.published).date().isoformat()
        specific = quote(address.path.lstrip("/"), safe="/") + quote(article.id, safe="") + "/" + article.lang
        return f"tag:{address.hostname},{day}:{specific}"

    def local_time(self, moment: datetime) -> datetime:
        """A moment in the site time zone, which decides the date shown and the URL month."""
        return moment.astimezone(self._tz)

    # -- turning URLs into files and links ---------------------------------

    def output_path(self, url: str) -> str:
        """Relative file path serving ``url``: "/en/" -> "en/index.html"."""
        parts = _segments(url)
        if url.endswith("/"):
            parts += (INDEX_FILE,)
        return "/".join(parts)

    def absolute(self, url: str) -> str:
        """Full address under ``base_url``, which may carry a sub-path."""
        _split(url)
        return self._base_url + url[1:]

    def relative(self, from_url: str, to_url: str) -> str:
        """Link written on the page at ``from_url`` that leads to ``to_url``."""
        here = _segments(from_url) if from_url.endswith("/") else _segments(from_url)[:-1]
        there = _segments(to_url)
        common = 0
        for mine, theirs in zip(here, there):
            if mine != theirs:
                break
            common += 1
        link = "/".join([".."] * (len(here) - common) + list(there[common:])) or "."  # "." when both are the same folder
        if not to_url.endswith("/"):
            return link
        if self.index_links:
            return INDEX_FILE if link == "." else f"{link}/{INDEX_FILE}"
        return "./" if link == "." else f"{link}/"

    # -- helpers ---------------------------------------------------------

    def _page(self, lang: str, page: int | None) -> tuple[str, ...]:
        """Path segments of a listing page: none for the front page, ``page/<n>`` for numbered ones."""
        if page is None:
            return ()
        if page < 1:
            raise ValueError(f"page numbers start at 1, got {page}")
        return (self._segments[lang]["page"], str(page))

    def _lang(self, lang: str) -> str:
        if lang not in self._languages:
            raise NewsgenError(f"language {lang!r} is not one of the site's languages {sorted(self._languages)}")
        return lang

    @staticmethod
    def _folder(*segments: str) -> str:
        return ROOT + "".join(f"{segment}/" for segment in segments)


@lru_cache(maxsize=65536)
def _segments(url: str) -> tuple[str, ...]:
    """``_split`` remembered: pages link to the same few thousand URLs over and over."""
    return tuple(_split(url))


def _split(url: str) -> list[str]:
    """The segments of a site URL; refuses anything that could leave the site folder."""
    if not url.startswith(ROOT) or "//" in url or "\\" in url:
        raise NewsgenError(f"not a site URL: {url!r}")
    parts = [part for part in url[1:].split("/") if part]
    for part in parts:
        _check_file_name(part)
    return parts


def _part_suffix(part: int) -> str:
    """The first part of a split sitemap keeps the plain name, so an unsplit one never moves."""
    if part < 1:
        raise ValueError(f"sitemap parts start at 1, got {part}")
    return "" if part == 1 else f"-{part}"


def _check_segment(segment: str, what: str) -> str:
    if not is_safe_slug(segment):
        raise NewsgenError(f"{what} {segment!r} cannot be used in a URL (only a-z, 0-9 and single hyphens)")
    return segment


def _check_file_name(name: str) -> str:
    if not _FILE_NAME.fullmatch(name):
        raise NewsgenError(f"unsafe URL segment {name!r}")
    return name
