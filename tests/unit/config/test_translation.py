"""The [translation] table of site.toml: validated with the rest, and never holding a key."""

from pathlib import Path

import pytest

from generator.config.settings import parse_config
from generator.core.errors import ConfigError


def translation(**table):
    return parse_config({"languages": ["en", "de"], "translation": table}, Path(".")).translation


def test_defaults_need_no_table():
    settings = parse_config({"languages": ["en"]}, Path(".")).translation
    assert (settings.provider, settings.missing, settings.swiss_german, settings.retries) == ("google", "omit", False, 3)
    assert settings.key_env is None


def test_a_libre_setup_is_read():
    settings = translation(provider="libre", url="http://127.0.0.1:5000/", api_key_env="LT_KEY", timeout=2, retries=1, glossary=["Keystone-SDA"], swiss_german=True)
    assert (settings.url, settings.key_env, settings.timeout, settings.glossary) == ("http://127.0.0.1:5000/", "LT_KEY", 2.0, ("Keystone-SDA",))


def test_deepl_and_microsoft_read_their_usual_variables():
    assert translation(provider="deepl").key_env == "DEEPL_API_KEY"
    assert translation(provider="microsoft").key_env == "MICROSOFT_API_KEY"


@pytest.mark.parametrize("key", ["api_key", "key", "token", "secret"])
def test_a_key_in_the_file_is_an_error_pointing_to_api_key_env(key):
    with pytest.raises(ConfigError, match=rf"translation.{key}: API keys are never stored in files.*api_key_env"):
        translation(provider="deepl", **{key: "abc123:fx"})


def test_every_translation_problem_is_reported_together():
    with pytest.raises(ConfigError) as error:
        parse_config({"page_sise": 3, "translation": {"provider": "libre", "api_key_env": "sk-12345", "timeout": 0, "retries": -1, "missing": "fallback", "swiss_german": "yes", "glosary": []}}, Path("."))
    text = str(error.value)
    for expected in ("did you mean 'page_size'", "libre' needs the URL", "not an environment variable name", "timeout: must be more than 0",
                     "retries: must be 0 or more", "'fallback' is not one of omit, source", "swiss_german: expected bool", "did you mean 'glossary'"):
        assert expected in text
    assert len(error.value.problems) == 8


def test_unknown_provider_suggests_a_known_one():
    with pytest.raises(ConfigError, match="unknown provider 'deep-l'.*did you mean 'deepl'"):
        translation(provider="deep-l")
