"""site.toml is validated up front, with every problem reported at once."""

from pathlib import Path

import pytest

from generator.config.settings import load_config, parse_config
from generator.core.errors import ConfigError


def test_sample_config_loads_with_languages_and_native_names():
    config = load_config(Path(__file__).resolve().parents[3])
    assert config.default_language == "en"
    assert config.language_codes[:2] == ("en", "de")
    assert config.language("de").name == "Deutsch"
    assert config.base_url.endswith("/")


def test_every_problem_is_reported_together():
    data = {
        "title": "X",
        "languages": ["en", "xx-nope"],
        "default_language": "fr",
        "timezone": "Mars/Olympus",
        "base_url": "example.org",
        "page_sise": 10,
    }
    with pytest.raises(ConfigError) as error:
        parse_config(data, Path("."))
    text = str(error.value)
    assert "unknown language code 'xx-nope'" in text
    assert "default_language" in text
    assert "Mars/Olympus" in text
    assert "base_url" in text
    assert "did you mean 'page_size'" in text
    assert len(error.value.problems) == 5


def test_wrong_type_is_named():
    with pytest.raises(ConfigError, match="page_size: expected int, got str"):
        parse_config({"page_size": "ten"}, Path("."))


def test_missing_config_file_says_where_it_looked(tmp_path):
    with pytest.raises(ConfigError, match="no site.toml found"):
        load_config(tmp_path)


def test_broken_toml_is_a_config_error(tmp_path):
    (tmp_path / "site.toml").write_text("title = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(tmp_path)


def test_categories_can_be_configured_with_labels_and_aliases():
    config = parse_config(
        {"languages": ["en", "de"], "categories": [{"id": "weather", "labels": {"en": "Weather", "de": "Wetter"}, "aliases": ["Meteo"]}]},
        Path("."),
    )
    assert [c.id for c in config.categories] == ["weather"]
    assert config.categories[0].label("de") == "Wetter"


def test_default_category_must_be_a_known_category():
    with pytest.raises(ConfigError, match="default_category: 'weather' is not a category id"):
        parse_config({"default_category": "weather"}, Path("."))
    assert parse_config({"default_category": "sport"}, Path(".")).default_category == "sport"
