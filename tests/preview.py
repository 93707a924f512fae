"""`newsgen serve` run for real, and ways for a test to talk to it.

``ServeProcess`` starts the command in a subprocess on a free port of
127.0.0.1 (``--port 0``) and reads the URL it prints; ``stop()`` sends Ctrl-C
(SIGINT) and returns the exit code. ``get`` fetches one address without
following redirects or normalising the path (so "/../x" is sent as written);
``EventStream`` collects the live-reload events. Everything waits by polling
with generous timeouts, never by fixed sleeps, so a loaded machine is slow
but not flaky.
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

#: Seconds a test waits for the server to come up (one full build first).
START_TIMEOUT = 60.0
#: Seconds a test waits for a change on disk to show (debounce + rebuild).
CHANGE_TIMEOUT = 30.0
EVENTS_PATH = "/__newsgen__/events"
_URL_LINE = re.compile(r"serving (http://127\.0\.0\.1:\d+/\S*)")


@dataclass(frozen=True)
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")


class ServeProcess:
    """``newsgen --root ROOT serve --port 0`` in a subprocess."""

    def __init__(self, root: Path, *extra: str):
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        command = [sys.executable, "-m", "generator", "--root", str(root), "serve", "--port", "0", *extra]
        self.process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_hear_ctrl_c)
        self._stdout: list[str] = []
        self._stderr: list[str] = []
        for stream, lines in ((self.process.stdout, self._stdout), (self.process.stderr, self._stderr)):
            threading.Thread(target=_collect, args=(stream, lines), daemon=True).start()
        self.url = self._wait_for_url()
        parts = urlsplit(self.url)
        self.port = parts.port
        self.base_path = parts.path

    @property
    def output(self) -> str:
        """What the command printed so far, stdout then stderr."""
        return "".join(self._stdout) + "".join(self._stderr)

    def get(self, path: str, method: str = "GET") -> Response:
        return get(self.port, path, method)

    def events(self) -> EventStream:
        return EventStream(self.port)

    def stop(self, timeout: float = 30.0) -> int:
        """Ctrl-C, then the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"newsgen serve did not stop within {timeout}s of Ctrl-C:\n{self.output}") from None

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            match = _URL_LINE.search("".join(self._stdout))
            if match:
                return match.group(1)
            if self.process.poll() is not None:
                time.sleep(0.2)  # let the reader threads drain the pipes
                raise AssertionError(f"newsgen serve exited with {self.process.returncode}:\n{self.output}")
            time.sleep(0.05)
        self.process.kill()
        raise AssertionError(f"newsgen serve printed no URL within {START_TIMEOUT}s:\n{self.output}")


def _hear_ctrl_c() -> None:
    # A shell starts background jobs with SIGINT ignored, and the child would inherit
    # that; Ctrl-C at a terminal is what stop() stands for.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _collect(stream, lines: list[str]) -> None:
    for line in stream:
        lines.append(line)


def get(port: int, path: str, method: str = "GET", timeout: float = 20.0) -> Response:
    """One request to 127.0.0.1:port, path sent exactly as given."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path)
        answer = connection.getresponse()
        return Response(answer.status, answer.headers, answer.read())
    finally:
        connection.close()


def poll(check: Callable[[], object], timeout: float = CHANGE_TIMEOUT, interval: float = 0.1, message: str = "condition"):
    """Call ``check`` until it returns something truthy (returned); fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{message}: not met within {timeout}s")
        time.sleep(interval)


@dataclass(frozen=True)
class Event:
    name: str
    data: dict


class EventStream:
    """The live-reload event stream, read in a background thread."""

    def __init__(self, port: int):
        self._connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self._connection.request("GET", EVENTS_PATH)
        self.response = self._connection.getresponse()
        self.received: list[Event] = []
        self._queue: queue.Queue[Event] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def next(self, name: str | None = None, timeout: float = CHANGE_TIMEOUT, where: Callable[[dict], bool] = lambda data: True) -> Event:
        """The next event (named ``name``, matching ``where``), skipping others."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                event = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {name or 'event'} event within {timeout}s; received {self.received}") from None
            if (name is None or event.name == name) and where(event.data):
                return event

    def close(self) -> None:
        self._connection.close()

    def _read(self) -> None:
        name, data = "message", ""
        try:
            for raw in self.response:
                line = raw.decode("utf-8").rstrip("\r\n")
                if line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data += line[5:].strip()
                elif not line and data:
                    event = Event(name, json.loads(data))
                    self.received.append(event)
                    self._queue.put(event)
                    name, data = "message", ""
        except (OSError, ValueError, http.client.HTTPException):
            pass  # closed
