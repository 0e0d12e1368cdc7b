"""TEI writer: ``model.Document`` → TEI P5 that validates against tei_all (4.12.0).

- every hand-built sample (``sample_docs`` plus ``sample_everything`` below, which adds the node types
  and corner cases the samples lack) validates, is deterministic, and carries the header FRUS records;
- every block and inline type produces its element (table of XPath checks, one test each);
- ``xml:id`` values are unique and every ``#pointer`` resolves within the file;
- property test: any combination of model nodes gives valid TEI;
- every document the reader makes of ``content/`` validates (fails until ``edition.reader`` exists).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from edition.diagnostics import Reporter
from edition.model import (Add, Annotation, Choice, Debris, Del, Document, Field, Forme, Gap, Hi, Item, LineBreak,
                           Name, Note, PageBreak, Paragraph, Quote, Ref, Reference, Section, Signature, Span, Stamp,
                           Text, Withheld, Witness)
from edition.tei import document_tei
from sample_docs import sample_info, sample_memo, sample_telegram, sp

ROOT = Path(__file__).resolve().parents[1]
NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def sample_everything() -> Document:
    """An undated memorandum exercising what the shared samples do not: annotations (Markdown notes,
    ids clashing with witness ids and with each other), normalisation, outside and in-edition links,
    every register kind and an unknown one, unusual line-end marks, roles and regions that need the
    fallbacks, quotes of running matter only, an empty witness, characters XML cannot hold."""
    body = (
        Paragraph((Text("QUOTE"),), sp(2), role="label"),
        Paragraph((Text("Dear Sir:"),), sp(3), role="salute"),
        Paragraph((Annotation((Name((Text("Rusk"),), "person", "rusk-dean"),), "Dean *Rusk*, Secretary of State. "
                              "See [FRUS](https://history.state.gov/historicaldocuments/frus1961-63v11/d102).\n\n"
                              "- one\n- two", "w1"),
                   Text(" met "), Name((Text("Havana"),), "place", "havana"), Text(", "),
                   Name((Text("OAS"),), "org", "oas"), Text(", "), Name((Text("IRBM"),), "term", "irbm"),
                   Text(", "), Name((Text("Essex"),), "ship", "uss-essex"), Text(" EVALU"), LineBreak("="),
                   Text("ATION RE"), LineBreak(""), Text("PEAT "),
                   Choice("Cuba", "Cuba", "J. Doe", "spelling normalised", kind="normalisation"), Text(" "),
                   Ref((Text("FRUS doc 102"),), "FRUS 102", "https://history.state.gov/x?a=1&b=2"), Text(" "),
                   Ref((Text("DEPTTEL 1338"),), "DEPTTEL 1338", "1962-11-22-deptel-1338"), Text(" "),
                   Gap("withheld", "[ ]", code="b6"), Text(" form\x0cfeed, NUL\x00, <&> \"quoted\""),
                   Annotation((Text("again"),), "Plain note.", "n1", resp="#ocr-review"),
                   Annotation((Text("twice"),), "Same *id* as before.", "n1")),
                  sp(4, 1, 6, 9)),
        Signature("Dean Rusk", (Text("/s/ Dean Rusk"),), sp(7)),
        Paragraph((Text("Drafted in haste"),), sp(8), role="drafting-note"),
        Paragraph((Text("Dear Sir again:"),), sp(9), role="salute"),
        Paragraph((Text("Sincerely yours,"),), sp(10), role="closer"),
        Stamp("declassification", "DECLASSIFIED\nAuthority NLK-75-123", sp(11, 1, 12, 20)),
        Quote((PageBreak("3", "- 3 -", sp(13)), Forme("footer", "SECRET", sp(14))), sp(13, 1, 14, 6)),
        Quote((), sp(15)),
        Item("(i)", (Text("deep first"),), sp(16), 3),
        Item("1.", (Text("shallow"),), sp(17), 1),
        PageBreak("4", "-4-", sp(18)),
        Item("(a)", (Text("sub"),), sp(19), 2),
        Forme("header", "-4- MEMO", sp(20)),
        Item("(b)", (Text("sub two"),), sp(21), 2),
        Item("2.", (), sp(22), 1),
        Item("", (Text("unlabelled"),), sp(23), 1),
        Debris("║ ╔ :", sp(24)),
        Note((Text("Copy to S/S"),), sp(25)),
        Paragraph((Text("END"),), sp(26), role="label"),
        Paragraph((Text("Yours ever,"),), sp(27), role="closer"),
    )
    lonely = Section(1, 1, (Field("ref", "DEPCIRTELS 744 778", sp(30), label="REFERENCE"),),
                     (Paragraph((Text("Very truly yours,"),), sp(31), role="closer"),), sp(30, 1, 31, 10))
    return Document(
        id="undated-memo-everything", source="everything.txt", source_lines=(1, 40), kind="memorandum",
        direction=None, title="Memorandum From the Secretary of State to the President", date=None, time=None,
        date_text=None, place=None, sender="Dean Rusk", addressee="The President", number=None, precedence=None,
        classification="TOP SECRET", caveats=(), subject="Everything", signers=("Dean Rusk",),
        witnesses=(Witness("w1", "Release", (Section(None, None, (), body, sp(1, 1, 27, 1)), lonely),
                           sp(1, 1, 31, 1)),
                   Witness("w1", "Duplicate id, no text", (), sp(32, 1, 33, 1), review_date="1988-02-30",
                           reviewer="R. Long")),
        drafter="GBall/ck 11/23/62", clearances=("G - Mr. Johnson", "S/S - Mr. Breisky"), received_date="1962-10-29",
        control="5459", notes=("Year inferred from the file.",), fields=(Field("received", "OCT 29", sp(35), "Rec'd"),),
        references=(Reference("DEPTTEL 1338", "DEPTTEL 1338", sp(5), "1962-11-22-deptel-1338"),),
        stamps=(Stamp("archival", "NLK NSF CUBA", sp(39)),), persons=("rusk-dean",), date_certainty="none",
    )


SAMPLES = {"telegram": sample_telegram, "memo": sample_memo, "everything": sample_everything}


def validated(schema: etree.RelaxNG, data: bytes, label: str) -> etree._Element:
    """TEI bytes → the parsed root, failing with the schema's messages when it does not validate."""
    root = etree.fromstring(data)
    if not schema.validate(root):
        errors = "\n".join(f"  line {e.line}: {e.message}" for e in schema.error_log)
        pytest.fail(f"{label}: not valid TEI (tei_all 4.12.0):\n{errors}", pytrace=False)
    return root


