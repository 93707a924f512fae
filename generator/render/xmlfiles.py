"""Writing XML documents (feeds, sitemaps) as text.

Elements are written with string templates, not built as a tree: a written
element is a plain string, so a feed entry that appears in many feeds is written
once and reused. An element is written for the depth it sits at: its first line
carries no indentation (its parent supplies that), the lines inside it do.

The bytes are those ``xml.etree``'s ``indent(space="  ")`` and ``tostring()``
give: two-space indentation, ``<tag />`` for an element with neither text nor
children, ``&``, ``<`` and ``>`` escaped in text and attribute values, and in
values also quotes and CR, LF and tab (as character references, so they survive
attribute-value normalisation). Attributes come out in the order given.
Namespace declarations are plain ``xmlns`` attributes and names carry their
prefix ("xhtml:link"), so nothing depends on a namespace registry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
INDENT = "  "

# Characters XML 1.0 cannot carry at all, not even escaped (most C0 controls, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Text that is written as it is, in character data and attribute values alike: no
# quote, ampersand, angle bracket, CR, LF or tab, nothing _NOT_XML removes. Most
# text is like this, and one match is cheaper than cleaning and up to seven replacements.
_AS_IT_IS = re.compile("[\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")


def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot carry (wire copy sometimes has stray controls)."""
    return _NOT_XML.sub("", text)


def escape_text(text: str) -> str:
    """Character data: cleaned with ``xml_text``, markup characters escaped."""
    if _AS_IT_IS.fullmatch(text):
        return text
    return xml_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attribute(value: str) -> str:
    """A double-quoted attribute value: as ``escape_text``, plus quotes and the whitespace
    a parser would otherwise turn into spaces."""
    if _AS_IT_IS.fullmatch(value):
        return value
    escaped = escape_text(value).replace('"', "&quot;")
    return escaped.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")


def leaf(tag: str, text: str | None = None, /, **attributes: str) -> str:
    """``<tag attributes>text</tag>``, or ``<tag attributes />`` when there is no text (or none is left after cleaning)."""
    start = "<" + tag + _attributes(attributes)
    content = escape_text(text) if text else ""
    return f"{start}>{content}</{tag}>" if content else start + " />"


def branch(tag: str, children: Sequence[str], depth: int = 0, /, **attributes: str) -> str:
    """An element at ``depth`` holding written ``children``, one per line, one level deeper."""
    start = "<" + tag + _attributes(attributes)
    if not children:
        return start + " />"
    inner = "\n" + INDENT * (depth + 1)
    return f"{start}>{inner}{inner.join(children)}\n{INDENT * depth}</{tag}>"


def _attributes(attributes: dict[str, str]) -> str:
    return "".join([f' {name}="{escape_attribute(value)}"' for name, value in attributes.items()])


def render_xml(root: str) -> bytes:
    """A whole document from its written root element: UTF-8 declaration, root, final newline."""
    return (XML_DECLARATION + root + "\n").encode("utf-8")
