"""Segmentation keeps Markdown structure, and placeholders keep names and URLs away from providers."""

import pytest

from generator.translate.segments import (
    SegmentError,
    body_segments,
    check_markdown,
    check_tokens,
    escape_block_start,
    join_body,
    mask,
    split_body,
    split_for_limit,
    swiss_spelling,
    unmask,
    verify_names,
)

BODY = """\
First paragraph, with a [link](https://example.org/a_b "Title") and `code_x`.

## A subheading

- first item
- second item
  continued here
1. numbered

> Quoted words
> over two lines.

```
code stays
as it is
```

| a | b |
|---|---|

Line one with a hard break  
line two.
"""


def upper(blocks):
    return {text: text.upper() for text in body_segments(blocks)}


def test_headings_list_markers_and_quotes_keep_their_prefix():
    out = join_body(split_body(BODY), upper(split_body(BODY)))
    assert "\n## A SUBHEADING\n" in out
    assert "- FIRST ITEM\n- SECOND ITEM CONTINUED HERE\n1. NUMBERED" in out
    assert "> QUOTED WORDS OVER TWO LINES." in out


def test_code_tables_and_hard_breaks_survive_unchanged():
    out = join_body(split_body(BODY), upper(split_body(BODY)))
    assert "```\ncode stays\nas it is\n```" in out
    assert "| a | b |\n|---|---|" in out
    assert "LINE ONE WITH A HARD BREAK  \nLINE TWO." in out


def test_each_paragraph_heading_and_item_is_its_own_segment():
    segments = body_segments(split_body(BODY))
    assert "A subheading" in segments
    assert "second item continued here" in segments
    assert not any("code stays" in s for s in segments)


def test_identity_translation_gives_the_body_back():
    body = "One.\n\n## Two\n\nThree \\*not emphasis\\*.\n"
    blocks = split_body(body)
    assert join_body(blocks, {s: s for s in body_segments(blocks)}) == body


def test_names_become_placeholders_longest_first_and_come_back():
    text = "Karin Keller-Sutter met Rutte. Keller-Sutter's plan: Keller-Sutters Linie."
    masked = mask(text, ["Karin Keller-Sutter", "Keller-Sutter", "Rutte"])
    assert "Keller" not in masked.text and "Rutte" not in masked.text
    assert masked.text == "⟦1⟧ met ⟦2⟧. ⟦3⟧'s plan: ⟦3⟧s Linie."
    assert unmask(masked, masked.text) == text


def test_link_urls_code_escapes_and_literal_brackets_are_never_sent():
    masked = mask("See [the report](https://x.org/r?a=1) or `x_y`, \\*, ⟦ and https://y.org/z.", [], markdown=True)
    assert "x.org" not in masked.text and "y.org" not in masked.text and "x_y" not in masked.text
    assert "[the report](⟦1⟧)" in masked.text
    assert masked.text.count("⟦") == masked.text.count("⟧") == len(masked.originals)


def test_padded_placeholders_are_repaired():
    assert check_tokens("Hi ⟦1⟧ and ⟦2⟧", "Salut ⟦ 1 ⟧ et ⟦2 ⟧") == "Salut ⟦1⟧ et ⟦2⟧"


@pytest.mark.parametrize("answer, problem", [
    ("Salut et ⟦2⟧", "lost ⟦1⟧"),
    ("Salut ⟦1⟧ ⟦1⟧ et ⟦2⟧", "repeated differently ⟦1⟧"),
    ("Salut ⟦1⟧ et ⟦2⟧ ⟦3⟧", "invented ⟦3⟧"),
    ("Salut ⟦1⟧ et ⟦2", "lost ⟦2⟧"),
])
def test_lost_or_invented_placeholders_are_rejected(answer, problem):
    with pytest.raises(SegmentError, match=problem):
        check_tokens("Hi ⟦1⟧ and ⟦2⟧", answer)


def test_links_must_keep_their_shape_and_emphasis_its_markers():
    assert check_markdown("the [report](⟦1⟧) *now*", "le [rapport] (⟦1⟧) *maintenant*") == "le [rapport](⟦1⟧) *maintenant*"
    with pytest.raises(SegmentError, match="link"):
        check_markdown("the [report](⟦1⟧)", "le rapport ⟦1⟧")
    with pytest.raises(SegmentError, match="markup changed"):
        check_markdown("a *big* day", "un grand jour")


def test_markup_the_source_did_not_have_is_escaped_not_rendered():
    assert check_markdown("2 times 3", "2 * 3 _x_") == "2 \\* 3 \\_x\\_"


def test_a_translated_paragraph_never_turns_into_a_list_or_heading():
    assert escape_block_start("1. Januar war kalt") == "1\\. Januar war kalt"
    assert escape_block_start("- so what") == "\\- so what"
    assert escape_block_start("# 1 team") == "\\# 1 team"
    assert escape_block_start("Plain") == "Plain"


def test_names_must_appear_as_often_as_in_the_source():
    verify_names("Rutte met Rutte's aide", "Rutte traf Ruttes Mitarbeiter", ["Rutte"])
    with pytest.raises(SegmentError, match="'Rutte' appears 1 times in the source but 2"):
        verify_names("Rutte spoke", "Rutte sprach mit Rutte", ["Rutte"])


def test_long_texts_are_cut_after_sentences_within_the_limit():
    text = " ".join(f"Sentence number {i} is here." for i in range(40))
    chunks = split_for_limit(text, 100)
    assert all(len(c) <= 100 for c in chunks) and len(chunks) > 1
    assert all(c.endswith(".") for c in chunks)
    assert " ".join(chunks) == text
    assert split_for_limit("x" * 250, 100) == ["x" * 100, "x" * 100, "x" * 50]


def test_swiss_spelling_has_no_sharp_s():
    assert swiss_spelling("Die Straße ist groß. STRAẞE") == "Die Strasse ist gross. STRASSE"
