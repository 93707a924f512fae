"""Articles on disk: Markdown files with YAML front matter under ``content/articles``.

The store is the only module that reads or writes article files. Files written
by ingest carry an ``ingest_digest`` of their own text, so a later ingest can
tell whether a person has edited the file since (and then leaves it alone).
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path

import yaml

from ..core.atomic import write_atomic
from ..core.errors import NewsgenError
from ..core.slugs import is_safe_slug
from .model import Article, Correction, Image, Translation

# libyaml's safe loader parses front matter about ten times faster; same safety, same results.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TRANSLATION_STATUSES = ("machine", "reviewed", "human")
_DIGEST_LINE = re.compile(r"^ingest_digest: [0-9a-f]+\n", re.MULTILINE)
#: Characters a plain or single-quoted YAML scalar cannot carry unchanged: line breaks (YAML folds
#: them into spaces, NEL and U+2028/9 included), and what YAML does not allow in a file at all.
_NEEDS_ESCAPES = re.compile("[\n\r\x85\u2028\u2029\ufeff]|[^\t\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: Characters outside YAML's printable set: not allowed anywhere in a YAML stream, even in comments.
_NOT_IN_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, but a string that needs escapes is always double-quoted, the one style that has them."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if _NEEDS_ESCAPES.search(value) else None)


_Dumper.add_representer(str, _represent_str)

# Front-matter keys in the order they are written; the comment says what they hold.
FRONT_MATTER_KEYS = (
    "id",  # stable, language-neutral key shared by all language versions
    "lang",  # language of this version
    "title",
    "slug",  # URL segment of this version
    "category",  # category id from site.toml
    "agency",  # wire agency ("SDA", "Keystone-SDA", "AP")
    "published",  # ISO 8601 with UTC offset
    "status",  # "draft" keeps the version off the site; absent: published
    "publish_at",  # embargo: off the site (with its translations) until this time
    "updated",  # when the story was last updated after publication
    "corrections",  # [{time, note}]: correction notices, oldest first
    "dateline",  # place the story was filed from
    "byline",  # author named by the wire; never a person of the story
    "credits",  # trailing reporter/editor credits
    "summary",  # lead sentence
    "image",  # {caption, credit, agency, archive, file}
    "tags",  # canonical tag names
    "persons",  # canonical person names
    "roles",  # {person: role found in this story}
    "source_file",  # raw wire file this version came from
    "source_hash",  # sha256 of the raw text / of the translated source
    "source_version",  # the agency's version of the item (NewsML-G2): a lower one never replaces it
    "translation",  # {source_lang, status, provider, source_hash} on translations
    "ingest_digest",  # hash of this file as ingest (or translate) wrote it; edits change it
)
_REQUIRED = ("id", "lang", "title", "slug", "published")
#: Values of ``status``.
STATUSES = ("published", "draft")
_IMAGE_KEYS = ("caption", "credit", "agency", "archive", "file")
_TRANSLATION_KEYS = ("source_lang", "status", "provider", "source_hash")


@dataclass(frozen=True)
class StoredFile:
    """An article file's state on disk, as ingest needs to know it."""

    article: Article
    #: False when the text no longer matches the digest ingest wrote (a person edited it).
    untouched: bool


def article_path(articles_dir: Path, article: Article, stem_slug: str | None = None) -> Path:
    """Where a language version lives: ``YYYY/MM/<slug>.<lang>.md``.

    Translations pass the source version's slug as ``stem_slug`` so that every
    language version of a story sits side by side.
    """
    stem = stem_slug or article.slug
    if not is_safe_slug(stem):
        raise NewsgenError(f"unsafe slug {stem!r}", article.source_file)
    return articles_dir / f"{article.published:%Y}" / f"{article.published:%m}" / f"{stem}.{article.lang}.md"


def render_article(article: Article, with_digest: bool = False) -> str:
    """Serialise an article to front matter + Markdown (deterministic)."""
    meta = _front_matter(article)
    head = yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False)
    text = f"---\n{head}---\n\n{article.body.strip()}\n"
    if with_digest:
        text = text.replace("\n---\n\n", f"\ningest_digest: {_digest(text)}\n---\n\n", 1)
    return text


def save_article(path: Path, text: str) -> None:
    write_atomic(path, text)


def parse_scalar(text: str) -> str:
    """A one-line front-matter value as ``render_article`` writes it, unquoted ("'AP: it''s.txt'" -> "AP: it's.txt")."""
    if text[:1] not in ("'", '"'):
        return text
    try:
        return str(yaml.load(text, Loader=_SafeLoader))
    except yaml.YAMLError:
        return text


def check_round_trip(article: Article, text: str, name: str) -> None:
    """Raise NewsgenError unless ``text`` (``render_article``'s) loads back as exactly ``article``.

    Writers call this before saving, so that no file goes to disk that a build
    would refuse or read differently; the message names the first field that differs.
    """
    loaded = inspect_article(text.replace("\r\n", "\n").replace("\r", "\n"), name).article  # as read_text() reads it
    if loaded == article:
        return
    field = next((f.name for f in fields(Article) if f.compare and getattr(loaded, f.name) != getattr(article, f.name)), "?")
    raise NewsgenError(f"{field} cannot be stored unchanged ({getattr(article, field, None)!r} would read back as {getattr(loaded, field, None)!r})", name)


