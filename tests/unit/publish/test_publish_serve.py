"""The line ``newsgen serve`` prints after each build."""

from generator.core.errors import NewsgenError
from generator.publish.serve import BuildOutcome


def test_build_line_says_what_changed_or_what_failed():
    assert BuildOutcome(0.5, (), written=1).describe() == "built in 0.50s: 1 file written, 0 removed"
    assert BuildOutcome(0.25, ()).describe() == "built in 0.25s: nothing changed"
    errors = (NewsgenError("broken front matter", "content/a.md", 3), NewsgenError("other"))
    assert BuildOutcome(1.0, errors).describe() == "build failed in 1.00s: content/a.md:3: broken front matter (and 1 more)"
