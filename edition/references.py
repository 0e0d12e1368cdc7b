"""Cross-references: a Document's text + the edition + ``content/links.yaml`` → ``Ref`` nodes and
``Document.references``.

    documents → ``ReferenceIndex(docs)`` (which telegram numbers the edition holds)
    content/links.yaml → ``load_links(content_dir, reporter)`` → ``Links``
    Document → ``ReferenceFinder(index, links, locator, reporter).find(doc)`` → Document with ``Ref``
    inline nodes and ``references`` (every citation with its span and target)

Two kinds of reference:

1. **By series and number** (found automatically): ``DEPTTEL 1338``, ``Deptel, 534``, ``EMBTEL 660``,
   ``POLTO 512``, ``TOPOL 578``, ``CIRC 744``, ``CIRCTEL``/``DEPCIRTEL`` (one series: the Department's
   circular telegrams), ``your 612``/``URTEL 612``, and plurals with several numbers
   (``DEPCIRTELS 744 778``, ``TOPOLS 574 578``: one Ref per number). The same on the REF/REFERENCE
   header line (kept as a Reference with the line's span; header values hold no inline nodes).
   Resolution follows how the Department numbered telegrams: a Deptel number belongs to the series
   of the post it was sent to, so ``DEPTTEL n`` in a telegram to or from post X is the outgoing
   telegram n to X; ``EMBTEL``/``your n`` in a telegram to X is X's telegram n; Polto, Topol and
   circular numbers are one series each.
2. **By date, kind or description** ("your letter of October 26", "the October 26 paper on
   Negotiations"): only through the editors' links file, since no rule can tell which letter is
   meant. An entry quotes the phrase in a document and gives the target: a document id, an outside
   URL (a FRUS document), or null ("not in this edition", acknowledged with a note).

A reference left without a target and not acknowledged in ``links.yaml`` is reported as W107, for the
editors; a link whose phrase is no longer in its document, or whose target is no document, is an
error E006 with the links file's path:line.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from .diagnostics import Reporter
from .inline_text import SourceLocator, map_containers, map_sequences, phrase_pattern, project, with_fields, wrap
from .model import Document, Inline, Ref, Reference, Span
from .registers import checked_entry, key_node, list_items, node_pos

# Series as written → the series as the edition keys it. "YOUR"/"OUR" and their kin are relative to
# the citing telegram and are made absolute in ``absolute_series``.
SERIES = {
    "POLTO CIRCULAR": "POLTO CIRCULAR", "DEPCIRTELS": "CIRCULAR", "DEPCIRTEL": "CIRCULAR", "CIRCTELS": "CIRCULAR",
    "CIRCTEL": "CIRCULAR", "CIRCS": "CIRCULAR", "CIRC": "CIRCULAR", "CIRCULAR TELEGRAM": "CIRCULAR",
    "CIRCULAR": "CIRCULAR", "DEPTTELS": "DEPTTEL", "DEPTTEL": "DEPTTEL", "DEPTELS": "DEPTTEL", "DEPTEL": "DEPTTEL",
    "DEPARTMENT'S TELEGRAM": "DEPTTEL", "EMBTELS": "EMBTEL", "EMBTEL": "EMBTEL", "EMBASSY TELEGRAM": "EMBTEL",
    "URTELS": "URTEL", "URTEL": "URTEL", "YOUR": "URTEL", "OURTELS": "OURTEL", "OURTEL": "OURTEL",
    "MYTEL": "OURTEL", "OUR": "OURTEL", "MY": "OURTEL", "POLTOS": "POLTO", "POLTO": "POLTO", "TOPOLS": "TOPOL",
    "TOPOL": "TOPOL", "USUN": "EMBTEL",
    # "RE" + series: "regarding" (REURTEL 502 = re your telegram 502)
    "REURTEL": "URTEL", "REURTELS": "URTEL", "REDEPTEL": "DEPTTEL", "REDEPTTEL": "DEPTTEL", "REEMBTEL": "EMBTEL",
    "REEMBTELS": "EMBTEL", "RECIRTEL": "CIRCULAR", "REDEPCIRTEL": "CIRCULAR", "REOURTEL": "OURTEL",
}
# Posts whose name before a number cites the post's telegram ("MOSCOW 1015", "Paris's 512").
try:
    from .header import POSTS as _READER_POSTS
    # not "NEW YORK": USUN's telegrams are cited as "USUN 612", and "New York 17" is a postal zone
    POST_NAMES = tuple(sorted(({k for k in _READER_POSTS} | {v[0].upper() for v in _READER_POSTS.values()})
                              - {"USUN", "NEW YORK"}, key=len, reverse=True))
except ImportError:  # pragma: no cover - the reader's table is the source; this is a fallback
    POST_NAMES = ("MOSCOW", "PARIS", "LONDON", "BONN", "ROME", "ANKARA", "HAVANA", "OTTAWA", "SAIGON")
# Further posts of 1961-1964 (capitals with U.S. embassies or legations, and consulates that reported).
POST_NAMES = tuple(sorted(set(POST_NAMES) | {
    "ACCRA", "ADDIS ABABA", "ALGIERS", "AMMAN", "ASUNCION", "BAGHDAD", "BANGKOK", "BEIRUT", "BUCHAREST",
    "BUDAPEST", "CAIRO", "CANBERRA", "COLOMBO", "CONAKRY", "DAKAR", "DJAKARTA", "DUBLIN", "GUATEMALA",
    "HELSINKI", "HONG KONG", "KABUL", "KARACHI", "KHARTOUM", "LAGOS", "LA PAZ", "LEOPOLDVILLE", "LUXEMBOURG",
    "MANAGUA", "MANILA", "MONTEVIDEO", "NAIROBI", "NICOSIA", "PANAMA", "PHNOM PENH", "PORT-AU-PRINCE", "PRAGUE",
    "QUITO", "RABAT", "RANGOON", "REYKJAVIK", "SAN JOSE", "SAN SALVADOR", "SANTO DOMINGO", "SEOUL", "SOFIA",
    "STOCKHOLM", "TAIPEI", "TEGUCIGALPA", "TEHRAN", "TEL AVIV", "TRIPOLI", "TUNIS", "VIENNA", "VIENTIANE",
    "WELLINGTON", "KINGSTON", "PORT OF SPAIN", "MEXICO CITY", "RIO DE JANEIRO",
}, key=len, reverse=True))
# A post named on the line that lists where a telegram was sent or repeated is an address, not a
# citation: "SENT DEPARTMENT 510, REPEATED INFORMATION BONN 287, ROME 851".
_REPEAT_LINE = re.compile(r"\b(?:SENT|REPEATED|REPEAT(?:ED)?\s+INFO(?:RMATION)?|INFORMATION|INFO|PASSED)\b[^.;]*$",
                          re.IGNORECASE)
# "ACTION: Embassy MOSCOW 1015", "AMEMBASSY DAKAR 51": an address with the telegram's own number
_ADDRESS_BEFORE = re.compile(r"\b(?:AM)?(?:EMBASSY|CONSUL(?:ATE)?|CONGEN|LEGATION|ACTION:?|INFO:?|TO:?)\s*$", re.IGNORECASE)
_MONTHS = "JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEP|SEPT|OCT|NOV|DEC"


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+").replace("'", "['’]") for w in sorted(words, key=len, reverse=True))


_PERSONAL = {"YOUR", "OUR", "MY"}
NUMBER_REF = re.compile(
    r"(?<![\w/])(?:(?P<series>" + _alt(SERIES) + r")|(?P<post>" + _alt(POST_NAMES) + r")(?:['’]S)?)"
    r"(?P<sep>[,.]?\s+)"
    r"(?P<nums>\d{1,5}(?:(?:\s*,\s*|\s+AND\s+|\s+)\d{1,5}(?![\w/:]))*)(?![\w/:])"
    r"(?!\s*(?:P\.?M|A\.?M|" + _MONTHS + r")\b)"
    r"(?:\s+(?:from|to)\s+(?P<city>" + _alt(POST_NAMES) + r")(?![\w]))?",
    re.IGNORECASE)
AIRGRAM_REF = re.compile(
    r"(?<![\w/-])(?:(?:EMBASSY\s+AIRGRAM|EMBAIRGRAM|EMBASSY['’]S|CIRCULAR\s+AIRGRAM|AIRGRAM)\s+)?"
    r"(?P<space>CA|A)-\s?(?P<n>\d{1,5})(?![\w-])", re.IGNORECASE)
_NUM = re.compile(r"\d{1,5}")
# a cheap test before the full patterns
# a cheap test before the full pattern: some word that can end a series or post name, then a number
_LAST_WORDS = frozenset(w.split()[-1].replace("’", "'") for w in list(SERIES) + list(POST_NAMES))
# A digit after a space: only there can _WORD_BEFORE (which ends in spaces) find the word before a
# number (a pattern that starts with a character class, so the engine skips quickly to candidates).
_SPACE_DIGIT = re.compile(r"\s\d")
_WORD_BEFORE = re.compile(r"([A-Z][A-Z'’-]*)[,.]?\s+$")


def _may_cite(upper: str) -> bool:
    """Is some number in this (upper-cased) text preceded by a word that ends a series or post name?"""
    for m in _SPACE_DIGIT.finditer(upper):
        j = m.end() - 1
        w = _WORD_BEFORE.search(upper, max(0, j - 30), j)
        if w:
            word = w.group(1).replace("’", "'")
            if word in _LAST_WORDS or (word.endswith("'S") and word[:-2] in _LAST_WORDS):
                return True
    return False
_DOC_NUMBER = re.compile(r"^\s*(?:(?P<series>POLTO\s+CIRCULAR|POLTO|TOPOL|CIRCULAR|CIRCTEL|CIRC|USUN)\s+)?(?P<n>\d{1,5})\b",
                         re.IGNORECASE)
_DOC_AIRGRAM = re.compile(r"^\s*(?P<space>CA|A)-\s?(?P<n>\d{1,5})\b", re.IGNORECASE)
_POST_NOISE = {"EMBASSY", "AMEMBASSY", "AMEMB", "AMCONSUL", "CONSULATE", "THE", "US", "USMISSION", "MISSION",
               "AMERICAN", "TO", "OF", "DEPARTMENT", "STATE", "SECRETARY", "PRIORITY", "NIACT", "ROUTINE", "ACTION",
               "INFO", "IMMEDIATE", "OPERATIONAL", "EMBTEL", "CITY", "NEW", "YORK"}


@lru_cache(maxsize=4096)
def post_words(text: Optional[str]) -> frozenset[str]:
    """An addressee or sender as read → the words that name its post (``Embassy MOSCOW`` → MOSCOW,
    ``USUN, New York - PRIORITY`` → USUN)."""
    if not text:
        return frozenset()
    return frozenset(w for w in re.findall(r"[A-Z]+", text.upper()) if w not in _POST_NOISE and len(w) > 1)


def post_key(text: Optional[str]) -> Optional[str]:
    """The first word naming the post, or None."""
    if not text:
        return None
    for w in re.findall(r"[A-Z]+", text.upper()):
        if w not in _POST_NOISE and len(w) > 1:
            return w
    return None


def absolute_series(series: str, doc: Document) -> str:
    """A series relative to the citing telegram ("YOUR", "OUR") → DEPTTEL or EMBTEL where the
    telegram's direction tells (in a telegram to a post, "your 612" is the post's telegram 612)."""
    if series == "URTEL":
        return {"outgoing": "EMBTEL", "incoming": "DEPTTEL"}.get(doc.direction or "", "URTEL")
    if series == "OURTEL":
        return {"outgoing": "DEPTTEL", "incoming": "EMBTEL"}.get(doc.direction or "", "OURTEL")
    return series


def citation(series: str, number: str) -> str:
    """The normalised key of a numbered reference: ``DEPTTEL 1338``, ``POLTO 512``, ``A-244``."""
    return f"{series}-{number}" if series in ("A", "CA") else f"{series} {number}"


def own_keys(doc: Document) -> frozenset[str]:
    """The keys under which ``doc`` itself would be cited (its own number in its own series, and
    the bare number under the other telegram series, as an address line shows it)."""
    if not doc.number:
        return frozenset()
    m = _DOC_AIRGRAM.match(doc.number)
    if m:
        return frozenset({citation(m.group("space").upper(), str(int(m.group("n"))))})
    m = _DOC_NUMBER.match(doc.number)
    if not m:
        return frozenset()
    n = str(int(m.group("n")))
    prefix = " ".join((m.group("series") or "").upper().split())
    if prefix and prefix != "USUN":
        return frozenset({citation({"CIRCTEL": "CIRCULAR", "CIRC": "CIRCULAR"}.get(prefix, prefix), n)})
    return frozenset({citation("DEPTTEL", n), citation("EMBTEL", n)})


def _index_entry(d: Document) -> Optional[tuple[tuple[str, str], tuple[str, frozenset[str]]]]:
    """A document → its entry in the ``ReferenceIndex``: ((series, number), (its id, its post's
    words)), or None when it has no number a reference can cite."""
    if not d.number:
        return None
    m = _DOC_AIRGRAM.match(d.number)
    if m:
        return (m.group("space").upper(), str(int(m.group("n")))), (d.id, post_words(d.sender))
    m = _DOC_NUMBER.match(d.number)
    if not m:
        return None
    n = str(int(m.group("n")))
    prefix = " ".join((m.group("series") or "").upper().split())
    if prefix == "USUN":
        series, post = "EMBTEL", frozenset({"USUN"})
    elif prefix:
        series, post = {"CIRCTEL": "CIRCULAR", "CIRC": "CIRCULAR"}.get(prefix, prefix), frozenset()
    elif d.direction == "outgoing":
        series, post = "DEPTTEL", post_words(d.addressee)
    elif d.direction == "incoming":
        series, post = "EMBTEL", post_words(d.sender)
    else:
        return None
    return (series, n), (d.id, post)


class ReferenceIndex:
    """The telegrams and airgrams the edition holds: (series, number) → [(document id, post words)]."""

    def __init__(self, docs: list[Document]):
        from .pipeline import per_document
        self.by_number: dict[tuple[str, str], list[tuple[str, frozenset[str]]]] = {}
        self.ids = {d.id for d in docs}
        self.source = {d.id: d.source for d in docs}
        for entry in per_document("reference_index", docs, _index_entry):
            if entry is not None:
                self.by_number.setdefault(entry[0], []).append(entry[1])

    def own_keys(self, doc: Document) -> frozenset[str]:
        return own_keys(doc)

    def resolve(self, series: str, number: str, doc: Document, post: Optional[str] = None) -> Optional[str]:
        """The id of the document a numbered reference in ``doc`` cites, or None. ``post`` is a post
        named with the citation ("USUN 612", "Embtel 660 from Saigon"); otherwise the post is the
        citing telegram's other end, since Deptel and Embtel numbers run per post."""
        n = str(int(number))
        if series in ("DEPTTEL", "EMBTEL"):
            if post:
                want = frozenset({post.upper()}) | post_words(post)
            elif doc.direction == "outgoing":
                want = post_words(doc.addressee)
            elif doc.direction == "incoming":
                want = post_words(doc.sender)
            else:
                want = frozenset()
        else:
            want = frozenset()
        cands = [(i, p) for i, p in self.by_number.get((series, n), []) if i != doc.id]
        if want:
            matched = [i for i, p in cands if not p or p & want]
        else:
            matched = [i for i, _ in cands]
        if len(matched) > 1 and len({self.source[i] for i in matched}) == 1:
            # parts of one telegram the reader could not join (sections, a second release): the first
            return matched[0]
        return matched[0] if len(matched) == 1 else None


