"""What rendered pages may contain: safe article HTML, no control characters, balanced bidi, a CSP.

Applied by ``pages.py``, ``markdown_body.py`` and ``environment.py``:

- Article bodies: the Markdown converter drops every href/src whose scheme is
  not http, https or mailto (``DropUnsafeLinks``, checking the value the way a
  browser will read it: character references decoded, controls and spaces
  removed), and its HTML then goes through nh3 (``clean_body_html``), a
  maintained allow-list sanitizer, as the final gate: only the elements and
  attributes Markdown makes, the same schemes, relative links kept.
- Whole pages (``finish_page``): C0 controls but tab, line feed and carriage
  return, DEL and C1 controls are removed; no reader needs them and HTML calls
  them parse errors. The page's ``<meta http-equiv="Content-Security-Policy">``
  gets the hashes of the page's own inline scripts.
- Printed values: bidi embeddings, overrides and isolates are balanced
  (``balance_bidi``, the Jinja ``finalize`` hook), so a title cannot reverse
  the text after it in ``<title>`` or an attribute; templates also isolate
  titles and names in running text with ``<bdi>``.
"""

from __future__ import annotations

import re
from html import unescape
from xml.etree.ElementTree import Element

import nh3
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE
from markupsafe import Markup

from .hostfiles import content_security_policy, inline_script_hashes

#: Link schemes allowed in article bodies and by ``newsgen check``; anything else ("javascript:") is dropped.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

#: What Python-Markdown's core syntax makes (no extensions are enabled): elements and their attributes.
BODY_TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "a", "img", "code", "pre",
    "blockquote", "ul", "ol", "li", "hr", "br",
})
BODY_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}

# C0 controls but tab, LF and CR; DEL; C1 controls.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The same in UTF-8: single bytes that never occur inside a multi-byte sequence, and C1 controls.
_C0_AND_DEL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_C1_BYTES = re.compile(b"\xc2[\x80-\x9f]")
# The opening tag of a JSON-LD data block as the templates write it (CSP does not apply to those).
_DATA_BLOCK = '<script type="application/ld+json">'
# What a browser skips in a URL's scheme (tab, LF, CR anywhere, the other C0 controls and
# the space at its ends), removed everywhere: stricter, never laxer, than the browser. Also
# DEL and U+FFFD, which "&#0;" decodes to: "java&#0;script:" is dropped, not kept as a path.
_IGNORED_IN_URL = re.compile("[\x00-\x20\x7f\ufffd]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")

#: The Content-Security-Policy element of a page head (base.html), as the template writes it.
_POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
#: The policy base.html puts in every page, before ``finish_page`` adds script hashes. Markup:
#: it needs no escaping in a double-quoted attribute, where autoescape would write "'" as &#39;.
PAGE_POLICY = Markup(content_security_policy((), in_meta=True))

_BIDI_EXPLICIT = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Splits text into runs of other characters and single controls (empty runs between them).
_BIDI_PIECES = re.compile("([\u202a-\u202e\u2066-\u2069])")
_PDF, _PDI = "\u202c", "\u2069"
_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")  # LRE RLE LRO RLO, closed by PDF
_ISOLATES = frozenset("\u2066\u2067\u2068")  # LRI RLI FSI, closed by PDI


# -- links ------------------------------------------------------------------------


def url_scheme(url: str) -> str | None:
    """The lowercased scheme of an href/src value as a browser reads it, or None for a relative reference.

    ``url`` is the value after HTML decoding (what ``html.parser`` hands over).
    Controls and spaces are removed first, anywhere: "java\\x01script:" counts as javascript.
    """
    match = _SCHEME.match(_IGNORED_IN_URL.sub("", url))
    return match.group(1).lower() if match else None


def is_safe_url(url: str) -> bool:
    """True for relative references and for http, https and mailto URLs (``url`` already decoded)."""
    scheme = url_scheme(url)
    return scheme is None or scheme in SAFE_SCHEMES


