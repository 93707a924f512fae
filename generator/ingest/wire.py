"""Parse one raw wire story (plain text) into a WireStory.

Understands the scraped Keystone-SDA page layout (category glued to the title,
agency line, ``dd.mm.yyyy - HH:MM``, caption twice, picture agency, body with
subheadings) and the usual AP, Reuters, dpa and AFP conventions (datelines,
bylines, trailing credits). Every rule reads defensively: header lines are
recognised by what they look like, not by their position.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from ..content.model import Block, Image, WireStory
from ..core.errors import NewsgenError
from .dates import DateLine, InvalidDate, parse_date_line
from .language import detect_language
from .rawtext import strip_bidi

#: Agency names as they appear on agency lines and in datelines.
AGENCIES = (
    "Keystone-SDA", "Keystone-ATS", "Keystone-ATS-SDA", "SDA", "ATS", "AWP",
    "dpa", "AFP", "AP", "Reuters", "ANSA", "APA", "KNA", "epd", "Bloomberg", "EFE", "Xinhua",
)
_AGENCY_KEYS = {a.lower(): a for a in AGENCIES}
#: Agencies by their full names, as bylines and footers write them.
_AGENCY_FULL_NAMES = re.compile(
    r"\b(?:The\s+)?(?P<AP>Associated\s+Press)\b|\b(?P<AFP>Agence\s+France[- ]Presse)\b|\b(?P<dpa>Deutsche\s+Presse[- ]Agentur)\b"
    r"|\b(?P<SDA>Schweizerische\s+Depeschenagentur)\b|\b(?P<ATS>Agence\s+télégraphique\s+suisse)\b",
    re.I,
)
#: "(c) Reuters Limited 1996", "© dpa-infocom, dpa:240925-99-123456/3", "Copyright 2024 The Associated Press".
_COPYRIGHT = re.compile(r"^(?:\(c\)|©|copyright)\s*(?:\d{4}\s+)?(?P<owner>[^\d,]{2,40}?)(?:\s+(?:Limited|Ltd|GmbH|AG|Inc)\.?)?(?:[\s,].*)?$", re.I)
#: Agencies that distribute pictures; a line with one of these after the caption names it.
PICTURE_AGENCIES = ("Keystone", "KEYSTONE", "Keystone-SDA", "EPA", "AP", "Reuters", "dpa", "AFP", "Getty Images", "Imago")

_CREDIT = re.compile(r"\s*[(\[]?\b(?P<label>Photo|Photos|Foto|Fotos|Bild|Bilder|Symbolbild|Symbolfoto|Archivbild|Image|Picture|Pictured|Photographie|Immagine)\s?:\s*(?P<credit>[^)\]]+?)[)\]]?\s*$", re.I)
_ARCHIVE = re.compile(r"^(?P<marker>ARCHIVE|ARCHIV|ARCHIVES|ARCHIVIO|ARCHIVBILD)\s*[-–—:]\s*", re.I)
_BYLINE = re.compile(r"^(?:By|Von|Par|Di|Text:)\s+(?P<names>[A-ZÀ-ÖØ-Þ].{1,80})$")
_BYLINE_NAMES = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w.'’-]+(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w.'’-]*|von|van|de|der|di|da|du|le|la|and|und|et|e|,))*(?:,\s*(?:The\s+)?(?:AP|Associated Press|Reuters|dpa|AFP|SDA|Keystone-SDA)(?:\s+\w+)*)?$")
_CREDIT_LINE = re.compile(r"^\(?\s*(?:(?:Additional\s+)?(?:Reporting|Writing|Editing|Compiled|Graphics|Research)\s+by\b.*)\)?$", re.I)
_CONTRIBUTED = re.compile(r"^(?:Associated Press|AP|Reuters|dpa|AFP)\s+(?:writers?|reporters?|correspondents?)\b.*\bcontributed\b.*$", re.I)
_EDITOR_CODES = re.compile(r"^\(?[a-z]{2,4}(?:/[a-z]{2,4})+\)?$")  # "jb/sda": desk initials at the end of Swiss wires
#: "WASHINGTON (AP) — ", "LONDON, Nov 25 (Reuters) - ", "Frankfurt/Main (dpa/lhe) - ": what precedes the agency is read apart.
_DATELINE = re.compile(r"^(?P<head>[^()]{0,80}?)\s*\((?P<agency>[A-Za-z-]{2,20}(?:/[A-Za-z-]{2,20})*)\)\s*[-–—]+\s*")
_PLACE = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w.'’/-]*(?:[ -][A-ZÀ-ÖØ-Þ(][\w.'’/)-]*){0,3}$")
_REGION = re.compile(r"^[A-Z][A-Za-z. ]{1,24}$")
#: "ROME 1996-12-06", "BONN, Germany 1996-08-22": a dateline on its own line, as in 1990s wire copy.
_PLACE_DATE_LINE = re.compile(r"^(?P<place>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’ -]{1,40}?)(?:,\s+(?P<region>[A-Z][\w. ]{1,30}?))?\s+(?P<date>\d{4}-\d{2}-\d{2})$")
_MONTH_DAY = re.compile(r"^[A-Za-zÀ-ÿ]{3,9}\.?\s+\d{1,2}$")
#: Regional desks after an agency ("dpa/lhe", "dpa/lno"): part of the dateline, not an agency.
_DESK_CODE = re.compile(r"^[a-z]{2,4}$")
_TERMINAL = ('.', '!', '?', ':', ';', ',', '…', '"', "'", '”', '“', '»', '«', ')', ']')

_TEASER_HEADINGS = re.compile(
    r"^(more on (this|the) (topic|story)|related( articles| stories| content| news)?|read (more|also)|also read|see also|"
    r"you (might|may) also (like|be interested in)|most read|top stories|latest news|more news|recommended( for you)?|"
    r"mehr zum thema|lesen sie auch|auch interessant|das könnte sie (auch )?interessieren|meistgelesen|weitere artikel|zum thema|"
    r"sur le même sujet|à lire aussi|lire aussi|les plus lus|leggi anche|potrebbe interessarti|i più letti|correlati)\s*:?$",
    re.I,
)
_JUNK_LINE = re.compile(
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
class _Line:
    number: int
    text: str


@dataclass
class _Header:
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


def parse_wire(
    text: str,
    name: str,
    tz: ZoneInfo,
    categories: Iterable[str] = (),
    lang: str | None = None,
    default_lang: str = "en",
    reference: date | None = None,
) -> WireStory:
    """Read one raw story. ``categories`` are every known label/alias, used to split line 1.

    ``reference`` is a day near publication (from the file name or the file's
    time): it gives the year to dates written without one ("Nov 25 (Reuters)").
    A story with no date at all comes back with ``published`` None.
    """
    lines = [_Line(number, line.strip()) for number, line in enumerate(text.split("\n"), 1)]
    content = _without_masthead([line for line in lines if line.text])
    if not content:
        raise NewsgenError("file has no text", name, 1)
    warnings: list[str] = []
    category, title = split_category(content[0].text, categories, looks_like_scraped_page(content))
    title = strip_bidi(title)  # a headline is a name (slug, id, feeds): no invisible direction changes
    if category and category not in categories:
        warnings.append(f"line {content[0].number}: category {category!r} is not in the vocabulary; add it to site.toml")
    if not title:
        raise NewsgenError("line 1 has no headline", name, content[0].number)
    header = _scan_header(content, tz, reference, warnings)
    if header.date is None:
        header.date, header.date_text = _find_date_anywhere(content, tz, reference)

    body_lines = _drop_noise(lines[content[header.body_start].number - 1 :] if header.body_start < len(content) else [], header, tz, warnings)
    body_lines, credits = _take_credits(body_lines)
    body_lines, byline = _take_byline(body_lines, header.byline)
    blocks = ([Block("paragraph", header.kicker)] if header.kicker else []) + _blocks(body_lines)
    near = header.date.when.date() if header.date else reference
    blocks, dateline, dateline_agency, dateline_date = _take_dateline(blocks, tz, near)
    if not any(block.kind == "paragraph" for block in blocks):
        raise NewsgenError("no body text found after the header", name, content[-1].number)
    dateline = dateline or header.place
    if header.date is None and dateline_date is not None:
        header.date, header.date_text = dateline_date, f"{dateline_date.when:%b %d} (dateline)"
    if header.date is not None and not header.date.has_time:
        warnings.append(f"the date {header.date_text!r} gives no time; 00:00 assumed")
    image = _image(header, warnings)
    agency = _agency(header.agency_line) or dateline_agency or header.footer_agency or _byline_agency(byline) or "unknown"
    story_lang = lang or detect_language(" ".join(b.text for b in blocks[:12]) + " " + title, default_lang)
    return WireStory(
        title=title,
        category=category,
        agency=agency,
        published=header.date.when if header.date else None,
        lang=story_lang,
        blocks=tuple(blocks),
        dateline=dateline,
        byline=byline,
        credits=credits,
        image=image,
        warnings=tuple(warnings),
    )


# ---------------------------------------------------------------- first line


def _is_site_menu(text: str) -> bool:
    """"Home | News | Sports | Business": a web page's navigation, not wire copy."""
    return text.count("|") >= 2 and all(len(item.split()) <= 4 for item in text.split("|"))


