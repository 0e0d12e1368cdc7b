"""Site pages: a content folder → the corpus (read once) → every generated page and download.

    load_corpus(content, reporter)  → Corpus: edition info + documents in date order + diagnostics,
                                      cached per process and keyed by the content's files
    site_pages(corpus, home_intro, about) → [GeneratedPage]: home, documents list, about, one page per
                                      document, and the extra pages of the apparatus (registers)
    downloads(corpus)               → (path, bytes) for markdown/<id>.md, tei/<id>.xml, api/documents.json
    document_context(meta, info)    → what a document page's template shows beyond its front matter

Everything here is O(number of documents): each document's page is made from that document alone
(plus the id → title table for link tooltips), and no page lists more than ``listing.LIMIT``
documents: the documents list is split by month, then day (``listing.py``). The MkDocs plugin
(``plugin.py``) turns these into MkDocs files.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import html
import importlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence

from . import urls
from .api import documents_json, sorted_documents
from .dates import MONTH_NAMES
from .diagnostics import Diagnostic, Reporter
from .listing import LIMIT, Listing, count_text, pager, parts_table, split
from .listing import pages as listing_pages
from .markdown_page import document_html, document_markdown_template, escape_attr, escape_text, place_markdown
from .model import Document, EditionInfo

KIND_LABELS = {
    "telegram": "Telegram", "memorandum": "Memorandum", "letter": "Letter", "airgram": "Airgram",
    "cover-sheet": "Cover sheet", "report": "Report", "other": "Document",
}


# --------------------------------------------------------------------------------------------
# Reading, once per process
# --------------------------------------------------------------------------------------------


@dataclass
class Corpus:
    """What one read of a content folder gave: edition info, documents (edition order), diagnostics.

    ``extra`` are the apparatus' pages (registers) and ``cited_by`` what refers to each document
    ({id: [(citing id, citation as written)]}), both taken right after the read, because the
    apparatus keeps the registers of its last run. ``reported`` is set once the diagnostics were printed, so a build that reads first (to stop on
    errors before touching the site) and MkDocs' plugin that reads again print them once.
    """

    content: Path
    info: EditionInfo
    docs: list[Document]
    diagnostics: list[Diagnostic]
    fingerprint: str
    extra: list["GeneratedPage"] = field(default_factory=list)
    redirects: dict[str, str] = field(default_factory=dict)  # retired id → current id (persistence.py)
    cited_by: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    source_hashes: dict[str, str] = field(default_factory=dict)  # source name → sha256 (render keys)
    # document → the whole document: a build reads the unchanged sources' documents without their
    # text (``model.TextlessDocument``) and whatever renders a text asks for it here
    full: Callable[[Document], Document] = field(default=lambda doc: doc, repr=False)
    # where pages made from the whole corpus are kept between builds (``_memoized``); None: not kept
    memo: Optional[Path] = None
    reported: bool = False
    _titles: Optional[dict[str, str]] = field(default=None, repr=False)
    _templates: Optional[dict[str, str]] = field(default=None, repr=False)
    _registers: Optional[Callable[[str, str], bool]] = field(default=None, repr=False)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    def markdown_templates(self) -> dict[str, str]:
        """Document id → its Markdown with links not yet placed (``markdown_page.place_markdown``),
        made once per read and shared by the pages and the downloads."""
        if self._templates is None:
            registers = self.registers
            titles = self.titles
            self._templates = {d.id: document_markdown_template(self.full(d), self.info, titles,
                                                                registers=registers,
                                                                cited_by=self.cited_by.get(d.id, ()))
                               for d in self.docs}
        return self._templates

    def document_html(self, doc: Document) -> str:
        """A document page's body as HTML, written directly (``markdown_page.document_html``), with
        each correction carrying both readings for the page's reading/diplomatic switch."""
        return both_readings(document_html(self.full(doc), self.titles, registers=self.registers,
                                           cited_by=self.cited_by.get(doc.id, ())))

    @property
    def registers(self) -> Callable[[str, str], bool]:
        """(kind, id) → whether a register page exists for it (among ``extra``)."""
        if self._registers is None:
            self._registers = register_predicate(self.extra)
        return self._registers

    @property
    def titles(self) -> dict[str, str]:
        """Document id → title, for link tooltips and for knowing which ids the edition holds."""
        if self._titles is None:
            self._titles = {d.id: d.title for d in self.docs}
        return self._titles


