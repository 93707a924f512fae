"""NewsML-G2 reader: an agency's XML news item in, its story and identity out.

An agency sends a story again when it changes: the same ``guid`` with a
higher ``version``; a ``pubStatus`` of ``stat:canceled`` withdraws it. The
reader reports both (``AgencyItem``), and the ingest stage decides what
replaces what.

The XML is parsed by defusedxml with DTDs forbidden: a document type
declaration, an entity definition or an external reference is refused before
anything is expanded (no XXE, no billion laughs). Element and attribute names
are matched by local name, so an item without the G2 namespace still reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from xml.etree.ElementTree import Element, ParseError, TreeBuilder
from zoneinfo import ZoneInfo

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from ..content.model import Block, Image, WireStory
from ..core.errors import NewsgenError
from .language import detect_language
from .rawtext import strip_bidi

#: IPTC Media Topic top levels and the default category label each files under.
MEDIA_TOPICS = {
    "01000000": "Culture",
    "02000000": "Panorama",  # crime, law and justice
    "03000000": "Panorama",  # disaster, accident and emergency incident
    "04000000": "Economy",
    "08000000": "Panorama",  # human interest
    "11000000": "Politics",
    "13000000": "Science",
    "15000000": "Sport",
}
#: pubStatus values (without their scheme) that keep a story off the site.
WITHDRAWN = ("canceled", "withheld")

_BLOCK_TAGS = {"p": "paragraph", "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading", "li": "paragraph", "pre": "rows"}
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class AgencyItem:
    """Who an agency item is across its versions, and whether it may be published."""

    guid: str
    version: int
    #: pubStatus without its scheme: "usable", "withheld" or "canceled".
    status: str

    @property
    def withdrawn(self) -> bool:
        return self.status in WITHDRAWN


@dataclass(frozen=True)
class NewsmlStory:
    """One text item of a NewsML-G2 document; ``story`` is None for a withdrawal that carries no text."""

    item: AgencyItem
    story: WireStory | None
    #: Where the item's picture is, as its remoteContent href says (the caption is in ``story.image``).
    picture_href: str | None = None


def looks_like_newsml(data: bytes) -> bool:
    """An XML document whose root is a NewsML-G2 newsMessage or newsItem."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and (b"newsItem" in head or b"newsMessage" in head)


def parse_newsml(data: bytes, name: str, tz: ZoneInfo, categories: Iterable[str] = (), languages: Sequence[str] = (), default_lang: str = "en") -> NewsmlStory:
    """Read the one text item of a NewsML-G2 document (a newsItem, or a newsMessage holding it and its pictures).

    ``categories`` are the site's category labels and aliases: a subject or
    genre qcode listed there ("medtop:15000000") files the story, then the
    Media Topic's default label, then the subject's name.
    """
    root, lines = _parse(data, name)
    items = [el for el in root.iter() if _local(el.tag) == "newsItem"] or ([root] if _local(root.tag) == "newsItem" else [])
    if not items:
        raise NewsgenError(f"no newsItem in this XML document (root element <{_local(root.tag)}>)", name, 1)
    texts = [el for el in items if _item_class(el) not in ("picture", "graphic", "video", "audio")]
    pictures = [el for el in items if _item_class(el) in ("picture", "graphic")]
    if not texts:
        raise NewsgenError("the document has pictures but no text newsItem", name, lines.get(id(items[0]), 1))
    if len(texts) > 1:
        raise NewsgenError(f"the document holds {len(texts)} text newsItems; newsgen reads one story per file (split the newsMessage)", name, lines.get(id(texts[1]), 1))
    element = texts[0]
    item = _agency_item(element, name, lines)
    if item.withdrawn and _find(element, "contentSet") is None:
        return NewsmlStory(item, None)
    picture, href = _picture(element, pictures)
    story = _story(element, name, lines, tz, set(categories), languages, default_lang, picture)
    return NewsmlStory(item, story, href)


# ---------------------------------------------------------------- XML


