"""The editorial apparatus: Documents as read → Documents as edited (a transform Document → Document).

    apply_apparatus(docs, content_dir, reporter) → docs with, in this order:
      1. registers    content/registers/*.yaml         loaded and checked (E006)
      2. corrections  content/corrections.yaml → Choice nodes (E007 when stale)
      3. references   numbered citations + content/links.yaml → Ref nodes, Document.references (W107)
      4. names        the registers' forms → Name nodes, Document.persons
      5. notes        content/notes.yaml → Annotation nodes (E006 when the phrase is gone)
    Apparatus(content_dir, reporter, ids)   the editorial files loaded once; apply_apparatus is
        ``finish([annotate(d) for d in docs])``: ``annotate(doc)`` is the per-document work (steps
        2–5, numbered references found but left with a placeholder target; touches no shared state,
        so it runs in the reading workers and its result is cached per source), ``finish`` the
        corpus-wide pass (reference keys → document ids, one dict lookup each; W107; stale entries)
    backlinks(docs)                         → {document id: [(citing id, Reference)]}
    unregistered_candidates(docs, registers) → W108 diagnostics for ``edition check``
    check_unregistered(docs, content_dir)     → the same with the registers already loaded
    register_pages(info, docs)              → the register pages (the site's seam, edition/pages.py)

Why this order:
- Corrections first, so the later stages see the corrected reading: "Cubs" is found as Cuba,
  "Rostov Subcommittee" as the Rostow Subcommittee, "RUSSK" as Rusk, "CIRCR 744" as CIRC 744. A
  name or reference may wrap a correction, never split it.
- References before names: a citation ("POLTO 512", "TOPOLS 574 578") is one reference, and names
  are never tagged inside a Ref, so "POLTO" inside it is not a separate term mention (the term's
  register page counts the documents citing the series from their references instead).
- Notes last: a note anchors to a passage and may enclose names, references and corrections.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Optional, Sequence

from .corrections import apply_corrections, load_corrections, report_stale
from .diagnostics import Diagnostic, Reporter
from .inline_text import OPAQUE, SourceLocator, iter_sequences, project, with_fields
from .model import Document, EditionInfo, Name
from .names import TITLES, NameFinder, is_caps
from .notes import attach_notes, load_notes, report_unattached
from .references import (Links, ReferenceFinder, ReferenceIndex, backlinks as _backlinks, collect_pending, load_links,
                         resolve_pending)
from .registers import Registers, load_registers

# The registers of the last apply_apparatus() call, for register_pages(info, docs): the site's seam
# (edition/pages.py EXTRA_PAGE_PROVIDERS) passes no content folder.
_LAST: dict[str, Registers] = {}


class Apparatus:
    """The editorial files of one build, loaded and checked once (``prepare``), split into the
    per-document work (``annotate``: corrections, references found, names, notes — in a worker, its
    result cacheable) and the corpus-wide pass (``finish``: reference keys → document ids, W107 and
    the reports of stale entries; a dict lookup per reference)."""

    def __init__(self, content_dir: Path, reporter: Reporter, ids: Optional[set[str]]):
        content_dir = Path(content_dir)
        self.content_dir = content_dir
        self.registers = load_registers(content_dir, reporter)
        _LAST["registers"] = self.registers
        self.locator = SourceLocator(content_dir)
        self.corrections = load_corrections(content_dir, reporter, ids)
        self.corrections_by_doc: dict[str, list] = {}
        for c in self.corrections:
            self.corrections_by_doc.setdefault(c.document, []).append(c)
        self.links = load_links(content_dir, reporter, ids)
        self.notes = load_notes(content_dir, reporter, ids)
        self.notes_by_doc: dict[str, list] = {}
        for n in self.notes:
            self.notes_by_doc.setdefault(n.document, []).append(n)
        self.names = NameFinder(self.registers)
        # The register forms limited to named documents: the only way the names found in a text
        # depend on its document's id (``Form.applies``).
        self.forms_by_doc: dict[str, list] = {}
        for entry in self.registers.entries.values():
            for form in entry.forms:
                for doc_id in sorted(form.documents):
                    self.forms_by_doc.setdefault(doc_id, []).append((entry.id, form.text))
        self._registers_key: Optional[str] = None
        self.index: Optional[ReferenceIndex] = None  # (``finish``'s)
        # the ids some entry names: the others' document key is the empty one (most of an edition)
        self._entered = set(self.forms_by_doc) | set(self.corrections_by_doc) | set(self.links.by_document) \
            | set(self.notes_by_doc)

    def registers_key(self) -> str:
        """A hash of the registers folder (every document's names depend on all of it)."""
        if self._registers_key is None:
            from .pipeline import tree_hash
            self._registers_key = tree_hash(self.content_dir / "registers")
        return self._registers_key

    def document_key(self, doc_id: str) -> tuple:
        """What of the editorial files (besides the registers) one document's annotation depends
        on: its corrections, links and notes (not their positions in the files), and the register
        forms limited to it. Two ids with the same key give the same annotation (``annotate`` reads
        the id for these lookups only)."""
        if doc_id not in self._entered:
            return _NO_ENTRIES
        # (tuples: the key is hashable, so ``pipeline.sha_kept`` can remember the annotation key)
        return (
            tuple(self.forms_by_doc.get(doc_id, ())),
            tuple((c.text, c.correction, c.resp, c.why, c.kind, c.occurrence) for c in self.corrections_by_doc.get(doc_id, ())),
            tuple((l.phrase, l.key, l.target, l.note, l.occurrence) for l in self.links.by_document.get(doc_id, ())),
            tuple((n.phrase, n.note, n.occurrence, n.id, n.resp) for n in self.notes_by_doc.get(doc_id, ())),
        )

    def annotate(self, doc: Document) -> tuple:
        """One document as read → (document annotated, with placeholder targets on its numbered
        references; the work for ``finish``). Touches no shared state: entries are copied and their
        counts returned."""
        corr = [copy.copy(c) for c in self.corrections_by_doc.get(doc.id, ())]
        for c in corr:
            c.applied = c.outside = 0
        doc = apply_corrections(doc, corr, self.locator)
        links = [copy.copy(l) for l in self.links.by_document.get(doc.id, ())]
        for l in links:
            l.found = 0
        finder = ReferenceFinder(None, Links({doc.id: links}) if links else Links(), self.locator, Reporter())
        doc, pending = finder.find_deferred(doc)
        doc = self.names.tag(doc)
        notes = [copy.copy(n) for n in self.notes_by_doc.get(doc.id, ())]
        for n in notes:
            n.attached = 0
        doc = attach_notes(doc, notes, self.locator)
        # (counted here, in the worker, once: the registers' pages and their signature ask for every
        # document's counts, and walking 10,000 texts twice in the parent cost a second or two)
        doc = with_fields(doc, name_counts=_count_names(doc))
        objects = collect_pending(doc) if pending is not None and pending.requests else []
        return (doc, pending, objects, [(c.applied, c.outside) for c in corr], [l.found for l in links],
                [n.attached for n in notes])

    def finish(self, annotated: Sequence[tuple], reporter: Reporter) -> list[Document]:
        """The corpus-wide pass over ``annotate``'s results (in edition order) → documents."""
        docs = [a[0] for a in annotated]
        index = self.index = ReferenceIndex(docs)  # (kept: ``ahead.py`` resolves an edited source's references by it)
        for doc, pending, objects, ccounts, lcounts, ncounts in annotated:
            if pending is not None:
                resolve_pending(doc, pending, objects, index, reporter)
            if ccounts:
                for c, (applied, outside) in zip(self.corrections_by_doc.get(doc.id, ()), ccounts):
                    c.applied += applied
                    c.outside += outside
            if lcounts:
                for l, found in zip(self.links.by_document.get(doc.id, ()), lcounts):
                    l.found += found
            if ncounts:
                for n, attached in zip(self.notes_by_doc.get(doc.id, ()), ncounts):
                    n.attached += attached
        report_stale(self.corrections, reporter)
        ReferenceFinder(index, self.links, self.locator, reporter).report_stale()
        report_unattached(self.notes, reporter)
        return docs


_NO_ENTRIES: tuple = ((), (), (), ())  # (``Apparatus.document_key`` of a document no entry names)


def apply_apparatus(docs: list[Document], content_dir: Path, reporter: Reporter) -> list[Document]:
    """Documents as read → documents with corrections, references, names and notes (see above)."""
    app = Apparatus(content_dir, reporter, {d.id for d in docs})
    return app.finish([app.annotate(d) for d in docs], reporter)


def backlinks(docs: Sequence[Document]) -> dict[str, list]:
    """{document id: [(citing document id, Reference), …]}: what refers to each document."""
    return _backlinks(list(docs))


# --------------------------------------------------------------------------------------------
# Unregistered names (W108)
# --------------------------------------------------------------------------------------------

_CAP_RUN = re.compile(r"(?<![\w/.'’-])([A-Z][a-z][A-Za-z'’-]*(?:\s+(?:of\s+the\s+|of\s+|de\s+|von\s+)?[A-Z][a-z][A-Za-z'’-]*)*)")
_ABBREV = re.compile(r"(?<![\w/])([A-Z][A-Z/]{1,7})(?![\w/])")
_CAPS_WORD = re.compile(r"(?<![\w/'’])([A-Z][A-Z'’]{2,})(?![\w/])")
_TITLE_BEFORE = re.compile(r"\b(?:MR|MRS|AMBASSADOR|SECRETARY|MINISTER|PRESIDENT|CHAIRMAN|SENATOR|ADMIRAL)\.?\s+$")
_VERB_AFTER = re.compile(r"^(?:['’]S)?\s+(?:STATED|SAID|REPLIED|REITERATED|ASKED|ADDED|NOTED|AGREED|TOLD|EXPRESSED|"
                         r"EMPHASIZED|INDICATED|SUGGESTED|UNDERLINED|URGED|INTERJECTED|REMARKED|COMMENTED)\b")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;]\s*|[\"“(]\s*|^\s*[-–•]\s*)$")


