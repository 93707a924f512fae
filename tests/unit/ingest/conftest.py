"""Fixtures of the ingest tests: a two-language project configuration, its vocabularies, and the
evaluation script (bench/persons_eval.py) for the corpus tests."""

import importlib.util
import sys
from pathlib import Path

import pytest

from generator.config.settings import parse_config
from generator.content.vocabulary import load_vocabularies

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def bench():
    """bench/persons_eval.py, imported from its file (bench/ is not a package)."""
    if "persons_eval" not in sys.modules:
        spec = importlib.util.spec_from_file_location("persons_eval", ROOT / "bench" / "persons_eval.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["persons_eval"] = module  # dataclasses look their module up while being defined
        spec.loader.exec_module(module)
    return sys.modules["persons_eval"]


@pytest.fixture
def config(tmp_path):
    """An English and German project in tmp_path."""
    return parse_config({"languages": ["en", "de"], "timezone": "Europe/Zurich"}, tmp_path)


@pytest.fixture
def vocab(tmp_path):
    """The (empty) people and tag registries of that project."""
    return load_vocabularies(tmp_path / "content")
