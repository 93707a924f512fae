"""Person extraction finds the people a story is about, with their roles, and nothing else."""

import time

from generator.content.people_registry import PeopleRegistry, Person
from generator.ingest.persons import PersonMention, extract_persons

NOBODY = PeopleRegistry()


def names(title: str, paragraphs: list[str], lang: str = "en", registry: PeopleRegistry = NOBODY, exclude=()) -> list[str]:
    return [m.name for m in extract_persons(title, paragraphs, lang, registry, exclude)]


def roles(paragraphs: list[str], lang: str = "en", registry: PeopleRegistry = NOBODY) -> dict[str, str | None]:
    return {m.name: m.role for m in extract_persons("", paragraphs, lang, registry)}


def test_alliance_story_yields_its_four_people_with_roles():
    title = "Nato Secretary General meets with Trump in Florida"
    paragraphs = [
        'Nato Secretary General Mark Rutte has met US President-elect Donald Trump in Florida. "They talked about '
        'security across the alliance," Nato spokeswoman Farah Dakhlallah told the German Press Agency in Brussels.',
        "On the campaign trail, Trump said he could stop the Russian war within a day. Germany expects to spend "
        "2.1 percent of its output on defence this year.",
        "Most NATO members had hoped the Democratic candidate Kamala Harris would win.",
        "Rutte nevertheless stayed calm after Trump's victory.",
    ]
    found = extract_persons(title, paragraphs, "en", NOBODY, exclude=["Alex Brandon"])
    assert [m.name for m in found] == ["Mark Rutte", "Donald Trump", "Farah Dakhlallah", "Kamala Harris"]
    assert found[:3] == [
        PersonMention("Mark Rutte", "Nato Secretary General"),
        PersonMention("Donald Trump", "US President-elect"),
        PersonMention("Farah Dakhlallah", "Nato spokeswoman"),
    ]


def test_role_before_name_is_stripped_and_kept_as_hint():
    found = roles(["Foreign Minister Ignazio Cassis and former president George W. Bush spoke to spokeswoman Farah Dakhlallah."])
    assert found == {"Ignazio Cassis": "Foreign Minister", "George W. Bush": "former president", "Farah Dakhlallah": "spokeswoman"}


def test_title_words_never_start_a_person():
    found = names("", ["Nato Secretary General Mark Rutte spoke. General Motors and Secretary of State Antony Blinken listened."])
    assert found == ["Mark Rutte", "Antony Blinken"]


def test_role_can_span_connectors():
    found = roles(["US Secretary of State Antony Blinken met Secretary of the Treasury Janet Yellen."])
    assert found == {"Antony Blinken": "US Secretary of State", "Janet Yellen": "Secretary of the Treasury"}


def test_abbreviated_titles_are_roles():
    assert roles(["Florida Sen. Marco Rubio was praised by Rep. Nancy Pelosi."]) == {"Marco Rubio": "Florida Sen.", "Nancy Pelosi": "Rep."}


def test_german_compound_titles_are_roles():
    found = roles(
        ["Bundesrätin Karin Keller-Sutter traf SP-Bundesrätin Elisabeth Baume-Schneider und Nato-Generalsekretär Mark Rutte."],
        "de",
    )
    assert found == {"Karin Keller-Sutter": "Bundesrätin", "Elisabeth Baume-Schneider": "SP-Bundesrätin", "Mark Rutte": "Nato-Generalsekretär"}


def test_french_and_italian_roles_keep_their_adjectives():
    assert roles(["Le président français Emmanuel Macron a reçu le conseiller fédéral Ignazio Cassis."], "fr") == {
        "Emmanuel Macron": "président français",
        "Ignazio Cassis": "conseiller fédéral",
    }
    assert roles(["Il Capo dello Stato Sergio Mattarella ha visto il ministro degli Esteri Antonio Tajani."], "it") == {
        "Sergio Mattarella": "Capo dello Stato",
        "Antonio Tajani": "ministro degli Esteri",
    }


def test_apposition_gives_a_role():
    found = roles(["The roof was ablaze, said Anna Meier, a spokeswoman for the St. Gallen police. Nobody was hurt."])
    assert found == {"Anna Meier": "spokeswoman for the St. Gallen police"}


def test_list_of_people_is_not_an_apposition():
    found = roles(["Guests included Lea Frei, President Joe Biden and Tom Weber."])
    assert found == {"Lea Frei": None, "Joe Biden": "President", "Tom Weber": None}


def test_photographer_in_credit_is_not_a_person():
    paragraphs = ["Mark Rutte arrives in The Hague. Photo: Remko de Waal/ANP", "Rutte was greeted by Petra Vogel."]
    assert names("", paragraphs, exclude=["Remko de Waal"]) == ["Mark Rutte", "Petra Vogel"]
    assert names("", ["Alex Brandon/AP took the picture of Mark Rutte."]) == ["Mark Rutte"]
    assert names("", ["The team of Alex Brandon sent pictures.", "Brandon said nothing."], exclude=["Alex Brandon/AP/dpa"]) == []


def test_byline_and_editing_credits_are_not_persons():
    paragraphs = ["By Mary Clarke", "Jeanne Shaheen backed the pick.", "(Reporting by Tom Field; Editing by Dora Kaelin)"]
    assert names("", paragraphs) == ["Jeanne Shaheen"]
    assert names("", ["Mary Clarke met Jeanne Shaheen."], exclude=["Mary Clarke"]) == ["Jeanne Shaheen"]


def test_surname_mention_resolves_to_full_name():
    found = extract_persons(
        "Keller-Sutter meets Blinken",
        ["Federal Councillor Karin Keller-Sutter met Antony Blinken.", "Blinken's team thanked Keller-Sutter."],
        "en",
        NOBODY,
    )
    assert [m.name for m in found] == ["Karin Keller-Sutter", "Antony Blinken"]