def _vocabulary(docs: Sequence[Document]) -> set[str]:
    """Words the corpus itself writes in lower case somewhere: ordinary words, whatever their case
    elsewhere (an editor's dictionary made from the documents)."""
    vocab: set[str] = set()
    for d in docs:
        for seq, _, _ in iter_sequences(d):
            text = project(seq, "names").text
            if not is_caps(text):
                vocab.update(w.casefold() for w in re.findall(r"\b[a-z][a-z'’-]+\b", text))
    return vocab


def unregistered_candidates(docs: Sequence[Document], registers: Registers,
                            content_dir: Optional[Path] = None) -> list[Diagnostic]:
    """Documents (after the apparatus) → W108 warnings for words that look like names or
    abbreviations and are in no register, each with path:line:col, once per document and word.

    Candidates: in mixed-case text, capitalised words and runs of them not at a sentence start, and
    capitals abbreviations; in capitals (telegram prose), only what stands where a name stands (after
    a title or an opening parenthesis, before a reporting verb, joined by hyphens as
    "TYLER-HILSMAN-NITZE") or looks like cable jargon (no vowel, or ending in -TEL). Not reported:
    words of the editors' stop-list (content/registers/stoplist.yaml), words the corpus writes in
    lower case elsewhere, register forms, and text already inside a Name or Ref."""
    locator = SourceLocator(content_dir)
    forms = {f.text.casefold() for e in registers.entries.values() for f in e.forms}
    forms |= {p.casefold() for p in registers.stop_phrases}
    stop = registers.stop_words
    vocab = _vocabulary(docs)
    out: list[Diagnostic] = []

    def ordinary(word: str) -> bool:
        w = word.casefold().rstrip("'’s").rstrip("'’")
        wf = word.casefold()
        return (wf in stop or w in stop or wf in forms or w in forms or wf in vocab or w in vocab
                or (w.endswith("s") and (w[:-1] in vocab or w[:-1] in stop)))

    for d in docs:
        seen: set[str] = set()
        path = locator.path(d)
        for seq, block, _ in iter_sequences(d):
            text = project(seq, "names").text  # Names and Refs are opaque: already registered
            found: list[str] = []
            if is_caps(text):
                for m in _CAPS_WORD.finditer(text):
                    word = m.group(1)
                    if ordinary(word):
                        continue
                    before, after = text[max(0, m.start() - 16):m.start()], text[m.end():m.end() + 16]
                    jargon = not re.search(r"[AEIOUY]", word) or re.search(r"TELS?$", word)
                    # a name alone in parentheses: "ACTING SECRETARY GENERAL (COLONNA)"
                    alone = before.endswith("(") and after.startswith(")")
                    if jargon or alone or _TITLE_BEFORE.search(before) or _VERB_AFTER.match(after):
                        found.append(word)
            else:
                for m in _CAP_RUN.finditer(text):
                    run = m.group(1)
                    words = run.split()
                    before = text[:m.start()]
                    if _SENTENCE_END.search(before) or before.endswith(OPAQUE) and not before[:-1].strip():
                        words = words[1:]  # a sentence-initial word is no evidence of a name
                        if not words:
                            continue
                    while words and words[0].rstrip(".").upper() in TITLES:
                        words = words[1:]  # "Ambassador Dobrynin": the name is Dobrynin
                    if not words:
                        continue
                    cand = " ".join(words)
                    if all(ordinary(w) for w in words) or cand.casefold() in forms:
                        continue
                    found.append(cand)
                for m in _ABBREV.finditer(text):
                    word = m.group(1)
                    if len(word.replace("/", "")) >= 2 and not ordinary(word) and word not in ("I",):
                        found.append(word)
            for cand in found:
                if cand.casefold() in seen:
                    continue
                seen.add(cand.casefold())
                span = locator.locate(d, block.span, cand)
                out.append(Diagnostic(path, span.line, span.col, "warning", "W108",
                                      f"{cand!r} looks like a name or abbreviation but is in no register "
                                      f"(add it to content/registers/ or to the stop-list)"))
    return out


