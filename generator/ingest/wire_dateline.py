"""Datelines and the dates written in wire text.

"WASHINGTON (AP) — " or "LONDON, Nov 25 (Reuters) - " before the lead, and
"ROME 1996-12-06" on a line of its own, as in 1990s wire copy. Apart from the
header scan because a dateline is read off the lead once the body is in blocks,
and its rules follow agency conventions, not page layouts.
"""

from __future__ import annotations

import re
from datetime import date
from zoneinfo import ZoneInfo

from ..content.model import Block
from .dates import DateLine, InvalidDate, parse_date_line
from .wire_agencies import dateline_agencies

#: "WASHINGTON (AP) — ", "LONDON, Nov 25 (Reuters) - ", "Frankfurt/Main (dpa/lhe) - ": what precedes the agency is read apart.
_DATELINE = re.compile(r"^(?P<head>[^()]{0,80}?)\s*\((?P<agency>[A-Za-z-]{2,20}(?:/[A-Za-z-]{2,20})*)\)\s*[-–—]+\s*")
_PLACE = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w.'’/-]*(?:[ -][A-ZÀ-ÖØ-Þ(][\w.'’/)-]*){0,3}$")
_REGION = re.compile(r"^[A-Z][A-Za-z. ]{1,24}$")
#: "ROME 1996-12-06", "BONN, Germany 1996-08-22": a dateline on its own line, as in 1990s wire copy.
_PLACE_DATE_LINE = re.compile(r"^(?P<place>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’ -]{1,40}?)(?:,\s+(?P<region>[A-Z][\w. ]{1,30}?))?\s+(?P<date>\d{4}-\d{2}-\d{2})$")
_MONTH_DAY = re.compile(r"^[A-Za-zÀ-ÿ]{3,9}\.?\s+\d{1,2}$")


def place_and_date(text: str, tz: ZoneInfo) -> tuple[str, DateLine] | None:
    """"BONN, Germany 1996-08-22" -> ("Bonn", the date)."""
    match = _PLACE_DATE_LINE.match(text)
    if not match:
        return None
    when = parse_date_quietly(match["date"], tz)
    return (_place_name(match["place"].strip()), when) if when else None


def _place_name(place: str) -> str:
    """"WASHINGTON" -> "Washington", "KYIV" -> "Kyiv"; mixed case is kept."""
    return re.sub(r"[A-ZÀ-ÖØ-Þ]+", lambda word: word[0].capitalize(), place) if place.isupper() else place


def looks_like_date(text: str, tz: ZoneInfo, reference: date | None = None) -> bool:
    return parse_date_quietly(text, tz, reference) is not None


def take_dateline(blocks: list[Block], tz: ZoneInfo, reference: date | None) -> tuple[list[Block], str | None, str | None, DateLine | None]:
    """Strip "WASHINGTON (AP) — " or "LONDON, Nov 25 (Reuters) - " from the lead; return place, agency and date."""
    paragraphs_seen = 0
    for index, block in enumerate(blocks):
        if block.kind != "paragraph":
            continue
        paragraphs_seen += 1
        match = _DATELINE.match(block.text)
        agencies = dateline_agencies(match["agency"]) if match else None
        head = _dateline_head(match["head"], tz, reference) if match and agencies else None
        if head is None:
            if paragraphs_seen < 3:
                continue  # a kicker or a stray byline may stand before the lead
            return blocks, None, None, None
        place, when = head
        rest = block.text[match.end() :]
        lead = [Block("paragraph", rest[:1].upper() + rest[1:])] if rest else []  # a dateline alone on its line leaves no lead
        return blocks[:index] + lead + blocks[index + 1 :], place, "/".join(agencies), when
    return blocks, None, None, None


def _dateline_head(head: str, tz: ZoneInfo, reference: date | None) -> tuple[str | None, DateLine | None] | None:
    """What stands before "(Agency) -": place, region and date, each optional, but not nothing odd."""
    parts = [part.strip() for part in head.split(",") if part.strip()]
    when = None
    if parts:
        when = parse_date_quietly(parts[-1], tz, reference)
        if when or _MONTH_DAY.match(parts[-1]):
            parts.pop()  # a date without a year cannot be placed without a reference day, but it is no place
        elif (split := re.match(r"^(.*?)\s+(\S+\.?\s+\d{1,2})$", parts[-1])) and (when := parse_date_quietly(split[2], tz, reference)):
            parts[-1] = split[1]  # "LONDON Nov 25": no comma before the date
    if not parts:
        return (None, when) if when else None
    if not _PLACE.match(parts[0]) or len(parts) > 2 or (len(parts) == 2 and not _REGION.match(parts[1])):
        return None
    return _place_name(parts[0]), when


def parse_date_quietly(text: str, tz: ZoneInfo, reference: date | None = None) -> DateLine | None:
    """The date a line stands for; an impossible one counts as none (the header scan warns about those)."""
    try:
        return parse_date_line(text, tz, reference)
    except InvalidDate:
        return None
