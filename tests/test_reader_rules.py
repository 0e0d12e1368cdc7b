"""Table-driven tests of the reader's rules, one row per case, readable by eye.

Each table pairs what a transcription says with what the reader should make of it. The rules serve
real forms (EDITORIAL §2); the rows are written as those forms print them.
"""

import re

import pytest

from edition.body import _block_name, inside_address_match
from edition.chunks import Chunk, classify_line, field_match
from edition.dates import find_dates
from edition.diagnostics import Reporter
from edition.header import airgram_number, classification_of, is_airgram, read_header
from edition.segment import is_prose, split_documents
from edition.chunks import read_chunks


def chunk(kind: str, *lines: str, first: int = 1) -> Chunk:
    return Chunk(kind, first, first + len(lines) - 1, tuple(lines))


# --- classification: a level word, not an office --------------------------------------------
@pytest.mark.parametrize("banners, level", [
    (["THE SECRETARY OF DEFENSE"], None),            # an office, not a classification
    (["EXECUTIVE SECRETARIAT"], None),
    (["SECRET"], "SECRET"),
    (["SECRFT"], "SECRET"),                          # OCR-damaged level still read
    (["LIMITED OFFICIAL USE"], "LIMITED OFFICIAL USE"),
    (["CONFIDENTIAL-LIMIT DISTRIBUTION"], "CONFIDENTIAL"),
    (["LIMITED OFFICIAL USE", "CONFIDENTIAL"], "CONFIDENTIAL"),   # the highest level wins
    (["TOP SECRET - EYES ONLY"], "TOP SECRET"),
])
def test_classification_level(banners, level):
    assert classification_of(banners)[0] == level


def _read(path, text: str) -> list:
    """``text`` written to ``path`` (a source file) → the documents the reader finds in it."""
    from edition.reader import read_file
    from edition.sources import read_source
    path.write_text(text, encoding="utf-8")
    r = Reporter()
    return read_file(read_source(path, r), r)


# --- header lines ---------------------------------------------------------------------------
@pytest.mark.parametrize("line, expected", [
    ("N0: POLTO 160, JULY 4", ("no", "POLTO 160, JULY 4")),          # zero read for the letter O
    ("NO. A-120", ("no", "A-120")),                                   # airgram number, period not colon
    ("NO. 538, SEPTEMBER 3, 9:45 A.M.", ("no", "538, SEPTEMBER 3, 9:45 A.M.")),
    ("NO. POLTO 574, NOVEMBER 18, 12:30 AM", ("no", "POLTO 574, NOVEMBER 18, 12:30 AM")),  # one of a series
    ("NO. POLTO CIRCULAR 40, JANUARY 17, 10 AM", ("no", "POLTO CIRCULAR 40, JANUARY 17, 10 AM")),  # a series' circular
    ("NO. POLTO CIRCULATED 40 TIMES", None),
    ("NO. POLTO CIRCULAR 12, OCTOBER 28, GAVE FULL ACCOUNT.", None),  # a date, then a sentence goes on
    ("NO. 5 OF THE MEMBERS", None),                                   # prose, not a number field
    ("NO. ACTION 5 WAS TAKEN", None),
    ("s/s THROUGH:", ("through", "s/s")),                             # the label after its value
    (": S/P - W. W. Rostow FROM", ("from", "S/P - W. W. Rostow")),
    ("S/P : W. W. Rostow FROM", ("from", "S/P : W. W. Rostow")),        # the colon between office and name
    ("INR: Roger Hilsman FROM", ("from", "INR: Roger Hilsman")),
])
def test_number_field(line, expected):
    fm = field_match(line)
    assert (fm[0], fm[2]) == expected if expected else fm is None or fm[0] != "no"


def test_a_sentence_that_ends_in_a_label_word_is_no_field():
    """A label after its value is read when a colon opens or closes the line, not from a sentence
    with a colon in the middle that happens to end in TO."""
    assert field_match("CACCIA MADE FOLLOWING POINTS: (A) SOVIETS WILL TRY TO") is None


@pytest.mark.parametrize("line, kind", [
    ("NO. 538, SEPTEMBER 3, 9:45 A.M.", "field"),    # a number line, not a dateline
    ("July 13, 1962", "date"),
    ("-2-", "pagenum"),
    ("(b)(1)", "exemption"),
    ("SECRET", "banner"),
    ("A I R G R A M", "form"),                       # a form title printed letter-spaced
    ("A B C D", "text"),                             # spaced letters that are no form title
    ("CONFIDENTIAL - LIMIT DISTRIBUTION", "banner"),  # the Department's caveat
    ("DISTRIBUTION", "text"),                        # the heading of a distribution list
    ("DISTRIBUTION AND CONTROL", "text"),            # a heading, not the caveat
    ("CONTRIBUTION", "text"),                        # near DISTRIBUTION in letters: no banner word
    ("CONFIDENCE.", "text"),                         # a sentence's last word, near CONFIDENTIAL
    ("SECRETARY", "text"),                           # near SECRET, an English word all the same
    ("CONFIDENTIAI", "banner"),                      # the OCR's CONFIDENTIAL
    ("SECRET - CONTROLLED DISSEM", "banner"),        # the CIA's caveat
    ("*EXCOM 9/17/62*", "text"),                     # a handwritten annotation with its date
    ("*October 27, 1962*", "date"),                  # a date written by hand
    ("*Saturday, October 27, 1962*", "date"),        # … with its weekday
    ("*10/27/62 2 pm*", "date"),                     # … with its time
    ("*Oct 27, 1962 - 10 AM EDT*", "date"),          # … and its time zone
    ("*10/27/62 - JFK*", "text"),                    # initials and their date: an annotation
    ("INSTITUTION", "text"),
    ("ACTION: Amembassy LONDON 1423", "field"),
    ("I hope you will give these thoughts your careful consideration.", "text"),
])
def test_line_kinds(line, kind):
    assert classify_line(line) == kind


# --- dates ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text, iso", [
    ("119, JULY 29", "1962-07-29"),          # month and day ending the line (NO: line without time)
    ("OCTOBER 28, 8 PM", "1962-10-28"),
    ("Nov 23 9 43 PM '62", "1962-11-23"),
])
def test_dates_at_line_end(text, iso):
    assert [d.iso for d in find_dates(text, 1962)][:1] == [iso]


@pytest.mark.parametrize("text, iso, time", [
    # Two digits after a month and day are the hour when a time follows them, not a year of the 1910s
    # (the NO: line of an incoming telegram: sent at 10, 11 or 12 o'clock, it was dated by its receipt).
    # Without a year of its own, the date takes the one it is given (1961 here).
    ("NO: 1015, OCTOBER 27, 10 PM", "1961-10-27", "22:00"),
    ("1511, JULY 23, 12 AM", "1961-07-23", "00:00"),
    ("POLTO 574, NOVEMBER 18, 12:30 AM", "1961-11-18", "00:30"),
    ("October 28 11.30 am", "1961-10-28", "11:30"),
    ("OCTOBER 28, 12 NOON", "1961-10-28", "12:00"),
    ("JULY 23, NOON", "1961-07-23", "12:00"),
    ("October 28, 1962, 12 midnight", "1962-10-28", "00:00"),
    ("October 28, 62", "1962-10-28", None),           # a two-digit year stays a year
    ("Oct 28 62 10 AM", "1962-10-28", "10:00"),
    ("October 28, 1962 10 p.m.", "1962-10-28", "22:00"),
])
def test_an_hour_after_a_date_is_no_year(text, iso, time):
    assert [(d.iso, d.time) for d in find_dates(text, 1961)][:1] == [(iso, time)]


@pytest.mark.parametrize("text, time", [
    ("4:00 p.m.", "16:00"), ("10:55 a.m.", "10:55"), ("10.30 A.M.", "10:30"), ("12 noon", "12:00"), ("Noon", "12:00"),
    ("1600 hours", "16:00"),
    ("4:00-5:15 p.m.", "16:00"),       # a meeting's span: its start, in the half of the day its end gives
    ("11:30-12:30 p.m.", None),         # … unless the end is 12 (11:30 a.m. or p.m.?)
    ("4:00", None),                     # morning or afternoon?
    ("2530 hours", None), ("noonday", None),
])
def test_clock(text, time):
    from edition.dates import clock
    assert clock(text) == time


_MEMCON = """CONFIDENTIAL

DEPARTMENT OF STATE

MEMORANDUM OF CONVERSATION

DATE: 3 July 1962
{time}
PLACE: The Secretary's Office

SUBJECT: Cuba and Berlin

PARTICIPANTS:
The Secretary
Mr. Kuznetsov

Mr. Thompson observed that the Latin American governments will not support further action
without a new OAS resolution. TIME: 4 DAYS WOULD BE NEEDED.
"""

_MEMO = """SECRET

DEPARTMENT OF STATE

July 20, 1962
{time}

TO : The Secretary
FROM : G/PM - Jeffrey C. Kitchen
SUBJECT: Negotiations

1. I see no alternative to this course. Three considerations bear on this question.
"""


