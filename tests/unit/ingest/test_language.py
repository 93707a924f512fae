import time

from generator.ingest.language import detect_language


def test_each_wire_language_is_recognised():
    assert detect_language("The council said on Monday that it would not change the rules for the time being.") == "en"
    assert detect_language("Der Bundesrat hat am Montag entschieden, dass die Regeln nicht geändert werden.") == "de"
    assert detect_language("Le Conseil fédéral a décidé lundi que les règles ne seront pas modifiées pour le moment.") == "fr"
    assert detect_language("Il Consiglio federale ha deciso lunedì che le regole non sono state modificate per il momento.") == "it"


def test_too_little_evidence_falls_back_to_default():
    assert detect_language("Keller-Sutter", default="de") == "de"


def test_one_very_long_word_is_read_in_linear_time():
    # The letter patterns were tried at every position inside a word: 80,000 letters took two minutes.
    started = time.perf_counter()
    assert detect_language("a" * 200_000 + " é" + " ü" * 3, default="de") == "de"
    assert time.perf_counter() - started < 5
