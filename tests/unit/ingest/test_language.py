from generator.ingest.language import detect_language


def test_each_wire_language_is_recognised():
    assert detect_language("The council said on Monday that it would not change the rules for the time being.") == "en"
    assert detect_language("Der Bundesrat hat am Montag entschieden, dass die Regeln nicht geändert werden.") == "de"
    assert detect_language("Le Conseil fédéral a décidé lundi que les règles ne seront pas modifiées pour le moment.") == "fr"
    assert detect_language("Il Consiglio federale ha deciso lunedì che le regole non sono state modificate per il momento.") == "it"


def test_too_little_evidence_falls_back_to_default():
    assert detect_language("Keller-Sutter", default="de") == "de"
