"""A hostile article in headless Chromium: no link in its body runs a script when clicked, and
the page's own Content-Security-Policy (``<meta>``: the host here sends no headers, like GitHub
Pages, S3 or a folder deploy) blocks a script slipped into the page while the site's own runs."""

from __future__ import annotations

import functools
import re
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from local_server import serving

from generator.cli import main

TIMEOUT_MS = 15_000
RLO = "\u202e"
#: Runs if any spelling below stays a live javascript: link.
PAYLOAD = "top.__ran=1;alert(1)"
SCHEMES = [
    "&#106;avascript:", "&#0000106;avascript:", "javascript&#58;", "&#x6A;avascript&#x3A;", "javascript&colon;",
    "JaVaScRiPt:", "java\tscript:", "java&#9;script:", "java&Tab;script:", "java&#10;script:", "java&NewLine;script:",
    "java&#13;script:", "java\x00script:", "java&#0;script:", "&#1;javascript:", "java&#x1f;script:", "ja\x1bvascript:",
    "&#32;javascript:", " javascript:",
]
BODY = "\n\n".join(
    [f"[inline {i}]({scheme}{PAYLOAD})" for i, scheme in enumerate(SCHEMES)]
    + [f"[reference {i}][r{i}]\n\n[r{i}]: {scheme}{PAYLOAD}" for i, scheme in enumerate(SCHEMES)]
    + [
        "[vbscript](vbscript:msgbox(1))",
        "[data page](data:text/html,<script>alert(1)</script>)",
        "[data base64](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        f"![image](&#106;avascript:{PAYLOAD}) ![svg](data:image/svg+xml,<svg onload=alert(1)>)",
        f"[![linked image](data:image/png;base64,iVBORw0KGgo=)](javascript&colon;{PAYLOAD})",
        "[home, a safe link](../../../)",
    ]
) + "\n"
ARTICLE = f"""---
id: hostile-article
lang: en
title: "{RLO}Hostile links"
slug: hostile-links
category: switzerland
agency: SDA
published: '2024-11-05T09:30:00+01:00'
summary: Every way to spell a script link.
---

{BODY}"""
SITE_TOML = """title = "Test Wire"
base_url = "{base_url}"
languages = ["en", "de"]
default_language = "en"
timezone = "Europe/Zurich"
"""


class _QuietHandler(SimpleHTTPRequestHandler):
    """Files only, no security headers: what a plain static host sends."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A one-article site built and served at http://127.0.0.1:<port>/; yields (base URL, site folder)."""
    root = tmp_path_factory.mktemp("hostile") / "project"
    (root / "content" / "articles" / "2024" / "11").mkdir(parents=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root / "site")))
    base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    (root / "site.toml").write_text(SITE_TOML.format(base_url=base_url), encoding="utf-8")
    (root / "content" / "articles" / "2024" / "11" / "hostile-links.en.md").write_text(ARTICLE, encoding="utf-8")
    assert main(["--root", str(root), "-q", "build"]) == 0
    with serving(server):
        yield base_url, root / "site"


@pytest.fixture
def open_page(browser):
    """``open_page(locale) -> Page`` recording dialogs and Content-Security-Policy reports."""
    contexts = []

    def open_(locale: str = "en-US"):
        context = browser.new_context(locale=locale)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.dialogs, page.violations = [], []
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda message: "Content Security Policy" in message.text and page.violations.append(message.text))
        return page

    yield open_
    for context in contexts:
        context.close()


def article_url(base_url: str) -> str:
    return base_url + "en/2024/11/hostile-links/"


@pytest.mark.parametrize("copy", ["", "without-policy.html"], ids=["as built", "policy removed"])
def test_clicking_every_link_in_a_hostile_article_runs_no_script(site, open_page, copy):
    """Without its policy too: the policy would block a javascript: link (and report it), so
    the copy without it shows that the links themselves are gone."""
    base_url, site_dir = site
    folder = site_dir / "en" / "2024" / "11" / "hostile-links"
    html = (folder / "index.html").read_text(encoding="utf-8")
    (folder / "without-policy.html").write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "", html), encoding="utf-8")
    url = article_url(base_url) + copy
    page = open_page()
    page.goto(url)
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == (0 if copy else 1)
    links = page.locator(".article-body a")
    count = links.count()
    assert count > 2 * len(SCHEMES), "the links keep their text (a definition with a raw tab is no definition)"
    assert links.last.inner_text() == "home, a safe link"
    for index in range(count - 1):  # all but the safe link home
        if page.url != url:
            page.goto(url)
        links.nth(index).click(no_wait_after=True)
        page.wait_for_timeout(50)
        assert page.dialogs == [], f"link {index} ({links.nth(index).inner_text()}) opened a dialog"
        if page.url == url:
            assert page.evaluate("window.__ran") is None, f"link {index} ran a script"
    live = page.evaluate("""[...document.querySelectorAll('.article-body [href], .article-body [src]')]
        .map(e => e.href || e.src).filter(url => !/^(https?|mailto):/i.test(url))""")
    assert live == []
    links.last.click()
    page.wait_for_url(base_url + "en/")
    assert page.dialogs == [] and page.violations == [], "nothing was even tried"


def test_page_policy_blocks_a_script_slipped_into_the_page(site, open_page):
    base_url, site_dir = site
    page_file = site_dir / "en" / "2024" / "11" / "hostile-links" / "index.html"
    html = page_file.read_text(encoding="utf-8")
    assert '<meta http-equiv="Content-Security-Policy"' in html
    injected = html.replace('<div class="article-body">', '<div class="article-body"><script>window.__injected = 1</script>'
                            '<img src="x" onerror="window.__injected = 2"><a id="bad" href="javascript:window.__injected=3">x</a>', 1)
    (page_file.parent / "injected.html").write_text(injected, encoding="utf-8")
    page = open_page()
    page.goto(article_url(base_url) + "injected.html")
    page.locator("#bad").click(no_wait_after=True)
    page.wait_for_timeout(200)
    assert page.evaluate("window.__injected") is None
    assert len(page.violations) >= 3, page.violations
    assert page.evaluate("document.styleSheets[0].cssRules.length") > 10, "the site's own stylesheet still applies"


def test_root_page_script_runs_under_its_own_policy_without_headers(site, open_page):
    base_url, _ = site
    page = open_page("de-DE")
    response = page.goto(base_url)
    assert "content-security-policy" not in response.headers, "the host sends none: the <meta> is all there is"
    assert re.search(r"<meta http-equiv=\"Content-Security-Policy\" content=\"[^\"]*script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/]+=*';", page.request.get(base_url).text())
    page.wait_for_url(base_url + "de/")
    page.wait_for_load_state("networkidle")
    assert page.violations == []


def test_reversed_title_does_not_reverse_the_site_name_after_it(site, open_page):
    base_url, _ = site
    page = open_page()
    page.goto(article_url(base_url))
    assert page.title() == f"{RLO}Hostile links\u202c – Test Wire"
