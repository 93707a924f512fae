"""Hypothesis strategies for raw wire files, and the check every ingested file must pass.

Shared by the property tests in ``tests/unit/ingest/`` and by
``bench/fuzz_ingest.py`` (which puts ``tests/`` on ``sys.path``), so the fuzz
run by hand and the one in CI generate the same kinds of input:

- ``raw_bytes()``: arbitrary bytes;
- ``raw_texts()``: arbitrary text, encoded as a feed might encode it;
- ``wire_files()``: stories in the real Keystone-SDA layout (category glued to
  the headline, agency line, ``dd.mm.yyyy - HH:MM``, caption twice, picture
  agency, paragraphs and subheadings, agency footer) whose fields are now and
  then hostile: controls, NEL, line separators, bidi controls, ``<br>`` and
  other HTML, entities, YAML syntax, impossible dates, empty or marker-only
  captions, very long lines.

``check_ingest`` runs one file through ingest as ``newsgen ingest`` does and
says what happened; an accepted file must also survive the store unchanged.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from generator.config.settings import SiteConfig, parse_config
from generator.content.store import render_article
from generator.content.vocabulary import Vocabularies, load_vocabularies
from generator.core.errors import NewsgenError
from generator.ingest.pipeline import check_storable
from generator.ingest.rawstory import DateHints, analyse_raw

REPO_ROOT = Path(__file__).resolve().parents[1]

WORDS = (
    "Nato", "Bundesrat", "Secretary", "General", "Mark", "Rutte", "Donald", "Trump", "Karin", "Keller-Sutter",
    "the", "and", "of", "in", "has", "said", "on", "Friday", "der", "die", "und", "hat", "am", "Donnerstag",
    "le", "la", "et", "a", "été", "il", "che", "è", "Zürich", "Genève", "Lugano", "Bern", "Ukraine", "Russia",
    "talks", "Gespräche", "budget", "Sparprogramm", "2024", "31", "percent", "Prozent", "U.S.", "Dr.", "€",
    "«Zitat»", "„Zitat“", "“quote”", "l'alliance", "Schweiz", "Marco", "Odermatt", "1:45.32", "(SUI)",
)
CATEGORY_LABELS = ("International", "Schweiz", "Switzerland", "Economy", "Wirtschaft", "Sport", "Vermischtes", "Politik", "Kultur", "Suisse")
AGENCY_LINES = ("SDA", "Keystone-SDA", "Keystone-ATS", "Keystone-SDA SDA", "AP", "dpa", "Reuters", "AFP", "The Associated Press")
PICTURE_AGENCIES = ("Keystone", "KEYSTONE", "EPA", "AP", "dpa", "Getty Images", "Reuters")

#: Pieces that have broken, or could break, a reader, the store or the Markdown body.
HOSTILE = (
    "\x00", "\x01", "\x07", "\x08", "\x1b[31m", "\x1a", "\x7f", "\x85", "\x92", "\x96", "\x9d", "\u2028", "\u2029",
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c",
    "\ufeff", "\ufffe", "\uffff", "\ufdd0", "\U0010ffff", "\U0001f600", "\u0301", "\u200b", "\u00ad", "\u00a0", "\u3000",
    "\r", "\r\n", "\t", "\x0b", "\x0c", "\x1c", "\x1e",
    "<br>", "<br/>", "<BR />", "<p>", "</p>", "<div class='x'>", "</div>", "<b>", "</span>", "<a href='x'>", "<h2>", "<li>",
    "<script>alert(1)</script>", "<style>p{}</style>", "<iframe src=x>", "<!-- -->", "<html>", "<body>", "<p", "<",
    "&amp;", "&lt;script&gt;", "&#133;", "&#x85;", "&#x2028;", "&#x202e;", "&#0;", "&#1;", "&nbsp;", "&bogus;",
    "---", "...", ": ", "- ", "# ", "&anchor ", "*alias", "!tag ", "!!python/object:os.system ", "'", '"', "null", "~",
    "true", "no", "0x1F", "1e3", "2024-11-23", "{x: 1}", "[1, 2]", "%YAML 1.1", "@", "`", "|", ">", "\\", "?",
    "ingest_digest: 00", "*bold*", "_x_", "[link](http://x)", "![img](x)", "1. ", "## ", "> ", "+ ", "===", "    code",
    "ARCHIVE - .", "ARCHIVE - ", "Photo:", "Photo: ", "(AP) — ", "WASHINGTON (AP) — ", "By ", "Reporting by ",
    "SDA", "Keystone", "dpa", "23.11.2024 - 13:03", "Nov 25 (Reuters) - ",
)
IMPOSSIBLE_DATES = (
    "30.02.2024 - 12:00", "31.04.2024 - 10:15", "12.05.2024 - 05:60", "12.05.2024 - 24:00", "29.02.2023 - 08:00",
    "12.05.99999 - 10:00", "01.01.10000 - 00:00", "00.00.0000 - 00:00", "32.13.2024 - 25:61", "2024-02-30",
    "2024-02-30T10:00:00+01:00", "31.04. - 10:00", "31.04.", "24:00", "05:60", "12.05.0001 - 10:00", "99.99.9999 - 99:99",
    "Feb 30, 2024", "30 février 2024", "31. April 2024, 10.15 Uhr", "12.05.2024 - 10:00 UTC+25",
)

_ANY_CHAR = st.characters(codec="utf-8")  # every code point a UTF-8 file can hold, controls included
_word = st.sampled_from(WORDS)
_hostile_piece = st.one_of(st.sampled_from(HOSTILE), st.text(_ANY_CHAR, max_size=4))


def _words(min_size: int = 1, max_size: int = 12) -> st.SearchStrategy[str]:
    return st.lists(_word, min_size=min_size, max_size=max_size).map(" ".join)


@st.composite
def _tainted(draw, clean: st.SearchStrategy[str]) -> str:
    """A clean field with hostile pieces put in at random places."""
    text = draw(clean)
    for piece in draw(st.lists(_hostile_piece, min_size=1, max_size=4)):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + piece + text[at:]
    return text


@st.composite
def _field(draw, clean: st.SearchStrategy[str]) -> str:
    """Mostly the clean field; now and then tainted, empty, arbitrary text or a very long line."""
    roll = draw(st.integers(0, 99))
    if roll < 70:
        return draw(clean)
    if roll < 85:
        return draw(_tainted(clean))
    if roll < 89:
        return ""
    if roll < 97:
        return draw(st.text(_ANY_CHAR, max_size=40))
    # Long enough that a reader quadratic in the line length takes seconds (those were found and fixed).
    return " ".join([draw(_word)] * draw(st.integers(300, 3000)))


def _sentence() -> st.SearchStrategy[str]:
    return st.builds(lambda words, end: words[:1].upper() + words[1:] + end, _words(4, 30), st.sampled_from((".", ".", "!", "?", ":", "")))


@st.composite
def _date_line(draw) -> str:
    when = draw(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2035, 12, 31)))
    good = f"{when:%d.%m.%Y - %H:%M}"
    return draw(st.one_of(st.just(good), st.just(good), st.sampled_from(IMPOSSIBLE_DATES), _tainted(st.just(good)), st.just("")))


@st.composite
def _caption(draw) -> str:
    credit = draw(st.sampled_from(("Alex Brandon/AP/dpa", "KEYSTONE/Someone", "Anna Beispiel/KEYSTONE", "EPA/JEAN-CHRISTOPHE BOTT", "")))
    marker = draw(st.sampled_from(("", "ARCHIVE - ", "ARCHIV - ", "ARCHIVES - ")))
    label = draw(st.sampled_from(("Photo", "Foto", "Symbolbild", "Bild")))
    description = draw(st.one_of(_sentence(), st.sampled_from(("", ".", " . ", "-")), _field(_sentence())))
    return f"{marker}{description} {label}: {credit}".strip()


@st.composite
def wire_texts(draw) -> str:
    """A story in the scraped Keystone-SDA layout, fields now and then hostile."""
    category = draw(st.sampled_from(("", *CATEGORY_LABELS)))
    title = draw(_field(_words(2, 12)))
    glue = draw(st.sampled_from(("", " ")))
    header = [f"{category}{glue}{title}", draw(_field(st.sampled_from(AGENCY_LINES))), draw(_date_line())]
    if draw(st.booleans()):
        caption = draw(_caption())
        header += [caption, draw(st.one_of(st.just(caption), _field(st.just(caption)))), draw(_field(st.sampled_from(PICTURE_AGENCIES)))]
    body = []
    for _ in range(draw(st.integers(1, 6))):
        if body and draw(st.integers(0, 3)) == 0:
            body.append(draw(_field(_words(2, 8))))  # a subheading: short, no closing punctuation
        body.append(draw(_field(st.lists(_sentence(), min_size=1, max_size=4).map(" ".join))))
    footer = [draw(_field(st.sampled_from(AGENCY_LINES)))] if draw(st.booleans()) else []
    lines = header + body + footer
    for _ in range(draw(st.integers(0, 2))):  # a header line lost or repeated, as scrapes do
        index = draw(st.integers(0, len(lines) - 1))
        lines = lines[:index] + lines[index + 1 :] if draw(st.booleans()) else lines[:index] + [lines[index]] + lines[index:]
    separator = draw(st.sampled_from(("\n", "\n\n", "\r\n", "\r\n\r\n", "\n \n")))
    return separator.join(lines) + draw(st.sampled_from(("", "\n", "\n\n")))


@st.composite
def _encoded(draw, texts: st.SearchStrategy[str]) -> bytes:
    """Text as feeds encode it: UTF-8 mostly, else with a BOM, Windows-1252, Latin-1 or UTF-16."""
    text = draw(texts)
    encoding = draw(st.sampled_from(("utf-8", "utf-8", "utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16")))
    return text.encode(encoding, errors="replace")


def wire_files() -> st.SearchStrategy[bytes]:
    """Raw files in the wire layout (see ``wire_texts``)."""
    return _encoded(wire_texts())


def raw_texts() -> st.SearchStrategy[bytes]:
    """Arbitrary text, encoded."""
    return _encoded(st.text(_ANY_CHAR, max_size=400))


def raw_bytes() -> st.SearchStrategy[bytes]:
    """Arbitrary bytes, now and then behind a BOM."""
    return st.builds(lambda head, data: head + data, st.sampled_from((b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")), st.binary(max_size=400))


# --------------------------------------------------------------- the check


@dataclass(frozen=True)
class Outcome:
    """What ingest made of one generated file."""

    #: "accepted", "refused", "unstorable" or "unhandled" (see ``check_ingest``); the last two are bugs.
    kind: str
    detail: str = ""


#: The date hints of a generated file: undated stories take "the file's time", as on disk.
FILE_TIME = DateHints(file_time=datetime(2024, 11, 25, 12, 30, tzinfo=ZoneInfo("Europe/Zurich")))


def fuzz_project() -> tuple[SiteConfig, Vocabularies]:
    """A project in four languages with the repository's registries: what the generated stories are ingested into."""
    return parse_config({"languages": ["en", "de", "fr", "it"]}, REPO_ROOT), load_vocabularies(REPO_ROOT / "content")


def check_ingest(data: bytes, name: str, config: SiteConfig, vocab: Vocabularies) -> Outcome:
    """Ingest ``data`` as ``newsgen ingest`` would, short of the disk.

    "accepted": the story parsed, and its article file reads back unchanged and
    is accepted by the build. "refused": a NewsgenError naming ``name``.
    "unstorable": parsed, but the store would change or refuse the article
    (ingest then refuses the file; the reader let through what it should have
    cleaned). "unhandled": any other exception, or a refusal not naming the file.
    """
    try:
        _, article = analyse_raw(data, name, config, vocab, hints=FILE_TIME)
    except NewsgenError as exc:
        if exc.file != name:
            return Outcome("unhandled", f"refusal does not name the file (file={exc.file!r}): {exc}")
        return Outcome("refused", str(exc))
    except Exception:  # noqa: BLE001 - that is what is being counted
        return Outcome("unhandled", traceback.format_exc(limit=-3))
    try:
        check_storable(article, render_article(article, with_digest=True), config, name)
    except Exception as exc:  # noqa: BLE001
        return Outcome("unstorable", f"{type(exc).__name__}: {exc}")
    return Outcome("accepted")
