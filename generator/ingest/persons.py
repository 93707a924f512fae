"""Find the people a story is about or quotes, with the role it gives them.

Rules, not a model: a new person is a known first name (the offline dictionary
of the ``gender-guesser`` package) followed by something that looks like a
surname; the editors' registry (``content/people.yaml``) adds people whose
first names the dictionary lacks and aliases such as a bare surname. Titles in
front of a name ("Nato Secretary General Mark Rutte") are split off and kept
as the role. A bare surname counts only once the story has named that person
in full, or when the registry knows it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from babel import Locale

from ..content.vocabulary import PeopleRegistry


@dataclass(frozen=True)
class PersonMention:
    """A person of the story: canonical name and the role the story gives them."""

    name: str
    role: str | None = None


# ---------------------------------------------------------------- word lists
# Lowercase throughout; all four languages are checked together because wire
# copy quotes names, titles and institutions across languages.


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Function words and sentence openers. Many are in the first-name dictionary
#: ("The", "Am", "Le", "Il", "Said", "May"), so they must never start a name.
_STOP_WORDS = _words("""
    a an the and or but nor so yet if when while after before since until during however although though because
    in on at by for from with without to of off out up down
    as than then there here this that these those it its he she they we you i his her their our my your who whom
    what which where why how also even only just still already now today yesterday tomorrow tonight last next
    first second third many most some any all both each every no not none such other another more less few several
    meanwhile moreover furthermore instead indeed thus hence therefore overall nevertheless nonetheless otherwise
    besides despite among between against about above below under over into onto upon within through throughout
    around along across behind beyond near like unlike via per amid according asked told said says will would could
    should can may might must shall let please thank thanks yes well oh sure good great big small long young early
    late black red free fair royal silver golden grand little holy christ santa san sen justice liberty honor faith
    summer winter spring autumn easter christmas mr mrs ms dr prof sir dame lord lady herr frau monsieur madame
    signor signora mme mlle jr sr
    der die das den dem des ein eine einen einem einer eines in im am um an auf aus bei mit nach seit von vor zu zum
    zur über unter durch für gegen ohne wie wo wer was wann warum weil denn doch aber und oder sondern als ob dass
    damit danach dann da dort hier heute gestern morgen jetzt nun noch schon auch nur sehr mehr viel viele wenig
    alle jeder jede kein keine nicht er sie es wir ihr ich man sein seine ihre unser dieser diese dieses laut gemäss
    gemäß trotz wegen während zudem ausserdem außerdem allerdings deshalb daher dennoch jedoch insgesamt bisher
    zuvor zuletzt erst bereits immer wieder nie ja nein beim vom ins ans so ab bis je pro samt statt dank binnen
    seitens andere jene mein mal davon
    le la les un une des du de au aux en dans sur sous par pour avec sans chez entre vers selon depuis pendant
    après avant et ou mais donc or ni car que qui quoi quand comme si il elle ils elles on nous vous je ce cette ces
    son sa ses leur leurs mon ma mes aussi encore déjà toujours jamais plus moins très bien tout tous toute toutes
    non cher bon bonne beau belle bas
    lo gli uno una del della dei delle degli nel nella nei con tra fra su da di al alla ai alle che chi cui ma anche
    ancora già sempre mai più meno molto tutto tutti questo questa quello quella secondo durante dopo prima oggi
    ieri domani tale solo buono alto
""")

#: Capitalised words that the name dictionary lists but news text uses otherwise.
_NOT_FIRST_NAMES = _words("""
    tory paris basel sion uri wallis jura aare gotthard adria christi silvester ende art stern tage tor brand sommer
    foto chance engel rose heil gabe lang jung ei tal nato emmi aldi meta rafah doha riad lima manila mali kenia
    iran
""")

#: Verbs of saying beside a name: evidence enough for a first name the dictionary lacks.
_SPEECH_VERBS = _words("""
    said says told added stated explained warned noted argued insisted wrote announced declared confirmed
    sagte sagt erklärte betonte sagten meinte schrieb teilte warnte
    a déclaré déclare dit affirme affirmé estime selon explique
    ha detto dichiara dichiarato afferma secondo spiega
""")

#: Nationality words that the CLDR-derived demonyms miss.
_IRREGULAR_DEMONYMS = _words("""
    swiss french dutch british irish english welsh scottish greek thai chinese japanese vietnamese lebanese
    sudanese portuguese taiwanese congolese senegalese maltese danish swedish finnish polish turkish spanish
    icelandic czech slovak serbian croatian afghan pakistani israeli iraqi kuwaiti saudi yemeni omani qatari
    emirati bangladeshi nepali filipino kazakh uzbek tajik kyrgyz turkmen european african asian american
    arab latin western eastern northern southern
    schweizer deutsche deutschen französische britische italienische amerikanische
    suisse français française italien italienne allemand allemande européen européenne
    svizzero svizzera francese tedesco tedesca americano americana europeo europea
