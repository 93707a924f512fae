"""The translation backend: deep-translator providers behind one safe call.

This is the only module of newsgen that sends anything over the network.
:meth:`Backend.translate` adds what deep-translator leaves out:

* **A timeout on every request.** deep-translator calls ``requests.get`` /
  ``requests.post`` without one, so a provider that stops answering hangs the
  run for ever. Running the call in a thread with a deadline would only stop
  *waiting*: the request would go on (and may still be billed) and the thread
  cannot be killed. ``socket.setdefaulttimeout`` does not help either, since
  requests passes an explicit "no timeout" to every socket. So the provider
  modules' ``requests`` name is bound, once, to :class:`_RequestsShim`, which
  sends the call through this backend's ``requests.Session`` with
  ``timeout=`` set (for connecting and for each read of the answer). The same
  shim sees the HTTP status, which deep-translator otherwise reduces to a
  message (LibreTranslate, DeepL) or drops (Google, MyMemory). Outside a
  backend call the shim behaves like requests with a 30 s timeout.
* **Retries** of transient failures (timeouts, lost connections, HTTP 429 and
  5xx) with exponential backoff (jitter can be turned off, ``sleep`` injected),
  honouring ``Retry-After``. When retries run out, or the key is refused, or
  the quota is used up, the backend stops sending for the rest of the run:
  later calls fail at once instead of hammering a provider that is down.
* **One exception type**, :class:`TranslationError` (provider, status, message);
  API keys are scrubbed from every message.
* **Long texts** are cut at sentence boundaries to fit the provider's limit
  (Google 5000 characters, MyMemory 500) and the pieces rejoined.
* **Answers that are not translations are rejected**: empty text, a provider
  warning in place of a translation ("MYMEMORY WARNING: YOU USED ALL
  AVAILABLE FREE TRANSLATIONS ..."), a long text returned unchanged between
  different languages, and (through the ``check`` callback from
  :mod:`.segments`) lost placeholders or changed Markdown.
"""

from __future__ import annotations

import importlib
import json
import random
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import requests

from ..config.settings import KEY_REQUIRED, TranslationConfig
from ..core.errors import ConfigError, NewsgenError
from .segments import SegmentError, split_for_limit

#: Characters per request: deep-translator refuses Google texts of 5000 and MyMemory texts of 500
#: characters or more; LibreTranslate servers commonly cap requests at 5000; DeepL allows 128 KiB
#: per request and Microsoft 50,000 characters.
PROVIDER_LIMITS = {"google": 4999, "mymemory": 499, "libre": 5000, "deepl": 30_000, "microsoft": 10_000}
#: Texts at least this long that come back unchanged between two languages were not translated.
IDENTICAL_MIN_CHARS = 40
FIRST_BACKOFF = 1.0
MAX_BACKOFF = 30.0
_FALLBACK_TIMEOUT = 30.0
_TRANSIENT_HTTP = frozenset({408, 425, 429, 500, 502, 503, 504})
# Answers that providers send as "translatedText" instead of a translation.
_WARNING = re.compile(r"^\s*(MYMEMORY WARNING|QUERY LENGTH LIMIT EXCEEDED|PLEASE SELECT TWO DISTINCT LANGUAGES|INVALID LANGUAGE PAIR|TOO MANY REQUESTS)", re.IGNORECASE)
_PROVIDER_MODULES = ("google", "libre", "mymemory", "microsoft", "deepl")

# Where no sleep is injected; module-level so that tests of the CLI can make backoff instant.
_sleep = time.sleep


class TranslationError(NewsgenError):
    """A provider could not give a usable translation.

    ``status`` is the HTTP status where there was one (429, 500, 403, ...),
    else one of "timeout", "connection", "bad-response", "quota",
    "untranslated", "markup", "names", "too-long", "language", "key",
    "unavailable".
    """

    def __init__(
        self,
        provider: str,
        status: int | str,
        message: str,
        file: str | None = None,
        *,
        transient: bool = False,
        fatal: bool = False,
        retry_after: float | None = None,
    ):
        self.provider = provider
        self.status = status
        self.detail = message
        #: Worth retrying (timeout, lost connection, 429, 5xx).
        self.transient = transient
        #: Sending more this run is pointless (retries exhausted, key refused, quota used up).
        self.fatal = fatal
        #: Seconds the provider asked us to wait (HTTP Retry-After).
        self.retry_after = retry_after
        where = f"HTTP {status}" if isinstance(status, int) else status
        super().__init__(f"{provider} ({where}): {message}", file)

    def at(self, file: str | None) -> TranslationError:
        """The same error, naming the file it is about."""
        return TranslationError(self.provider, self.status, self.detail, file, transient=self.transient, fatal=self.fatal)


