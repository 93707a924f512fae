"""The tag vocabulary, ``content/tags.yaml``: organisations, places and topics.

Every country comes built in from CLDR (through Babel) with its name in each
site language, and a tags.yaml entry with a country's id refines it. Separate
from the people registry: tags have kinds, labels per language and built-in
countries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from babel import Locale

from ..core.slugs import slugify
from .registry_yaml import (
    Document,
    parse_yaml,
    required_text,
    slug_of_name,
    string_list,
)

#: Languages whose CLDR country names become labels (and so match in text).
COUNTRY_LABEL_LANGUAGES = ("en", "de", "fr", "it")
TAG_KINDS = ("organisation", "place", "topic")

# CLDR territory codes that are not countries. EU and UN are left to tags.yaml,
# which can define them as organisations.
_NOT_COUNTRIES = frozenset({"QO", "XA", "XB", "ZZ", "EZ", "UN", "EU"})
_TAGS_KEYS = {"tags": list}
_TAG_KEYS = {"id": str, "name": str, "kind": str, "aliases": list, "labels": dict}


@dataclass(frozen=True)
class Tag:
    """An organisation, place or topic that stories are grouped by."""

    #: Stable key ("nato", or the lowercase ISO code for a country: "ch").
    id: str
    #: Canonical name, stored in article front matter.
    name: str
    slug: str
    #: "organisation", "place" or "topic".
    kind: str
    #: Every other string that means this tag in a story; matched as whole words.
    aliases: tuple[str, ...] = ()
    #: Display label per language code.
    labels: dict[str, str] = field(default_factory=dict)
    #: Labels from content/tag-labels.yaml (machine-translated, maybe edited); never matched in text.
    machine_labels: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        """tags.yaml's label, else a stored machine label, else the base language's ("de" for "de-ch"), else the name."""
        return self.known_label(lang) or self.name

    def known_label(self, lang: str) -> str | None:
        base = lang.split("-")[0]
        return self.labels.get(lang) or self.machine_labels.get(lang) or self.labels.get(base) or self.machine_labels.get(base)

    @property
    def terms(self) -> tuple[str, ...]:
        """Name, aliases and labels: every string that counts as a mention."""
        return _unique((self.name, *self.aliases, *self.labels.values()))


@dataclass(frozen=True, eq=False)
class TagVocabulary:
    """All tags; compared by identity so matchers compiled from it can be cached."""

    tags: tuple[Tag, ...] = ()

    def find(self, key: str) -> Tag | None:
        """The tag whose id or name is ``key`` (case-insensitive)."""
        return _tag_index(self).get(key.strip().casefold())

    def __iter__(self) -> Iterator[Tag]:
        return iter(self.tags)

    def __len__(self) -> int:
        return len(self.tags)


@lru_cache(maxsize=16)
def _tag_index(vocabulary: TagVocabulary) -> dict[str, Tag]:
    index: dict[str, Tag] = {}
    for tag in vocabulary.tags:
        index.setdefault(tag.id.casefold(), tag)
        index.setdefault(tag.name.casefold(), tag)
    return index


def load_tags(path: Path) -> TagVocabulary:
    """Read ``tags.yaml`` on top of the built-in countries; a missing file adds nothing."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return TagVocabulary(country_tags())
    return parse_tags(text, str(path))


def parse_tags(text: str, file: str = "tags.yaml") -> TagVocabulary:
    """Validate the text of a ``tags.yaml`` and merge it with the countries."""
    document = parse_yaml(text, file)
    if document is None:
        return TagVocabulary(country_tags())
    data = document.expect_mapping((), _TAGS_KEYS)
    tags = {tag.id: tag for tag in country_tags()}
    defined_at: dict[str, tuple] = {}
    for index in range(len(data.get("tags", []))):
        where = ("tags", index)
        tag_id = required_text(document, where, "id")
        if tag_id in defined_at:
            raise document.error((*where, "id"), f"tag id {tag_id!r} is defined twice")
        defined_at[tag_id] = where
        tags[tag_id] = _parse_tag(document, where, tags.get(tag_id))
    vocabulary = TagVocabulary(tuple(tags.values()))
    _check_unique_tag_names(document, vocabulary, defined_at)
    return vocabulary


def _parse_tag(document: Document, where: tuple, country: Tag | None) -> Tag:
    """One tags.yaml entry; for a country's id, it extends the built-in tag."""
    entry = document.expect_mapping(where, _TAG_KEYS)
    if country is None and "name" not in entry:
        raise document.error(where, "tag needs a 'name'")
    kind = entry.get("kind", country.kind if country else None)
    if kind is None:
        raise document.error(where, f"tag needs a 'kind' ({', '.join(TAG_KINDS)})")
    if kind not in TAG_KINDS:
        raise document.error((*where, "kind"), f"kind must be one of {', '.join(TAG_KINDS)} (got {kind!r})")
    labels = entry.get("labels", {})
    for lang, label in labels.items():
        if not isinstance(label, str) or not label.strip():
            raise document.error((*where, "labels", lang), f"label for {lang!r} must be text")
    name = entry["name"].strip() if "name" in entry else country.name
    aliases = string_list(document, (*where, "aliases"))
    if country is not None:
        merged_labels = {**country.labels, **labels}
        merged_aliases = _unique((*country.aliases, *aliases, *labels.values()))
        return replace(country, name=name, slug=slug_of_name(document, where, name), kind=kind, aliases=merged_aliases, labels=merged_labels)
    return Tag(entry["id"], name, slug_of_name(document, where, name), kind, _unique(aliases), dict(labels))


def _check_unique_tag_names(document: Document, vocabulary: TagVocabulary, defined_at: dict[str, tuple]) -> None:
    """Articles store tag names, so two tags must never share one (or its slug)."""
    owners: dict[str, str] = {}
    for tag in vocabulary.tags:
        for key in (tag.name.casefold(), tag.slug):
            owner = owners.setdefault(key, tag.id)
            if owner != tag.id:
                where = defined_at.get(tag.id) or defined_at.get(owner) or ("tags",)
                raise document.error(where, f"tags {owner!r} and {tag.id!r} share the name or slug {tag.name!r}")


@lru_cache(maxsize=1)
def country_tags() -> tuple[Tag, ...]:
    """A place tag per CLDR country, named in English, labelled in each site language."""
    names = {lang: Locale(lang).territories for lang in COUNTRY_LABEL_LANGUAGES}
    codes = sorted(code for code in names["en"] if _is_country_code(code))
    return tuple(_country_tag(code, {lang: names[lang][code] for lang in COUNTRY_LABEL_LANGUAGES if code in names[lang]}) for code in codes)


def _country_tag(code: str, labels: dict[str, str]) -> Tag:
    name = labels["en"]
    aliases = _unique(variant for label in labels.values() for variant in _name_variants(label))
    return Tag(code.lower(), name, slugify(name), "place", aliases, labels)


def _is_country_code(code: str) -> bool:
    return len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES


def _name_variants(label: str) -> Iterable[str]:
    """CLDR's label plus the forms running text uses ("Myanmar (Burma)" -> "Myanmar", "Burma")."""
    yield label
    if found := re.fullmatch(r"(.+?) \((.+)\)", label):
        yield from found.groups()
    if " & " in label:
        yield label.replace(" & ", " and ")


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
