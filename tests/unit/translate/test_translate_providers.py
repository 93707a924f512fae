"""Provider lookups made before anything is sent: language codes and API keys."""

import pytest

from generator.config.translation import TranslationConfig
from generator.core.errors import ConfigError
from generator.translate.providers import provider_language, read_api_key


@pytest.mark.parametrize("provider, code, expected", [
    ("google", "de-ch", "de"), ("libre", "de", "de"), ("mymemory", "de-ch", "de-CH"), ("mymemory", "de", "de-DE"),
    ("mymemory", "en", "en-GB"), ("deepl", "fr", "fr"), ("microsoft", "de-ch", "de"),
])
def test_site_languages_map_to_provider_codes(provider, code, expected):
    assert provider_language(provider, code) == expected


def test_a_language_the_provider_lacks_is_a_config_error():
    with pytest.raises(ConfigError, match="cannot translate language 'rm'"):
        provider_language("libre", "rm")


def test_keys_are_read_from_the_environment_only():
    assert read_api_key(TranslationConfig(provider="deepl"), {"DEEPL_API_KEY": "k:fx"}) == "k:fx"
    assert read_api_key(TranslationConfig(provider="google"), {}) is None
    assert read_api_key(TranslationConfig(provider="libre", url="http://x/"), {}) is None
    with pytest.raises(ConfigError, match="DEEPL_API_KEY, which is not set"):
        read_api_key(TranslationConfig(provider="deepl"), {})
    with pytest.raises(ConfigError, match="MY_LIBRE_KEY"):
        read_api_key(TranslationConfig(provider="libre", url="http://x/", api_key_env="MY_LIBRE_KEY"), {})
