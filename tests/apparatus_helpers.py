"""Small hand-made documents for the apparatus tests: ``doc_of("text", …)`` → a Document whose body is
one paragraph per text; ``show(doc)`` → its text with names as ``[text|id]``, references as
``<text|key→target>``, corrections as ``{sic→corr}`` and notes as ``((text))^id``, one line per block."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from edition.diagnostics import Reporter
from edition.inline_text import iter_sequences
from edition.model import (Annotation, Choice, Document, Gap, LineBreak, Name, Paragraph, Ref, Section, Span,
                           Text, Witness)

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def load_editorial_file(loader, folder: Path, name: str, text: str, ids=None):
    """Write ``text`` as the editorial file ``folder/name`` and read it with ``loader(folder,
    reporter, ids)`` (``load_corrections``, ``load_links``, ``load_notes``) → (what it read, reporter)."""
    (folder / name).write_text(text, encoding="utf-8")
    reporter = Reporter()
    return loader(folder, reporter, ids), reporter


def doc_of(*texts, id="test-doc", date="1962-10-28", direction=None, number=None, sender=None, addressee=None,
           kind="memorandum", inlines=None, source="test.txt") -> Document:
    blocks = []
    for i, t in enumerate(texts):
        blocks.append(Paragraph((Text(t),), Span(i + 1, 1, i + 1, max(1, len(t)))))
    if inlines is not None:
        blocks.append(Paragraph(tuple(inlines), Span(len(texts) + 1, 1, len(texts) + 1, 10)))
    sec = Section(None, None, (), tuple(blocks), Span(1, 1, len(blocks) + 1, 1))
    return Document(id=id, source=source, source_lines=(1, len(blocks)), kind=kind, direction=direction,
                    title=f"Test {id}", date=date, time=None, date_text=date, place=None, sender=sender,
                    addressee=addressee, number=number, precedence=None, classification=None, caveats=(),
                    subject=None, signers=(), witnesses=(Witness("w1", "Release", (sec,), sec.span),))


def show_inline(n) -> str:
    if isinstance(n, Text):
        return n.text
    if isinstance(n, LineBreak):
        return ""
    if isinstance(n, Gap):
        return n.raw
    if isinstance(n, Name):
        return "[" + "".join(show_inline(c) for c in n.children) + "|" + n.ref + "]"
    if isinstance(n, Ref):
        return "<" + "".join(show_inline(c) for c in n.children) + "|" + n.key + "→" + str(n.target) + ">"
    if isinstance(n, Choice):
        return "{" + n.sic + "→" + n.corr + "}"
    if isinstance(n, Annotation):
        return "((" + "".join(show_inline(c) for c in n.children) + "))^" + n.id
    return "".join(show_inline(c) for c in getattr(n, "children", ()))


def show(doc: Document) -> list[str]:
    return ["".join(show_inline(n) for n in seq) for seq, _, _ in iter_sequences(doc)]


@lru_cache(maxsize=None)
def seed_corpus():
    """The seed documents as the reader gives them, with the apparatus applied (read once)."""
    from edition.reader import read_corpus
    reporter = Reporter()
    _, docs = read_corpus(CONTENT, reporter)
    return tuple(docs), tuple(reporter.diagnostics)


def seed(doc_id: str) -> Document:
    docs, _ = seed_corpus()
    for d in docs:
        if d.id == doc_id:
            return d
    raise AssertionError(f"the reader gives no document {doc_id!r}; ids: {[d.id for d in docs]}")
