"""Annotated Markdown: ``Document`` → one Markdown page (YAML front matter + readable text).

    document_markdown(doc, info, titles) → "---\\nid: …\\n---\\n\\n<body>\\n"

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

import re
from typing import Callable, Collection, Iterable, Optional

import yaml

from .api import document_metadata
from .model import (Add, Annotation, Block, Choice, Debris, Del, Document, EditionInfo, Field, Forme, Gap, Hi,
                    Inline, Item, LineBreak, Name, Note, PageBreak, Paragraph, Quote, Ref, Section, Signature,
                    Stamp, Text, Withheld, Witness)
from .urls import document_url, is_absolute, register_url, relative

# --------------------------------------------------------------------------------------------
# Escaping
# --------------------------------------------------------------------------------------------

_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_WS = re.compile(r"\s+")


def escape_text(text: str) -> str:
    """Transcribed text → Markdown that renders as exactly that text (whitespace folded).

    Backslash-escapes the ASCII punctuation that starts Markdown syntax anywhere in a line, and
    writes ``<`` as ``&lt;`` so no transcription becomes HTML. Line-start syntax (``#``, ``1.``, ``>``)
    is handled per line by ``_escape_line_start``.
    """
    text = _WS.sub(" ", text)
    text = _ENTITY_LIKE.sub("&amp;", text)
    text = text.replace("<", "&lt;")
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def escape_attr(value: str) -> str:
    """Text → an HTML attribute value safe from Markdown too.

    Python-Markdown matches links, footnotes and code spans before inline HTML, so brackets,
    backticks, backslashes, asterisks and underscores inside an attribute are written as entities.
    """
    value = _WS.sub(" ", value).strip()
    table = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "[": "&#91;", "]": "&#93;",
             "`": "&#96;", "\\": "&#92;", "*": "&#42;", "_": "&#95;"}
    return "".join(table.get(c, c) for c in value)


_LIST_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def _escape_line_start(line: str) -> str:
    """Defuse block syntax at the start of one rendered line (headings, lists, quotes, rules)."""
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
    return line


def _block_text(rendered: str) -> str:
    """A block's rendered inline text → its lines, each made safe at its start."""
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

_FORME_TITLES = {"header": "running head", "footer": "running foot", "catch": "catchword",
                 "pageNum": "page number"}
_STAMP_TITLES = {"declassification": "declassification stamp", "review": "review stamp",
                 "notice": "notice", "archival": "archival mark", "classification": "classification banner",
                 "other": "stamp"}
_UNLABELLED_FIELDS = {"line", "banner", "text", "other"}
_FIELD_LABELS = {"no": "No.", "ref": "Ref.", "info": "Info", "to": "To", "from": "From", "cc": "Cc"}


class _Renderer:
    """State for one document: where the page is published, the footnotes collected so far."""

    def __init__(self, doc: Document, titles: dict[str, str], at: str,
                 registers: Optional[Callable[[str, str], bool]]):
        self.doc = doc
        self.titles = titles
        self.at = at
        self.registers = registers
        self.footnotes: dict[str, str] = {}  # label → Markdown text, in order of first reference
        self.ids: set[str] = set()
        self.witness: Optional[Witness] = None
        self.pending: list[str] = []  # footnote marks met inside a link, written after it

    # -- identifiers ------------------------------------------------------------------------

    def unique_id(self, base: str) -> str:
        """An HTML id unique within the page (page anchors ``w1-p2`` may repeat in a source)."""
        candidate, n = base, 2
        while candidate in self.ids:
            candidate, n = f"{base}-{n}", n + 1
        self.ids.add(candidate)
        return candidate

    def footnote(self, label: str, text: str) -> str:
        """A footnote reference; the definition is written once per label at the page end."""
        label = _anchor(label)
        self.footnotes.setdefault(label, text)
        return f"[^{label}]"

    # -- inlines ----------------------------------------------------------------------------

    def inlines(self, nodes: Iterable[Inline], in_link: bool = False) -> str:
        return "".join(self.inline(n, in_link) for n in nodes)

    def inline(self, node: Inline, in_link: bool = False) -> str:
        if isinstance(node, Text):
            return escape_text(node.text)
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
        if isinstance(node, Name):
            if in_link or self.registers is None or not self.registers(node.kind, node.ref):
                return self.inlines(node.children, in_link)
            return self.link(node.children, relative(self.at, register_url(node.kind, node.ref)), "")
        if isinstance(node, Choice):
            what = "as written" if node.kind == "normalisation" else "as read"
            title = f"{what}: {node.sic}" + (f" ({node.reason})" if node.reason else "")
            cls = "reg" if node.kind == "normalisation" else "corr"
            return f'<span class="{cls}" title="{escape_attr(title)}">{escape_text(node.corr)}</span>'
        if isinstance(node, Annotation):
            inner = self.inlines(node.children, in_link)
            mark = self.footnote(f"note-{node.id}", node.note)
            if in_link:
                # A footnote mark cannot stand inside link text: it follows the link instead.
                self.pending.append(mark)
                return inner
            return inner + mark
        raise TypeError(f"not an inline node: {node!r}")  # a bug in the reader, not bad input

    def gap(self, node: Gap, in_link: bool) -> str:
        if node.reason == "withheld":
            label = "withheld" + (f" {code_label(node.code)}" if node.code else "")
            html = f'<span class="gap" title="withheld at declassification">\\[{escape_text(label)}\\]</span>'
            if node.code:
                mark = self.footnote(f"code-{node.code}", code_note(node.code))
                if in_link:
                    self.pending.append(mark)
                else:
                    html += mark
            return html
        inner = node.raw.strip().strip("[]").strip()
        word = inner.lower() if inner and inner.replace(" ", "").isalpha() and len(inner) <= 20 else ""
        label = f"{word} illegible" if word else "illegible"
        title = f"{node.reason} (transcribed as {node.raw.strip()})" if node.raw.strip() else node.reason
        return (f'<span class="gap {escape_attr(node.reason)}" title="{escape_attr(title)}">'
                f"\\[{escape_text(label)}\\]</span>")

    def link(self, children: Iterable[Inline], href: str, title: str) -> str:
        """A Markdown link; footnote marks met inside its text are written after it (a mark cannot
        stand inside link text), and nothing inside it is linked again."""
        outer, self.pending = self.pending, []
        inner = self.inlines(children, True)
        href = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        # Python-Markdown would double-escape &quot; in a link title; a typographic quote reads the same.
        title_part = f' "{escape_attr(title).replace("&quot;", "”")}"' if title else ""
        html = f"[{inner}]({href}{title_part})" + "".join(self.pending)
        self.pending = outer
        return html

    def ref(self, node: Ref, in_link: bool) -> str:
        target = node.target
        if in_link:
            return self.inlines(node.children, True)
        if target and is_absolute(target):
            return self.link(node.children, target, "")
        if target and target in self.titles:
            return self.link(node.children, relative(self.at, document_url(target)), self.titles[target])
        # Not in this edition (or a target the edition does not hold, which would be a broken link).
        return f'<span class="ref" title="not in this edition">{self.inlines(node.children)}</span>'

    # -- blocks -----------------------------------------------------------------------------

    def blocks(self, blocks: Iterable[Block]) -> list[str]:
        """Blocks → Markdown chunks (joined by blank lines); consecutive items make one list."""
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

    def item_list(self, items: list[Item]) -> str:
        """Numbered paragraphs → a nested bullet list keeping each printed label ("1.", "(a)").

        Markdown can nest only one level at a time, so a jump from level 1 to 3 nests by one.
        """
        lines, depth = [], 0
        for item in items:
            depth = 1 if depth == 0 else max(1, min(item.level, depth + 1))
            text = " ".join(_block_text(self.inlines(item.inlines)).split("\n"))
            label = f'<span class="n">{escape_text(item.label)}</span>'
            lines.append(f"{'    ' * (depth - 1)}- {label} {text}".rstrip())
        return "\n".join(lines)

    def span_block(self, cls: str, title: str, text: str, lines: bool = False) -> str:
        """Non-reading matter (stamps, running heads, debris) as one labelled span paragraph."""
        if lines:
            rendered = "<br>\n".join(escape_text(l) for l in text.split("\n") if l.strip())
        else:
            rendered = escape_text(text).strip()
        if not rendered:
            return ""
        return _block_text(f'<span class="{cls}" title="{escape_attr(title)}">{rendered}</span>')

    def block(self, block: Block) -> str:
        if isinstance(block, Paragraph):
            text = _block_text(self.inlines(block.inlines).strip())
            if not text or block.role == "p":
                return text
            return f'<span class="{_anchor(block.role)}">{text}</span>'
        if isinstance(block, Quote):
            inner = "\n\n".join(self.blocks(block.blocks))
            return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
        if isinstance(block, Signature):
            text = _block_text(self.inlines(block.inlines).strip())
            return f'<span class="signature">{text}</span>' if text else ""
        if isinstance(block, Note):
            text = _block_text(self.inlines(block.inlines).strip())
            return f'<span class="doc-note">{text}</span>' if text else ""
        if isinstance(block, PageBreak):
            wid = self.witness.id if self.witness else "w"
            if block.n:
                pid = self.unique_id(_anchor(f"{wid}-p{block.n}"))
                return f'<span class="pb" id="{pid}" title="page break">\\[p. {escape_text(block.n)}\\]</span>'
            return '<span class="pb" title="page break">\\[page break\\]</span>'
        if isinstance(block, Forme):
            return self.span_block(f"fw fw-{_anchor(block.type)}", _FORME_TITLES.get(block.type, "forme work"),
                                   block.text)
        if isinstance(block, Stamp):
            return self.span_block(f"stamp stamp-{_anchor(block.type)}", _STAMP_TITLES.get(block.type, "stamp"),
                                   block.text, lines=True)
        if isinstance(block, Withheld):
            printed = escape_text(block.text).strip() or "no code"
            refs = "".join(self.footnote(f"code-{c}", code_note(c)) for c in block.codes)
            return (f'<span class="gap withheld" title="passage withheld at declassification">'
                    f"\\[passage withheld: {printed}\\]</span>{refs}")
        if isinstance(block, Debris):
            # OCR rubble is kept (nothing the source says is dropped) but marked as not text.
            return self.span_block("debris", "OCR debris, not part of the text", f"[OCR debris: {block.text}]")
        raise TypeError(f"not a block node: {block!r}")

    def fields(self, fields: Iterable[Field], cls: str) -> str:
        """Header lines as transcribed (``FROM: PARIS``), one per line, visually secondary."""
        lines = []
        for f in fields:
            if f.name in _UNLABELLED_FIELDS:
                # A header line the reader kept without understanding it: shown as printed.
                lines.append(f'<span class="field">{escape_text(f.value)}</span>')
                continue
            name = _FIELD_LABELS.get(f.name, f.name.replace("_", " ").capitalize())
            lines.append(f'<span class="field"><span class="field-name">{escape_text(name)}:</span> '
                         f"{escape_text(f.value)}</span>")
        return f'<span class="{cls}">' + "<br>\n".join(lines) + "</span>" if lines else ""

    # -- document ---------------------------------------------------------------------------

    def section_heading(self, section: Section, index: int, level: int, prefix: str) -> str:
        n = section.n if section.n is not None else index
        text = f"Section {n}" + (f" of {section.of}" if section.of else "")
        sid = self.unique_id(_anchor(f"{prefix}s{index}"))
        return f"{'#' * level} {escape_text(text)} {{#{sid}}}"

    def witness_parts(self, witness: Witness, several: bool) -> list[str]:
        self.witness = witness
        out: list[str] = []
        level = 2
        if several:
            wid = self.unique_id(_anchor(witness.id))
            out.append(f"## {escape_text(witness.label or witness.id)} {{#{wid}}}")
            review = []
            if witness.review_date:
                review.append(f"reviewed for release {witness.review_date}")
            if witness.reviewer:
                review.append(f"by {escape_text(witness.reviewer)}")
            if review:
                text = " ".join(review)
                out.append(f'<span class="review">{text[0].upper()}{text[1:]}</span>')
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
        for stamp in witness.review:
            chunk = self.block(stamp)
            if chunk:
                out.append(chunk)
        return out

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
        if doc.stamps:
            parts.append(f"## Stamps and notices {{#{self.unique_id('stamps')}}}")
            parts.extend(c for c in (self.block(s) for s in doc.stamps) if c)
        if doc.notes:
            parts.append(f"## Editorial notes {{#{self.unique_id('editorial-notes')}}}")
            parts.extend(_block_text(escape_text(n)) for n in doc.notes if n.strip())
        if self.footnotes:
            parts.append("\n".join(_footnote_definition(label, text) for label, text in self.footnotes.items()))
        return "\n\n".join(p for p in parts if p) + "\n"


def _footnote_definition(label: str, text: str) -> str:
    """``[^label]: text`` with continuation lines indented (the note is Markdown, maybe several lines)."""
    lines = [l.rstrip() for l in text.strip().split("\n")] or [""]
    rest = "".join(f"\n    {l}" if l else "\n" for l in lines[1:])
    return f"[^{label}]: {lines[0]}{rest}"


def front_matter(doc: Document, info: EditionInfo) -> str:
    """The YAML front matter: the API's record of the document, then what the page says of its edition."""
    data = document_metadata(doc)
    data["edition"] = info.title
    data["edition_version"] = info.version
    data["build_date"] = info.build_date
    data["stable_url"] = (info.base_url.rstrip("/") + "/" if info.base_url else "") + document_url(doc.id)
    # safe_dump quotes strings YAML would otherwise read as dates, times (20:00 is sexagesimal in
    # YAML 1.1) or booleans (NO), so the page's metadata reads back as exactly these strings.
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1 << 20)
    return f"---\n{text}---\n"


def document_markdown(doc: Document, info: EditionInfo, titles: dict[str, str], *, at: Optional[str] = None,
                      registers: Optional[Collection[tuple[str, str]] | Callable[[str, str], bool]] = None) -> str:
    """One document → its annotated Markdown page (front matter + body), deterministic.

    ``titles`` maps every document id in the edition to its title: a reference is linked only when
    its target is in it (or is an absolute URL), with the title as the link's tooltip. ``at`` is the
    site-root-relative URL where this Markdown is published (default: the document's page;
    ``urls.markdown_url(doc.id)`` for the download), so relative links work in both places.
    ``registers`` holds the ``(kind, id)`` pairs that have register pages (or is a predicate); names
    are linked only to pages that exist, and not at all while the edition has no registers.
    """
    predicate: Optional[Callable[[str, str], bool]]
    if registers is None or callable(registers):
        predicate = registers  # type: ignore[assignment]
    else:
        known = frozenset(registers)
        predicate = lambda kind, ref: (kind, ref) in known  # noqa: E731
    renderer = _Renderer(doc, titles, at if at is not None else document_url(doc.id), predicate)
    return front_matter(doc, info) + "\n" + renderer.body()
