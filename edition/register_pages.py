"""Register pages: Registers + Documents (after the apparatus) → the register pages of the site.

    register_pages(registers, docs, limit) → {src_uri: page}, each page HTML blocks under a YAML
                                             front matter (published without a Markdown conversion)
      persons/index.md, places/index.md, organizations/index.md, terms/index.md   one list per register
      persons/by-name/k/index.md …         a register of more than ``limit`` entries: one page per initial
      persons/<id>/index.md …              one page per entry
      persons/<id>/1962-10/index.md …      an entry named in more than ``limit`` documents: its months
                                           (``listing.split``: days, parts)

An entry's page gives its name, role, authority links, description (the editors' Markdown, rendered
with markdown-it-py, raw HTML escaped), the forms found, and the documents that mention it, in date
order, with the number of mentions — on the page itself when they are at most ``limit``, else a
table of months linking to one page per month, so no page grows with the corpus. A term for a
telegram series (Polto, Topol, Deptel, Circ…) also lists the documents that cite a telegram of that
series. One pass over the corpus: O(documents + entries).

Letter pages live under ``by-name/``, not beside the entries: an entry id is one lower-case slug
(``persons/a/`` could be an entry), and an entry's own sub-pages are months (``YYYY-MM``), so
``persons/by-name/a/`` is never an entry's page nor one of its sub-pages.
"""

from __future__ import annotations

import html
import json
import unicodedata
from functools import lru_cache
from typing import Optional, Sequence

from markdown_it import MarkdownIt

from . import urls
from .listing import LIMIT, Listing, count_text, pager, pages, parts_table, split
from .apparatus import name_counts
from .model import Document
from .pages import format_date
from .references import SERIES
from .registers import Entry, Registers

TITLES = {"person": "Persons", "place": "Places", "org": "Organizations", "term": "Abbreviations and terms"}


def _h(text: Optional[str]) -> str:
    """Text for HTML (names, titles, forms): escaped, whitespace runs made one space."""
    return html.escape(" ".join((text or "").split()))


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # CommonMark with tables; raw HTML in a description is shown as text, not passed through.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def description_html(text: str) -> str:
    """The editors' description (Markdown from the registers' YAML) → HTML."""
    return _markdown().render(text).strip()


def _front(title: str) -> list[str]:
    return ["---", f"title: {json.dumps(title, ensure_ascii=False)}", "---", ""]


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
        counts = dict(name_counts(doc))  # (taken when the document was annotated)
        for r in doc.references:
            term = series_term.get(r.key.rsplit(" ", 1)[0])
            if term:
                counts[term] = counts.get(term, 0) + 1
        for pid in doc.persons:  # named in the heading only (drafter, clearances): no Name node
            counts.setdefault(pid, 0)
        for ref, n in counts.items():
            per.setdefault(ref, []).append((doc, n))
    return per


_ROWS_HEAD = ('<table class="mentions">\n<thead>\n<tr><th scope="col">Date</th><th scope="col">Document</th>'
              '<th scope="col" class="count">Mentions</th></tr>\n</thead>\n<tbody>')


_CELLS: dict[str, tuple[str, str, str]] = {}  # document id → its row's cells (for one register_pages run)


def _cells(doc: Document) -> tuple[str, str, str]:
    """A document's row in every entry's list: (date cell, escaped URL from the site root, title).
    The same document is listed under every entry it names (150,000 rows at 10,000 documents):
    its cells are made once."""
    cells = _CELLS.get(doc.id)
    if cells is None:
        date = (f'<time datetime="{html.escape(doc.date)}">{html.escape(format_date(doc.date))}</time>'
                if doc.date else "undated")
        cells = _CELLS[doc.id] = (date, html.escape(urls.document_url(doc.id)), _h(doc.title or doc.id))
    return cells


