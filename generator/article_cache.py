"""Parsed articles remembered between builds, so unchanged files are not parsed again.

``.newsgen-cache/articles.json`` (JSON with a schema version and the code
digest) maps each article file to its size, modification time and parsed
fields. A file whose size and time still match is taken from the cache;
everything else goes through the store as usual. Parsing front matter is the
largest part of a build in which one article changed.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from .atomic import write_atomic
from .manifest import RACY_NS
from .model import Article, Image, Translation

CACHE_SCHEMA = 1
CACHE_NAME = "articles.json"


class ArticleCache:
    """Load articles through the cache; ``save`` writes it back when something changed."""

    def __init__(self, cache_dir: Path, code: str):
        self._path = cache_dir / CACHE_NAME
        self._code = code
        self._old = _read(self._path, code)
        self._new: dict[str, list] = {}
        self.changed = False

    def load(self, path: Path, name: str, parse) -> Article:
        """The article in ``path``: cached when size and time match, else ``parse(path, name)``."""
        info = os.stat(path)
        stamp = [info.st_size, info.st_mtime_ns]
        cached = self._old.get(name)
        if cached and cached[:2] == stamp:
            self._new[name] = cached
            return _from_record(cached[2], name)
        article = parse(path, name)
        self._new[name] = [*stamp, _to_record(article)]
        self.changed = True
        return article

    def save(self) -> None:
        if not self.changed and set(self._new) == set(self._old):
            return
        # A file changed again within the clock's granularity could keep its size and time:
        # recently modified files are left out, so the next build parses them once more.
        recent = time.time_ns() - RACY_NS
        kept = {name: entry for name, entry in self._new.items() if entry[1] < recent}
        data = {"schema": CACHE_SCHEMA, "code": self._code, "articles": kept}
        write_atomic(self._path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def _read(path: Path, code: str) -> dict[str, list]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("schema") != CACHE_SCHEMA or data.get("code") != code:
        return {}
    return data.get("articles", {})


def _to_record(article: Article) -> dict:
    record = asdict(article)
    record["published"] = article.published.isoformat()
    del record["path"]
    return record


def _from_record(record: dict, name: str) -> Article:
    fields = dict(record)
    fields["published"] = datetime.fromisoformat(fields["published"])
    fields["image"] = Image(**fields["image"]) if fields["image"] else None
    fields["translation"] = Translation(**fields["translation"]) if fields["translation"] else None
    fields["tags"] = tuple(fields["tags"])
    fields["persons"] = tuple(fields["persons"])
    fields["roles"] = tuple(tuple(pair) for pair in fields["roles"])
    return Article(**fields, path=name)
