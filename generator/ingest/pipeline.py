"""The ingest stage: raw wire files in, article Markdown files out.

``read_raw`` and ``analyse_raw`` are pure (bytes in, data out); they pick
the reader by content: NewsML-G2 XML, an IPTC 7901 / ANPA 1312 message, else
wire text. ``ingest_files`` adds the disk: it finds what was ingested before,
writes new or changed stories atomically, and never overwrites a file a person
has edited since ingest. An agency item (NewsML-G2) is one story across its
versions: a later version replaces it, an earlier one is ignored, a canceled
one moves every language version to ``content/withdrawn/``.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from ..config.settings import SiteConfig
from ..content.model import Article, Block, Image, WireStory
from ..content.store import (
    article_path,
    check_round_trip,
    inspect_article,
    iter_article_files,
    parse_scalar,
    render_article,
    save_article,
)
from ..content.vocabulary import Vocabularies, load_vocabularies
from ..core.atomic import write_atomic
from ..core.errors import NewsgenError, Report
from ..core.slugs import slugify
from .dates import date_in_name
from .iptc7901 import looks_like_iptc7901, parse_iptc7901
from .newsml import AgencyItem, looks_like_newsml, parse_newsml
from .persons import extract_persons
from .rawtext import decode_raw, strip_bidi
from .tags import extract_tags
from .wire import first_sentence, parse_wire

_INDEX_FIELD = re.compile(r"^(id|source_file|source_hash|source_version|translation):[ ]*(.*)$", re.MULTILINE)
#: Where withdrawn stories go (outside content/articles, so no build publishes them).
WITHDRAWN_DIR = "withdrawn"
WITHDRAWAL_RECORD = "withdrawal.json"


@dataclass(frozen=True)
class IngestResult:
    """What happened to one raw file."""

    source: str
    #: "new", "updated", "unchanged", "kept-edit" (a person edited the article), "failed",
    #: "withdrawn" (the agency canceled the item) or "superseded" (a later version is in).
    status: str
    path: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class _Existing:
    """An article file that an earlier ingest wrote for a raw file."""

    path: Path
    id: str
    source_hash: str
    source_version: int | None = None


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
    return raw.story, story_to_article(raw.story, name, source_hash(data), config, vocab, article_id or _item_article_id(raw.item), raw.item)


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


def _item_article_id(item: AgencyItem | None) -> str | None:
    """An agency item's article id: from its guid, so every version is the same story."""
    return hashlib.sha256(f"guid\n{item.guid}".encode("utf-8")).hexdigest()[:12] if item else None


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


def story_to_article(
    story: WireStory, name: str, raw_hash: str, config: SiteConfig, vocab: Vocabularies, article_id: str | None = None, item: AgencyItem | None = None
) -> Article:
    """Turn a parsed story into an Article with persons, tags, id and slug."""
    paragraphs, texts = story.paragraphs, story.texts
    mentions = extract_persons(story.title, texts, story.lang, vocab.people, exclude=_non_story_names(story))
    # Persons and tags are identities (pages, slugs): an invisible bidi control would make a second one.
    persons = tuple(dict.fromkeys(strip_bidi(m.name) for m in mentions))
    tags = tuple(dict.fromkeys(strip_bidi(tag) for tag in extract_tags(story.title, texts, story.lang, vocab.tags, person_names=persons)))
    slug = slugify(story.title)
    if not slug:
        raise NewsgenError(f"headline {story.title!r} gives no usable URL slug; give the story a headline with letters or digits", name, 1)
    return Article(
        id=article_id or stable_id(story),
        lang=story.lang,
        title=story.title,
        slug=slug,
        category=category_id(config, story.category),
        agency=story.agency or "unknown",
        published=story.published,
        body=blocks_to_markdown(story.blocks),
        summary=first_sentence(paragraphs[0] if paragraphs else texts[0]),
        dateline=story.dateline,
        byline=story.byline,
        credits=story.credits,
        image=story.image,
        tags=tags,
        persons=persons,
        roles=tuple(dict((strip_bidi(m.name), m.role) for m in mentions if m.role).items()),
        source_file=name,
        source_hash=raw_hash,
        source_version=item.version if item else None,
    )


