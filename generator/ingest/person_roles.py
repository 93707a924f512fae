"""The role a story gives a person in front of the name ("Nato Secretary General Mark Rutte").

Kept apart from name finding: a role is read right to left from where a name
starts, with its own grammar of role words, modifiers and connectors ("of").
"""

from __future__ import annotations

from collections.abc import Sequence

from .person_lexicon import (
    NATIONALITY_ADJECTIVE,
    ROLE_ARTICLES,
    ROLE_CONNECTORS,
    ROLE_MODIFIERS,
    STOP_WORDS,
)
from .person_tokens import Token
from .person_word_classes import (
    is_acronym,
    is_capitalised,
    is_common_word,
    is_role_word,
)

_MAX_ROLE_WORDS = 6


def role_before(text: str, tokens: Sequence[Token], name_start: int) -> str | None:
    """The title right in front of a name: "Nato Secretary General", "US Secretary of State"."""
    segments = _role_segments(tokens, name_start)
    # Words left of a connector belong to the role only up to its last role word:
    # "Secretary of State", but not "Bern for Federal Councillor".
    with_role = [number for number, segment in enumerate(segments) if any(kind == "role" for _, kind in segment)]
    if not segments or not segments[0] or not with_role:
        return None
    first = segments[with_role[-1]][-1][0]
    return text[tokens[first].start:tokens[name_start - 1].end]


def _role_segments(tokens: Sequence[Token], name_start: int) -> list[list[tuple[int, str]]]:
    """Role words and modifiers right to left from the name, split where a connector ("of") stands."""
    segments: list[list[tuple[int, str]]] = [[]]
    index = name_start - 1
    while index >= 0 and tokens[index + 1].joined and name_start - index <= _MAX_ROLE_WORDS:
        kind = _role_part(tokens, index, any(k == "role" for segment in segments for _, k in segment))
        if kind is None:
            break
        if kind == "connector":
            if segments[-1]:
                segments.append([])
        else:
            segments[-1].append((index, kind))
        index -= 1
    return [segment for segment in segments if segment] if segments[0] else []


def _role_part(tokens: Sequence[Token], index: int, has_role: bool) -> str | None:
    """What a token is within a role: "role", "modifier", "connector" or None (not part of it)."""
    token = tokens[index]
    if token.kind != "word" or token.possessive:
        return None
    word, lower = token.text, token.text.casefold()
    if is_role_word(word):
        return "role"
    if index > 0 and token.joined and _joins_role(lower, tokens[index - 1]):
        return "connector"
    if lower in STOP_WORDS:
        return None
    if is_acronym(word) or (is_capitalised(word) and not is_common_word(word)):
        return "modifier"
    if lower in ROLE_MODIFIERS or (not has_role and NATIONALITY_ADJECTIVE.match(lower) and index + 1 < len(tokens)):
        return "modifier"
    return None


def _joins_role(lower: str, before: Token) -> bool:
    """True for "of" in "Secretary of State", and "la" in "président de la Confédération"."""
    if before.kind != "word":
        return False
    if lower in ROLE_CONNECTORS:
        return is_role_word(before.text) or is_capitalised(before.text)
    return lower in ROLE_ARTICLES and before.text.casefold() in ROLE_CONNECTORS
