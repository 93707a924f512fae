"""Word lists that tell a person's name from titles, institutions, places and common words.

Kept apart from the rules that read them: adding a role word, a brand named
after a person or a frequent noun changes data here and no logic.
"""

from __future__ import annotations

import re

# Lowercase throughout; all four languages are checked together because wire
# copy quotes names, titles and institutions across languages.


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Function words and sentence openers. Many are in the first-name dictionary
#: ("The", "Am", "Le", "Il", "Said", "May"), so they must never start a name.
STOP_WORDS = _words("""
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
NOT_FIRST_NAMES = _words("""
    tory paris basel sion uri wallis jura aare gotthard adria christi silvester ende art stern tage tor brand sommer
    foto chance engel rose heil gabe lang jung ei tal nato emmi aldi meta rafah doha riad lima manila mali kenia
    iran
""")

#: Verbs of saying beside a name: evidence enough for a first name the dictionary lacks.
SPEECH_VERBS = _words("""
    said says told added stated explained warned noted argued insisted wrote announced declared confirmed
    sagte sagt erklärte betonte sagten meinte schrieb teilte warnte
    a déclaré déclare dit affirme affirmé estime selon explique
    ha detto dichiara dichiarato afferma secondo spiega
""")

#: Nationality words that the CLDR-derived demonyms miss.
IRREGULAR_DEMONYMS = _words("""
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
KNOWN_ORGANISATIONS = re.compile(
    r"^(?:Goldman Sachs|Morgan Stanley|Johnson & Johnson|Walt Disney|Procter & Gamble|Ernst & Young|Dow Jones|"
    r"Rolls-Royce|Mercedes-Benz|Louis Vuitton|Hugo Boss|Calvin Klein|Ralph Lauren|Tommy Hilfiger|Charles Schwab|"
    r"Lehman Brothers|Warner Bros|Philip Morris|Estée Lauder|Marks & Spencer|Bertelsmann|Porsche|Ferrari)\b"
)

#: Role and title words: they end a name and start the role in front of it.
ROLE_WORDS = _words("""
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
ROLE_SUFFIXES = (
    "präsident", "präsidentin", "minister", "ministerin", "kanzler", "kanzlerin", "sprecher", "sprecherin",
    "sekretär", "sekretärin", "chef", "chefin", "direktor", "direktorin", "leiter", "leiterin",
    "vorsteher", "vorsteherin", "meister", "meisterin", "anwalt", "anwältin", "trainer", "trainerin", "richter",
    "richterin", "botschafter", "botschafterin", "kommandant", "kommandantin", "ökonom", "ökonomin", "spieler",
    "spielerin", "fahrer", "fahrerin", "politiker", "politikerin", "experte", "expertin", "forscher", "forscherin",
    "beauftragte", "beauftragter", "kandidat", "kandidatin", "sprecherin", "chefökonom",
)

#: Lowercase words that may sit inside a role ("former president", "président français").
ROLE_MODIFIERS = _words("""
    former ex then acting deputy vice interim outgoing incoming designated chief foreign finance economy defence
    defense interior justice health energy environment trade labour labor transport agriculture prime general state
    federal national executive managing senior junior top head lead presidential opposition party team club
    government police army military press white house
    ancien ancienne nouveau nouvelle fédéral fédérale général générale national nationale
    ex vice federale nazionale generale
""")
#: Postnominal nationality adjectives in French and Italian roles ("président français").
NATIONALITY_ADJECTIVE = re.compile(r"^[a-zà-ÿ]+(?:ais|aise|ain|aine|ien|ienne|ois|oise|ese|ano|ana|ino|ina|olo|ola|sso|ssa|esco|esca|ero|era)$")
#: Words joining a role's parts ("Secretary of State", "ministro degli Esteri").
ROLE_CONNECTORS = _words("of for de du des della dello delle del dell degli dei di")
#: Articles inside a role, after a connector ("Secretary of the Treasury", "de la Confédération").
ROLE_ARTICLES = _words("the la le les l der")
ROLE_SUFFIX_MARKERS = ("-elect", "-designate", "-désigné", "-désignée", "-designato", "-designata")
ROLE_PREFIX_MARKERS = ("ex-", "vize-", "vice-", "co-")

#: Words that make a capitalised sequence an organisation or place, not a person.
ORGANISATION_WORDS = _words("""
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
ORGANISATION_SUFFIXES = ("strasse", "straße", "platz", "bank", "verband", "partei", "gesellschaft", "konzern", "gruppe", "gericht", "spital", "universität", "stiftung", "zeitung")

#: Capitalised words that open a place name ("San Francisco", "St. Gallen", "El Salvador").
PLACE_PREFIXES = _words("val san santa santo são saint sainte st ste sankt new los las el port porto fort mount mont monte lake cape cap bad ciudad villa puerto nueva nouvelle neu isle île")

#: Common words and titles that are also frequent surnames ("Theresa May", "Stephen King"):
#: accepted as the last word of a name only.
SURNAME_WORDS = _words("may young long black little small good early late fair grand summer winter king judge driver bishop major")

#: Name particles: lowercase words inside a name ("Ursula von der Leyen", "Charles de Gaulle").
PARTICLES = _words("von van de di da del della dos du le la ter ten zu bin ibn al el")
#: Particles that only follow another particle ("von der", "de la", "van den").
SECOND_PARTICLES = _words("der den des la le los")
ALL_PARTICLES = PARTICLES | SECOND_PARTICLES
#: Particles joining two surnames in Spanish, Portuguese and Catalan names.
SURNAME_JOINERS = _words("de del da dos das i y")

#: Frequent German nouns: every noun is capitalised, so one can follow a first name.
COMMON_NOUNS = _words("""
    jahr jahre jahren zeit frau kind kinder tag woche wochen monat monate regierung polizei land stadt franken euro
    dollar prozent million millionen milliarde milliarden ende anfang teil leben welt menschen leute weise fall grund
    recht gesetz staat volk krieg frieden arbeit geld markt haus sieg spiel punkte saison rennen eltern familie wahl
    wahlen stimmen vorlage initiative kanton gemeinde opfer unfall studie bericht zahl preis kosten steuern
    wirtschaft energie klima angaben mitteilung medienmitteilung interview agentur nachrichtenagentur journalisten
    medien bevölkerung schweiz ausland inland nacht abend morgen mittag uhr mitte himmelfahrt ostern pfingsten
    weihnachten neujahr
    year years time people government police money week weeks month months percent
""")
NOUN_SUFFIXES = ("ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tion", "tionen", "ität", "itäten", "ismus", "tum", "nisse")

#: Text right before a name that makes it a credit, not a person of the story.
CREDIT_BEFORE = re.compile(
    r"(?:(?:photos?|fotos?|bild|bilder|symbolbild|archivbild|image|picture|credit|crédit|text)\s*:"
    r"|(?:reporting|editing|writing|compiled|graphics)\s+by)\s*$",
    re.I,
)
#: A byline left at the start of a paragraph ("By Mary Clarke", "Von Petra Lindner").
BYLINE_BEFORE = re.compile(r"^\s*(?:By|Von|Par|Di|Text:)\s+$")
#: "Alex Brandon/AP/dpa": a name followed by a slash and an agency is a picture credit.
CREDIT_AFTER = re.compile(r"^\s*/\s*[A-Za-z]")

#: Articles that may open an apposition after a name ("Anna Meier, a spokeswoman").
ARTICLES = _words("a an the der die das dem des le la les il lo un une una uno")
#: Amounts before a capitalised word: "100 Millionen Mark" is money, not a person.
QUANTITY_WORDS = _words("million millions millionen milliarde milliarden milliard milliards milioni miliardi billion billions tausend hundert thousand hundred")
