"""generator/publish/linkcheck.py: links with a scheme that may run code."""

from __future__ import annotations

from generator.publish.linkcheck import check_links
from generator.publish.sitescan import SiteScan, parse_page_facts


def test_links_with_a_scheme_that_runs_code_are_errors_however_they_are_spelled():
    page = """<!DOCTYPE html><html lang="en"><body>
<a href="&#106;avascript:alert(1)">a</a>
<a href="java&#9;script:alert(1)">b</a>
<a href=" JavaScript&colon;alert(1)">c</a>
<a href="vbscript:msgbox(1)">d</a>
<iframe src="data:text/html,<script>alert(1)</script>"></iframe>
<img src="data:image/png;base64,iVBORw0KGgo=" alt="">
<a href="mailto:desk@example.org">ok</a> <a href="https://other.example/">ok</a> <a href="index.html">ok</a>
</body></html>"""
    scan = SiteScan(frozenset({"index.html"}), {"index.html": parse_page_facts(page)}, {}, {})
    findings = check_links(scan, "https://example.org/")
    assert [(f.kind, f.severity, f.line, f.detail.split(" has ")[-1]) for f in findings] == [
        ("link", "error", 2, "an unsafe link scheme: javascript:"),
        ("link", "error", 3, "an unsafe link scheme: javascript:"),
        ("link", "error", 4, "an unsafe link scheme: javascript:"),
        ("link", "error", 5, "an unsafe link scheme: vbscript:"),
        ("link", "error", 6, "an unsafe link scheme: data:"),
    ]
    assert findings[1].detail == '<a href="java\tscript:alert(1)"> has an unsafe link scheme: javascript:'
