"""Publication dates in every form wire copy writes them, as aware datetimes.

The fields are read by python-dateutil's parser, given the month and weekday
names of German, French and Italian (from Babel's CLDR data) and the zone
abbreviations wires use. This module only decides what dateutil cannot: is a
line a date at all (day and month must come from the text, and a year unless
the caller knows the year from elsewhere), which order a numeric date uses
(dots are day-first, slashes month-first as in US copy), and which zone an
unmarked time is in (the feed's: Swiss wires write Swiss local time).

dateparser reads more languages, but it took 1-36 ms a line against
dateutil's 0.05-0.15 ms, converts stated offsets away, and guesses relative
dates ("yesterday"), which in a header line is a wrong date, not a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from dateutil import parser as dateutil_parser

#: Fixed offsets of the zone abbreviations in wire copy; "ET" and kin follow the season.
_ZONE_ABBREVIATIONS: dict[str, tzinfo] = {
    **{name: timezone(timedelta(hours=hours)) for name, hours in {
        "EDT": -4, "EST": -5, "CDT": -5, "CST": -6, "MDT": -6, "MST": -7, "PDT": -7, "PST": -8,
        "AKDT": -8, "AKST": -9, "HST": -10, "GMT": 0, "UTC": 0, "UT": 0, "Z": 0, "WET": 0, "BST": 1,
        "WEST": 1, "CET": 1, "MEZ": 1, "CEST": 2, "MESZ": 2, "EET": 2, "EEST": 3, "MSK": 3,
        "SGT": 8, "HKT": 8, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11,
    }.items()},
    "ET": ZoneInfo("America/New_York"),
    "CT": ZoneInfo("America/Chicago"),
    "MT": ZoneInfo("America/Denver"),
    "PT": ZoneInfo("America/Los_Angeles"),
}

#: "Article Launched:", "Published", "Updated", "Aktualisiert am": labels in front of a stamp.
_LABEL = re.compile(
    r"^(?:(?:article\s+)?(?:launched|published|posted|updated|last\s+updated|first\s+published|modified)(?:\s+on)?"
    r"|aktualisiert(?:\s+am)?|publiziert(?:\s+am)?|veröffentlicht(?:\s+am)?|erstellt(?:\s+am)?|stand"
    r"|publié(?:\s+le)?|mis\s+à\s+jour(?:\s+le)?|pubblicato(?:\s+il)?|aggiornato(?:\s+il)?"
    r"|date|datum|dateline)\s*:?\s+",
    re.I,
)
#: A second stamp on the same line ("Published 6:05 AM, June 14, 2024 Updated ...") is dropped.
_SECOND_LABEL = re.compile(r"\s+[|·]?\s*(?:updated|aktualisiert|mis à jour|aggiornato)\b.*$", re.I)
_ZONE_OFFSET = re.compile(r"\b(?:GMT|UTC)\s?([+-])(\d{1,2})(?::?(\d{2}))?\b")
_DOTTED_TIME = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{2})(?=\s*(?:uhr|h\b|[A-Z]{2,5}\b|$))", re.I)
_LATIN_MERIDIEM = re.compile(r"\b([ap])\.\s?m\.(?=\s|$|,)", re.I)
_24H_WITH_MERIDIEM = re.compile(r"\b(1[3-9]|2[0-3])(:\d{2}(?::\d{2})?)\s*(?:[AP]M)\b", re.I)
_ORDINAL_FIRST = re.compile(r"\b1(?:er\b|°)", re.I)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_SLASHED = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_OUT_OF_RANGE = re.compile(r"out of range|must be in", re.I)
_NUMERIC_DATE = re.compile(r"^\W*\d{1,2}[./]\d{1,2}[./]\d{2,4}\b")

#: Two defaults that differ in every field: a field equal in both parses came from the text.
_DEFAULTS = (datetime(2000, 1, 1, 0, 0, 0), datetime(2004, 2, 2, 1, 1, 1))
_MAX_DATE_LINE = 80


@dataclass(frozen=True)
class DateLine:
    """A date line read as an aware datetime."""

    when: datetime
    #: False when the line gave a day only (the time is then midnight).
    has_time: bool


class InvalidDate(ValueError):
    """A line shaped like a date whose fields are out of range ("30.02.2024", "05:60")."""


def parse_date_line(line: str, tz: ZoneInfo, reference: date | None = None) -> DateLine | None:
    """The moment a line stands for, or None if the line is not a date.

    ``reference`` is a day near publication (from the file name or the file's
    time); it supplies the year of dates written without one ("Nov 25").
    Raises InvalidDate for an ISO-shaped date with impossible fields.
    """
    text = _clean(line)
    if not text or len(text) > _MAX_DATE_LINE or not any(ch.isdigit() for ch in text):
        return None
    if _ISO.match(text):
        return _iso(text, tz)
    fields = _parse_fields(text)
    if fields is None:
        return None
    parsed, from_text = fields
    if not {"day", "month"} <= from_text or (parsed.tzinfo is None and _unknown_zone(text)):
        return None
    if "year" not in from_text:
        # "Nov 25": only with a month name and a known day to take the year from.
        if reference is None or not _HAS_LETTER.search(text):
            return None
        parsed = _nearest_year(parsed, reference)
        if parsed is None:
            return None
    if not 1900 <= parsed.year <= 2200:
        return None
    has_time = "hour" in from_text
    if not has_time:
        parsed = parsed.replace(hour=0, minute=0, second=0)
    return DateLine(parsed if parsed.tzinfo else parsed.replace(tzinfo=tz), has_time)


def date_in_name(name: str) -> date | None:
    """A date written into a file name: ``20241125-story.txt``, ``2024-06-14_flood.txt``."""
    stem = name.rsplit("/", 1)[-1]
    for match in re.finditer(r"(?<!\d)((?:19|20)\d{2})-?(\d{2})-?(\d{2})(?!\d)", stem):
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
    return None


def _clean(line: str) -> str:
    text = line.strip().rstrip(".").strip()
    text = _LABEL.sub("", text, count=1)
    text = _SECOND_LABEL.sub("", text)
    text = _ZONE_OFFSET.sub(lambda m: f"{m[1]}{int(m[2]):02d}:{m[3] or '00'}", text)
    text = _LATIN_MERIDIEM.sub(lambda m: f"{m[1].upper()}M", text)
    text = _24H_WITH_MERIDIEM.sub(r"\1\2", text)  # "13:52 PM" is 13:52
    text = _ORDINAL_FIRST.sub("1", text)
    return _DOTTED_TIME.sub(r"\1:\2", text)


def _iso(text: str, tz: ZoneInfo) -> DateLine:
    try:
        parsed = datetime.fromisoformat(text.replace(" Z", "Z").replace("Z", "+00:00"))
    except ValueError as exc:
        raise InvalidDate(f"{text!r} is not a valid date ({exc})") from None
    return DateLine(parsed if parsed.tzinfo else parsed.replace(tzinfo=tz), len(text) > 10)


def _parse_fields(text: str) -> tuple[datetime, set[str]] | None:
    """dateutil's reading of the text, and which fields the text itself gave."""
    info = _parser_info(day_first=not _SLASHED.search(text))
    results = []
    for default in _DEFAULTS:
        try:
            results.append(dateutil_parser.parse(text, parserinfo=info, default=default, tzinfos=_zone))
        except dateutil_parser.ParserError as exc:
            if _OUT_OF_RANGE.search(str(exc)) and _NUMERIC_DATE.search(text):
                raise InvalidDate(f"{text!r} is not a valid date ({str(exc).split(':')[0]})") from None
            return None
        except (ValueError, OverflowError, TypeError):
            return None
    first, second = results
    return first, {field for field in ("year", "month", "day", "hour") if getattr(first, field) == getattr(second, field)}


