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


def test_headers_file_sets_security_headers_everywhere_and_caching_for_static_files_only():
    text = render_headers([sha256(SCRIPT)]).decode()
    everywhere, static = text.split("/static/*")
    assert "X-Content-Type-Options: nosniff" in everywhere and "Referrer-Policy: strict-origin-when-cross-origin" in everywhere
    assert f"script-src 'self' 'wasm-unsafe-eval' {sha256(SCRIPT)};" in everywhere and "frame-ancestors 'none'" in everywhere
    assert "Cache-Control" not in everywhere and "Cache-Control: public, max-age=86400" in static


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
