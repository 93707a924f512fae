"""The built sample site in a real headless Chromium, as a reader uses it.

The site is built for, and served by http.server at, http://127.0.0.1:<free
port>/news/ (a thread; a sub-path, as on many hosts) and driven with Playwright
against Debian's ``chromium`` binary; Playwright's own browser downloads are
never used. Screenshots land in ``test-artifacts/browser/`` for a person to look at.
"""

from __future__ import annotations

import functools
import re
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sitecheck
from local_server import serving

from generator.cli import main

ARTIFACTS = sitecheck.REPO / "test-artifacts" / "browser"
TIMEOUT_MS = 15_000
SUB_PATH = "news"


class _SiteHandler(SimpleHTTPRequestHandler):
    """Static files, quietly; missing addresses get the site's 404 page, as a real host's would."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def send_error(self, code, message=None, explain=None):
        page = self.server.not_found_page
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    """The sample site built for and served at http://127.0.0.1:<free port>/news/
    (a sub-path, as on many hosts); yields that base URL."""
    work = tmp_path_factory.mktemp("browser")
    (work / "www").mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SiteHandler, directory=str(work / "www")))
    base_url = f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}/"
    root = sitecheck.copy_sample_project(work / "project", base_url=base_url)
    assert main(["--root", str(root), "-q", "build"]) == 0
    (work / "www" / SUB_PATH).symlink_to(root / "site", target_is_directory=True)
    server.not_found_page = root / "site" / "404.html"
    with serving(server):
        yield base_url


@pytest.fixture
def open_page(browser):
    """``open_page(locale="en-US", **context_options) -> Page``; contexts close after the test."""
    contexts = []

    def open_(locale: str = "en-US", **options):
        context = browser.new_context(locale=locale, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def settle(page) -> None:
    """Wait until no navigation or request is pending (a script redirect would be)."""
    page.wait_for_load_state("networkidle")


# -- the reader's journey ---------------------------------------------------------


def test_reader_switches_to_german_then_opens_an_article_and_a_person(open_page, site_url):
    page = open_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + "en/")
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot(page, "01-home-en.png")

    page.locator('.language-switcher a[hreflang="de"]').click()
    page.wait_for_url(site_url + "de/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator('.language-switcher [aria-current]').inner_text() == "Deutsch"
    screenshot(page, "02-home-de.png")

    # A story that names people (the newest German ones, from the agency feeds, name none).
    page.locator(".article-list a", has_text="Nato-Generalsekretär").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(site_url + "de/")
    assert page.locator("h1").count() == 1 and page.locator("h1").is_visible()
    screenshot(page, "03-article-de.png")

    persons = page.locator(".persons a")
    assert persons.count() > 0, f"the article {page.url} links no person"
    name = persons.first.inner_text()
    persons.first.click()
    page.wait_for_load_state()
    assert page.url.startswith(site_url + "de/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").inner_text() == name
    assert page.locator(".article-list a").count() >= 1, "a person page lists the articles naming the person"
    screenshot(page, "04-person-de.png")


def test_narrow_screen_needs_no_horizontal_scrolling(open_page, site_url):
    page = open_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page.goto(site_url + "de/")
    page.locator(".article-list a").first.click()
    page.wait_for_load_state()
    screenshot(page, "05-article-de-mobile.png")
    for url in (site_url, site_url + "de/", page.url):
        page.goto(url)
        settle(page)
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"{url} is {width[0]}px wide on a {width[1]}px screen"


# -- the root page's language choice ------------------------------------------------


def test_root_sends_reader_to_the_edition_of_their_browser_language(open_page, site_url):
    page = open_page(locale="de-CH")
    page.goto(site_url)
    page.wait_for_url(site_url + "de/")
    settle(page)
    assert page.url == site_url + "de/"


def test_root_stays_put_when_no_edition_matches(open_page, site_url):
    page = open_page(locale="ja-JP")
    page.goto(site_url)
    settle(page)
    assert page.url == site_url
    assert page.locator(".editions a").count() == 4
    screenshot(page, "06-root.png")


def test_all_editions_link_lets_the_reader_choose_without_bouncing_back(open_page, site_url):
    page = open_page(locale="de-DE")
    page.goto(site_url)
    page.wait_for_url(site_url + "de/")
    page.locator(".site-footer a").click()
    settle(page)
    assert page.url == site_url
    page.locator('.editions a[hreflang="it"]').click()
    page.wait_for_url(site_url + "it/")


def test_site_works_without_javascript(open_page, site_url):
    page = open_page(locale="de-DE", java_script_enabled=False)
    page.goto(site_url)
    settle(page)
    assert page.url == site_url, "without JavaScript the chooser must stay put"
    page.locator('.editions a[hreflang="de"]').click()
    page.wait_for_url(site_url + "de/")
    page.locator(".article-list a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").is_visible()


def test_404_page_works_at_a_deep_missing_address(open_page, site_url):
    page = open_page()
    response = page.goto(site_url + "de/2024/11/no-such-story/")
    assert response.status == 404
    assert page.locator(".edition-notice").count() == 4
    border = page.locator(".site-header").evaluate("el => getComputedStyle(el).borderTopWidth")
    assert border == "4px", "the stylesheet must load from any address"
    screenshot(page, "07-404.png")
    page.locator('.edition-notice a[hreflang="de"]').click()
    page.wait_for_url(site_url + "de/")


# -- keyboard, contrast, motion, print ----------------------------------------------


def test_skip_link_appears_on_keyboard_focus_and_jumps_to_main(open_page, site_url):
    page = open_page(reduced_motion="reduce")
    page.goto(site_url + "en/")
    skip = page.locator(".skip-link")
    assert skip.bounding_box()["y"] + skip.bounding_box()["height"] <= 0, "hidden until focused"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    assert skip.bounding_box()["y"] >= 0, "visible once focused"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "keyboard focus must be visible"
    assert page.evaluate("getComputedStyle(document.activeElement).transitionDuration") == "0s", "no motion when reduced motion is asked for"
    screenshot(page, "08-skip-link-focus.png")
    page.keyboard.press("Enter")
    page.wait_for_url("**#main", timeout=5000)  # navigation to the fragment lands asynchronously


# Text colour vs the nearest opaque background, the WCAG way, for every visible text element.
_CONTRAST_JS = """
() => {
  const parse = c => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.length < 4 || c[3] === 1) return c;
    }
    return [255, 255, 255];
  };
  const worst = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(el);
    if (!own || !el.getClientRects().length || style.visibility === "hidden" || el.closest(".skip-link, .visually-hidden")) continue;
    const [l1, l2] = [lum(parse(style.color)), lum(background(el))].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    if (ratio < 4.5) worst.push(`${el.tagName.toLowerCase()}.${el.className}: ${ratio.toFixed(2)}`);
  }
  return worst;
}
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_contrast_meets_wcag_aa(open_page, site_url, scheme):
    page = open_page(color_scheme=scheme)
    page.goto(site_url + "de/")
    page.locator(".article-list a").first.click()
    page.wait_for_load_state()
    screenshot(page, f"09-article-{scheme}.png")
    for url in (page.url, site_url + "de/", site_url + "404.html"):
        page.goto(url)
        settle(page)
        assert page.evaluate(_CONTRAST_JS) == [], url