# TEI attributes whose values are pointers (teidata.pointer); a "#…" in them must name an xml:id here.
POINTERS = {"corresp", "ana", "resp", "hand", "target", "ref", "source", "sameAs", "prev", "next", "facs", "scheme",
            "who", "scribeRef", "scriptRef", "decls", "synch", "copyOf", "select", "wit", "from", "to"}


def assert_ids_and_pointers(root: etree._Element, label: str) -> None:
    """Every xml:id is unique; every ``#pointer`` in a pointer attribute names one of them."""
    ids = [el.get(XML_ID) for el in root.iter() if el.get(XML_ID) is not None]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"{label}: duplicate xml:id {dupes}"
    known = set(ids)
    dangling = sorted({(el.tag.split("}")[-1], name, token)
                       for el in root.iter() if isinstance(el.tag, str)
                       for name, value in el.attrib.items() if name in POINTERS
                       for token in value.split() if token.startswith("#") and token[1:] not in known})
    assert not dangling, f"{label}: pointers that resolve to nothing: {dangling}"


@pytest.fixture(scope="module")
def trees(tei_schema) -> dict:
    """Each sample → its validated TEI root."""
    info = sample_info()
    return {name: validated(tei_schema, document_tei(make(), info), name) for name, make in SAMPLES.items()}


def xp(root: etree._Element, path: str) -> list:
    return root.xpath(path, namespaces=NS)


def text_of(root: etree._Element, path: str) -> str:
    return root.xpath(f"string({path})", namespaces=NS)


# --------------------------------------------------------------------------------------------
# Validity, determinism, output form
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_validates(trees, name):
    assert trees[name].tag == "{http://www.tei-c.org/ns/1.0}TEI"


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_ids_are_unique_and_pointers_resolve(trees, name):
    assert_ids_and_pointers(trees[name], name)
    assert len(trees[name].xpath("//@xml:id")) >= 3  # witnesses, editors, … : the check checked something


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_output_is_deterministic_and_dated_only_by_the_build_date(name):
    info, doc = sample_info(), SAMPLES[name]()
    first = document_tei(doc, info)
    assert first == document_tei(doc, info) == document_tei(SAMPLES[name](), sample_info())
    assert first.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n') and first.endswith(b"</TEI>\n")
    first.decode("utf-8")
    later = document_tei(doc, replace(info, build_date="2031-07-04"))
    assert later == first.replace(b"2026-11-22", b"2031-07-04")
    assert first.count(b"2026-11-22") == 4  # @when and text of the editionStmt and publicationStmt dates


def test_one_witness_has_no_comparison(trees):
    """A document in one release carries no comparison, no passage ids and no variant encoding."""
    memo = trees["memo"]
    assert not xp(memo, "//t:back") and not xp(memo, "//t:variantEncoding") and not xp(memo, "//t:body//t:p[@xml:id]")
    assert not xp(memo, "//t:listWit/t:witness/t:list")


