"""Source lines → chunks: runs of lines with one role on the page.

``read_chunks(lines)`` → a list of ``Chunk`` (kind, first/last line, the raw lines). A chunk is a
blank-line-separated block of text, split further where a line of a special kind starts (a page
number, a classification banner, a stamp, an exemption code): OCR puts a running head, a banner and
the first words of a page into one block as often as not.

Kinds: ``text`` (reading text or anything not recognised), ``field`` (``LABEL: value`` header line),
``form`` (a form title such as ``INCOMING TELEGRAM``, ``MEMORANDUM``, ``Signature Record``),
``memofor`` (``MEMORANDUM FOR …``), ``date`` (a line that is mainly a date), ``banner``
(classification and handling caveats), ``pagenum`` (``-2-``), ``runhead`` (``-2- POLTO …``),
``stamp`` (declassification and review stamps, reproduction notices, copy numbers), ``exemption``
(``(b)(1)``, ``B1A3``), ``debris`` (form rubble), ``excised`` (``EXCISED COPY FOLLOWS``), ``note``
(``Note: …``), ``routing`` (short office symbols and one-word form labels).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property
from collections import Counter
from functools import lru_cache
from typing import Optional

from .dates import find_dates, month_number

MARKS = re.compile(r"~~|\*\*|\*|<u>|</u>|\^\{|\}")

CLASSIFICATION_LEVELS = ["TOP SECRET", "SECRET", "CONFIDENTIAL", "UNCLASSIFIED", "LIMITED OFFICIAL USE",
                         "OFFICIAL USE ONLY"]
CAVEATS = ["EYES ONLY", "SENSITIVE", "SPECIAL HANDLING", "NOFORN", "NO FOREIGN DISSEM", "NO DISSEM ABROAD",
           "BACKGROUND USE ONLY", "CONTINUED CONTROL", "LIMDIS", "EXDIS", "NODIS", "PERSONAL AND PRIVATE"]
BANNER_WORDS = {"TOP", "SECRET", "CONFIDENTIAL", "UNCLASSIFIED", "EYES", "ONLY", "SENSITIVE", "SPECIAL",
                "HANDLING", "NOFORN", "NO", "FOREIGN", "DISSEM", "ABROAD", "BACKGROUND", "USE", "LIMITED",
                "OFFICIAL", "CONTINUED", "CONTROL", "ATTACHMENTS", "ATTACHMENT", "CLASSIFICATION", "LIMDIS",
                "EXDIS", "NODIS", "WITH", "AND", "PERSONAL", "PRIVATE", "DINAR"}
# The Department's caveat LIMIT DISTRIBUTION: its words only as printed (no OCR-tolerant match: it
# would take CONTRIBUTION, INSTITUTION, DISTRIBUTED), and only beside a classification word or as
# the caveat itself (a heading "DISTRIBUTION AND CONTROL" is no banner).
CAVEAT_WORDS = {"LIMIT", "DISTRIBUTION"}
CORE_BANNER = {"SECRET", "CONFIDENTIAL", "UNCLASSIFIED", "EYES", "SENSITIVE", "NOFORN", "HANDLING",
               "CLASSIFICATION"}

FIELD_LABELS = {
    "from": r"FROM|FM", "to": r"TO", "no": r"NO|N0|NUMBER", "subject": r"SUBJECT|SUBJ|IBJECT|UBJECT",
    "control": r"CONTROL", "received": r"REC'?D|RECEIVED|RE", "date": r"DATE", "action": r"ACTION",
    "info": r"INFO|INFORMATION", "ref": r"REF|REFERENCE|REFS|REFTELS?", "through": r"THROUGH",
    "drafted": r"DRAFTED BY|DRAFTED", "cleared": r"CLEARANCES?|CLEARED", "approved": r"APPROVED BY",
    "country": r"COUNTRY|'?UNTRY", "report": r"REPORT NO\.?", "distr": r"DATE DISTR\.?|ITE DISTR\.?",
    "precedence": r"PRECEDENCE|RECEDENCE", "dateinfo": r"DATE OF INFO\.?|ITE OF INFO\.?",
    "attachments": r"ATTACHMENTS?", "copies": r"COPIES", "memofor": r"MEMORANDUM FOR",
}
FIELD_RE = re.compile(
    r"^\s*[•·.]?\s*(?P<label>" + "|".join(f"(?P<{k}>{v})" for k, v in FIELD_LABELS.items()) +
    r")\s*[:;]\s*(?P<value>.*)$", re.IGNORECASE)
# Labels that CIA/NSA electrical forms print without a colon ("FM CIA", "TO DIRNSA", "SUBJECT PLANS OF …").
BARE_FIELD_RE = re.compile(
    r"^\s*(?P<label>FM|TO|SUBJECT|COUNTRY|REPORT NO\.?|DATE DISTR\.?|PRECEDENCE|DATE OF INFO\.?|IBJECT)"
    r"\s+(?P<value>\S.*)$")
# A label printed alone on its line, its value on the next ("TO" / "WASHINGTON HONOLULU" on CIA
# station cables; "IBJECT" / ": CABINET …" where a cut margin took the label's first letters).
LONE_LABEL_RE = re.compile(r"^\s*[•·.'\"]?\s*(?P<label>FM|TO|FROM|SUBJECT|IBJECT|UBJECT)\s*[:;.]?\s*$")
# A telegram's number label alone on its line, with its colon or period ("NO." / "1329, OCTOBER 27 …").
LONE_NO_RE = re.compile(r"^\s*N[O0]\s*[:;.]\s*$")
# Field lines whose OCR put the label after its value ("s/s THROUGH:", ": S/P - W. W. Rostow FROM").
# An airgram's number printed as "NO. A-120" / "NO. CA-2401" (a period, no colon).
# Likewise a telegram's "NO. 538, SEPTEMBER 3, 9:45 A.M." (the number, then its date), and one of a
# series, "NO. POLTO 574, NOVEMBER 18, 12:30 AM" (its word before the number: a series the Department
# numbered, not any word — "NO. ABOUT 500" is an answer in a paragraph).
AIRGRAM_NO_RE = re.compile(r"^\s*N[O0]\.\s+(?P<value>(?:[A-Z]{1,3}-\s?|(?:POLTO|TOPOL|SECTO|TOSEC|USUN|CIRCULAR)\s+)?\d{1,5}"
                           r"(?:\s*|,\s*[A-Z][A-Za-z]{2,9}\.?\s+\d{1,2}\b.*))$")
# … and of another series, or a series' circular, when its date follows ("NO. DELGA 250, OCTOBER 5, 8 PM",
# "NO. POLTO CIRCULAR 40, JANUARY 17, 10 AM"), nothing else after it.
SERIES_NO_RE = re.compile(r"^\s*N[O0]\.\s+(?P<value>[A-Z]{4,6}\s+(?:CIRCULAR\s+)?\d{1,5},\s*(?P<mon>[A-Z][A-Za-z]{2,9})\.?\s+\d{1,2}\b"
                          r"(?P<rest>.*))$")
_DATE_TAIL = re.compile(r"(?:[\s,]*(?:\d{1,4}|\d{1,2}[:.]\d{2}|[AP]\.?\s?M\.?|NOON|MIDNIGHT|\(SECTION\s+\w+\s+OF\s+\w+\)))*[\s.]*")
# A memorandum of conversation's "TIME: 4:00 p.m." (only with a time for its value: a telegram's line
# that wraps onto "TIME; (B) WE WOULD NOT …" is text).
TIME_FIELD_RE = re.compile(r"^\s*(?P<label>TIME|Time)\s*:\s*(?P<value>(?:\d{1,2}\b|\d{4}\b|[Nn]oon|NOON).{0,30})$")
TRAILING_LABEL_RE = re.compile(r"^\s*:?\s*(?P<value>.*?)(?<![A-Za-z])\s*(?P<label>FROM|THROUGH|TO)\s*:?\s*$")

FORM_RE = re.compile(
    r"\b(?:(?:OUTGOING|INCOMING|URGENT)\s+T[A-Z]{3,7}|AIRGRAM|TELEGRAM|Signature Record|"
    r"INFORMATION REPORT|CURRENT\s+\w+\s+DIGEST|DEPARTMENT OF STATE)\b", re.IGNORECASE)
LETTER_SPACED_RE = re.compile(r"^\s*(?:[A-Z] ){3,}[A-Z]\s*$")
MEMO_RE = re.compile(r"^\s*[*_]*\s*(?P<word>ME[A-Z]{5,7}M)\b[*_]*\s*(?P<rest>.*)$", re.IGNORECASE)

PAGENUM_RE = re.compile(r"^[\s*]*[-=–—~]+\s*(?P<n>\d{1,3})\s*(?:[-=–—~.]+\s*)*$")
RUNHEAD_RE = re.compile(r"^[\s*]*[-=–—]\s*(?P<n>[\d!Il]{1,3})\s*[-=–—]+\s*(?P<rest>\S.*)$")
PAGE_WORD_RE = re.compile(r"^\s*Page\s+\S{1,3}\s+of\b", re.IGNORECASE)

STAMP_RE = re.compile(
    r"^\W*(?:DECLASSIFIED|DECLASSIFICATION|Authority\b|REVIEWED\s+by|Reviewed\s+by|P\.D\.S\.|"
    r"REPRODUCTION\s+FROM|\(\s*\)\s|\"?Declassified for Publication|BEST COPY AVAILABLE|"
    r"DEPARTMENT OF STATE A/CDC|SEE SANITIZED|SANITIZED|EO\s*11652|E\.O\.\s*1|NLK[- ]|NLJ[- ]|NW\s+\d+\s+DocId|"
    r"COPY NO\.?|Cat\.\s*[ABC]\b|transferred to|with additional access|controlled by S/S|retained by S/S|"
    r"FOI[,.]|TO authority to|DOWNGRADE|Dated by|Classified by|By\s+\w+\s+(?:NARS\s+)?Date\b|"
    r"State\s+NLK|NARS|ADDRESS OFFICIAL COMMUNICATIONS|Telegraphic transmission|"
    r"\d{2,3}-\s*DO\s*S)", re.IGNORECASE)
# The foot of a Department of State telegram form: drafter ("GBall/ck") and clearances by office
# symbol ("S/S - Mr. Breisky", "G - George W. Ball"). Case matters here.
FORM_FOOT_RE = re.compile(r"^\W*(?:(?:[A-Z]{1,4}/[A-Z]{1,4}|[A-Z]{1,3})\s+-\s+(?:(?:Mr\.|Mrs\.|Miss)\s|"
                          r"[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}\s*$)|[A-Z][A-Za-z.]*[a-z]/[a-z]{1,4}\s*$)")
EXEMPTION_RE = re.compile(
    r"^\s*(?:\((?:b|6)\)\s*\((?:\d|[a-z])\)(?:\s*\((?:\w)\))?|\(b\d[A-Z]?\)|\((?:6|b)\)|B\s*[1I/]\s*A\s*\d?|B/A\d|131)\s*$",
    re.IGNORECASE)
EXCISED_RE = re.compile(r"^\W*EXCISED COPY", re.IGNORECASE)
NOTE_RE = re.compile(r"^\s*NOTE\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class Chunk:
    """A run of source lines with one role: ``first``/``last`` are 1-based line numbers; ``lines`` the
    raw text of each line (including blank lines inside the run, none at its ends)."""

    kind: str
    first: int
    last: int
    lines: tuple[str, ...]

    def __post_init__(self) -> None:
        # Derived once per chunk (rules ask for them many times): the text with whitespace folded,
        # its word count, and whether it is reading text.
        words = " ".join(self.lines).split()
        object.__setattr__(self, "text", " ".join(words))
        object.__setattr__(self, "words", len(words))
        object.__setattr__(self, "prose", self._prose())

    def _prose(self) -> bool:
        """Reading text: a text chunk long enough, or a sentence."""
        if self.kind != "text":
            return False
        n = self.words
        # (the non-blank lines are counted only when there could be too few words for them)
        lines = sum(1 for l in self.lines if l.strip()) if n < 2 * len(self.lines) else 0
        if lines >= 3 and n < 2 * lines:
            return False  # a column of office symbols or names ("Action" / "SS" / "Info" / "G" …), not text
        if n <= 3 * len(self.lines) and len(self.lines) >= 3 and all(
                len(l.split()) <= 3 and l.rstrip()[-1:] not in ".;:,?!" for l in self.lines) and \
                2 * sum(1 for l in self.lines if any(ch.isdigit() for ch in l)) >= len(self.lines):
            # a column of archive stamps ("CH-715" / "Vice President 37a" / "221"), not text (an
            # addressee's block or a list of names has no numbers)
            return False
        t = self.text.rstrip("*_ ")
        if not _TWO_WORDS.search(t):
            return False  # dots, dashes, numbers: debris, not a sentence ("• • • / • • • / ٠ ٠")
        if n < 8 and ABBREVIATION_END.search(t):
            return False  # a letterhead ending in an abbreviation ("WASHINGTON 25, D.C."), not a sentence
        return n >= 8 or (n >= 4 and t[-1:] in ".;:,?!)")


ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.){2,}$")
_TWO_WORDS = re.compile(r"[^\W\d_]{2}.*?\b[^\W\d_]{2}", re.DOTALL)  # (letters of any script: Russian too)


_LETTER_SPACED = re.compile(r"\b(?:[A-Za-z] ){2,}[A-Za-z]\b")


def unspaced(text: str) -> str:
    """A word typed letter by letter, for emphasis, joined: "S E C R E T - EYES ONLY" → "SECRET -
    EYES ONLY" (words apart stay apart: "T O P  S E C R E T" → "TOP SECRET")."""
    return _LETTER_SPACED.sub(lambda m: m.group().replace(" ", ""), text) if " " in text else text


