"""The edition's typed model: plain frozen dataclasses, positions kept.

source text → (reader) → ``Document`` objects defined here → (writers) → TEI, Markdown, JSON.

Every writer (``tei.py``, ``markdown_page.py``, ``api.py``) reads only these classes, so a test can
check that the TEI and the Markdown made from one ``Document`` agree.

Positions: a ``Span`` is 1-based ``line``/``col`` of the first character and ``end_line``/``end_col``
of the last character (inclusive), in the source file named by ``Document.source``.

Body content is a tuple of *blocks*; a block's ``inlines`` is a tuple of *inline* nodes. Inline nodes
may nest (``Del`` inside ``Hi`` etc.). Plain text is ``Text``. Nothing the source says is dropped: what
is not reading text (running heads, stamps, debris) is kept as its own block type with its raw text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Union


@dataclass(frozen=True)
class Span:
    """Where something stands in its source file (1-based, inclusive)."""

    line: int
    col: int
    end_line: int
    end_col: int


# --------------------------------------------------------------------------------------------
# Inline nodes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Plain transcribed text."""

    text: str


@dataclass(frozen=True)
class Del:
    """``~~text~~``: struck through on the original (TEI ``<del rend="strikethrough">``)."""

    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Add:
    """``^{text}``: written above the line (TEI ``<add place="above">``)."""

    children: tuple["Inline", ...]
    place: str = "above"


@dataclass(frozen=True)
class Hi:
    """Highlighted text. ``rend`` is ``underline`` (``<u>``), ``bold`` (``**``) or ``italic`` (``*``).

    ``hand`` is True when the editors judge the marked text to be handwriting (e.g. ``*disseminated
    11/9/62*`` beside a typed memorandum); the TEI writer then emits ``<add hand="#hand">`` instead of
    ``<hi>``.
    """

    children: tuple["Inline", ...]
    rend: str
    hand: bool = False


@dataclass(frozen=True)
class Gap:
    """Text not transcribed.

    ``reason`` is ``withheld`` (``[]``, ``[ ]``: removed at declassification) or ``illegible``
    (``[Name]``, ``[Signature]``: the transcriber's placeholder). ``raw`` is the source text exactly as
    written (e.g. ``"[]"``, ``"[Name]"``); ``code`` is an exemption code when one is attached inline.
    """

    reason: str
    raw: str
    code: Optional[str] = None


@dataclass(frozen=True)
class LineBreak:
    """A line end inside a word that the reader re-joined (``EVALU-`` + newline + ``ATION``).

    ``hyphen`` is the hyphen character(s) printed at the line end ("-"), kept so nothing is lost:
    TEI ``<lb break="no"/>`` (the hyphen goes in ``@rend="hyphen"``); Markdown prints the joined word.
    """

    hyphen: str = "-"


@dataclass(frozen=True)
class Ref:
    """A reference to another document (``DEPTTEL 1338``, ``POLTO 512``, ``your letter of October 26``).

    ``key`` is the normalised citation (``"DEPTTEL 1338"``); ``target`` is the id of the document in
    this edition it resolves to, an absolute URL outside the edition, or None (not in this edition).
    """

    children: tuple["Inline", ...]
    key: str
    target: Optional[str] = None


@dataclass(frozen=True)
class Name:
    """A register entity named in the text. ``kind``: person, place, org, term; ``ref``: register id."""

    children: tuple["Inline", ...]
    kind: str
    ref: str


@dataclass(frozen=True)
class Choice:
    """An editorial correction: ``sic`` as read, ``corr`` as corrected, ``resp`` who, ``reason`` why.

    ``kind`` is ``correction`` (TEI ``sic``/``corr``) or ``normalisation`` (``orig``/``reg``).
    """

    sic: str
    corr: str
    resp: str
    reason: str = ""
    kind: str = "correction"


@dataclass(frozen=True)
class Annotation:
    """An editorial note anchored to a passage: ``children`` is the passage, ``note`` the note's text in
    Markdown, ``id`` a stable note id (unique within the document), ``resp`` who wrote it.
    TEI: the passage followed by ``<note xml:id=… resp=…>``; Markdown: a footnote."""

    children: tuple["Inline", ...]
    note: str
    id: str
    resp: str = "#editors"


