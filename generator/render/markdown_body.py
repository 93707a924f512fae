"""Article bodies: Markdown -> safe HTML, with a converter that skips plain text quickly.

Separate from the page templates because a body has its own rules (raw HTML
stays text, unsafe links are dropped, nh3 has the last word) and its own
speed concern: converting bodies is much of a build's rendering time.
"""

from __future__ import annotations

import re
from functools import lru_cache

import markdown
from markdown.treeprocessors import InlineProcessor
from markupsafe import Markup

from .sanitize import DropUnsafeLinks, clean_body_html, strip_controls

#: Every inline pattern of the converter below starts with one of these (or with the
#: two spaces of a hard line break); "\x02" opens Python-Markdown's own placeholders.
_INLINE_SYNTAX = re.compile(r"[`\\\[!<&*_\x02]|  \n")
#: The inline patterns ``_INLINE_SYNTAX`` was written for; another set disables the shortcut.
_KNOWN_INLINE_PATTERNS = frozenset(
    {"backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
     "short_image_ref", "autolink", "automail", "linebreak", "entity", "em_strong"}
)


class _PlainTextInline(InlineProcessor):
    """Python-Markdown's inline stage, skipping text in which no inline pattern can match.

    Most wire paragraphs hold no emphasis, link, code or entity; trying each of
    the thirteen patterns on them is most of the conversion time. A text without
    any character that starts a pattern comes back unchanged from the full scan,
    so skipping it changes no output (tests compare against the plain converter).
    """

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802 (overrides a private method)
        if patternIndex == 0 and not _INLINE_SYNTAX.search(data):
            return data
        return InlineProcessor._InlineProcessor__handleInline(self, data, patternIndex)  # type: ignore[attr-defined]


def make_markdown(shortcut: bool = True) -> markdown.Markdown:
    """A Markdown converter that never passes raw HTML through: ``<script>`` stays text.

    ``shortcut=False`` keeps Python-Markdown's own inline stage (the reference
    the faster one is tested against).
    """
    converter = markdown.Markdown(output_format="html")
    # Wire copy and hand edits are text, not markup: treat "<...>" as characters.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    if shortcut and {item.name for item in converter.inlinePatterns._priority} == _KNOWN_INLINE_PATTERNS:
        converter.treeprocessors.register(_PlainTextInline(converter), "inline", 20)
    converter.treeprocessors.register(DropUnsafeLinks(converter), "drop_unsafe_links", 0)
    return converter


def render_markdown(text: str) -> Markup:
    """Article body Markdown -> safe HTML (one converter per process, reset between bodies).

    Controls go before conversion (Markdown's own placeholders are made of
    them); nh3 has the last word on what the HTML may contain (``sanitize``).
    """
    converter = _converter()
    try:
        return Markup(clean_body_html(converter.convert(strip_controls(text))))
    finally:
        converter.reset()


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    # Building a converter costs as much as converting a short article.
    return make_markdown()
