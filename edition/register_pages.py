"""Register pages: Registers + Documents (after the apparatus) → Markdown pages for the site.

    register_pages(registers, docs) → {src_uri: markdown}
      persons/index.md, places/index.md, organizations/index.md, terms/index.md   one list per register
      persons/<id>/index.md …                                                      one page per entry

An entry's page gives its name, role, authority links, description (the editors' Markdown), the forms
found, and every document that mentions it, in date order, with the number of mentions. A term for a
telegram series (Polto, Topol, Deptel, Circ…) also lists the documents that cite a telegram of that
series. One pass over the corpus: O(documents + entries).
"""

from __future__ import annotations

import re
from typing import Sequence

from . import urls
from .inline_text import iter_nodes, iter_sequences
from .model import Document, Name
from .references import SERIES
from .registers import Entry, Registers

TITLES = {"person": "Persons", "place": "Places", "org": "Organizations", "term": "Abbreviations and terms"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _esc(text: str) -> str:
    """Document text inside a Markdown line (titles, forms): escape what Markdown would read."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _date_key(doc: Document) -> tuple:
    return (doc.date or "9999-99-99", doc.time or "", doc.id)


def collect_mentions(registers: Registers, docs: Sequence[Document]) -> dict[str, list[tuple[Document, int]]]:
    """{entry id: [(document, mentions)]} in date order: Name nodes in every witness, and for series
    terms the document's references to that series."""
    series_term: dict[str, str] = {}
    for e in registers.of_kind("term"):
        for f in e.forms:
            s = SERIES.get(f.text.upper())
            if s and s not in series_term:
                series_term[s] = e.id
    per: dict[str, list[tuple[Document, int]]] = {}
    for doc in sorted(docs, key=_date_key):
        counts: dict[str, int] = {}
        for seq, _, _ in iter_sequences(doc):
            for node in iter_nodes(seq):
                if isinstance(node, Name):
                    counts[node.ref] = counts.get(node.ref, 0) + 1
        for r in doc.references:
            term = series_term.get(r.key.rsplit(" ", 1)[0])
            if term:
                counts[term] = counts.get(term, 0) + 1
        for pid in doc.persons:  # named in the heading only (drafter, clearances): no Name node
            counts.setdefault(pid, 0)
        for ref, n in counts.items():
            per.setdefault(ref, []).append((doc, n))
    return per


def _entry_page(entry: Entry, registers: Registers, rows: list[tuple[Document, int]]) -> str:
    here = urls.register_url(entry.kind, entry.id)
    out = [f"# {_esc(entry.name)}", ""]
    facts = []
    if entry.kind == "term" and entry.expansion:
        facts.append(f"**Expansion:** {_esc(entry.expansion)}")
    if entry.role:
        facts.append(f"**Role in 1962:** {_esc(entry.role)}")
    if entry.authority:
        links = ", ".join(f"[Wikidata {q}]({u})" for q, u in zip(entry.authority, entry.authority_urls))
        facts.append(f"**Authority:** {links}")
    if entry.see and registers.get(entry.see):
        target = registers.get(entry.see)
        facts.append(f"**See:** [{_esc(target.name)}]({urls.relative(here, urls.register_url(target.kind, target.id))})")
    if facts:
        out += ["  \n".join(facts), ""]
    if entry.description:
        out += [entry.description, ""]
    forms = list(dict.fromkeys(f.text for f in entry.forms))
    if forms:
        out += ["**Forms in the documents:** " + " · ".join(_esc(f) for f in forms), ""]
    out += ["## Documents", ""]
    if rows:
        out += [f"Named in {len(rows)} document{'s' if len(rows) != 1 else ''}.", "",
                "| Date | Document | Mentions |", "| --- | --- | ---: |"]
        for doc, n in rows:
            link = urls.relative(here, urls.document_url(doc.id))
            shown = str(n) if n else "in the heading"
            out.append(f"| {doc.date or 'undated'} | [{_esc(doc.title or doc.id)}]({link}) | {shown} |")
    else:
        out.append("Not mentioned in the documents of this edition.")
    return "\n".join(out) + "\n"


def _index_page(kind: str, entries: list[Entry], per: dict[str, list[tuple[Document, int]]]) -> str:
    here = urls.register_index_url(kind)
    out = [f"# {TITLES.get(kind, kind.title())}", ""]
    if not entries:
        return "\n".join(out + ["No entries yet.", ""])
    if kind == "term":
        out += ["| Term | Expansion | Documents |", "| --- | --- | ---: |"]
    else:
        out += ["| Name | Role | Documents |", "| --- | --- | ---: |"]
    for e in sorted(entries, key=lambda e: e.name.casefold()):
        link = urls.relative(here, urls.register_url(kind, e.id))
        second = e.expansion if kind == "term" else e.role
        out.append(f"| [{_esc(e.name)}]({link}) | {_esc(second) or '—'} | {len(per.get(e.id, []))} |")
    return "\n".join(out) + "\n"


def register_pages(registers: Registers, docs: Sequence[Document]) -> dict[str, str]:
    """Registers + documents → {src_uri: markdown} (see the module docstring)."""
    per = collect_mentions(registers, docs)
    pages: dict[str, str] = {}
    for kind in ("person", "place", "org", "term"):
        entries = registers.of_kind(kind)
        pages[urls.page_src_uri(urls.register_index_url(kind))] = _index_page(kind, entries, per)
        for e in entries:
            rows = per.get(e.id, [])
            if e.see and not rows:
                rows = per.get(e.see, [])
            pages[urls.page_src_uri(urls.register_url(kind, e.id))] = _entry_page(e, registers, rows)
    return pages