def handwritten(text: str) -> bool:
    """A line written in by hand (the transcription's ``*…*``): a note on a slip or under a text."""
    t = text.strip()
    return len(t) > 1 and t.startswith("*") and t.endswith("*")


@lru_cache(maxsize=65536)
def plain(text: str) -> str:
    """Text without transcription marks, whitespace folded (cached: the same line is asked for by
    several rules)."""
    return " ".join(MARKS.sub(" ", text).split())


# English words within the OCR tolerance of a banner word (CONFIDENCE of CONFIDENTIAL, SECRETARY of
# SECRET): a paragraph's last word alone on its line ("… IN STRICT" / "CONFIDENCE.") is text, not a
# classification; the OCR garbles letters, it does not make other words.
NOT_BANNER_WORDS = frozenset((
    "SECRETARY", "SECRETS", "SECRETLY", "CONFIDENCE", "CONFIDENT", "CONFIDENTLY", "CONFIDENTIALLY",
    "CONTROLS", "CONTINUE", "CONTINUES", "CONTINUING", "PERSONNEL", "PERSONALLY",
    "OFFICIALLY", "OFFICIALS", "SPECIALLY", "SPECIALIST", "SPECIALISTS", "FOREIGNERS", "BACKGROUNDS",
    "PRIVATELY", "ATTACHED", "SENSITIVITY", "LIMITS", "LIMITING"))