# ---------------------------------------------------------------- HTTP with a timeout


class _HttpStatusError(Exception):
    """A non-2xx answer, raised by the shim before deep-translator can blur it."""

    def __init__(self, status: int, body: str, retry_after: float | None):
        super().__init__(status)
        self.status = status
        self.body = body
        self.retry_after = retry_after


@dataclass
class _Call:
    """The HTTP settings of the backend call running on this thread."""

    session: requests.Session
    timeout: float
    on_request: Callable[[], None]
    #: Adjusts (method, url, kwargs) before sending, for providers deep-translator calls the old way.
    rewrite: Callable[[str, str, dict], tuple[str, str, dict]] | None = None


_current = threading.local()


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
        call: _Call | None = getattr(_current, "call", None)
        if call is None:
            kwargs.setdefault("timeout", _FALLBACK_TIMEOUT)
            return self._real.request(method, url, **kwargs)
        kwargs["timeout"] = call.timeout
        if call.rewrite:
            method, url, kwargs = call.rewrite(method, url, kwargs)
        call.on_request()
        response = call.session.request(method, url, **kwargs)
        if not 200 <= response.status_code < 300:
            raise _HttpStatusError(response.status_code, response.text[:300], _retry_after(response))
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


def _install_shim() -> None:
    with _install_lock:
        for name in _PROVIDER_MODULES:
            module = importlib.import_module(f"deep_translator.{name}")
            current = getattr(module, "requests", None)
            if current is requests:
                module.requests = _RequestsShim(requests)
            elif not isinstance(current, _RequestsShim):
                # A deep-translator that reaches HTTP another way would run without timeouts: refuse.
                raise RuntimeError(f"deep_translator.{name} no longer calls requests through its module; newsgen cannot set timeouts for it")


# ---------------------------------------------------------------- providers


def _provider_class(name: str):
    import deep_translator

    return {
        "google": deep_translator.GoogleTranslator,
        "libre": deep_translator.LibreTranslator,
        "mymemory": deep_translator.MyMemoryTranslator,
        "microsoft": deep_translator.MicrosoftTranslator,
        "deepl": deep_translator.DeeplTranslator,
    }[name]


def _provider_languages(name: str) -> set[str] | None:
    """Codes deep-translator accepts for a provider; None where it asks the provider (Microsoft)."""
    from deep_translator import constants

    table = {
        "google": constants.GOOGLE_LANGUAGES_TO_CODES,
        "libre": constants.LIBRE_LANGUAGES_TO_CODES,
        "mymemory": constants.MY_MEMORY_LANGUAGES_TO_CODES,
        "deepl": constants.DEEPL_LANGUAGE_TO_CODE,
    }.get(name)
    return None if table is None else set(table.values())


def provider_language(provider: str, code: str) -> str:
    """The code to send for a site language ("de-ch" -> "de" for Google, "de-CH" for MyMemory)."""
    known = _provider_languages(provider)
    base = code.split("-")[0].lower()
    if known is None:
        return base
    by_lower = {value.lower(): value for value in known}
    region = code.split("-")[1].upper() if "-" in code else None
    for candidate in (code.lower(), f"{base}-{region}".lower() if region else None, base, f"{base}-{base}", "en-gb" if base == "en" else None):
        if candidate and candidate in by_lower:
            return by_lower[candidate]
    regional = sorted(value for value in known if value.lower().startswith(base + "-"))
    if regional:
        return regional[0]
    raise ConfigError([f"provider {provider!r} cannot translate language {code!r}"])