_CHOICE = re.compile(r'<span class="(corr|reg)" title="([^"]*)" data-sic="([^"]*)">(.*?)</span>')


def both_readings(body: str) -> str:
    """Page HTML → the same with every correction as ``<span class="choice">`` holding the text as
    read (``sic``/``orig``) and as corrected (``corr``/``reg``). The page shows the reading text; the
    switch above the text (no JavaScript: radio buttons and CSS) shows the diplomatic one. The
    Markdown download keeps the one-span form with the reading as read in ``data-sic``."""
    def expand(m: "re.Match[str]") -> str:
        cls, title, sic, corr = m.groups()
        orig = "sic" if cls == "corr" else "orig"
        return (f'<span class="choice" title="{title}"><span class="{orig}">{sic}</span>'
                f'<span class="{cls}">{corr}</span></span>')
    return _CHOICE.sub(expand, body) if 'data-sic="' in body else body


_CACHE: dict[str, Corpus] = {}
_SCANS: dict[str, Any] = {}  # content folder → its last ``scan.ContentScan`` (for ``changed``)


def default_cache_dir(content: Path) -> Path:
    """Where the build cache of a content folder lives: a folder of its own (named after the content
    folder and a hash of its absolute path) in ``$EDITION_CACHE``, else in ``.edition-cache/``
    beside the content folder (git-ignored). Each build prunes its cache to what it used: two
    editions must never share one."""
    env = os.environ.get("EDITION_CACHE")
    where = Path(content).resolve()
    root = Path(env) if env else where.parent / ".edition-cache"
    return root / f"{where.name}-{hashlib.sha256(str(where).encode()).hexdigest()[:12]}"


def load_corpus(content: Path, reporter: Optional[Reporter] = None, use_cache: bool = True,
                quiet: bool = True, textless: bool = False, changed: Optional[Iterable[str]] = None) -> Corpus:
    """Read a content folder (``pipeline.read_corpus_textless``: ``reader.read_corpus`` with the
    sources read in parallel and kept in the disk cache) — or reuse this process's last read of it
    when no file changed. The diagnostics are added to ``reporter`` either way. With ``textless``
    (a build), documents whose annotation comes from the cache may be ``TextlessDocument``s: use
    ``Corpus.full`` for their text. ``changed``: the paths changed since this process's last read of
    the folder (``edition serve``'s watcher): only those are looked at again (``scan.scan_content``)."""
    from .scan import scan_content

    content = Path(content)
    key = str(content.resolve())
    scan = _SCANS[key] = scan_content(content, _SCANS.get(key), changed)  # (the one walk of the content)
    fp = scan.fingerprint()
    cached = _CACHE.get(key)
    if use_cache and cached is not None and cached.fingerprint == fp and (textless or not getattr(cached.full, "where", None)):
        corpus = cached
    else:
        from .pipeline import no_gc, read_corpus_textless
        own = Reporter()
        cache = default_cache_dir(content) if use_cache else None
        info, docs, hashes, full = read_corpus_textless(content, own, cache, quiet=quiet, textless=textless,
                                                        scan=scan)
        with no_gc():
            docs = sorted_documents(docs)
            from .persistence import check_ids
            redirects = check_ids(docs, content, own)  # published addresses must keep working
            corpus = Corpus(content, info, docs, list(own.diagnostics), fp,
                            extra=extra_pages(info, docs, memo=cache), cited_by=cited_by(docs),
                            redirects=redirects, source_hashes=hashes, full=full, memo=cache)
        _CACHE[key] = corpus
    if reporter is not None:
        reporter.extend(corpus.diagnostics)
    return corpus