""")

#: Companies and brands named after people: never persons ("Goldman Sachs said").
_KNOWN_ORGANISATIONS = re.compile(
    r"^(?:Goldman Sachs|Morgan Stanley|Johnson & Johnson|Walt Disney|Procter & Gamble|Ernst & Young|Dow Jones|"
    r"Rolls-Royce|Mercedes-Benz|Louis Vuitton|Hugo Boss|Calvin Klein|Ralph Lauren|Tommy Hilfiger|Charles Schwab|"
    r"Lehman Brothers|Warner Bros|Philip Morris|Estée Lauder|Marks & Spencer|Bertelsmann|Porsche|Ferrari)\b"
)

#: Role and title words: they end a name and start the role in front of it.
_ROLE_WORDS = _words("""
    president vice-president premier minister secretary secretary-general general director-general attorney-general
    governor-general chancellor spokeswoman spokesman spokesperson chief head leader chairman chairwoman chair
    chairperson ceo cfo coo cto director governor mayor senator representative congressman congresswoman lawmaker
    ambassador envoy commissioner councillor councilor judge prosecutor attorney lawyer king queen prince princess
    pope cardinal bishop archbishop admiral colonel commander captain lieutenant sergeant officer coach manager
    striker goalkeeper midfielder defender player skier driver champion candidate nominee founder owner boss
    economist analyst expert professor researcher scientist author writer actor actress singer artist musician
    producer presenter host adviser advisor aide deputy official diplomat negotiator activist mp mep speaker
    dictator ombudsman emperor empress sheikh emir rabbi imam priest pastor editor journalist reporter correspondent
    photographer commander-in-chief executive vice-chancellor treasurer rapporteur sen rep gov gen col lt sgt
    capt adm cmdr maj superintendent inspector detective constable sheriff chancellor-elect
    präsident präsidentin minister ministerin kanzler kanzlerin sprecher sprecherin sekretär sekretärin
    generalsekretär generalsekretärin chef chefin direktor direktorin leiter leiterin vorsteher vorsteherin
    botschafter botschafterin gouverneur bürgermeister bürgermeisterin könig königin papst anwalt anwältin trainer
    trainerin spieler spielerin stürmer stürmerin torhüter torhüterin fahrer fahrerin politiker politikerin
    abgeordnete abgeordneter experte expertin ökonom ökonomin analyst analystin forscher forscherin professor
    professorin autor autorin sänger sängerin schauspieler schauspielerin künstler künstlerin regisseur regisseurin
    moderator moderatorin gründer gründerin kandidat kandidatin nachfolger nachfolgerin beauftragte beauftragter
    diplomat diplomatin oberst kommandant kommandantin landammann premierminister bundesrat bundesrätin
    nationalrat nationalrätin ständerat ständerätin regierungsrat regierungsrätin stadtrat stadträtin gemeinderat
    gemeinderätin kantonsrat kantonsrätin grossrat grossrätin großrat großrätin staatsrat staatsrätin
    verwaltungsrat verwaltungsrätin landrat landrätin
    bundeskanzler bundeskanzlerin bundespräsident bundespräsidentin co-präsident co-präsidentin vize
    président présidente ministre porte-parole secrétaire général générale cheffe directeur directrice conseiller
    conseillère chancelier chancelière maire député députée sénateur sénatrice ambassadeur ambassadrice juge
    procureur procureure avocat avocate roi reine princesse pape entraîneur entraîneuse joueur joueuse attaquant
    gardien candidat candidate fondateur fondatrice patron patronne économiste analyste experte professeure
    chercheur chercheuse écrivain écrivaine auteur auteure acteur actrice chanteur chanteuse artiste réalisateur
    réalisatrice dirigeant dirigeante responsable commissaire vice-président vice-présidente
    presidente ministro ministra portavoce segretario segretaria generale capo direttore direttrice consigliere
    consigliera cancelliere sindaco sindaca deputato deputata senatore senatrice ambasciatore ambasciatrice giudice
    procuratore avvocato avvocata regina principe papa allenatore allenatrice giocatore giocatrice attaccante
    portiere candidato candidata fondatore fondatrice economista analista esperto esperta professore professoressa
    ricercatore ricercatrice scrittore scrittrice autore autrice attore attrice cantante regista vicepresidente
""")

#: German compounds end in their role ("Nato-Generalsekretär", "Finanzministerin").
_ROLE_SUFFIXES = (
    "präsident", "präsidentin", "minister", "ministerin", "kanzler", "kanzlerin", "sprecher", "sprecherin",
    "sekretär", "sekretärin", "chef", "chefin", "direktor", "direktorin", "leiter", "leiterin",
    "vorsteher", "vorsteherin", "meister", "meisterin", "anwalt", "anwältin", "trainer", "trainerin", "richter",
    "richterin", "botschafter", "botschafterin", "kommandant", "kommandantin", "ökonom", "ökonomin", "spieler",
    "spielerin", "fahrer", "fahrerin", "politiker", "politikerin", "experte", "expertin", "forscher", "forscherin",
    "beauftragte", "beauftragter", "kandidat", "kandidatin", "sprecherin", "chefökonom",
)

#: Lowercase words that may sit inside a role ("former president", "président français").
_ROLE_MODIFIERS = _words("""
    former ex then acting deputy vice interim outgoing incoming designated chief foreign finance economy defence
    defense interior justice health energy environment trade labour labor transport agriculture prime general state
    federal national executive managing senior junior top head lead presidential opposition party team club
    government police army military press white house
    ancien ancienne nouveau nouvelle fédéral fédérale général générale national nationale
    ex vice federale nazionale generale
""")
#: Postnominal nationality adjectives in French and Italian roles ("président français").
_NATIONALITY_ADJECTIVE = re.compile(r"^[a-zà-ÿ]+(?:ais|aise|ain|aine|ien|ienne|ois|oise|ese|ano|ana|ino|ina|olo|ola|sso|ssa|esco|esca|ero|era)$")
#: Words joining a role's parts ("Secretary of State", "ministro degli Esteri").
_ROLE_CONNECTORS = _words("of for de du des della dello delle del dell degli dei di")
#: Articles inside a role, after a connector ("Secretary of the Treasury", "de la Confédération").
_ROLE_ARTICLES = _words("the la le les l der")
_ROLE_SUFFIX_MARKERS = ("-elect", "-designate", "-désigné", "-désignée", "-designato", "-designata")
_ROLE_PREFIX_MARKERS = ("ex-", "vize-", "vice-", "co-")

#: Words that make a capitalised sequence an organisation or place, not a person.
_ORGANISATION_WORDS = _words("""
    bank council party university street avenue road square airport group ag sa gmbh inc corp ltd plc llc company
    foundation institute association federation union league club fc committee commission ministry department
    office agency court tribunal parliament senate congress assembly hospital school college academy museum
    theatre theater festival prize award cup trophy championship championships games tour stadium arena centre
    center bridge tower building hotel station island islands river mountain valley county province region republic
    kingdom empire news times journal herald tribune gazette magazine radio tv television network media press
    pictures records entertainment airlines airways air motors energy oil pharma holdings capital partners ventures
    fund trust insurance suisse schweiz international global systems technologies software labs sciences clinic
    democrats republicans democratic republican socialist socialists social liberal liberals conservative
    conservatives greens labour tories alliance movement army forces navy police brigade springs falls heights
    hills beach bay harbour harbor coast gulf peninsula canyon tech zentrum haus halle dhabi
    keystone reuters afp dpa ap sda ats ansa bloomberg xinhua
    universität institut stiftung verein verband partei gruppe konzern gesellschaft gericht amt departement
    ministerium kommission parlament regierung polizei armee strasse straße gasse platz bahnhof flughafen spital
    klinik kirche schule gymnasium zeitung
    université fondation société groupe banque parti conseil cour assemblée église rue boulevard gare aéroport
    hôpital école lycée
    università istituto fondazione società gruppo banca partito consiglio corte chiesa piazza corso stazione
    aeroporto ospedale scuola