Inline = Union[Text, Del, Add, Hi, Gap, LineBreak, Ref, Name, Choice, Annotation]


# --------------------------------------------------------------------------------------------
# Block nodes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of reading text, re-joined across line breaks.

    ``role``: ``p`` (ordinary), ``salute`` ("Dear Mr. Chairman:"), ``closer`` (a typed sign-off that
    is not a signature), ``label`` (a heading-like line such as ``QUOTE``/``END``, ``Attachments:``).
    """

    inlines: tuple[Inline, ...]
    span: Span
    role: str = "p"


@dataclass(frozen=True)
class Item:
    """A numbered or lettered paragraph: ``label`` is as printed ("1.", "(a)", "(iii)"), ``level`` is
    the depth (1 for "1.", 2 for "(a)", 3 for "(i)")."""

    label: str
    inlines: tuple[Inline, ...]
    span: Span
    level: int = 1


@dataclass(frozen=True)
class Quote:
    """A quoted text carried inside another (``QUOTE`` … ``END`` letter in a telegram)."""

    blocks: tuple["Block", ...]
    span: Span


@dataclass(frozen=True)
class Signature:
    """A signature: typed (``FINLETTER``, ``RUSK``), ``/s/ John F. Kennedy``, or a placeholder.

    ``signer`` is the name as read (``RUSK``); ``inlines`` is the full line as transcribed.
    """

    signer: str
    inlines: tuple[Inline, ...]
    span: Span


@dataclass(frozen=True)
class PageBreak:
    """A page boundary: ``n`` is the page number as printed ("2"), ``raw`` the line (``-2-``), empty
    when the page number is implied (the reader saw a page end but no number)."""

    n: str
    raw: str
    span: Span


@dataclass(frozen=True)
class Forme:
    """Running matter that is not body text (TEI ``<fw>``): ``type`` is ``header``, ``footer``,
    ``catch`` (catchword) or ``pageNum``; ``text`` is exactly as printed."""

    type: str
    text: str
    span: Span


@dataclass(frozen=True)
class Stamp:
    """A stamp or form notice that records handling, not the text: declassification stamps, review
    forms, reproduction notices, copy numbers, archival marks. ``type`` is ``declassification``,
    ``review``, ``notice``, ``archival``, ``classification`` (a banner) or ``other``."""

    type: str
    text: str
    span: Span


@dataclass(frozen=True)
class Withheld:
    """A block withheld at declassification, marked by its exemption code(s) as printed (``(b)(1)``,
    ``BIA3``). ``codes`` are the normalised codes (``b1``, ``B1A3``)."""

    codes: tuple[str, ...]
    text: str
    span: Span


@dataclass(frozen=True)
class Debris:
    """OCR noise (box-drawing rubble, lone punctuation from forms): flagged, never reading text."""

    text: str
    span: Span


@dataclass(frozen=True)
class Note:
    """A note typed on the document itself (``Note: Advance copy to SS, 10/28/62, 10 PM, JAW.``)."""

    inlines: tuple[Inline, ...]
    span: Span


Block = Union[Paragraph, Item, Quote, Signature, PageBreak, Forme, Stamp, Withheld, Debris, Note]


# --------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One header field as read (writers print ``label`` then ``value``): ``name`` is the normalised label (``from``, ``to``, ``no``,
    ``subject``, ``control``, ``received``, ``date``, ``action``, ``info``, ``ref``, ``precedence``,
    ``drafter``, ``clearance``, ``classification``, ``caveat``, ``routing``…), ``value`` the text as
    read (whitespace folded), ``span`` where the value stands."""

    name: str
    value: str
    span: Span
    label: str = ""  # the label exactly as printed ("REFERENCE", "Rec'd", "MEMORANDOM FOR"); "" if none