# --------------------------------------------------------------------------------------------
# The links file
# --------------------------------------------------------------------------------------------


@dataclass
class Link:
    """One entry of ``links.yaml``: in ``document``, the ``phrase`` (or the numbered reference
    ``key``) cites ``target`` (document id, URL, or None = not in this edition)."""

    document: str
    phrase: Optional[str]
    key: Optional[str]
    target: Optional[str]
    note: str
    occurrence: Optional[int]
    path: str
    line: int
    col: int
    found: int = 0


@dataclass
class Links:
    by_document: dict[str, list[Link]] = field(default_factory=dict)

    def all(self) -> list[Link]:
        return [l for ls in self.by_document.values() for l in ls]


LINK_KEYS = {"document", "phrase", "key", "target", "note", "occurrence"}


def is_url(target: str) -> bool:
    return bool(re.match(r"^https?://", target))


def load_links(content_dir: Path, reporter: Reporter, doc_ids: Optional[set[str]] = None) -> Links:
    """``content/links.yaml`` → ``Links``; bad entries reported as E006 with their path:line."""
    path = content_dir / "links.yaml"
    links = Links()
    for raw, rnode in list_items(path, "links", reporter):
        line, col = node_pos(rnode)
        if not checked_entry(raw, rnode, "link", LINK_KEYS, (), str(path), reporter):
            continue
        doc = raw.get("document")
        phrase = raw.get("phrase")
        key = raw.get("key")
        if not isinstance(doc, str) or not doc:
            reporter.error(str(path), line, col, "E006", "link without 'document'")
            continue
        if doc_ids is not None and doc not in doc_ids:
            reporter.error(str(path), *node_pos(key_node(rnode, "document")), "E006",
                           f"link names document {doc!r}, which is not in the edition", missing=doc)
            continue
        if not phrase and not key:
            reporter.error(str(path), line, col, "E006", "link needs a 'phrase' (or the 'key' of a numbered reference)")
            continue
        if "target" not in raw:
            reporter.error(str(path), line, col, "E006", "link without 'target' (a document id, a URL, or null)")
            continue
        target = raw.get("target")
        if target is not None:
            target = str(target)
            if not is_url(target) and doc_ids is not None and target not in doc_ids:
                reporter.error(str(path), *node_pos(key_node(rnode, "target")), "E006",
                               f"link target {target!r} is neither a document of the edition nor a URL",
                               missing=target)
                continue
        occ = raw.get("occurrence")
        if occ is not None and (not isinstance(occ, int) or isinstance(occ, bool) or occ < 1):
            reporter.error(str(path), line, col, "E006", f"occurrence must be a positive number, not {occ!r}")
            occ = None
        links.by_document.setdefault(doc, []).append(Link(
            document=doc, phrase=" ".join(str(phrase).split()) if phrase else None,
            key=" ".join(str(key).upper().split()) if key else None, target=target,
            note=str(raw.get("note") or ""), occurrence=occ, path=str(path), line=line, col=col))
    return links


