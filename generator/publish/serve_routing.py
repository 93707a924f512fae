"""The preview server's pure rules: where a URL path leads in the output folder, and
what a file is served as.

Separate from the server (serve_http.py): the rules that keep every request inside
the output folder are read and tested without a socket.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..site.urls import FEED_FILE

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


def base_path_of(base_url: str) -> str:
    """The path the site lives at: ``/news/`` for ``https://example.org/news/``."""
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


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
