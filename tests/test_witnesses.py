"""Witness comparison (``edition.witnesses``): one document in several releases → its passages aligned.

- the POLTO circular (seed): the comparison shows, passage by passage, what the excised copy withholds
  (the Canada/Green passage after "CANADA THEN READ HIGHLIGHTS …" in part, the statements of section II)
  and under which codes, and what both releases give (the summing-up items 1–6, the opening); the pages
  the excised copy binds in the wrong section are compared where their running heads put them; nothing
  of either witness is lost (every unit of each is in some reading; every word reaches the TEI); the
  TEI validates and its pointers resolve; the page's table says each status in words; deterministic;
- each status on small hand-built documents (a table of cases), and the corner cases: merged
  paragraphs, catchwords read as text, marks attributed by page, pages bound out of order, three
  witnesses, one witness, an empty witness;
- property: any pair of releases made from one text by keeping, dropping, withholding, changing and
  adding paragraphs gives passages that cover both, in order, deterministically;
- speed: a 20,000-word release is compared in well under a second (the alignment is not quadratic).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Optional

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lhtml

from edition import witnesses as W
from edition.diagnostics import Reporter
from edition.model import (Document, Forme, Gap, Item, PageBreak, Paragraph, Section, Signature, Span, Stamp, Text,
                           Withheld, Witness)
from edition.tei import document_tei
from edition.witnesses import (comparison_html, comparison_markdown, compare_witnesses, unit_keys, witness_keys,
                               witness_summary)
from sample_docs import sample_info

ROOT = Path(__file__).resolve().parents[1]
NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
WORD = re.compile(r"[^\W_]+")
POLTO = "1962-10-28-polto-circular-12"


# --------------------------------------------------------------------------------------------
# The POLTO circular
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus():
    from edition.reader import read_corpus

    return read_corpus(ROOT / "content", Reporter())


@pytest.fixture(scope="module")
def polto(corpus):
    info, docs = corpus
    doc = next(d for d in docs if d.id == POLTO)
    assert [w.label for w in doc.witnesses] == ["Fuller release", "Excised copy"]
    return doc


@pytest.fixture(scope="module")
def passages(polto):
    return compare_witnesses(polto)


def find(passages, start: str, section: Optional[int] = None):
    """The passage of the reading text that begins with ``start`` (in ``section`` when given)."""
    found = [p for p in passages if p.text and p.text.startswith(start) and (section is None or p.section == section)]
    assert len(found) == 1, f"{len(found)} passages begin with {start!r}"
    return found[0]


# What the excised copy has for each passage of the fuller release: (section, opening words, status,
# withheld in part, codes it must name). The codes are as the reader normalises them from the print.
POLTO_CASES = [
    (1, "FOLLOWING DETAILED REPORT SPECIAL NAC MEETING", "same", False, ()),
    (1, "ACTING SECRETARY GENERAL (COLONNA) OPENED MEETING", "same", False, ()),  # run into the opening there
    (1, "US THEN OPENED REMARKS", "same", False, ()),  # "CIRCR 744" is an OCR misreading the editors correct
    (1, "BELGIAN OPENED QUESTIONING", "same", False, ()),
    (1, "CANADA THEN READ HIGHLIGHTS", "withheld", True, ("b1", "B1A3")),
    (1, "TALK OCTOBER 25 WITH SOVIET", "withheld", False, ("b1", "B1A3")),
    (1, "[] REITERATED FIRST INGREDIENT", "withheld", False, ("b1", "B1A3")),
    (1, "[] STATED HIS GOVERNMENT SUPPORTED", "withheld", False, ("b1", "B1A3")),
    (1, "HE ADDED WHILE HE SURE", "withheld", False, ("b1", "B1A3")),
    (1, "AFTER [] HAD MADE A STATEMENT", "withheld", False, ("b1", "B1A3")),
    (1, "FINLETTER", "withheld", False, ("b1", "B1A3")),
    (1, "MJA", "same", False, ()),
    (1, "Note: Advance copy to SS", "same", False, ()),
    (2, "[] STATED HAD RECEIVED NEW MESSAGES", "withheld", False, ("b1", "B1A")),
    (2, "[] AGAIN EXPRESSING FULL SOLIDARITY", "withheld", False, ("b1", "B1A")),
    (2, "[] THEN MADE STRONG STATEMENT", "withheld", False, ("b1", "B1A")),
    (2, "WHICH COULD BE CATASTROPHIC", "withheld", False, ("B1A3",)),
    (2, "[] SPEAKING PERSONALLY", "withheld", False, ("B1A3",)),
    (2, "DURING THIS ENTIRE CRISIS", "withheld", False, ("b1",)),
    (2, "[] THEN BROUGHT UP FACT", "withheld", False, ("b1",)),
    (2, "THEN INTERJECTED TO STATE", "withheld", False, ("b7c", "B1A3")),
    (2, "ACTING SECRETARY GENERAL SUMMED UP", "same", False, ()),
    (2, "1. THERE WAS A FULL NAC CONSENSUS", "same", False, ()),
    (2, "2. ALL AGREED IT MOST HELPFUL", "same", False, ()),
    (2, "3. ALL AGREED THAT NO NEGOTIATIONS", "same", False, ()),
    (2, "4. ALL ARE IN ABSOLUTE AGREEMENT", "same", False, ()),
    (2, "5. ALL AGREED THAT SOVIET UNION", "same", False, ()),
    (2, "6. ALL NAC MEMBERS WISHED", "same", False, ()),
    (2, "WHILE COLONNA DID NOT EMPHASIZE", "same", False, ()),
    (2, "FINLETTER", "same", False, ()),
]


@pytest.mark.parametrize("section,start,status,part,codes", POLTO_CASES, ids=[f"s{c[0]} {c[1][:30]}" for c in POLTO_CASES])
def test_polto_passage_status_in_the_excised_copy(passages, section, start, status, part, codes):
    p = find(passages, start, section)
    fuller, excised = p.readings
    assert (fuller.witness, fuller.status) == ("w1", "given")
    assert (excised.witness, excised.status, excised.part) == ("w2", status, part), (p.id, excised)
    assert set(codes) <= set(excised.codes), (p.id, excised.codes)
    if status == "same":
        assert excised.text is not None and not excised.codes
    if status == "withheld" and not part:
        assert excised.text is None and excised.marks  # the marks that stand for it in the excised copy


def test_polto_canada_passage_gives_its_opening_and_withholds_the_rest(passages):
    p = find(passages, "CANADA THEN READ HIGHLIGHTS")
    excised = p.reading("w2")
    assert excised.text.startswith("CANADA THEN READ HIGHLIGHTS OF LONG DIEFENBAKER STATEMENT")
    assert excised.text.rstrip(" [").endswith("BACKING US POSITION")
    assert "GREEN" in p.text and "GREEN" not in excised.text  # the talk with the Cuban ambassador is withheld
    withheld = [d for d in excised.differences if d.kind == "withheld"]
    assert withheld and withheld[0].base.startswith("AND THEN GAVE HIGHLIGHTS OF TALK BETWEEN GREEN")


def test_polto_passages_the_fuller_release_withholds_too(passages):
    """The fuller release has withheld blocks of its own: both releases withhold those passages."""
    own = [p for p in passages if p.kind == "withheld"]
    assert len(own) == 3
    for p in own:
        assert p.readings[0].status == "withheld" and p.readings[0].codes
        assert p.reading("w2").status == "withheld" and "b1" in p.reading("w2").codes


def test_polto_summary_in_numbers(polto, passages):
    s = witness_summary(polto)
    assert set(s) == {"w1", "w2"}
    full, excised = s["w1"], s["w2"]
    assert full["passages"] == excised["passages"] == len(passages) == 40
    assert (full["given"], full["withheld"]) == (37, 3)
    assert (excised["same"], excised["variant"], excised["withheld"], excised["withheld_part"], excised["absent"],
            excised["only-here"]) == (17, 0, 23, 1, 0, 0)
    assert excised["given"] == 18  # 17 the same and the Canada passage in part
    assert {"b1", "B1A3", "b7c"} <= set(excised["codes"])
    assert (excised["review_date"], excised["reviewer"]) == ("1988-03-12", "Elijah Kelly Jr.")
    assert full["review_date"] == "1988-03-30"
    # Page 4 of section II is bound among section I in the excised copy, and page 4 of section I among
    # section II: each is compared where its running head puts it.
    assert sorted(excised["pages_moved"]) == [("4", 1, 2), ("4", 2, 1)]
    assert full["pages_moved"] == []
    # "WHILE" and "WHICH" (catchwords the fuller release prints as such) and the form's "DATE 3/12/88".
    assert excised["running_matter"] == 3


def test_polto_nothing_of_either_witness_is_lost(polto, passages):
    """Every unit of each release (paragraph, item, signature, note, withheld block) is in some reading,
    and the reading text's passages hold all its words, in order, as its division in the TEI does."""
    from edition.inline_text import plain_text

    keys = unit_keys(polto)
    assert len(keys) == len(set(keys.values())) == 40 + 28  # the fuller release's 40, the excised copy's 28
    seen = {u for p in passages for r in p.readings for u in (*r.units, *r.marks)}
    assert set(keys.values()) <= seen
    text_blocks = [b for s in polto.witnesses[0].sections for b in s.blocks
                   if id(b) in keys and type(b) is not Withheld]
    expected = [w for b in text_blocks
                for w in WORD.findall(((b.label + " ") if type(b) is Item else "")
                                      + "".join(plain_text(n) for n in b.inlines).lower())]
    assert [w for p in passages if p.kind == "text" for w in WORD.findall(p.text.lower())] == expected
    assert len(expected) > 1500