def _rows_table(here: str, rows: Sequence[tuple[Document, int]]) -> str:
    """The documents naming an entry: date, linked title, number of mentions ("in the heading" when
    the entry is named only in the document's heading)."""
    up = html.escape(urls.relative(here, "./"))  # register pages and documents share no folder
    up = "" if up == "./" else up
    out = [_ROWS_HEAD]
    for doc, n in rows:
        date, url, title = _cells(doc)
        shown = str(n) if n else "in the heading"
        out.append(f'<tr><td>{date}</td><td><a href="{up}{url}">{title}</a></td><td class="count">{shown}</td></tr>')
    out.append("</tbody>\n</table>")
    return "\n".join(out)


def _entry_page(entry: Entry, registers: Registers, listing: Listing) -> str:
    """An entry's own page: name, facts, description, forms, and its documents (or their months)."""
    here = listing.url
    out = _front(entry.name) + [f"<h1>{_h(entry.name)}</h1>", ""]
    facts = []
    if entry.kind == "term" and entry.expansion:
        facts.append(f"<strong>Expansion:</strong> {_h(entry.expansion)}")
    if entry.role:
        facts.append(f"<strong>Role in 1962:</strong> {_h(entry.role)}")
    if entry.authority:
        links = ", ".join(f'<a href="{html.escape(u)}">Wikidata {_h(q)}</a>'
                          for q, u in zip(entry.authority, entry.authority_urls))
        facts.append(f"<strong>Authority:</strong> {links}")
    if entry.see and registers.get(entry.see):
        target = registers.get(entry.see)
        link = html.escape(urls.relative(here, urls.register_url(target.kind, target.id)))
        facts.append(f'<strong>See:</strong> <a href="{link}">{_h(target.name)}</a>')
    if facts:
        out += ["<p>" + "<br>\n".join(facts) + "</p>", ""]
    if entry.description:
        out += [description_html(entry.description), ""]
    forms = list(dict.fromkeys(f.text for f in entry.forms))
    if forms:
        out += ["<p><strong>Forms in the documents:</strong> " + " · ".join(_h(f) for f in forms) + "</p>", ""]
    out += ["<h2>Documents</h2>", ""]
    n = listing.count
    if not n:
        out.append("<p>Not mentioned in the documents of this edition.</p>")
    elif listing.parts:
        out += [f"<p>Named in {count_text(n)}, listed by month:</p>", "", parts_table(listing)]
    else:
        out += [f"<p>Named in {count_text(n)}.</p>", "", _rows_table(here, listing.rows)]
    return "\n".join(out) + "\n"


def _entry_subpage(entry: Entry, page: Listing) -> str:
    """One month (day, part) of the documents naming an entry."""
    heading = f"{' '.join(entry.name.split())}: {page.heading}"
    nav = pager(page)
    out = _front(heading) + [f"<h1>{html.escape(heading)}</h1>", "", nav, "",
                             f"<p>Named in {count_text(page.count)} of {html.escape(page.heading)}.</p>", ""]
    out.append(parts_table(page) if page.parts else _rows_table(page.url, page.rows))
    out += ["", nav]
    return "\n".join(out) + "\n"


def initial(name: str) -> str:
    """The letter a register lists a name under: ``Ōta`` → ``o``; a name not beginning with a
    letter a–z is under ``other``."""
    first = unicodedata.normalize("NFKD", name.strip()[:1]).casefold()[:1]
    return first if "a" <= first <= "z" else "other"


def _letter_url(kind: str, letter: str) -> str:
    return f"{urls.register_index_url(kind)}by-name/{letter}/"


def _letter_label(letter: str) -> str:
    return "Other" if letter == "other" else letter.upper()


def _letter_bar(kind: str, here: str, letters: Sequence[str], current: Optional[str]) -> str:
    """Links to every initial of a register (the current one not linked), and up to the register."""
    items = []
    for letter in letters:
        label = html.escape(_letter_label(letter))
        if letter == current:
            items.append(f'<li><a aria-current="page" href="./">{label}</a></li>')
        else:
            items.append(f'<li><a href="{html.escape(urls.relative(here, _letter_url(kind, letter)))}">{label}</a></li>')
    title = TITLES.get(kind, kind.title())
    up = ""
    if current is not None:
        up = f' · <a href="{html.escape(urls.relative(here, urls.register_index_url(kind)))}">All {html.escape(title.lower())}</a>'
    return (f'<nav class="letters" aria-label="{html.escape(title)} by initial">'
            f'<ul>{"".join(items)}</ul>{up}</nav>')


