"""Articles round-trip through Markdown + front matter; broken files name file and line."""

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.model import Article, Image, Translation
from generator.content.store import (
    article_path,
    check_round_trip,
    inspect_article,
    load_article,
    render_article,
)
from generator.core.errors import NewsgenError

CET = timezone(timedelta(hours=1))


def make_article(**changes):
    fields = dict(
        id="abc123def456",
        lang="en",
        title="Ministers meet in Bern",
        slug="ministers-meet-in-bern",
        category="switzerland",
        agency="SDA",
        published=datetime(2024, 11, 23, 13, 3, tzinfo=CET),
        body="Lead paragraph.\n\n## A subheading\n\nMore text.\n",
        summary="Lead paragraph.",
        image=Image("Ministers in Bern.", "Jane Roe/KEYSTONE", "Keystone", True),
        tags=("Switzerland",),
        persons=("Karin Keller-Sutter",),
        roles=(("Karin Keller-Sutter", "Federal Councillor"),),
        source_file="content/raw/001.txt",
        source_hash="sha256:00",
    )
    fields.update(changes)
    return Article(**fields)


def test_article_round_trips_through_the_file_format(tmp_path):
    article = make_article(translation=Translation("de", "human"))
    path = tmp_path / "a.md"
    path.write_text(render_article(article), encoding="utf-8")
    loaded = load_article(path)
    assert loaded == article
    assert loaded.published.utcoffset() == timedelta(hours=1)


def test_rendering_is_deterministic():
    assert render_article(make_article()) == render_article(make_article())


def test_ingest_digest_detects_a_hand_edit():
    text = render_article(make_article(), with_digest=True)
    assert inspect_article(text, "a.md").untouched is True
    edited = text.replace("More text.", "More text, corrected by the desk.")
    assert inspect_article(edited, "a.md").untouched is False


def test_file_without_digest_counts_as_edited():
    assert inspect_article(render_article(make_article()), "a.md").untouched is False


def test_path_keeps_language_versions_side_by_side(tmp_path):
    article = make_article()
    german = make_article(lang="de", slug="minister-treffen-sich-in-bern")
    assert article_path(tmp_path, article).name == "ministers-meet-in-bern.en.md"
    assert article_path(tmp_path, german, stem_slug=article.slug).name == "ministers-meet-in-bern.de.md"
    assert article_path(tmp_path, article).parent == tmp_path / "2024" / "11"


def test_broken_yaml_names_the_line():
    text = "---\nid: x\nlang: en\ntitle: [unclosed\nslug: x\n---\nBody\n"
    with pytest.raises(NewsgenError) as error:
        inspect_article(text, "broken.md")
    assert error.value.file == "broken.md"
    assert error.value.line in (4, 5)


def test_unknown_key_suggests_the_right_one():
    text = render_article(make_article()).replace("summary:", "sumary:")
    with pytest.raises(NewsgenError, match="did you mean 'summary'"):
        inspect_article(text, "typo.md")


@pytest.mark.parametrize("slug", ["../../etc", "a/b", "..", "UPPER"])
def test_unsafe_slug_in_front_matter_is_refused(slug):
    text = render_article(make_article()).replace("slug: ministers-meet-in-bern", f"slug: '{slug}'")
    with pytest.raises(NewsgenError, match="slug"):
        inspect_article(text, "evil.md")


def test_missing_front_matter_is_refused():
    with pytest.raises(NewsgenError, match="front matter"):
        inspect_article("Just text\n", "plain.md")


def test_date_without_offset_is_refused():
    text = render_article(make_article()).replace("2024-11-23T13:03:00+01:00", "2024-11-23T13:03:00")
    with pytest.raises(NewsgenError, match="UTC offset"):
        inspect_article(text, "naive.md")


@pytest.mark.parametrize("text", ["Trump\x85 visits", "a\u2028b", "a\u2029b", "two\nlines", "cr\rhere", "tab\there", "bom\ufeff", "del\x7f", "nul\x00", "\x85", "’quoted’ \u202eevil", "- dash", "'quote", "null", "\U0001f600 \ue000"])
def test_strings_yaml_would_change_are_written_escaped_and_read_back_unchanged(tmp_path, text):
    # A NEL in a title was written in single quotes, where YAML folds it into a space.
    article = make_article(title=text, summary=text, persons=(text,), roles=((text, text),), image=Image(text, text))
    path = tmp_path / "a.md"
    path.write_text(render_article(article), encoding="utf-8")
    assert load_article(path) == article


@given(st.text(st.characters(codec="utf-8"), min_size=1))
@settings(max_examples=300, derandomize=True, database=None)
def test_any_title_and_names_round_trip(text):
    article = make_article(title=text, persons=(text,), tags=(text,), dateline=text, byline=text)
    rendered = render_article(article)
    check_round_trip(article, rendered, "a.md")
    assert inspect_article(rendered, "a.md").article == article


def test_nul_in_front_matter_is_reported_at_its_line():
    text = render_article(make_article()).replace("summary: Lead paragraph.", "summary: Lead\x00 paragraph.")
    with pytest.raises(NewsgenError) as error:
        inspect_article(text, "nul.md")
    assert error.value.file == "nul.md"
    assert error.value.line == 9  # "---" is line 1; summary is the eighth key
    assert "U+0000" in error.value.message


def test_control_character_after_non_ascii_text_is_reported_at_its_line():
    # libyaml reports the offset in bytes: counted in characters, the line came out wrong after "ü" and emoji.
    text = render_article(make_article(title="Zürich 😀 " * 20)).replace("category: switzerland", "category: switzer\x07land")
    with pytest.raises(NewsgenError) as error:
        inspect_article(text, "bell.md")
    assert error.value.line == 6


def test_check_round_trip_names_the_field_that_would_change():
    article = make_article(image=Image("Ministers in Bern.", credit=""))  # an empty credit reads back as None
    with pytest.raises(NewsgenError, match="image") as error:
        check_round_trip(article, render_article(article), "content/raw/x.txt")
    assert error.value.file == "content/raw/x.txt"


def test_article_with_body_that_strips_differently_is_caught():
    article = make_article(body="  Indented lead.\n")
    with pytest.raises(NewsgenError, match="body"):
        check_round_trip(article, render_article(article), "x.txt")
