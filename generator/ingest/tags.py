"""Tag a story with the organisations, places and topics of the vocabulary it mentions.

Every name, alias and label of every tag is compiled into one regular
expression per vocabulary (shaped as a trie, so thousands of terms cost little
per article). Mentions in the headline weigh more than mentions in the body;
only the few most relevant tags are kept.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..content.tag_vocabulary import Tag, TagVocabulary

#: A headline mention counts as this many body mentions.
TITLE_WEIGHT = 3
#: Acronyms up to this length match only in capitals ("US", never "us").
MAX_CASE_SENSITIVE_ACRONYM = 4


@dataclass(frozen=True)
class _Matcher:
    """The compiled form of a vocabulary: one regex and the term -> tag tables."""

    pattern: re.Pattern | None
    #: Acronyms, matched exactly as written.
    exact: dict[str, Tag]
    #: Every other term, lowercased.
    folded: dict[str, Tag]


@dataclass(frozen=True)
class _Hit:
    """One mention of a tag: in the headline or where in the body."""

    tag: Tag
    in_title: bool
    position: tuple[int, int]  # (text number, offset); the headline is text 0


def extract_tags(
    title: str,
    paragraphs: Sequence[str],
    lang: str,
    vocabulary: TagVocabulary,
    person_names: Collection[str] = (),
    limit: int = 8,
) -> list[str]:
    """Canonical names of the tags a story mentions, most relevant first, at most ``limit``.

    Words inside a person's name do not count ("Michael Jordan" is no mention
    of Jordan). ``lang`` is accepted for symmetry with the other extractors:
    the vocabulary already carries every language's labels.
    """
    matcher = _compile(vocabulary)
    masks = _person_pattern(tuple(person_names))
    texts = [title, *paragraphs]
    hits = [hit for number, text in enumerate(texts) for hit in _hits(matcher, masks, number, text)]
    return _rank(hits, limit)


def _hits(matcher: _Matcher, masks: re.Pattern | None, number: int, text: str) -> Iterator[_Hit]:
    if matcher.pattern is None:
        return
    masked = [(m.start(), m.end()) for m in masks.finditer(text)] if masks else []
    for found in matcher.pattern.finditer(text):
        tag = _tag_for(matcher, found.group("term"))
        if tag is None or any(start < found.end() and found.start() < end for start, end in masked):
            continue
        yield _Hit(tag, number == 0, (number, found.start()))


def _tag_for(matcher: _Matcher, term: str) -> Tag | None:
    """The tag a matched term stands for, honouring capitalisation rules."""
    if term in matcher.exact:
        return matcher.exact[term]
    tag = matcher.folded.get(term.lower())
    if tag is None:
        return None
    # Names of places and organisations are capitalised in all four languages,
    # so "turkey" and "chad" in lower case are a bird and a first name's cousin.
    if tag.kind != "topic" and not term[0].isupper():
        return None
    return tag


def _rank(hits: Sequence[_Hit], limit: int) -> list[str]:
    """Order by weighted mentions, then first mention, then name; keep the few that matter."""
    title_counts: dict[str, int] = {}
    body_counts: dict[str, int] = {}
    first: dict[str, tuple[int, int]] = {}
    for hit in hits:
        name = hit.tag.name
        counts = title_counts if hit.in_title else body_counts
        counts[name] = counts.get(name, 0) + 1
        first.setdefault(name, hit.position)
    names = list(first)
    if len(names) > limit:
        names = [n for n in names if title_counts.get(n) or body_counts.get(n, 0) > 1] or names
    score = {n: TITLE_WEIGHT * title_counts.get(n, 0) + body_counts.get(n, 0) for n in names}
    return sorted(names, key=lambda n: (-score[n], first[n], n))[:limit]


@lru_cache(maxsize=8)
def _compile(vocabulary: TagVocabulary) -> _Matcher:
    """Build the matcher once per vocabulary (vocabularies compare by identity)."""
    exact: dict[str, Tag] = {}
    folded: dict[str, Tag] = {}
    for tag in vocabulary.tags:
        for term in tag.terms:
            if _is_case_sensitive(term):
                exact.setdefault(term, tag)
            else:
                folded.setdefault(term.lower(), tag)
    terms = {term.lower() for term in (*exact, *folded)}
    if not terms:
        return _Matcher(None, exact, folded)
    # Possessive 's needs nothing (the apostrophe ends the word); German
    # genitives ("Russlands") need the optional bare s.
    pattern = re.compile(rf"(?<![\w-])(?P<term>{_trie_pattern(terms)})(?-i:s)?(?!\w)", re.IGNORECASE)
    return _Matcher(pattern, exact, folded)


def _is_case_sensitive(term: str) -> bool:
    letters = term.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= MAX_CASE_SENSITIVE_ACRONYM


def _trie_pattern(terms: Collection[str]) -> str:
    """A regex matching any of ``terms``, longest first, factored by common prefixes."""
    trie: dict = {}
    for term in terms:
        node = trie
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie)


def _node_pattern(node: dict) -> str:
    branches = [re.escape(char) + _node_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    group = branches[0] if len(branches) == 1 and len(branches[0]) == 1 else "(?:" + "|".join(branches) + ")"
    return group + "?" if "" in node else group


@lru_cache(maxsize=256)
def _person_pattern(names: tuple[str, ...]) -> re.Pattern | None:
    """Full names and surnames of the story's people, whose words are no tag mentions."""
    parts = {part for name in names for part in (name, name.split()[-1]) if part}
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True)) + r")(?!\w)")
