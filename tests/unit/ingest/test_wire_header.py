"""The header of a wire story: the category is split from the headline."""

import pytest

from generator.config.settings import DEFAULT_CATEGORIES
from generator.ingest.wire_header import split_category

CATEGORIES = [name for c in DEFAULT_CATEGORIES for name in (*c.labels.values(), *c.aliases)]


@pytest.mark.parametrize(
    "line, category, title",
    [
        ("InternationalNato chief meets Trump", "International", "Nato chief meets Trump"),
        ("International Nato chief meets Trump", "International", "Nato chief meets Trump"),
        ("Vermischtes Mann rettet Katze vom Dach", "Vermischtes", "Mann rettet Katze vom Dach"),
        ("Sporting director quits after defeat", None, "Sporting director quits after defeat"),
        ("Science fiction festival opens", None, "Science fiction festival opens"),
    ],
)
def test_category_is_split_from_the_title_with_or_without_space(line, category, title):
    assert split_category(line, CATEGORIES, scraped_layout=True) == (category, title)
