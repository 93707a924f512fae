"""Rendering: site model -> the bytes of every output file, in memory.

Nothing here writes to disk; the only files read are templates and the static
files next to them (``templates/static/``). Output depends only on the model:
dates are formatted with Babel in the page's language and the site's time
zone (never the system locale), and every listing is iterated in a fixed order.

Here: the site's outputs handed to an ``OutputSink``, and pages rendered in
chunks on an executor. What a template reads is built in ``contexts``; the
Jinja environment of each language comes from ``environment``.
"""

from __future__ import annotations

import hashlib
import socket
import traceback
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path
from typing import Protocol

from jinja2 import Environment, TemplateError, TemplateSyntaxError

from ..core.caches import CACHE_DIR
from ..core.errors import NewsgenError
from ..site.photos import media_outputs, variant_bytes
from ..site.sitemodel import Page, SiteModel
from ..site.urls import STATIC_DIR
from .contexts import page_context
from .environment import make_environment
from .executors import IN_THIS_PROCESS, Executor
from .feeds import collect_feeds, render_atom
from .sanitize import finish_page
from .sitemaps import sitemap_makers


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


def _template_location(exc: BaseException, templates_dir: Path, fallback: str) -> tuple[str, int | None]:
    """The innermost template file and line in the traceback of a rendering error."""
    root = str(templates_dir)
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if frame.filename.startswith(root)]
    if frames:
        return frames[-1].filename, frames[-1].lineno
    return str(templates_dir / fallback), None
