"""Site configuration: one typed schema, validated before any work starts.

``site.toml`` is read once; every problem (unknown key, wrong type, unknown
language, bad time zone) is collected and reported together.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from ..core.errors import ConfigError
from ..core.slugs import is_safe_slug
from .targets import DeployConfig, parse_deploy

CONFIG_NAME = "site.toml"
#: Templates shipped with newsgen, used by projects without a templates/ folder of their own.
DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent / "default_templates"


#: Kinds of URL segment an edition names in its own language.
SEGMENT_KINDS = ("tags", "persons", "categories", "archive", "page", "search")
DEFAULT_SEGMENTS = {
    "en": {"tags": "tags", "persons": "people", "categories": "category", "archive": "archive", "page": "page", "search": "search"},
    "de": {"tags": "themen", "persons": "personen", "categories": "rubrik", "archive": "archiv", "page": "seite", "search": "suche"},
    "fr": {"tags": "themes", "persons": "personnes", "categories": "rubrique", "archive": "archives", "page": "page", "search": "recherche"},
    "it": {"tags": "temi", "persons": "persone", "categories": "rubrica", "archive": "archivio", "page": "pagina", "search": "cerca"},
}


@dataclass(frozen=True)
class Language:
    """One language edition of the site."""

    code: str  # BCP 47 code as used in URLs: "en", "de", "de-ch"
    #: Name of the language in itself ("Deutsch"), for the language switcher.
    name: str
    #: Site title shown in this edition.
    title: str
    #: URL segment per kind ("persons" -> "personen"), see SEGMENT_KINDS.
    segments: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_SEGMENTS["en"]))

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.code.replace("-", "_"))


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

    codes = [c for c in data.get("languages", ["en"]) if isinstance(c, str)]
    if not codes:
        problems.append("languages: list at least one language code")
    for code in codes:
        if not _is_known_locale(code):
            problems.append(f"languages: unknown language code {code!r}")
        elif not is_safe_slug(code):
            problems.append(f"languages: {code!r} is used in URLs; write it in lowercase, e.g. 'de-ch'")
    default = data.get("default_language", codes[0] if codes else "en")
    if codes and default not in codes:
        problems.append(f"default_language: {default!r} is not in languages {codes}")

    overrides = data.get("language", {}) if isinstance(data.get("language"), dict) else {}
    for code, table in overrides.items():
        if code not in codes:
            problems.append(f"language.{code}: not listed in languages")
        elif isinstance(table, dict):
            _check_keys(table, _LANGUAGE_KEYS, f"language.{code}.", problems)
            _check_segments(table.get("segments", {}), code, problems)
        else:
            problems.append(f"language.{code}: expected a table")

    timezone = data.get("timezone", "Europe/Zurich")
    try:
        ZoneInfo(str(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"timezone: unknown time zone {timezone!r} (use an IANA name such as 'Europe/Zurich')")

    base_url = data.get("base_url", "http://localhost:8000/")
    if isinstance(base_url, str) and not base_url.startswith(("http://", "https://")):
        problems.append(f"base_url: must start with http:// or https:// (got {base_url!r})")

    page_size = data.get("page_size", 20)
    if isinstance(page_size, int) and page_size < 1:
        problems.append("page_size: must be at least 1")

    categories = _parse_categories(data.get("categories"), default, problems)
    default_category = data.get("default_category")
    if isinstance(default_category, str) and default_category not in {c.id for c in categories}:
        problems.append(f"default_category: {default_category!r} is not a category id {sorted(c.id for c in categories)}")
    translation = parse_translation(data.get("translation", {}), problems)
    deploy = parse_deploy(data.get("deploy", {}), problems)
    if problems:
        raise ConfigError(problems, source)

    title = data.get("title", "News")
    languages = tuple(
        Language(
            code=code,
            name=overrides.get(code, {}).get("name") or _native_name(code),
            title=overrides.get(code, {}).get("title") or title,
            segments=_segments(code, overrides.get(code, {}).get("segments", {})),
        )
        for code in codes
    )
    return SiteConfig(
        root=root,
        title=title,
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        languages=languages,
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


def _segments(code: str, overrides: dict) -> dict[str, str]:
    defaults = DEFAULT_SEGMENTS.get(code.split("-")[0], DEFAULT_SEGMENTS["en"])
    return {kind: overrides.get(kind, defaults[kind]) for kind in SEGMENT_KINDS}


def _check_segments(segments, code: str, problems: list[str]) -> None:
    where = f"language.{code}.segments"
    if not isinstance(segments, dict):
        return
    for kind, value in segments.items():
        if kind not in SEGMENT_KINDS:
            hint = difflib.get_close_matches(kind, SEGMENT_KINDS, n=1)
            problems.append(f"{where}.{kind}: unknown segment" + (f" (did you mean {hint[0]!r}?)" if hint else f"; known: {list(SEGMENT_KINDS)}"))
        elif not isinstance(value, str) or not is_safe_slug(value):
            problems.append(f"{where}.{kind}: {value!r} must be a URL segment of a-z, 0-9 and single hyphens")
    merged = _segments(code, {k: v for k, v in segments.items() if k in SEGMENT_KINDS})
    if len(set(merged.values())) < len(merged):
        problems.append(f"{where}: two kinds share one segment {sorted(merged.values())}")


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


def _check_keys(table: dict, schema: dict[str, type], prefix: str, problems: list[str]) -> None:
    for key, value in table.items():
        if key not in schema:
            hint = difflib.get_close_matches(key, schema, n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            problems.append(f"{prefix}{key}: unknown key{suggestion}")
        elif not isinstance(value, schema[key]) or (schema[key] is int and isinstance(value, bool)):
            problems.append(f"{prefix}{key}: expected {schema[key].__name__}, got {type(value).__name__}")


def _is_known_locale(code: str) -> bool:
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def _native_name(code: str) -> str:
    locale = Locale.parse(code.replace("-", "_"))
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]
