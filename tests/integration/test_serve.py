"""`newsgen serve` for real: a subprocess serving the sample project at a sub-path,
fetched over HTTP from 127.0.0.1 while the test edits the project on disk."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
import sitecheck
from preview import ServeProcess, poll

from generator.cli import main
from generator.publish.serve import build_project

SUB_PATH = "/news/"
ARTICLE = "content/articles/2024/11/amherd-wants-closer-cooperation-with-nato-but-no-accession.en.md"
ARTICLE_URL = SUB_PATH + "en/2024/11/amherd-wants-closer-cooperation-with-nato-but-no-accession/"
LIVE_SCRIPT = 'id="newsgen-live-reload"'

NEW_RAW_STORY = """SchweizPreview pigeons return to the Federal Palace

SDA

16.12.2024 - 08:15

Keystone

Pigeons have returned to the roof of the Federal Palace in Bern after a winter away, the building's caretakers said on Monday.

The birds were last counted in large numbers in the spring.

SDA
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return sitecheck.copy_sample_project(tmp_path_factory.mktemp("serve") / "project", base_url="https://example.org/news/")


@pytest.fixture(scope="module")
def server(project):
    process = ServeProcess(project)
    yield process
    process.stop()


# -- serving ----------------------------------------------------------------------


def test_root_and_bare_sub_path_redirect_to_the_sites_path(server):
    for path in ("/", "/news"):
        answer = server.get(path)
        assert (answer.status, answer.headers["Location"]) == (302, SUB_PATH), path
    assert server.url.endswith(SUB_PATH)


def test_pages_feeds_sitemaps_and_styles_have_their_content_types(server):
    expected = {
        SUB_PATH: "text/html; charset=utf-8",
        SUB_PATH + "en/": "text/html; charset=utf-8",
        ARTICLE_URL: "text/html; charset=utf-8",
        SUB_PATH + "en/feed.xml": "application/atom+xml",
        SUB_PATH + "sitemap.xml": "application/xml",
        SUB_PATH + "static/style.css": "text/css; charset=utf-8",
        SUB_PATH + "robots.txt": "text/plain; charset=utf-8",
    }
    for path, content_type in expected.items():
        answer = server.get(path)
        assert (answer.status, answer.content_type) == (200, content_type), path


def test_a_folder_is_served_by_its_index_and_never_listed(server, project):
    assert server.get(SUB_PATH + "en").headers["Location"] == SUB_PATH + "en/"
    folder_without_index = server.get(SUB_PATH + "static/")
    assert folder_without_index.status == 404
    assert 'href="style.css"' not in folder_without_index.text and "Directory listing" not in folder_without_index.text
    assert folder_without_index.text.startswith((project / "site" / "404.html").read_text(encoding="utf-8")[:300])


def test_unknown_address_gets_the_404_page_with_status_404(server, project):
    not_found_page = (project / "site" / "404.html").read_text(encoding="utf-8")
    title = not_found_page.split("<title>")[1].split("</title>")[0]
    for path in (SUB_PATH + "no-such-page/", SUB_PATH + "en/2099/", "/elsewhere/index.html"):
        answer = server.get(path)
        assert (answer.status, answer.content_type) == (404, "text/html; charset=utf-8"), path
        assert f"<title>{title}</title>" in answer.text, path


def test_files_outside_the_site_folder_are_never_served(server, project):
    (project / "secret.txt").write_text("not for the web", encoding="utf-8")
    (project / "site" / ".hidden").write_text("not for the web", encoding="utf-8")
    for path in (
        "/../site.toml",
        "/%2e%2e/site.toml",
        SUB_PATH + "../site.toml",
        SUB_PATH + "%2e%2e/site.toml",
        SUB_PATH + "%2E%2E%2Fsite.toml",
        SUB_PATH + "en/..%2f..%2fsecret.txt",
        SUB_PATH + "%2e%2e/content/people.yaml",
        SUB_PATH + ".hidden",
        SUB_PATH + "%00/index.html",
    ):
        answer = server.get(path)
        assert answer.status == 404, path
        assert b"base_url" not in answer.body and b"not for the web" not in answer.body, path


def test_live_reload_script_is_in_served_html_only_never_on_disk(server, project):
    page = server.get(ARTICLE_URL).text
    assert LIVE_SCRIPT in page and "/__newsgen__/events" in page
    assert page.index(LIVE_SCRIPT) < page.rindex("</body>"), "the script goes just before </body>"
    assert LIVE_SCRIPT in server.get(SUB_PATH + "missing").text, "the 404 page shows build errors too"
    for path in (SUB_PATH + "static/style.css", SUB_PATH + "en/feed.xml"):
        assert b"newsgen-live-reload" not in server.get(path).body, path
    on_disk = [path for path in (project / "site").rglob("*") if path.is_file() and b"newsgen-live-reload" in path.read_bytes()]
    assert on_disk == []


def test_head_answers_without_a_body(server):
    answer = server.get(SUB_PATH + "en/", method="HEAD")
    assert (answer.status, answer.body) == (200, b"")
    assert int(answer.headers["Content-Length"]) > 0


# -- rebuilding -------------------------------------------------------------------


def test_edited_article_is_served_changed_within_seconds(server, project):
    events = server.events()
    version = events.next("build").data["version"]
    article = project / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + "\nA paragraph added while previewing.\n", encoding="utf-8")
    poll(lambda: "A paragraph added while previewing." in server.get(ARTICLE_URL).text, message="edited article served")
    assert events.next("build", where=lambda data: data["version"] != version)
    events.close()


