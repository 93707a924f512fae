"""Language editions: their codes, native names and the URL segments each names in its own language.

Separate from ``settings.py`` because what a language edition is (its Babel
locale, its default segments) changes with the languages the site supports, not
with the shape of ``site.toml``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from babel import Locale, UnknownLocaleError

from ..core.slugs import is_safe_slug

#: Kinds of URL segment an edition names in its own language.
SEGMENT_KINDS = ("tags", "persons", "categories", "archive", "page", "search")
DEFAULT_SEGMENTS = {
    "en": {"tags": "tags", "persons": "people", "categories": "category", "archive": "archive", "page": "page", "search": "search"},
    "de": {"tags": "themen", "persons": "personen", "categories": "rubrik", "archive": "archiv", "page": "seite", "search": "suche"},
    "fr": {"tags": "themes", "persons": "personnes", "categories": "rubrique", "archive": "archives", "page": "page", "search": "recherche"},
    "it": {"tags": "temi", "persons": "persone", "categories": "rubrica", "archive": "archivio", "page": "pagina", "search": "cerca"},
}


@dataclass(frozen=True)
class Language:
    """One language edition of the site."""

    code: str  # BCP 47 code as used in URLs: "en", "de", "de-ch"
    #: Name of the language in itself ("Deutsch"), for the language switcher.
    name: str
    #: Site title shown in this edition.
    title: str
    #: URL segment per kind ("persons" -> "personen"), see SEGMENT_KINDS.
    segments: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_SEGMENTS["en"]))

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.code.replace("-", "_"))


def build_languages(codes: list[str], overrides: dict, title: str) -> tuple[Language, ...]:
    """The editions of the checked ``languages`` codes, with their ``[language.<code>]`` tables applied."""
    return tuple(
        Language(
            code=code,
            name=overrides.get(code, {}).get("name") or _native_name(code),
            title=overrides.get(code, {}).get("title") or title,
            segments=_segments(code, overrides.get(code, {}).get("segments", {})),
        )
        for code in codes
    )


def _segments(code: str, overrides: dict) -> dict[str, str]:
    defaults = DEFAULT_SEGMENTS.get(code.split("-")[0], DEFAULT_SEGMENTS["en"])
    return {kind: overrides.get(kind, defaults[kind]) for kind in SEGMENT_KINDS}


def check_segments(segments, code: str, problems: list[str]) -> None:
    where = f"language.{code}.segments"
    if not isinstance(segments, dict):
        return
    for kind, value in segments.items():
        if kind not in SEGMENT_KINDS:
            hint = difflib.get_close_matches(kind, SEGMENT_KINDS, n=1)
            problems.append(f"{where}.{kind}: unknown segment" + (f" (did you mean {hint[0]!r}?)" if hint else f"; known: {list(SEGMENT_KINDS)}"))
        elif not isinstance(value, str) or not is_safe_slug(value):
            problems.append(f"{where}.{kind}: {value!r} must be a URL segment of a-z, 0-9 and single hyphens")
    merged = _segments(code, {k: v for k, v in segments.items() if k in SEGMENT_KINDS})
    if len(set(merged.values())) < len(merged):
        problems.append(f"{where}: two kinds share one segment {sorted(merged.values())}")


def is_known_locale(code: str) -> bool:
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def _native_name(code: str) -> str:
    locale = Locale.parse(code.replace("-", "_"))
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]
