"""Source files → ``Document`` objects: the reading stage of the edition.

``read_corpus(content_dir, reporter)`` → (EditionInfo, documents sorted by date and id).
``read_file(source, reporter)`` → the documents of one file:

1. ``chunks.read_chunks``  lines → chunks with a role (field, banner, stamp, text…)
2. ``segment.split_documents``  chunks → raw documents (heads found after reading text)
3. ``header.read_header`` and ``body.read_body`` for each raw document
4. raw documents with the same series key (``POLTO CIRCULAR 12``) and sender are sections of one
   telegram, and so are those with the same plain telegram number whose heads agree (telegram 418 to
   Athens is not telegram 418 to Rome); a section seen again starts another witness. Without a number
   to match, the next section of a telegram joins it (``2 OF 2`` after ``1 OF 2``, or one of two
   neighbours the OCR left unnumbered, unless that one has a number of its own). After ``EXCISED COPY
   FOLLOWS``, a document is another witness (release) of the document just before it when their
   heads agree (kind, date, number, parties, subject: nothing that both give differs, something
   agrees) and that one has no witness of the same release yet; otherwise it stays a document of its
   own, with a warning (W115). Only the document just before: a document's lines stay one run of the
   file, and in a file whose first release holds several documents the editors say which copy is which.

Everything uncertain is reported as a warning with its position; nothing is dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Optional

from .body import check_marks, read_body, span_of
from .chunks import Chunk, read_chunks
from .config import load_edition_info
from .dates import find_dates, first_date, may_date_1940_1975
from .diagnostics import Reporter
from .header import POSTS, SERIES_SENDER, HeaderInfo, post_of, read_header, section_of
from .ids import document_slug
from .model import Document, EditionInfo, Field, Section, Span, Stamp, Witness
from .segment import RawDocument, header_end, split_documents
from .sources import SourceText, list_sources, read_source


@dataclass
class Part:
    """One raw document read: its header, body blocks, signers and section number."""

    raw: RawDocument
    head: HeaderInfo
    blocks: list
    signers: list[str]
    section: Optional[tuple[int, int]]
    section_text: Optional[tuple[str, str]]


def _roman_digits(v: str) -> Optional[int]:
    """Section numbers OCR'd from Roman numerals: ``11`` is II, ``111`` III, ``1V`` IV."""
    v = v.upper().replace("!", "1").replace("L", "1")
    if re.fullmatch(r"1{1,3}", v):
        return len(v)
    roman = v.replace("1", "I")
    values = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
    return values.get(roman)


def _section_numbers(text: tuple[str, str]) -> tuple[int, int]:
    n, of = text
    if of.isdigit() and n.isdigit() and set(of) == {"1"} and set(n) == {"1"} and int(of) > 9:
        return _roman_digits(n) or 1, _roman_digits(of) or 1
    rn = int(n) if n.isdigit() else (_roman_digits(n) or 1)
    rof = int(of) if of.isdigit() else (_roman_digits(of) or 1)
    return rn, rof


def _file_year(chunks: list[Chunk]) -> Optional[int]:
    """The year most dates of a file's texts share (not the stamps, which are of the release)."""
    years = Counter()
    for c in chunks:
        if c.kind in {"stamp", "excised"} or not may_date_1940_1975(c.text):
            continue  # (the stamps; and text with no year that could count)
        for d in find_dates(c.text, None):
            if d.iso and 1940 <= int(d.iso[:4]) <= 1975:
                years[int(d.iso[:4])] += 1
    return years.most_common(1)[0][0] if years else None


