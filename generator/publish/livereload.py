"""Live reload for ``newsgen serve``: build state, its server-sent events, the page script.

The browser learns about builds through one server-sent events stream. Every
HTML response of the preview server carries a small script element (added in
flight, never written into site/) that names the *version* of the site it was
served from; its code, loaded from the preview server, listens to the stream:

- ``event: build`` with ``{"version": ...}``: the site is good; a page of an
  older version reloads itself, a page of this version hides any error overlay.
- ``event: build-failed`` with ``{"version": ..., "errors": [{file, line,
  message}]}``: the last build failed; the page shows the errors over the
  last good site, which the server keeps serving.

A new connection first gets the current state, so a page loaded while the
last build is broken shows the overlay at once; versions start with a token
of the server process, so a tab that reconnects to a restarted server reloads.

Pages carry their Content-Security-Policy in a ``<meta>`` element, which allows
scripts from the page's own origin and inline ones only by hash. So the code is
an external script (``SCRIPT_PATH``, same origin) and the overlay's style a
constructed stylesheet (CSP governs ``<style>`` elements, not those): the
preview runs under the very policy the deployed site has, unchanged.
"""

from __future__ import annotations

import json
import secrets
import threading
from dataclasses import dataclass
from html import escape

from ..core.errors import NewsgenError

#: Address of the event stream on the preview server (outside any site path).
EVENTS_PATH = "/__newsgen__/events"
#: Address of the live-reload code on the preview server.
SCRIPT_PATH = "/__newsgen__/live-reload.js"
#: Milliseconds the browser waits before reconnecting to a lost stream.
RETRY_MS = 1000
#: A comment line sent on an idle stream, so a vanished tab is noticed.
KEEPALIVE = b": keep-alive\n\n"


@dataclass(frozen=True)
class BuildError:
    """One problem of a failed build, as the overlay shows it."""

    #: Project-relative path of the file at fault, or None.
    file: str | None
    line: int | None
    message: str

    @classmethod
    def of(cls, error: NewsgenError) -> BuildError:
        return cls(error.file, error.line, error.message)


@dataclass(frozen=True)
class BuildState:
    """What the browser is told about the newest build."""

    #: Names the site that is being served; changes when a reload is due.
    version: str
    #: Why the last build failed; empty when it succeeded.
    errors: tuple[BuildError, ...] = ()

    @property
    def failed(self) -> bool:
        return bool(self.errors)


class LiveState:
    """The current BuildState, shared between the build thread and the event streams."""

    def __init__(self) -> None:
        self._token = secrets.token_hex(4)
        self._builds = 1
        self._state = BuildState(self._version())
        self._changed = threading.Condition()
        self._closed = False

    @property
    def current(self) -> BuildState:
        with self._changed:
            return self._state

    @property
    def closed(self) -> bool:
        with self._changed:
            return self._closed

    def succeeded(self, site_changed: bool) -> BuildState:
        """Record a good build; pages reload when the site changed or an error is cleared."""
        with self._changed:
            if site_changed or self._state.failed:
                self._builds += 1
                self._publish(BuildState(self._version()))
            return self._state

    def failed(self, errors: list[NewsgenError]) -> BuildState:
        """Record a failed build: the site (and its version) stay as they were."""
        with self._changed:
            self._publish(BuildState(self._state.version, tuple(BuildError.of(e) for e in errors)))
            return self._state

    def wait_for_change(self, seen: BuildState, timeout: float) -> BuildState | None:
        """The state once it differs from ``seen``; None after ``timeout`` seconds or once closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._state != seen, timeout)
            return None if self._closed or self._state == seen else self._state

    def close(self) -> None:
        """Wake and end every event stream (the server is stopping)."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def _publish(self, state: BuildState) -> None:
        self._state = state
        self._changed.notify_all()

    def _version(self) -> str:
        return f"{self._token}-{self._builds}"


