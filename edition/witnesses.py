"""Witnesses compared: one ``Document`` released several times → its passages aligned, release by release.

    compare_witnesses(doc)          → [Passage, …]   the first witness (the fullest release, the reading
                                      text) against every other witness, section by section
    witness_summary(doc)            → {witness key: {…}}   what each release gives and withholds
    comparison_markdown(doc, info)  → "## Comparison of releases …"   a table per section, passage by passage
    comparison_html(doc, info)      → the same as the HTML Python-Markdown makes of it (for the site)
    section_units(doc)              → {(witness, section): [(block, (witness, section, n)), …]}   the
                                      blocks passages point at (the TEI writer gives them ``xml:id``s)

Which passages one release withholds and another gives is what historians of declassification want to
see (EDITORIAL §1). The comparison never changes a witness: it only says, for each passage of the
reading text, what every other release has in its place. In order:

1. **Reading units.** Each witness's sections are read as a run of units: reading text (paragraphs,
   numbered items, signatures, typed notes, the paragraphs of a quoted letter) and withheld marks (a
   ``Withheld`` block: the exemption codes printed where text was removed). Running matter is not
   compared: page breaks, running heads and feet, stamps, debris. Two kinds of paragraph are running
   matter the reader could not recognise in one release although it did in another: a catchword the
   other release prints as a catchword (``WHILE`` at a page foot), and a short line standing between a
   page's foot banner and the next page (a form's ``DATE 3/12/88``).
2. **Pages bound out of order.** A scanned release can have pages in the wrong section (the excised
   POLTO circular has page 4 of section II among section I and the reverse). Each page's running head
   names its section (``-4- POLTO CIRCULAR 12 … (SECTION 11 OF 11)``); a page whose head names another
   section of the same release is compared with that section, placed by its page number. The release
   itself stays as scanned (the TEI and the page show it so); the move is reported.
3. **Alignment.** Units are compared word by word: the words of a section, lower-cased, punctuation,
   whitespace and line-end hyphens ignored, with the editors' corrections applied (a known OCR
   misreading is no variant between releases), a withheld ``[]`` counted as a word of its own. OCR
   noise is common, so paragraphs are not compared whole: one release may run two paragraphs together
   that the other keeps apart. ``difflib.SequenceMatcher`` (no junk heuristic: deterministic) gives the
   words both releases share, long sections first anchored on runs of words found once in each (as
   patience diff does), so that the cost stays near linear; a shared run of one or two words far from
   any other is chance ("FOR THE") and no anchor. Between two anchors stands a *region* holding what
   one release has and the other lacks.
4. **Regions.** In each region the other release's words are attached to the passage they continue
   (a paragraph of the same release that also holds shared words) or, when nothing shared stands in
   their paragraph, to a withheld mark of the reading text in the region (this release gives what the
   fuller one withheld), to a passage of the reading text whose letters they mostly share (OCR damage:
   ``BRUCSS`` for ``BRUCE RWB``), or else become a passage found only in this release. The other release's
   withheld marks cover the passages of the reading text in the region: a mark covers the passages of
   its own page (the printed page numbers of both releases agree) and, failing that, every passage of
   the region, so each mark's codes are attributed and none is lost.
5. **Status** of a passage in another witness: ``same`` (the same words), ``variant`` (both give it,
   the words differ), ``withheld`` (a withheld mark or ``[]`` stands where its words are; ``part`` when
   some of it is given), ``absent`` (not there and nothing marks it withheld), ``only-here`` (this
   witness gives text the reading text lacks: a passage of its own, or words the fuller release
   withholds). In the reading text itself a passage is ``given``, or ``withheld`` when it is a withheld
   mark of the fullest release.

Cost: O(n log n) in the words of a document but for the spans between anchors, which are short
(about 5 µs a word: 2,500 words of the POLTO circular in 6 ms, 20,000 in some 0.1 s). Deterministic:
same document → same passages. The last few comparisons are kept (by document identity), so the TEI
writer, the page and the summary of one document share one.
"""

from __future__ import annotations

import html
import re
import weakref
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Iterable, Optional, Sequence

from .header import section_of
from .model import (Block, Choice, Debris, Document, EditionInfo, Forme, Gap, Inline, Item, LineBreak, Note,
                    PageBreak, Paragraph, Quote, Section, Signature, Stamp, Text, Witness, Withheld)

UnitKey = tuple[int, int, int]  # (witness index, section index as in the model, unit number): 0-, 1-, 1-based

