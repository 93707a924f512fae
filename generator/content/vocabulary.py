"""The editor-maintained registries: known people and the tag vocabulary.

``content/people.yaml`` lists people with their aliases and roles, plus strings
that must never become persons. ``content/tags.yaml`` lists organisations,
places and topics; every country comes built in from CLDR (through Babel) with
its name in each site language, and an entry with a country's id refines it.
``content/tag-labels.yaml`` holds labels that ``newsgen translate`` made by
machine for languages tags.yaml has none for; tags.yaml always wins.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml
from babel import Locale

from ..core.errors import NewsgenError
from ..core.slugs import slugify

#: Languages whose CLDR country names become labels (and so match in text).
COUNTRY_LABEL_LANGUAGES = ("en", "de", "fr", "it")
TAG_KINDS = ("organisation", "place", "topic")

# CLDR territory codes that are not countries. EU and UN are left to tags.yaml,
# which can define them as organisations.
_NOT_COUNTRIES = frozenset({"QO", "XA", "XB", "ZZ", "EZ", "UN", "EU"})

_WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")
_PEOPLE_KEYS = {"people": list, "blocked": list}
_PERSON_KEYS = {"name": str, "aliases": list, "roles": dict, "wikidata": str}
_TAGS_KEYS = {"tags": list}
_TAG_KEYS = {"id": str, "name": str, "kind": str, "aliases": list, "labels": dict}
TAG_LABELS_FILE = "tag-labels.yaml"
_TAG_LABELS_HEADER = """\
# Tag labels translated by machine (`newsgen translate`) for languages that
# tags.yaml gives no label for. Edit freely: newsgen only adds missing labels
# and never changes one written here. A label in tags.yaml wins over these.
"""


# ---------------------------------------------------------------- people


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
    document = _parse_yaml(text, file)
    if document is None:
        return PeopleRegistry()
    data = document.expect_mapping((), _PEOPLE_KEYS)
    people = tuple(_parse_person(document, ("people", index)) for index in range(len(data.get("people", []))))
    blocked = frozenset(_strings(document, ("blocked",)))
    _check_unique_person_keys(document, people)
    return PeopleRegistry(people, blocked)


def _parse_person(document: _Document, where: tuple) -> Person:
    entry = document.expect_mapping(where, _PERSON_KEYS)
    name = _required_text(document, where, "name")
    roles = entry.get("roles", {})
    for lang, role in roles.items():
        if not isinstance(role, str):
            raise document.error((*where, "roles", lang), f"role for {lang!r} must be text")
    if "wikidata" in entry and not _WIKIDATA_ID.fullmatch(entry["wikidata"]):
        raise document.error((*where, "wikidata"), f"expected a Wikidata item id like 'Q57792', got {entry['wikidata']!r}")
    return Person(
        name=name,
        slug=_slug(document, where, name),
        aliases=tuple(_strings(document, (*where, "aliases"))),
        roles=dict(roles),
        wikidata=entry.get("wikidata"),
    )


def _check_unique_person_keys(document: _Document, people: tuple[Person, ...]) -> None:
    """Two people sharing a name or alias would make every mention ambiguous."""
    owners: dict[str, str] = {}
    for index, person in enumerate(people):
        for key in dict.fromkeys((person.name, *person.aliases)):
            owner = owners.setdefault(key.casefold(), person.name)
            if owner != person.name:
                raise document.error(("people", index), f"{key!r} of {person.name!r} already names {owner!r}")


# ---------------------------------------------------------------- tags


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
    document = _parse_yaml(text, file)
    if document is None:
        return TagVocabulary(country_tags())
    data = document.expect_mapping((), _TAGS_KEYS)
    tags = {tag.id: tag for tag in country_tags()}
    defined_at: dict[str, tuple] = {}
    for index in range(len(data.get("tags", []))):
        where = ("tags", index)
        tag_id = _required_text(document, where, "id")
        if tag_id in defined_at:
            raise document.error((*where, "id"), f"tag id {tag_id!r} is defined twice")
        defined_at[tag_id] = where
        tags[tag_id] = _parse_tag(document, where, tags.get(tag_id))
    vocabulary = TagVocabulary(tuple(tags.values()))
    _check_unique_tag_names(document, vocabulary, defined_at)
    return vocabulary


def _parse_tag(document: _Document, where: tuple, country: Tag | None) -> Tag:
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
    aliases = _strings(document, (*where, "aliases"))
    if country is not None:
        merged_labels = {**country.labels, **labels}
        merged_aliases = _unique((*country.aliases, *aliases, *labels.values()))
        return replace(country, name=name, slug=_slug(document, where, name), kind=kind, aliases=merged_aliases, labels=merged_labels)
    return Tag(entry["id"], name, _slug(document, where, name), kind, _unique(aliases), dict(labels))


def load_tag_labels(path: Path) -> dict[str, dict[str, str]]:
    """Read ``tag-labels.yaml`` (tag id -> language -> label); a missing file is empty."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    return parse_tag_labels(text, str(path))[0]


def parse_tag_labels(text: str, file: str = TAG_LABELS_FILE) -> tuple[dict[str, dict[str, str]], _Document | None]:
    """Validate the text of a ``tag-labels.yaml``; the document is kept to name lines later."""
    document = _parse_yaml(text, file)
    if document is None:
        return {}, None
    data = document.expect_mapping((), {"labels": dict})
    labels: dict[str, dict[str, str]] = {}
    for tag_id, by_lang in data.get("labels", {}).items():
        if not isinstance(by_lang, dict):
            raise document.error(("labels", tag_id), "expected a mapping of language code to label")
        for lang, label in by_lang.items():
            if not isinstance(label, str) or not label.strip():
                raise document.error(("labels", tag_id, lang), f"label for {lang!r} must be text")
        labels[str(tag_id)] = {str(lang): label.strip() for lang, label in by_lang.items()}
    return labels, document


