from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.support import Translations

from generator.build.run import build_site
from generator.core.errors import Report
from generator.render import i18n
from generator.render.environment import make_environment

REPO_ROOT = Path(__file__).resolve().parents[3]
REPO_TEMPLATES = REPO_ROOT / "templates"
TRANSLATED_LANGUAGES = ("de", "fr", "it")

PO_HEADER = """\
msgid ""
msgstr ""
"Language: {lang}\\n"
"Plural-Forms: {plural_forms}\\n"
"Content-Type: text/plain; charset=utf-8\\n"

"""


def write_templates(root: Path, templates: dict[str, str], catalogs: dict[str, str]) -> Path:
    """A templates folder with the given templates and ``lang -> .po body`` catalogs."""
    templates_dir = root / "templates"
    for name, text in templates.items():
        (templates_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (templates_dir / name).write_text(text, encoding="utf-8")
    for lang, body in catalogs.items():
        write_catalog(templates_dir, lang, body)
    return templates_dir


def write_catalog(templates_dir: Path, lang: str, body: str) -> Path:
    path = templates_dir / "locale" / lang / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = PO_HEADER.format(lang=lang, plural_forms=Catalog(locale=lang).plural_forms)
    path.write_text(header + body, encoding="utf-8")
    return path


def render(templates_dir: Path, lang: str, name: str = "page.html", **context) -> str:
    return make_environment(templates_dir, lang).get_template(name).render(context)


def babel_cfg_extraction():
    """``babel.cfg``'s method map and options, made relative to the templates folder."""
    with (REPO_ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    prefix = "templates/"
    assert all(pattern.startswith(prefix) for pattern, _ in method_map), "babel.cfg extracts from templates/ only"
    return (
        [(pattern.removeprefix(prefix), method) for pattern, method in method_map],
        {pattern.removeprefix(prefix): options for pattern, options in options_map.items()},
    )


# -- the repository's catalogs ------------------------------------------------


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_every_template_string_is_translated_in_every_language(lang):
    method_map, options_map = babel_cfg_extraction()
    # Not silent: a template that does not parse must fail here, not drop its strings.
    options_map = {pattern: options | {"silent": "false"} for pattern, options in options_map.items()}
    extracted = {message[2]: message[0] for message in extract_from_dir(REPO_TEMPLATES, method_map, options_map)}
    assert extracted, "no translatable strings found in templates/"
    catalog = i18n.load_catalog(i18n.catalog_path(REPO_TEMPLATES, lang))
    missing = []
    for msgid, template in extracted.items():
        entry = catalog.get(msgid)
        strings = entry.string if entry is not None and entry.pluralizable else [entry.string if entry else ""]
        if entry is None or entry.fuzzy or not all(strings):
            missing.append(f"{template}: {msgid!r}")
    assert not missing, f"untranslated in {lang} (run `make messages`, then translate):\n" + "\n".join(missing)
    assert i18n.missing_strings(REPO_TEMPLATES, lang) == []


def test_babel_cfg_extracts_the_way_the_build_does():
    method_map, options_map = babel_cfg_extraction()
    assert method_map == [(i18n.EXTRACTION_PATTERN, "jinja2")]
    assert options_map == {i18n.EXTRACTION_PATTERN: i18n.EXTRACTION_OPTIONS}


def test_extraction_options_match_the_rendering_environment():
    env = make_environment(REPO_TEMPLATES, "en")
    options = i18n.EXTRACTION_OPTIONS
    assert env.trim_blocks == (options["trim_blocks"] == "true")
    assert env.lstrip_blocks == (options["lstrip_blocks"] == "true")
    assert env.newstyle_gettext == (options["newstyle_gettext"] == "true")


@pytest.mark.parametrize("lang", ("en",) + TRANSLATED_LANGUAGES)
def test_catalog_plural_forms_are_those_of_its_language(lang):
    catalog = i18n.load_catalog(i18n.catalog_path(REPO_TEMPLATES, lang))
    assert catalog.plural_forms == Catalog(locale=lang).plural_forms


def test_catalogs_compile_without_mo_files_in_the_repo():
    translations = i18n.translations(REPO_TEMPLATES, "de")
    assert isinstance(translations, Translations)
    assert translations.gettext("Skip to main content") == "Direkt zum Inhalt"
    assert list(REPO_ROOT.glob("templates/**/*.mo")) == []
    assert (REPO_TEMPLATES / "locale" / "messages.pot").is_file()


def test_english_pages_show_the_message_ids():
    assert i18n.translations(REPO_TEMPLATES, "en").gettext("Skip to main content") == "Skip to main content"
    assert i18n.missing_strings(REPO_TEMPLATES, "en") == []


# -- behaviour, on small template folders --------------------------------------


def test_missing_string_falls_back_to_english_and_is_reported(tmp_path):
    templates_dir = write_templates(
        tmp_path,
        {"page.html": '{{ _("Hello") }} / {{ _("Goodbye") }}'},
        {"de": 'msgid "Hello"\nmsgstr "Hallo"\n'},
    )
    assert render(templates_dir, "de") == "Hallo / Goodbye"
    assert i18n.missing_strings(templates_dir, "de") == ["Goodbye"]

    report = Report()
    i18n.check_catalogs(templates_dir, ["en", "de"], report)
    assert report.ok
    [warning] = report.warnings
    assert warning.file == "templates/locale/de/LC_MESSAGES/messages.po"
    assert "'Goodbye'" in warning.message and " de" in warning.message


def test_fuzzy_and_empty_entries_count_as_missing(tmp_path):
    templates_dir = write_templates(
        tmp_path,
        {"page.html": '{{ _("Hello") }} {{ _("Goodbye") }} {{ _("Thanks") }}'},
        {"fr": '#, fuzzy\nmsgid "Hello"\nmsgstr "Bonjour"\n\nmsgid "Goodbye"\nmsgstr ""\n\nmsgid "Thanks"\nmsgstr "Merci"\n'},
    )
    assert render(templates_dir, "fr") == "Hello Goodbye Merci"
    assert i18n.missing_strings(templates_dir, "fr") == ["Goodbye", "Hello"]


def test_language_without_catalog_is_english_and_reported(tmp_path):
    templates_dir = write_templates(tmp_path, {"page.html": '{{ _("Hello") }}'}, {})
    assert render(templates_dir, "es") == "Hello"
    report = Report()
    i18n.check_catalogs(templates_dir, ["es"], report)
    assert [w.file for w in report.warnings] == ["templates/locale/es/LC_MESSAGES/messages.po"]


def test_regional_language_uses_its_base_language_catalog(tmp_path):
    templates_dir = write_templates(tmp_path, {"page.html": '{{ _("Hello") }}'}, {"de": 'msgid "Hello"\nmsgstr "Hallo"\n'})
    assert render(templates_dir, "de-CH") == "Hallo"
    assert i18n.missing_strings(templates_dir, "de-CH") == []


def test_german_plural_forms(tmp_path):
    templates_dir = write_templates(
        tmp_path,
        {"page.html": "{% trans count=n %}{{ count }} article{% pluralize %}{{ count }} articles{% endtrans %}"},
        {"de": 'msgid "%(count)s article"\nmsgid_plural "%(count)s articles"\nmsgstr[0] "%(count)s Artikel (eins)"\nmsgstr[1] "%(count)s Artikel"\n'},
    )
    assert [render(templates_dir, "de", n=n) for n in (0, 1, 2, 21)] == [
        "0 Artikel", "1 Artikel (eins)", "2 Artikel", "21 Artikel",
    ]


def test_french_singular_covers_zero(tmp_path):
    templates_dir = write_templates(
        tmp_path,
        {"page.html": '{{ ngettext("%(num)s vote", "%(num)s votes", n) }}'},
        {"fr": 'msgid "%(num)s vote"\nmsgid_plural "%(num)s votes"\nmsgstr[0] "%(num)s voix (sg)"\nmsgstr[1] "%(num)s voix (many)"\nmsgstr[2] "%(num)s voix"\n'},
    )
    assert [render(templates_dir, "fr", n=n) for n in (0, 1, 2)] == ["0 voix (sg)", "1 voix (sg)", "2 voix"]


def test_trans_block_is_found_under_the_id_it_was_extracted_with(tmp_path):
    templates_dir = write_templates(
        tmp_path,
        {"page.html": "{% if true %}\n  {% trans %}\n  Hello, 100% sure\n  {% endtrans %}\n{% endif %}\n"},
        {},
    )
    [message] = i18n.extract_messages(templates_dir)
    msgid = message.id.replace("\n", "\\n")
    write_catalog(templates_dir, "it", f'msgid "{msgid}"\nmsgstr "Ciao"\n')
    assert render(templates_dir, "it").strip() == "Ciao"
    assert i18n.missing_strings(templates_dir, "it") == []


def test_edited_catalog_is_used_by_the_next_build(tmp_path):
    templates_dir = write_templates(tmp_path, {"page.html": '{{ _("Hello") }}'}, {"it": 'msgid "Hello"\nmsgstr "Ciao"\n'})
    assert render(templates_dir, "it") == "Ciao"
    write_catalog(templates_dir, "it", 'msgid "Hello"\nmsgstr "Buongiorno"\n')
    assert render(templates_dir, "it") == "Buongiorno"


def test_malformed_catalog_is_an_error_naming_file_and_line(tmp_path):
    body = 'msgid "Hello"\nmsgstr "Hallo"\nmsgtsr "Tschüss"\n'
    templates_dir = write_templates(tmp_path, {"page.html": '{{ _("Hello") }}'}, {"de": body})
    report = Report()
    i18n.check_catalogs(templates_dir, ["de"], report)
    [error] = report.errors
    assert error.file == "templates/locale/de/LC_MESSAGES/messages.po"
    assert error.line == PO_HEADER.count("\n") + 3


def test_numbers_are_formatted_in_the_page_locale():
    def number(lang):
        return make_environment(REPO_TEMPLATES, lang).from_string("{{ 1234567.5 | number }}").render()

    assert number("en") == "1,234,567.5"
    assert number("de") == "1.234.567,5"
    assert number("fr") == "1\u202f234\u202f567,5"
    assert number("it") == "1.234.567,5"


def test_numbers_are_independent_of_the_system_locale(monkeypatch):
    for variable in ("LANG", "LC_ALL", "LC_NUMERIC", "LANGUAGE"):
        monkeypatch.setenv(variable, "de_DE.UTF-8")
    assert i18n.format_number(1234.5, "en") == "1,234.5"


def test_language_names_and_direction():
    assert i18n.language_name("de", "fr") == "allemand"
    assert i18n.language_name("fr", "de") == "Französisch"
    assert i18n.text_direction("ar") == "rtl"
    assert i18n.text_direction("it") == "ltr"


def test_build_warns_about_untranslated_strings_and_still_writes_the_site(make_project):
    config = make_project()
    catalog = config.templates_dir / "locale" / "it" / "LC_MESSAGES" / "messages.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('msgstr "Ultime notizie"', 'msgstr ""'), encoding="utf-8")
    report = Report()
    summary = build_site(config, report)
    assert report.ok and not summary.stopped
    assert [(w.file, "'Latest news'" in w.message) for w in report.warnings] == [
        ("templates/locale/it/LC_MESSAGES/messages.po", True),
    ]
    assert "Latest news" in (config.output_path / "it" / "index.html").read_text(encoding="utf-8")
