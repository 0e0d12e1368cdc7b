"""TEI writer: one ``model.Document`` + ``EditionInfo`` → one TEI P5 file (UTF-8 bytes).

    document_tei(doc, info) → b'<?xml version="1.0" encoding="UTF-8"?>\\n…<TEI …>…</TEI>\\n'

The flow, in order:

1. ``_Writer.body``    witnesses → sections → blocks → inlines, as ``text/body``; on the way it records
                       what the body points at (responsibilities, exemption codes, correction reasons, the
                       hand of handwritten additions) so that the header can declare every target; with
                       several witnesses, ``_Writer.back`` then writes their comparison
                       (``edition.witnesses``) as ``text/back``;
2. ``_Writer.header``  the header in FRUS fashion: titleStmt with the dated head, editionStmt,
                       publicationStmt (stable id, URL, licence, build date), sourceDesc (msDesc: archival
                       identity, the item's metadata, stamps, the declassification history of each
                       release; listWit), encodingDesc (conventions; the taxonomies the body points at),
                       profileDesc (correspDesc, keywords). What every document shares is rendered once per
                       ``EditionInfo`` (``_shared``);
3. the parts are joined: header, then text, indented two spaces per level; mixed content stays on one
   line, so indentation never adds whitespace to the text.

The XML is written as text, not built as an lxml tree: lxml costs some 3 µs per element, which alone
would exceed the budget of well under 1 ms per document. Every string goes through ``_t`` (text) or
``_a`` (attribute values), which escape markup and replace what XML 1.0 cannot hold (C0 controls, lone
surrogates, U+FFFE/FFFF) with U+FFFD; the tests parse and validate every output with lxml against
tei_all. Same input → byte-identical output; the only date not taken from the document is
``info.build_date``.

Element mapping (EDITORIAL §3). "Where allowed": TEI admits ``head``/``salute``/``signed`` only at the
top of a division and ``closer``/``signed``/``salute`` only at its end (``_regions``); elsewhere the block
is written as the common fallback shown.

============================  ===========================================================================
model                         TEI
============================  ===========================================================================
Witness                       ``div type="witness" corresp="#w1"`` + ``listWit/witness xml:id="w1"``
Section (n, of, header)       ``div type="section" n="1" subtype="of-2"``; each field → ``head type="field"
                              subtype=<name>`` holding ``label`` (as printed) and the value
Paragraph role p / label      ``p`` / ``head`` where allowed, else ``label``
Paragraph salute / closer     ``salute`` / ``closer`` where allowed, else ``ab type="salute|closer"``
other Paragraph role          ``ab type="<role>"``
Item (label, level)           ``list`` of ``label`` + ``item n=label`` pairs; a deeper level nests a list
                              in the previous item; page breaks between items stay inside the list
Quote                         ``floatingText type="quote"/body`` (a letter keeps salute and signed)
Signature                     ``signed`` where allowed, else ``ab type="signed"``
PageBreak                     ``pb n=…`` + ``fw type="pageNum"`` (the line as printed)
Forme                         ``fw type=…``
Stamp                         ``ab type="stamp"/stamp type=…`` (doc.stamps: ``physDesc/additions``;
                              Witness.review: ``history/provenance``)
Withheld                      ``gap reason="withheld" ana="#ex-b1 …"`` + ``note type="exemption"`` (as printed)
Debris                        ``note type="ocr-debris"`` (flagged, never reading text)
Note                          ``note type="authorial"``
Text / Del / Add              text / ``del rend="strikethrough"`` / ``add place=…``
Hi / Hi(hand=True)            ``hi rend=…`` / ``add hand="#hand1"`` (``handNote`` in ``physDesc/handDesc``)
Gap                           ``gap reason=… [ana="#ex-…"]``, the raw placeholder in ``desc``
LineBreak                     ``lb break="no" rend="hyphen"`` (a mark other than "-" is kept in ``@n``)
Ref                           ``ref type="document|external|unresolved" n=key [target=URL]``
Name                          ``persName|placeName|orgName|term ref="<base_url><register>/<id>/"``
Choice                        ``choice/sic+corr`` (``orig+reg`` for normalisation); ``corr/@resp``;
                              ``corr/@ana`` → the reason, a category in ``classDecl``
Annotation                    ``seg type="annotated" xml:id`` + ``note type="editorial" xml:id resp
                              target`` holding the Markdown rendered as TEI (``p``, ``hi``, ``ref``, ``list``)
Document fields, stamps       ``msItem/note type="header"`` (gloss list, ``label type=<name>``),
                              ``physDesc/additions``
Undated document              ``date type="editorial" notBefore notAfter cert`` + ``note type="date"``
Several witnesses compared    each passage compared gets ``xml:id="<witness>-s<section>-p<n>"`` (its ``p``,
(``edition.witnesses``)       ``item``, ``signed``, ``note`` or withheld ``gap``); ``back/div
                              type="witness-comparison"``: ``listApp`` of ``app n=<passage> type=<status>
                              from to`` (the passage in the reading text) with ``lem``/``rdg wit type
                              [subtype="part"] [ana=codes] [corresp=marks]`` holding ``ptr`` to the words
                              and ``gap`` when withheld, ``note type="variation"`` with the words that
                              differ; ``linkGrp type="same"`` of ``link`` for the passages given alike;
                              ``listWit/witness/list type="comparison"`` (what it gives, withholds, under
                              which codes); ``encodingDesc/variantEncoding method="double-end-point"``
============================  ===========================================================================

Links: another document of the edition is its citable page ``<base_url>documents/<id>/``; register entries
are ``<base_url>persons/<id>/``, ``places/``, ``organizations/``, ``terms/`` (``edition.urls``, shared with
the Markdown writer). Every ``xml:id`` is unique within the file (a clash gets ``-2``, ``-3``…) and
every ``#pointer`` resolves within it.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from typing import Iterable, Optional, Sequence
from urllib.parse import quote

from . import __version__, urls
from .dates import MONTH_NAMES
from .model import (Add, Annotation, Block, Choice, Debris, Del, Document, EditionInfo, Forme, Gap, Hi, Inline,
                    Item, LineBreak, Name, Note, PageBreak, Paragraph, Quote, Ref, Section, Signature, Stamp, Text,
                    Withheld)
from .witnesses import compare_witnesses, section_units, witness_keys, witness_summary

TEI_NS = "http://www.tei-c.org/ns/1.0"

# Register kind → TEI element. @ref is the register entry's page on the published site
# (base_url + ``urls.register_url``: persons/<id>/, places/<id>/, organizations/<id>/, terms/<id>/), the
# address the Markdown page links to; an unknown kind is ``name type="<kind>"``.
NAME_ELEMENTS = {"person": "persName", "place": "placeName", "org": "orgName", "term": "term"}

_PROLOGUE = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<?xml-model href="http://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng" '
             'type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
             f'<TEI xmlns="{TEI_NS}" xml:lang="en">\n')

# --------------------------------------------------------------------------------------------
# Escaping
# --------------------------------------------------------------------------------------------

_BAD = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"  # not XML 1.0 characters
_BAD_SEARCH = re.compile(f"[{_BAD}]")
_TEXT_SPECIAL = re.compile(f"[&<>\r{_BAD}]")
_ATTR_SPECIAL = re.compile(f'[&<>"\r\n\t{_BAD}]')
_BAD_CODES = {c: "\ufffd" for c in (*range(0, 9), 11, 12, *range(14, 32), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF)}
_TEXT_TABLE = str.maketrans({**_BAD_CODES, "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_TABLE = str.maketrans({**_BAD_CODES, "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;",
                             '"': "&quot;", "\n": "&#10;", "\t": "&#9;"})


def _x(s: str) -> str:
    """Text → the same with what XML cannot hold replaced by U+FFFD (before %-escaping a URL)."""
    return s.translate(_BAD_CODES) if _BAD_SEARCH.search(s) else s


def _t(s: str) -> str:
    """Text → element content (markup escaped; a carriage return kept as ``&#13;``; a character XML
    cannot hold, such as a form feed, becomes U+FFFD)."""
    return s.translate(_TEXT_TABLE) if _TEXT_SPECIAL.search(s) else s


def _a(s: str) -> str:
    """Text → an attribute value in double quotes (line ends and tabs kept as character references)."""
    return s.translate(_ATTR_TABLE) if _ATTR_SPECIAL.search(s) else s


def _lines(s: str) -> str:
    """Text printed on several lines (a stamp, a running head) → text with ``<lb/>`` at each line end,
    so the line structure of the original survives."""
    return "<lb/>".join(_t(line) for line in s.split("\n")) if "\n" in s else _t(s)


def _el(tag: str, text: str, attrs: str = "") -> str:
    """A leaf element: ``<tag attrs>text</tag>`` (``text`` already escaped), ``<tag attrs/>`` when empty."""
    return f"<{tag}{attrs}>{text}</{tag}>" if text else f"<{tag}{attrs}/>"


# --------------------------------------------------------------------------------------------
# Values: tokens, ids, URIs, dates
# --------------------------------------------------------------------------------------------

_NOT_TOKEN = re.compile(r"[^A-Za-z0-9._:/()'-]+")


@lru_cache(maxsize=1024)
def _tok(s: str) -> str:
    """A value for an enumerated attribute (``@type``, ``@rend``, ``@reason``): one token, no spaces."""
    return _NOT_TOKEN.sub("-", s).strip("-")


_NOT_NC = re.compile(r"[^A-Za-z0-9._-]+")


def _ncname(s: str) -> str:
    """Any string → an XML NCName (for ``xml:id``)."""
    s = _NOT_NC.sub("-", s).strip("-.")
    if not s:
        return "id"
    return s if (s[0].isalpha() or s[0] == "_") else "id-" + s


_URI_OK = re.compile(r"[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]*")
_BAD_PCT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_URI_SAFE = "-._~:/?@!$&'()*+,;=%"


@lru_cache(maxsize=16384)
def _uri(s: str) -> str:
    """Any string → an escaped attribute value holding a URI reference ``teidata.pointer`` accepts (no
    spaces; characters outside URIs %-escaped; a stray ``%`` escaped)."""
    if not _URI_OK.fullmatch(s) or s.count("#") > 1:
        head, sep, frag = _x(s).partition("#")
        s = quote(head, safe=_URI_SAFE) + sep + quote(frag, safe=_URI_SAFE)
    return _a(_BAD_PCT.sub("%25", s))


@lru_cache(maxsize=16384)
def _register_ref(base: str, kind: str, ref: str) -> str:
    return _uri(base + urls.register_url(_x(kind), _x(ref)))


@lru_cache(maxsize=16384)
def document_url(base_url: str, doc_id: str) -> str:
    """A document's citable page in the edition: ``<base_url>documents/<id>/``."""
    return _base(base_url) + urls.document_url(_x(doc_id))


