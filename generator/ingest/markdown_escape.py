"""Body blocks as Markdown in which wire text can never become markup.

A rank ("1. Marco Odermatt"), a "<script>" quoted in an item or a leading "#"
must stay text, not turn into a list, a tag or a heading. Apart from article
building because these rules follow the Markdown renderer, not the wire.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..content.model import Block

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
#: "<" that Markdown would take for the start of a tag: in wire text it is a character ("<script>" quoted in an item).
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_RANK_START = re.compile(r"^(\d+)[.)] ")
_BLOCK_START = re.compile(r"^(#|>|[-+*] |\d+[.)] |=+$|-+$)")


def blocks_to_markdown(blocks: Sequence[Block]) -> str:
    """Body blocks as Markdown; wire text is escaped so it can never become markup."""
    parts = []
    for block in blocks:
        if block.kind == "heading":
            parts.append(f"## {_escape_inline(block.text)}")
        elif block.kind == "rows":  # one row per line: Markdown's hard break is two trailing spaces
            parts.append("  \n".join(_escape_line(row) for row in block.text.split("\n")))
        else:
            parts.append(_escape_line(block.text))
    return "\n\n".join(parts) + "\n"


def _escape_inline(text: str) -> str:
    return _TAG_START.sub("&lt;", _INLINE_SPECIAL.sub(r"\\\1", text))


def _escape_line(text: str) -> str:
    """Wire text as literal Markdown: no emphasis, link, list or heading can start in it."""
    text = _escape_inline(text)
    if ranked := _RANK_START.match(text):  # "1. Marco Odermatt": "\1." is no escape, "1\." is
        return f"{ranked[1]}\\{text[len(ranked[1]):]}"
    return "\\" + text if _BLOCK_START.match(text) else text
