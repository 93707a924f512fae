"""Wire text as tokens (words, initials, numbers, punctuation) for person recognition.

Kept apart because every rule reads tokens, not characters: abbreviation dots,
French/Italian elisions and possessive 's are settled once, here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"(?P<abbreviation>\b(?:Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Adm|Cmdr|Maj|Prof|Dr|Mr|Mrs|Ms|Mme|Mlle|St|Ste|Sr|Jr)\.)"
    r"|(?P<initial>(?<![^\W\d_])[A-ZÀ-Þ]\.)(?=\s)"
    r"|(?P<word>[^\W\d_]+(?:['’\-][^\W\d_]+)*)"
    r"|(?P<number>\d[\d'’.,]*)"
    r"|(?P<other>\S)"
)
_ELISION = re.compile(r"^(?:[a-z]|qu|dell|dall|nell|sull|all|coll|un)['’](?=[A-ZÀ-Þ])")
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class Token:
    """One word, initial, number or punctuation mark of a text."""

    #: The word without possessive 's or abbreviation dot ("Trump", "Sen").
    text: str
    start: int
    #: End of the token in the text, abbreviation dot included.
    end: int
    kind: str  # "word", "initial", "number" or "other"
    #: Only whitespace separates this token from the one before it.
    joined: bool
    #: The word carried a possessive "'s" (stripped from ``text``).
    possessive: bool = False


def tokenize(text: str) -> list[Token]:
    """Split text into tokens, dropping French/Italian elisions ("d'Emmanuel") and possessive 's."""
    tokens: list[Token] = []
    previous_end = None
    for found in _TOKEN.finditer(text):
        kind, start, word = found.lastgroup or "other", found.start(), found.group()
        joined = previous_end is not None and previous_end < start and text[previous_end:start].isspace()
        possessive = False
        if kind == "abbreviation":  # "Sen.", "St.": the dot belongs to the word, not to a sentence end
            kind, word = "word", word[:-1]
        elif kind == "word":
            if elision := _ELISION.match(word):
                start, word, joined = start + elision.end(), word[elision.end():], False
            if _POSSESSIVE.search(word) and len(word) > 3:
                word, possessive = word[:-2], True
        end = found.end() if not possessive else start + len(word)
        tokens.append(Token(word, start, end, kind, joined, possessive))
        # Nothing continues a name across a possessive: "Trump's Rubio pick".
        previous_end = None if possessive else found.end()
    return tokens