""")
_ORGANISATION_SUFFIXES = ("strasse", "straße", "platz", "bank", "verband", "partei", "gesellschaft", "konzern", "gruppe", "gericht", "spital", "universität", "stiftung", "zeitung")

#: Capitalised words that open a place name ("San Francisco", "St. Gallen", "El Salvador").
_PLACE_PREFIXES = _words("val san santa santo são saint sainte st ste sankt new los las el port porto fort mount mont monte lake cape cap bad ciudad villa puerto nueva nouvelle neu isle île")

#: Common words and titles that are also frequent surnames ("Theresa May", "Stephen King"):
#: accepted as the last word of a name only.
_SURNAME_WORDS = _words("may young long black little small good early late fair grand summer winter king judge driver bishop major")

#: Name particles: lowercase words inside a name ("Ursula von der Leyen", "Charles de Gaulle").
_PARTICLES = _words("von van de di da del della dos du le la ter ten zu bin ibn al el")
#: Particles that only follow another particle ("von der", "de la", "van den").
_SECOND_PARTICLES = _words("der den des la le los")
_ALL_PARTICLES = _PARTICLES | _SECOND_PARTICLES

#: Frequent German nouns: every noun is capitalised, so one can follow a first name.
_COMMON_NOUNS = _words("""
    jahr jahre jahren zeit frau kind kinder tag woche wochen monat monate regierung polizei land stadt franken euro
    dollar prozent million millionen milliarde milliarden ende anfang teil leben welt menschen leute weise fall grund
    recht gesetz staat volk krieg frieden arbeit geld markt haus sieg spiel punkte saison rennen eltern familie wahl
    wahlen stimmen vorlage initiative kanton gemeinde opfer unfall studie bericht zahl preis kosten steuern
    wirtschaft energie klima angaben mitteilung medienmitteilung interview agentur nachrichtenagentur journalisten
    medien bevölkerung schweiz ausland inland nacht abend morgen mittag uhr mitte himmelfahrt ostern pfingsten
    weihnachten neujahr
    year years time people government police money week weeks month months percent
""")
_NOUN_SUFFIXES = ("ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tion", "tionen", "ität", "itäten", "ismus", "tum", "nisse")

#: Text right before a name that makes it a credit, not a person of the story.
_CREDIT_BEFORE = re.compile(
    r"(?:(?:photos?|fotos?|bild|bilder|symbolbild|archivbild|image|picture|credit|crédit|text)\s*:"
    r"|(?:reporting|editing|writing|compiled|graphics)\s+by)\s*$",
    re.I,
)
#: A byline left at the start of a paragraph ("By Mary Clarke", "Von Petra Lindner").
_BYLINE_BEFORE = re.compile(r"^\s*(?:By|Von|Par|Di|Text:)\s+$")
#: "Alex Brandon/AP/dpa": a name followed by a slash and an agency is a picture credit.
_CREDIT_AFTER = re.compile(r"^\s*/\s*[A-Za-z]")

_TOKEN = re.compile(
    r"(?P<abbreviation>\b(?:Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Adm|Cmdr|Maj|Prof|Dr|Mr|Mrs|Ms|Mme|Mlle|St|Ste|Sr|Jr)\.)"
    r"|(?P<initial>(?<![^\W\d_])[A-ZÀ-Þ]\.)(?=\s)"
    r"|(?P<word>[^\W\d_]+(?:['’\-][^\W\d_]+)*)"
    r"|(?P<number>\d[\d'’.,]*)"
    r"|(?P<other>\S)"
)
_ELISION = re.compile(r"^(?:[a-z]|qu|dell|dall|nell|sull|all|coll|un)['’](?=[A-ZÀ-Þ])")
_POSSESSIVE = re.compile(r"['’]s$")
_ARTICLES = _words("a an the der die das dem des le la les il lo un une una uno")
#: Punctuation that closes an apposition ("Anna Meier, a spokeswoman for the police, said").
_APPOSITION_END = frozenset(",.;:)–—")
_MAX_APPOSITION_WORDS = 8
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az)-(?=[A-Z])")
_QUANTITY_WORDS = _words("million millions millionen milliarde milliarden milliard milliards milioni miliardi billion billions tausend hundert thousand hundred")
_SITE_LANGUAGES = ("en", "de", "fr", "it")
_MAX_ROLE_WORDS = 6
_MAX_NAME_WORDS = 5  # a name is scanned at most 3x this many tokens: a long capitalised run cost its length squared


# ---------------------------------------------------------------- tokens


@dataclass(frozen=True)
class _Token:
    """One word, initial, number or punctuation mark of a text."""

    #: The word without possessive 's or abbreviation dot ("Trump", "Sen").
    text: str
    start: int
    #: End of the token in the text, abbreviation dot included.
    end: int
    kind: str  # "word", "initial", "number" or "other"
    #: Only whitespace separates this token from the one before it.
    joined: bool
    #: The word carried a possessive "'s" (stripped from ``text``).
    possessive: bool = False


def _tokenize(text: str) -> list[_Token]:
    """Split text into tokens, dropping French/Italian elisions ("d'Emmanuel") and possessive 's."""
    tokens: list[_Token] = []
    previous_end = None
    for found in _TOKEN.finditer(text):
        kind, start, word = found.lastgroup or "other", found.start(), found.group()
        joined = previous_end is not None and previous_end < start and text[previous_end:start].isspace()
        possessive = False
        if kind == "abbreviation":  # "Sen.", "St.": the dot belongs to the word, not to a sentence end
            kind, word = "word", word[:-1]
        elif kind == "word":
            if elision := _ELISION.match(word):
                start, word, joined = start + elision.end(), word[elision.end():], False
            if _POSSESSIVE.search(word) and len(word) > 3:
                word, possessive = word[:-2], True
        end = found.end() if not possessive else start + len(word)
        tokens.append(_Token(word, start, end, kind, joined, possessive))
        # Nothing continues a name across a possessive: "Trump's Rubio pick".
        previous_end = None if possessive else found.end()
    return tokens


# ---------------------------------------------------------------- word classes


@lru_cache(maxsize=1)
def _first_name_dictionary():
    """The gender-guesser dictionary, loaded once on first use (it takes ~0.3 s)."""
    from gender_guesser.detector import Detector

    return Detector(case_sensitive=False)


@lru_cache(maxsize=65536)
def _is_known_first_name(word: str) -> bool:
    """True when the dictionary knows ``word`` (or each part of "Jean-Luc") as a first name."""
    detector = _first_name_dictionary()
    # German copy writes Cyrillic В as W ("Wolodymyr"); the dictionary has "Volodymyr".
    spellings = {word, _fold_accents(word), "V" + word[1:] if word.startswith("W") else word}
    if any(detector.get_gender(spelling) != "unknown" for spelling in spellings):
        return True
    parts = word.split("-")
    return len(parts) > 1 and all(_is_known_first_name(part) for part in parts)