@dataclass(frozen=True)
class Section:
    """One section of a telegram (``SECTION 1 OF 2``) or the whole text of an unsectioned document.

    ``n``/``of`` are the section numbers as understood (OCR'd "11" in "1 OF 11" may mean II), or None.
    ``header`` holds the section's own header lines (kept as text), ``blocks`` the body.
    """

    n: Optional[int]
    of: Optional[int]
    header: tuple[Field, ...]
    blocks: tuple[Block, ...]
    span: Span


@dataclass(frozen=True)
class Witness:
    """One released version of a document as scanned (a fuller release, an ``EXCISED COPY``).

    ``review`` holds the declassification stamps/forms that belong to this release;
    ``review_date`` (ISO) and ``reviewer`` are read from them where legible.
    """

    id: str
    label: str
    sections: tuple[Section, ...]
    span: Span
    review: tuple[Stamp, ...] = ()
    review_date: Optional[str] = None
    reviewer: Optional[str] = None


@dataclass(frozen=True)
class Reference:
    """A reference the document makes to another: ``text`` as written, ``key`` normalised
    (``POLTO 512``), ``target`` (document id, outside URL, or None when not in this edition)."""

    text: str
    key: str
    span: Span
    target: Optional[str] = None


@dataclass(frozen=True)
class Document:
    """One document of the edition with everything an editor records for it (EDITORIAL §4).

    ``kind``: ``telegram``, ``memorandum``, ``letter``, ``airgram``, ``cover-sheet``, ``report``,
    ``other``; ``direction``: ``incoming``/``outgoing``/None (telegrams). ``date`` is ISO
    ``YYYY-MM-DD`` (the document's own date, not the received date), ``time`` ``HH:MM`` local.
    ``date_text`` is the date as written. ``title`` is a FRUS-style head.
    """

    id: str
    source: str
    source_lines: tuple[int, int]
    kind: str
    direction: Optional[str]
    title: str
    date: Optional[str]
    time: Optional[str]
    date_text: Optional[str]
    place: Optional[str]
    sender: Optional[str]
    addressee: Optional[str]
    number: Optional[str]
    precedence: Optional[str]
    classification: Optional[str]
    caveats: tuple[str, ...]
    subject: Optional[str]
    signers: tuple[str, ...]
    witnesses: tuple[Witness, ...]
    info: tuple[str, ...] = ()
    drafter: Optional[str] = None
    clearances: tuple[str, ...] = ()
    received: Optional[str] = None
    received_date: Optional[str] = None
    control: Optional[str] = None
    references: tuple[Reference, ...] = ()
    fields: tuple[Field, ...] = ()
    stamps: tuple[Stamp, ...] = ()
    persons: tuple[str, ...] = ()
    date_certainty: str = "high"  # "high", "low" (inferred, e.g. year from context), "none"
    # For undated documents: the editorial range the edition assigns (ISO or None), and why.
    date_not_before: Optional[str] = None
    date_not_after: Optional[str] = None
    date_note: Optional[str] = None
    notes: tuple[str, ...] = field(default=())
    # How often each register entry is named (Name nodes) in the text, ((entry id, count), …) sorted
    # by id: counted once, when the document is annotated (``apparatus.Apparatus.annotate``), for the
    # registers' pages and the cache; None for a document not annotated (``apparatus.name_counts``
    # then counts).
    name_counts: Optional[tuple[tuple[str, int], ...]] = None

    @property
    def text_witness(self) -> Witness:
        """The witness whose text is published as the reading text (the fullest release)."""
        return self.witnesses[0]


@dataclass(frozen=True)
class TextlessDocument(Document):
    """A document whose text an incremental build left in the cache (``pipeline.py``): every field of
    the document, its witnesses and their sections (numbers, labels, review) — but no section holds
    its header lines or blocks. Lists, registers, the API and the cache keys need no more; whatever
    renders the text asks ``pages.Corpus.full`` for the whole document, and the registers its
    ``name_counts``."""


@dataclass(frozen=True)
class EditionInfo:
    """Edition metadata from ``content/edition.yaml``."""

    title: str
    subtitle: str
    editors: tuple[str, ...]
    publisher: str
    version: str
    licence: str
    licence_url: str
    base_url: str
    repository: str
    collection: str
    id_prefix: str
    build_date: str