STATUSES = ("given", "same", "variant", "withheld", "absent", "only-here")
GAP_WORD = "[]"        # a word withheld inline ("[]", "[ ]")
ILLEGIBLE_WORD = "[?]"  # the transcriber's placeholder ("[Name]", "[Signature]")
_GAP_CHAR = "\ue000"    # stands for a Gap while a block's text is split into words
_WORD = re.compile(r"[^\W_]+")
_EXCERPT_WORDS = 12


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One place where a witness departs from the reading text inside a passage: ``kind`` is
    ``withheld``, ``only-here`` or ``variant``; ``base``/``other`` the words of the reading text and of
    this witness there (as printed; "" when none); ``codes`` the exemption codes of a withholding."""

    kind: str
    base: str
    other: str
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reading:
    """What one witness has for one passage.

    ``status`` (module docstring, step 5); ``text`` the words this witness gives there, as printed
    (None: it gives none); ``codes`` the exemption codes of its withholding there, in order of first
    appearance; ``part`` True when the status holds for part of the passage and the rest is given;
    ``units`` where its words stand in the witness and ``marks`` the witness's withheld marks that cover
    the passage (``UnitKey``s of its paragraphs and withheld blocks: the TEI writer's ``xml:id``s);
    ``differences`` the places it departs from the reading text.
    """

    witness: str
    status: str
    text: Optional[str] = None
    codes: tuple[str, ...] = ()
    part: bool = False
    units: tuple[UnitKey, ...] = ()
    marks: tuple[UnitKey, ...] = ()
    differences: tuple[Difference, ...] = ()


@dataclass(frozen=True)
class Passage:
    """One passage of the comparison, with one ``Reading`` per witness (in ``doc.witnesses`` order).

    ``id`` is stable while the reading text stays as read: ``s1-p3`` is the third unit of section 1 of
    the first witness; a passage only another witness has follows the unit it comes after
    (``s1-p3-w2-1``; ``s1-p0-…`` before the first). ``kind``: ``text`` (the reading text gives it),
    ``withheld`` (the reading text withholds it: a withheld mark of the fullest release), ``extra``
    (only another witness has it). ``page`` is the printed page number where it stands."""

    id: str
    section: int
    kind: str
    page: Optional[str]
    readings: tuple[Reading, ...]

    @property
    def text(self) -> Optional[str]:
        """The passage as the reading text gives it (None when it withholds or lacks it)."""
        return self.readings[0].text if self.readings else None

    def reading(self, witness: str) -> Reading:
        """The reading of the witness with key ``witness`` (``KeyError`` when there is none)."""
        for r in self.readings:
            if r.witness == witness:
                return r
        raise KeyError(witness)

    def status(self, witness: str) -> str:
        return self.reading(witness).status


# --------------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------------


@dataclass
class _Unit:
    key: UnitKey
    kind: str                 # "text" | "mark"
    page: str                 # printed page number ("" when not known)
    orig: list                # the words as printed (display)
    words: list               # normalised words compared
    word_orig: list           # for each normalised word, the index of its printed word
    gap_codes: list           # for each normalised word, the exemption code of a "[]" (None otherwise)
    codes: tuple = ()         # a withheld mark's codes
    block: object = None      # the model block it is made of


@dataclass
class _Page:
    label: str
    head: Optional[int]       # the section its running head names
    units: list = field(default_factory=list)


def _flatten(nodes: Sequence[Inline], out: list, gaps: list) -> None:
    for node in nodes:
        t = type(node)
        if t is Text:
            out.append(node.text.replace(_GAP_CHAR, " "))
        elif t is Choice:
            # The editors' reading: a known OCR misreading is not a difference between releases.
            out.append(node.corr.replace(_GAP_CHAR, " "))
        elif t is Gap:
            out.append(f" {_GAP_CHAR} ")
            gaps.append(node)
        elif t is LineBreak:
            continue  # a word broken at the line end is one word
        else:
            _flatten(getattr(node, "children", ()), out, gaps)


def _words(inlines: Sequence[Inline], label: str = "") -> tuple[list, list, list, list]:
    """Inline nodes (and an item's label) → (printed words, normalised words, each normalised word's
    printed word, each normalised word's gap code)."""
    parts: list = [label, " "] if label else []
    gaps: list = []
    _flatten(inlines, parts, gaps)
    text = "".join(parts)
    orig = text.split()
    # casefold() never makes or removes whitespace: the two splits give the same tokens.
    found = [[t] if t.isascii() and t.isalnum() else _WORD.findall(t) for t in text.casefold().split()]
    if gaps:
        k = 0
        for n, tok in enumerate(orig):
            if tok == _GAP_CHAR:
                gap = gaps[k]
                k += 1
                orig[n] = gap.raw or "[]"
                found[n] = [GAP_WORD if gap.reason == "withheld" else ILLEGIBLE_WORD]
    words = [w for f in found for w in f]
    word_orig = [n for n, f in enumerate(found) for _ in f]
    gap_codes: list = [None] * len(words)
    if gaps:
        # A text word is letters and digits only, so the bracketed words are the gaps, in order.
        it = iter(gaps)
        for i, w in enumerate(words):
            if w == GAP_WORD or w == ILLEGIBLE_WORD:
                gap_codes[i] = next(it).code
    return orig, words, word_orig, gap_codes


def _section_number(text: str) -> Optional[int]:
    """The section a running head or a header line names (``(SECTION 11 OF 11)`` → 2), or None.

    Section numbers were typed in Roman numerals and are OCR'd as ones: ``1 OF 11`` is I of II. A number
    and a total made only of ones, the total longer than one digit, are read as Roman numerals."""
    found = section_of(text or "")
    if not found:
        return None
    n, of = (re.sub(r"[IiLl!|]", "1", x.strip()) for x in found)
    if set(n) == set(of) == {"1"} and len(of) > 1:
        return len(n)
    if n.isdigit():
        return int(n)
    return {"V": 5, "1V": 4, "V1": 6, "V11": 7, "V111": 8, "1X": 9, "X": 10}.get(n.upper())


def _catchwords(doc: Document) -> set:
    """The catchwords any witness prints as such (``Forme`` of type catch), as tuples of words."""
    out = set()
    for w in doc.witnesses:
        for s in w.sections:
            for b in _walk(s.blocks):
                if type(b) is Forme and b.type == "catch":
                    words = tuple(_WORD.findall(b.text.casefold()))
                    if words:
                        out.add(words)
    return out


def _walk(blocks: Iterable[Block]):
    for b in blocks:
        if type(b) is Quote:
            yield from _walk(b.blocks)
        else:
            yield b


_TEXT_BLOCKS = (Paragraph, Item, Signature, Note)
_FOOT_WORDS = 6  # a line between a page's foot banner and the next page longer than this is text


def _pages(wi: int, si: int, sec: Section, catch: set) -> tuple[list, int]:
    """A section → its pages of units (in scan order), and how many paragraphs were set aside as
    running matter (step 1 of the module docstring)."""
    pages = [_Page("1", None)]
    n = 0
    skipped = 0
    in_foot = False
    for b in _walk(sec.blocks):
        t = type(b)
        if t is PageBreak:
            pages.append(_Page((b.n or "").strip(), None))
            in_foot = False
            continue
        if t is Forme:
            if b.type == "footer":
                in_foot = True
            elif b.type == "header" and pages[-1].head is None:
                pages[-1].head = _section_number(b.text)
            continue
        if t is Stamp or t is Debris:
            continue
        if t is Withheld:
            n += 1
            pages[-1].units.append(_Unit((wi, si, n), "mark", pages[-1].label, [], [], [], [], tuple(b.codes), b))
            in_foot = False
            continue
        if t not in _TEXT_BLOCKS:
            continue
        orig, words, word_orig, gap_codes = _words(b.inlines, b.label if t is Item else "")
        if not words:
            skipped += 1  # punctuation alone: nothing to compare
            continue
        if t is Paragraph and ((len(words) <= 3 and tuple(words) in catch)
                               or (in_foot and len(words) <= _FOOT_WORDS)):
            skipped += 1  # running matter read as a paragraph (step 1)
            continue
        in_foot = False
        n += 1
        pages[-1].units.append(_Unit((wi, si, n), "text", pages[-1].label, orig, words, word_orig, gap_codes, (), b))
    return pages, skipped


def _section_key(sec: Section, pages: list) -> Optional[int]:
    """The number of a section: as the reader understood it, else as its own header prints it, else as
    most of its running heads print it."""
    if sec.n is not None:
        return sec.n
    for f in sec.header:
        n = _section_number(f.value)
        if n is not None:
            return n
    heads = Counter(p.head for p in pages if p.head is not None)
    if heads:
        head, count = heads.most_common(1)[0]
        if count * 2 > sum(heads.values()):
            return head
    return None


def _page_number(label: str) -> Optional[int]:
    return int(label) if label.isascii() and label.isdigit() else None


@dataclass
class _WitnessUnits:
    sections: list            # per section (model order, after page moves): list of _Unit
    moves: list               # (page label, from section index, to section index), 1-based
    skipped: int


def _witness_units(wi: int, w: Witness, catch: set) -> _WitnessUnits:
    """A witness → its units per section, pages bound in the wrong section moved (step 2)."""
    paged = []
    skipped = 0
    for si, sec in enumerate(w.sections, 1):
        pages, sk = _pages(wi, si, sec, catch)
        skipped += sk
        paged.append(pages)
    keys = [_section_key(sec, pages) for sec, pages in zip(w.sections, paged)]
    owners = Counter(k for k in keys if k is not None)
    moves = []
    if len(w.sections) > 1:
        moving = []
        for si, pages in enumerate(paged):
            for page in pages[1:]:  # the first page is the section's own (its header says so)
                k = page.head
                if k is None or k == keys[si] or owners.get(k) != 1:
                    continue
                moving.append((si, page, keys.index(k)))
        gone = {id(page) for _, page, _ in moving}
        paged = [[p for p in pages if id(p) not in gone] for pages in paged]
        for si, page, to in moving:
            target = paged[to]
            num = _page_number(page.label)
            at = len(target)
            if num is not None:
                for i, p in enumerate(target):
                    pn = _page_number(p.label)
                    if i > 0 and pn is not None and pn > num:
                        at = i
                        break
            target.insert(at, page)
            moves.append((page.label, si + 1, to + 1))
    sections = [[u for p in pages for u in p.units] for pages in paged]
    return _WitnessUnits(sections, moves, skipped)


def section_units(doc: Document) -> dict[tuple[int, int], list[tuple[Block, UnitKey]]]:
    """The blocks passages point at, per section of each witness, in document order →
    ``{(witness index, section index): [(block, UnitKey), …]}``; empty for fewer than two witnesses.
    The TEI writer gives the n-th of them ``xml:id="<witness>-s<section>-p<n>"`` as it meets them
    (a block object used twice is two units)."""
    out: dict = {}
    for wu in _compare(doc).units:
        for sec in wu.sections:
            for u in sec:
                out.setdefault(u.key[:2], []).append((u.block, u.key))
    for units in out.values():
        units.sort(key=lambda bu: bu[1][2])  # pages moved between sections go back where they are bound
    return out


def unit_keys(doc: Document) -> dict[int, UnitKey]:
    """``{id(block): UnitKey}`` of the blocks passages point at (the first, for a block object used twice);
    empty for a document with fewer than two witnesses."""
    out: dict[int, UnitKey] = {}
    for units in section_units(doc).values():
        for block, key in units:
            out.setdefault(id(block), key)
    return out


# --------------------------------------------------------------------------------------------
# Alignment of one section pair
# --------------------------------------------------------------------------------------------


class _Stream:
    """The units of one section as one run of words, with the withheld marks standing between words."""

    def __init__(self, units: list):
        self.units = units
        self.words: list = []
        self.unit_of: list = []   # word → unit index
        self.pos_in: list = []    # word → index in its unit's words
        self.marks: list = []     # (position, unit index): the mark stands before word ``position``
        self.start: list = []     # unit → index of its first word (marks: their position)
        for ui, u in enumerate(units):
            self.start.append(len(self.words))
            if u.kind == "mark":
                self.marks.append((len(self.words), ui))
                continue
            self.words.extend(u.words)
            self.unit_of.extend([ui] * len(u.words))
            self.pos_in.extend(range(len(u.words)))
        self.mark_pos = [p for p, _ in self.marks]

    def marks_between(self, lo: int, hi: int) -> list:
        """Unit indices of the marks at positions lo..hi (inclusive)."""
        return [ui for _, ui in self.marks[bisect_left(self.mark_pos, lo):bisect_right(self.mark_pos, hi)]]

    def runs(self, lo: int, hi: int) -> list:
        """Words lo..hi-1 → [(unit index, [word indices])], one run per unit."""
        out: list = []
        for j in range(lo, hi):
            ui = self.unit_of[j]
            if out and out[-1][0] == ui:
                out[-1][1].append(j)
            else:
                out.append((ui, [j]))
        return out

    def text(self, indices: Sequence[int]) -> str:
        """Word indices (ascending) → the printed words from the first to the last of them, unit by unit."""
        out = []
        unit_of, pos_in = self.unit_of, self.pos_in
        n = len(indices)
        k = 0
        while k < n:
            ui = unit_of[indices[k]]
            last = k
            while last + 1 < n and unit_of[indices[last + 1]] == ui:
                last += 1
            u = self.units[ui]
            lo, hi = u.word_orig[pos_in[indices[k]]], u.word_orig[pos_in[indices[last]]]
            out.append(" ".join(u.orig[lo:hi + 1]))
            k = last + 1
        return " ".join(out)

    def gap_codes(self, indices: Iterable[int]) -> list:
        return [c for j in indices if (c := self.units[self.unit_of[j]].gap_codes[self.pos_in[j]])]


@dataclass
class _Acc:
    """What one witness has for one unit of the reading text, gathered region by region."""

    matched: list = field(default_factory=list)    # the witness's words the unit's words match
    attached: list = field(default_factory=list)   # the witness's other words standing in the unit
    marks: list = field(default_factory=list)      # the witness's withheld marks covering the unit
    diffs: list = field(default_factory=list)


def _ordered(items: Iterable) -> tuple:
    return tuple(dict.fromkeys(items))


def _regions(ops: list, a: _Stream, b: _Stream) -> list:
    """Opcodes → regions ``(a_lo, a_hi, b_lo, b_hi, prev_anchor, next_anchor)``: what stands between two
    shared words (an anchor is a pair of word indices, or None at either end). Inside a run of shared
    words a region is made only where a withheld mark stands."""
    out = []
    if not ops:
        return [(0, 0, 0, 0, None, None)]
    last = len(ops) - 1
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag != "equal":
            prev = (i1 - 1, j1 - 1) if k > 0 else None
            nxt = (i2, j2) if k < last else None
            out.append((i1, i2, j1, j2, prev, nxt))
            continue
        if k == 0:
            out.append((i1, i1, j1, j1, None, (i1, j1)))
        offsets = set()
        for p in a.mark_pos[bisect_right(a.mark_pos, i1):bisect_left(a.mark_pos, i2)]:
            offsets.add(p - i1)
        for q in b.mark_pos[bisect_right(b.mark_pos, j1):bisect_left(b.mark_pos, j2)]:
            offsets.add(q - j1)
        for t in sorted(offsets):
            out.append((i1 + t, i1 + t, j1 + t, j1 + t, (i1 + t - 1, j1 + t - 1), (i1 + t, j1 + t)))
        if k == last:
            out.append((i2, i2, j2, j2, (i2 - 1, j2 - 1), None))
    return out


def _by_page(targets: list, page: str, units: list) -> list:
    """The targets (unit indices) printed on the same page (none when the page is not known)."""
    return [t for t in targets if page and units[t].page == page]


_SHORT = 3   # shared runs shorter than this are anchors only where they are not chance (see _opcodes)
_NEAR = 2    # … that is, within this many words of another shared run on both sides


def _opcodes(a: _Stream, b: _Stream) -> list:
    """The words of two streams → opcodes (tag, i1, i2, j1, j2), ``equal`` for the shared runs kept as
    anchors. ``SequenceMatcher`` also pairs a stray "FOR THE" inside a withheld region with one in an
    unrelated paragraph; such chance matches would tie a passage to words that are not its own. A run of
    fewer than ``_SHORT`` words is kept only when it is a whole passage on either side (``MJA``,
    ``FINLETTER``) or stands within ``_NEAR`` words of another run on both sides (a word of OCR noise
    between shared runs)."""
    if not (a.words or b.words):
        return []
    blocks = _matching_blocks(a.words, b.words, 0, len(a.words), 0, len(b.words))
    kept = []
    for k, (i, j, n) in enumerate(blocks):
        if n < _SHORT and not (_whole_unit(a, i, n) or _whole_unit(b, j, n)):
            prev = blocks[k - 1] if k else None
            nxt = blocks[k + 1] if k + 1 < len(blocks) else None
            near_prev = prev is not None and i - (prev[0] + prev[2]) <= _NEAR and j - (prev[1] + prev[2]) <= _NEAR
            near_next = nxt is not None and nxt[0] - (i + n) <= _NEAR and nxt[1] - (j + n) <= _NEAR
            if not (near_prev or near_next):
                continue
        kept.append((i, j, n))
    ops = []
    i0 = j0 = 0
    for i, j, n in kept:
        if i > i0 or j > j0:
            ops.append(("replace", i0, i, j0, j))
        elif ops:  # touching the previous run: one run (no region between them)
            ops[-1] = ("equal", ops[-1][1], i + n, ops[-1][3], j + n)
            i0, j0 = i + n, j + n
            continue
        ops.append(("equal", i, i + n, j, j + n))
        i0, j0 = i + n, j + n
    if i0 < len(a.words) or j0 < len(b.words):
        ops.append(("replace", i0, len(a.words), j0, len(b.words)))
    return ops


_PAIR_RATIO = 0.5   # letters two readings of one place share, at least, to be one passage read two ways
_PAIR_WORDS = 40    # … compared only for passages this short (the cost stays small)


def _pair_variants(a: _Stream, b: _Stream, a_runs: list, leftovers: list, attached: dict, accs: list) -> list:
    """In a region with no withheld mark, a passage of the reading text that shares no word with this
    witness and a paragraph of this witness that shares none with it, standing in the same place, are one
    passage read two ways when their letters mostly agree (``BRUCE RWB`` / ``BRUCSS``: OCR damage); they
    are paired in order (a variant). → the leftovers that stay passages of their own."""
    free = [ua for ua, ws in a_runs if a.units[ua].kind == "text" and not accs[ua].matched and ua not in attached
            and len(ws) == len(a.units[ua].words) <= _PAIR_WORDS]
    rest = []
    for bu, js in leftovers:
        best, best_ratio = None, _PAIR_RATIO
        if len(js) <= _PAIR_WORDS:
            other = " ".join(b.words[j] for j in js)
            for k, ua in enumerate(free):
                ratio = SequenceMatcher(None, " ".join(a.units[ua].words), other, autojunk=False).ratio()
                if ratio >= best_ratio:
                    best, best_ratio = k, ratio
        if best is None:
            rest.append((bu, js))
        else:
            attached[free[best]] = list(js)
            del free[:best + 1]  # in order: what stands before the pair pairs with nothing after it
    return rest


_DIRECT = 40_000  # word pairs SequenceMatcher may weigh directly (200 × 200 words)
_GRAM = 4         # words in the runs that anchor long sections


def _matching_blocks(a: list, b: list, alo: int, ahi: int, blo: int, bhi: int) -> list:
    """The runs of words a[alo:ahi] and b[blo:bhi] share → [(i, j, n)] in order, as
    ``SequenceMatcher.get_matching_blocks`` gives them (without its final dummy).

    ``SequenceMatcher`` weighs every pair of equal words, quadratic on long sections of a small
    vocabulary. Long spans are first anchored, as patience diff does: the runs of ``_GRAM`` words that
    occur once in each side, kept where they agree in order (longest increasing subsequence); only the
    spans between anchors, short, go to ``SequenceMatcher``. O(n log n) but for the gaps."""
    if alo >= ahi or blo >= bhi:
        return []
    if (ahi - alo) * (bhi - blo) <= _DIRECT or ahi - alo < 2 * _GRAM or bhi - blo < 2 * _GRAM:
        sm = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
        return [(alo + i, blo + j, n) for i, j, n in sm.get_matching_blocks() if n]
    anchors = _unique_anchors(a, b, alo, ahi, blo, bhi)
    if not anchors:
        sm = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
        return [(alo + i, blo + j, n) for i, j, n in sm.get_matching_blocks() if n]
    # Anchors on one diagonal that touch or overlap are one run.
    runs: list = []
    for i, j in anchors:
        if runs:
            ri, rj, rn = runs[-1]
            if i - ri == j - rj and i <= ri + rn:
                runs[-1] = (ri, rj, max(rn, i + _GRAM - ri))
                continue
            if i < ri + rn or j < rj + rn:
                continue  # overlaps the previous run off its diagonal
        runs.append((i, j, _GRAM))
    out: list = []
    ia, jb = alo, blo
    for i, j, n in runs:
        out.extend(_matching_blocks(a, b, ia, i, jb, j))
        out.append((i, j, n))
        ia, jb = i + n, j + n
    out.extend(_matching_blocks(a, b, ia, ahi, jb, bhi))
    merged: list = []
    for i, j, n in out:  # touching runs are one (as SequenceMatcher reports them)
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + n)
        else:
            merged.append((i, j, n))
    return merged


def _unique_anchors(a: list, b: list, alo: int, ahi: int, blo: int, bhi: int) -> list:
    """Positions (i, j) of the ``_GRAM``-word runs found exactly once in a[alo:ahi] and once in
    b[blo:bhi], the longest chain of them in the same order on both sides."""
    def once(seq: list, lo: int, hi: int) -> dict:
        seen: dict = {}
        for i in range(lo, hi - _GRAM + 1):
            g = tuple(seq[i:i + _GRAM])
            seen[g] = -1 if g in seen else i
        return seen
    in_a, in_b = once(a, alo, ahi), once(b, blo, bhi)
    pairs = sorted((i, in_b[g]) for g, i in in_a.items() if i >= 0 and in_b.get(g, -1) >= 0)
    # Longest increasing subsequence of j (patience sorting), i already increasing.
    tails: list = []
    tail_at: list = []
    back: list = []
    for k, (i, j) in enumerate(pairs):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos] = j
            tail_at[pos] = k
        back.append(tail_at[pos - 1] if pos else -1)
    chain: list = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]