@pytest.mark.parametrize("template, line, time", [
    (_MEMCON, "TIME: 4:00 p.m.", "16:00"),   # a memorandum of conversation's TIME field
    (_MEMCON, "TIME: 4:00-5:15 p.m.", "16:00"),
    (_MEMCON, "", None),
    (_MEMO, "10:55 a.m.", "10:55"),           # a line that is only a time, below the dateline
    (_MEMO, "", None),
    (_MEMO, "10 copies", None),
])
def test_a_time_printed_apart_from_the_date(tmp_path, template, line, time):
    docs = _read(tmp_path / "1962-07-03-memo.txt", template.format(time=line))
    assert [(d.date, d.time) for d in docs] == [("1962-07-03" if template is _MEMCON else "1962-07-20", time)]


@pytest.mark.parametrize("line, expected", [
    ("TIME: 4:00 p.m.", ("time", "4:00 p.m.")),
    ("Time: 10:10 a.m.", ("time", "10:10 a.m.")),
    ("TIME; (B) WE WOULD NOT BE DRAWN INTO A LONG DEBATE", None),   # a telegram's line, wrapped
    ("TIME: 4 DAYS AFTER THE MEETING WE WOULD RECONSIDER", None),
])
def test_time_field(line, expected):
    fm = field_match(line)
    assert ((fm[0], fm[2]) if fm else None) == expected


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_number_printed_below_its_label(tmp_path, gap):
    """``NO:`` alone on its line and the number on the next, or after a blank line: the telegram's
    number and section, not the first paragraph of its text."""
    text = _SECTION.replace("NO:\n\n", "NO:" + gap).format(n=1, more="HE ASKED THAT WE KEEP HIM INFORMED.")
    docs = _read(tmp_path / "1962-11-05-the-hague-444.txt", text)
    assert [(d.number, len(d.witnesses[0].sections)) for d in docs] == [("444", 1)]
    from edition.inline_text import iter_sequences, project
    first = project(next(iter_sequences(docs[0]))[0]).text
    assert first.startswith("FOREIGN MINISTER LUNS")


@pytest.mark.parametrize("lines, kinds", [
    # a paragraph's line that begins with "TO": the sentence goes on
    (("D. THE OPPOSITION WILL MAKE CAPITAL OF NATO CONTROLS ON SHIPPING", "TO CUBA IN COMING DEBATE."), ["text"]),
    # after a sentence's end, or after a field: a head's TO line
    (("THE MINISTER WILL REPORT TO THE CABINET ON FRIDAY.", "TO SECSTATE WASHDC 1234"), ["text", "field"]),
    (("FM AMEMBASSY PARIS", "TO SECSTATE WASHDC 1234"), ["field", "field"]),
    # a short line naming a form, inside a sentence; a form title after a line that ends
    (("WOULD SERVE SOVIET RATHER THAN WESTERN INTERESTS. WE HAVE", "TAKEN ACTION REQUESTED EMBASSY AIRGRAM A-296."),
     ["text"]),
    (("THE MINISTER WILL REPORT TO THE CABINET ON FRIDAY.", "INCOMING TELEGRAM Department of State"),
     ["text", "form"]),
    # a head after a line that lost its final period: the form title, FM and TO lines stay the head's
    (("are gone. We should press the point in New York this week and report the result to you",
      "OUTGOING TELEGRAM Department of State"), ["text", "form"]),
    (("REPORT ANY FURTHER INDICATIONS AS THEY BECOME AVAILABLE TO US HERE", "FM AMEMBASSY MOSCOW"),
     ["text", "field"]),
    (("REPORT ANY FURTHER INDICATIONS AS THEY BECOME AVAILABLE TO US HERE", "TO SECSTATE WASHDC 1016"),
     ["text", "field"]),
    # a colon makes it a field wherever it stands
    (("THE FOREIGN MINISTER SAID THAT THE GOVERNMENT WOULD", "TO: Secretary of State"), ["text", "field"]),
])
def test_a_bare_label_inside_a_sentence(lines, kinds):
    assert [c.kind for c in read_chunks(lines)] == kinds


@pytest.mark.parametrize("line", ["ON 5 NOVEMBER FOREIGN MINISTER LUNS CALLED ME IN.",
                                  "EMBTEL 443 REPORTED FIRST REACTIONS.", "1.FOREIGN MINISTER LUNS CALLED ME IN."])
def test_a_number_lost_below_its_label_leaves_the_text_alone(tmp_path, line):
    """``NO:`` whose number the OCR lost, then the text: no number is made of the text's first line."""
    from edition.inline_text import iter_sequences, project
    text = re.sub(r"NO:\n\n444, .*\n", "NO:\n\n" + line + "\n", _SECTION.format(n=1, more=""))
    docs = _read(tmp_path / "1962-11-05-the-hague.txt", text)
    assert [d.number for d in docs] == [None]
    assert project(next(iter_sequences(docs[0]))[0]).text == line


def test_a_running_head_before_the_next_document_keeps_its_banner_for_it(tmp_path):
    """The last page of a telegram (running head, GP-3., signature) with no foot, then the next
    telegram's CONFIDENTIAL banner and head: the banner is the next telegram's."""
    text = ("INCOMING TELEGRAM Department of State\n\nSECRET\n\nControl: 3777\n\nRec'd: OCTOBER 27, 1962, 9:14 AM\n\n"
            "FROM: MOSCOW\n\nTO: Secretary of State\n\nNO: 1015, OCTOBER 27, 8 PM\n\n"
            "FOREIGN MINISTRY OFFICIAL TOLD EMBOFF THIS MORNING THAT SOVIET GOVERNMENT WILL REPLY TO\n"
            "PRESIDENT'S LETTER WITHIN TWENTY-FOUR HOURS.\n\n-2- 1015, OCTOBER 27, 8 PM, FROM MOSCOW\n\n"
            "GP-3.\n\nKOHLER\n\nCONFIDENTIAL\n\nINCOMING TELEGRAM Department of State\n\nControl: 3790\n\n"
            "Rec'd: OCTOBER 27, 1962, 11:02 AM\n\nFROM: ATHENS\n\nTO: Secretary of State\n\n"
            "NO: 412, OCTOBER 27, 6 PM\n\nGREEK GOVERNMENT HAS ASKED WHETHER QUARANTINE WILL APPLY TO SHIPS UNDER "
            "ITS FLAG.\n\nLABOUISSE\n")
    docs = _read(tmp_path / "1962-10-27-two-telegrams.txt", text)
    assert [(d.number, d.classification) for d in docs] == [("1015", "SECRET"), ("412", "CONFIDENTIAL")]


_CIRCULAR = ("OUTGOING TELEGRAM\n1072\nTOP SECRET\nW\nSS\nInfo\nAID\nSP\nACTION:\n{action}\n"
             "INFO: Amembassy ROME 857\nOct 25 6 46 PM '62\nSUBJECT: The OAS resolution of October 23\n\n"
             "DEPCIRTEL 323 RECEIVED. Department concurs in your view that the line\n"
             "taken in the press reflects official thinking more closely than usual.\n\nRUSK\n")


@pytest.mark.parametrize("action, number", [
    # the addressees and number below a lone ACTION:, over two lines: the head's, one document
    ("ALL AMERICAN REPUBLIC DIPLOMATIC POSTS\nCIRCULAR 452 PRIORITY", "CIRCULAR 452"),
    ("Amembassy BONN 1037", "1037"),
    # a post of three words and a precedence before the number: eight words, still no sentence
    ("Amembassy RIO DE JANEIRO - OPERATIONAL IMMEDIATE 2172", "2172"),
])
def test_the_addressee_below_a_lone_action_label(tmp_path, action, number):
    docs = _read(tmp_path / "1962-10-25-circular-452.txt", _CIRCULAR.format(action=action))
    assert [(d.number, d.date) for d in docs] == [(number, "1962-10-25")]


@pytest.mark.parametrize("line, addressee", [
    ("Amembassy RIO DE JANEIRO - OPERATIONAL IMMEDIATE 2172", True),
    ("USUN NEW YORK 1370 PRIORITY", True),
    # a sentence that begins with a post's word and ends in a number: the text, not the addressee
    ("Amembassy Rome should inform the Foreign Office of Deptel 2172", False),
    ("AMEMBASSY ROME SHOULD INFORM FOREIGN OFFICE. SEE DEPTEL 2172", False),
    ("ALL of us agree the POSTS SHOULD SEE CIRCULAR 452", False),  # (only a post's word in lower case)
])
def test_what_below_a_lone_action_label_is_its_addressee(line, addressee):
    """``segment._addressee_below``: a post's word (perhaps typed "Amembassy"), the rest in capitals,
    no sentence, ending in the number (perhaps after a precedence)."""
    from edition.chunks import read_chunks
    from edition.segment import _addressee_below
    (chunk,) = read_chunks([line])
    assert _addressee_below(chunk) is addressee


