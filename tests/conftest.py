"""Shared fixtures: articles with sensible defaults and small projects on disk."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.config.settings import SiteConfig, load_config, parse_config
from generator.content.model import Article
from generator.content.store import article_path, render_article

REPO_ROOT = Path(__file__).resolve().parents[1]
ZURICH = ZoneInfo("Europe/Zurich")

SITE_TOML = """\
title = "Test Wire"
base_url = "https://example.org/"
languages = ["en", "de", "fr", "it"]
default_language = "en"
timezone = "Europe/Zurich"
page_size = 2

[language.de]
title = "Test Nachrichten"
"""


@pytest.fixture
def make_article():
    """Factory for articles: ``make_article(id="x", lang="de", ...)``."""

    def make(**fields) -> Article:
        values = {
            "id": "storm-bern",
            "lang": "en",
            "title": "Storm hits Bern",
            "slug": "storm-hits-bern",
            "category": "switzerland",
            "agency": "SDA",
            "published": datetime(2024, 11, 5, 9, 30, tzinfo=ZURICH),
            "body": "A storm hit Bern on Tuesday.",
            "summary": "A storm hit Bern.",
        }
        values.update(fields)
        return Article(**values)

    return make


@pytest.fixture
def make_config():
    """Factory for a SiteConfig from TOML-like overrides; reads the repo's templates."""

    def make(root: Path = REPO_ROOT, **overrides) -> SiteConfig:
        data = {
            "title": "Test Wire",
            "base_url": "https://example.org/",
            "languages": ["en", "de", "fr", "it"],
            "default_language": "en",
            "timezone": "Europe/Zurich",
            "page_size": 2,
        }
        data.update(overrides)
        return parse_config(data, root)

    return make


def _write_article(config: SiteConfig, article: Article) -> Path:
    path = article_path(config.articles_dir, article)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_article(article), encoding="utf-8")
    return path


@pytest.fixture
def make_project(tmp_path):
    """Factory for a project in tmp_path (site.toml, the repo's templates, articles)."""

    def make(articles=(), site_toml: str = SITE_TOML, name: str = "project") -> SiteConfig:
        root = tmp_path / name
        root.mkdir()
        (root / "site.toml").write_text(site_toml, encoding="utf-8")
        shutil.copytree(REPO_ROOT / "templates", root / "templates")
        config = load_config(root)
        for article in articles:
            _write_article(config, article)
        return config

    return make


@pytest.fixture
def write_article():
    """``write_article(config, article) -> Path``: save an article where the store keeps it."""
    return _write_article
