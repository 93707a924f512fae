"""Rendering: site model -> the bytes of every output file, in memory.

Nothing here writes to disk; the only files read are templates and the static
files next to them (``templates/static/``). Output depends only on the model:
dates are formatted with Babel in the page's language and the site's time
zone (never the system locale), and every listing is iterated in a fixed order.
"""

from __future__ import annotations

import hashlib
import re
import socket
import traceback
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import markdown
from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    format_time,
    get_datetime_format,
)
from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    pass_context,
)
from markdown.treeprocessors import InlineProcessor
from markupsafe import Markup

from ..content.model import Article
from ..content.release import Held
from ..core.caches import CACHE_DIR
from ..core.errors import NewsgenError
from ..site.photos import Photo, media_outputs, variant_bytes
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
    ArticleKey,
    Page,
    SiteModel,
    hreflang_versions,
    listed_keys,
)
from ..site.taxonomy import CATEGORY, PERSON, TAG, index_groups, surname_first
from ..site.urls import STATIC_DIR
from . import i18n
from .executors import IN_THIS_PROCESS, Executor
from .feeds import collect_feeds, page_feeds, render_atom
from .jsonld import build_news_article, render_jsonld
from .opengraph import build_social_meta
from .sanitize import (
    PAGE_POLICY,
    DropUnsafeLinks,
    clean_body_html,
    finalize_value,
    finish_page,
    strip_controls,
)
from .sitemaps import sitemap_makers

STYLESHEET = "style.css"
#: The search page's script (templates/static/), which queries the Pagefind index.
SEARCH_SCRIPT = "search.js"


# -- Markdown ---------------------------------------------------------------


#: Every inline pattern of the converter below starts with one of these (or with the
#: two spaces of a hard line break); "\x02" opens Python-Markdown's own placeholders.
_INLINE_SYNTAX = re.compile(r"[`\\\[!<&*_\x02]|  \n")
#: The inline patterns ``_INLINE_SYNTAX`` was written for; another set disables the shortcut.
_KNOWN_INLINE_PATTERNS = frozenset(
    {"backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
     "short_image_ref", "autolink", "automail", "linebreak", "entity", "em_strong"}
)


class _PlainTextInline(InlineProcessor):
    """Python-Markdown's inline stage, skipping text in which no inline pattern can match.

    Most wire paragraphs hold no emphasis, link, code or entity; trying each of
    the thirteen patterns on them is most of the conversion time. A text without
    any character that starts a pattern comes back unchanged from the full scan,
    so skipping it changes no output (tests compare against the plain converter).
    """

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802 (overrides a private method)
        if patternIndex == 0 and not _INLINE_SYNTAX.search(data):
            return data
        return InlineProcessor._InlineProcessor__handleInline(self, data, patternIndex)  # type: ignore[attr-defined]


def make_markdown(shortcut: bool = True) -> markdown.Markdown:
    """A Markdown converter that never passes raw HTML through: ``<script>`` stays text.

    ``shortcut=False`` keeps Python-Markdown's own inline stage (the reference
    the faster one is tested against).
    """
    converter = markdown.Markdown(output_format="html")
    # Wire copy and hand edits are text, not markup: treat "<...>" as characters.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    if shortcut and {item.name for item in converter.inlinePatterns._priority} == _KNOWN_INLINE_PATTERNS:
        converter.treeprocessors.register(_PlainTextInline(converter), "inline", 20)
    converter.treeprocessors.register(DropUnsafeLinks(converter), "drop_unsafe_links", 0)
    return converter


def render_markdown(text: str) -> Markup:
    """Article body Markdown -> safe HTML (one converter per process, reset between bodies).

    Controls go before conversion (Markdown's own placeholders are made of
    them); nh3 has the last word on what the HTML may contain (``sanitize``).
    """
    converter = _converter()
    try:
        return Markup(clean_body_html(converter.convert(strip_controls(text))))
    finally:
        converter.reset()


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    # Building a converter costs as much as converting a short article.
    return make_markdown()