def _title(h: HeaderInfo, signers: list[str]) -> str:
    """A FRUS-style head: ``Telegram From the Department of State to the Mission to the United Nations``."""
    def party(text: Optional[str], series: Optional[str] = None) -> str:
        if series:
            for key, name in SERIES_SENDER.items():
                if series.startswith(key):
                    return name
        post = post_of(text)
        if post:
            return POSTS[post][1]
        return text or "an unidentified sender"
    if h.kind == "telegram" and h.direction == "outgoing":
        return f"Telegram From the Department of State to {party(h.addressee)}"
    if h.kind == "telegram":
        to = "the Department of State" if (h.addressee or "").lower().startswith("secretary of state") else (h.addressee or "an unidentified addressee")
        return f"Telegram From {party(h.sender, h.series_key)} to {to}"
    if h.kind == "memorandum" and h.conversation and not h.addressee:
        return "Memorandum of Conversation"  # (as FRUS heads one; its subject and participants follow)
    if h.kind == "memorandum" and not (h.sender or signers or h.addressee):
        return f"Paper on {h.subject}" if h.subject else "Memorandum"
    if h.kind == "memorandum":
        sender = _sender(h, signers)
        to = h.addressee or "the Record"
        return f"Memorandum From {_person(sender) if sender else 'an unidentified author'} to {_person(to)}"
    if h.kind == "cover-sheet":
        return "Signature Record (Cover Sheet)"
    if h.kind == "letter":
        return f"Letter From {_name_case(signers[0]) if signers else 'an unidentified author'}" + \
            (f" to {_person(h.addressee)}" if h.addressee else "")
    if h.kind == "airgram":
        return f"Airgram From {party(h.sender)} to {party(h.addressee)}"
    return h.subject or {"report": "Intelligence Report", "other": "Document"}.get(h.kind, "Document")


_PARTICLES = frozenset(("DE", "DU", "DA", "DI", "VON", "VAN", "LA", "LE"))


def _name_case(name: str) -> str:
    """A name typed in capitals, as a head gives it: ``N. KHRUSHCHEV`` → ``N. Khrushchev``, ``CHARLES
    DE GAULLE`` → ``Charles de Gaulle``, ``DAVID ORMSBY-GORE`` → ``David Ormsby-Gore``; a name in
    mixed case is left as typed."""
    if not name.isupper():
        return name
    words = []
    for word in name.split():
        parts = []
        for part in word.split("-"):
            if re.fullmatch(r"(?:[A-Z]\.)+", part):
                parts.append(part)  # initials
            elif part in _PARTICLES:
                parts.append(part.lower())
            elif re.match(r"MC[A-Z]", part):
                parts.append("Mc" + part[2:].capitalize())
            else:
                parts.append(part.capitalize())
        words.append("-".join(parts))
    return " ".join(words)


def _sender(h: HeaderInfo, signers: list[str]) -> Optional[str]:
    """Who sent a memorandum or letter: its FROM, else its first signer — who also outranks the
    agency a letterhead names ("CENTRAL INTELLIGENCE AGENCY" over "/s/ John A. McCone": FRUS heads
    such a memorandum "From Director of Central Intelligence McCone")."""
    if h.sender and not (h.sender_from_letterhead and signers):
        return h.sender
    return signers[0] if signers else h.sender


def _person(text: str) -> str:
    """A party as a head names it: an office symbol typed before the name goes after it in
    parentheses (``S/P - W. W. Rostow`` → ``W. W. Rostow (S/P)``), and an institution typed after a
    name is set off by a comma (``Mr. McGeorge Bundy the White House`` → ``…Bundy, the White House``)."""
    m = re.match(r"^([A-Z]{1,4}(?:/[A-Z]{1,4})?)\s+-\s+(\S.*)$", text.strip())
    tidy = _tidy(m.group(2)) + f" ({m.group(1)})" if m else _tidy(text)
    return re.sub(r"^(.*\S) (the (?:[A-Z][\w.]*\s?)+)$", r"\1, \2", tidy) if not tidy.startswith("the ") else tidy


