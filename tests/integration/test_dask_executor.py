"""Rendering on a Dask cluster: the same bytes as a local build, and clear errors when it cannot run.

Every cluster here listens on 127.0.0.1 only and has no dashboard. The main one
has two worker processes (not threads: the model must really cross a process
boundary, and each worker has its own hash seed).
"""

from __future__ import annotations

import shutil
import socket
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

distributed = pytest.importorskip("distributed")
psutil = pytest.importorskip("psutil")  # installed with distributed

from sitecheck import snapshot

from generator.build.run import build_site  # noqa: E402
from generator.cli import main  # noqa: E402
from generator.config.settings import load_config  # noqa: E402
from generator.content.model import Article, Translation  # noqa: E402
from generator.content.store import article_path, render_article  # noqa: E402
from generator.core.errors import NewsgenError, Report  # noqa: E402
from generator.render import pages as render  # noqa: E402
from generator.render.dask_cluster import DaskCluster  # noqa: E402
from generator.render.executors import LocalForks  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
ZURICH = ZoneInfo("Europe/Zurich")
TAGS = ("Weather", "Politics", "Économie", "Sport", "Zürich", "Bern", "Ticino")
PERSONS = ("Anna Muster", "Jean Dupont", "Lia Rossi", "Karl Meier", "Zoë Ämmer")
SITE_TOML = """\
title = "Test Wire"
base_url = "https://example.org/news/"
languages = ["en", "de", "fr", "it"]
default_language = "en"
timezone = "Europe/Zurich"
page_size = 2
"""


def stories() -> list[Article]:
    """36 stories in four languages, a week or two apart, sharing tags and persons: about 500 pages.

    Enough pages (render.PARALLEL_THRESHOLD) for rendering to leave the calling process.
    """
    articles = []
    for number in range(36):
        story = {
            "id": f"story-{number}",
            "category": ("switzerland", "world", "economy")[number % 3],
            "agency": "SDA",
            "published": datetime(2024, 1, 2, 8, 15, tzinfo=ZURICH) + timedelta(days=9 * number, hours=number % 5),
            "body": f"Paragraph {number} with *emphasis*.\n\n## Reactions\n\nMore, and [a link](https://example.org/{number}).",
            "summary": f"Summary of story {number}.",
            "tags": (TAGS[number % 7], TAGS[(number * 3 + 1) % 7]),
            "persons": (PERSONS[number % 5],),
        }
        for lang in ("en", "de", "fr", "it"):
            translation = None if lang == "en" else Translation("en", "machine", "google")
            articles.append(Article(lang=lang, title=f"Story {number} ({lang})", slug=f"story-{number}-{lang}", translation=translation, **story))
    return articles


def write_project(root: Path, articles: list[Article]) -> Path:
    root.mkdir(parents=True)
    (root / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    shutil.copytree(REPO_ROOT / "templates", root / "templates")
    for article in articles:
        path = article_path(root / "content" / "articles", article)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_article(article), encoding="utf-8")
    return root


def build(root: Path, **options):
    report = Report()
    summary = build_site(load_config(root), report, **options)
    assert report.ok, report.errors
    return summary


@pytest.fixture(scope="module")
def local_site(tmp_path_factory) -> dict[str, bytes]:
    """The site as forked processes on this machine render it."""
    root = write_project(tmp_path_factory.mktemp("local") / "project", stories())
    assert build(root, executor=LocalForks(2)).files > render.PARALLEL_THRESHOLD
    return snapshot(root / "site")


@pytest.fixture
def project(tmp_path) -> Path:
    return write_project(tmp_path / "project", stories())


@pytest.fixture(scope="module")
def cluster():
    with DaskCluster("dask-local", workers=2) as started:
        yield started


@pytest.fixture
def threaded_scheduler():
    """A scheduler with one worker of four threads, in this process, reached over TCP like a remote one."""
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=4, processes=False, protocol="tcp", host="127.0.0.1", dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}
    ) as running:
        yield running.scheduler_address


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children() -> set[int]:
    """This process's descendants, less multiprocessing's resource tracker (one per process, ends with it)."""
    return {child.pid for child in psutil.Process().children(recursive=True) if "resource_tracker" not in " ".join(child.cmdline())}


