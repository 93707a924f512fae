"""Raw bytes become clean text, or a clear refusal naming the file."""

import pytest

from generator.errors import NewsgenError
from generator.ingest.rawtext import MAX_RAW_BYTES, decode_raw


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