@lru_cache(maxsize=8192)
def _banner_word(token: str) -> bool:
    if token in BANNER_WORDS:
        return True
    if len(token) < 4 or token in NOT_BANNER_WORDS:
        return False
    # SequenceMatcher is slow; rule out most words first with upper bounds on its ratio: the
    # shorter length (checked first, once per length: ``_banner_letters_near``), then the shared
    # letters counted with multiplicity (never fewer than the matching characters, never more than
    # the shorter length).
    n = len(token)
    letters = None
    for w, wl, wc in _banner_letters_near(n):
        total = n + wl
        if letters is None:
            letters = Counter(token)
        shared = 0
        for ch, k in wc:  # (the multiset intersection, without building a Counter for it)
            t = letters.get(ch)
            if t:
                shared += t if t < k else k
        if 2 * shared < 0.72 * total:
            continue
        if SequenceMatcher(None, token, w).ratio() >= 0.72:
            return True
    return False


_BANNER_LETTERS = [(w, len(w), tuple(Counter(w).items())) for w in sorted(BANNER_WORDS) if len(w) >= 4]


@lru_cache(maxsize=None)
def _banner_letters_near(n: int) -> tuple:
    """A token's length → the ``_BANNER_LETTERS`` entries whose length allows a ratio of 0.72 with it
    (the bound on the shorter length, in ``_banner_word``'s order; told once per length, not per
    token and word)."""
    return tuple((w, wl, wc) for w, wl, wc in _BANNER_LETTERS if not 2 * min(n, wl) < 0.72 * (n + wl))


