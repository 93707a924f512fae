"""User-interface strings of the templates: gettext catalogs, one per language.

Templates mark strings with ``_()`` / ``gettext()`` / ``ngettext()`` or
``{% trans %}`` blocks (Jinja's i18n extension, new-style:
``_("%(count)s article", count=5)``). The catalogs belong to
the templates: ``templates/locale/<lang>/LC_MESSAGES/messages.po``, updated
from ``templates/locale/messages.pot`` by ``make messages``.

Message ids are the English text, so English needs no translations and a
string a catalog lacks (absent, empty or fuzzy) shows in English, as gettext
does; ``missing_strings`` lists those strings so the build can report them.
Catalogs are compiled in memory when first used: no ``.mo`` file exists
anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from ..core.errors import NewsgenError, Report

#: The language of the message ids.
SOURCE_LANGUAGE = "en"
#: Catalogs live in ``<templates>/locale/<locale>/LC_MESSAGES/messages.po``.
LOCALE_DIR = "locale"
DOMAIN = "messages"
#: How ``babel.cfg`` extracts messages from templates (``[jinja2: templates/**.html]``).
EXTRACTION_PATTERN = "**.html"
#: Options of the Jinja extractor. The ones that change message ids (block
#: whitespace, new-style gettext) must match ``environment.make_environment``, or
#: a ``{% trans %}`` block would be looked up under another id than extracted.
EXTRACTION_OPTIONS = {
    "extensions": "jinja2.ext.i18n",
    "trim_blocks": "true",
    "lstrip_blocks": "true",
    "newstyle_gettext": "true",
}


def translations(templates_dir: Path, lang: str) -> NullTranslations:
    """UI strings for ``lang`` from its catalog; English (the message ids) where there is none."""
    path = catalog_path(templates_dir, lang)
    if not path.is_file():
        return NullTranslations()
    stat = path.stat()
    # Keyed on size and mtime so a catalog edited during a preview session is recompiled.
    return _compile_catalog(path, stat.st_mtime_ns, stat.st_size)


def catalog_path(templates_dir: Path, lang: str) -> Path:
    """The ``.po`` file for ``lang``: its own, else its base language's ("de-CH" -> de)."""
    candidates = [_catalog_file(templates_dir, locale) for locale in _locale_candidates(lang)]
    return next((path for path in candidates if path.is_file()), candidates[0])


def load_catalog(path: Path) -> Catalog:
    """Parse a ``.po`` file; a malformed one is an error naming its file and line."""
    try:
        with path.open("rb") as po:
            return read_po(po, abort_invalid=True)
    except PoFileError as exc:
        # Babel counts lines from 0.
        raise NewsgenError(f"invalid message catalog: {exc}", str(path), exc.lineno + 1) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise NewsgenError(f"cannot read message catalog: {exc}", str(path)) from None


def extract_messages(templates_dir: Path) -> list[Message]:
    """Every translatable string in the templates, as ``pybabel extract`` finds it.

    Templates with syntax errors are skipped: rendering reports those.
    """
    catalog = Catalog()
    for filename, lineno, message, comments, context in extract_from_dir(
        templates_dir,
        method_map=[(EXTRACTION_PATTERN, "jinja2")],
        options_map={EXTRACTION_PATTERN: EXTRACTION_OPTIONS},
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return [message for message in catalog if message.id]


def missing_strings(templates_dir: Path, lang: str) -> list[str]:
    """Message ids the templates use that ``lang``'s catalog does not translate (sorted).

    Absent, empty and fuzzy entries count as missing: pages show them in
    English. English itself never misses any, the ids being English text.
    """
    return _untranslated(extract_messages(templates_dir), templates_dir, lang)


def check_catalogs(templates_dir: Path, languages: Iterable[str], report: Report) -> None:
    """Warn, per language, about template strings its catalog leaves in English.

    A catalog that does not parse is an error in ``report``, so the build stops
    before rendering with it.
    """
    messages = extract_messages(templates_dir)
    for lang in languages:
        name = _display_path(catalog_path(templates_dir, lang), templates_dir)
        try:
            missing = _untranslated(messages, templates_dir, lang)
        except NewsgenError as exc:
            report.error(exc.message, name, exc.line)
            continue
        if missing:
            listed = ", ".join(repr(msgid) for msgid in missing)
            report.warn(f"{len(missing)} interface string(s) not translated into {lang}, shown in English: {listed}", name)


@lru_cache(maxsize=64)
def babel_locale(lang: str) -> Locale:
    """Babel's Locale for a site language, parsed once: Babel parses a locale name on every call it is given one."""
    return Locale.parse(_locale_id(lang))


def format_number(number: float | int, lang: str) -> str:
    """``number`` written the way ``lang`` writes it (1234.5 -> "1.234,5" in German)."""
    return format_decimal(number, locale=babel_locale(lang))


@lru_cache(maxsize=256)
def language_name(code: str, in_lang: str) -> str:
    """Name of language ``code`` as written in ``in_lang`` ("Deutsch" -> "allemand" in French)."""
    return babel_locale(code).get_display_name(babel_locale(in_lang)) or code


def text_direction(lang: str) -> str:
    """"ltr" or "rtl", for the ``dir`` attribute."""
    return babel_locale(lang).text_direction


@lru_cache(maxsize=64)
def _compile_catalog(path: Path, mtime_ns: int, size: int) -> Translations:
    """``.po`` -> ``.mo`` bytes in memory -> Translations; fuzzy entries left out."""
    buffer = BytesIO()
    write_mo(buffer, load_catalog(path), use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def _untranslated(messages: list[Message], templates_dir: Path, lang: str) -> list[str]:
    if _base_language(lang) == SOURCE_LANGUAGE:
        return []
    path = catalog_path(templates_dir, lang)
    catalog = load_catalog(path) if path.is_file() else Catalog()
    missing = {
        _singular(message.id) for message in messages if not _is_translated(catalog.get(message.id, message.context))
    }
    return sorted(missing)


def _is_translated(message: Message | None) -> bool:
    if message is None or message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return all(strings)


def _singular(msgid: str | tuple[str, ...]) -> str:
    return msgid[0] if isinstance(msgid, (list, tuple)) else msgid


def _catalog_file(templates_dir: Path, locale: str) -> Path:
    return templates_dir / LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def _locale_candidates(lang: str) -> list[str]:
    locale = _locale_id(lang)
    base = _base_language(lang)
    return [locale] if locale == base else [locale, base]


def _locale_id(lang: str) -> str:
    return lang.replace("-", "_")


def _base_language(lang: str) -> str:
    return _locale_id(lang).split("_")[0]


def _display_path(path: Path, templates_dir: Path) -> str:
    """``templates/locale/...``: the catalog's path from the project root."""
    try:
        return path.relative_to(templates_dir.parent).as_posix()
    except ValueError:
        return str(path)