def test_a_short_text_below_a_lone_action_label_stays_the_text(tmp_path):
    """A lone ACTION: whose addressee the OCR lost, then a one-line text that ends in a number, then
    the next telegram: the line is the first telegram's text, and there are two telegrams."""
    from edition.reader import read_file
    from edition.sources import read_source
    one = "OUTGOING TELEGRAM Department of State\n\nSECRET\n\nACTION:{action}\n\n{text}\n\nRUSK\n\n"
    path = tmp_path / "1962-10-27-two-deptels.txt"
    path.write_text(one.format(action="", text="YOU SHOULD SEE FOREIGN MINISTER AT ONCE RE DEPTEL 1015")
                    + one.format(action=" Amembassy LONDON 2345 PRIORITY",
                                 text="PLEASE DELIVER FOLLOWING MESSAGE TO FOREIGN MINISTER SOONEST."), encoding="utf-8")
    r = Reporter()
    docs = read_file(read_source(path, r), r)
    assert [(d.number, d.addressee) for d in docs] == [(None, None), ("2345", "Amembassy LONDON")]


def test_addressees_one_per_line_are_one_field():
    """An outgoing telegram's INFO field lists its addressees one per line: one field, with all of
    them, not a field and a paragraph of reading text."""
    lines = ("INFO: Amembassy DAKAR 196", "Amembassy RIO DE JANEIRO 554", "USUN NEW YORK 1370 PRIORITY",
             "1. YOU SHOULD SEE DEPUTY MAYOR TOMORROW AND INFORM HIM")
    chunks = read_chunks(lines)
    assert [(c.kind, len(c.lines)) for c in chunks] == [("field", 3), ("text", 1)]
    h = read_header(chunks[:1], chunks[1:], 1962)
    assert h.info == ["Amembassy DAKAR 196", "Amembassy RIO DE JANEIRO 554", "USUN NEW YORK 1370 PRIORITY"]


@pytest.mark.parametrize("lines", [
    # under ACTION: the telegram's own addressee and number; the lines below may be an INFO list
    # whose label the OCR lost
    ("ACTION: Amembassy BONN 1037", "Amembassy LONDON 2345"),
    # a sentence that begins with a post's name
    ("INFO: USUN NEW YORK 1370", "USUN should consult with UK delegation on paragraph 3"),
])
def test_lines_that_are_no_more_addressees(lines):
    assert len(read_chunks(lines)) == 2


# --- reading text or not --------------------------------------------------------------------
@pytest.mark.parametrize("lines, prose", [
    (("Cable", "SS", "Info", "AID", "E", "UNP", "NSC", "G", "L", "NSA"), False),   # routing column
    (("CENTRAL INTELLIGENCE AGENCY", "WASHINGTON 25, D.C."), False),              # letterhead
    (("I have read your letter of October 26 with great care.",), True),
    (("THE FOREIGN MINISTER REMARKED PRIVATELY THAT FREE WORLD", "SHIPPING TO CUBA HAS MADE A DEEP"), True),
])
def test_prose(lines, prose):
    assert is_prose(chunk("text", *lines)) is prose


# --- signature blocks -----------------------------------------------------------------------
@pytest.mark.parametrize("lines, name", [
    (("Sincerely,", "/s/ John F. Kennedy"), "John F. Kennedy"),
    (("Respectfully,", "*Dean*", "Dean Rusk"), "Dean Rusk"),
    (("[Signature]", "Richard H. Davies"), "Richard H. Davies"),
    (("*Mac - see para 3*", "William H. Brubeck", "Executive Secretary"), "William H. Brubeck"),
    (("John A. McCone", "Director of Central Intelligence", "Enclosure: The test ban talks."), "John A. McCone"),
    (("Sincerely,", "U Thant"), "U Thant"),
    (("The Secretary will see Kuznetsov", "at the earliest opportunity."), None),      # a sentence
])
def test_signature_block(lines, name):
    assert _block_name(chunk("text", *lines)) == name


@pytest.mark.parametrize("line, name", [
    ("His Excellency U Thant", "U Thant"),
    ("The Honorable Adlai E. Stevenson", "Adlai E. Stevenson"),
    ("The Right Honorable Harold Macmillan, M.P.", "Harold Macmillan"),
    ("Dear Mr. President:", None),
])
def test_inside_address(line, name):
    assert inside_address_match(line) == name


# --- airgrams -------------------------------------------------------------------------------
@pytest.mark.parametrize("lines, number", [
    (("A I R G R A M", "CA-2429"), "CA-2429"),
    (("AIRGRAM", "A-129"), "A-129"),
])
def test_airgram_form_and_number(lines, number):
    head = [chunk("text", l, first=i + 1) for i, l in enumerate(lines)]
    assert is_airgram("", head) or is_airgram("AIRGRAM", head)
    assert airgram_number(head + [chunk("field", "REF: CA-2303", first=9)], {}) == number


@pytest.mark.parametrize("lines, sender, addressee, direction, number", [
    (["AIRGRAM", "NO. A-120", "TO: Department of State", "FROM: Amembassy PANAMA", "DATE: July 1, 1962"],
     "Amembassy PANAMA", "Department of State", "incoming", "A-120"),
    (["A I R G R A M", "CA-2429", "TO: ALL AMERICAN REPUBLIC DIPLOMATIC POSTS", "FROM: Department of State",
      "DATE: 7/4/62"], "Department of State", "ALL AMERICAN REPUBLIC DIPLOMATIC POSTS", "outgoing", "CA-2429"),
])
def test_airgram_head(lines, sender, addressee, direction, number):
    head = read_chunks(lines)
    h = read_header(head, [], 1962)
    assert (h.kind, h.sender, h.addressee, h.direction, h.number) == ("airgram", sender, addressee, direction, number)


# --- outgoing telegram numbers --------------------------------------------------------------
@pytest.mark.parametrize("lines, addressee, number", [
    (["OUTGOING TELEGRAM", "ACTION: USRO Paris TOPOL 275"], "USRO Paris", "TOPOL 275"),
    (["OUTGOING TELEGRAM", "ACTION: Amembassy LONDON 1423 OPERATIONAL IMMEDIATE"], "Amembassy LONDON", "1423"),
    (["OUTGOING TELEGRAM", "ACTION: ALL AMERICAN REPUBLIC DIPLOMATIC POSTS", "", "CIRCULAR 160 PRIORITY"],
     "ALL AMERICAN REPUBLIC DIPLOMATIC POSTS", "CIRCULAR 160"),
])
def test_outgoing_number(lines, addressee, number):
    h = read_header(read_chunks(lines), [], 1962)
    assert (h.direction, h.addressee, h.number) == ("outgoing", addressee, number)


# --- segmentation: a routing slip is a document of its own -----------------------------------
ROUTING = ["DEPARTMENT OF STATE", "EXECUTIVE SECRETARIAT", "ROUTING SLIP", "SECRET", "",
           "TO: The President", "FROM: S/S - William H. Brubeck", "DATE: 7/8/62", "",
           "() For comment", "() For action", "REMARKS:", ""]
COVER = ["DEPARTMENT OF STATE", "BRIEFING MEMORANDUM COVER SHEET", "CONFIDENTIAL", "",
         "TO: Mr. Ball", "FROM: S/S - Benjamin H. Read", "DATE: July 4, 1962", "",
         "() Please return", "REMARKS: *Mac - see para 3*", "", "CONFIDENTIAL"]
TELEGRAM = ["INCOMING TELEGRAM", "Control: 3953", "FROM: LISBON", "TO: Secretary of State", "NO: 68, JULY 5, 6 AM", "",
            "THE FOREIGN MINISTER REMARKED PRIVATELY THAT FREE WORLD SHIPPING TO CUBA HAS MADE A DEEP IMPRESSION."]
LETTER = ["THE WHITE HOUSE", "WASHINGTON", "", "July 2, 1962", "", "Dear Mr. Secretary-General:", "",
          "I have asked that you be kept informed of our views as the discussions proceed."]


@pytest.mark.parametrize("lines, starts", [
    (ROUTING + TELEGRAM, [1, 14]),     # slip, then the telegram it routes (form title)
    (COVER + LETTER, [1, 12]),         # cover sheet, then the letter (its banner opens the letter)
    (TELEGRAM, [1]),
])
def test_routing_slip_is_its_own_document(lines, starts):
    docs = split_documents(read_chunks(lines))
    assert [d.first for d in docs] == starts


