"""Which file events rebuild, and how bursts of them become builds."""

import threading
import time

import pytest

from generator.publish.watch import BuildLoop, is_source_change


@pytest.fixture
def config(make_config, tmp_path):
    (tmp_path / "templates").mkdir()  # the project's own, not newsgen's default templates
    return make_config(root=tmp_path)


@pytest.mark.parametrize(
    "relative",
    [
        "site.toml",
        "content/articles/2024/11/storm.en.md",
        "content/raw/041_story.txt",
        "content/people.yaml",
        "content/tags.yaml",
        "templates/article.html",
        "templates/locale/de/LC_MESSAGES/messages.po",
        "templates/static/style.css",
    ],
)
def test_a_change_to_a_source_rebuilds(config, relative):
    assert is_source_change(config, "modified", (str(config.root / relative),))


@pytest.mark.parametrize(
    "relative",
    [
        "site/en/index.html",
        ".newsgen-cache/translation-memory.sqlite",
        "README.md",
        "content/articles/2024/11/.storm.en.md.swp",
        "content/articles/2024/11/storm.en.md~",
        "content/articles/2024/11/.storm.en.md.k2j3.tmp",
        "templates/4913",
    ],
)
def test_output_caches_and_editor_scratch_files_do_not(config, relative):
    assert not is_source_change(config, "modified", (str(config.root / relative),))


def test_reading_a_source_does_not_rebuild(config):
    for kind in ("opened", "closed_no_write"):
        assert not is_source_change(config, kind, (str(config.root / "templates" / "base.html"),))


def test_an_editor_saving_by_rename_rebuilds(config):
    scratch, saved = config.root / "templates" / ".base.html.swp", config.root / "templates" / "base.html"
    assert is_source_change(config, "moved", (str(scratch), str(saved)))


class _Builds:
    """A build function that records its calls and can be held while running."""

    def __init__(self):
        self.count = 0
        self.running = threading.Event()
        self.release = threading.Event()
        self.release.set()

    def __call__(self):
        self.count += 1
        self.running.set()
        self.release.wait(10)


def _wait_until(check, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_burst_of_changes_makes_one_build():
    builds = _Builds()
    loop = BuildLoop(builds, quiet=0.1)
    loop.start()
    for _ in range(20):
        loop.poke()
    _wait_until(lambda: builds.count == 1)
    time.sleep(0.3)
    loop.stop(timeout=5)
    assert builds.count == 1


def test_changes_during_a_build_make_exactly_one_more():
    builds = _Builds()
    builds.release.clear()
    loop = BuildLoop(builds, quiet=0.02)
    loop.start()
    loop.poke()
    assert builds.running.wait(10)
    for _ in range(5):
        loop.poke()
    builds.release.set()
    _wait_until(lambda: builds.count == 2)
    time.sleep(0.2)
    loop.stop(timeout=5)
    assert builds.count == 2


def test_no_build_without_a_change_and_none_after_stop():
    builds = _Builds()
    loop = BuildLoop(builds, quiet=0.01)
    loop.start()
    time.sleep(0.1)
    loop.stop(timeout=5)
    loop.poke()
    time.sleep(0.1)
    assert builds.count == 0
