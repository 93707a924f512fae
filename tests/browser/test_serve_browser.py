"""`newsgen serve` in a real headless Chromium: an open tab follows the edits on disk.

The sample project is served by the real command (a subprocess on a free port
of 127.0.0.1, ``tests/preview.py``) and driven with Playwright against Debian's
``chromium`` binary, as in test_browser.py; Playwright's own browser downloads
are never used. Nothing here calls ``page.reload()``: every new text must come
from the page reloading itself. The overlay's screenshot lands in
``test-artifacts/browser/serve-overlay.png`` for a person to look at.
"""

from __future__ import annotations

import pytest
import sitecheck
from preview import CHANGE_TIMEOUT, ServeProcess

ARTIFACTS = sitecheck.REPO / "test-artifacts" / "browser"
WAIT_MS = int(CHANGE_TIMEOUT * 1000)
ARTICLE = "content/articles/2024/11/amherd-wants-closer-cooperation-with-nato-but-no-accession.en.md"
ARTICLE_PAGE = "en/2024/11/amherd-wants-closer-cooperation-with-nato-but-no-accession/"
OVERLAY = "newsgen-error-overlay"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return sitecheck.copy_sample_project(tmp_path_factory.mktemp("serve-browser") / "project", base_url="https://example.org/news/")


@pytest.fixture(scope="module")
def server(project):
    process = ServeProcess(project)
    yield process
    assert process.stop() == 0


@pytest.fixture
def page(browser):
    """A tab that records Content-Security-Policy reports in ``page.violations``."""
    context = browser.new_context(locale="en-US", viewport={"width": 1100, "height": 720})
    context.set_default_timeout(WAIT_MS)
    tab = context.new_page()
    tab.violations = []
    tab.on("console", lambda message: "Content Security Policy" in message.text and tab.violations.append(message.text))
    yield tab
    context.close()


def open_article(page, server):
    page.goto(server.url + ARTICLE_PAGE)
    page.evaluate("window.__openedBefore = true")  # gone once the page has reloaded


def edit(path, old: str, new: str) -> str:
    """Replace ``old`` by ``new`` in the file; returns the original text."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def test_preview_runs_under_the_pages_own_policy_unchanged(page, server, project):
    open_article(page, server)
    served = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    on_disk = (project / "site" / ARTICLE_PAGE / "index.html").read_text(encoding="utf-8")
    assert f'<meta http-equiv="Content-Security-Policy" content="{served}">' in on_disk
    assert "'unsafe-inline'" not in served
    page.wait_for_timeout(500)  # the live-reload script loads and connects to its event stream
    assert page.violations == []


def test_open_tab_reloads_itself_when_the_article_is_edited(page, server, project):
    open_article(page, server)
    article = project / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + "\nA paragraph written while the tab was open.\n", encoding="utf-8")
    page.get_by_text("A paragraph written while the tab was open.").wait_for()
    assert page.evaluate("window.__openedBefore") is None, "the new text came with a reload"


def test_template_error_shows_an_overlay_naming_file_and_line_until_fixed(page, server, project):
    open_article(page, server)
    template = project / "templates" / "article.html"
    good = edit(template, "{% block content %}", "{% block content %}\n{% if %}")
    line = good.splitlines().index("{% block content %}") + 2
    try:
        where = page.locator(f"{OVERLAY} .where")
        where.wait_for()
        assert where.inner_text() == f"templates/article.html:{line}"
        assert "template error" in page.locator(f"{OVERLAY} .message").inner_text()
        assert page.locator("h1").first.inner_text().startswith("Amherd"), "the last good page stays underneath"
        overlay = "document.querySelector('newsgen-error-overlay').shadowRoot.querySelector('.overlay')"
        assert page.evaluate(f"getComputedStyle({overlay}).position") == "fixed", "styled under the page's own policy"
        assert page.violations == []
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "serve-overlay.png"))
        late_tab = page.context.new_page()
        late_tab.goto(server.url + "en/")
        late_tab.locator(f"{OVERLAY} .where").wait_for()  # a page opened while the build is broken shows it too
        late_tab.close()
    finally:
        template.write_text(good, encoding="utf-8")
    page.locator(OVERLAY).wait_for(state="detached")
    assert page.evaluate("window.__openedBefore") is None, "fixing the error reloads the page"


def test_overlay_shows_error_text_as_text_never_as_markup(page, server, project):
    open_article(page, server)
    article = project / ARTICLE
    good = edit(article, "lang: en\n", "lang: en\n\"<img src=x onerror=window.__injected=1>\": 1\n")
    try:
        message = page.locator(f"{OVERLAY} .message")
        message.wait_for()
        assert "<img src=x onerror=window.__injected=1>" in message.inner_text()
        assert page.locator(f"{OVERLAY} img").count() == 0
        assert page.evaluate("window.__injected") is None
    finally:
        article.write_text(good, encoding="utf-8")
    page.locator(OVERLAY).wait_for(state="detached")
