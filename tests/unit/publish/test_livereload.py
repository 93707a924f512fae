"""Live reload: build states, their events, and the script added to served pages."""

import json
import threading

from generator.core.errors import NewsgenError
from generator.publish.livereload import (
    SCRIPT_PATH,
    LiveState,
    encode_event,
    inject_script,
    script_source,
    script_tag,
)


def _data(event: bytes) -> dict:
    lines = event.decode("utf-8").split("\n")
    data = [line[len("data: "):] for line in lines if line.startswith("data: ")]
    assert len(data) == 1
    return json.loads(data[0])


def test_unchanged_site_keeps_its_version_and_a_changed_one_gets_a_new_one():
    live = LiveState()
    first = live.current.version
    assert live.succeeded(site_changed=False).version == first
    assert live.succeeded(site_changed=True).version != first


def test_failed_build_keeps_the_served_version_and_fixing_it_reloads():
    live = LiveState()
    served = live.current.version
    failed = live.failed([NewsgenError("broken front matter", "content/a.md", 4)])
    assert failed.version == served and failed.failed
    assert [(e.file, e.line, e.message) for e in failed.errors] == [("content/a.md", 4, "broken front matter")]
    fixed = live.succeeded(site_changed=False)
    assert not fixed.failed and fixed.version != served


def test_versions_differ_between_server_processes():
    assert LiveState().current.version != LiveState().current.version


def test_waiting_stream_wakes_on_a_change_and_on_close():
    live = LiveState()
    seen = live.current
    assert live.wait_for_change(seen, timeout=0.01) is None
    threading.Timer(0.05, live.succeeded, kwargs={"site_changed": True}).start()
    assert live.wait_for_change(seen, timeout=10).version != seen.version
    threading.Timer(0.05, live.close).start()
    assert live.wait_for_change(live.current, timeout=10) is None and live.closed


def test_error_event_keeps_multi_line_messages_on_one_data_line():
    live = LiveState()
    event = encode_event(live.failed([NewsgenError("line one\nline two <b>", "templates/x.html", 2)]))
    assert event.startswith(b"event: build-failed\n") and event.endswith(b"\n\n")
    assert _data(event)["errors"] == [{"file": "templates/x.html", "line": 2, "message": "line one\nline two <b>"}]


def test_good_build_event_names_the_version():
    live = LiveState()
    event = encode_event(live.current)
    assert event.startswith(b"event: build\n")
    assert _data(event) == {"version": live.current.version}


def test_script_goes_just_before_the_last_closing_body_tag():
    html = b"<html><body><p>x</p><pre></body></pre></BODY></html>"
    injected = inject_script(html, "v-1")
    assert injected.startswith(b"<html><body><p>x</p><pre></body></pre><script id=\"newsgen-live-reload\"")
    assert injected.endswith(b"</script>\n</BODY></html>")


def test_script_is_appended_to_html_without_a_body_tag():
    assert inject_script(b"<p>fragment</p>", "v-1").startswith(b"<p>fragment</p><script")


def test_version_cannot_break_out_of_the_script_element():
    tag = script_tag('x"</script><script>alert(1)</script>').decode("utf-8")
    assert tag.count("<script") == 1 and tag.count("</script>") == 1
    assert 'data-version="x&quot;&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in tag


def test_added_script_is_loaded_from_the_server_not_inline_so_a_page_policy_allows_it():
    # Pages carry a Content-Security-Policy <meta> allowing 'self' and hashed inline scripts only.
    tag = script_tag("v-1").decode("utf-8")
    assert f'src="{SCRIPT_PATH}"' in tag and tag.endswith("></script>\n")
    code = script_source().decode("utf-8")
    assert "new EventSource(eventsUrl)" in code and 'getAttribute("data-version")' in code
    assert "adoptedStyleSheets" in code, "the overlay style is a constructed sheet, which style-src 'self' allows"
