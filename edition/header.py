"""Header chunks of one document → ``HeaderInfo``: kind, date, sender, addressee, number, etc.

``read_header(head, all_chunks, default_year)`` reads the fields of a document's head (EDITORIAL §2)
with the tolerance real OCR needs: a value on the line after its label, labels without colons on
CIA and NSA electrical forms, OCR'd precedence words (``NLACT`` for NIACT). Each rule says which
form it serves. What cannot be read stays None and the reader reports it; nothing is guessed
silently (an inferred year is flagged ``date_certainty="low"``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date as _date
from functools import lru_cache
from difflib import SequenceMatcher
from typing import Optional

from .body import inside_address_match
from .chunks import CAVEATS, Chunk, field_match, handwritten, plain, unspaced
from .dates import (LONE_CLOCK, DateMatch, clock, find_dates, first_date, may_date_1940_1975, month_number,
                    precedence_dtg)
from .model import Field, Span

PRECEDENCE = {"NIACT": "NIACT", "NLACT": "NIACT", "NACT": "NIACT", "N/ACT": "NIACT", "NI ACT": "NIACT",
              "PRIORITY": "PRIORITY", "ROUTINE": "ROUTINE", "OPERATIONAL IMMEDIATE": "OPERATIONAL IMMEDIATE",
              "IMMEDIATE": "IMMEDIATE", "FLASH": "FLASH", "EMERGENCY": "EMERGENCY"}
PRECEDENCE_RE = re.compile(r"(?<![A-Z])(OPERATIONAL IMMEDIATE|NI\s?ACT|N/ACT|NLACT|NACT|PRIORITY|ROUTINE|IMMEDIATE|FLASH)(?![A-Z])")
LEVELS = ["TOP SECRET", "SECRET", "CONFIDENTIAL", "LIMITED OFFICIAL USE", "UNCLASSIFIED"]


@dataclass
class HeaderInfo:
    """What a document's head says (values as read, whitespace folded)."""

    kind: str = "other"
    direction: Optional[str] = None
    kind_certain: bool = True
    date: Optional[str] = None
    time: Optional[str] = None
    date_text: Optional[str] = None
    date_certainty: str = "none"
    date_span: Optional[Span] = None
    sender: Optional[str] = None
    sender_from_letterhead: bool = False  # (the agency's letterhead, "CIA": a signer names the author better)
    conversation: bool = False  # a memorandum of conversation (its form's title says so)
    addressee: Optional[str] = None
    info: list[str] = field(default_factory=list)
    number: Optional[str] = None
    series_key: Optional[str] = None
    section: Optional[tuple[int, int]] = None
    precedence: Optional[str] = None
    classification: Optional[str] = None
    caveats: list[str] = field(default_factory=list)
    subject: Optional[str] = None
    received: Optional[str] = None
    received_date: Optional[str] = None
    control: Optional[str] = None
    drafter: Optional[str] = None
    clearances: list[str] = field(default_factory=list)
    place: Optional[str] = None
    fields: list[Field] = field(default_factory=list)


def chunk_span(c: Chunk) -> Span:
    last = c.lines[-1] if c.lines else ""
    return Span(c.first, 1 + len(c.lines[0]) - len(c.lines[0].lstrip()), c.last, max(1, len(last)))


def fold(text: str) -> str:
    """Text without marks, whitespace folded (``plain`` already folds it; cached there)."""
    return plain(text)


def classification_of(texts: list[str]) -> tuple[Optional[str], list[str]]:
    """Banner texts → (highest classification level, caveats in order), OCR-tolerant."""
    found: set[str] = set()
    caveats: list[str] = []
    for t in texts:
        levels, cavs = _classification_of_text(t)
        found.update(levels)
        for cav in cavs:
            if cav not in caveats:
                caveats.append(cav)
    level = None
    for lv in LEVELS:
        if lv in found:
            level = lv
            break
    if level == "SECRET" and "TOP SECRET" in found:
        level = "TOP SECRET"
    return level, caveats


_CAVEAT_RES = [(cav, re.compile(r"\b" + r"\s*".join(re.escape(w) for w in cav.split()) + r"\b"),
                re.compile(r"\b" + cav.replace("EYES", "E[TVY]ES").replace(" ", r"\s*") + r"\b")) for cav in CAVEATS]
_TOP_SECRET_RE = re.compile(r"\bTOP\s*S\w{3,5}T\b|TOPSECRET|TOP STRET")
_LOU_RE = re.compile(r"\bLIMITED\s+OFFICIAL\s+USE\b")
_NOT_LETTER_RE = re.compile(r"[^A-Z ]")


def _similar(a: str, b: str, threshold: float) -> bool:
    """``SequenceMatcher(None, a, b).ratio() >= threshold``, without it when the lengths rule it out:
    the ratio (2·matches/total, the same float formula) cannot exceed 2·min(lengths)/total."""
    total = len(a) + len(b)
    if total and 2.0 * min(len(a), len(b)) / total < threshold:
        return False
    return SequenceMatcher(None, a, b).ratio() >= threshold


@lru_cache(maxsize=16384)
def _level_of_token(tok: str) -> Optional[str]:
    if tok.startswith("UNCLASS") or _similar(tok, "UNCLASSIFIED", 0.75):
        return "UNCLASSIFIED"
    if tok == "SECRET" or (5 <= len(tok) <= 7 and _similar(tok, "SECRET", 0.8)):
        # (length-bound: "SECRETARY", "SECRETARIAT" are offices, not a classification)
        return "SECRET"
    if _similar(tok, "CONFIDENTIAL", 0.8):
        return "CONFIDENTIAL"
    return None


