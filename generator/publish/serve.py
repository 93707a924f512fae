"""``newsgen serve``: preview site/ on 127.0.0.1, rebuilt on every change, with live reload.

The server answers at the path of ``base_url`` (``/news/`` for
``https://example.org/news/``) and redirects ``/`` there. It serves files of the
output folder only: directories by their ``index.html``, never a listing,
nothing outside the folder, no hidden names; unknown addresses get the site's
``404.html`` with status 404. HTML answers carry the live-reload script
element (``livereload.py``; its code is served at ``/__newsgen__/live-reload.js``),
added in flight: the files on disk stay exactly as ``newsgen build`` writes
them, Content-Security-Policy ``<meta>`` included.

A failed rebuild leaves the output folder as it was (``build_site``'s promise),
so the previous site stays served while the browser shows the errors.
"""

from __future__ import annotations

import contextlib
import errno
import socket
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..build.run import build_site
from ..build.state import record_build, record_build_start
from ..config.settings import SiteConfig, load_config
from ..core.errors import ConfigError, NewsgenError, Report
from ..ingest.pipeline import ingest_files
from ..ingest.sources import find_raw_files
from ..site.urls import FEED_FILE, NOT_FOUND_FILE
from .livereload import (
    EVENTS_PATH,
    KEEPALIVE,
    SCRIPT_PATH,
    LiveState,
    encode_event,
    encode_stream_start,
    inject_script,
    script_source,
)
from .watch import BuildLoop, stop_watching, watch_project

#: Seconds between keep-alive comments on an idle event stream.
#: Where ``serve --drafts`` builds: inside the cache folder, never deployed, never in git.
PREVIEW_DIR = ".newsgen-cache/drafts-preview"
KEEPALIVE_SECONDS = 15.0
#: How many ports after a busy one are tried for the suggestion.
PORTS_TO_SUGGEST = 50

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
}
#: Names of files that are Atom feeds although they end in .xml.
FEED_NAMES = (FEED_FILE,)
_FALLBACK_404 = b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\n<body><h1>Not found</h1><p>The site has not been built yet, or has no 404.html.</p></body></html>\n"


# -- the command ---------------------------------------------------------------


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


# -- the server ----------------------------------------------------------------


class PreviewServer(ThreadingHTTPServer):
    """Serves one output folder at one base path, with the live-reload stream."""

    # A busy port must fail, not be shared.
    allow_reuse_port = False

    def __init__(self, address: tuple[str, int], site_dir: Path, base_path: str, live: LiveState):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.site_dir = site_dir
        self.base_path = base_path
        self.live = live
        super().__init__(address, PreviewHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}{self.base_path}"


def open_server(host: str, port: int, config: SiteConfig, live: LiveState) -> PreviewServer:
    """Bind the preview server; a busy port is a ConfigError naming a free one."""
    if not 0 <= port <= 65535:
        raise ConfigError([f"--port: {port} is not a port number (1-65535, or 0 for any free port)"])
    try:
        return PreviewServer((host, port), config.output_path, base_path_of(config.base_url), live)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ConfigError([busy_port_message(host, port, find_free_port(host, port + 1))]) from None
        raise ConfigError([f"cannot listen on {host}:{port}: {exc.strerror or exc}"]) from None


def busy_port_message(host: str, port: int, free: int | None) -> str:
    suggestion = f"; try --port {free}" if free else "; choose another with --port, or --port 0 for any free one"
    return f"port {port} on {host} is already in use (another newsgen serve?){suggestion}"


def find_free_port(host: str, start: int) -> int | None:
    """The first port from ``start`` on that can be bound on ``host``, if one of the next few is."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for port in range(start, min(start + PORTS_TO_SUGGEST, 65536)):
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return port
    return None


def base_path_of(base_url: str) -> str:
    """The path the site lives at: ``/news/`` for ``https://example.org/news/``."""
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


# -- answering a request ---------------------------------------------------------


def redirect_for(url_path: str, base_path: str) -> str | None:
    """Where ``/`` (and the base path without its slash) send the browser, if anywhere."""
    if base_path != "/" and url_path in ("/", base_path.rstrip("/")):
        return base_path
    return None


def site_parts(url_path: str, base_path: str) -> tuple[str, ...] | None:
    """The output-folder path a URL path names, as segments; None when it names nothing
    that may be served (outside the base path, "..", hidden names, NUL, backslash)."""
    if not url_path.startswith(base_path):
        return None
    parts = [part for part in unquote(url_path[len(base_path):]).split("/") if part]
    if any(part.startswith(".") or "\0" in part or "\\" in part for part in parts):
        return None
    return tuple(parts)


def find_site_file(site_dir: Path, parts: tuple[str, ...]) -> Path | None:
    """The file or folder ``parts`` names inside ``site_dir``; None if missing or outside it."""
    root = site_dir.resolve()
    target = root.joinpath(*parts).resolve()
    if not target.is_relative_to(root) or not target.exists():
        return None
    return target


def content_type(path: Path) -> str:
    if path.name in FEED_NAMES:
        return "application/atom+xml"
    return CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")


class PreviewHandler(BaseHTTPRequestHandler):
    """GET and HEAD for site files, the 404 page, redirects, the live-reload code and its event stream."""

    server: PreviewServer
    server_version = "newsgen-serve"
    # A request that stalls must not keep the server from closing.
    timeout = 30

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass  # the terminal shows one line per build, not per request

    def _answer(self, send_body: bool) -> None:
        path = urlsplit(self.path).path
        if path == EVENTS_PATH:
            return self._stream_events() if send_body else self._send(200, b"", "text/event-stream", False)
        if path == SCRIPT_PATH:
            return self._send(200, script_source(), CONTENT_TYPES[".js"], send_body)
        location = redirect_for(path, self.server.base_path)
        if location:
            return self._redirect(location)
        parts = site_parts(path, self.server.base_path)
        target = find_site_file(self.server.site_dir, parts) if parts is not None else None
        if target is not None and target.is_dir():
            if not path.endswith("/"):
                return self._redirect(path + "/")  # so the page's relative links resolve
            target = target / "index.html" if (target / "index.html").is_file() else None
        if target is None:
            return self._send_not_found(send_body)
        self._send_file(200, target, send_body)

    def _send_file(self, status: int, path: Path, send_body: bool) -> None:
        try:
            body = path.read_bytes()
        except OSError:
            return self._send_not_found(send_body)
        kind = content_type(path)
        if kind.startswith("text/html"):
            body = inject_script(body, self.server.live.current.version)
        self._send(status, body, kind, send_body)

    def _send_not_found(self, send_body: bool) -> None:
        try:
            page = (self.server.site_dir / NOT_FOUND_FILE).read_bytes()
        except OSError:
            page = _FALLBACK_404  # nothing built yet: the overlay still needs a page to show on
        body = inject_script(page, self.server.live.current.version)
        self._send(404, body, CONTENT_TYPES[".html"], send_body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, body: bytes, kind: str, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        # A preview is always fresh: the browser must not keep an old build.
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _stream_events(self) -> None:
        """Send the current build state, then each change, until the client or server goes."""
        live = self.server.live
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state = live.current
        try:
            self.wfile.write(encode_stream_start() + encode_event(state))
            self.wfile.flush()
            while True:
                changed = live.wait_for_change(state, KEEPALIVE_SECONDS)
                if live.closed:
                    return
                if changed is not None:
                    state = changed
                self.wfile.write(encode_event(changed) if changed is not None else KEEPALIVE)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the tab went away
