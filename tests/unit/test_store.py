"""Articles round-trip through Markdown + front matter; broken files name file and line."""

from datetime import datetime, timedelta, timezone

import pytest

from generator.errors import NewsgenError
from generator.model import Article, Image, Translation
from generator.store import article_path, inspect_article, load_article, render_article

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