@lru_cache(maxsize=1)
def _demonyms() -> frozenset[str]:
    """English adjectives of country names ("Georgian", "German", "Haitian"), derived from CLDR."""
    words: set[str] = set()
    for name in Locale("en").territories.values():
        words.update((name + "an", name + "ian", name + "ese"))
        if name.endswith("a"):
            words.add(name + "n")
        if name.endswith("y"):
            words.update((name[:-1], name[:-1] + "ian"))
    return frozenset(word.casefold() for word in words if " " not in word)


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    """One-word country names in the site languages ("Chile", "Schweiz"), from CLDR."""
    return frozenset(
        name.casefold()
        for lang in _SITE_LANGUAGES
        for code, name in Locale(lang).territories.items()
        if len(code) == 2 and " " not in name
    )


@lru_cache(maxsize=1)
def _calendar_words() -> frozenset[str]:
    """Month and weekday names in the site languages, from CLDR."""
    words: set[str] = set()
    for lang in _SITE_LANGUAGES:
        locale = Locale(lang)
        for context in ("format", "stand-alone"):
            words.update(name.casefold() for name in locale.months[context]["wide"].values())
            words.update(name.casefold() for name in locale.days[context]["wide"].values())
    return frozenset(words)


def _fold_accents(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii")


def _is_capitalised(word: str) -> bool:
    """Starts upper case and is not an all-caps acronym ("Rutte", "al-Sisi", not "NATO")."""
    word = _ARABIC_ARTICLE.sub("", word)
    return len(word) > 1 and word[0].isupper() and not word.replace("-", "").isupper()


def _is_acronym(word: str) -> bool:
    return len(word) > 1 and word.replace("-", "").isupper()


@lru_cache(maxsize=65536)
def _is_role_word(word: str) -> bool:
    """"President", "spokeswoman", "President-elect", "SP-Bundesrätin", "Finanzministerin"."""
    lower = word.casefold()
    for marker in _ROLE_SUFFIX_MARKERS:
        lower = lower.removesuffix(marker)
    for marker in _ROLE_PREFIX_MARKERS:
        lower = lower.removeprefix(marker)
    if lower in _ROLE_WORDS:
        return True
    if "-" in lower and (lower.rsplit("-", 1)[1] in _ROLE_WORDS or _is_role_word(lower.rsplit("-", 1)[1])):
        return True
    return any(lower.endswith(suffix) and len(lower) >= len(suffix) + 3 for suffix in _ROLE_SUFFIXES)


@lru_cache(maxsize=65536)
def _is_organisation_word(word: str) -> bool:
    """A word that makes the capitalised sequence around it an institution or a place."""
    parts = word.casefold().split("-")
    if any(part in _ORGANISATION_WORDS or part in _PLACE_PREFIXES for part in parts):
        return True
    return any(parts[-1].endswith(suffix) and len(parts[-1]) > len(suffix) + 2 for suffix in _ORGANISATION_SUFFIXES)


@lru_cache(maxsize=65536)
def _is_common_word(word: str) -> bool:
    """Function words, months, weekdays and frequent nouns: never part of a name."""
    lower = word.casefold()
    if lower in _STOP_WORDS or lower in _calendar_words() or lower in _COMMON_NOUNS:
        return True
    return len(lower) >= 6 and lower.endswith(_NOUN_SUFFIXES)


@lru_cache(maxsize=65536)
def _can_start_name(word: str) -> bool:
    """A capitalised known first name that is not also a common word, title or institution."""
    return (
        _is_capitalised(word)
        and word.casefold() not in _NOT_FIRST_NAMES
        and not _is_common_word(word)
        and word.casefold() not in _demonyms()
        and not _is_role_word(word)
        and not _is_organisation_word(word)
        and _is_known_first_name(word)
    )


@lru_cache(maxsize=65536)
def _can_continue_name(word: str) -> bool:
    """A capitalised word that can be a middle name or surname.

    Country names are no surnames ("Santiago de Chile") unless they are also
    first names, which keeps "Thomas Jordan" and "Israel Katz".
    """
    return (
        _is_capitalised(word)
        and not _is_common_word(word)
        and word.casefold() not in _demonyms()
        and not _is_role_word(word)
        and not _is_organisation_word(word)
        and (word.casefold() not in _country_names() or _is_known_first_name(word))
    )


def _is_particle(tokens: Sequence[_Token], index: int, after_particle: bool) -> bool:
    token = tokens[index]
    if token.kind != "word" or not token.joined or token.possessive:
        return False
    lower = token.text.casefold()
    return lower in _PARTICLES or (after_particle and lower in _SECOND_PARTICLES)


# ---------------------------------------------------------------- full names


@dataclass(frozen=True)
class _Span:
    """A stretch of tokens naming one person, with what the text says around it."""

    start: int  # first token index
    end: int  # one past the last token index
    offset: int  # character offset of the first token
    name: str
    first: str
    surname: str
    role: str | None
    credit: bool


def _find_full_names(text: str, tokens: Sequence[_Token], max_words: int = _MAX_NAME_WORDS) -> list[_Span]:
    """Every "first name + surname" in the text, left to right, not overlapping."""
    spans: list[_Span] = []
    index = 0
    while index < len(tokens):
        span = _full_name_at(text, tokens, index, max_words)
        if span:
            spans.append(span)
            index = span.end
        else:
            index += 1
    return spans


def _full_name_at(text: str, tokens: Sequence[_Token], start: int, max_words: int) -> _Span | None:
    token = tokens[start]
    if token.kind != "word" or token.possessive:
        return None
    known = _can_start_name(token.text)
    if not known and (not _can_start_cued_name(token.text) or _completes_role(tokens, start) or _titles_a_known_name(tokens, start)):
        return None
    if start and _opens_place_or_quantity(tokens, start):
        return None
    end = _name_end(tokens, start, title_case=max_words > _MAX_NAME_WORDS)
    words = [t for t in tokens[start:end] if t.kind == "word" and t.text.casefold() not in _ALL_PARTICLES]
    if len(words) < 2 or len(words) > max_words:
        return None
    following = tokens[end] if end < len(tokens) and tokens[end].joined and not tokens[end - 1].possessive else None
    if _named_after(tokens, start, end):
        return None  # "Max Planck Institute", "Billie Jean King Cup", "Zentrum Paul Klee", "Flughafen Nikola Tesla"
    if _is_place_name(text[token.start:tokens[end - 1].end]):
        return None  # "Hong Kong", "Costa Rica"
    if following and _is_place_adjective_before_noun(words[-1].text, following):
        return None  # "Mark Schweizer Franken": German place adjectives end in -er and precede nouns
    if len(words) > 2 and _ends_role(tokens, start):
        return None  # "ministro degli Esteri Antonio Tajani": the first word is the role's
    name_end = tokens[end - 1].end
    if _KNOWN_ORGANISATIONS.search(text[token.start:name_end + 12]):
        return None
    role = _role_before(text, tokens, start) or _role_after(text, tokens, end)
    if not known and not (role or _said_next_to(tokens, start, end) or _nation_after(tokens, end) or _scored(tokens, start, end)):
        return None  # a first name the dictionary lacks needs the text to say it is a person
    return _Span(
        start=start,
        end=end,
        offset=token.start,
        name=text[token.start:name_end],
        first=token.text,
        surname=text[_surname_start(tokens, start, end):name_end],
        role=role,
        credit=_is_credit(text, token.start, name_end),
    )


def _named_after(tokens: Sequence[_Token], start: int, end: int) -> bool:
    """A name inside an institution's or a place's name: an organisation word right before or shortly after it."""
    before = tokens[start - 1] if start and tokens[start].joined else None
    if before is not None and before.kind == "word" and _is_capitalised(before.text) and _is_organisation_word(before.text):
        return True
    index = end
    while index < len(tokens) and index - end < 3 and tokens[index].joined and tokens[index].kind == "word" and not tokens[index - 1].possessive:
        word = tokens[index].text
        if _is_organisation_word(word):
            return True
        if not _is_capitalised(word):
            return False
        index += 1
    return False


@lru_cache(maxsize=4096)
def _is_place_name(name: str) -> bool:
    """Multi-word country and territory names ("Hong Kong", "Costa Rica", "Sri Lanka"), from CLDR."""
    return name.casefold() in _multiword_places()


@lru_cache(maxsize=1)
def _multiword_places() -> frozenset[str]:
    places: set[str] = set()
    for lang in _SITE_LANGUAGES:
        for name in Locale(lang).territories.values():
            words = name.split()
            if len(words) > 1:
                places.update(" ".join(words[:n]).casefold() for n in range(2, len(words) + 1))
    return frozenset(places)


#: Endings of nouns for trades, titles and origins ("Kantonsförster", "Glaziologe", "Ehemann", "Valaisanne", "Ticinesi").
_TITLE_NOUN_ENDINGS = ("ese", "esi", "anne", "ienne", "aise", "oise", "ais", "ois", "er", "erin", "loge", "login", "ent", "entin", "or", "orin", "ist", "istin", "mann", "frau", "eur", "euse", "ant", "antin", "at", "atin", "ar", "arin")


def _titles_a_known_name(tokens: Sequence[_Token], start: int) -> bool:
    """"Kantonsförster Reto Gantenbein": an unknown word ending like a trade, before a known first name."""
    following = tokens[start + 1] if start + 1 < len(tokens) else None
    return (
        following is not None
        and following.joined
        and following.kind == "word"
        and _can_start_name(following.text)
        and tokens[start].text.casefold().endswith(_TITLE_NOUN_ENDINGS)
    )


def _scored(tokens: Sequence[_Token], start: int, end: int) -> bool:
    """"(Bukayo Saka 14., Kai Havertz 70.)": a name in a list, followed by a minute or a result."""
    after = tokens[end] if end < len(tokens) else None
    before = tokens[start - 1] if start else None
    in_list = before is not None and (before.text in "(,;:" or (before.kind == "number" and before.text.endswith(".")))
    return in_list and after is not None and after.kind == "number" and after.joined


def _completes_role(tokens: Sequence[_Token], start: int) -> bool:
    """"Secretary of the Treasury Janet Yellen": "Treasury" ends the role, it opens no name."""
    index = start - 1
    while index >= 0 and start - index <= 3 and tokens[index].kind == "word" and tokens[index].text.casefold() in _ROLE_CONNECTORS | _ROLE_ARTICLES:
        index -= 1
    return index < start - 1 and index >= 0 and tokens[index].kind == "word" and _is_role_word(tokens[index].text)


@lru_cache(maxsize=65536)
def _can_start_cued_name(word: str) -> bool:
    """A capitalised word that may open a name the dictionary lacks ("Narendra", "Prabowo", "Nguyen")."""
    lower = word.casefold()
    return (
        _can_continue_name(word)
        and lower not in _NOT_FIRST_NAMES
        and lower not in _IRREGULAR_DEMONYMS
        and lower not in _country_names()
        and lower not in _PLACE_PREFIXES
        and "-" not in lower.lstrip("-")[:1]
    )


def _said_next_to(tokens: Sequence[_Token], start: int, end: int) -> bool:
    """"Abiy Ahmed said", "said Abiy Ahmed": a verb of saying right beside the name."""
    after = tokens[end] if end < len(tokens) else None
    if after is not None and after.kind == "word" and after.joined and after.text.casefold() in _SPEECH_VERBS:
        return True
    before = tokens[start - 1] if start else None
    return before is not None and before.kind == "word" and tokens[start].joined and before.text.casefold() in _SPEECH_VERBS


def _nation_after(tokens: Sequence[_Token], end: int) -> bool:
    """"Iga Swiatek (POL)", "Iga Swiatek (Poland)": an athlete with a nation in brackets."""
    if end + 2 >= len(tokens) or tokens[end].text != "(" or tokens[end + 2].text != ")":
        return False
    nation = tokens[end + 1].text
    return (len(nation) == 3 and nation.isupper()) or nation.casefold() in _country_names()


def _is_place_adjective_before_noun(surname: str, following: _Token) -> bool:
    return surname.endswith("er") and following.kind == "word" and _is_capitalised(following.text) and _is_common_word(following.text)


def _ends_role(tokens: Sequence[_Token], start: int) -> bool:
    """True when the word at ``start`` completes a role ("Secretary of State", "ministro degli Esteri")."""
    if start < 2 or not tokens[start].joined or not tokens[start - 1].joined:
        return False
    connector, role = tokens[start - 1], tokens[start - 2]
    return connector.text.casefold() in _ROLE_CONNECTORS and role.kind == "word" and _is_role_word(role.text)


def _opens_place_or_quantity(tokens: Sequence[_Token], start: int) -> bool:
    """"St. Moritz", "San Salvador", "100 Mark": the first name is not a person's ("1. Marco Odermatt" is a rank)."""
    before = tokens[start - 1]
    quantity = before.kind == "number" and before.text[-1].isdigit()  # "23.," and "1." are minutes and ranks
    if tokens[start].joined and (quantity or before.text.casefold() in _QUANTITY_WORDS):
        return True
    if before.kind == "other" and before.text == "." and start >= 2:
        before = tokens[start - 2]
    return before.kind == "word" and _is_capitalised(before.text) and before.text.casefold() in _PLACE_PREFIXES


def _name_end(tokens: Sequence[_Token], start: int, title_case: bool = False) -> int:
    """One past the last token of the name starting at ``start``.

    In running text a capitalised function word inside a name is part of it
    ("Kim Jong Un", "Nguyen Van An"); in a Title Case headline it is not.
    """
    end = start + 1
    index = start + 1
    after_particle = False
    previous_is_first_name = True
    while index < min(len(tokens), start + 3 * _MAX_NAME_WORDS) and tokens[index].joined and not tokens[index - 1].possessive:
        token = tokens[index]
        if token.kind == "initial":
            index += 1
            continue
        if previous_is_first_name or after_particle:
            if _is_particle(tokens, index, after_particle):
                after_particle = True
                index += 1
                continue
        elif _double_surname_follows(tokens, index):
            index += 1  # "Fernández de Córdoba", "Aguirre de la Torre", "Fontcuberta i Morral"
            after_particle = True
            continue
        if token.kind == "word" and _is_surname_word(tokens, index):
            return index + 1
        if not title_case and token.kind == "word" and _is_foreign_name_part(token.text):
            index += 1
            end = index
            previous_is_first_name = after_particle = False
            continue
        if token.kind != "word" or not _can_continue_name(token.text):
            break
        index += 1
        end = index
        after_particle = False
        previous_is_first_name = _can_start_name(token.text)
    return end


#: Particles joining two surnames in Spanish, Portuguese and Catalan names.
_SURNAME_JOINERS = _words("de del da dos das i y")


def _double_surname_follows(tokens: Sequence[_Token], index: int) -> bool:
    """A joiner ("de", "de la", "i") between a surname and another capitalised surname."""
    token = tokens[index]
    if token.kind != "word" or token.text not in _SURNAME_JOINERS:
        return False
    following = index + 1
    if following < len(tokens) and tokens[following].text in ("la", "las", "los"):
        following += 1
    if following >= len(tokens) or not tokens[following].joined or tokens[following].kind != "word":
        return False
    word = tokens[following].text
    return _can_continue_name(word) and word.casefold() not in _country_names() and not _is_place_name(word)


def _is_foreign_name_part(word: str) -> bool:
    """A short capitalised word that is a function word elsewhere but a name part here ("Un", "Van", "An")."""
    return 2 <= len(word) <= 3 and word[0].isupper() and word[1:].islower() and word.casefold() in _STOP_WORDS


def _is_surname_word(tokens: Sequence[_Token], index: int) -> bool:
    """"May" in "Theresa May said", but not "King" in "Georgia King Charles"."""
    token = tokens[index]
    if not _is_capitalised(token.text) or token.text.casefold() not in _SURNAME_WORDS:
        return False
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return following is None or token.possessive or not (following.joined and following.kind in ("word", "initial") and _is_capitalised(following.text))


def _surname_start(tokens: Sequence[_Token], start: int, end: int) -> int:
    """Where the surname begins: the last word, with any particles before it ("von der Leyen")."""
    index = end - 1
    while index - 1 > start and tokens[index - 1].kind == "word" and tokens[index - 1].text.casefold() in _ALL_PARTICLES:
        index -= 1
    return tokens[index].start


def _is_credit(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40):start]
    return bool(_CREDIT_BEFORE.search(before) or _BYLINE_BEFORE.match(text[:start]) or _CREDIT_AFTER.match(text[end:end + 3]))