def _whole_unit(s: _Stream, i: int, n: int) -> bool:
    """Words i..i+n-1 of a stream are all the words of one unit."""
    ui = s.unit_of[i]
    return s.pos_in[i] == 0 and s.unit_of[i + n - 1] == ui and len(s.units[ui].words) == n


def _align(a: _Stream, b: _Stream) -> tuple[list, list]:
    """The reading text's units against one witness's → (an ``_Acc`` per unit of ``a``, extra passages
    ``(after unit index, kind, b word indices, b mark unit indices)``)."""
    accs = [_Acc() for _ in a.units]
    extras: list = []
    ops = _opcodes(a, b)
    first_base: dict = {}  # b unit → the first unit of a it shares words with
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2)):
                ua = a.unit_of[i]
                accs[ua].matched.append(j)
                first_base.setdefault(b.unit_of[j], ua)

    for a_lo, a_hi, b_lo, b_hi, prev, nxt in _regions(ops, a, b):
        a_runs = a.runs(a_lo, a_hi)
        a_marks = a.marks_between(a_lo, a_hi)
        b_runs = b.runs(b_lo, b_hi)
        b_marks = b.marks_between(b_lo, b_hi)
        if not (a_runs or a_marks or b_runs or b_marks):
            continue
        attached: dict = {}  # a unit → b words attached to it here
        leftovers: list = []
        for bu, js in b_runs:
            target = None
            if bu in first_base and a_marks and not a_runs:
                # Words where the fuller release shows only a withheld mark: given here, withheld there.
                same = _by_page(a_marks, b.units[bu].page, a.units)
                target = same[0] if same else a_marks[0]
            elif bu in first_base:
                # A paragraph of this witness that also holds shared words: its other words continue
                # the passage its nearest shared word belongs to.
                if prev is not None and b.unit_of[prev[1]] == bu:
                    target = a.unit_of[prev[0]]
                elif nxt is not None and b.unit_of[nxt[1]] == bu:
                    target = a.unit_of[nxt[0]]
                else:
                    target = first_base[bu]
            elif a_marks:
                # Text where the fuller release has a withheld mark: this witness gives what it withholds.
                same = _by_page(a_marks, b.units[bu].page, a.units)
                target = same[0] if same else a_marks[0]
            if target is None:
                leftovers.append((bu, js))
            else:
                attached.setdefault(target, []).extend(js)
        if leftovers and not b_marks:
            leftovers = _pair_variants(a, b, a_runs, leftovers, attached, accs)
        # The witness's withheld marks cover the reading text's passages here (page by page).
        # A passage whose missing words this witness answers with words of its own (about as many) is
        # read differently here, not withheld: "612" for "512" before a withheld paragraph.
        covered = [ua for ua, ws in a_runs if 2 * len(attached.get(ua, ())) < len(ws)] + a_marks
        covered = sorted(set(covered), key=lambda u: a.start[u] * 2 + (a.units[u].kind == "text"))
        given_marks: dict = {}
        if covered:
            for mu in b_marks:
                same = _by_page(covered, b.units[mu].page, a.units)
                if not same:
                    # No passage of its page: the passage before it (by page), else the first.
                    num = _page_number(b.units[mu].page)
                    before = [c for c in covered if num is not None and _page_number(a.units[c].page) is not None
                              and _page_number(a.units[c].page) <= num]
                    same = [before[-1] if before else covered[0]]
                for c in same:
                    given_marks.setdefault(c, []).append(mu)
            if b_marks:
                for c in covered:
                    given_marks.setdefault(c, list(b_marks))  # inside the withheld region: all its marks
        after = max([ua for ua, _ in a_runs] + a_marks + ([a.unit_of[prev[0]]] if prev is not None else []),
                    default=-1)
        if b_marks and not covered:
            extras.append((after, "withheld", [], list(b_marks)))
        for bu, js in leftovers:
            extras.append((after, "only-here", js, []))

        a_words = dict(a_runs)
        for ua in sorted(set(a_words) | set(attached) | set(given_marks), key=lambda u: a.start[u]):
            acc = accs[ua]
            ws = a_words.get(ua, [])
            js = attached.get(ua, [])
            ms = given_marks.get(ua, [])
            acc.attached.extend(js)
            acc.marks.extend(ms)
            if a.units[ua].kind == "mark":
                continue
            base_txt = a.text(ws) if ws else ""
            other_txt = b.text(js) if js else ""
            a_gap = any(a.words[i] == GAP_WORD for i in ws)
            b_gap = any(b.words[j] == GAP_WORD for j in js)
            b_real = any(b.words[j] != GAP_WORD for j in js)
            if ms:
                codes = _ordered(c for m in ms for c in b.units[m].codes)
                acc.diffs.append(Difference("withheld", base_txt, other_txt, codes))
            elif b_gap and not a_gap:
                acc.diffs.append(Difference("withheld", base_txt, other_txt, _ordered(b.gap_codes(js))))
            elif a_gap and b_real:
                acc.diffs.append(Difference("only-here", base_txt, other_txt))
            elif ws or js:
                acc.diffs.append(Difference("variant", base_txt, other_txt))
    return accs, extras


