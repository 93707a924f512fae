"""Which language versions are missing, stale or up to date (pure; no network).

A story's *source* is its version that is not itself a translation. Every
other language version made from it records the source's hash
(``translation.source_hash``) when it was made; a different hash now means the
source changed since.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..content.model import Article

MISSING = "missing"  # no version in the language: translate
OUTDATED = "outdated"  # machine translation of an older source: refresh
EDITED = "edited"  # machine translation edited by hand, source changed since: kept, reported
STALE = "stale"  # reviewed/human translation of an older source: kept, reported
UNKNOWN = "unknown"  # reviewed/human translation that records no source_hash: kept, reported
CURRENT = "current"  # made from the source as it is now

#: States that `newsgen translate` acts on.
TO_TRANSLATE = (MISSING, OUTDATED)
#: States reported as stale: the version exists but may not match its source any more.
NEEDS_ATTENTION = (OUTDATED, EDITED, STALE, UNKNOWN)


@dataclass(frozen=True)
class StoredArticle:
    """An article file as the translate stage needs to know it."""

    article: Article
    #: Where it is on disk.
    path: Path
    #: ``sha256:<hex>`` of the file's bytes; the ``source_hash`` translations record.
    hash: str
    #: False when a person edited the file after newsgen wrote it.
    untouched: bool


@dataclass(frozen=True)
class Version:
    """One story in one target language, and what state its version is in."""

    source: StoredArticle
    lang: str
    state: str
    #: The existing version in ``lang``, if any.
    existing: StoredArticle | None = None


def content_hash(data: bytes) -> str:
    """The hash a translation records of its source file."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def plan_versions(stored: Iterable[StoredArticle], targets: Iterable[str], language_order: tuple[str, ...]) -> list[Version]:
    """Every (source, target language) pair with its state, sorted by source path and language."""
    by_id: dict[str, dict[str, StoredArticle]] = defaultdict(dict)
    for item in stored:
        by_id[item.article.id].setdefault(item.article.lang, item)
    versions = []
    for versions_of_story in by_id.values():
        source = choose_source(versions_of_story, language_order)
        if source is None:
            continue
        for lang in targets:
            if lang != source.article.lang:
                versions.append(_version(source, lang, versions_of_story.get(lang)))
    return sorted(versions, key=lambda v: (str(v.source.path), language_order.index(v.lang) if v.lang in language_order else len(language_order), v.lang))


def choose_source(versions: dict[str, StoredArticle], language_order: tuple[str, ...]) -> StoredArticle | None:
    """The version translations are made from: an original, in site language order."""
    originals = [item for item in versions.values() if item.article.translation is None]
    rank = {code: index for index, code in enumerate(language_order)}
    originals.sort(key=lambda item: (rank.get(item.article.lang, len(rank)), item.article.lang))
    return originals[0] if originals else None


def _version(source: StoredArticle, lang: str, existing: StoredArticle | None) -> Version:
    if existing is None:
        return Version(source, lang, MISSING)
    translation = existing.article.translation
    if translation is None:
        # Another original (ingested in that language): not ours to translate.
        return Version(source, lang, CURRENT, existing)
    if translation.source_hash == source.hash:
        return Version(source, lang, CURRENT, existing)
    if translation.status == "machine":
        return Version(source, lang, OUTDATED if existing.untouched else EDITED, existing)
    return Version(source, lang, STALE if translation.source_hash else UNKNOWN, existing)