# ---------------------------------------------------------------- roles


def _role_before(text: str, tokens: Sequence[_Token], name_start: int) -> str | None:
    """The title right in front of a name: "Nato Secretary General", "US Secretary of State"."""
    segments = _role_segments(tokens, name_start)
    # Words left of a connector belong to the role only up to its last role word:
    # "Secretary of State", but not "Bern for Federal Councillor".
    with_role = [number for number, segment in enumerate(segments) if any(kind == "role" for _, kind in segment)]
    if not segments or not segments[0] or not with_role:
        return None
    first = segments[with_role[-1]][-1][0]
    return text[tokens[first].start:tokens[name_start - 1].end]


def _role_segments(tokens: Sequence[_Token], name_start: int) -> list[list[tuple[int, str]]]:
    """Role words and modifiers right to left from the name, split where a connector ("of") stands."""
    segments: list[list[tuple[int, str]]] = [[]]
    index = name_start - 1
    while index >= 0 and tokens[index + 1].joined and name_start - index <= _MAX_ROLE_WORDS:
        kind = _role_part(tokens, index, any(k == "role" for segment in segments for _, k in segment))
        if kind is None:
            break
        if kind == "connector":
            if segments[-1]:
                segments.append([])
        else:
            segments[-1].append((index, kind))
        index -= 1
    return [segment for segment in segments if segment] if segments[0] else []


