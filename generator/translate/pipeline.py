"""``newsgen translate``: missing and outdated language versions, made by machine and saved as content.

For each story's source version and each target language:

* no version yet -> translate and save ``<source-stem>.<lang>.md`` next to the
  source, with ``translation: {source_lang, status: machine, provider, source_hash}``;
* a machine version made from an older source -> translate again into the
  same file (the translation memory sends only the changed segments; the slug,
  and so the URL, is kept);
* a ``reviewed`` or ``human`` version is never written: it is only reported
  when its ``source_hash`` differs (or is missing, for files from before this
  feature); a machine version a person has edited is treated the same way.

A version is written only when every one of its segments translated and
passed the checks; segments that did are in the translation memory, so a later
run does not pay for them again. Tag labels missing in a target language are
translated once into ``content/tag-labels.yaml``.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..config.settings import SiteConfig
from ..content.model import Article, Translation
from ..content.people_registry import PeopleRegistry
from ..content.store import check_round_trip, render_article
from ..content.tag_labels import TAG_LABELS_FILE, load_tag_labels, render_tag_labels
from ..content.tag_vocabulary import TagVocabulary
from ..content.vocabulary import load_vocabularies
from ..core.atomic import write_atomic
from ..core.errors import NewsgenError, Report
from ..core.slugs import slugify
from .backend import Backend, TranslationError, make_backend
from .memory import TranslationMemory
from .plan import (
    CURRENT,
    MISSING,
    OUTDATED,
    TO_TRANSLATE,
    StoredArticle,
    Version,
    plan_versions,
)
from .segment_translator import Progress, SegmentTranslator
from .segments import body_segments, join_body, split_body
from .status import stale_message
from .stored_articles import display_path, load_stored_articles


@dataclass(frozen=True)
class TranslateSummary:
    """What a translate run did."""

    #: Paths of versions written for the first time.
    translated: tuple[str, ...] = ()
    #: Paths of machine versions translated again because their source changed.
    refreshed: tuple[str, ...] = ()
    #: Versions that were already made from the current source.
    current: int = 0
    #: Versions kept although their source changed (reviewed, human or hand-edited machine).
    stale: tuple[str, ...] = ()
    #: (source path, language) of versions that could not be made.
    failed: tuple[tuple[str, str], ...] = ()
    #: Tag labels added to content/tag-labels.yaml.
    labels: int = 0
    #: Segments answered by the translation memory (or needing no provider).
    cached: int = 0
    #: Segments sent to the provider.
    sent: int = 0
    #: HTTP requests made (retries and split long texts included).
    requests: int = 0

    def __str__(self) -> str:
        return (
            f"translate: {len(self.translated)} translated, {len(self.refreshed)} refreshed, {self.current} up to date, "
            f"{len(self.stale)} stale (kept), {len(self.failed)} failed; {self.labels} tag labels; "
            f"segments: {self.cached} cached, {self.sent} sent ({self.requests} requests)"
        )


def translate_articles(
    config: SiteConfig,
    targets: Iterable[str],
    report: Report,
    provider: Backend | None = None,
    *,
    memory: TranslationMemory | None = None,
    environ: dict[str, str] | None = None,
    on_progress: Progress | None = None,
) -> TranslateSummary:
    """Translate every missing or outdated version into ``targets``; problems go to ``report``.

    ``provider`` replaces the backend made from ``config.translation`` (tests);
    raises ConfigError before any work when the setup is unusable (API key
    variable unset, a language the provider lacks).
    """
    settings = config.translation
    targets = tuple(targets)
    backend = provider or make_backend(settings, os.environ if environ is None else environ)
    stored = load_stored_articles(config, report)
    versions = plan_versions(stored, targets, config.language_codes)
    for lang in sorted({v.source.article.lang for v in versions} | set(targets)):
        backend.language(lang)  # a language the provider lacks is a setup error: fail before sending
    vocabularies = load_vocabularies(config.content_dir)
    jobs = [v for v in versions if v.state in TO_TRANSLATE]
    label_jobs = _missing_labels(config, stored, jobs, vocabularies.tags, targets)
    total = sum(len(_unique_segments(job.source.article, job.lang, vocabularies.people)) for job in jobs) + sum(map(len, label_jobs.values()))
    own_memory = memory is None
    memory = memory or TranslationMemory(config.root / settings.memory)
    translator = SegmentTranslator(backend, memory, settings, total, on_progress)
    run = _Run(config, translator, vocabularies.people, stored, report)
    try:
        for version in versions:
            run.handle(version)
        labels = run.translate_labels(label_jobs)
    finally:
        if own_memory:
            memory.close()
        if provider is None:
            backend.close()
    return run.summary(labels)


# ---------------------------------------------------------------- articles


def protected_names(article: Article, people: PeopleRegistry) -> tuple[str, ...]:
    """The article's person names and every alias the registry knows for them."""
    names: list[str] = []
    for name in article.persons:
        person = people.find(name)
        names.extend([name, *(person.name, *person.aliases)] if person else [name])
    return tuple(dict.fromkeys(names))


