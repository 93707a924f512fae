"""Files that static hosts read from the published folder: ``_headers``.

Netlify and Cloudflare Pages read ``_headers`` (the same format on both) and
send its headers with every matching response; other hosts serve it as a
plain file, which does no harm. Pure: pages in, bytes out.

No ``_redirects`` is made: the root page already links every edition (its
script only picks one for readers who arrive from elsewhere), a server-side
language redirect would hide that chooser, and both hosts answer unknown
addresses with the top-level ``404.html`` without being told.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping

from ..site.urls import MEDIA_DIR, SEARCH_INDEX_DIR, STATIC_DIR

HEADERS_FILE = "_headers"
#: Static files are not fingerprinted (style.css keeps its name), so caches hold them a day, not a year.
STATIC_MAX_AGE = 86400
#: Files named by a hash of their content never change under their name: a year, and no revalidation.
#: Photo variants (``/media/<hash>-<width>.<ext>``) and Pagefind's fragments, index chunks and filters;
#: its entry file, scripts and per-language metadata keep their names between builds and get no rule.
CONTENT_NAMED = (f"{MEDIA_DIR}/*", *(f"{SEARCH_INDEX_DIR}/{part}/*" for part in ("fragment", "index", "filter")))
IMMUTABLE = "public, max-age=31536000, immutable"

# A script element's text runs to the first "</script" (HTML's raw text rule).
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(r"""\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_JS_TYPES = ("", "text/javascript", "application/javascript", "module")
#: Directives a policy given in a ``<meta>`` element cannot carry (the CSP spec has browsers ignore them).
META_IGNORED_DIRECTIVES = frozenset({"frame-ancestors", "report-uri", "report-to", "sandbox"})


def inline_script_hashes(pages: Iterable[str]) -> list[str]:
    """CSP source expressions ('sha256-...') of every inline script the pages run, sorted.

    Data blocks (``<script type="application/ld+json">``) are not run, so CSP
    does not apply to them and they need no hash."""
    hashes = set()
    for html in pages:
        if "<script" not in html:
            continue
        for match in _SCRIPT.finditer(html):
            attributes, text = match.groups()
            kind = _TYPE.search(attributes)
            script_type = next((g for g in kind.groups() if g is not None), "").strip().lower() if kind else ""
            if script_type in _JS_TYPES and not re.search(r"\bsrc\s*=", attributes, re.IGNORECASE):
                digest = hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).digest()
                hashes.add(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return sorted(hashes)


def content_security_policy(script_hashes: Iterable[str], in_meta: bool = False) -> str:
    """A policy for the site as built: own scripts only (inline ones by hash), own styles,
    images from anywhere secure (article bodies may embed https images), never framed.

    ``in_meta``: the policy for a page's ``<meta http-equiv="Content-Security-Policy">``
    (hosts that send no headers: GitHub Pages, S3, rsync, ``newsgen serve``), without the
    directives browsers ignore there (frame-ancestors, report-uri, report-to, sandbox)."""
    # 'wasm-unsafe-eval' lets the search page compile Pagefind's WebAssembly; it allows no JavaScript eval.
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *script_hashes])
    directives = [
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self'",
        "img-src 'self' data: https:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    if in_meta:
        directives = [d for d in directives if d.split(" ", 1)[0] not in META_IGNORED_DIRECTIVES]
    return "; ".join(directives)


def render_headers(script_hashes: Iterable[str]) -> bytes:
    """The ``_headers`` file: security headers on every response, cache lifetimes for /static/
    and for the files named by their content.

    Paths are relative to the published folder, which these hosts serve at the domain root.
    Cache-Control is never set for /*: both hosts join the values of every matching rule."""
    lines = [
        "# Made by `newsgen deploy` for Netlify and Cloudflare Pages; other hosts ignore it.",
        "/*",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
        "  X-Frame-Options: DENY",
        f"  Content-Security-Policy: {content_security_policy(script_hashes)}",
        f"/{STATIC_DIR}/*",
        f"  Cache-Control: public, max-age={STATIC_MAX_AGE}",
    ]
    for pattern in CONTENT_NAMED:
        lines += [f"/{pattern}", f"  Cache-Control: {IMMUTABLE}"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_host_files(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """Host files for a site given as relative path -> bytes (what ``render_pages`` returns).

    A build can add them to its outputs with ``files.update(render_host_files(files))``."""
    pages = (data.decode("utf-8", errors="replace") for path, data in sorted(files.items()) if path.endswith(".html"))
    return {HEADERS_FILE: render_headers(inline_script_hashes(pages))}