def _base(base_url: str) -> str:
    return base_url if not base_url or base_url.endswith("/") else base_url + "/"


_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_ISO_TIME = re.compile(r"(\d{2}):(\d{2})(?::(\d{2}))?")


@lru_cache(maxsize=4096)
def _date_parts(iso: Optional[str]) -> Optional[tuple]:
    """``"1962-10-28"``/``"1962-10"``/``"1962"`` → (year, month, day); None when not a real W3C date."""
    m = _ISO_DATE.fullmatch(iso or "")
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2) and int(m.group(2)), m.group(3) and int(m.group(3))
    try:
        _dt.date(y, mo or 1, d or 1)  # year 0000 is not an xsd:date either
    except ValueError:
        return None
    return y, mo, d


def _time_parts(hhmm: Optional[str]) -> Optional[tuple]:
    m = _ISO_TIME.fullmatch(hhmm or "")
    if not m:
        return None
    h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    return (h, mi, s) if h < 24 and mi < 60 and s < 60 else None


@lru_cache(maxsize=4096)
def _when(date: Optional[str], time: Optional[str] = None) -> Optional[str]:
    """ISO date (+ local time) → a ``@when`` value (``1962-10-28T20:00:00``), or None when not valid."""
    parts = _date_parts(date)
    if parts is None:
        return None
    tp = _time_parts(time)
    if tp and parts[2]:
        return f"{date}T{tp[0]:02d}:{tp[1]:02d}:{tp[2]:02d}"
    return date


def _human_date(date: Optional[str]) -> Optional[str]:
    """``1962-11-23`` → ``November 23, 1962`` (FRUS style); partial dates → ``November 1962``/``1962``."""
    parts = _date_parts(date)
    if parts is None:
        return None
    y, mo, d = parts
    if mo and d:
        return f"{MONTH_NAMES[mo - 1]} {d}, {y}"
    return f"{MONTH_NAMES[mo - 1]} {y}" if mo else str(y)


def _human_time(time: Optional[str]) -> Optional[str]:
    """``21:43`` → ``9:43 p.m.``, ``20:00`` → ``8 p.m.``, ``12:00`` → ``noon`` (FRUS style)."""
    tp = _time_parts(time)
    if tp is None:
        return None
    h, mi, _ = tp
    if mi == 0 and h in (0, 12):
        return "midnight" if h == 0 else "noon"
    clock = f"{(h % 12) or 12}" + (f":{mi:02d}" if mi else "")
    return f"{clock} {'a.m.' if h < 12 else 'p.m.'}"


def dateline_date(doc: Document) -> str:
    """The date part of a FRUS dateline: ``November 23, 1962, 9:43 p.m.`` (``undated`` when none)."""
    human = _human_date(doc.date) or doc.date_text or "undated"
    t = _human_time(doc.time) if _when(doc.date) else None
    return f"{human}, {t}" if t else human


def full_title(doc: Document) -> str:
    """The complete FRUS-style title: head, place, date, time
    (``Telegram From the Department of State to …, Washington, November 23, 1962, 9:43 p.m.``)."""
    return ", ".join(p for p in (doc.title, doc.place, dateline_date(doc)) if p)


def _date(iso: str, text: Optional[str] = None, attrs: str = "") -> str:
    """An ISO date → ``<date when=…>`` (``@when`` only for a real date) holding ``text`` or the value."""
    when = f' when="{_a(iso)}"' if _when(iso) else ""
    return _el("date", _t(iso if text is None else text), when + attrs)


# --------------------------------------------------------------------------------------------
# Markdown (editorial notes) → TEI
# --------------------------------------------------------------------------------------------

_MD_SYNTAX = re.compile(r"[\\`*_\[\]<>!&#\n]|^\s*(?:[-+>]|\d+[.)])(?:\s|$)|^ {4}|^\s*={3,}")
_MD_BLOCK = {"paragraph": "p", "bullet_list": "list", "ordered_list": "list", "list_item": "item",
             "blockquote": "quote", "heading": "p"}
