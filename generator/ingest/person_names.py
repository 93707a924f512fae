"""Full names in running text: a first name, then something that looks like a surname.

Kept apart from the story-level work (registry, bare surnames, headline): this
is where a run of capitalised words is accepted or turned down as one person,
with the evidence around it (a title, "said", a nation in brackets, a credit).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .person_lexicon import (
    ALL_PARTICLES,
    ARTICLES,
    BYLINE_BEFORE,
    CREDIT_AFTER,
    CREDIT_BEFORE,
    IRREGULAR_DEMONYMS,
    KNOWN_ORGANISATIONS,
    NOT_FIRST_NAMES,
    PARTICLES,
    PLACE_PREFIXES,
    QUANTITY_WORDS,
    ROLE_ARTICLES,
    ROLE_CONNECTORS,
    SECOND_PARTICLES,
    SPEECH_VERBS,
    STOP_WORDS,
    SURNAME_JOINERS,
    SURNAME_WORDS,
)
from .person_roles import role_before
from .person_tokens import Token, tokenize
from .person_word_classes import (
    can_continue_name,
    can_start_name,
    country_names,
    is_capitalised,
    is_common_word,
    is_organisation_word,
    is_place_name,
    is_role_word,
)

_MAX_NAME_WORDS = 5  # a name is scanned at most 3x this many tokens: a long capitalised run cost its length squared


@dataclass(frozen=True)
class Span:
    """A stretch of tokens naming one person, with what the text says around it."""

    start: int  # first token index
    end: int  # one past the last token index
    offset: int  # character offset of the first token
    name: str
    first: str
    surname: str
    role: str | None
    credit: bool


def find_full_names(text: str, tokens: Sequence[Token], max_words: int = _MAX_NAME_WORDS) -> list[Span]:
    """Every "first name + surname" in the text, left to right, not overlapping."""
    spans: list[Span] = []
    index = 0
    while index < len(tokens):
        span = _full_name_at(text, tokens, index, max_words)
        if span:
            spans.append(span)
            index = span.end
        else:
            index += 1
    return spans


def _full_name_at(text: str, tokens: Sequence[Token], start: int, max_words: int) -> Span | None:
    token = tokens[start]
    if token.kind != "word" or token.possessive:
        return None
    known = can_start_name(token.text)
    if not known and (not _can_start_cued_name(token.text) or _completes_role(tokens, start) or _titles_a_known_name(tokens, start)):
        return None
    if start and _opens_place_or_quantity(tokens, start):
        return None
    end = _name_end(tokens, start, title_case=max_words > _MAX_NAME_WORDS)
    words = [t for t in tokens[start:end] if t.kind == "word" and t.text.casefold() not in ALL_PARTICLES]
    if len(words) < 2 or len(words) > max_words:
        return None
    following = tokens[end] if end < len(tokens) and tokens[end].joined and not tokens[end - 1].possessive else None
    if _named_after(tokens, start, end):
        return None  # "Max Planck Institute", "Billie Jean King Cup", "Zentrum Paul Klee", "Flughafen Nikola Tesla"
    if is_place_name(text[token.start:tokens[end - 1].end]):
        return None  # "Hong Kong", "Costa Rica"
    if following and _is_place_adjective_before_noun(words[-1].text, following):
        return None  # "Mark Schweizer Franken": German place adjectives end in -er and precede nouns
    if len(words) > 2 and _ends_role(tokens, start):
        return None  # "ministro degli Esteri Antonio Tajani": the first word is the role's
    name_end = tokens[end - 1].end
    if KNOWN_ORGANISATIONS.search(text[token.start:name_end + 12]):
        return None
    role = role_before(text, tokens, start) or _role_after(text, tokens, end)
    if not known and not (role or _said_next_to(tokens, start, end) or _nation_after(tokens, end) or _scored(tokens, start, end)):
        return None  # a first name the dictionary lacks needs the text to say it is a person
    return Span(
        start=start,
        end=end,
        offset=token.start,
        name=text[token.start:name_end],
        first=token.text,
        surname=text[surname_start(tokens, start, end):name_end],
        role=role,
        credit=_is_credit(text, token.start, name_end),
    )


def _named_after(tokens: Sequence[Token], start: int, end: int) -> bool:
    """A name inside an institution's or a place's name: an organisation word right before or shortly after it."""
    before = tokens[start - 1] if start and tokens[start].joined else None
    if before is not None and before.kind == "word" and is_capitalised(before.text) and is_organisation_word(before.text):
        return True
    index = end
    while index < len(tokens) and index - end < 3 and tokens[index].joined and tokens[index].kind == "word" and not tokens[index - 1].possessive:
        word = tokens[index].text
        if is_organisation_word(word):
            return True
        if not is_capitalised(word):
            return False
        index += 1
    return False


#: Endings of nouns for trades, titles and origins ("Kantonsförster", "Glaziologe", "Ehemann", "Valaisanne", "Ticinesi").
_TITLE_NOUN_ENDINGS = ("ese", "esi", "anne", "ienne", "aise", "oise", "ais", "ois", "er", "erin", "loge", "login", "ent", "entin", "or", "orin", "ist", "istin", "mann", "frau", "eur", "euse", "ant", "antin", "at", "atin", "ar", "arin")


def _titles_a_known_name(tokens: Sequence[Token], start: int) -> bool:
    """"Kantonsförster Reto Gantenbein": an unknown word ending like a trade, before a known first name."""
    following = tokens[start + 1] if start + 1 < len(tokens) else None
    return (
        following is not None
        and following.joined
        and following.kind == "word"
        and can_start_name(following.text)
        and tokens[start].text.casefold().endswith(_TITLE_NOUN_ENDINGS)
    )


def _scored(tokens: Sequence[Token], start: int, end: int) -> bool:
    """"(Bukayo Saka 14., Kai Havertz 70.)": a name in a list, followed by a minute or a result."""
    after = tokens[end] if end < len(tokens) else None
    before = tokens[start - 1] if start else None
    in_list = before is not None and (before.text in "(,;:" or (before.kind == "number" and before.text.endswith(".")))
    return in_list and after is not None and after.kind == "number" and after.joined


def _completes_role(tokens: Sequence[Token], start: int) -> bool:
    """"Secretary of the Treasury Janet Yellen": "Treasury" ends the role, it opens no name."""
    index = start - 1
    while index >= 0 and start - index <= 3 and tokens[index].kind == "word" and tokens[index].text.casefold() in ROLE_CONNECTORS | ROLE_ARTICLES:
        index -= 1
    return index < start - 1 and index >= 0 and tokens[index].kind == "word" and is_role_word(tokens[index].text)


@lru_cache(maxsize=65536)
def _can_start_cued_name(word: str) -> bool:
    """A capitalised word that may open a name the dictionary lacks ("Narendra", "Prabowo", "Nguyen")."""
    lower = word.casefold()
    return (
        can_continue_name(word)
        and lower not in NOT_FIRST_NAMES
        and lower not in IRREGULAR_DEMONYMS
        and lower not in country_names()
        and lower not in PLACE_PREFIXES
        and "-" not in lower.lstrip("-")[:1]
    )


def _said_next_to(tokens: Sequence[Token], start: int, end: int) -> bool:
    """"Abiy Ahmed said", "said Abiy Ahmed": a verb of saying right beside the name."""
    after = tokens[end] if end < len(tokens) else None
    if after is not None and after.kind == "word" and after.joined and after.text.casefold() in SPEECH_VERBS:
        return True
    before = tokens[start - 1] if start else None
    return before is not None and before.kind == "word" and tokens[start].joined and before.text.casefold() in SPEECH_VERBS


def _nation_after(tokens: Sequence[Token], end: int) -> bool:
    """"Iga Swiatek (POL)", "Iga Swiatek (Poland)": an athlete with a nation in brackets."""
    if end + 2 >= len(tokens) or tokens[end].text != "(" or tokens[end + 2].text != ")":
        return False
    nation = tokens[end + 1].text
    return (len(nation) == 3 and nation.isupper()) or nation.casefold() in country_names()


def _is_place_adjective_before_noun(surname: str, following: Token) -> bool:
    return surname.endswith("er") and following.kind == "word" and is_capitalised(following.text) and is_common_word(following.text)


def _ends_role(tokens: Sequence[Token], start: int) -> bool:
    """True when the word at ``start`` completes a role ("Secretary of State", "ministro degli Esteri")."""
    if start < 2 or not tokens[start].joined or not tokens[start - 1].joined:
        return False
    connector, role = tokens[start - 1], tokens[start - 2]
    return connector.text.casefold() in ROLE_CONNECTORS and role.kind == "word" and is_role_word(role.text)


def _opens_place_or_quantity(tokens: Sequence[Token], start: int) -> bool:
    """"St. Moritz", "San Salvador", "100 Mark": the first name is not a person's ("1. Marco Odermatt" is a rank)."""
    before = tokens[start - 1]
    quantity = before.kind == "number" and before.text[-1].isdigit()  # "23.," and "1." are minutes and ranks
    if tokens[start].joined and (quantity or before.text.casefold() in QUANTITY_WORDS):
        return True
    if before.kind == "other" and before.text == "." and start >= 2:
        before = tokens[start - 2]
    return before.kind == "word" and is_capitalised(before.text) and before.text.casefold() in PLACE_PREFIXES


