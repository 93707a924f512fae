"""What one word can be: a known first name, a name part, a role, an organisation, a place, a common word.

Kept apart from the name rules: these are cached tests of single words against
the word lists, the first-name dictionary and CLDR, and change with them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from babel import Locale

from .person_lexicon import (
    COMMON_NOUNS,
    NOT_FIRST_NAMES,
    NOUN_SUFFIXES,
    ORGANISATION_SUFFIXES,
    ORGANISATION_WORDS,
    PLACE_PREFIXES,
    ROLE_PREFIX_MARKERS,
    ROLE_SUFFIX_MARKERS,
    ROLE_SUFFIXES,
    ROLE_WORDS,
    STOP_WORDS,
)

_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az)-(?=[A-Z])")
_SITE_LANGUAGES = ("en", "de", "fr", "it")


@lru_cache(maxsize=1)
def _first_name_dictionary():
    """The gender-guesser dictionary, loaded once on first use (it takes ~0.3 s)."""
    from gender_guesser.detector import Detector

    return Detector(case_sensitive=False)


@lru_cache(maxsize=65536)
def _is_known_first_name(word: str) -> bool:
    """True when the dictionary knows ``word`` (or each part of "Jean-Luc") as a first name."""
    detector = _first_name_dictionary()
    # German copy writes Cyrillic В as W ("Wolodymyr"); the dictionary has "Volodymyr".
    spellings = {word, _fold_accents(word), "V" + word[1:] if word.startswith("W") else word}
    if any(detector.get_gender(spelling) != "unknown" for spelling in spellings):
        return True
    parts = word.split("-")
    return len(parts) > 1 and all(_is_known_first_name(part) for part in parts)


@lru_cache(maxsize=1)
def _demonyms() -> frozenset[str]:
    """English adjectives of country names ("Georgian", "German", "Haitian"), derived from CLDR."""
    words: set[str] = set()
    for name in Locale("en").territories.values():
        words.update((name + "an", name + "ian", name + "ese"))
        if name.endswith("a"):
            words.add(name + "n")
        if name.endswith("y"):
            words.update((name[:-1], name[:-1] + "ian"))
    return frozenset(word.casefold() for word in words if " " not in word)


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """One-word country names in the site languages ("Chile", "Schweiz"), from CLDR."""
    return frozenset(
        name.casefold()
        for lang in _SITE_LANGUAGES
        for code, name in Locale(lang).territories.items()
        if len(code) == 2 and " " not in name
    )


@lru_cache(maxsize=1)
def _calendar_words() -> frozenset[str]:
    """Month and weekday names in the site languages, from CLDR."""
    words: set[str] = set()
    for lang in _SITE_LANGUAGES:
        locale = Locale(lang)
        for context in ("format", "stand-alone"):
            words.update(name.casefold() for name in locale.months[context]["wide"].values())
            words.update(name.casefold() for name in locale.days[context]["wide"].values())
    return frozenset(words)


def _fold_accents(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii")


def is_capitalised(word: str) -> bool:
    """Starts upper case and is not an all-caps acronym ("Rutte", "al-Sisi", not "NATO")."""
    word = _ARABIC_ARTICLE.sub("", word)
    return len(word) > 1 and word[0].isupper() and not word.replace("-", "").isupper()


def is_acronym(word: str) -> bool:
    return len(word) > 1 and word.replace("-", "").isupper()


@lru_cache(maxsize=65536)
def is_role_word(word: str) -> bool:
    """"President", "spokeswoman", "President-elect", "SP-Bundesrätin", "Finanzministerin"."""
    lower = word.casefold()
    for marker in ROLE_SUFFIX_MARKERS:
        lower = lower.removesuffix(marker)
    for marker in ROLE_PREFIX_MARKERS:
        lower = lower.removeprefix(marker)
    if lower in ROLE_WORDS:
        return True
    if "-" in lower and (lower.rsplit("-", 1)[1] in ROLE_WORDS or is_role_word(lower.rsplit("-", 1)[1])):
        return True
    return any(lower.endswith(suffix) and len(lower) >= len(suffix) + 3 for suffix in ROLE_SUFFIXES)


@lru_cache(maxsize=65536)
def is_organisation_word(word: str) -> bool:
    """A word that makes the capitalised sequence around it an institution or a place."""
    parts = word.casefold().split("-")
    if any(part in ORGANISATION_WORDS or part in PLACE_PREFIXES for part in parts):
        return True
    return any(parts[-1].endswith(suffix) and len(parts[-1]) > len(suffix) + 2 for suffix in ORGANISATION_SUFFIXES)


@lru_cache(maxsize=65536)
def is_common_word(word: str) -> bool:
    """Function words, months, weekdays and frequent nouns: never part of a name."""
    lower = word.casefold()
    if lower in STOP_WORDS or lower in _calendar_words() or lower in COMMON_NOUNS:
        return True
    return len(lower) >= 6 and lower.endswith(NOUN_SUFFIXES)


@lru_cache(maxsize=65536)
def can_start_name(word: str) -> bool:
    """A capitalised known first name that is not also a common word, title or institution."""
    return (
        is_capitalised(word)
        and word.casefold() not in NOT_FIRST_NAMES
        and not is_common_word(word)
        and word.casefold() not in _demonyms()
        and not is_role_word(word)
        and not is_organisation_word(word)
        and _is_known_first_name(word)
    )


@lru_cache(maxsize=65536)
def can_continue_name(word: str) -> bool:
    """A capitalised word that can be a middle name or surname.

    Country names are no surnames ("Santiago de Chile") unless they are also
    first names, which keeps "Thomas Jordan" and "Israel Katz".
    """
    return (
        is_capitalised(word)
        and not is_common_word(word)
        and word.casefold() not in _demonyms()
        and not is_role_word(word)
        and not is_organisation_word(word)
        and (word.casefold() not in country_names() or _is_known_first_name(word))
    )


@lru_cache(maxsize=4096)
def is_place_name(name: str) -> bool:
    """Multi-word country and territory names ("Hong Kong", "Costa Rica", "Sri Lanka"), from CLDR."""
    return name.casefold() in _multiword_places()


@lru_cache(maxsize=1)
def _multiword_places() -> frozenset[str]:
    places: set[str] = set()
    for lang in _SITE_LANGUAGES:
        for name in Locale(lang).territories.values():
            words = name.split()
            if len(words) > 1:
                places.update(" ".join(words[:n]).casefold() for n in range(2, len(words) + 1))
    return frozenset(places)
