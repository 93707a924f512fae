"""The preview's HTTP server: one output folder on 127.0.0.1, with the live-reload stream.

The server answers at the path of ``base_url`` (``/news/`` for
``https://example.org/news/``) and redirects ``/`` there. It serves files of the
output folder only: directories by their ``index.html``, never a listing,
nothing outside the folder, no hidden names; unknown addresses get the site's
``404.html`` with status 404. HTML answers carry the live-reload script
element (``livereload.py``; its code is served at ``/__newsgen__/live-reload.js``),
added in flight: the files on disk stay exactly as ``newsgen build`` writes
them, Content-Security-Policy ``<meta>`` included.

Separate from serve.py, which builds and watches: this is the socket and HTTP side.
"""

from __future__ import annotations

import errno
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from ..config.settings import SiteConfig
from ..core.errors import ConfigError
from ..site.urls import NOT_FOUND_FILE
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
from .serve_routing import (
    CONTENT_TYPES,
    base_path_of,
    content_type,
    find_site_file,
    redirect_for,
    site_parts,
)

#: Seconds between keep-alive comments on an idle event stream.
KEEPALIVE_SECONDS = 15.0
#: How many ports after a busy one are tried for the suggestion.
PORTS_TO_SUGGEST = 50
_FALLBACK_404 = b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\n<body><h1>Not found</h1><p>The site has not been built yet, or has no 404.html.</p></body></html>\n"


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
