"""Annotated Markdown: ``Document`` → one Markdown page (YAML front matter + readable text).

    document_markdown(doc, info, titles) → "---\\nid: …\\n---\\n\\n<body>\\n"
    document_markdown_template(...) + place_markdown(template, at) → the same, rendered once and
        placed at several URLs (the page, the download)

The page is the edition's public, plain-text artefact of a document: the site renders it (MkDocs,
Python-Markdown with footnotes/attr_list/md_in_html), readers download it (``markdown/<id>.md``), and
it must read sensibly as plain text. Steps, in order:

1. front matter — ``api.document_metadata(doc)`` (the same record as ``api/documents.json``) plus the
   edition's version, build date and the document's stable URL;
2. the transcribed header fields, visually secondary;
3. per witness (a heading when there are several) and per section (a heading when there are
   several): the blocks — paragraphs, lists for numbered items, blockquotes for quoted letters,
   signatures, and the non-text matter (page breaks, running heads, stamps, debris) as labelled spans;
4. document-level stamps and notices, editorial notes;
5. footnotes: editorial annotations and explanations of withholding codes.

Marks are inline HTML that Python-Markdown and CommonMark both pass through: ``<del>`` struck
through, ``<ins class="above">`` added above the line, ``<u>`` underlined, ``<span class="gap">``
withheld or illegible, ``<span class="corr" title="as read: …">`` an editorial correction. Text is
escaped so that nothing in a transcription can turn into Markdown syntax. Output is deterministic:
the same document gives the same bytes.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from typing import Callable, Collection, Iterable, Iterator, Optional, Sequence


from .api import document_metadata
from .model import (Add, Annotation, Block, Choice, Debris, Del, Document, EditionInfo, Field, Forme, Gap, Hi,
                    Inline, Item, LineBreak, Name, Note, PageBreak, Paragraph, Quote, Ref, Section, Signature,
                    Stamp, Text, Withheld, Witness)
from .urls import DOCUMENTS, document_url, is_absolute, register_url, relative

# --------------------------------------------------------------------------------------------
# Escaping
# --------------------------------------------------------------------------------------------

# Links are written as _SITE + a site-root-relative URL and made relative to where the Markdown is
# published (the page, the download) by ``place_markdown``: one rendering serves both. Sources that
# hold a NUL are refused as binary (E003); any other _SITE in text is replaced.
_SITE = "\x00"

_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")
# "&" that could start an entity ("&#", "&amp") is written "&amp;": Python-Markdown reads "&#" before
# an inline tag wrongly. A lone "&" (" & ") stays as it is, for plain-text readers.
_ENTITY_LIKE = re.compile(r"&(?=[#A-Za-z0-9])")
_WS = re.compile(r"\s+")
# Whitespace other than the space (what ``[^\S ]`` matches: ``str.isspace``; none lies past U+3000,
# the ideographic space), spelled out so that "is there anything to escape or fold?" is one character
# class — an alternation there tried three patterns at every character of every text.
_OTHER_WHITESPACE = re.escape("".join(c for c in map(chr, range(0x3001)) if c.isspace() and c != " "))
_ESCAPE_NEEDED = re.compile(f"[\\\\`*_{{}}\\[\\]|<&\x00{_OTHER_WHITESPACE}]")  # … or "  " (folded)


def escape_text(text: str) -> str:
    """Transcribed text → Markdown that renders as exactly that text (whitespace folded).

    Backslash-escapes the ASCII punctuation that starts Markdown syntax anywhere in a line, and
    writes ``<`` as ``&lt;`` so no transcription becomes HTML. Line-start syntax (``#``, ``1.``, ``>``)
    is handled per line by ``_escape_line_start``.
    """
    if not _ESCAPE_NEEDED.search(text) and "  " not in text:
        return text  # the common case: nothing to fold or escape
    text = _WS.sub(" ", text).replace(_SITE, "\ufffd")
    text = _ENTITY_LIKE.sub("&amp;", text)
    text = text.replace("<", "&lt;")
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def escape_attr(value: str) -> str:
    """Text → an HTML attribute value safe from Markdown too.

    Python-Markdown matches links, footnotes and code spans before inline HTML, so brackets,
    backticks, backslashes, asterisks and underscores inside an attribute are written as entities.
    """
    return _WS.sub(" ", value).strip().replace(_SITE, "\ufffd").translate(_ATTR_ENTITIES)


_ATTR_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "[": "&#91;", "]": "&#93;",
                                "`": "&#96;", "\\": "&#92;", "*": "&#42;", "_": "&#95;"})


_LIST_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def _escape_line_start(line: str) -> str:
    """Defuse block syntax at the start of one rendered line (headings, lists, quotes, rules)."""
    first = line[:1]
    if first and not first.isdigit() and first not in "#>+-=~" and not first.isspace() and not line[-1].isspace():
        return line  # most lines: nothing to strip, no block syntax possible
    line = line.strip()
    if not line:
        return line
    m = _LIST_START.match(line)
    if m:
        return f"{m.group(1)}\\{m.group(2)}{line[m.end():]}"
    if line[0] in "#>+-" :
        return "\\" + line
    if line[0] == "=" and set(line) <= {"=", " "}:
        return "&#61;" + line[1:]
    if line.startswith("~~~"):
        # A CommonMark code fence; "\~" is no escape in Python-Markdown, so an entity it is.
        return "&#126;" + line[1:]
    return line


def _block_text(rendered: str) -> str:
    """A block's rendered inline text → its lines, each made safe at its start."""
    if "\n" not in rendered:
        return _escape_line_start(rendered)
    return "\n".join(_escape_line_start(line) for line in rendered.split("\n") if line.strip())


def _anchor(value: str) -> str:
    """An id → a safe HTML id / footnote label fragment."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", value).strip("-") or "x"


# --------------------------------------------------------------------------------------------
# Withholding codes
# --------------------------------------------------------------------------------------------

_FOIA = {
    "1": "information classified in the interest of national defense or foreign policy",
    "2": "internal personnel rules and practices of an agency",
    "3": "information exempted from disclosure by another statute",
    "4": "trade secrets and confidential commercial or financial information",
    "5": "inter-agency or intra-agency communications protected by privilege",
    "6": "personnel, medical and similar files whose release would invade personal privacy",
    "7": "records compiled for law enforcement purposes",
    "8": "reports about the supervision of financial institutions",
    "9": "geological and geophysical information about wells",
}
_FOIA_CODE = re.compile(r"^\(?b\)?\s*\(?([1-9])\)?\s*\(?([A-Fa-f])?\)?$", re.IGNORECASE)


def code_label(code: str) -> str:
    """A normalised code as conventionally printed: ``b1`` → ``(b)(1)``, ``b7C`` → ``(b)(7)(C)``."""
    m = _FOIA_CODE.match(code)
    if not m:
        return code
    return f"(b)({m.group(1)})" + (f"({m.group(2).upper()})" if m.group(2) else "")


def code_note(code: str) -> str:
    """The footnote that explains one withholding code (editorial, Markdown)."""
    m = _FOIA_CODE.match(code)
    if m:
        label = code_label(code)
        return (f"Withheld under exemption {label} of the Freedom of Information Act "
                f"(5 U.S.C. 552{label}): {_FOIA[m.group(1)]}.")
    return (f"Withheld at declassification; the release is marked {escape_text(code)}, "
            "a reviewer's exemption code whose meaning this edition does not record.")


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------

# The text's furniture (running heads and feet, page-break markers, OCR debris) is marked as not text
# for the site's search (Pagefind's ``data-pagefind-ignore``, on the page and so in the Markdown it is
# made from): a search finds what the document says, not the "CONFIDENTIAL" and "[p. 2]" repeated on
# each of its pages — which were, besides, a twelfth of Pagefind's work.
_NOT_TEXT = " data-pagefind-ignore"
_NOT_SEARCHED = ' data-pagefind-ignore="all"'  # (an element and all it holds: Pagefind's "all")

_FORME_TITLES = {"header": "running head", "footer": "running foot", "catch": "catchword",
                 "pageNum": "page number"}
_STAMP_TITLES = {"declassification": "declassification stamp", "review": "review stamp",
                 "notice": "notice", "archival": "archival mark", "classification": "classification banner",
                 "other": "stamp"}
_UNLABELLED_FIELDS = {"line", "banner", "text", "other"}
_FIELD_LABELS = {"no": "No.", "ref": "Ref.", "info": "Info", "to": "To", "from": "From", "cc": "Cc"}


class _Renderer:
    """Model → Markdown for one document; keeps the footnotes and HTML ids collected so far.

    The few places where Markdown syntax is written are methods (``esc``, ``bracket``, ``para``,
    ``link``, ``footnote``, ``heading``, ``item_list``, ``quote``, ``bullets``, ``finish``), so that
    ``_HtmlRenderer`` can write the same page as the HTML Python-Markdown would make of it.
    """

    def __init__(self, doc: Document, titles: dict[str, str],
                 registers: Optional[Callable[[str, str], bool]], cited_by: Sequence[tuple[str, str]] = ()):
        self.doc = doc
        self.cited_by = [(c, t) for c, t in cited_by if c in titles]
        self.titles = titles
        self.registers = registers
        self.footnotes: dict[str, str] = {}  # label → Markdown text, in order of first reference
        self.ids: set[str] = set()
        self.witness: Optional[Witness] = None
        self.pending: list[str] = []  # footnote marks met inside a link, written after it

    # -- syntax -----------------------------------------------------------------------------

    esc = staticmethod(escape_text)  # (a method: ``_HtmlRenderer`` escapes for HTML instead)

    def bracket(self, inner: str) -> str:
        """Editorial square brackets around already escaped text."""
        return f"\\[{inner}\\]"

    def para(self, text: str) -> str:
        """A paragraph from rendered inline text (its lines made safe at their starts)."""
        return _block_text(text)

    def link(self, children: Iterable[Inline], href: str, title: str) -> str:
        """A link; footnote marks met inside its text are written after it (a mark cannot stand
        inside link text), and nothing inside it is linked again."""
        outer, self.pending = self.pending, []
        inner = self.inlines(children, True)
        html = self.link_syntax(inner, href, title) + "".join(self.pending)
        self.pending = outer
        return html

    def link_syntax(self, inner: str, href: str, title: str) -> str:
        href = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        # Python-Markdown would double-escape &quot; in a link title; a typographic quote reads the same.
        title_part = f' "{escape_attr(title).replace("&quot;", "”")}"' if title else ""
        return f"[{inner}]({href}{title_part})"

    def footnote(self, label: str, text: str) -> str:
        """A footnote reference; the definition is written once per label at the page end."""
        label = _anchor(label)
        self.footnotes.setdefault(label, text)
        return f"[^{label}]"

    def heading(self, level: int, text: str, hid: str) -> str:
        return f"{'#' * level} {text} {{#{hid}}}"

    def item_list(self, items: list[Item]) -> str:
        """Numbered paragraphs → a nested bullet list keeping each printed label ("1.", "(a)").

        Markdown can nest only one level at a time, so a jump from level 1 to 3 nests by one.
        """
        lines = []
        for depth, label, text in self.item_rows(items):
            lines.append(f"{'    ' * (depth - 1)}- {label} {text}".rstrip())
        return "\n".join(lines)

    def item_rows(self, items: list[Item]) -> Iterator[tuple[int, str, str]]:
        depth = 0
        for item in items:
            depth = 1 if depth == 0 else max(1, min(item.level, depth + 1))
            text = " ".join(self.inlines(item.inlines).split())
            yield depth, f'<span class="n">{self.esc(item.label)}</span>', text

    def quote(self, chunks: list[str]) -> str:
        inner = "\n\n".join(chunks)
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))

    def bullets(self, rows: list[str]) -> str:
        return "\n".join(f"- {row}" for row in rows)

    def unsearched(self, blocks: list[str]) -> str:
        """Blocks the site's search does not index (Pagefind's ``data-pagefind-ignore="all"``), as one
        section (Python-Markdown's ``md_in_html`` reads the Markdown inside)."""
        return f'<section{_NOT_SEARCHED} markdown="1">\n\n' + "\n\n".join(blocks) + "\n\n</section>"

    def finish(self, parts: list[str]) -> str:
        if self.footnotes:
            parts.append("\n".join(_footnote_definition(label, text) for label, text in self.footnotes.items()))
        return "\n\n".join(p for p in parts if p) + "\n"

    # -- identifiers ------------------------------------------------------------------------

    def unique_id(self, base: str) -> str:
        """An HTML id unique within the page (page anchors ``w1-p2`` may repeat in a source)."""
        candidate, n = base, 2
        while candidate in self.ids:
            candidate, n = f"{base}-{n}", n + 1
        self.ids.add(candidate)
        return candidate

    # -- inlines ----------------------------------------------------------------------------

    def inlines(self, nodes: Iterable[Inline], in_link: bool = False) -> str:
        # Most nodes are Text: escaped here, without the dispatch in ``inline``.
        esc, inline = self.esc, self.inline
        return "".join([esc(n.text) if type(n) is Text else inline(n, in_link) for n in nodes])

    def inline(self, node: Inline, in_link: bool = False) -> str:
        if isinstance(node, Text):
            return self.esc(node.text)
        if isinstance(node, Name):  # the most frequent after Text, by far
            if in_link or self.registers is None or not self.registers(node.kind, node.ref):
                return self.inlines(node.children, in_link)
            return self.link(node.children, _SITE + register_url(node.kind, node.ref), "")
        if isinstance(node, LineBreak):
            # The word is printed joined (EVALU-/ATION → EVALUATION); the TEI keeps the line end.
            return ""
        if isinstance(node, Del):
            return f'<del title="struck through">{self.inlines(node.children, in_link)}</del>'
        if isinstance(node, Add):
            place = escape_attr(node.place)
            return (f'<ins class="{place}" title="added {place} the line">'
                    f"{self.inlines(node.children, in_link)}</ins>")
        if isinstance(node, Hi):
            inner = self.inlines(node.children, in_link)
            if node.hand:
                return f'<span class="hand" title="handwritten">{inner}</span>'
            if node.rend == "underline":
                return f"<u>{inner}</u>"
            if node.rend == "bold":
                return f"<strong>{inner}</strong>"
            if node.rend == "italic":
                return f"<em>{inner}</em>"
            return f'<span class="hi-{_anchor(node.rend)}">{inner}</span>'
        if isinstance(node, Gap):
            return self.gap(node, in_link)
        if isinstance(node, Ref):
            return self.ref(node, in_link)
        if isinstance(node, Choice):
            what = "as written" if node.kind == "normalisation" else "as read"
            title = f"{what}: {node.sic}" + (f" ({node.reason})" if node.reason else "")
            cls = "reg" if node.kind == "normalisation" else "corr"
            return (f'<span class="{cls}" title="{escape_attr(title)}" data-sic="{escape_attr(node.sic)}">'
                    f'{self.esc(node.corr)}</span>')
        if isinstance(node, Annotation):
            inner = self.inlines(node.children, in_link)
            return inner + self.mark(f"note-{node.id}", node.note, in_link)
        raise TypeError(f"not an inline node: {node!r}")  # a bug in the reader, not bad input

    def mark(self, label: str, text: str, in_link: bool) -> str:
        """A footnote mark here — or, inside a link, after the link."""
        mark = self.footnote(label, text)
        if in_link:
            self.pending.append(mark)
            return ""
        return mark

    def gap(self, node: Gap, in_link: bool) -> str:
        if node.reason == "withheld":
            label = "withheld" + (f" {code_label(node.code)}" if node.code else "")
            html = f'<span class="gap" title="withheld at declassification">{self.bracket(self.esc(label))}</span>'
            if node.code:
                html += self.mark(f"code-{node.code}", code_note(node.code), in_link)
            return html
        inner = node.raw.strip().strip("[]").strip()
        word = inner.lower() if inner and inner.replace(" ", "").isalpha() and len(inner) <= 20 else ""
        label = f"{word} illegible" if word else "illegible"
        title = f"{node.reason} (transcribed as {node.raw.strip()})" if node.raw.strip() else node.reason
        return (f'<span class="gap {escape_attr(node.reason)}" title="{escape_attr(title)}">'
                f"{self.bracket(self.esc(label))}</span>")

    def ref(self, node: Ref, in_link: bool) -> str:
        target = node.target
        if in_link:
            return self.inlines(node.children, True)
        if target and is_absolute(target):
            return self.link(node.children, target, "")
        if target and target in self.titles:
            return self.link(node.children, _SITE + document_url(target), self.titles[target])
        # Not in this edition (or a target the edition does not hold, which would be a broken link).
        return f'<span class="ref" title="not in this edition">{self.inlines(node.children)}</span>'

    # -- blocks -----------------------------------------------------------------------------

    def blocks(self, blocks: Iterable[Block]) -> list[str]:
        """Blocks → chunks (paragraphs, lists…); consecutive items make one list."""
        out: list[str] = []
        run: list[Item] = []
        for block in blocks:
            if isinstance(block, Item):
                run.append(block)
                continue
            if run:
                out.append(self.item_list(run))
                run = []
            chunk = self.block(block)
            if chunk:
                out.append(chunk)
        if run:
            out.append(self.item_list(run))
        return out

    def span_block(self, cls: str, title: str, text: str, lines: bool = False, furniture: bool = False) -> str:
        """Non-reading matter (stamps, running heads, debris) as one labelled span paragraph;
        ``furniture``: not searched (``_NOT_TEXT``)."""
        if lines:
            rendered = "<br>\n".join(self.esc(l).strip() for l in text.split("\n") if l.strip())
        else:
            rendered = self.esc(text).strip()
        if not rendered:
            return ""
        ignore = _NOT_TEXT if furniture else ""
        return self.para(f'<span class="{cls}" title="{escape_attr(title)}"{ignore}>{rendered}</span>')

    def inline_block(self, inlines: Iterable[Inline], cls: Optional[str]) -> str:
        text = self.inlines(inlines).strip()
        if not text:
            return ""
        return self.para(f'<span class="{cls}">{text}</span>' if cls else text)

    def block(self, block: Block) -> str:
        if isinstance(block, Paragraph):
            return self.inline_block(block.inlines, None if block.role == "p" else _anchor(block.role))
        if isinstance(block, Quote):
            return self.quote(self.blocks(block.blocks))
        if isinstance(block, Signature):
            return self.inline_block(block.inlines, "signature")
        if isinstance(block, Note):
            return self.inline_block(block.inlines, "doc-note")
        if isinstance(block, PageBreak):
            wid = self.witness.id if self.witness else "w"
            if block.n:
                pid = self.unique_id(_anchor(f"{wid}-p{block.n}"))
                label = self.bracket(f"p. {self.esc(block.n)}")
                return self.para(f'<span class="pb" id="{pid}" title="page break"{_NOT_TEXT}>{label}</span>')
            return self.para(f'<span class="pb" title="page break"{_NOT_TEXT}>{self.bracket("page break")}</span>')
        if isinstance(block, Forme):
            return self.span_block(f"fw fw-{_anchor(block.type)}", _FORME_TITLES.get(block.type, "forme work"),
                                   block.text, furniture=True)
        if isinstance(block, Stamp):
            return self.span_block(f"stamp stamp-{_anchor(block.type)}", _STAMP_TITLES.get(block.type, "stamp"),
                                   block.text, lines=True)
        if isinstance(block, Withheld):
            printed = self.esc(block.text).strip() or "no code"
            refs = "".join(self.footnote(f"code-{c}", code_note(c)) for c in block.codes)
            return self.para(f'<span class="gap withheld" title="passage withheld at declassification">'
                             f"{self.bracket(f'passage withheld: {printed}')}</span>{refs}")
        if isinstance(block, Debris):
            # OCR rubble is kept (nothing the source says is dropped) but marked as not text.
            return self.span_block("debris", "OCR debris, not part of the text", f"[OCR debris: {block.text}]",
                                   furniture=True)
        raise TypeError(f"not a block node: {block!r}")

    def fields(self, fields: Iterable[Field], cls: str) -> str:
        """Header lines as transcribed (``FROM: PARIS``), one per line, visually secondary."""
        lines = []
        for f in fields:
            if f.name in _UNLABELLED_FIELDS:
                # A header line the reader kept without understanding it: shown as printed.
                lines.append(f'<span class="field">{self.esc(f.value).strip()}</span>')
                continue
            name = _FIELD_LABELS.get(f.name, f.name.replace("_", " ").capitalize())
            lines.append(f'<span class="field"><span class="field-name">{self.esc(name)}:</span> '
                         f"{self.esc(f.value).strip()}</span>")
        return self.para(f'<span class="{cls}">' + "<br>\n".join(lines) + "</span>") if lines else ""

    # -- document ---------------------------------------------------------------------------

    def section_heading(self, section: Section, index: int, level: int, prefix: str) -> str:
        n = section.n if section.n is not None else index
        text = f"Section {n}" + (f" of {section.of}" if section.of else "")
        return self.heading(level, self.esc(text), self.unique_id(_anchor(f"{prefix}s{index}")))

    def witness_parts(self, witness: Witness, several: bool) -> list[str]:
        self.witness = witness
        out: list[str] = []
        level = 2
        if several:
            out.append(self.heading(2, self.esc(witness.label or witness.id), self.unique_id(_anchor(witness.id))))
            review = []
            if witness.review_date:
                review.append(f"reviewed for release {witness.review_date}")
            if witness.reviewer:
                review.append(f"by {witness.reviewer}")
            if review:
                text = " ".join(review)
                out.append(self.para(f'<span class="review">{self.esc(text[0].upper() + text[1:])}</span>'))
            level = 3
        prefix = f"{_anchor(witness.id)}-" if several else ""
        many = len(witness.sections) > 1
        for i, section in enumerate(witness.sections, 1):
            if many:
                out.append(self.section_heading(section, i, level, prefix))
            head = self.fields(section.header, "fields section-fields")
            if head:
                out.append(head)
            out.extend(self.blocks(section.blocks))
        # The witness's review and declassification stamps (``Witness.review``) are not shown again
        # here: each is a block or a header field of its section, already given in its place. They
        # are the release's metadata (its review date and reviewer; TEI ``provenance``), not more text.
        return out

    def named(self) -> list[str]:
        """One row per register (persons, places, organizations, terms): the entries this document
        names, by the register's sorted name, linked to their pages; [] when nothing is named."""
        if self.registers is None:
            return []
        found = _named_entries(self.doc, self.registers)
        rows = []
        for kind, label in (("person", "Persons"), ("place", "Places"), ("org", "Organizations"), ("term", "Terms")):
            entries = found.get(kind)
            if not entries:
                continue
            links = [self.link_syntax(self.esc(name), _SITE + register_url(kind, ref), "")
                     for ref, name in sorted(entries.items(), key=lambda kv: (kv[1].lower(), kv[0]))]
            rows.append(f"{label}: " + " · ".join(links))
        return rows

    def comparison(self) -> str:
        from .witnesses import comparison_markdown
        return comparison_markdown(self.doc).rstrip("\n")

    def body(self) -> str:
        doc = self.doc
        parts: list[str] = []
        # The document's header as read, unless it is the first section's own header (one header
        # printed once should be shown once).
        first = doc.witnesses[0].sections[0].header if doc.witnesses and doc.witnesses[0].sections else ()
        head = self.fields(doc.fields, "fields") if set(doc.fields) - set(first) else ""
        if head:
            parts.append(head)
        several = len(doc.witnesses) > 1
        for witness in doc.witnesses:
            parts.extend(self.witness_parts(witness, several))
        if several:
            # What each release withheld and gave, passage by passage (edition/witnesses.py). Not
            # searched: its rows quote the opening words of passages the releases above give in full
            # (a search would otherwise show the table's excerpt, not the text), and its statuses
            # are the releases' own marks, searched where they stand ("passage withheld: (b)(1)").
            comparison = self.comparison()
            if comparison:
                parts.append(self.unsearched([comparison]))
        if doc.stamps:
            parts.append(self.heading(2, "Stamps and notices", self.unique_id("stamps")))
            parts.extend(c for c in (self.block(s) for s in doc.stamps) if c)
        if self.cited_by:
            # What refers to this document (EDITORIAL §4), in the citing documents' order. Not
            # searched: the rows are other documents' titles and words, found on their own pages (a
            # search for a title would otherwise give every document that title cites too).
            rows = []
            for citing, text in self.cited_by:
                link = self.link_syntax(self.esc(self.titles.get(citing, citing)), _SITE + document_url(citing), "")
                rows.append(f"{link} (as {self.esc(text)})")
            parts.append(self.unsearched([self.heading(2, "Referred to by", self.unique_id("cited-by")),
                                          self.bullets(rows)]))
        named = self.named()
        if named:
            # The document's own index of names (FRUS keeps persons and terms lists per volume; the
            # edition gives one per document, each entry linked to its register page).
            parts.append(self.heading(2, "Named in this document", self.unique_id("named")))
            parts.append(self.bullets(named))
        if doc.notes:
            parts.append(self.heading(2, "Editorial notes", self.unique_id("editorial-notes")))
            parts.extend(self.para(self.esc(n).strip()) for n in doc.notes if n.strip())
        return self.finish(parts)


# --------------------------------------------------------------------------------------------
# Names and registers (shared by the Markdown and the HTML of a page)
# --------------------------------------------------------------------------------------------

# Node type → its attributes holding nodes ("children", "inlines", "blocks"), found on the type's
# first node: the walk below then asks each node only for what it has.
_KIDS: dict[type, tuple[str, ...]] = {}


def _kid_attrs(node) -> tuple[str, ...]:
    attrs = _KIDS.get(type(node))
    if attrs is None:
        attrs = _KIDS[type(node)] = tuple(a for a in ("children", "inlines", "blocks") if hasattr(node, a))
    return attrs


# The last document's names: a page's HTML and its Markdown are rendered one after the other and
# list the same names, so the second asks for what the first found.
_NAMED_LAST: list = [None, None, None]  # [document, registers, found]


def _named_entries(doc: Document, registers: Callable[[str, str], bool]) -> dict[str, dict[str, str]]:
    """Register kind → {entry id: the register's sorted name} for every name in the document that
    has a register page, in order of first occurrence."""
    last = _NAMED_LAST
    if last[0] is doc and last[1] is registers:
        return last[2]
    title = getattr(registers, "title", None)
    found: dict[str, dict[str, str]] = {}

    def walk(nodes) -> None:
        for n in nodes:
            if type(n) is Text:  # most nodes: nothing below them
                continue
            if isinstance(n, Name) and registers(n.kind, n.ref):
                found.setdefault(n.kind, {}).setdefault(n.ref, (title(n.kind, n.ref) if title else "") or n.ref)
            for attr in _kid_attrs(n):
                kids = getattr(n, attr)
                if kids:
                    walk(kids)

    for w in doc.witnesses:
        for sec in w.sections:
            walk(sec.blocks)
    for ref in doc.persons:  # also those named only in the heading (drafter, clearances, FOR …)
        if registers("person", ref):
            found.setdefault("person", {}).setdefault(ref, (title("person", ref) if title else "") or ref)
    last[:] = [doc, registers, found]
    return found


class _RememberedRegisters:
    """A register predicate (and its ``title``, when it has one) with its answers remembered: a page
    asks about each name several times (its link, the list of names, the Markdown and the HTML)."""

    def __init__(self, predicate: Callable[[str, str], bool]) -> None:
        self.predicate = predicate
        self.answers: dict[tuple[str, str], bool] = {}
        self.names: dict[tuple[str, str], str] = {}
        if getattr(predicate, "title", None) is None:
            self.title = None  # type: ignore[assignment]  # like the predicate: no names to give

    def __call__(self, kind: str, ref: str) -> bool:
        key = (kind, ref)
        answer = self.answers.get(key)
        if answer is None:
            answer = self.answers[key] = self.predicate(kind, ref)
        return answer

    def title(self, kind: str, ref: str) -> str:
        key = (kind, ref)
        name = self.names.get(key)
        if name is None:
            name = self.names[key] = self.predicate.title(kind, ref)  # type: ignore[attr-defined]
        return name


# The corpus' predicate is the same object for every document of a build: its remembered form is
# kept (one at a time) so the answers carry over from page to page.
_REMEMBERED: list = [None, None]  # [predicate, _RememberedRegisters]


def _remembered(predicate: Callable[[str, str], bool]) -> _RememberedRegisters:
    if _REMEMBERED[0] is not predicate:
        _REMEMBERED[:] = [predicate, _RememberedRegisters(predicate)]
    return _REMEMBERED[1]


_HTML_ESCAPE_NEEDED = re.compile(f"[<>&\x00{_OTHER_WHITESPACE}]")  # … or "  " (see _ESCAPE_NEEDED)


class _HtmlRenderer(_Renderer):
    """Model → the HTML that Python-Markdown (as mkdocs.yml configures it) makes of the Markdown
    page, written directly: the site's document pages use it, since converting 10,000 pages with
    Python-Markdown would take minutes. ``tests/test_markdown_agrees.py`` checks that the two agree."""

    def comparison(self) -> str:
        from .witnesses import comparison_html
        return comparison_html(self.doc).rstrip("\n")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.refs: dict[str, int] = {}  # label → references so far (fnref, fnref2, …)

    def esc(self, text: str) -> str:
        if not _HTML_ESCAPE_NEEDED.search(text) and "  " not in text:
            return text
        return html.escape(_WS.sub(" ", text).replace(_SITE, "\ufffd"), quote=False)

    def bracket(self, inner: str) -> str:
        return f"[{inner}]"

    def para(self, text: str) -> str:
        return f"<p>{text.strip()}</p>"

    def link_syntax(self, inner: str, href: str, title: str) -> str:
        title_part = f' title="{escape_attr(title)}"' if title else ""
        return f'<a href="{html.escape(href)}"{title_part}>{inner}</a>'

    def footnote(self, label: str, text: str) -> str:
        label = _anchor(label)
        self.footnotes.setdefault(label, text)
        n = self.refs[label] = self.refs.get(label, 0) + 1
        number = list(self.footnotes).index(label) + 1
        ref_id = f"fnref:{label}" if n == 1 else f"fnref{n}:{label}"
        return f'<sup id="{ref_id}"><a class="footnote-ref" href="#fn:{label}">{number}</a></sup>'

    def heading(self, level: int, text: str, hid: str) -> str:
        return f'<h{level} id="{hid}">{text}</h{level}>'

    def item_list(self, items: list[Item]) -> str:
        out, depth = [], 0
        for d, label, text in self.item_rows(items):
            if d > depth:
                out.append("<ul>" * (d - depth))
            else:
                out.append("</li>" + "</ul></li>" * (depth - d))
            out.append(f"<li>{label} {text}".rstrip())
            depth = d
        out.append("</li>" + "</ul></li>" * (depth - 1) + "</ul>")
        return "".join(out)

    def quote(self, chunks: list[str]) -> str:
        return "<blockquote>" + "\n".join(chunks) + "</blockquote>"

    def bullets(self, rows: list[str]) -> str:
        return "<ul>" + "".join(f"<li>{row}</li>" for row in rows) + "</ul>"

    def unsearched(self, blocks: list[str]) -> str:
        return f"<section{_NOT_SEARCHED}>\n" + "\n".join(blocks) + "\n</section>"

    def finish(self, parts: list[str]) -> str:
        if self.footnotes:
            items = []
            for number, (label, text) in enumerate(self.footnotes.items(), 1):
                back = "".join(f'<a class="footnote-backref" href="#{"fnref" if i == 1 else f"fnref{i}"}:{label}" '
                               f'title="Jump back to footnote {number} in the text">&#8617;</a>'
                               for i in range(1, self.refs.get(label, 1) + 1))
                items.append(f'<li id="fn:{label}">{_note_html(text, back)}</li>')
            parts.append('<div class="footnote"><hr /><ol>' + "".join(items) + "</ol></div>")
        return "\n".join(p for p in parts if p) + "\n"


@lru_cache(maxsize=4096)
def _note_html(text: str, backlinks: str) -> str:
    """A footnote's Markdown → HTML with its back-links, as Python-Markdown's footnotes place them
    (a no-break space after the last paragraph's leading text, the links at its end)."""
    import markdown  # only notes are converted with Python-Markdown, and they repeat (cached)
    from lxml import html as lhtml

    rendered = markdown.markdown(text.replace(_SITE, "\ufffd"))
    wrapper = lhtml.fragment_fromstring(rendered or "<p></p>", create_parent="div")
    links = lhtml.fragments_fromstring(backlinks)
    last = wrapper[-1] if len(wrapper) else None
    if last is None or last.tag != "p":
        last = lhtml.Element("p")
        wrapper.append(last)
    else:
        last.text = (last.text or "") + "\u00a0"
    for link in links:
        last.append(link)
    return "".join(lhtml.tostring(child, encoding="unicode") for child in wrapper)


def _footnote_definition(label: str, text: str) -> str:
    """``[^label]: text`` with continuation lines indented (the note is Markdown, maybe several lines)."""
    lines = [l.rstrip() for l in text.replace(_SITE, "\ufffd").strip().split("\n")] or [""]
    rest = "".join(f"\n    {l}" if l else "\n" for l in lines[1:])
    return f"[^{label}]: {lines[0]}{rest}"


_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


_PLAIN_STRING = re.compile('[^\x00-\x1f"\\\\\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]*')


_json = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(…, ensure_ascii=False), built once


def _yaml_value(value) -> str:
    """A value as YAML: JSON (strings always double-quoted, so YAML reads back exactly these strings —
    never a date, a sexagesimal number or a boolean), with the characters YAML may not hold raw
    escaped. Much faster than a YAML emitter, which matters at 10,000 documents."""
    if value is None:
        return "null"
    if isinstance(value, str) and _PLAIN_STRING.fullmatch(value):
        return f'"{value}"'  # nothing to escape: the common case, without json.dumps
    if isinstance(value, list) and all(isinstance(v, str) and _PLAIN_STRING.fullmatch(v) for v in value):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    text = _json(value)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def front_matter_data(doc: Document, info: EditionInfo) -> dict:
    """What the front matter says: the API's record of the document, then what the page says of its
    edition (version, build date, the address to cite)."""
    data = document_metadata(doc)
    data["edition"] = info.title
    data["edition_version"] = info.version
    data["build_date"] = info.build_date
    data["stable_url"] = (info.base_url.rstrip("/") + "/" if info.base_url else "") + document_url(doc.id)
    return data


def front_matter(doc: Document, info: EditionInfo) -> str:
    """The YAML front matter (``front_matter_data``), one key per line."""
    data = front_matter_data(doc, info)
    lines = "".join(f"{key}: {_yaml_value(value)}\n" for key, value in data.items())
    return f"---\n{lines}---\n"


def _predicate(registers) -> Optional[Callable[[str, str], bool]]:
    if registers is None:
        return None
    if callable(registers):
        return _remembered(registers)
    known = frozenset(registers)
    return lambda kind, ref: (kind, ref) in known


def document_markdown_template(doc: Document, info: EditionInfo, titles: dict[str, str], *,
                               registers: Optional[Collection[tuple[str, str]] | Callable[[str, str], bool]] = None,
                               cited_by: Sequence[tuple[str, str]] = ()) -> str:
    """The Markdown of a document with its links not yet placed (see ``place_markdown``)."""
    renderer = _Renderer(doc, titles, _predicate(registers), cited_by)
    return front_matter(doc, info) + "\n" + renderer.body()


def place_markdown(template: str, at: str) -> str:
    """Make the links of a template relative to ``at``, the site-root-relative URL where the
    Markdown is published: document links become ``../<id>/`` on a document page and
    ``../documents/<id>/`` in ``markdown/<id>.md``; other links go through the site root."""
    if _SITE not in template:
        return template
    text = template.replace(_SITE + DOCUMENTS, relative(at, DOCUMENTS))
    return text.replace(_SITE, relative(at, "./"))


def document_html(doc: Document, titles: dict[str, str], *, at: Optional[str] = None,
                  registers: Optional[Collection[tuple[str, str]] | Callable[[str, str], bool]] = None,
                  cited_by: Sequence[tuple[str, str]] = ()) -> str:
    """The body of ``document_markdown`` as HTML — what Python-Markdown makes of it, written directly
    (about 10× faster). Links are relative to ``at`` (default: the document's page)."""
    renderer = _HtmlRenderer(doc, titles, _predicate(registers), cited_by)
    return place_markdown(renderer.body(), at if at is not None else document_url(doc.id))


def document_markdown(doc: Document, info: EditionInfo, titles: dict[str, str], *, at: Optional[str] = None,
                      registers: Optional[Collection[tuple[str, str]] | Callable[[str, str], bool]] = None,
                      cited_by: Sequence[tuple[str, str]] = ()) -> str:
    """One document → its annotated Markdown page (front matter + body), deterministic.

    ``titles`` maps every document id in the edition to its title: a reference is linked only when
    its target is in it (or is an absolute URL), with the title as the link's tooltip. ``at`` is the
    site-root-relative URL where this Markdown is published (default: the document's page;
    ``urls.markdown_url(doc.id)`` for the download), so relative links work in both places.
    ``registers`` holds the ``(kind, id)`` pairs that have register pages (or is a predicate); names
    are linked only to pages that exist, and not at all while the edition has no registers.
    ``cited_by`` lists (citing document id, citation as written): a "Referred to by" section.
    """
    template = document_markdown_template(doc, info, titles, registers=registers, cited_by=cited_by)
    return place_markdown(template, at if at is not None else document_url(doc.id))