def test_polto_every_word_of_both_witnesses_reaches_the_tei(corpus, polto):
    from test_nothing_lost import source_words, tei_words

    info, _ = corpus
    have = tei_words(document_tei(polto, info))
    missing = source_words(ROOT / "content" / "sources" / polto.source) - have
    assert not missing, dict(missing)


@pytest.fixture(scope="module")
def polto_tei(corpus, polto, tei_schema):
    info, _ = corpus
    root = etree.fromstring(document_tei(polto, info))
    if not tei_schema.validate(root):
        pytest.fail("\n".join(f"line {e.line}: {e.message}" for e in tei_schema.error_log), pytrace=False)
    return root


def xp(root, path):
    return root.xpath(path, namespaces=NS)


def test_polto_tei_records_the_comparison(polto_tei):
    t = polto_tei
    app = xp(t, "//t:back/t:div[@type='witness-comparison']/t:listApp/t:app[@n='s1-p5']")[0]
    assert (app.get("type"), app.get("from"), app.get("to")) == ("withheld", "#w1-s1-p5", "#w1-s1-p5")
    lem, rdg = xp(app, "t:lem")[0], xp(app, "t:rdg")[0]
    assert (lem.get("wit"), lem.get("type")) == ("#w1", "given")
    assert (rdg.get("wit"), rdg.get("type"), rdg.get("subtype")) == ("#w2", "withheld", "part")
    assert set(rdg.get("ana").split()) == {"#ex-b1", "#ex-B1A3"}
    assert xp(rdg, "t:gap[@reason='withheld']")
    # The pointers lead to the passage in each release's division and to the marks that cover it.
    given_here = xp(t, f"//*[@xml:id='{xp(rdg, 't:ptr/@target')[0][1:]}']")[0]
    assert "".join(given_here.itertext()).startswith("CANADA THEN READ HIGHLIGHTS")
    assert xp(given_here, "ancestor::t:div[@type='witness']/@corresp") == ["#w2"]
    for mark in rdg.get("corresp").split():
        assert xp(t, f"//t:div[@corresp='#w2']//t:gap[@reason='withheld'][@xml:id='{mark[1:]}']")
    reading_text = xp(t, "//*[@xml:id='w1-s1-p5']")[0]
    assert "".join(reading_text.itertext()).startswith("CANADA THEN READ HIGHLIGHTS")
    # The section II statements are apparatus entries withheld in the excised copy; the summing-up items
    # are links between the two releases.
    withheld_s2 = xp(t, "//t:app[starts-with(@n, 's2-')][t:rdg[@type='withheld']]")
    assert len(withheld_s2) == 13
    links = xp(t, "//t:linkGrp[@type='same']/t:link/@target")
    items = [i.get(XML_ID) for i in xp(t, "//t:div[@corresp='#w1']//t:item[@xml:id]")]
    assert len(items) == 6 and all(any(f"#{i} " in f"{l} " for l in links) for i in items)
    assert len(links) == 17
    assert xp(t, "//t:encodingDesc/t:variantEncoding[@method='double-end-point'][@location='external']")