_MD_INLINE = {"em": ("hi", ' rend="italic"'), "strong": ("hi", ' rend="bold"'),
              "s": ("del", ' rend="strikethrough"')}
_MD = None


@lru_cache(maxsize=4096)
def _markdown(src: str) -> str:
    """An editorial note in Markdown → TEI content for a ``note``: paragraphs are ``p`` (a lone
    paragraph is unwrapped into the note), emphasis ``hi``, links ``ref``, lists ``list``/``item``, code
    ``hi rend="monospace"``/``eg``. Cached: the same notes recur."""
    global _MD
    if not _MD_SYNTAX.search(src):
        return _t(src.strip())
    if _MD is None:
        from markdown_it import MarkdownIt
        _MD = MarkdownIt("commonmark")
    tokens = [t for t in _MD.parse(src) if not t.hidden]  # a tight list's paragraphs: the item holds the text
    blocks = [t for t in tokens if t.level == 0 and not t.type.endswith("_close")]
    if len(blocks) == 1 and blocks[0].type == "paragraph_open":
        return "".join(_markdown_inline(t.children or ()) for t in tokens if t.type == "inline")
    out = []
    for tok in tokens:
        kind = tok.type
        if kind.endswith("_open"):
            base = kind[:-5]
            tag = _MD_BLOCK.get(base, "p")
            rend = (' rend="numbered"' if base == "ordered_list" else ' rend="bulleted"') if tag == "list" else ""
            out.append(f"<{tag}{rend}>")
        elif kind.endswith("_close"):
            out.append(f"</{_MD_BLOCK.get(kind[:-6], 'p')}>")
        elif kind == "inline":
            out.append(_markdown_inline(tok.children or ()))
        elif kind in ("code_block", "fence"):
            out.append(_el("eg", _t(tok.content.rstrip("\n"))))
        elif kind == "html_block":
            out.append(_el("p", _t(tok.content.rstrip("\n"))))
    return "".join(out)


def _markdown_inline(children: Iterable) -> str:
    out = []
    stack = []
    for tok in children:
        kind = tok.type
        if kind in ("text", "html_inline"):
            out.append(_t(tok.content))
        elif kind == "softbreak":
            out.append("\n")
        elif kind == "hardbreak":
            out.append("<lb/>")
        elif kind == "code_inline":
            out.append(_el("hi", _t(tok.content), ' rend="monospace"'))
        elif kind == "image":
            target = str(tok.attrGet("src") or "")
            out.append(_el("ref", _t(tok.content), f' target="{_uri(target)}"' if target else ""))
        elif kind.endswith("_open"):
            if kind == "link_open":
                target = str(tok.attrGet("href") or "")
                tag, attrs = "ref", (f' target="{_uri(target)}"' if target else "")
            else:
                tag, attrs = _MD_INLINE.get(kind[:-5], ("hi", ""))
            stack.append(tag)
            out.append(f"<{tag}{attrs}>")
        elif kind.endswith("_close") and stack:
            out.append(f"</{stack.pop()}>")
    out.extend(f"</{tag}>" for tag in reversed(stack))
    return "".join(out)


# --------------------------------------------------------------------------------------------
# Division regions: where head, salute, signed and closer are allowed
# --------------------------------------------------------------------------------------------

# A TEI division is (divTop | global)*, then common content, then (divBottom | global)*, and the bottom
# needs common content before it; a floatingText body needs at least one common element. Each block is
# classed by where its preferred element may stand.
_G, _C, _TOP, _BOTTOM, _EITHER = "G", "C", "T", "B", "TB"
_TOP_OK = frozenset((_G, _TOP, _EITHER))
_BOTTOM_OK = frozenset((_G, _BOTTOM, _EITHER))
_GLOBAL_BLOCKS = (PageBreak, Forme, Withheld, Debris, Note)


def _category(block: Block) -> str:
    t = type(block)
    if t in _GLOBAL_BLOCKS:
        return _G  # pb, fw, gap, note: model.global, valid anywhere
    if t is Signature:
        return _EITHER  # signed: model.divTopPart and model.divBottomPart
    if t is Paragraph:
        role = block.role
        if role == "label":
            return _TOP  # head: top only (label, the fallback, is common)
        if role == "salute":
            return _EITHER  # salute: model.divWrapper, top or bottom
        if role == "closer":
            return _BOTTOM
    return _C


def _regions(cats: Sequence[str], need_common: bool) -> list:
    """Block categories → for each block, True to write its preferred element, False for its fallback."""
    n = len(cats)
    native = [True] * n
    i = 0
    while i < n and cats[i] in _TOP_OK:
        i += 1
    j = n
    while j > i and cats[j - 1] in _BOTTOM_OK:
        j -= 1
    if j == i < n and any(c != _G for c in cats[j:]):
        # Closing matter with no common content before it: its first block becomes that content.
        j = next(k for k in range(j, n) if cats[k] != _G) + 1
    for k in range(i, j):
        if cats[k] != _G and cats[k] != _C:
            native[k] = False
    if need_common and not any(c == _C or not nat for c, nat in zip(cats, native) if c != _G):
        native[max(k for k, c in enumerate(cats) if c != _G)] = False
    return native


def _group_items(blocks: Sequence[Block]) -> list:
    """Blocks → units: a block, or a list of consecutive Items with the globals standing between them
    (a page break inside a numbered list does not end the list)."""
    units: list = []
    n = len(blocks)
    i = 0
    while i < n:
        b = blocks[i]
        i += 1
        if type(b) is not Item:
            units.append(b)
            continue
        run = [b]
        while i < n:
            j = i
            while j < n and type(blocks[j]) in _GLOBAL_BLOCKS:
                j += 1
            if j < n and type(blocks[j]) is Item:
                run.extend(blocks[i:j + 1])
                i = j + 1
            else:
                break
        units.append(run)
    return units


# --------------------------------------------------------------------------------------------
# What every document of the edition shares
# --------------------------------------------------------------------------------------------

_EDITORIAL_DECL = (
    "The text is the OCR transcription of the scanned item and is never altered: misreadings are "
    "corrected only in choice (sic and corr) with the responsible editors and the reason; a word broken "
    "at a line end is joined with lb break=\"no\", the printed hyphen recorded in @rend.",
    "Each released version of the item is a witness with a division of its own. Passages withheld at "
    "declassification are gap reason=\"withheld\" pointing (@ana) at the exemption codes declared below; "
    "the codes as printed are kept in a note of type exemption.",
    "Running heads, page numbers and catchwords are fw; stamps and classification banners are stamp; "
    "OCR debris is kept in a note of type ocr-debris and is not reading text.",
    "Names point (@ref) at the edition's registers: {base}persons/ID/, {base}places/ID/, "
    "{base}organizations/ID/ and {base}terms/ID/; references to another document of the edition point "
    "at its page, {base}documents/ID/.",
)
_COMPARISON = (
    "The releases of this item compared with the first witness, the fullest release, whose text is the "
    "reading text: passage by passage, word by word, case, punctuation, line-end hyphens and the editors' "
    "corrections aside. Each passage where a release differs is an app: @from and @to point at the passage "
    "in the reading text, lem and rdg give each release's reading, typed same, variant, withheld (subtype "
    "part when some of it is given), absent (not there and not marked as withheld) or only-here (text the "
    "reading text lacks); ptr points at the release's words, @corresp at the withheld marks that cover the "
    "passage, @ana at the exemption codes printed there. Each passage all releases give alike is a link "
    "between its places in every release.")
