"""A deterministic benchmark corpus, written as a newsgen, a Hugo and a Pelican project.

Run with the project's venv (any Python with PyYAML would do: the corpus does
not import newsgen, so edits to ``generator/`` never change it)::

    .venv/bin/python bench/corpus.py --n 1000          # -> bench/out/corpus-N1000/

Every story comes from its own seeded random generator (``SEED`` and its
index), so the output depends only on N and this file: no wall clock, and the
corpus for N=200 is the first 200 stories of the one for N=1000. A story has an
English version and a German human translation (same id), ~500 words of
pseudo-news made from the word lists below, 2-5 tags out of 300, 1-4 persons
out of 2,000 (both drawn with a Zipf-like skew, as real news coverage is),
one of 8 categories, and a publication time within 2022-2024.

Stories are written as they are made, one at a time, so memory stays flat up
to 100,000 stories (200,000 articles: ~4 minutes on 2 cores, ~70 MiB, ~2.5 GB
for the three projects). Beside the projects, ``scenario-stories.json`` holds what the
benchmark's scenarios change: the story "edit one" appends to, the story
"add one" adds and the ten "publish 10" adds one after another, each newer
than the last and sharing tags and persons with two corpus stories.

The three projects hold the same stories; how each tool's concepts map:

- newsgen: ``content/articles/YYYY/MM/<slug>.<lang>.md`` with the front
  matter ``generator/content/store.py`` reads (German versions carry
  ``translation: {source_lang: en, status: human}``); the runner copies
  newsgen's ``templates/`` in before building.
- Hugo: ``content/YYYY/MM/<slug>.<lang>.md`` linked by ``translationKey``;
  years and months are sections (``_index.<lang>.md``) so Hugo renders the
  same year and month listings newsgen does; taxonomies tags, persons and
  categories; a minimal theme in ``layouts/``.
- Pelican: the same folders with Markdown metadata headers; persons are
  Pelican *authors* (Pelican's only second multi-valued taxonomy), tags are
  tags, the category is the category; the German edition is a subsite made by
  the i18n_subsites plugin, translations linked by a ``translationkey``
  metadata field; a minimal theme in ``theme/``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import resource
import shutil
import sys
import time
import unicodedata
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Iterator
from zoneinfo import ZoneInfo

import yaml

REPO = Path(__file__).resolve().parent.parent

#: Bump when the corpus changes in a way the file hashes in the stamp would not show.
CORPUS_VERSION = 2
SEED = 20240715
TOOLS = ("newsgen", "hugo", "pelican")
LANGS = ("en", "de")
PAGE_SIZE = 20
TAG_COUNT = 300
PERSON_COUNT = 2000
TIMEZONE = ZoneInfo("Europe/Zurich")
FIRST_DAY = datetime(2022, 1, 1, tzinfo=TIMEZONE)
DAYS = 3 * 365
STAMP = "corpus.json"
#: The stories the scenarios edit and add (JSON), beside the projects.
SCENARIO_STORIES = "scenario-stories.json"
BASE_URL = "https://example.org/"
SITE_TITLES = {"en": "Bench Wire", "de": "Bench Nachrichten"}

#: Category id (newsgen's built-in categories) -> label per language.
CATEGORIES = {
    "international": {"en": "International", "de": "International"},
    "switzerland": {"en": "Switzerland", "de": "Schweiz"},
    "economy": {"en": "Economy", "de": "Wirtschaft"},
    "sport": {"en": "Sport", "de": "Sport"},
    "culture": {"en": "Culture", "de": "Kultur"},
    "panorama": {"en": "Panorama", "de": "Panorama"},
    "science": {"en": "Science", "de": "Wissenschaft"},
    "politics": {"en": "Politics", "de": "Politik"},
}

# ----------------------------------------------------------------- word lists
# Plain vocabulary; sentences are stitched from it by the patterns further down.

EN = {
    "noun": """government council parliament minister committee budget reform proposal report
        agency company bank market index price rate inflation growth economy industry sector
        railway airport harbour bridge road tunnel hospital school university court police army
        election vote campaign party coalition majority opposition alliance treaty summit
        talks agreement deal contract investment fund tax tariff subsidy pension salary
        strike protest union worker employer farmer tourist resident citizen voter official
        spokesman spokeswoman expert analyst economist researcher scientist study survey
        climate weather storm flood drought fire heat snow avalanche glacier river lake
        energy power electricity gas oil nuclear plant grid supply demand shortage crisis
        border region canton city village district capital province state country neighbour
        team club match season league title cup race final coach player goal record
        festival museum exhibition concert film theatre prize award author artist audience
        system network platform service software data security attack risk warning plan""",
    "adj": """new old major minor national regional local federal international foreign domestic
        economic political social public private financial military medical technical
        strong weak high low rising falling record historic first last final early late
        controversial popular unexpected surprising cautious clear broad narrow key central
        annual monthly weekly recent current former future possible likely additional""",
    "verb_past": """announced approved rejected proposed presented confirmed criticised welcomed
        postponed extended reduced increased raised cut signed agreed discussed defended
        warned promised reported revealed launched opened closed suspended resumed reached
        won lost beat missed doubled halved delayed questioned backed blocked examined""",
    "verb": """approve reject propose present confirm review extend reduce increase raise cut
        sign discuss defend support launch open close suspend resume reach win lose""",
    "prep": "in at from for with after before during despite against under over near".split(),
    "time": """on Monday|on Tuesday|on Wednesday|on Thursday|on Friday|at the weekend|last week|this
        year|next month|in the spring|by the end of the year|in the coming weeks|since January""",
    "say": "said|told reporters|explained|stressed|added|argued|insisted|noted",
    "heading": """Criticism from the opposition|A long road ahead|Questions remain|Reactions
        abroad|What happens next|Figures at a glance|Mixed feelings|Pressure is growing""",
}

DE = {
    "noun": """Regierung Rat Parlament Ministerin Kommission Budget Reform Vorschlag Bericht
        Behörde Firma Bank Markt Index Preis Zins Teuerung Wachstum Wirtschaft Industrie Branche
        Bahn Flughafen Hafen Brücke Strasse Tunnel Spital Schule Universität Gericht Polizei Armee
        Wahl Abstimmung Kampagne Partei Koalition Mehrheit Opposition Allianz Vertrag Gipfel
        Gespräche Einigung Abkommen Auftrag Investition Fonds Steuer Zoll Subvention Rente Lohn
        Streik Protest Gewerkschaft Belegschaft Bauernschaft Gäste Bevölkerung Stimmvolk
        Sprecher Sprecherin Fachleute Analyse Ökonomin Forscherin Studie Umfrage
        Klima Wetter Sturm Hochwasser Dürre Brand Hitze Schnee Lawine Gletscher Fluss See
        Energie Strom Gas Öl Kernkraft Anlage Netz Angebot Nachfrage Mangel Krise
        Grenze Region Kanton Stadt Dorf Bezirk Hauptstadt Provinz Staat Land Nachbarland
        Mannschaft Klub Spiel Saison Liga Titel Pokal Rennen Finale Trainer Spieler Tor Rekord
        Festival Museum Ausstellung Konzert Film Theater Preis Auszeichnung Autorin Publikum
        System Netzwerk Plattform Dienst Software Daten Sicherheit Angriff Risiko Warnung Plan""",
    "adj": """neue alte grosse kleine nationale regionale lokale eidgenössische internationale
        ausländische wirtschaftliche politische soziale öffentliche private finanzielle
        militärische medizinische technische starke schwache hohe tiefe steigende sinkende
        historische erste letzte frühe späte umstrittene beliebte unerwartete überraschende
        vorsichtige klare breite zentrale jährliche aktuelle frühere künftige mögliche""",
    "verb_past": """kündigte|genehmigte|lehnte|schlug|präsentierte|bestätigte|kritisierte|begrüsste
        |verschob|verlängerte|senkte|erhöhte|unterzeichnete|diskutierte|verteidigte|warnte vor
        |versprach|meldete|eröffnete|schloss|erreichte|gewann|verlor|verdoppelte|blockierte""",
    "verb": """genehmigen ablehnen vorschlagen prüfen verlängern senken erhöhen unterzeichnen
        diskutieren verteidigen unterstützen eröffnen schliessen erreichen gewinnen verlieren""",
    "prep": "in bei aus für mit nach vor während trotz gegen unter über neben".split(),
    "time": """am Montag|am Dienstag|am Mittwoch|am Donnerstag|am Freitag|am Wochenende|letzte
        Woche|dieses Jahr|nächsten Monat|im Frühling|bis Ende Jahr|in den kommenden Wochen|seit Januar""",
    "say": "sagte|erklärte|betonte|fügte an|argumentierte|hielt fest|sagte vor den Medien",
    "heading": """Kritik der Opposition|Ein langer Weg|Offene Fragen|Reaktionen aus dem
        Ausland|Wie es weitergeht|Die Zahlen im Überblick|Gemischte Gefühle|Der Druck wächst""",
}

PLACES = """Zurich Bern Geneva Basel Lausanne Lugano Lucerne St.Gallen Chur Sion Berlin Vienna
    Paris Rome Milan Brussels London Madrid Lisbon Warsaw Prague Budapest Stockholm Oslo
    Washington Ottawa Tokyo Seoul Delhi Nairobi Cairo Brasilia Canberra Wellington""".split()
FIRST_NAMES = """Anna Laura Sarah Julia Lea Nina Sophie Marie Elena Clara Martina Andrea Sandra
    Claudia Monika Ursula Esther Ruth Petra Karin Simone Eva Daniela Barbara Helen Nora
    Thomas Daniel Peter Andreas Martin Michael Stefan Christian Markus Lukas David Marco
    Luca Simon Matthias Beat Urs Reto Jonas Felix Samuel Adrian Patrick Roman Oliver Tobias
    Jan Nicolas Pascal Fabian Philipp Dominik""".split()
LAST_NAMES = """Müller Meier Schmid Keller Weber Huber Schneider Meyer Steiner Fischer Gerber
    Brunner Baumann Frei Zimmermann Moser Widmer Wyss Graf Roth Suter Baumgartner Bachmann
    Studer Bucher Berger Kaufmann Hofmann Bühler Lehmann Kälin Marti Koch Egli Arnold Sutter
    Schärer Bürki Lüthi Vogel Hess Wenger Rüegg Burri Gasser Aebi Kunz Fuchs Wolf Haas
    Sommer Winter Lang Kurz Jäger Bauer Koller Imhof Ammann Zürcher Rossi Bianchi Romano
    Colombo Ricci Dubois Martin Bernard Favre Rochat Girard Perrin Blanc""".split()
TAG_HEADS = """Rail Bank Energy Climate Health Housing Pension Water Border Trade Tax Data Space
    Farm Wine Glacier Avalanche Harbour Airport Tunnel Film Music Art Book Ski Football
    Hockey Tennis Cycling Alpine School Labour Army Police Court Privacy Drone Satellite
    Vaccine Museum Tourism Transit Bridge""".split()
TAG_TAILS = """Reform Policy Crisis Agreement Dispute Strike Summit Budget Market Safety Research
    Strategy Funding Scandal Election Season Initiative Referendum Festival Prize""".split()


def _vocabulary_lists(raw: dict) -> dict[str, list[str]]:
    """Word lists from the strings above: "|" separates phrases, else whitespace separates words."""
    def split(value):
        if isinstance(value, list):
            return value
        return [" ".join(part.split()) for part in value.split("|")] if "|" in value else value.split()

    return {key: split(value) for key, value in raw.items()}


_EN = _vocabulary_lists(EN)
_DE = _vocabulary_lists(DE)


# ---------------------------------------------------------------- the corpus


@dataclass(frozen=True)
class Version:
    """One language version of a story, as every tool needs it."""

    lang: str
    title: str
    slug: str
    summary: str
    #: Markdown: paragraphs and one ``##`` subheading.
    body: str


@dataclass(frozen=True)
class Story:
    """One news story in both languages."""

    index: int
    id: str
    published: datetime
    category: str
    agency: str
    dateline: str
    tags: tuple[str, ...]
    persons: tuple[str, ...]
    versions: dict[str, Version]

    @property
    def folder(self) -> str:
        """``YYYY/MM`` in the site time zone, the same for every tool."""
        return f"{self.published:%Y}/{self.published:%m}"


@dataclass(frozen=True)
class Vocabulary:
    """The tag and person pools, each with Zipf-like cumulative weights."""

    tags: tuple[str, ...]
    persons: tuple[str, ...]
    tag_weights: tuple[float, ...]
    person_weights: tuple[float, ...]


def build_vocabulary() -> Vocabulary:
    """300 tags and 2,000 persons, the same for every N."""
    rng = random.Random(f"{SEED}:vocabulary")
    tags = [f"{head} {tail}" for head in TAG_HEADS for tail in TAG_TAILS]
    rng.shuffle(tags)
    persons = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(persons)
    return Vocabulary(tuple(tags[:TAG_COUNT]), tuple(persons[:PERSON_COUNT]), _zipf(TAG_COUNT), _zipf(PERSON_COUNT))


def _zipf(count: int, exponent: float = 0.9) -> tuple[float, ...]:
    total, cumulative = 0.0, []
    for rank in range(count):
        total += 1.0 / (rank + 1) ** exponent
        cumulative.append(total)
    return tuple(cumulative)


def _pick(rng: random.Random, pool: tuple[str, ...], weights: tuple[float, ...], count: int) -> tuple[str, ...]:
    chosen: dict[str, None] = {}
    while len(chosen) < count:
        chosen[rng.choices(pool, cum_weights=weights)[0]] = None
    return tuple(chosen)


def make_story(index: int, vocabulary: Vocabulary, taken: set[tuple[str, str, str]]) -> Story:
    """Story number ``index``; ``taken`` holds (lang, folder, slug) already in use and is updated."""
    rng = random.Random(f"{SEED}:story:{index}")
    published = FIRST_DAY + timedelta(days=rng.randrange(DAYS), minutes=rng.randrange(6 * 60, 22 * 60))
    published = published.astimezone(TIMEZONE)  # normalise the UTC offset across DST changes
    tags = _pick(rng, vocabulary.tags, vocabulary.tag_weights, rng.randint(2, 5))
    persons = _pick(rng, vocabulary.persons, vocabulary.person_weights, rng.randint(1, 4))
    story_id = f"{rng.getrandbits(48):012x}"
    category = rng.choice(sorted(CATEGORIES))
    agency = rng.choice(("SDA", "Keystone-SDA", "AP"))
    dateline = rng.choice(PLACES)
    folder = f"{published:%Y}/{published:%m}"
    versions = {}
    for lang, words in (("en", _EN), ("de", _DE)):
        title, paragraphs, heading = _text(rng, words, lang, persons, tags, dateline)
        slug = _unique_slug(slugify(title, 60), lang, folder, taken)
        body = "\n\n".join([*paragraphs[:3], f"## {heading}", *paragraphs[3:]])
        versions[lang] = Version(lang, title, slug, paragraphs[0].split(". ")[0].rstrip(".") + ".", body)
    return Story(index, story_id, published, category, agency, dateline, tags, persons, versions)


def iter_stories(n: int, taken: set[tuple[str, str, str]] | None = None) -> Iterator[Story]:
    """Stories 0 to n-1, one at a time: a corpus of 100,000 stories never has to fit in memory.

    ``taken`` (filled as the stories come) ends up holding every (lang, folder, slug) used.
    """
    vocabulary = build_vocabulary()
    taken = set() if taken is None else taken
    for index in range(n):
        yield make_story(index, vocabulary, taken)


def make_stories(n: int) -> list[Story]:
    return list(iter_stories(n))


#: Stories the "publish 10" scenario adds one after another (after the "add one" story).
PUBLISH_COUNT = 10
#: Time between two published stories; the first comes this long after the "add one" story.
PUBLISH_INTERVAL = timedelta(minutes=10)


def partner_indexes(n: int, number: int) -> tuple[int, int]:
    """The two existing stories whose tags and persons new story ``number`` shares (0: "add one")."""
    return number % n, (n // 2 + number) % n


def edited_index(n: int) -> int:
    """The story whose English version the "edit one" scenario appends to: one from the middle."""
    return n // 2


def make_new_story(n: int, number: int, partners: tuple[Story, Story], published: datetime, taken: set[tuple[str, str, str]]) -> Story:
    """New story ``number`` (0: the "add one" story, 1-10: the "publish 10" ones), published at
    ``published`` (newer than any in the corpus), sharing the tags and persons of ``partners``
    so their term pages change too; ``taken`` holds the slugs in use and is updated."""
    story = make_story(n + number, build_vocabulary(), set())
    first, second = partners
    tags = tuple(dict.fromkeys(first.tags[:2] + second.tags[:2]))
    persons = tuple(dict.fromkeys(first.persons[:1] + second.persons[:1]))
    new = Story(story.index, "ffff" + story.id[4:], published, first.category, story.agency, story.dateline, tags, persons, story.versions)
    return _reslug(new, taken)


@dataclass(frozen=True)
class ScenarioStories:
    """What the benchmark's scenarios change in a corpus of N stories."""

    #: The story whose English version "edit one" appends to.
    edited: Story
    #: The story "add one" adds: the newest of all.
    added: Story
    #: The stories "publish 10" adds one after another, each newer than the one before.
    published: tuple[Story, ...]


