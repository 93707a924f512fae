"""Dates and times as a page's language writes them, in the site's time zone.

Separate because it is all Babel: formats come from the page's language, never
the system locale, and each part is formatted once per value (stories share
days and minutes), which the caches below keep cheap.
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo
from functools import lru_cache

from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    format_time,
    get_datetime_format,
)

from . import i18n


@lru_cache(maxsize=65536)
def format_datetime_local(moment: datetime, lang: str, tz: tzinfo, date_style: str = "long") -> str:
    """Date in ``date_style`` plus hours and minutes, joined the way ``lang`` does it.

    Babel's own "long" date-time adds seconds and a zone name, which a news page
    does not want; this combines the parts with the locale's pattern instead.
    """
    local = moment.astimezone(tz)
    return (
        _datetime_pattern(lang, date_style)
        .replace("{0}", _short_time(local.hour, local.minute, lang))
        .replace("{1}", _local_date(local.date(), lang, date_style))
    )


# Stories share days and minutes: each part is formatted once per value, not once per story.
@lru_cache(maxsize=64)
def _datetime_pattern(lang: str, date_style: str) -> str:
    return get_datetime_format(date_style, locale=i18n.babel_locale(lang)).replace("'", "")


@lru_cache(maxsize=8192)
def _short_time(hour: int, minute: int, lang: str) -> str:
    return format_time(time(hour, minute), "short", locale=i18n.babel_locale(lang))


@lru_cache(maxsize=65536)
def _local_date(day: date, lang: str, date_style: str) -> str:
    return format_date(day, date_style, locale=i18n.babel_locale(lang))


def date_range(moments: list[datetime], lang: str, tz: tzinfo) -> str:
    """The days from the oldest to the newest of ``moments``, as ``lang`` writes a range."""
    first, last = (min(moments).astimezone(tz).date(), max(moments).astimezone(tz).date())
    locale = i18n.babel_locale(lang)
    if first == last:
        return format_skeleton("yMMMd", first, locale=locale)
    return format_interval(first, last, "yMMMd", locale=locale)


def month_name(year: int, month: int, lang: str) -> str:
    """ "November 2024" in the page's language, standalone form ("novembre 2024")."""
    return format_skeleton("yMMMM", date(year, month, 1), locale=i18n.babel_locale(lang))