_VERSION_OK = re.compile(r"[\d]+[a-z]*[\d]*(\.[\d]+[a-z]*[\d]*){0,3}")
_I = ["  " * k for k in range(64)]


@lru_cache(maxsize=8)
def _shared(info: EditionInfo) -> dict:
    """The header parts every document of the edition shares, rendered once: edition title, editors and
    their respStmt (``xml:id="editors"``), editionStmt, publisher, availability and date, projectDesc and
    editorialDecl, appInfo, langUsage."""
    editors = "".join(f"        <editor>{_t(ed)}</editor>\n" for ed in info.editors)
    names = "".join(f"          <name>{_t(ed)}</name>\n" for ed in info.editors or (info.publisher or "The editors",))
    title = f'        <title level="m">{_t(info.title)}</title>\n' if info.title else ""
    licence = f' target="{_uri(info.licence_url)}"' if info.licence_url else ""
    base = _base(info.base_url)
    decl = "".join(f"        <p>{_t(text.replace('{base}', base))}</p>\n" for text in _EDITORIAL_DECL)
    version = f' version="{__version__}"' if _VERSION_OK.fullmatch(__version__) else ""
    project = ": ".join(p for p in (info.title, info.subtitle) if p) or "A digital edition"
    return {
        "titles": (f"{title}{editors}"
                   f'        <respStmt xml:id="editors">\n'
                   f"          <resp>Editorial notes, corrections and TEI encoding</resp>\n"
                   f"{names}        </respStmt>\n"),
        "edition": (f"      <editionStmt>\n"
                    f'        <edition n="{_a(info.version)}">Version {_t(info.version)}, built '
                    f"{_date(info.build_date)}</edition>\n"
                    f"      </editionStmt>\n"
                    f"      <publicationStmt>\n"
                    f"        {_el('publisher', _t(info.publisher))}\n"),
        "availability": (f"        <availability>\n"
                         f"          {_el('licence', _t(info.licence), licence)}\n"
                         f"        </availability>\n"
                         f"        {_date(info.build_date)}\n"
                         f"      </publicationStmt>\n"),
        "encoding": (f"    <encodingDesc>\n"
                     f"      <projectDesc>\n"
                     f"        <p>{_t(project)}</p>\n"
                     f"      </projectDesc>\n"
                     f"      <editorialDecl>\n{decl}      </editorialDecl>\n"),
        "appinfo": (f"      <appInfo>\n"
                    f'        <application ident="edition"{version}>\n'
                    f"          <label>edition (TEI writer)</label>\n"
                    f"        </application>\n"
                    f"      </appInfo>\n"
                    f"    </encodingDesc>\n"
                    f"    <profileDesc>\n"
                    f"      <langUsage>\n"
                    f'        <language ident="en">English</language>\n'
                    f"      </langUsage>\n"),
    }


# --------------------------------------------------------------------------------------------
# The writer
# --------------------------------------------------------------------------------------------


