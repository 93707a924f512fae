"""A parsed story as an Article: id, slug, category, persons, tags, summary and body.

The same rules whichever reader made the story, and the same for ``ingest``
and ``ingest --json`` (whose stable view, ``json_record``, is here too). Apart
from reading and writing because they change with what an article holds.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..config.settings import SiteConfig
from ..content.model import Article, WireStory
from ..content.vocabulary import Vocabularies
from ..core.errors import NewsgenError
from ..core.slugs import slugify
from .markdown_escape import blocks_to_markdown
from .newsml import AgencyItem
from .persons import extract_persons
from .rawtext import strip_bidi
from .tags import extract_tags
from .wire import first_sentence


def story_to_article(
    story: WireStory, name: str, raw_hash: str, config: SiteConfig, vocab: Vocabularies, article_id: str | None = None, item: AgencyItem | None = None
) -> Article:
    """Turn a parsed story into an Article with persons, tags, id and slug."""
    paragraphs, texts = story.paragraphs, story.texts
    mentions = extract_persons(story.title, texts, story.lang, vocab.people, exclude=_non_story_names(story))
    # Persons and tags are identities (pages, slugs): an invisible bidi control would make a second one.
    persons = tuple(dict.fromkeys(strip_bidi(m.name) for m in mentions))
    tags = tuple(dict.fromkeys(strip_bidi(tag) for tag in extract_tags(story.title, texts, story.lang, vocab.tags, person_names=persons)))
    slug = slugify(story.title)
    if not slug:
        raise NewsgenError(f"headline {story.title!r} gives no usable URL slug; give the story a headline with letters or digits", name, 1)
    return Article(
        id=article_id or stable_id(story),
        lang=story.lang,
        title=story.title,
        slug=slug,
        category=category_id(config, story.category),
        agency=story.agency or "unknown",
        published=story.published,
        body=blocks_to_markdown(story.blocks),
        summary=first_sentence(paragraphs[0] if paragraphs else texts[0]),
        dateline=story.dateline,
        byline=story.byline,
        credits=story.credits,
        image=story.image,
        tags=tags,
        persons=persons,
        roles=tuple(dict((strip_bidi(m.name), m.role) for m in mentions if m.role).items()),
        source_file=name,
        source_hash=raw_hash,
        source_version=item.version if item else None,
    )


def source_hash(data: bytes, photo: Path | None = None) -> str:
    """The raw text's hash; with a picture delivered beside it, of the text and the picture's name."""
    if photo is not None:
        data = data + b"\0photo:" + photo.name.encode("utf-8")
    return "sha256:" + hashlib.sha256(data).hexdigest()


def stable_id(story: WireStory) -> str:
    """A language-neutral key from publication time and headline: same story, same id."""
    key = f"{story.published.isoformat()}\n{story.title}".encode("utf-8")
    return hashlib.sha256(key).hexdigest()[:12]


def item_article_id(item: AgencyItem | None) -> str | None:
    """An agency item's article id: from its guid, so every version is the same story."""
    return hashlib.sha256(f"guid\n{item.guid}".encode("utf-8")).hexdigest()[:12] if item else None


def category_names(config: SiteConfig) -> list[str]:
    return [name for category in config.categories for name in (*category.labels.values(), *category.aliases)]


def category_id(config: SiteConfig, name: str | None) -> str:
    """The vocabulary id for a category label or alias; unknown ones get a slug id."""
    if not name:
        return config.default_category or "uncategorised"
    for category in config.categories:
        if name in category.labels.values() or name in category.aliases or name.lower() == category.id:
            return category.id
    return slugify(name) or "uncategorised"


def _non_story_names(story: WireStory) -> tuple[str, ...]:
    """Photographers, bylines and editors: named in the copy, never persons of the story."""
    names: list[str] = []
    if story.image and story.image.credit:
        names += [part.strip() for part in re.split(r"[/,;]| and ", story.image.credit)]
    if story.byline:
        names += [part.strip() for part in re.split(r",| and | und | et ", story.byline)]
    if story.credits:
        names += re.findall(r"\b(?:by|writers?|reporters?)\s+((?:[A-ZÀ-Þ][\w'’.-]+\s?){2,4})", story.credits)
    return tuple(name.strip() for name in names if name.strip())


def json_record(story: WireStory, article: Article, name: str, config: SiteConfig) -> dict:
    """The stable machine-readable view of one ingested file (``ingest --json``)."""
    label = next((c.label(article.lang) for c in config.categories if c.id == article.category), story.category)
    image = story.image
    return {
        "file": name,
        "id": article.id,
        "title": story.title,
        "slug": article.slug,
        "category": label,
        "category_id": article.category,
        "agency": article.agency,
        "published": article.published.isoformat(),
        "lang": article.lang,
        "dateline": story.dateline,
        "byline": story.byline,
        "credits": story.credits,
        "summary": article.summary,
        "persons": list(article.persons),
        "roles": dict(article.roles),
        "tags": list(article.tags),
        "caption": image.caption if image else None,
        "photo_credit": image.credit if image else None,
        "image_agency": image.agency if image else None,
        "image_archive": image.archive if image else False,
        "subheadings": list(story.subheadings),
        "body": article.body,
        "warnings": list(story.warnings),
    }
