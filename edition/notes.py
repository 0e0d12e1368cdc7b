"""Editorial notes: ``content/notes.yaml`` + Documents → Documents with ``Annotation`` nodes.

    content/notes.yaml → ``load_notes(content_dir, reporter)`` → [EditorialNote]
    Document → ``attach_notes(doc, notes, locator)`` → Document with ``Annotation(children, note, id,
               resp)`` around the quoted passage (TEI ``<note>`` after it, a footnote in Markdown)

Each entry::

    - document: 1962-10-26-memo-negotiation
      phrase: Polto 506                 # the passage, quoted as it reads (corrected reading or as read)
      occurrence: 1                     # optional: which occurrence (default the first: FRUS notes
                                        # a person or a reference at its first mention)
      id: polto-506                     # optional stable note id (default: from the phrase)
      resp: "#editors"                  # optional
      note: >-
        Markdown text of the note.

The passage is found across markup (names, references, corrections, struck words) and the note wraps
whole nodes. A phrase that stands only outside the reading text (a header value, a stamp) gives a
document-level editorial note instead. A phrase found nowhere in the document is an error E006 at the
entry's path:line in the notes file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Optional

from .corrections import _source_text
from .diagnostics import Reporter
from .inline_text import SourceLocator, map_sequences, phrase_pattern, project, wrap
from .model import Annotation, Document, Inline
from .registers import checked_entry, key_node, list_items, node_pos

NOTE_KEYS = {"document", "phrase", "occurrence", "id", "resp", "note"}


@dataclass
class EditorialNote:
    document: str
    phrase: str
    note: str
    occurrence: int
    id: str
    resp: str
    path: str
    line: int
    col: int
    attached: int = 0


def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return "-".join(s.split("-")[:6]) or "note"


def load_notes(content_dir: Path, reporter: Reporter, doc_ids: Optional[set[str]] = None) -> list[EditorialNote]:
    """``content/notes.yaml`` → notes, with unique stable ids per document; bad entries → E006."""
    path = content_dir / "notes.yaml"
    out: list[EditorialNote] = []
    used: dict[str, set[str]] = {}
    for raw, rnode in list_items(path, "notes", reporter):
        line, col = node_pos(rnode)
        if not checked_entry(raw, rnode, "note", NOTE_KEYS, ("document", "phrase", "note"), str(path), reporter):
            continue
        doc = str(raw["document"])
        if doc_ids is not None and doc not in doc_ids:
            reporter.error(str(path), *node_pos(key_node(rnode, "document")), "E006",
                           f"note for document {doc!r}, which is not in the edition", missing=doc)
            continue
        occ = raw.get("occurrence", 1)
        if not isinstance(occ, int) or isinstance(occ, bool) or occ < 1:
            reporter.error(str(path), line, col, "E006", f"occurrence must be a positive number, not {occ!r}")
            occ = 1
        phrase = " ".join(str(raw["phrase"]).split())
        nid = str(raw.get("id") or "n-" + _slug(phrase) + (f"-{occ}" if occ > 1 else ""))
        taken = used.setdefault(doc, set())
        if nid in taken:
            if raw.get("id"):
                reporter.error(str(path), line, col, "E006", f"note id {nid!r} is used twice in document {doc!r}")
            k = 2
            while f"{nid}-{k}" in taken:
                k += 1
            nid = f"{nid}-{k}"
        taken.add(nid)
        out.append(EditorialNote(document=doc, phrase=phrase, note=str(raw["note"]).strip(), occurrence=occ,
                                 id=nid, resp=str(raw.get("resp") or "#editors"), path=str(path), line=line, col=col))
    return out


def attach_notes(doc: Document, notes: list[EditorialNote], locator: SourceLocator) -> Document:
    """Document → Document with each note wrapped around its passage (see the module docstring)."""
    if not notes:
        return doc
    counters = [0] * len(notes)
    pats = [phrase_pattern(n.phrase) for n in notes]

    def one(seq: tuple[Inline, ...], corrected: bool) -> tuple[Inline, ...]:
        proj = project(seq, "full", corrected=corrected)
        runs = []
        for ni, n in enumerate(notes):
            if n.attached:
                continue
            for m in pats[ni].finditer(proj.text):
                snapped = proj.snap(m.start(), m.end(), extend=True)
                if snapped is None or any(s < snapped[1] and snapped[0] < e for s, e, _ in runs):
                    continue
                counters[ni] += 1
                if counters[ni] != n.occurrence:
                    continue
                n.attached += 1
                runs.append((snapped[0], snapped[1],
                             lambda kids, n=n: Annotation(kids, n.note, n.id, n.resp)))
                break
        if not runs:
            return seq
        runs.sort(key=lambda r: r[0])
        return wrap(seq, proj, runs)

    # the corrected reading first ("Rostow Subcommittee"), then the text as read ("Rostov")
    new = map_sequences(doc, lambda seq, b, w: one(seq, True))
    if any(not n.attached for n in notes):
        counters[:] = [0] * len(notes)
        new = map_sequences(new, lambda seq, b, w: one(seq, False))
    outside = []
    pending = [n for n in notes if not n.attached]
    if pending:
        source = _source_text(doc, locator)
        for n in pending:
            hits = list(phrase_pattern(n.phrase).finditer(source))
            if len(hits) >= n.occurrence:
                n.attached += 1
                outside.append(f"{n.phrase}: {n.note}")
    if outside:
        new = replace(new, notes=tuple(new.notes) + tuple(outside))
    return new


def report_unattached(notes: list[EditorialNote], reporter: Reporter) -> None:
    """Every note whose phrase is not in its document: E006 at its path:line in the notes file."""
    for n in notes:
        if not n.attached:
            occ = f" (occurrence {n.occurrence})" if n.occurrence > 1 else ""
            reporter.error(n.path, n.line, n.col, "E006",
                           f"note: phrase {n.phrase!r}{occ} is not found in document {n.document!r}")