def _without_masthead(content: list[_Line]) -> list[_Line]:
    """Drop a newspaper page's name, menu and advertising labels above the headline."""
    index = 0
    while index < min(len(content), 6):
        text = content[index].text
        following = content[index + 1].text if index + 1 < len(content) else ""
        if _is_site_menu(text) or _JUNK_LINE.match(text) or (len(text.split()) <= 8 and _is_site_menu(following)):
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


def looks_like_scraped_page(content: Sequence[_Line]) -> bool:
    """True when line 2 is an agency line, as on scraped agency pages."""
    return len(content) > 1 and _agency(content[1].text) is not None


# -------------------------------------------------------------------- header


def _scan_header(content: Sequence[_Line], tz: ZoneInfo, reference: date | None, warnings: list[str]) -> _Header:
    header = _Header()
    index = 1
    while index < len(content) and index < 14:
        text = content[index].text
        following = content[index + 1].text if index + 1 < len(content) else None
        if index == 1 and _is_short_unpunctuated(text) and not _agency(text) and not _byline(text) and following is not None and _is_date(following, tz, reference):
            header.kicker = text  # "Generaldebatte im Bundestag": a second headline line above the date
        elif header.agency_line is None and header.caption is None and _agency(text):
            header.agency_line = text
        elif header.date is None and (place_date := _place_date(text, tz)):
            header.place, header.date, header.date_text = place_date[0], place_date[1], text
        elif header.date is None and (date_line := _date_or_warning(content[index], tz, reference, warnings)):
            if date_line is not _INVALID:
                header.date, header.date_text = date_line, text
        elif header.byline is None and _byline(text):
            header.byline = _byline(text)
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