def _tidy(name: str) -> str:
    """ALL-CAPS names as typed → title case for heads (``THE PRESIDENT`` → ``the President``)."""
    words = []
    for w in name.split():
        if w.isupper() and len(w.strip(".")) > 3:
            w = w.capitalize()
        elif re.fullmatch(r"(Mc|Mac|O')[A-Z]{3,}", w):
            w = w[:len(w) - len(w.lstrip("McaO'"))] + w[len(w) - len(w.lstrip("McaO'")):].capitalize()
        elif w in {"THE", "OF", "FOR"}:
            w = w.lower()
        elif w == "MR.":
            w = "Mr."
        words.append(w)
    out = " ".join(words)
    return out[0].lower() + out[1:] if out.startswith("The ") else out


def _review(blocks_and_head: list, head: HeaderInfo) -> tuple[tuple[Stamp, ...], Optional[str], Optional[str]]:
    """Declassification stamps of one witness → (stamps, review date ISO, reviewer)."""
    stamps = tuple(b for b in blocks_and_head if isinstance(b, Stamp) and b.type in {"review", "declassification"})
    date = reviewer = None
    texts = [s.text for s in stamps] + ["Date " + f.value for f in head.fields if f.name in {"date", "stamp"}]
    for t in texts:
        if not date and _REVIEW_OR_DATE.search(t):
            d = first_date(t, None)
            if d and d.iso and int(d.iso[:4]) >= 1965:
                date = d.iso
        m = _REVIEWED_BY.search(t)
        if m and not reviewer and "Signature" not in m.group(1):
            reviewer = m.group(1).strip()
    return stamps, date, reviewer


_REVIEW_OR_DATE = re.compile(r"(?i)review|date")
_REVIEWED_BY = re.compile(r"(?i)Reviewed by:?\s+([A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){1,3})")


def read_file(src: SourceText, reporter: Reporter) -> list[Document]:
    """One checked source → its documents (in file order, ids not yet made unique)."""
    chunks = read_chunks(src.lines)
    if not chunks:
        reporter.error(src.path, 1, 1, "E005", "no text found in the file")
        return []
    raws = split_documents(chunks)
    year = _file_year(chunks)
    parts: list[Part] = []
    for raw in raws:
        he = header_end(raw.chunks)
        head, body = raw.chunks[:he], raw.chunks[he:]
        h = read_header(head, body, year)
        blocks, signers = read_body(body, src.path, reporter)
        check_marks(head, src.path, reporter)
        sec_text = h.section
        if not sec_text:
            for c in body:
                if c.kind == "runhead" and section_of(c.text):
                    sec_text = section_of(c.text)
                    break
        parts.append(Part(raw, h, blocks, signers, None, sec_text))
    # Section numbers: "1 OF 11" and "11 OF 11" are OCR'd "I OF II" and "II OF II".
    for p in parts:
        if p.section_text:
            p.section = _section_numbers(p.section_text)
            if p.section_text[1] != str(p.section[1]):
                s = span_of(p.raw.chunks[0])
                reporter.warning(src.path, s.line, s.col, "W109",
                                 f"section numbering 'SECTION {p.section_text[0]} OF {p.section_text[1]}' read as "
                                 f"{p.section[0]} of {p.section[1]} (Roman numerals OCR'd as digits)")
    groups: list[list[list[Part]]] = []  # document → witnesses → parts (sections)
    keys: list[Optional[str]] = []
    for k, p in enumerate(parts):
        key = _message_key(p.head)
        new_release = p.raw.release > 0 and (k == 0 or parts[k - 1].raw.release != p.raw.release)
        if groups:
            witnesses = groups[-1]
            last = witnesses[-1][-1]
            differs, agrees = _agreement(witnesses[0][0].head, p.head)
            if not new_release and differs is None:
                if key and keys[-1] == key:
                    if p.section in {q.section for q in witnesses[-1]}:
                        witnesses.append([p])  # a section seen again: another copy
                    else:
                        witnesses[-1].append(p)
                    continue
                if p.raw.release == last.raw.release and _next_section(last, p):
                    witnesses[-1].append(p)  # the next section of the same release
                    keys[-1] = keys[-1] or key
                    continue
            # A later release of the document just before: only the last document can take it, so
            # that a document's lines stay one run of the file (a file whose first release holds two
            # documents gives four: which excised copy is which is then the editors' call).
            if (p.raw.release > 0 and differs is None and agrees
                    and all(w[0].raw.release != p.raw.release for w in witnesses)):
                witnesses.append([p])
                keys[-1] = keys[-1] or key
                continue
        if p.raw.release > 0:
            s = span_of(p.raw.chunks[0])
            why = ("its head differs from the document before it (" + differs + ")") if groups and differs else \
                "its head has nothing in common with the document before it" if groups else "nothing comes before it"
            reporter.warning(src.path, s.line, s.col, "W115",
                             f"a document after 'EXCISED COPY FOLLOWS' is read as a document of its own: {why}")
        groups.append([[p]])
        keys.append(key)
    docs = [_document(src, witnesses, reporter) for witnesses in groups]
    return _date_undated(docs)


