"""Body blocks as Markdown: wire text never becomes markup."""

from zoneinfo import ZoneInfo

from generator.config.settings import DEFAULT_CATEGORIES
from generator.ingest.wire import parse_wire

ZURICH = ZoneInfo("Europe/Zurich")
CATEGORIES = [name for c in DEFAULT_CATEGORIES for name in (*c.labels.values(), *c.aliases)]


def parse(text, **kwargs):
    return parse_wire(text, "story.txt", ZURICH, CATEGORIES, **kwargs)


RESULTS = """Ski: Adelboden giant slalom, results
11.01.2025 - 14:05
Adelboden. Men's giant slalom on the Chuenisbärgli.

1. Marco Odermatt (SUI) 2:31.05
2. Henrik Kristoffersen (NOR) +0.45
3 KRANJEC Zan SLO +0.98

The next race is in Wengen.
"""


def test_results_lists_stay_rows_and_render_one_line_each():
    from generator.ingest.markdown_escape import blocks_to_markdown
    from generator.render.markdown_body import render_markdown

    story = parse(RESULTS)
    rows = [block for block in story.blocks if block.kind == "rows"]
    assert [row.text.count("\n") for row in rows] == [2]
    assert story.subheadings == ()
    html = str(render_markdown(blocks_to_markdown(story.blocks)))
    assert "<ol" not in html  # "1. Marco" is a rank, not a Markdown list
    assert html.count("<br") == 2 and "1. Marco Odermatt (SUI) 2:31.05" in html and "\\" not in html