def test_comparison_of_releases_with_a_variant_and_a_passage_only_one_gives(tei_schema):
    """The app of a variant names the words that differ; a passage only the other release gives has no
    place in the reading text (no @from/@to) and points at that release's paragraph."""
    tel = sample_telegram()
    s1, s2 = tel.witnesses[0].sections
    other1 = replace(s1, blocks=(
        Paragraph((Text("FOLLOWING DETAILED REPORT SPECIAL NAC MEETING (HIGHLIGHTS POLTO 612)."),), sp(50)),
        *s1.blocks[1:]))
    other2 = replace(s2, blocks=(s2.blocks[0], Paragraph((Text("A PARAGRAPH ONLY THE SECOND RELEASE GIVES."),), sp(51)),
                                 *s2.blocks[1:]))
    doc = replace(tel, witnesses=(tel.witnesses[0], replace(tel.witnesses[1], sections=(other1, other2))))
    root = validated(tei_schema, document_tei(doc, sample_info()), "variant")
    assert_ids_and_pointers(root, "variant")
    app = xp(root, "//t:app[@n='s1-p1']")[0]
    assert app.get("type") == "variant"
    assert xp(app, "t:rdg[@type='variant']/t:ptr/@target") == ["#w2-s1-p1"]
    assert [(s.get("type"), s.text) for s in xp(app, "t:note[@type='variation']/t:seg")] == [
        ("lem", "512)."), ("rdg", "612).")]
    extra = xp(root, "//t:app[t:rdg[@type='only-here']]")[0]
    assert extra.get("from") is None and xp(extra, "t:lem[@type='absent'][not(node())]")
    assert extra.get("n") == "s2-p1-w2-1"  # after the first item of section 2
    assert xp(extra, "t:rdg/t:ptr/@target") == ["#w2-s2-p2"]
    assert "".join(xp(root, "//*[@xml:id='w2-s2-p2']")[0].itertext()) == "A PARAGRAPH ONLY THE SECOND RELEASE GIVES."
    # Apparatus entries: the variant, the passage only one release gives, the block both withhold (each
    # release with its own codes); the five passages both give alike are links.
    assert [a.get("n") for a in xp(root, "//t:app")] == ["s1-p1", "s1-p3", "s2-p1-w2-1"]
    assert len(xp(root, "//t:linkGrp/t:link")) == 5


def test_mixed_content_is_not_indented(trees):
    """Indentation is only between element-only children: a paragraph's text is exactly its content."""
    p = xp(trees["telegram"], "//t:div[@type='section'][@n='1']/t:p[2]")[0]
    assert "".join(p.itertext()) == ("US THEN PARAPHRASED GENERAL US EVALUATION SOVIET POLICY CONTAINED CIRC 744. "
                                     "[] STATED KHRUSHCHEV.")
    assert "\n" not in etree.tostring(p, encoding="unicode").strip()


# --------------------------------------------------------------------------------------------
# Header (FRUS-like)
# --------------------------------------------------------------------------------------------


def test_header_title_edition_and_publication(trees):
    t = trees["telegram"]
    assert text_of(t, "//t:titleStmt/t:title[@type='complete']") == (
        "Telegram From the Mission to the North Atlantic Treaty Organization to the Department of State, "
        "Paris, October 28, 1962, 8 p.m.")
    assert text_of(t, "//t:titleStmt/t:title[@type='main']") == sample_telegram().title
    assert [e.text for e in xp(t, "//t:titleStmt/t:editor")] == ["A. Editor", "B. Editor"]
    assert xp(t, "//t:titleStmt/t:respStmt[@xml:id='editors']/t:name/text()") == ["A. Editor", "B. Editor"]
    assert xp(t, "//t:editionStmt/t:edition/@n") == ["1.2.3"]
    assert text_of(t, "//t:publicationStmt/t:idno[@type='stable']") == "1962-10-28-polto-circular-12"
    assert text_of(t, "//t:publicationStmt/t:idno[@type='URL']") == \
        "https://example.org/ed/documents/1962-10-28-polto-circular-12/"
    licence = xp(t, "//t:publicationStmt/t:availability/t:licence")[0]
    assert (licence.get("target"), licence.text) == ("https://creativecommons.org/licenses/by/4.0/", "CC BY 4.0")
    assert xp(t, "//t:publicationStmt/t:date/@when") == ["2026-11-22"]
    assert text_of(t, "//t:publicationStmt/t:publisher") == "edition project"


