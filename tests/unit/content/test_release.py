"""Which versions are on the site at a given time, and which time a build publishes at."""

from datetime import datetime, timedelta, timezone

import pytest

from generator.content.model import Article, Correction, Translation
from generator.content.release import Held, build_time, next_release, release
from generator.core.errors import ConfigError

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=timezone.utc)


def version(lang="en", story="s1", **fields) -> Article:
    return Article(id=story, lang=lang, title=f"{story} {lang}", slug=story, category="economy", agency="SDA",
                   published=NOW - timedelta(days=1), body="Text.\n", summary="Text.", path=f"{story}.{lang}.md", **fields)


def test_published_versions_pass_and_held_ones_say_why_and_until_when():
    later = NOW + timedelta(hours=2)
    articles = [version(), version(story="s2", status="draft"), version(story="s3", publish_at=later), version(story="s4", publish_at=NOW)]
    released, held = release(articles, NOW)
    assert [a.id for a in released] == ["s1", "s4"]  # an embargo ending now has ended
    assert [(h.id, h.reason, h.until) for h in held] == [("s2", "draft", None), ("s3", "embargo", later)]
    assert next_release(held) == later


def test_a_translation_waits_for_its_source_and_a_draft_waits_whatever_its_time():
    later = NOW + timedelta(hours=2)
    source = version(publish_at=later)
    translated = version(lang="de", translation=Translation("en", "machine", "libre"))
    own = version(lang="fr")  # written by hand, not translated: its own front matter decides
    released, held = release([source, translated, own], NOW)
    assert [a.lang for a in released] == ["fr"]
    assert [(h.lang, h.reason, h.until) for h in held] == [("en", "embargo", later), ("de", "embargo", later)]
    draft_and_embargo = version(story="s5", status="draft", publish_at=later)
    assert release([draft_and_embargo], NOW)[1][0].until is None


def test_a_preview_keeps_every_version_and_still_lists_the_held():
    released, held = release([version(status="draft")], NOW, preview=True)
    assert len(released) == 1 and held[0].reason == "draft"


def test_held_versions_survive_the_trip_through_last_build_json():
    held = Held("s3", "en", "Title", "a.md", "embargo", NOW)
    assert Held.from_record(tuple(held.as_record())) == held


def test_modified_is_the_latest_of_publication_update_and_corrections():
    article = version(updated=NOW - timedelta(hours=5), corrections=(Correction(NOW - timedelta(hours=3), "Fixed."), Correction(NOW - timedelta(hours=9), "Older.")))
    assert article.modified == NOW - timedelta(hours=3)
    assert version().modified == version().published


def test_build_time_comes_from_now_then_source_date_epoch_then_the_clock():
    assert build_time("2024-12-20T06:00+01:00", {}) == datetime(2024, 12, 20, 5, 0, tzinfo=timezone.utc)
    assert build_time(None, {"SOURCE_DATE_EPOCH": "1734670800"}) == datetime(2024, 12, 20, 5, 0, tzinfo=timezone.utc)
    assert abs(build_time(None, {}) - datetime.now(timezone.utc)) < timedelta(seconds=5)


@pytest.mark.parametrize("option, env, message", [
    ("friday", {}, "not an ISO 8601"),
    ("2024-12-20T06:00", {}, "needs a UTC offset"),
    (None, {"SOURCE_DATE_EPOCH": "soon"}, "SOURCE_DATE_EPOCH"),
])
def test_a_time_that_is_no_time_is_refused(option, env, message):
    with pytest.raises(ConfigError, match=message):
        build_time(option, env)