def _date_or_warning(line: _Line, tz: ZoneInfo, reference: date | None, warnings: list[str]) -> DateLine | object | None:
    try:
        return parse_date_line(line.text, tz, reference)
    except InvalidDate as exc:
        warnings.append(f"line {line.number}: {exc}; the line was skipped")
        return _INVALID


def _place_date(text: str, tz: ZoneInfo) -> tuple[str, DateLine] | None:
    """"BONN, Germany 1996-08-22" -> ("Bonn", the date)."""
    match = _PLACE_DATE_LINE.match(text)
    if not match:
        return None
    when = _quiet_date(match["date"], tz)
    return (_place_name(match["place"].strip()), when) if when else None


def _place_name(place: str) -> str:
    """"WASHINGTON" -> "Washington", "KYIV" -> "Kyiv"; mixed case is kept."""
    return re.sub(r"[A-ZÀ-ÖØ-Þ]+", lambda word: word[0].capitalize(), place) if place.isupper() else place


def _find_date_anywhere(content: Sequence[_Line], tz: ZoneInfo, reference: date | None) -> tuple[DateLine | None, str | None]:
    for line in content[:40]:
        if found := _quiet_date(line.text, tz, reference):
            return found, line.text
    return None, None


def _agency(line: str | None) -> str | None:
    """The agency an agency line names ("Keystone-SDA SDA" -> "Keystone-SDA", "The Associated Press" -> "AP"), else None."""
    if not line or len(line) > 40:
        return None
    line = _AGENCY_FULL_NAMES.sub(lambda match: match.lastgroup or "", line)
    tokens = [t for t in re.split(r"[\s/,+&]+", line) if t]
    if not tokens or any(t.lower() not in _AGENCY_KEYS for t in tokens):
        return None
    names = [_AGENCY_KEYS[t.lower()] for t in tokens]
    # "Keystone-SDA SDA" names one agency twice: keep the most specific spelling.
    kept = [n for n in dict.fromkeys(names) if not any(n != other and n.lower() in other.lower() for other in names)]
    return "/".join(kept)


def _byline_agency(byline: str | None) -> str | None:
    """"Mary Clarke, The Associated Press" -> "AP"."""
    if not byline:
        return None
    match = _AGENCY_FULL_NAMES.search(byline) or re.search(r"(?:,\s*|\s)(AP|Reuters|AFP|dpa|SDA|Bloomberg)$", byline)
    return _agency(match.group()) if match else None


def _byline(line: str) -> str | None:
    match = _BYLINE.match(line)
    if not match:
        return None
    names = match["names"].rstrip(".")
    return names if _BYLINE_NAMES.match(names) and len(names.split()) <= 12 else None


def _image(header: _Header, warnings: list[str]) -> Image | None:
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


# ---------------------------------------------------------------------- body


