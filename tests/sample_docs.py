"""Hand-built model documents that exercise every node type, for writer tests that must not depend on
the reader. ``sample_telegram()`` → a two-witness, two-section incoming telegram; ``sample_memo()`` → a
memorandum with items, a quote, corrections and names; ``sample_info()`` → edition metadata."""

from edition.model import (Add, Choice, Debris, Del, Document, EditionInfo, Field, Forme, Gap, Hi, Item,
                           LineBreak, Name, Note, PageBreak, Paragraph, Quote, Ref, Reference, Section,
                           Signature, Span, Stamp, Text, Witness, Withheld)


def sp(line, col=1, end_line=None, end_col=10):
    return Span(line, col, end_line or line, end_col)


def sample_info():
    return EditionInfo(title="Sample Edition", subtitle="Test", editors=("A. Editor", "B. Editor"),
                       publisher="edition project", version="1.2.3", licence="CC BY 4.0",
                       licence_url="https://creativecommons.org/licenses/by/4.0/",
                       base_url="https://example.org/ed/", repository="JFK Library",
                       collection="National Security Files, Cuba", id_prefix="cmc", build_date="2026-11-22")


def sample_telegram():
    s1 = Section(n=1, of=2, header=(Field("no", "POLTO CIRCULAR 12, OCTOBER 28, 8 PM (SECTION 1 OF 2)", sp(12)),),
                 blocks=(
                     Paragraph((Text("FOLLOWING DETAILED REPORT SPECIAL "), Name((Text("NAC"),), "term", "nac"),
                                Text(" MEETING (HIGHLIGHTS "),
                                Ref((Text("POLTO 512"),), "POLTO 512", None), Text(").")), sp(20, 1, 21, 12)),
                     Paragraph((Text("US THEN PARAPHRASED GENERAL US EVALU"), LineBreak("-"),
                                Text("ATION SOVIET POLICY CONTAINED "),
                                Ref((Text("CIRC 744"),), "CIRC 744", "1962-10-27-deptel-moscow-1015"),
                                Text(". "), Gap("withheld", "[]"), Text(" STATED "),
                                Name((Text("KHRUSHCHEV"),), "person", "khrushchev-nikita"), Text(".")),
                               sp(22, 1, 24, 5)),
                     Withheld(("b1", "B1A3"), "(b)(1)\nBIA3", sp(26, 1, 27, 4)),
                     Stamp("classification", "SECRET", sp(29)),
                     PageBreak("2", "-2-", sp(31)),
                     Forme("header", "-2- POLTO CIRCULAR 12, OCTOBER 28, 8 PM (SECTION 1 OF 2), FROM PARIS", sp(31, 1, 32, 5)),
                     Forme("catch", "WHICH", sp(33)),
                     Debris(": . • :", sp(34)),
                 ), span=sp(10, 1, 35, 1))
    s2 = Section(n=2, of=2, header=(), blocks=(
        Item("1.", (Text("THERE WAS A FULL NAC CONSENSUS."),), sp(40), 1),
        Item("(a)", (Text("SUB ITEM"),), sp(41), 2),
        Signature("FINLETTER", (Text("FINLETTER"),), sp(43)),
        Note((Text("Note: Advance copy to SS, 10/28/62, 10 PM, JAW."),), sp(45)),
    ), span=sp(38, 1, 46, 1))
    w1 = Witness("w1", "Fuller release", (s1, s2), sp(1, 1, 46, 1),
                 review=(Stamp("review", "REVIEWED by [Signature] DATE 3/30/88", sp(28)),),
                 review_date="1988-03-30", reviewer=None)
    w2 = Witness("w2", "Excised copy", (Section(1, 2, (), (Withheld(("b1",), "(b)(1)", sp(60)),), sp(50, 1, 61, 1)),),
                 sp(48, 1, 61, 1), review=(Stamp("review", "Reviewed by: Elijah Kelly Jr. Date: 3/12/88", sp(52)),),
                 review_date="1988-03-12", reviewer="Elijah Kelly Jr.")
    return Document(
        id="1962-10-28-polto-circular-12", source="polto.txt", source_lines=(1, 61), kind="telegram",
        direction="incoming", title="Telegram From the Mission to the North Atlantic Treaty Organization to the Department of State",
        date="1962-10-28", time="20:00", date_text="OCTOBER 28, 8 PM", place="Paris", sender="PARIS",
        addressee="Secretary of State", number="POLTO CIRCULAR 12", precedence="NIACT", classification="SECRET",
        caveats=("EYES ONLY",), subject=None, signers=("FINLETTER",), witnesses=(w1, w2),
        info=("ALL NATO CAPITALS",), received="OCTOBER 28, 1962 5:44 PM", received_date="1962-10-28",
        control="19528",
        references=(Reference("POLTO 512", "POLTO 512", sp(21, 20, 21, 28), None),
                    Reference("CIRC 744", "CIRC 744", sp(23, 30, 23, 37), "1962-10-27-deptel-moscow-1015")),
        fields=(Field("from", "PARIS", sp(8)), Field("to", "Secretary of State", sp(9))),
        stamps=(Stamp("notice", 'REPRODUCTION FROM THIS COPY PROHIBITED UNLESS "UNCLASSIFIED"', sp(30)),),
        persons=("khrushchev-nikita",),
    )


def sample_memo():
    body = (
        Paragraph((Text("MEMORANDUM FOR THE PRESIDENT"),), sp(3), role="label"),
        Paragraph((Text("Subject: "), Choice("Megotistions", "Negotiations", "#editors", "OCR misreading")), sp(5)),
        Paragraph((Text("I attach a memorandum "), Del((Text("letter"),)), Add((Text("XXXXXX"),)),
                   Text(" with "), Hi((Text("great"),), "underline"), Text(" care "),
                   Hi((Text("disseminated 11/9/62"),), "italic", hand=True), Text(" "),
                   Hi((Text("00829"),), "bold"), Text(" "), Gap("illegible", "[Name]")), sp(7, 1, 8, 30)),
        Quote((Paragraph((Text("Dear Mr. Chairman:"),), sp(10), role="salute"),
               Paragraph((Text("I have read your letter."),), sp(12)),
               Signature("John F. Kennedy", (Text("/s/ John F. Kennedy"),), sp(14))), sp(9, 1, 15, 3)),
        Signature("Dean Rusk", (Text("/s/ Dean Rusk by U.A.Johnson"),), sp(17)),
    )
    return Document(
        id="1962-10-26-memo-rusk-president", source="memo.txt", source_lines=(1, 18), kind="memorandum",
        direction=None, title="Memorandum From Secretary of State Rusk to President Kennedy", date="1962-10-26",
        time=None, date_text="October 26, 1962", place="Washington", sender="Dean Rusk",
        addressee="The President", number=None, precedence=None, classification="CONFIDENTIAL",
        caveats=("EYES ONLY", "SPECIAL HANDLING"), subject="Negotiations", signers=("Dean Rusk",),
        witnesses=(Witness("w1", "Release", (Section(None, None, (), body, sp(1, 1, 18, 1)),), sp(1, 1, 18, 1)),),
        date_certainty="low",
    )