# --- one document in several raw documents: releases and sections ---------------------------
# Written as the declassified files print them: a fuller release, "EXCISED COPY FOLLOWS", the
# excised release (its withheld words "[]"); a long incoming telegram in sections whose number line
# the OCR split ("NO:" / "444, …"), so that only the running heads say which section is which.
_TELEGRAM = """OUTGOING TELEGRAM Department of State

SECRET

ACTION: Amembassy ATHENS {no} ROUTINE

October 27, 1962

The Greek Government has asked whether the quarantine will be extended to ships under its flag.
You should tell the Foreign Minister that it will apply to every ship bound for Cuba{cut}.

RUSK

Drafted by: RGarthoff/mjl

10/27/62

Telegraphic transmission and classification approved by: S - Dean Rusk

SECRET
"""
_MEMO = """MEMORANDUM FOR THE PRESIDENT

SUBJECT: Soviet troops remaining in Cuba

November 22, 1962

The Soviet Government has not said how many of its troops will stay in Cuba after the missiles
are gone{cut}. We should press the point in New York this week.

Dean Rusk
"""
_SECTION = """Department of State

INCOMING TELEGRAM

SECRET

Control :

3777

Rec'd: NOVEMBER 5, 1962

FROM:

THE HAGUE

TO;

Secretary of State

NO:

444, NOVEMBER 5, 10 P.M. (SECTION {n} OF 2)

FOREIGN MINISTER LUNS TOLD ME THIS MORNING THAT THE NETHERLANDS GOVERNMENT SUPPORTS THE
QUARANTINE AND WILL SAY SO IN THE COUNCIL OF NATO.

-2- 444, NOVEMBER 5, 10 P.M. (SECTION {n} OF 2), FROM THE HAGUE

{more} THE MINISTER WILL REPORT TO THE CABINET ON FRIDAY AND EXPECTS NO DIFFICULTY THERE.

RICE

"""
_TRANSMITTAL = """MEMORANDUM FOR MR. McGEORGE BUNDY

SUBJECT: Transmittal of the Secretary's memorandum on Soviet troops

November 22, 1962

I enclose the Secretary's memorandum to the President on the Soviet troops that remain in Cuba,
for the meeting tomorrow morning{cut}.

Dean Rusk
"""
_EXCISED = "\nEXCISED COPY FOLLOWS\n\n"


def _unnumbered(section: str) -> str:
    """A section whose running head the OCR lost, and the number below its ``NO:`` too: nothing in
    it says which telegram or section it is."""
    return re.sub(r"NO:\n\n444, .*\n\n", "", re.sub(r"-2- 444, .*\n\n", "", section))


@pytest.mark.parametrize("text, shape, warned", [
    # a telegram number read from the ACTION line (no "NO." field): the releases match on it; the
    # drafting date at the foot of the fuller release starts no document of its own
    (_TELEGRAM.format(no="418", cut="") + _EXCISED + _TELEGRAM.format(no="418", cut=" []"), [[1, 1]], False),
    # the fuller release's number not read: the notice and the agreeing heads make one document
    (_TELEGRAM.format(no="", cut="") + _EXCISED + _TELEGRAM.format(no="418", cut=" []"), [[1, 1]], False),
    # a memorandum has no number at all
    (_MEMO.format(cut="") + _EXCISED + _MEMO.format(cut=" []"), [[1, 1]], False),
    # sections 1 and 2 of 2 (the number printed below "NO:"): one release in two sections
    (_SECTION.format(n=1, more="HE ASKED THAT WE KEEP HIM INFORMED.")
     + _SECTION.format(n=2, more="HE WILL SEE THE SOVIET AMBASSADOR TOMORROW."), [[2]], False),
    # section 1 of 2, then a section the OCR left unnumbered: its second section
    (_SECTION.format(n=1, more="HE ASKED THAT WE KEEP HIM INFORMED.")
     + _unnumbered(_SECTION.format(n=2, more="HE WILL SEE THE SOVIET AMBASSADOR TOMORROW.")), [[2]], False),
    # two telegrams from one post, neither numbered nor in sections: nothing ties them, two documents
    (_unnumbered(_SECTION.format(n=1, more="HE ASKED THAT WE KEEP HIM INFORMED."))
     + _unnumbered(_SECTION.format(n=2, more="HE WILL SEE THE SOVIET AMBASSADOR TOMORROW.")), [[1], [1]], False),
    # telegram 418 to Athens, then telegram 418 to Rome: outgoing numbers are counted per post
    (_TELEGRAM.format(no="418", cut="") + "\n"
     + _TELEGRAM.format(no="418", cut="").replace("ATHENS", "ROME").replace("October 27", "October 29"),
     [[1], [1]], False),
    # two documents, then the notice, then both again: no copy joins the wrong document (the
    # transmittal's copy differs from the memorandum just before it); four documents, and said
    (_TRANSMITTAL.format(cut="") + "\n" + _MEMO.format(cut="") + _EXCISED
     + _TRANSMITTAL.format(cut=" []") + "\n" + _MEMO.format(cut=" []"), [[1], [1], [1], [1]], True),
    # the Department under two names, and a subject with withheld words: still one document
    (_SECTION.format(n=1, more="HE ASKED THAT WE KEEP HIM INFORMED.").replace("TO;\n\nSecretary of State",
                                                                             "TO;\n\nSecretary of State")
     + _EXCISED + _SECTION.format(n=1, more="[] HE ASKED THAT WE KEEP HIM INFORMED.").replace(
         "TO;\n\nSecretary of State", "TO;\n\nSECSTATE WASHDC"), [[1, 1]], False),
    # telegrams from NEW DELHI and from USUN NEW YORK, then the second's excised copy: "NEW" is no match
    (_SECTION.format(n=1, more="").replace("THE HAGUE", "NEW DELHI").replace(" (SECTION 1 OF 2)", "")
     .replace("444,", "911,")
     + _SECTION.format(n=1, more="").replace("THE HAGUE", "USUN NEW YORK").replace(" (SECTION 1 OF 2)", "")
     .replace("444,", "1370,")
     + _EXCISED + _SECTION.format(n=1, more="[]").replace("THE HAGUE", "USUN NEW YORK")
     .replace(" (SECTION 1 OF 2)", "").replace("444, ", ""), [[1], [1, 1]], False),
    # two notices in a row: the second is no document of its own
    (_MEMO.format(cut="") + _EXCISED + _EXCISED + _MEMO.format(cut=" []"), [[1, 1]], False),
    # a page number between two notices, a banner after the last release: no documents of their own
    (_MEMO.format(cut="") + _EXCISED + "- 2 -\n" + _EXCISED + _MEMO.format(cut=" []") + "\nSECRET\n",
     [[1, 1]], False),
    # a later page of section 1 (its running head, a line run over, the page's foot) before section
    # 2's head: the end of section 1, not the head of a document of its own
    (_SECTION.format(n=1, more="HE ASKED THAT WE KEEP HIM INFORMED.").replace("\nRICE\n", "\n")
     + "SECRET\n\n-3- 444, NOVEMBER 5, 10 P.M. (SECTION 1 OF 2), FROM THE HAGUE\n\nCONFIDENCE.\n\nRICE\n\n"
     "SECRET\n\n" + _SECTION.format(n=2, more="HE WILL SEE THE SOVIET AMBASSADOR TOMORROW."), [[2]], False),
    # section 1 of 2, then another telegram with a number and no section
    (_SECTION.format(n=1, more="HE ASKED THAT WE KEEP HIM INFORMED.")
     + _SECTION.format(n=2, more="").split("NO:")[0] + "NO: 445, NOVEMBER 5, 11 P.M.\n\n"
     "THE MINISTER CALLED AGAIN THIS EVENING ABOUT THE COUNCIL MEETING AND THE DUTCH STATEMENT.\n\nRICE\n",
     [[1], [1]], False),
    # a release after the notice whose number differs: not merged, and said (W115)
    (_TELEGRAM.format(no="418", cut="") + _EXCISED + _TELEGRAM.format(no="419", cut=" []"), [[1], [1]], True),
])
def test_releases_and_sections_make_one_document(tmp_path, text, shape, warned):
    """→ documents, each as [sections of each witness]."""
    from edition.reader import read_file
    from edition.sources import read_source

    path = tmp_path / "1962-10-27-telegram.txt"
    path.write_text(text, encoding="utf-8")
    reporter = Reporter()
    docs = read_file(read_source(path, reporter), reporter)
    assert [[len(w.sections) for w in d.witnesses] for d in docs] == shape
    assert any(x.code == "W115" for x in reporter.diagnostics) == warned
    # nothing lost: every line with text belongs to a document
    covered = set()
    for d in docs:
        covered.update(range(d.source_lines[0], d.source_lines[1] + 1))
    assert {n for n, line in enumerate(text.splitlines(), 1) if line.strip()} <= covered


_SOVIET_LETTER = """TOP SECRET

Unofficial Translation

Dear Mr. President,

I have received your message of October 23. We do not wish to prolong this matter.

We, for our part, shall do nothing that would complicate the situation.

Sincerely,
N. KHRUSHCHEV
[Signature]

His Excellency
John F. Kennedy
President of the United States of America
Washington
Moscow, October 24, 1962
"""


def test_a_letter_signed_in_capitals_and_dated_at_its_foot(tmp_path):
    """A Soviet leader's letter: the typed name in capitals under the close is the signer, the
    addressee's block below it ("His Excellency" / the name) is not, and the place and date under
    that block date the letter."""
    [doc] = _read(tmp_path / "1962-10-24-letter.txt", _SOVIET_LETTER)
    assert (doc.kind, doc.sender, doc.signers, doc.addressee) == ("letter", "N. KHRUSHCHEV", ("N. KHRUSHCHEV",), "John F. Kennedy")
    assert doc.title == "Letter From N. Khrushchev to John F. Kennedy"
    assert (doc.date, doc.place) == ("1962-10-24", "Moscow")