def test_polto_tei_witness_list_says_what_each_release_withholds(polto_tei):
    w2 = xp(polto_tei, "//t:listWit/t:witness[@xml:id='w2']")[0]
    withheld = xp(w2, "t:list[@type='comparison']/t:item[@n='withheld']")[0]
    assert "Withholds 23 (1 in part)" in withheld.text
    assert {"#ex-b1", "#ex-B1A3", "#ex-b7c"} <= set(withheld.get("ana").split())
    assert len(xp(w2, "t:list/t:item[@n='page-moved']")) == 2
    w1 = xp(polto_tei, "//t:listWit/t:witness[@xml:id='w1']")[0]
    assert "gives 37 of the 40 passages" in "".join(w1.itertext())


def test_polto_tei_pointers_resolve(polto_tei):
    ids = [el.get(XML_ID) for el in polto_tei.iter() if el.get(XML_ID) is not None]
    assert len(ids) == len(set(ids))
    pointing = {"corresp", "ana", "target", "from", "to", "wit", "resp", "ref", "hand"}
    dangling = {(el.tag, name, tok) for el in polto_tei.iter() if isinstance(el.tag, str)
                for name, value in el.attrib.items() if name in pointing
                for tok in value.split() if tok.startswith("#") and tok[1:] not in ids}
    assert not dangling
    assert len(xp(polto_tei, "//t:app")) == 23  # 40 passages, 17 the same