def load_article(path: Path, display_path: str | None = None) -> Article:
    """Parse one article file; raise NewsgenError naming file and line on any problem."""
    return inspect_article(path.read_text(encoding="utf-8"), display_path or str(path)).article


def inspect_article(text: str, name: str) -> StoredFile:
    """Parse article text and tell whether it is still exactly what ingest wrote."""
    meta, body = _split_front_matter(text, name)
    article = _article_from_meta(meta, body, name)
    recorded = meta.get("ingest_digest")
    untouched = bool(recorded) and _digest(_DIGEST_LINE.sub("", text, count=1)) == recorded
    return StoredFile(article, untouched)


def iter_article_files(articles_dir: Path) -> list[Path]:
    """All article files, sorted so every run sees them in the same order."""
    return [articles_dir.joinpath(*parts) for parts in article_file_parts(articles_dir)]


def article_file_parts(articles_dir: Path) -> list[tuple[str, ...]]:
    """Path segments, below ``articles_dir``, of every article file, in ``iter_article_files`` order.

    A scandir walk with plain strings: listing ten thousand files through
    ``Path.rglob`` cost a third of a second on every build. Linked folders are
    not entered; hidden files are skipped.
    """
    found: list[tuple[str, ...]] = []

    def scan(folder: str, parts: tuple[str, ...]) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    scan(entry.path, (*parts, entry.name))
                elif entry.name.endswith(".md") and not entry.name.startswith(".") and entry.is_file():
                    found.append((*parts, entry.name))

    if articles_dir.is_dir():
        scan(str(articles_dir), ())
    return sorted(found)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _front_matter(article: Article) -> dict:
    meta: dict = {
        "id": article.id,
        "lang": article.lang,
        "title": article.title,
        "slug": article.slug,
        "category": article.category,
        "agency": article.agency,
        "published": article.published.isoformat(),
        "status": None if article.status == "published" else article.status,
        "publish_at": article.publish_at.isoformat() if article.publish_at else None,
        "updated": article.updated.isoformat() if article.updated else None,
        "corrections": [{"time": c.time.isoformat(), "note": c.note} for c in article.corrections] or None,
        "dateline": article.dateline,
        "byline": article.byline,
        "credits": article.credits,
        "summary": article.summary,
    }
    if article.image:
        meta["image"] = {
            "caption": article.image.caption,
            "credit": article.image.credit,
            "agency": article.image.agency,
            "archive": article.image.archive,
        }
        if article.image.file:
            meta["image"]["file"] = article.image.file
    meta["tags"] = list(article.tags)
    meta["persons"] = list(article.persons)
    if article.roles:
        meta["roles"] = dict(article.roles)
    meta["source_file"] = article.source_file
    meta["source_hash"] = article.source_hash
    meta["source_version"] = article.source_version
    if article.translation:
        t = article.translation
        meta["translation"] = {"source_lang": t.source_lang, "status": t.status, "provider": t.provider, "source_hash": t.source_hash}
    return {k: v for k, v in meta.items() if v is not None}


