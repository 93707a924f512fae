"""IPTC 7901 (and ANPA 1312) reader: a framed agency text message in, a story out.

A message is framed by control characters: SOH, a header line (source and
message number, priority, category, word count, optional keyword), STX, the
text, ETX, an optional trailer (the filing time, "071530 Dec 26"), EOT. ANPA
1312 puts SYN characters before SOH and spells its header differently. The
text between STX and ETX is read like any wire text (headline first, then
the body; an indented line starts a paragraph), and the header gives the
agency and the category.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ..content.model import WireStory
from ..core.errors import NewsgenError
from .rawtext import decode_raw
from .wire import parse_wire

SOH, STX, ETX, EOT, SYN = b"\x01", b"\x02", b"\x03", b"\x04", b"\x16"
#: A line at least this long that runs on into the next was cut at the line width.
_WRAPPED = 40

#: Category codes agencies use in the header, and the default category label each files under.
#: A site files other codes by naming them among a category's aliases in site.toml.
CATEGORY_CODES = {
    "pl": "Politics", "pol": "Politics",
    "wi": "Economy", "wir": "Economy", "eco": "Economy", "fin": "Economy", "f": "Economy",
    "sp": "Sport", "spo": "Sport", "s": "Sport",
    "ku": "Culture", "kul": "Culture", "cul": "Culture",
    "vm": "Panorama", "pan": "Panorama",
    "wt": "Science", "wis": "Science", "sci": "Science",
    "au": "International", "aus": "International", "int": "International", "i": "International",
}

# "sda0417 3 wi 0312 Bank/Zinsen" (IPTC 7901) and "a0123 r f BC-Swiss-Rates 12-07 0312" (ANPA 1312).
_IPTC_HEADER = re.compile(r"^(?P<source>[A-Za-z]{1,6})(?P<number>\d{3,5})\s+(?P<priority>\d)\s+(?P<category>[A-Za-z]{1,3})\s+(?P<words>\d{3,5})(?:\s+(?P<keyword>.+))?$")
_ANPA_HEADER = re.compile(r"^(?P<source>[A-Za-z])(?P<number>\d{4})\s+(?P<priority>[A-Za-z])\s+(?P<category>[A-Za-z])\s+(?:[A-Za-z]{2}-)?(?P<keyword>\S+)(?:\s+.*)?$")
# "071530 Dec 26", "071530 Dez 2026": day, hour, minute, month, year.
_FILED = re.compile(r"\b(?P<day>[0-3]\d)(?P<hour>[0-2]\d)(?P<minute>[0-5]\d)\s+(?P<month>[A-Za-zÄÖÜäöüéû]{3,4})\.?\s+(?P<year>\d{2}|\d{4})\b")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (("jan", "jän", "janv", "gen"), ("feb", "fév", "févr"), ("mar", "mär", "mrz"), ("apr", "avr"), ("may", "mai", "mag"), ("jun", "juin", "giu"),
         ("jul", "juil", "lug"), ("aug", "aoû", "ago"), ("sep", "sept", "set"), ("oct", "okt", "ott"), ("nov",), ("dec", "dez", "déc", "dic")), 1)
    for name in names
}


@dataclass(frozen=True)
class Header:
    """What the header line of a message says."""

    source: str | None = None
    number: str | None = None
    category: str | None = None
    keyword: str | None = None


def looks_like_iptc7901(data: bytes) -> bool:
    """A message framed by SOH ... STX (after optional SYN characters)."""
    head = data[:512].lstrip(SYN + b"\r\n")
    return head.startswith(SOH) and STX in data


def parse_iptc7901(data: bytes, name: str, tz: ZoneInfo, categories: Iterable[str] = (), lang: str | None = None, default_lang: str = "en", reference: date | None = None) -> WireStory:
    """Read one framed message; ``categories`` are the site's labels and aliases (a header code listed there files the story)."""
    start = data.find(SOH)
    text_start = data.find(STX, start + 1)
    if start == -1 or text_start == -1:
        raise NewsgenError("not an IPTC 7901 message: no SOH ... STX frame", name, 1)
    text_end = data.find(ETX, text_start + 1)
    warnings: list[str] = []
    if text_end == -1:
        warnings.append("the message has no ETX (end of text) mark; read to the end of the file")
        text_end = data.find(EOT, text_start + 1)
        text_end = len(data) if text_end == -1 else text_end
    header_line = _line_of(data, start)
    header_text = decode_raw(data[start + 1 : text_start], name).text
    trailer = decode_raw(data[text_end + 1 :].split(EOT, 1)[0], name).text if text_end < len(data) else ""
    header = _header(header_text, header_line, warnings)
    raw = decode_raw(_paragraphs(data[text_start + 1 : text_end]), name)
    text = raw.text
    known = set(categories)
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if lines and header.keyword is None and _is_keyword_line(lines[0]):
        header = replace(header, keyword=lines[0])
    if lines and _is_keyword_line(lines[0]):
        text = text.split(lines[0], 1)[1]
    try:
        story = parse_wire(text, name, tz, known, lang, default_lang, reference)
    except NewsgenError as exc:  # lines counted from STX: count them from the file's start
        raise NewsgenError(exc.message, name, (exc.line or 1) + _line_of(data, text_start) - 1) from None
    filed = _filed(trailer, tz)
    category = story.category or _category(header.category, known)
    agency = header.source.upper() if header.source and story.agency in (None, "unknown") else story.agency
    published = story.published or filed
    # 7901 text is 8-bit (ISO 8859-1) by the standard: that it is not UTF-8 is no news.
    decoded = tuple(w for w in raw.warnings if not w.startswith("not UTF-8"))
    return replace(story, category=category, agency=agency, published=published, warnings=decoded + story.warnings + tuple(warnings))


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _header(text: str, line: int, warnings: list[str]) -> Header:
    header = " ".join(text.split())
    for pattern in (_IPTC_HEADER, _ANPA_HEADER):
        if match := pattern.match(header):
            keyword = (match.group("keyword") or "").strip() or None
            return Header(match.group("source"), match.group("number"), match.group("category"), keyword)
    if header:
        warnings.append(f"line {line}: header {header!r} is not an IPTC 7901 or ANPA 1312 header; agency and category come from the text")
    return Header()


