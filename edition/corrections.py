"""Editorial corrections: ``content/corrections.yaml`` + Documents → Documents with ``Choice`` nodes.

    content/corrections.yaml → ``load_corrections(content_dir, reporter)`` → [Correction]
    Document → ``apply_corrections(doc, corrections, locator)`` → Document with
               ``Choice(sic, corr, resp, reason, kind)`` where the text as read stands

Each entry::

    - document: 1962-10-27-deptel-moscow-1015   # the document id (as the reader gives it)
      text: RUSSK                               # exactly as read (case matters; spacing does not)
      correction: RUSK
      resp: "#editors"                          # who corrected (default #editors)
      why: OCR misreading of the signature      # why
      kind: normalisation                       # optional: orig/reg instead of sic/corr
      occurrence: 2                             # optional: only the 2nd occurrence (default: all)

The source file is never changed: the Choice keeps the text as read beside the correction.

Where the text stands outside the reading text (a header value, a running head, a banner: strings in
the model, which can hold no Choice), the correction is recorded in the document's editorial notes,
so nothing is silently dropped. A correction whose text is not in its document at all is stale (the
source or the reader changed): error E007 at the entry's path:line in the corrections file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Optional

from .diagnostics import Reporter
from .inline_text import SourceLocator, map_containers, map_sequences, project, wrap
from .model import Choice, Document, Inline
from .registers import checked_entry, key_node, list_items, node_pos

CORRECTION_KEYS = {"document", "text", "correction", "resp", "why", "kind", "occurrence"}


@dataclass
class Correction:
    """One entry of the corrections file, with where it stands in that file."""

    document: str
    text: str
    correction: str
    resp: str
    why: str
    kind: str
    occurrence: Optional[int]
    path: str
    line: int
    col: int
    applied: int = 0
    outside: int = 0

    _pattern: Optional["re.Pattern[str]"] = None

    @property
    def pattern(self) -> "re.Pattern[str]":
        if self._pattern is None:
            words = self.text.split()
            body = r"\s+".join(re.escape(w) for w in words)
            left = r"(?<!\w)" if re.match(r"\w", self.text) else ""
            right = r"(?!\w)" if re.search(r"\w$", self.text) else ""
            self._pattern = re.compile(left + body + right)
        return self._pattern


def load_corrections(content_dir: Path, reporter: Reporter, doc_ids: Optional[set[str]] = None) -> list[Correction]:
    """``content/corrections.yaml`` → corrections; bad entries reported (E006) with path:line."""
    path = content_dir / "corrections.yaml"
    out: list[Correction] = []
    for raw, rnode in list_items(path, "corrections", reporter):
        line, col = node_pos(rnode)
        if not checked_entry(raw, rnode, "correction", CORRECTION_KEYS, ("document", "text", "correction"),
                             str(path), reporter):
            continue
        doc = str(raw["document"])
        if doc_ids is not None and doc not in doc_ids:
            reporter.error(str(path), *node_pos(key_node(rnode, "document")), "E007",
                           f"stale correction: document {doc!r} is not in the edition", missing=doc)
            continue
        kind = str(raw.get("kind") or "correction")
        if kind not in ("correction", "normalisation"):
            reporter.error(str(path), line, col, "E006", f"kind must be correction or normalisation, not {kind!r}")
            kind = "correction"
        occ = raw.get("occurrence")
        if occ is not None and (not isinstance(occ, int) or isinstance(occ, bool) or occ < 1):
            reporter.error(str(path), line, col, "E006", f"occurrence must be a positive number, not {occ!r}")
            occ = None
        out.append(Correction(document=doc, text=" ".join(str(raw["text"]).split()),
                              correction=str(raw["correction"]), resp=str(raw.get("resp") or "#editors"),
                              why=str(raw.get("why") or ""), kind=kind, occurrence=occ,
                              path=str(path), line=line, col=col))
    return out


def _source_text(doc: Document, locator: SourceLocator) -> str:
    """The document's own lines of its source file (empty when the file cannot be read)."""
    loaded = locator._load(doc.source)  # noqa: SLF001 — one cache of source files per build
    if not loaded:
        return ""
    text, offsets = loaded
    first, last = doc.source_lines
    a = offsets[first - 1] if 0 < first <= len(offsets) else 0
    b = offsets[last] if 0 < last < len(offsets) else len(text)
    return text[a:b]