def _zone(name: str | None, offset: int | None) -> tzinfo | None:
    if offset is not None:
        return timezone(timedelta(seconds=offset))
    return _ZONE_ABBREVIATIONS.get(name.upper()) if name else None


def _unknown_zone(text: str) -> bool:
    """A trailing all-caps word dateutil took for a zone it does not know ("IST" is two zones)."""
    last = text.split()[-1]
    return last.isalpha() and last.isupper() and 2 <= len(last) <= 5 and last not in _ZONE_ABBREVIATIONS and last not in ("AM", "PM")


def _nearest_year(parsed: datetime, reference: date) -> datetime | None:
    """The date in the year before, of or after ``reference`` that lies nearest to it."""
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidates.append(parsed.replace(year=year))
        except ValueError:  # 29 February
            continue
    if not candidates:
        return None
    return min(candidates, key=lambda when: abs(when.date() - reference))


@lru_cache(maxsize=2)
def _parser_info(day_first: bool) -> dateutil_parser.parserinfo:
    return _WireParserInfo(dayfirst=day_first)


class _WireParserInfo(dateutil_parser.parserinfo):
    """dateutil's English names plus German, French and Italian months and weekdays."""

    JUMP = [*dateutil_parser.parserinfo.JUMP, "|", "–", "—", "um", "uhr", "à", "a", "alle", "ore", "le", "il", "den", "am", "der", "du", "del", "de"]
    MONTHS = []  # filled below from Babel
    WEEKDAYS = []


def _localized_names() -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    months: list[set[str]] = [set(names) for names in dateutil_parser.parserinfo.MONTHS]
    weekdays: list[set[str]] = [set(names) for names in dateutil_parser.parserinfo.WEEKDAYS]
    for code in ("en", "de", "fr", "it"):
        locale = Locale.parse(code)
        for width in ("wide", "abbreviated"):
            for number, name in locale.months["format"][width].items():
                months[number - 1].update({name.lower(), name.lower().rstrip(".")})
        # Wide weekday names only: Italian "mar" (Tuesday) would shadow the month "Mar".
        for number, name in locale.days["format"]["wide"].items():
            weekdays[number].add(name.lower())
    months[2].update({"märz", "maerz"})
    months[0].update({"jän", "jänner"})
    months[8].add("sept")
    return [tuple(sorted(names)) for names in months], [tuple(sorted(names)) for names in weekdays]


_WireParserInfo.MONTHS, _WireParserInfo.WEEKDAYS = _localized_names()