def unseen_changes(content: Path) -> set[str]:
    """The files (absolute paths) that a whole walk of the content folder finds other than this
    process's last read of it saw them: new, gone or changed (``edition serve``'s check of its watcher)."""
    from .scan import scan_content

    last = _SCANS.get(str(Path(content).resolve()))
    if last is None:
        return set()
    now = scan_content(content).files
    return {os.path.join(last.root, rel) for rel in set(now) | set(last.files) if now.get(rel) != last.files.get(rel)}


def clear_cache() -> None:
    """Forget every read (``edition build --no-cache``)."""
    _CACHE.clear()
    _SCANS.clear()


# --------------------------------------------------------------------------------------------
# Formatting shared by pages and templates
# --------------------------------------------------------------------------------------------


def format_date(iso: Optional[str]) -> str:
    """``1962-10-28`` → ``October 28, 1962`` (FRUS style); partial or odd values are returned as is."""
    if not iso:
        return ""
    try:
        d = _dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{MONTH_NAMES[d.month - 1]} {d.day}, {d.year}"


def format_time(hhmm: Optional[str]) -> str:
    """``20:00`` → ``8 p.m.``, ``09:43`` → ``9:43 a.m.``, ``12:00`` → ``noon`` (FRUS style)."""
    if not hhmm or ":" not in hhmm:
        return hhmm or ""
    try:
        h, m = (int(x) for x in hhmm.split(":")[:2])
    except ValueError:
        return hhmm
    if (h, m) == (12, 0):
        return "noon"
    if (h, m) in ((0, 0), (24, 0)):
        return "midnight"
    suffix = "a.m." if h < 12 else "p.m."
    h12 = h % 12 or 12
    return f"{h12} {suffix}" if m == 0 else f"{h12}:{m:02d} {suffix}"


def dateline(meta: dict[str, Any]) -> str:
    """A FRUS dateline from a document's metadata: ``Paris, October 28, 1962, 8 p.m.``.

    An inferred date stands in square brackets (the editors supplied it); an undated document says so.
    """
    place = meta.get("place") or ""
    date = format_date(meta.get("date"))
    time = format_time(meta.get("time"))
    if date:
        when = date + (f", {time}" if time else "")
        if meta.get("date_certainty") in ("low", "none"):
            when = f"[{when}]"
    else:
        # An undated document with an editorial range says both (FRUS: "undated", with the
        # editors' bracketed range).
        lo, hi = format_date(meta.get("date_not_before")), format_date(meta.get("date_not_after"))
        bounds = " and ".join(x for x in (f"not before {lo}" if lo else "", f"not after {hi}" if hi else "") if x)
        when = f"undated [{bounds}]" if bounds else "undated"
    return f"{place}, {when}" if place else when[0].upper() + when[1:]


def kind_label(meta: dict[str, Any]) -> str:
    """``telegram`` + ``incoming`` → ``Incoming telegram``."""
    label = KIND_LABELS.get(meta.get("type") or "other", str(meta.get("type") or "Document").capitalize())
    direction = meta.get("direction")
    return f"{direction.capitalize()} {label.lower()}" if direction else label


def stable_url(info: EditionInfo, url: str) -> str:
    """The citable address of a site-root-relative URL (relative when the edition has no base URL)."""
    return (info.base_url.rstrip("/") + "/" if info.base_url else "") + url


def document_context(meta: dict[str, Any], info: EditionInfo, tei: bool) -> dict[str, Any]:
    """What a document page's template needs besides its front matter: the dateline, the kind as a
    label, download URLs (site-root-relative; the template prefixes ``base_url``) and the citation."""
    doc_id = str(meta.get("id"))
    year = info.build_date[:4]
    editors = ", ".join(info.editors)
    return {
        "kind_label": kind_label(meta),
        "dateline": dateline(meta),
        "date_display": format_date(meta.get("date")),
        "time_display": format_time(meta.get("time")),
        "tei_url": urls.tei_url(doc_id) if tei else None,
        "markdown_url": urls.markdown_url(doc_id),
        "api_url": urls.API_DOCUMENTS,
        "stable_url": stable_url(info, urls.document_url(doc_id)),
        "cite": {"title": meta.get("title") or doc_id, "dateline": dateline(meta), "edition": info.title,
                 "editors": editors, "version": info.version, "publisher": info.publisher, "year": year},
    }