# --------------------------------------------------------------------------------------------
# Finding references in a document
# --------------------------------------------------------------------------------------------


class ReferenceFinder:
    """Finds and resolves the references of one document at a time (see the module docstring)."""

    def __init__(self, index: ReferenceIndex, links: Links, locator: SourceLocator, reporter: Reporter):
        self.index = index
        self.links = links
        self.locator = locator
        self.reporter = reporter
        self._phrase_pats: dict[str, "re.Pattern[str]"] = {}

    def _numbered(self, text: str, doc: Document) -> list[tuple[int, int, str, str, Optional[str]]]:
        """Numbered references in a text: (start, end, key, series, post) per number."""
        out: list[tuple[int, int, str, str, Optional[str]]] = []
        upper = text.upper()
        if not _may_cite(upper):
            return self._airgrams(text, upper, out)
        for m in NUMBER_REF.finditer(text):
            written = m.group("series") or ""
            post = m.group("post") or m.group("city")
            if m.group("post"):
                series = "EMBTEL"
                if (_REPEAT_LINE.search(text, max(0, m.start() - 120), m.start())
                        or _ADDRESS_BEFORE.search(text, max(0, m.start() - 16), m.start())):
                    continue
                if 1945 <= int(_NUM.match(m.group("nums")).group()) <= 1965:
                    continue  # "the Paris 1962 meeting": a year, not a telegram
            else:
                base = " ".join(written.upper().replace("’", "'").split())
                series = absolute_series(SERIES[base], doc)
                if base in _PERSONAL and (m.group("sep").strip() or len(m.group("nums").split()[0]) < 2):
                    continue  # "your, 12", "MY 2 …": no citation
                if base == "USUN":
                    post = "USUN"
            first = True
            nums = list(_NUM.finditer(m.group("nums")))
            for k, nm in enumerate(nums):
                n = str(int(nm.group()))
                start = m.start() if first else m.start("nums") + nm.start()
                end = m.start("nums") + nm.end()
                if k == len(nums) - 1 and m.group("city"):
                    end = m.end()
                out.append((start, end, citation(series, n), series, post))
                first = False
        return self._airgrams(text, upper, out)

    @staticmethod
    def _airgrams(text: str, upper: str, out: list) -> list:
        if "A-" in upper:
            for m in AIRGRAM_REF.finditer(text):
                space = m.group("space").upper()
                out.append((m.start(), m.end(), citation(space, str(int(m.group("n")))), space, None))
            out.sort(key=lambda r: r[0])
        return out

    def find(self, doc: Document) -> Document:
        """Document → Document with Ref nodes and ``references``; W107 for what stays unresolved."""
        new, pending = self.find_deferred(doc)
        if pending is None:
            return new
        resolve_pending(new, pending, collect_pending(new), self.index, self.reporter)
        return new

    def find_deferred(self, doc: Document) -> tuple[Document, Optional["Pending"]]:
        """Like ``find``, but numbered references are not resolved: their Ref nodes and References
        carry a placeholder target, filled by ``resolve_pending`` (the corpus-wide pass: a dict
        lookup per reference). Returns (document, what to resolve — None when it has no reference)."""
        requests: dict[tuple, int] = {}
        doc_links = self.links.by_document.get(doc.id, [])
        phrase_links = [l for l in doc_links if l.phrase]
        key_links = {l.key: l for l in doc_links if l.key and not l.phrase}
        refs: list[Reference] = []
        acknowledged: set[tuple[str, int, int]] = set()
        counters: dict[int, int] = {}

        def target_for(key: str, series: Optional[str], number: Optional[str],
                       post: Optional[str] = None) -> tuple[Optional[str], bool]:
            link = key_links.get(key)
            if link is not None:
                link.found += 1
                return link.target, True
            if series is None:
                return None, False
            k = requests.setdefault((series, number, post), len(requests))
            return f"{PLACEHOLDER}{k}", False

        def located(block, written: str, seen: dict[str, int]) -> Span:
            seen[written] = seen.get(written, 0) + 1
            return self.locator.locate(doc, block.span, written, seen[written])

        # pass A: the editors' phrases, found across markup (a struck word inside "your ~~letter~~ of
        # October 26" still belongs to the phrase); the Ref wraps whole nodes.
        def phrases(seq: tuple[Inline, ...], block) -> tuple[Inline, ...]:
            proj = project(seq, "full")
            text = proj.text
            made: list[tuple[int, int, Any]] = []
            seen: dict[str, int] = {}
            for li, link in enumerate(phrase_links):
                pat = self._phrase_pats.get(link.phrase)
                if pat is None:
                    pat = self._phrase_pats[link.phrase] = phrase_pattern(link.phrase)
                for m in pat.finditer(text):
                    snapped = proj.snap(m.start(), m.end(), extend=True)
                    if snapped is None or any(s < snapped[1] and snapped[0] < e for s, e, _ in made):
                        continue
                    counters[li] = counters.get(li, 0) + 1
                    if link.occurrence is not None and counters[li] != link.occurrence:
                        continue
                    link.found += 1
                    key = link.key or link.phrase
                    span = located(block, m.group(), seen)
                    refs.append(Reference(" ".join(m.group().split()), key, span, link.target))
                    acknowledged.add((key, span.line, span.col))
                    made.append((snapped[0], snapped[1], lambda kids, k=key, t=link.target: Ref(kids, k, t)))
            if not made:
                return seq
            made.sort(key=lambda r: r[0])
            return wrap(seq, proj, made)

        # pass B: numbered references in the text that is left
        def numbered(seq: tuple[Inline, ...], block) -> tuple[Inline, ...]:
            proj = project(seq, "refs")
            text = proj.text
            made: list[tuple[int, int, Any]] = []
            seen: dict[str, int] = {}
            for start, end, key, series, post in self._numbered(text, doc):
                if key in own or proj.snap(start, end) is None:
                    continue  # the document's own number (its address line) is no citation
                number = re.split(r"[ -]", key)[-1]
                target, ack = target_for(key, series, number, post)
                written = text[start:end]
                span = located(block, written, seen)
                refs.append(Reference(" ".join(written.split()), key, span, target))
                if ack:
                    acknowledged.add((key, span.line, span.col))
                made.append((start, end, lambda kids, k=key, t=target: Ref(kids, k, t)))
            return wrap(seq, proj, made) if made else seq

        own = own_keys(doc)
        new = doc
        if phrase_links:
            new = map_sequences(new, lambda seq, block, w: phrases(seq, block))
        new = map_sequences(new, lambda seq, block, w: map_containers(seq, lambda s: numbered(s, block)))

        # the REF/REFERENCE header lines: references without inline nodes
        seen_fields: set[tuple[int, int]] = set()
        header_fields = list(doc.fields) + [f for w in doc.witnesses for s in w.sections for f in s.header]
        for f in header_fields:
            if f.name != "ref" or (f.span.line, f.span.col) in seen_fields:
                continue
            seen_fields.add((f.span.line, f.span.col))
            for start, end, key, series, post in self._numbered(f.value, doc):
                number = re.split(r"[ -]", key)[-1]
                target, ack = target_for(key, series, number, post)
                written = f.value[start:end]
                span = self.locator.locate(doc, f.span, written)
                refs.append(Reference(written, key, span, target))
                if ack:
                    acknowledged.add((key, span.line, span.col))

        refs.sort(key=lambda r: (r.span.line, r.span.col))
        if not refs:
            return new, None
        pending = Pending(list(requests), refs, acknowledged, self.locator.path(doc))
        return with_fields(new, references=tuple(dict.fromkeys(tuple(doc.references) + tuple(refs)))), pending

    def report_stale(self) -> None:
        """Links that found nothing in their document: E006 with the links file's path:line."""
        for link in self.links.all():
            if link.found == 0:
                what = f"phrase {link.phrase!r}" if link.phrase else f"reference {link.key!r}"
                occ = f" (occurrence {link.occurrence})" if link.occurrence else ""
                self.reporter.error(link.path, link.line, link.col, "E006",
                                    f"link: {what}{occ} is not found in document {link.document!r}")