def _name_end(tokens: Sequence[Token], start: int, title_case: bool = False) -> int:
    """One past the last token of the name starting at ``start``.

    In running text a capitalised function word inside a name is part of it
    ("Kim Jong Un", "Nguyen Van An"); in a Title Case headline it is not.
    """
    end = start + 1
    index = start + 1
    after_particle = False
    previous_is_first_name = True
    while index < min(len(tokens), start + 3 * _MAX_NAME_WORDS) and tokens[index].joined and not tokens[index - 1].possessive:
        token = tokens[index]
        if token.kind == "initial":
            index += 1
            continue
        if previous_is_first_name or after_particle:
            if _is_particle(tokens, index, after_particle):
                after_particle = True
                index += 1
                continue
        elif _double_surname_follows(tokens, index):
            index += 1  # "Fernández de Córdoba", "Aguirre de la Torre", "Fontcuberta i Morral"
            after_particle = True
            continue
        if token.kind == "word" and _is_surname_word(tokens, index):
            return index + 1
        if not title_case and token.kind == "word" and _is_foreign_name_part(token.text):
            index += 1
            end = index
            previous_is_first_name = after_particle = False
            continue
        if token.kind != "word" or not can_continue_name(token.text):
            break
        index += 1
        end = index
        after_particle = False
        previous_is_first_name = can_start_name(token.text)
    return end


