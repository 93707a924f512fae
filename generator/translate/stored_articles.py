"""The article files as the translate stage sees them: each parsed, with the hash of its bytes.

Separate because both the translate run and ``translate --status`` start from
it, and neither should know how files are found and read.
"""

from __future__ import annotations

from pathlib import Path

from ..config.settings import SiteConfig
from ..content.store import inspect_article, iter_article_files
from ..core.errors import NewsgenError, Report
from .plan import StoredArticle, content_hash


def load_stored_articles(config: SiteConfig, report: Report) -> list[StoredArticle]:
    """Every article file that loads, with its hash; broken files go to ``report``."""
    stored = []
    for path in iter_article_files(config.articles_dir):
        name = display_path(path, config.root)
        try:
            data = path.read_bytes()
            parsed = inspect_article(data.decode("utf-8"), name)
        except NewsgenError as exc:
            report.error(exc.message, exc.file or name, exc.line)
            continue
        except (OSError, UnicodeDecodeError) as exc:
            report.error(f"cannot read article: {exc}", name)
            continue
        stored.append(StoredArticle(parsed.article, path, content_hash(data), parsed.untouched))
    return stored


def display_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