# -- dates ------------------------------------------------------------------


@lru_cache(maxsize=65536)
def format_datetime_local(moment: datetime, lang: str, tz: tzinfo, date_style: str = "long") -> str:
    """Date in ``date_style`` plus hours and minutes, joined the way ``lang`` does it.

    Babel's own "long" date-time adds seconds and a zone name, which a news page
    does not want; this combines the parts with the locale's pattern instead.
    """
    local = moment.astimezone(tz)
    return (
        _datetime_pattern(lang, date_style)
        .replace("{0}", _short_time(local.hour, local.minute, lang))
        .replace("{1}", _local_date(local.date(), lang, date_style))
    )


# Stories share days and minutes: each part is formatted once per value, not once per story.
@lru_cache(maxsize=64)
def _datetime_pattern(lang: str, date_style: str) -> str:
    return get_datetime_format(date_style, locale=i18n.babel_locale(lang)).replace("'", "")


@lru_cache(maxsize=8192)
def _short_time(hour: int, minute: int, lang: str) -> str:
    return format_time(time(hour, minute), "short", locale=i18n.babel_locale(lang))


@lru_cache(maxsize=65536)
def _local_date(day: date, lang: str, date_style: str) -> str:
    return format_date(day, date_style, locale=i18n.babel_locale(lang))


def date_range(moments: list[datetime], lang: str, tz: tzinfo) -> str:
    """The days from the oldest to the newest of ``moments``, as ``lang`` writes a range."""
    first, last = (min(moments).astimezone(tz).date(), max(moments).astimezone(tz).date())
    locale = i18n.babel_locale(lang)
    if first == last:
        return format_skeleton("yMMMd", first, locale=locale)
    return format_interval(first, last, "yMMMd", locale=locale)


# -- environment ------------------------------------------------------------


class _CompiledTemplates(BytecodeCache):
    """Compiled templates shared by the environments of one process, in memory only.

    Every language gets an environment of its own (its catalog), but they all
    compile a template alike: with this, each template is compiled once per
    process instead of once per language, which is much of a short build.
    Entries are keyed by template file and source checksum, so an edited
    template is compiled again.
    """

    def __init__(self) -> None:
        self._code: dict[tuple[str, str], object] = {}

    def load_bytecode(self, bucket) -> None:
        found = self._code.get((bucket.key, bucket.checksum))
        if found is not None:
            bucket.code = found

    def dump_bytecode(self, bucket) -> None:
        self._code[(bucket.key, bucket.checksum)] = bucket.code


_COMPILED = _CompiledTemplates()


def make_environment(templates_dir: Path, lang: str) -> Environment:
    """Jinja environment for pages in ``lang``: strict, autoescaping, with its UI strings.

    Block whitespace and new-style gettext shape the ids of ``{% trans %}``
    blocks: ``i18n.EXTRACTION_OPTIONS`` (and ``babel.cfg``) must match.
    """
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
        # Every printed string has its bidi controls balanced (sanitize.finalize_value).
        finalize=finalize_value,
        bytecode_cache=_COMPILED,
    )
    env.install_gettext_translations(i18n.translations(templates_dir, lang), newstyle=True)
    _remember_plain_strings(env)
    env.filters["number"] = lambda number: i18n.format_number(number, lang)
    return env


def _remember_plain_strings(env: Environment) -> None:
    """Let ``_()`` and ``gettext()`` answer a string without variables from memory.

    New-style gettext looks the string up, escapes it and applies ``%`` formatting
    on every call; a page calls it a dozen times, always with the same strings.
    """
    translate = env.globals["gettext"]
    remembered: dict[tuple[str, bool], str] = {}

    @pass_context
    def gettext(context, string: str, **variables):
        if variables:
            return translate(context, string, **variables)
        key = (string, context.eval_ctx.autoescape)
        if key not in remembered:
            remembered[key] = translate(context, string)
        return remembered[key]

    env.globals.update(gettext=gettext, _=gettext)


