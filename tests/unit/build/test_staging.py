import os
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitecheck import snapshot as tree

import generator.build.staging
import generator.build.swap
import generator.build.writer
import generator.core.atomic
from generator.build.staging import (
    publish_site,
    publish_streamed,
    recover_interrupted_swap,
    staging_folder,
)
from generator.build.staging_record import STAGING_RECORD
from generator.core.errors import NewsgenError

SITE = {
    "index.html": b"<p>root</p>",
    "en/index.html": b"<p>en</p>",
    "en/2024/11/storm/index.html": b"<p>storm</p>",
    "static/style.css": b"body{}",
}


def staged(root):
    """The staging folder's files, without the token that pairs it with the record."""
    return {path: data for path, data in tree(staging_folder(root)).items() if path != ".newsgen-staging"}


def folders(root):
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_dir())


@pytest.fixture
def paths(tmp_path):
    return tmp_path / "site", tmp_path / ".newsgen-cache"


def test_first_publish_creates_the_site(paths):
    site, cache = paths
    summary = publish_site(site, SITE, cache).write
    assert tree(site) == SITE
    assert summary.written == tuple(sorted(SITE))


def test_the_old_site_stays_beside_the_new_one_sharing_unchanged_files(paths):
    site, cache = paths
    publish_site(site, SITE, cache)
    publish_site(site, {**SITE, "en/index.html": b"<p>en, new</p>"}, cache)
    staging = staging_folder(site)
    assert staged(site) == SITE  # the previous site, whole
    assert (site / "en/index.html").read_bytes() == b"<p>en, new</p>"
    # Unchanged files cost no write: the two sites share them.
    assert os.stat(site / "index.html").st_ino == os.stat(staging / "index.html").st_ino
    assert os.stat(site / "en/index.html").st_ino != os.stat(staging / "en/index.html").st_ino


def test_kept_files_are_carried_into_the_new_site(paths):
    site, cache = paths
    publish_site(site, SITE, cache)
    publish_site(site, dict.fromkeys(SITE), cache)  # an incremental build that found nothing changed
    publish_site(site, {**dict.fromkeys(SITE), "de/index.html": b"<p>de</p>"}, cache)
    assert tree(site) == {**SITE, "de/index.html": b"<p>de</p>"}


def test_removed_pages_leave_no_empty_folders_in_either_site(paths):
    site, cache = paths
    publish_site(site, SITE, cache)
    smaller = {path: data for path, data in SITE.items() if "storm" not in path}
    publish_site(site, smaller, cache)
    publish_site(site, smaller, cache)  # the old site caught up through the record
    assert tree(site) == smaller and staged(site) == smaller
    assert "en/2024" not in folders(site) and "en/2024" not in folders(staging_folder(site))


def test_hidden_entries_at_the_top_are_carried_over_and_temporary_files_dropped(paths):
    site, cache = paths
    publish_site(site, SITE, cache)
    (site / ".well-known").mkdir()
    (site / ".well-known" / "security.txt").write_bytes(b"Contact: mailto:desk@example.org\n")
    (site / ".index.html.4242.tmp").write_bytes(b"<p>half a pa")  # left by a killed writer
    publish_site(site, SITE, cache)
    assert tree(site) == {**SITE, ".well-known/security.txt": b"Contact: mailto:desk@example.org\n"}
    (site / ".well-known" / "security.txt").unlink()
    (site / ".well-known").rmdir()
    publish_site(site, SITE, cache)
    assert tree(site) == SITE


def test_a_failed_write_leaves_the_live_site_untouched(paths, monkeypatch):
    site, cache = paths
    publish_site(site, SITE, cache)
    publish_site(site, SITE, cache)
    before = tree(site)

    def disk_full(fd, data):
        os.write(fd, data[:3])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(generator.core.atomic, "_write_all", disk_full)
    with pytest.raises(NewsgenError, match="no space left"):
        publish_site(site, {**SITE, "en/index.html": b"<p>en, new</p>", "de/index.html": b"<p>de</p>"}, cache)
    assert tree(site) == before
    assert not (cache / STAGING_RECORD).exists()  # the staging folder is no longer known
    monkeypatch.undo()
    publish_site(site, {**SITE, "de/index.html": b"<p>de</p>"}, cache)
    assert tree(site) == {**SITE, "de/index.html": b"<p>de</p>"}
    assert not [path for path in staged(site) if path.endswith(".tmp")]