@lru_cache(maxsize=16384)
def _classification_of_text(t: str) -> tuple[frozenset, tuple[str, ...]]:
    """One banner text → (levels named, caveats named in order); cached, banners repeat on every page."""
    u = " ".join(_NOT_LETTER_RE.sub(" ", unspaced(fold(t)).upper()).split())
    found = set()
    if _TOP_SECRET_RE.search(u):
        found.add("TOP SECRET")
    for tok in u.split():
        lv = _level_of_token(tok)
        if lv:
            found.add(lv)
    if _LOU_RE.search(u):
        found.add("LIMITED OFFICIAL USE")
    caveats = tuple(cav for cav, a, b in _CAVEAT_RES if a.search(u) or b.search(u))
    return frozenset(found), caveats


def precedence_of(text: str) -> Optional[str]:
    m = PRECEDENCE_RE.search(fold(text).upper())
    return PRECEDENCE.get(m.group(1).replace("  ", " ")) if m else None


POSTS = {"USUN": ("New York", "the Mission to the United Nations"),
         "MOSCOW": ("Moscow", "the Embassy in the Soviet Union"), "PARIS": ("Paris", "the Embassy in France"),
         "LONDON": ("London", "the Embassy in the United Kingdom"), "BONN": ("Bonn", "the Embassy in Germany"),
         "ROME": ("Rome", "the Embassy in Italy"), "ANKARA": ("Ankara", "the Embassy in Turkey"),
         "HAVANA": ("Havana", "the Embassy in Cuba"), "OTTAWA": ("Ottawa", "the Embassy in Canada"),
         "SAIGON": ("Saigon", "the Embassy in Vietnam"), "MEXICO": ("Mexico City", "the Embassy in Mexico"),
         "BERN": ("Bern", "the Embassy in Switzerland"), "BRUSSELS": ("Brussels", "the Embassy in Belgium"),
         "THE HAGUE": ("The Hague", "the Embassy in the Netherlands"), "ATHENS": ("Athens", "the Embassy in Greece"),
         "TOKYO": ("Tokyo", "the Embassy in Japan"), "NEW DELHI": ("New Delhi", "the Embassy in India"),
         "BUENOS AIRES": ("Buenos Aires", "the Embassy in Argentina"), "RIO": ("Rio de Janeiro", "the Embassy in Brazil"),
         "CARACAS": ("Caracas", "the Embassy in Venezuela"), "BOGOTA": ("Bogotá", "the Embassy in Colombia"),
         "WARSAW": ("Warsaw", "the Embassy in Poland"), "BELGRADE": ("Belgrade", "the Embassy in Yugoslavia"),
         "COPENHAGEN": ("Copenhagen", "the Embassy in Denmark"), "OSLO": ("Oslo", "the Embassy in Norway"),
         "LISBON": ("Lisbon", "the Embassy in Portugal"), "MADRID": ("Madrid", "the Embassy in Spain"),
         "BERLIN": ("Berlin", "the Mission in Berlin"), "GENEVA": ("Geneva", "the Delegation in Geneva"),
         "SANTIAGO": ("Santiago", "the Embassy in Chile"), "LIMA": ("Lima", "the Embassy in Peru")}
SERIES_SENDER = {"POLTO": "the Mission to the North Atlantic Treaty Organization and European Regional Organizations",
                 "USUN": "the Mission to the United Nations"}


@lru_cache(maxsize=8192)
def post_of(text: Optional[str]) -> Optional[str]:
    """An addressee or sender text → the post key in POSTS, if one is named."""
    if not text:
        return None
    u = text.upper()
    # The post named first ("BERN (SWISS EMBASSY HAVANA)": the Embassy in Bern reporting what the
    # Swiss in Havana said), the longer name where two begin together ("RIO DE JANEIRO", "RIO").
    found = [(m.start(), -len(key), key) for key in (*POSTS, *POST_ALIASES) for m in [_post_re(key).search(u)] if m]
    if not found:
        return None
    first = min(found)[2]
    return POST_ALIASES.get(first, first)


# Other names of a post: the Department's one post in New York is the Mission to the United Nations
# (a telegram "FROM: NEW YORK" is USUN's).
POST_ALIASES = {"NEW YORK": "USUN"}


@lru_cache(maxsize=None)
def _post_re(key: str) -> re.Pattern:
    return re.compile(r"\b" + re.escape(key) + r"\b")


def _next_value(chunks: list[Chunk], i: int) -> tuple[Optional[str], Optional[Chunk]]:
    """The value of an empty field: the next text chunk (values printed on the line after their label)."""
    for c in chunks[i + 1:i + 3]:
        if (c.kind in {"text", "date"} or (c.kind == "form" and len(c.lines) == 1)) and c.text.strip(" .:•"):
            return fold(c.text), c
        if c.kind == "field":
            return None, None
    return None, None


_SUBJECT_ALONE = re.compile(r"\W*SUBJECT\W*")
_PHRASE_WORD = re.compile(r"(?<![\w/-])[A-Za-z]{3,}(?![\w/-])")
# The labels of a report form's other fields, whose values follow the subject's in the same column.
_FORM_LABEL_WORDS = frozenset("""DATE DISTR INFO PLACE ACQ APPRAISAL REFERENCES SOURCE COUNTRY REPORT
    SUBJECT FIELD PRECEDENCE""".split())


def _year_beside(d: DateMatch, received: str) -> DateMatch:
    """A date whose year was inferred from the receipt's → in the year that puts it nearest the
    receipt: a telegram sent "JANUARY 1, 12 A.M." from Bonn and received "DECEMBER 31, 1962, 9:11
    PM" in Washington (six hours behind) was sent on 1 January 1963, not 1962."""
    try:
        day, got = _date.fromisoformat(d.iso), _date.fromisoformat(received[:10])
    except ValueError:
        return d
    for year in (day.year - 1, day.year + 1):
        try:
            other = day.replace(year=year)
        except ValueError:  # (29 February)
            continue
        # (only to a date within a week of the receipt, as a telegram's is: a receipt whose month
        # the OCR misread moves no date by a year)
        if abs((other - got).days) <= 7 < abs((day - got).days):
            return replace(d, iso=other.isoformat())
    return d


