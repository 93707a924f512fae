"""generator/publish/xmlcheck.py: Atom rules."""

from __future__ import annotations

from xml.etree import ElementTree

from generator.publish.xmlcheck import atom_problems

ATOM = """<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>T</title><updated>{updated}</updated>
<entry><id>urn:1</id><title>E</title><updated>2024-11-05T09:30:00+01:00</updated><author><name>SDA</name></author>{link}</entry></feed>"""


def test_valid_atom_feed_has_no_problems():
    root = ElementTree.fromstring(ATOM.format(updated="2024-11-05T09:30:00Z", link='<link href="https://example.org/a/"/>'))
    assert atom_problems(root) == []


def test_atom_problems_name_bad_dates_and_entries_without_links():
    root = ElementTree.fromstring(ATOM.format(updated="5 Nov 2024", link=""))
    problems = [problem for problem, _ in atom_problems(root)]
    assert "<updated>5 Nov 2024</updated> is not an RFC 3339 date-time" in problems
    assert 'entry 1: has neither <link rel="alternate"> nor <content>' in problems