class _Writer:
    """Writes the TEI of one document. While writing the body it collects every target the body points
    at, so that the header declares exactly those: ids are unique and pointers resolve."""

    def __init__(self, doc: Document, info: EditionInfo):
        self.doc = doc
        self.info = info
        self.base = _base(info.base_url)
        self.o: list = []  # the output, as parts
        self.used_ids: set = {"editors"}  # the shared respStmt
        self.witness_ids = [self.claim(w.id or f"w{k}") for k, w in enumerate(doc.witnesses, 1)]
        self.resp_ids: dict = {"editors": "editors"}
        self.code_ids: dict = {}
        self.reason_ids: dict = {}
        self.hand_id: Optional[str] = None
        # Several releases: the comparison of witnesses (edition.witnesses) and the ids of the passages it
        # points at, claimed first so that they read as the comparison names them (w2-s1-p4).
        self.passages: list = []
        self.section_ids: dict = {}  # (witness, section) → {id(block): [xml:id, …]}, until written
        self.block_ids: dict = {}    # those of the section being written
        self.unit_ids: dict = {}     # UnitKey → xml:id
        self.written: set = set()    # the unit ids written (the comparison points only at these)
        if len(doc.witnesses) > 1:
            self.passages = compare_witnesses(doc)
            for (wi, si), units in section_units(doc).items():
                ids = self.section_ids[(wi, si)] = {}
                for block, key in units:
                    xid = self.unit_ids[key] = self.claim(f"{self.witness_ids[wi]}-s{si}-p{key[2]}")
                    ids.setdefault(id(block), []).append(xid)

    # ids and pointer targets --------------------------------------------------------------------

    def claim(self, wanted: str) -> str:
        """A wanted id → a unique NCName (``n1``; ``n1-2`` when ``n1`` is taken)."""
        base = _ncname(wanted)
        cand, k = base, 2
        while cand in self.used_ids:
            cand, k = f"{base}-{k}", k + 1
        self.used_ids.add(cand)
        return cand

    def resp(self, resp: str) -> str:
        """``@resp`` as in the model (``#editors``, ``editors``, ``J. Doe``) → ``#id`` of a respStmt."""
        name = (resp or "").strip().lstrip("#").strip() or "editors"
        rid = self.resp_ids.get(name)
        if rid is None:
            rid = self.resp_ids[name] = self.claim(name)
        return "#" + rid

    def code(self, code: str) -> str:
        """An exemption code (``b1``) → ``#ex-b1``, a category declared in ``classDecl``."""
        cid = self.code_ids.get(code)
        if cid is None:
            cid = self.code_ids[code] = self.claim("ex-" + code)
        return "#" + cid

    def reason(self, reason: str) -> str:
        """A correction's reason → ``#corr-…``, a category declared in ``classDecl``."""
        rid = self.reason_ids.get(reason)
        if rid is None:
            rid = self.reason_ids[reason] = self.claim("corr-" + reason)
        return "#" + rid

    def hand(self) -> str:
        if self.hand_id is None:
            self.hand_id = self.claim("hand1")
        return "#" + self.hand_id

    def ref_attrs(self, key: str, target: Optional[str]) -> str:
        """A reference's key and target → `` type=… target=… n=…``: a document of the edition links to
        its citable page; an outside URL is kept as it is; a reference not in this edition is
        ``type="unresolved"`` and keeps its key."""
        if target is None or not target.strip():
            attrs = ' type="unresolved"'
        elif urls.is_absolute(target):
            attrs = f' type="external" target="{_uri(target)}"'
        else:
            attrs = f' type="document" target="{_uri(document_url(self.base, target))}"'
        return f'{attrs} n="{_a(key)}"' if key else attrs

    # inlines ------------------------------------------------------------------------------------

    def inlines(self, nodes: Iterable[Inline]) -> None:
        """Inline nodes → their TEI, appended to the output (on one line: this is mixed content)."""
        w = self.o.append
        for node in nodes:
            if type(node) is Text:
                w(_t(node.text))
            else:
                _INLINE[type(node)](self, node)

    def _wrap(self, tag: str, attrs: str, nodes: Sequence[Inline]) -> None:
        if nodes:
            self.o.append(f"<{tag}{attrs}>")
            self.inlines(nodes)
            self.o.append(f"</{tag}>")
        else:
            self.o.append(f"<{tag}{attrs}/>")

    def _del(self, node: Del) -> None:
        self._wrap("del", ' rend="strikethrough"', node.children)

    def _add(self, node: Add) -> None:
        place = _tok(node.place or "")
        self._wrap("add", f' place="{place}"' if place else "", node.children)

    def _hi(self, node: Hi) -> None:
        rend = _tok(node.rend or "")
        rend = f' rend="{rend}"' if rend else ""
        if node.hand:
            # Handwriting beside the typescript, as the editors judge it: an addition in a declared hand,
            # not a typographic highlight; the transcription's mark stays in @rend.
            self._wrap("add", f' hand="{self.hand()}"{rend}', node.children)
        else:
            self._wrap("hi", rend, node.children)

    def _gap(self, node: Gap) -> None:
        reason = _tok(node.reason or "")
        attrs = (f' reason="{reason}"' if reason else "") + (f' ana="{_a(self.code(node.code))}"' if node.code else "")
        # The placeholder exactly as the transcriber wrote it ("[]", "[Name]") is kept in desc.
        self.o.append(f"<gap{attrs}><desc>{_t(node.raw)}</desc></gap>" if node.raw else f"<gap{attrs}/>")

    def _lb(self, node: LineBreak) -> None:
        if not node.hyphen:
            self.o.append('<lb break="no"/>')
        elif node.hyphen == "-":
            self.o.append('<lb break="no" rend="hyphen"/>')
        else:  # an unusual line-end mark ("=", "¬") is kept as printed
            self.o.append(f'<lb break="no" rend="hyphen" n="{_a(node.hyphen)}"/>')

    def _ref(self, node: Ref) -> None:
        self._wrap("ref", self.ref_attrs(node.key, node.target), node.children)

    def _name(self, node: Name) -> None:
        tag = NAME_ELEMENTS.get(node.kind)
        if tag is None:
            tag, attrs = "name", f' type="{_tok(node.kind or "") or "name"}"'
        else:
            attrs = ""
        if node.ref:
            attrs += f' ref="{_register_ref(self.base, node.kind, node.ref)}"'
        self._wrap(tag, attrs, node.children)

    def _choice(self, node: Choice) -> None:
        as_read, corrected = ("orig", "reg") if node.kind == "normalisation" else ("sic", "corr")
        ana = f' ana="{_a(self.reason(node.reason))}"' if node.reason else ""
        resp = f' resp="{_a(self.resp(node.resp))}"'
        self.o.append(f"<choice>{_el(as_read, _t(node.sic))}{_el(corrected, _t(node.corr), resp + ana)}</choice>")

    def _annotation(self, node: Annotation) -> None:
        nid = self.claim(node.id or "note")
        sid = self.claim(nid + "-passage")
        self._wrap("seg", f' type="annotated" xml:id="{sid}"', node.children)
        self.o.append(_el("note", _markdown(node.note), f' xml:id="{nid}" type="editorial" '
                                                        f'resp="{_a(self.resp(node.resp))}" target="#{sid}"'))

    # blocks -------------------------------------------------------------------------------------

    def blocks(self, depth: int, blocks: Sequence[Block], container: str) -> None:
        """Blocks → lines at ``depth``; ``container`` is ``div``, ``body`` (of a floatingText, which needs
        common content) or ``quote`` (no division structure: every block takes its fallback)."""
        units = _group_items(blocks)
        cats = [_C if type(u) is list else _category(u) for u in units]
        if container == "quote":
            native = [False] * len(units)
        else:
            native = _regions(cats, need_common=container == "body")
        ind = _I[depth] if depth < 64 else "  " * depth
        for unit, nat in zip(units, native):
            if type(unit) is list:
                self.item_list(depth, unit)
            else:
                _BLOCK[type(unit)](self, ind, unit, nat, depth)

    def _xid(self, b: Block) -> str:
        """`` xml:id="…"`` for a block the comparison of witnesses points at, else "" (a block object met
        twice in a section takes its ids in turn)."""
        if not self.block_ids:
            return ""
        queue = self.block_ids.get(id(b))
        if not queue:
            return ""
        xid = queue.pop(0)
        self.written.add(xid)
        return f' xml:id="{xid}"'

    def _line(self, ind: str, tag: str, attrs: str, nodes: Sequence[Inline], b: Optional[Block] = None) -> None:
        self.o.append(ind)
        self._wrap(tag, attrs + self._xid(b) if b is not None else attrs, nodes)
        self.o.append("\n")

    def _paragraph(self, ind: str, b: Paragraph, native: bool, depth: int) -> None:
        role = b.role
        if role == "p":
            self._line(ind, "p", "", b.inlines, b)
        elif role == "label":
            self._line(ind, "head" if native else "label", "", b.inlines, b)
        elif role == "salute" or role == "closer":
            if native:
                self._line(ind, role, "", b.inlines, b)
            else:
                self._line(ind, "ab", f' type="{role}"', b.inlines, b)
        else:
            self._line(ind, "ab", f' type="{_tok(role or "") or "p"}"', b.inlines, b)

    def _signature(self, ind: str, b: Signature, native: bool, depth: int) -> None:
        if native:
            self._line(ind, "signed", "", b.inlines, b)
        else:
            self._line(ind, "ab", ' type="signed"', b.inlines, b)

    def _quote(self, ind: str, b: Quote, native: bool, depth: int) -> None:
        w = self.o.append
        if any(type(x) not in _GLOBAL_BLOCKS for x in b.blocks):
            # A letter carried in a telegram (QUOTE … END) is a text of its own: floatingText keeps its
            # salute and its signature as such.
            w(f'{ind}<floatingText type="quote">\n{ind}  <body>\n')
            self.blocks(depth + 2, b.blocks, "body")
            w(f"{ind}  </body>\n{ind}</floatingText>\n")
        elif b.blocks:
            w(f"{ind}<quote>\n")
            self.blocks(depth + 1, b.blocks, "quote")
            w(f"{ind}</quote>\n")
        else:
            w(f"{ind}<quote/>\n")

    # Page breaks, running matter, withheld blocks, debris and notes are model.global: valid between
    # list items too, where a nested list writes them on its item's line (``nl=""``).

    def _pagebreak(self, ind: str, b: PageBreak, native: bool, depth: int, nl: str = "\n") -> None:
        self.o.append(f'{ind}<pb n="{_a(b.n)}"/>{nl}' if b.n else f"{ind}<pb/>{nl}")
        if b.raw:
            self.o.append(f'{ind}<fw type="pageNum">{_lines(b.raw)}</fw>{nl}')

    def _forme(self, ind: str, b: Forme, native: bool, depth: int, nl: str = "\n") -> None:
        attrs = f' type="{_tok(b.type or "") or "header"}"'
        self.o.append(f"{ind}{_el('fw', _lines(b.text), attrs)}{nl}")

    def _stamp(self, ind: str, b: Stamp, native: bool, depth: int) -> None:
        self.o.append(f'{ind}<ab type="stamp">{_stamp(b)}</ab>\n')

    def _withheld(self, ind: str, b: Withheld, native: bool, depth: int, nl: str = "\n") -> None:
        ana = f' ana="{_a(" ".join(self.code(c) for c in b.codes))}"' if b.codes else ""
        self.o.append(f'{ind}<gap reason="withheld"{ana}{self._xid(b)}/>{nl}')
        if b.text:
            # The codes as printed on the release ("(b)(1)", "BIA3"), OCR errors and all.
            self.o.append(f'{ind}<note type="exemption">{_lines(b.text)}</note>{nl}')

    def _debris(self, ind: str, b: Debris, native: bool, depth: int, nl: str = "\n") -> None:
        # OCR rubble is kept (nothing read is dropped) but flagged: a note, never reading text.
        self.o.append(f'{ind}{_el("note", _lines(b.text), _DEBRIS)}{nl}')

    def _note(self, ind: str, b: Note, native: bool, depth: int, nl: str = "\n") -> None:
        self.o.append(ind)
        self._wrap("note", ' type="authorial"' + self._xid(b), b.inlines)
        self.o.append(nl)

    def item_list(self, depth: int, blocks: list) -> None:
        """A run of Items (with the page breaks, running heads… between them) → ``list`` of ``label`` +
        ``item`` pairs, one pair a line; an item of a deeper level opens a list inside the previous item
        (on that item's line: an item is mixed content). Document order is kept: running matter followed
        by a deeper item goes inside the item that the deeper list will follow."""
        entries: list = []  # ["item", Item, [("global", block) | ("list", entries)]] or ["global", block]
        stack = [[blocks[0].level, entries, None]]  # open lists: level, entries, last item entry
        for k, b in enumerate(blocks):
            top = stack[-1]
            if type(b) is not Item:
                following = next(x for x in blocks[k + 1:] if type(x) is Item)  # a run ends with an Item
                if top[2] is not None and following.level > top[0]:
                    top[2][2].append(("global", b))
                else:
                    top[1].append(["global", b])
                continue
            while len(stack) > 1 and b.level < stack[-1][0]:
                stack.pop()
            top = stack[-1]
            if len(stack) == 1 and b.level < top[0]:
                top[0] = b.level  # the outer list is at the shallowest level seen
            elif b.level > top[0] and top[2] is not None:
                nested: list = []
                top[2][2].append(("list", nested))
                top = [b.level, nested, None]
                stack.append(top)
            entry = ["item", b, []]
            top[1].append(entry)
            top[2] = entry
        ind = _I[depth] if depth < 63 else "  " * depth
        inner = ind + "  "
        self.o.append(f"{ind}<list>\n")
        for entry in entries:
            if entry[0] == "global":
                _BLOCK[type(entry[1])](self, inner, entry[1], True, depth + 1)
            else:
                self.o.append(inner)
                self._item(entry)
                self.o.append("\n")
        self.o.append(f"{ind}</list>\n")

    def _item(self, entry: list) -> None:
        b = entry[1]
        w = self.o.append
        w(_el("label", _t(b.label)))
        xid = self._xid(b)
        w(f'<item n="{_a(b.label)}"{xid}>' if b.label else f"<item{xid}>")
        self.inlines(b.inlines)
        for kind, content in entry[2]:
            if kind == "global":
                _BLOCK[type(content)](self, "", content, True, 0, "")
                continue
            w("<list>")
            for e in content:
                if e[0] == "global":
                    _BLOCK[type(e[1])](self, "", e[1], True, 0, "")
                else:
                    self._item(e)
            w("</list>")
        w("</item>")

    # body ---------------------------------------------------------------------------------------

    def body(self) -> None:
        """The witnesses → ``text``: FRUS head and dateline, then a division per witness."""
        doc, w = self.doc, self.o.append
        place = f"<placeName>{_t(doc.place)}</placeName>, " if doc.place else ""
        w(f"  <text>\n    <body>\n      {_el('head', _t(doc.title))}\n"
          f"      <dateline>{place}{self.date_el(dateline_date(doc))}</dateline>\n")
        for wi, (wid, wit) in enumerate(zip(self.witness_ids, doc.witnesses)):
            if wit.sections:
                w(f'      <div type="witness" corresp="#{wid}">\n')
                for si, sec in enumerate(wit.sections, 1):
                    self.block_ids = self.section_ids.get((wi, si), {})
                    self.section(sec)
                w("      </div>\n")
            else:
                w(f'      <div type="witness" corresp="#{wid}"/>\n')
        if not doc.witnesses:
            w('      <div type="witness"/>\n')  # a body needs a division; the model gave none
        w("    </body>\n")
        if self.passages:
            self.back()
        w("  </text>\n")

    def section(self, sec: Section) -> None:
        w = self.o.append
        attrs = ' type="section"'
        if sec.n is not None:
            attrs += f' n="{sec.n}"'
        if sec.of is not None:
            attrs += f' subtype="of-{sec.of}"'
        if not sec.header and not sec.blocks:
            w(f"        <div{attrs}/>\n")
            return
        w(f"        <div{attrs}>\n")
        for f in sec.header:
            # The section's own header lines (NO:, REF:) head it: the label as printed, then the value as
            # read; the normalised name is the head's @subtype.
            name = _tok(f.name or "")
            subtype = f' subtype="{name}"' if name else ""
            label = f"<label>{_t(f.label)}</label>" if f.label else ""
            value = _t(f.value)
            content = f"{label} {value}" if label and value else label or value
            w(f"          {_el('head', content, _FIELD + subtype)}\n")
        self.blocks(5, sec.blocks, "div")
        w("        </div>\n")

    def back(self) -> None:
        """The comparison of the witnesses (``edition.witnesses``) → ``back/div type="witness-comparison"``:
        an ``app`` for each passage where a release differs from the reading text, a ``link`` for each
        passage all releases give alike (see ``_COMPARISON``)."""
        w = self.o.append
        w('    <back>\n      <div type="witness-comparison">\n        <head>Comparison of releases</head>\n'
          f"        <p>{_t(_COMPARISON)}</p>\n")
        apps: list = []
        links: list = []
        for p in self.passages:
            if all(r.status in ("given", "same") for r in p.readings):
                targets = self.pointers(u for r in p.readings for u in r.units)
                if len(targets) >= 2:
                    links.append(f'          <link target="{" ".join(targets)}"/>\n')
                continue
            apps.append(self.app(p))
        if apps:
            w("        <listApp>\n")
            w("".join(apps))
            w("        </listApp>\n")
        if links:
            w('        <linkGrp type="same">\n')
            w("".join(links))
            w("        </linkGrp>\n")
        w("      </div>\n    </back>\n")

    def pointers(self, keys) -> list:
        """Unit keys → ``#id`` pointers to the passages written in the body (in order, once each)."""
        out = []
        for key in keys:
            xid = self.unit_ids.get(key)
            if xid in self.written and "#" + xid not in out:
                out.append("#" + xid)
        return out

    def app(self, p) -> str:
        """One passage → ``app``: where the passage stands in the reading text (``@from``/``@to``), the
        reading text's ``lem`` and each other release's ``rdg``, typed by status; ``@ana`` points at the
        exemption codes; ``ptr`` at the witness's words, ``@corresp`` at its withheld marks."""
        wits = self.witness_ids
        statuses = {r.status for r in p.readings[1:]}
        kind = next((s for s in ("withheld", "only-here", "variant", "absent") if s in statuses), "same")
        if p.readings[0].status == "withheld" and kind == "same":
            kind = "withheld"
        attrs = f' xml:id="{self.claim("cmp-" + p.id)}" n="{_a(p.id)}" type="{kind}"'
        base = self.pointers(p.readings[0].units + p.readings[0].marks)
        if base:
            attrs += f' from="{base[0]}" to="{base[-1]}"'
        out = [f"          <app{attrs}>\n"]
        notes = []
        for k, r in enumerate(p.readings):
            tag = "lem" if k == 0 else "rdg"
            a = f' wit="#{wits[k]}" type="{_tok(r.status)}"' + (' subtype="part"' if r.part else "")
            if r.codes:
                a += f' ana="{_a(" ".join(self.code(c) for c in r.codes))}"'
            marks = self.pointers(r.marks)
            if marks:
                a += f' corresp="{" ".join(marks)}"'
            content = "".join(f'<ptr target="{t}"/>' for t in self.pointers(r.units))
            if r.status == "withheld" or (r.marks and r.status == "only-here"):
                content += '<gap reason="withheld"/>'
            out.append(f"            {_el(tag, content, a)}\n")
            if r.status in ("variant", "only-here"):
                # The words that differ, as each release prints them.
                notes.extend(_el("seg", _t(d.base), ' type="lem"') + " "
                             + _el("seg", _t(d.other), f' type="rdg" corresp="#{wits[k]}"')
                             for d in r.differences if d.kind in ("variant", "only-here"))
        if notes:
            out.append(f'            <note type="variation">{"; ".join(notes)}</note>\n')
        out.append("          </app>\n")
        return "".join(out)

    def date_el(self, text: Optional[str] = None) -> str:
        """The document's date → ``date`` with ``@when`` (date + local time when known) and the date as
        written. An undated document gets an editorial date: ``@notBefore``/``@notAfter`` from the range
        the editors assign (else not after the day it was received), ``@cert`` low or unknown."""
        doc = self.doc
        when = _when(doc.date, doc.time)
        cert = "low" if doc.date_certainty == "low" else "unknown"
        if when:
            attrs = f' when="{_a(when)}"' + (f' cert="{cert}"' if doc.date_certainty != "high" else "")
            text = text if text is not None else (doc.date_text or _human_date(doc.date) or doc.date)
        else:
            not_before = _when(doc.date_not_before)
            # Without an editorial range: sent on or before the day it was received, the one bound the
            # document itself gives.
            not_after = _when(doc.date_not_after) or _when(doc.received_date)
            attrs = (' type="editorial"' + (f' notBefore="{_a(not_before)}"' if not_before else "")
                     + (f' notAfter="{_a(not_after)}"' if not_after else "") + f' cert="{cert}"')
            text = doc.date_text or doc.date or "undated"
        return _el("date", _t(text), attrs)

    # header -------------------------------------------------------------------------------------

    def header(self) -> str:
        """Everything the editors record about the document → ``teiHeader`` (call after ``body``)."""
        doc, shared = self.doc, _shared(self.info)
        h = ["  <teiHeader>\n    <fileDesc>\n      <titleStmt>\n",
             f'        {_el("title", _t(full_title(doc)), _COMPLETE)}\n',
             f'        {_el("title", _t(doc.title), _MAIN)}\n',
             shared["titles"]]
        for name, rid in self.resp_ids.items():
            if rid != "editors":
                h.append(f'        <respStmt xml:id="{rid}">\n'
                         f"          <resp>Editorial corrections and notes</resp>\n"
                         f"          {_el('name', _t(name))}\n"
                         f"        </respStmt>\n")
        h.append("      </titleStmt>\n")
        h.append(shared["edition"])
        h.append(f'        <idno type="stable">{_t(doc.id)}</idno>\n'
                 f'        <idno type="URL">{_t(document_url(self.base, doc.id))}</idno>\n')
        h.append(shared["availability"])
        if doc.notes:
            h.append("      <notesStmt>\n")
            h.extend(f'        <note type="editorial">{_t(n)}</note>\n' for n in doc.notes)
            h.append("      </notesStmt>\n")
        h.append("      <sourceDesc>\n")
        self.ms_desc(h)
        self.list_wit(h)
        h.append("      </sourceDesc>\n    </fileDesc>\n")
        h.append(shared["encoding"])
        if self.code_ids or self.reason_ids:
            h.append("      <classDecl>\n")
            for ids, desc in ((self.code_ids, "Exemption codes under which passages were withheld at "
                                              "declassification"),
                              (self.reason_ids, "Reasons for editorial corrections")):
                if ids:
                    h.append(f"        <taxonomy>\n          <desc>{desc}</desc>\n")
                    h.extend(f'          <category xml:id="{cid}">\n'
                             f"            {_el('catDesc', _t(value))}\n"
                             f"          </category>\n" for value, cid in ids.items())
                    h.append("        </taxonomy>\n")
            h.append("      </classDecl>\n")
        if self.passages:
            # The comparison in the back matter points at both ends of each passage of the reading text.
            h.append('      <variantEncoding method="double-end-point" location="external"/>\n')
        h.append(shared["appinfo"])
        self.profile_desc(h)
        h.append("    </profileDesc>\n  </teiHeader>\n")
        return "".join(h)

    def ms_desc(self, h: list) -> None:
        """The item: archival identity, metadata, stamps, the declassification history of each release."""
        doc, info = self.doc, self.info
        first, last = doc.source_lines
        h.append(f"        <msDesc>\n"
                 f"          <msIdentifier>\n"
                 f"            {_el('repository', _t(info.repository))}\n")
        if info.collection:
            h.append(f"            <collection>{_t(info.collection)}</collection>\n")
        h.append(f'            <idno type="transcription">{_t(doc.source)}, lines {first}-{last}</idno>\n'
                 f"          </msIdentifier>\n"
                 f"          <msContents>\n"
                 f"            <msItem>\n"
                 f'              <title type="editorial">{_t(doc.title)}</title>\n')
        if doc.subject:
            h.append(f'              <title type="subject">{_t(doc.subject)}</title>\n')
        if doc.number:
            h.append(f'              <idno type="number">{_t(doc.number)}</idno>\n')
        if doc.control:
            h.append(f'              <idno type="control">{_t(doc.control)}</idno>\n')
        for resp, names in (("signed by", doc.signers), ("drafted by", (doc.drafter,) if doc.drafter else ()),
                            ("cleared by", doc.clearances)):
            h.extend(f"              <respStmt>\n"
                     f"                <resp>{resp}</resp>\n"
                     f"                {_el('name', _t(name))}\n"
                     f"              </respStmt>\n" for name in names)
        if doc.received:
            h.append(f'              <note type="received">{_t(doc.received)}</note>\n')
        if doc.references:
            items = "".join(f"<item>{_el('ref', _t(r.text), self.ref_attrs(r.key, r.target))}</item>"
                            for r in doc.references)
            h.append(f'              <note type="references"><list>{items}</list></note>\n')
        if doc.fields:
            # The document's header lines as read (FROM:, TO:, NO:, ACTION: …).
            items = "".join(_el("label", _t(f.label), f' type="{_tok(f.name)}"' if _tok(f.name or "") else "")
                            + _el("item", _t(f.value)) for f in doc.fields)
            h.append(f'              <note type="header"><list type="gloss">{items}</list></note>\n')
        h.append("            </msItem>\n          </msContents>\n")

        if self.hand_id or doc.stamps:
            h.append("          <physDesc>\n")
            if self.hand_id:
                h.append(f"            <handDesc>\n"
                         f'              <handNote xml:id="{self.hand_id}" scope="minor">Handwritten additions '
                         f"beside the typescript (dissemination and filing notes, initials), as the editors "
                         f"judge them.</handNote>\n"
                         f"            </handDesc>\n")
            if doc.stamps:
                # Marks on the item that belong to no one release: archival marks, notices, copy numbers.
                h.append("            <additions>\n")
                h.extend(f"              <p>{_stamp(st)}</p>\n" for st in doc.stamps)
                h.append("            </additions>\n")
            h.append("          </physDesc>\n")

        if doc.witnesses:
            h.append("          <history>\n")
            for wid, wit in zip(self.witness_ids, doc.witnesses):
                # One episode per release: its declassification review, with the stamps recording it.
                when = f' when="{_a(wit.review_date)}"' if _when(wit.review_date) else ""
                p = [_t(wit.label or wid), ": "]
                if wit.review_date:
                    p.append("reviewed " + _date(wit.review_date))
                if wit.reviewer:
                    p.append(f"{' by ' if wit.review_date else 'reviewed by '}<persName>{_t(wit.reviewer)}</persName>")
                if not wit.review_date and not wit.reviewer:
                    p.append("review date and reviewer not read")
                h.append(f'            <provenance type="declassification" corresp="#{wid}"{when}>\n'
                         f"              <p>{''.join(p)}</p>\n")
                h.extend(f"              <p>{_stamp(st)}</p>\n" for st in wit.review)
                h.append("            </provenance>\n")
            h.append("          </history>\n")
        h.append("        </msDesc>\n")

    def list_wit(self, h: list) -> None:
        if not self.doc.witnesses:
            return
        summary = witness_summary(self.doc) if self.passages else {}
        keys = witness_keys(self.doc)
        h.append("        <listWit>\n")
        for k, (wid, wit) in enumerate(zip(self.witness_ids, self.doc.witnesses), 1):
            parts = [f'          <witness xml:id="{wid}" n="{k}">', _el("label", _t(wit.label))]
            if wit.review_date:
                parts.append(", reviewed " + _date(wit.review_date))
            if wit.reviewer:
                parts.append(f" by <persName>{_t(wit.reviewer)}</persName>")
            parts.append(f" (source lines {wit.span.line}-{wit.span.end_line})")
            if summary:
                parts.append(self.witness_comparison(summary[keys[k - 1]], k == 1))
            parts.append("</witness>\n")
            h.append("".join(parts))
        h.append("        </listWit>\n")

    def witness_comparison(self, s: dict, first: bool) -> str:
        """A witness's summary (``witness_summary``) → ``list type="comparison"``: what it gives and what it
        withholds, under which exemption codes (``@ana`` → the categories of ``classDecl``)."""
        of = f"{s['passages']} passage{'s' if s['passages'] != 1 else ''}"
        if first:
            items = [("given", "", f"The reading text: gives {s['given']} of the {of} compared.")]
        else:
            items = [("given", "", f"Gives {s['given']} of the {of} compared: {s['same']} as the reading text, "
                                   f"{s['variant']} with variant wording, {s['only-here']} giving what the reading "
                                   f"text lacks."),
                     ("absent", "", f"{s['absent']} not in this release and not marked as withheld.")]
        codes = s["codes"]
        ana = f' ana="{_a(" ".join(self.code(c) for c in codes))}"' if codes else ""
        part = f" ({s['withheld_part']} in part)" if s.get("withheld_part") else ""
        under = f" under {', '.join(codes)}" if codes else ""
        items.append(("withheld", ana, f"Withholds {s['withheld']}{part}{under}."))
        for page, src, dst in s["pages_moved"]:
            items.append(("page-moved", "", f"Page {page or '(unnumbered)'}, bound in section {src}, belongs to "
                                            f"section {dst} by its running head and is compared there."))
        return (' <list type="comparison">'
                + "".join(f'<item n="{n}"{ana_}>{_t(text)}</item>' for n, ana_, text in items) + "</list>")

    def profile_desc(self, h: list) -> None:
        doc = self.doc
        # A telegram's parties are posts and offices; a memorandum's or a letter's are persons.
        agent = {"telegram": "orgName", "airgram": "orgName", "memorandum": "persName",
                 "letter": "persName"}.get(doc.kind, "name")
        h.append('      <correspDesc>\n        <correspAction type="sent">\n')
        if doc.sender:
            h.append(f"          <{agent}>{_t(doc.sender)}</{agent}>\n")
        if doc.place:
            h.append(f"          <placeName>{_t(doc.place)}</placeName>\n")
        h.append(f"          {self.date_el()}\n")
        if doc.date_certainty != "high" or not _when(doc.date):
            h.append(f'          <note type="date">{_t(_date_statement(doc))}</note>\n')
        h.append("        </correspAction>\n")
        if doc.addressee or doc.received or doc.received_date:
            h.append('        <correspAction type="received">\n')
            if doc.addressee:
                h.append(f"          <{agent}>{_t(doc.addressee)}</{agent}>\n")
            if doc.received or doc.received_date:
                h.append(f"          {_date(doc.received_date or '', doc.received or doc.received_date)}\n")
            h.append("        </correspAction>\n")
        # INFO addressees receive the telegram for information.
        h.extend(f'        <correspAction type="received" subtype="info">\n'
                 f"          {_el(agent, _t(addressee))}\n"
                 f"        </correspAction>\n" for addressee in doc.info)
        h.append("      </correspDesc>\n      <textClass>\n        <keywords>\n"
                 f'          <term type="kind">{_t(doc.kind)}</term>\n')
        for typ, value in (("direction", doc.direction), ("classification", doc.classification),
                           ("precedence", doc.precedence)):
            if value:
                h.append(f'          <term type="{typ}">{_t(value)}</term>\n')
        h.extend(f'          <term type="caveat">{_t(c)}</term>\n' for c in doc.caveats)
        h.extend(f'          <term type="person" ref="{_register_ref(self.base, "person", p)}">{_t(p)}</term>\n'
                 for p in doc.persons)
        h.append("        </keywords>\n      </textClass>\n")