def _message_key(h: HeaderInfo) -> Optional[str]:
    """What makes raw documents parts of one message: its series key (``POLTO CIRCULAR 12``) or, for
    a plain telegram number, that number — with the sender (telegram 418 from Athens is not telegram
    418 to Athens)."""
    number = _alnum(h.number)
    series = h.series_key or (f"#{number}" if number else None)
    return f"{series}|{(h.sender or '').upper()}" if series else None


def _next_section(last: Part, p: Part) -> bool:
    """Is ``p`` the section after ``last`` of one telegram: ``2 OF 3`` after ``1 OF 3``, or, where the
    OCR left one of the two unnumbered, a section that is not the last after one that is not the
    first (``1 OF 3`` then an unnumbered section; an unnumbered one then ``2 OF 2``) — unnumbered
    but for a telegram number of its own, which would make it a whole telegram (the section mark is
    printed on the number's line)."""
    a, b = last.section, p.section
    if a and b:
        return b[1] == a[1] and b[0] == a[0] + 1
    if p.head.kind != "telegram" or last.head.kind != "telegram":
        return False
    if a and not b:
        return a[0] < a[1] and not _alnum(p.head.number)
    if b and not a:
        return b[0] > 1 and not _alnum(last.head.number)
    return False


def _alnum(value: Optional[str]) -> str:
    """Letters and digits only, upper case: how numbers and subjects are compared ("A-283" = "A 283")."""
    return re.sub(r"[^A-Z0-9]+", "", (value or "").upper())


_NOT_PARTY_WORDS = frozenset(("THE", "OF", "AND", "MR", "MRS", "AMEMBASSY", "EMBASSY", "AMERICAN", "TO", "FOR",
                              "WASHINGTON", "WASHDC", "DC", "D"))
# One party under several names: the Department (SECSTATE, Secretary of State, Department of State).
_STATE = frozenset(("SECSTATE", "DEPTEL", "DEPARTMENT", "DEPT", "SECRETARY"))


def _party_words(value: Optional[str]) -> frozenset[str]:
    words = frozenset(re.findall(r"[A-Z0-9]+", (value or "").upper())) - _NOT_PARTY_WORDS
    if "SECSTATE" in words or ("STATE" in words and words & _STATE):
        words = (words - _STATE - {"STATE"}) | {"STATE"}
    return words


def _same_party(x: frozenset[str], y: frozenset[str]) -> bool:
    """Word sets of two readings of a party: one holds the other ("ATHENS" / "Amembassy ATHENS",
    "NEW YORK" / "USUN NEW YORK"), or they share most of their words (not "NEW DELHI" / "NEW YORK")."""
    return x <= y or y <= x or 2 * len(x & y) > len(x | y)