def test_raw_file_dropped_into_content_raw_appears_without_restart(server, project):
    (project / "content" / "raw" / "900_preview_pigeons.txt").write_text(NEW_RAW_STORY, encoding="utf-8")
    poll(lambda: "Preview pigeons return to the Federal Palace" in server.get(SUB_PATH + "en/").text, message="new story on the home page")
    assert list((project / "content" / "articles").rglob("preview-pigeons-*.en.md"))


def test_broken_front_matter_is_reported_while_the_last_good_site_stays_served(server, project):
    article = project / ARTICLE
    good = article.read_text(encoding="utf-8")
    events = server.events()
    version = events.next("build").data["version"]
    try:
        article.write_text(good.replace("category: switzerland", "category: [switzerland"), encoding="utf-8")
        failed = events.next("build-failed")
        error = failed.data["errors"][0]
        assert error["file"] == ARTICLE
        broken_line = good.splitlines().index("category: switzerland") + 1
        assert broken_line <= error["line"] <= broken_line + 1, "YAML notices an unclosed list on the line after"
        assert "front matter" in error["message"]
        page = server.get(ARTICLE_URL)
        assert page.status == 200 and "Amherd wants closer cooperation" in page.text
        poll(lambda: "build failed" in server.output, message="the failure printed")
    finally:
        article.write_text(good, encoding="utf-8")
    fixed = events.next("build")
    assert fixed.data["version"] != version, "clearing an error reloads the page"
    events.close()


def test_a_new_event_stream_starts_with_the_failed_build(server, project):
    template = project / "templates" / "article.html"
    good = template.read_text(encoding="utf-8")
    watcher = server.events()
    watcher.next("build")
    try:
        template.write_text(good + "{% if %}\n", encoding="utf-8")
        watcher.next("build-failed")
        late_tab = server.events()
        error = late_tab.next(timeout=10).data["errors"][0]
        assert (error["file"], error["line"]) == ("templates/article.html", len(good.splitlines()) + 1)
    finally:
        template.write_text(good, encoding="utf-8")
    late_tab.next("build")
    watcher.close()
    late_tab.close()


# -- starting and stopping --------------------------------------------------------


def test_ctrl_c_stops_the_server_cleanly_with_exit_code_0(tmp_path):
    root = sitecheck.copy_sample_project(tmp_path / "project")
    process = ServeProcess(root)
    assert process.get("/en/").status == 200
    events = process.events()
    events.next("build")
    assert process.stop() == 0
    assert "Traceback" not in process.output
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", process.port), timeout=2).close()


def test_busy_port_is_a_usage_error_that_suggests_a_free_port(tmp_path, capsys):
    root = sitecheck.copy_sample_project(tmp_path / "project")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["--root", str(root), "serve", "--port", str(port)]) == 2
    message = capsys.readouterr().err
    assert f"port {port} on 127.0.0.1 is already in use" in message
    assert "try --port " in message
    assert not (root / "site").exists(), "nothing is built when the server cannot start"


def test_template_error_names_the_template_relative_to_the_project(tmp_path):
    root = sitecheck.copy_sample_project(tmp_path / "project")
    (root / "templates" / "home.html").write_text("{% extends 'base.html' %}\n{% block content %}\n{{ broken( }}\n{% endblock %}\n", encoding="utf-8")
    outcome = build_project(root)
    assert [(e.file, e.line) for e in outcome.errors] == [("templates/home.html", 3)]
    assert not (root / "site").exists()


def test_preview_builds_are_recorded_so_deploy_judges_the_site_that_is_there(tmp_path):
    from generator.build.state import deploy_blockers, load_state

    root = sitecheck.copy_sample_project(tmp_path / "project")
    (root / "templates" / "home.html").write_text("{% extends 'base.html' %}\n{{ broken( }}\n", encoding="utf-8")
    assert build_project(root).errors
    assert load_state(root).build.status == "failed" and deploy_blockers(load_state(root))
    (root / "templates" / "home.html").unlink()
    shutil.copy(sitecheck.REPO / "templates" / "home.html", root / "templates" / "home.html")
    assert not build_project(root).errors
    assert load_state(root).build.status == "ok" and not deploy_blockers(load_state(root))


def test_a_refused_raw_file_is_shown_and_the_other_stories_are_previewed(tmp_path):
    root = sitecheck.copy_sample_project(tmp_path / "project")
    (root / "content" / "raw" / "broken.txt").write_bytes(b"\x00\x01 binary")
    outcome = build_project(root)
    assert [e.file for e in outcome.errors] == ["content/raw/broken.txt"]
    assert (root / "site" / "en" / "index.html").is_file()


def test_server_starts_and_shows_the_errors_when_the_first_build_fails(tmp_path):
    root = sitecheck.copy_sample_project(tmp_path / "project")
    article = root / ARTICLE
    article.write_text(article.read_text(encoding="utf-8").replace("category: switzerland", "category: [switzerland"), encoding="utf-8")
    process = ServeProcess(root)
    try:
        page = process.get("/")
        assert page.status == 404 and LIVE_SCRIPT in page.text, "nothing built yet, but the overlay has a page to show on"
        events = process.events()
        assert events.next(timeout=10).data["errors"][0]["file"] == ARTICLE
        events.close()
    finally:
        assert process.stop() == 0
