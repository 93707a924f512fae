"""URL slugs: ASCII, lowercase, hyphenated, and never able to leave their folder."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# German spelling rules differ from plain accent stripping (Zürich -> zuerich).
_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
MAX_SLUG_LENGTH = 80


@lru_cache(maxsize=65536)  # tag and person names repeat across thousands of articles
def slugify(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """Return ``[a-z0-9-]`` only (possibly empty); cut at a word boundary."""
    # Apostrophes join rather than split words: "Ukraine's" -> "ukraines".
    decomposed = unicodedata.normalize("NFKD", re.sub(r"['’`´]", "", text).translate(_TRANSLITERATION))
    # Accents drop off their letters; any other non-ASCII character ("–") separates words.
    ascii_text = "".join(ch if ch.isascii() else "" if unicodedata.combining(ch) else "-" for ch in decomposed).lower()
    slug = _NOT_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


def is_safe_slug(slug: str) -> bool:
    """True for slugs that are a single harmless path segment."""
    return bool(slug) and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug) is not None