def is_banner(text: str) -> bool:
    """A line of classification and caveat words only (OCR-tolerant): ``~~TOP SECRET~~ - SENSITIVE``."""
    return _is_banner(plain(text))


_WORD_RE = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=16384)
def _is_banner(s: str) -> bool:
    if s.isascii():
        # What most lines fail on, told before unspacing the line (a regex pass): unspacing joins
        # only one-letter words ("S E C R E T"), so a first word of two letters or more is the
        # first word of the line unspaced. (ASCII only: ``upper`` turns some other letters into
        # ASCII ones, "ı" into "I".)
        first = _WORD_RE.search(s)
        if first is None or (len(first.group()) >= 2 and not _banner_word(first.group().upper())):
            return False
    u = unspaced(s).upper()
    first = _WORD_RE.search(u)
    if first is None or not _banner_word(first.group()):
        return False  # (what most lines fail on, told before listing all their words)
    tokens = _WORD_RE.findall(u)
    if not tokens or len(tokens) > 12:
        return False
    if any(t in CAVEAT_WORDS for t in tokens):
        if tokens != ["LIMIT", "DISTRIBUTION"] and not any(t in CORE_BANNER for t in tokens):
            return False
        tokens = [t for t in tokens if t not in CAVEAT_WORDS]
        if not tokens:
            return True
    # (one word past the OCR's tolerance in a long line of caveats that opens with a level:
    # "SECRET NO FOREIGN DISSEM NO SIDDEM ABROAD/BACKGROUND USE ONLY"; told word by word, the test
    # stopping at the first word too many, as most lines that open with "NO" or "WITH" are text)
    allowed = 1 if len(tokens) >= 6 and tokens[0] in CORE_BANNER else 0
    k = 0
    while k < len(tokens):
        if k + 1 < len(tokens) and tokens[k] + tokens[k + 1] in BANNER_WORDS and not _banner_word(tokens[k + 1]):
            k += 2  # a word the OCR broke in two ("CONFIDEN TIAL")
        elif _banner_word(tokens[k]):
            k += 1
        elif allowed:
            allowed -= 1
            k += 1
        else:
            return False
    return any(t in CORE_BANNER or (len(t) >= 6 and _banner_word(t) and t not in {"ATTACHMENTS"}) for t in tokens) \
        and not (len(tokens) == 1 and tokens[0] in {"ONLY", "NO", "TOP", "USE", "AND", "WITH"})