def make_scenario_stories(n: int, known: dict[int, Story], newest: datetime, taken: set[tuple[str, str, str]]) -> ScenarioStories:
    """The edited and the new stories, from the corpus stories they refer to (``known``, by index),
    the newest publication time in the corpus and every slug it uses (``taken``, updated)."""
    new = []
    for number in range(PUBLISH_COUNT + 1):
        partners = tuple(known[i] for i in partner_indexes(n, number))
        published = newest + timedelta(hours=1) + number * PUBLISH_INTERVAL
        new.append(make_new_story(n, number, partners, published, taken))
    return ScenarioStories(known[edited_index(n)], new[0], tuple(new[1:]))


def referenced_indexes(n: int) -> set[int]:
    """Indexes of the corpus stories ``make_scenario_stories`` needs."""
    return {edited_index(n), *(i for number in range(PUBLISH_COUNT + 1) for i in partner_indexes(n, number))}


def _reslug(story: Story, taken: set[tuple[str, str, str]]) -> Story:
    """The story with slugs unique in its (final) month folder."""
    versions = {lang: Version(v.lang, v.title, _unique_slug(slugify(v.title, 60), lang, story.folder, taken), v.summary, v.body) for lang, v in story.versions.items()}
    return Story(story.index, story.id, story.published, story.category, story.agency, story.dateline, story.tags, story.persons, versions)