def test_not_enough_free_space_is_refused_before_anything_is_written(paths, monkeypatch):
    site, cache = paths
    publish_site(site, SITE, cache)
    real = os.statvfs(site)

    class Full:
        f_frsize, f_bavail, f_files, f_favail = real.f_frsize, 3, real.f_files, real.f_favail

    monkeypatch.setattr(generator.build.writer.os, "statvfs", lambda path: Full)
    with pytest.raises(NewsgenError, match=r"not enough free space: writing the site needs about [\d.]+ MB, the file system has [\d.]+ KB free"):
        publish_site(site, {**SITE, "big.html": b"x" * 100_000}, cache)
    assert tree(site) == SITE
    assert "big.html" not in staged(site)


def test_without_atomic_exchange_three_renames_do_the_swap(paths, monkeypatch):
    site, cache = paths
    monkeypatch.setattr(generator.build.swap, "exchange", lambda first, second: False)
    publish_site(site, SITE, cache)
    publish_site(site, {**SITE, "de/index.html": b"<p>de</p>"}, cache)
    assert tree(site) == {**SITE, "de/index.html": b"<p>de</p>"}
    assert staged(site) == SITE


def test_a_swap_killed_between_renames_is_undone_by_the_next_run(paths):
    site, cache = paths
    publish_site(site, SITE, cache)
    publish_site(site, SITE, cache)
    aside = site.parent / ".site.swap"
    os.rename(site, aside)  # killed right after moving the live site aside
    recover_interrupted_swap(site)
    assert tree(site) == SITE and not aside.exists()


def test_a_staging_folder_that_is_a_file_means_writing_in_place(paths):
    site, cache = paths
    publish_site(site, SITE, cache)
    shutil.rmtree(staging_folder(site), ignore_errors=True)
    staging_folder(site).write_bytes(b"not a folder")
    published = publish_site(site, {**SITE, "de/index.html": b"<p>de</p>"}, cache)
    assert published.in_place_because and ".site.staging" in published.in_place_because
    assert tree(site) == {**SITE, "de/index.html": b"<p>de</p>"}


def test_a_damaged_record_is_ignored(paths):
    site, cache = paths
    publish_site(site, SITE, cache)
    publish_site(site, SITE, cache)
    record = (cache / STAGING_RECORD).read_text()
    (cache / STAGING_RECORD).write_text(record.replace('"written":[]', '"written":["../../etc/passwd"]'))
    publish_site(site, {**SITE, "de/index.html": b"<p>de</p>"}, cache)
    assert tree(site) == {**SITE, "de/index.html": b"<p>de</p>"}