def field_match(text: str):
    """``(name, label, value)`` when the line is a ``LABEL: value`` header field, else None."""
    return _field_match(plain(text))


@lru_cache(maxsize=65536)
def _field_match(s: str):
    """``field_match`` of a line already ``plain`` (cached: the segmenter asks again of the same lines)."""
    # Exact pre-tests that spare most lines the patterns (each a pass over the line's start): a
    # FIELD_RE match holds ":" or ";" (no case variant of either); the other patterns begin, after
    # spaces (``lstrip`` strips what ``\s`` matches), with one of a few characters, matched with case.
    m = FIELD_RE.match(s) if ":" in s or ";" in s else None
    c0 = s.lstrip()[:1]  # ("" is in every string: the patterns are then tried)
    if m:
        name = next(k for k in FIELD_LABELS if m.group(k))
        return name, m.group("label"), m.group("value").strip()
    m = BARE_FIELD_RE.match(s) if c0 in "FTSCRDPI" else None
    if m and (m.group("label").upper() not in {"TO", "FM"} or len(m.group("value").split()) <= 4):
        label = m.group("label").upper().rstrip(".")
        name = {"FM": "from", "TO": "to", "SUBJECT": "subject", "IBJECT": "subject", "COUNTRY": "country",
                "REPORT NO": "report", "DATE DISTR": "distr", "PRECEDENCE": "precedence",
                "DATE OF INFO": "dateinfo"}[label]
        return name, m.group("label"), m.group("value").strip()
    m = TIME_FIELD_RE.match(s) if s[:1] in "Tt" else None
    if m:
        return "time", m.group("label"), m.group("value").strip()
    m = AIRGRAM_NO_RE.match(s) if c0 in "N" else None
    if m:
        v = m.group("value")
        return "no", "NO.", re.sub(r"^([A-Z]{1,3}-)\s", r"\1", v).strip()
    m = SERIES_NO_RE.match(s) if s[:2] in ("NO", "N0") else None
    if m and month_number(m.group("mon")) and _DATE_TAIL.fullmatch(m.group("rest")):
        return "no", "NO.", m.group("value").strip()
    if c0 in "N" and LONE_NO_RE.match(s):
        return "no", s.strip(" :;."), ""
    m = LONE_LABEL_RE.match(s) if c0 in "•·.'\"FTSIU" else None
    if m and m.group("label").isupper():
        label = m.group("label")
        name = {"FM": "from", "FROM": "from", "TO": "to"}.get(label, "subject")
        return name, label, ""
    # (the cheap tests first: the pattern's lazy value is slow to fail on a long line)
    m = TRAILING_LABEL_RE.match(s) if ":" in s and len(s) < 60 else None
    # (an office and a name, "S/P : W. W. Rostow FROM", "s/s THROUGH:"; not a sentence with a colon
    # that ends in TO, "CACCIA MADE FOLLOWING POINTS: (A) SOVIETS WILL TRY TO")
    if m and (s.startswith(":") or s.endswith(":") or len(m.group("value").split()) <= 6):
        return m.group("label").lower(), m.group("label"), m.group("value").strip(" :")
    return None


def is_date_line(text: str) -> bool:
    """A line that is mainly a date (a dateline), e.g. ``October 26, 1962`` or ``October 28, 1962 10:40 a.m.``."""
    return _is_date_line(plain(text))


def _is_date_line(s: str) -> bool:
    if not s or len(s) > 40:
        return False
    dates = find_dates(s, 1962)
    if not dates:
        return False
    covered = sum(d.end - d.start for d in dates)
    return covered >= 0.6 * len(s.replace(" ", "")) or covered >= len(s) - 6


def is_debris(text: str) -> bool:
    """Form rubble from OCR: few letters, box-drawing and lone punctuation."""
    raw = text.strip()
    if not raw:
        return False
    return _is_debris(raw, plain(raw) or raw)


def _is_debris(raw: str, s: str) -> bool:
    box = _BOX_RE.search(raw)
    if not box and _THREE_LETTERS_RE.search(s):
        return False  # fast path: three letters and no form rules, as most lines
    letters = sum(c.isalpha() for c in s)
    if box and letters < len(s) * 0.5:
        return True
    if letters == 0 and not _DIGIT_RE.search(s):
        return True
    return letters <= 2 and len(s) >= 2 and not _SCRAP_RE.fullmatch(s)


_BOX_RE = re.compile("[\u2500-\u257F☐■□▪●•·÷]")
_THREE_LETTERS_RE = re.compile(r"[^\W\d_].*?[^\W\d_].*?[^\W\d_]", re.DOTALL)
_DIGIT_RE = re.compile(r"\d")
_SCRAP_RE = re.compile(r"[\dA-Za-z.,:'\-/() ]+")


