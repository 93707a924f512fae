"""What is on the site at a given time: drafts and embargoed stories are held back.

A version is held while it is a draft (``status: draft``) or its
``publish_at`` lies ahead, and a translation is held while the version it was
translated from is: an embargo is the story's, not one language's. Held
versions are taken out before anything is modelled, so no page, listing,
count, feed, sitemap or search index can show them. The time is
``--now``, else ``SOURCE_DATE_EPOCH`` (reproducible builds), else the clock.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone

from ..core.errors import ConfigError
from .model import Article


@dataclass(frozen=True)
class Held:
    """A version kept off the site, and why."""

    id: str
    lang: str
    title: str
    path: str | None
    #: "draft" or "embargo".
    reason: str
    #: When an embargoed version goes live; None for a draft (it waits for a person).
    until: datetime | None

    def as_record(self) -> tuple:
        """The fields as JSON can keep them (``last-build.json``)."""
        return (self.id, self.lang, self.title, self.path, self.reason, self.until.isoformat() if self.until else None)

    @classmethod
    def from_record(cls, record: tuple) -> Held:
        article_id, lang, title, path, reason, until = record
        return cls(article_id, lang, title, path, reason, datetime.fromisoformat(until) if until else None)

    def describe(self) -> str:
        when = f"until {self.until.isoformat()}" if self.until else "until its status is no longer draft"
        return f"{self.reason}: {self.title} ({self.lang}, {self.path or self.id}) held {when}"


def build_time(option: str | None = None, environ: Mapping[str, str] = os.environ) -> datetime:
    """The time a build publishes at: ``--now`` (ISO 8601), else ``SOURCE_DATE_EPOCH``, else the clock."""
    if option:
        try:
            when = datetime.fromisoformat(option)
        except ValueError:
            raise ConfigError([f"--now: {option!r} is not an ISO 8601 date-time (e.g. 2026-12-08T06:00+01:00)"]) from None
        if when.tzinfo is None:
            raise ConfigError([f"--now: {option!r} needs a UTC offset (e.g. +01:00)"])
        return when
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise ConfigError([f"SOURCE_DATE_EPOCH: {epoch!r} is not a number of seconds since 1970"])
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc)


def release(articles: Iterable[Article], now: datetime, *, preview: bool = False) -> tuple[list[Article], list[Held]]:
    """The versions on the site at ``now`` and the ones held back; with ``preview`` every version
    is on the site and the held ones are still listed (to be marked)."""
    articles = list(articles)
    by_key = {(a.id, a.lang): a for a in articles}
    holds: dict[tuple[str, str], tuple[str, datetime | None] | None] = {}

    def hold_of(article: Article, seen: frozenset = frozenset()) -> tuple[str, datetime | None] | None:
        key = (article.id, article.lang)
        if key in holds:
            return holds[key]
        reasons = []
        if article.status == "draft":
            reasons.append(("draft", None))
        if article.publish_at is not None and article.publish_at > now:
            reasons.append(("embargo", article.publish_at))
        source = by_key.get((article.id, article.translation.source_lang)) if article.translation else None
        if source is not None and key not in seen and (inherited := hold_of(source, seen | {key})):
            reasons.append(inherited)
        # A draft waits for a person whatever its time; of two embargoes the later one counts.
        found = next((r for r in reasons if r[0] == "draft"), None) or max(reasons, key=lambda r: r[1], default=None)
        holds[key] = found
        return found

    released, held = [], []
    for article in articles:
        found = hold_of(article)
        if found is None or preview:
            released.append(article)
        if found is not None:
            held.append(Held(article.id, article.lang, article.title, article.path, found[0], found[1]))
    return released, held


def last_release(released: Iterable[Article], now: datetime) -> datetime | None:
    """The latest embargo among the versions on the site: a build at an earlier time would hold it again."""
    return max((a.publish_at for a in released if a.publish_at is not None and a.publish_at <= now), default=None)


def next_release(held: Iterable[Held]) -> datetime | None:
    """The earliest time an embargoed version goes live: a build after it has something to publish."""
    return min((h.until for h in held if h.until is not None), default=None)


def is_held(article: Article, now: datetime) -> bool:
    """Whether a version is held by its own front matter (a translation also by its source: see ``release``)."""
    return article.status == "draft" or (article.publish_at is not None and article.publish_at > now)