_FOOT_MARKS = frozenset({"banner", "stamp", "debris", "pagenum", "exemption"})


def _subject_below(chunks: list[Chunk], i: int) -> tuple[Optional[str], Optional[Chunk]]:
    """The subject typed below its label ``chunks[i]`` → (value, its first chunk). On a CIA report's
    form the values stand in a column after the labels', so the first below may be the report's
    number (": TDCS-3/540,727"): the subject is the first of the next three lines that is no number,
    with the line after it when that goes on in capitals, two to five words and no label ("PLANNED
    ACTION BY CLANDESTINE / ORGANIZATIONS IN CUBA"; not "RECEDENCE", "DATE DISTR.", a name)."""
    for k in range(i + 1, min(i + 4, len(chunks))):
        c = chunks[k]
        if c.kind == "field":
            break
        if c.kind != "text":
            continue
        value = fold(c.text).strip(" :•")
        if not value or (re.search(r"\d", value) and not _PHRASE_WORD.search(value)):
            continue  # the report's number ("TDCS-3/540,727"), not the subject
        for nxt in chunks[k + 1:k + 2]:
            more = fold(nxt.text).strip(" :•")
            words = re.findall(r"[A-Za-z]+", more)
            if (nxt.kind == "text" and 2 <= len(more.split()) <= 5 and not any(ch.islower() for ch in more)
                    and not re.search(r"\d", more) and not more.endswith(".")
                    and not _FORM_LABEL_WORDS.intersection(words) and len(_PHRASE_WORD.findall(value)) >= 2):
                value = f"{value} {more}"
        return value.strip(" *"), c
    return None, None


ACTION_TAIL = re.compile(r"\s*[-–,]?\s*(?:(OPERATIONAL IMMEDIATE|NI\s?ACT|N/ACT|NLACT|NACT|PRIORITY|ROUTINE|IMMEDIATE)\s*)?"
                         r"((?:(?:TOPOL|CIRCULAR|CIRCTEL|POLTO)\s+)?\d{1,5})?\s*"
                         r"(?:(OPERATIONAL IMMEDIATE|NI\s?ACT|N/ACT|NLACT|NACT|PRIORITY|ROUTINE|IMMEDIATE))?\s*[:.]?$")
# A circular telegram's number typed under its ACTION line ("CIRCULAR 160 PRIORITY").
CIRCULAR_LINE = re.compile(r"^\W*(CIRCULAR|CIRCTEL)\s+(\d{1,5})\b")
NO_RE = re.compile(r"^(?P<num>.*?)(?:,\s*|\s+)(?=(?:[A-Za-z]{3,10}\.?\s+\d{1,2}\b|\d{1,2}\s+[A-Za-z]{3,}))")
SECTION_RE = re.compile(r"SECTION\s+(?P<n>[0-9IlVX!]{1,3})\s+OF\s+(?P<of>[0-9IlVX!]{1,3})", re.IGNORECASE)


def section_of(text: str) -> Optional[tuple[str, str]]:
    m = SECTION_RE.search(text)
    return (m.group("n"), m.group("of")) if m else None


def number_and_series(no_value: str) -> tuple[str, str]:
    """``POLTO CIRCULAR 12, OCTOBER 28, 8 PM (SECTION 1 OF 2)`` → (``POLTO CIRCULAR 12``, key)."""
    v = SECTION_RE.sub("", no_value)
    v = re.sub(r"\(\s*\)", "", v)
    d = find_dates(v, 1962)
    num = (v[:d[0].start] if d else v).strip(" ,.;")
    key = re.sub(r"[^A-Z0-9]+", " ", num.upper()).strip()
    return num, key


# Marks of a CIA form or report in a head: the agency's name (OCR-tolerant), a TDCS report number
# ("TDCS DB-3/657,149", OCR "TDC5-3/540,727"), an OCI number, the "INFORMATION REPORT" form title,
# or "CIA" standing alone on a short line of a receipt block ("I CIA/").
CIA_MARKS = re.compile(r"\bTDC[S5]\b|\bTDC[S5]\s*-|\bOCI\s+NO\b|\bIN.?ORMATION\s+REP\w{2,3}T\b|INTELLIGENCE\s+DIGEST")
# A receipt block: the receiving office above a "RECEIVED" stamp (White House Situation Room).
RECEIVING_OFFICE = re.compile(r"WHITE HOUSE|SITUATION ROOM|CABLE SECRETARIAT|COMMUNICATIONS CENTER|MESSAGE CENTER")
# Forms that route a document, not documents themselves (Form 41 routing slip, CIA routing sheets).
ROUTING_FORM = re.compile(r"\bROUTING\b.*\bNAME AND ADDRESS\b|\bROUTING AND (?:TRANSMITTAL|RECORD)\b|\bROUTING SLIP\b|"
                          r"\bCOVER SHEET\b")
# A personal name typed alone on a line (a signature or a transmittal slip's sender): 2-4 capitalised
# words or initials, no digits ("RICHARD M BISSELL", "THOMAS F. SCHRAYER").
NAME_LINE = re.compile(r"^(?:[A-Z][A-Za-z'\-]+|[A-Z]\.?)(?:\s+(?:[A-Z][A-Za-z'\-]+|[A-Z]\.?)){1,3}$")
NOT_NAME_WORDS = {"SECRET", "TOP", "CONFIDENTIAL", "MEMORANDUM", "RECORD", "PRESIDENT", "DEPARTMENT", "STATE",
                  "WHITE", "HOUSE", "REQUEST", "YOUR", "PER", "COPY", "PAGE", "ROOM", "DATE", "SUBJECT", "THE",
                  "OFFICE", "AGENCY", "INTELLIGENCE", "CENTRAL", "EYES", "ONLY", "REPORT", "FILE", "ACTION",
                  "NOTE", "GROUP", "ROUTING", "SIGNATURE", "INFORMATION", "WASHINGTON"}
