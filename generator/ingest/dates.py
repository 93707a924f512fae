"""Publication dates as wires write them, read as local time of the feed's zone.

Swiss wires give ``23.11.2024 - 13:03`` in Swiss local time; the stored value
must carry the offset that applied on that day (CET +01:00, CEST +02:00).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale

_NUMERIC = re.compile(
    r"^(?:[A-Za-zÄÖÜäöüéû]+[.,:]?\s+)?"  # optional weekday or "Updated:" label
    r"(?P<day>\d{1,2})\.\s?(?P<month>\d{1,2})\.\s?(?P<year>\d{4})"
    r"(?:\s*(?:[-–—,|]|um)?\s*(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})(?:\s*Uhr)?)?$"
)
_ISO = re.compile(r"^(?P<iso>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)$")
_WORDY = re.compile(
    r"^(?:[A-Za-zÄÖÜäöüéû]+,?\s+)?"
    r"(?:(?P<day>\d{1,2})\.?\s+(?P<month_name>[A-Za-zÄÖÜäöüéû]+)\.?|(?P<month_name2>[A-Za-z]+)\.?\s+(?P<day2>\d{1,2}),?)"
    r"\s+(?P<year>\d{4})"
    r"(?:,?\s*(?:at|um|à|alle|-|–)?\s*(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?(?:\s*Uhr)?)?$"
)


@dataclass(frozen=True)
class DateLine:
    """A date line read as an aware datetime."""

    when: datetime
    #: False when the line gave a day only (the time is then midnight).
    has_time: bool


def parse_date_line(line: str, tz: ZoneInfo) -> DateLine | None:
    """Return the moment a date line stands for, or None if the line is not a date."""
    text = line.strip().rstrip(".")
    if len(text) > 60:
        return None
    match = _NUMERIC.match(text)
    if match:
        return _local(tz, int(match["year"]), int(match["month"]), int(match["day"]), match["hour"], match["minute"])
    match = _ISO.match(text)
    if match:
        parsed = datetime.fromisoformat(match["iso"].replace("Z", "+00:00"))
        return DateLine(parsed if parsed.tzinfo else parsed.replace(tzinfo=tz), len(match["iso"]) > 10)
    match = _WORDY.match(text)
    if match:
        month = _month_number(match["month_name"] or match["month_name2"])
        if month is None:
            return None
        hour = match["hour"]
        if hour is not None and match["ampm"]:
            hour = str(int(hour) % 12 + (12 if match["ampm"][0] in "Pp" else 0))
        return _local(tz, int(match["year"]), month, int(match["day"] or match["day2"]), hour, match["minute"])
    return None


def _local(tz: ZoneInfo, year: int, month: int, day: int, hour: str | None, minute: str | None) -> DateLine | None:
    try:
        # fold=0: an ambiguous time in the autumn DST change is read as the first (summer) one.
        when = datetime(year, month, day, int(hour or 0), int(minute or 0), tzinfo=tz)
    except ValueError:
        return None
    return DateLine(when, hour is not None)


@lru_cache(maxsize=1)
def _month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for code in ("en", "de", "fr", "it"):
        months = Locale.parse(code).months["format"]
        for width in ("wide", "abbreviated"):
            for number, name in months[width].items():
                names[name.lower().rstrip(".")] = number
    names.update({"sept": 9, "märz": 3, "maerz": 3, "jän": 1, "jänner": 1})
    return names


def _month_number(name: str) -> int | None:
    return _month_names().get(name.lower().rstrip("."))