# -- pages ------------------------------------------------------------------


class OutputSink(Protocol):
    """Where rendered files go: every output path first, then each file as it is ready."""

    def begin(self, outputs: Collection[str], *, partial: bool = False) -> None: ...
    def put(self, relative: str, data: bytes | None) -> None: ...


def render_pages(
    model: SiteModel, executor: Executor = IN_THIS_PROCESS, reuse: frozenset[str] = frozenset(), on_progress: Progress | None = None
) -> dict[str, bytes | None]:
    """Every output file (relative path -> bytes): pages, static files, feeds, sitemaps, robots.txt.

    Outputs named in ``reuse`` are not rendered: their value is None, meaning
    "keep the file from the last build". Pages are rendered by ``executor``
    (forked processes, a Dask cluster); the bytes are the same either way.
    """
    collected = _Collected()
    render_site(model, collected, executor, reuse, on_progress)
    return dict(sorted(collected.files.items()))


def render_site(
    model: SiteModel, sink: OutputSink, executor: Executor = IN_THIS_PROCESS, reuse: frozenset[str] = frozenset(), on_progress: Progress | None = None
) -> None:
    """``render_pages``, handing each file to ``sink`` as soon as it is rendered rather than
    holding the site in memory (``sink.begin`` hears every output path first)."""
    templates_dir = model.config.templates_dir
    static = collect_static_files(templates_dir / STATIC_DIR)
    output_path = model.urls.output_path
    page_paths = [output_path(page.url) for page in model.pages]
    for page, path in zip(model.pages, page_paths):
        if path in static:
            raise NewsgenError(f"two outputs want {path}: page {page.url} and a static file", str(templates_dir / STATIC_DIR))
    # Cannot clash with the above: their names (feed.xml, sitemap*.xml, robots.txt) have
    # dots, which slugs never do, and none lives under static/.
    feeds = {output_path(feed.url): feed for feed in collect_feeds(model)}
    sitemaps = sitemap_makers(model)
    # Photo variants live under media/, where no page, feed or static file is.
    media = media_outputs(model.photos)
    sink.begin({**dict.fromkeys(static), **dict.fromkeys(media), **dict.fromkeys(page_paths), **dict.fromkeys(feeds), **dict.fromkeys(sitemaps)})
    for path, data in static.items():
        sink.put(path, data)
    cache_dir = model.config.root / CACHE_DIR
    for path, name in media.items():
        sink.put(path, None if path in reuse else variant_bytes(cache_dir, name))
    wanted = []
    for index, path in enumerate(page_paths):
        if path in reuse:
            sink.put(path, None)
        else:
            wanted.append(index)
    for path, data in _render_all_pages(model, wanted, executor, on_progress):
        sink.put(path, data)
    for path, feed in feeds.items():
        sink.put(path, None if path in reuse else render_atom(model, feed))
    for path, make in sitemaps.items():
        sink.put(path, None if path in reuse else make())


class _Collected:
    """An ``OutputSink`` that keeps every file in memory."""

    def __init__(self) -> None:
        self.files: dict[str, bytes | None] = {}

    def begin(self, outputs: Collection[str], *, partial: bool = False) -> None:
        pass

    def put(self, relative: str, data: bytes | None) -> None:
        self.files[relative] = data


#: Below this many pages, starting processes costs more than it saves.
PARALLEL_THRESHOLD = 400


