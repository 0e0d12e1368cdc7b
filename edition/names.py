"""Name finding: a Document's inline text + the registers → the same Document with ``Name`` nodes.

    Registers → ``NameFinder(registers)`` (compiled once: one trie-shaped regex over every form)
    Document  → ``finder.tag(doc)`` → Document with ``Name(children, kind, ref)`` nodes and
                ``Document.persons`` filled (register ids of the persons named, in order of first mention)

Rules (editorial decisions, each with its reason):

- Longest form first ("Chairman Khrushchev" before "Khrushchev", "Rostow Subcommittee" before
  "Rostow"); a phrase in the stop-list ("Secretary of State", "Secretary General") is consumed
  without a tag so that its parts are not tagged either.
- Mixed-case text is matched case-sensitively: "Green" the person, never "green"; a form may also
  appear in capitals ("MOSCOW" in "Embassy MOSCOW"). ALL-CAPS text (telegram prose) is matched
  without regard to case.
- A form marked ``context`` is also an ordinary word ("GREEN", "BALL", "US"). In capitals it is a
  name only next to a title ("MR. BALL") or a reporting verb ("GREEN REPLIED"); a person so
  confirmed once in a document is then tagged at every other mention in it ("TALK BETWEEN GREEN
  AND …"): one sense per discourse. Other kinds of entity are never tagged in capitals on such a
  form alone. In mixed case a capitalised form is a name, except at a sentence start where it needs
  the same confirmation.
- A bare title form (``title``: "President", "Chairman") is not taken when a name follows it
  ("President Diem" is not Kennedy).
- Names are never found inside another Name or a Ref; a name may wrap an editorial correction
  (``Choice``) but never split one, so corrections run first ("Cubs" → "Cuba" is found as Cuba).
- Possessives stay outside the name: ``Khrushchev``'s.
"""

from __future__ import annotations

import re
from typing import Optional

from .inline_text import OPAQUE, Projection, map_containers, map_sequences, project, with_fields, wrap
from .model import Document, Inline, Name
from .registers import Entry, Form, Registers

# Words before a name that make an ambiguous capitals form a person (editorial list).
TITLES = frozenset("""MR MRS MISS DR SECRETARY MINISTER AMBASSADOR SENATOR GENERAL GEN ADMIRAL ADM PRESIDENT
CHAIRMAN CHANCELLOR PREMIER UNDERSECRETARY AMB FONMIN GOVERNOR GOV JUDGE""".split())
# Reporting verbs after a name in telegram prose ("GREEN REPLIED"): a person is speaking.
REPORTING = frozenset("""STATED SAID REPLIED REITERATED ASKED ADDED NOTED AGREED TOLD EXPRESSED EMPHASIZED
EMPHASISED INDICATED SUGGESTED UNDERLINED INSISTED EXPLAINED OBSERVED REMARKED COMMENTED INFORMED PROPOSED
URGED INTERJECTED DECLARED ANSWERED RESPONDED SAYS BELIEVES THINKS FEELS WANTS INQUIRED ENQUIRED
ACKNOWLEDGED CONFIRMED DENIED""".split())

_WORD = re.compile(r"[A-Za-z][A-Za-z'’.]*")
_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")
_PREV_WORD = re.compile(r"([A-Za-z]+)\.?\s*$")
_NEXT_WORD = re.compile(r"^(?:['’][Ss])?\s+([A-Za-z]+)")


_UPPER_B = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER_B = b"abcdefghijklmnopqrstuvwxyz"


def is_caps(text: str) -> bool:
    """Is this run of text written in capitals (telegram prose)?"""
    b = text.encode("ascii", "ignore")
    n = len(b)
    upper = n - len(b.translate(None, _UPPER_B))
    lower = n - len(b.translate(None, _LOWER_B))
    return upper >= 2 and upper >= 3 * lower


