import pytest

from generator.core.slugs import is_safe_slug, slugify


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Nato-Generalsekretär trifft Trump in Zürich", "nato-generalsekretaer-trifft-trump-in-zuerich"),
        ("Russia pounds Ukraine's power grid", "russia-pounds-ukraines-power-grid"),
        ("Notre-Dame dévoile son intérieur", "notre-dame-devoile-son-interieur"),
        ("Beziehungen Schweiz–EU", "beziehungen-schweiz-eu"),
        ("../../etc/passwd", "etc-passwd"),
        ("..", ""),
        ("!!! ???", ""),
    ],
)
def test_slugs_are_ascii_hyphenated_and_cannot_leave_their_folder(text, slug):
    assert slugify(text) == slug
    assert slug == "" or is_safe_slug(slug)


def test_long_titles_are_cut_at_a_word_boundary():
    slug = slugify("word " * 40)
    assert len(slug) <= 80 and not slug.endswith("-") and slug.endswith("word")