def test_header_source_description(trees):
    t = trees["telegram"]
    assert text_of(t, "//t:msIdentifier/t:repository") == "JFK Library"
    assert text_of(t, "//t:msIdentifier/t:collection") == "National Security Files, Cuba"
    assert text_of(t, "//t:msIdentifier/t:idno") == "polto.txt, lines 1-61"
    assert text_of(t, "//t:msItem/t:idno[@type='number']") == "POLTO CIRCULAR 12"
    assert text_of(t, "//t:msItem/t:idno[@type='control']") == "19528"
    assert xp(t, "//t:msItem/t:respStmt[t:resp='signed by']/t:name/text()") == ["FINLETTER"]
    assert xp(t, "//t:msItem/t:note[@type='header']/t:list/t:label/@type") == ["from", "to"]
    assert xp(t, "//t:msItem/t:note[@type='header']/t:list/t:item/text()") == ["PARIS", "Secretary of State"]
    assert xp(t, "//t:msItem/t:note[@type='references']//t:ref/@type") == ["unresolved", "document"]
    assert xp(t, "//t:physDesc/t:additions//t:stamp[@type='notice']/text()") == [
        'REPRODUCTION FROM THIS COPY PROHIBITED UNLESS "UNCLASSIFIED"']
    # The declassification history of each release, with the stamps that record it.
    assert xp(t, "//t:history/t:provenance/@corresp") == ["#w1", "#w2"]
    assert xp(t, "//t:provenance[@corresp='#w2']/@when") == ["1988-03-12"]
    assert text_of(t, "//t:provenance[@corresp='#w2']//t:persName") == "Elijah Kelly Jr."
    assert text_of(t, "//t:provenance[@corresp='#w1']//t:stamp") == "REVIEWED by [Signature] DATE 3/30/88"


def test_header_lists_both_witnesses(trees):
    t = trees["telegram"]
    witnesses = xp(t, "//t:sourceDesc/t:listWit/t:witness")
    assert [w.get(XML_ID) for w in witnesses] == ["w1", "w2"]
    assert [text_of(w, "t:label") for w in witnesses] == ["Fuller release", "Excised copy"]
    assert xp(witnesses[1], "t:date/@when") == ["1988-03-12"]
    assert text_of(witnesses[1], "t:persName") == "Elijah Kelly Jr."
    assert xp(t, "//t:text/t:body/t:div[@type='witness']/@corresp") == ["#w1", "#w2"]


def test_header_correspondence_and_keywords(trees):
    t = trees["telegram"]
    sent = xp(t, "//t:correspDesc/t:correspAction[@type='sent']")[0]
    assert text_of(sent, "t:orgName") == "PARIS" and text_of(sent, "t:placeName") == "Paris"
    assert xp(sent, "t:date/@when") == ["1962-10-28T20:00:00"] and text_of(sent, "t:date") == "OCTOBER 28, 8 PM"
    assert not xp(sent, "t:date/@cert") and not xp(sent, "t:note")
    received = xp(t, "//t:correspAction[@type='received'][not(@subtype)]")[0]
    assert text_of(received, "t:orgName") == "Secretary of State"
    assert xp(received, "t:date/@when") == ["1962-10-28"] and text_of(received, "t:date") == "OCTOBER 28, 1962 5:44 PM"
    assert xp(t, "//t:correspAction[@subtype='info']/t:orgName/text()") == ["ALL NATO CAPITALS"]
    terms = {(e.get("type"), e.text) for e in xp(t, "//t:textClass/t:keywords/t:term")}
    assert {("kind", "telegram"), ("direction", "incoming"), ("classification", "SECRET"),
            ("precedence", "NIACT"), ("caveat", "EYES ONLY")} <= terms


def test_dates_the_editors_are_unsure_of_say_so(trees):
    memo = trees["memo"]  # date_certainty="low"
    assert xp(memo, "//t:correspAction[@type='sent']/t:date/@cert") == ["low"]
    assert "inferred" in text_of(memo, "//t:correspAction[@type='sent']/t:note[@type='date']")
    assert xp(memo, "//t:correspAction[@type='sent']/t:persName/text()") == ["Dean Rusk"]
    undated = trees["everything"]  # no date; received 1962-10-29
    date = xp(undated, "//t:correspAction[@type='sent']/t:date")[0]
    assert (date.get("type"), date.get("notAfter"), date.get("cert"), date.text) == (
        "editorial", "1962-10-29", "unknown", "undated")
    assert "Undated" in text_of(undated, "//t:correspAction[@type='sent']/t:note[@type='date']")
    assert text_of(undated, "//t:titleStmt/t:title[@type='complete']").endswith(", undated")
    assert xp(undated, "//t:msItem/t:note[@type='header']/t:list/t:label[@type='received']/text()") == ["Rec'd"]


def test_an_editorial_date_range_is_given_with_its_reason(tei_schema):
    doc = replace(sample_everything(), date_not_before="1962-10-20", date_not_after="1962-10-27",
                  date_note="Filed with the memoranda of October 26-27, 1962.")
    root = validated(tei_schema, document_tei(doc, sample_info()), "date range")
    date = xp(root, "//t:correspAction[@type='sent']/t:date")[0]
    assert (date.get("notBefore"), date.get("notAfter"), date.get("type")) == ("1962-10-20", "1962-10-27", "editorial")
    assert text_of(root, "//t:correspAction[@type='sent']/t:note[@type='date']") == doc.date_note