def _reading(key: str, acc: _Acc, unit: _Unit, b: _Stream) -> Reading:
    """What a witness has for one unit of the reading text (module docstring, step 5)."""
    given = sorted(set(acc.matched) | set(acc.attached))
    text = b.text(given) if given else None
    codes = _ordered(c for m in acc.marks for c in b.units[m].codes)
    units = _ordered(b.units[b.unit_of[j]].key for j in given)
    marks = _ordered(b.units[m].key for m in sorted(set(acc.marks)))
    kinds = {d.kind for d in acc.diffs}
    if unit.kind == "mark":
        if acc.attached:
            return Reading(key, "only-here", text, codes, bool(acc.marks), units, marks)
        if acc.marks:
            return Reading(key, "withheld", None, codes, False, units, marks)
        return Reading(key, "absent", None, (), False, units, marks)
    diffs = tuple(acc.diffs)
    if "withheld" in kinds:
        codes = _ordered(list(codes) + [c for d in acc.diffs if d.kind == "withheld" for c in d.codes])
        return Reading(key, "withheld", text, codes, bool(given), units, marks, diffs)
    if not given:
        return Reading(key, "absent", None, (), False, units, marks)
    if "only-here" in kinds:
        return Reading(key, "only-here", text, codes, True, units, marks, diffs)
    return Reading(key, "variant" if kinds else "same", text, codes, False, units, marks, diffs)


