"""The security headers `newsgen deploy` writes for Netlify and Cloudflare Pages
(``_headers``), applied by a small stand-in host on 127.0.0.1, in headless
Chromium: the Content-Security-Policy lets the root page's language script run
and blocks nothing the site needs."""

from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sitecheck
from local_server import serving

from generator.cli import main

TIMEOUT_MS = 15_000


def parse_headers_file(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The ``_headers`` format: a path pattern line, then indented "Name: value" lines."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def matches(pattern: str, path: str) -> bool:
    return path.startswith(pattern[:-1]) if pattern.endswith("*") else path == pattern


class _HostHandler(SimpleHTTPRequestHandler):
    """Static files with the headers of every ``_headers`` rule matching the path, as the hosts send them."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def end_headers(self):
        path = self.path.split("?", 1)[0]
        for pattern, headers in self.server.rules:
            if matches(pattern, path):
                for name, value in headers:
                    self.send_header(name, value)
        super().end_headers()


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    work = tmp_path_factory.mktemp("headers")
    www = work / "www"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_HostHandler, directory=str(www)))
    base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    root = sitecheck.copy_sample_project(work / "project", base_url=base_url)
    assert main(["--root", str(root), "-q", "build"]) == 0
    assert main(["--root", str(root), "-q", "deploy", "--to", f"folder:{www}"]) == 0
    server.rules = parse_headers_file((www / "_headers").read_text(encoding="utf-8"))
    with serving(server):
        yield base_url, www


@pytest.fixture
def open_page(browser):
    """``open_page(locale) -> Page`` that records Content-Security-Policy violations; contexts close after the test."""
    contexts = []

    def open_(locale: str):
        context = browser.new_context(locale=locale)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.violations = []
        page.on("console", lambda message: "Content Security Policy" in message.text and page.violations.append(message.text))
        return page

    yield open_
    for context in contexts:
        context.close()


def test_csp_lets_the_root_language_script_run(host, open_page):
    base_url, _ = host
    page = open_page("de-DE")
    response = page.goto(base_url)
    assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in response.headers["content-security-policy"]
    page.wait_for_url(base_url + "de/")
    page.wait_for_load_state("networkidle")
    assert page.violations == []


def test_csp_blocks_nothing_on_an_article_page_and_static_files_are_cached(host, open_page):
    base_url, www = host
    article = next(path for path in sorted((www / "en").glob("2024/*/*/index.html")))
    page = open_page("en-US")
    response = page.goto(base_url + article.relative_to(www).parent.as_posix() + "/")
    page.wait_for_load_state("networkidle")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert page.evaluate("document.styleSheets[0].cssRules.length") > 10, "the stylesheet is applied"
    assert page.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)['@type']") == "NewsArticle"
    assert page.violations == []
    css = page.request.get(base_url + "static/style.css")
    assert css.headers["cache-control"] == "public, max-age=86400"
