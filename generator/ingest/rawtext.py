"""Raw wire bytes to clean text: decoding, size and binary checks, HTML removal.

Feeds arrive in odd shapes: Windows-1252 files, pasted web pages, stray
control characters. This module turns any of them into plain text lines, or
refuses with a message that names the file.

What comes out holds no character that YAML front matter or a Markdown body
would change on the way to disk and back: C0 and C1 controls, line and
paragraph separators and Unicode non-characters are repaired or removed here,
once, and bidi embeddings, overrides and isolates survive only where each line
closes what it opens (``strip_bidi`` takes every bidi control out of titles and
names, which are identities).
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

from ..core.errors import NewsgenError

#: Wire stories are a few kilobytes; anything this large is not one story.
MAX_RAW_BYTES = 1_000_000

# "[^<>]*" rather than "[^>]*": a tag never spans another "<", and a megabyte of "<p" without
# a ">" would otherwise be scanned to its end once per "<p".
_BLOCK_TAG = re.compile(r"<\s*/?\s*(p|div|br|html|body|h[1-6]|article|section|ul|ol|li|figure|figcaption|table|tr|td)\b[^<>]*>", re.I)
_INLINE_TAG = re.compile(r"<\s*/?\s*(span|a|strong|em|b|i|u|img|font|small|sup|sub)\b[^<>]*>", re.I)
_DOCUMENT_TAG = re.compile(r"<\s*(!doctype|html|head|body)\b", re.I)
_SCRIPT_LIKE = re.compile(r"<\s*(script|style|iframe|object|embed)\b.*?(<\s*/\s*\1\s*>|\Z)", re.I | re.S)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

_NONCHARACTERS = (*range(0xFDD0, 0xFDF0), *(plane + last for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF)))
#: Characters no story needs and YAML or Markdown would change: C0 controls but tab and
#: newline, DEL, C1 controls, line/paragraph separators, Unicode non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029" + "".join(map(chr, _NONCHARACTERS)) + "]")


def _control_table() -> dict[int, str | None]:
    """What ``_CONTROL`` characters become (None: removed)."""
    table: dict[int, str | None] = dict.fromkeys((*range(0x20), 0x7F, *_NONCHARACTERS), None)
    del table[ord("\t")], table[ord("\n")]
    table |= dict.fromkeys(map(ord, "\x0b\x1c\x1d\x1e\x1f\u2028"), " ")  # soft breaks and separators inside a line
    table |= dict.fromkeys(map(ord, "\x0c\u2029"), "\n")  # page and paragraph breaks end the line
    for code in range(0x80, 0xA0):
        # A C1 control in text is a Windows-1252 character that went through Latin-1 once:
        # U+0085 was "…", U+0096 "–". The five bytes Windows-1252 leaves undefined are dropped.
        try:
            table[code] = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            table[code] = None
    return table


_CONTROL_TABLE = _control_table()

#: Explicit bidi formatting: embeddings and overrides (closed by PDF), isolates (closed by PDI).
_BIDI_OPEN = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c", "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}
_BIDI_EXPLICIT = re.compile("[\u202a-\u202e\u2066-\u2069]")
_BIDI_ANY = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


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
    text = _decode(data, warnings).replace("\r\n", "\n").replace("\r", "\n")
    script = _SCRIPT_LIKE.search(text)
    if script:
        line = text[: script.start()].count("\n") + 1
        text = _SCRIPT_LIKE.sub("", text)
        warnings.append(f"line {line}: <script>/<style>/<iframe> element removed with its content")
    if _is_html_page(text):
        text = _html_to_text(text)
        warnings.append("HTML page markup found and removed; the story was read as plain text")
    elif tag := (_BLOCK_TAG.search(text) or _INLINE_TAG.search(text)):
        line = text[: tag.start()].count("\n") + 1
        text = html.unescape(_INLINE_TAG.sub("", _BLOCK_TAG.sub("\n", text)))
        warnings.append(f"line {line}: HTML tags in plain text removed; <br>, <p> and the like read as line breaks")
    return RawText(_normalise(text, warnings), tuple(warnings))


def strip_bidi(text: str) -> str:
    """``text`` without bidi controls or marks: for titles, persons and tags, where an invisible character would make another name."""
    return " ".join(_BIDI_ANY.sub("", text).split()) if _BIDI_ANY.search(text) else text


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


def _is_html_page(text: str) -> bool:
    """A web page or fragment, not a wire story with a stray tag: block tags on at least half its lines.

    One ``<br>`` or ``<p>`` line in plain copy must not make its line breaks
    meaningless (HTML parsing joins lines), or its date line disappears.
    """
    if _DOCUMENT_TAG.search(text):
        return True
    lines = [line for line in text.split("\n") if line.strip()]
    tagged = sum(1 for line in lines if _BLOCK_TAG.search(line))
    return tagged > 0 and tagged * 2 >= len(lines)


def _normalise(text: str, warnings: list[str]) -> str:
    text = _without_controls(text, warnings)
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(_balanced_bidi(line, number, warnings) for number, line in enumerate(lines, 1))


def _without_controls(text: str, warnings: list[str]) -> str:
    found = _CONTROL.search(text)
    if not found:
        return text
    line = text[: found.start()].count("\n") + 1
    codes = sorted({f"U+{ord(ch):04X}" for ch in _CONTROL.findall(text)})
    shown = ", ".join(codes[:5]) + (", ..." if len(codes) > 5 else "")
    warnings.append(f"line {line}: control or non-character code points ({shown}) removed or repaired")
    return text.translate(_CONTROL_TABLE)


def _balanced_bidi(line: str, number: int, warnings: list[str]) -> str:
    """The line, or the line without explicit bidi controls if it leaves one open or closes one it never opened."""
    if not _BIDI_EXPLICIT.search(line):
        return line
    expected: list[str] = []
    for ch in _BIDI_EXPLICIT.findall(line):
        if ch in _BIDI_OPEN:
            expected.append(_BIDI_OPEN[ch])
        elif not expected or expected.pop() != ch:
            break
    else:
        if not expected:
            return line
    warnings.append(f"line {number}: unbalanced bidi controls removed")
    return " ".join(_BIDI_EXPLICIT.sub("", line).split())


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