# --------------------------------------------------------------------------------------------
# The comparison
# --------------------------------------------------------------------------------------------


def _slug(key: str) -> str:
    """A witness key as part of a passage id (letters, digits and hyphens: safe in a URL fragment)."""
    return re.sub(r"[^A-Za-z0-9]+", "-", key).strip("-") or "w"


def witness_keys(doc: Document) -> list[str]:
    """The key of each witness in ``Reading.witness``: its id (``w<n>`` when it has none), made unique."""
    out: list[str] = []
    for k, w in enumerate(doc.witnesses, 1):
        base = w.id or f"w{k}"
        cand, n = base, 2
        while cand in out:
            cand, n = f"{base}-{n}", n + 1
        out.append(cand)
    return out


@dataclass
class _Comparison:
    passages: list
    units: list               # per witness: _WitnessUnits
    moves: dict               # witness key → [(page, from section, to section)]
    skipped: dict             # witness key → paragraphs set aside as running matter


# The last few comparisons, by document identity: the TEI writer, the page and the summary of one
# document share one comparison. A weak reference guards against a recycled id().
_CACHE: dict = {}
_CACHE_SIZE = 8


def _compare(doc: Document) -> _Comparison:
    hit = _CACHE.get(id(doc))
    if hit is not None and hit[0]() is doc:
        return hit[1]
    comp = _compute(doc)
    try:
        ref = weakref.ref(doc)
    except TypeError:
        return comp
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(doc)] = (ref, comp)
    return comp


