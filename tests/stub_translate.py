"""A LibreTranslate stand-in on 127.0.0.1 for tests: counts requests and misbehaves on demand.

It speaks ``POST /translate`` with the fields q, source, target, format and
api_key given as query parameters (what deep-translator sends), form fields or
JSON, and answers ``{"translatedText": ...}``. Each request takes the next
queued action (``stub.then("drop", 500, 500)``), else ``stub.default``:

* ``"ok"``: translate with ``stub.translate(q, source, target)``;
* an ``int``: answer with that HTTP status (429, 500, ...);
* ``"slow"``: wait ``stub.slow_seconds`` (longer than any test timeout), then answer;
* ``"drop"``: close the connection without answering;
* ``"not-json"``, ``"empty"``, ``"quota"`` (MyMemory's warning text), ``"echo"`` (the input unchanged);
* a callable ``(q, source, target) -> str``: answer with its result.

Use the ``stub_translate`` fixture; it stops the server after the test. The
``loopback_only`` fixture makes any connection to another address fail at
once, so that a test can never reach a real provider.
"""

from __future__ import annotations

import json
import re
import socket
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

QUOTA_TEXT = "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY. NEXT AVAILABLE IN  23 HOURS 59 MINUTES 59 SECONDS"

# A few words so that test output reads like a translation; everything else is kept.
_WORDS = {
    "de": {"the": "die", "and": "und", "is": "ist", "of": "von", "to": "zu", "on": "am", "said": "sagte", "with": "mit",
           "for": "für", "a": "ein", "not": "nicht", "has": "hat", "was": "war", "will": "wird", "street": "Straße", "large": "groß"},
    "fr": {"the": "le", "and": "et", "is": "est", "of": "de", "to": "à", "on": "le", "said": "a dit", "with": "avec",
           "for": "pour", "a": "un", "not": "pas", "has": "a", "was": "était", "will": "va"},
}


def dictionary_translate(q: str, source: str, target: str) -> str:
    """Deterministic: known words replaced, the target language code in front; placeholders untouched."""
    words = _WORDS.get(target, {})

    def swap(found: re.Match) -> str:
        word = found.group(0)
        new = words.get(word.lower(), word)
        return new[:1].upper() + new[1:] if word[:1].isupper() and new != word else new

    return f"{target.upper()}: " + re.sub(r"(?<![⟦\w])[A-Za-z]+(?![\w⟧])", swap, q)


@dataclass(frozen=True)
class StubRequest:
    """One POST /translate as the stub received it."""

    q: str
    source: str
    target: str
    format: str | None
    api_key: str | None
    action: object


class StubTranslate:
    """The server's state; tests set ``translate``, ``default`` and queue actions."""

    def __init__(self) -> None:
        self.requests: list[StubRequest] = []
        self.translate: Callable[[str, str, str], str] = dictionary_translate
        self.default: object = "ok"
        self.slow_seconds = 2.0
        self._queue: deque = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="stub-translate", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    @property
    def count(self) -> int:
        return len(self.requests)

    def then(self, *actions) -> StubTranslate:
        """Queue actions for the next requests, in order."""
        with self._lock:
            self._queue.extend(actions)
        return self

    def reset(self) -> None:
        """Forget requests and queued actions; translate normally again."""
        with self._lock:
            self.requests.clear()
            self._queue.clear()
        self.default = "ok"
        self.translate = dictionary_translate

    def texts(self) -> list[str]:
        return [request.q for request in self.requests]

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def _next(self, fields: dict) -> object:
        with self._lock:
            action = self._queue.popleft() if self._queue else self.default
            self.requests.append(StubRequest(fields.get("q", ""), fields.get("source", ""), fields.get("target", ""), fields.get("format"), fields.get("api_key"), action))
        return action


def _handler_for(stub: StubTranslate):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, *args) -> None:  # keep test output quiet
            pass

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            if urlsplit(self.path).path.rstrip("/") != "/translate":
                self._send(404, {"error": "Not Found"})
                return
            fields = self._fields()
            action = stub._next(fields)
            if action == "drop":
                self.close_connection = True
                return  # nothing written: the client sees the connection closed without an answer
            if action == "slow":
                stub._stopping.wait(stub.slow_seconds)
                action = "ok"
            self._answer(action, fields)

        def _answer(self, action, fields: dict) -> None:
            q, source, target = fields.get("q", ""), fields.get("source", ""), fields.get("target", "")
            if isinstance(action, int):
                self._send(action, {"error": f"stub says {action}"})
            elif action == "not-json":
                self._send(200, "<html><body>Service temporarily unavailable</body></html>", "text/html")
            elif action == "empty":
                self._send(200, {"translatedText": ""})
            elif action == "quota":
                self._send(200, {"translatedText": QUOTA_TEXT})
            elif action == "echo":
                self._send(200, {"translatedText": q})
            elif callable(action):
                self._send(200, {"translatedText": action(q, source, target)})
            else:
                self._send(200, {"translatedText": stub.translate(q, source, target)})

        def _fields(self) -> dict:
            fields = {key: values[-1] for key, values in parse_qs(urlsplit(self.path).query).items()}
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8") if length else ""
            if body and "json" in (self.headers.get("Content-Type") or ""):
                fields.update({key: str(value) for key, value in json.loads(body).items()})
            elif body:
                fields.update({key: values[-1] for key, values in parse_qs(body).items()})
            return fields

        def _send(self, status: int, payload, content_type: str = "application/json") -> None:
            data = (payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)).encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout) before the answer came

    return Handler


@pytest.fixture
def stub_translate():
    """A running stub LibreTranslate server; ``stub_translate.url`` is its base URL."""
    stub = StubTranslate()
    yield stub
    stub.stop()


_LOOPBACK = ("127.0.0.1", "::1", "localhost")


@pytest.fixture
def loopback_only(monkeypatch):
    """Refuse every connection and name lookup that is not for 127.0.0.1."""
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def connect(sock, address):
        if isinstance(address, tuple) and address[0] not in _LOOPBACK:
            raise OSError(f"test tried to connect to {address[0]}: only 127.0.0.1 is allowed")
        return real_connect(sock, address)

    def getaddrinfo(host, *args, **kwargs):
        if host not in _LOOPBACK:
            raise socket.gaierror(f"test tried to look up {host}: only 127.0.0.1 is allowed")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