def _paragraphs(text: bytes) -> bytes:
    """One line per paragraph, blank lines between: in a 7901 text an indent starts a paragraph
    and its lines are cut at a fixed width (rows of results, shorter than that, stay rows).

    Done on the bytes (the indent is ASCII in every encoding), since decoding strips it.
    """
    paragraphs: list[list[bytes]] = [[]]
    for line in text.replace(b"\r\n", b"\n").split(b"\n"):
        if not line.strip() or line[:1] in (b" ", b"\t") and paragraphs[-1]:
            paragraphs.append([])
        if line.strip():
            paragraphs[-1].append(line.strip())
    out = []
    for lines in paragraphs:
        if len(lines) > 1 and all(len(line) >= _WRAPPED for line in lines[:-1]):
            lines = [b" ".join(lines)]
        out.append(b"\n".join(lines))
    return b"\n\n".join(part for part in out if part)


def _is_keyword_line(line: str) -> bool:
    """"Schweiz/Wirtschaft/Bank/": the agency's keyword line, slash-separated and without a sentence."""
    return line.count("/") >= 1 and line.endswith("/") or (line.count("/") >= 2 and " " not in line.strip("/"))


def _category(code: str | None, known: set[str]) -> str | None:
    if not code:
        return None
    if code in known or code.lower() in known:
        return code if code in known else code.lower()
    label = CATEGORY_CODES.get(code.lower())
    return label if label in known else None


def _filed(trailer: str, tz: ZoneInfo) -> datetime | None:
    """The filing time of the trailer ("071530 Dec 26"), in the feed's zone."""
    match = _FILED.search(trailer)
    if not match:
        return None
    month = _MONTHS.get(match.group("month").lower()[:4]) or _MONTHS.get(match.group("month").lower()[:3])
    year = int(match.group("year"))
    year = year + 2000 if year < 100 else year
    try:
        return datetime(year, month, int(match.group("day")), int(match.group("hour")), int(match.group("minute")), tzinfo=tz) if month else None
    except ValueError:
        return None
