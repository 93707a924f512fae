"""User-interface strings of the templates, per language.

Templates mark strings with ``_()`` / ``gettext()`` / ``ngettext()`` (Jinja's
i18n extension, new-style: ``_("Page %(page)s of %(pages)s", page=2, pages=5)``).
``translations(lang)`` returns an object with the ``gettext.NullTranslations``
interface, so compiled gettext catalogs (``babel.support.Translations``) can
replace the table below without touching templates or the renderer. A string
missing from a table falls back to the English message id, as gettext does.
"""

from __future__ import annotations

import gettext

from babel import Locale

# Message id (English) -> translation; plural entries map CLDR plural categories.
_MESSAGES: dict[str, dict[str, str | dict[str, str]]] = {
    "de": {
        "Skip to main content": "Direkt zum Inhalt",
        "Languages": "Sprachen",
        "All editions": "Alle Ausgaben",
        "Latest news": "Neueste Meldungen",
        "No articles yet.": "Noch keine Artikel.",
        "Page %(page)s of %(pages)s": "Seite %(page)s von %(pages)s",
        "Newer articles": "Neuere Artikel",
        "Older articles": "Ältere Artikel",
        "Pagination": "Seitennavigation",
        "Published": "Veröffentlicht",
        "Category": "Rubrik",
        "Agency": "Agentur",
        "Picture": "Bild",
        "Archive picture": "Archivbild",
        "Picture not shown": "Bild nicht angezeigt",
        "Tags": "Schlagwörter",
        "People": "Personen",
        "Other languages": "Weitere Sprachen",
        "This article was translated automatically. Original language: %(language)s.":
            "Dieser Artikel wurde maschinell übersetzt. Originalsprache: %(language)s.",
        "Read the original": "Zum Original",
        "Page not found": "Seite nicht gefunden",
        "The page you are looking for does not exist or has moved.":
            "Die gesuchte Seite gibt es nicht oder sie wurde verschoben.",
        "%(num)s article": {"one": "%(num)s Artikel", "other": "%(num)s Artikel"},
    },
    "fr": {
        "Skip to main content": "Aller au contenu",
        "Languages": "Langues",
        "All editions": "Toutes les éditions",
        "Latest news": "Dernières nouvelles",
        "No articles yet.": "Aucun article pour l’instant.",
        "Page %(page)s of %(pages)s": "Page %(page)s sur %(pages)s",
        "Newer articles": "Articles plus récents",
        "Older articles": "Articles plus anciens",
        "Pagination": "Pagination",
        "Published": "Publié",
        "Category": "Rubrique",
        "Agency": "Agence",
        "Picture": "Photo",
        "Archive picture": "Photo d’archive",
        "Picture not shown": "Photo non affichée",
        "Tags": "Mots-clés",
        "People": "Personnes",
        "Other languages": "Autres langues",
        "This article was translated automatically. Original language: %(language)s.":
            "Cet article a été traduit automatiquement. Langue originale\u00a0: %(language)s.",
        "Read the original": "Lire l’original",
        "Page not found": "Page introuvable",
        "The page you are looking for does not exist or has moved.":
            "La page que vous cherchez n’existe pas ou a été déplacée.",
        "%(num)s article": {"one": "%(num)s article", "other": "%(num)s articles"},
    },
    "it": {
        "Skip to main content": "Vai al contenuto",
        "Languages": "Lingue",
        "All editions": "Tutte le edizioni",
        "Latest news": "Ultime notizie",
        "No articles yet.": "Ancora nessun articolo.",
        "Page %(page)s of %(pages)s": "Pagina %(page)s di %(pages)s",
        "Newer articles": "Articoli più recenti",
        "Older articles": "Articoli meno recenti",
        "Pagination": "Paginazione",
        "Published": "Pubblicato",
        "Category": "Rubrica",
        "Agency": "Agenzia",
        "Picture": "Foto",
        "Archive picture": "Foto d’archivio",
        "Picture not shown": "Foto non visualizzata",
        "Tags": "Parole chiave",
        "People": "Persone",
        "Other languages": "Altre lingue",
        "This article was translated automatically. Original language: %(language)s.":
            "Questo articolo è stato tradotto automaticamente. Lingua originale: %(language)s.",
        "Read the original": "Leggi l’originale",
        "Page not found": "Pagina non trovata",
        "The page you are looking for does not exist or has moved.":
            "La pagina che cerchi non esiste o è stata spostata.",
        "%(num)s article": {"one": "%(num)s articolo", "other": "%(num)s articoli"},
    },
}


class TableTranslations(gettext.NullTranslations):
    """gettext-style look-ups in one language's table above."""

    def __init__(self, lang: str, messages: dict[str, str | dict[str, str]]):
        super().__init__()
        self.lang = lang
        self._messages = messages
        self._locale = Locale.parse(lang.replace("-", "_"))

    def gettext(self, message: str) -> str:
        found = self._messages.get(message)
        return found if isinstance(found, str) else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        found = self._messages.get(singular)
        if isinstance(found, dict):
            category = self._locale.plural_form(n)
            return found.get(category, found["other"])
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.ngettext(singular, plural, n)


def translations(lang: str) -> TableTranslations:
    """UI strings for ``lang``; English (the message ids) for languages without a table."""
    return TableTranslations(lang, _MESSAGES.get(lang, {}))


def language_name(code: str, in_lang: str) -> str:
    """Name of language ``code`` as written in ``in_lang`` ("Deutsch" -> "allemand" in French)."""
    locale = Locale.parse(code.replace("-", "_"))
    return locale.get_display_name(Locale.parse(in_lang.replace("-", "_"))) or code


def text_direction(lang: str) -> str:
    """"ltr" or "rtl", for the ``dir`` attribute."""
    return Locale.parse(lang.replace("-", "_")).text_direction
