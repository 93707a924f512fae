"""Raw wire bytes to clean text: decoding, size and binary checks, HTML removal.

Feeds arrive in odd shapes: Windows-1252 files, pasted web pages, stray
control characters. This module turns any of them into plain text lines, or
refuses with a message that names the file.
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

from ..errors import NewsgenError

#: Wire stories are a few kilobytes; anything this large is not one story.
MAX_RAW_BYTES = 1_000_000

_BLOCK_TAG = re.compile(r"<\s*/?\s*(p|div|br|html|body|h[1-6]|article|section|ul|ol|li|figure|figcaption|table|tr|td)\b[^>]*>", re.I)
_INLINE_TAG = re.compile(r"<\s*/?\s*(span|a|strong|em|b|i|u|img|font|small|sup|sub)\b[^>]*>", re.I)
_SCRIPT_LIKE = re.compile(r"<\s*(script|style|iframe|object|embed)\b.*?(<\s*/\s*\1\s*>|\Z)", re.I | re.S)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


@dataclass(frozen=True)
class RawText:
    """Decoded, normalised text of one raw file and what had to be repaired."""

    text: str
    warnings: tuple[str, ...] = ()


def decode_raw(data: bytes, name: str) -> RawText:
    """Decode and normalise raw wire bytes; raise NewsgenError for unusable input."""
    if len(data) > MAX_RAW_BYTES:
        raise NewsgenError(f"file is {len(data):,} bytes; a wire story is at most {MAX_RAW_BYTES:,} bytes (is this a whole feed dump?)", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = data.decode("utf-16", errors="replace").encode("utf-8")
    if not data.strip():
        raise NewsgenError("file is empty", name)
    if b"\x00" in data[:8192] or _control_ratio(data[:8192]) > 0.05:
        raise NewsgenError("file looks binary, not text", name)
    warnings: list[str] = []
    text = _decode(data, warnings)
    script = _SCRIPT_LIKE.search(text)
    if script:
        line = text[: script.start()].count("\n") + 1
        text = _SCRIPT_LIKE.sub("", text)
        warnings.append(f"line {line}: <script>/<style>/<iframe> element removed with its content")
    if _BLOCK_TAG.search(text):
        text = _html_to_text(text)
        warnings.append("HTML page markup found and removed; the story was read as plain text")
    elif _INLINE_TAG.search(text):
        text = html.unescape(_INLINE_TAG.sub("", text))
        warnings.append("inline HTML tags removed")
    return RawText(_normalise(text), tuple(warnings))


def _control_ratio(sample: bytes) -> float:
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return controls / max(len(sample), 1)


def _decode(data: bytes, warnings: list[str]) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            text = data.decode("cp1252")
            warnings.append(f"not UTF-8 (first bad byte on line {line}); read as Windows-1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            warnings.append(f"not UTF-8 (first bad byte on line {line}); read as Latin-1")
        return text


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.translate(_INVISIBLE)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join("".join(ch for ch in line if ch >= " ") for line in lines)


class _TextExtractor(HTMLParser):
    """Collect the text of an HTML fragment, one line per block element."""

    _BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "article", "section", "figure", "figcaption", "tr", "header", "footer", "title"}
    _SKIP = {"script", "style", "iframe", "object", "embed", "noscript", "template", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data.replace("\n", " "))


def _html_to_text(text: str) -> str:
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    extracted = html.unescape("".join(parser.parts))
    return re.sub(r"\n\s*\n+", "\n\n", extracted)