# German spelling rules for umlauts, as newsgen's slugs follow them (Zürich -> zuerich).
_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def slugify(text: str, max_length: int) -> str:
    """``[a-z0-9-]`` only, cut at a word boundary."""
    folded = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATION)).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return slug[:max_length].rsplit("-", 1)[0] if len(slug) > max_length else slug


def _unique_slug(slug: str, lang: str, folder: str, taken: set[tuple[str, str, str]]) -> str:
    candidate, number = slug or "story", 2
    while (lang, folder, candidate) in taken:
        candidate, number = f"{slug}-{number}", number + 1
    taken.add((lang, folder, candidate))
    return candidate


def _text(rng: random.Random, w: dict, lang: str, persons, tags, place) -> tuple[str, list[str], str]:
    """Title, ~500 words in paragraphs, and a subheading."""
    sentence = _sentence_en if lang == "en" else _sentence_de
    title_words = [rng.choice(w["adj"]).capitalize(), rng.choice(w["noun"]), rng.choice(w["verb_past"]), rng.choice(w["noun"]), rng.choice(w["prep"]), place]
    if rng.random() < 0.5:
        title_words.insert(0, rng.choice(persons).split()[-1] + ":")
    title = " ".join(title_words)
    paragraphs, words = [], 0
    while words < 480:
        paragraph = " ".join(sentence(rng, w, persons, tags, place) for _ in range(rng.randint(3, 5)))
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    return title, paragraphs, rng.choice(w["heading"])


