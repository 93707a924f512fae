"""The data that flows between the pipeline stages.

Every stage takes and returns these frozen dataclasses; nothing else carries
article data around. Field order follows the front matter written by the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Image:
    """The lead picture of an article, as described by the wire."""

    caption: str
    #: Photographer or picture credit ("Alex Brandon/AP/dpa"), split off the caption.
    credit: str | None = None
    #: Agency that distributes the picture ("Keystone").
    agency: str | None = None
    #: True when the caption carried an "ARCHIVE -" / "ARCHIV -" marker.
    archive: bool = False
    #: The picture file, relative to the project root (delivered with a NewsML-G2 item, or named by hand).
    file: str | None = None


@dataclass(frozen=True)
class Block:
    """One block of article body: a paragraph, a subheading, or result rows (one per line)."""

    kind: str  # "paragraph", "heading" or "rows"
    text: str


@dataclass(frozen=True)
class WireStory:
    """What the ingest parser reads out of one raw wire file (pure text, no entities)."""

    title: str
    category: str | None
    agency: str | None
    #: Publication time, timezone-aware (the stated offset, else the feed's zone); None when the text has no date.
    published: datetime | None
    lang: str
    blocks: tuple[Block, ...]
    dateline: str | None = None
    byline: str | None = None
    #: Trailing reporter/editor credits ("Reporting by ...; Editing by ...").
    credits: str | None = None
    image: Image | None = None
    #: Human-readable notes about what the parser had to repair or drop.
    warnings: tuple[str, ...] = ()

    @property
    def subheadings(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind == "heading")

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind == "paragraph")

    @property
    def texts(self) -> tuple[str, ...]:
        """Every block's text in reading order (paragraphs, subheadings, result rows): what names people and topics."""
        return tuple(b.text for b in self.blocks)


@dataclass(frozen=True)
class Correction:
    """A correction notice on a story: when it was made and what was wrong."""

    time: datetime
    note: str


@dataclass(frozen=True)
class Translation:
    """Provenance of a language version that was made from another one."""

    #: Language of the version this one was translated from.
    source_lang: str
    #: "machine", "reviewed" or "human".
    status: str
    #: Translation provider for machine translations ("google", "libre", ...).
    provider: str | None = None
    #: ``source_hash`` of the source version when this translation was made.
    source_hash: str | None = None


@dataclass(frozen=True)
class Article:
    """One language version of one news story, as stored in ``content/articles``."""

    #: Stable, language-neutral key shared by every language version.
    id: str
    lang: str
    title: str
    #: URL slug for this language version (safe: ``[a-z0-9-]+``).
    slug: str
    category: str
    agency: str
    published: datetime
    #: Markdown body.
    body: str
    summary: str
    dateline: str | None = None
    byline: str | None = None
    credits: str | None = None
    image: Image | None = None
    #: Canonical tag names (see ``content/tags.yaml``).
    tags: tuple[str, ...] = ()
    #: Canonical person names (see ``content/people.yaml``).
    persons: tuple[str, ...] = ()
    #: Role found next to a person in this story ("Nato Secretary General").
    roles: tuple[tuple[str, str], ...] = ()
    #: Raw file this version was ingested from, relative to the project root.
    source_file: str | None = None
    #: Hash of the raw text (for ingested versions) or of the source version.
    source_hash: str | None = None
    #: The agency's version of the item (NewsML-G2 ``version``): a lower one never replaces this.
    source_version: int | None = None
    #: Set on versions that are translations of another language version.
    translation: Translation | None = None
    #: "published" or "draft": a draft is on no page, feed or sitemap (``newsgen serve --drafts`` shows it).
    status: str = "published"
    #: Embargo: the version (and its translations) stays off the site until this time.
    publish_at: datetime | None = None
    #: When the story was last updated, if it was after publication.
    updated: datetime | None = None
    #: Correction notices, oldest first.
    corrections: tuple[Correction, ...] = ()
    #: Where the article was loaded from; not part of the front matter.
    path: str | None = field(default=None, compare=False)

    @property
    def modified(self) -> datetime:
        """The last change readers were told about: publication, update or correction."""
        times = [self.published, *((self.updated,) if self.updated else ()), *(c.time for c in self.corrections)]
        return max(times) if len(times) > 1 else self.published