def apply_corrections(doc: Document, corrections: list[Correction], locator: SourceLocator) -> Document:
    """Document → Document with every correction for it applied as ``Choice`` nodes (see the module
    docstring); counts what was applied on each Correction (``applied``, ``outside``)."""
    if not corrections:
        return doc
    # longest text first: "Hemo en megotiations" wins over "megotiations" inside it
    corrections = sorted(corrections, key=lambda c: -len(c.text))
    counters = [0] * len(corrections)

    def one(seq: tuple[Inline, ...]) -> tuple[Inline, ...]:
        proj = project(seq, "corrections")
        text = proj.text
        runs = []
        for ci, c in enumerate(corrections):
            for m in c.pattern.finditer(text):
                if proj.snap(m.start(), m.end()) is None:
                    continue
                if any(s < m.end() and m.start() < e for s, e, _ in runs):
                    continue
                counters[ci] += 1
                if c.occurrence is not None and counters[ci] != c.occurrence:
                    continue
                c.applied += 1
                sic = m.group()
                runs.append((m.start(), m.end(),
                             lambda kids, c=c, sic=sic: Choice(sic, c.correction, c.resp, c.why, c.kind)))
        if not runs:
            return seq
        runs.sort(key=lambda r: r[0])
        return wrap(seq, proj, runs)

    new = map_sequences(doc, lambda seq, b, w: map_containers(seq, one))
    new = _correct_metadata(new, corrections)
    # what is not in the reading text: header values, running heads, banners (strings in the model)
    pending = [c for c in corrections if c.applied == 0]
    if not pending:
        return new
    source = _source_text(doc, locator)
    recorded: list[str] = []
    for c in pending:
        hits = list(c.pattern.finditer(source))
        if c.occurrence is not None:
            hits = hits[c.occurrence - 1:c.occurrence]
        if hits:
            c.outside += len(hits)
            start_line = doc.source_lines[0]
            lines = sorted({start_line + source.count("\n", 0, h.start()) for h in hits})
            where = ", ".join(str(n) for n in lines)
            recorded.append(f"“{c.text}” (line{'s' if len(lines) > 1 else ''} {where}) read as “{c.correction}”"
                            + (f": {c.why}" if c.why else ""))
    if not recorded:
        return new
    note = "Corrected by the editors outside the reading text: " + "; ".join(recorded) + "."
    return replace(new, notes=tuple(new.notes) + (note,))


def _correct_metadata(doc: Document, corrections: list[Correction]) -> Document:
    """The metadata read from the text (subject, signers, sender, addressee) give the corrected
    reading: a historian searching for "Negotiations" or the signer "RUSK" should find them. The text
    as read stays in the TEI and on the page as ``sic``, so nothing is lost."""
    def fix(value):
        if not value:
            return value
        for c in corrections:
            value = c.pattern.sub(lambda m, c=c: c.correction, value)
        return value
    changed = {
        "subject": fix(doc.subject), "sender": fix(doc.sender), "addressee": fix(doc.addressee), "title": fix(doc.title),
        "signers": tuple(fix(s) for s in doc.signers),
    }
    if all(getattr(doc, k) == v for k, v in changed.items()):
        return doc
    return replace(doc, **changed)


def report_stale(corrections: list[Correction], reporter: Reporter) -> None:
    """Every correction that found its text nowhere in its document: E007 at its path:line."""
    for c in corrections:
        if c.applied == 0 and c.outside == 0:
            occ = f" (occurrence {c.occurrence})" if c.occurrence else ""
            reporter.error(c.path, c.line, c.col, "E007",
                           f"stale correction: {c.text!r}{occ} is no longer found in document {c.document!r}")