def ingest_files(
    config: SiteConfig,
    files: Iterable[Path],
    report: Report,
    lang: str | None = None,
    force: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
    given_date: datetime | None = None,
) -> list[IngestResult]:
    """Ingest raw files into content/articles; problems go to ``report``, other files go on.

    ``given_date`` is the date of stories that carry none (``ingest --date``).
    """
    files = list(files)
    if not files:
        return []  # the common case in `build`: no need to read the registries and every article's head
    vocab = load_vocabularies(config.content_dir)
    existing = index_existing(config.articles_dir)
    results = []
    for done, path in enumerate(files, 1):
        name = display_name(path, config.root)
        try:
            results.append(_ingest_one(config, vocab, path, name, existing, lang, force, given_date))
        except NewsgenError as exc:
            report.errors.append(exc if exc.file else NewsgenError(exc.message, name, exc.line))
            results.append(IngestResult(name, "failed", message=str(exc)))
        except OSError as exc:
            report.error(f"cannot read or write: {exc.strerror or exc}", name)
            results.append(IngestResult(name, "failed", message=str(exc)))
        except Exception as exc:  # noqa: BLE001 - a reader bug must not stop the other files
            report.error(f"could not be read ({type(exc).__name__}: {exc}); please report this file", name)
            results.append(IngestResult(name, "failed", message=str(exc)))
        if on_progress:
            on_progress(done, len(files))
    return results


def _ingest_one(
    config: SiteConfig, vocab: Vocabularies, path: Path, name: str, existing: dict[str, _Existing], lang: str | None, force: bool, given_date: datetime | None
) -> IngestResult:
    """Ingest one raw file; ``existing`` (by source file) is kept up to date for the files after it."""
    before = existing.get(name)
    data = path.read_bytes()
    # A picture dropped beside the raw file (or taken away) changes the story as much as its text does.
    photo = _photo_beside(path, (before.path.name.split(".", 1)[0],) if before else ())
    if before and before.source_hash == source_hash(data, photo) and not force:
        return IngestResult(name, "unchanged", display_name(before.path, config.root))
    raw = read_raw(data, name, config, lang, file_hints(path, config.tz, given_date))
    if raw.item is not None:
        before = next((e for e in existing.values() if e.id == _item_article_id(raw.item)), None)
        if settled := _settled_by_later_version(config, raw.item, before, name):
            return settled
        if raw.item.withdrawn:
            return _withdraw(config, raw.item, name, existing)
    if raw.story is None:
        raise NewsgenError(f"agency item {raw.item.guid} carries no story", name, 1)
    story = raw.story
    if not (story.image and story.image.file):
        photo = photo or _photo_beside(path, (slugify(story.title),))
        story = _with_photo(story, photo, config)
    article = story_to_article(story, name, source_hash(data, photo), config, vocab, before.id if before else _item_article_id(raw.item), raw.item)
    if before and not inspect_article(before.path.read_text(encoding="utf-8"), str(before.path)).untouched:
        return IngestResult(name, "kept-edit", display_name(before.path, config.root), "the article was edited after ingest; the new raw version was not applied")
    target = _free_path(config.articles_dir, article, before.path if before else None)
    text = render_article(article, with_digest=True)
    check_storable(article, text, config, name)
    if before and before.path == target and target.read_text(encoding="utf-8") == text:
        return IngestResult(name, "unchanged", display_name(target, config.root))
    save_article(target, text)
    if before and before.path != target:
        before.path.unlink(missing_ok=True)  # the headline changed, so did the file name
    if before:
        existing.pop(next(key for key, value in existing.items() if value is before), None)
    existing[name] = _Existing(target, article.id, article.source_hash or "", article.source_version)
    return IngestResult(name, "updated" if before else "new", display_name(target, config.root), "; ".join(story.warnings) or None)


#: Picture files ingest takes from beside a raw file: ``<raw name>.<ext>`` or ``<slug>.<ext>``.
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


def _photo_beside(raw_path: Path, slugs: Sequence[str]) -> Path | None:
    """A picture delivered beside a raw file: named like it, or like the story's slug."""
    for stem in (raw_path.stem, *slugs):
        for suffix in PHOTO_SUFFIXES:
            candidate = raw_path.with_name(stem + suffix)
            if candidate.is_file():
                return candidate
    return None