def test_doc_notes_drafter_and_clearances(trees):
    t = trees["everything"]
    assert text_of(t, "//t:notesStmt/t:note") == "Year inferred from the file."
    assert xp(t, "//t:msItem/t:respStmt[t:resp='drafted by']/t:name/text()") == ["GBall/ck 11/23/62"]
    assert xp(t, "//t:msItem/t:respStmt[t:resp='cleared by']/t:name/text()") == ["G - Mr. Johnson", "S/S - Mr. Breisky"]
    assert xp(t, "//t:keywords/t:term[@type='person']/@ref") == ["https://example.org/ed/persons/rusk-dean/"]


# --------------------------------------------------------------------------------------------
# Every block and inline type produces its element
# --------------------------------------------------------------------------------------------

ELEMENTS = [
    # (sample, what, XPath that must match)
    ("telegram", "Witness → div", "//t:body/t:div[@type='witness'][@corresp='#w2']/t:div[@type='section'][@n='1']"),
    ("telegram", "Section n/of", "//t:div[@type='section'][@n='2'][@subtype='of-2']"),
    ("telegram", "Section header field",
     "//t:div[@n='1']/t:head[@type='field'][@subtype='no'][starts-with(., 'POLTO')]"),
    ("everything", "Section header field label", "//t:div/t:head[@type='field'][@subtype='ref'][t:label='REFERENCE']"
                                                 "[.='REFERENCE DEPCIRTELS 744 778']"),
    ("telegram", "Paragraph", "//t:div[@type='section']/t:p[starts-with(., 'FOLLOWING DETAILED')]"),
    ("telegram", "Item", "//t:div[@type='section']/t:list/t:item[@n='1.'][preceding-sibling::t:label[1]='1.']"),
    ("telegram", "Item nested", "//t:list/t:item[@n='1.']/t:list/t:item[@n='(a)'][.='SUB ITEM']"),
    ("telegram", "Signature", "//t:div[@type='section']/t:signed[.='FINLETTER']"),
    ("telegram", "PageBreak", "//t:pb[@n='2'][following-sibling::*[1][self::t:fw[@type='pageNum'][.='-2-']]]"),
    ("telegram", "Forme header", "//t:fw[@type='header'][starts-with(., '-2- POLTO')]"),
    ("telegram", "Forme catch", "//t:fw[@type='catch'][.='WHICH']"),
    ("telegram", "Stamp", "//t:div/t:ab[@type='stamp']/t:stamp[@type='classification'][.='SECRET']"),
    ("telegram", "Withheld", "//t:gap[@reason='withheld'][@ana='#ex-b1 #ex-B1A3']"
                             "[following-sibling::*[1][self::t:note[@type='exemption'][t:lb]]]"),
    ("telegram", "Withheld codes declared", "//t:classDecl/t:taxonomy/t:category[@xml:id='ex-B1A3'][t:catDesc='B1A3']"),
    ("telegram", "Debris", "//t:div/t:note[@type='ocr-debris'][.=': . • :']"),
    ("telegram", "Note", "//t:div/t:note[@type='authorial'][starts-with(., 'Note: Advance copy')]"),
    ("telegram", "Gap withheld", "//t:p/t:gap[@reason='withheld']/t:desc[.='[]']"),
    ("telegram", "LineBreak", "//t:p/t:lb[@break='no'][@rend='hyphen'][not(@n)]"),
    ("telegram", "Ref unresolved", "//t:text//t:ref[@type='unresolved'][@n='POLTO 512'][not(@target)][.='POLTO 512']"),
    ("telegram", "Ref document", "//t:text//t:ref[@type='document'][@n='CIRC 744']"
                                 "[@target='https://example.org/ed/documents/1962-10-27-deptel-moscow-1015/']"),
    ("telegram", "Name person",
     "//t:persName[@ref='https://example.org/ed/persons/khrushchev-nikita/'][.='KHRUSHCHEV']"),
    ("telegram", "Name term", "//t:p/t:term[@ref='https://example.org/ed/terms/nac/'][.='NAC']"),
    ("telegram", "FRUS head and dateline",
     "//t:body[t:head='Telegram From the Mission to the North Atlantic Treaty Organization to the Department of State']"
     "/t:dateline[t:placeName='Paris']/t:date[@when='1962-10-28T20:00:00'][.='October 28, 1962, 8 p.m.']"),
    ("memo", "Paragraph label at the top → head",
     "//t:div[@type='section']/t:head[.='MEMORANDUM FOR THE PRESIDENT']"),
    ("memo", "Quote", "//t:div/t:floatingText[@type='quote']/t:body[t:salute='Dear Mr. Chairman:']"
                      "[t:signed='/s/ John F. Kennedy'][t:p]"),
    ("memo", "Choice", "//t:choice[t:sic='Megotistions'][t:corr='Negotiations'][t:corr/@resp='#editors']"),
    ("memo", "Choice reason", "//t:category[@xml:id=substring-after(//t:corr/@ana, '#')][t:catDesc='OCR misreading']"),
    ("memo", "Del", "//t:del[@rend='strikethrough'][.='letter']"),
    ("memo", "Add", "//t:add[@place='above'][.='XXXXXX']"),
    ("memo", "Hi underline", "//t:hi[@rend='underline'][.='great']"),
    ("memo", "Hi bold", "//t:hi[@rend='bold'][.='00829']"),
    ("memo", "Hi hand", "//t:add[@hand='#hand1'][.='disseminated 11/9/62']"),
    ("memo", "Hand declared", "//t:physDesc/t:handDesc/t:handNote[@xml:id='hand1']"),
    ("memo", "Gap illegible", "//t:gap[@reason='illegible']/t:desc[.='[Name]']"),
    ("everything", "Annotation passage", "//t:seg[@type='annotated'][@xml:id='w1-3-passage'][t:persName='Rusk']"),
    ("everything", "Annotation note", "//t:note[@type='editorial'][@xml:id='w1-3'][@resp='#editors']"
                                      "[@target='#w1-3-passage'][t:p/t:hi[@rend='italic']='Rusk']"
                                      "[t:p/t:ref[starts-with(@target, 'https://history.state.gov/')]='FRUS']"
                                      "[t:list/t:item='two']"),
    ("everything", "Annotation ids made unique", "//t:note[@xml:id='n1'][.='Plain note.'][@resp='#ocr-review']"
                                                 "/following::t:note[@xml:id='n1-2'][t:hi='id']"),
    ("everything", "Other responsibility declared",
     "//t:titleStmt/t:respStmt[@xml:id='ocr-review'][t:name='ocr-review']"),
    ("everything", "Choice normalisation", "//t:choice[t:orig='Cuba'][t:reg/@resp='#J.-Doe']"),
    ("everything", "Name place", "//t:placeName[@ref='https://example.org/ed/places/havana/'][.='Havana']"),
    ("everything", "Name org", "//t:orgName[@ref='https://example.org/ed/organizations/oas/'][.='OAS']"),
    ("everything", "Name of an unknown kind", "//t:name[@type='ship'][.='Essex']"),
    ("everything", "LineBreak other mark", "//t:lb[@break='no'][@rend='hyphen'][@n='=']"),
    ("everything", "LineBreak no mark", "//t:lb[@break='no'][not(@rend)]"),
    ("everything", "Ref external", "//t:text//t:ref[@type='external'][@target='https://history.state.gov/x?a=1&b=2']"),
    ("everything", "Gap with code", "//t:gap[@reason='withheld'][@ana='#ex-b6'][t:desc='[ ]']"),
    ("everything", "Label at the top → head", "//t:div[@type='section']/t:head[.='QUOTE']"),
    ("everything", "Label elsewhere → label", "//t:div[@type='section']/t:label[.='END']"),
    ("everything", "Salute at the top", "//t:div[@type='section']/t:salute[.='Dear Sir:']"),
    ("everything", "Salute mid-division → ab", "//t:div/t:ab[@type='salute'][.='Dear Sir again:']"),
    ("everything", "Signature mid-division → ab", "//t:div/t:ab[@type='signed'][.='/s/ Dean Rusk']"),
    ("everything", "Closer at the end", "//t:div/t:closer[.='Yours ever,']"),
    ("everything", "Closer mid-division → ab", "//t:div/t:ab[@type='closer'][.='Sincerely yours,']"),
    ("everything", "Closer alone → ab", "//t:div[@subtype='of-1']/t:ab[@type='closer'][.='Very truly yours,']"),
    ("everything", "Other role → ab", "//t:div/t:ab[@type='drafting-note']"),
    ("everything", "Stamp on two lines", "//t:ab[@type='stamp']/t:stamp[@type='declassification'][t:lb]"),
    ("everything", "Quote of running matter only", "//t:div/t:quote[t:pb[@n='3']][t:fw[@type='footer']]"),
    ("everything", "Empty quote", "//t:div/t:quote[not(node())]"),
    ("everything", "List kept across a page break, in order",
     "//t:list/t:item[@n='1.'][t:pb[@n='4']/following-sibling::t:list[t:fw]/t:item[@n='(b)']]"
     "[preceding-sibling::t:item[@n='(i)']][following-sibling::t:item[@n='2.']][following-sibling::t:item[not(@n)]]"),
    ("everything", "Empty witness", "//t:body/t:div[@type='witness'][@corresp='#w1-2'][not(*)]"),
    ("everything", "Document stamps", "//t:physDesc/t:additions//t:stamp[@type='archival'][.='NLK NSF CUBA']"),
    # Several releases: the comparison of witnesses (edition.witnesses) in the back matter.
    ("telegram", "Passages compared have ids", "//t:div[@corresp='#w1']//t:p[@xml:id='w1-s1-p1'][starts-with(., 'FOLLOWING')]"
                                               "/following::t:gap[@xml:id='w1-s1-p3'][@reason='withheld']"),
    ("telegram", "Items, signatures, notes and marks compared have ids",
     "//t:item[@xml:id='w1-s2-p1'][@n='1.'][following::t:signed[@xml:id='w1-s2-p3']]"
     "[following::t:note[@type='authorial'][@xml:id='w1-s2-p4']]"),
    ("telegram", "Comparison app: withheld in the other release",
     "//t:back/t:div[@type='witness-comparison'][t:head]/t:listApp/t:app[@n='s1-p1'][@type='withheld']"
     "[@from='#w1-s1-p1'][@to='#w1-s1-p1'][t:lem[@wit='#w1'][@type='given']/t:ptr[@target='#w1-s1-p1']]"
     "[t:rdg[@wit='#w2'][@type='withheld'][@ana='#ex-b1'][@corresp='#w2-s1-p1']/t:gap[@reason='withheld']]"),
    ("telegram", "Comparison app: withheld in both releases",
     "//t:app[@n='s1-p3'][t:lem[@type='withheld'][@ana='#ex-b1 #ex-B1A3']][t:rdg[@type='withheld']]"),
    ("telegram", "Comparison app: a section the other release lacks",
     "//t:app[@n='s2-p4'][@type='absent'][t:rdg[@wit='#w2'][@type='absent'][not(node())]]"),
    ("telegram", "Comparison declared", "//t:encodingDesc/t:variantEncoding[@method='double-end-point']"),
    ("telegram", "Witness summary", "//t:listWit/t:witness[@xml:id='w2']/t:list[@type='comparison']"
                                    "[t:item[@n='withheld'][@ana='#ex-b1'][starts-with(., 'Withholds 3')]]"
                                    "[t:item[@n='absent'][starts-with(., '4 not in this release')]]"),
    ("everything", "Characters XML cannot hold", "//t:p[contains(., 'form\ufffdfeed, NUL\ufffd, <&> \"quoted\"')]"),
]