def with_machine_labels(vocabulary: TagVocabulary, text: str, file: str = TAG_LABELS_FILE) -> TagVocabulary:
    """The vocabulary with the labels of a ``tag-labels.yaml`` added to its tags."""
    labels, document = parse_tag_labels(text, file)
    by_id = {tag.id: tag for tag in vocabulary.tags}
    for tag_id in labels:
        if tag_id not in by_id:
            raise document.error(("labels", tag_id), f"no tag with id {tag_id!r} in tags.yaml{_did_you_mean(tag_id, by_id)}")
    return TagVocabulary(tuple(replace(tag, machine_labels=labels[tag.id]) if tag.id in labels else tag for tag in vocabulary.tags))


def render_tag_labels(labels: dict[str, dict[str, str]]) -> str:
    """``tag-labels.yaml`` text, sorted by tag id and language (deterministic)."""
    ordered = {tag_id: dict(sorted(labels[tag_id].items())) for tag_id in sorted(labels) if labels[tag_id]}
    body = yaml.safe_dump({"labels": ordered}, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False)
    return _TAG_LABELS_HEADER + body


def _check_unique_tag_names(document: _Document, vocabulary: TagVocabulary, defined_at: dict[str, tuple]) -> None:
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


# ---------------------------------------------------------------- YAML with lines


@dataclass(frozen=True)
class _Document:
    """A parsed YAML file that still knows the line of every key and list item."""

    data: object
    file: str
    #: Path of keys and list indexes -> 1-based line number.
    lines: dict[tuple, int]

    def get(self, where: tuple):
        value = self.data
        for step in where:
            value = value[step]
        return value

    def line(self, where: tuple) -> int | None:
        """The line of ``where`` or of the nearest enclosing key that has one."""
        for end in range(len(where), -1, -1):
            if where[:end] in self.lines:
                return self.lines[where[:end]]
        return None

    def error(self, where: tuple, message: str) -> NewsgenError:
        return NewsgenError(f"{_describe(where)}: {message}" if where else message, self.file, self.line(where))

    def expect_mapping(self, where: tuple, schema: dict[str, type]) -> dict:
        """The mapping at ``where``, with every key known and of the right type."""
        value = self.get(where)
        if not isinstance(value, dict):
            raise self.error(where, f"expected a mapping with keys {', '.join(schema)}")
        for key, item in value.items():
            if key not in schema:
                raise self.error((*where, key), f"unknown key {key!r}{_did_you_mean(str(key), schema)}")
            if not isinstance(item, schema[key]):
                raise self.error((*where, key), f"expected {_type_name(schema[key])}, got {_type_name(type(item))}")
        return value


def _parse_yaml(text: str, file: str) -> _Document | None:
    """Parse YAML text (None when empty); syntax errors name the line."""
    try:
        data = yaml.safe_load(text)
        lines = _node_lines(yaml.compose(text, Loader=yaml.SafeLoader), ())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise NewsgenError(f"not valid YAML: {getattr(exc, 'problem', None) or exc}", file, mark.line + 1 if mark else None) from None
    return None if data is None else _Document(data, file, lines)


def _node_lines(node, where: tuple) -> dict[tuple, int]:
    """Line number (1-based) of every key and list item below ``node``."""
    lines = {where: node.start_mark.line + 1} if node is not None else {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines.update(_node_lines(value, (*where, key.value)))
            lines[(*where, key.value)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(_node_lines(item, (*where, index)))
    return lines


def _required_text(document: _Document, where: tuple, key: str) -> str:
    value = document.get(where).get(key)
    if not isinstance(value, str) or not value.strip():
        raise document.error(where, f"missing {key!r}")
    return value.strip()


def _strings(document: _Document, where: tuple) -> list[str]:
    """The list of non-empty strings at ``where`` (empty when the key is absent)."""
    try:
        values = document.get(where)
    except (KeyError, IndexError):
        return []
    if not isinstance(values, list):
        raise document.error(where, "expected a list of strings")
    for index, value in enumerate(values):
        if not isinstance(value, str) or not value.strip():
            raise document.error((*where, index), f"expected a non-empty string, got {value!r}")
    return [value.strip() for value in values]


def _slug(document: _Document, where: tuple, name: str) -> str:
    slug = slugify(name)
    if not slug:
        raise document.error(where, f"{name!r} gives no usable URL slug; use a name with letters or digits")
    return slug


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _describe(where: tuple) -> str:
    text = ""
    for step in where:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _did_you_mean(key: str, known: Iterable[str]) -> str:
    hint = difflib.get_close_matches(key, list(known), n=1)
    return f" (did you mean {hint[0]!r}?)" if hint else ""


def _type_name(kind: type) -> str:
    return {str: "text", list: "a list", dict: "a mapping", int: "a number", type(None): "nothing"}.get(kind, kind.__name__)


@dataclass(frozen=True)
class Vocabularies:
    """The editor-maintained registries of a project."""

    people: PeopleRegistry
    tags: TagVocabulary


def load_vocabularies(content_dir: Path) -> Vocabularies:
    """``content/people.yaml`` and ``content/tags.yaml`` (with ``tag-labels.yaml``); missing files are empty."""
    tags = load_tags(content_dir / "tags.yaml")
    labels_path = content_dir / TAG_LABELS_FILE
    if labels_path.is_file():
        tags = with_machine_labels(tags, labels_path.read_text(encoding="utf-8"), str(labels_path))
    return Vocabularies(load_people(content_dir / "people.yaml"), tags)
