"""The ingest stage: raw wire files in, article Markdown files out.

``ingest_files`` reads each raw file (``rawstory``), builds its article
(``articles``) and adds the disk: it finds what was ingested before,
writes new or changed stories atomically, and never overwrites a file a person
has edited since ingest. An agency item (NewsML-G2) is one story across its
versions: a later version replaces it, an earlier one is ignored, a canceled
one moves every language version to ``content/withdrawn/``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from ..config.settings import SiteConfig
from ..content.model import Article, Image, WireStory
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
from .articles import item_article_id, source_hash, story_to_article
from .newsml import AgencyItem
from .rawstory import file_hints, read_raw

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
        before = next((e for e in existing.values() if e.id == item_article_id(raw.item)), None)
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
    article = story_to_article(story, name, source_hash(data, photo), config, vocab, before.id if before else item_article_id(raw.item), raw.item)
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
    withdrawn = _withdrawal_version(config, item_article_id(item))
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
    article_id = item_article_id(item)
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


def display_name(path: Path, root: Path) -> str:
    """A path as shown to users and stored in front matter: relative to the project root."""
    try:
        return Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()
