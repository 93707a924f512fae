"""IPTC 7901 / ANPA 1312 reader: framed agency messages become stories with the header's agency and category."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.config.settings import parse_config
from generator.core.errors import NewsgenError
from generator.ingest.iptc7901 import looks_like_iptc7901
from generator.ingest.rawstory import DateHints, analyse_raw

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "agency"
ZURICH = ZoneInfo("Europe/Zurich")
ANPA = (
    "\x16\x16\x01a0231 r s BC-Ski-Results 12-07 0120\r\n\x02"
    "Swiss skier wins the giant slalom in Val d'Isere\r\n"
    "   VAL D'ISERE, France (AP) - A Swiss skier won the giant slalom on Saturday, her\r\n"
    "second World Cup victory of the season, ahead of two Austrian racers.\r\n"
    "   The race was held in fog after a delay of one hour.\r\n"
    "\x03 12-07-26 1342EST\x04"
)


def test_message_gives_headline_paragraphs_category_agency_and_filing_time(config, vocab):
    story, article = analyse_raw((FIXTURES / "iptc7901-de.7901").read_bytes(), "content/raw/bahn.7901", config, vocab)
    assert article.title == "Nachtzug nach Wien hält neu auch in Buchs SG"  # the keyword line is not the headline
    assert article.lang == "de"
    assert article.category == "economy"  # header category "wi"
    assert article.agency == "SDA"
    assert article.dateline == "Bern"
    assert article.published == datetime(2026, 12, 7, 14, 52, tzinfo=ZURICH)  # trailer "071452 Dez 26"
    # Hard-wrapped lines of one indented paragraph are one paragraph; a short indented line is a subheading.
    assert story.paragraphs[:2] == (
        "Der Nachtzug von Zürich nach Wien hält ab dem Fahrplanwechsel zusätzlich in Buchs SG. Das teilte die Bahn am Montag in Bern mit.",
        "Die Reisezeit verlängert sich dadurch um rund zehn Minuten. Reisende aus der Ostschweiz sparen sich damit den Umweg über Zürich.",
    )
    assert story.subheadings == ("Mehr Verbindungen im Sommer",)
    assert story.warnings == ()  # 8-bit text is the standard's, not a problem to report


def test_anpa_message_after_syn_characters_is_read(config, vocab):
    story, article = analyse_raw(ANPA.encode("ascii"), "content/raw/ski.anpa", config, vocab, hints=DateHints(file_time=datetime(2026, 12, 7, 19, 50, tzinfo=ZURICH)))
    assert article.title == "Swiss skier wins the giant slalom in Val d'Isere"
    assert article.category == "sport"  # ANPA category "s"
    assert article.agency == "AP"
    assert story.paragraphs[0].startswith("A Swiss skier won the giant slalom on Saturday, her second World Cup victory")


def test_a_header_code_named_among_a_categorys_aliases_files_the_story(tmp_path, vocab):
    config = parse_config({"languages": ["de"], "categories": [{"id": "verkehr", "labels": {"de": "Verkehr"}, "aliases": ["vk"]}]}, tmp_path)
    data = (FIXTURES / "iptc7901-de.7901").read_bytes().replace(b" wi ", b" vk ")
    assert analyse_raw(data, "content/raw/bahn.7901", config, vocab)[1].category == "verkehr"


def test_message_cut_off_before_its_end_mark_is_read_with_a_warning(config, vocab):
    data = (FIXTURES / "iptc7901-de.7901").read_bytes()
    story, _ = analyse_raw(data[: data.index(b"\x03")], "content/raw/bahn.7901", config, vocab, hints=DateHints(file_time=datetime(2026, 12, 7, 15, 0, tzinfo=ZURICH)))
    assert any("no ETX" in w for w in story.warnings)
    assert story.published == datetime(2026, 12, 7, 15, 0, tzinfo=ZURICH)  # no trailer: the file's time, said in a warning
    assert any("modification time" in w for w in story.warnings)


def test_unreadable_header_is_a_warning_not_a_failure(config, vocab):
    data = (FIXTURES / "iptc7901-de.7901").read_bytes().replace(b"sda0417 3 wi 0312", b"???")
    story, article = analyse_raw(data, "content/raw/bahn.7901", config, vocab)
    assert any("not an IPTC 7901 or ANPA 1312 header" in w for w in story.warnings)
    assert article.title == "Nachtzug nach Wien hält neu auch in Buchs SG"


def test_message_without_text_is_an_error_naming_the_file(config, vocab):
    with pytest.raises(NewsgenError) as error:
        analyse_raw(b"\x01sda0001 3 wi 0000\r\n\x02\r\n\x03\x04", "content/raw/empty.7901", config, vocab)
    assert error.value.file == "content/raw/empty.7901"


def test_sniffing_needs_the_frame():
    assert looks_like_iptc7901((FIXTURES / "iptc7901-de.7901").read_bytes())
    assert looks_like_iptc7901(ANPA.encode())
    assert not looks_like_iptc7901(b"InternationalTitle\nSDA\n07.12.2026 - 10:00\n")
    assert not looks_like_iptc7901(b"\x01 only a start of header")