def _render_all_pages(model: SiteModel, indexes: list[int], executor: Executor, on_progress: Progress | None = None) -> Iterator[tuple[str, bytes]]:
    """Rendered pages as each chunk arrives: the caller writes one while the workers render the next."""
    chunks = [indexes[start : start + _CHUNK] for start in range(0, len(indexes), _CHUNK)]
    done = 0
    # Each process keeps its environments (compiled templates) for all the chunks it renders;
    # the digest lets a worker on another machine check that it reads the same templates.
    shared: _Shared = (model, {}, templates_digest(model.config.templates_dir))
    for part in (executor if len(indexes) >= PARALLEL_THRESHOLD else IN_THIS_PROCESS).map(_render_chunk, shared, chunks):
        yield from part
        done += len(part)
        if on_progress:
            on_progress(done, len(indexes))


#: Pages per unit of work: small enough for steady progress, large enough to keep workers busy.
_CHUNK = 200
Progress = Callable[[int, int], None]


#: The model, this process's environments by language, the digest of the templates.
_Shared = tuple[SiteModel, dict[str, Environment], str]


def _render_chunk(shared: _Shared, indexes: list[int]) -> list[tuple[str, bytes]]:
    model, environments, templates = shared
    if not environments:  # this process's first chunk
        _check_templates(model.config.templates_dir, templates)
    return _render_page_range(model, indexes, environments)