def test_polto_page_table_marks_each_release_in_words(corpus, polto):
    info, _ = corpus
    md = comparison_markdown(polto, info)
    assert md.startswith("## Comparison of releases {#comparison}\n")
    rows = {m.group(1): m.group(0) for m in re.finditer(r'^\| <code id="cmp-([^"]+)">.*$', md, re.M)}
    assert len(rows) == 40
    assert "withheld in part under (b)(1), B1A3; gives “CANADA THEN READ HIGHLIGHTS" in rows["s1-p5"]
    assert rows["s2-p15"].count("cmp-same") == 1 and "| <span class=\"cmp cmp-same\">same</span> |" in rows["s2-p15"]
    # Accessible: each status is said in words (never by colour alone), one cell per release.
    for row in rows.values():
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        assert len(cells) == 3
        for cell in cells[1:]:
            assert re.search(r">(given|same|variant|withheld|not in this release|only in this release|gives)", cell)
    assert "Page 4 bound with section 1 belongs to section 2" in md
    assert "https://edition.example.org/cmc/tei/1962-10-28-polto-circular-12.xml" in md.replace("\\", "")


def _normal_html(text: str) -> str:
    root = lhtml.fragment_fromstring(text, create_parent="div")
    for el in root.iter():
        el.text = re.sub(r"\s+", " ", el.text).strip() or None if el.text else None
        el.tail = re.sub(r"\s+", " ", el.tail).strip() or None if el.tail else None
    return lhtml.tostring(root, encoding="unicode")


def test_polto_page_html_is_what_python_markdown_makes_of_the_markdown(corpus, polto):
    info, _ = corpus
    rendered = markdown.markdown(comparison_markdown(polto, info),
                                 extensions=["footnotes", "tables", "attr_list", "md_in_html", "toc"])
    assert _normal_html(rendered) == _normal_html(comparison_html(polto, info))
    assert "<table>" in rendered and "<th>Excised copy (reviewed 1988-03-12 by Elijah Kelly Jr.)</th>" in rendered


def test_polto_comparison_is_deterministic(corpus, polto):
    info, _ = corpus
    first = compare_witnesses(polto)
    W._CACHE.clear()
    copy = replace(polto, witnesses=tuple(replace(w) for w in polto.witnesses))
    assert compare_witnesses(copy) == first == compare_witnesses(polto)
    assert document_tei(copy, info) == document_tei(polto, info)
    assert comparison_markdown(copy, info) == comparison_markdown(polto, info)


# --------------------------------------------------------------------------------------------
# Each status on small documents
# --------------------------------------------------------------------------------------------

SP = Span(1, 1, 1, 1)


def P(text: str) -> Paragraph:
    return Paragraph((Text(text),), SP)


def M(*codes: str) -> Withheld:
    return Withheld(tuple(codes), " ".join(codes), SP)


def PB(n: str, section: str = "1") -> tuple:
    return (PageBreak(n, f"-{n}-", SP), Forme("header", f"-{n}- TELEGRAM 12 (SECTION {section} OF 2)", SP))


