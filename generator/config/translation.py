"""The ``[translation]`` table: which provider ``newsgen translate`` uses and how it reaches it.

Separate from ``settings.py`` because only the translate stage reads it, and
its rules (providers, key variables, never a key in the file) change with the
providers, not with the rest of ``site.toml``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

#: Translation providers ``newsgen translate`` can use (through deep-translator).
PROVIDERS = ("google", "libre", "mymemory", "microsoft", "deepl")
#: Env var read for the API key when ``api_key_env`` is not set (deep-translator's names).
DEFAULT_KEY_ENV = {"deepl": "DEEPL_API_KEY", "microsoft": "MICROSOFT_API_KEY"}
#: Providers that cannot work without a key; libre takes one only if the server wants it.
KEY_REQUIRED = ("deepl", "microsoft")
KEYED_PROVIDERS = ("libre", *KEY_REQUIRED)
MISSING_POLICIES = ("omit", "source")


@dataclass(frozen=True)
class TranslationConfig:
    """The ``[translation]`` table: how ``newsgen translate`` reaches its provider.

    API keys are never part of the configuration: ``api_key_env`` names the
    environment variable that holds the key.
    """

    #: One of PROVIDERS.
    provider: str = "google"
    #: LibreTranslate server ("http://127.0.0.1:5000/"); libre only.
    url: str | None = None
    #: Name of the environment variable holding the API key (None: provider default, see DEFAULT_KEY_ENV).
    api_key_env: str | None = None
    #: Azure region of a Microsoft Translator resource ("switzerlandnorth"); microsoft only.
    region: str | None = None
    #: Seconds to wait for the provider to connect and for each read of its answer.
    timeout: float = 10.0
    #: Retries of a request that failed transiently (timeout, lost connection, HTTP 429 or 5xx).
    retries: int = 3
    #: Terms sent untranslated, like person names ("Keystone-SDA").
    glossary: tuple[str, ...] = ()
    #: What an edition shows for a story with no version in its language: "omit" or "source".
    missing: str = "omit"
    #: Write machine translations into de-ch with Swiss spelling (ß -> ss).
    swiss_german: bool = False
    #: Translation memory (SQLite), relative to the project root.
    memory: str = ".newsgen-cache/translation-memory.sqlite"

    @property
    def key_env(self) -> str | None:
        """The environment variable the API key is read from; None for providers without keys."""
        if self.provider not in KEYED_PROVIDERS:
            return None
        return self.api_key_env or DEFAULT_KEY_ENV.get(self.provider)


_TRANSLATION_KEYS = {
    "provider": (str,),
    "url": (str,),
    "api_key_env": (str,),
    "region": (str,),
    "timeout": (int, float),
    "retries": (int,),
    "glossary": (list,),
    "missing": (str,),
    "swiss_german": (bool,),
    "memory": (str,),
}
# Keys people write when they try to put a secret into site.toml.
_SECRET_KEYS = ("api_key", "apikey", "key", "auth_key", "token", "secret", "password")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def parse_translation(table, problems: list[str]) -> TranslationConfig:
    """The ``[translation]`` table; problems are appended, never raised."""
    if not isinstance(table, dict):
        return TranslationConfig()
    values = {}
    for key, value in table.items():
        if key.lower() in _SECRET_KEYS:
            problems.append(f"translation.{key}: API keys are never stored in files; put the key in an environment variable and name it here with api_key_env = \"MY_KEY_VAR\"")
        elif key not in _TRANSLATION_KEYS:
            problems.append(f"translation.{key}: unknown key{_did_you_mean(key, _TRANSLATION_KEYS)}")
        elif not isinstance(value, _TRANSLATION_KEYS[key]) or (isinstance(value, bool) and bool not in _TRANSLATION_KEYS[key]):
            expected = "a number" if float in _TRANSLATION_KEYS[key] else _TRANSLATION_KEYS[key][0].__name__
            problems.append(f"translation.{key}: expected {expected}, got {type(value).__name__}")
        else:
            values[key] = tuple(value) if key == "glossary" else float(value) if key == "timeout" else value
    settings = TranslationConfig(**values)
    # url and region may stand next to another provider: `translate --provider libre` uses them.
    problems.extend(check_translation(settings))
    return settings


def check_translation(settings: TranslationConfig) -> list[str]:
    """What is wrong with a translation setup (also after ``--provider`` replaced the provider)."""
    problems = []
    provider = settings.provider
    if provider not in PROVIDERS:
        problems.append(f"translation.provider: unknown provider {provider!r}{_did_you_mean(provider, PROVIDERS)}; choose one of {', '.join(PROVIDERS)}")
    if provider == "libre" and not settings.url:
        problems.append("translation.url: provider 'libre' needs the URL of a LibreTranslate server, e.g. \"http://127.0.0.1:5000/\"")
    if settings.url and not settings.url.startswith(("http://", "https://")):
        problems.append(f"translation.url: must start with http:// or https:// (got {settings.url!r})")
    if settings.api_key_env and not _ENV_NAME.fullmatch(settings.api_key_env):
        problems.append(f"translation.api_key_env: {settings.api_key_env!r} is not an environment variable name; give the NAME of the variable that holds the key (e.g. DEEPL_API_KEY), never the key")
    if settings.timeout <= 0:
        problems.append("translation.timeout: must be more than 0 seconds")
    if settings.retries < 0:
        problems.append("translation.retries: must be 0 or more")
    if not all(isinstance(term, str) and term.strip() for term in settings.glossary):
        problems.append("translation.glossary: expected a list of non-empty terms")
    if settings.missing not in MISSING_POLICIES:
        problems.append(f"translation.missing: {settings.missing!r} is not one of {', '.join(MISSING_POLICIES)}")
    return problems


def _did_you_mean(key: str, known) -> str:
    hint = difflib.get_close_matches(key, list(known), n=1)
    return f" (did you mean {hint[0]!r}?)" if hint else ""
