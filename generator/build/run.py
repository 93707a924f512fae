"""``newsgen build``: content on disk -> site on disk, as a short list of stages.

Pages are written into a staging folder beside the output folder as they are
rendered, and the staging folder replaces the output folder in one rename once
the last file is in (``staging.py``); any failure before that (an error in the
report, a NewsgenError from rendering, a full disk) leaves the previous site
exactly as it was.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..config.settings import CONFIG_NAME, SiteConfig
from ..content.release import Held, build_time
from ..core.atomic import remove_abandoned_temporaries
from ..core.caches import CACHE_DIR
from ..core.errors import ConfigError, Report
from ..core.forks import available_cores
from ..site.photos import pictures_changed
from .inputscan import InputScan, scan_inputs
from .manifest import (
    Manifest,
    code_digest,
    digest,
    folder_identity,
    forget_manifest,
    load_last_build,
    load_manifest,
    output_state,
    output_trusted,
    outputs_intact,
    save_manifest,
)
from .search_index import IndexStep, SearchIndex, restore_missing_index
from .staging import publish_streamed
from .writer import WriteSummary

if TYPE_CHECKING:
    from ..render.executors import Executor



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
    #: True when nothing the site is made of changed: the output folder was not looked at.
    skipped: bool = False
    #: True when only stories' text changed and their pages were found without modelling the site (``delta.py``).
    delta: bool = False
    #: Versions held back (drafts, embargoes), or in a preview on the site and marked.
    held: tuple[Held, ...] = ()
    #: The search index this build made (None: none was made, the site has no search or nothing was published).
    search: SearchIndex | None = None

    @property
    def stopped(self) -> bool:
        return self.write is None

    def __str__(self) -> str:
        if self.write is None:
            return f"{_count(self.articles, 'article')} loaded; stopped before writing, output left unchanged"
        changes = self.write
        unchanged = self.files if self.skipped else self.files - len(changes.written) if self.delta else len(changes.unchanged)
        return (
            f"{_count(self.articles, 'article')} into {_count(self.files, 'file')} "
            f"({len(changes.written)} written, {unchanged} unchanged, {len(changes.removed)} removed)"
        )


def build_site(
    config: SiteConfig,
    report: Report,
    *,
    index_links: bool = False,
    jobs: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    executor: Executor | None = None,
    verify: bool = False,
    now: datetime | None = None,
    preview: bool = False,
) -> BuildSummary:
    """Build the whole site into ``config.output_path``.

    Broken or clashing articles are recorded in ``report`` (all of them, not
    just the first); if the report then holds any error the output folder is
    left exactly as it was. ``index_links`` makes links end in ``index.html``
    for browsing the output from disk. ``jobs`` processes load, fingerprint and render pages
    (default: one per core); ``executor`` (generator/render/executors.py), when given, renders instead;
    ``on_progress(done, total)`` hears about pages rendered. The output folder's files are
    taken to be as the last build left them while the folder is the one it swapped in;
    ``verify`` compares every one with the manifest instead (and restores hand edits).
    Drafts and embargoed versions are held back at ``now`` (default: ``release.build_time()``);
    ``preview`` puts them on the site, marked (``newsgen serve --drafts``, into its own folder).
    """
    now = now or build_time()
    check_output_dir(config)
    cache_dir = config.root / CACHE_DIR
    remove_abandoned_temporaries(cache_dir)  # left by a killed build
    articles, rest = scan_project(config, jobs or available_cores())
    context = digest(code_digest(), index_links, os.path.abspath(config.output_path), rest.digest, preview)
    inputs = digest(context, articles.digest)
    last = load_last_build(cache_dir)
    if last is not None and (last.release_due(now) or pictures_changed(config.root, last.pictures)):
        # An embargo ended, or a picture file changed: the site changes though no input file did.
        last = replace(last, inputs="", context="")
    trusted = last is not None and output_trusted(config.output_path, last.live, verify)
    held = tuple(Held.from_record(record) for record in last.held) if last else ()
    if last and last.inputs == inputs and last.trusts(max(articles.newest_ns, rest.newest_ns)):
        # Nothing that the site is made of changed since the last build, and its output folder is still there.
        if trusted:
            search = restore_missing_index(config.output_path, config.search)
            return BuildSummary(last.articles, last.files, WriteSummary((), (), ()), skipped=True, held=held, search=search)
        previous = load_manifest(cache_dir, last)
        if previous and outputs_intact(config.output_path, previous):
            search = restore_missing_index(config.output_path, config.search)
            unchanged = tuple(sorted(previous.outputs))
            return BuildSummary(previous.articles, len(previous.outputs), WriteSummary((), unchanged, ()), held=held, search=search)
    if trusted and last.context == context and last.trusts(rest.newest_ns) and not preview:
        # Only article files changed: a correction to a few stories is published without modelling the whole site.
        from .delta import build_delta

        indexing = IndexStep(config.search)
        delta = build_delta(config, last, articles, context, inputs, index_links=index_links, now=now, finish=indexing)
        if delta is not None:
            return BuildSummary(last.articles + delta.added, delta.files, delta.published.write, delta=True, held=held, search=indexing.made)
    previous = load_manifest(cache_dir, last) if last else None
    # Imported only now: a build with nothing to do never loads the template engine, Markdown or Babel.
    from .assemble import assemble_site
    from .sitestate import forget_site_state, save_site_state

    # The article cache may change from here; a state of the last build must not be trusted with it.
    forget_site_state(cache_dir)

    if executor is not None:
        executor.start()  # a cluster's workers start while the articles load
    indexing = IndexStep(config.search)

    def publish(produce):
        forget_manifest(cache_dir)  # the output is about to change: an interrupted write must not look up to date
        return publish_streamed(config.output_path, produce, cache_dir, previous.outputs.keys() if previous else None, finish=indexing)

    site = assemble_site(
        config, report, previous, index_links=index_links, jobs=jobs or available_cores(), on_progress=on_progress,
        executor=executor, trusted=trusted, publish=publish, now=now, preview=preview,
    )
    if site.published is None:
        return BuildSummary(articles=site.articles, files=0, write=None, held=site.held)
    if site.published.in_place_because:
        report.warn(f"site written in place ({site.published.in_place_because}): a build stopped half-way can leave it mixed", str(config.output_path))
    written = site.published.write
    outputs = written_state(config.output_path, written, previous.outputs if previous and trusted else {})
    fingerprints = {path: site.fingerprints[path] for path in outputs if path in site.fingerprints}
    build_id = secrets.token_hex(8)
    save_site_state(cache_dir, build_id, site.model)
    save_manifest(
        cache_dir, Manifest(inputs, fingerprints, outputs, site.articles, live=folder_identity(config.output_path)),
        build_id=build_id, context=context, folders=articles.folders, held=tuple(h.as_record() for h in site.held),
        released_at=site.released_at, pictures=site.pictures,
    )
    return BuildSummary(
        articles=site.articles, files=len(written.written) + len(written.unchanged), write=written, held=site.held, search=indexing.made
    )


def written_state(output_dir: Path, written: WriteSummary, trusted: Mapping[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of every output: from the last manifest for files this build kept in a
    trusted folder, from the disk for the others."""
    kept = {path: trusted[path] for path in written.unchanged if path in trusted}
    return {**kept, **output_state(output_dir, [path for path in (*written.written, *written.unchanged) if path not in kept])}


def scan_project(config: SiteConfig, jobs: int = 1) -> tuple[InputScan, InputScan]:
    """Every file the build reads, summed up: the article files, and the rest (templates,
    configuration, registries)."""
    registries = [config.root / CONFIG_NAME, *(config.content_dir / name for name in ("people.yaml", "tags.yaml", "tag-labels.yaml"))]
    return scan_inputs(config.root, [config.articles_dir], [], jobs), scan_inputs(config.root, [config.templates_dir], registries)


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