# A heading line carrying a date: "Extract from paper sent Gen. Lansdale 29 August 62".
SENT_TO = re.compile(r"\b(?:sent|forwarded|delivered|handed)\s+(?:to\s+)?(?P<who>(?:Gen|Mr|Mrs|Adm|Col|Gov|Amb|Dr|"
                     r"Secretary|Ambassador|General|Admiral)\.?\s+[A-Z][\w.'\-]+(?:\s+[A-Z][a-z][\w.'\-]*)?)")


AIRGRAM_TITLE = re.compile(r"^\W*A\s?I\s?R\s?G\s?R\s?A\s?M\b")
AIRGRAM_NUMBER = re.compile(r"(?<![\w-])(C?A-\s?\d{1,5})(?![\w-])")
STATE_PARTY = re.compile(r"\bDEPARTMENT OF STATE\b|\bSECSTATE\b|\bSECRETARY OF STATE\b|^\W*DEPARTMENT\W*$")


def is_airgram(forms: str, head: list[Chunk]) -> bool:
    """The Department's airgram form: its title, printed plain or letter-spaced (``A I R G R A M``)."""
    if "AIRGRAM" in forms and not re.search(r"TELEGRAM", forms):
        return True
    return any(AIRGRAM_TITLE.match(plain(line).upper()) for c in head if c.kind in {"text", "form"} for line in c.lines)


def airgram_number(head: list[Chunk], values: dict) -> Optional[str]:
    """An airgram's number: the ``NO.`` field, else ``A-129`` / ``CA-2429`` printed in the head outside
    the reference line (``REF: CA-2303`` names another airgram)."""
    if "no" in values:
        m = AIRGRAM_NUMBER.search(values["no"][0])
        return m.group(1).replace(" ", "") if m else values["no"][0]
    for c in head:
        if c.kind == "field":
            continue
        m = AIRGRAM_NUMBER.search(fold(c.text))
        if m:
            return m.group(1).replace(" ", "")
    return None


def inside_address(body: list[Chunk]) -> Optional[str]:
    """A letter's addressee from its inside address, typed at the foot of the letter (or the head):
    ``His Excellency U Thant`` / ``The Right Honorable Harold Macmillan, M.P.`` → the name (on the
    next line when the honorific stands alone)."""
    for k, c in enumerate(body):
        if c.kind != "text":
            continue
        lines = [fold(l) for l in c.lines if l.strip()]
        name = inside_address_match(lines[0]) if lines else None
        if name is not None:
            if not name:
                nxt = lines[1] if len(lines) > 1 else next(
                    (fold(x.lines[0]) for x in body[k + 1:k + 2] if x.kind == "text"), "")
                name = re.sub(r",\s*(?:M\.\s?P\.|K\.\s?G\.|Esq\.?)\s*$", "", nxt).strip(" ,")
            return name or None
    return None


_CIA_LETTERS = tuple(Counter("CENTRAL INTELLIGENCE AGENCY").items())


def _shared_with_cia(letters: str) -> int:
    """The characters ``letters`` shares with "CENTRAL INTELLIGENCE AGENCY", counted with multiplicity:
    never fewer than the characters SequenceMatcher matches, so its ratio (the same float formula,
    2.0 * matches / total) is at most 2.0 * this / total (most lines that pass the length bound fail
    this one, and the matcher is slow)."""
    have = Counter(letters)
    return sum(min(k, have[ch]) for ch, k in _CIA_LETTERS)


def is_cia_form(texts: list[str]) -> bool:
    """Does a head bear the marks of a CIA form or report (see ``CIA_MARKS``)?"""
    for t in texts:
        u = fold(t).upper()
        if CIA_MARKS.search(u):
            return True
        letters = _NOT_LETTER_OR_SPACE.sub("", u).strip()
        # (ratio ≥ 0.85 is impossible unless the lengths are close: 2·min/(a+b) bounds it)
        if 2 * min(len(letters), 27) >= 0.85 * (len(letters) + 27) and \
                2.0 * _shared_with_cia(letters) / (len(letters) + 27) >= 0.85 and \
                SequenceMatcher(None, letters, "CENTRAL INTELLIGENCE AGENCY").ratio() >= 0.85:
            return True
        toks = _CAPS_WORD.findall(u)
        if "CIA" in toks and len(toks) <= 2:
            return True
    return False


def receiving_office(head: list[Chunk]) -> Optional[str]:
    """The office named in a receipt block above ``RECEIVED`` (``WHITE HOUSE`` / ``TN: INTERNATIONAL
    SITUATION ROOM`` / ``RECEIVED``) → ``WHITE HOUSE INTERNATIONAL SITUATION ROOM``."""
    for i, c in enumerate(head):
        if re.fullmatch(r"\W*RECEIVED\W*", fold(c.text).upper()):
            parts = []
            for p in head[max(0, i - 5):i]:
                u = fold(p.text).upper()
                if RECEIVING_OFFICE.search(u):
                    parts.append(re.sub(r"^[^A-Z]*(?:[A-Z]{1,2}:\s*)?", "", u).strip())
            if parts:
                return " ".join(parts)
    return None


def name_line(text: str) -> bool:
    """A line that is a personal name alone (see ``NAME_LINE``)."""
    s = fold(text).strip(" .,")
    if not NAME_LINE.match(s):
        return False
    words = re.findall(r"[A-Za-z]+", s.upper())
    return not (set(words) & NOT_NAME_WORDS) and sum(len(w) >= 3 for w in words) >= 2