def _agreement(a: HeaderInfo, b: HeaderInfo) -> tuple[Optional[str], bool]:
    """Can two heads be of one document? → (the first thing they disagree on, for a warning, or None;
    whether they positively agree on something: a date, a number, a sender, an addressee or a
    subject both give). Kinds disagree unless one is unknown ("other"); parties as ``_same_party``;
    subjects when mostly the same letters (a subject with withheld words, ``[]``, is not compared)."""
    agrees = False
    if a.kind != b.kind and "other" not in (a.kind, b.kind):
        return f"kind: {a.kind} / {b.kind}", False
    for name, x, y in (("date", a.date, b.date), ("number", _alnum(a.number), _alnum(b.number))):
        if x and y:
            if x != y:
                return f"{name}: {x} / {y}", False
            agrees = True
    for name, x, y in (("from", a.sender, b.sender), ("to", a.addressee, b.addressee)):
        wx, wy = _party_words(x), _party_words(y)
        if wx and wy:
            if not _same_party(wx, wy):
                return f"{name}: {x} / {y}", False
            agrees = True
    if a.subject and b.subject and "[" not in a.subject + b.subject:
        sx, sy = _alnum(a.subject), _alnum(b.subject)
        if sx and sy:
            if SequenceMatcher(None, sx, sy, autojunk=False).ratio() < 0.6:
                return f"subject: {a.subject} / {b.subject}", False
            agrees = True
    return None, agrees


def _date_undated(docs: list[Document]) -> list[Document]:
    """Undated documents filed with dated ones (a cover sheet, a transmittal) get an editorial range:
    not before the earliest dated document of the same file, which they cover or transmit. The TEI
    and the page say that the date is the editors' and why."""
    from dataclasses import replace
    dated = sorted(d.date for d in docs if d.date)
    if not dated:
        return docs
    out = []
    for d in docs:
        if d.date is None:
            d = replace(d, date_not_before=dated[0],
                        date_note=f"Undated; filed with documents of {dated[0]}, so not before that date.")
        out.append(d)
    return out


def _document(src: SourceText, witnesses: list[list[Part]], reporter: Reporter) -> Document:
    first = witnesses[0][0]
    h = first.head
    # Fill what the first section's head lacks from the other sections (a section-2 head may carry
    # the received line the first lacks).
    for w in witnesses:
        for p in w:
            for attr in ("date", "received", "received_date", "control", "precedence", "classification", "subject"):
                if getattr(h, attr) is None and getattr(p.head, attr) is not None:
                    setattr(h, attr, getattr(p.head, attr))
                    if attr == "date":
                        h.time, h.date_text, h.date_certainty = p.head.time, p.head.date_text, p.head.date_certainty
            if h.date and not h.time and p.head.date == h.date and p.head.time:
                # "OCTOBER 28, 1962" in section 1, "OCTOBER 28, 8 PM" in section 2: one dateline.
                h.time = p.head.time
                h.date_text = f"{h.date_text}; {p.head.date_text}"
            for cav in p.head.caveats:
                if cav not in h.caveats:
                    h.caveats.append(cav)
    signers: list[str] = []
    for p in witnesses[0]:
        for s in p.signers:
            if s not in signers:
                signers.append(s)
    wit_objs = []
    several = len(witnesses) > 1
    for k, w in enumerate(witnesses, 1):
        sections = []
        for p in w:
            sp = Span(p.raw.first, 1, p.raw.last, max(1, len(src.lines[p.raw.last - 1])))
            n, of = p.section if p.section else (None, None)
            sections.append(Section(n, of, tuple(p.head.fields), tuple(p.blocks), sp))
        all_blocks = [b for p in w for b in p.blocks] + [Stamp("review", f.value, f.span) for p in w for f in p.head.fields if f.name == "stamp"]
        stamps, rdate, reviewer = _review(all_blocks, w[0].head)
        label = ("Excised copy" if w[0].raw.after_excised else ("Fuller release" if several and k == 1 else "Release"))
        wspan = Span(w[0].raw.first, 1, w[-1].raw.last, max(1, len(src.lines[w[-1].raw.last - 1])))
        wit_objs.append(Witness(f"w{k}", label, tuple(sections), wspan, stamps, rdate, reviewer))
    first_line = witnesses[0][0].raw.first
    last_line = witnesses[-1][-1].raw.last
    at = span_of(first.raw.chunks[0])
    if not h.date:
        reporter.warning(src.path, at.line, at.col, "W102", f"no date could be read for this {h.kind}; it is listed as undated")
    elif h.date_certainty == "low" and h.date_span:
        reporter.warning(src.path, h.date_span.line, h.date_span.col, "W103",
                         f"year of '{h.date_text}' inferred from the other dates in the file ({h.date[:4]})")
    if h.kind in {"telegram", "memorandum"} and not (h.sender or signers):
        reporter.warning(src.path, at.line, at.col, "W106", f"sender of this {h.kind} not found")
    if h.kind in {"telegram", "memorandum"} and not h.addressee:
        reporter.warning(src.path, at.line, at.col, "W106", f"addressee of this {h.kind} not found")
    if not h.kind_certain:
        reporter.warning(src.path, at.line, at.col, "W104", "document kind not recognised; recorded as 'other'")
    sender = _sender(h, signers) if h.kind in {"memorandum", "letter"} else h.sender
    slug = document_slug(h.kind, h.direction, h.number, sender, h.addressee, h.subject, tuple(signers))
    return Document(
        id=f"{h.date or 'undated'}-{slug}", source=src.name, source_lines=(first_line, last_line),
        kind=h.kind, direction=h.direction, title=_title(h, signers), date=h.date, time=h.time,
        date_text=h.date_text, place=h.place, sender=sender, addressee=h.addressee, number=h.number,
        precedence=h.precedence, classification=h.classification, caveats=tuple(h.caveats), subject=h.subject,
        signers=tuple(signers), witnesses=tuple(wit_objs), info=tuple(h.info), drafter=h.drafter,
        clearances=tuple(h.clearances), received=h.received, received_date=h.received_date, control=h.control,
        fields=tuple(h.fields), date_certainty=h.date_certainty if h.date else "none",
    )


