"""_headers for Netlify and Cloudflare Pages: the CSP allows exactly the inline scripts the site runs."""

import base64
import hashlib

from generator.render.hostfiles import (
    content_security_policy,
    inline_script_hashes,
    render_headers,
    render_host_files,
)

SCRIPT = "\n(function () { location.replace('en/'); })();\n"


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_inline_scripts_are_hashed_and_json_ld_and_external_scripts_are_not():
    pages = [
        f"<html><script>{SCRIPT}</script></html>",
        '<script type="application/ld+json">{"@type": "NewsArticle"}</script><script src="a.js"></script>',
        f"<SCRIPT type='text/javascript'>{SCRIPT}</SCRIPT>",
    ]
    assert inline_script_hashes(pages) == [sha256(SCRIPT)]


def headers_for(text: str, path: str) -> dict[str, list[str]]:
    """The headers a host sends for ``path``: the values of every rule whose pattern matches it
    (``*`` matches the rest of the path), joined by header name as Netlify and Cloudflare do."""
    headers: dict[str, list[str]] = {}
    matching = False
    for line in text.splitlines():
        if line.startswith("/"):
            prefix, star, _ = line.partition("*")
            matching = path.startswith(prefix) if star else path == line
        elif line.startswith("  ") and matching:
            name, _, value = line.strip().partition(": ")
            headers.setdefault(name, []).append(value)
    return headers


def test_headers_file_sets_security_headers_everywhere():
    text = render_headers([sha256(SCRIPT)]).decode()
    page = headers_for(text, "/de/index.html")
    assert page["X-Content-Type-Options"] == ["nosniff"] and page["Referrer-Policy"] == ["strict-origin-when-cross-origin"]
    (policy,) = page["Content-Security-Policy"]
    assert f"script-src 'self' 'wasm-unsafe-eval' {sha256(SCRIPT)};" in policy and "frame-ancestors 'none'" in policy
    assert "Cache-Control" not in page


def test_files_named_by_their_content_are_cached_a_year_and_others_a_day_or_not_at_all():
    text = render_headers([]).decode()
    year = ["public, max-age=31536000, immutable"]
    assert headers_for(text, "/static/style.css")["Cache-Control"] == ["public, max-age=86400"]
    assert headers_for(text, "/media/4d6df282249c2ab7-960.webp")["Cache-Control"] == year
    for index_file in ("/pagefind/fragment/de_9935de6.pf_fragment", "/pagefind/index/de_1a2b3c4.pf_index", "/pagefind/filter/en_4b3cb15.pf_filter"):
        assert headers_for(text, index_file)["Cache-Control"] == year
    # Rewritten under the same name by every build that publishes: no lifetime, the host's default.
    for same_name in ("/pagefind/pagefind-entry.json", "/pagefind/pagefind.js", "/pagefind/wasm.de.pagefind", "/index.html"):
        assert "Cache-Control" not in headers_for(text, same_name)


def test_host_files_are_made_from_rendered_outputs():
    files = {"index.html": f"<script>{SCRIPT}</script>".encode(), "static/style.css": b"body{}"}
    assert set(render_host_files(files)) == {"_headers"}
    assert sha256(SCRIPT) in render_host_files(files)["_headers"].decode()


def test_policy_for_a_meta_element_leaves_out_what_browsers_ignore_there():
    header = content_security_policy([sha256(SCRIPT)])
    meta = content_security_policy([sha256(SCRIPT)], in_meta=True)
    assert "frame-ancestors 'none'" in header and "frame-ancestors" not in meta
    assert not any(name in meta for name in ("report-uri", "report-to", "sandbox"))
    assert meta == header.replace("; frame-ancestors 'none'", ""), "otherwise the same policy"
