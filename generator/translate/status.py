"""How versions' states are told to people: ``translate --status`` and the warnings about stale versions.

Separate from the run: it reads the files alone (no network) and only words
the states that :mod:`.plan` decides.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..config.settings import SiteConfig
from ..core.errors import Report
from .plan import (
    CURRENT,
    EDITED,
    MISSING,
    NEEDS_ATTENTION,
    OUTDATED,
    STALE,
    UNKNOWN,
    Version,
    plan_versions,
)
from .stored_articles import display_path, load_stored_articles


def translation_status(config: SiteConfig, targets: Iterable[str], report: Report) -> list[Version]:
    """Every version's state, from the files alone (no network)."""
    return plan_versions(load_stored_articles(config, report), tuple(targets), config.language_codes)


def stale_message(version: Version) -> str:
    """Why an existing version is kept although it may not match its source."""
    status = version.existing.article.translation.status
    now = version.source.hash
    if version.state == UNKNOWN:
        return f"{status} translation records no translation.source_hash, so whether it matches its source is unknown; after checking it, set source_hash: {now}"
    if version.state == EDITED:
        return "machine translation was edited by hand and its source has changed since; it is kept: set translation.status to reviewed, or delete the file to translate it again"
    return f"{status} translation is stale: its source changed since it was translated; update it, then set translation.source_hash: {now}"


def format_status(versions: list[Version], config: SiteConfig) -> str:
    """``translate --status``: per language, what is missing, stale and up to date."""
    lines = []
    by_lang: dict[str, list[Version]] = defaultdict(list)
    for version in versions:
        by_lang[version.lang].append(version)
    for lang in [code for code in config.language_codes if code in by_lang]:
        group = by_lang[lang]
        missing = [v for v in group if v.state == MISSING]
        stale = [v for v in group if v.state in NEEDS_ATTENTION]
        current = [v for v in group if v.state == CURRENT]
        lines.append(f"{lang}: {len(missing)} missing, {len(stale)} stale, {len(current)} up to date")
        for version in missing:
            lines.append(f"  missing     {display_path(version.source.path, config.root)}")
        for version in stale:
            lines.append(f"  stale       {display_path(version.existing.path, config.root)} ({_stale_reason(version)})")
        for version in current:
            lines.append(f"  up to date  {display_path(version.existing.path, config.root)}")
    return "\n".join(lines)


def _stale_reason(version: Version) -> str:
    status = version.existing.article.translation.status
    return {
        OUTDATED: "machine, source changed: `newsgen translate` refreshes it",
        EDITED: "machine, edited by hand, source changed: kept",
        STALE: f"{status}, source changed: kept, source now {version.source.hash}",
        UNKNOWN: f"{status}, no source_hash recorded: kept, source now {version.source.hash}",
    }[version.state]