def doc_of(*witnesses: list, sections: Optional[list] = None) -> Document:
    """Witnesses, each a list of blocks (one section) or a list of lists (several) → a Document."""
    wits = []
    for k, blocks in enumerate(witnesses, 1):
        secs = blocks if blocks and isinstance(blocks[0], list) else [blocks]
        wits.append(Witness(f"w{k}", f"Release {k}",
                            tuple(Section(n if len(secs) > 1 else None, len(secs) if len(secs) > 1 else None,
                                          (), tuple(s), SP) for n, s in enumerate(secs, 1)), SP))
    return Document(id="t", source="t.txt", source_lines=(1, 1), kind="telegram", direction=None, title="T",
                    date=None, time=None, date_text=None, place=None, sender=None, addressee=None, number=None,
                    precedence=None, classification=None, caveats=(), subject=None, signers=(),
                    witnesses=tuple(wits))


A = "THE AMBASSADOR STATED HIS GOVERNMENT SUPPORTED THE UNITED STATES POSITION ON CUBA."
B = "HE URGED THAT EVERY EFFORT BE MADE TO CONTINUE DIPLOMATIC ACTION AND AVOID FORCE."
C = "ALL AGREED THAT NO NEGOTIATIONS SHOULD TAKE PLACE UNTIL CUBAN BASES FULLY LIQUIDATED."

# (case, reading text, other release, expected [(status of the other, part, codes, its text or None)] for
# the passages in order; "+" marks a passage only the other release has)
CASES = [
    ("same", [P(A), P(B)], [P(A), P(B)],
     [("same", False, (), A), ("same", False, (), B)]),
    ("same despite case, punctuation and spacing", [P(A)], [P(A.lower().replace(",", "").replace(" ", "  ") + " ;")],
     [("same", False, (), None)]),
    ("variant wording", [P(A)], [P(A.replace("SUPPORTED", "OPPOSED"))],
     [("variant", False, (), A.replace("SUPPORTED", "OPPOSED"))]),
    ("withheld with codes", [P(A), P(B), P(C)], [P(A), M("b1", "B1A3"), P(C)],
     [("same", False, (), A), ("withheld", False, ("b1", "B1A3"), None), ("same", False, (), C)]),
    ("withheld in part", [P(A + " " + B)], [P(A), M("b6")],
     [("withheld", True, ("b6",), A)]),
    ("withheld inline", [P(A)], [Paragraph((Text("THE AMBASSADOR STATED HIS GOVERNMENT SUPPORTED THE "),
                                            Gap("withheld", "[]", "b6"), Text(" POSITION ON CUBA.")), SP)],
     [("withheld", True, ("b6",), None)]),
    ("absent", [P(A), P(B), P(C)], [P(A), P(C)],
     [("same", False, (), A), ("absent", False, (), None), ("same", False, (), C)]),
    ("only here", [P(A), P(C)], [P(A), P(B), P(C)],
     [("same", False, (), A), ("+only-here", False, (), B), ("same", False, (), C)]),
    ("gives what the fuller withholds", [P(A), M("b1"), P(C)], [P(A), P(B), P(C)],
     [("same", False, (), A), ("only-here", False, (), B), ("same", False, (), C)]),
    ("both withhold", [P(A), M("b1"), P(C)], [P(A), M("b3"), P(C)],
     [("same", False, (), A), ("withheld", False, ("b3",), None), ("same", False, (), C)]),
    ("a mark where the fuller gives nothing", [P(A), P(C)], [P(A), M("b1"), P(C)],
     [("same", False, (), A), ("+withheld", False, ("b1",), None), ("same", False, (), C)]),
    ("paragraphs run together", [P(A), P(B)], [P(A + " " + B)],
     [("same", False, (), A), ("same", False, (), B)]),
    ("one paragraph split in two", [P(A + " " + B)], [P(A), P(B)],
     [("same", False, (), A + " " + B)]),
    ("OCR damage with no shared word is a variant", [P(A), P("BRUCE RWB")], [P(A), P("BRUCSS")],
     [("same", False, (), A), ("variant", False, (), "BRUCSS")]),
    ("a different passage is absent and only here", [P(A), P("RWB")], [P(A), P("EMD")],
     [("same", False, (), A), ("absent", False, (), None), ("+only-here", False, (), "EMD")]),
    ("everything withheld", [P(A), P(B), P(C)], [M("b1")],
     [("withheld", False, ("b1",), None)] * 3),
    ("nothing in the other release", [P(A), P(B)], [],
     [("absent", False, (), None)] * 2),
    ("items, signatures and notes compare as text",
     [Item("1.", (Text(A),), SP), Signature("RUSK", (Text("RUSK"),), SP)],
     [Item("1.", (Text(A),), SP), Signature("RUSK", (Text("RUSK"),), SP)],
     [("same", False, (), "1. " + A), ("same", False, (), "RUSK")]),
]


