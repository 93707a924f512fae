"""What ``newsgen check`` found, and how it is reported.

Separate from the checks: every check makes ``Finding`` records, and the report
formats (text for people, JSON for tools) change without touching any check.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from ..core.errors import format_location

ERROR, WARNING = "error", "warning"

#: Kinds of finding in report order, with the heading the report gives them.
KINDS = {
    "html": "unreadable pages",
    "link": "broken links",
    "anchor": "missing anchors",
    "hreflang": "hreflang alternates",
    "feed": "feeds",
    "sitemap": "sitemaps",
    "xml": "XML files",
    "orphan": "orphan pages",
    "untranslated": "untranslated articles",
}
#: Said after a kind's heading in the report.
NOTES = {"untranslated": "; a missing language version is a warning, not an error"}


@dataclass(frozen=True)
class Finding:
    """One problem in the built site."""

    #: One of KINDS.
    kind: str
    #: "error" (fails the check) or "warning" (reported; fails only with --strict).
    severity: str
    #: The file it is about, relative to the site folder ("en/index.html").
    page: str
    #: What is wrong, in a sentence.
    detail: str
    #: Line in ``page``, where known.
    line: int | None = None

    def __str__(self) -> str:
        return format_location(self.page, self.line, self.detail)


@dataclass(frozen=True)
class CheckResult:
    """The findings of one check run and how much was looked at."""

    findings: tuple[Finding, ...]
    pages: int
    files: int

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == WARNING)

    def failed(self, strict: bool = False) -> bool:
        """Errors fail a check; warnings only when ``strict``."""
        return bool(self.errors or (strict and self.warnings))


def format_report(result: CheckResult, paint=lambda severity, text: text) -> str:
    """The findings grouped by kind, one line each, then a summary line.

    ``paint(severity, text)`` may colour the "error:"/"warning:" labels."""
    lines = []
    for kind, title in KINDS.items():
        group = [f for f in result.findings if f.kind == kind]
        if not group:
            continue
        lines.append(f"{title} ({_counts(group)}{NOTES.get(kind, '')}):")
        lines += [f"  {paint(f.severity, f.severity + ':')} {f}" for f in group]
    lines.append(f"checked {result.pages} pages in {result.files} files: {_counts(result.findings) or 'no problems'}")
    return "\n".join(lines)


def format_json(result: CheckResult) -> str:
    """The findings for tools: ``{"summary": {...}, "findings": [{kind, severity, page, line, detail}]}``."""
    summary = {"pages": result.pages, "files": result.files, "errors": len(result.errors), "warnings": len(result.warnings)}
    return json.dumps({"summary": summary, "findings": [asdict(f) for f in result.findings]}, ensure_ascii=False, indent=2)


def _counts(findings: Sequence[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity == ERROR)
    warnings = len(findings) - errors
    parts = [f"{errors} error{'s' * (errors != 1)}"] if errors else []
    parts += [f"{warnings} warning{'s' * (warnings != 1)}"] if warnings else []
    return ", ".join(parts)