def _is_particle(tokens: Sequence[Token], index: int, after_particle: bool) -> bool:
    token = tokens[index]
    if token.kind != "word" or not token.joined or token.possessive:
        return False
    lower = token.text.casefold()
    return lower in PARTICLES or (after_particle and lower in SECOND_PARTICLES)


def _double_surname_follows(tokens: Sequence[Token], index: int) -> bool:
    """A joiner ("de", "de la", "i") between a surname and another capitalised surname."""
    token = tokens[index]
    if token.kind != "word" or token.text not in SURNAME_JOINERS:
        return False
    following = index + 1
    if following < len(tokens) and tokens[following].text in ("la", "las", "los"):
        following += 1
    if following >= len(tokens) or not tokens[following].joined or tokens[following].kind != "word":
        return False
    word = tokens[following].text
    return can_continue_name(word) and word.casefold() not in country_names() and not is_place_name(word)


def _is_foreign_name_part(word: str) -> bool:
    """A short capitalised word that is a function word elsewhere but a name part here ("Un", "Van", "An")."""
    return 2 <= len(word) <= 3 and word[0].isupper() and word[1:].islower() and word.casefold() in STOP_WORDS


def _is_surname_word(tokens: Sequence[Token], index: int) -> bool:
    """"May" in "Theresa May said", but not "King" in "Georgia King Charles"."""
    token = tokens[index]
    if not is_capitalised(token.text) or token.text.casefold() not in SURNAME_WORDS:
        return False
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return following is None or token.possessive or not (following.joined and following.kind in ("word", "initial") and is_capitalised(following.text))


def surname_start(tokens: Sequence[Token], start: int, end: int) -> int:
    """Where the surname begins: the last word, with any particles before it ("von der Leyen")."""
    index = end - 1
    while index - 1 > start and tokens[index - 1].kind == "word" and tokens[index - 1].text.casefold() in ALL_PARTICLES:
        index -= 1
    return tokens[index].start


def _is_credit(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40):start]
    return bool(CREDIT_BEFORE.search(before) or BYLINE_BEFORE.match(text[:start]) or CREDIT_AFTER.match(text[end:end + 3]))


#: Punctuation that closes an apposition ("Anna Meier, a spokeswoman for the police, said").
_APPOSITION_END = frozenset(",.;:)–—")
_MAX_APPOSITION_WORDS = 8


def _role_after(text: str, tokens: Sequence[Token], name_end: int) -> str | None:
    """An apposition: "Anna Meier, a spokeswoman for the police, said" -> "spokeswoman for the police"."""
    if name_end >= len(tokens) or tokens[name_end].text != "," or tokens[name_end - 1].possessive:
        return None
    first = name_end + 1
    if first < len(tokens) and tokens[first].text.casefold() in ARTICLES:
        first += 1
    last = first
    while last < len(tokens) and tokens[last].kind != "other" and last - first < _MAX_APPOSITION_WORDS:
        last += 1
    closed = last == len(tokens) or tokens[last].text in _APPOSITION_END
    words = tokens[first:last]
    if not words or not closed or not any(is_role_word(t.text) for t in words[:3]):
        return None
    role = text[words[0].start:words[-1].end]
    if find_full_names(role, tokenize(role)):
        return None  # a list of people ("Mark Rutte, President Joe Biden and ..."), not an apposition
    return role
