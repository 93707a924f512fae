from xml.etree import ElementTree
from xml.etree.ElementTree import Element, SubElement, indent, tostring

import pytest

from generator.render.xmlfiles import (
    XML_DECLARATION,
    branch,
    escape_attribute,
    escape_text,
    leaf,
    render_xml,
    xml_text,
)

AWKWARD = [
    "plain words",
    "",
    " ",
    "\x00\x0b",  # nothing left after cleaning
    'Fish & "chips" <b> ]]> \'quoted\'',
    "line one\nline two\r\n\ttabbed",
    "Zürich – 北京 😀",
    "lone \ud800 surrogate and \ufffe non-character",
    "&amp; already escaped",
]


def tree_document(text: str) -> bytes:
    """The same document built the way feeds and sitemaps used to be: an ElementTree, indented."""
    root = Element("feed", {"xmlns": "http://www.w3.org/2005/Atom", "xml:lang": "en"})
    SubElement(root, "title", {"type": "text"}).text = xml_text(text)
    entry = SubElement(root, "entry")
    SubElement(entry, "category", {"term": xml_text(text), "scheme": "https://example.org/en/tags/"})
    author = SubElement(entry, "author")
    SubElement(author, "name").text = xml_text(text)
    SubElement(root, "empty")
    indent(root, space="  ")
    return (XML_DECLARATION + tostring(root, encoding="unicode") + "\n").encode("utf-8")


def written_document(text: str) -> bytes:
    entry = branch("entry", [leaf("category", term=text, scheme="https://example.org/en/tags/"), branch("author", [leaf("name", text)], 2)], 1)
    children = [leaf("title", text, type="text"), entry, leaf("empty")]
    return render_xml(branch("feed", children, 0, **{"xmlns": "http://www.w3.org/2005/Atom", "xml:lang": "en"}))


@pytest.mark.parametrize("text", AWKWARD)
def test_written_documents_are_the_bytes_elementtree_wrote(text):
    assert written_document(text) == tree_document(text)


@pytest.mark.parametrize("text", AWKWARD)
def test_text_and_attribute_values_survive_a_parser(text):
    root = ElementTree.fromstring(written_document(text))
    cleaned = xml_text(text).replace("\r\n", "\n")  # a parser normalises line ends in text
    assert (root.findtext("{http://www.w3.org/2005/Atom}title") or "") == cleaned
    category = root.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}category")
    assert category.get("term") == xml_text(text)


def test_element_without_children_or_text_closes_itself():
    assert branch("urlset", [], 0, xmlns="http://www.sitemaps.org/schemas/sitemap/0.9") == '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" />'
    assert leaf("name", "\x01") == "<name />"


def test_escaping_leaves_ordinary_text_alone_and_cleans_the_rest():
    assert escape_text("Bern, 5 °C") == "Bern, 5 °C"
    assert escape_text("a < b & c > d\x07") == "a &lt; b &amp; c &gt; d"
    assert escape_attribute('say "hi"\n') == "say &quot;hi&quot;&#10;"
