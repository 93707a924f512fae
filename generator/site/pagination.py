"""Cutting a newest-first listing into pages whose addresses and stories stay put.

Separate from ``sitepages.py`` because the numbering scheme (see ``Pagination``)
is one decision shared by every listing -- home pages, terms, months -- and the
incremental build relies on it to know which pages a new story changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .sitemodel import Page


@dataclass(frozen=True)
class Pagination:
    """Where a listing page sits among its siblings.

    The front page of a listing shows the newest ``page_size`` stories; older
    ones sit on numbered pages counted from the oldest (page 1 holds the oldest
    stories), ``page_size`` each except the newest numbered page. Publishing a
    story therefore changes the front page and the newest numbered page only:
    every other page keeps its stories and its address for good.
    """

    #: None on the front page; 1 for the oldest numbered page, counting up towards the newest.
    number: int | None
    #: URL of the page with newer articles, or None on the front page.
    prev_url: str | None
    #: URL of the page with older articles, or None on the oldest page.
    next_url: str | None


def paginate(items: tuple[str, ...], size: int) -> list[tuple[int | None, tuple[str, ...]]]:
    """A newest-first listing as (number, items) pages, newest page first (see ``Pagination``).

    The front page (number None) takes the newest ``size`` items and always exists,
    even for an empty listing; the rest fill numbered pages from the oldest up.
    """
    front, older = items[:size], items[size:]
    oldest_first = older[::-1]
    numbered = [(number, oldest_first[start : start + size][::-1]) for number, start in enumerate(range(0, len(older), size), start=1)]
    return [(None, front), *reversed(numbered)]


def build_listing_pages(
    url_for: Callable[[int | None], str],
    template: str,
    lang: str,
    ids: Sequence[Any],
    page_size: int,
    alternates: tuple[tuple[str, str], ...] = (),
    extra: Mapping[str, Any] | None = None,
    *,
    newest: int | None = None,
    holding: int | None = None,
) -> list[Page]:
    """Paginated listing pages of article ids, as ``paginate`` cuts them; only the front page has
    language alternates, because numbered pages of two languages do not show the same stories.

    ``newest``: only the pages that hold the newest ``newest`` stories and the two pages after
    them; ``holding``: only the page that holds the story at that newest-first position. Either
    gives the same pages, read from their stories and the listing's length only: a listing of a
    hundred thousand stories need not be read to show a page of it.
    """
    length = len(ids)
    older = max(length - page_size, 0)
    numbered = -(-older // page_size)
    numbers: list[int | None] = [None, *range(numbered, 0, -1)]

    def index_of(position: int) -> int:
        """Index (front page 0, then newest numbered first) of the page showing a newest-first position."""
        if position < page_size:
            return 0
        return numbered - (length - 1 - position) // page_size

    if holding is not None:
        indexes = range(index_of(holding), index_of(holding) + 1) if 0 <= holding < length else range(0)
    elif newest is not None:
        indexes = range(min(index_of(max(newest - 1, 0)) + 3, len(numbers)))
    else:
        indexes = range(len(numbers))
    url_of = lambda index: url_for(numbers[index])  # noqa: E731
    pages = []
    for index in indexes:
        number = numbers[index]
        start = 0 if number is None else length - min(number * page_size, older)
        stop = min(page_size, length) if number is None else length - (number - 1) * page_size
        pages.append(Page(
            url=url_of(index),
            template=template,
            lang=lang,
            alternates=alternates if number is None else (),
            context=MappingProxyType({
                **(extra or {}),
                "article_ids": tuple(ids[start:stop]),
                "pagination": Pagination(
                    number=number,
                    prev_url=url_of(index - 1) if index > 0 else None,
                    next_url=url_of(index + 1) if index + 1 < len(numbers) else None,
                ),
            }),
        ))
    return pages