def _role_part(tokens: Sequence[_Token], index: int, has_role: bool) -> str | None:
    """What a token is within a role: "role", "modifier", "connector" or None (not part of it)."""
    token = tokens[index]
    if token.kind != "word" or token.possessive:
        return None
    word, lower = token.text, token.text.casefold()
    if _is_role_word(word):
        return "role"
    if index > 0 and token.joined and _joins_role(lower, tokens[index - 1]):
        return "connector"
    if lower in _STOP_WORDS:
        return None
    if _is_acronym(word) or (_is_capitalised(word) and not _is_common_word(word)):
        return "modifier"
    if lower in _ROLE_MODIFIERS or (not has_role and _NATIONALITY_ADJECTIVE.match(lower) and index + 1 < len(tokens)):
        return "modifier"
    return None


def _joins_role(lower: str, before: _Token) -> bool:
    """True for "of" in "Secretary of State", and "la" in "président de la Confédération"."""
    if before.kind != "word":
        return False
    if lower in _ROLE_CONNECTORS:
        return _is_role_word(before.text) or _is_capitalised(before.text)
    return lower in _ROLE_ARTICLES and before.text.casefold() in _ROLE_CONNECTORS


def _role_after(text: str, tokens: Sequence[_Token], name_end: int) -> str | None:
    """An apposition: "Anna Meier, a spokeswoman for the police, said" -> "spokeswoman for the police"."""
    if name_end >= len(tokens) or tokens[name_end].text != "," or tokens[name_end - 1].possessive:
        return None
    first = name_end + 1
    if first < len(tokens) and tokens[first].text.casefold() in _ARTICLES:
        first += 1
    last = first
    while last < len(tokens) and tokens[last].kind != "other" and last - first < _MAX_APPOSITION_WORDS:
        last += 1
    closed = last == len(tokens) or tokens[last].text in _APPOSITION_END
    words = tokens[first:last]
    if not words or not closed or not any(_is_role_word(t.text) for t in words[:3]):
        return None
    role = text[words[0].start:words[-1].end]
    if _find_full_names(role, _tokenize(role)):
        return None  # a list of people ("Mark Rutte, President Joe Biden and ..."), not an apposition
    return role


