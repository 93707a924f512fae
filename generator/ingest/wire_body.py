"""The body of a wire story: clutter out, credits and byline off, the text in blocks.

Scraped pages wrap the copy in teaser boxes, share buttons and repeated header
lines; agencies end it with reporter credits and desk codes. What remains is cut
into paragraphs, subheadings and result rows. Apart from the header scan because
these rules follow how stories are written, not how their first lines are laid out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from ..content.model import Block
from .wire_agencies import agency_named_in, copyright_agency
from .wire_dateline import looks_like_date
from .wire_header import (
    JUNK_LINE,
    TERMINAL_PUNCTUATION,
    Header,
    Line,
    is_short_unpunctuated,
    read_byline,
)

_CREDIT_LINE = re.compile(r"^\(?\s*(?:(?:Additional\s+)?(?:Reporting|Writing|Editing|Compiled|Graphics|Research)\s+by\b.*)\)?$", re.I)
_CONTRIBUTED = re.compile(r"^(?:Associated Press|AP|Reuters|dpa|AFP)\s+(?:writers?|reporters?|correspondents?)\b.*\bcontributed\b.*$", re.I)
_EDITOR_CODES = re.compile(r"^\(?[a-z]{2,4}(?:/[a-z]{2,4})+\)?$")  # "jb/sda": desk initials at the end of Swiss wires
_TEASER_HEADINGS = re.compile(
    r"^(more on (this|the) (topic|story)|related( articles| stories| content| news)?|read (more|also)|also read|see also|"
    r"you (might|may) also (like|be interested in)|most read|top stories|latest news|more news|recommended( for you)?|"
    r"mehr zum thema|lesen sie auch|auch interessant|das könnte sie (auch )?interessieren|meistgelesen|weitere artikel|zum thema|"
    r"sur le même sujet|à lire aussi|lire aussi|les plus lus|leggi anche|potrebbe interessarti|i più letti|correlati)\s*:?$",
    re.I,
)


def drop_noise(lines: Sequence[Line], header: Header, tz: ZoneInfo, warnings: list[str]) -> list[Line]:
    """Remove repeated header lines, agency footers, teaser boxes and link bait; keep blank lines.

    The agency a footer names is kept in ``header.footer_agency`` when no header line named one.
    """
    kept: list[Line] = []
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
        if in_teaser_box and is_short_unpunctuated(text):
            continue
        in_teaser_box = False
        if JUNK_LINE.match(text) or text in (header.caption, header.image_agency):
            continue
        if agency := (agency_named_in(text) or copyright_agency(text)):
            header.footer_agency = agency
            continue  # repeated agency line after the lead, the agency footer or its copyright
        if len(text) < 40 and looks_like_date(text, tz):
            continue  # repeated date after the lead
        kept.append(line)
    return kept


def take_credits(lines: list[Line]) -> tuple[list[Line], str | None]:
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


def take_byline(lines: list[Line], byline: str | None) -> tuple[list[Line], str | None]:
    first_text = next((i for i, line in enumerate(lines) if line.text), None)
    if first_text is not None and (found := read_byline(lines[first_text].text)):
        return lines[:first_text] + lines[first_text + 1 :], byline or found
    return lines, byline


def body_blocks(lines: Sequence[Line]) -> list[Block]:
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
            kind = "heading" if blocks and is_short_unpunctuated(text) else "paragraph"
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


def _groups(lines: Sequence[Line]) -> list[list[str]]:
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
    run_on = [line for line in inner if not line.endswith(TERMINAL_PUNCTUATION) and len(line) >= 40]
    starts_lower = sum(1 for line in group[1:] if line[:1].islower())
    return len(run_on) * 2 >= len(inner) and (starts_lower > 0 or len(run_on) == len(inner))