@pytest.mark.parametrize("sample,what,path", ELEMENTS, ids=[f"{s}: {w}" for s, w, _ in ELEMENTS])
def test_node_type_produces_its_element(trees, sample, what, path):
    assert xp(trees[sample], path), f"{what}: nothing matches {path}"


# --------------------------------------------------------------------------------------------
# Property: any model gives valid TEI
# --------------------------------------------------------------------------------------------

SPAN = st.just(Span(1, 1, 1, 1))
ODD = st.sampled_from(["\x0c", "\x00", "\ud800", "\r", "\t", "\n", "&", "<", "]]>", '"', "'", " ", "\u2028", "é",
                       "\U0001f600", "#", "%", "--"])
TEXT = st.one_of(st.text(max_size=8), st.lists(ODD, max_size=4).map("".join), st.sampled_from(["", "SECRET", "1."]))
IDS = st.sampled_from(["w1", "w2", "n1", "editors", "hand1", "ex-b1", "corr-x", "1 bad id", "", "é"])
CODES = st.sampled_from(["b1", "B1A3", "(b)(1)", "b 1", "", "ex"])
DATES = st.sampled_from([None, "1962-10-28", "1962-10", "1962", "1962-02-30", "0000-01-01", "Oct 28", ""])
TIMES = st.sampled_from([None, "20:00", "09:05", "00:00", "12:00", "25:00", "8 PM"])
RESPS = st.sampled_from(["#editors", "editors", "", "#ocr", "J. Doe", "# x"])
KINDS = st.sampled_from(["person", "place", "org", "term", "ship", "", "a b"])


