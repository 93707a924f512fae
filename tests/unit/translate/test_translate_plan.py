"""Which versions are missing, stale or current follows from the files alone."""

from pathlib import Path

import pytest

from generator.content.model import Translation
from generator.translate.plan import (
    CURRENT,
    EDITED,
    MISSING,
    OUTDATED,
    STALE,
    UNKNOWN,
    StoredArticle,
    plan_versions,
)

LANGS = ("en", "de", "fr")


def stored(make_article, lang, translation=None, hash_="sha256:src", untouched=True):
    article = make_article(lang=lang, translation=translation)
    return StoredArticle(article, Path(f"a.{lang}.md"), hash_, untouched)


def states(items, targets=("de",)):
    return [(v.lang, v.state) for v in plan_versions(items, targets, LANGS)]


def test_no_version_is_missing(make_article):
    assert states([stored(make_article, "en")], ("en", "de", "fr")) == [("de", MISSING), ("fr", MISSING)]


@pytest.mark.parametrize("status, recorded, untouched, state", [
    ("machine", "sha256:src", True, CURRENT),
    ("machine", "sha256:old", True, OUTDATED),
    ("machine", "sha256:old", False, EDITED),
    ("human", "sha256:src", False, CURRENT),
    ("human", "sha256:old", False, STALE),
    ("reviewed", "sha256:old", False, STALE),
    ("human", None, False, UNKNOWN),
])
def test_existing_versions_are_compared_with_the_source_hash(make_article, status, recorded, untouched, state):
    version = stored(make_article, "de", Translation("en", status, None, recorded), "sha256:x", untouched)
    assert states([stored(make_article, "en"), version]) == [("de", state)]


def test_the_source_is_an_original_preferring_site_language_order(make_article):
    items = [stored(make_article, "fr"), stored(make_article, "en")]
    assert [v.source.article.lang for v in plan_versions(items, ("de",), LANGS)] == ["en"]


def test_a_story_with_only_translations_has_no_source(make_article):
    assert states([stored(make_article, "de", Translation("en", "human"))], ("fr",)) == []


def test_another_original_in_the_target_language_is_left_alone(make_article):
    assert states([stored(make_article, "en"), stored(make_article, "de")]) == [("de", CURRENT)]
