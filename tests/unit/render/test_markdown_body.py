"""generator/render/markdown_body.py: raw HTML stays text, unsafe links are dropped, and the
plain-text shortcut gives exactly the plain converter's HTML."""

import pytest

from generator.render.markdown_body import make_markdown, render_markdown


def test_raw_html_in_markdown_is_escaped():
    html = render_markdown("<script>alert(1)</script>\n\nText with <img src=x onerror=alert(1)> inline.\n")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_javascript_links_in_markdown_are_dropped():
    html = render_markdown("[click](javascript:alert(1)) [case](JavaScript:x) [spaced]( java\tscript:x)\n")
    assert "javascript" not in html.lower().replace(" ", "")
    assert "click" in html and "case" in html


def test_markdown_formatting_and_safe_links_still_work():
    html = render_markdown("## Reactions\n\n*Calm* and **loud**; see [the report](https://example.com/r?a=1&b=2) or [mail](mailto:desk@example.org).\n")
    assert "<h2>Reactions</h2>" in html
    assert "<em>Calm</em>" in html and "<strong>loud</strong>" in html
    assert 'href="https://example.com/r?a=1&amp;b=2"' in html
    assert 'href="mailto:desk@example.org"' in html


_TRICKY_BODIES = [
    "Plain wire paragraph, no markup at all.\n\n## Subheading\n\nAnother one: 8 per cent, (a) and \"quotes\".\n",
    "Line with two trailing spaces  \nnext line\n",
    "A*star* and _under_score_ and snake_case_name and 2*3*4\n",
    "AT&T &amp; &#169; &copy and & alone\n",
    "Escapes: \\*not em\\* and \\\\ backslash\n",
    "`code *here*` and ``double `tick` code``\n",
    "Links [a](https://x.org) ![img](a.png) [ref][1] [short]\n\n[1]: https://y.org\n",
    "Autolinks <https://example.org/x> and <desk@example.org> and a < b > c\n",
    "Bang! no image, [brackets] alone and ! [spaced](x)\n",
    "    indented code with *stars*\n\n> quote with _em_\n\n- list *item*\n- two\n",
    "Non-ASCII: Zürich, Genève, «guillemets», emoji \u2603, tab\there\n",
]


@pytest.mark.parametrize("body", _TRICKY_BODIES)
def test_markdown_shortcut_gives_exactly_the_plain_converters_html(body):
    fast, plain = make_markdown(), make_markdown(shortcut=False)
    assert fast.convert(body) == plain.convert(body)


def test_markdown_shortcut_matches_plain_converter_on_random_text():
    # Deterministic fuzzing over an alphabet full of inline syntax characters.
    import random

    alphabet = list("ab cd\n`\\[]()!<>&;#*_:/@.-x1") + ["  \n", "\n\n", "## ", "https://e.org"]
    rng = random.Random(20261128)
    fast, plain = make_markdown(), make_markdown(shortcut=False)
    for _ in range(1500):
        body = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))
        assert fast.convert(body) == plain.convert(body), body
        fast.reset()
        plain.reset()
