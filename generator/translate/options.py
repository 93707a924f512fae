"""``translate``'s command-line choices checked against the site: ``--to`` languages and ``--provider``.

Separate from the run: these only turn options into a config and targets (or a
ConfigError) before any work starts.
"""

from __future__ import annotations

from dataclasses import replace

from ..config.settings import SiteConfig
from ..config.translation import check_translation
from ..core.errors import ConfigError


def choose_targets(config: SiteConfig, requested: str | None) -> tuple[str, ...]:
    """``--to de,fr`` as language codes (default: every site language); ConfigError for unknown ones."""
    if not requested:
        return config.language_codes
    codes = tuple(dict.fromkeys(code.strip().lower() for code in requested.split(",") if code.strip()))
    unknown = [code for code in codes if code not in config.language_codes]
    if unknown or not codes:
        raise ConfigError([f"--to: unknown language {code!r}; the site has {list(config.language_codes)}" for code in unknown] or ["--to: name at least one language"])
    return codes


def with_provider(config: SiteConfig, provider: str | None) -> SiteConfig:
    """The config with ``--provider`` in place of site.toml's; ConfigError if that setup is incomplete."""
    if not provider or provider == config.translation.provider:
        return config
    settings = replace(config.translation, provider=provider)
    problems = check_translation(settings)
    if problems:
        raise ConfigError([problem.replace("translation.provider", "--provider") for problem in problems])
    return replace(config, translation=settings)
