"""Body chunks → blocks (``model.Block``) with inline marks (EDITORIAL §3).

``read_body(chunks, path, reporter)`` → (blocks, signers). Editorial rules, each in one place:

* paragraphs are re-joined across line ends; a word broken at a line end (``EVALU-``/``ATION``) is
  joined and the break kept as ``LineBreak``;
* a line starting with ``1.``, ``(a)``, ``(iii)`` starts a numbered item (level 1, 2, 3); the
  ``- `` bullet some OCR tools put in front is an artefact of the tool and is dropped;
* page numbers, running heads and classification banners are running matter, not text;
* a word alone at a page foot that the next page repeats is a catchword;
* ``QUOTE`` … ``END`` encloses a quoted letter; ``Dear …`` is its salutation;
* ``/s/ Name`` and a typed name standing alone after the last paragraph are signatures;
* exemption codes (``(b)(1)``, ``B1A3``) mark withheld blocks; ``[]`` a withheld word;
  ``[Name]``/``[Signature]`` are the transcriber's placeholders (illegible).
"""

from __future__ import annotations

import re
from typing import Optional

from .chunks import Chunk, is_banner, plain
from .diagnostics import Reporter
from .model import (Add, Block, Debris, Del, Forme, Gap, Hi, Inline, Item, LineBreak, Note, PageBreak,
                    Paragraph, Quote, Signature, Span, Stamp, Text, Withheld)
from .segment import is_prose

LABEL_RE = re.compile(r"^\s*(?:[-•]\s+)?(?P<label>\d{1,2}\.(?=\s)|\((?:[a-z]|[ivx]{1,4}|\d{1,2}|[A-Z])\)|\([ivx]{1,4}\)|\(1{2,3}\))\s*")
ROMAN = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "111", "11"}
NAME_LINE = re.compile(r"^(?:[A-Z][A-Za-z'’.-]*\.?\s?){1,4}$")
NOT_SIGNERS = {"END", "QUOTE", "UNQUOTE", "WHICH", "BELGIAN", "INFO", "ACTION", "NOTE", "ATTACHMENTS",
               "ATTACHMENT", "COPIES", "CLASSIFICATION", "EYES", "SECRET", "THESE", "WHILE", "INCREASE"}


def stamp_type(text: str) -> str:
    """What a stamp records: ``declassification``, ``review``, ``notice``, ``archival`` or ``other``."""
    u = text.upper()
    for kind, pattern in _STAMP_TYPES:
        if pattern.search(u):
            return kind
    return "other"


_STAMP_TYPES = [
    ("review", re.compile(r"REVIEW|\(\s*\)|RELEASE|EXCISED|CAT\. [ABC]|DOWNGRADE|EXEMPT|CAPTION|CUSTODY|ACCESS|TRANSFERRED")),
    ("declassification", re.compile(r"DECLASSIF|AUTHORITY|NARS|EO\s*11652|NLK|NLJ|SANITIZED|FOREIGN RELATIONS")),
    ("notice", re.compile(r"REPRODUCTION|BEST COPY|ADDRESS OFFICIAL")),
    ("archival", re.compile(r"COPY NO|NSF|DOCID|^\W*\d")),
]


def exemption_codes(text: str) -> tuple[str, ...]:
    """Exemption marks as printed → normalised codes (``(b)(1)`` → ``b1``, ``BIA3`` → ``B1A3``)."""
    codes = []
    for token in re.findall(r"\([^)]*\)\s*\([^)]*\)|\(b\w*\)|\(6\)|B\s*[1I/]\s*A\s*\d?|B/A\d|\b131\b", text, re.IGNORECASE):
        t = re.sub(r"\s", "", token)
        m = re.fullmatch(r"\((?:b|6)\)\((\w)\)", t, re.IGNORECASE)
        if m:
            codes.append("b" + m.group(1).lower())
        elif re.fullmatch(r"(?i)\(b(\d)(\w?)\)", t):
            mm = re.fullmatch(r"(?i)\(b(\d)(\w?)\)", t)
            codes.append(("b" + mm.group(1) + mm.group(2)).lower())
        elif t in {"(6)", "(b)"}:
            codes.append("b")
        else:
            codes.append(re.sub(r"[I/]", "1", t.upper()).replace("131", "B1"))
    return tuple(codes) or ("unknown",)


