"""The backend against a stub LibreTranslate: timeouts, retries, one error type, answers checked."""

import time

import pytest
from stub_translate import loopback_only, stub_translate  # noqa: F401 - fixtures

from generator.config.translation import TranslationConfig
from generator.translate.backend import Backend, TranslationError
from generator.translate.segments import check_tokens

pytestmark = pytest.mark.usefixtures("loopback_only")

LONG = "This sentence is long enough that returning it unchanged cannot be a translation."


@pytest.fixture
def backend(stub_translate):  # noqa: F811
    def make(retries=2, key="test-key", **options):
        settings = TranslationConfig(provider="libre", url=stub_translate.url, api_key_env="NEWSGEN_TEST_KEY", timeout=0.3, retries=retries)
        made = Backend(settings, key, sleep=sleeps.append, jitter=False, **options)
        made.sleeps = sleeps
        return made

    sleeps: list[float] = []
    return make


def test_every_provider_module_sends_through_the_timeout_shim(backend):
    import deep_translator

    from generator.translate.http_shim import _RequestsShim

    backend()
    for module in (deep_translator.google, deep_translator.libre, deep_translator.mymemory, deep_translator.microsoft, deep_translator.deepl):
        assert isinstance(module.requests, _RequestsShim)


def test_translates_through_deep_translator_with_the_key(backend, stub_translate):  # noqa: F811
    assert backend().translate("the street", "en", "de") == "DE: die Straße"
    request = stub_translate.requests[0]
    assert (request.q, request.source, request.target, request.api_key) == ("the street", "en", "de", "test-key")


def test_a_slow_answer_times_out_and_the_retry_succeeds(backend, stub_translate):  # noqa: F811
    stub_translate.then("slow")
    made = backend()
    started = time.perf_counter()
    assert made.translate("the street", "en", "de") == "DE: die Straße"
    assert time.perf_counter() - started < 1.5  # 0.3 s timeout, not the stub's 2 s
    assert stub_translate.count == made.requests == 2
    assert made.sleeps == [1.0]


def test_429_then_success_backs_off_once(backend, stub_translate):  # noqa: F811
    stub_translate.then(429)
    made = backend()
    assert made.translate("the street", "en", "de") == "DE: die Straße"
    assert stub_translate.count == 2 and made.sleeps == [1.0]


def test_a_500_storm_ends_in_one_clear_error_and_stops_sending(backend, stub_translate):  # noqa: F811
    stub_translate.then(500, 500, 500, 500)
    made = backend(retries=2)
    with pytest.raises(TranslationError) as error:
        made.translate("the street", "en", "de")
    assert (error.value.provider, error.value.status) == ("libre", 500)
    assert "gave up after 3 attempts" in str(error.value)
    assert made.sleeps == [1.0, 2.0] and stub_translate.count == 3
    with pytest.raises(TranslationError) as later:
        made.translate("the road", "en", "de")
    assert later.value.status == "unavailable" and stub_translate.count == 3


@pytest.mark.parametrize("action, status", [("drop", "connection"), ("slow", "timeout")])
def test_lost_connections_and_timeouts_are_retried_then_reported(backend, stub_translate, action, status):  # noqa: F811
    stub_translate.then(action, action)
    made = backend(retries=1)
    with pytest.raises(TranslationError) as error:
        made.translate("the street", "en", "de")
    assert error.value.status == status and stub_translate.count == 2


def test_a_dropped_connection_then_success_is_retried(backend, stub_translate):  # noqa: F811
    stub_translate.then("drop")
    assert backend().translate("the street", "en", "de") == "DE: die Straße"
    assert stub_translate.count == 2


@pytest.mark.parametrize("action, status", [("not-json", "bad-response"), ("empty", "bad-response"), ("quota", "quota"), ("echo", "untranslated")])
def test_answers_that_are_not_translations_are_rejected_without_retry(backend, stub_translate, action, status):  # noqa: F811
    stub_translate.then(action)
    with pytest.raises(TranslationError) as error:
        backend().translate(LONG, "en", "de")
    assert error.value.status == status and stub_translate.count == 1


def test_a_short_text_may_come_back_unchanged(backend, stub_translate):  # noqa: F811
    stub_translate.then("echo")
    assert backend().translate("UBS", "en", "de") == "UBS"


def test_a_refused_key_is_not_retried_and_names_the_variable(backend, stub_translate):  # noqa: F811
    stub_translate.then(403)
    with pytest.raises(TranslationError) as error:
        backend().translate("the street", "en", "de")
    assert error.value.status == 403 and "NEWSGEN_TEST_KEY" in str(error.value) and stub_translate.count == 1