def _split_front_matter(text: str, name: str) -> tuple[dict, str]:
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.startswith("---\n"):
        raise NewsgenError("missing front matter: the file must start with a '---' line", name, 1)
    end = text.find("\n---\n", 3)
    if end == -1:
        raise NewsgenError("front matter is not closed by a '---' line", name, 1)
    # YAML refuses some characters anywhere in a file (NUL, most controls); its reader reports them
    # by offset, libyaml's in bytes, so the line is found here.
    if bad := _NOT_IN_YAML.search(text, 4, end + 1):
        line = text.count("\n", 0, bad.start()) + 1
        raise NewsgenError(f"broken front matter: character U+{ord(bad.group()):04X} is not allowed in YAML; remove it", name, line)
    try:
        meta = yaml.load(text[4 : end + 1], Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for the '---' line, +1 for 1-based
        problem = getattr(exc, "problem", None) or str(exc)
        raise NewsgenError(f"broken front matter: {problem}", name, line) from None
    if not isinstance(meta, dict):
        raise NewsgenError("front matter must be a mapping of keys to values", name, 2)
    return meta, text[end + 5 :].strip() + "\n"


def _line_of(key: str, meta_keys: list[str]) -> int:
    # Top-level keys are one per line in files we write; good enough for hand edits too.
    return 2 + meta_keys.index(key) if key in meta_keys else 1


def _article_from_meta(meta: dict, body: str, name: str) -> Article:
    keys = list(meta)
    for key in keys:
        if key not in FRONT_MATTER_KEYS:
            hint = difflib.get_close_matches(str(key), FRONT_MATTER_KEYS, n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise NewsgenError(f"unknown front-matter key {key!r}{suggestion}", name, _line_of(key, keys))
    for key in _REQUIRED:
        if not meta.get(key):
            raise NewsgenError(f"front matter is missing {key!r}", name, 1)
    published = _parse_datetime(meta["published"], name, _line_of("published", keys))
    status = str(meta.get("status") or "published")
    if status not in STATUSES:
        raise NewsgenError(f"status: {status!r} is not one of {list(STATUSES)}", name, _line_of("status", keys))
    slug = str(meta["slug"])
    if not is_safe_slug(slug):
        raise NewsgenError(f"slug {slug!r} may only contain a-z, 0-9 and single hyphens", name, _line_of("slug", keys))
    return Article(
        id=str(meta["id"]),
        lang=str(meta["lang"]),
        title=str(meta["title"]),
        slug=slug,
        category=str(meta.get("category") or "uncategorised"),
        agency=str(meta.get("agency") or ""),
        published=published,
        body=body,
        summary=str(meta.get("summary") or ""),
        dateline=_optional_str(meta.get("dateline")),
        byline=_optional_str(meta.get("byline")),
        credits=_optional_str(meta.get("credits")),
        image=_parse_image(meta.get("image"), name, _line_of("image", keys)),
        tags=_string_list(meta.get("tags"), "tags", name, _line_of("tags", keys)),
        persons=_string_list(meta.get("persons"), "persons", name, _line_of("persons", keys)),
        roles=_parse_roles(meta.get("roles"), name, _line_of("roles", keys)),
        source_file=_optional_str(meta.get("source_file")),
        source_hash=_optional_str(meta.get("source_hash")),
        source_version=_parse_version(meta.get("source_version"), name, _line_of("source_version", keys)),
        translation=_parse_translation(meta.get("translation"), name, _line_of("translation", keys)),
        status=status,
        publish_at=_optional_datetime(meta.get("publish_at"), "publish_at", name, _line_of("publish_at", keys)),
        updated=_optional_datetime(meta.get("updated"), "updated", name, _line_of("updated", keys)),
        corrections=_parse_corrections(meta.get("corrections"), name, _line_of("corrections", keys)),
        path=name,
    )


def _parse_datetime(value, name: str, line: int, key: str = "published") -> datetime:
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value))
        except ValueError:
            raise NewsgenError(f"{key}: {value!r} is not an ISO 8601 date-time", name, line) from None
    if parsed.tzinfo is None:
        raise NewsgenError(f"{key}: {value!r} needs a UTC offset (e.g. +01:00)", name, line)
    return parsed


def _optional_datetime(value, key: str, name: str, line: int) -> datetime | None:
    return None if value is None or value == "" else _parse_datetime(value, name, line, key)


def _parse_corrections(value, name: str, line: int) -> tuple[Correction, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise NewsgenError("corrections: expected a list of {time, note}", name, line)
    corrections = []
    for index, entry in enumerate(value):
        if not isinstance(entry, dict) or set(entry) != {"time", "note"} or not str(entry.get("note") or "").strip():
            raise NewsgenError(f"corrections[{index}]: expected a mapping with a time and a note, nothing else", name, line)
        corrections.append(Correction(_parse_datetime(entry["time"], name, line, f"corrections[{index}].time"), str(entry["note"])))
    return tuple(sorted(corrections, key=lambda c: c.time))


def _parse_version(value, name: str, line: int) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise NewsgenError(f"source_version: {value!r} is not a whole number", name, line)
    return value


def _optional_str(value) -> str | None:
    return None if value is None or value == "" else str(value)


def _string_list(value, key: str, name: str, line: int) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise NewsgenError(f"{key}: expected a list of names", name, line)
    return tuple(value)


def _parse_image(value, name: str, line: int) -> Image | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not value.get("caption"):
        raise NewsgenError("image: expected a mapping with at least a caption", name, line)
    unknown = set(value) - set(_IMAGE_KEYS)
    if unknown:
        raise NewsgenError(f"image: unknown key(s) {sorted(unknown)}; allowed: {list(_IMAGE_KEYS)}", name, line)
    return Image(str(value["caption"]), _optional_str(value.get("credit")), _optional_str(value.get("agency")), bool(value.get("archive", False)), _optional_str(value.get("file")))


def _parse_roles(value, name: str, line: int) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise NewsgenError("roles: expected a mapping of person name to role", name, line)
    return tuple((str(k), str(v)) for k, v in value.items())


def _parse_translation(value, name: str, line: int) -> Translation | None:
    if value is None:
        return None
    if not isinstance(value, dict) or "source_lang" not in value:
        raise NewsgenError("translation: expected a mapping with source_lang and status", name, line)
    unknown = set(value) - set(_TRANSLATION_KEYS)
    if unknown:
        raise NewsgenError(f"translation: unknown key(s) {sorted(unknown)}; allowed: {list(_TRANSLATION_KEYS)}", name, line)
    status = value.get("status", "machine")
    if status not in TRANSLATION_STATUSES:
        raise NewsgenError(f"translation.status: {status!r} is not one of {list(TRANSLATION_STATUSES)}", name, line)
    return Translation(str(value["source_lang"]), status, _optional_str(value.get("provider")), _optional_str(value.get("source_hash")))