class Positions:
    """Maps offsets in a paragraph's joined text back to (line, col) in the source."""

    def __init__(self) -> None:
        self.starts: list[tuple[int, int, int]] = []  # (offset, line, col)

    def add(self, offset: int, line: int, col: int) -> None:
        self.starts.append((offset, line, col))

    def at(self, offset: int) -> tuple[int, int]:
        line, col, base = self.starts[0][1], self.starts[0][2], self.starts[0][0]
        for off, ln, c in self.starts:
            if off <= offset:
                line, col, base = ln, c, off
        return line, col + (offset - base)


def join_lines(lines: list[tuple[int, str]]) -> tuple[str, Positions]:
    """Lines → one string; ``\\x00`` marks a word broken at a line end (hyphen kept before it)."""
    out = ""
    pos = Positions()
    starts = pos.starts
    for number, line in lines:
        stripped = line.strip()
        col = len(line) - len(line.lstrip()) + 1
        if out:
            # (tests of the last two characters, not a regex search through all the text so far)
            if out[-1] == "-" and out[-2:-1] in _ASCII_LETTERS and stripped[:1] in _ASCII_LETTERS:
                out += "\x00"  # EVALU- / ATION: one word
            else:
                out += " "
        starts.append((len(out), number, col))  # (Positions.add, without the call)
        out += stripped
    return out, pos


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


MARK_RE = re.compile(r"~~|\^\{|\}|<u>|</u>|\*\*|\*|\[\s*\]|\[(?:Name|Signature|Illegible|illegible|name|signature)\]|\x00")


def parse_inlines(text: str, pos: Positions, path: str, reporter: Reporter) -> tuple[Inline, ...]:
    """Transcription marks in one paragraph → inline nodes. Unterminated ``~~`` and ``^{`` are errors
    (E004) at the opening mark; an unterminated ``<u>``, ``**`` or ``*`` is kept as literal text."""
    if MARK_RE.search(text) is None:
        return (Text(text),) if text else ()  # most paragraphs: plain text, one node
    root: list = []
    stack: list[tuple[str, list, int]] = []  # (mark, children, offset)
    cur = root
    last = 0

    def emit_text(s: str) -> None:
        if s:
            if cur and isinstance(cur[-1], Text):
                cur[-1] = Text(cur[-1].text + s)
            else:
                cur.append(Text(s))

    closers = {"~~": "~~", "^{": "}", "<u>": "</u>", "**": "**", "*": "*"}
    for m in MARK_RE.finditer(text):
        tok = m.group(0)
        emit_text(text[last:m.start()])
        last = m.end()
        if tok == "\x00":
            # The hyphen stays in the text node before; the break itself is recorded.
            if cur and isinstance(cur[-1], Text) and cur[-1].text.endswith("-"):
                cur[-1] = Text(cur[-1].text[:-1])
            cur.append(LineBreak("-"))
            continue
        if tok.startswith("["):
            inner = tok[1:-1].strip()
            cur.append(Gap("withheld" if not inner else "illegible", tok))
            continue
        if stack and closers[stack[-1][0]] == tok:
            mark, children, _ = stack.pop()
            parent = stack[-1][1] if stack else root
            node = {"~~": lambda c: Del(tuple(c)), "^{": lambda c: Add(tuple(c)),
                    "<u>": lambda c: Hi(tuple(c), "underline"), "**": lambda c: Hi(tuple(c), "bold"),
                    "*": lambda c: Hi(tuple(c), "italic", hand=True)}[mark](children)
            parent.append(node)
            cur = parent
            continue
        if tok in {"}", "</u>"}:
            emit_text(tok)
            continue
        if tok == "*" and (m.end() >= len(text) or text[m.end()] == " ") and not (stack and stack[-1][0] == "*"):
            emit_text(tok)  # a lone asterisk (footnote mark, OCR noise) is text
            continue
        children: list = []
        stack.append((tok, children, m.start()))
        cur = children
    emit_text(text[last:])
    # Unclosed marks: errors for strike-through and additions, literal text for the rest.
    while stack:
        mark, children, offset = stack.pop()
        parent = stack[-1][1] if stack else root
        if mark in {"~~", "^{"}:
            line, col = pos.at(offset)
            reporter.error(path, line, col, "E004", f"unterminated '{mark}': the mark opened here is never closed "
                           f"(close it with '{closers[mark]}')")
        elif mark in {"<u>"}:
            line, col = pos.at(offset)
            reporter.warning(path, line, col, "W111", f"unterminated '{mark}' kept as text")
        parent.append(Text(mark))
        parent.extend(children)
        cur = parent
    return tuple(_merge_text(root))