# (compiled once: asked of every head)
_MEMO_LABEL = re.compile(r"(?i)^\W*ME\w+\s+FORE?\s*:?")
_EMPTY_FORM = re.compile(r"(?:[A-Z]+:\s*)+")
_NOT_LETTER_OR_SPACE = re.compile(r"[^A-Z ]")
_CAPS_WORD = re.compile(r"[A-Z]+")


def read_header(head: list[Chunk], body: list[Chunk], default_year: Optional[int]) -> HeaderInfo:
    """Header chunks (and the body, for drafters and signatures placed at a page foot) → HeaderInfo."""
    h = HeaderInfo()
    forms = " ".join(c.text for c in head if c.kind == "form").upper()
    values: dict[str, tuple[str, Chunk]] = {}
    for i, c in enumerate(head):
        if c.kind in {"field", "memofor"}:
            for line in ([c.lines[0]] if c.kind == "memofor" else [l for l in c.lines if l.strip()]):
                memo_label = _MEMO_LABEL.match(fold(c.text))
                fm = field_match(line) if c.kind == "field" else (
                    "memofor", memo_label.group(0) if memo_label else "MEMORANDUM FOR",
                    fold(c.text)[memo_label.end() if memo_label else 0:].strip())
                if not fm:
                    continue
                name, _label, value = fm
                if c.kind == "field" and len(c.lines) > 1 and name in {"subject", "received", "no", "info"}:
                    value = fold(" ".join([value] + list(c.lines[1:])))
                if _EMPTY_FORM.fullmatch(value):
                    # an empty printed form ("FROM: NUMBER: DATE:"): no value to read, the line kept
                    h.fields.append(Field("line", fold(line), chunk_span(c)))
                    continue
                if name == "memofor":
                    # "MEMORANDUM FOR THE" / "RECORD", "MEMORANDUM FORE" / "MR:" / "UND Y": the addressee
                    # runs onto the next lines while what is read so far is only an article or a title.
                    value = value.strip(" :")
                    for nxt in head[i + 1:i + 3]:
                        if not re.fullmatch(r"(?i)(?:THE|MR|MRS|GEN|GENERAL|THE HONORABLE)?[.:]?", value):
                            break
                        if nxt.kind not in {"text", "field"} or len(fold(nxt.text).split()) > 5:
                            break
                        value = f"{re.sub(r':$', '.', value)} {fold(nxt.text)}".strip()
                if not value:
                    value, _ = _subject_below(head, i) if name == "subject" else _next_value(head, i)
                    if not value:
                        continue
                h.fields.append(Field(name, fold(value), chunk_span(c), label=fold(_label)))
                values.setdefault(name, (fold(value), c))
                if name in {"subject", "received"}:
                    break
        else:  # every other head line is kept as read: nothing in a head is dropped
            h.fields.append(Field({"text": "line", "date": "dateline"}.get(c.kind, c.kind), fold(c.text), chunk_span(c)))
    has = values.__contains__
    # --- kind -------------------------------------------------------------------------------
    whole_head = " ".join(c.text for c in head).upper()
    from_value = values["from"][0] if has("from") else ""
    h.conversation = bool(re.search(r"MEMORANDUM\s+OF\s+CONVERSATION", forms + " " + whole_head))
    if ROUTING_FORM.search(whole_head):
        h.kind = "cover-sheet"  # a routing slip: the archive's or the office's form, not a document
    elif is_airgram(forms, head):
        h.kind = "airgram"
    elif re.search(r"OUTGOING\s+T|URGENT\s+TELEGRAM", forms) or (has("action") and re.search(r"\d{1,2}\s+\d{2}\s*[AP]M\s*'\d\d", whole_head)):
        h.kind, h.direction = "telegram", "outgoing"
    elif "INCOMING" in forms or has("control") or has("received") or (has("from") and has("no")):
        h.kind, h.direction = "telegram", "incoming"
    elif re.search(r"(?m)\bFM\s+\S", whole_head) and has("to"):
        h.kind, h.direction = "telegram", "incoming"  # CIA/NSA electrical message: FM … TO …
    elif has("to") and re.match(r"^[A-Z][A-Z .]+?\s+\d{3,5}\b", from_value) and find_dates(from_value, None):
        h.kind, h.direction = "telegram", "incoming"  # station cable: "FROM : SAIGON 0966, 17 SEPTEMBER 1963"
    elif "SIGNATURE RECORD" in forms:
        h.kind = "cover-sheet"
    elif has("memofor") or re.search(r"ME\w{5,7}M", forms) or (has("subject") and (has("to") or has("from"))):
        h.kind = "memorandum"
    elif re.search(r"INFORMATION REPORT|TDCS|DIGEST", whole_head) or has("report"):
        h.kind = "report"
    elif any(re.match(r"(?i)^\s*Dear\b", c.text) for c in body[:3]):
        h.kind = "letter"
    else:
        h.kind, h.kind_certain = "other", False
    # --- classification, caveats, precedence ------------------------------------------------
    banners = [c.text for c in head + body if c.kind in {"banner"}] + [c.text for c in head if c.kind == "text" and len(c.text) < 60]
    h.classification, h.caveats = classification_of(banners)
    for c in head:
        p = precedence_of(c.text) if c.kind in {"text", "field", "banner", "form"} else None
        if p:
            h.precedence = p
            break
    # --- addressee, sender, number, date ----------------------------------------------------
    def plausible(y: int) -> bool:
        # The document's own date lies near the year most of the file's dates share; a form-revision
        # date ("FORM 10-101, 1 JAN 1952") or a release routing slip ("1/4/15") lies far from it.
        return 1940 <= y <= 1975 and (default_year is None or abs(y - default_year) <= 5)

    years = [d for c in head if c.kind != "stamp" and may_date_1940_1975(c.text) for d in find_dates(c.text, None)
             if d.iso and plausible(int(d.iso[:4]))]
    year = Counter(int(d.iso[:4]) for d in years).most_common(1)[0][0] if years else default_year
    if year is None:
        # No full date anywhere: the year most "Month YYYY" mentions of the text share ("March 1961"),
        # for a slip dated "17 Februar" (the year so got is flagged as inferred).
        month_years = Counter(int(m.group(1)) for c in head + body if c.kind in {"text", "date"}
                              for m in re.finditer(r"\b[A-Z][a-z]{2,8}\.?\s+(19[4-7]\d)\b", c.text)
                              if month_number(m.group(0).split()[0]))
        year = month_years.most_common(1)[0][0] if month_years else None

    def pick_date(text: str) -> Optional[DateMatch]:
        for d in find_dates(text, year):
            if d.iso and plausible(int(d.iso[:4])):
                return d
        return None

    def set_date(d: Optional[DateMatch], c: Optional[Chunk]) -> bool:
        if not d or not d.iso or not plausible(int(d.iso[:4])):
            return False
        if d.year_inferred and h.received_date:
            d = _year_beside(d, h.received_date)
        h.date, h.time, h.date_text = d.iso, d.time, d.text
        h.date_certainty = "low" if d.year_inferred else "high"
        h.date_span = chunk_span(c) if c else None
        return True

    if has("received"):
        h.received = values["received"][0]
        d = pick_date(h.received)
        h.received_date = d.iso if d else None
        if d and d.iso and not d.year_inferred:
            year = int(d.iso[:4])
    if has("control"):
        h.control = values["control"][0]
    if has("subject"):
        h.subject = values["subject"][0].strip(" .:")
    else:
        # A report form's SUBJECT label that the OCR read with its column's colon (": SUBJECT"), its
        # value below it.
        label = next((k for k, c in enumerate(head) if c.kind == "text" and _SUBJECT_ALONE.fullmatch(fold(c.text))), None)
        if label is not None:
            h.subject = _subject_below(head, label)[0]
    if has("info"):
        value, c = values["info"]
        fm = field_match(c.lines[0]) if c.kind == "field" and len(c.lines) > 1 else None
        # addressees one per line (chunks._more_addressees): one each
        h.info = [fold(fm[2])] + [fold(line) for line in c.lines[1:] if line.strip()] if fm else [value]

    if h.direction == "outgoing":
        h.sender, h.place = "Department of State", "Washington"
        action = values.get("action")
        if action is None:
            m = next((re.match(r"(?i)^\W*ACTION\s+(.+)$", fold(c.text)) for c in head if re.match(r"(?i)^\W*ACTION\s+\S", fold(c.text))), None)
            action = (m.group(1), None) if m else None
        if action:
            raw = action[0]
            tail = ACTION_TAIL.search(raw)
            h.number = tail.group(2) if tail and tail.group(2) else None
            h.precedence = h.precedence or precedence_of(raw)
            h.addressee = raw[:tail.start()].strip(" ,-:") if tail else raw
            h.addressee = h.addressee or raw
        if not h.number:
            for c in head:
                m = CIRCULAR_LINE.match(fold(c.text)) if c.kind == "text" else None
                if m:
                    h.number = f"{m.group(1)} {m.group(2)}"
                    h.precedence = h.precedence or precedence_of(c.text)
                    break
        for c in head:
            if c.kind == "date" or c.kind == "text":
                d = pick_date(c.text)
                if d and d.iso and d.time:
                    set_date(d, c)
                    break
        if not h.date and has("date"):
            set_date(pick_date(values["date"][0]), values["date"][1])
    elif h.kind == "telegram":
        if has("from"):
            h.sender = values["from"][0]
        if has("to"):
            h.addressee = values["to"][0]
        if has("no"):
            no_value, no_chunk = values["no"]
            h.number, h.series_key = number_and_series(no_value)
            sec = section_of(no_value)
            if sec:
                h.section = sec  # type: ignore[assignment]
            set_date(pick_date(no_value), no_chunk)
        if not h.date:
            # A station cable's FROM line carries number and date ("SAIGON 0966, 17 SEPTEMBER 1963").
            for name in ("from", "distr"):
                if has(name) and set_date(pick_date(values[name][0]), values[name][1]):
                    if name == "from":
                        m = re.match(r"^([A-Z][A-Z .]+?)\s+(\d{3,5})\b", values["from"][0])
                        if m:
                            h.sender, h.number = m.group(1).strip(), m.group(2)
                    break
        if not h.date:
            # Precedence and date-time group ("O 091448Z", OCR'd "0 091448Z", "P. 2620157"); the month
            # comes from the routing line ("DE ESI 09/1520Z OCT") or a receipt stamp ("1963 OCT. 9").
            month = _month_near(head)
            for c in head:
                dtg = precedence_dtg(fold(c.text))
                if dtg and month:
                    day, hhmm = dtg
                    if set_date(pick_date(f"{day:02d}{hhmm.replace(':', '')}Z {month}"), c):
                        break
        if not h.date:
            for c in head:  # the routing line alone: "DE 35B 26/20502 NOV"
                d = next((d for d in find_dates(fold(c.text), year) if re.search(r"\d{4}[Z27]", d.text)), None)
                if set_date(d, c):
                    break
        if not h.date and h.received_date:
            set_date(pick_date(h.received or ""), values["received"][1])
            h.date_certainty = "low"
        if has("report"):
            h.number = h.number or values["report"][0]
        if not h.sender and is_cia_form([c.text for c in head]):
            h.sender = "CIA"
        if not h.addressee:
            h.addressee = receiving_office(head)
        h.place = POSTS[post_of(h.sender)][0] if post_of(h.sender) else None
    elif h.kind == "airgram":
        # Airgram form: TO / FROM / DATE fields, the number printed alone in its box ("A-129",
        # "NO. A-120", Department circulars "CA-2429"). Sent by the Department → outgoing.
        if has("from"):
            h.sender = values["from"][0]
        if has("to"):
            h.addressee = values["to"][0]
        h.number = airgram_number(head, values)
        if h.sender:
            h.direction = "outgoing" if STATE_PARTY.search(h.sender.upper()) else "incoming"
        elif h.number:
            h.direction = "outgoing" if h.number.upper().startswith("CA") else "incoming"
        for name in ("date",):
            if has(name):
                set_date(pick_date(values[name][0]), values[name][1])
        if not h.date:
            for c in head:
                if c.kind == "date" and set_date(pick_date(c.text), c):
                    break
        h.place = "Washington" if h.direction == "outgoing" else (POSTS[post_of(h.sender)][0] if post_of(h.sender) else None)
    else:
        # Memoranda, letters, reports: MEMORANDUM FOR / TO / FROM / a dateline.
        if has("memofor"):
            h.addressee = values["memofor"][0].strip(" :")
        if has("to"):
            h.addressee = h.addressee or values["to"][0]
        if has("from"):
            h.sender = values["from"][0]
        if has("report"):
            h.number = values["report"][0]
        if not h.sender and is_cia_form([c.text for c in head]):
            h.sender, h.sender_from_letterhead = "CIA", True
        if not h.sender and has("memofor"):
            # A transmittal slip: the sender's name typed alone below the addressee ("RICHARD M BISSELL").
            after = [c for c in head if c.first > values["memofor"][1].last and c.kind == "text"]
            h.sender = next((fold(c.text) for c in after[1:6] if name_line(c.text)), None)
        if not h.sender and h.kind == "memorandum" and not any(name_line(c.text) for c in body if c.kind == "text"):
            # The author's reference initials over the typist's ("JAM/mfb"), when no typed name signs it.
            initials = next((m.group(1) for c in body for line in c.lines
                             for m in [re.fullmatch(r"\s*([A-Z]{2,4})/[a-z]{2,4}\s*", plain(line))] if m), None)
            h.sender = initials
        if not h.addressee and h.kind == "letter":
            h.addressee = inside_address(body)
        if not h.addressee:
            h.addressee = receiving_office(head)
        # Datelines: a typed date with the month in words outranks a numeric one ("6/11/61" is as often
        # a receipt stamp as the date); an explicit year outranks an inferred one.
        datelines = []
        for c in head:
            if c.kind == "date":
                d = pick_date(c.text)
                if d and d.iso:
                    datelines.append((bool(re.search(r"\d{1,2}/\d{1,2}/", d.text)), d.year_inferred, len(datelines), d, c))
        if datelines:
            _, _, _, d, c = min(datelines, key=lambda t: t[:3])
            set_date(d, c)
        if not h.date:
            for name in ("date", "distr"):
                if has(name) and set_date(pick_date(values[name][0]), values[name][1]):
                    break
        title = _title_line(body)
        if title is not None:
            if not h.date:
                set_date(pick_date(title.text), title)
            h.subject = h.subject or fold(title.text)
            m = SENT_TO.search(fold(title.text))
            if m and not h.addressee:
                h.addressee = m.group("who")
        if not h.subject and h.kind == "other":
            heading = _heading(head + body)
            h.subject = fold(heading.text) if heading is not None else None
        if not h.date:
            # A dateline standing alone lower down (a digest page's date printed at its foot).
            for c in body:
                if c.kind == "date" and len(c.text) <= 20:
                    d = pick_date(c.text)
                    if d and not d.year_inferred and set_date(d, c):
                        break
        if not h.date and h.kind == "letter":
            # A letter dated at its foot, below the signature and the addressee's block ("Moscow,
            # October 24, 1962": the Soviet leaders' letters): a line that is only a place (a name or
            # two, capitalised: not "Seen by the President, …") and a full date; not a date the text
            # quotes. The release's marks below it (its classification, the declassification
            # stamp) and notes written on it are passed over.
            kept = [k for k, c in enumerate(body) if c.kind not in _FOOT_MARKS and not handwritten(c.text)]
            for k in kept[-4:][::-1]:
                c = body[k]
                if k and body[k - 1].text.rstrip().endswith(":"):
                    continue  # a date the text quotes ("… which was dated:")
                found = next((m for line in reversed(c.lines) for m in [FOOT_DATELINE.match(plain(line))] if m), None)
                d = pick_date(found.group("date")) if found else None
                if d and not d.year_inferred and set_date(d, c):
                    h.place = h.place or found.group("place")
                    break
        if not h.date:
            for c in head:
                # (a slip's filing stamp, "**1962/10/27**", dates the filing, not the slip)
                if c.kind in ({"text", "field"} if h.kind == "cover-sheet" else {"text", "field", "stamp"}) \
                        and not re.search(r"(?i)FORM|REV", c.text):
                    d = pick_date(c.text)
                    if d and d.iso and set_date(d, c):
                        break
        if not h.date and h.subject:
            set_date(pick_date(h.subject), None)
        if re.search(r"DEPARTMENT OF STATE|WASHINGTON", whole_head):
            h.place = "Washington"
    if h.date and not h.time:
        h.time = _time_beside_date(head, values, h.date_span)
    # Drafter ("GBall/ck 11/23/62") and clearances ("S/S - Mr. Breisky") from the form's foot.
    for c in head + body:
        for line in c.lines:
            if "/" not in line and "-" not in line:
                continue  # both forms need one of these (cheap exact pre-check)
            s = fold(line)
            if DRAFTER_LINE.fullmatch(s) and not h.drafter:
                h.drafter = s
            elif CLEARANCE_LINE.fullmatch(s) and s not in h.clearances:
                h.clearances.append(s)
    return h


