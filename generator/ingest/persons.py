"""Find the people a story is about or quotes, with the role it gives them.

Rules, not a model: a new person is a known first name (the offline dictionary
of the ``gender-guesser`` package) followed by something that looks like a
surname; the editors' registry (``content/people.yaml``) adds people whose
first names the dictionary lacks and aliases such as a bare surname. Titles in
front of a name ("Nato Secretary General Mark Rutte") are split off and kept
as the role. A bare surname counts only once the story has named that person
in full, or when the registry knows it.

This module reads a story as a whole (body, headline, exclusions); the
``person_*`` modules beside it hold the word lists, tokens, word tests, name
and role rules, results tables and resolution to canonical names.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from ..content.people_registry import PeopleRegistry
from .person_names import Span, find_full_names, surname_start
from .person_resolution import Mention, full_name_mentions, surname_mentions
from .person_tables import outside_tables, table_mentions
from .person_tokens import Token, tokenize


@dataclass(frozen=True)
class PersonMention:
    """A person of the story: canonical name and the role the story gives them."""

    name: str
    role: str | None = None


def extract_persons(
    title: str,
    paragraphs: Sequence[str],
    lang: str,
    registry: PeopleRegistry,
    exclude: Collection[str] = (),
) -> list[PersonMention]:
    """The people a story is about or quotes, in order of first mention, without duplicates.

    ``exclude`` names people who are not part of the story (photographers,
    bylines, editors). The headline often names people by surname only and is
    often in Title Case, so the body is read first and a name in the headline
    counts only when the body or the registry confirms it.
    """
    texts = [*paragraphs, title]
    tokens = [tokenize(text) for text in texts]
    excluded = _excluded_keys(exclude)
    spans = [outside_tables(text, find_full_names(text, toks)) for text, toks in zip(paragraphs, tokens[:-1], strict=True)]
    title_spans = find_full_names(title, tokens[-1], max_words=len(tokens[-1]))
    spans.append(_confirmed_title_names(title, tokens[-1], title_spans, paragraphs))
    mentions = list(full_name_mentions(spans, registry, excluded))
    mentions += table_mentions(texts, registry, excluded)
    mentions += surname_mentions(texts, tokens, spans, mentions, lang, registry, excluded)
    return _first_mentions(mentions)


def _confirmed_title_names(title: str, tokens: Sequence[Token], spans: Sequence[Span], body: Sequence[str]) -> list[Span]:
    """Headline names the body confirms; headlines are often in Title Case ("Rutte Meets Trump In Florida")."""
    body_text = " ".join(body)
    confirmed = []
    for span in spans:
        shorter = [_shortened(title, tokens, span, end) for end in range(span.end, span.start + 1, -1) if tokens[end - 1].kind == "word"]
        in_full = [c for c in shorter if _has_words(body_text, c.name)]
        by_surname = [c for c in reversed(shorter) if _has_words(body_text, c.surname)]
        if found := (in_full or by_surname):
            confirmed.append(found[0])
    return confirmed


def _shortened(text: str, tokens: Sequence[Token], span: Span, end: int) -> Span:
    name_end = tokens[end - 1].end
    surname = text[surname_start(tokens, span.start, end):name_end]
    return replace(span, end=end, name=text[span.offset:name_end], surname=surname)


def _has_words(text: str, words: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text) is not None


def _first_mentions(mentions: Sequence[Mention]) -> list[PersonMention]:
    """One PersonMention per person, in reading order, with the first role the story gives."""
    roles: dict[str, str | None] = {}
    for mention in sorted(mentions, key=lambda m: m.position):
        if roles.get(mention.name) is None:
            roles[mention.name] = mention.role  # a key set again keeps its first place
    return [PersonMention(name, role) for name, role in roles.items()]


def _excluded_keys(exclude: Collection[str]) -> frozenset[str]:
    """Names from credit strings ("Alex Brandon/AP/dpa", "By Anna Meier and Tom Lee"), casefolded."""
    keys: set[str] = set()
    for text in exclude:
        for part in re.split(r"[/;,()|]|\s+(?:and|und|et|e)\s+", text):
            part = re.sub(r"^\s*(?:by|von|par|di|photo:|foto:|bild:)\s+", "", part.strip(), flags=re.I).strip()
            words = part.split()
            if words:
                keys.add(" ".join(words).casefold())
                keys.add(f"{words[0]} {words[-1]}".casefold())
    return frozenset(keys)