def _stamp(st: Stamp) -> str:
    typ = _tok(st.type or "")
    return _el("stamp", _lines(st.text), f' type="{typ}"' if typ else "")


def _date_statement(doc: Document) -> str:
    """Why the document's date is uncertain, in a sentence (``correspAction/note type="date"``)."""
    if doc.date_note:
        return doc.date_note
    if _when(doc.date):
        return f"The date is inferred by the editors (certainty: {doc.date_certainty})."
    if doc.date:
        return f"The date could not be understood as a calendar date: {doc.date}."
    if _when(doc.date_not_before) or _when(doc.date_not_after):
        return "Undated: the editors assign the date range given."
    if _when(doc.received_date):
        return "Undated: the editors date it no later than the day it was received."
    return "Undated: no date could be read from the document."


_DEBRIS, _COMPLETE, _MAIN, _FIELD = ' type="ocr-debris"', ' type="complete"', ' type="main"', ' type="field"'
_INLINE = {Del: _Writer._del, Add: _Writer._add, Hi: _Writer._hi, Gap: _Writer._gap, LineBreak: _Writer._lb,
           Ref: _Writer._ref, Name: _Writer._name, Choice: _Writer._choice, Annotation: _Writer._annotation}
_BLOCK = {Paragraph: _Writer._paragraph, Signature: _Writer._signature, Quote: _Writer._quote,
          PageBreak: _Writer._pagebreak, Forme: _Writer._forme, Stamp: _Writer._stamp,
          Withheld: _Writer._withheld, Debris: _Writer._debris, Note: _Writer._note}


def document_tei(doc: Document, info: EditionInfo) -> bytes:
    """One document → its TEI P5 file: UTF-8 bytes with XML declaration, indented, deterministic."""
    writer = _Writer(doc, info)
    writer.body()  # first: the header declares what the body points at
    return "".join((_PROLOGUE, writer.header(), *writer.o, "</TEI>\n")).encode("utf-8")