def _drop_noise(lines: Sequence[_Line], header: _Header, tz: ZoneInfo, warnings: list[str]) -> list[_Line]:
    """Remove repeated header lines, agency footers, teaser boxes and link bait; keep blank lines.

    The agency a footer names is kept in ``header.footer_agency`` when no header line named one.
    """
    kept: list[_Line] = []
    in_teaser_box = False
    for line in lines:
        text = line.text
        if not text:
            kept.append(line)  # blank lines separate teaser headlines too: the box goes on
            continue
        if _TEASER_HEADINGS.match(text):
            in_teaser_box = True
            warnings.append(f"line {line.number}: teaser box {text!r} dropped")
            continue
        if in_teaser_box and _is_short_unpunctuated(text):
            continue
        in_teaser_box = False
        if _JUNK_LINE.match(text) or text in (header.caption, header.image_agency):
            continue
        if agency := (_agency(text) or _copyright_agency(text)):
            header.footer_agency = agency
            continue  # repeated agency line after the lead, the agency footer or its copyright
        if len(text) < 40 and _is_date(text, tz):
            continue  # repeated date after the lead
        kept.append(line)
    return kept


def _copyright_agency(text: str) -> str | None:
    match = _COPYRIGHT.match(text)
    if not match:
        return None
    owner = match["owner"].strip().removeprefix("The ").split("-")[0]
    return _agency(owner)


def _is_date(text: str, tz: ZoneInfo, reference: date | None = None) -> bool:
    return _quiet_date(text, tz, reference) is not None


def _take_credits(lines: list[_Line]) -> tuple[list[_Line], str | None]:
    """Take reporter/editor credits off the end of the story."""
    remaining = list(lines)
    credits: list[str] = []
    while remaining and (not remaining[-1].text or _is_credit(remaining[-1].text)):
        line = remaining.pop()
        if line.text and not _EDITOR_CODES.match(line.text):
            credits.insert(0, line.text.strip("() "))
    return remaining, "; ".join(credits) or None


def _is_credit(text: str) -> bool:
    return bool(_CREDIT_LINE.match(text) or _CONTRIBUTED.match(text) or _EDITOR_CODES.match(text))


def _take_byline(lines: list[_Line], byline: str | None) -> tuple[list[_Line], str | None]:
    first_text = next((i for i, line in enumerate(lines) if line.text), None)
    if first_text is not None and (found := _byline(lines[first_text].text)):
        return lines[:first_text] + lines[first_text + 1 :], byline or found
    return lines, byline


def _blocks(lines: Sequence[_Line]) -> list[Block]:
    blocks: list[Block] = []
    for group in _groups(lines):
        if _is_hard_wrapped(group) and not any(_is_result_row(text) for text in group):
            blocks.append(Block("paragraph", " ".join(group)))
            continue
        for text in group:
            if _is_result_row(text):
                if blocks and blocks[-1].kind == "rows":
                    blocks[-1] = Block("rows", f"{blocks[-1].text}\n{text}")
                else:
                    blocks.append(Block("rows", text))
                continue
            kind = "heading" if blocks and _is_short_unpunctuated(text) else "paragraph"
            blocks.append(Block(kind, text))
    # A subheading is never the last block: a trailing short line is a sign-off, not a heading.
    while blocks and blocks[-1].kind == "heading":
        blocks.pop()
    return blocks


#: A ranked line ("1. Marco Odermatt (SUI) 1:45.32", "3 ODERMATT Marco SUI") or one with race times.
_RANKED_ROW = re.compile(r"^(?:\d{1,3}[.)]?|\(\d{1,3}\)|=\d{1,3}\.?|T\d{1,3})\s+(?:[^\W\d_]|\()")
_ROW_VALUE = re.compile(r"\d+:\d{2}[.,]\d{1,3}|(?<![\w.-])\d{1,2}-\d{1,2}(?![\w-])|(?<![\w.])[+-]\d+[.,]\d{1,3}\b|\([A-Z]{3}\)|(?<![\w-])[A-Z]{3}(?![\w-])")


def _is_result_row(text: str) -> bool:
    """A line of a results list or table: ranked, or carrying times and nation codes, and no sentence."""
    if len(text) > 140 or text.endswith((".", "!", "?", ":")) and not _ROW_VALUE.search(text[-12:]):
        return False
    if _RANKED_ROW.match(text):
        return bool(_ROW_VALUE.search(text)) or len(text.split()) <= 8
    return len(_ROW_VALUE.findall(text)) >= 2


def _groups(lines: Sequence[_Line]) -> list[list[str]]:
    groups: list[list[str]] = [[]]
    for line in lines:
        if line.text:
            groups[-1].append(line.text)
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


