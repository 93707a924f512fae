"""A 127.0.0.1 test server in a thread, for the browser tests.

Its own module, not conftest.py: with several conftest.py files in the tree, a
plain ``from conftest import ...`` gets whichever was imported first (run
``pytest tests/unit tests/browser`` and it is tests/unit/ingest/conftest.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer


@contextmanager
def serving(server: ThreadingHTTPServer) -> Iterator[None]:
    """Run a 127.0.0.1 test server in a thread for the duration of the block."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