@pytest.mark.parametrize("case,base,other,expected", CASES, ids=[c[0] for c in CASES])
def test_status_of_each_kind(case, base, other, expected):
    doc = doc_of(base, other)
    got = compare_witnesses(doc)
    assert len(got) == len(expected), [(p.id, p.readings[1].status) for p in got]
    for p, (status, part, codes, text) in zip(got, expected):
        r = p.readings[1]
        extra = status.startswith("+")
        assert (p.kind == "extra") == extra, p
        assert (r.status, r.part, r.codes) == (status.lstrip("+"), part, codes), (case, p.id, r)
        if text is not None:
            assert r.text == text
        if extra:
            assert p.readings[0].status == "absent" and p.readings[0].text is None
    assert [p.id for p in got if p.kind != "extra"] == [f"s1-p{k}" for k in range(1, len(base) + 1)]


def test_variant_records_the_words_that_differ():
    p, = compare_witnesses(doc_of([P(A)], [P(A.replace("SUPPORTED", "OPPOSED"))]))
    assert [(d.kind, d.base, d.other) for d in p.readings[1].differences] == [("variant", "SUPPORTED", "OPPOSED")]


def test_catchwords_and_form_lines_read_as_paragraphs_are_running_matter():
    """The reader saw "WHILE" as a catchword in one release and as a paragraph in the other, and a form's
    DATE line after a page's foot banner as a paragraph: neither is a passage only that release has."""
    base = [P(A), Forme("catch", "WHILE", SP), Forme("footer", "SECRET", SP), *PB("2"), P(C)]
    other = [P(A), P("WHILE"), Forme("footer", "SECRET", SP), Stamp("review", "REVIEWED BY", SP),
             Paragraph((Text("DATE 3/12/88"),), SP, role="label"), *PB("2"), P(C)]
    doc = doc_of(base, other)
    assert [p.readings[1].status for p in compare_witnesses(doc)] == ["same", "same"]
    assert witness_summary(doc)["w2"]["running_matter"] == 2
    long_line = "THIS LONGER LINE AFTER THE FOOT BANNER IS TEXT ALL THE SAME"
    doc = doc_of(base, [P(A), Forme("footer", "SECRET", SP), P(long_line), *PB("2"), P(C)])
    assert [p.readings[1].status for p in compare_witnesses(doc)] == ["same", "only-here", "same"]


def test_marks_are_attributed_to_the_passages_of_their_page():
    base = [P(A), *PB("2"), P(B), *PB("3"), P(C)]
    other = [*PB("2"), M("b1"), *PB("3"), M("b6")]
    base = [P("OPENING WORDS OF THE TELEGRAM ARE GIVEN IN BOTH")] + base
    other = [P("OPENING WORDS OF THE TELEGRAM ARE GIVEN IN BOTH")] + other
    got = compare_witnesses(doc_of(base, other))
    assert [(p.readings[1].status, p.readings[1].codes) for p in got] == [
        ("same", ()), ("withheld", ("b1", "b6")), ("withheld", ("b1",)), ("withheld", ("b6",))]
    # A: page 1 has no mark of its own, so every mark of the withheld stretch covers it.


def test_pages_bound_in_the_wrong_section_are_compared_where_their_heads_put_them():
    s1 = [P(A), *PB("2", "1"), P(B)]
    s2 = [P(C), *PB("2", "2"), P("THE COUNCIL WILL MEET AGAIN TOMORROW MORNING AT TEN")]
    # The other release binds page 2 of each section in the other one.
    o1 = [P(A), *PB("2", "2"), P("THE COUNCIL WILL MEET AGAIN TOMORROW MORNING AT TEN")]
    o2 = [P(C), *PB("2", "1"), M("b1")]
    doc = doc_of([s1, s2], [o1, o2])
    got = compare_witnesses(doc)
    assert [(p.id, p.readings[1].status) for p in got] == [
        ("s1-p1", "same"), ("s1-p2", "withheld"), ("s2-p1", "same"), ("s2-p2", "same")]
    assert sorted(witness_summary(doc)["w2"]["pages_moved"]) == [("2", 1, 2), ("2", 2, 1)]
    # The units keep the ids of where they are bound: the TEI shows the release as scanned.
    assert got[3].readings[1].units == ((1, 1, 2),)


