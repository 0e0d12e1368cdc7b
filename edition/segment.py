"""Chunks of one source file → the documents it holds (``RawDocument``), before merging.

A file may hold a cover sheet, a transmittal memorandum, the memorandum it transmits, further
sections of one telegram, and further released versions (witnesses). A new document starts where a
*head* (a form title, ``MEMORANDUM FOR``, or a cluster of header fields or a dateline followed by
header fields) follows a document that already has reading text. Lines between the end of one
document and the head of the next are shared out: the first banner after a document's close is its
page foot; archival numbers, copy numbers and datelines just above a head belong to the new document.
``EXCISED COPY FOLLOWS`` marks that what follows is another release of what came before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .chunks import POST_WORDS, Chunk, field_match, handwritten, is_number_value, plain

HEAD_FIELDS = {"from", "to", "no", "subject", "control", "received", "action", "through", "memofor", "date",
               "report", "distr"}
STRONG = {"form", "memofor"}


def words(chunk: Chunk) -> int:
    return chunk.words


def is_prose(chunk: Chunk) -> bool:
    """Reading text: a text chunk long enough, or a sentence (``Chunk.prose``, computed once)."""
    return chunk.prose


def _head_field(chunk: Chunk) -> bool:
    if chunk.kind != "field":
        return False
    fm = field_match(chunk.lines[0])
    return bool(fm and fm[0] in HEAD_FIELDS)


FURNITURE = {"pagenum", "banner", "debris", "stamp", "exemption", "runhead"}


def _ahead(chunks: list[Chunk], i: int, n: Optional[int] = None) -> list[Chunk]:
    """The chunks after ``i`` (at most ``n``), up to an ``EXCISED COPY FOLLOWS`` notice: what follows
    the notice is another release, so nothing before it is read as the head of what comes after (a
    drafting date at the foot of a telegram's fuller release is no dateline of its excised copy)."""
    out = []
    for c in chunks[i + 1:] if n is None else chunks[i + 1:i + 1 + n]:
        if c.kind == "excised":
            break
        out.append(c)
    return out


def _has_following_content(chunks: list[Chunk], i: int) -> bool:
    """Is a head at ``i`` followed by anything to read (before an ``EXCISED COPY`` notice): prose or
    header fields, not only page furniture and a few scraps (a form title printed at a page's foot:
    ``CURRENT INTELLIGENCE DIGEST`` / ``Page`` / ``9``)?"""
    rest = [c for c in _ahead(chunks, i) if c.kind not in FURNITURE]
    return any(is_prose(c) or _head_field(c) or c.kind in STRONG for c in rest) or sum(words(c) for c in rest) >= 12


def _electrical_pair(chunks: list[Chunk], i: int) -> bool:
    """``FM DIRNSA`` directly followed (past routing names) by ``TO …``: an electrical message's head."""
    fm = field_match(chunks[i].lines[0]) if chunks[i].kind == "field" else None
    if not fm or fm[1].upper() != "FM":
        return False
    for c in _ahead(chunks, i, 11):
        f = field_match(c.lines[0]) if c.kind == "field" else None
        if f and f[0] == "to":
            return True
    return False


# Words a sentence does not end on: a line ending in one runs on into the next. (Not "A", "BY",
# "FOR", "TO": labels end on them, "Tab A", "Approved by", "Acting for", "Copy to".)
_RUNS_ON = frozenset("""AN THE OF ON IN AT WITH SINCE UNTIL TILL BEFORE AFTER DURING FROM AND OR BUT THAT
    DATED ABOUT UNDER OVER THAN""".split())


def _runs_on(chunk: Chunk) -> bool:
    """Does a text chunk end mid-sentence, on a preposition, article or conjunction ("… HAS HAD NO
    FURTHER CONTACT WITH OFFICER SINCE")?"""
    if chunk.kind != "text":
        return False
    last = chunk.lines[-1].split()
    return bool(last) and last[-1].upper() in _RUNS_ON


def starts_document(chunks: list[Chunk], i: int) -> bool:
    """Does chunk ``i`` begin the head of a document?"""
    ch = chunks[i]
    if ch.kind in STRONG:
        return _has_following_content(chunks, i)
    if _electrical_pair(chunks, i):
        return True
    if ch.kind not in {"field", "date"} or (ch.kind == "field" and not _head_field(ch)):
        return False
    if ch.kind == "date" and i and _runs_on(chunks[i - 1]) and ch.text.rstrip()[-1:] in ".,;":
        return False  # the date ends the sentence above ("… SINCE / 5 SEPTEMBER."): no dateline
    ahead = _ahead(chunks, i, 8)
    heads = sum(1 for k, c in enumerate(ahead, i + 1)
                if _head_field(c) or (c.kind in STRONG and _has_following_content(chunks, k)))
    return heads >= (1 if ch.kind == "date" else 2)


@dataclass
class RawDocument:
    """A run of chunks read as one document (or one section/witness of one). ``release``: how many
    ``EXCISED COPY`` notices came before it in the file (0: the first release)."""

    chunks: list[Chunk]
    release: int = 0

    @property
    def after_excised(self) -> bool:
        return self.release > 0

    @property
    def first(self) -> int:
        return self.chunks[0].first

    @property
    def last(self) -> int:
        return self.chunks[-1].last


def _closing_matter(c: Chunk) -> bool:
    """A line below a document's text that is still that document's: a note written on it, or a
    short typed line in small letters ("William H. Brubeck", "Executive Secretary", "Enclosure:",
    "As stated.")."""
    if c.kind != "text" or c.prose:
        return False
    t = c.text.strip()
    if handwritten(t):
        return True
    # (not the next document's letterhead, "Department of State" / "Washington", nor a dateline;
    # not a line that heads one: an addressee, a copy number, a form's routing, "Tab A", "Draft")
    return c.words <= 8 and any(ch.islower() for ch in t) and not _LETTERHEAD.search(t) \
        and not _HEADS_NEXT.match(t)


_LETTERHEAD = re.compile(r"(?i)\b(?:DEPARTMENT|WHITE\s+HOUSE|WASHINGTON|AGENCY|EMBASSY|MISSION|MINISTRY|"
                         r"OFFICE\s+OF|SECRETARY\s+OF|COUNCIL|SECRETARIAT|\d{4})\b")
_HEADS_NEXT = re.compile(r"(?i)\W*(?:MR|MRS|MISS|DR|THE|COPY|DRAFT|TAB|ACTION|INFO|TALKING|UNOFFICIAL|"
                         r"DIRECTOR|TO|FROM|REF|DRAFTED)\b")


def _closing(chunks: list[Chunk], j: int) -> bool:
    """Chunk j ends the previous document: prose, a note, a stamp, a catchword after prose."""
    c = chunks[j]
    if is_prose(c) or c.kind in {"note", "excised", "exemption"}:
        return True
    if c.kind == "stamp" and not re.match(r"(?i)\W*COPY NO", c.text):
        return True
    if c.kind == "field" and not _head_field(c):
        return True
    if c.kind == "text" and j > 0 and chunks[j - 1].kind == "field" and not _head_field(chunks[j - 1]) \
            and words(c) <= 6:
        return True  # the value of a closing label ("Attachments:" / "As stated.")
    if c.kind == "text" and j > 0 and is_prose(chunks[j - 1]) and words(c) <= 2:
        return True  # a catchword or a typed signature right after the text
    if c.kind == "text" and j > 0 and is_prose(chunks[j - 1]) and c.text.rstrip().endswith("."):
        return True  # the last words of a sentence run over onto their own line
    return False


# Titles of forms that route a document rather than being one (State's routing slip, Form 41, the
# Executive Secretariat's Signature Record).
COVER_RE = re.compile(r"(?i)\bROUTING\s+SLIP\b|\bROUTING AND (?:TRANSMITTAL|RECORD)\b|\bSignature Record\b|"
                      r"\bCOVER\s+SHEET\b")
# The end of a slip: its action boxes ("() For action") and "REMARKS:".
REMARKS_RE = re.compile(r"^\W*REMARKS\b|\(\s*\)\s*(?:For|Note|Please)\b", re.IGNORECASE)


def _opens_after_cover(ch: Chunk) -> bool:
    """After a slip's remarks, what begins the routed document: a banner, a form title, a dateline,
    a header field or a letterhead; not a handwritten note (``*disseminated 7/21/62*``), a stamp or
    form rubble."""
    if ch.kind in {"banner", "form", "memofor", "date"} or _head_field(ch):
        return True
    t = ch.text.strip()
    return ch.kind == "text" and not handwritten(t) and not REMARKS_RE.search(t)


def _cover_line(ch: Chunk, cover: bool) -> bool:
    """A slip's own title line ("Vice President 37a THE WHITE HOUSE ROUTING SLIP") or, on a slip,
    its printed instructions ("The attached item with this signature record must be returned …"):
    not a document's text — but a sentence of one that mentions a slip is."""
    return _names_slip(ch.text) and (cover or ch.text.rstrip()[-1:] not in ".!?;:")


def _names_slip(text: str) -> bool:
    """Does ``COVER_RE`` find a slip's title in ``text``? Told at once for most text: in ASCII text
    (where ignoring case is lower-casing) every match holds "routing", "signature" or "cover"; the
    case-blind pattern, tried at every word, is slow to fail on a long paragraph."""
    if text.isascii():
        low = text.lower()
        if "routing" not in low and "signature" not in low and "cover" not in low:
            return False
    return COVER_RE.search(text) is not None


def split_documents(chunks: list[Chunk]) -> list[RawDocument]:
    """Chunks of a file → raw documents in order; every chunk lands in exactly one."""
    docs: list[RawDocument] = []
    start = 0
    has_body = False
    excised = 0  # notices seen so far
    excised_for_current = 0  # notices before the raw document being gathered
    cover = cover_closed = False
    for i, ch in enumerate(chunks):
        if ch.kind == "excised":
            # "EXCISED COPY FOLLOWS": what came before is complete; another release begins.
            docs.append(RawDocument(chunks[start:i + 1], excised_for_current))
            excised += 1
            start, has_body, excised_for_current = i + 1, False, excised
            continue
        if i < start:
            continue
        if not has_body and cover and i > start and (
                (ch.kind in STRONG and starts_document(chunks, i)) or (cover_closed and _opens_after_cover(ch))):
            # A routing slip or cover sheet is complete without reading text: the next form title
            # (``INCOMING TELEGRAM``, ``MEMORANDUM FOR``) starts the document it routes, with the
            # classification typed right above that title.
            j = i
            while j > start + 1 and chunks[j - 1].kind == "banner":
                j -= 1
            docs.append(RawDocument(chunks[start:j], excised_for_current))
            start, cover, cover_closed = j, False, False
            excised_for_current = excised
            continue
        elif has_body and starts_document(chunks, i):
            j = i
            while j > start + 1 and not _closing(chunks, j - 1):
                j -= 1
            # What is typed or written below the text — a note on it, the signer's name and title,
            # "Enclosure:" and its "As stated." — closes it too, down to the next document's
            # classification, form or dateline (not an archive number, a letterhead in capitals).
            # (only up to a banner that still stands above the next head: the lines that follow a
            # document's text without one may as well head the next)
            if any(c.kind == "banner" for c in chunks[j:i]):
                while j < i and _closing_matter(chunks[j]):
                    j += 1
            # The first banner after a document's close is that document's page foot — unless one
            # stands between its text and there already (its foot, then a stamp, then the next head's),
            # or the next document's head has none of its own (it is then that head's).
            if j < i and chunks[j].kind == "banner":
                text_end = next((k for k in range(j - 1, start - 1, -1) if chunks[k].prose), start)
                head_end = next((k for k in range(i, len(chunks)) if chunks[k].prose), len(chunks))
                if not any(c.kind == "banner" for c in chunks[text_end:j]) \
                        and any(c.kind == "banner" for c in chunks[j + 1:head_end]):
                    j += 1
            # A running head heads a later page of the document before ("-3- 985, OCTOBER 7 …"): that
            # page, down to its foot (a banner or a page number), is the end of that document.
            head = next((r for r in range(i - 1, j - 1, -1) if chunks[r].kind == "runhead"), None)
            if head is not None:
                j = head + 1
                while j < i and chunks[j].kind not in {"banner", "pagenum"}:
                    j += 1
                # (the foot itself — but a banner right above the next head is that document's own)
                if j < i - 1 or (j == i - 1 and chunks[j].kind == "pagenum"):
                    j += 1
            docs.append(RawDocument(chunks[start:j], excised_for_current))
            start = j
            has_body = cover = cover_closed = False
            excised_for_current = excised
        # (not reading text: a slip's title, "Vice President 37a THE WHITE HOUSE ROUTING SLIP", nor a
        # note written on it, "*Cys 15, 16, 17.*")
        if is_prose(ch) and i >= start and not (i and _value_below(chunks[i - 1], ch)) \
                and not (cover and handwritten(ch.text)) and not _cover_line(ch, cover):
            has_body = True
        if i >= start and not has_body and ch.kind in {"form", "text", "stamp"} and _names_slip(ch.text):
            cover = True
        elif cover and i >= start and (REMARKS_RE.search(ch.text) or (
                handwritten(ch.text) and any(c.kind == "field" for c in chunks[start:i]))):
            # the slip's action boxes and remarks, or a note written on it below its fields, end it
            cover_closed = True
    if start < len(chunks):
        docs.append(RawDocument(chunks[start:], excised_for_current))
    return _furniture_to_previous(docs)


def _furniture_to_previous(docs: list[RawDocument]) -> list[RawDocument]:
    """A raw document of page furniture and notices only (a second ``EXCISED COPY FOLLOWS``, a page
    number or banner between two notices, a banner after the last one) has nothing to read: it is
    the end of the document before it, not a document of its own."""
    out: list[RawDocument] = []
    for d in docs:
        if out and all(c.kind in FURNITURE or c.kind == "excised" for c in d.chunks):
            out[-1].chunks.extend(d.chunks)
        else:
            out.append(d)
    return out


REPORT_FIELDS = {"report", "distr", "subject", "from", "to", "country", "dateinfo", "precedence"}


def _value_below(label: Chunk, c: Chunk) -> bool:
    """Is ``c`` the value of the field printed alone in chunk ``label``, though it reads like prose:
    a telegram's number below ``NO:``, its addressee below ``ACTION:``, its sender or addressee below
    ``FROM:`` or ``TO:`` (``header._next_value`` reads them)? It is then the head's, not the first
    paragraph of the text."""
    if label.kind != "field" or len(label.lines) != 1:
        return False
    fm = field_match(label.lines[0])
    if fm is None or fm[2]:
        return False
    if fm[0] == "no":
        return len(c.lines) == 1 and is_number_value(plain(c.text))
    if fm[0] in {"from", "to"}:
        return _party_below(c)
    return fm[0] == "action" and _addressee_below(c)


def _party_below(c: Chunk) -> bool:
    """Is ``c``, below a lone ``FROM:`` or ``TO:``, its value — a post or a person on a line or two,
    not a sentence (``BERN`` / ``(SWISS EMBASSY HAVANA)``, which reads as prose for its parenthesis)?"""
    if c.kind != "text" or len(c.lines) > 2 or c.words > 8:
        return False
    text = plain(c.text)
    return ". " not in text and not text.endswith((".", ",", ";", ":", "?", "!"))


# What ends an outgoing telegram's ACTION value: the telegram's number, perhaps its precedence.
# … and what begins it: the posts, a mission, a circular ("RE YOUR 1120", "PASS WHITE HOUSE FOR BUNDY
# FROM STEVENSON USUN 1359" are a short telegram's text).
_ADDRESSEE_START_RE = re.compile(r"^(?:ALL\b.*\bPOSTS\b|" + POST_WORDS + r"|CIRCULAR|CIRCTEL)")
_POST_WORD_RE = re.compile(POST_WORDS)
_ACTION_END_RE = re.compile(r"\b\d{1,5}(?:\s+(?:PRIORITY|ROUTINE|IMMEDIATE|NIACT|OPERATIONAL IMMEDIATE))?$")


def _addressee_below(c: Chunk) -> bool:
    """Is ``c``, below a lone ``ACTION:``, its addressee — a line or two in capitals, no sentence,
    ending in the telegram's number (``ALL AMERICAN REPUBLIC DIPLOMATIC POSTS`` / ``CIRCULAR 452
    PRIORITY``)?"""
    if c.kind != "text" or len(c.lines) > 2:
        return False
    text = plain(c.text)
    if _ADDRESSEE_START_RE.match(text) is None:
        return False
    post = _POST_WORD_RE.match(text)
    rest = text[post.end():] if post else text  # (the post's word may be typed "Amembassy", the rest is in capitals)
    return (rest == rest.upper() and len(text.split()) <= 12 and ". " not in text
            and _ACTION_END_RE.search(text) is not None)


def _fields_follow(chunks: list[Chunk], i: int) -> bool:
    """Do header fields of a report form follow chunk ``i`` closely (within eight chunks, before any
    numbered paragraph or second prose chunk)?"""
    prose = 0
    for c in chunks[i + 1:i + 9]:
        if c.kind == "field":
            fm = field_match(c.lines[0])
            if fm and fm[0] in REPORT_FIELDS and fm[2]:
                return True
        if is_prose(c):
            prose += 1
            if prose >= 1:
                return False
        if c.kind == "text" and re.match(r"^\s*\d{1,2}\.\s+\S", c.lines[0]):
            return False
    return False


def header_end(chunks: list[Chunk]) -> int:
    """Index of the first chunk of reading text in a raw document (its header is everything before).

    The header runs until the first prose chunk; a long ``SUBJECT``-less head still ends there.
    """
    for i, c in enumerate(chunks):
        if is_prose(c) and _fields_follow(chunks, i):
            continue  # a scrap of OCR read as prose above a form's fields ("REPORT NO.", "DATE DISTR")
        if i and _value_below(chunks[i - 1], c):
            continue  # "NO:" / "1661, JANUARY 12, 1:30 P.M.": the number, not the text (and ACTION's)
        if is_prose(c) or c.kind in {"pagenum", "runhead", "exemption", "note", "excised"}:
            return i
        if c.kind == "text" and re.match(r"^\s*(?:-\s*)?(?:\d{1,2}\.|\([a-z]\))\s+\S", c.lines[0]) and words(c) >= 3 \
                and not _fields_follow(chunks, i):
            return i
        if c.kind == "text" and re.match(r"(?i)^\s*(QUOTE|Dear\b)", c.text):
            return i
    return len(chunks)