# ---------------------------------------------------------------- the story


@dataclass(frozen=True)
class _Mention:
    """One place where the story names a person (in reading order)."""

    position: tuple[int, int]  # (text number, character offset)
    name: str
    role: str | None


def extract_persons(
    title: str,
    paragraphs: Sequence[str],
    lang: str,
    registry: PeopleRegistry,
    exclude: Collection[str] = (),
) -> list[PersonMention]:
    """The people a story is about or quotes, in order of first mention, without duplicates.

    ``exclude`` names people who are not part of the story (photographers,
    bylines, editors). The headline often names people by surname only and is
    often in Title Case, so the body is read first and a name in the headline
    counts only when the body or the registry confirms it.
    """
    texts = [*paragraphs, title]
    tokens = [_tokenize(text) for text in texts]
    excluded = _excluded_keys(exclude)
    spans = [_outside_tables(text, _find_full_names(text, toks)) for text, toks in zip(paragraphs, tokens[:-1], strict=True)]
    title_spans = _find_full_names(title, tokens[-1], max_words=len(tokens[-1]))
    spans.append(_confirmed_title_names(title, tokens[-1], title_spans, paragraphs))
    mentions = list(_full_name_mentions(spans, registry, excluded))
    mentions += _table_mentions(texts, registry, excluded)
    mentions += _surname_mentions(texts, tokens, spans, mentions, lang, registry, excluded)
    return _first_mentions(mentions)


def _outside_tables(text: str, spans: list[_Span]) -> list[_Span]:
    """Spans that are not part of a "SURNAME Given" table name ("FORFANG Johann André" is no "Johann André")."""
    tables = [(start, end) for start, end, _, _ in _table_names(text)]
    return [span for span in spans if not any(start <= span.offset < end for start, end in tables)] if tables else spans


def _full_name_mentions(spans: Sequence[Sequence[_Span]], registry: PeopleRegistry, excluded: frozenset[str]) -> Iterator[_Mention]:
    canonical_by_key: dict[str, str] = {}
    for text_number, text_spans in enumerate(spans):
        for span in text_spans:
            if span.credit or _name_key(span) in excluded or span.name.casefold() in excluded or registry.is_blocked(span.name):
                continue
            person = registry.find(span.name) or registry.find(f"{span.first} {span.surname}")
            name = person.name if person else canonical_by_key.setdefault(_name_key(span), span.name)
            yield _Mention((text_number, span.offset), name, span.role)


#: Words of a results-table row: "ODERMATT Marco SUI 1:45.32", "ŻYŁA Piotr POL", "VAN DER POEL Mathieu".
_ROW_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\S+")


def _table_mentions(texts: Sequence[str], registry: PeopleRegistry, excluded: frozenset[str]) -> list[_Mention]:
    """Athletes in "SURNAME Given NAT" rows, under the spelling the story uses elsewhere if it does."""
    found = []
    for text_number, text in enumerate(texts):
        for offset, _end, surname_words, given_words in _table_names(text):
            surname = " ".join(w.lower() if w.casefold() in _ALL_PARTICLES else _capitalise_caps(w) for w in surname_words)
            given = " ".join(given_words)
            name = _spelling_in(texts, f"{given} {surname}", f"{surname} {given}")
            if name.casefold() in excluded or registry.is_blocked(name):
                continue
            person = registry.find(name)
            found.append(_Mention((text_number, offset), person.name if person else name, None))
    return found


def _table_names(text: str) -> Iterator[tuple[int, int, list[str], list[str]]]:
    """(start, end, surname words, given words) of each "SURNAME Given" followed by a code, a number or the line end."""
    for line_start, line in _lines_with_offsets(text):
        words = list(_ROW_WORD.finditer(line))
        index = 0
        while index < len(words):
            caps_end = index
            while caps_end < len(words) and _is_caps_name_word(words[caps_end].group()):
                caps_end += 1
            given_end = caps_end
            while given_end < len(words) and given_end - caps_end < 2 and _is_given_name_word(words[given_end].group()):
                given_end += 1
            closes = given_end == len(words) or _closes_table_name(words[given_end].group())
            if caps_end > index and given_end > caps_end and caps_end - index <= 3 and closes:
                surname = [w.group() for w in words[index:caps_end]]
                if not any(w.casefold() in _ORGANISATION_WORDS for w in surname) and not _is_common_word(words[caps_end].group()):
                    start, end = line_start + words[index].start(), line_start + words[given_end - 1].end()
                    yield start, end, surname, [w.group() for w in words[caps_end:given_end]]
                index = given_end
            else:
                index = max(caps_end, index + 1)


def _lines_with_offsets(text: str) -> Iterator[tuple[int, str]]:
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


def _is_caps_name_word(word: str) -> bool:
    letters = word.replace("-", "").replace("'", "").replace("’", "")
    return len(letters) >= 2 and letters.isalpha() and word.isupper()


def _is_given_name_word(word: str) -> bool:
    return len(word) >= 2 and word[0].isupper() and word[1:].replace("-", "").replace("'", "").islower() and word.replace("-", "").replace("'", "").isalpha()


def _closes_table_name(word: str) -> bool:
    """A nation code ("SUI", "(NOR)"), a number, a time or a gap marker ends a table name."""
    bare = word.strip("()")
    return (len(bare) == 3 and bare.isupper() and bare.isalpha()) or word[:1].isdigit() or word[:1] in "+-(/"


def _capitalise_caps(word: str) -> str:
    """"ODERMATT" -> "Odermatt", "GUT-BEHRAMI" -> "Gut-Behrami", "O'BRIEN" -> "O'Brien"."""
    return re.sub(r"[^\W\d_]+", lambda part: part[0][0].upper() + part[0][1:].lower(), word)


