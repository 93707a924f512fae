"""Where a link written in a built page leads, resolved the way a browser does it.

Links are resolved as if the site folder were served at ``base_url`` (a sub-path
too): "../de/" on "en/index.html" -> "de/index.html". Relative links and absolute
ones on base_url's host are *internal*; other hosts and schemes (mailto:) are left
alone. Separate from the checks: these are URL rules, the same for every check.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


class Link(NamedTuple):
    """One href/src in a page (or url() in a stylesheet) and where it leads.

    A named tuple, not a dataclass: a large site has millions of links."""

    #: The file it was found in, relative to the site folder ("de/index.html").
    page: str
    #: Element name ("a", "link") or "css" for a url() in a stylesheet.
    element: str
    attribute: str
    #: The value as written in the file.
    value: str
    #: The value resolved against the page's address under base_url.
    url: str
    #: True when the link points into the site (base_url's scheme and host).
    internal: bool
    #: Site file it leads to ("de/index.html"); None for external links and for
    #: internal ones that leave base_url's path (a root-relative link in a sub-path build).
    target: str | None
    #: The fragment without "#", or "".
    fragment: str
    line: int | None = None

    def describe(self) -> str:
        return f'{self.page}: <{self.element} {self.attribute}="{self.value}">'

    def tag(self) -> str:
        return f'<{self.element} {self.attribute}="{self.value}">'


class _Base(NamedTuple):
    url: str
    scheme: str
    netloc: str
    path: str
    #: "https://example.org": absolute links starting with it and "/" are resolved like root-relative ones.
    origin: str


@lru_cache(maxsize=16)
def _split_base(base_url: str) -> _Base:
    base_url = base_url if base_url.endswith("/") else base_url + "/"
    parts = urlsplit(base_url)
    return _Base(base_url, parts.scheme, parts.netloc, parts.path or "/", f"{parts.scheme}://{parts.netloc}")


def resolve_link(page: str, element: str, attribute: str, value: str, base_url: str, line: int | None = None) -> Link:
    """Where ``value`` written in ``page`` leads when the site is served at ``base_url``."""
    base = _split_base(base_url)
    written = value.strip()
    if written.startswith(base.origin) and written[len(base.origin):].startswith("/"):
        written = written[len(base.origin):]
    elif written.startswith("//") or _SCHEME.match(written):
        return _resolve_absolute(page, element, attribute, value, base, line)
    # Relative references and absolute ones into the site are most of a site's links: resolved
    # here without urljoin, which is several times slower (tests compare the two).
    rest, hash_mark, fragment = written.partition("#")
    path, question_mark, query = rest.partition("?")
    page_path = base.path + page
    if not path:
        joined = page_path
    elif path.startswith("/"):
        joined = path
    else:
        joined = page_path[: page_path.rfind("/") + 1] + path
    folder = joined.endswith(("/", "/.", "/..")) or joined in (".", "..")
    normal = posixpath.normpath(joined)
    if normal.startswith("//"):
        normal = normal[1:]
    if folder and not normal.endswith("/"):
        normal += "/"
    url = f"{base.origin}{normal}{question_mark}{query}{hash_mark}{fragment}"
    return Link(page, element, attribute, value, url, True, _target(_unquote(normal), base), _unquote(fragment), line)


def _unquote(text: str) -> str:
    return unquote(text) if "%" in text else text


def _resolve_absolute(page: str, element: str, attribute: str, value: str, base: _Base, line: int | None) -> Link:
    url = urljoin(base.url + page, value.strip())
    parts = urlsplit(url)
    internal = parts.scheme in ("http", "https") and (parts.scheme, parts.netloc) == (base.scheme, base.netloc)
    target = _target(unquote(parts.path) or "/", base) if internal else None
    return Link(page, element, attribute, value, url, internal, target, unquote(parts.fragment), line)


def _target(path: str, base: _Base) -> str | None:
    if not path.startswith(base.path):
        return None
    target = path[len(base.path):]
    return target + "index.html" if target == "" or target.endswith("/") else target
