"""Tags, persons and categories as language-independent terms.

A term is one identity (its ``id``) with a label and a URL slug per language.
It has pages only in the languages where at least one article uses it, so a
link to a term page exists exactly when the page does. Articles name terms
by their canonical name (front matter); ``Taxonomy.by_name`` maps those names
to term ids.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from ..config.settings import SiteConfig
from ..content.model import Article
from ..content.people_registry import PeopleRegistry
from ..content.tag_vocabulary import TagVocabulary
from ..core.slugs import is_safe_slug, slugify

TAG, PERSON, CATEGORY = "tag", "person", "category"
KINDS = (TAG, PERSON, CATEGORY)
#: URL segment kind (config.SEGMENT_KINDS) for each term kind.
SEGMENT_OF_KIND = {TAG: "tags", PERSON: "persons", CATEGORY: "categories"}


@dataclass(frozen=True)
class Term:
    """One tag, person or category across all languages."""

    kind: str
    #: Language-neutral identity: tag id, person slug or category id.
    id: str
    #: Label per language in which the term has pages.
    labels: Mapping[str, str]
    #: URL slug per language in which the term has pages.
    slugs: Mapping[str, str]
    #: Ids of the articles using the term, per language, newest first.
    articles: Mapping[str, tuple[str, ...]]
    #: Key the A-Z index sorts by, per language (surname first for persons).
    sort_keys: Mapping[str, str]
    #: Role per language (persons): from the people registry, else from the newest story.
    roles: Mapping[str, str] = field(default_factory=dict)
    #: Wikidata id (persons in the registry that give one).
    wikidata: str | None = None

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.articles)

    def index_letter(self, lang: str) -> str:
        """The A-Z heading the term is listed under; "#" for digits and symbols."""
        first = self.sort_keys[lang][:1].upper()
        return first if first.isalpha() else "#"


@dataclass(frozen=True)
class Taxonomy:
    """All terms of one kind."""

    kind: str
    #: Terms by id, sorted by id.
    terms: Mapping[str, Term]
    #: Canonical name as written in front matter -> term id.
    by_name: Mapping[str, str]
    #: Per language, the terms with pages there in A-Z order (computed once: every page's navigation asks).
    alphabetical: Mapping[str, tuple[Term, ...]] = field(default_factory=dict)

    def in_language(self, lang: str, order: Sequence[str] = ()) -> tuple[Term, ...]:
        """Terms with pages in ``lang``: ids listed in ``order`` first, in that order, then A-Z."""
        terms = self.alphabetical.get(lang, ())
        if not order:
            return terms
        rank = {term_id: index for index, term_id in enumerate(order)}
        return tuple(sorted(terms, key=lambda term: rank.get(term.id, len(rank))))

    def term_for(self, name: str) -> Term:
        return self.terms[self.by_name[name]]


@dataclass(frozen=True)
class _Entry:
    """One use of a term in one article."""

    term_id: str
    name: str
    lang: str
    label: str
    article: Article
    role: str | None = None


def build_taxonomies(config: SiteConfig, articles: Iterable[Article], people: PeopleRegistry, tags: TagVocabulary) -> dict[str, Taxonomy]:
    """Tags, persons and categories of a set of articles (pure)."""
    newest_first = sorted(articles, key=lambda a: (-a.published.timestamp(), a.id))
    return {
        TAG: _taxonomy(TAG, list(_tag_entries(newest_first, tags))),
        PERSON: _taxonomy(PERSON, list(_person_entries(newest_first, people)), people),
        CATEGORY: _taxonomy(CATEGORY, list(_category_entries(newest_first, config))),
    }


def _tag_entries(articles: list[Article], vocabulary: TagVocabulary) -> Iterable[_Entry]:
    for article in articles:
        for name in dict.fromkeys(article.tags):
            tag = vocabulary.find(name)
            term_id = tag.id if tag else slugify(name) or name
            yield _Entry(term_id, name, article.lang, tag.label(article.lang) if tag else name, article)


def _person_entries(articles: list[Article], registry: PeopleRegistry) -> Iterable[_Entry]:
    for article in articles:
        roles = dict(article.roles)
        for name in dict.fromkeys(article.persons):
            person = registry.find(name)
            term_id = person.slug if person else slugify(name) or name
            label = person.name if person else name
            yield _Entry(term_id, name, article.lang, label, article, roles.get(name))


def _category_entries(articles: list[Article], config: SiteConfig) -> Iterable[_Entry]:
    categories = {category.id: category for category in config.categories}
    for article in articles:
        category = categories.get(article.category)
        label = category.label(article.lang) if category else article.category.replace("-", " ").capitalize()
        yield _Entry(article.category, article.category, article.lang, label, article)


def _taxonomy(kind: str, entries: list[_Entry], people: PeopleRegistry | None = None) -> Taxonomy:
    grouped: dict[str, list[_Entry]] = defaultdict(list)
    for entry in entries:
        grouped[entry.term_id].append(entry)
    terms = {term_id: _term(kind, term_id, grouped[term_id], people) for term_id in sorted(grouped)}
    terms = _with_unique_slugs(terms)
    by_name = {entry.name: entry.term_id for entry in entries}
    alphabetical: dict[str, list[Term]] = defaultdict(list)
    for term in terms.values():
        for lang in term.articles:
            alphabetical[lang].append(term)
    return Taxonomy(
        kind,
        MappingProxyType(terms),
        MappingProxyType(dict(sorted(by_name.items()))),
        MappingProxyType({lang: tuple(sorted(found, key=lambda term: (term.sort_keys[lang], term.id))) for lang, found in sorted(alphabetical.items())}),
    )


def _term(kind: str, term_id: str, entries: list[_Entry], people: PeopleRegistry | None) -> Term:
    """Entries arrive newest first, so the first label and role seen per language are the newest."""
    labels: dict[str, str] = {}
    articles: dict[str, dict[str, None]] = defaultdict(dict)  # ordered sets: a popular term has thousands
    story_roles: dict[str, str] = {}
    for entry in entries:
        labels.setdefault(entry.lang, entry.label)
        articles[entry.lang][entry.article.id] = None
        if entry.role:
            story_roles.setdefault(entry.lang, entry.role)
    person = people.find(entries[0].name) if people is not None else None
    roles = {lang: (person.role(lang) if person else None) or story_roles.get(lang) for lang in labels}
    languages = sorted(labels)
    return Term(
        kind=kind,
        id=term_id,
        labels=MappingProxyType({lang: labels[lang] for lang in languages}),
        slugs=MappingProxyType({lang: _slug(labels[lang], term_id) for lang in languages}),
        articles=MappingProxyType({lang: tuple(articles[lang]) for lang in languages}),
        sort_keys=MappingProxyType({lang: sort_key(labels[lang], kind) for lang in languages}),
        roles=MappingProxyType({lang: role for lang, role in roles.items() if role}),
        wikidata=person.wikidata if person else None,
    )


def _slug(label: str, term_id: str) -> str:
    slug = slugify(label)
    if is_safe_slug(slug):
        return slug
    fallback = slugify(term_id)
    return fallback if is_safe_slug(fallback) else "term"


def _with_unique_slugs(terms: dict[str, Term]) -> dict[str, Term]:
    """Two terms whose labels slugify alike in one language: the later id gets its id appended."""
    taken: dict[tuple[str, str], str] = {}
    result = {}
    for term_id, term in terms.items():
        slugs = dict(term.slugs)
        for lang, slug in term.slugs.items():
            if (lang, slug) in taken:
                slugs[lang] = f"{slug}-{slugify(term_id) or 'term'}"
            taken[(lang, slugs[lang])] = term_id
        result[term_id] = Term(**{**term.__dict__, "slugs": MappingProxyType(slugs)})
    return result


def sort_key(label: str, kind: str) -> str:
    """Accent-folded, case-folded key; persons sort by surname ("Leyen, Ursula von der")."""
    if kind == PERSON:
        label = surname_first(label)
    folded = unicodedata.normalize("NFKD", label.translate(_GERMAN_FOLD))
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()


_GERMAN_FOLD = str.maketrans({"ß": "ss"})


def surname_first(name: str) -> str:
    """ "Ursula von der Leyen" -> "Leyen, Ursula von der"; single names stay as they are."""
    words = name.split()
    if len(words) < 2:
        return name
    return f"{words[-1]}, {' '.join(words[:-1])}"


def term_names(article: Article, kind: str) -> tuple[str, ...]:
    """The names an article gives for one kind of term, in its own order."""
    if kind == TAG:
        return article.tags
    if kind == PERSON:
        return article.persons
    return (article.category,)


def index_groups(terms: Iterable[Term], lang: str) -> list[tuple[str, list[Term]]]:
    """Terms grouped under their A-Z letter, in order."""
    groups: dict[str, list[Term]] = {}
    for term in terms:
        groups.setdefault(term.index_letter(lang), []).append(term)
    return sorted(groups.items(), key=lambda item: (item[0] == "#", item[0]))