def _merge_text(nodes: list) -> list:
    out: list = []
    for n in nodes:
        if isinstance(n, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + n.text)
        elif isinstance(n, Text) and not n.text:
            continue
        else:
            out.append(n)
    return out


def span_of(chunk: Chunk, lines: Optional[list[tuple[int, str]]] = None) -> Span:
    """From the first non-blank character of the first non-blank line to the end of the last one."""
    ls = chunk.lines
    if not lines and ls and ls[0].strip() and ls[-1].strip():
        # the usual case: a chunk has no blank line at its ends (no list of all its lines needed)
        first_n, first_l, last_n, last_l = chunk.first, ls[0], chunk.first + len(ls) - 1, ls[-1]
        return Span(first_n, len(first_l) - len(first_l.lstrip()) + 1, last_n, len(last_l.rstrip()))
    lines = lines or [(chunk.first + i, l) for i, l in enumerate(chunk.lines)]
    lines = [(n, l) for n, l in lines if l.strip()]
    first_n, first_l = lines[0]
    last_n, last_l = lines[-1]
    return Span(first_n, len(first_l) - len(first_l.lstrip()) + 1, last_n, len(last_l.rstrip()))


def _paragraph_parts(chunk: Chunk) -> list[list[tuple[int, str]]]:
    """A text chunk → its paragraphs: a new one starts at each line that begins with an item label."""
    parts: list[list[tuple[int, str]]] = []
    previous = ""
    for i, line in enumerate(chunk.lines):
        if not line.strip():
            continue
        m = LABEL_RE.match(line)
        # A label at a line start begins an item when the bullet says so or the line before ends a
        # sentence; "(2)" after a line ending in ";" is a run-in enumeration in wrapped prose.
        starts = bool(m) and (line.lstrip()[:1] in "-•" or previous.rstrip().endswith((".", ":", ")."))
                              or (previous.rstrip().endswith(";") and not m.group("label")[1:2].isdigit()))
        # A line the OCR tool marked as a list entry ("- was non-negotiable…") begins a paragraph even
        # when its label was lost.
        bullet = _BULLET_RE.match(line) is not None and not _DASHED_NUMBER_RE.match(line)
        if not parts or starts or bullet:
            parts.append([])
        previous = line
        parts[-1].append((chunk.first + i, line))
    return parts


_BULLET_RE = re.compile(r"^\s*[-•]\s+\S")
_DASHED_NUMBER_RE = re.compile(r"^\s*-\s*\d+\s*-?\s*$")


def _first_word(text: str) -> str:
    t = LABEL_RE.sub("", plain(text)).lstrip("-/ •[")
    m = re.match(r"[A-Za-z']+", t)
    return m.group(0).upper() if m else ""


_CATCH_CHARS = frozenset("~*<^}[]/")  # the characters of transcription marks, and what strip("[]/ ") takes


def _catchword(chunks: list[Chunk], i: int) -> bool:
    """Chunk i is a word alone at a page foot that the next page's text repeats (``these`` / ``these
    arrangements``; ``2. Basic`` / ``Basic Strategy``; ``[DURING]`` / ``DURING THIS …``)."""
    c = chunks[i]
    if c.words > 4 and _CATCH_CHARS.isdisjoint(c.text):
        # Quick exact answer for most chunks: with no mark nor bracket to remove, dropping a label
        # (and its bullet) leaves at least c.words - 2 words, too many for a catchword.
        return False
    words = plain(LABEL_RE.sub("", c.text)).strip("[]/ ").split()
    if not 1 <= len(words) <= 2:
        return False
    crossed = False
    for nxt in chunks[i + 1:i + 25]:
        if nxt.kind in {"banner", "pagenum", "runhead", "stamp", "debris", "exemption", "date"}:
            crossed = crossed or nxt.kind in {"pagenum", "runhead", "banner"}
            continue
        return crossed and _first_word(nxt.text) == re.sub(r"[^A-Za-z']", "", words[0]).upper() != ""
    return False


def _level(label: str, previous: Optional[str]) -> int:
    inner = label.strip("().")
    if label.endswith(".") and inner.isdigit():
        return 1
    if inner.isdigit():
        return 2
    if inner.lower() in ROMAN and not (inner.lower() == "i" and previous == "(h)"):
        return 3
    return 2