def _time_beside_date(head: list[Chunk], values: dict, span: Optional[Span]) -> Optional[str]:
    """The time of a document whose dateline gave none, when the head prints it apart: a memorandum
    of conversation's ``TIME: 4:00 p.m.`` field, or a line that is only a time right below the
    dateline ("July 20, 1962" / "10:55 a.m.")."""
    if "time" in values:
        found = clock(values["time"][0])
        if found:
            return found
    for c, below in zip(head, head[1:]):
        if span is not None and chunk_span(c) == span:
            if below.kind in {"text", "date"} and len(below.lines) == 1 and LONE_CLOCK.match(below.text):
                return clock(below.text)
            break
    return None


FOOT_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){0,2}),\s+"
                           r"(?P<date>[A-Z][a-z]+\.?\s+\d{1,2},\s+19\d\d)\.?$")


DRAFTER_LINE = re.compile(r"[A-Z][A-Za-z.]*[a-z]/[a-z]{1,4}")
CLEARANCE_LINE = re.compile(r"(?:[A-Z]{1,4}/[A-Z]{1,4}|[A-Z]{1,4})\s+-\s+(?:Mr\.|Mrs\.|Miss|Ambassador)?\s*[A-Z][\w. \[\]]*")


def _title_line(body: list[Chunk]) -> Optional[Chunk]:
    """The document's heading when it opens the body: one short line, no sentence end, bearing a
    date with its year ("Extract from paper sent Gen. Lansdale 29 August 62")."""
    for c in body[:2]:
        if c.kind not in {"text", "date"} or len(c.lines) != 1:
            continue
        t = fold(c.text)
        if len(t.split()) <= 12 and not t.endswith((".", ",", ";", ":")) and t[:1].isupper():
            if any(d.iso and not d.year_inferred for d in find_dates(t, None)):
                return c
    return None