PLACEHOLDER = "\0ref:"  # the target of a numbered reference until the corpus-wide pass resolves it


@dataclass
class Pending:
    """What the corpus-wide pass resolves in one document: ``requests[k]`` = (series, number, post)
    of the references whose target is ``PLACEHOLDER + k``; ``refs`` the References found (for W107),
    ``acknowledged`` those the links file accounts for, ``path`` the source path to report."""

    requests: list
    refs: list
    acknowledged: set
    path: str


def collect_pending(doc: Document) -> list:
    """The Ref nodes and References of ``doc`` whose target is still a placeholder."""
    from .inline_text import iter_nodes, iter_sequences
    out: list = [r for r in doc.references if r.target and r.target.startswith(PLACEHOLDER)]
    for seq, _, _ in iter_sequences(doc):
        for node in iter_nodes(seq):
            if isinstance(node, Ref) and node.target and node.target.startswith(PLACEHOLDER):
                out.append(node)
    return out


def resolve_pending(doc: Document, pending: Pending, objects: list, index: "ReferenceIndex",
                    reporter: Reporter) -> None:
    """Fill the placeholder targets of ``objects`` (Ref nodes, References of ``doc``, fresh objects
    owned by this build) from ``index``; W107 for the references left without a target."""
    if objects:
        targets = [index.resolve(series, number, doc, post) for series, number, post in pending.requests]
        n = len(PLACEHOLDER)
        for obj in objects:
            object.__setattr__(obj, "target", targets[int(obj.target[n:])])
    for r in pending.refs:
        if r.target is None and (r.key, r.span.line, r.span.col) not in pending.acknowledged:
            reporter.warning(pending.path, r.span.line, r.span.col, "W107",
                             f"reference {r.key} ({r.text!r}) is not in this edition; record it in "
                             f"content/links.yaml (a target, or null with a note)")



def backlinks(docs: list[Document]) -> dict[str, list[tuple[str, Reference]]]:
    """Documents → {target document id: [(citing document id, first Reference to it), …]}, in the
    citing documents' order, one row per citing document and key (a telegram cited in three places
    of one document is listed once)."""
    ids = {d.id for d in docs}
    out: dict[str, list[tuple[str, Reference]]] = {}
    for d in docs:
        seen: set[tuple[str, str]] = set()
        for r in d.references:
            if r.target and r.target in ids and r.target != d.id and (r.target, r.key) not in seen:
                seen.add((r.target, r.key))
                out.setdefault(r.target, []).append((d.id, r))
    return out
