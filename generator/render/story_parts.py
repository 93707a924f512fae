"""A story's photo and terms as any page shows them: on its own page and in teasers.

Separate so that the article page and the listings show a photo, a category, a
tag or a person alike, from one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..site.photos import Photo
from ..site.sitemodel import SiteModel
from ..site.taxonomy import CATEGORY

#: How wide a photo is shown: the text column (about 36rem) on wide screens, the screen on narrow ones.
PHOTO_SIZES = "(min-width: 40rem) 36rem, 100vw"
THUMBNAIL_SIZES = "(min-width: 48rem) 12rem, 33vw"


def photo_context(model: SiteModel, photo: Photo | None, link: Callable[[str], str]) -> dict | None:
    """What ``<picture>`` needs: a WebP srcset, a fallback srcset and src, the intrinsic size (no layout shift)."""
    if photo is None:
        return None
    media_url = model.urls.media

    def srcset(variants) -> str:
        return ", ".join(f"{link(media_url(v.name))} {v.width}w" for v in variants)

    largest = photo.largest
    middle = photo.fallback[min(1, len(photo.fallback) - 1)]
    return {
        "webp_srcset": srcset(photo.webp),
        "srcset": srcset(photo.fallback),
        "src": link(media_url(middle.name)),
        "thumbnail": link(media_url(photo.thumbnail.name)),
        "thumbnail_webp": link(media_url(photo.webp[0].name)) if photo.webp else None,
        "thumbnail_width": photo.thumbnail.width,
        "thumbnail_height": photo.thumbnail.height,
        "fallback_type": largest.mime,
        "width": largest.width,
        "height": largest.height,
        "sizes": PHOTO_SIZES,
        "thumbnail_sizes": THUMBNAIL_SIZES,
    }


# Listing entries are objects rather than dicts: Jinja reads ``entry.href`` as an
# attribute first, and a dict answers only after an AttributeError, twenty times a page.


@dataclass(frozen=True, slots=True)
class TermLink:
    """A tag, person or category as a page shows it; ``href`` is None where it has no page."""

    label: str
    href: str | None
    role: str | None


def term_link(model: SiteModel, kind: str, name: str, lang: str, link: Callable[[str], str]) -> TermLink:
    """Label, link and role of a tag, person or category as named in front matter."""
    taxonomy = model.taxonomies.get(kind)
    term = taxonomy.term_for(name) if taxonomy and name in taxonomy.by_name else None
    if term is None or lang not in term.slugs:
        return TermLink(category_label(model, name, lang) if kind == CATEGORY else name, None, None)
    return TermLink(term.labels[lang], link(model.urls.term(term, lang)), term.roles.get(lang))


def category_label(model: SiteModel, category_id: str, lang: str) -> str:
    for category in model.config.categories:
        if category.id == category_id:
            return category.label(lang)
    return category_id