def registry_role(people: PeopleRegistry, name: str, lang: str) -> str | None:
    person = people.find(name)
    return (person.role(lang) or person.role(lang.split("-")[0])) if person else None


def _unique_segments(source: Article, lang: str, people: PeopleRegistry) -> set[tuple[str, bool]]:
    """(text, is Markdown) of everything translated for one version; for the progress total."""
    texts = {(t, False) for t in (source.title, source.summary, source.image.caption if source.image else "") if t}
    texts |= {(role, False) for name, role in source.roles if not registry_role(people, name, lang)}
    return texts | {(t, True) for t in body_segments(split_body(source.body))}


@dataclass
class _Run:
    """The state of one translate run (counts for the summary, slugs taken)."""

    config: SiteConfig
    translator: SegmentTranslator
    people: PeopleRegistry
    stored: list[StoredArticle]
    report: Report
    translated: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    current: int = 0

    def __post_init__(self) -> None:
        self.slugs: dict[str, dict[str, str]] = defaultdict(dict)  # lang -> slug -> id
        for item in self.stored:
            self.slugs[item.article.lang].setdefault(item.article.slug, item.article.id)

    def summary(self, labels: int) -> TranslateSummary:
        return TranslateSummary(
            translated=tuple(self.translated),
            refreshed=tuple(self.refreshed),
            current=self.current,
            stale=tuple(self.stale),
            failed=tuple(self.failed),
            labels=labels,
            cached=self.translator.cached,
            sent=self.translator.sent,
            requests=self.translator.backend.requests,
        )

    def handle(self, version: Version) -> None:
        if version.state == CURRENT:
            self.current += 1
        elif version.state in (MISSING, OUTDATED):
            self.translate(version)
        else:
            self.stale.append(self.name(version.existing.path))
            self.report.warn(stale_message(version), self.name(version.existing.path))

    def translate(self, version: Version) -> None:
        try:
            path = version.existing.path if version.existing else self.new_path(version.source, version.lang)
            article = self.translate_article(version.source, version.lang, version.existing)
            text = render_article(article, with_digest=True)
            check_round_trip(article, text, self.name(path))  # never save what a build would refuse or read differently
        except NewsgenError as exc:
            self.fail(version, [exc])
            return
        except _SegmentFailures as failures:
            self.fail(version, failures.errors)
            return
        write_atomic(path, text)
        self.slugs[version.lang][article.slug] = article.id
        (self.refreshed if version.existing else self.translated).append(self.name(path))

    def fail(self, version: Version, errors: list[NewsgenError]) -> None:
        self.failed.append((self.name(version.source.path), version.lang))
        for message in dict.fromkeys(f"not translated into {version.lang}: {error.message}" for error in errors):
            self.report.error(message, self.name(version.source.path))

    def translate_article(self, stored: StoredArticle, lang: str, existing: StoredArticle | None) -> Article:
        """The ``lang`` version of a source; raises _SegmentFailures listing every segment that failed.

        Every segment is attempted even after one fails, so that the ones that
        work are in the translation memory for the next run.
        """
        source = stored.article
        names = protected_names(source, self.people)
        errors: list[TranslationError] = []
        done: dict[tuple[str, bool], str] = {}

        def text(value: str | None, markdown: bool = False) -> str | None:
            if not value or not value.strip():
                return value
            if (value, markdown) not in done:
                try:
                    done[(value, markdown)] = self.translator.translate(value, source.lang, lang, names, markdown)
                except TranslationError as exc:
                    errors.append(exc)
                    done[(value, markdown)] = value
            return done[(value, markdown)]

        title = text(source.title)
        summary = text(source.summary)
        image = replace(source.image, caption=text(source.image.caption)) if source.image else None
        roles = tuple((name, registry_role(self.people, name, lang) or text(role)) for name, role in source.roles)
        blocks = split_body(source.body)
        body = join_body(blocks, {segment: text(segment, markdown=True) for segment in dict.fromkeys(body_segments(blocks))})
        if errors:
            raise _SegmentFailures(errors)
        slug = existing.article.slug if existing else self.new_slug(title, source, lang)
        return Article(
            id=source.id,
            lang=lang,
            title=title,
            slug=slug,
            category=source.category,
            agency=source.agency,
            published=source.published,
            body=body,
            summary=summary,
            dateline=source.dateline,
            byline=source.byline,
            credits=source.credits,
            image=image,
            tags=source.tags,
            persons=source.persons,
            roles=roles,
            translation=Translation(source.lang, "machine", self.translator.backend.name, stored.hash),
        )

    def new_slug(self, title: str, source: Article, lang: str) -> str:
        """The slugified translated title, made unique within the language."""
        base = slugify(title) or source.slug
        taken = self.slugs[lang]
        slug, number = base, 2
        while taken.get(slug, source.id) != source.id:
            slug, number = f"{base}-{number}", number + 1
        return slug

    def new_path(self, source: StoredArticle, lang: str) -> Path:
        """Next to the source file: ``<source-stem>.<lang>.md``."""
        suffix = f".{source.article.lang}.md"
        name = source.path.name
        stem = name[: -len(suffix)] if name.endswith(suffix) else source.article.slug
        path = source.path.with_name(f"{stem}.{lang}.md")
        if path.exists():
            raise NewsgenError(f"{self.name(path)} exists but is not the {lang} version of story {source.article.id}; move it aside")
        return path

    def translate_labels(self, jobs: dict[str, list[tuple[str, str]]]) -> int:
        """Add missing tag labels to content/tag-labels.yaml; the number added."""
        if not jobs:
            return 0
        path = self.config.content_dir / TAG_LABELS_FILE
        labels = load_tag_labels(path)
        added = 0
        for lang, wanted in jobs.items():
            for tag_id, label in wanted:
                try:
                    translated = self.translator.translate(label, self.config.default_language, lang, (), False)
                except TranslationError as exc:
                    self.report.error(f"tag label {label!r} not translated into {lang}: {exc}", self.name(path))
                    continue
                labels.setdefault(tag_id, {})[lang] = translated
                added += 1
        if added:
            write_atomic(path, render_tag_labels(labels))
        return added

    def name(self, path: Path) -> str:
        return display_path(path, self.config.root)


class _SegmentFailures(Exception):
    def __init__(self, errors: list[TranslationError]):
        super().__init__(len(errors))
        self.errors = errors


def _missing_labels(config: SiteConfig, stored: list[StoredArticle], jobs: list[Version], tags: TagVocabulary, targets: tuple[str, ...]) -> dict[str, list[tuple[str, str]]]:
    """(tag id, label in the default language) per target language whose edition uses the tag but has no label for it."""
    used: dict[str, set[str]] = defaultdict(set)
    for item in stored:
        used[item.article.lang].update(item.article.tags)
    for job in jobs:
        used[job.lang].update(job.source.article.tags)
    missing: dict[str, list[tuple[str, str]]] = {}
    for lang in targets:
        if lang == config.default_language:
            continue  # canonical names are in the default language
        wanted = {tag.id: tag.label(config.default_language) for tag in (tags.find(name) for name in used[lang]) if tag and not tag.known_label(lang)}
        if wanted:
            missing[lang] = sorted(wanted.items())
    return missing