def _with_photo(story: WireStory, photo: Path | None, config: SiteConfig) -> WireStory:
    """The story with ``photo`` as its picture file; a picture without a caption is described by the headline."""
    if photo is None:
        return story
    image = story.image or Image(caption=story.title)
    return replace(story, image=replace(image, file=display_name(photo, config.root)))


def _settled_by_later_version(config: SiteConfig, item: AgencyItem, current: _Existing | None, name: str) -> IngestResult | None:
    """A result when this version of the item is not newer than what was ingested or withdrawn before."""
    withdrawn = _withdrawal_version(config, _item_article_id(item))
    known = max((v for v in (current.source_version if current else None, withdrawn) if v is not None), default=None)
    if known is None or item.version > known:
        return None
    if withdrawn is not None and withdrawn >= item.version and current is None:
        if item.withdrawn and item.version == withdrawn:
            return IngestResult(name, "unchanged", None)  # the withdrawal itself, read again
        return IngestResult(name, "superseded", None, f"agency item {item.guid} was withdrawn at version {withdrawn}; version {item.version} is not published")
    where = display_name(current.path, config.root) if current else None
    if item.version == known:
        return IngestResult(name, "unchanged", where, f"version {item.version} of agency item {item.guid} is already in")
    return IngestResult(name, "superseded", where, f"version {item.version} of agency item {item.guid} is older than version {known}, which is in")


def _withdraw(config: SiteConfig, item: AgencyItem, name: str, existing: dict[str, _Existing]) -> IngestResult:
    """Move every language version of a canceled item to content/withdrawn/<id>/ and remember the version."""
    article_id = _item_article_id(item)
    folder = config.content_dir / WITHDRAWN_DIR / article_id
    moved = []
    for path in iter_article_files(config.articles_dir):
        head = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        if parse_scalar(dict(_INDEX_FIELD.findall(head)).get("id", "")) == article_id:
            folder.mkdir(parents=True, exist_ok=True)
            os.replace(path, folder / path.name)
            moved.append(path.name)
    write_atomic(folder / WITHDRAWAL_RECORD, json.dumps({"guid": item.guid, "version": item.version, "status": item.status, "source_file": name, "moved": moved}, indent=2) + "\n")
    for key in [key for key, value in existing.items() if value.id == article_id]:
        del existing[key]
    what = f"{len(moved)} language version(s) moved to {display_name(folder, config.root)}" if moved else "nothing of it was published"
    return IngestResult(name, "withdrawn", None, f"agency item {item.guid} version {item.version} is {item.status}: {what}")