def test_the_key_never_appears_in_an_error_message():
    settings = TranslationConfig(provider="libre", url="http://127.0.0.1:9/", timeout=0.3, retries=0)
    with pytest.raises(TranslationError) as error:
        Backend(settings, "sekret-key-123", sleep=lambda s: None).translate("the street", "en", "de")
    assert error.value.status == "connection"
    assert "sekret" not in str(error.value)


def test_long_texts_are_split_into_several_requests_and_rejoined(backend, stub_translate):  # noqa: F811
    text = "The first sentence is here. The second sentence is here. The third one too."
    assert backend(limit=40).translate(text, "en", "de") == "DE: Die first sentence ist here. DE: Die second sentence ist here. DE: Die third one too."
    assert stub_translate.count == 3 and all(len(q) <= 40 for q in stub_translate.texts())


def test_a_lost_placeholder_is_rejected_by_the_check(backend, stub_translate):  # noqa: F811
    stub_translate.then(lambda q, s, t: q.replace("⟦1⟧", "Farah Dachlallah"))
    with pytest.raises(TranslationError) as error:
        backend().translate("Spokeswoman ⟦1⟧ said on Friday that the talks went well.", "en", "de", check_tokens)
    assert error.value.status == "markup" and "lost ⟦1⟧" in str(error.value)


class FakeSession:
    """Stands in for the backend's requests.Session: records calls, answers with canned JSON, no network."""

    def __init__(self, *payloads, status=200):
        self.payloads, self.status, self.calls = list(payloads), status, []

    def request(self, method, url, **kwargs):
        import json

        import requests

        self.calls.append((method, url, kwargs))
        response = requests.Response()
        response.status_code = self.status
        response._content = json.dumps(self.payloads.pop(0) if len(self.payloads) > 1 else self.payloads[0]).encode("utf-8")
        response.headers["Content-Type"] = "application/json"
        return response

    def close(self):
        pass


def with_session(made, session):
    made._session = session
    return made


def test_deepl_gets_its_key_in_a_header_and_the_text_in_a_post_body():
    session = FakeSession({"translations": [{"text": "Die Strasse"}]})
    made = with_session(Backend(TranslationConfig(provider="deepl", timeout=0.3), "abc:fx", sleep=lambda s: None), session)
    assert made.translate("the street", "en", "de") == "Die Strasse"
    method, url, kwargs = session.calls[0]
    assert (method, url) == ("POST", "https://api-free.deepl.com/v2/translate")
    assert kwargs["headers"]["Authorization"] == "DeepL-Auth-Key abc:fx"
    assert "auth_key" not in kwargs["data"] and not kwargs.get("params") and kwargs["timeout"] == 0.3
    assert kwargs["data"]["text"] == "the street"


def test_a_mymemory_quota_warning_is_an_error_not_a_translation():
    from stub_translate import QUOTA_TEXT

    session = FakeSession({"responseData": {"translatedText": QUOTA_TEXT}, "matches": []})
    made = with_session(Backend(TranslationConfig(provider="mymemory"), sleep=lambda s: None), session)
    with pytest.raises(TranslationError) as error:
        made.translate("the street", made.language("en"), made.language("de"))
    assert (error.value.provider, error.value.status, error.value.fatal) == ("mymemory", "quota", True)
    assert session.calls[0][2]["params"]["langpair"] == "en-GB|de-DE"


def test_google_answers_are_read_from_its_page_and_texts_kept_under_5000_characters():
    class GooglePage(FakeSession):
        def request(self, method, url, **kwargs):
            import requests

            self.calls.append((method, url, kwargs))
            response = requests.Response()
            response.status_code = 200
            response._content = f'<div class="result-container">{len(kwargs["params"]["q"])} chars</div>'.encode()
            return response

    session = GooglePage(None)
    made = with_session(Backend(TranslationConfig(provider="google"), sleep=lambda s: None), session)
    text = "A sentence that is quite long. " * 300  # 9300 characters
    made.translate(text.strip(), "en", "de")
    assert len(session.calls) == 2 and all(len(call[2]["params"]["q"]) < 5000 for call in session.calls)


def test_microsoft_asks_for_its_languages_and_sends_the_region_within_the_timeout():
    languages = {"translation": {"de": {"name": "German"}, "en": {"name": "English"}}}
    session = FakeSession(languages, [{"translations": [{"text": "die Strasse", "to": "de"}]}])
    settings = TranslationConfig(provider="microsoft", region="switzerlandnorth", timeout=0.3)
    made = with_session(Backend(settings, "ms-key", sleep=lambda s: None), session)
    assert made.translate("the street", "en", "de") == "die Strasse"
    assert [call[0] for call in session.calls] == ["GET", "POST"] and all(call[2]["timeout"] == 0.3 for call in session.calls)
    assert session.calls[1][2]["headers"]["Ocp-Apim-Subscription-Region"] == "switzerlandnorth"