def _sentence_en(rng: random.Random, w: dict, persons, tags, place) -> str:
    c = rng.choice
    patterns = (
        lambda: f"The {c(w['adj'])} {c(w['noun'])} {c(w['verb_past'])} the {c(w['noun'])} {c(w['prep'])} {place} {c(w['time'])}",
        lambda: f"{c(persons)} {c(w['say'])} that the {c(w['noun'])} would {c(w['verb'])} the {c(w['adj'])} {c(w['noun'])} {c(w['time'])}",
        lambda: f"According to the {c(w['noun'])}, the {c(w['noun'])} {c(w['verb_past'])} the {c(w['noun'])} by {rng.randint(2, 40)} percent",
        lambda: f"Talks on the {c(tags)} {c(w['verb_past'])} a {c(w['adj'])} {c(w['noun'])} {c(w['prep'])} the {c(w['noun'])} of {c(PLACES)}",
        lambda: f"A {c(w['adj'])} {c(w['noun'])} {c(w['verb_past'])} {rng.randint(3, 900)} {c(w['noun'])}s {c(w['prep'])} the {c(w['adj'])} {c(w['noun'])}",
        lambda: f"\"We will {c(w['verb'])} the {c(w['noun'])},\" {c(persons)} {c(w['say'])} {c(w['time'])}",
    )
    text = c(patterns)()
    return text[0].upper() + text[1:] + "."