def _is_hard_wrapped(group: Sequence[str]) -> bool:
    """Lines cut at a fixed width: most lines run on without closing punctuation."""
    if len(group) < 2:
        return False
    inner = group[:-1]
    run_on = [line for line in inner if not line.endswith(_TERMINAL) and len(line) >= 40]
    starts_lower = sum(1 for line in group[1:] if line[:1].islower())
    return len(run_on) * 2 >= len(inner) and (starts_lower > 0 or len(run_on) == len(inner))


def _is_short_unpunctuated(text: str) -> bool:
    return len(text) <= 100 and len(text.split()) <= 12 and not text.endswith(_TERMINAL) and (text[0].isupper() or text[0].isdigit())


def _take_dateline(blocks: list[Block], tz: ZoneInfo, reference: date | None) -> tuple[list[Block], str | None, str | None, DateLine | None]:
    """Strip "WASHINGTON (AP) — " or "LONDON, Nov 25 (Reuters) - " from the lead; return place, agency and date."""
    paragraphs_seen = 0
    for index, block in enumerate(blocks):
        if block.kind != "paragraph":
            continue
        paragraphs_seen += 1
        match = _DATELINE.match(block.text)
        agencies = _dateline_agencies(match["agency"]) if match else None
        head = _dateline_head(match["head"], tz, reference) if match and agencies else None
        if head is None:
            if paragraphs_seen < 3:
                continue  # a kicker or a stray byline may stand before the lead
            return blocks, None, None, None
        place, when = head
        rest = block.text[match.end() :]
        lead = [Block("paragraph", rest[:1].upper() + rest[1:])] if rest else []  # a dateline alone on its line leaves no lead
        return blocks[:index] + lead + blocks[index + 1 :], place, "/".join(agencies), when
    return blocks, None, None, None


def _dateline_agencies(text: str) -> list[str] | None:
    """"Reuters" -> ["Reuters"], "dpa/lhe" -> ["dpa"] (a regional desk), "AP/AFP" -> both; None if not agencies."""
    parts = text.split("/")
    if parts[0].lower() not in _AGENCY_KEYS:
        return None
    agencies = [_AGENCY_KEYS[p.lower()] for p in parts if p.lower() in _AGENCY_KEYS]
    unknown = [p for p in parts if p.lower() not in _AGENCY_KEYS]
    return agencies if all(_DESK_CODE.match(p) for p in unknown) else None


def _dateline_head(head: str, tz: ZoneInfo, reference: date | None) -> tuple[str | None, DateLine | None] | None:
    """What stands before "(Agency) -": place, region and date, each optional, but not nothing odd."""
    parts = [part.strip() for part in head.split(",") if part.strip()]
    when = None
    if parts:
        when = _quiet_date(parts[-1], tz, reference)
        if when or _MONTH_DAY.match(parts[-1]):
            parts.pop()  # a date without a year cannot be placed without a reference day, but it is no place
        elif (split := re.match(r"^(.*?)\s+(\S+\.?\s+\d{1,2})$", parts[-1])) and (when := _quiet_date(split[2], tz, reference)):
            parts[-1] = split[1]  # "LONDON Nov 25": no comma before the date
    if not parts:
        return (None, when) if when else None
    if not _PLACE.match(parts[0]) or len(parts) > 2 or (len(parts) == 2 and not _REGION.match(parts[1])):
        return None
    return _place_name(parts[0]), when


def _quiet_date(text: str, tz: ZoneInfo, reference: date | None = None) -> DateLine | None:
    """The date a line stands for; an impossible one counts as none (the header scan warns about those)."""
    try:
        return parse_date_line(text, tz, reference)
    except InvalidDate:
        return None


# ------------------------------------------------------------------ sentences

_ABBREVIATIONS = re.compile(r"\b(?:[A-Z]\.){1,3}$|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Jr|Sr|Nr|No|Nov|Dec|Jan|Feb|Aug|Sept|Oct|Corp|Inc|Ltd|vs|ca|bzw|z\.B|u\.a|Mio|Mrd|Fr|St|Abs|Art)\.$")


def first_sentence(paragraph: str) -> str:
    """The first sentence of a paragraph, not fooled by "U.S." or "Dr."."""
    for match in re.finditer(r"[.!?][\"”»']?(?=\s+[\"„«“]?[A-ZÀ-ÖØ-Þ0-9])", paragraph):
        candidate = paragraph[: match.end()]
        if not _ABBREVIATIONS.search(candidate[-12:]):  # the end is all it reads; the whole prefix made long leads quadratic
            return candidate.strip()
    return paragraph.strip()