# Words a heading leaves in lower case ("Meeting of Subversion Subcommittee", "IL-28s in Cuba").
_HEADING_SMALL = frozenset("a an and as at by de for from in of on or the to with".split())
# Words of a line that names a person, a letterhead or a reader, not what a paper is about.
NOT_HEADING_WORDS = frozenset("""MR MRS MISS DR GEN ADM COL AMB GOV HON SEEN WHITE HOUSE DEPARTMENT
    AGENCY EMBASSY COPY COPIES RELEASE RELEASABLE APPROVED DECLASSIFIED SANITIZED HANDLE CHANNELS
    GROUP EXCLUDED DOWNGRADING WARNING NOTICE NATIONALS BULLETIN DIGEST""".split())
# Signs of a stamp or a reference, not a heading: "2003/04/17 : CIA-RDP79T…", "Vice President 37a".
_NOT_HEADING = re.compile(r"[:/]|\d{4}|(?<![-\w])\d+[a-z]\b")
_HEADING_WORD = re.compile(r"(?:Ma?c|O')?[A-Z0-9][^a-z]*[a-z'’]*\W*|\W*")  # no capital after a small letter


def _heading_like(text: str) -> bool:
    """A line as a typist heads a paper: 3–12 words in title case (every word but the small ones
    capitalised, none with a capital after a small letter, the OCR's "Sit HeM"), no sentence end
    and no small word last, none of the signs of a stamp, form or reference (``$``, ``=``, ``|``, a
    comma: "Paris, France"; a colon, a slash, a year, "37a"), no name of a person, office or
    letterhead ("Mr. Bundy", "The White House") and none of a release's or a publication's words
    ("Copy 3 of 10 Copies", "Handle Via Comint Channels Only", "Central Intelligence Bulletin")."""
    words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
    if not 3 <= len(words) <= 12 or text.endswith((".", ",", ";", ":")) or not text[:1].isupper():
        return False
    if not any(ch.islower() for ch in text) or re.search(r"[$=|*_#@<>\[\]{}%,]", text) or _NOT_HEADING.search(text):
        return False
    if words[-1].lower() in _HEADING_SMALL or name_line(text):
        return False  # "Oriente Province by" (a line of running text), "John A. McCone"
    upper = {w.strip(".'’").upper() for w in words}
    if upper & NOT_HEADING_WORDS:
        return False  # "Seen by Mr. Bundy", "The White House"
    return all(w.lower() in _HEADING_SMALL or _HEADING_WORD.fullmatch(w) for w in words)