def read_body(chunks: list[Chunk], path: str, reporter: Reporter) -> tuple[list[Block], list[str]]:
    """Body chunks → (blocks, signers)."""
    blocks: list[Block] = []
    signers: list[str] = []
    last_prose = _last_prose(chunks)
    quote: Optional[list[Block]] = None
    quote_start: Optional[Span] = None
    previous_label: Optional[str] = None

    def out(block: Block) -> None:
        (quote if quote is not None else blocks).append(block)

    for i, c in enumerate(chunks):
        sp = span_of(c)
        k = c.kind
        if k == "pagenum":
            m = re.search(r"\d+", c.text)
            out(PageBreak(m.group(0) if m else "", plain(c.text), sp))
        elif k == "runhead":
            m = re.search(r"[\d!Il]{1,3}", c.text)
            out(PageBreak(m.group(0).replace("!", "1").replace("I", "1").replace("l", "1") if m else "",
                          plain(c.text).split(" ")[0], sp))
            out(Forme("header", plain(c.text), sp))
        elif k == "banner":
            nxt = next((x for x in chunks[i + 1:] if x.kind != "banner"), None)
            prev = chunks[i - 1] if i else None
            at_head = (nxt is not None and nxt.kind in {"pagenum", "runhead"} and
                       (i + 1 < len(chunks) and chunks[i + 1].kind != "banner")) or \
                      (prev is not None and prev.kind in {"pagenum", "runhead"})
            out(Forme("header" if at_head else "footer", plain(c.text), sp))
        elif k in {"stamp", "excised"}:
            out(Stamp(stamp_type(c.text) if k == "stamp" else "review", plain(c.text), sp))
        elif k == "exemption":
            out(Withheld(exemption_codes(c.text), "\n".join(l.strip() for l in c.lines if l.strip()), sp))
        elif k == "debris":
            out(Debris("\n".join(l for l in c.lines if l.strip()), sp))
            reporter.warning(path, sp.line, sp.col, "W105", "OCR debris flagged and kept out of the text")
        elif k == "note":
            text, pos = join_lines([(c.first + j, l) for j, l in enumerate(c.lines) if l.strip()])
            out(Note(parse_inlines(text, pos, path, reporter), sp))
        elif k in {"field", "form", "memofor", "date"}:
            text, pos = join_lines([(c.first + j, l) for j, l in enumerate(c.lines) if l.strip()])
            out(Paragraph(parse_inlines(text, pos, path, reporter), sp, role="label"))
        else:
            t = plain(c.text)
            if quote is None and _QUOTE_RE.fullmatch(t):
                quote, quote_start = [], sp
                quote.append(Paragraph((Text(t),), sp, role="label"))
                continue
            if quote is not None and _END_QUOTE_RE.fullmatch(t):
                quote.append(Paragraph((Text(t),), sp, role="label"))
                blocks.append(Quote(tuple(quote), Span(quote_start.line, quote_start.col, sp.end_line, sp.end_col)))
                quote = None
                continue
            if _catchword(chunks, i) and not (i > last_prose and _signature_name(t)):
                out(Forme("catch", plain(c.text), sp))
                continue
            sig = _signature(c, t, i, last_prose) if quote is None else _signature(c, t, i, i)
            if sig:
                if quote is None:
                    signers.append(sig)  # a letter quoted in a telegram is signed by its own author
                text, pos = join_lines([(c.first + j, l) for j, l in enumerate(c.lines) if l.strip()])
                out(Signature(sig, parse_inlines(text, pos, path, reporter), sp))
                continue
            for part in _paragraph_parts(c):
                text, pos = join_lines(part)
                m = LABEL_RE.match(text)
                psp = span_of(c, part)
                if m:
                    label = m.group("label")
                    inl = parse_inlines(text[m.end():], _shift(pos, m.end()), path, reporter)
                    out(Item(label, inl, psp, _level(label, previous_label)))
                    previous_label = label
                    continue
                lead = _LEAD_RE.match(text)  # an OCR tool's list bullet, not the document's
                if lead:
                    text, pos = text[lead.end():], _shift(pos, lead.end())
                role = "salute" if _SALUTE_RE.match(text.strip()) else \
                       ("label" if _QUOTE_MARK_RE.fullmatch(text.strip()) else
                        ("closer" if i > last_prose and len(text.split()) <= 3 else "p"))
                out(Paragraph(parse_inlines(text, pos, path, reporter), psp, role=role))
    if quote is not None:
        # QUOTE with no END: the quotation runs to the end of the document; say so.
        reporter.warning(path, quote_start.line, quote_start.col, "W112", "QUOTE without END: quotation closed at the end of the document")
        blocks.append(Quote(tuple(quote), quote_start))
    return blocks, signers