def _inline_tree(children):
    kids = st.lists(children, max_size=3).map(tuple)
    return st.one_of(
        st.builds(Del, kids),
        st.builds(Add, kids, st.sampled_from(["above", "below", "", "margin left"])),
        st.builds(Hi, kids, st.sampled_from(["underline", "bold", "italic", "", "x y"]), st.booleans()),
        st.builds(Ref, kids, TEXT, st.one_of(st.none(), TEXT, st.sampled_from(["https://x.org/a b#c#d", "doc-1"]))),
        st.builds(Name, kids, KINDS, TEXT),
        st.builds(Annotation, kids, st.one_of(TEXT, st.sampled_from(["*a* [b](c d) `e`\n\n1. f", "> q\n\n    code"])),
                  IDS, RESPS),
    )


INLINE_LEAF = st.one_of(
    st.builds(Text, TEXT),
    st.builds(Gap, st.sampled_from(["withheld", "illegible", "", "two words"]), TEXT, st.one_of(st.none(), CODES)),
    st.builds(LineBreak, st.sampled_from(["-", "", "=", "¬", " "])),
    st.builds(Choice, TEXT, TEXT, RESPS, TEXT, st.sampled_from(["correction", "normalisation", "other"])),
)
INLINES = st.lists(st.recursive(INLINE_LEAF, _inline_tree, max_leaves=6), max_size=4).map(tuple)
BLOCK_LEAF = st.one_of(
    st.builds(Paragraph, INLINES, SPAN, st.sampled_from(["p", "salute", "closer", "label", "odd role", ""])),
    st.builds(Item, TEXT, INLINES, SPAN, st.integers(0, 4)),
    st.builds(Signature, TEXT, INLINES, SPAN),
    st.builds(PageBreak, TEXT, TEXT, SPAN),
    st.builds(Forme, st.sampled_from(["header", "footer", "catch", "pageNum", "", "odd type"]), TEXT, SPAN),
    st.builds(Stamp, st.sampled_from(["declassification", "review", "classification", "", "x y"]), TEXT, SPAN),
    st.builds(Withheld, st.lists(CODES, max_size=3).map(tuple), TEXT, SPAN),
    st.builds(Debris, TEXT, SPAN),
    st.builds(Note, INLINES, SPAN),
)
BLOCKS = st.lists(st.recursive(BLOCK_LEAF, lambda b: st.builds(Quote, st.lists(b, max_size=4).map(tuple), SPAN),
                               max_leaves=10), max_size=8).map(tuple)