@lru_cache(maxsize=65536)
def classify_line(line: str) -> str:
    """The kind of one non-blank line, judged alone (see module docstring). Cached: banners, stamps
    and form lines recur on every page."""
    s = plain(line)
    if not s:
        return "debris" if line.strip() else "blank"
    if _LINE_START_RE.match(s):
        kind = _line_start_kind(s)
        if kind:
            return kind
    return _classify_rest(line, s)


def _line_start_kind(s: str) -> Optional[str]:
    """The kinds told by how a line starts, in order of precedence."""
    if EXCISED_RE.match(s):
        return "excised"
    if PAGENUM_RE.match(s) or PAGE_WORD_RE.match(s):
        return "pagenum"
    if RUNHEAD_RE.match(s) and len(s) < 120:
        return "runhead"
    if EXEMPTION_RE.match(s):
        return "exemption"
    if NOTE_RE.match(s):
        return "note"
    if STAMP_RE.match(s) or FORM_FOOT_RE.match(s):
        return "stamp"
    if FIELD_RE.match(s):
        return "field"
    return None


def _classify_rest(line: str, s: str) -> str:
    # ``s`` is already ``plain`` (and ``plain`` of it is itself): the rules are asked of it directly.
    if _is_banner(s):
        return "banner"
    stripped = line.strip()
    if stripped.startswith("**") and stripped.endswith("**") and len(s.split()) <= 6:
        return "stamp"  # a bold short line standing alone: a stamp (record numbers, date stamps)
    m = MEMO_RE.match(s)
    if m and SequenceMatcher(None, m.group("word").upper(), "MEMORANDUM").ratio() >= 0.75:
        rest = m.group("rest").strip()
        if re.match(r"(?i)FOR\b|FORE\b", rest):
            return "memofor"
        if not rest or len(rest.split()) <= 3:
            return "form"
    fm = _field_match(s)
    if fm:
        return "field"
    if len(s.split()) <= 6 and FORM_RE.search(s):  # (the word count first: most lines are longer)
        return "form"
    if LETTER_SPACED_RE.match(s) and FORM_RE.search(s.replace(" ", "")):
        return "form"  # a form title printed letter-spaced: ``A I R G R A M``
    if _is_date_line(s):
        if _HANDWRITTEN_RE.match(stripped) and _words_beside_dates(s):
            return "text"  # a handwritten annotation that bears a date ("*EXCOM 9/17/62*"), not a dateline
        return "date"
    if _is_debris(line.strip(), s):
        return "debris"
    return "text"


_HANDWRITTEN_RE = re.compile(r"^\*[^*].*[^*]\*$")  # a line in single asterisks: handwriting (EDITORIAL.md)


# Words a dateline holds besides its date: the day of the week, the time and its zone.
_DATELINE_WORDS = frozenset((
    "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY", "MON", "TUE", "TUES", "WED",
    "THU", "THUR", "THURS", "FRI", "SAT", "SUN", "AM", "PM", "NOON", "MIDNIGHT", "HRS", "HOURS", "LOCAL", "TIME",
    "EDT", "EST", "GMT", "ZULU"))


def _words_beside_dates(s: str) -> bool:
    """Has the line a word outside its dates that no dateline holds (``EXCOM``, ``JFK``, ``Recd``)?"""
    rest, end = [], 0
    for d in find_dates(s, 1962):
        rest.append(s[end:d.start])
        end = d.end
    rest.append(s[end:])
    return any(w.upper() not in _DATELINE_WORDS for w in re.findall(r"[A-Za-z]{2,}", " ".join(rest)))


def _union(*patterns: re.Pattern) -> re.Pattern:
    """One pattern matching where any of ``patterns`` matches at the start (named groups dropped, flags
    kept per part): a line that matches none skips them all with one test."""
    parts = []
    for p in patterns:
        body = re.sub(r"\(\?P<\w+>", "(?:", p.pattern)
        parts.append(f"(?i:{body})" if p.flags & re.IGNORECASE else f"(?-i:{body})")
    return re.compile("|".join(parts))


_LINE_START_RE = _union(EXCISED_RE, PAGENUM_RE, PAGE_WORD_RE, RUNHEAD_RE, EXEMPTION_RE, NOTE_RE, STAMP_RE,
                        FORM_FOOT_RE, FIELD_RE)


# Kinds that start a new chunk even inside a blank-free block, and whether following lines of
# another kind may continue them (a stamp runs on over its lines; a page number never does).
SPLITTING = {"pagenum", "runhead", "banner", "stamp", "exemption", "excised", "field", "form", "memofor",
             "date", "note"}
CONTINUES = {"stamp", "runhead", "note", "memofor", "field", "exemption"}