# (compiled once: read_body asks them of every paragraph)
_QUOTE_RE = re.compile(r"(?i)QUOTE")
_END_QUOTE_RE = re.compile(r"(?i)END(?: QUOTE)?|UNQUOTE")
_QUOTE_MARK_RE = re.compile(r"(?i)END|QUOTE|UNQUOTE")
_LEAD_RE = re.compile(r"^[-•]\s+")
_SALUTE_RE = re.compile(r"(?i)^Dear\b.*[:,]$")
_SIGNED_RE = re.compile(r"^/s/\s*(.+?)(?:\s+by(?:\s+.*)?)?$")


def check_marks(chunks: list[Chunk], path: str, reporter: Reporter) -> None:
    """Header chunks (read as fields, not as inline text) → the same E004 errors for unterminated
    ``~~``/``^{`` that body paragraphs get from ``parse_inlines``. OCR debris is not text, here as in
    the body: a stray ``~~`` in form rubble is not a mark."""
    for c in chunks:
        if c.kind != "debris" and ("~~" in c.text or "^{" in c.text):
            text, pos = join_lines([(c.first + j, l) for j, l in enumerate(c.lines) if l.strip()])
            parse_inlines(text, pos, path, reporter)


def _shift(pos: Positions, offset: int) -> Positions:
    shifted = Positions()
    for off, ln, col in pos.starts:
        if off + 0 >= offset:
            shifted.add(off - offset, ln, col)
    first_line, first_col = pos.at(offset)
    shifted.starts.insert(0, (0, first_line, first_col))
    shifted.starts.sort()
    return shifted


def _signature_name(t: str) -> bool:
    words = t.split()
    return 1 <= len(words) <= 4 and bool(NAME_LINE.match(t)) and t.upper().strip(".") not in NOT_SIGNERS \
        and not any(w.endswith(".") and len(w) > 3 and w not in _ABBREVIATIONS and not _INITIALS.fullmatch(w)
                    for w in words) \
        and not is_banner(re.sub(r"\b(\w{2,}) (\w)\b", r"\1\2", t)) and not _OFFICE_TITLE.search(t) \
        and words[0].upper() not in {"TOP", "SECRET", "CONFIDENTIAL", "UNCLASSIFIED"}  # ("TOP GRET": a banner)


# The title typed under a signer's name ("Executive Secretary", "Director of Central Intelligence"): not a signer.
_OFFICE_TITLE = re.compile(r"(?i)\b(?:Secretary|Director|Deputy|Assistant|Chairman|Counselor|Adviser|Advisor|"
                           r"Officer|Chief|Ambassador|Minister|Committee|Subcommittee|Staff|Bureau|Office)\b")


# A name's words end in a period only as initials ("W. W. Rostow") or these: a line whose word ends
# in one otherwise ends a sentence ("Subcommittee.", "Executive Committee.", "Noted. D.R."), and a
# banner the OCR broke ("TOP SECRE T") is no name either.
_ABBREVIATIONS = frozenset(w for a in ("Mrs.", "Gen.", "Col.", "Adm.", "Amb.", "Hon.", "Esq.", "Sgt.", "Capt.", "Lt.",
                                       "Brig.", "Maj.", "Sen.", "Rev.", "Prof.", "Robt.", "Chas.", "Geo.", "Wm.",
                                       "Thos.", "Jas.", "Jos.") for w in (a, a.upper()))
_INITIALS = re.compile(r"(?:(?:Mc)?[A-Z][a-z]?\.)+")  # "W.W.", "L.D.", "J.F.K.", "McG.B." (initials run together)


# A letter's complimentary close ("Sincerely,", "With warm regards,", "Very truly yours,").
CLOSE_RE = re.compile(r"(?i)^(?:Sincerely|Respectfully|Faithfully|Cordially|Very (?:truly|sincerely)|Yours|"
                      r"With (?:\w+\s+)?(?:regards|wishes|respect))\b[\w\s]*,$")
