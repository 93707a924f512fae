"""generator/render/sanitize.py: a link in an article body never runs a script, whatever its spelling;
pages carry no control characters; bidi controls in printed values are balanced."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render.markdown_body import make_markdown, render_markdown
from generator.render.sanitize import (
    balance_bidi,
    finalize_value,
    finish_page,
    strip_controls,
    url_scheme,
)

ALLOWED = {"http", "https", "mailto"}
PAYLOAD = "alert(1)"

#: Ways to write "javascript:" that a browser reads as javascript: (and a few other schemes).
UNSAFE_LINKS = {
    "decimal reference": "[x](&#106;avascript:alert(1))",
    "decimal reference, leading zeros": "[x](&#0000106;avascript:alert(1))",
    "colon as decimal reference": "[x](javascript&#58;alert(1))",
    "hex references": "[x](&#x6A;avascript&#x3A;alert(1))",
    "upper-case hex reference": "[x](&#X6a;avascript:alert(1))",
    "named colon": "[x](javascript&colon;alert(1))",
    "reference definition": "[x][r]\n\n[r]: &#106;avascript:alert(1)\n",
    "reference definition, named colon": "[x][r]\n\n[r]: javascript&colon;alert(1)\n",
    "collapsed reference": "[x][]\n\n[x]: javascript:alert(1)\n",
    "shortcut reference": "[x]\n\n[x]: &#x6a;avascript:alert(1)\n",
    "angle-bracket destination": "[x](<javascript:alert(1)>)",
    "title after it": '[x](javascript&#x3a;alert(1) "title")',
    "tab inside": "[x](java\tscript:alert(1))",
    "tab as reference": "[x](java&#9;script:alert(1))",
    "named tab": "[x](java&Tab;script:alert(1))",
    "newline as reference": "[x](java&#10;script:alert(1))",
    "named newline": "[x](java&NewLine;script:alert(1))",
    "carriage return as reference": "[x](java&#13;script:alert(1))",
    "NUL inside": "[x](java\x00script:alert(1))",
    "NUL as reference": "[x](java&#0;script:alert(1))",
    "SOH as leading reference": "[x](&#1;javascript:alert(1))",
    "US as hex reference": "[x](java&#x1f;script:alert(1))",
    "ESC inside": "[x](ja\x1bvascript:alert(1))",
    "leading space reference": "[x](&#32;javascript:alert(1))",
    "leading space": "[x]( javascript:alert(1))",
    "mixed case": "[x](JaVaScRiPt:alert(1))",
    "vbscript": "[x](vbscript:msgbox(1))",
    "vbscript mixed case, referenced": "[x](VbScRiPt&#58;msgbox(1))",
    "data html": "[x](data:text/html,<script>alert(1)</script>)",
    "data html base64": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "image, decimal reference": "![x](&#106;avascript:alert(1))",
    "image, data svg": "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "image, reference definition": "![x][r]\n\n[r]: &#x6A;avascript&#x3A;alert(1)\n",
    "image, vbscript": "![x](vbscript:msgbox(1))",
    "link around image": "[![x](https://example.org/i.png)](&#106;avascript:alert(1))",
}


class Urls(HTMLParser):
    """Every href and src of a fragment, decoded as a browser decodes them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.urls.extend((tag, name, value) for name, value in attrs if name in ("href", "src") and value is not None)


def live_scheme(value: str) -> str | None:
    """The test's own reading of a URL: decoded already, every control, space and U+FFFD removed."""
    match = re.match(r"([a-z][a-z0-9+.\-]*):", re.sub("[\x00-\x20\x7f\ufffd]", "", value).lower())
    return match.group(1) if match else None


def unsafe_urls(html: str) -> list[tuple[str, str, str]]:
    return [url for url in Urls(html).urls if live_scheme(url[2]) not in (None, *ALLOWED)]


@pytest.mark.parametrize("body", UNSAFE_LINKS.values(), ids=UNSAFE_LINKS.keys())
def test_no_spelling_of_an_unsafe_scheme_survives_in_a_body(body):
    html = render_markdown(body)
    assert unsafe_urls(html) == [], html
    assert "x" in html or "<img" in html, "the link text or image stays"


def test_unsafe_links_keep_their_text_and_safe_links_their_targets():
    html = render_markdown("[bad](&#106;avascript:alert(1)) and [good](https://example.org/a?b=1&c=2) and [local](../de/#top)\n")
    assert "<a>bad</a>" in html
    assert '<a href="https://example.org/a?b=1&amp;c=2">good</a>' in html and '<a href="../de/#top">local</a>' in html


# Pieces a sneaky scheme is made of: each stands for one character a browser reads.
def _spelled(char: str) -> st.SearchStrategy[str]:
    forms = [st.just(char), st.just(char.upper()), st.just(f"&#{ord(char)};"), st.just(f"&#x{ord(char):x};"),
             st.just(f"&#X{ord(char):X};"), st.just(f"&#000{ord(char)};")]
    if char == ":":
        forms.append(st.just("&colon;"))
    return st.one_of(forms)


_NOISE = st.sampled_from(["", "", "", "\t", "\n", "&#9;", "&#10;", "&#13;", "&Tab;", "&NewLine;", "\x00", "\x01", "\x1f", "&#0;", "&#x1;"])


@st.composite
def sneaky_urls(draw) -> str:
    scheme = draw(st.sampled_from(["javascript:", "vbscript:", "data:"]))
    parts = [draw(_NOISE)]
    for char in scheme:
        parts += [draw(_spelled(char)), draw(_NOISE)]
    return "".join(parts) + draw(st.sampled_from(["alert(1)", "text/html,<script>alert(1)</script>", "msgbox(1)"]))


