"""Parse one raw wire story (plain text) into a WireStory.

Understands the scraped Keystone-SDA page layout (category glued to the title,
agency line, ``dd.mm.yyyy - HH:MM``, caption twice, picture agency, body with
subheadings) and the usual AP, Reuters, dpa and AFP conventions (datelines,
bylines, trailing credits). Every rule reads defensively: header lines are
recognised by what they look like, not by their position. This module reads a
story in order; the rules live in ``wire_header``, ``wire_body``,
``wire_dateline`` and ``wire_agencies``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from zoneinfo import ZoneInfo

from ..content.model import Block, WireStory
from ..core.errors import NewsgenError
from .language import detect_language
from .rawtext import strip_bidi
from .wire_agencies import agency_named_in, agency_of_byline
from .wire_body import body_blocks, drop_noise, take_byline, take_credits
from .wire_dateline import take_dateline
from .wire_header import (
    Line,
    find_date_anywhere,
    image_from_caption,
    looks_like_scraped_page,
    scan_header,
    split_category,
    without_masthead,
)


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
    lines = [Line(number, line.strip()) for number, line in enumerate(text.split("\n"), 1)]
    content = without_masthead([line for line in lines if line.text])
    if not content:
        raise NewsgenError("file has no text", name, 1)
    warnings: list[str] = []
    category, title = split_category(content[0].text, categories, looks_like_scraped_page(content))
    title = strip_bidi(title)  # a headline is a name (slug, id, feeds): no invisible direction changes
    if category and category not in categories:
        warnings.append(f"line {content[0].number}: category {category!r} is not in the vocabulary; add it to site.toml")
    if not title:
        raise NewsgenError("line 1 has no headline", name, content[0].number)
    header = scan_header(content, tz, reference, warnings)
    if header.date is None:
        header.date, header.date_text = find_date_anywhere(content, tz, reference)

    body_lines = drop_noise(lines[content[header.body_start].number - 1 :] if header.body_start < len(content) else [], header, tz, warnings)
    body_lines, credits = take_credits(body_lines)
    body_lines, byline = take_byline(body_lines, header.byline)
    blocks = ([Block("paragraph", header.kicker)] if header.kicker else []) + body_blocks(body_lines)
    near = header.date.when.date() if header.date else reference
    blocks, dateline, dateline_agency, dateline_date = take_dateline(blocks, tz, near)
    if not any(block.kind == "paragraph" for block in blocks):
        raise NewsgenError("no body text found after the header", name, content[-1].number)
    dateline = dateline or header.place
    if header.date is None and dateline_date is not None:
        header.date, header.date_text = dateline_date, f"{dateline_date.when:%b %d} (dateline)"
    if header.date is not None and not header.date.has_time:
        warnings.append(f"the date {header.date_text!r} gives no time; 00:00 assumed")
    image = image_from_caption(header, warnings)
    agency = agency_named_in(header.agency_line) or dateline_agency or header.footer_agency or agency_of_byline(byline) or "unknown"
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


# ------------------------------------------------------------------ sentences

_ABBREVIATIONS = re.compile(r"\b(?:[A-Z]\.){1,3}$|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Jr|Sr|Nr|No|Nov|Dec|Jan|Feb|Aug|Sept|Oct|Corp|Inc|Ltd|vs|ca|bzw|z\.B|u\.a|Mio|Mrd|Fr|St|Abs|Art)\.$")


def first_sentence(paragraph: str) -> str:
    """The first sentence of a paragraph, not fooled by "U.S." or "Dr."."""
    for match in re.finditer(r"[.!?][\"”»']?(?=\s+[\"„«“]?[A-ZÀ-ÖØ-Þ0-9])", paragraph):
        candidate = paragraph[: match.end()]
        if not _ABBREVIATIONS.search(candidate[-12:]):  # the end is all it reads; the whole prefix made long leads quadratic
            return candidate.strip()
    return paragraph.strip()