# --------------------------------------------------------------------------------------------
# Generated pages
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratedPage:
    """One page the build makes: ``src_uri`` as MkDocs sees it (``documents/<id>/index.md``), its
    Markdown, and whether the site navigation lists it (only Home, Documents, About do)."""

    src_uri: str
    markdown: str
    in_nav: bool = False
    html_only: bool = False  # the body is HTML blocks: published as it is, without a Markdown conversion


# The seam for the apparatus: "module:function" names, each called as function(info, docs) and
# returning GeneratedPage objects (or (src_uri, markdown) pairs) — register pages, a chronology.
# A module that does not exist yet is skipped. A name is linked to a register entry exactly when a
# page exists at urls.register_url(kind, id).
EXTRA_PAGE_PROVIDERS: list[str] = ["edition.apparatus:register_pages"]


def extra_pages(info: EditionInfo, docs: Sequence[Document],
                providers: Optional[Iterable[str | Callable]] = None, memo: Optional[Path] = None) -> list[GeneratedPage]:
    """Pages contributed by other parts of the project (see ``EXTRA_PAGE_PROVIDERS``).

    A provider may say what its pages depend on: ``function.signature(info, docs)`` → a picklable
    value. With ``memo`` (the build cache's folder), its pages are then kept there with the hash of
    that value and the code, and taken from there while they are the same: after an edit that
    changes no document's date, title or names, the 973 register pages of a 10,000-document edition
    are not made again (0.7 s)."""
    out: list[GeneratedPage] = []
    for provider in (EXTRA_PAGE_PROVIDERS if providers is None else providers):
        func = provider
        if isinstance(provider, str):
            module, _, name = provider.partition(":")
            try:
                mod = importlib.import_module(module)
            except ModuleNotFoundError as exc:
                if exc.name == module:
                    continue
                raise
            func = getattr(mod, name, None)
            if func is None:
                continue
        signature = getattr(func, "signature", None)

        def make(func=func) -> list[GeneratedPage]:
            return [page if isinstance(page, GeneratedPage) else GeneratedPage(page[0], page[1])
                    for page in func(info, docs)]  # type: ignore[operator]

        if signature is None:
            out.extend(make())
        else:
            out.extend(_memoized(memo, f"{func.__module__}.{func.__name__}", signature(info, docs), make))
    return out