def read_chunks(lines: tuple[str, ...] | list[str], first: int = 1) -> list[Chunk]:
    """Lines (``first`` is the number of ``lines[0]``) → chunks, in order, blank lines dropped."""
    chunks: list[Chunk] = []
    kind = None
    start = 0
    buf: list[str] = []

    def flush(end_line: int) -> None:
        nonlocal buf, kind
        if buf:
            chunks.append(Chunk(kind or "text", start, end_line, tuple(buf)))
        buf, kind = [], None

    for offset, line in enumerate(lines):
        number = first + offset
        if not line.strip():
            flush(number - 1)
            continue
        k = classify_line(line)
        if not buf:
            kind, start, buf = k, number, [line]
            continue
        # Decide whether this line continues the current chunk.
        if k == "text" and kind in {"text", "debris"}:
            kind = "text" if kind == "debris" and not is_debris(line) else kind
            buf.append(line)
            continue
        if k == kind and k in {"exemption", "banner", "debris", "text", "stamp", "field"} and k != "field":
            buf.append(line)
            continue
        if kind in CONTINUES and k in {"text", "debris"} and kind != "field":
            # A stamp or running head wraps onto the next line ("… FROM" / "PARIS").
            if kind != "runhead" or len(plain(line).split()) <= 3:
                buf.append(line)
                continue
        if k in {"field", "form"} and kind == "text" and _continues_sentence(buf[-1], line, k):
            buf.append(line)
            continue
        if kind == "field" and k == "text" and _more_addressees(buf[0], line):
            buf.append(line)
            continue
        if kind == "field" and k in {"text", "date"} and len(buf) == 1 and _continues_field(buf[0], line):
            buf.append(line)
            continue
        if kind == "memofor" and k == "text" and len(plain(line).split()) <= 6 and len(buf) <= 2:
            buf.append(line)  # "MEMORANDUM FOR MR. McGEORGE BUNDY" / "THE WHITE HOUSE"
            continue
        flush(number - 1)
        kind, start, buf = k, number, [line]
    flush(first + len(lines) - 1)
    return _merge_split_dates(chunks)


def _merge_split_dates(chunks: list[Chunk]) -> list[Chunk]:
    """A date printed over two or three lines (``6`` / ``Nov`` / ``62`` printed vertically,
    ``8: Novenber,`` / ``1963``) → one ``date`` chunk, when no part is a full date alone."""
    out: list[Chunk] = []
    # Which chunks could be part of such a date (one line of at most two words), judged once each
    # rather than once per run that contains them.
    short = [c.kind in {"text", "date", "debris"} and len(c.lines) == 1 and len(plain(c.text).split()) <= 2
             for c in chunks]
    i = 0
    while i < len(chunks):
        if not short[i]:  # (every run tried starts with chunk i)
            out.append(chunks[i])
            i += 1
            continue
        merged = None
        for n in (3, 2):
            if i + n > len(chunks) or not all(short[i:i + n]):
                continue
            run = chunks[i:i + n]
            if any(run[k + 1].first - run[k].last > 3 for k in range(n - 1)):
                continue
            joined = " ".join(plain(c.text) for c in run)
            dates = find_dates(joined, None)
            if len(dates) == 1 and dates[0].iso and not dates[0].year_inferred and is_date_line(joined) \
                    and not any(d.iso and not d.year_inferred for c in run for d in find_dates(plain(c.text), None)):
                lines: list[str] = []
                for k, c in enumerate(run):
                    if k:
                        lines.extend([""] * (c.first - run[k - 1].last - 1))  # the blank lines between
                    lines.extend(c.lines)
                merged = Chunk("date", run[0].first, run[-1].last, tuple(lines))
                break
        if merged:
            out.append(merged)
            i += n
        else:
            out.append(chunks[i])
            i += 1
    return out


# A label with nothing after it ("PARTICIPANTS:", "COPIES TO:"): the next field, not a subject's last words.
_LABEL_ALONE = re.compile(r"^[A-Z][A-Za-z ]{2,30}:$")


def _continues_field(field_line: str, line: str) -> bool:
    """A header value wrapped onto the next line (``Subject: October 27 Paper on`` / ``Negotiations``,
    ``Rec'd: OCTOBER 28, 1962`` / ``5:44 PM``), or printed there below its label (``NO:`` /
    ``1661, JANUARY 12, 1:30 P.M. (SECTION 1 OF 3)``)."""
    fm = field_match(field_line)
    if not fm:
        return False
    name, _, value = fm
    s = plain(line)
    if name == "subject" and len(s.split()) <= 8 and value and not _LABEL_ALONE.match(s):
        return True
    if name == "received" and re.match(r"^\d{1,2}[:.]\d{2}\s*[AP]\.?M", s, re.IGNORECASE):
        return True
    if name == "no" and not value and is_number_value(s):
        return True
    return False


