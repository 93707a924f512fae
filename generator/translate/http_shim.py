"""deep-translator's HTTP, sent through the backend's session with a timeout, its status kept.

deep-translator calls ``requests.get`` / ``requests.post`` without a timeout,
so a provider that stops answering hangs the run for ever. Running the call in
a thread with a deadline would only stop *waiting*: the request would go on
(and may still be billed) and the thread cannot be killed.
``socket.setdefaulttimeout`` does not help either, since requests passes an
explicit "no timeout" to every socket. So the provider modules' ``requests``
name is bound, once, to :class:`_RequestsShim`, which sends the call through
the backend's ``requests.Session`` with ``timeout=`` set (for connecting and
for each read of the answer). The same shim sees the HTTP status, which
deep-translator otherwise reduces to a message (LibreTranslate, DeepL) or
drops (Google, MyMemory). Outside a backend call the shim behaves like
requests with a 30 s timeout.

Separate from the backend: this patches a third-party library's internals and
changes when deep-translator does; retries and answer checks do not.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from dataclasses import dataclass

import requests

_FALLBACK_TIMEOUT = 30.0
_PROVIDER_MODULES = ("google", "libre", "mymemory", "microsoft", "deepl")


class HttpStatusError(Exception):
    """A non-2xx answer, raised by the shim before deep-translator can blur it."""

    def __init__(self, status: int, body: str, retry_after: float | None):
        super().__init__(status)
        self.status = status
        self.body = body
        self.retry_after = retry_after


@dataclass
class Call:
    """The HTTP settings of the backend call running on this thread."""

    session: requests.Session
    timeout: float
    on_request: Callable[[], None]
    #: Adjusts (method, url, kwargs) before sending, for providers deep-translator calls the old way.
    rewrite: Callable[[str, str, dict], tuple[str, str, dict]] | None = None


#: The `Call` a provider request on this thread belongs to (set by the backend around each call).
this_thread = threading.local()


class _RequestsShim:
    """Stands in for the ``requests`` module inside deep-translator's provider modules."""

    def __init__(self, real):
        self._real = real

    def __getattr__(self, name: str):
        return getattr(self._real, name)  # exceptions, codes, ...

    def get(self, url, params=None, **kwargs):
        return self.request("GET", url, params=params, **kwargs)

    def post(self, url, data=None, json=None, **kwargs):
        return self.request("POST", url, data=data, json=json, **kwargs)

    def request(self, method: str, url: str, **kwargs):
        call: Call | None = getattr(this_thread, "call", None)
        if call is None:
            kwargs.setdefault("timeout", _FALLBACK_TIMEOUT)
            return self._real.request(method, url, **kwargs)
        kwargs["timeout"] = call.timeout
        if call.rewrite:
            method, url, kwargs = call.rewrite(method, url, kwargs)
        call.on_request()
        response = call.session.request(method, url, **kwargs)
        if not 200 <= response.status_code < 300:
            raise HttpStatusError(response.status_code, response.text[:300], _retry_after(response))
        return response


def deepl_header_auth(method: str, url: str, kwargs: dict) -> tuple[str, str, dict]:
    """Send DeepL's key in the Authorization header and the text in a POST body.

    deep-translator 1.11 sends ``GET /v2/translate?auth_key=...``; DeepL has
    deprecated both GET on /translate and keys in the query string or body
    (refused from January 2026), and a key in a URL ends up in logs.
    """
    params = dict(kwargs.pop("params", None) or {})
    key = params.pop("auth_key", None)
    if key is None:
        return method, url, {**kwargs, "params": params}
    headers = {**(kwargs.pop("headers", None) or {}), "Authorization": f"DeepL-Auth-Key {key}"}
    return "POST", url, {**kwargs, "data": params, "headers": headers}


def _retry_after(response) -> float | None:
    try:
        return float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None


_install_lock = threading.Lock()


def install_shim() -> None:
    with _install_lock:
        for name in _PROVIDER_MODULES:
            module = importlib.import_module(f"deep_translator.{name}")
            current = getattr(module, "requests", None)
            if current is requests:
                module.requests = _RequestsShim(requests)
            elif not isinstance(current, _RequestsShim):
                # A deep-translator that reaches HTTP another way would run without timeouts: refuse.
                raise RuntimeError(f"deep_translator.{name} no longer calls requests through its module; newsgen cannot set timeouts for it")