#: Pages of a small site; each version of the site holds some of them, with one of three texts.
_PAGES = ["index.html", "en/index.html", "en/a/index.html", "en/a/b/index.html", "de/index.html", "static/x.css"]
_versions = st.lists(
    st.dictionaries(st.sampled_from(_PAGES), st.sampled_from([b"one", b"two", b"three!", None]), min_size=1),
    min_size=1,
    max_size=6,
)
_interruptions = st.lists(st.sampled_from(["none", "forget record", "touch staging", "delete staging"]), min_size=6, max_size=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(versions=_versions, interruptions=_interruptions)
def test_the_live_site_always_equals_the_last_published_version(tmp_path_factory, versions, interruptions):
    """Whatever happened to the staging folder in between, the live site is exactly what was published."""
    root = tmp_path_factory.mktemp("publish")
    site, cache = root / "site", root / ".newsgen-cache"
    expected: dict[str, bytes] = {}
    for files, interruption in zip(versions, interruptions):
        # None keeps a page as it is; a page the live site does not have cannot be kept.
        files = {path: data for path, data in files.items() if data is not None or path in expected}
        publish_site(site, files, cache, previous_outputs=set(expected))  # as the manifest lists them
        expected = {path: (expected[path] if data is None else data) for path, data in files.items()}
        assert tree(site) == expected
        staging = staging_folder(site)
        if interruption == "forget record":
            (cache / STAGING_RECORD).unlink(missing_ok=True)
        elif interruption == "touch staging" and staging.is_dir():
            (staging / "en").mkdir(exist_ok=True)
            (staging / "en" / "new").write_bytes(b"edited in the staging folder")
            os.replace(staging / "en" / "new", staging / "en" / "index.html")  # a new file, as a writer makes
            (cache / STAGING_RECORD).unlink(missing_ok=True)  # as a killed build leaves it
        elif interruption == "delete staging" and staging.is_dir():
            shutil.rmtree(staging)


def test_with_the_last_builds_outputs_known_no_folder_is_walked(paths, monkeypatch):
    site, cache = paths
    publish_site(site, SITE, cache)
    publish_site(site, SITE, cache, previous_outputs=set(SITE))

    def walk(root):
        raise AssertionError("the staging folder was walked")

    monkeypatch.setattr(generator.build.writer, "list_site", walk)
    smaller = {path: data for path, data in SITE.items() if "storm" not in path}
    publish_site(site, {**smaller, "de/index.html": b"<p>de</p>"}, cache, previous_outputs=set(SITE))
    assert tree(site) == {**smaller, "de/index.html": b"<p>de</p>"}
    assert "en/2024" not in folders(site)


def test_outputs_that_do_not_match_the_record_are_not_trusted(paths):
    site, cache = paths
    publish_site(site, SITE, cache)
    publish_site(site, SITE, cache, previous_outputs=set(SITE))
    (site / "stray.html").write_bytes(b"put there by hand")  # not in any build's outputs
    # A manifest that lists fewer files than the record counted: the folder is walked, the stray file pruned.
    publish_site(site, dict.fromkeys(SITE), cache, previous_outputs=set(list(SITE)[:2]))
    assert tree(site) == SITE


# -- files that arrive one by one, as pages are rendered


def test_each_file_is_on_disk_in_the_staging_folder_before_the_next_is_produced(paths):
    site, cache = paths
    publish_site(site, SITE, cache)
    new = {**SITE, "de/index.html": b"<p>de</p>", "en/index.html": b"<p>en, new</p>"}
    seen_before_next = []

    def produce(sink):
        sink.begin(new)
        for path, data in new.items():
            sink.put(path, data)
            seen_before_next.append((staging_folder(site) / path).read_bytes() == data)

    publish_streamed(site, produce, cache)
    assert all(seen_before_next) and tree(site) == new


def test_a_failure_while_the_site_is_produced_leaves_the_live_site_as_it_was(paths):
    site, cache = paths
    publish_site(site, SITE, cache)
    publish_site(site, SITE, cache)

    def produce(sink):
        sink.begin({**SITE, "de/index.html": None})
        sink.put("en/index.html", b"<p>en, half a build</p>")
        raise NewsgenError("template error while rendering /de/: boom", "templates/home.html", 3)

    with pytest.raises(NewsgenError, match="template error while rendering /de/: boom"):
        publish_streamed(site, produce, cache)
    assert tree(site) == SITE
    publish_site(site, {**SITE, "de/index.html": b"<p>de</p>"}, cache)  # the next build repairs the staging folder
    assert tree(site) == {**SITE, "de/index.html": b"<p>de</p>"}
    assert staged(site) == SITE


def test_running_out_of_space_part_way_stops_with_the_cause_and_the_live_site_whole(paths, monkeypatch):
    site, cache = paths
    publish_site(site, SITE, cache)
    real = os.statvfs(site)

    class AlmostFull:
        # Room for the small pages (and the spare megabyte), not for the big one.
        f_frsize, f_files, f_favail = real.f_frsize, real.f_files, real.f_favail
        f_bavail = ((1 << 20) + 64 * 1024) // real.f_frsize

    monkeypatch.setattr(generator.build.writer.os, "statvfs", lambda path: AlmostFull)
    new = {**SITE, "a/index.html": b"<p>a</p>", "big.html": b"x" * 200_000}

    def produce(sink):
        sink.begin(new)
        for path, data in new.items():
            sink.put(path, data)

    with pytest.raises(NewsgenError, match=r"not enough free space: the file system has [\d.]+ (KB|MB) free, too little to go on writing the site .*site/ was left as it was"):
        publish_streamed(site, produce, cache)
    assert tree(site) == SITE


def test_written_in_place_the_files_are_collected_before_anything_is_written(paths, monkeypatch):
    site, cache = paths
    publish_site(site, SITE, cache)
    monkeypatch.setattr(generator.build.staging, "_why_not_staged", lambda live, staging: "a test says so")

    def produce(sink):
        sink.begin(SITE)
        sink.put("en/index.html", b"<p>en, half a build</p>")
        raise NewsgenError("template error: boom")

    with pytest.raises(NewsgenError, match="boom"):
        publish_streamed(site, produce, cache)
    assert tree(site) == SITE


def test_after_a_first_build_the_next_one_need_not_compare_the_folders(paths, monkeypatch):
    """The first build pays for the staging copy, so the next correction costs only itself."""
    site, cache = paths
    publish_site(site, SITE, cache)
    assert staged(site) == SITE
    assert os.stat(staging_folder(site) / "en/index.html").st_ino == os.stat(site / "en/index.html").st_ino

    def no_walk(*args, **kwargs):
        raise AssertionError("the folders were compared")

    monkeypatch.setattr(generator.build.staging, "mirror_folder", no_walk)
    publish_site(site, {**dict.fromkeys(SITE), "en/index.html": b"<p>en, corrected</p>"}, cache, previous_outputs=set(SITE))
    assert tree(site) == {**SITE, "en/index.html": b"<p>en, corrected</p>"}