def _continues_sentence(previous: str, line: str, kind: str) -> bool:
    """A paragraph's line read alone as a ``field`` or a ``form`` title — one that begins with a
    label printed without its colon (``TO``, ``FM``, ``SUBJECT``), or a short one naming a form
    (``AIRGRAM``, ``TELEGRAM``) — continues the sentence of the line above, a line of prose that ends
    without punctuation: ``… NATO CONTROLS ON SHIPPING`` / ``TO CUBA IN COMING DEBATE.``, ``… WE HAVE``
    / ``TAKEN ACTION REQUESTED EMBASSY AIRGRAM A-296.`` A head's ``TO SECSTATE WASHDC`` or
    ``INCOMING TELEGRAM`` follows a field, a form line or a line that ends, not the middle of a
    sentence."""
    s = plain(line)
    above = plain(previous).rstrip()
    if kind == "field" and (AIRGRAM_NO_RE.match(s) or SERIES_NO_RE.match(s)):
        # "… SEE PARIS TELEGRAM" / "NO. POLTO CIRCULAR 12, OCTOBER 28.": a number cited in the sentence
        # the line above leaves open, however this line ends (a head's NO. line follows a field, a
        # short line or one that ends)
        return len(above.split()) >= 6 and (above[-1:].isalnum() or above.endswith(","))
    # The run-over ends its sentence ("… DEBATE.", "… A-296.") or introduces what follows ("… AS
    # OUTLINED" / "TO ME BY TITO:"): a head's line does not (``TO SECSTATE WASHDC 1015``,
    # ``OUTGOING TELEGRAM Department of State``) …
    if not s.endswith((".", ",", ";", ":")):
        return False
    if kind == "field":
        m = BARE_FIELD_RE.match(s)
        if FIELD_RE.match(s) or not m or m.group("label").upper() not in {"TO", "SUBJECT"}:
            return False  # (… and FM, COUNTRY, REPORT NO. begin no English sentence)
    else:
        form = FORM_RE.search(s)
        if form is None or form.start() == 0:
            return False  # a form's title begins with its name; a sentence names it further on
    return len(above.split()) >= 6 and (above[-1:].isalnum() or above.endswith(","))


# One addressee of a telegram per line under its INFO or ACTION field: a post and its telegram number
# ("Amembassy RIO DE JANEIRO 554", "USMISSION BERLIN 332", "USUN NEW YORK 1370 PRIORITY").
# (The post's name in capitals, as the Department typed it: a sentence that begins with a post's
# name, "USUN should consult … paragraph 3", is no addressee.)
POST_WORDS = (r"A[Mm]\s?[Ee][Mm][Bb][Aa][Ss][Ss][Yy]|A[Mm][Cc][Oo][Nn][Ss][Uu][Ll]|USMISSION|USUN|USDEL|USNATO|USEC|"
              r"USRO")
"""What an addressee's line begins with: an embassy, a consulate, a mission (a pattern's alternatives)."""
ADDRESSEE_RE = re.compile(r"^\s*(?:" + POST_WORDS + r"|USCINC[A-Z]*|CINC[A-Z]*)\s+"
                          r"[A-Z][A-Z .'-]*?\s\d{1,5}(?:\s+(?:PRIORITY|ROUTINE|IMMEDIATE|NIACT|N/ACT))?\s*$")


def _more_addressees(field_line: str, line: str) -> bool:
    """A telegram's INFO field listing its addressees one per line (``INFO: Amembassy DAKAR 196`` /
    ``Amembassy RIO DE JANEIRO 554`` / ``Amembassy LONDON 1623``): one field, not a field and a
    paragraph of reading text. (Not ACTION: its first addressee and number are the telegram's own,
    and lines below it may be an INFO list whose label the OCR lost.)"""
    fm = field_match(field_line)
    return fm is not None and fm[0] == "info" and fm[2] != "" and ADDRESSEE_RE.match(plain(line)) is not None


# A telegram's number as its NO field gives it: the number, perhaps after a series word or two, then
# its date, its section or nothing ("1661, JANUARY 12, 1:30 P.M. (SECTION 1 OF 3)", "POLTO CIRCULAR
# 17, NOVEMBER 4", "A-296"); not a sentence that begins with a number ("ON 5 NOVEMBER …", "1.FOREIGN").
NUMBER_VALUE_RE = re.compile(r"^\s*(?:[A-Z]{2,10}\s+){0,2}(?:[A-Z]{1,3}-\s?)?\d{1,5}\s*(?:,|\(\s*SECTION\b|$)",
                             re.IGNORECASE)


def is_number_value(text: str) -> bool:
    """Is this line (``plain``) the value of a ``NO:`` printed alone on the line above it?"""
    return NUMBER_VALUE_RE.match(text) is not None
