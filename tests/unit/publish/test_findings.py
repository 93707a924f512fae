"""generator/publish/findings.py: the text and JSON reports."""

from __future__ import annotations

from generator.publish.findings import CheckResult, Finding, format_json, format_report


def test_report_without_colour_is_plain_and_json_has_every_field():
    result = CheckResult((Finding("link", "error", "a.html", "<a href=\"b/\"> -> b/index.html, which does not exist", 3),), pages=1, files=1)
    assert format_report(result) == 'broken links (1 error):\n  error: a.html:3: <a href="b/"> -> b/index.html, which does not exist\nchecked 1 pages in 1 files: 1 error'
    assert '"line": 3' in format_json(result) and '"severity": "error"' in format_json(result)