def encode_event(state: BuildState) -> bytes:
    """One server-sent event announcing ``state``."""
    if state.failed:
        errors = [{"file": e.file, "line": e.line, "message": e.message} for e in state.errors]
        name, data = "build-failed", {"version": state.version, "errors": errors}
    else:
        name, data = "build", {"version": state.version}
    # json.dumps escapes line breaks, so the data stays on the one line SSE allows.
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode("utf-8")


def encode_stream_start() -> bytes:
    return f"retry: {RETRY_MS}\n\n".encode("ascii")


def inject_script(html: bytes, version: str) -> bytes:
    """``html`` with the live-reload script just before its last ``</body>`` (or at the end)."""
    tag = script_tag(version)
    end = html.lower().rfind(b"</body>")
    if end == -1:
        return html + tag
    return html[:end] + tag + html[end:]


def script_tag(version: str) -> bytes:
    """The element added to a served page: the code by address, the version and the stream in attributes."""
    attributes = {"id": "newsgen-live-reload", "src": SCRIPT_PATH, "data-version": version, "data-events": EVENTS_PATH}
    text = " ".join(f'{name}="{escape(value, quote=True)}"' for name, value in attributes.items())
    return f"<script {text}></script>\n".encode("utf-8")


def script_source() -> bytes:
    """The live-reload code, served at ``SCRIPT_PATH``."""
    return _SCRIPT.replace("RETRY_MS", str(RETRY_MS)).encode("utf-8")


# The overlay lives in a shadow root so the site's own styles (dark mode, print)
# cannot restyle it, and every error text goes in through textContent, never as markup.
# document.currentScript is only set while the script first runs: read it at once.
_SCRIPT = """
(function (script) {
  "use strict";
  var version = script.getAttribute("data-version");
  var eventsUrl = script.getAttribute("data-events");
  var host = null;
  function hide() {
    if (host) { host.remove(); host = null; }
  }
  function element(parent, name, text, className) {
    var node = document.createElement(name);
    if (text) { node.textContent = text; }
    if (className) { node.className = className; }
    parent.appendChild(node);
    return node;
  }
  var css = ":host{all:initial}" +
    ".overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;box-sizing:border-box;padding:2rem;" +
    "background:rgba(24,24,27,.96);color:#f4f4f5;font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}" +
    "h2{margin:0 0 1rem;color:#fca5a5;font-size:1.25rem}ul{margin:0;padding:0;list-style:none}" +
    "li{margin:0 0 1rem;padding:.75rem 1rem;background:#27272a;border-left:4px solid #f87171;white-space:pre-wrap}" +
    ".where{display:block;color:#fde68a;font-weight:bold}p{color:#a1a1aa}";
  function style(root) {
    // A <style> element would be blocked by the page's policy (style-src 'self'); a
    // constructed stylesheet is not. Browsers without them get the element, unstyled at worst.
    if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function" && CSSStyleSheet.prototype.replaceSync) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
    } else {
      element(root, "style", css);
    }
  }
  function show(errors) {
    hide();
    host = document.createElement("newsgen-error-overlay");
    var root = host.attachShadow({mode: "open"});
    style(root);
    var overlay = element(root, "div", "", "overlay");
    overlay.setAttribute("role", "alert");
    element(overlay, "h2", "newsgen: the build failed");
    var list = element(overlay, "ul");
    errors.forEach(function (error) {
      var item = element(list, "li", "", "error");
      var where = error.file ? error.file + (error.line ? ":" + error.line : "") : "";
      if (where) { element(item, "span", where, "where"); }
      element(item, "span", error.message, "message");
    });
    element(overlay, "p", "This page shows the last good build. Fix the file and save: the page reloads by itself.");
    document.documentElement.appendChild(host);
  }
  function connect() {
    var source = new EventSource(eventsUrl);
    source.addEventListener("build", function (event) {
      if (JSON.parse(event.data).version !== version) { location.reload(); } else { hide(); }
    });
    source.addEventListener("build-failed", function (event) {
      show(JSON.parse(event.data).errors);
    });
    source.onerror = function () {
      // EventSource retries by itself unless the server answered with something
      // other than a stream; then start over, so a restarted server is found again.
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, RETRY_MS);
      }
    };
  }
  connect();
})(document.currentScript);
"""
