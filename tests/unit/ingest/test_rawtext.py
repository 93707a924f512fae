"""Raw bytes become clean text, or a clear refusal naming the file."""

import time

import pytest

from generator.core.errors import NewsgenError
from generator.ingest.rawtext import MAX_RAW_BYTES, decode_raw, strip_bidi


def test_windows_1252_file_is_read_with_a_warning():
    raw = decode_raw("Zürich – Bundesrat\n".encode("cp1252"), "a.txt")
    assert raw.text.startswith("Zürich – Bundesrat")
    assert any("Windows-1252" in w for w in raw.warnings)


def test_utf8_bom_crlf_and_nbsp_are_normalised():
    raw = decode_raw("\ufeffTitle\r\nLine\u00a0two\u200b\r\n".encode("utf-8"), "a.txt")
    assert raw.text == "Title\nLine two\n"
    assert raw.warnings == ()


@pytest.mark.parametrize("data, message", [(b"", "empty"), (b"  \n\n ", "empty"), (b"\x00\x01\x02binary\x00", "binary")])
def test_unusable_files_are_refused(data, message):
    with pytest.raises(NewsgenError, match=message) as error:
        decode_raw(data, "bad.txt")
    assert error.value.file == "bad.txt"


def test_oversized_file_is_refused():
    with pytest.raises(NewsgenError, match="bytes"):
        decode_raw(b"x" * (MAX_RAW_BYTES + 1), "huge.txt")


def test_script_elements_are_removed_with_their_content():
    raw = decode_raw(b"Title\nBody starts.<script>alert('x')</script> Body ends.\n", "a.txt")
    assert "alert" not in raw.text and "<script" not in raw.text
    assert "Body starts. Body ends." in raw.text
    assert any("line 2" in w and "script" in w for w in raw.warnings)


def test_pasted_html_page_is_read_as_text_one_line_per_block():
    page = b"<html><head><title>x</title><style>p{}</style></head><body><h1>Headline</h1><p>First &amp; only.</p><p>Second.</p></body></html>"
    raw = decode_raw(page, "page.html")
    lines = [line for line in raw.text.splitlines() if line]
    assert lines == ["Headline", "First & only.", "Second."]
    assert any("HTML" in w for w in raw.warnings)


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x07", "\x08", "\x1a", "\x1b", "\x7f", "\x81", "\x9d", "\ufffe", "\uffff", "\ufdd0", "\U0010ffff"])
def test_control_characters_and_non_characters_never_reach_the_text(control):
    # After the first 8 kB, so the file is not taken for binary.
    raw = decode_raw(("Title\n" + "Padding line of text.\n" * 500 + f"Body{control}text.\n").encode("utf-8"), "a.txt")
    assert "Bodytext." in raw.text
    assert control not in raw.text
    assert any("line 502" in w and f"U+{ord(control):04X}" in w for w in raw.warnings)


def test_tab_newline_and_carriage_return_are_kept_as_spaces_and_line_breaks():
    raw = decode_raw(b"Title\tend\r\nSecond\rThird\n", "a.txt")
    assert raw.text == "Title end\nSecond\nThird\n"


def test_c1_controls_are_read_as_the_windows_1252_characters_they_were():
    # U+0085 (NEL) is what "…" becomes when Windows-1252 text goes through Latin-1: YAML reads it as a line break.
    raw = decode_raw("Trump\u0085 visits\u0096 Bern \u0092s\n".encode("utf-8"), "a.txt")
    assert raw.text == "Trump… visits– Bern ’s\n"


def test_line_separators_are_soft_breaks_and_paragraph_separators_end_the_line():
    raw = decode_raw("Alliance chief\u2028visits Trump\u2029Second\x0cThird\x0bfourth\n".encode("utf-8"), "a.txt")
    assert raw.text == "Alliance chief visits Trump\nSecond\nThird fourth\n"


def test_entities_that_spell_controls_are_removed_too():
    raw = decode_raw(b"<b>Title&#x2028;end&#0;&#x7f;</b>\nBody &#x85;\n", "a.txt")
    assert raw.text == "Title end\ufffd\nBody …\n"


def test_balanced_bidi_controls_are_kept():
    line = "Quote \u2067\u05e9\u05dc\u05d5\u05dd\u2069 and \u202bembedded\u202c end"
    raw = decode_raw(f"Title\n{line}\n".encode("utf-8"), "a.txt")
    assert raw.text == f"Title\n{line}\n"
    assert raw.warnings == ()


@pytest.mark.parametrize("line", ["evil \u202eyenom\u202c\u202c end", "open \u2067never closed", "\u2069closed first\u2067", "crossed \u2067a\u202bb\u2069c\u202c"])
def test_unbalanced_bidi_controls_are_removed_from_their_line(line):
    raw = decode_raw(f"Title \u202ekept apart\u202c\n{line}\n".encode("utf-8"), "a.txt")
    first, second, _ = raw.text.split("\n")
    assert first == "Title \u202ekept apart\u202c"
    assert not any(ch in second for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert any("line 2" in w and "bidi" in w for w in raw.warnings)


def test_strip_bidi_leaves_no_bidi_control_or_mark():
    assert strip_bidi("\u202eMark\u202c \u200fRutte\u200e\u2066") == "Mark Rutte"
    assert strip_bidi("Mark Rutte") == "Mark Rutte"


def test_one_br_and_one_p_line_leave_a_plain_story_plain():
    story = "Title of the story\nSDA\n23.11.2024 - 13:03\n<br>\nFirst paragraph here.\n<p>Second paragraph.</p>\nThird paragraph.\nFourth paragraph.\n"
    raw = decode_raw(story.encode("utf-8"), "a.txt")
    lines = [line for line in raw.text.split("\n") if line]
    assert lines == ["Title of the story", "SDA", "23.11.2024 - 13:03", "First paragraph here.", "Second paragraph.", "Third paragraph.", "Fourth paragraph."]
    assert any("line 4" in w and "line breaks" in w for w in raw.warnings)
    assert not any("HTML page" in w for w in raw.warnings)


def test_br_inside_a_line_breaks_it():
    raw = decode_raw(b"Title\nSDA\nFirst line<br/>second line &amp; more\nThird line\nFourth line\n", "a.txt")
    assert "First line\nsecond line & more" in raw.text


def test_fragment_tagged_on_every_line_is_read_as_html():
    fragment = b"<p>Title</p>\n<p>SDA</p>\n<p>23.11.2024 - 13:03</p>\n<p>A body that was\nwrapped by the editor.</p>\n"
    raw = decode_raw(fragment, "a.html")
    assert [line for line in raw.text.split("\n") if line] == ["Title", "SDA", "23.11.2024 - 13:03", "A body that was wrapped by the editor."]
    assert any("HTML page" in w for w in raw.warnings)


def test_tag_soup_without_closing_brackets_is_read_in_linear_time():
    # "[^>]*" scanned to the end of the file once per "<p": a megabyte took hours.
    started = time.perf_counter()
    decode_raw(b"Title\n" + b"<p " * 300_000, "soup.txt")
    assert time.perf_counter() - started < 5