def test_three_witnesses_each_compared_with_the_first():
    doc = doc_of([P(A), P(B), P(C)], [P(A), M("b1"), P(C)], [P(A), P(B), M("b6")])
    got = compare_witnesses(doc)
    assert [[r.status for r in p.readings] for p in got] == [
        ["given", "same", "same"], ["given", "withheld", "same"], ["given", "same", "withheld"]]
    s = witness_summary(doc)
    assert (s["w2"]["codes"], s["w3"]["codes"]) == (["b1"], ["b6"])
    assert witness_keys(doc) == ["w1", "w2", "w3"]


def test_one_witness_has_no_comparison():
    doc = doc_of([P(A)])
    assert compare_witnesses(doc) == [] and witness_summary(doc) == {} and unit_keys(doc) == {}
    assert comparison_markdown(doc, sample_info()) == "" == comparison_html(doc)


def test_duplicate_witness_ids_get_unique_keys():
    doc = doc_of([P(A)], [P(A)])
    doc = replace(doc, witnesses=tuple(replace(w, id="w1") for w in doc.witnesses))
    assert witness_keys(doc) == ["w1", "w1-2"]
    assert compare_witnesses(doc)[0].reading("w1-2").status == "same"


def test_small_documents_give_valid_tei_with_resolving_pointers(tei_schema):
    for case, base, other, _ in CASES:
        root = etree.fromstring(document_tei(doc_of(base, other), sample_info()))
        assert tei_schema.validate(root), (case, [e.message for e in tei_schema.error_log][:3])
        ids = {el.get(XML_ID) for el in root.iter() if el.get(XML_ID)}
        for el in root.iter():
            if isinstance(el.tag, str):
                for name in ("wit", "from", "to", "target", "corresp", "ana"):
                    for tok in (el.get(name) or "").split():
                        assert not tok.startswith("#") or tok[1:] in ids, (case, name, tok)


# --------------------------------------------------------------------------------------------
# Property: releases made from one text
# --------------------------------------------------------------------------------------------

VOCAB = ("SOVIET CUBA MISSILE BASES NATO ACTION GOVERNMENT STATED WOULD THAT WITH BERLIN JUPITERS TURKEY "
         "NEGOTIATIONS ALLIANCE COUNCIL PRESIDENT KHRUSHCHEV WEAPONS THE OF AND TO IN").split()
PARAS = st.lists(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=12).map(" ".join), min_size=0, max_size=8)
EDITS = st.lists(st.sampled_from(["keep", "keep", "drop", "withhold", "change", "add", "gap"]), min_size=8,
                 max_size=8)


def _release(paras: list, edits: list, extra: str) -> list:
    out = []
    for text, edit in zip(paras, edits):
        if edit in ("keep", "add"):
            out.append(P(text))
        if edit == "add":
            out.append(P(extra))
        elif edit == "withhold":
            out.append(M("b1"))
        elif edit == "change":
            out.append(P(text + " AMENDED"))
        elif edit == "gap":
            out.append(Paragraph((Text(text + " "), Gap("withheld", "[]")), SP))
    return out


