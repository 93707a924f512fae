"""The people registry, ``content/people.yaml``: known people with their aliases and roles, and blocked strings.

Separate from the tag vocabulary: people have their own file, fields and
lookups (aliases, a role per language, strings that are never a person).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .registry_yaml import (
    Document,
    parse_yaml,
    required_text,
    slug_of_name,
    string_list,
)

_WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")
_PEOPLE_KEYS = {"people": list, "blocked": list}
_PERSON_KEYS = {"name": str, "aliases": list, "roles": dict, "wikidata": str}


@dataclass(frozen=True)
class Person:
    """Someone the site keeps a page for."""

    #: Canonical full name, as shown on the site.
    name: str
    slug: str
    #: Other ways stories refer to this person ("Rutte", "Keller-Sutter").
    aliases: tuple[str, ...] = ()
    #: Role per language code ("NATO Secretary General").
    roles: dict[str, str] = field(default_factory=dict)
    #: Wikidata item ("Q57792"), for links to more about the person.
    wikidata: str | None = None

    def role(self, lang: str) -> str | None:
        return self.roles.get(lang)


@dataclass(frozen=True, eq=False)
class PeopleRegistry:
    """Known people and blocked strings.

    Compared by identity, so matchers compiled from one registry can be cached.
    """

    people: tuple[Person, ...] = ()
    #: Strings that are never a person (picture agencies, brand names).
    blocked: frozenset[str] = frozenset()

    def find(self, name: str) -> Person | None:
        """The person called ``name`` or known by it as an alias (case-insensitive)."""
        return _person_index(self).get(name.strip().casefold())

    def is_blocked(self, name: str) -> bool:
        """True when ``name`` is, or contains as whole words, a blocked string."""
        words = f" {_normalise_words(name)} "
        return any(f" {blocked} " in words for blocked in _blocked_phrases(self))


@lru_cache(maxsize=16)
def _person_index(registry: PeopleRegistry) -> dict[str, Person]:
    index: dict[str, Person] = {}
    for person in registry.people:
        for key in (person.name, *person.aliases):
            index.setdefault(key.casefold(), person)
    return index


@lru_cache(maxsize=16)
def _blocked_phrases(registry: PeopleRegistry) -> tuple[str, ...]:
    return tuple(_normalise_words(blocked) for blocked in sorted(registry.blocked))


def _normalise_words(text: str) -> str:
    return " ".join(text.casefold().split())


def load_people(path: Path) -> PeopleRegistry:
    """Read ``people.yaml``; a missing file is an empty registry."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return PeopleRegistry()
    return parse_people(text, str(path))


def parse_people(text: str, file: str = "people.yaml") -> PeopleRegistry:
    """Validate the text of a ``people.yaml``; raise on the first problem, naming its line."""
    document = parse_yaml(text, file)
    if document is None:
        return PeopleRegistry()
    data = document.expect_mapping((), _PEOPLE_KEYS)
    people = tuple(_parse_person(document, ("people", index)) for index in range(len(data.get("people", []))))
    blocked = frozenset(string_list(document, ("blocked",)))
    _check_unique_person_keys(document, people)
    return PeopleRegistry(people, blocked)


def _parse_person(document: Document, where: tuple) -> Person:
    entry = document.expect_mapping(where, _PERSON_KEYS)
    name = required_text(document, where, "name")
    roles = entry.get("roles", {})
    for lang, role in roles.items():
        if not isinstance(role, str):
            raise document.error((*where, "roles", lang), f"role for {lang!r} must be text")
    if "wikidata" in entry and not _WIKIDATA_ID.fullmatch(entry["wikidata"]):
        raise document.error((*where, "wikidata"), f"expected a Wikidata item id like 'Q57792', got {entry['wikidata']!r}")
    return Person(
        name=name,
        slug=slug_of_name(document, where, name),
        aliases=tuple(string_list(document, (*where, "aliases"))),
        roles=dict(roles),
        wikidata=entry.get("wikidata"),
    )


def _check_unique_person_keys(document: Document, people: tuple[Person, ...]) -> None:
    """Two people sharing a name or alias would make every mention ambiguous."""
    owners: dict[str, str] = {}
    for index, person in enumerate(people):
        for key in dict.fromkeys((person.name, *person.aliases)):
            owner = owners.setdefault(key.casefold(), person.name)
            if owner != person.name:
                raise document.error(("people", index), f"{key!r} of {person.name!r} already names {owner!r}")
