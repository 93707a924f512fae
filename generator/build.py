"""``newsgen build``: content on disk -> site on disk, as a short list of stages.

The output folder is only touched by the last stage, after every article has
loaded and every page has rendered in memory; any earlier failure (an error in
the report, or a raised NewsgenError from rendering) leaves the previous site
exactly as it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .config import CONFIG_NAME, SiteConfig
from .errors import ConfigError, NewsgenError, Report
from .feeds import collect_feeds
from .i18n import check_catalogs
from .incremental import (
    Fingerprints,
    Manifest,
    code_digest,
    digest,
    forget_manifest,
    input_files,
    load_manifest,
    output_state,
    outputs_intact,
    reusable_outputs,
    save_manifest,
    sitemap_fingerprints,
)
from .model import Article
from .render import render_pages
from .sitemodel import build_site_model, find_conflicts
from .store import iter_article_files, load_article
from .taxonomy import build_taxonomies
from .urls import Urls
from .vocabulary import load_vocabularies
from .writer import WriteSummary, write_site

#: Caches of a project (build manifest, translation memory), relative to its root.
CACHE_DIR = ".newsgen-cache"


@dataclass(frozen=True)
class BuildSummary:
    """What a build did."""

    #: Language versions loaded from content/articles.
    articles: int
    #: Output files the site consists of (pages and static files); 0 when stopped.
    files: int
    #: What changed in the output folder; None when the build stopped before
    #: writing because the report holds errors.
    write: WriteSummary | None

    @property
    def stopped(self) -> bool:
        return self.write is None

    def __str__(self) -> str:
        if self.write is None:
            return f"{_count(self.articles, 'article')} loaded; stopped before writing, output left unchanged"
        changes = self.write
        return (
            f"{_count(self.articles, 'article')} into {_count(self.files, 'file')} "
            f"({len(changes.written)} written, {len(changes.unchanged)} unchanged, {len(changes.removed)} removed)"
        )


def build_site(config: SiteConfig, report: Report, *, index_links: bool = False, jobs: int | None = None) -> BuildSummary:
    """Build the whole site into ``config.output_path``.

    Broken or clashing articles are recorded in ``report`` (all of them, not
    just the first); if the report then holds any error the output folder is
    left exactly as it was. ``index_links`` makes links end in ``index.html``
    for browsing the output from disk. ``jobs`` processes render pages (default: one per core).
    """
    check_output_dir(config)
    cache_dir = config.root / CACHE_DIR
    inputs = input_digest(config, index_links)
    previous = load_manifest(cache_dir)
    if previous and previous.inputs == inputs and outputs_intact(config.output_path, previous):
        # Nothing that the site is made of changed since the last build, and nobody touched its output.
        return BuildSummary(previous.articles, len(previous.outputs), WriteSummary((), tuple(sorted(previous.outputs)), ()))
    articles = load_articles(config, report)
    check_articles(config, articles, report)
    check_catalogs(config.templates_dir, config.language_codes, report)
    if not report.ok:
        return BuildSummary(articles=len(articles), files=0, write=None)
    vocabularies = load_vocabularies(config.content_dir)
    taxonomies = build_taxonomies(config, articles, vocabularies.people, vocabularies.tags)
    model = build_site_model(config, articles, Urls(config, index_links=index_links), taxonomies)
    fingerprints = output_fingerprints(model, globals_digest(config, index_links))
    files = render_pages(model, jobs or available_cores(), reusable_outputs(previous, fingerprints, config.output_path))
    forget_manifest(cache_dir)  # the output is about to change: an interrupted write must not look up to date
    written = write_site(config.output_path, files)
    outputs = output_state(config.output_path, files)
    save_manifest(cache_dir, Manifest(inputs, {path: fingerprints[path] for path in outputs if path in fingerprints}, outputs, len(articles)))
    return BuildSummary(articles=len(articles), files=len(files), write=written)


def input_digest(config: SiteConfig, index_links: bool) -> str:
    """Every file the build reads (by path, size and modification time), the code, and the options."""
    content = [config.articles_dir, config.templates_dir]
    registries = [config.root / CONFIG_NAME, *(config.content_dir / name for name in ("people.yaml", "tags.yaml", "tag-labels.yaml"))]
    return digest(code_digest(), index_links, str(config.output_path), input_files(config.root, content, registries))


def globals_digest(config: SiteConfig, index_links: bool) -> str:
    """What every page depends on: code, configuration, templates and catalogs, link style."""
    return digest(code_digest(), repr(config), index_links, input_files(config.root, [config.templates_dir], []))


def output_fingerprints(model, globals_of_site: str) -> dict[str, str]:
    """Output path -> fingerprint, for pages, feeds and sitemaps (static files are always compared)."""
    prints = Fingerprints(model, globals_of_site)
    pages = prints.pages()
    feeds = {model.urls.output_path(feed.url): prints.feed(feed) for feed in collect_feeds(model)}
    return {**pages, **feeds, **sitemap_fingerprints(prints, pages)}


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def load_articles(config: SiteConfig, report: Report) -> list[Article]:
    """Every article that loads; each file that does not is recorded in ``report``."""
    articles = []
    for path in iter_article_files(config.articles_dir):
        name = _display_path(path, config.root)
        try:
            articles.append(load_article(path, name))
        except NewsgenError as exc:
            report.error(exc.message, exc.file or name, exc.line)
        except (OSError, UnicodeDecodeError) as exc:
            report.error(f"cannot read article: {exc}", name)
    return articles


def check_articles(config: SiteConfig, articles: list[Article], report: Report) -> None:
    """Record clashes between articles (same id and language, same URL, unknown language)."""
    for problem in find_conflicts(config, articles):
        report.error(problem.message, problem.file, problem.line)


def check_output_dir(config: SiteConfig) -> None:
    """Refuse output folders whose pruning would delete the project's own files."""
    output = config.output_path.resolve()
    root = config.root.resolve()
    sources = (config.content_dir.resolve(), config.templates_dir.resolve())
    # The output may live inside the project, but never contain it or its sources,
    # nor sit inside the sources.
    overlaps = root.is_relative_to(output) or any(
        source.is_relative_to(output) or output.is_relative_to(source) for source in sources
    )
    if overlaps:
        problem = f"output_dir: {config.output_dir!r} overlaps the project's own files (pruning would delete them); use a folder of its own such as 'site'"
        raise ConfigError([problem], str(config.root / CONFIG_NAME))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _display_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
