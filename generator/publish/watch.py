"""Rebuild on change: file events in a project become debounced, coalesced builds.

``watch_project`` reports changes to the project's sources (content/,
templates/ with its catalogs, site.toml); ``BuildLoop`` turns those reports
into builds in one background thread: a burst of changes (an editor's save,
a folder of raw files dropped in) makes one build once things are quiet, and
changes made while a build runs make exactly one more.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from ..config.settings import CONFIG_NAME, SiteConfig

#: Seconds without a new change before a build starts.
QUIET_SECONDS = 0.2
#: Event kinds that mean a file's content or presence changed (not "opened",
#: "closed_no_write": the build itself reads every source).
CHANGE_EVENTS = frozenset({"created", "modified", "moved", "deleted", "closed"})
# The same as watchdog classes, so the observer does not even queue the rest.
_EVENT_FILTER = [FileCreatedEvent, FileModifiedEvent, FileMovedEvent, FileDeletedEvent, FileClosedEvent, DirCreatedEvent, DirMovedEvent, DirDeletedEvent]
# Editor swap, backup and lock files, and temporary files of atomic writes.
_SCRATCH_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".part")
_SCRATCH_NAMES = ("4913",)  # vim's probe file


class BuildLoop:
    """Runs ``build`` in a background thread after ``poke``: one build at a time,
    started ``quiet`` seconds after the last poke; pokes during a build make one more."""

    def __init__(self, build: Callable[[], None], quiet: float = QUIET_SECONDS):
        self._build = build
        self._quiet = quiet
        self._changed = threading.Condition()
        self._last_poke: float | None = None  # monotonic time of the newest change not yet built
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="newsgen-rebuild", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def poke(self) -> None:
        """Something changed: build soon."""
        with self._changed:
            self._last_poke = time.monotonic()
            self._changed.notify()

    def stop(self, timeout: float | None = None) -> None:
        """Build no more; waits for a running build to finish (up to ``timeout``)."""
        with self._changed:
            self._stopping = True
            self._changed.notify()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while self._wait_for_quiet_change():
            self._build()

    def _wait_for_quiet_change(self) -> bool:
        """Block until a change has been followed by ``quiet`` seconds of calm; False when stopping."""
        with self._changed:
            while not self._stopping:
                if self._last_poke is None:
                    self._changed.wait()
                    continue
                remaining = self._last_poke + self._quiet - time.monotonic()
                if remaining <= 0:
                    self._last_poke = None
                    return True
                self._changed.wait(remaining)
            return False


def watch_project(config: SiteConfig, on_change: Callable[[], None]) -> Observer:
    """Start watching the project's sources; ``on_change()`` is called (from the
    observer's thread) for every relevant event. Stop with ``stop_watching``."""
    handler = _ChangeHandler(config, on_change)
    observer = Observer()
    for folder in (config.content_dir, config.templates_dir):
        if folder.is_dir():
            observer.schedule(handler, str(folder), recursive=True, event_filter=_EVENT_FILTER)
    # The root only for site.toml: the output folder and caches live there too.
    observer.schedule(handler, str(config.root), recursive=False, event_filter=_EVENT_FILTER)
    observer.daemon = True
    observer.start()
    return observer


def stop_watching(observer: Observer, timeout: float = 5.0) -> None:
    observer.stop()
    observer.join(timeout)


def is_source_change(config: SiteConfig, event_type: str, paths: tuple[str, ...]) -> bool:
    """True when an event of ``event_type`` on ``paths`` (source, and destination of
    a move) changes what a build reads."""
    if event_type not in CHANGE_EVENTS:
        return False
    return any(_is_source_file(config, Path(path)) for path in paths if path)


def _is_source_file(config: SiteConfig, path: Path) -> bool:
    name = path.name
    if name.startswith((".", "#")) or name.endswith(_SCRATCH_SUFFIXES) or name in _SCRATCH_NAMES:
        return False
    if path.parent == config.root:
        return name == CONFIG_NAME
    return path.is_relative_to(config.content_dir) or path.is_relative_to(config.templates_dir)


class _ChangeHandler(FileSystemEventHandler):
    def __init__(self, config: SiteConfig, on_change: Callable[[], None]):
        self._config = config
        self._on_change = on_change

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = (os.fsdecode(event.src_path), os.fsdecode(getattr(event, "dest_path", "") or ""))
        if is_source_change(self._config, event.event_type, paths):
            self._on_change()