def test_print_hides_navigation_and_shows_only_external_link_addresses(open_page, site_url):
    page = open_page()
    page.goto(site_url + "de/")
    page.locator(".article-list a").first.click()
    page.wait_for_load_state()
    page.evaluate("""() => {
        const body = document.querySelector('.article-body');
        body.insertAdjacentHTML('beforeend', '<p><a id="ext" href="https://example.net/x">external</a> <a id="int" href="../">internal</a></p>');
    }""")
    page.emulate_media(media="print")
    for selector in (".language-switcher", ".site-footer", ".skip-link", ".site-nav"):
        if page.locator(selector).count():
            assert page.locator(selector).first.evaluate("el => getComputedStyle(el).display") == "none", selector
    after = "id => getComputedStyle(document.getElementById(id), '::after').content"
    assert "https://example.net/x" in page.evaluate(after, "ext")
    assert page.evaluate(after, "int") in ("none", "normal")
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "10-article-print.pdf"))


# -- search ------------------------------------------------------------------------


def search_results(page) -> list[tuple[str, str]]:
    from playwright.sync_api import (
        expect,  # installed with the test extras; conftest skips this module without it
    )

    """(title, href) of every result the search page lists, once its status line has spoken."""
    expect(page.locator(".search-status")).to_have_text(re.compile(r"(found|gefunden)\.?$"))
    return [(link.inner_text(), link.get_attribute("href")) for link in page.locator(".search-results li h2 a").all()]


def test_a_german_reader_finds_the_german_story_by_a_persons_name(open_page, site_url):
    page = open_page(locale="de-CH")
    page.goto(site_url + "de/suche/")
    page.fill("#search-query", "Ermotti")
    results = search_results(page)
    assert results == [("Keller-Sutter hält an strengeren Kapitalregeln für die UBS fest", site_url + "de/2024/07/keller-sutter-haelt-an-strengeren-kapitalregeln-fuer-die-ubs-fest/")]
    assert page.locator(".search-status").inner_text() == "1 Meldung gefunden"
    assert page.locator(".search-results mark").first.inner_text() == "Ermotti"
    screenshot(page, "search-de.png")
    page.locator(".search-results a").first.click()
    assert page.locator("h1").inner_text() == "Keller-Sutter hält an strengeren Kapitalregeln für die UBS fest"


def test_the_search_box_on_every_page_leads_to_the_results(open_page, site_url):
    page = open_page(locale="de-CH")
    page.goto(site_url + "de/")
    page.fill("#site-search-query", "Rutte")
    page.press("#site-search-query", "Enter")
    page.wait_for_url("**/de/suche/?q=Rutte")
    titles = [title for title, _ in search_results(page)]
    assert titles == ["Nato-Generalsekretär trifft Trump in Florida"]


def test_search_filters_by_person_and_category(open_page, site_url):
    page = open_page(locale="de-CH")
    page.goto(site_url + "de/suche/")
    page.wait_for_selector("#search-person option[value='Karin Keller-Sutter']", state="attached")
    page.select_option("#search-person", "Karin Keller-Sutter")
    assert len(search_results(page)) == 3
    page.select_option("#search-category", "Wirtschaft")
    page.wait_for_url("**category=Wirtschaft**")
    titles = sorted(title for title, _ in search_results(page))
    assert titles == ["Keller-Sutter hält an strengeren Kapitalregeln für die UBS fest", "Keller-Sutter hält trotz mehr Geld für die Armee am Sparkurs fest"]
    assert page.locator(".search-status").inner_text() == "2 Meldungen gefunden"


def test_the_english_edition_searches_only_english_stories(open_page, site_url):
    page = open_page()
    page.goto(site_url + "en/search/?q=Ermotti")
    results = search_results(page)
    assert [href for _, href in results] == [site_url + "en/2024/07/keller-sutter-sticks-to-tougher-capital-rules-for-ubs/"]
    assert page.locator(".search-status").inner_text() == "1 story found"
