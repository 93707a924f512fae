"""Content to rendered site: load, check, model, fingerprint, render into the publisher.

The heavy half of ``newsgen build`` (template engine, Markdown, Babel); kept
apart from ``run.py`` so a build that finds nothing changed never imports it.
"""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from ..config.settings import SiteConfig
from ..content.article_cache import ArticleCache, CachedBodies
from ..content.model import Article
from ..content.release import Held, build_time, last_release, release
from ..content.store import article_file_parts, load_article
from ..content.vocabulary import load_vocabularies
from ..core.caches import CACHE_DIR
from ..core.errors import NewsgenError, Report
from ..core.forks import map_in_forks
from ..render.executors import Executor, LocalForks
from ..render.feeds import collect_feeds
from ..render.i18n import check_catalogs
from ..render.pages import Progress, render_site
from ..site.arrange import build_site_model, find_conflicts
from ..site.photos import PhotoLibrary, media_outputs, photo_files
from ..site.sitemodel import ArticleKey, SiteModel
from ..site.taxonomy import build_taxonomies
from ..site.urls import Urls
from .incremental import Fingerprints, sitemap_fingerprints
from .manifest import Manifest, code_digest, digest, input_files, reusable_outputs
from .staging import Published, Sink


@dataclass(frozen=True)
class AssembledSite:
    """A site rendered and handed to the publisher."""

    #: What publishing did; None when the build stopped before rendering.
    published: Published | None
    #: Output path -> fingerprint of its inputs (pages, feeds, sitemaps).
    fingerprints: dict[str, str]
    #: Language versions loaded.
    articles: int
    #: The site model the pages were rendered from (None when stopped).
    model: SiteModel | None = None
    #: Versions held back (drafts, embargoes); in a preview, on the site and marked.
    held: tuple[Held, ...] = ()
    #: The latest embargo that had ended among the versions on the site (``release.last_release``).
    released_at: datetime | None = None
    #: Picture files the articles name -> (size, mtime_ns) when they were read.
    pictures: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def stopped(self) -> bool:
        """True when the report holds errors: nothing was rendered and nothing written."""
        return self.published is None


#: Hands a site to the publisher: called with a function that renders into a sink.
Publisher = Callable[[Callable[[Sink], None]], Published]


def assemble_site(
    config: SiteConfig,
    report: Report,
    previous: Manifest | None,
    *,
    index_links: bool,
    jobs: int,
    on_progress: Progress | None = None,
    executor: Executor | None = None,
    trusted: bool = False,
    publish: Publisher,
    now: datetime | None = None,
    preview: bool = False,
) -> AssembledSite:
    """Render what changed since ``previous`` into ``publish``; stops before rendering when ``report`` holds errors.

    Versions held at ``now`` (drafts, embargoes; ``release.py``) are left out, or with ``preview`` rendered and marked.

    ``jobs`` forked processes load and fingerprint; ``executor`` renders (default: ``jobs`` forked
    processes). ``trusted``: the output folder holds what ``previous`` says (see ``manifest.output_trusted``).
    Pages go to the publisher as they are rendered, so the site is never held in memory whole.
    """
    with _collector_paused() as resume_collector:
        return _assemble(
            config, report, previous, index_links=index_links, jobs=jobs, on_progress=on_progress,
            resume_collector=resume_collector, executor=executor, trusted=trusted, publish=publish,
            now=now or build_time(), preview=preview,
        )