_CIA_MEMO = """SECRET

CENTRAL INTELLIGENCE AGENCY

WASHINGTON 25, D.C.

4 September 1962

MEMORANDUM FOR: The Secretary of State
SUBJECT: Next Steps

Our purpose in any negotiation should be to press for early agreement on the test ban.
The proposal deserves careful study, and the Joint Chiefs have been consulted and concur.

{signature}
"""


@pytest.mark.parametrize("signature, sender", [
    ("/s/ John A. McCone\nDirector of Central Intelligence", "John A. McCone"),  # the signer, not the letterhead
    ("", "CIA"),                                                                  # no signer: the agency
])
def test_a_memorandum_on_an_agency_letterhead_is_from_its_signer(tmp_path, signature, sender):
    [doc] = _read(tmp_path / "1962-09-04-memo.txt", _CIA_MEMO.format(signature=signature))
    assert (doc.sender, doc.title) == (sender, f"Memorandum From {sender} to the Secretary of State")


_VALUES_BELOW = """INCOMING TELEGRAM
SECRET
Control:
14544
Rec'd: OCTOBER 20, 1962, 4:02 AM
FROM :
BERN
(SWISS EMBASSY HAVANA)
TO :
Secretary of State
NO :
287, OCTOBER 20, 1962, 6:30 AM

SUBSTANCE OF DEPTEL 85 CONVEYED TO SWISS AMBASSADOR IN HAVANA AT HIS RESIDENCE THIS EVENING.
PRESIDENT DORTICOS ASKED THAT HIS REMARKS BE TREATED IN STRICT CONFIDENCE.

MICHELI
"""


def test_sender_and_addressee_printed_below_their_labels(tmp_path):
    """FROM, TO and NO each alone on its line, the value on the next: the head's (a sender's line
    that ends in a parenthesis reads like prose), and the post named first is the sender's."""
    [doc] = _read(tmp_path / "1962-10-20-bern-287.txt", _VALUES_BELOW)
    assert (doc.sender, doc.addressee, doc.number, doc.date, doc.time) == \
        ("BERN (SWISS EMBASSY HAVANA)", "Secretary of State", "287", "1962-10-20", "06:30")
    assert doc.title == "Telegram From the Embassy in Switzerland to the Department of State"
    from edition.inline_text import iter_sequences, project
    assert project(next(iter_sequences(doc))[0]).text.startswith("SUBSTANCE OF DEPTEL 85")


_READ_TRANSMITTAL = """SECRET

November 5, 1962

MEMORANDUM FOR MR. McGEORGE BUNDY

THE WHITE HOUSE

Subject: The Soviet Position

Attached for the use of the Executive Committee are copies of an

November 5 paper on "The Soviet Position" done by the Rostow

{last}

*S/S-RO*

Benjamin H. Read

Executive Secretary

{banner}
"""


@pytest.mark.parametrize("last, banner", [
    ("Subcommittee.", "SECRET"),            # a sentence's last word, alone on its line
    ("Executive Committee.", "TOP SECRE T"),  # … and a banner the OCR broke
])
def test_the_end_of_a_sentence_is_no_signature(tmp_path, last, banner):
    [doc] = _read(tmp_path / "1962-11-05-memo.txt", _READ_TRANSMITTAL.format(last=last, banner=banner))
    assert (doc.signers, doc.sender) == (("Benjamin H. Read",), "Benjamin H. Read")


def test_a_memorandum_of_conversation(tmp_path):
    """Headed as FRUS heads one; its subject ends before the next label ("PARTICIPANTS:")."""
    text = ("CONFIDENTIAL\nDEPARTMENT OF STATE\nWASHINGTON\n\nMEMORANDUM OF CONVERSATION\n\nDATE: July 1, 1962\n"
            "TIME: 10:45 a.m.\nPLACE: Soviet Embassy\nSUBJECT: Soviet Proposals\nPARTICIPANTS:\nThe Secretary\n"
            "Mr. Kuznetsov\n\nMr. Thompson observed that the Latin American governments will not support further\n"
            "action without a new OAS resolution. Mr. Kuznetsov remarked on the situation at some length.\n")
    [doc] = _read(tmp_path / "1962-07-01-memcon.txt", text)
    assert (doc.kind, doc.title, doc.date, doc.time) == ("memorandum", "Memorandum of Conversation", "1962-07-01", "10:45")
    assert doc.subject == "Soviet Proposals"


_SIGNED_MEMO = """SECRET

November 5, 1962

MEMORANDUM FOR MR. McGEORGE BUNDY

Subject: The Soviet Position

Attached for the use of the Executive Committee are copies of a paper on the Soviet position.

{signature}
"""


@pytest.mark.parametrize("signature, signer", [
    ("L.D. Battle\n\nExecutive Secretary", "L.D. Battle"),          # initials run together
    ("W.W. Rostow", "W.W. Rostow"),
    ("Brig. Gen. Godfrey McHugh", "Brig. Gen. Godfrey McHugh"),     # ranks abbreviated
    ("/s/\nJohn A. McCone\nDirector of Central Intelligence", "John A. McCone"),  # "/s/" alone on its line
    ("/s/ Dean Rusk by\nU. Alexis Johnson", "Dean Rusk"),              # signed for him
])
def test_signatures(tmp_path, signature, signer):
    [doc] = _read(tmp_path / "1962-11-05-memo.txt", _SIGNED_MEMO.format(signature=signature))
    assert (doc.signers[:1], doc.sender) == ((signer,), signer)


@pytest.mark.parametrize("foot, date, place", [
    ("Moscow, October 24, 1962", "1962-10-24", "Moscow"),
    ("Moscow, October 24, 1962\nReceived in the Department, October 29, 1962", "1962-10-24", "Moscow"),
    ("Seen by the President, November 9, 1962", None, None),   # a note, not the letter's date
])
def test_a_letter_dated_at_its_foot(tmp_path, foot, date, place):
    [doc] = _read(tmp_path / "letter.txt", _SOVIET_LETTER.replace("Moscow, October 24, 1962\n", foot + "\n"))
    assert (doc.date, doc.place) == (date, place)


def test_a_number_of_another_series_with_its_date():
    assert field_match("NO. DELGA 250, OCTOBER 5, 8 PM")[2] == "DELGA 250, OCTOBER 5, 8 PM"
    assert field_match("NO. SINCE 1962, MARCH 3 THEY HAVE SAILED.") is None
    assert field_match("NO. ABOUT 500") is None


def test_a_number_label_alone_with_its_period(tmp_path):
    """``NO.`` alone on its line, the number and date below: the head's (it had joined the addressee
    above it, "Secretary of State NO.", which then read as a sentence that began the text)."""
    text = ("INCOMING TELEGRAM\nCONFIDENTIAL\nControl:\n19341\nRec'd: OCTOBER 27, 1962\n3:07 AM\nFROM:\nNEW YORK\n"
            "TO:\nSecretary of State\nNO.\n1329, OCTOBER 27, 1962, 11 PM\n\n"
            "SENT DEPARTMENT 1329, REPEATED INFORMATION OTTAWA 36, GENEVA 295, ANKARA 71.\n\nSTEVENSON\n")
    [doc] = _read(tmp_path / "1962-10-27-usun-1329.txt", text)
    assert (doc.sender, doc.addressee, doc.number, doc.date, doc.time) == \
        ("NEW YORK", "Secretary of State", "1329", "1962-10-27", "23:00")
    # (the Department's post in New York is the Mission to the United Nations, USUN)
    assert (doc.title, doc.id) == ("Telegram From the Mission to the United Nations to the Department of State",
                                   "1962-10-27-usun-1329")


def test_an_outgoing_number_before_its_precedence(tmp_path):
    assert _ACTION_NUMBER("ACTION: Amembassy LISBON 231 N/ACT") == "231"


def _ACTION_NUMBER(line: str):
    from edition.header import ACTION_TAIL
    m = ACTION_TAIL.search(line)
    return m.group(2) if m else None


# --- untyped papers and report forms: the subject a reader sees as the title -------------------
def _lines(*lines: str) -> str:
    """OCR as the release prints it: each line a paragraph of its own."""
    return "\n\n".join(lines) + "\n"


_DIGEST_ITEM = _lines("9.", "SECRET", "1:8 01-415-415-3", "LATIN AMERICA", "IL-28s in Cuba",
                      "Fuselage crates for nine", "IL-28 (Beagle) jet bombers were",
                      "identified on 4 November at Holguin airfield in Oriente Province.", "6 Nov 62")
_AGENDA = _lines("Sit HeM", "Call $ 145-581", "for pick up.", "SECRET", "Meeting of Subversion Subcomittee",
                 "8 November, 1963", "1.", "consideration of draft subcomittee report to Coordinator",
                 "concerning action on the assigned contingency papers, including the draft circular.")
_CURRENT_INTELLIGENCE = _lines("SECRET", "NO FOREIGN DISSEM/BACKGROUND USE ONLY", "OCI NO. 1427/63",
                               "23 April 1963", "Fidel Castro's Coming Visit to Moscow and Algiers", "1.",
                               "The initial report on Fidel Castro's forthcoming visit to Moscow came from",
                               "a usually reliable source with excellent contacts in Cuban government circles.")