def _memoized(memo: Optional[Path], name: str, signature: Any,
              make: Callable[[], list["GeneratedPage"]]) -> list["GeneratedPage"]:
    """``make()`` — or, when ``memo`` (a cache folder) holds pages made for the same ``signature``
    (any picklable value: what the pages are made of) by the same code, those pages. The record
    ``memo/pages-<name>.pkl`` holds one set of pages, the last made."""
    if memo is None:
        return make()
    import pickle
    from .files import read_pickle, write_atomic
    from .pipeline import code_version
    record = memo / f"pages-{name}.pkl"

    def from_record() -> list[GeneratedPage]:
        key = hashlib.sha256(pickle.dumps((code_version(), signature), protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()
        saved = read_pickle(record)
        if isinstance(saved, tuple) and len(saved) == 2 and saved[0] == key and isinstance(saved[1], list):
            return saved[1]
        pages = make()
        write_atomic(record, pickle.dumps((key, pages), protocol=pickle.HIGHEST_PROTOCOL))  # (else made again next time)
        return pages

    # In a process that builds again (``edition serve``) the last pages are still in memory with
    # their signature: compared as it is, not pickled and hashed (0.05 s or so at 10k documents).
    return _kept(str(record), signature, from_record)


def _kept(name: str, signature: Any, make: Callable[[], list["GeneratedPage"]]) -> list["GeneratedPage"]:
    """``make()`` — or, in a process that builds again (``pipeline.keep_warm``), the very pages its
    last build made under ``name`` for an equal ``signature`` (kept in memory: do not change them)."""
    from .pipeline import code_version, keeping_warm
    if not keeping_warm():
        return make()
    last = _MEMO.get(name)
    if last is None or last[0] != code_version() or last[1] != signature:
        last = _MEMO[name] = (code_version(), signature, make())
    return last[2]


_MEMO: dict[str, tuple[str, Any, list]] = {}
"""``_kept``: a name (``_memoized``'s record) → (code version, signature, pages) of this process's last
build, while ``pipeline.keep_warm`` is on."""


# The seam for "what refers to this document": a "module:function" called as function(docs) →
# {document id: [(citing document id, Reference)]}. Skipped while the module does not exist.
BACKLINKS_PROVIDER = "edition.apparatus:backlinks"


def cited_by(docs: Sequence[Document], provider: Optional[str] = None) -> dict[str, list[tuple[str, str]]]:
    """{document id: [(citing document id, the citation as written)]} from the apparatus."""
    module, _, name = (provider or BACKLINKS_PROVIDER).partition(":")
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return {}
        raise
    func = getattr(mod, name, None)
    if func is None:
        return {}
    # (``ref.text``: not ``getattr(ref, "text", str(ref))``, whose default is made for every reference)
    return {target: [(citing, ref.text if hasattr(ref, "text") else str(ref)) for citing, ref in rows]
            for target, rows in func(docs).items()}


def _h(text: Optional[str]) -> str:
    """Text for an HTML cell; an empty value is a dash."""
    return html.escape(" ".join((text or "").split())) or "—"


def _intro(docs: Sequence[Document], limit: int = LIMIT) -> str:
    dated = sum(1 for d in docs if d.date)
    return (f"All {len(docs)} documents of the edition in date order, one page per month"
            + f" (a month of more than {limit} documents has one page per day)"
            + (f"; the {len(docs) - dated} undated documents come last." if dated < len(docs) else ".")
            + " Dates in square brackets were supplied by the editors. Each title opens the document.")


def documents_listing(docs: Sequence[Document], limit: int = LIMIT) -> Listing:
    """The documents list as pages (``listing.split``): ``documents/`` lists the months, a month
    page its documents or, past ``limit``, its days (``documents/1962-10/27/``), a day past
    ``limit`` its numbered parts."""
    return split(sorted_documents(docs), urls.DOCUMENTS, lambda d: d.date, "All months", limit, by_month=True)


def documents_index_markdown(info: EditionInfo, docs: Sequence[Document], limit: int = LIMIT) -> str:
    """The documents list's first page: the months of the edition, each linked to its page
    (``documents_month_pages``) with its number of documents. Its size grows with the number of
    months, not of documents.

    The page is HTML blocks inside Markdown (which Markdown passes through unchanged), so the plugin
    can publish it without a Markdown conversion.
    """
    root = documents_listing(docs, limit)
    out = ["---", "title: Documents", "---", "", "<h1>Documents</h1>", "",
           f"<p>{html.escape(_intro(docs, limit))}</p>", "", parts_table(root), ""]
    return "\n".join(out) + "\n"


def _month_nav(page: Listing) -> str:
    """Links from one page of the documents list to the previous and next page at its level (month,
    day, part) and up to the page that lists it (``listing.pager``)."""
    return pager(page)


def _document_row(here: str, doc: Document) -> str:
    """One row of the documents list: date, kind, document (linked title), from → to, subject,
    classification."""
    if doc.date:
        shown = format_date(doc.date) + (f", {format_time(doc.time)}" if doc.time else "")
        if doc.date_certainty in ("low", "none"):
            shown = f"[{shown}]"
        date = f'<time datetime="{html.escape(doc.date)}">{html.escape(shown)}</time>'
    else:
        date = "undated"
    kind = html.escape(kind_label({"type": doc.kind, "direction": doc.direction}))
    link = html.escape(urls.relative(here, urls.document_url(doc.id)))
    title = f'<a href="{link}">{html.escape(doc.title)}</a>'
    if doc.number:
        title += f' <span class="num">{html.escape(doc.number)}</span>'
    parties = f"{_h(doc.sender)} → {_h(doc.addressee)}"
    classification = _h(" ".join(filter(None, [doc.classification, *doc.caveats])))
    return (f"<tr><td>{date}</td><td>{kind}</td><td>{title}</td><td>{parties}</td>"
            f"<td>{_h(doc.subject)}</td><td>{classification}</td></tr>")


def documents_month_pages(info: EditionInfo, docs: Sequence[Document], limit: int = LIMIT) -> list[tuple[str, str]]:
    """The pages of the documents list below ``documents/``: [(src_uri, Markdown of HTML blocks)],
    one per month, and per day and part of a month too long for one page (``documents_listing``).

    A page of documents is a table — date, kind, document (linked title), from → to, subject,
    classification — each date a ``<time datetime>`` so the order can be checked by machine; a page
    split further is a table of its days (or parts) with their numbers of documents."""
    head = ('<table>\n<thead>\n<tr><th scope="col">Date</th><th scope="col">Kind</th><th scope="col">Document</th>'
            '<th scope="col">From → To</th><th scope="col">Subject</th><th scope="col">Classification</th></tr>\n'
            "</thead>\n<tbody>")
    out_pages = []
    for page in listing_pages(documents_listing(docs, limit)):
        here = page.url
        nav = _month_nav(page)
        heading = f"Documents: {page.heading}"
        out = ["---", f"title: {json.dumps(heading, ensure_ascii=False)}", "---", "",
               f"<h1>{html.escape(heading)}</h1>", "", nav, "", f"<p>{count_text(page.count)}.</p>", ""]
        if page.parts:
            out.append(parts_table(page))
        else:
            out.append(head)
            out += [_document_row(here, doc) for doc in page.rows]
            out.append("</tbody>\n</table>")
        out += ["", nav, ""]
        out_pages.append((urls.page_src_uri(here), "\n".join(out) + "\n"))
    return out_pages


def _counts(docs: Sequence[Document]) -> str:
    kinds: dict[str, int] = {}
    for d in docs:
        kinds[d.kind] = kinds.get(d.kind, 0) + 1
    parts = []
    for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
        label = KIND_LABELS.get(kind, kind.capitalize()).lower()
        plural = {"memorandum": "memoranda"}.get(label, label + "s") if n != 1 else label
        parts.append(f"{n} {plural}")
    return ", ".join(parts)


def citation_text(info: EditionInfo) -> str:
    """How to cite the edition as a whole (Chicago-like), in Markdown."""
    editors = ", ".join(info.editors)
    who = f"{escape_text(editors)}, eds. " if editors else ""
    pub = f" {escape_text(info.publisher)}," if info.publisher else ""
    url = f" <{info.base_url}>" if info.base_url.startswith(("http://", "https://")) else ""
    return (f"{who}*{escape_text(info.title)}*. Version {escape_text(info.version)}.{pub} "
            f"{info.build_date[:4]}.{url}")


DEFAULT_INTRO = """This edition publishes declassified records of the United States government as
transcribed from scanned releases. Each document has its own page with a FRUS-style head, the
transcription with the marks of the original (struck, added, underlined and withheld text), its
declassification history and how to cite it, and downloads in TEI P5 XML and annotated Markdown."""


REGISTER_LABELS = {"person": "Persons", "place": "Places", "org": "Organizations", "term": "Abbreviations and terms"}


def home_markdown(info: EditionInfo, docs: Sequence[Document], intro: Optional[str] = None,
                  registers: Sequence[tuple[str, str]] = ()) -> str:
    """The home page: the editors' introduction (``content/pages/index.md``, kept as written) or a
    default one, then what this version of the edition holds (with links to the registers there
    are: ``registers`` is [(label, URL)]) and how to cite it."""
    if intro is None:
        head = [f"# {escape_text(info.title)}", ""]
        if info.subtitle:
            head += [f'<span class="lead">{escape_text(info.subtitle)}</span>', ""]
        head += [DEFAULT_INTRO, ""]
        text = "\n".join(head)
    else:
        text = intro.rstrip() + "\n"
    docs = sorted_documents(docs)
    dated = [d.date for d in docs if d.date]
    span = ""
    if dated:
        first, last = format_date(dated[0]), format_date(dated[-1])
        span = f", dated {first}" + (f" to {last}" if last != first else "")
    undated = len(docs) - len(dated)
    counts = _counts(docs)
    lines = ["", "## In this edition {#contents}", "",
             f"Version {escape_text(info.version)} (built {info.build_date}) holds **{len(docs)} "
             f"document{'s' if len(docs) != 1 else ''}**{span}"
             + (f" ({undated} undated)" if undated else "") + (f": {counts}." if counts else "."),
             "",
             f"- [All documents in date order]({urls.DOCUMENTS})",
             *[f"- [{escape_text(label)}]({url})" for label, url in registers],
             "- Every document page links its TEI P5 XML and annotated Markdown.",
             f"- [Metadata API]({urls.API_DOCUMENTS}): every document's metadata as JSON.",
             "", "## Cite this edition {#cite}", "", citation_text(info), ""]
    return text + "\n".join(lines)


def about_markdown(info: EditionInfo) -> str:
    """The default About page, used when the content folder has no ``pages/about.md``."""
    editors = ", ".join(info.editors) or "the editors"
    licence = (f"[{escape_text(info.licence)}]({info.licence_url})" if info.licence and info.licence_url
               else escape_text(info.licence or "See the edition's repository."))
    return "\n".join([
        "# About this edition", "",
        f"*{escape_text(info.title)}* is edited by {escape_text(editors)}"
        + (f" and published by {escape_text(info.publisher)}" if info.publisher else "") + ".",
        "", "## Sources {#sources}", "",
        escape_text(" ".join(filter(None, [info.repository, info.collection]))) or "See each document's page.",
        "", "## Licence {#licence}", "", licence,
        "", "## Cite {#cite}", "", citation_text(info), "",
    ])


class RegisterIndex:
    """(kind, id) → whether a register page exists for it among the extra pages; ``title(kind, id)``
    gives the entry's name as the register sorts it (the page's first heading: "Rusk, Dean")."""

    def __init__(self, extra: Sequence[GeneratedPage]) -> None:
        self.titles: dict[str, str] = {p.src_uri: _page_title(p.markdown) for p in extra}

    def __call__(self, kind: str, ref: str) -> bool:
        return urls.page_src_uri(urls.register_url(kind, ref)) in self.titles

    def title(self, kind: str, ref: str) -> str:
        return self.titles.get(urls.page_src_uri(urls.register_url(kind, ref)), "")


def _page_title(markdown: str) -> str:
    """A generated page's title: its front matter's ``title:`` (a JSON string or plain) or its first
    line's ``# heading``; "" when it has neither."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        for line in markdown[4:end if end > 0 else 0].split("\n"):
            if line.startswith("title:"):
                value = line[6:].strip()
                if value.startswith('"'):
                    try:
                        return str(json.loads(value))
                    except ValueError:
                        pass
                return value.strip("'\"")
        return ""
    first = markdown.split("\n", 1)[0]
    return first[2:].strip() if first.startswith("# ") else ""


def register_predicate(extra: Sequence[GeneratedPage]) -> Callable[[str, str], bool]:
    """(kind, id) → whether a register page exists for it among the extra pages (a RegisterIndex)."""
    return RegisterIndex(extra)


def site_pages(corpus: Corpus, home_intro: Optional[str] = None, about: Optional[str] = None,
               extra: Optional[Sequence[GeneratedPage]] = None, documents: bool = True) -> list[GeneratedPage]:
    """Every generated page of the site, in a stable order; O(number of documents). With
    ``documents=False`` the document pages are left out (the plugin renders them itself).

    ``home_intro``/``about`` are the editors' own pages when the content folder has them; ``extra``
    the apparatus pages (default: those taken when the corpus was read). Names link to register
    pages that exist among them.
    """
    info, docs = corpus.info, corpus.docs
    extra = corpus.extra if extra is None else extra
    uris = {p.src_uri for p in extra}
    registers = [(label, urls.register_index_url(kind)) for kind, label in REGISTER_LABELS.items()
                 if urls.page_src_uri(urls.register_index_url(kind)) in uris]
    # (the rows of the documents list: what ``_document_row`` shows of each document, in edition order)
    from .pipeline import per_document
    rows = per_document("documents_list", docs, lambda d: (
        d.id, d.date, d.time, d.date_certainty, d.kind, d.direction, d.title, d.number, d.sender,
        d.addressee, d.subject, d.classification, tuple(d.caveats)))
    signature = (repr(info), LIMIT, rows)

    def heads() -> list[GeneratedPage]:
        # (the home page shows the documents' count, dates and kinds, the list's first page their months)
        return [GeneratedPage("index.md", home_markdown(info, docs, home_intro, registers), True),
                GeneratedPage(urls.page_src_uri(urls.DOCUMENTS), documents_index_markdown(info, docs), True, True),
                GeneratedPage("about.md", about if about is not None else about_markdown(info), True)]

    pages = list(_kept("site_pages.heads", (signature, home_intro, about, registers), heads))
    pages += _memoized(corpus.memo, "documents_month_pages", signature,
                       lambda: [GeneratedPage(uri, text, False, True) for uri, text in documents_month_pages(info, docs)])
    if documents:
        templates = corpus.markdown_templates()
        for doc in docs:
            url = urls.document_url(doc.id)
            pages.append(GeneratedPage(urls.page_src_uri(url), place_markdown(templates[doc.id], url)))
    pages.extend(extra)
    return pages


def tei_writer() -> Optional[Callable[[Document, EditionInfo], bytes]]:
    """``edition.tei.document_tei`` when the TEI writer exists, else None (the site is built without
    TEI downloads until it does)."""
    try:
        mod = importlib.import_module("edition.tei")
    except ModuleNotFoundError as exc:
        if exc.name == "edition.tei":
            return None
        raise
    return getattr(mod, "document_tei", None)


def downloads(corpus: Corpus, tei: Optional[Callable[[Document, EditionInfo], bytes]] = None,
              kinds: Iterable[str] = ("markdown", "tei", "api", "redirects")) -> Iterator[tuple[str, bytes]]:
    """The static downloads as (site-root-relative path, bytes), in a stable order.

    The Markdown download is the page's Markdown with its links made relative to ``markdown/``.
    """
    info, docs = corpus.info, corpus.docs
    kinds = set(kinds)
    if "markdown" in kinds:
        templates = corpus.markdown_templates()
        for doc in docs:
            at = urls.markdown_url(doc.id)
            yield at, place_markdown(templates[doc.id], at).encode("utf-8")
    if "tei" in kinds and tei is not None:
        for doc in docs:
            yield urls.tei_url(doc.id), tei(corpus.full(doc), info)
    if "api" in kinds:
        yield urls.API_DOCUMENTS, documents_json(info, docs, with_tei=tei is not None).encode("utf-8")
    if "redirects" in kinds:
        # A retired address keeps a page that sends the reader to the document's current one.
        from .persistence import redirect_page
        for old, new in sorted(corpus.redirects.items()):
            at = urls.document_url(old) + "index.html"
            target = urls.relative(at, urls.document_url(new))
            yield at, redirect_page(target, corpus.titles.get(new, new)).encode("utf-8")
