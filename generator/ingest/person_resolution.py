"""Who each mention is: canonical names from the people registry and the story's own full names.

Kept apart from finding names in text: this resolves what was found (full
names, bare surnames, registry aliases) to one person each, skipping people
excluded from the story and names the registry blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..content.people_registry import PeopleRegistry
from .person_names import Span
from .person_roles import role_before
from .person_tokens import Token
from .person_word_classes import is_capitalised, is_common_word


@dataclass(frozen=True)
class Mention:
    """One place where the story names a person (in reading order)."""

    position: tuple[int, int]  # (text number, character offset)
    name: str
    role: str | None


def full_name_mentions(spans: Sequence[Sequence[Span]], registry: PeopleRegistry, excluded: frozenset[str]) -> Iterator[Mention]:
    canonical_by_key: dict[str, str] = {}
    for text_number, text_spans in enumerate(spans):
        for span in text_spans:
            if span.credit or _name_key(span) in excluded or span.name.casefold() in excluded or registry.is_blocked(span.name):
                continue
            person = registry.find(span.name) or registry.find(f"{span.first} {span.surname}")
            name = person.name if person else canonical_by_key.setdefault(_name_key(span), span.name)
            yield Mention((text_number, span.offset), name, span.role)


def _name_key(span: Span) -> str:
    """First name + surname, so "George W. Bush" and "George Bush" are one person."""
    return f"{span.first} {span.surname}".casefold()


def surname_mentions(
    texts: Sequence[str],
    tokens: Sequence[Sequence[Token]],
    spans: Sequence[Sequence[Span]],
    full: Sequence[Mention],
    lang: str,
    registry: PeopleRegistry,
    excluded: frozenset[str],
) -> list[Mention]:
    """Bare surnames ("Trump", "Trump's", "Trumps") and registry aliases, resolved to a full name."""
    surnames = _surname_index(spans, full)
    found: list[Mention] = []
    for text_number, (text, text_tokens, text_spans) in enumerate(zip(texts, tokens, spans, strict=True)):
        covered = {i for span in text_spans for i in range(span.start, span.end)}
        for index, token in enumerate(text_tokens):
            # "in May" is a month even in a story quoting Theresa May.
            if index in covered or token.kind != "word" or not is_capitalised(token.text) or is_common_word(token.text):
                continue
            name = _resolve_surname(token.text, (text_number, token.start), lang, surnames, registry)
            if name and name.casefold() not in excluded and not registry.is_blocked(name):
                found.append(Mention((text_number, token.start), name, role_before(text, text_tokens, index)))
        found += _registry_mentions(text_number, text, text_tokens, covered, registry)
    return found


def _surname_index(spans: Sequence[Sequence[Span]], full: Sequence[Mention]) -> dict[str, list[tuple[tuple[int, int], str]]]:
    """Surname -> where each full name with that surname was mentioned, in reading order."""
    by_position = {m.position: m.name for m in full}
    index: dict[str, list[tuple[tuple[int, int], str]]] = {}
    for text_number, text_spans in enumerate(spans):
        for span in text_spans:
            name = by_position.get((text_number, span.offset))
            if name:
                last = span.surname.split()[-1]
                index.setdefault(last, []).append(((text_number, span.offset), name))
    return index


def _resolve_surname(word: str, position: tuple[int, int], lang: str, surnames: dict, registry: PeopleRegistry) -> str | None:
    """The person a bare surname refers to: the latest full name before it, else the first after it."""
    # German marks the genitive of names with a bare -s ("Ruttes Vorgänger").
    keys = (word, word[:-1]) if lang.startswith("de") and word.endswith("s") else (word,)
    for key in keys:
        if key in surnames:
            earlier = [name for where, name in surnames[key] if where <= position]
            return earlier[-1] if earlier else surnames[key][0][1]
    for key in keys:
        if person := registry.find(key):
            return person.name
    return None


def _registry_mentions(text_number: int, text: str, tokens: Sequence[Token], covered: set[int], registry: PeopleRegistry) -> list[Mention]:
    """Registry names and multi-word aliases the rules cannot see ("Xi Jinping")."""
    pattern = _registry_pattern(registry)
    if pattern is None:
        return []
    starts = {token.start: index for index, token in enumerate(tokens)}
    found = []
    for match in pattern.finditer(text):
        index = starts.get(match.start())
        if index is None or index in covered or " " not in match.group(1):
            continue
        person = registry.find(match.group(1))
        if person and not registry.is_blocked(person.name):
            found.append(Mention((text_number, match.start()), person.name, role_before(text, tokens, index)))
    return found


@lru_cache(maxsize=8)
def _registry_pattern(registry: PeopleRegistry) -> re.Pattern | None:
    """One regex for every registry name and alias, longest first."""
    keys = sorted({key for person in registry.people for key in (person.name, *person.aliases)}, key=len, reverse=True)
    if not keys:
        return None
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(key) for key in keys) + r")(?=['’]s\b|s?(?!\w))(?!-\w)")
