"""Site configuration: one typed schema, validated before any work starts.

``site.toml`` is read once; every problem (unknown key, wrong type, unknown
language, bad time zone) is collected and reported together. The language
editions (``languages.py``), the ``[translation]`` table (``translation.py``)
and the ``[deploy]`` table (``targets.py``) are checked by their own modules.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..core.errors import ConfigError
from ..core.slugs import is_safe_slug
from .languages import Language, build_languages, check_segments, is_known_locale
from .targets import DeployConfig, parse_deploy
from .translation import TranslationConfig, parse_translation

CONFIG_NAME = "site.toml"
#: Templates shipped with newsgen, used by projects without a templates/ folder of their own.
DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent / "default_templates"


@dataclass(frozen=True)
class Category:
    """A category of the vocabulary; its labels split glued wire title lines."""

    id: str
    #: Label per language code; the default language's label is required.
    labels: dict[str, str]
    #: Other spellings seen on the wire ("Ausland" for International).
    aliases: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or next(iter(self.labels.values()))


@dataclass(frozen=True)
class SiteConfig:
    """Everything in ``site.toml``, plus the project root it was read from."""

    root: Path
    #: Site title in the default language.
    title: str
    #: Absolute URL the site is served from; may be a sub-path ("https://x.org/news/").
    base_url: str
    #: Language editions in the order they appear in the language switcher.
    languages: tuple[Language, ...]
    default_language: str
    #: Time zone of the wire feed's local times and of dates shown on pages.
    timezone: str
    categories: tuple[Category, ...]
    #: Output folder, relative to the root.
    output_dir: str = "site"
    #: Articles per listing page.
    page_size: int = 20
    #: Category id for wire stories that name none (AP, Reuters copy); None: "uncategorised".
    default_category: str | None = None
    #: The ``[translation]`` table.
    translation: TranslationConfig = field(default_factory=TranslationConfig)
    #: The ``[deploy]`` table (see generator/config/targets.py).
    deploy: DeployConfig = field(default_factory=DeployConfig)
    #: Full-text search: a search page per edition and a Pagefind index made after each build.
    search: bool = True

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def raw_dir(self) -> Path:
        return self.content_dir / "raw"

    @property
    def articles_dir(self) -> Path:
        return self.content_dir / "articles"

    @property
    def templates_dir(self) -> Path:
        """The project's templates/, or newsgen's own when the project has none."""
        own = self.root / "templates"
        return own if own.is_dir() or not DEFAULT_TEMPLATES.is_dir() else DEFAULT_TEMPLATES

    @property
    def output_path(self) -> Path:
        return self.root / self.output_dir

    @property
    def language_codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    def language(self, code: str) -> Language:
        for lang in self.languages:
            if lang.code == code:
                return lang
        raise KeyError(code)


# Top-level keys and their expected types; the comments live on SiteConfig.
_TOP_LEVEL = {
    "title": str,
    "base_url": str,
    "languages": list,
    "default_language": str,
    "timezone": str,
    "language": dict,
    "categories": list,
    "output_dir": str,
    "page_size": int,
    "default_category": str,
    "translation": dict,
    "deploy": dict,
    "search": bool,
}
_LANGUAGE_KEYS = {"name": str, "title": str, "segments": dict}
_CATEGORY_KEYS = {"id": str, "labels": dict, "aliases": list}

DEFAULT_CATEGORIES = (
    Category("international", {"en": "International", "de": "International", "fr": "International", "it": "Internazionale"}, ("World", "Ausland", "Monde", "Estero")),
    Category("switzerland", {"en": "Switzerland", "de": "Schweiz", "fr": "Suisse", "it": "Svizzera"}, ("National", "Inland")),
    Category("economy", {"en": "Economy", "de": "Wirtschaft", "fr": "Économie", "it": "Economia"}, ("Business", "Economie")),
    Category("sport", {"en": "Sport", "de": "Sport", "fr": "Sport", "it": "Sport"}, ("Sports",)),
    Category("culture", {"en": "Culture", "de": "Kultur", "fr": "Culture", "it": "Cultura"}, ()),
    Category("panorama", {"en": "Panorama", "de": "Panorama", "fr": "Panorama", "it": "Panorama"}, ("Vermischtes", "Miscellaneous", "Divers")),
    Category("science", {"en": "Science", "de": "Wissenschaft", "fr": "Sciences", "it": "Scienza"}, ("Science & Tech", "Wissen")),
    Category("animals", {"en": "Animals", "de": "Tiere", "fr": "Animaux", "it": "Animali"}, ()),
    Category("politics", {"en": "Politics", "de": "Politik", "fr": "Politique", "it": "Politica"}, ()),
)


def load_config(root: Path) -> SiteConfig:
    """Read and validate ``root/site.toml``; raise ConfigError listing every problem."""
    path = root / CONFIG_NAME
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([f"no {CONFIG_NAME} found (is {root} a newsgen project? use --root)"], str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"not valid TOML: {exc}"], str(path)) from None
    return parse_config(data, root, str(path))


def parse_config(data: dict, root: Path, source: str = CONFIG_NAME) -> SiteConfig:
    """Validate a parsed TOML mapping into a SiteConfig (pure; errors all at once)."""
    problems: list[str] = []
    _check_keys(data, _TOP_LEVEL, "", problems)
    codes, default = _parse_languages(data, problems)
    overrides = _parse_language_tables(data, codes, problems)
    timezone = _parse_timezone(data, problems)
    base_url = _parse_base_url(data, problems)
    page_size = _parse_page_size(data, problems)
    categories = _parse_categories(data.get("categories"), default, problems)
    default_category = _parse_default_category(data, categories, problems)
    translation = parse_translation(data.get("translation", {}), problems)
    deploy = parse_deploy(data.get("deploy", {}), problems)
    if problems:
        raise ConfigError(problems, source)

    title = data.get("title", "News")
    return SiteConfig(
        root=root,
        title=title,
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        languages=build_languages(codes, overrides, title),
        default_language=default,
        timezone=timezone,
        categories=categories,
        output_dir=data.get("output_dir", "site"),
        page_size=page_size,
        default_category=default_category,
        translation=translation,
        deploy=deploy,
        search=data.get("search", True),
    )


def _parse_languages(data: dict, problems: list[str]) -> tuple[list[str], str]:
    """The language codes and the default language, each checked."""
    codes = [c for c in data.get("languages", ["en"]) if isinstance(c, str)]
    if not codes:
        problems.append("languages: list at least one language code")
    for code in codes:
        if not is_known_locale(code):
            problems.append(f"languages: unknown language code {code!r}")
        elif not is_safe_slug(code):
            problems.append(f"languages: {code!r} is used in URLs; write it in lowercase, e.g. 'de-ch'")
    default = data.get("default_language", codes[0] if codes else "en")
    if codes and default not in codes:
        problems.append(f"default_language: {default!r} is not in languages {codes}")
    return codes, default


def _parse_language_tables(data: dict, codes: list[str], problems: list[str]) -> dict:
    """The ``[language.<code>]`` tables by code, each checked."""
    overrides = data.get("language", {}) if isinstance(data.get("language"), dict) else {}
    for code, table in overrides.items():
        if code not in codes:
            problems.append(f"language.{code}: not listed in languages")
        elif isinstance(table, dict):
            _check_keys(table, _LANGUAGE_KEYS, f"language.{code}.", problems)
            check_segments(table.get("segments", {}), code, problems)
        else:
            problems.append(f"language.{code}: expected a table")
    return overrides


def _parse_timezone(data: dict, problems: list[str]) -> str:
    timezone = data.get("timezone", "Europe/Zurich")
    try:
        ZoneInfo(str(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"timezone: unknown time zone {timezone!r} (use an IANA name such as 'Europe/Zurich')")
    return timezone


def _parse_base_url(data: dict, problems: list[str]) -> str:
    base_url = data.get("base_url", "http://localhost:8000/")
    if isinstance(base_url, str) and not base_url.startswith(("http://", "https://")):
        problems.append(f"base_url: must start with http:// or https:// (got {base_url!r})")
    return base_url


def _parse_page_size(data: dict, problems: list[str]) -> int:
    page_size = data.get("page_size", 20)
    if isinstance(page_size, int) and page_size < 1:
        problems.append("page_size: must be at least 1")
    return page_size


def _parse_default_category(data: dict, categories: tuple[Category, ...], problems: list[str]) -> str | None:
    default_category = data.get("default_category")
    if isinstance(default_category, str) and default_category not in {c.id for c in categories}:
        problems.append(f"default_category: {default_category!r} is not a category id {sorted(c.id for c in categories)}")
    return default_category


def _parse_categories(raw, default_lang: str, problems: list[str]) -> tuple[Category, ...]:
    if raw is None:
        return DEFAULT_CATEGORIES
    if not isinstance(raw, list):
        problems.append("categories: expected an array of tables ([[categories]])")
        return ()
    categories = []
    for index, table in enumerate(raw):
        where = f"categories[{index}]."
        if not isinstance(table, dict):
            problems.append(f"{where[:-1]}: expected a table")
            continue
        _check_keys(table, _CATEGORY_KEYS, where, problems)
        labels = table.get("labels", {})
        if "id" not in table:
            problems.append(f"{where}id: missing")
        if not isinstance(labels, dict) or default_lang not in labels:
            problems.append(f"{where}labels: needs a label for the default language {default_lang!r}")
            continue
        categories.append(Category(str(table.get("id", "")), dict(labels), tuple(table.get("aliases", ()))))
    return tuple(categories)


def _check_keys(table: dict, schema: dict[str, type], prefix: str, problems: list[str]) -> None:
    for key, value in table.items():
        if key not in schema:
            hint = difflib.get_close_matches(key, schema, n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            problems.append(f"{prefix}{key}: unknown key{suggestion}")
        elif not isinstance(value, schema[key]) or (schema[key] is int and isinstance(value, bool)):
            problems.append(f"{prefix}{key}: expected {schema[key].__name__}, got {type(value).__name__}")

