"""Nothing read is lost: every word of every source file reaches the TEI made from its documents.

For each file in ``content/sources/``, the word tokens of the file (runs of letters and digits,
case-insensitive, counted with multiplicity) must all appear in the TEI of the documents read from
that file: as reading text, a witness's reading, running matter, a stamp, a note, flagged debris, or
header metadata read from the document. The marks ``~~``, ``^{}``, ``**`` and ``<u>`` are markup, not
words. Editorial boilerplate (titleStmt, publicationStmt, encodingDesc, editorial notes) is not
counted, so the editors' own prose cannot stand in for a lost word. The assertion message gives the
file's coverage and the missing tokens. Fails until ``edition.reader`` exists.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from edition.diagnostics import Reporter
from edition.sources import list_sources
from edition.tei import document_tei

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
NS = {"t": "http://www.tei-c.org/ns/1.0"}
WORD = re.compile(r"[^\W_]+")
MARKUP_WORDS = re.compile(r"</?u>")  # the only transcription mark with a letter in it
# What the TEI says that was read from the document: the text, the source description (the item's
# metadata, header fields, stamps, declassification history, witnesses) and the correspondence.
COUNTED = "/t:TEI/t:text | /t:TEI/t:teiHeader/t:fileDesc/t:sourceDesc | /t:TEI/t:teiHeader/t:profileDesc"


def words(texts) -> Counter:
    """Strings → the multiset of their word tokens, lower-cased. Each string is split on its own, so
    text nodes on either side of an element (``EVALU<lb/>ATION``) count as the words the source shows
    on either side of its line end."""
    out: Counter = Counter()
    for text in texts:
        out.update(WORD.findall(text.lower()))
    return out


def source_words(path: Path) -> Counter:
    return words([MARKUP_WORDS.sub(" ", path.read_text(encoding="utf-8"))])


def tei_words(data: bytes) -> Counter:
    root = etree.fromstring(data)
    return words(text for part in root.xpath(COUNTED, namespaces=NS) for text in part.itertext())


@pytest.fixture(scope="module")
def corpus():
    from edition.reader import read_corpus  # fails (as it should) until the reader exists

    return read_corpus(CONTENT, Reporter())


SOURCES = list_sources(CONTENT / "sources")


def test_there_are_sources_to_check():
    assert len(SOURCES) >= 5


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_every_word_of_the_source_reaches_the_tei(corpus, source):
    info, docs = corpus
    mine = [d for d in docs if Path(d.source).name == source.name]
    assert mine, f"{source.name}: no document was read from this file"
    have: Counter = Counter()
    for doc in mine:
        have += tei_words(document_tei(doc, info))
    want = source_words(source)
    total = sum(want.values())
    missing = want - have
    lost = sum(missing.values())
    coverage = 100.0 * (total - lost) / total if total else 100.0
    assert not missing, (f"{source.name}: {coverage:.2f}% of {total} word tokens reach the TEI of its "
                         f"{len(mine)} document(s); {lost} missing (token×count): "
                         + ", ".join(f"{w}×{n}" for w, n in sorted(missing.items(), key=lambda x: (-x[1], x[0]))[:40]))


def test_the_check_sees_a_lost_word(corpus):
    """The measure is sharp: dropping one paragraph of a document is noticed."""
    from dataclasses import replace

    from edition.model import Paragraph

    info, docs = corpus
    doc = next(d for d in docs if any(type(b) is Paragraph and b.inlines for w in d.witnesses for s in w.sections
                                      for b in s.blocks))
    full = tei_words(document_tei(doc, info))
    def without_paragraphs(section):
        return replace(section, blocks=tuple(b for b in section.blocks if type(b) is not Paragraph))

    witnesses = tuple(replace(w, sections=tuple(map(without_paragraphs, w.sections))) for w in doc.witnesses)
    assert full - tei_words(document_tei(replace(doc, witnesses=witnesses), info))