def _pair_sections(base: list, other: list, wb: Witness, wo: Witness) -> list:
    """Section indices of the reading text → the index of the other witness's section compared with it."""
    nb = [s.n for s in wb.sections]
    no = [s.n for s in wo.sections]
    if None not in nb and None not in no and len(set(nb)) == len(nb) and len(set(no)) == len(no):
        return [no.index(n) if n in no else None for n in nb]
    return [k if k < len(other) else None for k in range(len(base))]


def _compute(doc: Document) -> _Comparison:
    keys = witness_keys(doc)
    if len(doc.witnesses) < 2:
        return _Comparison([], [], {}, {})
    catch = _catchwords(doc)
    units = [_witness_units(wi, w, catch) for wi, w in enumerate(doc.witnesses)]
    base = units[0]
    # per witness (1…): per base section: (accs, extras, a stream, b stream)
    per_witness = []
    leftover_sections = []  # (witness index, section index) compared with no section of the reading text
    for wi in range(1, len(doc.witnesses)):
        pairing = _pair_sections(base.sections, units[wi].sections, doc.witnesses[0], doc.witnesses[wi])
        results = []
        for si, bunits in enumerate(base.sections):
            oi = pairing[si]
            a = _Stream(bunits)
            b = _Stream(units[wi].sections[oi] if oi is not None else [])
            accs, extras = _align(a, b)
            results.append((accs, extras, a, b))
        used = {p for p in pairing if p is not None}
        leftover_sections.extend((wi, oi) for oi in range(len(units[wi].sections)) if oi not in used)
        per_witness.append(results)

    passages: list = []
    n_wit = len(doc.witnesses)
    for si, bunits in enumerate(base.sections):
        sec_no = si + 1
        a = per_witness[0][si][2]
        extras_after: dict = {}
        for wi in range(1, n_wit):
            accs, extras, _, b = per_witness[wi - 1][si]
            for after, kind, js, ms in extras:
                extras_after.setdefault(after, []).append((wi, kind, js, ms, b))
        counters: dict = {}

        def extra_passages(after: int) -> None:
            for wi, kind, js, ms, b in extras_after.get(after, ()):
                prefix = f"s{sec_no}-p{after + 1}-{_slug(keys[wi])}"
                counters[prefix] = counters.get(prefix, 0) + 1
                readings = []
                for k in range(n_wit):
                    if k != wi:
                        readings.append(Reading(keys[k], "absent"))
                        continue
                    codes = _ordered(c for m in ms for c in b.units[m].codes)
                    readings.append(Reading(keys[k], kind, b.text(js) if js else None, codes, False,
                                            _ordered(b.units[b.unit_of[j]].key for j in js),
                                            _ordered(b.units[m].key for m in ms)))
                page = b.units[b.unit_of[js[0]]].page if js else (b.units[ms[0]].page if ms else None)
                passages.append(Passage(f"{prefix}-{counters[prefix]}", sec_no, "extra", page or None,
                                        tuple(readings)))

        extra_passages(-1)
        for ui, unit in enumerate(bunits):
            if unit.kind == "mark":
                first = Reading(keys[0], "withheld", None, _ordered(unit.codes), False, (), (unit.key,))
            else:
                first = Reading(keys[0], "given", " ".join(unit.orig), (), False, (unit.key,))
            readings = [first]
            for wi in range(1, n_wit):
                accs, _, _, b = per_witness[wi - 1][si]
                readings.append(_reading(keys[wi], accs[ui], unit, b))
            passages.append(Passage(f"s{sec_no}-p{ui + 1}", sec_no, "text" if unit.kind == "text" else "withheld",
                                    unit.page or None, tuple(readings)))
            extra_passages(ui)

    # Sections of another witness the reading text has no counterpart for: everything in them is its own.
    for wi, oi in leftover_sections:
        sec_no = len(base.sections) + 1 + oi
        b = _Stream(units[wi].sections[oi])
        for n, u in enumerate(b.units, 1):
            readings = []
            for k in range(n_wit):
                if k != wi:
                    readings.append(Reading(keys[k], "absent"))
                elif u.kind == "mark":
                    readings.append(Reading(keys[k], "withheld", None, _ordered(u.codes), False, (), (u.key,)))
                else:
                    readings.append(Reading(keys[k], "only-here", " ".join(u.orig), (), False, (u.key,)))
            passages.append(Passage(f"s{sec_no}-p0-{_slug(keys[wi])}-{n}", sec_no, "extra", u.page or None,
                                    tuple(readings)))
    return _Comparison(passages, units, {keys[wi]: u.moves for wi, u in enumerate(units)},
                       {keys[wi]: u.skipped for wi, u in enumerate(units)})