def templates_digest(templates_dir: Path) -> str:
    """Digest of the names and contents of the templates and catalogs (``static/`` is copied, not read here)."""
    sha = hashlib.sha256()
    for path in sorted(templates_dir.rglob("*")):
        relative = path.relative_to(templates_dir)
        if path.is_file() and relative.parts[0] != STATIC_DIR and not any(part.startswith(".") for part in relative.parts):
            sha.update(relative.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()


def _check_templates(templates_dir: Path, expected: str) -> None:
    # A Dask worker on another machine reads the templates from its own disk.
    if templates_digest(templates_dir) != expected:
        raise NewsgenError(
            f"the templates on {socket.gethostname()} differ from those of the machine that started the build: "
            "every worker needs the same newsgen version and the project's templates at the same path",
            str(templates_dir),
        )


def _render_page_range(model: SiteModel, indexes: Iterable[int], environments: dict[str, Environment]) -> list[tuple[str, bytes]]:
    rendered = []
    for index in indexes:
        page = model.pages[index]
        if page.lang not in environments:
            environments[page.lang] = make_environment(model.config.templates_dir, page.lang)
        rendered.append((model.urls.output_path(page.url), render_page(environments[page.lang], model, page)))
    return rendered


def render_page(env: Environment, model: SiteModel, page: Page) -> bytes:
    """One page to UTF-8 bytes; template problems become errors naming the template line."""
    try:
        template = env.get_template(page.template)
        return finish_page(template.render(page_context(model, page)))
    except TemplateSyntaxError as exc:
        raise NewsgenError(f"template error: {exc.message}", exc.filename or page.template, exc.lineno) from None
    except NewsgenError:
        raise
    except Exception as exc:  # a template may trip over anything ("None > 1"): name its line
        file, line = _template_location(exc, model.config.templates_dir, page.template)
        kind = "" if isinstance(exc, TemplateError) else f"{type(exc).__name__}: "
        raise NewsgenError(f"template error while rendering {page.url}: {kind}{exc}", file, line) from None


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


#: How wide a photo is shown: the text column (about 36rem) on wide screens, the screen on narrow ones.
PHOTO_SIZES = "(min-width: 40rem) 36rem, 100vw"
THUMBNAIL_SIZES = "(min-width: 48rem) 12rem, 33vw"


def photo_context(model: SiteModel, photo: Photo | None, link: Callable[[str], str]) -> dict | None:
    """What ``<picture>`` needs: a WebP srcset, a fallback srcset and src, the intrinsic size (no layout shift)."""
    if photo is None:
        return None
    media_url = model.urls.media

    def srcset(variants) -> str:
        return ", ".join(f"{link(media_url(v.name))} {v.width}w" for v in variants)

    largest = photo.largest
    middle = photo.fallback[min(1, len(photo.fallback) - 1)]
    return {
        "webp_srcset": srcset(photo.webp),
        "srcset": srcset(photo.fallback),
        "src": link(media_url(middle.name)),
        "thumbnail": link(media_url(photo.thumbnail.name)),
        "thumbnail_webp": link(media_url(photo.webp[0].name)) if photo.webp else None,
        "thumbnail_width": photo.thumbnail.width,
        "thumbnail_height": photo.thumbnail.height,
        "fallback_type": largest.mime,
        "width": largest.width,
        "height": largest.height,
        "sizes": PHOTO_SIZES,
        "thumbnail_sizes": THUMBNAIL_SIZES,
    }


def _moment(when: datetime, lang: str, tz: tzinfo) -> dict:
    return {"iso": when.astimezone(tz).isoformat(), "text": format_datetime_local(when, lang, tz)}


def _held_notice(held: Held | None, lang: str, tz: tzinfo) -> dict | None:
    """How a preview with drafts marks a held version: a draft, or embargoed until a time."""
    if held is None:
        return None
    return {"reason": held.reason, "until": _moment(held.until, lang, tz) if held.until else None}


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
class TermLink:
    """A tag, person or category as a page shows it; ``href`` is None where it has no page."""

    label: str
    href: str | None
    role: str | None


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


def term_link(model: SiteModel, kind: str, name: str, lang: str, link: Callable[[str], str]) -> TermLink:
    """Label, link and role of a tag, person or category as named in front matter."""
    taxonomy = model.taxonomies.get(kind)
    term = taxonomy.term_for(name) if taxonomy and name in taxonomy.by_name else None
    if term is None or lang not in term.slugs:
        return TermLink(category_label(model, name, lang) if kind == CATEGORY else name, None, None)
    return TermLink(term.labels[lang], link(model.urls.term(term, lang)), term.roles.get(lang))


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


def month_name(year: int, month: int, lang: str) -> str:
    """ "November 2024" in the page's language, standalone form ("novembre 2024")."""
    return format_skeleton("yMMMM", date(year, month, 1), locale=i18n.babel_locale(lang))


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


def category_label(model: SiteModel, category_id: str, lang: str) -> str:
    for category in model.config.categories:
        if category.id == category_id:
            return category.label(lang)
    return category_id


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


def collect_static_files(static_dir: Path) -> dict[str, bytes]:
    """Files under ``templates/static/`` -> ``static/...`` outputs, hidden files skipped."""
    if not static_dir.is_dir():
        return {}
    files = {}
    for path in sorted(static_dir.rglob("*")):
        relative = path.relative_to(static_dir)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            files[f"{STATIC_DIR}/{relative.as_posix()}"] = path.read_bytes()
    return files


# Template -> what it needs beyond the shared variables; new page kinds register here.
def search_context(model: SiteModel, page: Page, link: Callable[[str], str]) -> dict:
    """The search page: where its script and the index are (Pagefind finds the rest from there)."""
    urls = model.urls
    return {
        "search_script_href": link(urls.static(SEARCH_SCRIPT)),
        "search_bundle_href": link(urls.search_index()),
    }


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


def _version_entry(model: SiteModel, key: ArticleKey, link: Callable[[str], str]) -> dict:
    article = model.article(key)
    return {
        "lang": key.lang,
        "name": model.config.language(key.lang).name,
        "title": article.title,
        "href": link(model.urls.article(article)),
    }


def _linker(model: SiteModel, page: Page) -> Callable[[str], str]:
    """How this page writes links: relative to itself, or absolute where its address is unknown."""
    if page.relative_links:
        return lambda url: model.urls.relative(page.url, url)
    return model.urls.absolute


def _template_location(exc: BaseException, templates_dir: Path, fallback: str) -> tuple[str, int | None]:
    """The innermost template file and line in the traceback of a rendering error."""
    root = str(templates_dir)
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if frame.filename.startswith(root)]
    if frames:
        return frames[-1].filename, frames[-1].lineno
    return str(templates_dir / fallback), None
