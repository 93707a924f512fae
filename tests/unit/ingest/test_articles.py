"""Building articles from stories: persons, tags and titles are identities, free of invisible controls."""

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
    return analyse_raw(text.encode("utf-8"), name, config, vocab, **kwargs)


def test_bidi_controls_never_reach_title_persons_or_tags(config, vocab):
    text = STORY.replace("Alliance chief", "Alliance \u202echief\u202c").replace("Mark Rutte has", "\u2066Mark Rutte\u2069 has").replace("Ukraine", "\u2067Ukraine\u2069")
    _, article = analyse(text, config, vocab)
    bidi = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    for name in (article.title, *article.persons, *article.tags, *(person for person, _ in article.roles)):
        assert not any(ch in name for ch in bidi), repr(name)
    assert "Mark Rutte" in article.persons
    assert "Ukraine" in article.tags