def compare_witnesses(doc: Document) -> list[Passage]:
    """A document → its passages, the first witness (the fullest release) aligned against every other,
    section by section (module docstring); [] when the document has fewer than two witnesses."""
    return list(_compare(doc).passages)


def witness_summary(doc: Document) -> dict[str, dict]:
    """A document → per witness key (``witness_keys``): ``label``, ``review_date``, ``reviewer``;
    ``passages`` (of the comparison) and ``given`` (those it gives, whole or in part); a count per
    status (``given`` for the reading text; ``same``, ``variant``, ``withheld``, ``absent``,
    ``only-here`` for the others); ``withheld_part`` (withheld in part) and ``codes`` (the exemption
    codes it withholds under, in order of first appearance); ``pages_moved`` (``(page, bound in section,
    compared with section)``); ``running_matter`` (paragraphs set aside as running matter).
    Empty for a document with fewer than two witnesses."""
    comp = _compare(doc)
    out: dict = {}
    if not comp.passages and len(doc.witnesses) < 2:
        return out
    for k, (key, w) in enumerate(zip(witness_keys(doc), doc.witnesses)):
        readings = [p.readings[k] for p in comp.passages]
        counts = Counter(r.status for r in readings)
        withheld = [r for r in readings if r.status == "withheld"]
        entry = {"label": w.label, "review_date": w.review_date, "reviewer": w.reviewer,
                 "passages": len(readings), "given": sum(1 for r in readings if r.text is not None)}
        for status in STATUSES:
            if status != "given" or k == 0:
                entry[status] = counts.get(status, 0)
        entry.update(withheld_part=sum(1 for r in withheld if r.part),
                     codes=list(_ordered(c for r in withheld for c in r.codes)),
                     pages_moved=list(comp.moves.get(key, [])), running_matter=comp.skipped.get(key, 0))
        out[key] = entry
    return out


# --------------------------------------------------------------------------------------------
# The page: "Comparison of releases"
# --------------------------------------------------------------------------------------------


_FOIA = re.compile(r"b([1-9])([a-z]?)")


def _code_label(code: str) -> str:
    """A normalised exemption code → as conventionally printed: ``b1`` → ``(b)(1)``, ``b7c`` →
    ``(b)(7)(C)``. The model writes FOIA exemptions in lower case; a reviewer's own code (``B1A3``,
    ``B1A``) is upper case and stays as it is: it is not a FOIA exemption."""
    m = _FOIA.fullmatch(code)
    if not m:
        return code
    return f"(b)({m.group(1)})" + (f"({m.group(2).upper()})" if m.group(2) else "")


def _codes_text(codes: Iterable[str]) -> str:
    return ", ".join(_ordered(_code_label(c) for c in codes))


def _excerpt(text: Optional[str], words: int = _EXCERPT_WORDS) -> str:
    if not text:
        return ""
    ws = text.split()
    return " ".join(ws[:words]) + (" …" if len(ws) > words else "")


def _tail(text: str, words: int = 5) -> str:
    ws = text.split()
    return ("… " if len(ws) > words else "") + " ".join(ws[-words:])


def _witness_title(w: Witness, key: str) -> str:
    bits = []
    if w.review_date:
        bits.append(f"reviewed {w.review_date}")
    if w.reviewer:
        bits.append(f"by {w.reviewer}")
    return f"{w.label or key}" + (f" ({' '.join(bits)})" if bits else "")


def _status_cells(p: Passage) -> list[tuple[str, str]]:
    """A passage → per witness (status class, plain-text statement): the status always in words."""
    out = []
    for k, r in enumerate(p.readings):
        codes = _codes_text(r.codes)
        under = f" under {codes}" if codes else ""
        if r.status == "given":
            text = "given"
        elif r.status == "same":
            text = "same"
        elif r.status == "variant":
            changes = [d for d in r.differences if d.kind == "variant"][:2]
            shown = "; ".join(f"“{_excerpt(d.other, 6) or '—'}” for “{_excerpt(d.base, 6) or '—'}”" for d in changes)
            text = "variant" + (f": {shown}" if shown else "")
        elif r.status == "withheld":
            if r.part and r.text:
                text = f"withheld in part{under}; gives “{_excerpt(r.text, 8)}”"
                if len(r.text.split()) > 8:
                    text += f" to “{_tail(r.text)}”"
            else:
                text = f"withheld{under}"
        elif r.status == "absent":
            text = "not in this release"
        else:  # only-here
            if p.kind == "extra":
                text = f"only in this release: “{_excerpt(r.text, 8)}”" if r.text else "only in this release"
            elif p.readings[0].status == "withheld":
                text = (f"gives what the fuller release withholds: “{_excerpt(r.text, 8)}”" if r.text
                        else "gives what the fuller release withholds")
            else:
                shown = "; ".join(f"“{_excerpt(d.other, 6)}”" for d in r.differences if d.kind == "only-here")
                text = "gives more: " + (shown or f"“{_excerpt(r.text, 8)}”")
        out.append((r.status, text))
    return out


def _passage_label(p: Passage) -> str:
    text = p.text or next((r.text for r in p.readings if r.text), None)
    if p.kind == "withheld" and not text:
        return "[withheld in the fuller release]"
    return _excerpt(text) or "—"