def _sentence_de(rng: random.Random, w: dict, persons, tags, place) -> str:
    c = rng.choice
    patterns = (
        lambda: f"Die {c(w['adj'])} {c(w['noun'])} {c(w['verb_past'])} {c(w['time'])} die {c(w['noun'])} {c(w['prep'])} {place}",
        lambda: f"{c(persons)} {c(w['say'])}, die {c(w['noun'])} werde die {c(w['adj'])} {c(w['noun'])} {c(w['time'])} {c(w['verb'])}",
        lambda: f"Laut der {c(w['noun'])} {c(w['verb_past'])} die {c(w['noun'])} die {c(w['noun'])} um {rng.randint(2, 40)} Prozent",
        lambda: f"Die Gespräche zum Thema {c(tags)} brachten eine {c(w['adj'])} {c(w['noun'])} {c(w['prep'])} {c(PLACES)}",
        lambda: f"Eine {c(w['adj'])} {c(w['noun'])} {c(w['verb_past'])} {rng.randint(3, 900)} {c(w['noun'])} {c(w['prep'])} der {c(w['adj'])} {c(w['noun'])}",
        lambda: f"«Wir werden die {c(w['noun'])} {c(w['verb'])}», {c(w['say'])} {c(persons)} {c(w['time'])}",
    )
    text = c(patterns)()
    return text[0].upper() + text[1:] + "."


# ------------------------------------------------------------ newsgen project


def write_newsgen_skeleton(root: Path) -> None:
    """site.toml; the stories go to content/, and the runner copies templates/ in."""
    languages = "\n".join(f'[language.{lang}]\ntitle = "{SITE_TITLES[lang]}"\n' for lang in LANGS)
    _write(
        root / "site.toml",
        f'title = "{SITE_TITLES["en"]}"\nbase_url = "{BASE_URL}"\nlanguages = ["en", "de"]\n'
        f'default_language = "en"\ntimezone = "{TIMEZONE.key}"\npage_size = {PAGE_SIZE}\n'
        # Hugo and Pelican build no search index; bench/features.py measures newsgen's.
        f'search = false\n\n{languages}',
    )


def newsgen_article_path(root: Path, story: Story, lang: str) -> Path:
    return root / "content" / "articles" / story.folder / f"{story.versions['en'].slug}.{lang}.md"


#: libyaml's emitter writes the same text as PyYAML's own, five times faster (most of the
#: corpus' generation time went to front matter); the pure-Python one where libyaml is missing.
_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def write_newsgen_story(root: Path, story: Story) -> None:
    for lang, version in story.versions.items():
        # Keys in the order generator/content/store.py writes them.
        meta = {
            "id": story.id, "lang": lang, "title": version.title, "slug": version.slug,
            "category": story.category, "agency": story.agency, "published": story.published.isoformat(),
            "dateline": story.dateline, "summary": version.summary, "tags": list(story.tags), "persons": list(story.persons),
        }
        if lang != "en":
            meta["translation"] = {"source_lang": "en", "status": "human"}
        head = yaml.dump(meta, Dumper=_YAML_DUMPER, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False)
        _write(newsgen_article_path(root, story, lang), f"---\n{head}---\n\n{version.body}\n")


# --------------------------------------------------------------- Hugo project

HUGO_CONFIG = f"""baseURL = "{BASE_URL}"
title = "{SITE_TITLES['en']}"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
timeZone = "{TIMEZONE.key}"
enableRobotsTXT = false

# No /page/1/ redirect stubs: newsgen and Pelican write none either.
[pagination]
  pagerSize = {PAGE_SIZE}
  disableAliases = true

[taxonomies]
  tag = "tags"
  person = "persons"
  category = "categories"

[outputs]
  home = ["html", "rss"]
  section = ["html", "rss"]
  taxonomy = ["html", "rss"]
  term = ["html", "rss"]

# Feeds list the newest 20 entries, like the pages.
[services.rss]
  limit = {PAGE_SIZE}

[languages.en]
  weight = 1
  label = "English"
  title = "{SITE_TITLES['en']}"

[languages.de]
  weight = 2
  label = "Deutsch"
  title = "{SITE_TITLES['de']}"
"""

HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<title>{{ if not .IsHome }}{{ .Title }} – {{ end }}{{ site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | absURL }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}">{{ end }}
</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav><a href="{{ "tags/" | relLangURL }}">Tags</a> <a href="{{ "persons/" | relLangURL }}">Persons</a> <a href="{{ "categories/" | relLangURL }}">Categories</a></nav>
<nav>{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.Label }}</a> {{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "single.html": """{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date | time.Format ":date_long" }}</time>
{{ range .GetTerms "categories" }} · <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
<p>{{ range .GetTerms "persons" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ .Content }}
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</article>{{ end }}
""",
    "_partials/teasers.html": """{{ $pager := .Paginate .Pages }}
<ul>{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date | time.Format ":date_medium" }}</time><p>{{ .Summary }}</p></li>{{ end }}</ul>
<nav>{{ with $pager.Prev }}<a href="{{ .URL }}" rel="prev">←</a>{{ end }} {{ $pager.PageNumber }}/{{ $pager.TotalPages }} {{ with $pager.Next }}<a href="{{ .URL }}" rel="next">→</a>{{ end }}</nav>
""",
    "home.html": """{{ define "main" }}<h1>{{ site.Title }}</h1>
{{ $pager := .Paginate site.RegularPages }}
<ul>{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date | time.Format ":date_medium" }}</time><p>{{ .Summary }}</p></li>{{ end }}</ul>
<nav>{{ with $pager.Prev }}<a href="{{ .URL }}" rel="prev">←</a>{{ end }} {{ $pager.PageNumber }}/{{ $pager.TotalPages }} {{ with $pager.Next }}<a href="{{ .URL }}" rel="next">→</a>{{ end }}</nav>
{{ end }}
""",
    # Years list their months; months list their stories, paginated.
    "section.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ with .Sections }}<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .RegularPages }})</li>{{ end }}</ul>
{{ else }}{{ partial "teasers.html" . }}{{ end }}{{ end }}
""",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
    "term.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ partial "teasers.html" . }}{{ end }}
""",
    "404.html": """{{ define "main" }}<h1>Not found</h1><p><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></p>{{ end }}
""",
}


def write_hugo_skeleton(root: Path) -> None:
    """Configuration, layouts and the home pages' ``_index`` files."""
    _write(root / "hugo.toml", HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        _write(root / "layouts" / name, text)
    _write(root / "static" / "style.css", "body { max-width: 40rem; margin: auto; font-family: sans-serif; }\n")
    for lang in LANGS:
        _write(root / "content" / f"_index.{lang}.md", f"---\ntitle: {json.dumps(SITE_TITLES[lang])}\n---\n")


def hugo_article_path(root: Path, story: Story, lang: str) -> Path:
    return root / "content" / story.folder / f"{story.versions[lang].slug}.{lang}.md"


def write_hugo_story(root: Path, story: Story) -> None:
    year, month = story.folder.split("/")
    for lang, version in story.versions.items():
        for folder, title in ((root / "content" / year, year), (root / "content" / year / month, f"{year}-{month}")):
            index = folder / f"_index.{lang}.md"
            if not index.exists():
                _write(index, f"---\ntitle: \"{title}\"\n---\n")
        front = {
            "title": version.title,
            "date": story.published.isoformat(),
            "slug": version.slug,
            "translationKey": story.id,
            "summary": version.summary,
            "categories": [CATEGORIES[story.category][lang]],
            "tags": list(story.tags),
            "persons": list(story.persons),
        }
        head = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in front.items())
        _write(hugo_article_path(root, story, lang), f"---\n{head}---\n\n{version.body}\n")


# ------------------------------------------------------------ Pelican project

PELICAN_CONFIG = f"""# Pelican settings for the benchmark corpus (see bench/corpus.py).
SITENAME = {SITE_TITLES['en']!r}
SITEURL = ""
RELATIVE_URLS = True
FEED_DOMAIN = {BASE_URL.rstrip("/")!r}
PATH = "content"
ARTICLE_PATHS = [""]
STATIC_PATHS = []
THEME = "theme"
TIMEZONE = {TIMEZONE.key!r}
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = {PAGE_SIZE}
PAGINATED_TEMPLATES = {{"index": None, "tag": None, "category": None, "author": None, "period_archives": None}}
PAGINATION_PATTERNS = [
    (1, "{{url}}", "{{save_as}}"),
    (2, "{{base_name}}/page/{{number}}/", "{{base_name}}/page/{{number}}/index.html"),
]
ARTICLE_TRANSLATION_ID = "translationkey"
ARTICLE_URL = "{{date:%Y}}/{{date:%m}}/{{slug}}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_SAVE_AS
YEAR_ARCHIVE_URL = "{{date:%Y}}/"
YEAR_ARCHIVE_SAVE_AS = "{{date:%Y}}/index.html"
MONTH_ARCHIVE_URL = "{{date:%Y}}/{{date:%m}}/"
MONTH_ARCHIVE_SAVE_AS = "{{date:%Y}}/{{date:%m}}/index.html"
# Persons are authors: Pelican's second multi-valued taxonomy.
TAG_URL, TAG_SAVE_AS = "tags/{{slug}}/", "tags/{{slug}}/index.html"
AUTHOR_URL, AUTHOR_SAVE_AS = "persons/{{slug}}/", "persons/{{slug}}/index.html"
CATEGORY_URL, CATEGORY_SAVE_AS = "categories/{{slug}}/", "categories/{{slug}}/index.html"
TAGS_SAVE_AS, AUTHORS_SAVE_AS, CATEGORIES_SAVE_AS = "tags/index.html", "persons/index.html", "categories/index.html"
ARCHIVES_SAVE_AS = "archive/index.html"
# Feeds: all, per category, per person, per tag; the newest 20 entries each.
FEED_MAX_ITEMS = {PAGE_SIZE}
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/category-{{slug}}.atom.xml"
AUTHOR_FEED_ATOM = "feeds/person-{{slug}}.atom.xml"
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = "feeds/tag-{{slug}}.atom.xml"
TRANSLATION_FEED_ATOM = None
# Pelican's content cache (off by default) so that rebuilds can reuse parsed articles.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
PLUGINS = ["pelican.plugins.i18n_subsites"]
I18N_SUBSITES = {{"de": {{"SITENAME": {SITE_TITLES['de']!r}}}}}
"""

PELICAN_THEME = {
    "base.html": """<!doctype html>
<html lang="{{ DEFAULT_LANG }}">
<head><meta charset="utf-8"><title>{% block title %}{{ SITENAME }}{% endblock %}</title>
<link rel="stylesheet" href="{{ SITEURL }}/{{ THEME_STATIC_DIR }}/style.css">
{% block head %}{% endblock %}</head>
<body>
<header><a href="{{ SITEURL }}/">{{ SITENAME }}</a>
<nav><a href="{{ SITEURL }}/{{ TAGS_SAVE_AS|replace('index.html', '') }}">Tags</a> <a href="{{ SITEURL }}/{{ AUTHORS_SAVE_AS|replace('index.html', '') }}">Persons</a> <a href="{{ SITEURL }}/{{ CATEGORIES_SAVE_AS|replace('index.html', '') }}">Categories</a></nav>
</header>
<main>{% block content %}{% endblock %}</main>
</body>
</html>
""",
    "article.html": """{% extends "base.html" %}
{% block title %}{{ article.title }} – {{ SITENAME }}{% endblock %}
{% block head %}{% for t in article.translations %}<link rel="alternate" hreflang="{{ t.lang }}" href="{{ SITEURL }}/{{ t.url }}">{% endfor %}{% endblock %}
{% block content %}<article>
<h1>{{ article.title }}</h1>
<p><time datetime="{{ article.date.isoformat() }}">{{ article.locale_date }}</time> · <a href="{{ SITEURL }}/{{ article.category.url }}">{{ article.category }}</a></p>
<p>{% for a in article.authors %}<a href="{{ SITEURL }}/{{ a.url }}">{{ a }}</a> {% endfor %}</p>
<nav>{% for t in article.translations %}<a href="{{ SITEURL }}/{{ t.url }}" hreflang="{{ t.lang }}">{{ t.lang }}</a> {% endfor %}</nav>
{{ article.content }}
<ul>{% for tag in article.tags %}<li><a href="{{ SITEURL }}/{{ tag.url }}">{{ tag }}</a></li>{% endfor %}</ul>
</article>{% endblock %}
""",
    "teasers.html": """<ul>{% for a in articles_page.object_list %}<li><a href="{{ SITEURL }}/{{ a.url }}">{{ a.title }}</a> <time>{{ a.locale_date }}</time><p>{{ a.summary }}</p></li>{% endfor %}</ul>
<nav>{% if articles_page.has_previous() %}<a href="{{ SITEURL }}/{{ articles_previous_page.url }}" rel="prev">←</a>{% endif %} {{ articles_page.number }}/{{ articles_paginator.num_pages }} {% if articles_page.has_next() %}<a href="{{ SITEURL }}/{{ articles_next_page.url }}" rel="next">→</a>{% endif %}</nav>
""",
    "index.html": """{% extends "base.html" %}{% block content %}<h1>{{ SITENAME }}</h1>{% include "teasers.html" %}{% endblock %}
""",
    "tag.html": """{% extends "base.html" %}{% block content %}<h1>{{ tag }}</h1>{% include "teasers.html" %}{% endblock %}
""",
    "category.html": """{% extends "base.html" %}{% block content %}<h1>{{ category }}</h1>{% include "teasers.html" %}{% endblock %}
""",
    "author.html": """{% extends "base.html" %}{% block content %}<h1>{{ author }}</h1>{% include "teasers.html" %}{% endblock %}
""",
    "period_archives.html": """{% extends "base.html" %}{% block content %}<h1>{{ period | join(' ') }}</h1>{% include "teasers.html" %}{% endblock %}
""",
    "tags.html": """{% extends "base.html" %}{% block content %}<h1>Tags</h1><ul>{% for tag, articles in tags|sort %}<li><a href="{{ SITEURL }}/{{ tag.url }}">{{ tag }}</a> ({{ articles|count }})</li>{% endfor %}</ul>{% endblock %}
""",
    "authors.html": """{% extends "base.html" %}{% block content %}<h1>Persons</h1><ul>{% for author, articles in authors|sort %}<li><a href="{{ SITEURL }}/{{ author.url }}">{{ author }}</a> ({{ articles|count }})</li>{% endfor %}</ul>{% endblock %}
""",
    "categories.html": """{% extends "base.html" %}{% block content %}<h1>Categories</h1><ul>{% for category, articles in categories %}<li><a href="{{ SITEURL }}/{{ category.url }}">{{ category }}</a> ({{ articles|count }})</li>{% endfor %}</ul>{% endblock %}
""",
    # The archive index lists years, like newsgen's; the period pages list the stories.
    "archives.html": """{% extends "base.html" %}{% block content %}<h1>Archive</h1><ul>{% for year in period_archives['year'] %}<li><a href="{{ SITEURL }}/{{ year.url }}">{{ year.period | join(' ') }}</a></li>{% endfor %}</ul>{% endblock %}
""",
    "page.html": """{% extends "base.html" %}{% block content %}<h1>{{ page.title }}</h1>{{ page.content }}{% endblock %}
""",
}


def write_pelican_skeleton(root: Path) -> None:
    """Settings and theme."""
    _write(root / "pelicanconf.py", PELICAN_CONFIG)
    for name, text in PELICAN_THEME.items():
        _write(root / "theme" / "templates" / name, text)
    _write(root / "theme" / "static" / "style.css", "body { max-width: 40rem; margin: auto; font-family: sans-serif; }\n")


def pelican_article_path(root: Path, story: Story, lang: str) -> Path:
    return root / "content" / story.folder / f"{story.versions[lang].slug}.{lang}.md"


def write_pelican_story(root: Path, story: Story) -> None:
    for lang, version in story.versions.items():
        head = (
            f"Title: {version.title}\nDate: {story.published:%Y-%m-%d %H:%M%z}\nSlug: {version.slug}\n"
            f"Lang: {lang}\nTranslationkey: {story.id}\nCategory: {CATEGORIES[story.category][lang]}\n"
            f"Tags: {', '.join(story.tags)}\nAuthors: {', '.join(story.persons)}\nSummary: {version.summary}\n"
        )
        _write(pelican_article_path(root, story, lang), f"{head}\n{version.body}\n")


# ------------------------------------------------------------------ the whole

WRITE_SKELETON = {"newsgen": write_newsgen_skeleton, "hugo": write_hugo_skeleton, "pelican": write_pelican_skeleton}
WRITE_STORY = {"newsgen": write_newsgen_story, "hugo": write_hugo_story, "pelican": write_pelican_story}
ARTICLE_PATH = {"newsgen": newsgen_article_path, "hugo": hugo_article_path, "pelican": pelican_article_path}


def corpus_fingerprint(n: int) -> dict:
    """What the corpus depends on; a stored corpus with another fingerprint is stale."""
    digest = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return {"n": n, "seed": SEED, "corpus_version": CORPUS_VERSION, "sources_sha256": digest}


def corpus_dir(out: Path, n: int) -> Path:
    return out / f"corpus-N{n}"


def is_current(out: Path, n: int) -> bool:
    """True when ``out`` holds a complete corpus for N made by this file."""
    stamp = corpus_dir(out, n) / STAMP
    return stamp.exists() and json.loads(stamp.read_text(encoding="utf-8")).get("fingerprint") == corpus_fingerprint(n)


def ensure_corpus(out: Path, n: int, force: bool = False) -> tuple[Path, bool]:
    """The corpus for N under ``out``, generated unless an identical one is there; (folder, generated)."""
    folder = corpus_dir(out, n)
    if not force and is_current(out, n):
        return folder, False
    if folder.exists():
        shutil.rmtree(folder)
    start = time.perf_counter()
    summary = write_corpus(folder, n)
    summary["generation"] = {
        "seconds": round(time.perf_counter() - start, 1),
        # Of this process: right when corpus.py runs as a script, as bench/run.py runs it.
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    summary["disk_mib"] = {tool: round(disk_bytes([folder / tool]) / 2**20, 1) for tool in TOOLS}
    # The stamp is written last: a corpus without one is incomplete and regenerated.
    (folder / STAMP).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return folder, True


def write_corpus(folder: Path, n: int) -> dict:
    """Write the three projects, story by story, and the scenarios' stories; a summary for the stamp.

    Only what the summary and the scenarios need is kept, so memory does not grow with N
    (apart from the slugs in use, a few dozen bytes per article).
    """
    for tool in TOOLS:
        WRITE_SKELETON[tool](folder / tool)
    taken: set[tuple[str, str, str]] = set()
    wanted = referenced_indexes(n)
    known: dict[int, Story] = {}
    tags, persons, words, newest = set(), set(), 0, FIRST_DAY
    for story in iter_stories(n, taken):
        for tool in TOOLS:
            WRITE_STORY[tool](folder / tool, story)
        if story.index in wanted:
            known[story.index] = story
        tags.update(story.tags)
        persons.update(story.persons)
        words += len(story.versions["en"].body.split())
        newest = max(newest, story.published)
    save_scenario_stories(folder, make_scenario_stories(n, known, newest, taken))
    return {
        "fingerprint": corpus_fingerprint(n),
        "stories": n,
        "articles": n * len(LANGS),
        "tags_used": len(tags),
        "persons_used": len(persons),
        "words_per_article_en": round(words / max(n, 1)),
    }


def save_scenario_stories(folder: Path, stories: ScenarioStories) -> None:
    data = {"edited": _story_data(stories.edited), "added": _story_data(stories.added), "published": [_story_data(s) for s in stories.published]}
    (folder / SCENARIO_STORIES).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def load_scenario_stories(folder: Path) -> ScenarioStories:
    """The stories the scenarios edit and add, as ``ensure_corpus`` saved them beside the projects."""
    data = json.loads((folder / SCENARIO_STORIES).read_text(encoding="utf-8"))
    return ScenarioStories(_story(data["edited"]), _story(data["added"]), tuple(_story(s) for s in data["published"]))


def _story_data(story: Story) -> dict:
    return {**asdict(story), "published": story.published.isoformat()}


def _story(data: dict) -> Story:
    versions = {lang: Version(**version) for lang, version in data["versions"].items()}
    published = datetime.fromisoformat(data["published"]).astimezone(TIMEZONE)
    return Story(**{**data, "published": published, "tags": tuple(data["tags"]), "persons": tuple(data["persons"]), "versions": versions})


def disk_bytes(paths: list[Path]) -> int:
    """Space the files under ``paths`` take on disk, a file with several hard links counted once (as du does)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for path in paths:
        stack = [path] if path.is_dir() else []
        while stack:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    info = entry.stat(follow_symlinks=False)
                    if (info.st_dev, info.st_ino) not in seen:
                        seen.add((info.st_dev, info.st_ino))
                        total += info.st_blocks * 512
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(Path(entry.path))
    return total


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the benchmark corpus as newsgen, Hugo and Pelican projects.")
    parser.add_argument("--n", type=int, default=1000, help="stories (each in English and German; default 1000)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out", help="parent folder (default bench/out)")
    parser.add_argument("--force", action="store_true", help="regenerate even if an identical corpus exists")
    args = parser.parse_args(argv)
    folder, generated = ensure_corpus(args.out, args.n, args.force)
    stamp = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    print(f"{'generated' if generated else 'reused'} {folder}: {stamp['articles']} articles, "
          f"{stamp['tags_used']} tags and {stamp['persons_used']} persons used, ~{stamp['words_per_article_en']} words each; "
          f"generated in {stamp['generation']['seconds']:.0f} s (peak RSS {stamp['generation']['peak_rss_mib']:.0f} MiB), "
          f"{sum(stamp['disk_mib'].values()):.0f} MiB on disk ({', '.join(f'{t} {m:.0f}' for t, m in stamp['disk_mib'].items())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