def unique_ids(docs: list[Document], reporter: Reporter) -> list[Document]:
    """Make ids unique in corpus order (``-2``, ``-3``…), warning so an editor can disambiguate."""
    from dataclasses import replace
    seen: Counter = Counter()
    out = []
    for d in docs:
        seen[d.id] += 1
        if seen[d.id] > 1:
            new = f"{d.id}-{seen[d.id]}"
            reporter.warning(d.source, d.source_lines[0], 1, "W113", f"id '{d.id}' already used; this document is '{new}'")
            d = replace(d, id=new)
        out.append(d)
    return out


def read_sources(sources_dir: Path, reporter: Reporter) -> list[Document]:
    """Every source in a folder → documents (ids unique), in file order."""
    docs: list[Document] = []
    for path in list_sources(sources_dir):
        src = read_source(path, reporter)
        if src is not None:
            docs.extend(read_file(src, reporter))
    return unique_ids(docs, reporter)


def sort_key(d: Document) -> tuple:
    return (d.date is None, d.date or "", d.time or "", d.id)


def read_corpus(content_dir: Path, reporter: Reporter) -> tuple[EditionInfo, list[Document]]:
    """A content folder → (edition metadata, documents in date order, apparatus applied when present)."""
    from .scan import scan_content

    content_dir = Path(content_dir)
    info = load_edition_info(content_dir, reporter, scan_content(content_dir).newest_source)
    sources = content_dir / "sources"
    if not sources.is_dir():
        reporter.error(str(sources), 1, 1, "E011", "no sources/ folder: put the transcriptions in <content>/sources/")
        return info, []
    docs = read_sources(sources, reporter)
    try:
        from .apparatus import apply_apparatus
    except ImportError:
        apply_apparatus = None
    if apply_apparatus is not None:
        docs = apply_apparatus(docs, content_dir, reporter)
    return info, sorted(docs, key=sort_key)
