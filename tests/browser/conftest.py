"""Headless Chromium for the browser tests: Debian's ``chromium`` driven by Playwright.

Playwright's own browser downloads are never used. Without a chromium binary or
the Playwright package, every test here is skipped with the reason.
"""

from __future__ import annotations

import shutil

import pytest
from local_server import serving  # noqa: F401 - for tests that still import it from here

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]

try:
    from playwright import sync_api
except ImportError:  # the test extras are not installed
    sync_api = None


def pytest_collection_modifyitems(config, items):
    reason = None
    if sync_api is None:
        reason = "Playwright for Python is not installed (pip install -e '.[test]')"
    elif CHROMIUM is None:
        reason = "no chromium binary on PATH: install Debian's 'chromium' package (.ci/run does)"
    if reason:
        for item in items:
            if "tests/browser/" in item.nodeid:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module."""
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield chromium
        finally:
            chromium.close()