def check_unregistered(docs: Sequence[Document], content_dir: Path) -> list[Diagnostic]:
    """For ``edition check``: documents (after the apparatus) → W108 warnings, with the registers of
    the last ``apply_apparatus`` run (or loaded from ``content_dir``; their errors were reported then)."""
    registers = _LAST.get("registers") or load_registers(Path(content_dir), Reporter())
    return unregistered_candidates(docs, registers, Path(content_dir))


# --------------------------------------------------------------------------------------------
# Register pages (the site's seam)
# --------------------------------------------------------------------------------------------


def register_pages(info: EditionInfo, docs: Sequence[Document]) -> list:
    """(info, documents) → [GeneratedPage] of the register pages (HTML blocks, published without a
    Markdown conversion), from the registers of the last ``apply_apparatus`` call (none when it
    has not run)."""
    registers = _LAST.get("registers")
    if registers is None or not registers.entries:
        return []
    from .pages import GeneratedPage
    from .register_pages import register_pages as _pages
    return [GeneratedPage(uri, text, html_only=True) for uri, text in _pages(registers, docs).items()]


def _register_pages_signature(info: EditionInfo, docs: Sequence[Document]) -> tuple:
    """What the register pages are made of (``pages.extra_pages`` keeps them while it is the same):
    the registers' entries as the pages show them, and each document's date, title, names and
    series references (the lists they are in and their rows) — not its text."""
    from .listing import LIMIT
    registers = _LAST.get("registers")
    if registers is None or not registers.entries:
        return ("no registers",)
    entries = [(e.id, e.kind, e.name, tuple(f.text for f in e.forms), e.role, e.authority, e.description,
                e.expansion, e.see) for e in registers.entries.values()]
    from .pipeline import per_document
    rows = per_document("register_pages", docs, lambda d: (d.id, d.date, d.time, d.title, name_counts(d),
                                                           tuple(r.key for r in d.references), tuple(d.persons)))
    return (LIMIT, entries, rows)


register_pages.signature = _register_pages_signature  # type: ignore[attr-defined]


def name_counts(doc: Document) -> tuple[tuple[str, int], ...]:
    """How often each register entry is named in a document's text, ((entry id, count), …) sorted by
    id: as counted when it was annotated (``Document.name_counts``), else counted now."""
    return doc.name_counts if doc.name_counts is not None else _count_names(doc)


def _count_names(doc: Document) -> tuple[tuple[str, int], ...]:
    """The Name nodes of a document's text (every witness, wherever they stand), counted by entry."""
    from .inline_text import iter_nodes
    counts: dict[str, int] = {}
    for seq, _, _ in iter_sequences(doc):
        for node in iter_nodes(seq):
            if isinstance(node, Name):
                counts[node.ref] = counts.get(node.ref, 0) + 1
    return tuple(sorted(counts.items()))


def mentions(doc: Document) -> dict[str, int]:
    """{register id: number of mentions} of one document (Name nodes, wherever they stand)."""
    return dict(name_counts(doc))


__all__ = ["apply_apparatus", "backlinks", "unregistered_candidates", "check_unregistered", "register_pages", "mentions", "name_counts"]
