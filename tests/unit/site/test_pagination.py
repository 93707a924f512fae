"""Cutting a newest-first listing into pages: the whole listing, or only the pages near its newest stories."""

from hypothesis import given
from hypothesis import strategies as st

from generator.site.pagination import build_listing_pages, paginate


def test_paginate_keeps_order_and_has_at_least_one_page():
    assert paginate(("e", "d", "c", "b", "a"), 2) == [(None, ("e", "d")), (2, ("c",)), (1, ("b", "a"))]
    assert paginate(("b", "a"), 2) == [(None, ("b", "a"))]
    assert paginate((), 5) == [(None, ())]


@given(length=st.integers(min_value=0, max_value=60), size=st.integers(min_value=1, max_value=7), newest=st.integers(min_value=0, max_value=70))
def test_the_pages_that_hold_the_newest_stories_are_those_of_the_whole_listing(length, size, newest):
    ids = tuple(f"s{number:02d}" for number in range(length))
    url_for = lambda number: f"/l/{number}/" if number else "/l/"  # noqa: E731
    whole = build_listing_pages(url_for, "home.html", "en", ids, size, (("de", "/de/"),), {"kind": "tag"})
    near = build_listing_pages(url_for, "home.html", "en", ids, size, (("de", "/de/"),), {"kind": "tag"}, newest=newest)
    assert near == whole[: len(near)]
    holding = [page for page in whole if any(ids.index(story) < newest for story in page.context["article_ids"])]
    assert len(near) >= min(len(holding) + 2, len(whole))


@given(length=st.integers(min_value=1, max_value=60), size=st.integers(min_value=1, max_value=7), data=st.data())
def test_the_page_holding_a_story_is_that_of_the_whole_listing(length, size, data):
    ids = tuple(f"s{number:02d}" for number in range(length))
    position = data.draw(st.integers(min_value=0, max_value=length - 1))
    url_for = lambda number: f"/l/{number}/" if number else "/l/"  # noqa: E731
    whole = build_listing_pages(url_for, "month.html", "en", ids, size)
    [page] = build_listing_pages(url_for, "month.html", "en", ids, size, holding=position)
    assert page in whole and ids[position] in page.context["article_ids"]
