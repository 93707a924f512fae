"""Reading raw files: the reader the content calls for, dates that exist, refusals that name the file."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sample_story import STORY, analyse

from generator.core.errors import NewsgenError
from generator.ingest.rawstory import DateHints

ZURICH = ZoneInfo("Europe/Zurich")





def test_plain_story_with_one_br_line_and_one_p_line_keeps_its_date_and_paragraphs(config, vocab):
    # One block tag used to switch the whole file to HTML: its lines were joined and it had "no publication date".
    text = STORY.replace("Keystone\n", "Keystone\n<br>\n").replace("Diplomats said", "<p>Diplomats said").replace("main subjects.", "main subjects.</p>")
    story, article = analyse(text, config, vocab)
    assert article.published.isoformat() == "2024-11-23T13:03:00+01:00"
    assert article.title == "Alliance chief visits Trump at his Florida estate"
    assert story.paragraphs == (
        'Nato Secretary General Mark Rutte has held talks with US President-elect Donald Trump in Florida. "Global security questions were on the table," a spokeswoman said.',
        "Diplomats said the war against Ukraine and defence spending were the main subjects.",
    )
    assert "<" not in article.body


def test_time_in_the_hour_clocks_skip_is_the_instant_it_stands_for(config, vocab):
    # 02:34 on 31 March 2024 does not exist in Zurich: read back from the file, it compared unequal.
    _, article = analyse(STORY.replace("23.11.2024 - 13:03", "31.03.2024 - 02:34"), config, vocab)
    assert article.published.isoformat() == "2024-03-31T03:34:00+02:00"
    story, _ = analyse(STORY.replace("23.11.2024 - 13:03", "31.03.2024 - 02:34"), config, vocab)
    assert any("does not exist" in w for w in story.warnings)


def test_time_in_the_repeated_hour_keeps_its_offset(config, vocab):
    _, article = analyse(STORY.replace("23.11.2024 - 13:03", "27.10.2024 - 02:30"), config, vocab)
    assert article.published.isoformat() == "2024-10-27T02:30:00+02:00"


def test_date_given_for_an_undated_story_is_normalised_too(config, vocab):
    # The fallback dates go through the same normalisation as dates in the text.
    given = datetime(2024, 3, 31, 2, 15, tzinfo=ZURICH)
    _, article = analyse(STORY.replace("23.11.2024 - 13:03\n", ""), config, vocab, hints=DateHints(given=given))
    assert article.published.isoformat() == "2024-03-31T03:15:00+02:00"


def test_every_refusal_names_the_file(config, vocab):
    for text in ("", "\x00\x01binary", "Headline only\n", "Title\nSDA\n"):
        with pytest.raises(NewsgenError) as error:
            analyse(text, config, vocab, name="content/raw/bad.txt")
        assert error.value.file == "content/raw/bad.txt"
