"""Raw bytes in, a dated story out: the reader a file's content calls for.

``read_raw`` and ``analyse_raw`` are pure (bytes in, data out); they pick
the reader by content: NewsML-G2 XML, an IPTC 7901 / ANPA 1312 message, else
wire text. A story without a date takes one from ``ingest --date``, the file
name or the file's time, and every time becomes one that exists in its zone.
Apart from the pipeline, which decides what to write, so readers are tested
without a disk.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from ..config.settings import SiteConfig
from ..content.model import Article, Image, WireStory
from ..content.vocabulary import Vocabularies
from ..core.errors import NewsgenError
from .articles import category_names, item_article_id, source_hash, story_to_article
from .dates import date_in_name
from .iptc7901 import looks_like_iptc7901, parse_iptc7901
from .newsml import AgencyItem, looks_like_newsml, parse_newsml
from .rawtext import decode_raw
from .wire import parse_wire


@dataclass(frozen=True)
class RawStory:
    """What a reader made of one raw file: the story, and for an agency item who it is."""

    #: None for a withdrawal that carries no text.
    story: WireStory | None
    item: AgencyItem | None = None


@dataclass(frozen=True)
class DateHints:
    """Where an undated story's date comes from, in this order: ``ingest --date``, the file name, the file's time."""

    given: datetime | None = None
    file_time: datetime | None = None

    def reference_day(self, name: str) -> date | None:
        """A day near publication: the year of "Nov 25 (Reuters)" is the year nearest to it."""
        if self.given:
            return self.given.date()
        return date_in_name(name) or (self.file_time.date() if self.file_time else None)

    def fallback(self, name: str, tz: ZoneInfo) -> tuple[datetime, str] | None:
        """The date to use for a story that has none, and the warning that says where it came from."""
        if self.given:
            return self.given, f"no date in the story; used --date {self.given.isoformat()}"
        if named := date_in_name(name):
            when = datetime(named.year, named.month, named.day, tzinfo=tz)
            return when, f"no date in the story; used the date in the file name ({named.isoformat()}, 00:00)"
        if self.file_time:
            return self.file_time, f"no date in the story; used the file's modification time ({self.file_time.isoformat()}); set one with --date"
        return None


def file_hints(path: Path, tz: ZoneInfo, given: datetime | None = None) -> DateHints:
    """Date hints for a raw file on disk (its modification time, to the minute, in the feed's zone)."""
    modified = datetime.fromtimestamp(path.stat().st_mtime, tz=tz).replace(second=0, microsecond=0)
    return DateHints(given, modified)


def analyse_raw(
    data: bytes,
    name: str,
    config: SiteConfig,
    vocab: Vocabularies,
    lang: str | None = None,
    article_id: str | None = None,
    hints: DateHints = DateHints(),
) -> tuple[WireStory, Article]:
    """Parse raw bytes and derive the article (pure: no disk, no network)."""
    raw = read_raw(data, name, config, lang, hints)
    if raw.story is None:
        raise NewsgenError(f"agency item {raw.item.guid} version {raw.item.version} is {raw.item.status} and carries no story", name, 1)
    return raw.story, story_to_article(raw.story, name, source_hash(data), config, vocab, article_id or item_article_id(raw.item), raw.item)


def read_raw(data: bytes, name: str, config: SiteConfig, lang: str | None = None, hints: DateHints = DateHints()) -> RawStory:
    """Read raw bytes with the reader their content calls for; dated, with times that exist."""
    item = None
    if looks_like_newsml(data):
        parsed = parse_newsml(data, name, config.tz, category_names(config), config.language_codes, config.default_language)
        item, story = parsed.item, parsed.story
        if story is None:
            return RawStory(None, item)
        story = replace(story, lang=lang or story.lang, image=_picture_file(story.image, parsed.picture_href, name))
        warnings = story.warnings + _picture_warnings(parsed.picture_href, name)
    elif looks_like_iptc7901(data):
        story = parse_iptc7901(data, name, config.tz, category_names(config), lang, config.default_language, hints.reference_day(name))
        warnings = story.warnings
    else:
        raw = decode_raw(data, name)
        story = parse_wire(raw.text, name, config.tz, category_names(config), lang, config.default_language, hints.reference_day(name))
        warnings = raw.warnings + story.warnings
    if story.published is None:
        fallback = hints.fallback(name, config.tz)
        if fallback is None:
            raise NewsgenError("no publication date in the story or its file name; give one with --date", name, 1)
        story = replace(story, published=fallback[0])
        warnings += (fallback[1],)
    published = real_time(story.published)
    if published.replace(tzinfo=None) != story.published.replace(tzinfo=None):
        warnings += (f"{story.published:%Y-%m-%d %H:%M} does not exist in {story.published.tzinfo} (the clocks went forward); read as {published:%H:%M}",)
    return RawStory(replace(story, published=published, warnings=warnings), item)


def _picture_file(image: Image | None, href: str | None, name: str) -> Image | None:
    """The picture a NewsML-G2 item names, as a path from the project root when it came with the item."""
    target = _delivered_file(href, name)
    if image is None or target is None:
        return image
    return replace(image, file=target)


def _delivered_file(href: str | None, name: str) -> str | None:
    """``href`` beside the raw file, relative to the project root; None for a URL or a path leaving the project."""
    if not href or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", href) or href.startswith(("/", "\\")):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(name), href))
    return None if target.startswith("../") or target == ".." else target


def _picture_warnings(href: str | None, name: str) -> tuple[str, ...]:
    if href and _delivered_file(href, name) is None:
        return (f"the picture {href!r} is not a file delivered with the item; it is not fetched",)
    return ()


def real_time(when: datetime) -> datetime:
    """``when`` as a local time that exists, with a fixed UTC offset: as the store reads it back.

    A time in the hour skipped when clocks go forward becomes the instant it
    stands for (02:34 before a +01:00 -> +02:00 change is 03:34+02:00); a time
    in the repeated hour keeps the offset its fold says.
    """
    real = when.astimezone(timezone.utc).astimezone(when.tzinfo)
    return real.replace(tzinfo=timezone(real.utcoffset()))
