"""The ingest evaluation script (bench/persons_eval.py) as a fixture for the corpus tests."""

import importlib.util
import sys
from pathlib import Path

import pytest

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
