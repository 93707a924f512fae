"""The translation backend: deep-translator providers behind one safe call.

This module, with :mod:`.http_shim` that carries its requests, is the only
code of newsgen that sends anything over the network.
:meth:`Backend.translate` adds what deep-translator leaves out:

* **A timeout on every request**, set by :mod:`.http_shim`, which also sees
  the HTTP status that deep-translator otherwise blurs or drops.
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

import json
import random
import re
import time
from collections.abc import Callable, Mapping

import requests

from ..config.translation import TranslationConfig
from ..core.errors import NewsgenError
from .http_shim import (
    Call,
    HttpStatusError,
    deepl_header_auth,
    install_shim,
    this_thread,
)
from .providers import provider_class, provider_language, read_api_key
from .segments import SegmentError, split_for_limit

#: Characters per request: deep-translator refuses Google texts of 5000 and MyMemory texts of 500
#: characters or more; LibreTranslate servers commonly cap requests at 5000; DeepL allows 128 KiB
#: per request and Microsoft 50,000 characters.
PROVIDER_LIMITS = {"google": 4999, "mymemory": 499, "libre": 5000, "deepl": 30_000, "microsoft": 10_000}
#: Texts at least this long that come back unchanged between two languages were not translated.
IDENTICAL_MIN_CHARS = 40
FIRST_BACKOFF = 1.0
MAX_BACKOFF = 30.0
_TRANSIENT_HTTP = frozenset({408, 425, 429, 500, 502, 503, 504})
# Answers that providers send as "translatedText" instead of a translation.
_WARNING = re.compile(r"^\s*(MYMEMORY WARNING|QUERY LENGTH LIMIT EXCEEDED|PLEASE SELECT TWO DISTINCT LANGUAGES|INVALID LANGUAGE PAIR|TOO MANY REQUESTS)", re.IGNORECASE)

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
        install_shim()
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
        this_thread.call = Call(self._session, self.settings.timeout, self._count_request, rewrite)
        try:
            return self._translator(source, target).translate(text)
        except Exception as exc:  # noqa: BLE001 - third-party code: every failure becomes a TranslationError
            raise self._classify(exc) from None
        finally:
            this_thread.call = None

    def _count_request(self) -> None:
        self.requests += 1

    def _translator(self, source: str, target: str):
        """deep-translator objects are made lazily: Microsoft's asks the network for its languages."""
        if (source, target) not in self._translators:
            self._translators[(source, target)] = self._make(source, target)
        return self._translators[(source, target)]

    def _make(self, source: str, target: str):
        cls = provider_class(self.name)
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
        if isinstance(exc, HttpStatusError):
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

    def _http_error(self, exc: HttpStatusError) -> TranslationError:
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