# What may stand above a typed name in a signature block: the transcriber's placeholder, a
# handwritten signature or note (``*Dean*``, ``*Mac - see para 3*``), a complimentary close.
PLACEHOLDER_RE = re.compile(r"^\[(?:Signature|signature|Name|name|Illegible|illegible)\]$")
# Labels after which a memorandum lists what it encloses: the text after them is not its reading text.
ANNEX_RE = re.compile(r"(?i)^\W*(?:Enclosures?|Attachments?|Tabs?|cc|Distribution)\s*:")


# A letter's inside address: "His Excellency" / "The Right Honorable Harold Macmillan, M.P.".
INSIDE_ADDRESS = re.compile(r"^\W*(?:(?:His|Her)\s+Excellency|(?:The\s+)?(?:Right\s+)?Honorable)\b[\s,]*(?P<name>.*)$")


def inside_address_match(line: str) -> Optional[str]:
    """The addressee named on an inside-address line (``His Excellency U Thant`` → ``U Thant``), or
    None; an empty string when the honorific stands alone (the name is on the next line)."""
    m = INSIDE_ADDRESS.match(plain(line))
    if not m:
        return None
    return re.sub(r",\s*(?:M\.\s?P\.|K\.\s?G\.|Esq\.?)\s*$", "", m.group("name")).strip(" ,")


def _block_name(c: Chunk) -> Optional[str]:
    """The signer when chunk ``c`` is laid out as a signature block: placeholder, handwriting or a
    complimentary close, then ``/s/ Name`` or a typed name; or a typed name over a title line
    (``John A. McCone`` / ``Director of Central Intelligence``)."""
    if c.kind != "text":
        return None
    lines = [l.strip() for l in c.lines if l.strip()]
    if lines and INSIDE_ADDRESS.match(plain(lines[0])):
        return None  # (the addressee's block, "His Excellency" / "John F. Kennedy", below a Soviet letter's signature)
    k = 0
    while k < len(lines) - 1 and k < 3:
        raw = lines[k]
        if (raw.startswith("*") and raw.endswith("*")) or PLACEHOLDER_RE.match(raw) or CLOSE_RE.match(plain(raw)):
            k += 1
            continue
        break
    name = plain(lines[k]) if k < len(lines) else ""
    m = _SIGNED_RE.match(name)
    if m:
        return m.group(1).strip()
    if k > 0 and _signature_name(name) and name.isupper() and len(name) > 3:
        return name  # a typed name in capitals under the close ("Sincerely," / "N. KHRUSHCHEV")
    if not (_signature_name(name) and any(w[:1].isupper() and w[1:].islower() for w in name.split())
            and len(name.split()) >= 2):
        return None
    if k > 0:
        return name
    nxt = plain(lines[1]) if len(lines) > 1 else ""
    # A title line under the name: capitalised, short, not a sentence.
    if nxt and nxt[:1].isupper() and len(nxt.split()) <= 8 and not nxt.endswith((".", ",", ";")):
        return name
    return None


def _last_prose(chunks: list[Chunk]) -> int:
    """Index of the last chunk of reading text: not a signature block, nor what an ``Enclosure:`` /
    ``Attachments:`` label lists."""
    last = -1
    for i, c in enumerate(chunks):
        if c.kind in {"text", "field"} and ANNEX_RE.match(plain(c.lines[0])):
            break
        if is_prose(c) and _block_name(c) is None and not INSIDE_ADDRESS.match(plain(c.lines[0])):
            last = i
    return last


def _signature(c: Chunk, t: str, i: int, last_prose: int) -> Optional[str]:
    """The signer's name when chunk ``c`` is a signature, else None."""
    lines = [p for p in map(plain, c.lines) if p]
    # The name signed on the first line ("/s/ John A. McCone", not the title typed below it), or on
    # the next when "/s/" stands alone.
    signed = f"/s/ {lines[1]}" if len(lines) > 1 and lines[0] == "/s/" else (lines[0] if lines else t)
    m = _SIGNED_RE.match(signed)
    if m:
        return m.group(1).strip()
    if i <= last_prose:
        return None
    block = _block_name(c)
    if block:
        return block
    if len(c.lines) > 3:
        return None
    first = plain(c.lines[0])
    if INSIDE_ADDRESS.match(first):
        return None
    # Handwritten "for" marks ("*WR for*") stand before the typed name they sign for.
    if lines and re.search(r"(?i)\bfor$", lines[0]) and len(lines) > 1:
        lines = lines[1:]
    name = lines[0] if lines else first
    if _signature_name(name) and (name.isupper() and len(name) > 3 or any(w[:1].isupper() and w[1:].islower() for w in name.split())):
        return name
    return None