@contextmanager
def _collector_paused() -> Iterator[Callable[[], None]]:
    """Keep Python's cycle collector off the articles and the model while they are built.

    Loading builds hundreds of thousands of small objects and no garbage cycles,
    yet every few thousand allocations the collector walked all of them again:
    at 100,000 articles that was a third of an incremental build. Objects that
    exist once the model stands are frozen (never walked, and left untouched in
    the forked renderers' shared memory); the collector runs again for rendering.
    """
    was_enabled = gc.isenabled()
    gc.disable()

    def resume() -> None:
        gc.freeze()
        if was_enabled:
            gc.enable()

    try:
        yield resume
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _assemble(
    config: SiteConfig,
    report: Report,
    previous: Manifest | None,
    *,
    index_links: bool,
    jobs: int,
    on_progress: Progress | None,
    resume_collector: Callable[[], None],
    executor: Executor | None,
    trusted: bool,
    publish: Publisher,
    now: datetime,
    preview: bool,
) -> AssembledSite:
    digests: dict[str, tuple[str, str]] = {}
    # Renderers forked on this machine read bodies from the article cache; other executors get them with the model.
    renders_here = isinstance(executor or LocalForks(jobs), LocalForks)
    articles, bodies_in_cache = _load_articles(config, report, jobs, digests, keep_bodies=not renders_here)
    articles, held = release(articles, now, preview=preview)
    urls = Urls(config, index_links=index_links)
    check_articles(config, articles, report, urls)
    check_catalogs(config.templates_dir, config.language_codes, report)
    if not report.ok:
        return AssembledSite(None, {}, len(articles), held=tuple(held))
    # A picture that cannot be published is a warning: its story goes out without it.
    library = PhotoLibrary(config.root, config.root / CACHE_DIR)
    pictures = photo_files(articles)
    photos = library.prepare(pictures, report, jobs)
    vocabularies = load_vocabularies(config.content_dir)
    taxonomies = build_taxonomies(config, articles, vocabularies.people, vocabularies.tags)
    model = build_site_model(config, articles, urls, taxonomies, conflicts_checked=True)
    if bodies_in_cache:
        model = replace(model, bodies=CachedBodies(config.root / CACHE_DIR, config.root))
    if preview and held:
        model = replace(model, held=MappingProxyType({ArticleKey(h.id, h.lang): h for h in held}))
    if photos:
        model = replace(model, photos=MappingProxyType(photos))
    known = {ArticleKey(article.id, article.lang): digests[article.path] for article in articles if article.path in digests}
    fingerprints = output_fingerprints(model, globals_digest(config, index_links), known, jobs)
    resume_collector()
    reuse = reusable_outputs(previous, fingerprints, config.output_path, trusted=trusted)
    published = publish(lambda sink: render_site(model, sink, executor or LocalForks(jobs), reuse, on_progress))
    return AssembledSite(published, fingerprints, len(articles), model, tuple(held), last_release(articles, now), library.stamps(pictures))


def load_articles(config: SiteConfig, report: Report, jobs: int = 1, digests: dict[str, tuple[str, str]] | None = None) -> list[Article]:
    """Every article that loads; each file that does not is recorded in ``report``.

    Files the cache does not vouch for are parsed by ``jobs`` forked processes
    when there are many of them (a first build, or one after a code change).
    ``digests``, when given, receives each file's (summary, full) digests.
    """
    return _load_articles(config, report, jobs, digests, keep_bodies=True)[0]


def _load_articles(
    config: SiteConfig, report: Report, jobs: int, digests: dict[str, tuple[str, str]] | None, *, keep_bodies: bool
) -> tuple[list[Article], bool]:
    """``load_articles``, and whether the bodies were left in the article cache (``keep_bodies``
    False and the cache holds every article): the articles then have empty bodies."""
    cache = ArticleCache(config.root / CACHE_DIR, code_digest())
    found: dict[str, Article] = {}
    to_parse: list[tuple[Path, str, tuple[int, int]]] = []
    names = []
    base = _display_path(config.articles_dir, config.root)
    for parts in article_file_parts(config.articles_dir):
        path = config.articles_dir.joinpath(*parts)
        name = "/".join((base, *parts))
        names.append(name)
        try:
            article, stamp = cache.lookup(path, name)
        except OSError as exc:
            report.error(f"cannot read article: {exc}", name)
            continue
        if article is None:
            to_parse.append((path, name, stamp))
        else:
            found[name] = article
    for (path, name, stamp), outcome in zip(to_parse, _parse_all([(path, name) for path, name, _ in to_parse], jobs)):
        if isinstance(outcome, Article):
            cache.remember(name, stamp, outcome)
            found[name] = outcome
        elif isinstance(outcome, NewsgenError):
            report.error(outcome.message, outcome.file or name, outcome.line)
        else:
            report.error(f"cannot read article: {outcome}", name)
    saved = cache.save()
    if digests is not None:
        digests.update(cache.digests)
    articles = [found[name] for name in names if name in found]
    if keep_bodies or not saved:
        return articles, False
    del found, cache  # the bodies' last references: their memory goes back before renderers fork
    articles = [replace(article, body="") for article in articles]
    _return_freed_memory()
    return articles, True