@settings(max_examples=400, deadline=None)
@given(url=sneaky_urls(), form=st.sampled_from(["[x]({})", "![x]({})", "[x][r]\n\n[r]: {}\n", "![x][r]\n\n[r]: {}\n", "[x](<{}>)"]))
def test_generated_spellings_of_unsafe_schemes_never_survive(url, form):
    html = render_markdown(form.format(url))
    assert unsafe_urls(html) == [], (url, str(html))


NORMAL_BODIES = [
    "Plain wire paragraph, no markup at all.\n\n## Subheading\n\nAnother one: 8 per cent, (a) and \"quotes\" and 'single'.\n",
    "1\\. Roger Federer (SUI) 2:03.45\n\n2\\. Rafael Nadal (ESP) +0.12\n",
    "Line with two trailing spaces  \nnext line\n",
    "A*star* and _under_score_ and snake_case_name and 2*3*4 and AT&T & co\n",
    "Escapes: \\*not em\\* and \\\\ backslash and \\<b\\> and a < b > c\n",
    "`code *here*` and ``double `tick` code`` and `<b>&amp;`\n",
    'Links [a](https://x.org "T\'it\\"le") ![img](a.png "t") [ref][1] [short] [mail](mailto:desk@example.org)\n\n[1]: https://y.org\n\n[short]: ../de/#x\n',
    "    indented code with *stars*\n\n> quote with _em_\n\n- list *item*\n- two\n\n3. three\n4. four\n\n---\n",
    "Non-ASCII: Zürich, Genève, «guillemets», 20\u00a0km, 9\u202f%, emoji \u2603, tab\there\n",
]


@pytest.mark.parametrize("body", NORMAL_BODIES)
def test_sanitizer_leaves_the_html_of_normal_bodies_byte_for_byte(body):
    assert render_markdown(body) == make_markdown(shortcut=False).convert(body)


def test_sanitizer_writes_references_as_characters_which_reads_the_same():
    # nh3 serialises what it parsed: the page shows the same text.
    assert render_markdown("&#169; &copy; &amp; &#x41;\n") == "<p>© © &amp; A</p>"
    assert render_markdown("<desk@example.org>\n") == '<p><a href="mailto:desk@example.org">desk@example.org</a></p>'


def test_control_characters_leave_article_bodies():
    html = render_markdown("Bell\x07 escape\x1b[31m null\x00 del\x7f c1\x85 and a \x02placeholder\x03 end\n\n&#1;&#x1b;x\n")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", html), repr(html)
    assert html == "<p>Bell escape[31m null del c1 and a placeholder end</p>\n<p>x</p>"


def test_strip_controls_keeps_tab_newline_and_carriage_return():
    assert strip_controls("a\x00b\x07c\x1bd\te\nf\rg\x0bh\x0ci\x7fj\x9fk\u202el") == "abcd\te\nf\rghij" + "k\u202el"


def test_finished_page_has_no_control_characters_and_is_utf8():
    page = "<!DOCTYPE html>\n<title>T\x00i\x1bt\x85le</title><p>Zürich\x07 \u00a0«x»\tok</p>\n"
    assert finish_page(page) == "<!DOCTYPE html>\n<title>Title</title><p>Zürich \u00a0«x»\tok</p>\n".encode("utf-8")


@pytest.mark.parametrize("url, scheme", [
    ("https://example.org/", "https"), ("../de/", None), ("#top", None), ("?q=1", None), ("/en/", None),
    ("java\tscript:x", "javascript"), ("\x01 JavaScript:x", "javascript"), ("java\ufffdscript:x", "javascript"),
    ("a/b:c", None), ("x?y:z", None), ("1abc:x", None), ("c:\\x", "c"), ("%6Aavascript:x", None),
])
def test_url_scheme_reads_a_url_as_a_browser_would_or_stricter(url, scheme):
    assert url_scheme(url) == scheme


RLO, LRE, PDF, RLI, FSI, PDI = "\u202e", "\u202a", "\u202c", "\u2067", "\u2068", "\u2069"


@pytest.mark.parametrize("text, balanced", [
    ("plain", "plain"),
    (f"{RLO}evil", f"{RLO}evil{PDF}"),
    (f"a{PDF}b", "ab"),
    (f"a{PDI}b", "ab"),
    (f"{RLI}x{PDI}{PDI}", f"{RLI}x{PDI}"),
    (f"{RLI}{RLO}x{PDI}y", f"{RLI}{RLO}x{PDF}{PDI}y"),
    (f"{LRE}{RLI}x{PDF}y", f"{LRE}{RLI}xy{PDI}{PDF}"),
    (f"{FSI}{LRE}x", f"{FSI}{LRE}x{PDF}{PDI}"),
    (f"{LRE}a{PDF} {RLI}b{PDI}", f"{LRE}a{PDF} {RLI}b{PDI}"),
])
def test_bidi_controls_are_balanced(text, balanced):
    assert balance_bidi(text) == balanced


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", " ", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"])))
def test_balanced_text_closes_everything_it_opens_and_nothing_else(text):
    stack = []
    for char in balance_bidi(text):
        if char in "\u202a\u202b\u202d\u202e":
            stack.append(PDF)
        elif char in "\u2066\u2067\u2068":
            stack.append(PDI)
        elif char in (PDF, PDI):
            assert stack and stack.pop() == char, repr(text)
    assert stack == [], repr(text)
    assert balance_bidi(balance_bidi(text)) == balance_bidi(text)


def test_finalize_balances_printed_strings_and_leaves_markup_and_numbers():
    from markupsafe import Markup

    assert finalize_value(f"{RLO}x") == f"{RLO}x{PDF}"
    assert finalize_value(Markup(f"<p>{RLO}x</p>")) == Markup(f"<p>{RLO}x</p>")
    assert finalize_value(3) == 3