@settings(max_examples=150, deadline=None)
@given(PARAS, EDITS, st.booleans())
def test_any_pair_of_releases_is_covered_in_order(paras, edits, base_marks):
    base = [P(t) for t in paras]
    if base_marks and base:
        base.insert(len(base) // 2, M("b3"))
    other = _release(paras, edits, "AN ADDED SENTENCE")
    doc = doc_of(base, other)
    got = compare_witnesses(doc)
    assert got == compare_witnesses(doc_of(base, other))  # deterministic (a fresh document)
    # The reading text's units, in order, each once.
    assert [p.readings[0].units or p.readings[0].marks for p in got if p.kind != "extra"] == [
        ((0, 1, k),) for k in range(1, len(base) + 1)]
    # Every unit of the other release is in some reading: nothing of it is lost.
    other_units = {u for u in unit_keys(doc).values() if u[0] == 1}
    assert other_units <= {u for p in got for u in (*p.readings[1].units, *p.readings[1].marks)}
    for p in got:
        r = p.readings[1]
        assert r.status in W.STATUSES and r.status != "given"
        if r.status == "same":
            assert WORD.findall(r.text.lower()) == WORD.findall(p.text.lower())
        if r.status == "withheld":
            assert r.codes or any(d.other for d in r.differences) or r.marks


# --------------------------------------------------------------------------------------------
# Speed
# --------------------------------------------------------------------------------------------


def test_long_releases_are_compared_in_near_linear_time():
    """400 paragraphs (about 20,000 words of a small vocabulary, the worst case for SequenceMatcher,
    which alone takes seconds): anchored on unique runs, the comparison takes a small fraction of that."""
    import random

    rng = random.Random(7)
    base, other = [], []
    for k in range(400):
        text = " ".join(rng.choice(VOCAB) for _ in range(rng.randint(20, 80)))
        if k % 10 == 0:
            base.extend(PB(str(k // 10 + 1)))
            other.extend(PB(str(k // 10 + 1)))
        base.append(P(text))
        r = rng.random()
        other.append(M("b1") if r < 0.4 else P(text) if r > 0.1 else P(text + " AMENDED"))
    doc = doc_of(base, other)
    start = time.perf_counter()
    got = compare_witnesses(doc)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.5, f"{elapsed:.2f} s"
    counts = Counter(p.readings[1].status for p in got if p.kind == "text")
    assert counts["same"] > 150 and counts["withheld"] > 100


def test_page_html_agrees_with_the_markdown_whatever_the_text():
    """Markdown syntax and HTML in labels and passages stay text, in both renderings alike."""
    odd = "THE <b>AMBASSADOR</b> & *STATED* _HIS_ | GOVERNMENT [] `SUPPORTED` \\ #1."
    doc = doc_of([P(odd), P(B)], [P(odd.replace("STATED", "SAID")), M("b7c")])
    doc = replace(doc, witnesses=(replace(doc.witnesses[0], label="Release *one* | [x]", review_date="1988-03-30"),
                                  replace(doc.witnesses[1], reviewer="A_B <C>")))
    md = comparison_markdown(doc, sample_info())
    rendered = markdown.markdown(md, extensions=["footnotes", "tables", "attr_list", "md_in_html", "toc"])
    assert _normal_html(rendered) == _normal_html(comparison_html(doc, sample_info()))
    text = lhtml.fragment_fromstring(rendered, create_parent="div").text_content()
    assert "THE <b>AMBASSADOR</b> & *STATED* _HIS_ | GOVERNMENT" in text and "Release *one* | [x]" in text
    assert "withheld under (b)(7)(C)" in text and "variant: “*SAID*” for “*STATED*”" in text


# --------------------------------------------------------------------------------------------
# Each stamp of a release shown once
# --------------------------------------------------------------------------------------------


def _stamp_blocks(blocks) -> list:
    from edition.model import Quote, Stamp
    out = []
    for b in blocks:
        if isinstance(b, Stamp):
            out.append(b)
        elif isinstance(b, Quote):
            out.extend(_stamp_blocks(b.blocks))
    return out


def test_each_stamp_is_shown_once_in_its_place(corpus):
    """A review or declassification stamp is a block (or a header field) of its section, shown there.
    ``Witness.review`` lists them again as the release's metadata: the page and the Markdown do not
    repeat them at the end of the release (they did, 62 lines of the seed pages printed twice)."""
    from edition.markdown_page import document_html, document_markdown
    from edition.tei import document_tei

    info, docs = corpus
    titles = {d.id: d.title for d in docs}
    checked = 0
    for doc in docs:
        blocks = [b for w in doc.witnesses for s in w.sections for b in _stamp_blocks(s.blocks)]
        blocks += _stamp_blocks(doc.stamps)
        html = document_html(doc, titles)
        markdown_text = document_markdown(doc, info, titles)
        shown = re.findall(r'<span class="stamp stamp-[a-z-]+"', html)
        assert len(shown) == len(blocks), doc.id
        assert len(re.findall(r'<span class="stamp stamp-[a-z-]+"', markdown_text)) == len(blocks), doc.id
        fields = [f.value for w in doc.witnesses for s in w.sections for f in s.header if f.name == "stamp"]
        for value in fields:  # (a header stamp: once as its field, never as a stamp block too)
            texts = [b.text for b in blocks]
            assert html.count(f'title="review stamp">{value}<') == texts.count(value), (doc.id, value)
        review = [st for w in doc.witnesses for st in w.review]
        if review:
            checked += 1
            tei = document_tei(doc, info).decode()
            provenance = "".join(re.findall(r"<provenance.*?</provenance>", tei, re.S))
            assert provenance.count("<stamp") == len(review), doc.id  # (still the release's record)
    assert checked >= 5
