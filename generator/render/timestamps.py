"""Machine-readable times for feeds, sitemaps and structured data.

Every time written for machines is an article's publication time (or the
newest of several), never the clock, so a rebuild of unchanged content gives
identical bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo

from ..content.model import Article


def iso_timestamp(moment: datetime, tz: tzinfo) -> str:
    """RFC 3339 (and W3C) date-time in the site time zone, to the second: ``2024-11-05T09:30:00+01:00``."""
    return moment.astimezone(tz).replace(microsecond=0).isoformat()


def newest_published(articles: Iterable[Article]) -> datetime | None:
    """The latest publication time among ``articles``; None when there are none."""
    return max((article.published for article in articles), default=None)
