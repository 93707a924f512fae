"""One raw wire story in the agency's plain-text format, and a way to read it as ingest does,
shared by the tests of the ingest stage's readers and article building."""

from generator.ingest.rawstory import analyse_raw

STORY = """InternationalAlliance chief visits Trump at his Florida estate
SDA
23.11.2024 - 13:03
ARCHIVE - Donald Trump and Mark Rutte at the White House in 2019. Photo: Alex Brandon/AP/dpa
ARCHIVE - Donald Trump and Mark Rutte at the White House in 2019. Photo: Alex Brandon/AP/dpa
Keystone
Nato Secretary General Mark Rutte has held talks with US President-elect Donald Trump in Florida. "Global security questions were on the table," a spokeswoman said.

Diplomats said the war against Ukraine and defence spending were the main subjects.
"""


def analyse(text: str, config, vocab, name: str = "content/raw/story.txt", **kwargs):
    """``text`` read as the raw file ``name``: (story, article), nothing written."""
    return analyse_raw(text.encode("utf-8"), name, config, vocab, **kwargs)