def read_api_key(settings: TranslationConfig, environ: Mapping[str, str]) -> str | None:
    """The API key from the environment; ConfigError naming the variable when it is needed but unset."""
    env = settings.key_env
    if env is None:
        return None
    key = environ.get(env, "").strip()
    if key:
        return key
    if settings.provider in KEY_REQUIRED or settings.api_key_env:
        raise ConfigError([f"translation: provider {settings.provider!r} needs an API key in the environment variable {env}, which is not set (export {env}=...; keys are never read from files)"])
    return None


# ---------------------------------------------------------------- the backend


class Backend:
    """Translates texts with one provider: timeouts, retries, splitting, answer checks."""

    def __init__(
        self,
        settings: TranslationConfig,
        api_key: str | None = None,
        *,
        sleep: Callable[[float], None] | None = None,
        jitter: bool = True,
        identical_min_chars: int = IDENTICAL_MIN_CHARS,
        limit: int | None = None,
    ):
        _install_shim()
        self.name = settings.provider
        self.settings = settings
        self._key = api_key
        self._sleep = sleep or _sleep
        self._jitter = jitter
        self._identical_min_chars = identical_min_chars
        self._limit = limit or PROVIDER_LIMITS[self.name]
        self._session = requests.Session()
        self._translators: dict[tuple[str, str], object] = {}
        self._broken: TranslationError | None = None
        #: HTTP requests sent (retries included).
        self.requests = 0

    def language(self, code: str) -> str:
        """The provider's code for a site language; ConfigError if it has none."""
        return provider_language(self.name, code)

    def translate(self, text: str, source: str, target: str, check: Callable[[str, str], str] | None = None) -> str:
        """Translate ``text`` between provider language codes; raise TranslationError when that fails.

        ``check(sent, received)`` may repair the answer or raise SegmentError to reject it.
        """
        if self._broken is not None:
            raise TranslationError(self.name, "unavailable", f"not sent, the provider failed earlier in this run: {self._broken.detail}")
        pieces = [self._translate_piece(piece, source, target) for piece in split_for_limit(text, self._limit)]
        result = " ".join(pieces)
        self._reject_untranslated(text, result, source, target)
        if check is None:
            return result
        try:
            return check(text, result)
        except SegmentError as exc:
            raise TranslationError(self.name, "markup", f"{exc}; answer rejected") from None

    def close(self) -> None:
        self._session.close()

    # -- one request, retried

    def _translate_piece(self, text: str, source: str, target: str) -> str:
        attempt = 0
        while True:
            try:
                return self._checked(self._send(text, source, target))
            except TranslationError as error:
                if not error.transient or attempt >= self.settings.retries:
                    raise self._give_up(error, attempt) from None
                self._sleep(self._backoff(attempt, error))
                attempt += 1

    def _send(self, text: str, source: str, target: str) -> str:
        rewrite = deepl_header_auth if self.name == "deepl" else None
        _current.call = _Call(self._session, self.settings.timeout, self._count_request, rewrite)
        try:
            return self._translator(source, target).translate(text)
        except Exception as exc:  # noqa: BLE001 - third-party code: every failure becomes a TranslationError
            raise self._classify(exc) from None
        finally:
            _current.call = None

    def _count_request(self) -> None:
        self.requests += 1

    def _translator(self, source: str, target: str):
        """deep-translator objects are made lazily: Microsoft's asks the network for its languages."""
        if (source, target) not in self._translators:
            self._translators[(source, target)] = self._make(source, target)
        return self._translators[(source, target)]

    def _make(self, source: str, target: str):
        cls = _provider_class(self.name)
        if self.name == "libre":
            url = self.settings.url if self.settings.url.endswith("/") else self.settings.url + "/"
            # deep-translator insists on a key; a server that needs none gets none.
            translator = cls(source=source, target=target, api_key=self._key or "-", custom_url=url)
            translator.api_key = self._key
            return translator
        if self.name == "deepl":
            # Free-plan keys end in ":fx" and only work on the free API host.
            return cls(source=source, target=target, api_key=self._key, use_free_api=self._key.endswith(":fx"))
        if self.name == "microsoft":
            return cls(source=source, target=target, api_key=self._key, region=self.settings.region)
        return cls(source=source, target=target)

    def _checked(self, answer) -> str:
        if not isinstance(answer, str) or not answer.strip():
            raise TranslationError(self.name, "bad-response", "empty translation")
        if _WARNING.match(answer):
            raise TranslationError(self.name, "quota", f"the provider sent a warning instead of a translation: {self._scrub(answer[:200])!r}", fatal=True)
        return answer.strip()

    def _reject_untranslated(self, text: str, result: str, source: str, target: str) -> None:
        letters = sum(ch.isalpha() for ch in text)
        if source != target and letters >= self._identical_min_chars and " ".join(result.split()) == " ".join(text.split()):
            raise TranslationError(self.name, "untranslated", f"the provider returned the text unchanged ({len(text)} characters)")

    def _classify(self, exc: Exception) -> TranslationError:
        """Every way a provider call fails, as one exception type."""
        from deep_translator import exceptions as dt

        name = self.name
        if isinstance(exc, TranslationError):
            return exc
        if isinstance(exc, _HttpStatusError):
            return self._http_error(exc)
        if isinstance(exc, requests.Timeout):
            return TranslationError(name, "timeout", f"no answer within {self.settings.timeout:g} s", transient=True)
        if isinstance(exc, (requests.ConnectionError, requests.exceptions.ChunkedEncodingError)):
            return TranslationError(name, "connection", f"connection failed: {self._scrub(_first_line(exc))}", transient=True)
        if isinstance(exc, (dt.ApiKeyException, dt.AuthorizationException)):
            return TranslationError(name, "key", "the provider refused the API key", fatal=True)
        if isinstance(exc, (dt.LanguageNotSupportedException, dt.InvalidSourceOrTargetLanguage)):
            return TranslationError(name, "language", self._scrub(str(exc)), fatal=True)
        if isinstance(exc, dt.NotValidLength):
            return TranslationError(name, "too-long", "the text is longer than the provider accepts")
        if isinstance(exc, dt.TooManyRequests):
            return TranslationError(name, 429, "too many requests", transient=True)
        return TranslationError(name, "bad-response", f"unusable answer ({type(exc).__name__}: {self._scrub(_first_line(exc))})")

    def _http_error(self, exc: _HttpStatusError) -> TranslationError:
        status, body = exc.status, self._scrub(_error_text(exc.body))
        if status in (401, 403):
            env = self.settings.key_env
            hint = f" (check the key in {env})" if env else ""
            return TranslationError(self.name, status, f"the provider refused the request{hint}: {body}", fatal=True)
        if status == 456:  # DeepL: quota exceeded
            return TranslationError(self.name, status, f"quota used up: {body}", fatal=True)
        transient = status in _TRANSIENT_HTTP or status >= 500
        return TranslationError(self.name, status, body or "no details", transient=transient, retry_after=exc.retry_after)

    def _give_up(self, error: TranslationError, attempt: int) -> TranslationError:
        if error.transient:
            tries = f"{attempt + 1} attempt{'s' if attempt else ''}"
            error = TranslationError(self.name, error.status, f"{error.detail} (gave up after {tries})", fatal=True)
        if error.fatal:
            self._broken = error
        return error

    def _backoff(self, attempt: int, error: TranslationError) -> float:
        delay = min(MAX_BACKOFF, FIRST_BACKOFF * 2**attempt)
        if self._jitter:
            delay *= random.uniform(0.5, 1.0)
        return min(MAX_BACKOFF, max(delay, error.retry_after)) if error.retry_after else delay

    def _scrub(self, text: str) -> str:
        """Error messages may quote URLs, and deep-translator puts keys into URLs."""
        return text.replace(self._key, "***") if self._key else text


def _error_text(body: str) -> str:
    """The provider's own error message: the "error" field of a JSON answer, else the start of the body."""
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    message = data.get("error") if isinstance(data, dict) else None
    return " ".join(str(message if message else body).split())[:160]


def _first_line(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:200]


def make_backend(settings: TranslationConfig, environ: Mapping[str, str], **options) -> Backend:
    """A backend for the configured provider, with its key read from the environment."""
    return Backend(settings, read_api_key(settings, environ), **options)