def _trie_pattern(keys: list[str]) -> str:
    """Casefolded keys → one regex that tries the longest key first at each position (a trie, so
    the engine follows one branch per character instead of trying every key)."""
    trie: dict = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def esc(ch: str) -> str:
        return r"\s+" if ch == " " else re.escape(ch)

    def build(node: dict) -> str:
        end = "" in node
        alts = [esc(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return build(trie)


class NameFinder:
    """The registers compiled for tagging: build once, call ``tag(doc)`` for every document."""

    def __init__(self, registers: Registers):
        self.registers = registers
        # casefolded form (single spaces) → candidates in register order; None = stop-list phrase
        self.candidates: dict[str, list[tuple[Optional[Entry], Optional[Form]]]] = {}
        for entry in registers.entries.values():
            if entry.kind == "term" and entry.see:
                continue  # the entry it points to carries the forms
            for form in entry.forms:
                self.candidates.setdefault(form.text.lower(), []).append((entry, form))
        for phrase in registers.stop_phrases:
            self.candidates.setdefault(phrase.lower(), []).append((None, None))
        # keys are lower-cased (casefold would turn "ß" into "ss" and break the lengths)
        self.candidates = {k.lower(): v for k, v in self.candidates.items()}
        keys = sorted(self.candidates, key=len, reverse=True)
        body = r"(?<!\w)" + _trie_pattern(keys) + r"(?!\w)"
        # matched against the lower-cased text (faster than IGNORECASE); the other for odd Unicode
        self.pattern = re.compile(body) if keys else None
        self.pattern_i = re.compile(body, re.IGNORECASE) if keys else None
        self._single = {}  # one-key patterns for falling back to a shorter form
        # shorter keys that begin a longer key (word-wise), longest first
        self.prefixes: dict[str, list[str]] = {}
        for key in keys:
            words = key.split(" ")
            pre = []
            for k in range(len(words) - 1, 0, -1):
                p = " ".join(words[:k])
                if p in self.candidates:
                    pre.append(p)
            # prefixes inside one word ("U.A." of "U.A.Johnson") are not names on their own
            if pre:
                self.prefixes[key] = pre
        self.person_words = frozenset(f.text.upper() for e in registers.of_kind("person") for f in e.forms
                                      if " " not in f.text and not f.title and not f.context)

    # ----------------------------------------------------------------------------------------

    def _key_pattern(self, key: str) -> "re.Pattern[str]":
        pat = self._single.get(key)
        if pat is None:
            body = r"\s+".join(re.escape(w) for w in key.split(" "))
            pat = self._single[key] = re.compile(r"(?<!\w)" + body + r"(?!\w)", re.IGNORECASE)
        return pat

    def _judge(self, text: str, start: int, end: int, form: Form, entry: Entry, caps: bool) -> Optional[str]:
        """'ok', 'pending' (needs the person confirmed elsewhere in the document) or None."""
        matched = " ".join(text[start:end].split())
        exact = matched == form.text
        upper = matched == form.text.upper() and matched != form.text
        if caps:
            if not matched[:1].isupper() and not exact:
                return None
        elif not (exact or upper):
            return None
        if not form.title and not form.context:
            return "ok"
        prev_m = _PREV_WORD.search(text[max(0, start - 24):start])
        prev = prev_m.group(1).upper() if prev_m else ""
        next_m = _NEXT_WORD.match(text[end:end + 30])
        nxt = next_m.group(1) if next_m else ""
        if form.title:
            if caps or upper:
                if nxt.upper() in self.person_words:
                    return None
            elif nxt[:1].isupper() and not text[end:end + 2].startswith("."):
                return None
        if not form.context:
            return "ok"
        if not caps and exact:
            before = text[:start].rstrip()
            if before and before[-1] not in ".!?:" and before[-1] != OPAQUE:
                return "ok"
        # capitals (or a sentence start): only a person is named on local context or confirmation
        if entry.kind != "person":
            return None
        if prev in TITLES or nxt.upper() in REPORTING:
            return "ok"
        return "pending"

    def find(self, text: str, doc: Document, proj: Projection) -> list[tuple[int, int, Entry, str]]:
        """Every name in one projected text: ``(start, end, entry, status)``, non-overlapping."""
        out: list[tuple[int, int, Entry, str]] = []
        if self.pattern is None or not text.strip():
            return out
        caps: Optional[bool] = None  # told when first needed: most texts name no one
        pos = 0
        low = text.lower()
        if len(low) == len(text):
            search = self.pattern.search
        else:
            low, search = text, self.pattern_i.search
        while True:
            m = search(low, pos)
            if m is None:
                break
            start = m.start()
            key = " ".join(m.group().split()).lower()
            keys = [key] + self.prefixes.get(key, [])
            taken = False
            for k in keys:
                if k == key:
                    end = m.end()
                else:
                    mm = self._key_pattern(k).match(low, start)
                    if mm is None:
                        continue
                    end = mm.end()
                verdict = None
                entry_taken = None
                for entry, form in self.candidates.get(k, ()):  # a case mapping that changes length (İ) finds no form
                    if entry is None:  # stop-list phrase: consumed, not tagged
                        verdict = "stop"
                        break
                    if not form.applies(doc.id, doc.date, doc.direction):
                        continue
                    if caps is None:
                        caps = is_caps(text)
                    verdict = self._judge(text, start, end, form, entry, caps)
                    if verdict:
                        entry_taken = entry
                        break
                if verdict is None:
                    continue
                if verdict == "stop":
                    pos = end
                    taken = True
                    break
                if proj.snap(start, end) is None:
                    continue
                out.append((start, end, entry_taken, verdict))
                pos = end
                taken = True
                break
            if not taken:
                pos = start + 1
        return out

    def tag(self, doc: Document) -> Document:
        """Document → Document with Name nodes and ``persons`` (see the module docstring)."""
        if self.pattern is None:
            return doc
        confirmed: set[str] = set()
        persons: list[str] = list(doc.persons)
        held: list[Optional[tuple[tuple[Inline, ...], list]]] = []  # per sequence, in reading order

        def runs_of(hits, pending_ok: bool):
            runs = []
            for start, end, entry, status in hits:
                if status == "pending" and not (pending_ok and entry.id in confirmed):
                    continue
                runs.append((start, end, lambda kids, e=entry: Name(kids, e.kind, e.id)))
                if entry.kind == "person" and entry.id not in persons:
                    persons.append(entry.id)
            return runs

        # pass 1: find and wrap; a sequence with a name that waits for confirmation is held back
        def first(seq: tuple[Inline, ...]) -> tuple[Inline, ...]:
            proj = project(seq, "names")
            hits = self.find(proj.text, doc, proj)
            for _, _, entry, status in hits:
                if status == "ok" and entry.kind == "person":
                    confirmed.add(entry.id)
            if any(h[3] == "pending" for h in hits):
                held.append((seq, hits))
                return seq
            held.append(None)
            if not hits:
                return seq
            return wrap(seq, proj, runs_of(hits, False))

        new = map_sequences(doc, lambda seq, b, w: map_containers(seq, first))
        # persons named in the heading (drafter, clearances, "FOR STEVENSON AND McCLOY"): header
        # values are strings, so they get no Name nodes, but the document names them all the same
        for text in header_texts(doc):
            for _, _, entry, status in self.find(text, doc, _flat(text)):
                if entry.kind == "person" and (status == "ok" or entry.id in confirmed) and entry.id not in persons:
                    persons.append(entry.id)
        if any(h is not None for h in held):
            # pass 2: the held sequences, now that the whole document has been read
            it = iter(held)

            def second(seq: tuple[Inline, ...]) -> tuple[Inline, ...]:
                rec = next(it)
                if rec is None:
                    return seq
                runs = runs_of(rec[1], True)
                return wrap(seq, project(seq, "names"), runs) if runs else seq

            new = map_sequences(new, lambda seq, b, w: map_containers(seq, second))
        if new is doc and tuple(persons) == tuple(doc.persons):
            return doc
        return with_fields(new, persons=tuple(persons))


# header fields that are not the document's own words about persons (stamps, banners, debris)
SKIP_FIELDS = frozenset({"stamp", "debris", "banner", "classification", "caveat", "form", "date", "dateline",
                         "received", "control", "routing", "precedence", "no"})


def header_texts(doc: Document) -> list[str]:
    """The heading's strings that may name persons: header values, drafter, clearances, signers,
    sender and addressee (each once)."""
    texts = [f.value for f in doc.fields if f.name not in SKIP_FIELDS]
    texts += [f.value for w in doc.witnesses for sec in w.sections for f in sec.header if f.name not in SKIP_FIELDS]
    texts += [t for t in (doc.drafter, doc.sender, doc.addressee) if t]
    texts += list(doc.clearances) + list(doc.signers)
    return list(dict.fromkeys(t for t in texts if t and t.strip()))


def _flat(text: str) -> Projection:
    return Projection(text, [0], [len(text)], [False])


def tag_names(docs: list[Document], registers: Registers) -> list[Document]:
    """Documents → the same documents with names tagged (compiles the registers once)."""
    finder = NameFinder(registers)
    return [finder.tag(d) for d in docs]