def _spelling_in(texts: Sequence[str], name: str, family_first: str) -> str:
    """The story's own spelling of a name rebuilt from capitals ("McAllister", not "Mcallister"; "Kim Min-jae")."""
    for candidate in (name, family_first):
        pattern = re.compile(rf"(?<![\w-]){re.escape(candidate)}(?![\w-])", re.I)
        for text in texts:
            for match in pattern.finditer(text):
                if not any(len(word) > 1 and word.isupper() for word in re.split(r"[\s-]+", match.group())):
                    return match.group()
    return name


def _confirmed_title_names(title: str, tokens: Sequence[_Token], spans: Sequence[_Span], body: Sequence[str]) -> list[_Span]:
    """Headline names the body confirms; headlines are often in Title Case ("Rutte Meets Trump In Florida")."""
    body_text = " ".join(body)
    confirmed = []
    for span in spans:
        shorter = [_shortened(title, tokens, span, end) for end in range(span.end, span.start + 1, -1) if tokens[end - 1].kind == "word"]
        in_full = [c for c in shorter if _has_words(body_text, c.name)]
        by_surname = [c for c in reversed(shorter) if _has_words(body_text, c.surname)]
        if found := (in_full or by_surname):
            confirmed.append(found[0])
    return confirmed


def _shortened(text: str, tokens: Sequence[_Token], span: _Span, end: int) -> _Span:
    name_end = tokens[end - 1].end
    surname = text[_surname_start(tokens, span.start, end):name_end]
    return replace(span, end=end, name=text[span.offset:name_end], surname=surname)


def _has_words(text: str, words: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text) is not None


def _surname_mentions(
    texts: Sequence[str],
    tokens: Sequence[Sequence[_Token]],
    spans: Sequence[Sequence[_Span]],
    full: Sequence[_Mention],
    lang: str,
    registry: PeopleRegistry,
    excluded: frozenset[str],
) -> list[_Mention]:
    """Bare surnames ("Trump", "Trump's", "Trumps") and registry aliases, resolved to a full name."""
    surnames = _surname_index(spans, full)
    found: list[_Mention] = []
    for text_number, (text, text_tokens, text_spans) in enumerate(zip(texts, tokens, spans, strict=True)):
        covered = {i for span in text_spans for i in range(span.start, span.end)}
        for index, token in enumerate(text_tokens):
            # "in May" is a month even in a story quoting Theresa May.
            if index in covered or token.kind != "word" or not _is_capitalised(token.text) or _is_common_word(token.text):
                continue
            name = _resolve_surname(token.text, (text_number, token.start), lang, surnames, registry)
            if name and name.casefold() not in excluded and not registry.is_blocked(name):
                found.append(_Mention((text_number, token.start), name, _role_before(text, text_tokens, index)))
        found += _registry_mentions(text_number, text, text_tokens, covered, registry)
    return found


def _surname_index(spans: Sequence[Sequence[_Span]], full: Sequence[_Mention]) -> dict[str, list[tuple[tuple[int, int], str]]]:
    """Surname -> where each full name with that surname was mentioned, in reading order."""
    by_position = {m.position: m.name for m in full}
    index: dict[str, list[tuple[tuple[int, int], str]]] = {}
    for text_number, text_spans in enumerate(spans):
        for span in text_spans:
            name = by_position.get((text_number, span.offset))
            if name:
                last = span.surname.split()[-1]
                index.setdefault(last, []).append(((text_number, span.offset), name))
    return index


def _resolve_surname(word: str, position: tuple[int, int], lang: str, surnames: dict, registry: PeopleRegistry) -> str | None:
    """The person a bare surname refers to: the latest full name before it, else the first after it."""
    # German marks the genitive of names with a bare -s ("Ruttes Vorgänger").
    keys = (word, word[:-1]) if lang.startswith("de") and word.endswith("s") else (word,)
    for key in keys:
        if key in surnames:
            earlier = [name for where, name in surnames[key] if where <= position]
            return earlier[-1] if earlier else surnames[key][0][1]
    for key in keys:
        if person := registry.find(key):
            return person.name
    return None


def _registry_mentions(text_number: int, text: str, tokens: Sequence[_Token], covered: set[int], registry: PeopleRegistry) -> list[_Mention]:
    """Registry names and multi-word aliases the rules cannot see ("Xi Jinping")."""
    pattern = _registry_pattern(registry)
    if pattern is None:
        return []
    starts = {token.start: index for index, token in enumerate(tokens)}
    found = []
    for match in pattern.finditer(text):
        index = starts.get(match.start())
        if index is None or index in covered or " " not in match.group(1):
            continue
        person = registry.find(match.group(1))
        if person and not registry.is_blocked(person.name):
            found.append(_Mention((text_number, match.start()), person.name, _role_before(text, tokens, index)))
    return found


@lru_cache(maxsize=8)
def _registry_pattern(registry: PeopleRegistry) -> re.Pattern | None:
    """One regex for every registry name and alias, longest first."""
    keys = sorted({key for person in registry.people for key in (person.name, *person.aliases)}, key=len, reverse=True)
    if not keys:
        return None
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(key) for key in keys) + r")(?=['’]s\b|s?(?!\w))(?!-\w)")


def _first_mentions(mentions: Sequence[_Mention]) -> list[PersonMention]:
    """One PersonMention per person, in reading order, with the first role the story gives."""
    roles: dict[str, str | None] = {}
    for mention in sorted(mentions, key=lambda m: m.position):
        if roles.get(mention.name) is None:
            roles[mention.name] = mention.role  # a key set again keeps its first place
    return [PersonMention(name, role) for name, role in roles.items()]


def _name_key(span: _Span) -> str:
    """First name + surname, so "George W. Bush" and "George Bush" are one person."""
    return f"{span.first} {span.surname}".casefold()


def _excluded_keys(exclude: Collection[str]) -> frozenset[str]:
    """Names from credit strings ("Alex Brandon/AP/dpa", "By Anna Meier and Tom Lee"), casefolded."""
    keys: set[str] = set()
    for text in exclude:
        for part in re.split(r"[/;,()|]|\s+(?:and|und|et|e)\s+", text):
            part = re.sub(r"^\s*(?:by|von|par|di|photo:|foto:|bild:)\s+", "", part.strip(), flags=re.I).strip()
            words = part.split()
            if words:
                keys.add(" ".join(words).casefold())
                keys.add(f"{words[0]} {words[-1]}".casefold())
    return frozenset(keys)