@pytest.mark.parametrize("text, title", [
    (_DIGEST_ITEM, "IL-28s in Cuba"),          # the item's heading, below its region's in capitals
    (_AGENDA, "Meeting of Subversion Subcomittee"),   # a handwritten note above it ("Sit HeM") is none
    (_CURRENT_INTELLIGENCE, "Fidel Castro's Coming Visit to Moscow and Algiers"),  # an office's number above
    (_DIGEST_ITEM.replace("IL-28s in Cuba\n\n", ""), "Document"),     # a heading in capitals alone: none
    (_AGENDA.replace("Meeting of Subversion Subcomittee\n\n", ""), "Document"),
    # a line in title case after the text has begun is no heading
    (_CURRENT_INTELLIGENCE.replace("Fidel Castro's Coming Visit to Moscow and Algiers\n\n", "")
     + "\nSoviet Missile Bases Abroad\n", "Document"),
    # nor a reader's name, a signer's, a letterhead, a place, a line of running text in a column
    (_lines("SECRET", "Mr. Bundy", "1. The Soviet buildup in Cuba continues at the pace reported last week."),
     "Document"),
    (_lines("TALKING POINTS FOR THE PRESIDENT", "Richard Helms",
            "1. The Soviet buildup in Cuba continues at the pace reported last week."), "Document"),
    (_lines("The White House", "Washington", "8 November 1963",
            "1. The Soviet buildup in Cuba continues at the pace reported last week."), "Document"),
    (_lines("Paris, France", "8 November 1963",
            "1. The Soviet buildup in Cuba continues at the pace reported last week."), "Document"),
    (_lines("9.", "SECRET", "LATIN AMERICA", "Two Soviet ships", "were sighted today", "off the coast of",
            "Oriente Province by", "US Navy aircraft.", "6 Nov 62"), "Document"),
    (_lines("SECRET", "1. THE SOVIET BUILDUP IN CUBA CONTINUES AT THE PACE REPORTED LAST WEEK.",
            "Seen by Mr. Bundy", "John A. McCone"), "Document"),
])
def test_an_untyped_papers_heading(tmp_path, text, title):
    [doc] = _read(tmp_path / "paper.txt", text)
    assert (doc.kind, doc.title) == ("other", title)
    assert doc.subject == (None if title == "Document" else title)


_REPORT_FORM = _lines("INFORMATION REPORT", "CENTRAL INTELLIGENCE AGENCY", "COUNTRY", "CUBA",
                      "REPORT NO. TDCS -3/519,978", ": SUBJECT", "PLANNED ACTION BY CLANDESTINE",
                      "ORGANIZATIONS IN CUBA*", "DATE DISTR 17 AUGUST 1962", "PRECEDENCE ROUTINE",
                      "FRANCE, PARIS (15 AUGUST 1962)",
                      "THIS IS UNEVALUATED INFORMATION. SOURCE GRADINGS ARE DEFINITIVE.",
                      "1. THE GROUPS PLAN TO ACT BEFORE THE END OF THE MONTH, ACCORDING TO THE LETTER.")


@pytest.mark.parametrize("text, subject", [
    # the label read with its column's colon, the value on two lines below it
    (_REPORT_FORM, "PLANNED ACTION BY CLANDESTINE ORGANIZATIONS IN CUBA"),
    # the label alone, the report's number first in the column of values below it
    (_REPORT_FORM.replace(": SUBJECT\n\nPLANNED ACTION BY CLANDESTINE\n\nORGANIZATIONS IN CUBA*",
                          "SUBJECT:\n\n: TDCS-3/540,727\n\n: CABINET OPPOSITION TO CONGO GOVERNMENT RESHUFFLE")
                 .replace("REPORT NO. TDCS -3/519,978", "REPORT NO."),
     "CABINET OPPOSITION TO CONGO GOVERNMENT RESHUFFLE"),
])
def test_a_report_forms_subject_below_its_label(tmp_path, text, subject):
    [doc] = _read(tmp_path / "report.txt", text)
    assert (doc.kind, doc.subject, doc.title) == ("report", subject, subject)


@pytest.mark.parametrize("value, subject", [
    ("Berlin", "Berlin"),                         # one word: a subject all the same
    ("U-2 Flights", "U-2 Flights"),
    ("PLANNED ACTION BY CLANDESTINE\n\nKILDUFF", "PLANNED ACTION BY CLANDESTINE"),   # a name below: no more of it
    ("PLANNED ACTION BY CLANDESTINE\n\nRECEDENCE", "PLANNED ACTION BY CLANDESTINE"),  # nor a damaged label
])
def test_a_memorandums_subject_below_its_label(tmp_path, value, subject):
    text = _lines("SECRET", "June 5, 1962", "MEMORANDUM FOR: The Secretary of State", "FROM: INR - Roger Hilsman",
                  "SUBJECT:", value, "1. The Soviet note of yesterday marks a further hardening of the Soviet "
                  "position and should be read as such.")
    [doc] = _read(tmp_path / "memo.txt", text)
    assert doc.subject == subject


@pytest.mark.parametrize("between", ["Attachment - Tab A", "Approved by", "Copy to", "Acting for", "Seen by"])
def test_a_dateline_after_a_label_begins_a_document(tmp_path, between):
    """A label that ends on "A", "by", "to", "for" (a tab, an approval, a copy list) does not run on
    into the dateline below it: the next memorandum begins there."""
    text = _lines("SECRET", "MEMORANDUM FOR THE RECORD", "SUBJECT: Meeting with the Attorney General",
                  "1. The meeting covered the status of operations against the Castro regime, including sabotage.",
                  "Richard Helms", "Deputy Director (Plans)", between, "5 September 1962",
                  "MEMORANDUM FOR: The Director of Central Intelligence", "SUBJECT: Cuban Refugee Program",
                  "1. The refugee program has continued to expand during the past month in the Miami area.",
                  "J. C. King")
    docs = _read(tmp_path / "memos.txt", text)
    assert [d.subject for d in docs] == ["Meeting with the Attorney General", "Cuban Refugee Program"]


def test_a_date_that_ends_a_sentence_starts_no_document(tmp_path):
    """"… NO FURTHER CONTACT WITH OFFICER SINCE / 5 SEPTEMBER." and, lower, a line that opens with
    "TO": the date ends a sentence of the text (the line above runs on), so no dateline begins a
    second document there."""
    text = _lines("TO", "WASHINGTON HONOLULU", "FROM : SAIGON 0966, 17 SEPTEMBER 1963",
                  "1. AFTER MAKING AND BREAKING FOUR APPOINTMENTS WITH CAS OFFICER, HE SENT MESSAGE.",
                  "STATION HAS HAD NO FURTHER CONTACT WITH", "OFFICER SINCE", "5 SEPTEMBER.",
                  "4. APART FROM FOREGOING, STATION IS TAKING GOOD LOOK AT", "HAS ALWAYS PROVIDED",
                  "TO STATION PER OUR", "SPECIFICATIONS, BUT THEY COULD OBVIOUSLY BE MEANINGLESS SINCE",
                  "CANNOT BE CHECKED. REQUEST HQS RESERVE JUDGMENT.")
    docs = _read(tmp_path / "cable.txt", text)
    assert [(d.date, d.number) for d in docs] == [("1963-09-17", "0966")]
    # (without the line that runs on, the same date does begin a document's head)
    docs = _read(tmp_path / "cable.txt", text.replace("OFFICER SINCE\n\n", "OFFICER.\n\n"))
    assert len(docs) == 2


@pytest.mark.parametrize("line, banner", [
    ("SECRET NO FOREIGN DISSEM NO SIDDEM ABROAD/BACKGROUND USE ONLY", True),  # one word past the OCR's tolerance
    ("SECRET NO FOREIGN DISSEM", True),
    ("SECRET TALKS WITH THE SOVIETS ONLY", False),      # two words no caveat has: text
    ("SECRET NO SIDDEM", False),                        # too short a line to pass over an unknown word
    ("NO FOREIGN DISSEM NO SIDDEM ABROAD BACKGROUND", False),   # no level first: not passed over
    ("CONFIDEN TIAL", True),                           # a level the OCR broke in two
    ("S E C R E T - EYES ONLY", True),                 # a level typed letter by letter
    ("T O P  S E C R E T", True),
    ("A I R G R A M", False),
    ("NO FOREIGN AID", False),                         # … but not any two words that make one up to the tolerance
])
def test_a_line_of_caveats(line, banner):
    from edition.chunks import is_banner
    assert is_banner(line) is banner


# --- what the generated corpus's truth found: documents cut where the forms say ------------------
def test_a_letter_dated_at_its_foot_above_the_release_marks(tmp_path):
    """The foot dateline is found above the release's own marks (its classification, the
    declassification stamp), not only among a letter's last four blocks."""
    text = _SOVIET_LETTER.replace("Moscow, October 24, 1962\n", "\nMoscow, October 24, 1962\n\nCONFIDENTIAL\n\n"
                                  "SANITIZED\n\nE.O. 12958, Sec. 3.6\n\nNLK-96-369\n\nBy M. Brownell, NARA, Date 4/4/96\n")
    [doc] = _read(tmp_path / "letter.txt", text)
    assert (doc.date, doc.place) == ("1962-10-24", "Moscow")


