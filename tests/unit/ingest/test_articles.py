"""Building articles from stories: persons, tags and titles are identities, free of invisible controls."""

from sample_story import STORY, analyse


def test_bidi_controls_never_reach_title_persons_or_tags(config, vocab):
    text = STORY.replace("Alliance chief", "Alliance \u202echief\u202c").replace("Mark Rutte has", "\u2066Mark Rutte\u2069 has").replace("Ukraine", "\u2067Ukraine\u2069")
    _, article = analyse(text, config, vocab)
    bidi = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    for name in (article.title, *article.persons, *article.tags, *(person for person, _ in article.roles)):
        assert not any(ch in name for ch in bidi), repr(name)
    assert "Mark Rutte" in article.persons
    assert "Ukraine" in article.tags
