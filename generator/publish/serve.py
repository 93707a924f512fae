"""``newsgen serve``: preview site/ on 127.0.0.1, rebuilt on every change, with live reload.

This module builds, watches and reports; the HTTP server that answers the browser is
serve_http.py, its rules for URLs serve_routing.py, the live-reload events livereload.py.

A failed rebuild leaves the output folder as it was (``build_site``'s promise),
so the previous site stays served while the browser shows the errors.
"""

from __future__ import annotations

import contextlib
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..build.run import build_site
from ..build.state import record_build, record_build_start
from ..config.settings import SiteConfig, load_config
from ..core.errors import ConfigError, NewsgenError, Report
from ..ingest.pipeline import ingest_files
from ..ingest.sources import find_raw_files
from .livereload import LiveState
from .serve_http import open_server
from .watch import BuildLoop, stop_watching, watch_project

#: Where ``serve --drafts`` builds: inside the cache folder, never deployed, never in git.
PREVIEW_DIR = ".newsgen-cache/drafts-preview"


@dataclass(frozen=True)
class BuildOutcome:
    """What one ingest + build did."""

    seconds: float
    #: Errors that stopped it (empty: site/ holds the new build).
    errors: tuple[NewsgenError, ...]
    #: Output files written or removed.
    written: int = 0
    removed: int = 0

    def describe(self) -> str:
        """One line for the terminal."""
        if self.errors:
            more = f" (and {len(self.errors) - 1} more)" if len(self.errors) > 1 else ""
            return f"build failed in {self.seconds:.2f}s: {self.errors[0]}{more}"
        if not (self.written or self.removed):
            return f"built in {self.seconds:.2f}s: nothing changed"
        return f"built in {self.seconds:.2f}s: {_count(self.written, 'file')} written, {self.removed} removed"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def serve(root: Path, host: str, port: int, quiet: bool = False, drafts: bool = False) -> int:
    """Build, serve and rebuild on change until Ctrl-C, then return 0. Raises
    ConfigError for a bad site.toml or a port that cannot be had.

    ``drafts``: drafts and embargoed stories are on the pages, marked, in a
    preview folder of their own (``PREVIEW_DIR``), so ``site/`` never holds them.
    """
    config = preview_config(load_config(root)) if drafts else load_config(root)
    live = LiveState()
    server = open_server(host, port, config, live)
    report = _reporter(quiet)
    loop = BuildLoop(lambda: report(build_and_publish(config.root, live, drafts)))
    observer = None
    try:
        report(build_and_publish(config.root, live, drafts))
        observer = watch_project(config, loop.poke)
        loop.start()
        # Printed once changes are watched: an edit made after seeing the URL is never missed.
        print(f"serving {server.url} (Ctrl-C to stop)", flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        if not quiet:
            print("stopped", file=sys.stderr, flush=True)
    finally:
        # Order matters: no new changes, no new builds, then end the event
        # streams, so closing the server need not wait for them.
        if observer is not None:
            stop_watching(observer)
        loop.stop(timeout=30)
        live.close()
        server.server_close()
    return 0


def preview_config(config: SiteConfig) -> SiteConfig:
    """The configuration of a preview with drafts: the same site, built into ``PREVIEW_DIR``."""
    return replace(config, output_dir=PREVIEW_DIR)


def build_and_publish(root: Path, live: LiveState, drafts: bool = False) -> BuildOutcome:
    """Ingest and build the project, and tell the browsers how it went."""
    outcome = build_project(root, drafts)
    if outcome.errors:
        live.failed(list(outcome.errors))
    else:
        live.succeeded(site_changed=bool(outcome.written or outcome.removed))
    return outcome


def build_project(root: Path, drafts: bool = False) -> BuildOutcome:
    """``newsgen build`` once: site.toml read afresh, new raw files ingested, site rendered
    (with ``drafts``, held stories too, marked, into the preview folder)."""
    started = time.perf_counter()
    report = Report()
    summary = None
    try:
        config = load_config(root)
        # As in `newsgen build`: a raw file ingest refuses is shown, the others are published,
        # and the outcome is recorded, so that deploy never takes a preview build for another.
        # A preview with drafts is not site/ and is not recorded.
        ingested = Report()
        ingest_files(config, find_raw_files(config), ingested)
        if drafts:
            config = preview_config(config)
        else:
            record_build_start(config.root)
        built = Report()
        try:
            # One process: forking while the server, event and watcher threads run could deadlock.
            summary = build_site(config, built, jobs=1, preview=drafts)
        finally:
            report.errors += ingested.errors + built.errors
            report.warnings += ingested.warnings + built.warnings
            if not drafts:
                with contextlib.suppress(NewsgenError):  # the error that stopped the build is the one to show
                    record_build(config.root, ok=built.ok and summary is not None)
    except ConfigError as exc:
        report.errors.extend(NewsgenError(problem, exc.file) for problem in exc.problems)
    except NewsgenError as exc:
        report.errors.append(exc)
    except Exception as exc:  # noqa: BLE001 - a bug must not end the preview; it is shown like any error
        traceback.print_exc()
        report.error(f"internal error (a bug in newsgen; traceback printed): {type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - started
    if not report.ok or summary is None or summary.write is None:
        return BuildOutcome(seconds, tuple(_relative(e, root) for e in report.errors))
    return BuildOutcome(seconds, (), len(summary.write.written), len(summary.write.removed))


def _relative(error: NewsgenError, root: Path) -> NewsgenError:
    """The error with its file relative to the project (Jinja names templates by absolute path)."""
    if not error.file or not Path(error.file).is_absolute():
        return error
    try:
        return NewsgenError(error.message, Path(error.file).relative_to(root).as_posix(), error.line)
    except ValueError:
        return error


def _reporter(quiet: bool) -> Callable[[BuildOutcome], None]:
    def report(outcome: BuildOutcome) -> None:
        if outcome.errors:
            for error in outcome.errors[1:]:
                print(f"  error: {error}", file=sys.stderr, flush=True)
        if outcome.errors or not quiet:
            print(f"[{time.strftime('%H:%M:%S')}] {outcome.describe()}", file=sys.stderr, flush=True)

    return report
