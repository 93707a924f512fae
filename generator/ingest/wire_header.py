"""The header of a wire story: every line above the body.

A page's masthead, the category glued to the headline, the agency line, the
date line, a kicker, a byline and the picture caption with its credit. Each is
recognised by what it looks like, not by its position. Apart from the body rules
because feeds change their header layout independently of how they write copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from ..content.model import Image
from .dates import DateLine, InvalidDate, parse_date_line
from .wire_agencies import PICTURE_AGENCIES, agency_named_in
from .wire_dateline import looks_like_date, parse_date_quietly, place_and_date

_CREDIT = re.compile(r"\s*[(\[]?\b(?P<label>Photo|Photos|Foto|Fotos|Bild|Bilder|Symbolbild|Symbolfoto|Archivbild|Image|Picture|Pictured|Photographie|Immagine)\s?:\s*(?P<credit>[^)\]]+?)[)\]]?\s*$", re.I)
_ARCHIVE = re.compile(r"^(?P<marker>ARCHIVE|ARCHIV|ARCHIVES|ARCHIVIO|ARCHIVBILD)\s*[-–—:]\s*", re.I)
_BYLINE = re.compile(r"^(?:By|Von|Par|Di|Text:)\s+(?P<names>[A-ZÀ-ÖØ-Þ].{1,80})$")
_BYLINE_NAMES = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w.'’-]+(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w.'’-]*|von|van|de|der|di|da|du|le|la|and|und|et|e|,))*(?:,\s*(?:The\s+)?(?:AP|Associated Press|Reuters|dpa|AFP|SDA|Keystone-SDA)(?:\s+\w+)*)?$")
TERMINAL_PUNCTUATION = ('.', '!', '?', ':', ';', ',', '…', '"', "'", '”', '“', '»', '«', ')', ']')
JUNK_LINE = re.compile(
    r"^(advertisement|anzeige|werbung|publicité|pubblicità|"
    r"this (article|text|story) (was|has been) (automatically|machine)[- ]translated\b.*|"
    r"dieser (artikel|text|beitrag) wurde (automatisch|maschinell) übersetzt\b.*|"
    r"cet article a été traduit automatiquement\b.*|questo articolo è stato tradotto automaticamente\b.*|"
    r"(subscribe|sign up)( now)? (to|for) (our|the) newsletter\b.*|(jetzt )?newsletter abonnieren\b.*|abonnez-vous\b.*|"
    r"share( this)?( article| story)?( on \w+)?|teilen|partager|condividi|"
    r"click here\b.*|hier klicken\b.*|cliquez ici\b.*|follow us on\b.*|folgen sie uns\b.*|"
    r"(photo|foto|bild|image|video)s?:?\s*\d+\s*(of|von|sur|di|/)\s*\d+|\d+\s*comments?|\d+\s*kommentare?|"
    r"facebook|twitter|x|whatsapp|linkedin|e-?mail|print|drucken|imprimer|"
    r"sign in|log ?in|anmelden|registrieren|accept cookies?|cookies? akzeptieren|"
    r"(back to|zurück zur) (top|homepage|startseite)|to the homepage|zur startseite|"
    r"(published|updated|aktualisiert|publiziert|publié|mis à jour|pubblicato|aggiornato)\s*(on|am|le|il)?\s*:?\s*\d.{0,30})$",
    re.I,
)


@dataclass(frozen=True)
class Line:
    number: int
    text: str


@dataclass
class Header:
    """What the header scan found; mutable only while scanning."""

    agency_line: str | None = None
    date: DateLine | None = None
    date_text: str | None = None
    #: The place of a dateline that stands on its own line ("ROME 1996-12-06").
    place: str | None = None
    #: The agency a footer line names ("SDA", "(c) Reuters Limited 1996").
    footer_agency: str | None = None
    #: A second headline line between headline and date ("Generaldebatte im Bundestag"): kept as the lead's first line.
    kicker: str | None = None
    byline: str | None = None
    caption: str | None = None
    caption_line: int | None = None
    image_agency: str | None = None
    body_start: int = 0


# ---------------------------------------------------------------- first line


def _is_site_menu(text: str) -> bool:
    """"Home | News | Sports | Business": a web page's navigation, not wire copy."""
    return text.count("|") >= 2 and all(len(item.split()) <= 4 for item in text.split("|"))


def without_masthead(content: list[Line]) -> list[Line]:
    """Drop a newspaper page's name, menu and advertising labels above the headline."""
    index = 0
    while index < min(len(content), 6):
        text = content[index].text
        following = content[index + 1].text if index + 1 < len(content) else ""
        if _is_site_menu(text) or JUNK_LINE.match(text) or (len(text.split()) <= 8 and _is_site_menu(following)):
            index += 1
            continue
        break
    return content[index:] if index < len(content) else content


