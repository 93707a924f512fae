"""Each provider as deep-translator knows it: its translator class, its language codes, its API key.

Separate from the backend: these are lookups made before anything is sent
(a language or key problem is a setup error), and they change when a provider
is added, not when the way of sending changes.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..config.translation import KEY_REQUIRED, TranslationConfig
from ..core.errors import ConfigError


def provider_class(name: str):
    import deep_translator

    return {
        "google": deep_translator.GoogleTranslator,
        "libre": deep_translator.LibreTranslator,
        "mymemory": deep_translator.MyMemoryTranslator,
        "microsoft": deep_translator.MicrosoftTranslator,
        "deepl": deep_translator.DeeplTranslator,
    }[name]


def _provider_languages(name: str) -> set[str] | None:
    """Codes deep-translator accepts for a provider; None where it asks the provider (Microsoft)."""
    from deep_translator import constants

    table = {
        "google": constants.GOOGLE_LANGUAGES_TO_CODES,
        "libre": constants.LIBRE_LANGUAGES_TO_CODES,
        "mymemory": constants.MY_MEMORY_LANGUAGES_TO_CODES,
        "deepl": constants.DEEPL_LANGUAGE_TO_CODE,
    }.get(name)
    return None if table is None else set(table.values())


def provider_language(provider: str, code: str) -> str:
    """The code to send for a site language ("de-ch" -> "de" for Google, "de-CH" for MyMemory)."""
    known = _provider_languages(provider)
    base = code.split("-")[0].lower()
    if known is None:
        return base
    by_lower = {value.lower(): value for value in known}
    region = code.split("-")[1].upper() if "-" in code else None
    for candidate in (code.lower(), f"{base}-{region}".lower() if region else None, base, f"{base}-{base}", "en-gb" if base == "en" else None):
        if candidate and candidate in by_lower:
            return by_lower[candidate]
    regional = sorted(value for value in known if value.lower().startswith(base + "-"))
    if regional:
        return regional[0]
    raise ConfigError([f"provider {provider!r} cannot translate language {code!r}"])


def read_api_key(settings: TranslationConfig, environ: Mapping[str, str]) -> str | None:
    """The API key from the environment; ConfigError naming the variable when it is needed but unset."""
    env = settings.key_env
    if env is None:
        return None
    key = environ.get(env, "").strip()
    if key:
        return key
    if settings.provider in KEY_REQUIRED or settings.api_key_env:
        raise ConfigError([f"translation: provider {settings.provider!r} needs an API key in the environment variable {env}, which is not set (export {env}=...; keys are never read from files)"])
    return None
