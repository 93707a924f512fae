"""Serialising XML documents (feeds, sitemaps) to bytes.

Elements are built with ``xml.etree``, which escapes ``&``, ``<``, ``>`` and
quotes; namespace declarations are written as plain ``xmlns`` attributes and
prefixed names ("xhtml:link") so the output does not depend on the module-wide
prefix registry of ``xml.etree``. Attribute order is insertion order.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, SubElement, indent, tostring

XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'

# Characters XML 1.0 cannot carry at all, not even escaped (most C0 controls, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot carry (wire copy sometimes has stray controls)."""
    return _NOT_XML.sub("", text)


def add(parent: Element, tag: str, text: str | None = None, **attributes: str) -> Element:
    """Append ``<tag attributes>text</tag>`` to ``parent``; text and values are cleaned with ``xml_text``."""
    child = SubElement(parent, tag, {name: xml_text(value) for name, value in attributes.items()})
    if text is not None:
        child.text = xml_text(text)
    return child


def render_xml(root: Element) -> bytes:
    """A whole document: UTF-8 declaration, then the tree indented by two spaces."""
    indent(root, space="  ")
    return (XML_DECLARATION + tostring(root, encoding="unicode") + "\n").encode("utf-8")
