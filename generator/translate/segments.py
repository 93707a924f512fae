"""What is sent to a translation provider, and how its answer is put back (pure).

A Markdown body is cut into blocks (separated by blank lines) and each block
into pieces: a structural prefix that is kept as it is (``## ``, ``- ``,
``> ``) and a text that is translated on its own — one paragraph, heading or
list item per request, so that editing one paragraph re-sends one segment.
Code, tables, HTML and rules are copied unchanged.

Before a text is sent, everything a provider must not touch is replaced by an
opaque placeholder ``⟦n⟧``: person names and glossary terms, link URLs,
inline code, bare URLs and backslash escapes. The brackets are mathematical
white square brackets (U+27E6/U+27E7): not Markdown, not HTML, no letters to
translate, and absent from wire copy (a literal one in the text is masked
too). After the answer is checked, the placeholders are restored and every
protected name must appear exactly as often as in the source; anything else
is rejected (:class:`SegmentError`), never saved.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

TOKEN = re.compile(r"⟦(\d+)⟧")
# Providers sometimes pad placeholders with spaces ("⟦ 3 ⟧") or use other digits; still unambiguous.
_LOOSE_TOKEN = re.compile(r"⟦\s*(\d+)\s*⟧")
_LINK_TOKEN = re.compile(r"\]\s*\(\s*(⟦\d+⟧)\s*\)")

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX_HEADING = re.compile(r"^(\s{0,3}#{1,6}[ \t]+)(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_LIST_ITEM = re.compile(r"^(\s*(?:[-+*]|\d{1,9}[.)])[ \t]+)(.*)$")
_QUOTE = re.compile(r"^\s{0,3}>[ \t]?")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_VERBATIM_START = re.compile(r"^(?:\s{4,}|\t|\s{0,3}<|\s*\||\s{0,3}\[[^\]]+\]:\s)")
_HARD_BREAK = re.compile(r"(  +|\\)$")
# Text at the start of a paragraph that Markdown would read as a block (see ingest's escaping).
_BLOCK_START = re.compile(r"^(?:#|>|[-+*][ \t]|=+$|-+$)")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])([ \t])")

_MARKDOWN_MASKS = (
    r"(?P<code>(?P<ticks>`+).+?(?P=ticks))",
    r"(?<=\]\()(?P<dest>[^()\s]+(?:\s+\"[^\"]*\")?)(?=\))",
    r"(?P<auto><(?:https?://|mailto:)[^>\s]+>)",
    r"(?P<html></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)",
)
_COMMON_MASKS = (
    r"(?P<url>\bhttps?://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"])",
    r"(?P<escape>\\[!-/:-@\[-`{-~])",
    r"(?P<bracket>[⟦⟧])",
)
# Characters that are Markdown markup inside a paragraph; a translation must keep their counts.
_INLINE_MARKUP = ("*", "_", "`", "[", "]")


class SegmentError(Exception):
    """A translation that cannot be put back safely (placeholder, name or markup lost)."""


@dataclass(frozen=True)
class Piece:
    """One line of a block: a kept prefix, a text, and a kept suffix (a hard line break)."""

    prefix: str
    text: str
    #: False for verbatim pieces (code, tables, HTML): copied unchanged.
    translate: bool = True
    suffix: str = ""
    #: True for paragraph text, whose start must not turn into block markup.
    paragraph: bool = False


@dataclass(frozen=True)
class Block:
    """A run of lines between blank lines; its pieces are joined by newlines."""

    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class Masked:
    """A text as sent to the provider, and what its placeholders stand for."""

    text: str
    #: ``originals[n - 1]`` is what ``⟦n⟧`` replaced.
    originals: tuple[str, ...]


# ---------------------------------------------------------------- body structure


def split_body(body: str) -> tuple[Block, ...]:
    """Cut a Markdown body into blocks of translatable and verbatim pieces."""
    return tuple(_classify(lines) for lines in _raw_blocks(body.strip("\n").split("\n")) if lines)


def body_segments(blocks: Iterable[Block]) -> list[str]:
    """The texts to translate, in order (repeats included)."""
    return [piece.text for block in blocks for piece in block.pieces if piece.translate and piece.text.strip()]


def join_body(blocks: Iterable[Block], translated: Mapping[str, str]) -> str:
    """The body again, each translatable text replaced by ``translated[text]``."""
    rendered = []
    for block in blocks:
        lines = [piece.prefix + _piece_text(piece, translated) + piece.suffix for piece in block.pieces]
        rendered.append("\n".join(lines))
    return "\n\n".join(rendered) + "\n"


def _piece_text(piece: Piece, translated: Mapping[str, str]) -> str:
    if not piece.translate or not piece.text.strip():
        return piece.text
    text = translated[piece.text]
    return escape_block_start(text) if piece.paragraph and not piece.prefix else text


def escape_block_start(text: str) -> str:
    """Keep a translated paragraph a paragraph ("1. ", "- " or "#" at its start are escaped)."""
    if found := _ORDERED_START.match(text):
        return f"{found.group(1)}\\{found.group(2)}{found.group(3)}{text[found.end():]}"
    return "\\" + text if _BLOCK_START.match(text) else text


def _raw_blocks(lines: list[str]) -> Iterable[list[str]]:
    """Lines grouped at blank lines; a fenced code block is one block, blank lines and all."""
    current: list[str] = []
    fence: str | None = None
    for line in lines:
        marker = _FENCE.match(line)
        if fence is not None:
            current.append(line)
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
        elif marker:
            current.append(line)
            fence = marker.group(1)
        elif line.strip():
            current.append(line)
        else:
            yield current
            current = []
    yield current


def _classify(lines: list[str]) -> Block:
    first = lines[0]
    if _FENCE.match(first) or _RULE.match(first) or _VERBATIM_START.match(first):
        return Block((Piece("", "\n".join(lines), translate=False),))
    if len(lines) == 1 and (heading := _ATX_HEADING.match(first)):
        return Block((Piece(heading.group(1), heading.group(2)),))
    if len(lines) == 2 and _SETEXT_UNDERLINE.match(lines[1]):
        return Block((Piece("", lines[0].strip()), Piece("", lines[1], translate=False)))
    if _LIST_ITEM.match(first):
        return Block(tuple(_list_items(lines)))
    if _QUOTE.match(first):
        return Block((Piece("> ", " ".join(_QUOTE.sub("", line).strip() for line in lines)),))
    return Block(tuple(_paragraph(lines)))


def _list_items(lines: list[str]) -> Iterable[Piece]:
    prefix, texts = None, []
    for line in lines:
        item = _LIST_ITEM.match(line)
        if item and prefix is not None:
            yield Piece(prefix, " ".join(texts))
        if item:
            prefix, texts = item.group(1), [item.group(2).strip()]
        else:
            texts.append(line.strip())
    yield Piece(prefix or "", " ".join(texts))


def _paragraph(lines: list[str]) -> Iterable[Piece]:
    """One piece per paragraph; one per line where lines end in hard breaks, which must survive."""
    if not any(_HARD_BREAK.search(line) for line in lines[:-1]):
        yield Piece("", " ".join(line.strip() for line in lines), paragraph=True)
        return
    for index, line in enumerate(lines):
        brk = _HARD_BREAK.search(line) if index < len(lines) - 1 else None
        text = line[: brk.start()] if brk else line
        yield Piece("", text.strip(), suffix=brk.group(1) if brk else "", paragraph=index == 0)


# ---------------------------------------------------------------- placeholders


def mask(text: str, names: Iterable[str] = (), markdown: bool = False) -> Masked:
    """Replace names, URLs and markup a provider must not touch by ``⟦n⟧`` placeholders."""
    pattern = _mask_pattern(tuple(sorted(set(n for n in names if n.strip()), key=lambda n: (-len(n), n))), markdown)
    originals: dict[str, int] = {}

    def replace(found: re.Match) -> str:
        original = found.group(0)
        number = originals.setdefault(original, len(originals) + 1)
        return f"⟦{number}⟧"

    masked = pattern.sub(replace, text)
    return Masked(masked, tuple(originals))


def _mask_pattern(names: tuple[str, ...], markdown: bool) -> re.Pattern:
    parts = [*(_MARKDOWN_MASKS if markdown else ()), *_COMMON_MASKS]
    if names:
        # A name ends before a word character, but may take a plural/genitive "s" ("Keller-Sutters").
        alternatives = "|".join(re.escape(name) for name in names)
        parts.append(rf"(?P<name>(?<![\w-])(?:{alternatives})(?=s?(?!\w)))")
    return re.compile("|".join(parts))


def unmask(masked: Masked, translated: str) -> str:
    """Put the originals back into a checked translation."""

    def restore(found: re.Match) -> str:
        number = int(found.group(1))
        if not 1 <= number <= len(masked.originals):
            raise SegmentError(f"the translation has a placeholder ⟦{number}⟧ that was never sent")
        return masked.originals[number - 1]

    return TOKEN.sub(restore, translated)


def check_tokens(sent: str, received: str) -> str:
    """The answer with padded placeholders repaired; SegmentError if any was lost, added or changed."""
    repaired = _LOOSE_TOKEN.sub(lambda found: f"⟦{int(found.group(1))}⟧", received)
    want, got = Counter(TOKEN.findall(sent)), Counter(TOKEN.findall(repaired))
    if want != got:
        lost = sorted(set(want) - set(got), key=int)
        changed = sorted((n for n in set(want) & set(got) if want[n] != got[n]), key=int)
        extra = sorted(set(got) - set(want), key=int)
        details = [f"{label} {', '.join(f'⟦{n}⟧' for n in numbers)}" for label, numbers in (("lost", lost), ("repeated differently", changed), ("invented", extra)) if numbers]
        raise SegmentError("placeholders " + "; ".join(details))
    if "⟦" in TOKEN.sub("", repaired) or "⟧" in TOKEN.sub("", repaired):
        raise SegmentError("a placeholder came back damaged")
    return repaired


def check_markdown(sent: str, received: str) -> str:
    """Like check_tokens, and links keep their URLs and emphasis/link markup keeps its shape.

    Markup characters the source did not have are escaped rather than
    rejected: machine output must never become markup (the same promise
    ingest makes for wire text).
    """
    repaired = _LINK_TOKEN.sub(r"](\1)", check_tokens(sent, received))
    for token in _LINK_TOKEN.findall(sent):
        if f"]({token})" not in repaired:
            raise SegmentError(f"the link to placeholder {token} lost its [text](url) shape")
    sent_plain, got_plain = TOKEN.sub("", sent), TOKEN.sub("", repaired)
    for char in _INLINE_MARKUP:
        want, got = sent_plain.count(char), got_plain.count(char)
        if want == 0 and got:
            repaired = _escape_outside_tokens(repaired, char)
        elif want != got:
            raise SegmentError(f"Markdown markup changed: {char!r} appears {want} times in the source but {got} in the translation")
    return repaired


def _escape_outside_tokens(text: str, char: str) -> str:
    return "".join(part if TOKEN.fullmatch(part) else part.replace(char, "\\" + char) for part in re.split(r"(⟦\d+⟧)", text))


def verify_names(source: str, translated: str, names: Iterable[str]) -> None:
    """Every protected name appears in the translation exactly as often as in the source."""
    for name in sorted(set(n for n in names if n.strip())):
        pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?=s?(?!\w))")
        want, got = len(pattern.findall(source)), len(pattern.findall(translated))
        if want != got:
            raise SegmentError(f"name {name!r} appears {want} times in the source but {got} times in the translation")


# ---------------------------------------------------------------- long texts, spelling

_SENTENCE_END = re.compile(r"(?<=[.!?…:;»\"”])\s+")


def split_for_limit(text: str, limit: int) -> list[str]:
    """Pieces of at most ``limit`` characters, cut after sentences where possible.

    Joining the pieces with single spaces gives the text back (with runs of
    whitespace between sentences made single).
    """
    if len(text) <= limit:
        return [text]
    chunks: list[str] = []
    for sentence in _SENTENCE_END.split(text.strip()):
        for part in _cut(sentence, limit):
            if chunks and len(chunks[-1]) + 1 + len(part) <= limit:
                chunks[-1] += " " + part
            else:
                chunks.append(part)
    return chunks


def _cut(sentence: str, limit: int) -> Iterable[str]:
    """A sentence longer than the limit is cut between words, a word longer than it anywhere."""
    if len(sentence) <= limit:
        yield sentence
        return
    current = ""
    for word in sentence.split():
        while len(word) > limit:
            if current:
                yield current
                current = ""
            yield word[:limit]
            word = word[limit:]
        if current and len(current) + 1 + len(word) > limit:
            yield current
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        yield current


def swiss_spelling(text: str) -> str:
    """Swiss Standard German has no ß."""
    return text.replace("ß", "ss").replace("ẞ", "SS")