def _parse(data: bytes, name: str) -> tuple[Element, dict[int, int]]:
    """The document's root, and the line each element starts on (by ``id``)."""
    lines: dict[int, int] = {}
    parser = DefusedXMLParser(target=_LineBuilder(lines), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.target.parser = parser.parser
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException as exc:
        raise NewsgenError(f"refused: the XML declares a DTD or entities ({type(exc).__name__}); agency feeds need neither, and they are how XML attacks work", name, _expat_line(parser)) from None
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else 1
        raise NewsgenError(f"not well-formed XML: {exc}", name, line) from None
    return root, lines


def _expat_line(parser: DefusedXMLParser) -> int:
    try:
        return parser.parser.CurrentLineNumber
    except AttributeError:
        return 1


class _LineBuilder(TreeBuilder):
    """A tree builder that notes the source line of every element (ElementTree keeps none)."""

    def __init__(self, lines: dict[int, int]):
        super().__init__()
        self.lines = lines
        self.parser = None

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        if self.parser is not None:
            self.lines[id(element)] = self.parser.CurrentLineNumber
        return element


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _attr(element: Element, name: str) -> str | None:
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def _find(element: Element, *path: str) -> Element | None:
    """The first descendant along ``path`` of local names (direct children at each step)."""
    found: Element | None = element
    for step in path:
        found = next((child for child in found if _local(child.tag) == step), None) if found is not None else None
    return found


def _find_all(element: Element, name: str) -> Iterator[Element]:
    return (child for child in element.iter() if _local(child.tag) == name)


def _text(element: Element | None) -> str:
    return _SPACE.sub(" ", "".join(element.itertext())).strip() if element is not None else ""


def _qcode_value(qcode: str | None) -> str:
    return (qcode or "").split(":", 1)[-1].strip().lower()


# ---------------------------------------------------------------- item


def _item_class(element: Element) -> str:
    item_class = _find(element, "itemMeta", "itemClass")
    return _qcode_value(_attr(item_class, "qcode") if item_class is not None else None) or "text"


def _agency_item(element: Element, name: str, lines: dict[int, int]) -> AgencyItem:
    line = lines.get(id(element), 1)
    guid = (_attr(element, "guid") or "").strip()
    if not guid:
        raise NewsgenError("newsItem has no guid attribute; an agency item needs one to be updated or withdrawn", name, line)
    version_text = (_attr(element, "version") or "1").strip()
    if not version_text.isdigit():
        raise NewsgenError(f"newsItem version {version_text!r} is not a whole number", name, line)
    status = _find(element, "itemMeta", "pubStatus")
    return AgencyItem(guid, int(version_text), _qcode_value(_attr(status, "qcode") if status is not None else None) or "usable")


def _story(element: Element, name: str, lines: dict[int, int], tz: ZoneInfo, categories: set[str], languages: Sequence[str], default_lang: str, picture: Image | None) -> WireStory:
    meta = _find(element, "contentMeta")
    line = lines.get(id(meta if meta is not None else element), 1)
    if meta is None:
        raise NewsgenError("newsItem has no contentMeta (headline, subjects, language)", name, line)
    warnings: list[str] = []
    headline = _headline(meta) or _text(_find(meta, "slugline"))
    if not headline:
        raise NewsgenError("newsItem has neither a headline nor a slugline", name, line)
    blocks = _body(element, name, lines)
    if not any(block.kind == "paragraph" for block in blocks):
        raise NewsgenError("newsItem has no body text (contentSet with inlineXML or inlineData)", name, lines.get(id(_find(element, "contentSet")), line))
    published = _published(element, meta, name, lines, tz)
    category = _category(meta, categories, warnings)
    language = _language(element, meta, languages)
    texts = " ".join(block.text for block in blocks[:12])
    return WireStory(
        title=strip_bidi(headline),
        category=category,
        agency=_agency(element),
        published=published,
        lang=language or detect_language(f"{texts} {headline}", default_lang),
        blocks=tuple(blocks),
        dateline=_text(_find(meta, "located", "name")) or _dateline_place(_text(_find(meta, "dateline"))) or None,
        byline=_text(_find(meta, "by")) or None,
        image=picture,
        warnings=tuple(warnings),
    )


def _headline(meta: Element) -> str:
    headlines = [child for child in meta if _local(child.tag) == "headline"]
    main = [h for h in headlines if _qcode_value(_attr(h, "role")) in ("", "main")]
    return _text((main or headlines or [None])[0])


def _published(element: Element, meta: Element, name: str, lines: dict[int, int], tz: ZoneInfo) -> datetime | None:
    """First publication: firstCreated, else contentCreated, else versionCreated (stated offset, else the feed's zone)."""
    for holder, field in ((_find(element, "itemMeta"), "firstCreated"), (meta, "contentCreated"), (_find(element, "itemMeta"), "versionCreated")):
        found = _find(holder, field) if holder is not None else None
        text = _text(found)
        if not text:
            continue
        try:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise NewsgenError(f"<{field}> {text!r} is not an ISO 8601 date-time", name, lines.get(id(found), 1)) from None
        return when if when.tzinfo else when.replace(tzinfo=tz)
    return None


def _category(meta: Element, categories: set[str], warnings: list[str]) -> str | None:
    """The first subject or genre the site files under: its qcode as an alias, its Media Topic, its name."""
    subjects = [child for child in meta if _local(child.tag) in ("subject", "genre")]
    for subject in subjects:
        qcode = (_attr(subject, "qcode") or "").strip()
        if qcode and qcode in categories:
            return qcode
        if qcode.startswith("medtop:") and (label := MEDIA_TOPICS.get(qcode[7:9] + "000000")) and label in categories:
            return label
        if (label := _text(_find(subject, "name"))) and label in categories:
            return label
    if subjects:
        codes = ", ".join(_attr(s, "qcode") or _text(_find(s, "name")) for s in subjects)
        warnings.append(f"no subject or genre ({codes}) is a category of the site; add a qcode to a category's aliases in site.toml")
    return None


def _language(element: Element, meta: Element, languages: Sequence[str]) -> str | None:
    """The item's language as the site spells it: "de-CH" is "de" on a site without de-ch."""
    language = _find(meta, "language")
    tag = ((_attr(language, "tag") if language is not None else None) or _attr(element, "lang") or "").strip().lower()
    if not tag:
        return None
    if tag in languages or not languages:
        return tag
    base = tag.split("-")[0]
    return base if base in languages else tag


def _agency(element: Element) -> str | None:
    provider = _find(element, "itemMeta", "provider")
    if provider is not None:
        named = _text(_find(provider, "name")) or (_attr(provider, "literal") or "") or _qcode_value(_attr(provider, "qcode")).upper()
        if named:
            return named
    credit = _text(_find(element, "contentMeta", "creditline"))
    return credit or None


def _dateline_place(dateline: str) -> str:
    """"BERN, Dec 7 (SDA)" -> "BERN"."""
    return dateline.split(",", 1)[0].split("(", 1)[0].strip() if dateline else ""


# ---------------------------------------------------------------- body


def _body(element: Element, name: str, lines: dict[int, int]) -> list[Block]:
    content_set = _find(element, "contentSet")
    if content_set is None:
        return []
    for content in content_set:
        kind = _local(content.tag)
        if kind == "inlineXML":
            body = next(_find_all(content, "body"), None)
            return _xhtml_blocks(body if body is not None else content)
        if kind == "inlineData":
            text = "".join(content.itertext())
            return [Block("paragraph", _SPACE.sub(" ", part).strip()) for part in re.split(r"\n\s*\n", text) if part.strip()]
    return []


def _xhtml_blocks(container: Element) -> list[Block]:
    """Paragraphs, headings, list items and preformatted rows of an XHTML body, as text.

    Markup inside a block (links, emphasis, anything unknown) is reduced to
    its text: wire HTML never reaches the page as HTML.
    """
    blocks: list[Block] = []
    loose = (container.text or "").strip()
    if loose:
        blocks.append(Block("paragraph", _SPACE.sub(" ", loose)))
    for child in container:
        tag = _local(child.tag).lower()
        kind = _BLOCK_TAGS.get(tag)
        if kind == "rows":
            rows = "\n".join(line.strip() for line in "".join(child.itertext()).splitlines() if line.strip())
            if rows:
                blocks.append(Block("rows", rows))
        elif kind:
            if text := _text(child):
                blocks.append(Block(kind, text))
        elif tag in ("table",):
            rows = [" · ".join(_text(cell) for cell in row if _local(cell.tag) in ("td", "th")) for row in _find_all(child, "tr")]
            if rows := [row for row in rows if row]:
                blocks.append(Block("rows", "\n".join(rows)))
        elif tag not in ("script", "style", "head", "title"):
            blocks.extend(_xhtml_blocks(child))
        tail = (child.tail or "").strip()
        if tail:
            blocks.append(Block("paragraph", _SPACE.sub(" ", tail)))
    return blocks


# ---------------------------------------------------------------- pictures


def _picture(text_item: Element, pictures: Sequence[Element]) -> tuple[Image | None, str | None]:
    """The picture a text item links to (itemMeta link residref), else the message's first: caption, credit, file."""
    linked = {(_attr(link, "residref") or "").strip() for link in _find_all(text_item, "link")}
    chosen = next((p for p in pictures if _attr(p, "guid") in linked), pictures[0] if pictures else None)
    if chosen is None:
        return None, None
    meta = _find(chosen, "contentMeta")
    if meta is None:
        return None, _href(chosen)
    descriptions = [d for d in meta if _local(d.tag) == "description"]
    caption_element = next((d for d in descriptions if _qcode_value(_attr(d, "role")) == "caption"), descriptions[0] if descriptions else None)
    caption = _text(caption_element) or _headline(meta)
    if not caption:
        return None, _href(chosen)
    credit = _text(_find(meta, "creditline")) or None
    return Image(caption, credit, _agency(chosen)), _href(chosen)


def _href(picture: Element) -> str | None:
    """The picture's largest rendition (highRes, else the first remoteContent)."""
    remotes = list(_find_all(picture, "remoteContent"))
    best = next((r for r in remotes if _qcode_value(_attr(r, "rendition")) in ("highres", "original", "baseimage")), remotes[0] if remotes else None)
    return (_attr(best, "href") or "").strip() or None if best is not None else None