def _summary_lines(doc: Document, summary: dict) -> list[str]:
    keys = witness_keys(doc)
    lines = []
    for k, (key, w) in enumerate(zip(keys, doc.witnesses)):
        s = summary[key]
        codes = _codes_text(s["codes"])
        if k == 0:
            line = (f"{_witness_title(w, key)}, the reading text: {s['given']} of {s['passages']} passages given"
                    + (f", {s['withheld']} withheld{' under ' + codes if codes else ''}" if s["withheld"] else "")
                    + ".")
        else:
            parts = [f"{s['same']} the same", f"{s['variant']} with variant wording"]
            if s["only-here"]:
                parts.append(f"{s['only-here']} giving what the fuller release lacks")
            line = (f"{_witness_title(w, key)}: of {s['passages']} passages, {', '.join(parts)}; "
                    f"{s['withheld']} withheld" + (f" ({s['withheld_part']} in part)" if s["withheld_part"] else "")
                    + (f" under {codes}" if codes else "") + f"; {s['absent']} not in this release.")
        for page, src, dst in s["pages_moved"]:
            line += (f" Page {page or '(unnumbered)'} bound with section {src} belongs to section {dst} by its "
                     f"running head and is compared there.")
        lines.append(line)
    return lines


def _table_data(doc: Document, passages: list) -> list[tuple[Optional[int], list]]:
    """Passages → [(section number or None when there is one section, [rows])]; a row is
    (passage id, label, [(status, text)])."""
    sections: dict = {}
    for p in passages:
        sections.setdefault(p.section, []).append((p.id, _passage_label(p), _status_cells(p)))
    several = len(sections) > 1
    return [(n if several else None, rows) for n, rows in sections.items()]


def _section_title(doc: Document, n: int) -> str:
    secs = doc.witnesses[0].sections
    if n <= len(secs):
        s = secs[n - 1]
        num = s.n if s.n is not None else n
        return f"Section {num}" + (f" of {s.of}" if s.of else "")
    return f"Section {n} (not in the fuller release)"


_INTRO = ("Passage by passage, what each release of this document gives and what it withholds, compared "
          "with the fullest release (the reading text above). Exemption codes are given as printed on the "
          "release, normalised.")
_SAFE_URL = re.compile(r"https?://[A-Za-z0-9:/._~%-]+")


def _tei_link(doc: Document, info: Optional[EditionInfo]) -> Optional[tuple[str, str]]:
    """(label, absolute URL) of the document's TEI file, which records the comparison; None when the
    edition has no base URL."""
    if info is None or not info.base_url:
        return None
    from .urls import tei_url
    url = f"{info.base_url.rstrip('/')}/{tei_url(doc.id)}"
    return (tei_url(doc.id), url) if _SAFE_URL.fullmatch(url) else None


def comparison_markdown(doc: Document, info: Optional[EditionInfo] = None) -> str:
    """A document → the Markdown section "Comparison of releases" ("" with fewer than two witnesses):
    a summary per release, then per section a table with one row per passage: the passage's opening
    words, then each release's status in words (``given``, ``same``, ``variant: …``, ``withheld under
    (b)(1), B1A3``, ``withheld in part …; gives “…”``, ``not in this release``, ``only in this release:
    “…”``), each in ``<span class="cmp cmp-<status>">`` for styling. Readable as plain text, without
    JavaScript; status is never shown by colour alone. ``info`` (optional) lets it name the TEI file."""
    from .markdown_page import escape_text

    if len(doc.witnesses) < 2:
        return ""
    passages = _compare(doc).passages
    summary = witness_summary(doc)
    keys = witness_keys(doc)
    link = _tei_link(doc, info)
    intro = escape_text(_INTRO)
    if link:
        intro += f" The TEI file records the comparison: [{escape_text(link[0])}]({link[1]})."
    out = ["## Comparison of releases {#comparison}", intro]
    out.append("\n".join(f"- {escape_text(line)}" for line in _summary_lines(doc, summary)))
    header = "| Passage | " + " | ".join(escape_text(_witness_title(w, k)) for k, w in zip(keys, doc.witnesses)) + " |"
    rule = "| --- " * (len(keys) + 1) + "|"
    for n, rows in _table_data(doc, passages):
        if n is not None:
            out.append(f"### {escape_text(_section_title(doc, n))} {{#comparison-s{n}}}")
        lines = [header, rule]
        for pid, label, cells in rows:
            cols = [f'<code id="cmp-{pid}">{pid}</code> {escape_text(label)}']
            cols += [f'<span class="cmp cmp-{status}">{escape_text(text)}</span>' for status, text in cells]
            lines.append("| " + " | ".join(cols) + " |")
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def comparison_html(doc: Document, info: Optional[EditionInfo] = None) -> str:
    """``comparison_markdown`` as the HTML Python-Markdown (tables, toc) makes of it, written directly
    for the site's pages ("" with fewer than two witnesses)."""
    if len(doc.witnesses) < 2:
        return ""
    passages = _compare(doc).passages
    summary = witness_summary(doc)
    keys = witness_keys(doc)
    e = lambda s: html.escape(s, quote=False)  # noqa: E731
    link = _tei_link(doc, info)
    intro = e(_INTRO)
    if link:
        intro += f' The TEI file records the comparison: <a href="{html.escape(link[1])}">{e(link[0])}</a>.'
    out = ['<h2 id="comparison">Comparison of releases</h2>', f"<p>{intro}</p>",
           "<ul>\n" + "\n".join(f"<li>{e(line)}</li>" for line in _summary_lines(doc, summary)) + "\n</ul>"]
    head = "<tr>\n<th>Passage</th>\n" + "".join(f"<th>{e(_witness_title(w, k))}</th>\n"
                                                for k, w in zip(keys, doc.witnesses)) + "</tr>"
    for n, rows in _table_data(doc, passages):
        if n is not None:
            title = _section_title(doc, n)
            out.append(f'<h3 id="comparison-s{n}">{e(title)}</h3>')
        body = []
        for pid, label, cells in rows:
            tds = [f'<td><code id="cmp-{pid}">{e(pid)}</code> {e(label)}</td>']
            tds += [f'<td><span class="cmp cmp-{status}">{e(text)}</span></td>' for status, text in cells]
            body.append("<tr>\n" + "\n".join(tds) + "\n</tr>")
        out.append(f"<table>\n<thead>\n{head}\n</thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>")
    return "\n".join(out) + "\n"