_SLIP = _lines("DEPARTMENT OF STATE", "EXECUTIVE SECRETARIAT", "ROUTING SLIP", "CONFIDENTIAL", "TO: Mr. Ball",
               "FROM: S/S - William H. Brubeck", "DATE: August 12, 1962", "() For signature", "() For action",
               "REMARKS:", "*Cys 15, 16, 17.*")
_LETTER = _lines("SECRET", "THE WHITE HOUSE", "WASHINGTON", "August 11, 1962", "Dear Mr. Secretary General:",
                 "I have asked that you be kept informed of our views as the discussions proceed.",
                 "These are not easy questions, but I am convinced they can be resolved.", "Respectfully,",
                 "/s/ John F. Kennedy", "His Excellency", "U Thant")


@pytest.mark.parametrize("slip", [
    _SLIP,                                                      # a note written on the slip is not its text
    _SLIP.replace("ROUTING SLIP", "Vice President 37a THE WHITE HOUSE ROUTING SLIP"),  # a long title line neither
])
def test_a_routing_slip_and_the_letter_it_routes(tmp_path, slip):
    docs = _read(tmp_path / "routed.txt", slip + "\n" + _LETTER)
    assert [(d.kind, d.date) for d in docs] == [("cover-sheet", "1962-08-12"), ("letter", "1962-08-11")]
    assert docs[1].classification == "SECRET"   # (the banner above the letterhead is the letter's)


_CABLE = _lines("INCOMING TELEGRAM Department of State", "SECRET", "Control: 14748", "Rec'd: AUGUST 22, 1962",
                "FROM: OTTAWA", "TO: Secretary of State", "NO: 307, AUGUST 21, 11 PM",
                "1. PRIME MINISTER SAID CANADA WOULD NOT RPT NOT CHANGE ITS POSITION ON CUBAN TRADE.",
                "FOLLOWING IS SUMMARY OF CANADIAN POSITION AS\nOUTLINED TO ME BY TITO:",
                "A. THE GOVERNMENT'S POSITION COULD CHANGE QUICKLY IF THE CABINET HAS MET;", "MERCHANT")


@pytest.mark.parametrize("text", [
    "CH-715\nVice President 37a\nVice President 37a\n221\n\n" + _CABLE,   # archive stamps above the form: no document
    _CABLE,                                                  # "… TITO:" ends in no label TO
])
def test_one_telegram(tmp_path, text):
    [doc] = _read(tmp_path / "cable.txt", text)
    assert (doc.kind, doc.number, doc.date) == ("telegram", "307", "1962-08-21")


def test_a_label_after_its_value_is_a_word_of_its_own():
    """"… AS OUTLINED TO ME BY TITO:" names no addressee ("TI" + "TO:"); "s/s THROUGH:" is a field."""
    assert field_match("OUTLINED TO ME BY TITO:") is None
    assert field_match("s/s THROUGH:") == ("through", "THROUGH", "s/s")


# --- where one document ends and the next begins (a reviewer's probes of the rules above) -----------
_ENCLOSING = _lines("CONFIDENTIAL - LIMIT DISTRIBUTION", "October 15, 1962", "MEMORANDUM FOR MR. McGEORGE BUNDY",
                      "THE WHITE HOUSE", "Subject: The Congressional resolution on Cuba",
                      "I enclose copies of a memorandum on the resolution for distribution to the members.",
                      "*seen by Sec*", "William H. Brubeck", "Executive Secretary", "Enclosure:", "As stated.",
                      "CONFIDENTIAL", "CONFIDENTIAL-LIMIT DISTRIBUTION", "THE SECRETARY OF DEFENSE", "WASHINGTON",
                      "Oct. 14, 1962", "MEMORANDUM FOR THE PRESIDENT", "Subject: The Congressional resolution on Cuba",
                      "I see no alternative to this course, and I recommend that you authorize us to proceed.",
                      "Roswell L. Gilpatric")


def test_a_transmittal_memorandum_keeps_its_signer_and_foot(tmp_path):
    """The signer's name and title, a note written on the memorandum and its "Enclosure: As stated."
    below its text are its own, with its foot banner; the enclosure begins at its own banner."""
    first, second = _read(tmp_path / "transmittal.txt", _ENCLOSING)
    assert (first.sender, first.addressee, first.classification) == ("William H. Brubeck", "MR. McGEORGE BUNDY",
                                                                     "CONFIDENTIAL")
    assert first.source_lines[1] == _ENCLOSING.splitlines().index("CONFIDENTIAL") + 1  # (its foot)
    assert (second.sender, second.date, second.classification) == ("Roswell L. Gilpatric", "1962-10-14", "CONFIDENTIAL")


@pytest.mark.parametrize("text, expected", [
    # one banner between two memoranda, the second's head with none of its own: the second's
    (_lines("SECRET", "MEMORANDUM FOR THE RECORD", "SUBJECT: Letter to Ambassador Dobrynin",
            "The routing slip that accompanied the Secretary's letter was lost; S/S has been asked for another.",
            "Benjamin H. Read", "SECRET", "June 5, 1962", "TO: The Secretary", "FROM: INR - Roger Hilsman",
            "SUBJECT: Portuguese shipping to Cuba", "1. The Foreign Minister remarked privately on free world shipping."),
     [("memorandum", None, "SECRET", "Benjamin H. Read"), ("memorandum", "1962-06-05", "SECRET", "INR - Roger Hilsman")]),
    # a slip closed by a note written on it (no REMARKS line), then the memorandum it routes
    (_lines("DEPARTMENT OF STATE", "BRIEFING MEMORANDUM COVER SHEET", "CONFIDENTIAL", "TO: Mr. Ball",
            "FROM: S/S - Benjamin H. Read", "DATE: July 4, 1962",
            "*Mac - see para 3, and let me have your views before the meeting.*", "CONFIDENTIAL", "July 3, 1962",
            "TO: The Secretary", "FROM: INR - Roger Hilsman", "SUBJECT: Portuguese shipping to Cuba",
            "1. The Foreign Minister remarked privately that free world shipping has made a deep impression.",
            "Roger Hilsman"),
     [("cover-sheet", "1962-07-04", "CONFIDENTIAL", "S/S - Benjamin H. Read"),
      ("memorandum", "1962-07-03", "CONFIDENTIAL", "INR - Roger Hilsman")]),
])
def test_two_documents_and_the_banner_between(tmp_path, text, expected):
    docs = _read(tmp_path / "two.txt", text)
    assert [(d.kind, d.date, d.classification, d.sender) for d in docs] == expected


def test_a_letters_inside_address_in_short_lines(tmp_path):
    """Short lines without numbers (an addressee's block) are no column of archive stamps."""
    text = _lines("DEPARTMENT OF STATE\nWASHINGTON", "August 11, 1962",
                  "The Honorable\nRobert S. McNamara\nSecretary of Defense", "Dear Bob:",
                  "I have asked that you be kept informed of our views as the discussions proceed.",
                  "Sincerely,", "Dean Rusk")
    [doc] = _read(tmp_path / "letter.txt", text)
    assert (doc.kind, doc.addressee) == ("letter", "Robert S. McNamara")


def test_a_date_the_letter_quotes_is_not_its_foot_dateline(tmp_path):
    text = _lines("TOP SECRET", "Unofficial Translation", "Dear Mr. President,",
                  "I have received your message, which was dated:", "Washington, October 22, 1962",
                  "We do not wish to prolong this matter, and we shall do nothing that would complicate it.",
                  "Sincerely,\nN. KHRUSHCHEV", "TOP SECRET", "SANITIZED", "E.O. 12958, Sec. 3.6", "NLK-96-369",
                  "By M. Brownell, NARA, Date 4/4/96")
    [doc] = _read(tmp_path / "letter.txt", text)
    assert doc.date is None


def test_the_next_documents_letterhead_is_not_the_closing_of_the_first(tmp_path):
    text = _lines("SECRET", "MEMORANDUM FOR THE PRESIDENT", "SUBJECT: Soviet troops in Cuba",
                  "I enclose the paper on the Soviet troops that remain in Cuba, for the meeting tomorrow.",
                  "Dean Rusk", "Department of State", "Washington", "October 5, 1962",
                  "MEMORANDUM FOR THE SECRETARY", "SUBJECT: Soviet troops in Cuba",
                  "The attached paper was prepared by the Bureau of Intelligence and Research this week.",
                  "Roger Hilsman")
    first, second = _read(tmp_path / "two.txt", text)
    assert first.sender == "Dean Rusk"
    assert second.source_lines[0] == text.splitlines().index("Department of State") + 1
    assert (second.date, second.sender) == ("1962-10-05", "Roger Hilsman")