def _heading(chunks: list[Chunk]) -> Optional[Chunk]:
    """An untyped paper's heading (a CIA digest item, a meeting's agenda: no form, no SUBJECT
    label): the last line in title case (``_heading_like``) above its first sentence — a line of
    prose (``Chunk.prose``), of four words or more in capitals, or of three or more mostly in small
    letters after a capital, or that begin in small letters and run on. Above a region's or section's heading
    ("LATIN AMERICA", in capitals) the item's own ("IL-28s in Cuba") is the last; a handwritten note
    ("for pick up."), a form's scraps or an office's number ("OCI NO. 1427/63") above it stop nothing."""
    found = None
    for c in chunks[:30]:
        if c.kind != "text" or len(c.lines) != 1:
            continue
        text = fold(c.text)
        if _heading_like(text):
            found = c
            continue
        words = [w for w in text.split() if sum(ch.isalpha() for ch in w) >= 2]
        small = sum(1 for w in words if w[:1].islower())
        if c.prose or (len(words) >= 4 and not any(ch.islower() for ch in text)) or (
                len(words) >= 3 and (2 * small > len(words) and text[:1].isupper()
                                     or text[:1].islower() and text[-1:] not in ".!?")):
            break  # the text has begun
    return found


def _month_near(head: list[Chunk]) -> str:
    """The month named next to a date-time group (``DE ESI 09/1520Z OCT``), for DTGs without one."""
    for c in head:
        m = re.search(r"\d{4,6}[Z27]\s+([A-Z]{3})\b", c.text)
        if m and m.group(1) not in {"ZEM", "ZYH", "ZNR"}:
            return m.group(1)
        m = re.search(r"\b(19\d\d)\s+([A-Z]{3})\.?\s+\d", c.text)
        if m:
            return m.group(2)
    return ""