def _return_freed_memory() -> None:
    """Hand memory freed by the C allocator back to the system (glibc keeps it otherwise),
    so forked renderers do not count it as shared; a no-op where there is no glibc."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


#: Below this many files to parse, starting processes costs more than it saves.
PARALLEL_PARSE_THRESHOLD = 400


def _parse_all(files: list[tuple[Path, str]], jobs: int) -> list[Article | NewsgenError | str]:
    """Each file parsed, in order: its Article, its NewsgenError, or the text of a read error."""
    if len(files) < PARALLEL_PARSE_THRESHOLD:
        jobs = 1
    size = max(1, -(-len(files) // (jobs * 4)))
    chunks = [files[start : start + size] for start in range(0, len(files), size)]
    return [outcome for part in map_in_forks(_parse_chunk, None, chunks, jobs) for outcome in part]


def _parse_chunk(_: None, files: list[tuple[Path, str]]) -> list[Article | NewsgenError | str]:
    return [_parse_one(file) for file in files]


def _parse_one(file: tuple[Path, str]) -> Article | NewsgenError | str:
    path, name = file
    try:
        return load_article(path, name)
    except NewsgenError as exc:
        return exc
    except (OSError, UnicodeDecodeError) as exc:
        return str(exc)


def check_articles(config: SiteConfig, articles: list[Article], report: Report, urls: Urls | None = None) -> None:
    """Record clashes between articles (same id and language, same URL, unknown language)."""
    for problem in find_conflicts(config, articles, urls):
        report.error(problem.message, problem.file, problem.line)



def globals_digest(config: SiteConfig, index_links: bool) -> str:
    """What every page depends on: code, configuration, templates and catalogs, link style."""
    # Deploy targets and translation providers do not change a byte of the pages; what an
    # edition shows for a missing translation does.
    rendered = replace(config, deploy=None, translation=None)
    return digest(code_digest(), _renderer_versions(), repr(rendered), config.translation.missing, index_links, input_files(config.root, [config.templates_dir], []))


def _renderer_versions() -> tuple[str, ...]:
    """Versions of the libraries that make the bytes of a page: an upgrade re-renders every page."""
    import babel
    import jinja2
    import markdown
    import nh3

    return (markdown.__version__, jinja2.__version__, babel.__version__, nh3.__version__)


def output_fingerprints(
    model: SiteModel, globals_of_site: str, known: Mapping[ArticleKey, tuple[str, str]] | None = None, jobs: int = 1
) -> dict[str, str]:
    """Output path -> fingerprint, for pages, feeds and sitemaps (static files are always compared).

    ``known`` holds (summary, full) digests of articles computed while loading them.
    """
    prints = Fingerprints(model, globals_of_site, known)
    pages = prints.pages(jobs)
    feeds = {model.urls.output_path(feed.url): prints.feed(feed) for feed in collect_feeds(model)}
    media = {path: digest(name) for path, name in media_outputs(model.photos).items()}  # the name holds the content's hash
    return {**pages, **feeds, **sitemap_fingerprints(prints, pages), **media}


def _display_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