def _entries_table(kind: str, here: str, entries: Sequence[Entry], per: dict[str, list]) -> str:
    second = "Expansion" if kind == "term" else "Role"
    first = "Term" if kind == "term" else "Name"
    out = [f'<table class="register">\n<thead>\n<tr><th scope="col">{first}</th><th scope="col">{second}</th>'
           '<th scope="col" class="count">Documents</th></tr>\n</thead>\n<tbody>']
    for e in entries:
        link = html.escape(urls.relative(here, urls.register_url(kind, e.id)))
        value = e.expansion if kind == "term" else e.role
        out.append(f'<tr><td><a href="{link}">{_h(e.name)}</a></td><td>{_h(value) or "—"}</td>'
                   f'<td class="count">{len(per.get(e.id, []))}</td></tr>')
    out.append("</tbody>\n</table>")
    return "\n".join(out)


def _index_pages(kind: str, entries: list[Entry], per: dict[str, list[tuple[Document, int]]],
                 limit: int) -> dict[str, str]:
    """The register's list: one page, or past ``limit`` entries a table of initials
    (``persons/``) and one page per initial (``persons/by-name/k/``)."""
    here = urls.register_index_url(kind)
    title = TITLES.get(kind, kind.title())
    head = _front(title) + [f"<h1>{html.escape(title)}</h1>", ""]
    if not entries:
        return {urls.page_src_uri(here): "\n".join(head + ["<p>No entries yet.</p>", ""])}
    ordered = sorted(entries, key=lambda e: (e.name.casefold(), e.id))
    if len(ordered) <= limit:
        return {urls.page_src_uri(here): "\n".join(head + [_entries_table(kind, here, ordered, per), ""])}
    by_letter: dict[str, list[Entry]] = {}
    for e in ordered:
        by_letter.setdefault(initial(e.name), []).append(e)
    letters = sorted(by_letter, key=lambda x: (x == "other", x))
    rows = [f'<tr><td><a href="{html.escape(urls.relative(here, _letter_url(kind, x)))}">{html.escape(_letter_label(x))}</a></td>'
            f'<td class="count">{len(by_letter[x])}</td></tr>' for x in letters]
    index = head + [f"<p>{len(ordered)} entries, one page per initial letter.</p>", "",
                    _letter_bar(kind, here, letters, None), "",
                    '<table class="letters">\n<thead>\n<tr><th scope="col">Initial</th><th scope="col" class="count">Entries</th></tr>\n'
                    "</thead>\n<tbody>", *rows, "</tbody>\n</table>", ""]
    out = {urls.page_src_uri(here): "\n".join(index)}
    for x in letters:
        at = _letter_url(kind, x)
        heading = f"{title}: {_letter_label(x)}"
        bar = _letter_bar(kind, at, letters, x)
        page = _front(heading) + [f"<h1>{html.escape(heading)}</h1>", "", bar, "",
                                  _entries_table(kind, at, by_letter[x], per), "", bar, ""]
        out[urls.page_src_uri(at)] = "\n".join(page)
    return out


def register_pages(registers: Registers, docs: Sequence[Document], limit: int = LIMIT) -> dict[str, str]:
    """Registers + documents → {src_uri: page} (see the module docstring)."""
    per = collect_mentions(registers, docs)
    out: dict[str, str] = {}
    _CELLS.clear()  # (titles may have changed since the last run: ``edition serve``)
    for kind in ("person", "place", "org", "term"):
        entries = registers.of_kind(kind)
        out.update(_index_pages(kind, entries, per, limit))
        for e in entries:
            rows = per.get(e.id, [])
            if e.see and not rows:
                rows = per.get(e.see, [])
            url = urls.register_url(kind, e.id)
            listing = split(rows, url, lambda row: row[0].date, " ".join(e.name.split()), limit, by_day=False)
            out[urls.page_src_uri(url)] = _entry_page(e, registers, listing)
            for page in pages(listing):
                out[urls.page_src_uri(page.url)] = _entry_subpage(e, page)
    _CELLS.clear()
    return out