def split_category(line: str, categories: Iterable[str], scraped_layout: bool) -> tuple[str | None, str]:
    """Split "InternationalNato chief ..." or "International Nato chief ..." into (category, title)."""
    for label in sorted(categories, key=len, reverse=True):
        if not line.startswith(label) or len(line) <= len(label):
            continue
        rest = line[len(label) :]
        glued = rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"„«'“"
        spaced = rest[0] == " " and len(rest.split()) >= 2 and (rest[1].isupper() or rest[1].isdigit() or rest[1] in "\"„«'“")
        if glued or spaced:
            return label, rest.strip()
    if scraped_layout:
        # Unknown category glued to the title: "VermischtesMann beisst Hund".
        match = re.match(r"^([A-ZÄÖÜ][a-zäöüéèà]{3,}(?:\s&\s[A-Z][a-z]+)?)([A-ZÄÖÜ\"„«][a-zäöüéèà]+.*)$", line)
        if match:
            return match[1], match[2].strip()
    return None, line.strip()


def looks_like_scraped_page(content: Sequence[Line]) -> bool:
    """True when line 2 is an agency line, as on scraped agency pages."""
    return len(content) > 1 and agency_named_in(content[1].text) is not None


# -------------------------------------------------------------------- header


def scan_header(content: Sequence[Line], tz: ZoneInfo, reference: date | None, warnings: list[str]) -> Header:
    header = Header()
    index = 1
    while index < len(content) and index < 14:
        text = content[index].text
        following = content[index + 1].text if index + 1 < len(content) else None
        if index == 1 and is_short_unpunctuated(text) and not agency_named_in(text) and not read_byline(text) and following is not None and looks_like_date(following, tz, reference):
            header.kicker = text  # "Generaldebatte im Bundestag": a second headline line above the date
        elif header.agency_line is None and header.caption is None and agency_named_in(text):
            header.agency_line = text
        elif header.date is None and (place_date := place_and_date(text, tz)):
            header.place, header.date, header.date_text = place_date[0], place_date[1], text
        elif header.date is None and (date_line := _date_or_warning(content[index], tz, reference, warnings)):
            if date_line is not _INVALID:
                header.date, header.date_text = date_line, text
        elif header.byline is None and read_byline(text):
            header.byline = read_byline(text)
        elif header.caption is None and (following == text or _CREDIT.search(text)):
            header.caption, header.caption_line = text, content[index].number
            if following == text:
                index += 1
        elif header.caption is not None and header.image_agency is None and text in PICTURE_AGENCIES:
            header.image_agency = text
        elif header.caption is not None and text == header.caption:
            pass
        else:
            break
        index += 1
    header.body_start = index
    return header


#: A header line shaped like a date that is not one: skipped, with a warning.
_INVALID = object()


def _date_or_warning(line: Line, tz: ZoneInfo, reference: date | None, warnings: list[str]) -> DateLine | object | None:
    try:
        return parse_date_line(line.text, tz, reference)
    except InvalidDate as exc:
        warnings.append(f"line {line.number}: {exc}; the line was skipped")
        return _INVALID


def find_date_anywhere(content: Sequence[Line], tz: ZoneInfo, reference: date | None) -> tuple[DateLine | None, str | None]:
    for line in content[:40]:
        if found := parse_date_quietly(line.text, tz, reference):
            return found, line.text
    return None, None


def read_byline(line: str) -> str | None:
    match = _BYLINE.match(line)
    if not match:
        return None
    names = match["names"].rstrip(".")
    return names if _BYLINE_NAMES.match(names) and len(names.split()) <= 12 else None


def image_from_caption(header: Header, warnings: list[str]) -> Image | None:
    """The picture the caption describes; None when it describes nothing ("ARCHIVE - . Photo: X")."""
    if not header.caption:
        return None
    caption, archive = header.caption, False
    marker = _ARCHIVE.match(caption)
    if marker:
        caption, archive = caption[marker.end() :], True
    credit = None
    found = _CREDIT.search(caption)
    if found:
        caption, credit = caption[: found.start()].rstrip(" .,-–") + ".", found["credit"].strip().rstrip(".") or None
        caption = caption if caption != "." else ""
    caption = caption.strip()
    if not any(ch.isalnum() for ch in caption):
        # Articles show a note of the picture, never the picture: a credit alone tells a reader nothing.
        warnings.append(f"line {header.caption_line}: the picture caption {header.caption!r} describes nothing; the picture note was left out")
        return None
    return Image(caption=caption, credit=credit, agency=header.image_agency, archive=archive)


def is_short_unpunctuated(text: str) -> bool:
    return len(text) <= 100 and len(text.split()) <= 12 and not text.endswith(TERMINAL_PUNCTUATION) and (text[0].isupper() or text[0].isdigit())