_MEMO_A = _lines("SECRET", "MEMORANDUM FOR THE RECORD", "SUBJECT: Meeting with the Attorney General",
                 "1. The meeting covered the status of operations against the Castro regime, including sabotage.",
                 "Richard Helms")


@pytest.mark.parametrize("between", ["Action\nSS\n\nInfo\nG\nSP", "Copy 3 of 10 copies", "Tab A", "Draft",
                                     "National Security Council", "Mr. McGeorge Bundy", "Unofficial Translation"])
def test_lines_that_head_the_next_document_stay_with_it(tmp_path, between):
    """Without a banner between them, the lines below a document's signer may as well head the next
    document: they are not carried over to the first."""
    text = _MEMO_A + "\n" + _lines(between, "5 September 1962", "MEMORANDUM FOR: The Director of Central Intelligence",
                                   "SUBJECT: Cuban Refugee Program",
                                   "1. The refugee program has continued to expand in the Miami area.", "J. C. King")
    first, second = _read(tmp_path / "two.txt", text)
    assert second.source_lines[0] == text.splitlines().index(between.split("\n")[0]) + 1


def test_a_note_at_the_top_of_a_slip_does_not_close_it(tmp_path):
    slip = _SLIP.replace("CONFIDENTIAL\n\n", "*Urgent*\n\nCONFIDENTIAL\n\n").replace("*Cys 15, 16, 17.*\n", "")
    docs = _read(tmp_path / "routed.txt", slip + "\n" + _LETTER)
    assert [(d.kind, d.date, d.sender) for d in docs] == [("cover-sheet", "1962-08-12", "S/S - William H. Brubeck"),
                                                           ("letter", "1962-08-11", "John F. Kennedy")]


@pytest.mark.parametrize("after", ["*Original delivered to the President at 9 pm.*",
                                   "P.S. Please convey my greetings to your wife.",
                                   "Translated by the Division of Language Services, Department of State."])
def test_a_foot_dateline_with_a_line_below_it(tmp_path, after):
    [doc] = _read(tmp_path / "letter.txt", _SOVIET_LETTER + "\n" + after + "\n")
    assert (doc.date, doc.place) == ("1962-10-24", "Moscow")


def test_the_foot_banner_when_the_next_head_has_its_own_further_down(tmp_path):
    first_cable = _CABLE + "\nCONFIDENTIAL\n"
    second_cable = _lines("INCOMING TELEGRAM", "Department of State", "Control: 14801",
                          "Rec'd: AUGUST 22, 1962, 3:10 PM", "FROM: OTTAWA", "TO: Secretary of State",
                          "NO: 310, AUGUST 22, 1 PM", "PRIORITY", "CONFIDENTIAL",
                          "1. EXTERNAL AFFAIRS CONFIRMED THAT THE CABINET WILL MEET TOMORROW ON CUBAN TRADE.", "MERCHANT")
    text = first_cable + "\n" + second_cable
    first, second = _read(tmp_path / "cables.txt", text)
    assert (first.number, second.number) == ("307", "310")
    assert first.source_lines[1] == len(first_cable.splitlines())   # (its foot banner, the last line)


def test_a_paragraph_in_cyrillic_is_text():
    assert chunk("text", "Уважаемый господин Президент, я получил ваше письмо.").prose
    assert not chunk("text", "• • •", "• • •", "٠ ٠").prose


@pytest.mark.parametrize("stamp", ["Approved For Release 2003/04/17 : CIA-RDP79T00975A006700260001-6",
                                   "Handle Via Comint Channels Only", "Copy 3 of 10 Copies", "Vice President 37a",
                                   "Not Releasable to Foreign Nationals", "Group 1 Excluded From Automatic Downgrading",
                                   "Central Intelligence Bulletin"])
def test_a_release_stamp_or_a_publication_is_no_heading(tmp_path, stamp):
    text = _lines("TOP SECRET", stamp, "25X1", "5 October 1962",
                  "Moscow has stepped up its shipments of military equipment to Cuba during the past month.",
                  "TOP SECRET")
    [doc] = _read(tmp_path / "paper.txt", text)
    assert (doc.kind, doc.title, doc.subject) == ("other", "Document", None)


def test_a_telegram_sent_at_new_year(tmp_path):
    """Sent "JANUARY 1, 12 A.M." from Bonn, received "DECEMBER 31, 1962, 9:11 PM" in Washington: the
    date's year is the one nearest the receipt, 1963."""
    text = _lines("INCOMING TELEGRAM", "SECRET", "Control: 1018", "Rec'd: DECEMBER 31, 1962, 9:11 PM", "FROM: BONN",
                  "TO: Secretary of State", "NO: 2940, JANUARY 1, 12 A.M.",
                  "1. COMMENT: THE SOVIETS WILL SEEK TO LINK ON-SITE INSPECTION WITH OTHER ISSUES.", "DOWLING")
    [doc] = _read(tmp_path / "cable.txt", text)
    assert (doc.date, doc.time) == ("1963-01-01", "00:00")
    [doc] = _read(tmp_path / "cable.txt", text.replace("JANUARY 1, 12 A.M.", "DECEMBER 31, 3 P.M."))
    assert doc.date == "1962-12-31"


def test_a_slips_filing_stamp_does_not_date_it(tmp_path):
    text = _lines("**1962/10/27**", "TOP SECRET", "Signature Record", "Date Officer Signature",
                  "The attached item with this signature record must be returned to S/S, Room 7224, within 30 days.",
                  "TOP SECRET", "DEPARTMENT OF STATE", "WASHINGTON", "July 31, 1962", "MEMORANDUM FOR THE PRESIDENT",
                  "SUBJECT: The test ban talks at Geneva",
                  "I attach a memorandum concerning the test ban talks at Geneva, prepared at your request.",
                  "Dean Rusk")
    slip, memo = _read(tmp_path / "routed.txt", text)
    assert (slip.kind, slip.date, memo.date) == ("cover-sheet", None, "1962-07-31")


def test_a_receipt_misread_moves_no_date_by_a_year(tmp_path):
    text = _lines("INCOMING TELEGRAM", "SECRET", "Control: 1018", "Rec'd: JANUARY 28, 1962, 9:11 PM", "FROM: BONN",
                  "TO: Secretary of State", "NO: 940, OCTOBER 27, 6 P.M.",
                  "1. COMMENT: THE SOVIETS WILL SEEK TO LINK ON-SITE INSPECTION WITH OTHER ISSUES.", "DOWLING")
    [doc] = _read(tmp_path / "cable.txt", text)
    assert doc.date == "1962-10-27"


def test_a_broken_banner_at_a_memorandums_foot_signs_nothing():
    from edition.body import _signature_name
    assert not _signature_name("CONFIDEN TIAL") and not _signature_name("TOP GRET")
    assert _signature_name("RUSK") and _signature_name("Dean Rusk")


def test_a_level_typed_letter_by_letter_is_read():
    from edition.header import classification_of
    assert classification_of(["S E C R E T - EYES ONLY"]) == ("SECRET", ["EYES ONLY"])
    assert classification_of(["T O P  S E C R E T"])[0] == "TOP SECRET"


def _incoming_head(control: str, received: str, post: str, number: str) -> str:
    """The head of an incoming telegram as the Department's form prints it."""
    return (f"SECRET\n\nINCOMING TELEGRAM Department of State\n\nControl: {control}\nRec'd: {received}\n\n"
            f"FROM: {post}\n\nTO: Secretary of State\n\nNO: {number}\n\n")


_CITED_NUMBER = (
    _incoming_head("3712", "OCTOBER 29, 1962, 2:14 PM", "BONN", "1021, OCTOBER 29, 7 PM")
    + "PRIORITY\n\nFOREIGN OFFICE ASKED WHETHER NAC HAD BEEN FULLY BRIEFED ON SUNDAY\n"
      "MEETING. WE REPLIED THAT IT HAD AND THAT OUR\n{cited}\n\nDOWLING\n\n"
    + _incoming_head("3790", "OCTOBER 29, 1962, 3:02 PM", "ATHENS", "412, OCTOBER 29, 6 PM")
    + "GREEK GOVERNMENT HAS ASKED WHETHER QUARANTINE WILL APPLY TO SHIPS UNDER ITS FLAG.\n\nLABOUISSE\n")


@pytest.mark.parametrize("cited", ["NO. POLTO 512, OCTOBER 28, GAVE FULL ACCOUNT.", "NO. POLTO CIRCULAR 12, OCTOBER 28."])
def test_a_telegram_number_cited_at_a_line_start_continues_the_sentence(tmp_path, cited):
    """A paragraph's line that begins "NO. POLTO 512, OCTOBER 28" after a line left open ("… AND THAT
    OUR") cites a telegram: it is the sentence's, not a NO. field opening a document (which had cut
    the first telegram before its last line and signer and given the second one this number)."""
    docs = _read(tmp_path / "1962-10-29-two-telegrams.txt", _CITED_NUMBER.format(cited=cited))
    assert [(d.source_lines, d.number, d.date, d.signers) for d in docs] == [
        ((1, 20), "1021", "1962-10-29", ("DOWLING",)), ((22, 37), "412", "1962-10-29", ("LABOUISSE",))]