def test_surname_before_the_full_name_still_resolves():
    assert names("", ["Trump won the vote.", "Donald Trump thanked his voters."]) == ["Donald Trump"]


def test_lone_surname_never_named_in_full_is_not_a_person():
    assert names("", ["Trump's victory worried Harris.", "Lea Frei said so."]) == ["Lea Frei"]


def test_german_genitive_resolves_surname():
    assert names("", ["Martin Schlegel senkt den Zins.", "Schlegels erste Lagebeurteilung war klar."], "de") == ["Martin Schlegel"]


def test_people_sharing_a_surname_stay_apart():
    found = names("", ["Donald Trump and Melania Trump arrived.", "Melania Trump waved; Trump spoke."])
    assert found == ["Donald Trump", "Melania Trump"]


def test_registry_alias_resolves_to_canonical_name():
    registry = PeopleRegistry((Person("Volodymyr Zelensky", "volodymyr-zelensky", ("Selenskyj", "Wolodymyr Selenskyj")),))
    found = extract_persons("", ["Der ukrainische Präsident Wolodymyr Selenskyj dankte.", "Selenskyj reiste ab."], "de", registry)
    assert found == [PersonMention("Volodymyr Zelensky", "Präsident")]


def test_registry_knows_people_whose_first_name_the_dictionary_lacks():
    registry = PeopleRegistry((Person("Narendra Modi", "narendra-modi", ("Modi",)), Person("Donald Trump", "donald-trump", ("Trump",))))
    assert names("", ["Prime Minister Narendra Modi arrived."], registry=registry) == ["Narendra Modi"]
    assert names("", ["Vor Trumps Amtsantritt reiste Blinken ab."], "de", registry) == ["Donald Trump"]


def test_blocked_name_is_never_a_person():
    registry = PeopleRegistry(blocked=frozenset({"Morgan Stanley", "Keystone"}))
    assert names("", ["Morgan Stanley cut its forecast, said Lea Frei."], registry=registry) == ["Lea Frei"]


def test_german_nouns_after_first_name_are_not_persons():
    paragraphs = [
        "Die Nationalbank meldet 100 Millionen Mark Schaden. Im Jahr 2023 stieg der Preis.",
        "Am Montag sagte Anna Meier, die Art Ausstellung sei eröffnet. Frank Umsetzung fehlt.",
    ]
    assert names("", paragraphs, "de") == ["Anna Meier"]


def test_sentence_openers_months_and_places_are_not_persons():
    paragraphs = [
        "May Day was quiet. Will Power? Said officials: no. However, Florida voted.",
        "In St. Moritz, San Salvador and Santa Monica it rained in June. Jordan beat Georgia in Amman.",
        "The Georgian Dream party and the Christian Democratic Union lost votes.",
    ]
    assert names("", paragraphs) == []


def test_organisations_named_after_people_are_not_persons():
    paragraphs = ["The Max Planck Institute and the John F. Kennedy Airport were closed; the Paul Klee Zentrum stayed open."]
    assert names("", paragraphs) == []


def test_hyphenated_names_particles_and_initials_are_kept_whole():
    paragraphs = [
        "Jean-Luc Mélenchon, Ursula von der Leyen, Charles de Gaulle, Marine Le Pen and James E. Risch met.",
        "Von der Leyen spoke first. Mohammed bin Salman and Abdel Fattah al-Sisi came later.",
    ]
    assert names("", paragraphs) == [
        "Jean-Luc Mélenchon",
        "Ursula von der Leyen",
        "Charles de Gaulle",
        "Marine Le Pen",
        "James E. Risch",
        "Mohammed bin Salman",
        "Abdel Fattah al-Sisi",
    ]


def test_accented_and_transliterated_first_names_are_recognised():
    assert names("", ["Élisabeth Borne und Wolodymyr Selenskyj trafen sich."], "de") == ["Élisabeth Borne", "Wolodymyr Selenskyj"]


def test_french_elision_before_a_name_is_dropped():
    assert names("", ["L'avis d'Emmanuel Macron compte, selon Élisabeth Borne."], "fr") == ["Emmanuel Macron", "Élisabeth Borne"]


def test_headline_only_repeats_people_named_in_the_body():
    title = "Roger Federer Wins In Basel As Fans Cheer"
    assert names(title, ["Roger Federer won again."]) == ["Roger Federer"]
    assert names("Anna Meier Wins Award", ["The prize went to a local baker."]) == []


def test_people_are_listed_once_in_order_of_first_mention():
    paragraphs = ["Lea Frei met Tom Weber.", "Weber thanked Frei. Lea Frei left; Tom Weber stayed."]
    assert names("Weber and Frei", paragraphs) == ["Lea Frei", "Tom Weber"]


def test_empty_story_has_no_people():
    assert extract_persons("", [], "en", NOBODY) == []


def test_surnames_that_are_common_words_end_a_name():
    found = names("", ["Theresa May said Stephen King's book was fine. Georgia King Charles arrived in May."])
    assert found == ["Theresa May", "Stephen King"]


def test_title_case_headline_words_do_not_join_a_name():
    assert names("Mark Rutte Meets Trump In Florida", ["Donald Trump welcomed the Nato chief.", "Rutte flew home."]) == ["Donald Trump", "Mark Rutte"]


def test_a_long_run_of_capitalised_words_is_read_in_linear_time():
    # Every word of the run started a name that was followed to the end of the run: 43 kB took nine seconds.
    started = time.perf_counter()
    assert "Mark Rutte" in names("Zürich " * 3000, ["Zürich " * 6000 + "and later Mark Rutte said so."])
    assert time.perf_counter() - started < 5