def _withdrawal_version(config: SiteConfig, article_id: str | None) -> int | None:
    record = config.content_dir / WITHDRAWN_DIR / (article_id or "") / WITHDRAWAL_RECORD
    try:
        return int(json.loads(record.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def check_storable(article: Article, text: str, config: SiteConfig, name: str) -> None:
    """Raise NewsgenError unless a build will load ``text`` as ``article`` and accept it: ingest never writes a file the build refuses."""
    if article.lang not in config.language_codes:
        raise NewsgenError(
            f"the story is in {article.lang!r}, which site.toml does not publish (languages {list(config.language_codes)}); "
            "add the language there, or ingest the file with --lang",
            name,
        )
    check_round_trip(article, text, name)


def _free_path(articles_dir: Path, article: Article, own_path: Path | None) -> Path:
    """The article's path, made unique if another story already owns that slug."""
    target = article_path(articles_dir, article)
    if target.exists() and target != own_path:
        target = article_path(articles_dir, article, f"{article.slug}-{article.id[:6]}")
    return target


def index_existing(articles_dir: Path) -> dict[str, _Existing]:
    """Map source_file -> the article ingest wrote for it (front matter read by pattern, for speed)."""
    index: dict[str, _Existing] = {}
    for path in iter_article_files(articles_dir):
        head = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        fields = {key: parse_scalar(value) for key, value in _INDEX_FIELD.findall(head)}
        if "source_file" in fields and "translation" not in fields:
            version = fields.get("source_version", "")
            index[fields["source_file"]] = _Existing(path, fields.get("id", ""), fields.get("source_hash", ""), int(version) if version.isdigit() else None)
    return index


def source_hash(data: bytes, photo: Path | None = None) -> str:
    """The raw text's hash; with a picture delivered beside it, of the text and the picture's name."""
    if photo is not None:
        data = data + b"\0photo:" + photo.name.encode("utf-8")
    return "sha256:" + hashlib.sha256(data).hexdigest()


def stable_id(story: WireStory) -> str:
    """A language-neutral key from publication time and headline: same story, same id."""
    key = f"{story.published.isoformat()}\n{story.title}".encode("utf-8")
    return hashlib.sha256(key).hexdigest()[:12]


def display_name(path: Path, root: Path) -> str:
    """A path as shown to users and stored in front matter: relative to the project root."""
    try:
        return Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


def category_names(config: SiteConfig) -> list[str]:
    return [name for category in config.categories for name in (*category.labels.values(), *category.aliases)]


def category_id(config: SiteConfig, name: str | None) -> str:
    """The vocabulary id for a category label or alias; unknown ones get a slug id."""
    if not name:
        return config.default_category or "uncategorised"
    for category in config.categories:
        if name in category.labels.values() or name in category.aliases or name.lower() == category.id:
            return category.id
    return slugify(name) or "uncategorised"


def _non_story_names(story: WireStory) -> tuple[str, ...]:
    """Photographers, bylines and editors: named in the copy, never persons of the story."""
    names: list[str] = []
    if story.image and story.image.credit:
        names += [part.strip() for part in re.split(r"[/,;]| and ", story.image.credit)]
    if story.byline:
        names += [part.strip() for part in re.split(r",| and | und | et ", story.byline)]
    if story.credits:
        names += re.findall(r"\b(?:by|writers?|reporters?)\s+((?:[A-ZÀ-Þ][\w'’.-]+\s?){2,4})", story.credits)
    return tuple(name.strip() for name in names if name.strip())


# ------------------------------------------------------------------ markdown

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
#: "<" that Markdown would take for the start of a tag: in wire text it is a character ("<script>" quoted in an item).
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_RANK_START = re.compile(r"^(\d+)[.)] ")
_BLOCK_START = re.compile(r"^(#|>|[-+*] |\d+[.)] |=+$|-+$)")


def blocks_to_markdown(blocks: Sequence[Block]) -> str:
    """Body blocks as Markdown; wire text is escaped so it can never become markup."""
    parts = []
    for block in blocks:
        if block.kind == "heading":
            parts.append(f"## {_escape_inline(block.text)}")
        elif block.kind == "rows":  # one row per line: Markdown's hard break is two trailing spaces
            parts.append("  \n".join(_escape_line(row) for row in block.text.split("\n")))
        else:
            parts.append(_escape_line(block.text))
    return "\n\n".join(parts) + "\n"


def _escape_inline(text: str) -> str:
    return _TAG_START.sub("&lt;", _INLINE_SPECIAL.sub(r"\\\1", text))


def _escape_line(text: str) -> str:
    """Wire text as literal Markdown: no emphasis, link, list or heading can start in it."""
    text = _escape_inline(text)
    if ranked := _RANK_START.match(text):  # "1. Marco Odermatt": "\1." is no escape, "1\." is
        return f"{ranked[1]}\\{text[len(ranked[1]):]}"
    return "\\" + text if _BLOCK_START.match(text) else text


def json_record(story: WireStory, article: Article, name: str, config: SiteConfig) -> dict:
    """The stable machine-readable view of one ingested file (``ingest --json``)."""
    label = next((c.label(article.lang) for c in config.categories if c.id == article.category), story.category)
    image = story.image
    return {
        "file": name,
        "id": article.id,
        "title": story.title,
        "slug": article.slug,
        "category": label,
        "category_id": article.category,
        "agency": article.agency,
        "published": article.published.isoformat(),
        "lang": article.lang,
        "dateline": story.dateline,
        "byline": story.byline,
        "credits": story.credits,
        "summary": article.summary,
        "persons": list(article.persons),
        "roles": dict(article.roles),
        "tags": list(article.tags),
        "caption": image.caption if image else None,
        "photo_credit": image.credit if image else None,
        "image_agency": image.agency if image else None,
        "image_archive": image.archive if image else False,
        "subheadings": list(story.subheadings),
        "body": article.body,
        "warnings": list(story.warnings),
    }