class DropUnsafeLinks(Treeprocessor):
    """Remove href/src values with a scheme other than http, https or mailto.

    Python-Markdown keeps character references in attribute values as written
    ("&#106;avascript:"), and the browser decodes them, so the check decodes first.
    """

    def run(self, root: Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not is_safe_url(unescape(value.replace(AMP_SUBSTITUTE, "&"))):
                    del element.attrib[attribute]


# -- article HTML -----------------------------------------------------------------

# link_rel=None: nh3 would add rel="noopener noreferrer" to every link. Body links
# never open a new tab (no target attribute), so noopener changes nothing, and
# whether to hide the referrer is the site's choice (Referrer-Policy), not the sanitizer's.
_CLEANER = nh3.Cleaner(
    tags=set(BODY_TAGS),
    clean_content_tags=set(),
    attributes={tag: set(names) for tag, names in BODY_ATTRIBUTES.items()},
    url_schemes=set(SAFE_SCHEMES),
    link_rel=None,
    strip_comments=True,
)


def clean_body_html(body_html: str) -> str:
    """Article body HTML through the allow-list: Markdown's elements and attributes, safe URLs only.

    nh3 writes what it parsed back out: the same markup for what Markdown
    makes, except that character references in text and attributes come out
    as the characters they stand for (the page reads the same). U+00A0 is
    written as itself, as Markdown writes it, not as ``&nbsp;``.
    """
    cleaned = _CLEANER.clean(body_html)
    # Controls in the Markdown are gone (render_markdown), but a numeric reference decodes to
    # one, and "java&#31;script:" without it reads "javascript:": then nh3 looks again.
    if "&#" in body_html and strip_controls(cleaned) != cleaned:
        cleaned = _CLEANER.clean(strip_controls(cleaned))
    if "&nbsp;" in cleaned:  # nh3's only named reference besides &amp; &lt; &gt; &quot;
        cleaned = cleaned.replace("&nbsp;", "\u00a0")
    return cleaned


# -- text -------------------------------------------------------------------------


def strip_controls(text: str) -> str:
    """``text`` without C0 controls (tab, LF and CR kept), DEL and C1 controls."""
    return _CONTROLS.sub("", text) if _CONTROLS.search(text) else text


def balance_bidi(text: str) -> str:
    """``text`` with its explicit bidi controls balanced, so none reaches past its end.

    The rule: every closer needs an opener and every opener gets its closer.
    A PDF (U+202C) closes the innermost open embedding or override
    (U+202A/B/D/E) and is dropped when there is none inside the current
    isolate; a PDI (U+2069) closes the innermost open isolate (U+2066-U+2068),
    first closing with PDFs the embeddings opened inside it, and is dropped when
    no isolate is open; what is still open at the end is closed there, innermost
    first. Balanced text comes back unchanged. This is for ``<title>`` and
    attribute values, where no ``<bdi>`` can isolate a value.
    """
    if not _BIDI_EXPLICIT.search(text):
        return text
    out: list[str] = []
    closers: list[str] = []
    for piece in _BIDI_PIECES.split(text):
        if not piece:
            continue
        if piece in _EMBEDDINGS:
            closers.append(_PDF)
        elif piece in _ISOLATES:
            closers.append(_PDI)
        elif piece == _PDF:
            if not closers or closers[-1] != _PDF:
                continue
            closers.pop()
        elif piece == _PDI:
            if _PDI not in closers:
                continue
            while closers.pop() != _PDI:
                out.append(_PDF)
        out.append(piece)
    out.extend(reversed(closers))
    return "".join(out)


def finalize_value(value: object) -> object:
    """Jinja's ``finalize``: every printed string with its bidi controls balanced; markup as it is.

    Markup is left alone: a macro's output came through here value by value, a
    body's paragraphs end whatever their text opens, and a closer appended after
    JSON-LD would break it.
    """
    # Called for every printed value: isascii() is a flag lookup, and most values are ASCII.
    if value.__class__ is str and not value.isascii() and _BIDI_EXPLICIT.search(value):
        return balance_bidi(value)
    return value


# -- pages ------------------------------------------------------------------------


def finish_page(html: str) -> bytes:
    """A rendered page as written to disk: UTF-8 without control characters, its
    ``<meta http-equiv="Content-Security-Policy">`` allowing the page's own inline scripts.

    The template writes the policy without script hashes; only a page with an
    inline script (the root page's language chooser) needs them, and they are
    known only once the page is rendered. Data cannot make a ``<meta>``
    element (autoescape; nh3 allows none), so the first one is the template's.
    """
    # Most pages have JSON-LD at most. (An upper-case <SCRIPT> is not counted: it gets no hash,
    # so the policy blocks it. Templates write lower case.)
    if html.count("<script") == html.count(_DATA_BLOCK):
        return strip_control_bytes(html.encode("utf-8"))
    html = strip_controls(html)
    hashes = inline_script_hashes([html])
    if hashes:
        tag = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(hashes, in_meta=True)}">'
        html = _POLICY_META.sub(lambda _: tag, html, count=1)
    return html.encode("utf-8")


def strip_control_bytes(data: bytes) -> bytes:
    """``strip_controls`` for UTF-8 text: the same characters removed, several times faster."""
    data = data.translate(None, _C0_AND_DEL_BYTES)
    return _C1_BYTES.sub(b"", data) if b"\xc2" in data and _C1_BYTES.search(data) else data