FIELDS = st.lists(st.builds(Field, TEXT, TEXT, SPAN, TEXT), max_size=2).map(tuple)
NUMBER = st.one_of(st.none(), st.integers(0, 11))
SECTIONS = st.lists(st.builds(Section, NUMBER, NUMBER, FIELDS, BLOCKS, SPAN), max_size=3).map(tuple)
STAMPS = st.lists(st.builds(Stamp, TEXT, TEXT, SPAN), max_size=2).map(tuple)
WITNESSES = st.lists(st.builds(Witness, IDS, TEXT, SECTIONS, SPAN, STAMPS, DATES, st.one_of(st.none(), TEXT)),
                     max_size=3).map(tuple)
OPT = st.one_of(st.none(), TEXT)
TUPLE = st.lists(TEXT, max_size=2).map(tuple)
DOCUMENTS = st.builds(
    Document, id=TEXT, source=TEXT, source_lines=st.tuples(st.integers(1, 9), st.integers(1, 99)),
    kind=st.sampled_from(["telegram", "memorandum", "letter", "airgram", "other", ""]),
    direction=st.sampled_from([None, "incoming", "outgoing"]), title=TEXT, date=DATES, time=TIMES, date_text=OPT,
    place=OPT, sender=OPT, addressee=OPT, number=OPT, precedence=OPT, classification=OPT, caveats=TUPLE,
    subject=OPT, signers=TUPLE, witnesses=WITNESSES, info=TUPLE, drafter=OPT, clearances=TUPLE, received=OPT,
    received_date=DATES, control=OPT, fields=FIELDS, stamps=STAMPS, persons=TUPLE,
    references=st.lists(st.builds(Reference, TEXT, TEXT, SPAN, OPT), max_size=2).map(tuple),
    date_certainty=st.sampled_from(["high", "low", "none"]), date_not_before=DATES, date_not_after=DATES,
    date_note=OPT, notes=TUPLE)
INFOS = st.builds(lambda base, title, editors, date: replace(sample_info(), base_url=base, title=title,
                                                             editors=editors, build_date=date),
                  st.sampled_from(["https://example.org/ed/", "", "https://x.org/no-slash", "rel/"]), TEXT, TUPLE,
                  st.sampled_from(["2026-11-22", "", "not a date"]))


@settings(max_examples=250, deadline=None)
@given(DOCUMENTS, INFOS)
def test_any_model_gives_valid_tei(tei_schema, doc, info):
    data = document_tei(doc, info)
    assert data == document_tei(doc, info)
    root = validated(tei_schema, data, "generated document")
    assert_ids_and_pointers(root, "generated document")
    assert len(xp(root, "/t:TEI/t:text/t:body/t:div[@type='witness']")) == max(len(doc.witnesses), 1)


# --------------------------------------------------------------------------------------------
# The edition's own documents
# --------------------------------------------------------------------------------------------


def test_every_document_of_the_content_folder_validates(tei_schema):
    from edition.reader import read_corpus  # fails (as it should) until the reader exists

    info, docs = read_corpus(ROOT / "content", Reporter())
    assert docs, "the reader found no documents in content/"
    for doc in docs:
        root = validated(tei_schema, document_tei(doc, info), doc.id)
        assert_ids_and_pointers(root, doc.id)
        assert len(xp(root, "//t:listWit/t:witness")) == len(doc.witnesses), doc.id
