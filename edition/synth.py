"""Benchmark corpus generator: (documents N, seed S) → a content folder (``sources/*.txt``,
``registers/``, ``pages/``, ``edition.yaml``) + ``truth.json``.

    edition synth --documents N --seed S --out DIR

writes ``DIR/sources/*.txt`` (transcriptions of the same form as ``content/sources/``: OCR'd State
Department and White House records of July 1962 – March 1963 with every transcription mark of
EDITORIAL §3), ``DIR/truth.json`` (the true metadata of every generated document) and the rest of a
content folder — ``DIR/registers/`` (a copy of the registers the names come from), ``DIR/pages/``
(home and search page) and ``DIR/edition.yaml`` — so that the benchmark builds what a real edition
builds: tagged names, register pages, the search page. In memory:
``generate_corpus(n, seed) -> (files, truth)``.

The flow:

1. ``_plan``    seed → the files and the documents they hold, with dates, posts, numbers and the
                 references between them (all decided before any text is written, so a reference can
                 point at a document that exists and numbers rise with the date as on real traffic);
2. ``_render_file``  one planned file → its text (pages with banners, running heads, catchwords,
                 stamps, marks and misreadings; body prose from period-aware phrase templates) and each
                 document's truth entry with its first/last line;
3. ``iter_corpus`` yields ``(file name, text, truth entries)`` one file at a time, so
   ``write_corpus`` keeps only the (small) plan in memory, never the corpus, and streams truth.json.

Same ``n`` and ``seed`` → byte-identical output: every random choice comes from ``random.Random``
seeded with a string made from ``seed`` (a separate stream per file, so one file's rendering never
shifts another's; an int seed would make -1 and 1 the same), caches are keyed by value, and nothing
iterates a set or reads the clock. If ``content/registers/*.yaml`` exists, names mentioned in passing
are drawn from the registers' ``forms:`` lists, so output also depends on those files (pass
``registers=`` to choose another folder).

truth.json::

    {"generator": "edition.synth", "version": 1, "seed": S, "documents": N, "files": {
        "1962-10-28-polto-512.txt": [            # one entry per document, in file order
            {"id": "1962-10-28-polto-512.txt#1",  # file name # 1-based position in the file
             "kind": "telegram",                  # telegram|memorandum|letter|airgram|cover-sheet
             "direction": "incoming",             # incoming|outgoing (telegrams, airgrams)|null
             "date": "1962-10-28",                # the document's own date (not received), or null
             "time": "20:00",                     # local time as written, or null
             "from": "PARIS", "to": "Secretary of State",   # as the document names them, or null
             "number": "POLTO 512",               # telegram/airgram number, or null
             "precedence": "NIACT",               # ROUTINE|PRIORITY|NIACT|OPERATIONAL IMMEDIATE|null
             "classification": "SECRET",          # level only, or null when unmarked
             "caveats": ["EYES ONLY"],
             "subject": null,                     # SUBJECT: line, or null
             "signers": ["FINLETTER"],            # true names (the text may show an OCR misreading)
             "sections": 1, "witnesses": 2,       # SECTION n OF m; releases (EXCISED COPY FOLLOWS)
             "references": [{"text": "DEPTEL 1338", "key": "DEPTTEL 1338",
                             "target": "1962-10-27-deptel-paris-1338.txt#1"}],   # null: not in corpus
             "lines": [3, 212],                   # first and last source line of the document
             "received": "1962-10-28T17:44",      # incoming telegrams: Washington time received
             "control": "19528",                  # incoming telegrams' control number, or null
             "marks": ["banner", "catchword", ...]},   # transcription marks present (see MARKS)
            ...]}}

Reference keys: ``DEPTTEL n`` (Department → post), ``EMBTEL n`` (post → Department), ``POLTO n`` /
``TOPOL n`` (NATO mission ↔ Department), ``POLTO CIRCULAR n``, ``CIRCULAR n`` (Department circular
telegram), ``A-n`` (post airgram), ``CA-n`` (Department circular airgram). Numbers are unique within
each key space across the corpus, so a key names at most one document.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import json
import re
import random
import sys
from pathlib import Path
from typing import Callable, Iterator, Optional

GENERATOR_VERSION = 1

# Every mark type a document may carry (truth ``marks``); EDITORIAL §3.
MARKS = (
    "banner", "catchword", "debris", "declassification", "del", "add", "exemption", "handwriting",
    "hyphenation", "note", "ocr", "page-number", "placeholder", "rpt", "running-head", "stamp",
    "underline", "withheld-word",
)

_DAY0 = _dt.date(1962, 7, 1)
_LAST = _dt.date(1963, 3, 31)
_SPAN_DAYS = (_LAST - _DAY0).days + 1
_CRISIS0 = _dt.date(1962, 10, 15)
_CRISIS_DAYS = 47  # 15 October – 30 November 1962: most of the real traffic

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_MON3 = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# =============================================================================================
# Posts, people and places (real 1962–63 holders)
# =============================================================================================


class _Post:
    """A Foreign Service post: how it signs, how the Department addresses it, its numbering."""

    __slots__ = ("key", "froms", "slug", "actions", "chiefs", "tz", "series_in", "series_out",
                 "base_in", "rate_in", "base_out", "rate_out", "adj", "govts", "officials", "papers",
                 "weight", "city")

    def __init__(self, key, froms, slug, actions, chiefs, tz, adj, govts, officials, papers, weight,
                 base_in=100, rate_in=6.0, base_out=100, rate_out=6.0, series_in=None, series_out=None,
                 city=None):
        self.key, self.froms, self.slug, self.actions = key, froms, slug, actions
        self.chiefs, self.tz, self.adj, self.govts = chiefs, tz, adj, govts
        self.officials, self.papers, self.weight = officials, papers, weight
        self.base_in, self.rate_in, self.base_out, self.rate_out = base_in, rate_in, base_out, rate_out
        self.series_in, self.series_out = series_in, series_out
        self.city = city or key.title()

    def chief(self, day: _dt.date) -> str:
        """The chief of mission who signs on ``day`` (ambassadors changed during the period)."""
        name = self.chiefs[0][1]
        for start, who in self.chiefs:
            if day >= _dt.date.fromisoformat(start):
                name = who
        return name


# (name, title) of host-country officials; the numbering bases are the post's telegram numbers on
# 1 July 1962 and the rates per day, fitted to the seeds (DEPTTEL MOSCOW 1015 on 27 October, USUN
# 1359 on 23 November, POLTO 512 on 28 October).
_POSTS = (
    _Post("PARIS", ("PARIS",), "paris", ("Amembassy PARIS", "AMEMBASSY PARIS", "American Embassy PARIS"),
          (("1962-01-01", "GAVIN"), ("1962-09-11", "LYON"), ("1962-10-27", "BOHLEN")), 6, "French",
          ("the French Government", "GOF", "the Quai"),
          (("de Gaulle", "General"), ("Couve de Murville", "Foreign Minister"), ("Pompidou", "Prime Minister"),
           ("Lucet", "Political Director"), ("Messmer", "Defense Minister")),
          ("LE MONDE", "FIGARO", "COMBAT"), 6, 1200, 14, 1500, 12),
    _Post("USRO", ("PARIS",), "polto", ("USRO PARIS", "USRO Paris"), (("1962-01-01", "FINLETTER"),), 6,
          "NATO", ("the Council", "NAC", "the permreps"),
          (("Stikker", "Secretary General"), ("Colonna", "Acting Secretary General"), ("Norstad", "General"),
           ("de Staercke", "Ambassador"), ("Alessandrini", "Ambassador")),
          ("LE MONDE", "NEW YORK HERALD TRIBUNE"), 6, 150, 3.0, 220, 3.0, "POLTO", "TOPOL", city="Paris"),
    _Post("MOSCOW", ("MOSCOW",), "moscow", ("Amembassy MOSCOW", "Embassy MOSCOW", "AMEMBASSY MOSCOW"),
          (("1962-01-01", "THOMPSON"), ("1962-07-28", "McSWEENEY"), ("1962-09-27", "KOHLER")), 8, "Soviet",
          ("the Soviet Government", "SOVGOVT", "the Kremlin"),
          (("Khrushchev", "Chairman"), ("Gromyko", "Foreign Minister"), ("Kuznetsov", "First Deputy Minister"),
           ("Semenov", "Deputy Foreign Minister"), ("Malinovsky", "Marshal")),
          ("PRAVDA", "IZVESTIYA", "RED STAR"), 8, 100, 8, 200, 7),
    _Post("LONDON", ("LONDON",), "london", ("Amembassy LONDON", "AMEMBASSY LONDON"), (("1962-01-01", "BRUCE"),),
          5, "British", ("HMG", "the British Government", "the Foreign Office"),
          (("Macmillan", "Prime Minister"), ("Home", "Lord"), ("Heath", "Lord Privy Seal"),
           ("Caccia", "Sir Harold"), ("Thorneycroft", "Defence Minister")),
          ("THE TIMES", "GUARDIAN", "DAILY TELEGRAPH"), 7, 300, 10, 400, 11),
    _Post("BONN", ("BONN",), "bonn", ("Amembassy BONN", "American Embassy BONN"), (("1962-01-01", "DOWLING"),),
          6, "German", ("the FedRep", "the German Government", "the Foreign Office"),
          (("Adenauer", "Chancellor"), ("Schroeder", "Foreign Minister"), ("Carstens", "State Secretary"),
           ("von Hase", "Press Chief"), ("Strauss", "Defense Minister")),
          ("DIE WELT", "FRANKFURTER ALLGEMEINE"), 6, 200, 8, 300, 8),
    _Post("ANKARA", ("ANKARA",), "ankara", ("Amembassy ANKARA", "AMEMBASSY ANKARA"), (("1962-01-01", "HARE"),), 7,
          "Turkish", ("the GOT", "the Turkish Government"),
          (("Inonu", "Prime Minister"), ("Erkin", "Foreign Minister"), ("Sancar", "Defense Minister"),
           ("Kuneralp", "Secretary General")),
          ("CUMHURIYET", "ULUS"), 5, 80, 4, 120, 4),
    _Post("ROME", ("ROME",), "rome", ("Amembassy ROME", "AMEMBASSY ROME"), (("1962-01-01", "REINHARDT"),), 6,
          "Italian", ("the GOI", "the Italian Government"),
          (("Fanfani", "Prime Minister"), ("Piccioni", "Foreign Minister"), ("Andreotti", "Defense Minister"),
           ("Cattani", "Secretary General")),
          ("CORRIERE DELLA SERA", "IL MESSAGGERO"), 5, 150, 6, 160, 6),
    _Post("USUN", ("USUN NEW YORK", "NEW YORK"), "usun", ("USUN, New York", "USUN NEW YORK", "USUN NY"),
          (("1962-01-01", "STEVENSON"),), 0, "UN", ("the Secretariat", "the Council", "the Acting Secretary General"),
          (("U Thant", "Acting Secretary General"), ("Zorin", "Ambassador"), ("Kuznetsov", "Deputy Minister"),
           ("Mikoyan", "First Deputy Premier"), ("Lechuga", "Ambassador"), ("Narasimhan", "Chef de Cabinet"),
           ("Rikhye", "General")),
          ("NEW YORK TIMES", "HERALD TRIBUNE"), 9, 500, 7, 200, 8),
    _Post("BERN", ("BERN",), "bern", ("Amembassy BERN", "AMEMBASSY BERN"), (("1962-01-01", "[Signature]"),), 6,
          "Swiss", ("the Swiss Government", "the Federal Political Department"),
          (("Stadelhofer", "Swiss Ambassador in Havana"), ("Wahlen", "Federal Councillor"), ("Micheli", "Secretary General"),
           ("Castro", "Prime Minister"), ("Dorticos", "President"), ("Roa", "Foreign Minister")),
          ("NEUE ZURCHER ZEITUNG",), 3, 60, 2, 70, 2),
    _Post("MEXICO", ("MEXICO CITY", "MEXICO, D.F."), "mexico", ("Amembassy MEXICO CITY", "AMEMBASSY MEXICO"),
          (("1962-01-01", "MANN"),), -1, "Mexican", ("the GOM", "the Mexican Government"),
          (("Lopez Mateos", "President"), ("Tello", "Foreign Minister"), ("Gorostiza", "Under Secretary")),
          ("EXCELSIOR", "EL UNIVERSAL"), 3, 90, 4, 80, 4),
    _Post("RIO", ("RIO DE JANEIRO",), "rio", ("Amembassy RIO DE JANEIRO", "AMEMBASSY RIO"), (("1962-01-01", "GORDON"),),
          2, "Brazilian", ("the GOB", "the Brazilian Government", "Itamaraty"),
          (("Goulart", "President"), ("Hermes Lima", "Prime Minister"), ("San Tiago Dantas", "Dr.")),
          ("JORNAL DO BRASIL", "CORREIO DA MANHA"), 3, 120, 5, 110, 4),
    _Post("BUENOS AIRES", ("BUENOS AIRES",), "buenos-aires", ("Amembassy BUENOS AIRES",), (("1962-01-01", "McCLINTOCK"),),
          2, "Argentine", ("the GOA", "the Argentine Government"), (("Guido", "President"), ("Muniz", "Foreign Minister")),
          ("LA NACION", "LA PRENSA"), 2, 70, 3, 60, 3),
    _Post("CARACAS", ("CARACAS",), "caracas", ("Amembassy CARACAS",), (("1962-01-01", "STEWART"),), 1, "Venezuelan",
          ("the GOV", "the Venezuelan Government"), (("Betancourt", "President"), ("Falcon Briceno", "Foreign Minister")),
          ("EL NACIONAL",), 2, 60, 3, 50, 3),
    _Post("OTTAWA", ("OTTAWA",), "ottawa", ("Amembassy OTTAWA", "AMEMBASSY OTTAWA"), (("1962-01-01", "BUTTERWORTH"),), 0,
          "Canadian", ("the GOC", "the Canadian Government", "External Affairs"),
          (("Diefenbaker", "Prime Minister"), ("Green", "Minister"), ("Harkness", "Defence Minister"),
           ("Robertson", "Under Secretary")), ("GLOBE AND MAIL",), 3, 100, 4, 90, 4),
    _Post("BRUSSELS", ("BRUSSELS",), "brussels", ("Amembassy BRUSSELS",), (("1962-01-01", "MacARTHUR"),), 6, "Belgian",
          ("the Belgian Government",), (("Spaak", "Foreign Minister"), ("Lefevre", "Prime Minister")),
          ("LE SOIR",), 2, 80, 3, 70, 3),
    _Post("THE HAGUE", ("THE HAGUE",), "the-hague", ("Amembassy THE HAGUE",), (("1962-01-01", "RICE"),), 6, "Dutch",
          ("the Netherlands Government",), (("Luns", "Foreign Minister"), ("de Quay", "Prime Minister")),
          ("NIEUWE ROTTERDAMSE COURANT",), 2, 60, 3, 50, 3),
    _Post("ATHENS", ("ATHENS",), "athens", ("Amembassy ATHENS",), (("1962-01-01", "LABOUISSE"),), 7, "Greek",
          ("the GOG", "the Greek Government"), (("Karamanlis", "Prime Minister"), ("Averoff", "Foreign Minister")),
          ("KATHIMERINI",), 2, 70, 3, 60, 3),
    _Post("BERLIN", ("BERLIN",), "berlin", ("USMISSION BERLIN", "USBER"), (("1962-01-01", "LIGHTNER"),), 6, "Berlin",
          ("the Senat", "the Allied Kommandatura"), (("Brandt", "Mayor"), ("Albertz", "Senator"), ("Amrehn", "Deputy Mayor")),
          ("DER TAGESSPIEGEL", "DER ABEND"), 3, 90, 4, 80, 4),
    _Post("WARSAW", ("WARSAW",), "warsaw", ("Amembassy WARSAW",), (("1962-01-01", "CABOT"),), 6, "Polish",
          ("the Polish Government",), (("Gomulka", "First Secretary"), ("Rapacki", "Foreign Minister"),
                                       ("Winiewicz", "Deputy Foreign Minister")),
          ("TRYBUNA LUDU",), 2, 50, 2, 40, 2),
    _Post("CONAKRY", ("CONAKRY",), "conakry", ("Amembassy CONAKRY",), (("1962-01-01", "ATTWOOD"),), 5, "Guinean",
          ("the Guinean Government",), (("Toure", "President"), ("Beavogui", "Foreign Minister")), ("HOROYA",), 1.5,
          30, 1.5, 30, 1.5),
    _Post("DAKAR", ("DAKAR",), "dakar", ("Amembassy DAKAR",), (("1962-01-01", "KAISER"),), 5, "Senegalese",
          ("the Senegalese Government",), (("Senghor", "President"), ("Doudou Thiam", "Foreign Minister")), ("DAKAR-MATIN",),
          1, 30, 1.5, 30, 1.5),
    _Post("TOKYO", ("TOKYO",), "tokyo", ("Amembassy TOKYO",), (("1962-01-01", "REISCHAUER"),), 14, "Japanese",
          ("the GOJ", "the Japanese Government"), (("Ikeda", "Prime Minister"), ("Ohira", "Foreign Minister")),
          ("ASAHI", "MAINICHI"), 1.5, 200, 5, 150, 4),
    _Post("NEW DELHI", ("NEW DELHI",), "new-delhi", ("Amembassy NEW DELHI",), (("1962-01-01", "GALBRAITH"),), 10, "Indian",
          ("the GOI", "the Indian Government"), (("Nehru", "Prime Minister"), ("Desai", "Foreign Secretary"),
                                                 ("Krishna Menon", "Defense Minister")),
          ("HINDUSTAN TIMES", "STATESMAN"), 1.5, 200, 5, 150, 4),
    _Post("LISBON", ("LISBON",), "lisbon", ("Amembassy LISBON",), (("1962-01-01", "ELBRICK"),), 5, "Portuguese",
          ("the Portuguese Government",), (("Salazar", "Prime Minister"), ("Franco Nogueira", "Foreign Minister")),
          ("DIARIO DE NOTICIAS",), 1.5, 60, 2, 50, 2),
    _Post("MADRID", ("MADRID",), "madrid", ("Amembassy MADRID",), (("1962-01-01", "WOODWARD"),), 6, "Spanish",
          ("the Spanish Government",), (("Franco", "General"), ("Castiella", "Foreign Minister")), ("ABC", "YA"),
          1.5, 70, 2.5, 60, 2.5),
    _Post("BELGRADE", ("BELGRADE",), "belgrade", ("Amembassy BELGRADE",), (("1962-01-01", "KENNAN"),), 6, "Yugoslav",
          ("the Yugoslav Government",), (("Tito", "President"), ("Popovic", "Foreign Secretary")), ("BORBA", "POLITIKA"),
          1.5, 80, 3, 60, 2.5),
    _Post("PANAMA", ("PANAMA",), "panama", ("Amembassy PANAMA",), (("1962-01-01", "FARLAND"),), 0, "Panamanian",
          ("the GOP", "the Panamanian Government"), (("Chiari", "President"), ("Solis", "Foreign Minister")),
          ("LA ESTRELLA DE PANAMA",), 1.5, 50, 2, 40, 2),
    _Post("BOGOTA", ("BOGOTA",), "bogota", ("Amembassy BOGOTA",), (("1962-01-01", "FREEMAN"),), 0, "Colombian",
          ("the GOC", "the Colombian Government"), (("Valencia", "President"), ("Caicedo Castilla", "Foreign Minister")),
          ("EL TIEMPO",), 1, 60, 2, 50, 2),
    _Post("OSLO", ("OSLO",), "oslo", ("Amembassy OSLO",), (("1962-01-01", "WHARTON"),), 6, "Norwegian",
          ("the Norwegian Government",), (("Gerhardsen", "Prime Minister"), ("Lange", "Foreign Minister")),
          ("AFTENPOSTEN",), 1, 40, 1.5, 30, 1.5),
    _Post("COPENHAGEN", ("COPENHAGEN",), "copenhagen", ("Amembassy COPENHAGEN",), (("1962-01-01", "BLAIR"),), 6, "Danish",
          ("the Danish Government",), (("Krag", "Prime Minister"), ("Haekkerup", "Foreign Minister")),
          ("BERLINGSKE TIDENDE",), 1, 40, 1.5, 30, 1.5),
    _Post("GENEVA", ("GENEVA",), "geneva", ("USDEL GENEVA", "Amconsul GENEVA"),
          (("1962-01-01", "DEAN"), ("1963-01-01", "STELLE")), 6, "Conference",
          ("the Conference", "the Soviet delegation"), (("Tsarapkin", "Ambassador"), ("Kuznetsov", "Deputy Minister"),
                                                        ("Godber", "Minister"), ("Padilla Nervo", "Ambassador")),
          ("JOURNAL DE GENEVE",), 2, 150, 4, 120, 4),
)
_POST_BY_KEY = {p.key: p for p in _POSTS}
_POST_WEIGHTS = tuple(p.weight for p in _POSTS)

# Washington officials: (full name, surname, office symbol). Used for memoranda, drafters and clearances.
_STATE = (
    ("Dean Rusk", "Rusk", "S"), ("George W. Ball", "Ball", "G"), ("U. Alexis Johnson", "Johnson", "G"),
    ("George C. McGhee", "McGhee", "M"), ("W. W. Rostow", "Rostow", "S/P"), ("Roger Hilsman", "Hilsman", "INR"),
    ("William R. Tyler", "Tyler", "EUR"), ("Edwin M. Martin", "Martin", "ARA"), ("Harlan Cleveland", "Cleveland", "IO"),
    ("Abram Chayes", "Chayes", "L"), ("Llewellyn E. Thompson", "Thompson", "S/AL"),
    ("William H. Brubeck", "Brubeck", "S/S"), ("Benjamin H. Read", "Read", "S/S"),
    ("Jeffrey C. Kitchen", "Kitchen", "G/PM"), ("Raymond L. Garthoff", "Garthoff", "G/PM"),
    ("Richard H. Davies", "Davies", "EUR/SOV"), ("John H. Crimmins", "Crimmins", "ARA/CCA"),
    ("J. Robert Schaetzel", "Schaetzel", "G"), ("Thomas L. Hughes", "Hughes", "INR"),
)
_WHITE_HOUSE = (("McGeorge Bundy", "Bundy"), ("Theodore C. Sorensen", "Sorensen"), ("Michael V. Forrestal", "Forrestal"),
                ("Bromley Smith", "Smith"))
_DEFENSE = (("Robert S. McNamara", "McNamara"), ("Roswell L. Gilpatric", "Gilpatric"), ("Paul H. Nitze", "Nitze"),
            ("Maxwell D. Taylor", "Taylor"))
_CIA = (("John A. McCone", "McCone", "Director of Central Intelligence"),
        ("Ray S. Cline", "Cline", "Deputy Director (Intelligence)"),
        ("Sherman Kent", "Kent", "Chairman, Board of National Estimates"))
_US_MENTION = ("Ambassador Thompson", "Secretary McNamara", "Mr. McCloy", "Governor Stevenson", "General Taylor",
               "Mr. Bundy", "Under Secretary Ball", "the Secretary", "Mr. Nitze", "Mr. Hilsman", "Mr. Yost",
               "Mr. Tyler", "Ambassador Finletter", "Mr. McCone", "the Attorney General")
_SOVIET_MENTION = ("Kuznetsov", "Mikoyan", "Zorin", "Dobrynin", "Gromyko", "Chairman Khrushchev", "Bolshakov",
                   "Kuznetsov and Zorin")
_CUBAN_MENTION = ("Castro", "Dorticos", "Roa", "Che Guevara", "Raul Castro", "Garcia Inchaustegui", "Lechuga")
# Fallbacks for names mentioned in passing when content/registers/ has none.
_PERSONS = _SOVIET_MENTION[:6] + _CUBAN_MENTION[:4] + ("U Thant", "Macmillan", "de Gaulle", "Adenauer", "Nehru",
                                                       "Stikker", "Norstad", "Lemnitzer", "Hilsman", "Nitze")
_ORGS = ("NATO", "the NAC", "the OAS", "the Security Council", "EXCOM", "the Executive Committee", "USIA", "the JCS",
         "CINCLANT", "the Warsaw Pact", "the Organ of Consultation", "ACDA", "the Red Cross", "SHAPE")
_TERMS = ("IRBM sites", "MRBM sites", "the IL-28s", "the Jupiters", "Polaris", "the quarantine line", "SAM sites",
          "low-level reconnaissance", "the U-2 flights", "the Komar boats", "the MLF", "on-site inspection")

_ROUTING = ("G", "SP", "L", "H", "EUR", "IO", "ARA", "FE", "NEA", "AF", "INR", "P", "USIA", "RMR", "SAL", "NSC",
            "CIA", "OSD", "ARMY", "NAVY", "AIR", "NSA", "ACDA", "E", "AID", "S/AL", "G/PM", "O", "SOV", "UNP")
_TYPISTS = ("ck", "mw", "jb", "lp", "eh", "ks", "ak", "bm", "rf", "dh", "mjl", "jt", "pl", "nb")
_REVIEWERS = ("Elijah Kelly Jr.", "R. Long", "MCD", "J. Hartley", "D. Wilson", "K. Keller", "S. Dorn", "A. Castro",
              "W. P. Tuttle", "M. Brownell")


# =============================================================================================
# Prose: what the cables, memoranda and letters say
# =============================================================================================

# Topics follow the period, as the real traffic did: the Soviet build-up before 16 October, the
# missiles and the quarantine until the 28th, verification and the IL-28s in November, the wind-up and
# Nassau in December, the Jupiters and Soviet troops in early 1963.
_PERIODS = (
    (_dt.date(1962, 10, 15), (
        "Soviet arms shipments to Cuba", "the Soviet military build-up in Cuba@1962-08-01",
        "Soviet technicians in Cuba@1962-08-01", "Free World shipping to Cuba", "NATO controls on shipping to Cuba",
        "the Berlin access question", "the Soviet-Cuban fishing port agreement@1962-09-25",
        "surface-to-air missile sites in Cuba@1962-08-29", "the test ban talks at Geneva",
        "the informal meeting of OAS Foreign Ministers@1962-09-20", "the President's statement of September 13@1962-09-13",
        "the Congressional resolution on Cuba@1962-09-20", "Cuban subversion in the hemisphere",
        "the German peace treaty question", "the latest Soviet note on Berlin")),
    (_dt.date(1962, 10, 28), (
        "the Soviet offensive missiles in Cuba", "the quarantine@1962-10-22", "the OAS resolution of October 23@1962-10-23",
        "the Security Council debate@1962-10-23", "U Thant's proposal@1962-10-24", "the Jupiter missiles in Turkey",
        "Khrushchev's letter of October 26@1962-10-26", "Khrushchev's message of October 27@1962-10-27",
        "Soviet ships approaching the quarantine line@1962-10-23", "low-level reconnaissance over Cuba@1962-10-23",
        "the loss of the U-2 over Cuba@1962-10-27", "the alert of NATO forces@1962-10-22",
        "the President's address of October 22@1962-10-22", "the proposed Cuban-Turkish trade@1962-10-27",
        "the MRBM and IRBM sites in Cuba")),
    (_dt.date(1962, 11, 20), (
        "United Nations verification", "the IL-28 bombers", "Mikoyan's visit to Havana@1962-11-02", "Castro's five points",
        "Red Cross inspection of Soviet ships", "the withdrawal of the missiles", "the lifting of the quarantine",
        "assurances against invasion of Cuba", "aerial surveillance of Cuba", "U Thant's visit to Havana",
        "the exchange of letters between the President and Chairman Khrushchev", "the New York negotiations",
        "Soviet ships leaving Cuba", "the Sino-Indian border fighting")),
    (_dt.date(1962, 12, 31), (
        "the wind-up of the New York negotiations", "the draft declaration for the Security Council",
        "Soviet troops remaining in Cuba", "the Skybolt decision@1962-12-11", "the Nassau meeting@1962-12-15",
        "the multilateral force", "the release of the Bay of Pigs prisoners@1962-12-21", "the NATO Ministerial Meeting",
        "the President's press conference of November 20", "the non-invasion assurances",
        "Soviet ground forces in Cuba", "the future of the Jupiters")),
    (_dt.date(1963, 3, 31), (
        "the removal of the Jupiters from Turkey and Italy", "Polaris submarines in the Mediterranean",
        "the multilateral force negotiations", "Soviet troops in Cuba", "Cuban subversion in Latin America",
        "on-site inspection under a test ban", "General de Gaulle's press conference of January 14@1963-01-14",
        "the Franco-German treaty@1963-01-22", "the San Jose meeting@1963-02-15", "the direct communications link",
        "the Merchant mission@1963-02-01", "Soviet withdrawals from Cuba", "Cuban exile raids")),
)
# "topic@YYYY-MM-DD": not to be mentioned before that day (the event had not happened).
_PERIOD_TOPICS = tuple(
    (end, tuple((t.split("@")[0], _dt.date.fromisoformat(t.split("@")[1]) if "@" in t else _dt.date.min)
                for t in topics))
    for end, topics in _PERIODS)
_GENERAL_TOPICS = ("the Berlin question", "NATO consultation", "disarmament negotiations at Geneva",
                   "the situation in the Caribbean", "Soviet intentions", "Allied unity")

_VIEWS = (
    "the Soviets will seek to link {TOPIC} with other issues",
    "Khrushchev is more anxious to end the affair than his public statements suggest@1962-10-22",
    "the {ADJ} Government will support a firm line provided it is consulted in advance#ally#nat",
    "Castro will resist any form of on-site inspection@1962-10-28",
    "a prolonged haggle in the Security Council would serve Soviet rather than Western interests@1962-10-23",
    "public opinion here would not understand any trade involving the Jupiters@1962-10-27",
    "{TOPIC} will remain the central issue for some weeks",
    "any movement on {TOPIC} will depend on Soviet good faith",
    "the {ADJ} Government is more concerned about {TOPIC} than it has been willing to say publicly#nat",
    "the Soviets have not yet decided how far they are prepared to go",
    "the present calm may not last beyond the end of the month",
    "there is no basis for the rumors now circulating about {TOPIC}",
    "the line taken in the press reflects official thinking more closely than usual",
    "the Alliance has emerged from the crisis stronger than before@1962-10-28",
    "the smaller allies feel they were informed rather than consulted@1962-10-22",
    "the Soviets will try to use {TOPIC} to extract concessions elsewhere",
    "further pressure at this time would be counterproductive",
    "the {ADJ} military are pressing for a larger role in the planning#ally#nat",
    "the Government's position could change quickly if {CONDITION}",
    "the Cuban leadership is divided over the Soviet withdrawal@1962-10-28",
    "the opposition will make capital of {TOPIC} in the coming debate",
    "our position on {TOPIC} is well understood at the highest levels here",
    "the Soviet Ambassador has been unusually active in recent days",
    "the {ADJ} Government does not wish to appear to be acting under American pressure#ally#nat",
    "{TOPIC} has made a deep impression on official circles here",
    "a decision is unlikely before the Cabinet meets next week",
    "Soviet policy is now in a phase of tactical retreat@1962-10-28",
    "the Chinese will exploit any sign of Soviet weakness",
    "{SOV} would not have spoken as he did without instructions from Moscow",
    "the quarantine has had a salutary effect on opinion throughout the hemisphere@1962-10-23",
    "the Latin American governments will not support further action without a new OAS resolution",
    "the Soviets regard {TOPIC} as a test of our resolve",
)
_USPOS = (
    "the United States could not accept any arrangement which left offensive weapons in Cuba@1962-10-22",
    "the quarantine would remain in effect until effective verification arrangements were agreed@1962-10-22",
    "the President's statement of {DATEM} remained our position",
    "we had no intention of linking Cuba with Berlin or with NATO bases@1962-10-22",
    "any inspection of the United States would require inspection of the Soviet Union@1962-10-27",
    "we would consult fully with our allies before taking any further step",
    "the Jupiters were a NATO matter and could not be traded for Soviet withdrawal from Cuba@1962-10-27",
    "we were prepared to give assurances against invasion once the weapons had been removed under UN supervision@1962-10-27",
    "we regarded {TOPIC} as a matter for the Alliance as a whole",
    "we would not be drawn into a long and fruitless debate over {TOPIC}",
    "our aerial surveillance would continue until adequate UN arrangements were in place@1962-10-28",
    "we did not intend to make any public statement on {TOPIC} at this time",
    "the United States welcomed {ADJ} support and would keep the Government fully informed#ally#nat",
    "the IL-28s were offensive weapons within the meaning of the President's statement@1962-10-28",
    "we were ready to discuss {TOPIC} once the Cuban question had been settled@1962-10-22",
)
_ACTIONS = (
    "press for early agreement on {TOPIC}", "avoid any implication that we are trading allied interests",
    "consult the North Atlantic Council before taking further steps", "keep the OAS fully informed",
    "make clear that the quarantine will remain until {CONDITION}@1962-10-22", "defer any public statement on {TOPIC}",
    "seek an early meeting of the Security Council", "explore the possibility of a Summit meeting",
    "draw the {ADJ} Government into closer consultation#ally#nat", "hold open the possibility of a broader settlement",
    "obtain the earliest possible removal of the IL-28s@1962-10-28", "reassure the Turks on {TOPIC}",
    "test Soviet intentions on {TOPIC}", "put the matter on ice for the time being",
    "give the Soviets a face-saving way out@1962-10-22", "concert our position with the British and French",
)
_CONDITIONS = (
    "verification arrangements are in place@1962-10-22", "the IL-28s have been removed@1962-10-28", "the Soviets give satisfactory assurances",
    "UN observers are admitted to Cuba@1962-10-28", "the Council has had an opportunity to consider the matter",
    "the Prime Minister returns to the capital", "the Soviet reply is received", "Castro agrees to some form of inspection@1962-10-28",
    "the Cabinet has met", "we have had a chance to consult the other allies", "the weapons have left Cuba@1962-10-28",
)
_REQUESTS = (
    "instructions soonest", "guidance before my meeting with {OFF} tomorrow",
    "text of the President's statement as soon as available", "authority to inform the Government of {TOPIC}",
    "Department's comments by opening of business", "latest reconnaissance findings for use with the Government",
    "Department's views on {TOPIC}", "confirmation that we may use the points in {USOFF}'s briefing",
)
_TIMES = ("this morning", "late last night", "at noon today", "yesterday afternoon", "this afternoon",
          "early this morning", "at his residence this evening")
_ASSESS = ("generally favorable", "more reserved than expected", "cautious but sympathetic", "sharply critical",
           "firm and unequivocal", "confused", "surprisingly calm", "divided")
_SOURCES = ("a usually reliable source in the Foreign Ministry", "our British colleague", "press reports",
            "a member of the Prime Minister's staff", "[]", "the Italian Ambassador here", "a Soviet Embassy officer",
            "the Papal Nuncio", "an official of the Secretariat")
_TONES = ("cordial", "businesslike", "tense", "friendly but reserved", "frank", "somewhat strained")
_DURATIONS = ("an hour", "forty minutes", "nearly two hours", "twenty minutes", "an hour and a half")

# Incoming cables: telegraphese, upper-cased when rendered. Two sentences of one shape never follow.
_IN_SENTENCES = (
    "{OFF} called me in {TIME} to give {GOVT} reaction to {TOPIC}.",
    "He said {GOVT} fully supports US position on {TOPIC} but hoped we would {ACTION}.#ally",
    "{OFF} expressed concern that {VIEW}.",
    "I told him that {USPOS}.",
    "In reply to my question he said {GOVT} had no RPT no information on {TOPIC} beyond press reports.",
    "Comment: {VIEWC}.",
    "Embassy believes {VIEW}.",
    "Will report further as soon as {CONDITION}.",
    "Press here gives heavy play to {TOPIC}, with {PAPER} taking line that {VIEW}.",
    "{OFF} remarked privately that {VIEW}.",
    "Action requested: {REQUEST}.",
    "Department will wish to note that {VIEW}.",
    "{OFF} asked whether we intended to {ACTION}. I replied that {USPOS}.",
    "According to {SOURCE}, {VIEW}.",
    "We have no RPT no indication that {VIEW}.",
    "{OFF} also raised question of {TOPIC2}, on which he appeared less well informed.",
    "He added that {GOVT} would not RPT not take any public position on {TOPIC} before {CONDITION}.",
    "Conversation lasted {DURATION} and was {TONE} throughout.",
    "{OFF} read me text of instructions to {ADJ} Ambassador in Washington on {TOPIC}.",
    "FYI: {VIEWC}. End FYI.",
    "I pointed out that {USPOS} and that {USPOS2}.",
    "{OFF} made following points: (A) {VIEW}; (B) {VIEW2}.",
    "It is our impression that {VIEW}, although {OFF} was careful not to say so directly.",
    "Members of {ORG} with whom we have spoken take view that {VIEW}.",
    "{PERSON} was not present but {OFF} said he had been kept informed.",
    "Question of {TERM} was not raised.",
    "Reaction of {GOVT} to {TOPIC} has been {ASSESS}.",
    "Believe Department should be aware that {VIEW}.",
    "Will see {OFF} again {WHEN} and will report.",
    "{OFF} stated categorically that {GOVT} would stand by its Alliance commitments.#ally",
    "{OFF} said he was speaking personally and without instructions.",
    "I said I would report his views to Washington at once.",
    "{OFF} asked that his remarks be treated in strict confidence.",
    "In general discussion which followed {OFF} took line that {VIEW}.",
    "There was no mention of {TOPIC2}.",
    "We are checking this report with other sources.",
    "{PAPER} this morning carries full text of President's statement.",
    "Following is summary of {ADJ} position as outlined to me by {OFF}:",
    "He emphasized that {GOVT} wished to avoid any action that might be misunderstood in Moscow.",
    "Public reaction here remains calm.",
    "According to {SOURCE}, {OFF} will raise {TOPIC} in Cabinet {WHEN}.",
    "This is first indication we have had that {VIEW}.",
    "{OFF} appeared tired but confident.",
)
# Outgoing cables: the Department instructing a post, usually typed in mixed case.
_OUT_SENTENCES = (
    "You should see {OFF} {WHEN} and inform him that {USPOS}.",
    "You may draw on following points: (a) {USPOS}; (b) {USPOS2}.",
    "Department concurs in your view that {VIEW}.",
    "We do not RPT not wish to {ACTION} at this stage.",
    "In your discretion you may inform {OFF} that {USPOS}.",
    "FYI: {VIEWC}. End FYI.",
    "Report reaction soonest.",
    "We are concerned that {VIEW}.",
    "Department's preliminary reaction is that {VIEW}.",
    "It is essential that {GOVT} understand that {USPOS}.",
    "You should emphasize that {USPOS}.",
    "Request you {ACTION} and report results by {DEADLINE}.",
    "If {OFF} raises question of {TOPIC}, you should reply that {USPOS}.",
    "We anticipate that {TOPIC} can well be discussed at Geneva in connection with {TOPIC2}.",
    "Other addressees may draw on foregoing in discussions with host governments.",
    "This message has been cleared with the White House.",
    "For your information, {USOFF} will see {SOV} {WHEN}.",
    "We believe it important to {ACTION}.",
    "You should make clear that we do not REPEAT not intend to {ACTION}.",
    "Ways and means of ending the matter should be governed by this requirement.@1962-10-28",
    "We note with interest that {VIEW}.",
    "There is no need to raise {TERM} unless {OFF} does so.",
    "We would appreciate your assessment of whether {VIEW}.",
    "Department has no objection to your discussing {TOPIC} with {OFF}.",
    "Septel contains instructions on {TOPIC}.",
    "You should not RPT not take initiative in raising {TOPIC}.",
    "Department would welcome your comments on {TOPIC} before {DEADLINE}.",
    "We are informing the British and French along similar lines.",
    "Purpose of your approach should be to {ACTION}.",
    "You may tell {OFF} in confidence that {USPOS}.",
    "Department leaves timing of your approach to your discretion.",
    "Please inform Department immediately of any change in {ADJ} position.",
    "Our own assessment is that {VIEW}.",
    "Ambassador Thompson concurs.",
)
# Memoranda: the formal register of S/P, INR and the White House staff.
_MEMO_SENTENCES = (
    "The {ADJ} reaction to {TOPIC} has been {ASSESS}.",
    "We believe that {VIEW}.",
    "It is essential that we {ACTION}.",
    "The risk that {VIEW} is, in our judgment, real but limited.",
    "This may not be feasible.",
    "If so, we shall have to {ACTION}.",
    "Our purpose in any negotiation should be to {ACTION}.",
    "{USOFF} has suggested that we {ACTION}.",
    "These alternatives are not wholly mutually exclusive.",
    "Speed is of the essence, since {VIEW}.",
    "We should make clear, in any discussions with the Soviets, that {USPOS}.",
    "On balance, the advantages of such a course appear to outweigh the disadvantages.",
    "The attached paper examines {TOPIC} in more detail.",
    "A decision on {TOPIC} will be needed before {DEADLINE}.",
    "It would be a mistake to assume that {VIEW}.",
    "In the light of {TOPIC}, I recommend that you authorize us to {ACTION}.",
    "{ORG} has not yet considered {TOPIC}, but we expect that {VIEW}.",
    "There is some evidence that {VIEW}.",
    "The actual situation may include both some diplomatic progress and some increased pressure.",
    "Failure on either of these fronts could undermine the Alliance.",
    "We must avoid any implication that we are trading off pre-crisis allied interests.",
    "{PERSON}'s remarks of {DATEM} suggest that {VIEW}.",
    "The question of {TERM} will have to be dealt with separately.",
    "We have considered whether to {ACTION}, and we do not recommend it at this time.",
    "Three considerations bear on this question.",
    "This paper has been coordinated with the interested regional Bureaus and ACDA.",
    "It is recommended that you approve the course of action outlined above.",
    "The Joint Chiefs have been consulted and concur.",
    "We have had no reply from the Soviets on {TOPIC}.",
    "The British, for their part, believe that {VIEW}.",
    "We expect the Soviets to raise {TOPIC} in any case.",
    "Ambassador Thompson believes that {VIEW}.",
    "The danger is that {VIEW}.",
    "I see no alternative to this course.",
    "The Soviets have so far given no sign that they would accept {TOPIC} as a basis for discussion.",
)
# Memoranda of conversation: who said what, in the third person.
_MEMCON_SENTENCES = (
    "{PART} said that {VIEW}.", "The Secretary replied that {USPOS}.", "{PART} asked whether we intended to {ACTION}.",
    "The Secretary said he would have to consult the President before giving a definite answer.",
    "{PART} remarked that {VIEW}.", "In reply, the Secretary pointed out that {USPOS}.",
    "{PART} said he had no instructions on {TOPIC} but would report the conversation at once.",
    "There was some discussion of {TOPIC2}.", "{PART} then raised the question of {TOPIC}.",
    "The Secretary emphasized that {USPOS}.", "{PART} said his Government hoped we would {ACTION}.",
    "The conversation ended with agreement to meet again {WHEN}.", "{PART} handed over a note on {TOPIC}.",
    "Mr. Thompson observed that {VIEW}.",
)
_MEMO_HEADINGS = ("Background", "Soviet Intentions", "Allied Interests", "Basic Strategy", "Verification",
                  "Recommendations", "Timing", "Public Posture", "Consultation with Allies", "Military Aspects",
                  "The Berlin Link", "OAS Action", "Next Steps", "Discussion", "Conclusions", "Level",
                  "Prior Action", "Negotiations", "Arms Control", "Action")
_LETTER_SENTENCES = (
    "I have read your letter of {DATEM} with great care.",
    "I welcome the statement of your desire to seek a prompt solution to the problem.",
    "The first thing that needs to be done, however, is for {CONDITION_L}.@1962-10-22",
    "I would like to say again that the United States is very much interested in reducing tensions.",
    "I hope we can quickly agree along the lines outlined in this letter.",
    "As I read your letter, the key elements of your proposals seem generally acceptable as I understand them.@1962-10-26",
    "We have no desire to prolong this discussion beyond what the situation requires.",
    "I am sure you will understand the importance we attach to {TOPIC}.",
    "Perhaps our two governments could now turn to {TOPIC}.#nat",
    "I should like to express my appreciation for the spirit in which your message was written.",
    "The effect of such a settlement on easing world tensions would enable us to work toward a more general arrangement.@1962-10-26",
    "I have given my representatives in New York instructions to continue their work on {TOPIC}.@1962-10-27",
    "We, for our part, shall do nothing that would complicate the situation.",
    "I regard with respect and trust the statement you made in your message of {DATEM}.",
    "I was glad to receive your message of {DATEM}.",
    "Your message has been given the most careful study here.",
    "It is my hope that the understanding we have reached will be carried out promptly.@1962-10-28",
    "I must tell you frankly that we cannot accept any arrangement that leaves offensive weapons in Cuba.@1962-10-22",
    "We have noted with satisfaction the progress made in New York.@1962-10-29",
    "There remains, however, {TOPIC}.",
    "The people of the United States share a deep desire for peace.",
    "I am instructing Ambassador Stevenson to discuss these matters with your representatives.#nat",
    "My Government has no aggressive intentions against Cuba or any other country.",
    "It would be helpful if your representatives could be given similar instructions.#nat",
    "I see no reason why we should not be able to complete these arrangements within a few days.@1962-10-27",
    "These are not easy questions, but I am convinced they can be resolved.",
    "I hope you will give these thoughts your careful consideration.",
    "The removal of these weapons would open the way to progress on other questions.@1962-10-22",
    "I should like to turn now to {TOPIC}.",
    "In this connection I should mention {TOPIC}.",
    "It is not our purpose to humiliate anyone.",
    "I am grateful for your personal efforts in this matter.",
    "We are prepared to cooperate fully with the United Nations in this task.@1962-10-24",
    "I trust that your Government will take the steps necessary to bring this matter to a close.#nat",
    "Our Governments have a common responsibility to ensure that such a crisis does not recur.@1962-10-28#nat",
    "Time is short, and I think it important that we act promptly.",
    "I have asked that you be kept informed of our views as the discussions proceed.",
    "I look forward to continuing our correspondence on these matters.",
    "The next step, I believe, is to put these understandings into a form acceptable to both sides.",
    "Nothing in this letter should be read as a change in the position we have taken publicly.",
)
# The Chairman's letters as the Embassy's or the State Department's translators rendered them.
_SOVIET_LETTER_SENTENCES = (
    "I have received your message of {DATEM}.",
    "I regard with respect and trust the statement you made in your message of {DATEM}.",
    "We, for our part, shall do nothing that would complicate the situation.",
    "The Soviet Government has given the necessary instructions.@1962-10-28",
    "I understand your concern for the security of the United States, Mr. President.",
    "We have always held that {TOPIC} can be settled by negotiation.",
    "The Soviet people want peace no less than the American people.",
    "I must say frankly that we cannot agree with your interpretation of {TOPIC}.",
    "We consider that the question of {TERM} should be examined in the United Nations.",
    "Our representatives in New York have been instructed accordingly.@1962-10-28",
    "I believe that if we show good will we can find a way out of this situation.",
    "We are prepared to continue the exchange of views on {TOPIC}.",
    "It is necessary that both sides show restraint.",
    "You will understand that Cuba is a sovereign state and that its Government must decide this question.",
    "We attach great importance to the assurances given in your message.@1962-10-28",
    "I should like to say a few words about {TOPIC}.",
    "We do not wish to prolong this matter.",
    "Such is our view, and I hope it will meet with understanding on your part.",
)
# The Acting Secretary-General writing to heads of government.
_UN_LETTER_SENTENCES = (
    "I have the honour to refer to your message of {DATEM}.",
    "I have been in touch with the representatives of the parties concerned.",
    "In my view it is essential that both sides refrain from any action that may aggravate the situation.",
    "I would be grateful for your early reply.",
    "The Secretariat stands ready to assist in any way the parties may wish.",
    "I have discussed {TOPIC} with the Permanent Representative of the Soviet Union.",
    "It is my earnest hope that {TOPIC} can be settled within the framework of the Charter.",
    "I should be glad to receive any suggestions you may wish to make on {TOPIC}.",
    "My discussions in Havana were frank and cordial.@1962-11-01",
    "I am conscious of the grave responsibility that rests upon all of us.",
    "I intend to report to the Security Council on these matters in due course.",
    "I have asked General Rikhye to remain available for consultation.",
)
_CONDITIONS_L = ("work to cease on the offensive missile bases in Cuba@1962-10-22",
                 "the IL-28 bombers to be removed within thirty days@1962-11-01",
                 "effective United Nations arrangements to be put in place@1962-10-24",
                 "all weapons systems in Cuba capable of offensive use to be rendered inoperable@1962-10-22",
                 "our representatives at Geneva to be given new instructions",
                 "both sides to refrain from any step that would make a Berlin settlement harder")
_REF_SENTENCES_CAPS = (
    "As reported {REF}, {VIEW}.", "{REF} crossed with this message.", "Para 2 {REF} refers.",
    "We have taken action requested {REF}.", "Followed this with gist {REF}.",
    "Substance of {REF} conveyed to {OFF} {TIME}.", "This supplements {REF}.",
)
# The Department's side: acknowledging, answering and correcting the posts' cables.
_REF_SENTENCES_OUT = (
    "Re {REF}.", "{REF} received.", "Department has noted {REF}.", "As you will have seen from {REF}, {VIEW}.",
    "This replies to {REF}.", "Para 2 {REF} refers.", "Action proposed {REF} approved.",
    "Department concurs in recommendation {REF}.",
)
_REF_SENTENCES_MEMO = (
    "As reported in {REF}, {VIEW}.", "The proposal in {REF} deserves careful study.",
    "(See {REF}.)", "{REF} sets out the position of the Embassy.",
    "We have instructed the Embassy along these lines ({REF}).",
)

# Letters: (from, salutation, signature line, to, place-of-origin heading)
_LETTERS = (
    ("John F. Kennedy", "Dear Mr. Chairman:", "/s/ John F. Kennedy", "Nikita S. Khrushchev", "THE WHITE HOUSE"),
    ("Nikita S. Khrushchev", "Dear Mr. President,", "N. KHRUSHCHEV", "John F. Kennedy", "Unofficial Translation"),
    ("John F. Kennedy", "Dear Prime Minister:", "/s/ John F. Kennedy", "Harold Macmillan", "THE WHITE HOUSE"),
    ("John F. Kennedy", "Dear General de Gaulle:", "John F. Kennedy", "Charles de Gaulle", "THE WHITE HOUSE"),
    ("John F. Kennedy", "Dear Mr. Chancellor:", "/s/ John F. Kennedy", "Konrad Adenauer", "THE WHITE HOUSE"),
    ("Adlai E. Stevenson", "Dear Mr. Secretary-General:", "/s/ Adlai E. Stevenson", "U Thant",
     "UNITED STATES MISSION TO THE UNITED NATIONS"),
    ("U Thant", "Dear Mr. President,", "U Thant", "John F. Kennedy", "UNITED NATIONS"),
    ("Dean Rusk", "Dear Mr. Ambassador:", "/s/ Dean Rusk", "Anatoly F. Dobrynin", "THE SECRETARY OF STATE"),
    ("John F. Kennedy", "Dear Mr. Secretary-General:", "/s/ John F. Kennedy", "U Thant", "THE WHITE HOUSE"),
    ("Dean Rusk", "Dear Adlai:", "*Dean*\nDean Rusk", "Adlai E. Stevenson", "THE SECRETARY OF STATE"),
)


_LETTER_POST = {"Nikita S. Khrushchev": "MOSCOW", "Harold Macmillan": "LONDON", "Charles de Gaulle": "PARIS",
                "Konrad Adenauer": "BONN"}
_ADDRESS_BLOCK = {
    "Nikita S. Khrushchev": ("His Excellency", "Nikita S. Khrushchev", "Chairman of the Council of Ministers",
                             "of the Union of Soviet Socialist Republics", "Moscow"),
    "John F. Kennedy": ("His Excellency", "John F. Kennedy", "President of the United States of America", "Washington"),
    "Harold Macmillan": ("The Right Honorable", "Harold Macmillan, M.P.", "Prime Minister", "London"),
    "U Thant": ("His Excellency", "U Thant", "Acting Secretary-General of the United Nations", "New York"),
    "Adlai E. Stevenson": ("The Honorable", "Adlai E. Stevenson", "United States Representative to the United Nations",
                           "New York"),
    "Charles de Gaulle": ("His Excellency", "General Charles de Gaulle", "President of the French Republic", "Paris"),
    "Konrad Adenauer": ("His Excellency", "Dr. Konrad Adenauer", "Chancellor of the Federal Republic of Germany", "Bonn"),
    "Anatoly F. Dobrynin": ("His Excellency", "Anatoly F. Dobrynin",
                            "Ambassador of the Union of Soviet Socialist Republics", "Washington"),
}


# =============================================================================================
# Registers (optional): names mentioned in passing
# =============================================================================================

_FORM_RE = re.compile(r"^[A-Za-z][A-Za-z .'\-]{1,38}[A-Za-z.]$")
# Register terms that are telegram vocabulary or form labels, not things a cable discusses: using them
# as topics would plant false references ("QUESTION OF DEPTTEL") and nonsense.
_NOT_TOPICS = frozenset(("CIRCTEL", "CIRCTELS", "CIRC", "CIRCULAR TELEGRAM", "DEPCIRTEL", "DEPCIRTELS", "DEPTTEL",
                         "DEPTTELS", "DEPTEL", "DEPTELS", "EMBTEL", "EMBTELS", "EYES ONLY", "FONOFF", "GOVT", "NIACT",
                         "NLK", "NSF", "PARA", "PERMREP", "PERMREPS", "PERM REP", "PERM REPS", "POLTO", "POLTOS",
                         "REFTEL", "REFTELS", "RPT", "REPEAT", "SC", "SOONEST", "TOPOL", "TOPOLS", "UN", "URTEL",
                         "REURTEL", "USUN", "WIRELESS BULLETIN", "CHARGÉ", "CHARGE", "AIRGRAM", "MEMCON", "EMBASSY"))
_REGISTER_KIND = {"persons": "person", "person": "person", "people": "person", "places": "place", "place": "place",
                  "orgs": "org", "org": "org", "organizations": "org", "organisations": "org", "terms": "term",
                  "term": "term"}


def _default_registers_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "content" / "registers"


def load_register_forms(registers_dir: Optional[Path]) -> dict[str, tuple[str, ...]]:
    """``content/registers/*.yaml`` → ``{"person": forms, "org": forms, "term": forms, "place": forms}``.

    Any mapping with a ``forms:`` list counts as an entry; its kind comes from ``type``/``kind`` or the
    file name. Forms that could be mistaken for transcription marks are skipped. A missing or
    unreadable folder gives empty lists (the generator then uses its own lists)."""
    out: dict[str, list[str]] = {"person": [], "place": [], "org": [], "term": []}
    if registers_dir is None or not registers_dir.is_dir():
        return {k: () for k in out}
    try:
        import yaml
    except ImportError:  # pragma: no cover - pyyaml is a dependency
        return {k: () for k in out}

    def walk(node, default_kind):
        if isinstance(node, dict):
            kind = _REGISTER_KIND.get(str(node.get("type") or node.get("kind") or "").lower(), default_kind)
            forms = node.get("forms")
            if isinstance(forms, list) and kind in out:
                good = [f.strip() for f in forms if isinstance(f, str) and _FORM_RE.match(f.strip())
                        and f.strip().upper() not in _NOT_TOPICS]
                if good:
                    out[kind].append(good[0])  # the first form is the usual one; variants stay rarer
                    out[kind].extend(good[1:2])
            for value in node.values():
                if isinstance(value, (dict, list)):
                    walk(value, default_kind)
        elif isinstance(node, list):
            for value in node:
                walk(value, default_kind)

    for path in sorted(registers_dir.glob("*.yaml")) + sorted(registers_dir.glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except Exception:  # a register being edited mid-run must not break the generator
            continue
        walk(data, _REGISTER_KIND.get(path.stem.lower(), "term"))
    return {k: tuple(v) for k, v in out.items()}


# =============================================================================================
# Small helpers
# =============================================================================================


_TOPICS_ON: dict[_dt.date, tuple[str, ...]] = {}


def _period_topics(day: Optional[_dt.date]) -> tuple[str, ...]:
    """The topics of the day's period that had already happened on ``day`` (never fewer than five)."""
    cached = _TOPICS_ON.get(day)  # type: ignore[arg-type]
    if cached is not None:
        return cached
    _TOPICS_ON[day] = found = _topics_on(day)  # type: ignore[index]
    return found


def _topics_on(day: Optional[_dt.date]) -> tuple[str, ...]:
    if day is None:
        day = _dt.date(1962, 11, 5)
    found: list[str] = []
    for i, (end, topics) in enumerate(_PERIOD_TOPICS):
        if day <= end or i == len(_PERIOD_TOPICS) - 1:
            found = [t for t, since in topics if since <= day]
            if len(found) < 5 and i > 0:
                found += [t for t, since in _PERIOD_TOPICS[i - 1][1] if since <= day]
            break
    return tuple(found)


_ON_DAY: dict[tuple, tuple[str, ...]] = {}
# Posts whose hosts were not allies, and missions to international bodies (no "{ADJ} Government").
_NOT_ALLIED = frozenset(("MOSCOW", "WARSAW", "BERN", "BELGRADE", "CONAKRY", "NEW DELHI", "GENEVA", "USUN"))
_NOT_NATIONAL = frozenset(("USUN", "USRO", "GENEVA", "BERLIN"))


def _template_ok(t: str, day: _dt.date, ally: bool, national: bool) -> Optional[str]:
    """A template without its conditions, or None when it cannot be said: "…@1962-10-28" not before
    that day, "…#ally" not by a Soviet-bloc or neutral government, "…#nat" not of a mission to an
    international body ("the UN Government")."""
    while "#" in t:
        t, flag = t.rsplit("#", 1)
        if (flag == "ally" and not ally) or (flag == "nat" and not national):
            return None
    if "@" in t:
        t, since = t.split("@")
        if _dt.date.fromisoformat(since) > day:
            return None
    return t


def _on_day(pool: tuple, day: Optional[_dt.date], ally: bool = True, national: bool = True) -> tuple[str, ...]:
    """The templates of ``pool`` that can be said on ``day`` at a post (no one wrote of the IL-28s'
    removal in August). Cached, so a pool keeps one identity per day and post type."""
    day = day or _dt.date(1962, 11, 5)
    key = (pool, day, ally, national)
    found = _ON_DAY.get(key)
    if found is None:
        found = tuple(x for x in (_template_ok(t, day, ally, national) for t in pool) if x is not None)
        _ON_DAY[key] = found
    return found


def _pick(rng: random.Random, seq):
    """``rng.choice`` at a third of the cost (one C call): the generator makes millions of these."""
    return seq[int(rng.random() * len(seq))]


def _randint(rng: random.Random, a: int, b: int) -> int:
    return a + int(rng.random() * (b - a + 1))


def _long_date(d: _dt.date) -> str:
    return f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"


def _hhmm(h: int, m: int) -> str:
    return f"{h:02d}:{m:02d}"


def _ampm(h: int, m: int, style: int) -> str:
    """24-hour time → the telegram's "8 PM" / "8:30 P.M." / "NOON"."""
    if h == 12 and m == 0 and style == 2:
        return "NOON"
    suffix = ("PM", "P.M.", "PM")[style] if h >= 12 else ("AM", "A.M.", "AM")[style]
    h12 = h % 12 or 12
    return f"{h12}:{m:02d} {suffix}" if m else f"{h12} {suffix}"


def _memo_time(h: int, m: int) -> str:
    return f"{h % 12 or 12}:{m:02d} {'p.m.' if h >= 12 else 'a.m.'}"


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _surname(name: str) -> str:
    return name.replace("/s/", "").strip().split()[-1].strip(".,")


class _Slots(dict):
    """Template slots for one document: fixed values are items, the rest are drawn on each use."""

    def __init__(self, rng: random.Random, gens: dict[str, Callable[["_Slots"], str]]):
        super().__init__()
        self.rng = rng
        self.rand = rng.random
        self.gens = gens

    def __missing__(self, key: str) -> str:
        return self.gens[key](self)


def _official(s: _Slots) -> str:
    name, title = _pick(s.rng, s["_officials"])
    r = s.rng.random()
    if r < 0.45:
        return name
    if r < 0.85:
        return f"{title} {name}"
    return f"the {title}"


_WHENS = ("tomorrow", "at the earliest opportunity", "before the weekend", "on Monday", "this afternoon",
          "as soon as possible", "within the next few days")
_DEADLINES = ("the end of the week", "Monday", "the next Council meeting", "close of business",
              "the President's press conference", "the weekend")


def _fixed(seq: tuple) -> Callable[[_Slots], str]:
    """A slot filled with one of ``seq`` (a closure: the hot path of the generator, kept to one call)."""
    n = len(seq)
    return lambda s: seq[int(s.rand() * n)]


def _nested(seq: tuple) -> Callable[[_Slots], str]:
    """A slot filled with one of ``seq``, itself a template with slots."""
    n = len(seq)
    return lambda s: seq[int(s.rand() * n)].format_map(s)


def _per_doc(name: str) -> Callable[[_Slots], str]:
    """A slot filled from the document's own list (its post's officials, topics of its day…)."""
    return lambda s: (lambda seq: seq[int(s.rand() * len(seq))])(s[name])


def _per_doc_nested(name: str) -> Callable[[_Slots], str]:
    return lambda s: (lambda seq: seq[int(s.rand() * len(seq))])(s[name]).format_map(s)


_GENS: dict[str, Callable[[_Slots], str]] = {
    "TOPIC": _per_doc("_topics"),
    "TOPIC2": _per_doc("_topics2"),
    "VIEW": _per_doc_nested("_views"),
    "VIEW2": _per_doc_nested("_views"),
    "VIEWC": lambda s: (lambda v: v[:1].upper() + v[1:])(_pick(s.rng, s["_views"]).format_map(s)),
    "USPOS": _per_doc_nested("_uspos"),
    "USPOS2": _per_doc_nested("_uspos"),
    "ACTION": _per_doc_nested("_actions"),
    "CONDITION": _per_doc("_conditions"),
    "CONDITION_L": _per_doc("_conditions_l"),
    "REQUEST": _nested(_REQUESTS),
    "TIME": _fixed(_TIMES),
    "ASSESS": _fixed(_ASSESS),
    "SOURCE": _fixed(_SOURCES),
    "TONE": _fixed(_TONES),
    "DURATION": _fixed(_DURATIONS),
    "OFF": _official,
    "GOVT": _per_doc("_govts"),
    "PAPER": _per_doc("_papers"),
    "USOFF": _fixed(_US_MENTION),
    "SOV": _fixed(_SOVIET_MENTION),
    "PERSON": _per_doc("_persons"),
    "ORG": _per_doc("_orgs"),
    "TERM": _per_doc("_terms"),
    "WHEN": _fixed(_WHENS),
    "DATEM": lambda s: s["_datem"](),
    "DEADLINE": _fixed(_DEADLINES),
}


# =============================================================================================
# The plan: files, documents, numbers, references
# =============================================================================================


class _Doc:
    """One planned document: its true metadata plus how it is to be drawn."""

    __slots__ = ("kind", "direction", "date", "time", "frm", "to", "number", "precedence", "classification",
                 "caveats", "subject", "signers", "sections", "witnesses", "refs", "received", "control", "post",
                 "variant", "pages", "info", "series", "letter", "num", "id", "order", "extra")

    def __init__(self, kind: str, variant: str):
        self.kind, self.variant = kind, variant
        self.direction = self.time = self.frm = self.to = self.number = self.precedence = None
        self.classification = self.subject = self.received = self.control = self.post = None
        self.series = self.letter = self.num = None
        self.date: Optional[_dt.date] = None
        self.caveats: list[str] = []
        self.signers: list[str] = []
        self.sections, self.witnesses, self.pages = 1, 1, 1
        self.refs: list[list] = []  # [text (filled at rendering), key, target id or None, space]
        self.info: list[tuple[str, str]] = []
        self.id = ""
        self.order = 0.0
        self.extra: dict = {}


class _File:
    __slots__ = ("docs", "name", "order", "index")

    def __init__(self, docs: list[_Doc], order: tuple):
        self.docs, self.order, self.name, self.index = docs, order, "", 0


_CUM: dict[tuple, tuple[list[float], float]] = {}


def _pick_weighted(rng: random.Random, items, weights):
    """One of ``items`` with the given weights (cumulative sums cached per weights tuple)."""
    if not isinstance(weights, tuple):  # a short list built on the spot: scan it
        x = rng.random() * sum(weights)
        for item, w in zip(items, weights):
            x -= w
            if x < 0:
                return item
        return items[-1]
    cached = _CUM.get(weights)  # keyed by value: an id() could be reused by another tuple
    if cached is None:
        cum, total = [], 0.0
        for w in weights:
            total += w
            cum.append(total)
        cached = _CUM[weights] = (cum, total)
    cum, total = cached
    return items[min(len(items) - 1, bisect.bisect_right(cum, rng.random() * total))]


def _random_day(rng: random.Random) -> _dt.date:
    if rng.random() < 0.5:
        return _CRISIS0 + _dt.timedelta(days=int(rng.triangular(0, _CRISIS_DAYS, 12)))
    return _DAY0 + _dt.timedelta(days=rng.randrange(_SPAN_DAYS))


_CLASS_LEVELS = ("SECRET", "CONFIDENTIAL", "TOP SECRET", "UNCLASSIFIED", "LIMITED OFFICIAL USE")


def _classify(rng: random.Random, doc: _Doc, allow_none: bool = False) -> None:
    if allow_none and rng.random() < 0.25:
        doc.classification = None
        return
    level = _pick_weighted(rng, _CLASS_LEVELS, (46, 24, 16, 9, 5))
    doc.classification = level
    caveats: list[str] = []
    r = rng.random()
    if level == "TOP SECRET":
        if r < 0.45:
            caveats.append("SENSITIVE")
        elif r < 0.8:
            caveats.append("EYES ONLY")
    elif level == "SECRET":
        if r < 0.25:
            caveats.append("EYES ONLY")
        elif r < 0.3:
            caveats.append("NOFORN")
        elif r < 0.36:
            caveats.append("SPECIAL HANDLING")
    elif level == "CONFIDENTIAL" and r < 0.1:
        caveats.append("LIMIT DISTRIBUTION")
    doc.caveats = caveats


def _pick_post(rng: random.Random, exclude=()) -> _Post:
    while True:
        post = _pick_weighted(rng, _POSTS, _POST_WEIGHTS)
        if post.key not in exclude:
            return post


def _plan_telegram(rng: random.Random, day: _dt.date, incoming: bool, force: str = "") -> _Doc:
    d = _Doc("telegram", force or "plain")
    d.direction = "incoming" if incoming else "outgoing"
    d.date = day
    _classify(rng, d)
    post = _pick_post(rng, exclude=("GENEVA",) if not incoming and rng.random() < 0.5 else ())
    d.post = post
    crisis = _CRISIS0 <= day <= _dt.date(1962, 11, 30)
    d.precedence = _pick_weighted(rng, ("ROUTINE", "PRIORITY", "NIACT", "OPERATIONAL IMMEDIATE", None),
                                  (20, 30, 22 if crisis else 8, 6, 22))
    d.pages = _pick_weighted(rng, (1, 2, 3, 4, 5, 6), (34, 30, 17, 9, 6, 4))
    if incoming:
        # Cables were sent at all hours in the crisis, in office hours otherwise.
        hour = rng.randrange(24) if crisis or rng.random() < 0.3 else _randint(rng, 9, 19)
        minute = 0 if rng.random() < 0.85 else _pick(rng, (15, 30, 45))
        d.time = _hhmm(hour, minute)
        d.frm = _pick(rng, post.froms)
        d.to = "Secretary of State"
        d.signers = [post.chief(day)]
        if post.series_in and rng.random() < 0.12:
            d.series = f"{post.series_in} CIRCULAR"
        elif post.series_in:
            d.series = post.series_in
        if force == "sectioned" or (force == "" and rng.random() < 0.14):
            d.variant = "sectioned"
            d.sections = _pick(rng, (2, 2, 2, 3, 4))
            d.pages = max(d.pages, d.sections)
        if force == "roman":
            d.variant = "sectioned"
            d.sections = 2
            d.extra["roman"] = True
            d.pages = max(d.pages, 2)
        elif d.variant == "sectioned" and d.sections == 2 and rng.random() < 0.35:
            d.extra["roman"] = True
    else:
        hour = rng.randrange(24) if crisis and rng.random() < 0.5 else _randint(rng, 8, 21)
        d.time = _hhmm(hour, rng.randrange(60))
        d.frm = "Department of State"
        if force == "letter" or (force == "" and rng.random() < 0.08):
            d.variant = "letter"
            d.letter = _LETTERS[0] if rng.random() < 0.6 else _pick(rng, _LETTERS[2:5])
            # The Department sends a head of government's letter to the embassy that delivers it.
            d.post = post = _POST_BY_KEY[_LETTER_POST[d.letter[3]]]
            d.pages = _pick(rng, (2, 2, 3))
        if force == "circular" or (force == "" and d.variant != "letter" and rng.random() < 0.07):
            d.variant = "circular"
            d.to = _pick(rng, ("ALL AMERICAN DIPLOMATIC POSTS", "ALL NATO CAPITALS", "ALL ARA DIPLOMATIC POSTS",
                               "ALL AMERICAN REPUBLIC DIPLOMATIC POSTS"))
            d.series = "CIRCULAR"
        else:
            d.to = _pick(rng, post.actions)
            if post.series_out and rng.random() < 0.8:
                d.series = post.series_out
        signer = "RUSK" if rng.random() < 0.78 else "BALL"
        d.signers = [signer]
        if rng.random() < 0.55:
            d.subject = _pick(rng, _period_topics(day))
            d.subject = d.subject[:1].upper() + d.subject[1:]
        for other in rng.sample(_POSTS, _pick(rng, (0, 0, 1, 2, 3))):
            if other is not post and other.key != "USRO":
                d.info.append((other.key, _pick(rng, other.actions)))
    if force == "excised" or (force == "" and rng.random() < 0.09):
        d.witnesses = 2
        d.extra["excised"] = True
        if d.classification in ("UNCLASSIFIED", "LIMITED OFFICIAL USE"):
            d.classification, d.caveats = "SECRET", ["EYES ONLY"]
    return d


def _memo_parties(rng: random.Random, variant: str) -> tuple[str, str, list[str], dict]:
    """(from, to, signers, extra) for a memorandum of the given variant."""
    extra: dict = {}
    if variant == "to-secretary":
        name, sur, sym = _pick(rng, _STATE[2:])
        extra["symbol"] = sym
        to = _pick(rng, ("The Secretary", "The Secretary", "The Under Secretary", "The Acting Secretary"))
        return name, to, [name], extra
    if variant == "for-president":
        if rng.random() < 0.6:
            who = ("Dean Rusk", "Rusk")
            extra["heading"] = "DEPARTMENT OF STATE"
        elif rng.random() < 0.5:
            who = _pick(rng, _DEFENSE[:2])
            extra["heading"] = "THE SECRETARY OF DEFENSE"
        else:
            who = _CIA[0][:2]
            extra["heading"] = "CENTRAL INTELLIGENCE AGENCY"
        return who[0], "The President", [who[0]], extra
    if variant == "white-house":
        who = _pick(rng, _WHITE_HOUSE)
        to = _pick(rng, ("The Secretary of State", "The Secretary of Defense", "The Director of Central Intelligence",
                         "Mr. George W. Ball", "The Attorney General"))
        return who[0], to, [who[0]], extra
    if variant == "record":
        who = _pick(rng, _STATE[1:] + tuple((n, s, "") for n, s, _ in _CIA))
        return who[0], "the Record", [who[0]], extra
    if variant == "cia":
        who = _pick(rng, _CIA)
        extra["title"] = who[2]
        to = _pick(rng, ("The Director", "The Secretary of State", "Mr. McGeorge Bundy"))
        return who[0], to, [who[0]], extra
    if variant == "excom":
        name, sur, sym = _pick(rng, (_STATE[4], _STATE[5], _STATE[10], _STATE[2]))
        return name, "Executive Committee NSC", [name], extra
    if variant in ("memcon", "paper"):  # a memorandum of conversation or a paper has no sender or addressee
        return None, None, [], extra
    raise ValueError(variant)


def _plan_memo(rng: random.Random, day: Optional[_dt.date], variant: str = "") -> _Doc:
    variant = variant or _pick_weighted(
        rng, ("to-secretary", "for-president", "white-house", "record", "cia", "excom", "memcon"),
        (26, 16, 14, 12, 8, 6, 18))
    d = _Doc("memorandum", variant)
    d.date = day
    _classify(rng, d)
    d.frm, d.to, d.signers, d.extra = _memo_parties(rng, variant)
    topics = _period_topics(day)
    subject = _pick(rng, topics)
    if variant == "memcon":
        subject = _pick(rng, ("Cuba", "Cuba and Berlin", "Soviet Proposals", "Turkish Missiles", subject))
    elif rng.random() < 0.3:
        subject = _pick(rng, ("Negotiations", "Next Steps", "Cuba - Next Steps", "Allied Consultation",
                              "The Soviet Position", "Talking Points for the Secretary"))
    d.subject = subject[:1].upper() + subject[1:]
    if rng.random() < 0.15 and variant not in ("memcon",):
        d.time = _hhmm(_randint(rng, 8, 20), rng.randrange(0, 60, 5))
    if variant == "memcon":
        d.time = _hhmm(_randint(rng, 9, 19), _pick(rng, (0, 0, 15, 30, 45)))
    d.pages = _pick_weighted(rng, (1, 2, 3, 4, 5, 6), (30, 30, 18, 11, 6, 5))
    return d


def _plan_letter(rng: random.Random, day: _dt.date) -> _Doc:
    d = _Doc("letter", "plain")
    d.date = day
    d.letter = _pick(rng, _LETTERS)
    d.frm, d.to = d.letter[0], d.letter[3]
    d.signers = [d.letter[0]]
    _classify(rng, d, allow_none=True)
    if d.classification and rng.random() < 0.5:
        d.classification, d.caveats = None, []
    d.pages = _pick_weighted(rng, (1, 2, 3), (45, 40, 15))
    if d.letter[0] == "Nikita S. Khrushchev":
        d.extra["date_at_end"] = True
    return d


def _plan_airgram(rng: random.Random, day: _dt.date, circular: bool = False) -> _Doc:
    d = _Doc("airgram", "circular" if circular else "plain")
    d.date = day
    _classify(rng, d)
    if circular:
        d.direction, d.frm = "outgoing", "Department of State"
        d.to = _pick(rng, ("ALL AMERICAN DIPLOMATIC POSTS", "ALL AMERICAN REPUBLIC DIPLOMATIC POSTS",
                           "ALL NATO POSTS"))
        d.signers = [_pick(rng, ("RUSK", "BALL"))]
    else:
        post = _pick_post(rng, exclude=("USUN", "USRO", "GENEVA"))
        d.post = post
        d.direction, d.to = "incoming", "Department of State"
        d.frm = _pick(rng, post.actions)
        d.signers = [post.chief(day)]
    subject = _pick(rng, _period_topics(day))
    d.subject = subject[:1].upper() + subject[1:]
    d.pages = _pick_weighted(rng, (1, 2, 3, 4), (30, 40, 20, 10))
    return d


def _plan_cover(rng: random.Random, day: Optional[_dt.date], variant: str) -> _Doc:
    d = _Doc("cover-sheet", variant)
    if variant == "sigrec":
        # The S/S "Signature Record": FROM:/NUMBER:/DATE: boxes left empty, a classification, no text.
        d.classification = _pick(rng, ("CONFIDENTIAL", "SECRET", "TOP SECRET"))
        d.caveats = _pick(rng, ([], ["EYES ONLY"], ["SPECIAL HANDLING", "EYES ONLY"]))
    else:
        d.date = day
        d.frm = _pick(rng, ("S/S - William H. Brubeck", "S/S - Benjamin H. Read", "Bromley Smith", "McGeorge Bundy"))
        d.to = _pick(rng, ("The Secretary", "Mr. Bundy", "The President", "Mr. Ball", "Executive Committee"))
        d.classification = _pick(rng, ("SECRET", "CONFIDENTIAL", "TOP SECRET"))
    return d


# File shapes: (name, number of documents, weight)
_SHAPES = (("in", 1, 40), ("out", 1, 28), ("memo", 1, 12), ("letter", 1, 4), ("airgram", 1, 5),
           ("bundle-sigrec", 4, 2.5), ("bundle-transmittal", 2, 4), ("bundle-routing", 2, 4.5))
# Shapes every corpus of enough documents holds at least once, so small corpora show every feature.
_MANDATORY = (("in", "sectioned"), ("in", "excised"), ("in", "roman"), ("out", "letter"), ("out", "circular"),
              ("out", ""), ("memo", ""), ("letter", ""), ("airgram", ""), ("airgram", "circular"),
              ("bundle-sigrec", ""), ("bundle-transmittal", ""), ("bundle-routing", ""), ("out", "excised"))


def _plan_file(rng: random.Random, shape: str, force: str) -> list[_Doc]:
    day = _random_day(rng)
    if shape == "in":
        return [_plan_telegram(rng, day, True, force)]
    if shape == "out":
        return [_plan_telegram(rng, day, False, force)]
    if shape == "memo":
        d = _plan_memo(rng, day)
        if rng.random() < 0.04:
            d.witnesses, d.extra["excised"] = 2, True
        return [d]
    if shape == "letter":
        return [_plan_letter(rng, day)]
    if shape == "airgram":
        return [_plan_airgram(rng, day, circular=(force == "circular" or rng.random() < 0.15))]
    if shape == "bundle-sigrec":
        # As 1962-10-26-negotiations-memoranda.txt: signature record, the covering memorandum to the
        # President, the memorandum to the Secretary forwarding the paper, the paper itself.
        cover = _plan_cover(rng, None, "sigrec")
        to_president = _plan_memo(rng, day, "for-president")
        to_president.frm, to_president.signers = "Dean Rusk", ["Dean Rusk"]
        to_president.extra = {"heading": "DEPARTMENT OF STATE", "by": rng.random() < 0.5, "transmits": True}
        to_president.pages = 1
        forwarding = _plan_memo(rng, day, "to-secretary")
        forwarding.pages = 1
        forwarding.extra["transmits"] = True
        paper = _plan_memo(rng, max(_DAY0, day - _dt.timedelta(days=rng.random() < 0.3)), "paper")
        paper.frm = paper.to = None
        paper.signers = []
        paper.variant = "paper"
        forwarding.subject = to_president.subject = paper.subject
        for doc in (to_president, forwarding, paper):
            doc.classification, doc.caveats = cover.classification, list(cover.caveats)
        return [cover, to_president, forwarding, paper]
    if shape == "bundle-transmittal":
        # As 1962-10-28-negotiations-transmittal.txt: S/S transmits a paper to Bundy for the EXCOM.
        main = _plan_memo(rng, day, _pick(rng, ("excom", "to-secretary", "cia", "for-president")))
        trans = _Doc("memorandum", "transmittal")
        trans.date = min(_LAST, main.date + _dt.timedelta(days=_pick(rng, (0, 1, 1, 2))))
        trans.frm = _pick(rng, ("William H. Brubeck", "Benjamin H. Read"))
        trans.to = "McGeorge Bundy"
        trans.signers = [trans.frm]
        trans.subject = main.subject
        trans.classification, trans.caveats = main.classification, list(main.caveats)
        if rng.random() < 0.35:
            trans.time = _hhmm(_randint(rng, 8, 19), rng.randrange(0, 60, 5))
        return [trans, main]
    if shape == "bundle-routing":
        cover = _plan_cover(rng, day, "routing")
        r = rng.random()
        if r < 0.5:
            inner = _plan_memo(rng, day)
        elif r < 0.75:
            inner = _plan_letter(rng, day)
        else:
            inner = _plan_telegram(rng, day, True)
            inner.variant = "plain"
            inner.sections = 1
            inner.witnesses = 1
            inner.extra.pop("excised", None)
        if inner.date:
            cover.date = min(_LAST, inner.date + _dt.timedelta(days=_pick(rng, (0, 1, 1, 2, 3))))
        if inner.classification:
            cover.classification = inner.classification
        return [cover, inner]
    raise ValueError(shape)


class _Numberer:
    """Hands out telegram and airgram numbers that rise with the date and never repeat in a key space."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: dict[str, set[int]] = {}
        self.last: dict[tuple[str, str], int] = {}

    def take(self, space: str, lane: str, day: _dt.date, base: int, rate: float) -> int:
        used = self.used.setdefault(space, set())
        expected = base + int(rate * (day - _DAY0).days) + self.rng.randrange(4)
        n = max(self.last.get((space, lane), 0) + 1, expected)
        while n in used:
            n += 1
        used.add(n)
        self.last[(space, lane)] = n
        return n

    def unused(self, space: str, low: int, high: int) -> Optional[int]:
        """A number in [low, high] no document has, reserved for good; None when the range is full."""
        used = self.used.setdefault(space, set())
        high = max(low, high)
        for _ in range(8):
            n = _randint(self.rng, low, high)
            if n not in used:
                break
        else:
            free = [k for k in range(low, high + 1) if k not in used]
            if not free:
                return None
            n = _pick(self.rng, free)
        used.add(n)  # reserve it, so no later document can take it and make the reference resolve
        return n


def _assign_number(doc: _Doc, numberer: _Numberer) -> None:
    """Give a telegram or airgram its number (and the key space that references use)."""
    day = doc.date
    post = doc.post
    if doc.kind == "airgram":
        if doc.variant == "circular":
            doc.num = numberer.take("CA", "dept", day, 2400, 9)
            doc.number = f"CA-{doc.num}"
            doc.extra["space"] = "CA"
        else:
            doc.num = numberer.take("A", post.key, day, 120, 1.2)
            doc.number = f"A-{doc.num}"
            doc.extra["space"] = "A"
        return
    if doc.kind != "telegram":
        return
    if doc.direction == "incoming":
        if doc.series == "POLTO CIRCULAR":
            doc.num = numberer.take("POLTO CIRCULAR", "USRO", day, 1, 0.12)
        elif doc.series:
            doc.num = numberer.take(doc.series, post.key, day, post.base_in, post.rate_in)
        else:
            doc.num = numberer.take("EMBTEL", post.key, day, post.base_in, post.rate_in)
        space = doc.series or "EMBTEL"
    else:
        if doc.series == "CIRCULAR":
            doc.num = numberer.take("CIRCULAR", "dept", day, 100, 3.0)
        elif doc.series:
            doc.num = numberer.take(doc.series, post.key, day, post.base_out, post.rate_out)
        else:
            doc.num = numberer.take("DEPTTEL", post.key, day, post.base_out, post.rate_out)
        space = doc.series or "DEPTTEL"
        # INFO addressees get their own numbers in their own series, as on the real forms.
        doc.info = [(key, f"{form} {numberer.take('DEPTTEL', key, day, _POST_BY_KEY[key].base_out, _POST_BY_KEY[key].rate_out)}")
                    for key, form in doc.info]
    doc.extra["space"] = space
    doc.number = f"{doc.series} {doc.num}" if doc.series else str(doc.num)


def _history_lane(doc: _Doc) -> Optional[tuple[str, str]]:
    space = doc.extra.get("space")
    if space is None:
        return None
    if space in ("DEPTTEL", "EMBTEL", "A"):
        return (space, doc.post.key)
    return (space, "*")


def _expected_number(space: str, post: _Post, day: _dt.date) -> int:
    """Where a number series stood on ``day`` (the bases and rates used by ``_assign_number``)."""
    days = (day - _DAY0).days
    base, rate = {"EMBTEL": (post.base_in, post.rate_in), "POLTO": (post.base_in, post.rate_in),
                  "DEPTTEL": (post.base_out, post.rate_out), "TOPOL": (post.base_out, post.rate_out),
                  "A": (120, 1.2), "CA": (2400, 9), "CIRCULAR": (100, 3.0), "POLTO CIRCULAR": (1, 0.12)}[space]
    return base + int(rate * days)


def _choose_refs(rng: random.Random, doc: _Doc, history: dict, numberer: _Numberer) -> None:
    """Decide which earlier documents (or documents outside the corpus) ``doc`` cites."""
    if doc.kind in ("cover-sheet", "letter") or doc.variant in ("paper",) and rng.random() < 0.5:
        return
    post = doc.post
    if doc.kind == "telegram" and doc.direction == "incoming":
        if post.key == "USRO":
            lanes = ((("TOPOL", "*"), 4), (("POLTO", "*"), 3), (("CIRCULAR", "*"), 2))
        else:
            lanes = ((("DEPTTEL", post.key), 5), (("EMBTEL", post.key), 3), (("CIRCULAR", "*"), 1.5),
                     (("A", post.key), 0.5))
        count = _pick_weighted(rng, (0, 1, 2, 3, 4), (28, 38, 20, 9, 5))
    elif doc.kind == "telegram":
        if doc.variant == "circular":
            lanes = ((("CIRCULAR", "*"), 4),) + tuple(((("EMBTEL", p.key), 1) for p in _POSTS[:8] if p.key != "USRO"))
        elif post.key == "USRO":
            lanes = ((("POLTO", "*"), 5), (("TOPOL", "*"), 3))
        else:
            lanes = ((("EMBTEL", post.key), 5), (("DEPTTEL", post.key), 3), (("CIRCULAR", "*"), 1))
        count = _pick_weighted(rng, (0, 1, 2, 3), (38, 38, 17, 7))
    elif doc.kind == "airgram":
        if doc.variant == "circular":
            lanes = ((("CA", "*"), 3), (("CIRCULAR", "*"), 2))
        else:
            lanes = ((("DEPTTEL", post.key), 4), (("EMBTEL", post.key), 3), (("A", post.key), 2))
        count = _pick_weighted(rng, (0, 1, 2), (35, 45, 20))
    else:  # memoranda cite the cables of the day
        some = rng.sample(_POSTS, 3)
        lanes = tuple(((("EMBTEL", p.key), 2) for p in some if p.key != "USRO")) + ((("POLTO", "*"), 1),
                                                                                       (("DEPTTEL", some[0].key), 1.5))
        count = _pick_weighted(rng, (0, 1, 2, 3), (50, 30, 14, 6))
    seen: set = set()
    for _ in range(count):
        live = [(lane, w) for lane, w in lanes if history.get(lane)]
        # Most references are to traffic the corpus holds; the rest to cables it does not.
        resolve = bool(live) and rng.random() < 0.72
        pool = live if resolve else lanes
        lane, _w = _pick_weighted(rng, pool, [w for _l, w in pool])
        past = history.get(lane, ())
        if resolve:
            # Recent traffic is cited most; never a cable dated after the citing document (a
            # transmittal can be dated after the paper it covers, so file order alone is not enough).
            i = len(past) - 1 - min(len(past) - 1, int(rng.expovariate(0.25)))
            while i >= 0 and doc.date is not None and past[i][3] > doc.date:
                i -= 1
            if i < 0:
                continue
            key, target, lane_post, _day = past[i]
        else:
            space = lane[0]
            lane_post = None if lane[1] == "*" else _POST_BY_KEY[lane[1]]
            # Unresolved: a cable of the last weeks that the corpus does not hold (it is a sample of
            # the traffic), numbered as that series stood on the day.
            expected = _expected_number(space, lane_post or _POST_BY_KEY["USRO"], doc.date or _DAY0)
            n = numberer.unused(space, max(1, expected - 150), max(2, expected - 1))
            if n is None:
                continue
            key = f"{space}-{n}" if space in ("A", "CA") else f"{space} {n}"
            target = None
        if key in seen:
            continue
        seen.add(key)
        doc.refs.append(["", key, target, lane_post.key if lane_post else None])


def _plan(n: int, seed: int) -> list[_File]:
    """Seed → the corpus plan: files in date order with unique names, numbers and references."""
    rng = random.Random(f"edition.synth.plan:{seed}")  # Random(int) would take abs(seed): -1 == 1
    files: list[_File] = []
    remaining = n
    mandatory = list(_MANDATORY) if n >= 40 else []
    rng.shuffle(mandatory)
    names = [s[0] for s in _SHAPES]
    sizes = {s[0]: s[1] for s in _SHAPES}
    weights = [s[2] for s in _SHAPES]
    while remaining > 0:
        if mandatory:
            shape, force = mandatory.pop()
        else:
            shape, force = _pick_weighted(rng, names, weights), ""
        if sizes[shape] > remaining:
            shape, force = ("in" if rng.random() < 0.6 else "memo"), ""
        docs = _plan_file(rng, shape, force)
        first = next((d.date for d in docs if d.date), _DAY0)
        files.append(_File(docs, (first, rng.random())))
        remaining -= len(docs)
    files.sort(key=lambda f: f.order)

    numberer = _Numberer(rng)
    history: dict[tuple[str, str], list] = {}
    taken: dict[str, int] = {}
    for index, f in enumerate(files):
        f.index = index
        for d in f.docs:
            if d.date is not None and d.kind in ("telegram", "airgram"):
                _assign_number(d, numberer)
        f.name = _file_name(f, taken)
        for pos, d in enumerate(f.docs, 1):
            d.id = f"{f.name}#{pos}"
        for d in f.docs:
            _choose_refs(rng, d, history, numberer)
        for d in f.docs:
            lane = _history_lane(d)
            if lane is not None:
                space = lane[0]
                key = f"{space}-{d.num}" if space in ("A", "CA") else f"{space} {d.num}"
                history.setdefault(lane, []).append((key, d.id, d.post, d.date))
    return files


def _file_name(f: _File, taken: dict[str, int]) -> str:
    """Meaningful, stable file names: ``1962-10-28-polto-512.txt``, ``1962-10-27-deptel-moscow-1015.txt``."""
    main = next((d for d in f.docs if d.kind != "cover-sheet"), f.docs[0])
    day = next((d.date for d in f.docs if d.date), _DAY0)
    if main.kind == "telegram":
        if main.direction == "incoming":
            stem = _slugify(main.number) if main.series else f"{main.post.slug}-{main.num}"
        else:
            if main.series:
                stem = _slugify(main.number)
            else:
                stem = f"deptel-{main.post.slug}-{main.num}"
    elif main.kind == "airgram":
        stem = f"airgram-{_slugify(main.number)}" if main.variant == "circular" else f"airgram-{main.post.slug}-{_slugify(main.number)}"
    elif main.kind == "letter":
        stem = f"letter-{_slugify(_surname(main.frm))}-to-{_slugify(_surname(main.to))}"
    else:
        words = [w for w in _slugify(main.subject or "memorandum").split("-") if w not in ("the", "of", "and", "in", "on", "a", "to")]
        who = _slugify(_surname(main.frm)) if main.frm else "memcon"
        stem = f"memo-{who}-{'-'.join(words[:4])}"
    if len(f.docs) > 1:
        stem += "-" + ("transmittal" if f.docs[0].variant == "transmittal" else
                       "with-attachments" if f.docs[0].variant == "sigrec" else "routing")
    base = f"{day.isoformat()}-{stem}"
    count = taken.get(base, 0) + 1
    taken[base] = count
    return f"{base}.txt" if count == 1 else f"{base}-{count}.txt"


# =============================================================================================
# Rendering: the page as the OCR saw it
# =============================================================================================

_NB = "\x00"
# Joins the words of a reference while marks and misreadings are applied; a plain space again before
# the line is wrapped, so "DEPTEL" and "1338" may still fall on two lines as on the real page.
_KEEP = "\x02"
_WRAP_RX: dict[int, "re.Pattern[str]"] = {}  # a space inside a mark: never a line break there (a mark split over two lines is E004)
_PROTECT = frozenset(("DEPTEL", "DEPTTEL", "DEPTELS", "EMBTEL", "EMBTELS", "POLTO", "POLTOS", "TOPOL", "TOPOLS",
                      "CIRCTEL", "DEPCIRTEL", "DEPCIRTELS", "CIRCTELS", "CIRC", "CIRCULAR", "URTEL", "REURTEL",
                      "YOUR", "AIRGRAM", "EMBAIRGRAM", "USUN", "Deptel", "Embtel", "Polto", "Circular", "Depcirtel"))
# Post names can stand in a reference ("Embtel 512 from Belgrade"): never hyphenated or misread.
_PROTECT = _PROTECT | frozenset(w for p in _POSTS for name in (p.city, p.city.upper()) for w in name.split())
# Misreadings seen in the seeds, used before the generic letter confusions.
_KNOWN_MISREADINGS = {"NEGOTIATIONS": "MEGOTIATIONS", "negotiations": "megotiations", "Negotiations": "Megotistions",
                      "CUBA": "CUBS", "Cuba": "Cubs", "WEAPONS": "WESPONS", "weapons": "wespons",
                      "various": "verious", "VARIOUS": "VERIOUS", "MEMORANDUM": "MEHORANDUM",
                      "UNCLASSIFIED": "UNCLASSIELED", "meet": "mee:", "EYES": "ETES", "Rostow": "Rostov",
                      "Brubeck": "Bruback", "Washington": "Washingten", "GOVERNMENT": "GOVERNHENT"}
_CONFUSE_LOWER = (("rn", "m"), ("m", "rn"), ("e", "c"), ("o", "a"), ("l", "1"), ("i", "l"), ("a", "s"), ("h", "b"),
                  ("n", "u"), ("u", "n"), ("d", "cl"), ("t", "f"), ("c", "e"))
_CONFUSE_UPPER = (("O", "0"), ("I", "1"), ("S", "5"), ("E", "F"), ("B", "8"), ("G", "C"), ("C", "G"), ("N", "H"),
                  ("M", "H"), ("U", "V"), ("R", "K"), ("D", "O"), ("L", "I"), ("T", "I"))
_DEBRIS = ("·", ": .", "•", "..07", "┼──┼", "│ │", "═══", ": :", "٠ ٠", "-÷-", "☐", "— —", ".:", "' ..", "• • •",
           "| |", "┌──", ":.", ".")
_HANDNOTES = ("disseminated {md}", "Cys 15, 16, 17.", "OK", "file", "Mac - see para 3", "Noted. D.R.", "Pres has seen",
              "Copy to Mr. Ball", "seen by Sec", "retype", "EXCOM {md}", "WR for", "S/S-RO", "orig to Mr. Bundy")
_ARCHIVAL = ("**{num5}**", "**{slashdate}**", "NLK NSF CUBA", "Vice President 37a", "{num3}-{num3b}", "406/2", "CH-715",
             "NLK NSF CUBA Box 46", "**EYES ONLY**", "{num2}", "221", "442")
_EXEMPTIONS = (("(b)(1)", "B1A3"), ("(b)(1)", "BIA3"), ("(6)(1)", "B1A3"), ("(b7C)", "BIA3"), ("(b)(6)",),
               ("1.4(b)",), ("B/A3", "(b)(c)"), ("(b)(1)", "1.4(d)"), ("BIA", "(b)(1)"), ("131", "(b)(1)"))


class _Out:
    """The lines of one file. ``double``: the OCR put an empty line after every line (as real-ocr/)."""

    __slots__ = ("lines", "double")

    def __init__(self, double: bool):
        self.lines: list[str] = []
        self.double = double

    def line(self, text: str) -> None:
        if _NB in text:
            text = text.replace(_NB, " ")
        self.lines.append(text)
        if self.double:
            self.lines.append("")

    def rows(self, rows: list[str]) -> None:
        """Several lines at once (a paragraph's typed lines)."""
        if self.double:
            for row in rows:
                self.line(row)
            return
        for row in rows:
            self.lines.append(row.replace(_NB, " ") if _NB in row else row)

    def blank(self) -> None:
        if not self.double:
            self.lines.append("")

    def last_text(self) -> int:
        i = len(self.lines)
        while i > 0 and not self.lines[i - 1].strip():
            i -= 1
        return i


class _R:
    """Rendering state for one document: randomness, the output, its style and the marks it used."""

    def __init__(self, rng: random.Random, out: _Out, doc: _Doc, pools: dict):
        self.rng, self.out, self.d = rng, out, doc
        self.marks: set[str] = set()
        self.decks: dict[int, list[int]] = {}
        self.width = 0 if rng.random() < 0.45 else _randint(rng, 56, 72)  # 0: one paragraph per line
        self.noise = _pick_weighted(rng, (0.0, 0.004, 0.012, 0.03), (30, 45, 18, 7))
        self.hyph = _pick(rng, (0.0, 0.05, 0.15, 0.3)) if self.width else 0.0
        self.time_written = False
        post = doc.post
        topics = _period_topics(doc.date)
        s = _Slots(rng, _GENS)
        s["_topics"] = topics
        s["_topics2"] = topics + _GENERAL_TOPICS
        if post is not None:
            s["_officials"], s["_govts"], s["_papers"] = post.officials, post.govts, post.papers
            s["ADJ"] = post.adj
        else:
            s["_officials"] = (("Gromyko", "Foreign Minister"), ("Dobrynin", "Ambassador"), ("Alphand", "Ambassador"),
                               ("Ormsby-Gore", "Ambassador"), ("U Thant", "Acting Secretary General"))
            s["_govts"] = ("the Soviet Government", "the Allies", "the OAS governments")
            s["_papers"] = ("NEW YORK TIMES", "WASHINGTON POST")
            s["ADJ"] = _pick(rng, ("British", "French", "Turkish", "Italian", "German", "Canadian"))
        s["_persons"] = pools["person"] or _PERSONS
        s["_orgs"] = pools["org"] or _ORGS
        s["_terms"] = pools["term"] or _TERMS
        s["_datem"] = self.date_mention
        day = doc.date
        key = post.key if post is not None else ""
        self.ally, self.national = key not in _NOT_ALLIED, key not in _NOT_NATIONAL
        if doc.letter:  # "your Government" only to a head of government or an ambassador
            self.national = doc.letter[3] not in ("U Thant", "Adlai E. Stevenson")
        on = (day, self.ally, self.national)
        s["_views"], s["_uspos"] = _on_day(_VIEWS, *on), _on_day(_USPOS, *on)
        s["_actions"], s["_conditions"] = _on_day(_ACTIONS, *on), _on_day(_CONDITIONS, *on)
        s["_conditions_l"] = _on_day(_CONDITIONS_L, *on)
        self.s = s

    # -- words -------------------------------------------------------------------------------

    def date_mention(self) -> str:
        """A date a few days before the document: the distractor dates cables are full of."""
        day = (self.d.date or _dt.date(1962, 10, 28)) - _dt.timedelta(days=_randint(self.rng, 1, 12))
        return f"{_MONTHS[day.month - 1]} {day.day}"

    def sentences(self, pool: tuple, n: int) -> list[str]:
        """``n`` sentences from ``pool``, dealt like cards: no shape comes back before the pool is used up."""
        pool = _on_day(pool, self.d.date, self.ally, self.national)
        deck = self.decks.get(id(pool))
        rand = self.rng.random
        out = []
        for _ in range(n):
            if not deck:
                deck = list(range(len(pool)))
                self.decks[id(pool)] = deck
            i = int(rand() * len(deck))
            deck[i], deck[-1] = deck[-1], deck[i]
            t = pool[deck.pop()].format_map(self.s)
            out.append(t[:1].upper() + t[1:])
        return out

    def finish(self, text: str, caps: bool) -> str:
        """Sentence text → as typed and OCR'd: capitals, telegraphese, marks, misreadings."""
        rng = self.rng
        if caps:
            text = text.upper()
            if rng.random() < 0.5:  # telegraphese drops articles
                text = text.replace(" THE ", " ")
        if "RPT" in text or "REPEAT" in text:
            self.marks.add("rpt")
        if "[]" in text:  # a source withheld at release ("ACCORDING TO [], …")
            self.marks.add("withheld-word")
        r = rng.random()
        if r < 0.2:
            text = self.decorate(text, caps)
        if self.d.extra.get("withhold_names") and rng.random() < 0.5:
            for name, _title in self.s["_officials"]:
                key = name.upper() if caps else name
                if key in text:
                    text = text.replace(key, "[]", 1)
                    self.marks.add("withheld-word")
                    break
        if self.noise:
            text = self.misread(text)
        return text.replace(_KEEP, " ") if _KEEP in text else text

    def decorate(self, text: str, caps: bool) -> str:
        """Typist's and reader's marks on the typescript: strike-outs, insertions, underlining."""
        rng = self.rng
        words = text.split(" ")
        for _try in range(6):
            i = int(rng.random() * len(words))
            w = words[i]
            if len(w) >= 4 and w.isalpha() and w not in _PROTECT:
                break
        else:
            return text
        r = rng.random()
        if r < 0.3:  # a false start struck through and retyped ("~~del~~ handed")
            words[i] = f"~~{w[:_randint(rng, 2, len(w) - 1)]}~~ {w}"
            self.marks.add("del")
        elif r < 0.45:  # a word x-ed out, the correction typed above ("~~bases~~ ^{XXXXXX}")
            words[i] = f"~~{w}~~ ^{{{_pick(rng, ('XXXXXX', 'XXXXXXXX', w))}}}"
            self.marks |= {"del", "add"}
        elif r < 0.65:  # a word added above the line by hand or by the drafter
            ins = _pick(rng, ("not", "RPT NOT", "further", "immediately", "also", "now", "urgently", "only"))
            ins = ins.upper() if caps else ins
            words[i] = f"^{{{ins.replace(' ', _NB)}}} {w}"
            self.marks.add("add")
        elif r < 0.8:  # struck and not replaced ("~~REPEATED~~")
            words[i] = f"~~{w}~~"
            self.marks.add("del")
        else:
            words[i] = f"<u>{w}</u>"
            self.marks.add("underline")
        return " ".join(words)

    def misread(self, text: str) -> str:
        rng = self.rng
        words = text.split(" ")
        k = int(len(words) * self.noise + rng.random())
        changed = False
        for _ in range(k):
            i = rng.randrange(len(words))
            w = words[i]
            if len(w) < 4 or not w.isalpha() or w in _PROTECT:
                continue
            known = _KNOWN_MISREADINGS.get(w)
            if known:
                words[i] = known
                changed = True
                continue
            pairs = _CONFUSE_UPPER if w.isupper() else _CONFUSE_LOWER
            for _try in range(4):
                a, b = pairs[rng.randrange(len(pairs))]
                if a in w:
                    words[i] = w.replace(a, b, 1)
                    changed = True
                    break
        if changed:
            self.marks.add("ocr")
        return " ".join(words)

    # -- lines -------------------------------------------------------------------------------

    def wrap(self, text: str) -> list[str]:
        """One paragraph → its typed lines (greedy fill; long words sometimes broken with a hyphen)."""
        width = self.width
        if not width:
            return [text]
        rng, hyph = self.rng, self.hyph
        rx = _WRAP_RX.get(width)
        if rx is None:
            rx = _WRAP_RX[width] = re.compile(r"(\S.{0,%d})(?: +|$)" % (width - 1))
        lines = rx.findall(text)
        if sum(map(len, lines)) + len(lines) - 1 == len(text):  # the fast path fitted every word
            if hyph:
                for k in range(len(lines) - 1):
                    if rng.random() >= hyph:
                        continue
                    nxt = lines[k + 1]
                    w = nxt.split(" ", 1)[0]
                    room = width - len(lines[k]) - 2
                    if len(w) >= 8 and room >= 4 and w.isalpha() and w not in _PROTECT:
                        cut = _randint(rng, 4, min(room, len(w) - 3))
                        lines[k] += " " + w[:cut] + "-"
                        lines[k + 1] = w[cut:] + nxt[len(w):]
                        self.marks.add("hyphenation")
            return lines
        lines = []
        cur: list[str] = []
        n = 0
        for w in text.split(" "):
            lw = len(w)
            if not cur:
                cur, n = [w], lw
                continue
            if n + 1 + lw <= width:
                cur.append(w)
                n += 1 + lw
                continue
            room = width - n - 2
            if hyph and lw >= 8 and room >= 4 and w.isalpha() and w not in _PROTECT and rng.random() < hyph:
                cut = _randint(rng, 4, min(room, lw - 3))
                cur.append(w[:cut] + "-")
                lines.append(" ".join(cur))
                cur, n = [w[cut:]], lw - cut
                self.marks.add("hyphenation")
                continue
            lines.append(" ".join(cur))
            cur, n = [w], lw
        if cur:
            lines.append(" ".join(cur))
        return lines

    def field(self, label: str, value: str, after: bool = False) -> None:
        """A header field; ``after``: the value sits on the line after its label (real-ocr/ 176-10036-10176)."""
        if after:
            self.out.line(label)
            self.out.line(value)
        else:
            self.out.line(f"{label} {value}" if value else label)

    def debris(self, p: float = 0.4) -> None:
        rng = self.rng
        if rng.random() < p:
            for _ in range(_randint(rng, 1, 3)):
                self.out.line(_pick(rng, _DEBRIS))
            self.marks.add("debris")

    def handnote(self, p: float) -> None:
        if self.rng.random() < p:
            day = self.d.date or _dt.date(1962, 11, 1)
            later = day + _dt.timedelta(days=_randint(self.rng, 0, 12))
            note = _pick(self.rng, _HANDNOTES).format(md=f"{later.month}/{later.day}/{later.year % 100}")
            self.out.line(f"*{note}*")
            self.marks.add("handwriting")

    def banner(self, level: Optional[str], caveats: list[str], page: int, bottom: bool) -> None:
        """The classification printed at the top and foot of each page; later pages are often damaged."""
        if not level:
            return
        rng = self.rng
        text = level
        # The first page's top banner always carries the caveats (EYES ONLY, SENSITIVE …) when it is given
        # them, so the truth's caveats are on the page; later banners often drop them.
        if caveats and page == 1 and not bottom:
            sep = _pick(rng, (" - ", " - ", "-", " "))
            text = sep.join((level,) + tuple(caveats))
        elif caveats and rng.random() < 0.6:
            text = f"{level}{_pick(rng, (' - ', ' - ', '-', ' '))}{caveats[0]}"
        if page > 1 or bottom:
            r = rng.random()
            if r < 0.06:
                text = _damage_banner(rng, text)
                self.marks.add("ocr")
            elif r < 0.1 and self.d.extra.get("declassified"):
                text = f"~~{text}~~"  # struck through when the document was declassified
                self.marks.add("del")
        self.out.line(text)
        self.marks.add("banner")

    def declass(self, review_date: _dt.date, form: Optional[int] = None) -> None:
        """A declassification stamp (EDITORIAL §1): authority, case number, reviewer, date."""
        rng, o = self.rng, self.out
        date = f"{review_date.month}/{review_date.day}/{review_date.year % 100}"
        who = _pick(rng, _REVIEWERS)
        form = rng.randrange(7) if form is None else form
        if form == 0:
            o.line("DECLASSIFIED")
            o.line(f"Authority: State file {_randint(rng, 100000, 999999)}")
            o.line(f"{who}, NARS, Date {date}")
        elif form == 1:
            o.line("DECLASSIFIED")
            o.line("E.O. 12356, Sec. 3.4")
            o.line(f"NLK-{review_date.year % 100}-{_randint(rng, 10, 400)}")
            o.line(f"By [Signature] NARA, Date {date}")
            self.marks.add("placeholder")
        elif form == 2:
            o.line("DECLASSIFIED")
            o.line("EO 11652, Sec. 2(b) and 5(D)")
            o.line(f"State NLK-{review_date.year % 100}-{_randint(rng, 10, 400)}")
            o.line(f"By {''.join(p[0] for p in who.split()[:2]).upper()} Date {date}")
        elif form == 3:
            o.line("DEPARTMENT OF STATE A/CDC/MR")
            o.line(f"REVIEWED by [Signature] DATE {date}")
            o.line("() RELEASE () DECLASSIFY")
            o.line("() EXTEND () DECLASSIFY in PART")
            o.line("() DENY () Non-responsive info.")
            o.line("FOI, EO or PA exemptions")
            o.line("() CLASSIFY as _____ TO authority to: _____")
            o.line("() DOWNGRADE TS to () S or () C, OADR")
            self.marks.add("placeholder")
        elif form == 4:
            o.line('"Declassified for Publication in')
            o.line('Foreign Relations of the United States"')
            if rng.random() < 0.5:
                o.line("BEST COPY AVAILABLE")
        elif form == 5:
            o.line("SANITIZED")
            o.line("E.O. 12958, Sec. 3.6")
            o.line(f"NLK-{review_date.year % 100}-{_randint(rng, 10, 400)}")
            o.line(f"By {who}, NARA, Date {date}")
        else:
            o.line(f"DECLASSIFICATION DATE {date} PER {who.split()[-1]} OFFICE")
            o.line(f"FOI CASE NO. {_randint(rng, 600000, 899999)}")
        self.marks.add("declassification")
        self.d.extra["declassified"] = True


def _damage_banner(rng: random.Random, text: str) -> str:
    swaps = {"SECRET": ("SECREI", "SECRE T", "S E C R E T", "SECRFT", "GRET"), "CONFIDENTIAL": ("CONFIDENTLAL", "CONFIDEN TIAL"),
             "UNCLASSIFIED": ("UNCLASSIELEDET", "UNCLASSEED", "UNCLASSIFLED"), "EYES ONLY": ("ETES ONLY", "EYES, ONLY")}
    for word, bad in swaps.items():
        if word in text:
            return text.replace(word, _pick(rng, bad), 1)
    return text


def _review_day(rng: random.Random) -> _dt.date:
    return _dt.date(_randint(rng, 1975, 1998), _randint(rng, 1, 12), _randint(rng, 1, 28))


class _Pager:
    """Flows body blocks into pages: running foot and head at each break, catchwords, split paragraphs."""

    def __init__(self, r: _R, first_room: int, room: int, head: Callable[[int], None],
                 foot: Callable[[int, bool], None], catch_p: float, page: int = 1):
        self.r, self.out = r, r.out
        self.page, self.room, self.cap = page, max(3, first_room), room
        self.head, self.foot, self.catch_p = head, foot, catch_p

    def new_page(self, next_word: str) -> None:
        r = self.r
        if next_word and r.rng.random() < self.catch_p:
            # The typist's catchword: the first word of the next page, alone at this page's foot.
            word = next_word.strip("(),.;:")
            if word.isalpha():
                form = r.rng.random()
                self.out.line(f"/{word}" if form < 0.1 else f"[{word}]" if form < 0.14 and word.isupper() else word)
                r.marks.add("catchword")
        self.foot(self.page, False)
        self.page += 1
        self.head(self.page)
        self.room = self.cap

    def block(self, text: str, wrap: bool = True, gap: bool = True) -> None:
        """One paragraph (wrapped here) or a fixed block of lines (``wrap=False``, split on "\\n")."""
        r = self.r
        if wrap:
            rows = r.wrap(text)
            per = 1 if r.width else None
        else:
            rows = text.split("\n")
            per = 1
        while rows:
            if per is None:  # one paragraph per line: a long line fills several typed lines
                cost = len(rows[0]) // 66 + 1
                if cost <= self.room:
                    self.out.line(rows[0])
                    self.room -= cost
                    rows = []
                    break
                if self.room >= 2 and wrap:
                    words = rows[0].split(" ")
                    take = max(1, int(len(words) * self.room / cost) - 1)
                    first, rest = " ".join(words[:take]), " ".join(words[take:])
                    if rest:
                        self.out.line(first)
                        rows = [rest]
                self.new_page(rows[0].split(" ", 1)[0])
                continue
            fit = min(len(rows), self.room)
            if fit == len(rows):
                self.out.rows(rows)
                self.room -= fit
                rows = []
                break
            if not wrap or fit < 2:  # a fixed block, or too little room: the block starts the next page
                self.new_page(rows[0].split(" ", 1)[0] if wrap else "")
                if self.room < len(rows) and not wrap:
                    for row in rows:
                        self.out.line(row)
                    self.room = 0
                    rows = []
                continue
            for row in rows[:fit]:
                self.out.line(row)
            rows = rows[fit:]
            self.new_page(rows[0].split(" ", 1)[0])
        if gap:
            self.out.blank()

    def close(self) -> None:
        self.foot(self.page, True)


# =============================================================================================
# Bodies
# =============================================================================================


def _split_key(key: str) -> tuple[str, str]:
    if key.startswith(("A-", "CA-")):
        space, num = key.split("-", 1)
        return space, num
    space, num = key.rsplit(" ", 1)
    return space, num


def _ref_text(r: _R, ref: list, where: str) -> str:
    """A reference as the writer would put it: "YOUR 612" in a post's cable is the Department's 612."""
    rng = r.rng
    space, n = _split_key(ref[1])
    post = _POST_BY_KEY.get(ref[3]) if ref[3] else None
    city = post.city if post else "Paris"
    usun = post is not None and post.key == "USUN"
    if space == "DEPTTEL":
        forms = {"in": ("DEPTEL {n}", "DEPTTEL {n}", "YOUR {n}", "DEPTEL {n}"), "out": ("DEPTEL {n}", "DEPTTEL {n}", "OUR {n}"),
                 "memo": ("Deptel {n}", "Deptel {n} to {city}", "DEPTEL {n}"),
                 "air": ("Deptel {n}", "Department's telegram {n}")}[where]
    elif space == "EMBTEL":
        if where == "in":
            forms = ("USUN {n}", "OUR {n}") if usun else ("EMBTEL {n}", "OUR {n}", "EMBTEL {n}", "MY {n}")
        elif where == "out":
            if r.d.variant == "circular":
                forms = ("{CITY} {n}", "{CITY}'S {n}")
            else:
                forms = ("USUN {n}", "YOUR {n}") if usun else ("YOUR {n}", "URTEL {n}", "EMBTEL {n}")
        elif where == "memo":
            forms = ("USUN {n}",) if usun else ("Embtel {n} from {city}", "{city}'s {n}", "{city} {n}")
        else:
            forms = ("Embtel {n}", "Embassy telegram {n}")
    elif space == "CIRCULAR":
        forms = {"in": ("CIRCTEL {n}", "DEPCIRTEL {n}", "CIRC {n}", "CIRCULAR {n}"),
                 "out": ("CIRCTEL {n}", "DEPCIRTEL {n}", "CIRCULAR {n}"), "memo": ("Circular {n}", "Depcirtel {n}"),
                 "air": ("Depcirtel {n}", "Circular telegram {n}")}[where]
    elif space == "A":
        forms = ("EMBASSY AIRGRAM A-{n}", "A-{n}", "EMBAIRGRAM A-{n}") if where in ("in", "out") else ("Embassy's A-{n}", "A-{n}")
    elif space == "CA":
        forms = ("CA-{n}", "Circular Airgram CA-{n}")
    elif space == "POLTO":
        forms = ("Polto {n}",) if where == "memo" else ("POLTO {n}",)
    else:
        forms = (f"{space} {{n}}",)
    return _pick(rng, forms).format(n=n, city=city, CITY=city.upper())


_PLURAL = {"DEPTTEL": "DEPTELS", "EMBTEL": "EMBTELS", "POLTO": "POLTOS", "TOPOL": "TOPOLS", "CIRCULAR": "DEPCIRTELS"}


def _ref_line(r: _R, refs: list[list], where: str) -> str:
    """Several references on one REF line, grouped as the cables do ("DEPCIRTELS 744 778 AND TOPOLS 574 578")."""
    rng = r.rng
    groups: dict[str, list[list]] = {}
    for ref in refs:
        groups.setdefault(_split_key(ref[1])[0], []).append(ref)
    parts = []
    for space, items in groups.items():
        if len(items) > 1 and space in _PLURAL and rng.random() < 0.6:
            nums = [_split_key(x[1])[1] for x in items]
            phrase = f"{_PLURAL[space]} {(' AND ' if rng.random() < 0.4 else ' ').join(nums)}"
            for x in items:
                x[0] = phrase
            parts.append(phrase)
        else:
            for x in items:
                x[0] = _ref_text(r, x, where)
                parts.append(x[0])
    return _pick(rng, (", ", " AND ", "; ")).join(parts)


def _prose(r: _R, pool: tuple, caps: bool, target: int, numbered: bool, style: str, where: str,
           ref_pool: tuple) -> list[str]:
    """Body paragraphs totalling about ``target`` typed lines. ``style``: cable|memo|letter."""
    rng = r.rng
    width = r.width or 66
    blocks: list[str] = []
    pending = [ref for ref in r.d.refs if not ref[0]] if ref_pool else []
    total, n = 0, 1
    headings = style == "memo" and numbered and rng.random() < 0.6
    heads = list(_MEMO_HEADINGS) if headings else []
    if headings:
        rng.shuffle(heads)
    while total < target or pending:
        if total >= target + 6:  # everything said: the last references go into one closing paragraph
            k = 0
        else:
            k = _pick(rng, (1, 2, 2, 3, 3, 4, 5) if style != "letter" else (2, 3, 3, 4))
        sents = r.sentences(pool, k)
        if pending and (rng.random() < 0.45 or k == 0):
            ref = pending.pop(0)
            ref[0] = _ref_text(r, ref, where)
            r.s["REF"] = ref[0].replace(" ", _KEEP)  # never struck or misread: truth quotes it
            sent = _pick(rng, ref_pool).format_map(r.s)
            sents.insert(rng.randrange(len(sents) + 1), sent[:1].upper() + sent[1:])
        if not sents:
            continue
        text = r.finish(" ".join(sents), caps)
        if numbered:
            head = ""
            if headings and heads:
                head = f"<u>{heads.pop().replace(' ', _NB)}</u>. "
                r.marks.add("underline")
            text = f"{n}. {head}{text}"
            n += 1
        blocks.append(text)
        total += len(text) // width + 2
        if numbered and style != "letter" and rng.random() < 0.28 and total < target:
            labels = ("(a)", "(b)", "(c)", "(d)") if style == "memo" else ("A.", "B.", "C.", "D.")
            count = _randint(rng, 2, 4)
            shapes = ("to {ACTION}", "{VIEW}") if style == "memo" else ("{VIEW}", "{USPOS}")
            for j in range(count):
                clause = _pick(rng, shapes).format_map(r.s)
                end = "." if j == count - 1 else ";"
                item = r.finish(clause + end, caps)
                blocks.append(f"{labels[j]} {item}")
                total += len(item) // width + 2
                if style == "memo" and j == 0 and rng.random() < 0.3:
                    for roman in ("(i)", "(ii)", "(iii)")[: _randint(rng, 2, 3)]:
                        sub = r.finish(_pick(rng, ("{VIEW};", "to {ACTION};")).format_map(r.s), caps)
                        blocks.append(f"{roman} {sub}")
                        total += len(sub) // width + 2
    return blocks


def _withhold(r: _R, blocks: list[str], share: float) -> list[tuple[str, bool]]:
    """The excised release: some paragraphs replaced by the exemption codes printed in their place."""
    rng = r.rng
    out: list[tuple[str, bool]] = []
    last_withheld = False
    for text in blocks:
        if text.startswith("\x01"):  # QUOTE, END, a salutation: structure, never withheld alone
            out.append((text[1:], False))
            continue
        if rng.random() < share:
            if not last_withheld:
                out.append(("\n".join(_pick(rng, _EXEMPTIONS)), False))
                r.marks.add("exemption")
            last_withheld = True
        else:
            out.append((text, True))
            last_withheld = False
    readable = [i for i, text in enumerate(blocks) if not text.startswith("\x01")]
    if readable and not any(w for _t, w in out):  # keep one paragraph readable, as real releases do
        out.append((blocks[readable[-1]], True))
    return out


def _rows_target(r: _R, pages: int, cap: int, first: int) -> int:
    """Typed lines of body text for ``pages`` pages, the last one part-filled (never less than a few)."""
    return max(4 + r.rng.randrange(6), first + cap * (pages - 1) - _randint(r.rng, 0, max(1, cap // 2)))


# =============================================================================================
# Telegrams
# =============================================================================================

_NIACT_OCR = ("NIACT", "NIACT", "NIACT", "NIACT", "NACT", "NI ACT", "N/ACT", "NLACT")


def _precedence_text(r: _R, precedence: str) -> str:
    return _pick(r.rng, _NIACT_OCR) if precedence == "NIACT" else precedence


def _label(r: _R, name: str) -> str:
    """Header labels as typed and as the OCR read them ("FROM:", "FROM :", rarely "N0:")."""
    rng = r.rng
    x = rng.random()
    if x < 0.75:
        return f"{name}:"
    if x < 0.9:
        return f"{name} :"
    if name == "NO" and x < 0.95:
        return "NO."
    return f"{name}:" if x < 0.98 else {"NO": "N0:", "FROM": "FROM;", "TO": "TO;"}.get(name, f"{name}:")


def _routing_column(r: _R, first: str) -> None:
    """The Action/Info office symbols printed down the left of the form."""
    rng, o = r.rng, r.out
    o.line(_pick(rng, ("Action", "Action", "•Action", "ACTION")))
    o.line(first)
    o.line(_pick(rng, ("Info", "Info", "INFO")))
    for sym in rng.sample(_ROUTING, _randint(rng, 2, 9)):
        o.line(sym if rng.random() < 0.9 else f"•{sym}")


def _received(r: _R) -> tuple[_dt.datetime, str]:
    """Washington date and time a post's cable was received: local time less the zone, plus transit."""
    d, rng = r.d, r.rng
    h, m = int(d.time[:2]), int(d.time[3:])
    sent = _dt.datetime.combine(d.date, _dt.time(h, m))
    fast = d.precedence in ("NIACT", "OPERATIONAL IMMEDIATE", "PRIORITY")
    delay = _randint(rng, 25, 200) if fast else _randint(rng, 90, 600)
    rec = sent - _dt.timedelta(hours=d.post.tz) + _dt.timedelta(minutes=delay)
    return rec, rec.isoformat(timespec="minutes")


def _no_line(r: _R, sec: int) -> tuple[str, str]:
    """The NO: value ("POLTO CIRCULAR 12, OCTOBER 28, 8 PM (SECTION 1 OF 2)") and the running head core."""
    d, rng = r.d, r.rng
    st = d.extra["no_style"]
    date = f"{_MONTHS[d.date.month - 1].upper()} {d.date.day}"
    if st["year"]:
        date += f", {d.date.year}"
    h, m = int(d.time[:2]), int(d.time[3:])
    when = _ampm(h, m, st["ampm"])
    core = f"{d.number}, {_MONTHS[d.date.month - 1].upper()} {d.date.day}, {when}"
    value = f"{d.number}, {date}, {when}" if st["time"] else f"{d.number}, {date}"
    if st["time"]:
        r.time_written = True
    if d.sections > 1:
        if d.extra.get("roman"):  # "I OF II" typed, read by the OCR as "1 OF 11"
            sect = f"(SECTION {'1' * sec} OF {'1' * d.sections})"
        else:
            sect = f"(SECTION {sec} OF {d.sections})"
        value += f" {sect}"
        core += f" {sect}"
    return value, core


def _incoming_header(r: _R, sec: int, witness: int) -> None:
    d, rng, o = r.d, r.rng, r.out
    st = d.extra["no_style"]
    if rng.random() < 0.45:
        o.line(str(_pick(rng, (52, 33, 31, 14, 221, 7))))
    title_first = st["title"]
    if title_first == 1:
        o.line(_pick(rng, ("INCOMING TELEGRAM Department of State", "INCOMING TELEGRAM", "INCOMING TELEGRAM Department of State")))
    _routing_column(r, _pick(rng, ("SS", "SS", "EUR", "ARA", "IO", "G")))
    if title_first == 2:
        o.line("Department of State")
        o.line("INCOMING TELEGRAM")
    r.debris(0.3)
    caveat_first = d.caveats and rng.random() < 0.5
    if caveat_first:
        o.line(d.caveats[0])
    r.banner(d.classification, [] if caveat_first else d.caveats, 1, False)
    control = str(d.date.day * 700 + _randint(rng, 1, 690)) if witness == 1 or sec > 1 else str(int(d.control) - _randint(rng, 1, 9))
    if witness == 1 and sec == 1:
        d.control = control
    rec, _iso = d.extra["rec"]
    after = st["after"]
    r.field(_label(r, "Control"), control, after)
    rec_date = f"{_MONTHS[rec.month - 1].upper()} {rec.day}, {rec.year}"
    rec_time = f"{rec.hour % 12 or 12}:{rec.minute:02d} {'PM' if rec.hour >= 12 else 'AM'}"
    if rng.random() < 0.5:
        o.line(f"Rec'd: {rec_date}")
        o.line(rec_time)
    else:
        o.line(f"Rec'd: {rec_date}, {rec_time}")
    if witness == 2 and sec == 1:
        for line in ("Cat. A - Caption removed:", "transferred to O/FADRC", "Cat. B - Transferred to O/FADRC",
                     "with additional access", "controlled by S/S", "Cat. C - Caption and custody", "retained by S/S"):
            o.line(line)
        o.line(f"Reviewed by: {_pick(rng, _REVIEWERS)}")
        w2 = d.extra["review2"]
        o.line(f"Date: {w2.month}/{w2.day}/{w2.year % 100}")
        r.marks.add("declassification")
    r.field(_label(r, "FROM"), d.frm, after)
    if d.post.key == "BERN" and rng.random() < 0.6:
        o.line("(SWISS EMBASSY HAVANA)")
    r.field(_label(r, "TO"), d.to, after)
    value, _core = _no_line(r, sec)
    r.field(_label(r, "NO"), value, after)
    if d.precedence:
        o.line(_precedence_text(r, d.precedence))
    if d.series == "POLTO CIRCULAR":
        o.line("ACTION DEPARTMENT, ALL OTHERS FOR INFORMATION")
    elif rng.random() < 0.3:
        others = [p for p in rng.sample(_POSTS, 3) if p is not d.post and p.key != "USUN"]
        if others:
            o.line(f"SENT DEPARTMENT {d.num}, REPEATED INFORMATION "
                   + ", ".join(f"{p.key} {_randint(rng, 20, 900)}" for p in others) + ".")
    if sec == 1 and d.extra.get("ref_line"):
        o.line(f"{_pick(rng, ('REF:', 'REFERENCE:', 'REF :', 'REFS:'))} {d.extra['ref_line']}")
    if "EYES ONLY" in d.caveats and rng.random() < 0.4:
        o.line(_pick(rng, ("EYES ONLY FOR THE SECRETARY", "EYES ONLY FOR SECRETARY FROM AMBASSADOR",
                           "FOR THE SECRETARY FROM " + d.signers[0])))
    o.blank()


def _render_incoming(r: _R, witness: int) -> None:
    """An INCOMING TELEGRAM (Department of State form), all its sections, one release."""
    d, rng, o = r.d, r.rng, r.out
    cap = d.extra["cap"]
    blocks = d.extra["blocks"]
    per = max(1, len(blocks) // d.sections)
    for sec in range(1, d.sections + 1):
        _incoming_header(r, sec, witness)
        chunk = blocks[(sec - 1) * per: sec * per if sec < d.sections else len(blocks)]
        _value, core = _no_line(r, sec)

        def head(page: int, core=core) -> None:
            r.banner(d.classification, d.caveats, page, False)
            num = _pick(rng, (f"-{page}-", f"-{page}-", f"- {page} -", f"={page}-"))
            tail = _pick(rng, (", FROM", ", FROM", ", FROM:", ","))
            if rng.random() < 0.5:
                o.line(f"{num} {core}{tail}")
                o.line(d.frm)
            else:
                o.line(f"{num} {core}{tail} {d.frm}")
            r.time_written = True
            r.marks |= {"running-head", "page-number"}
            o.blank()

        def foot(page: int, last: bool) -> None:
            o.blank()
            r.banner(d.classification, d.caveats, page, True)
            if page == 1 or rng.random() < 0.2:
                if rng.random() < 0.5:
                    o.line('REPRODUCTION FROM THIS COPY IS PROHIBITED UNLESS "UNCLASSIFIED".')
                else:
                    o.line("REPRODUCTION FROM THIS COPY IS")
                    o.line('PROHIBITED UNLESS "UNCLASSIFIED"')
            if page == 1 and sec == 1 and witness == 1 and d.extra.get("stamp_page1"):
                r.declass(d.extra["review1"])
            r.handnote(0.05)
            o.blank()

        pager = _Pager(r, cap - 12, cap, head, foot, d.extra["catch"])
        if witness == 2:
            for text, wrap in _withhold(r, chunk, 0.55):
                pager.block(text, wrap)
        else:
            for text in chunk:
                if d.extra.get("withheld_block") and rng.random() < 0.08:
                    pager.block("\n".join(_pick(rng, _EXEMPTIONS)), False)
                    r.marks.add("exemption")
                pager.block(text)
        if sec == d.sections:
            if rng.random() < 0.2:
                o.line("GP-3.")
            sig = d.signers[0]
            if sig.startswith("["):  # the transcriber could not read the signature
                r.marks.add("placeholder")
            elif rng.random() < 0.04 and len(sig) > 4:
                sig = sig[:-1] + _pick(rng, ("N", "SS", "K"))
                r.marks.add("ocr")
            o.line(sig)
            if rng.random() < 0.6:
                o.line(_pick(rng, ("MJA", "VLH", "JAW", "RWB", "KMH", "EMD")))
            if rng.random() < 0.5:
                rec, _iso = d.extra["rec"]
                later = rec + _dt.timedelta(minutes=_randint(rng, 20, 200))
                note = _pick(rng, (
                    f"Note: Advance copy to SS, {later.month}/{later.day}/{later.year % 100}, "
                    f"{_ampm(later.hour, 0, 0)}, JAW.",
                    f"NOTE: PASSED WHITE HOUSE {later.month}/{later.day}/{later.year % 100}, "
                    f"{later.hour % 12 or 12}:{later.minute:02d}{'P.M.' if later.hour >= 12 else 'A.M.'}",
                    f"Note: Mr. Read (S/S) notified {later.hour % 12 or 12}:{later.minute:02d} "
                    f"{'p.m.' if later.hour >= 12 else 'a.m.'}"))
                o.line(note)
                r.marks.add("note")
        pager.close()


def _render_outgoing(r: _R, witness: int) -> None:
    """An OUTGOING TELEGRAM (Department of State form): ACTION/INFO, stamp, drafter block, signature."""
    d, rng, o = r.d, r.rng, r.out
    st = d.extra["no_style"]
    urgent = d.precedence in ("NIACT", "OPERATIONAL IMMEDIATE")
    if rng.random() < 0.3:
        o.line(_pick(rng, ("Vice President 37a", str(_randint(rng, 1000, 9999)), "013", "NLK NSF CUBA")))
    if urgent and rng.random() < 0.6:
        o.line("URGENT TELEGRAM Department of State")
    else:
        o.line(_pick(rng, ("OUTGOING TELEGRAM Department of State", "OUTGOING TELEGRAM Department of State",
                           "OUTGOING TELEGRAM", "OUTGOING TLUCRAM Department of State")))
    if rng.random() < 0.5:
        o.line(str(_randint(rng, 1000, 9999)))
    if rng.random() < 0.6:
        o.line(_pick(rng, ("INDICATE: ☐ COLLECT", "ICATE: ☐ COLLECT", "INDICATE:")))
        o.line("☐ CHARGE TO" if rng.random() < 0.7 else "CHARGE TO")
    if urgent and rng.random() < 0.4:
        o.line(f"DATE: {d.date.month}/{d.date.day}/{d.date.year % 100}")
    r.banner(d.classification, d.caveats, 1, False)
    if rng.random() < 0.5:
        o.line("Classification")
    r.debris(0.3)
    o.line(_pick(rng, ("Origin", "Cable", "W")))
    o.line("SS")
    o.line("Info")
    for sym in rng.sample(_ROUTING, _randint(rng, 2, 10)):
        o.line(sym)
    stamp_first = rng.random() < 0.3
    stamp = _stamp(r)
    if stamp_first:
        o.line(stamp)
    prec = _precedence_text(r, d.precedence) if d.precedence else ""
    if d.variant == "circular":
        r.field("ACTION:", d.to, st["after"])
        o.line(f"CIRCULAR {d.num}" + (f" {prec}" if prec else ""))
    else:
        num = f"{d.series} {d.num}" if d.series else str(d.num)
        if prec and rng.random() < 0.5:
            value = f"{d.to} - {prec} {num}"
        elif prec:
            value = f"{d.to} {num} {prec}"
        else:
            value = f"{d.to} {num}"
        r.field("ACTION:", value, st["after"])
    for i, (_key, text) in enumerate(d.info):
        o.line(f"INFO: {text}" if i == 0 else text)
    if not stamp_first:
        o.line(stamp)
    if d.caveats and rng.random() < 0.6:
        o.line(d.caveats[0])
    if rng.random() < 0.2 and d.post is not None and d.variant != "circular":
        o.line(f"FOR {d.post.chief(d.date).upper()} FROM {d.signers[0]}" if d.post.key != "USUN"
               else "FOR STEVENSON AND McCLOY")
    if d.subject:
        o.line(f"SUBJECT: {d.subject}")
    if d.extra.get("ref_line"):
        o.line(f"{_pick(rng, ('REF:', 'REF:', 'Ref:', 'REFERENCE:'))} {d.extra['ref_line']}")
    o.blank()
    cap = d.extra["cap"]
    to_name = d.to

    def head(page: int) -> None:
        r.banner(d.classification, d.caveats, page, False)
        if rng.random() < 0.6:  # the continuation sheet of the DS form names the telegram
            o.line(f"Page {page} of telegram to {to_name}")
            r.marks.add("running-head")
        else:
            o.line(_pick(rng, (f"-{page}-", f"- {page} -", f"- {page}")))
        r.marks.add("page-number")
        o.blank()

    def foot(page: int, last: bool) -> None:
        o.blank()
        if page == 1:
            _drafting_block(r)
            if witness == 1 and d.extra.get("stamp_page1"):
                r.declass(d.extra["review1"], _pick(rng, (0, 0, 1, 3)))
        r.banner(d.classification, d.caveats, page, True)
        if page == 1 or rng.random() < 0.3:
            o.line("REPRODUCTION FROM THIS COPY IS PROHIBITED UNLESS UNCLASSIFIED")
        r.handnote(0.05)
        o.blank()

    pager = _Pager(r, cap - 14, cap, head, foot, d.extra["catch"])
    blocks = d.extra["blocks"]
    if witness == 2:
        for text, wrap in _withhold(r, blocks, 0.5):
            pager.block(text, wrap)
    else:
        for text in blocks:
            if text.startswith("\x01"):
                pager.block(text[1:], False)
            else:
                pager.block(text)
    if rng.random() < 0.35:
        o.line("END")
    sig = d.signers[0]
    if rng.random() < 0.05:
        sig = _pick(rng, ("RUSSK", "RUSIN", "BALI")) if sig == "RUSK" or rng.random() < 0.5 else sig
        r.marks.add("ocr")
    o.line(sig)
    pager.close()


def _stamp(r: _R) -> str:
    """The transmission stamp: ``Nov 23 9 43 PM '62`` (the telegram's date and Washington time)."""
    d = r.d
    h, m = int(d.time[:2]), int(d.time[3:])
    r.time_written = True
    ampm = "PM" if h >= 12 else "AM"
    mon = _MON3[d.date.month - 1]
    if r.rng.random() < 0.15:
        mon = mon.upper()
    return f"{mon} {d.date.day} {h % 12 or 12} {m:02d} {ampm} '{d.date.year % 100}"


def _drafting_block(r: _R) -> None:
    """Drafter, approving officer and clearances, typed at the foot of the first page of the form."""
    d, rng, o = r.d, r.rng, r.out
    drafter = _pick(rng, _STATE[1:])
    initials = "".join(p[0] for p in drafter[0].replace(".", "").split()[:-1])
    day = d.date if int(d.time[:2]) >= 3 else d.date - _dt.timedelta(days=1)  # drafted before midnight
    when = f"{day.month}/{day.day}/{day.year % 100}"
    text = (f"{drafter[2]}:{initials}{drafter[1]}:{_pick(rng, _TYPISTS)} {when}" if rng.random() < 0.6
            else f"{initials[:1]}{drafter[1]}/{_pick(rng, _TYPISTS)} {when}")
    d.extra["drafter"] = text
    o.line(_pick(rng, ("Drafted by:", "Drafted by", "Dated by")))
    if rng.random() < 0.4:
        a, b = text.rsplit(" ", 1)
        o.line(a)
        o.line(b)
    else:
        o.line(text)
    o.line("Telegraphic transmission and")
    o.line(_pick(rng, ("classification approved by:", "transmission approved by:")))
    approver = _pick(rng, _STATE[:4] + (_STATE[11],))
    o.line(f"{approver[2]} - {approver[0]}")
    o.line(_pick(rng, ("Clearances:", "Classified by", "Clearances")))
    for name, sur, sym in rng.sample(_STATE[2:], _randint(rng, 1, 3)):
        if rng.random() < 0.15:
            o.line(f"{sym} - Mr. [Name]")
            r.marks.add("placeholder")
        else:
            o.line(f"{sym} - Mr. {sur}")
    if rng.random() < 0.2:
        o.line("White House - Mr. Bundy")


# =============================================================================================
# Memoranda, letters, airgrams, cover sheets
# =============================================================================================


def _date_line(r: _R, day: _dt.date, style: str) -> str:
    rng = r.rng
    if style == "cia":
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    x = rng.random()
    if x < 0.7:
        return _long_date(day)
    if x < 0.85:
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{_MON3[day.month - 1]}. {day.day}, {day.year}" if day.month != 5 else _long_date(day)


def _simple_pager(r: _R, cap: int, first: int, numbered_style: int) -> _Pager:
    """Pages of a memorandum or letter: banner, "- 2 -", banner; catchwords at the foot."""
    d, rng, o = r.d, r.rng, r.out

    def head(page: int) -> None:
        r.banner(d.classification, d.caveats, page, False)
        o.line(("- {n} -", "-{n}-", "- {n}", "{n}.", "- {n} -")[numbered_style].format(n=page))
        r.marks.add("page-number")
        o.blank()

    def foot(page: int, last: bool) -> None:
        o.blank()
        r.banner(d.classification, d.caveats, page, True)
        r.handnote(0.04)
        o.blank()

    return _Pager(r, first, cap, head, foot, d.extra["catch"])


def _render_memo(r: _R, witness: int) -> None:
    """A memorandum in one of its forms (EDITORIAL §2): TO/THROUGH/FROM/SUBJECT, MEMORANDUM FOR …,
    for the record, of conversation, a paper without addressee, a transmittal slip."""
    d, rng, o = r.d, r.rng, r.out
    v = d.variant
    cia = v == "cia" or d.extra.get("heading") == "CENTRAL INTELLIGENCE AGENCY"
    r.banner(d.classification, d.caveats, 1, False)
    if d.caveats and rng.random() < 0.3:
        o.line(d.caveats[0])
    heading = d.extra.get("heading")
    if v == "white-house":
        heading = "THE WHITE HOUSE"
    elif v == "cia":
        heading = "CENTRAL INTELLIGENCE AGENCY"
    elif v in ("to-secretary", "transmittal", "record", "memcon") and rng.random() < 0.6:
        heading = "DEPARTMENT OF STATE"
    if heading:
        o.line(heading)
        o.line("WASHINGTON 25, D.C." if heading == "CENTRAL INTELLIGENCE AGENCY" else "WASHINGTON")
    if v in ("paper", "excom") and rng.random() < 0.5:
        o.line(f"COPY NO. {_randint(rng, 1, 30)}")
        o.line(f"of <u>{_pick(rng, (20, 30, 40, 50))}</u> copies")
        r.marks.add("underline")
    if d.extra.get("stamp_top"):
        o.line(f"**{_randint(rng, 100, 99999):05d}**")
        r.marks.add("stamp")
    o.blank()
    day = d.date
    time_line = None
    if d.time and v != "memcon":
        time_line = _memo_time(int(d.time[:2]), int(d.time[3:]))
        r.time_written = True
    if v == "memcon":
        o.line("MEMORANDUM OF CONVERSATION")
        o.blank()
        o.line(f"DATE: {_date_line(r, day, '')}")
        o.line(f"TIME: {_memo_time(int(d.time[:2]), int(d.time[3:]))}")
        r.time_written = True
        o.line(f"PLACE: {_pick(rng, ('The Secretary' + chr(39) + 's Office', 'Soviet Embassy', 'USUN, New York', 'The White House'))}")
        o.line(f"SUBJECT: {d.subject}")
        o.line("PARTICIPANTS:")
        o.line("The Secretary")
        for who in d.extra["participants"]:
            o.line(who)
        o.line(f"COPIES TO: {', '.join(rng.sample(('S/S', 'G', 'EUR', 'SOV', 'INR', 'S/P', 'White House', 'USUN'), 3))}")
    elif v == "to-secretary":
        o.line(_date_line(r, day, ""))
        if time_line:
            o.line(time_line)
        o.blank()
        scramble = rng.random() < 0.03  # columns read out of order, as the OCR of the first seed did
        if rng.random() < 0.25:
            o.line(f"MEMORANDUM FOR: {d.to}")
        else:
            o.line(f"TO : {d.to}" if rng.random() < 0.5 else f"TO: {d.to}")
        if rng.random() < 0.6:
            o.line("s/s THROUGH:" if scramble else "THROUGH: S/S")
        sym = d.extra.get("symbol", "S/P")
        o.line(f": {sym} - {d.frm} FROM" if scramble else f"FROM : {sym} - {d.frm}")
        o.blank()
        o.line(f"SUBJECT: {d.subject}")
    elif v == "transmittal":
        o.line(_long_date(day))
        if time_line:
            o.line(time_line)
        o.blank()
        o.line("MEMORANDUM FOR MR. McGEORGE BUNDY")
        o.line("THE WHITE HOUSE")
        o.blank()
        o.line(f"Subject: {d.subject}")
    elif v == "record":
        o.line(_date_line(r, day, "cia" if rng.random() < 0.3 else ""))
        o.blank()
        o.line("MEMORANDUM FOR THE RECORD")
        o.blank()
        o.line(f"SUBJECT: {d.subject}")
    elif v == "paper":
        o.line(_date_line(r, day, ""))
        o.blank()
        o.line(_pick(rng, ("MEMORANDUM", "MEMORANDUM", "MEHORANDUM")))
        o.blank()
        o.line(f"SUBJECT: {d.subject}")
    elif v == "excom":
        o.line(_date_line(r, day, ""))
        o.blank()
        o.line("MEMORANDUM FOR EXECUTIVE COMMITTEE NSC")
        o.blank()
        o.line(f"SUBJECT: {d.subject}")
    else:  # for-president, white-house, cia
        o.line(_date_line(r, day, "cia" if cia else ""))
        if time_line:
            o.line(time_line)
        o.blank()
        if v == "for-president":
            o.line("MEMORANDUM FOR THE PRESIDENT")
        else:
            o.line(f"MEMORANDUM FOR: {d.to}")
            if v == "white-house" and rng.random() < 0.4:
                o.line(_pick(rng, ("The Secretary of Defense", "The Director of Central Intelligence")))
        o.blank()
        o.line(f"{'Subject' if rng.random() < 0.5 else 'SUBJECT'}: {d.subject}")
    o.blank()

    cap = d.extra["cap"]
    pager = _simple_pager(r, cap, cap - 10, d.extra["pn_style"])
    blocks = d.extra["blocks"]
    pairs = _withhold(r, blocks, 0.45) if witness == 2 else [(b, True) for b in blocks]
    for text, wrap in pairs:
        pager.block(text, wrap)
    _memo_signature(r)
    if d.extra.get("transmits") and d.variant == "for-president":
        o.line("Attachment:")
        o.line(f"Memo on {_phrase(d.subject)}.")
    elif d.extra.get("transmits"):
        o.line("Attachments:")
        o.line(f"- 1. {d.subject} memo.")
        o.line("- 2. Memo to President.")
    elif d.variant == "transmittal" or (rng.random() < 0.25 and d.signers):
        o.line(_pick(rng, ("Attachments:", "Attachment:", "Enclosure:")))
        o.line(_pick(rng, ("As stated.", f"{d.subject}.", "Draft reply.")))
    pager.close()  # the attachment list stands above the foot banner, as in the seeds


def _memo_signature(r: _R) -> None:
    d, rng, o = r.d, r.rng, r.out
    if not d.signers:
        return
    name = d.signers[0]
    x = rng.random()
    if d.variant == "transmittal":
        r.handnote(0.7)
        if rng.random() < 0.5:
            o.line(f"*{_pick(rng, ('WR', 'BHR', 'JL'))} for*")
            r.marks.add("handwriting")
        o.line(name)
        o.line("Executive Secretary")
        return
    if d.extra.get("by"):
        o.line(f"/s/ {name} by U.A.Johnson")
    elif x < 0.35:
        o.line(f"/s/ {name}")
    elif x < 0.5:
        o.line("[Signature]")
        o.line(name)
        r.marks.add("placeholder")
    else:
        o.line(name)
    if d.variant == "cia" and "title" in d.extra:
        o.line(d.extra["title"])


def _render_letter(r: _R, witness: int) -> None:
    """A letter between heads of government or to the Secretary-General: heading, date, salutation,
    text, closing, signature, the addressee's block; Soviet letters dated at the end."""
    d, rng, o = r.d, r.rng, r.out
    frm, salute, sigline, to, heading = d.letter
    r.banner(d.classification, d.caveats, 1, False)
    o.line(heading)
    if heading == "THE WHITE HOUSE":
        o.line("WASHINGTON")
    elif heading.startswith("UNITED STATES MISSION"):
        o.line("799 United Nations Plaza")
        o.line("New York 17, N.Y.")
    elif heading == "THE SECRETARY OF STATE":
        o.line("WASHINGTON")
    o.blank()
    if not d.extra.get("date_at_end"):
        o.line(_long_date(d.date))
        o.blank()
    o.line(salute)
    o.blank()
    cap = d.extra["cap"]
    pager = _simple_pager(r, cap, cap - 8, d.extra["pn_style"])
    for text in d.extra["blocks"]:
        pager.block(text)
    o.line(_pick(rng, ("Sincerely,", "Sincerely,", "Respectfully,", "With warm regards,")))
    for line in sigline.split("\n"):  # a first name signed by hand above the typed name
        o.line(line)
        if line.startswith("*"):
            r.marks.add("handwriting")
    if not sigline.startswith(("/s/", "*")) and rng.random() < 0.3:
        o.line("[Signature]")
        r.marks.add("placeholder")
    o.blank()
    if to in _ADDRESS_BLOCK:
        for line in _ADDRESS_BLOCK[to]:
            o.line(line)
    if d.extra.get("date_at_end"):
        o.line(f"Moscow, {_long_date(d.date)}")
    pager.close()


def _render_airgram(r: _R, witness: int) -> None:
    """An AIRGRAM (Department of State form): number, TO/FROM/DATE/SUBJECT/REF, numbered text."""
    d, rng, o = r.d, r.rng, r.out
    r.banner(d.classification, d.caveats, 1, False)
    o.line(_pick(rng, ("AIRGRAM", "AIRGRAM", "DEPARTMENT OF STATE AIRGRAM", "A I R G R A M")))
    o.line(_pick(rng, ("FOR RM USE ONLY", "HANDLING INDICATOR", "")) or "DEPARTMENT OF STATE")
    o.line(_pick(rng, (d.number, f"NO. {d.number}", d.number)))
    r.debris(0.3)
    after = rng.random() < 0.2
    r.field("TO :" if rng.random() < 0.5 else "TO:", d.to, after)
    if d.variant != "circular" and rng.random() < 0.4:
        others = [p for p in rng.sample(_POSTS, 2) if p is not d.post]
        if others:
            o.line("INFO : " + ", ".join(p.actions[0] for p in others))
    r.field("FROM :" if rng.random() < 0.5 else "FROM:", d.frm, after)
    day = d.date
    o.line(f"DATE: {_long_date(day)}" if rng.random() < 0.7 else f"DATE: {day.month}/{day.day}/{day.year % 100}")
    o.line(f"SUBJECT: {d.subject}")
    if d.extra.get("ref_line"):
        o.line(f"REF : {d.extra['ref_line']}")
    o.blank()
    cap = d.extra["cap"]
    pager = _simple_pager(r, cap, cap - 12, d.extra["pn_style"])
    for text in d.extra["blocks"]:
        pager.block(text)
    sig = d.signers[0]
    if rng.random() < 0.3 and d.variant != "circular":
        o.line("[Signature]")
        r.marks.add("placeholder")
    o.line(sig)
    if d.variant != "circular":
        drafter = _pick(rng, ("POL", "ECON", "POL/MIL"))
        o.line(f"{drafter}:{_pick(rng, 'ABCDEFGHJKLMPRSTW')}{_pick(rng, 'ABCDEFGHJKLMPRSTW')}"
               f"{_pick(rng, ('Love', 'Brown', 'Schwartz', 'Hillenbrand', 'Klein', 'Owen', 'Stoessel'))}:"
               f"{_pick(rng, _TYPISTS)}")
    pager.close()


def _render_cover(r: _R, witness: int) -> None:
    """A cover sheet: the S/S Signature Record (empty boxes, a review stamp, form debris) or a routing slip."""
    d, rng, o = r.d, r.rng, r.out
    if d.variant == "sigrec":
        o.line(d.classification)
        r.marks.add("banner")
        for cav in d.caveats:
            o.blank()
            o.line(cav)
        o.blank()
        o.line("FROM: NUMBER: DATE:")
        o.blank()
        o.line("Signature Record")
        o.blank()
        o.line("Date\tOfficer\tSignature")
        if rng.random() < 0.7:
            rd = d.extra["review1"]
            o.line("\t\tDEPARTMENT OF STATE A/CDC/MR")
            o.line(f"\t\tREVIEWED by [Signature] DATE {rd.month}/{rd.day}/{rd.year % 100}")
            o.line("\t\t() RELEASE () DECLASSIFY")
            o.line("\t\t() DENY () Non-responsive info. FOI. EO or PA exemptions")
            r.marks |= {"declassification", "placeholder"}
        r.debris(0.9)
        o.blank()
        o.line(f"The attached item with this signature record must be returned to S/S "
               f"{_pick(rng, ('William H. Brubeck', 'Benjamin H. Read'))}, Room 7224, within 30 days.")
        o.blank()
        for _ in range(_randint(rng, 2, 6)):  # the form's ruled grid, read as rubble
            o.line("\t".join(_pick(rng, ("", ":", ".", "•", "·", ":.", "-", "٠")) for _ in range(_randint(rng, 4, 12))))
        r.marks.add("debris")
        return
    title = _pick(rng, (("DEPARTMENT OF STATE", "EXECUTIVE SECRETARIAT", "ROUTING SLIP"),
                        ("THE WHITE HOUSE", "ROUTING SLIP"), ("DEPARTMENT OF STATE", "BRIEFING MEMORANDUM COVER SHEET")))
    for line in title:
        o.line(line)
    r.banner(d.classification, [], 1, False)
    o.blank()
    o.line(f"TO: {d.to}")
    o.line(f"FROM: {d.frm}")
    day = d.date
    o.line(f"DATE: {day.month}/{day.day}/{day.year % 100}" if rng.random() < 0.6 else f"DATE: {_long_date(day)}")
    o.blank()
    for box in rng.sample(("() For your information", "() For action", "() For comment", "() Please return",
                           "() For signature", "() Note and file"), 3):
        o.line(box)
    o.line("REMARKS:")
    r.handnote(0.8)
    r.debris(0.5)


# =============================================================================================
# One file
# =============================================================================================

_RENDER = {"memorandum": _render_memo, "letter": _render_letter, "airgram": _render_airgram,
           "cover-sheet": _render_cover}


def _opening_ref(r: _R, ref: list, where: str) -> str:
    """The first reference opening the text: "REURTEL 512." / "RE DEPTEL 1338." / "YOUR 612."."""
    rng = r.rng
    space, n = _split_key(ref[1])
    if where == "out" and space == "EMBTEL" and r.d.variant != "circular" and rng.random() < 0.5:
        ref[0] = f"REURTEL {n}" if rng.random() < 0.7 else f"Reurtel {n}"
        return f"{ref[0]}."
    ref[0] = _ref_text(r, ref, where)
    return _pick(rng, ("{R}.", "RE {R}.", "REFERENCE {R}.", "{R} RECEIVED.")).format(R=ref[0])


def _prepare(r: _R) -> None:
    """Decide a document's layout and write its body text once (an excised release reuses it)."""
    d, rng = r.d, r.rng
    x = d.extra
    x["cap"] = _randint(rng, 24, 34)
    x["catch"] = _pick(rng, (0.0, 0.3, 0.6, 0.9))
    x["pn_style"] = rng.randrange(5)
    x["no_style"] = {"year": rng.random() < 0.4, "time": rng.random() < 0.9, "ampm": rng.randrange(3),
                     "title": _pick_weighted(rng, (0, 1, 2), (12, 70, 18)), "after": rng.random() < 0.15}
    x["review1"] = _review_day(rng)
    if d.witnesses > 1:
        while True:
            x["review2"] = _review_day(rng)
            if x["review2"] != x["review1"]:
                break
        x["withhold_names"] = True
    elif d.kind == "telegram" and d.classification in ("SECRET", "TOP SECRET") and rng.random() < 0.12:
        x["withhold_names"] = True
    x["withheld_block"] = d.kind == "telegram" and rng.random() < 0.1
    x["stamp_page1"] = d.kind == "telegram" and rng.random() < 0.4
    x["stamp_end"] = not x["stamp_page1"] and d.kind != "cover-sheet" and rng.random() < 0.6
    x["stamp_top"] = d.kind == "memorandum" and rng.random() < 0.08
    cap = x["cap"]
    target = _rows_target(r, d.pages, cap, cap - 12)
    if d.kind == "telegram" and d.direction == "incoming":
        x["rec"] = _received(r)
        d.received = x["rec"][1]
    refs = d.refs
    opening = ""
    if d.kind in ("telegram", "airgram") and refs:
        where = "air" if d.kind == "airgram" else ("in" if d.direction == "incoming" else "out")
        if d.kind == "airgram" or rng.random() < 0.55:
            x["ref_line"] = _ref_line(r, refs[: _randint(rng, 1, 3)], where)
        elif rng.random() < 0.6:
            opening = _opening_ref(r, refs[0], where)
    if d.kind == "telegram" and d.direction == "incoming":
        blocks = _prose(r, _IN_SENTENCES, True, target, rng.random() < 0.45, "cable", "in", _REF_SENTENCES_CAPS)
    elif d.kind == "telegram":
        caps = rng.random() < 0.4
        if d.variant == "letter":
            blocks = _telegram_letter(r, target)
        else:
            blocks = _prose(r, _OUT_SENTENCES, caps, target, rng.random() < 0.25, "cable", "out",
                            _REF_SENTENCES_OUT)
    elif d.kind == "memorandum" and d.variant == "memcon":
        foreign = rng.sample(("Ambassador Dobrynin", "Ambassador Alphand", "Sir David Ormsby-Gore", "Mr. Kuznetsov",
                              "Ambassador Grewe", "Ambassador Lindt", "Ambassador Menemencioglu", "Mr. Zorin"),
                             _randint(rng, 1, 2))
        ours = rng.sample(("Mr. Thompson (S/AL)", "Mr. Tyler (EUR)", "Mr. Davies (SOV)", "Mr. Kohler",
                           "Mr. Akalovsky (interpreter)", "Mr. Johnson (G)"), _randint(rng, 1, 2))
        x["participants"] = foreign + ours
        # Memcons name the visitor ("Ambassador Dobrynin") or call him by office ("The Ambassador").
        parts = tuple(foreign) + tuple("The " + w.split()[0] for w in foreign if w.startswith("Ambassador"))
        r.s.gens = dict(r.s.gens, PART=_fixed(parts))
        blocks = _prose(r, _MEMCON_SENTENCES, False, target, False, "memo", "memo", _REF_SENTENCES_MEMO)
    elif d.kind == "memorandum":
        if d.variant == "transmittal":
            blocks = _transmittal_body(r)
        elif d.extra.get("transmits"):
            blocks = _forwarding_body(r)
        else:
            blocks = _prose(r, _MEMO_SENTENCES, False, target, rng.random() < 0.7, "memo", "memo", _REF_SENTENCES_MEMO)
    elif d.kind == "airgram":
        pool = _OUT_SENTENCES if d.variant == "circular" else _IN_SENTENCES
        blocks = _prose(r, pool, False, target, rng.random() < 0.5, "cable", "air", _REF_SENTENCES_MEMO)
    elif d.kind == "letter":
        blocks = _prose(r, _letter_pool(d.letter[0]), False, min(target, 60), False, "letter", "memo", ())
    else:
        blocks = []
    if opening and blocks:
        blocks[0] = f"{opening} {blocks[0]}"
    x["blocks"] = blocks
    d.refs = [ref for ref in d.refs if ref[0]]  # truth lists only what the text says


def _letter_pool(writer: str) -> tuple:
    """The voice of a letter: the President's (and his Secretary's), the Chairman's, the Secretary-General's."""
    if writer == "Nikita S. Khrushchev":
        return _SOVIET_LETTER_SENTENCES
    if writer == "U Thant":
        return _UN_LETTER_SENTENCES
    return _LETTER_SENTENCES


def _telegram_letter(r: _R, target: int) -> list[str]:
    """A head of government's letter carried in a Department telegram: QUOTE … END (seed DEPTEL 1015)."""
    d, rng = r.d, r.rng
    frm, salute, sigline, to, _heading = d.letter
    whom = {"Nikita S. Khrushchev": ("Chairman Khrushchev", "Soviet"), "Harold Macmillan": ("Prime Minister Macmillan", "British"),
            "Charles de Gaulle": ("General de Gaulle", "French"), "Konrad Adenauer": ("Chancellor Adenauer", "German")}[to]
    intro = (f"Following message from President to {whom[0]} should be delivered as soon as possible to highest "
             f"available {whom[1]} official."
             + _pick(rng, (" Text has been handed Soviet Embassy in Washington and has been released to the press:",
                           " Text will not be released here:", ":")))
    for ref in d.refs:
        if not ref[0]:
            ref[0] = _ref_text(r, ref, "out")
            r.s["REF"] = ref[0].replace(" ", _KEEP)
            intro += " " + _pick(rng, ("This supplements {REF}.", "Re {REF}.", "See also {REF}.")).format_map(r.s)
    blocks = [r.finish(intro, False), "\x01QUOTE", "\x01" + salute]
    blocks += _prose(r, _letter_pool(frm), False, min(50, max(8, target - 10)), False, "letter", "memo", ())
    blocks += ["\x01" + _pick(rng, (sigline, "/s/ John F. Kennedy", "JOHN F. KENNEDY")),
               "\x01" + _pick(rng, ("END", "END QUOTE", "UNQUOTE"))]
    return blocks


def _phrase(subject: str) -> str:
    """A subject line as it reads inside a sentence: "Next Steps" → "next steps", "The quarantine" → "the quarantine"."""
    if all(w[:1].isupper() for w in subject.split() if len(w) > 3):
        return subject.lower()
    return subject[:1].lower() + subject[1:]


def _transmittal_body(r: _R) -> list[str]:
    d, rng = r.d, r.rng
    paper_day = d.date - _dt.timedelta(days=_pick(rng, (0, 1)))
    body = _pick(rng, (
        f'Attached for the use of the Executive Committee are copies of an {_MONTHS[paper_day.month - 1]} '
        f'{paper_day.day} paper on "{d.subject}" done by the {_pick(rng, ("Rostow", "Nitze", "Thompson", "Johnson"))} '
        f'Subcommittee.',
        f'I enclose copies of a memorandum on {_phrase(d.subject)} for distribution to the '
        f'members of the Executive Committee.'))
    return [r.finish(body, False)]


def _forwarding_body(r: _R) -> list[str]:
    d, rng = r.d, r.rng
    if d.variant == "for-president":
        return [r.finish(f"I attach a memorandum concerning {_phrase(d.subject)} prepared in "
                         f"response to your request to the Planning Sub-Committee of the Executive Committee.", False)]
    return [r.finish("Attached is a memorandum which we prepared in response to a direct request to the Planning "
                     "Sub-Committee of the Executive Committee, transmitted by Mac Bundy.", False),
            r.finish("We met this afternoon with representatives of the interested Bureaus, and the attached draft "
                     "reflects their comments.", False),
            r.finish("I attach a memorandum forwarding this paper to the President, if you believe that this would be "
                     "helpful.", False)]


def _render_file(f: _File, seed: int, pools: dict) -> tuple[str, list[dict]]:
    """A planned file → its text and the truth entry of each document in it."""
    rng = random.Random(f"edition.synth:{seed}:{f.index}")
    out = _Out(double=rng.random() < 0.3)
    if rng.random() < 0.6:  # real-ocr/ files start with two newlines (the dropped page-1 heading)
        out.lines += ["", ""]
    entries = []
    for i, d in enumerate(f.docs):
        r = _R(rng, out, d, pools)
        if i > 0:
            out.blank()
            if rng.random() < 0.4:
                out.line(_pick(rng, ("32.", "14", "Th an", str(_randint(rng, 2, 60)))))
        start = len(out.lines) + 1
        if i == 0 and rng.random() < 0.35:
            _archival(r)
        _prepare(r)
        render = _RENDER.get(d.kind)
        if render is None:
            render = _render_incoming if d.direction == "incoming" else _render_outgoing
        render(r, 1)
        if d.extra.get("stamp_end"):
            out.blank()
            r.declass(d.extra["review1"])
        if d.witnesses > 1:
            out.blank()
            out.line("EXCISED COPY FOLLOWS")
            out.blank()
            render(r, 2)
            if d.kind != "telegram" or d.direction != "incoming":
                out.blank()
                r.declass(d.extra["review2"], 3)
        end = out.last_text()
        entries.append(_truth(d, r, start, end))
    return "\n".join(out.lines) + "\n", entries


def _archival(r: _R) -> None:
    """Marks the archive added to the first page: frame and record numbers, filing stamps."""
    rng = r.rng
    day = r.d.date or _dt.date(1962, 10, 27)
    for _ in range(_randint(rng, 1, 3)):
        form = _pick(rng, _ARCHIVAL)
        text = form.format(num5=f"{_randint(rng, 1, 99999):05d}", slashdate=f"{day.year}/{day.month:02d}/{day.day:02d}",
                           num3=_randint(rng, 100, 999), num3b=_randint(rng, 100, 999), num2=_randint(rng, 10, 99))
        r.out.line(text)
        if text.startswith("**"):
            r.marks.add("stamp")


def _truth(d: _Doc, r: _R, start: int, end: int) -> dict:
    return {
        "id": d.id,
        "kind": d.kind,
        "direction": d.direction,
        "date": d.date.isoformat() if d.date else None,
        "time": d.time if (d.time and r.time_written) else None,
        "from": d.frm,
        "to": d.to,
        "number": d.number,
        "precedence": d.precedence,
        "classification": d.classification,
        "caveats": list(d.caveats),
        "subject": d.subject,
        "signers": list(d.signers),
        "sections": d.sections,
        "witnesses": d.witnesses,
        "references": [{"text": ref[0], "key": ref[1], "target": ref[2]} for ref in d.refs],
        "lines": [start, end],
        "received": d.received,
        "control": d.control,
        "marks": sorted(r.marks),
    }


# =============================================================================================
# Public API
# =============================================================================================


def iter_corpus(n: int, seed: int, registers: Optional[Path] = None) -> Iterator[tuple[str, str, list[dict]]]:
    """(documents, seed) → ``(file name, text, truth entries)`` for each file, in date order.

    ``registers``: a ``content/registers`` folder to draw names from (default: the project's own)."""
    if not isinstance(n, int) or isinstance(n, bool) or n <= 0:
        raise ValueError(f"the number of documents must be a positive whole number, not {n!r}")
    pools = load_register_forms(_default_registers_dir() if registers is None else registers)
    pools = {k: (v if len(v) >= 5 else ()) for k, v in pools.items()}
    for f in _plan(n, seed):
        text, entries = _render_file(f, seed, pools)
        yield f.name, text, entries


def generate_corpus(n: int, seed: int, registers: Optional[Path] = None) -> tuple[dict[str, str], dict]:
    """(documents, seed) → ({file name: text}, truth) in memory; truth as described in the module doc."""
    files: dict[str, str] = {}
    by_file: dict[str, list[dict]] = {}
    for name, text, entries in iter_corpus(n, seed, registers):
        files[name] = text
        by_file[name] = entries
    return files, {"generator": "edition.synth", "version": GENERATOR_VERSION, "seed": seed, "documents": n,
                   "files": by_file}


def write_corpus(n: int, seed: int, out: Path, registers: Optional[Path] = None) -> dict:
    """Write ``out/sources/*.txt`` and ``out/truth.json`` one file at a time, then the edition's
    other files (``write_edition_files``) → a summary
    ``{"files": …, "documents": …, "bytes": …}``. Old ``*.txt`` in ``out/sources`` are removed first only
    when ``out/truth.json`` shows the folder is an earlier generated corpus."""
    sources = out / "sources"
    if sources.is_dir() or (out / "edition.yaml").exists():
        old = sorted(p for p in sources.iterdir() if p.is_file()) if sources.is_dir() else []
        if (old or (out / "edition.yaml").exists()) and not (out / "truth.json").is_file():
            raise FileExistsError(f"{out} already holds an edition that this command did not write; "
                                  f"choose an empty or new --out folder")
        for p in old:
            if p.suffix == ".txt":
                p.unlink()
    sources.mkdir(parents=True, exist_ok=True)
    tmp_truth = out / "truth.json.tmp"
    files = docs = size = 0
    with tmp_truth.open("w", encoding="utf-8", newline="\n") as tj:
        tj.write('{\n  "generator": "edition.synth",\n  "version": %d,\n  "seed": %s,\n  "documents": %d,\n'
                 '  "files": {' % (GENERATOR_VERSION, json.dumps(seed), n))
        for name, text, entries in iter_corpus(n, seed, registers):
            data = text.encode("utf-8")
            (sources / name).write_bytes(data)
            tj.write(("\n" if files == 0 else ",\n") + f"    {json.dumps(name)}: [\n")
            tj.write(",\n".join("      " + json.dumps(e, ensure_ascii=False) for e in entries))
            tj.write("\n    ]")
            files += 1
            docs += len(entries)
            size += len(data)
        tj.write("\n  }\n}\n")
    tmp_truth.replace(out / "truth.json")
    write_edition_files(out, n, seed, _default_registers_dir() if registers is None else registers)
    return {"files": files, "documents": docs, "bytes": size}


_SYNTH_EDITION = """\
# Written by `edition synth`: a generated benchmark edition (not a historical record).
title: "A generated benchmark edition ({n} documents, seed {seed})"
subtitle: "Synthetic telegrams and memoranda for measuring the edition's build"
editors:
  - "edition synth"
publisher: "edition project"
version: "0.0.0"
licence: "CC0 1.0 (generated text)"
licence_url: "https://creativecommons.org/publicdomain/zero/1.0/"
base_url: "https://edition.example.org/synth/"
repository: "Generated by edition synth"
collection: "Benchmark corpus, seed {seed}"
id_prefix: "synth"
"""

_SYNTH_HOME = """\
---
title: Home
---

# A generated benchmark edition

<span class="lead">{n} synthetic documents (seed {seed}) for measuring the edition's build</span>

Every document here was written by `edition synth`: telegrams, airgrams, memoranda and letters in the
forms of the real records, with the transcription marks an editor meets, withheld passages, references
between documents and the names of the edition's registers. None of it is a historical record.
"""

_SYNTH_SEARCH = """\
---
title: Search
template: search.html
---

Search the full text and the metadata of every document of the benchmark edition.
"""


def write_edition_files(out: Path, n: int, seed: int, registers: Optional[Path]) -> None:
    """The rest of a content folder, so that the benchmark edition is built as a real one is:
    ``edition.yaml``, ``pages/`` (home and search page) and ``registers/`` (a copy of the registers the
    names were drawn from, so the names are tagged and the register pages listed at scale)."""
    (out / "edition.yaml").write_text(_SYNTH_EDITION.format(n=n, seed=seed), encoding="utf-8")
    pages = out / "pages"
    pages.mkdir(exist_ok=True)
    (pages / "index.md").write_text(_SYNTH_HOME.format(n=n, seed=seed), encoding="utf-8")
    (pages / "search.md").write_text(_SYNTH_SEARCH, encoding="utf-8")
    if registers is not None and registers.is_dir():
        target = out / "registers"
        target.mkdir(exist_ok=True)
        for path in sorted(registers.glob("*.yaml")) + sorted(registers.glob("*.yml")):
            (target / path.name).write_bytes(path.read_bytes())


def synth_command(documents: int, seed: int, out: Path) -> int:
    """``edition synth``: write the corpus and report one line; bad arguments → message on stderr, 2."""
    if isinstance(documents, bool) or not isinstance(documents, int) or documents <= 0:
        print(f"edition synth: --documents must be a positive whole number (got {documents})", file=sys.stderr)
        return 2
    if not isinstance(seed, int) or isinstance(seed, bool):
        print(f"edition synth: --seed must be a whole number (got {seed!r})", file=sys.stderr)
        return 2
    out = Path(out)
    if out.exists() and not out.is_dir():
        print(f"edition synth: --out {out} exists and is not a folder", file=sys.stderr)
        return 2
    try:
        summary = write_corpus(documents, seed, out)
    except FileExistsError as exc:
        print(f"edition synth: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"edition synth: cannot write {exc.filename or out}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"edition synth: wrote {summary['documents']} documents in {summary['files']} files "
          f"({summary['bytes'] / 1e6:.1f} MB) to {out / 'sources'}, truth in {out / 'truth.json'}")
    return 0
