"""Athletes in results tables: "ODERMATT Marco SUI 1:45.32" rows, surname in capitals first.

Kept apart because table rows follow their own layout, not running text: the
name is rebuilt from capitals in the spelling the story uses elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..content.people_registry import PeopleRegistry
from .person_lexicon import ALL_PARTICLES, ORGANISATION_WORDS
from .person_names import Span
from .person_resolution import Mention
from .person_word_classes import is_common_word


def outside_tables(text: str, spans: list[Span]) -> list[Span]:
    """Spans that are not part of a "SURNAME Given" table name ("FORFANG Johann André" is no "Johann André")."""
    tables = [(start, end) for start, end, _, _ in _table_names(text)]
    return [span for span in spans if not any(start <= span.offset < end for start, end in tables)] if tables else spans


#: Words of a results-table row: "ODERMATT Marco SUI 1:45.32", "ŻYŁA Piotr POL", "VAN DER POEL Mathieu".
_ROW_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\S+")


def table_mentions(texts: Sequence[str], registry: PeopleRegistry, excluded: frozenset[str]) -> list[Mention]:
    """Athletes in "SURNAME Given NAT" rows, under the spelling the story uses elsewhere if it does."""
    found = []
    for text_number, text in enumerate(texts):
        for offset, _end, surname_words, given_words in _table_names(text):
            surname = " ".join(w.lower() if w.casefold() in ALL_PARTICLES else _capitalise_caps(w) for w in surname_words)
            given = " ".join(given_words)
            name = _spelling_in(texts, f"{given} {surname}", f"{surname} {given}")
            if name.casefold() in excluded or registry.is_blocked(name):
                continue
            person = registry.find(name)
            found.append(Mention((text_number, offset), person.name if person else name, None))
    return found


def _table_names(text: str) -> Iterator[tuple[int, int, list[str], list[str]]]:
    """(start, end, surname words, given words) of each "SURNAME Given" followed by a code, a number or the line end."""
    for line_start, line in _lines_with_offsets(text):
        words = list(_ROW_WORD.finditer(line))
        index = 0
        while index < len(words):
            caps_end = index
            while caps_end < len(words) and _is_caps_name_word(words[caps_end].group()):
                caps_end += 1
            given_end = caps_end
            while given_end < len(words) and given_end - caps_end < 2 and _is_given_name_word(words[given_end].group()):
                given_end += 1
            closes = given_end == len(words) or _closes_table_name(words[given_end].group())
            if caps_end > index and given_end > caps_end and caps_end - index <= 3 and closes:
                surname = [w.group() for w in words[index:caps_end]]
                if not any(w.casefold() in ORGANISATION_WORDS for w in surname) and not is_common_word(words[caps_end].group()):
                    start, end = line_start + words[index].start(), line_start + words[given_end - 1].end()
                    yield start, end, surname, [w.group() for w in words[caps_end:given_end]]
                index = given_end
            else:
                index = max(caps_end, index + 1)


def _lines_with_offsets(text: str) -> Iterator[tuple[int, str]]:
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


def _is_caps_name_word(word: str) -> bool:
    letters = word.replace("-", "").replace("'", "").replace("’", "")
    return len(letters) >= 2 and letters.isalpha() and word.isupper()


def _is_given_name_word(word: str) -> bool:
    return len(word) >= 2 and word[0].isupper() and word[1:].replace("-", "").replace("'", "").islower() and word.replace("-", "").replace("'", "").isalpha()


def _closes_table_name(word: str) -> bool:
    """A nation code ("SUI", "(NOR)"), a number, a time or a gap marker ends a table name."""
    bare = word.strip("()")
    return (len(bare) == 3 and bare.isupper() and bare.isalpha()) or word[:1].isdigit() or word[:1] in "+-(/"


def _capitalise_caps(word: str) -> str:
    """"ODERMATT" -> "Odermatt", "GUT-BEHRAMI" -> "Gut-Behrami", "O'BRIEN" -> "O'Brien"."""
    return re.sub(r"[^\W\d_]+", lambda part: part[0][0].upper() + part[0][1:].lower(), word)


def _spelling_in(texts: Sequence[str], name: str, family_first: str) -> str:
    """The story's own spelling of a name rebuilt from capitals ("McAllister", not "Mcallister"; "Kim Min-jae")."""
    for candidate in (name, family_first):
        pattern = re.compile(rf"(?<![\w-]){re.escape(candidate)}(?![\w-])", re.I)
        for text in texts:
            for match in pattern.finditer(text):
                if not any(len(word) > 1 and word.isupper() for word in re.split(r"[\s-]+", match.group())):
                    return match.group()
    return name