def listening_addresses() -> set[str]:
    """Where this process and its descendants accept connections."""
    processes = [psutil.Process(), *psutil.Process().children(recursive=True)]
    return {found.laddr.ip for process in processes for found in process.net_connections(kind="inet") if found.status == psutil.CONN_LISTEN}


def test_local_cluster_listens_on_loopback_only(cluster):
    assert cluster.client.scheduler.address.startswith("tcp://127.0.0.1:")
    assert listening_addresses() == {"127.0.0.1"}


def test_dask_build_is_byte_identical_to_local_build(project, local_site, cluster):
    with distributed.get_task_stream(cluster.client) as tasks:
        build(project, executor=cluster)
    assert snapshot(project / "site") == local_site
    chunks = [task for task in tasks.data if task["key"].startswith("newsgen-chunk-")]
    # Rendered on the cluster, in several chunks (which worker takes which is the scheduler's choice).
    assert len(chunks) > 1 and {task["worker"] for task in chunks} <= set(cluster.client.scheduler_info()["workers"])


def test_build_on_a_running_scheduler_with_threaded_workers_is_byte_identical(project, local_site, threaded_scheduler, capsys):
    address = threaded_scheduler.removeprefix("tcp://")
    assert main(["--root", str(project), "build", "--no-ingest", "--executor", f"dask://{address}"]) == 0
    assert snapshot(project / "site") == local_site


def test_template_error_on_a_worker_names_the_template_and_writes_nothing(project, cluster):
    (project / "templates" / "article.html").write_text("{% extends 'base.html' %}{% block content %}{{ nope.x }}{% endblock %}", encoding="utf-8")
    with pytest.raises(NewsgenError) as raised:
        build_site(load_config(project), Report(), executor=cluster)
    assert "article.html" in str(raised.value)
    assert not (project / "site").exists()


def test_worker_reading_other_templates_is_refused(project):
    templates = project / "templates"
    on_this_machine = render.templates_digest(templates)
    (templates / "base.html").write_text("changed on one machine", encoding="utf-8")
    with pytest.raises(NewsgenError, match="same newsgen version and the project's templates at the same path"):
        render._check_templates(templates, on_this_machine)


def test_cli_dask_local_builds_and_leaves_no_process_behind(project, local_site, capsys):
    before = children()
    assert main(["--root", str(project), "build", "--no-ingest", "--executor", "dask-local"]) == 0
    assert snapshot(project / "site") == local_site
    deadline = time.monotonic() + 10
    while (left := children() - before) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not left


def test_cli_unreachable_scheduler_fails_fast_naming_the_address(tmp_path, capsys):
    root = write_project(tmp_path / "project", stories()[:4])
    port = unused_port()
    started = time.monotonic()
    code = main(["--root", str(root), "build", "--no-ingest", "--executor", f"dask://127.0.0.1:{port}"])
    assert code == 1
    assert time.monotonic() - started < 5
    error = capsys.readouterr().err
    assert f"--executor dask://127.0.0.1:{port}: cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in error
    assert not (root / "site").exists()


def test_silent_scheduler_address_fails_within_the_timeout():
    # Something listens but never speaks Dask: distributed.Client alone would wait forever.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        address = f"tcp://127.0.0.1:{listener.getsockname()[1]}"
        started = time.monotonic()
        with pytest.raises(NewsgenError, match=f"cannot reach the Dask scheduler at {address} within 1 s \\(no answer\\)"):
            with DaskCluster("dask://test", address, connect_timeout=1):
                pass
        assert time.monotonic() - started < 5


@pytest.mark.parametrize("spec", ["dask://", "dask://localhost", "dask://localhost:port", "dask:localhost:8786", "spark://localhost:7077"])
def test_cli_bad_executor_is_a_usage_error(tmp_path, capsys, spec):
    root = write_project(tmp_path / "project", [])
    assert main(["--root", str(root), "build", "--executor", spec]) == 2
    assert f"--executor {spec}" in capsys.readouterr().err
