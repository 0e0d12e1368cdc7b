"""Cross-references: numbered citations found and resolved, editorial links, W107, backlinks, and
every cross-reference among the seed documents resolved."""

import re

import pytest

from apparatus_helpers import doc_of, load_editorial_file, seed, seed_corpus, show
from edition.apparatus import backlinks
from edition.diagnostics import Reporter
from edition.inline_text import SourceLocator
from edition.references import Links, ReferenceFinder, ReferenceIndex, load_links, post_key


def find(doc, corpus=(), links=None, reporter=None):
    reporter = reporter or Reporter()
    finder = ReferenceFinder(ReferenceIndex([doc, *corpus]), links or Links(), SourceLocator(), reporter)
    return finder.find(doc), reporter


REFS = [
    ("present SC scenario contained DEPTTEL 1338,", ["DEPTTEL 1338|DEPTTEL 1338"]),
    ("proposed by Ambassador Finletter in Polto 506, and", ["Polto 506|POLTO 506"]),
    ("(HIGHLIGHTS POLTO 512).", ["POLTO 512|POLTO 512"]),
    ("GIST TOPOL 578 CONTAINING", ["TOPOL 578|TOPOL 578"]),
    ("EVALUATION CONTAINED CIRC 744. THEN", ["CIRC 744|CIRCULAR 744"]),
    ("REFERENCE: DEPCIRTELS 744 778 AND TOPOLS 574 578",
     ["DEPCIRTELS 744|CIRCULAR 744", "778|CIRCULAR 778", "TOPOLS 574|TOPOL 574", "578|TOPOL 578"]),
    ("Deptel 286 instructed you", ["Deptel 286|DEPTTEL 286"]),
    ("1 Deptel, 534 para 9", ["Deptel, 534|DEPTTEL 534"]),
    ("AS REPORTED EMBTEL 660", ["EMBTEL 660|EMBTEL 660"]),
    # relative series: kept relative where the document's direction is unknown (a memorandum)
    ("Re your 612 of yesterday", ["your 612|URTEL 612"]),
    ("URTEL 45 AND 47", ["URTEL 45|URTEL 45", "47|URTEL 47"]),
    ("USUN 4521 REPORTED", ["USUN 4521|EMBTEL 4521"]),
    ("as in Moscow's 1015 and PARIS 512", ["Moscow's 1015|EMBTEL 1015", "PARIS 512|EMBTEL 512"]),
    ("see Embtel 660 from Saigon today", ["Embtel 660 from Saigon|EMBTEL 660"]),
    ("Department's telegram 77 said", ["Department's telegram 77|DEPTTEL 77"]),
    ("Circular telegram 744 and Circular 745", ["Circular telegram 744|CIRCULAR 744", "Circular 745|CIRCULAR 745"]),
    ("EMBASSY AIRGRAM A-244 DATED OCTOBER 3", ["EMBASSY AIRGRAM A-244|A-244"]),
    ("Circular Airgram CA-1234", ["Circular Airgram CA-1234|CA-1234"]),
    ("PARIS 28 OCTOBER", []),
    ("MOSCOW 5 PM", []),
    ("OUR 2 COUNTRIES", []),
    ("POLTO CIRCULAR 12 REPORTED", ["POLTO CIRCULAR 12|POLTO CIRCULAR 12"]),
    # not references
    ("MEETING 1000 28TH", []),
    ("your letter of October 26", []),
    ("Control: 19528", []),
    ("TELEGRAM 1015", []),
]


@pytest.mark.parametrize("text,expected", REFS, ids=[t[:40] for t, _ in REFS])
def test_numbered_references_found(text, expected):
    doc, _ = find(doc_of(text))
    (line,) = show(doc)
    assert [m.replace("→None", "") for m in re.findall(r"<([^>]*)>", line)] == expected
    assert [r.key for r in doc.references] == [e.split("|")[1] for e in expected]


def _telegram(id, number, direction, sender=None, addressee=None, date="1962-10-27"):
    return doc_of("text", id=id, number=number, direction=direction, sender=sender, addressee=addressee,
                  kind="telegram", date=date)


CORPUS = [
    _telegram("deptel-moscow-1015", "1015", "outgoing", "Department of State", "Embassy MOSCOW"),
    _telegram("deptel-usun-1338", "1338", "outgoing", "Department of State", "USUN, New York - PRIORITY"),
    _telegram("deptel-paris-1338", "1338", "outgoing", "Department of State", "Embassy PARIS"),
    _telegram("usun-612", "612", "incoming", "USUN, New York", "Secretary of State"),
    _telegram("polto-512", "POLTO 512", "incoming", "PARIS", "Secretary of State"),
    _telegram("topol-578", "TOPOL 578", "outgoing", "Department of State", "USRO PARIS"),
    _telegram("circ-744", "CIRCULAR 744", "outgoing", "Department of State", "ALL NATO CAPITALS"),
]


@pytest.mark.parametrize("text,direction,sender,addressee,target", [
    # a Deptel number is in the series of the post: 1338 to USUN is not 1338 to Paris
    ("SCENARIO CONTAINED DEPTTEL 1338", "outgoing", "Department of State", "USUN, New York", "deptel-usun-1338"),
    ("REFERENCE DEPTEL 1338", "incoming", "PARIS", "Secretary of State", "deptel-paris-1338"),
    ("as in Deptel 1015", "outgoing", "Department of State", "Embassy MOSCOW", "deptel-moscow-1015"),
    ("as in Deptel 1015", "outgoing", "Department of State", "USUN, New York", None),
    # "your 612" in a telegram to USUN is USUN's telegram 612
    ("Re your 612", "outgoing", "Department of State", "USUN", "usun-612"),
    ("HIGHLIGHTS POLTO 512", "incoming", "PARIS", "Secretary of State", "polto-512"),
    ("GIST TOPOL 578", "incoming", "PARIS", "Secretary of State", "topol-578"),
    ("CONTAINED CIRC 744", "incoming", "PARIS", "Secretary of State", "circ-744"),
    # "OUR"/"MY"/"YOUR" are made absolute by the telegram's direction
    ("AS REPORTED OUR 612", "incoming", "USUN, New York", "Secretary of State", "usun-612"),
    ("REFERENCE YOUR 1338", "incoming", "PARIS", "Secretary of State", "deptel-paris-1338"),
    ("SEE USUN 612", "outgoing", "Department of State", "Embassy MOSCOW", "usun-612"),
    ("Embtel 612 from Moscow", "outgoing", "Department of State", "USUN", None),
    ("DEPCIRTELS 744", "incoming", "PARIS", "Secretary of State", "circ-744"),
    ("POLTO 513", "incoming", "PARIS", "Secretary of State", None),
])
def test_numbered_references_resolved(text, direction, sender, addressee, target):
    doc = doc_of(text, id="citing", direction=direction, sender=sender, addressee=addressee, kind="telegram")
    out, reporter = find(doc, CORPUS)
    (ref,) = out.references
    assert ref.target == target
    assert bool(reporter.warnings) == (target is None)


def test_a_telegram_never_cites_itself():
    me = _telegram("polto-512", "POLTO 512", "incoming", "PARIS")
    out, _ = find(doc_of("HIGHLIGHTS POLTO 512", id="polto-512", direction="incoming", sender="PARIS"), [me])
    assert out.references[0].target is None


def test_post_key():
    assert post_key("Embassy MOSCOW") == "MOSCOW"
    assert post_key("USUN, New York - PRIORITY") == "USUN"
    assert post_key("AmEmbassy SAIGON") == "SAIGON"
    assert post_key(None) is None


def test_unresolved_reference_is_W107_with_position(tmp_path):
    src = tmp_path / "t.txt"
    src.write_text("first line\npresent SC scenario contained DEPTTEL 1338,\n", encoding="utf-8")
    doc = doc_of("x", "present SC scenario contained DEPTTEL 1338,", source=str(src))
    out, reporter = find(doc)
    (w,) = reporter.diagnostics
    assert (w.code, w.severity, w.path, w.line, w.col) == ("W107", "warning", str(src), 2, 31)
    assert out.references[0].span.line == 2 and out.references[0].span.col == 31


def _links(tmp_path, text, ids):
    return load_editorial_file(load_links, tmp_path, "links.yaml", text, ids)


def test_links_by_phrase_and_acknowledged_numbers(tmp_path):
    links, rep = _links(tmp_path, """\
- document: citing
  phrase: your letter of October 26
  target: null
  note: Khrushchev's letter, not in this edition.
- document: citing
  phrase: the President's letter to Khrushchev
  target: deptel-moscow-1015
- document: citing
  key: DEPTTEL 1338
  target: https://history.state.gov/historicaldocuments/frus1961-63v11
""", {"citing", "deptel-moscow-1015"})
    assert rep.diagnostics == []
    doc = doc_of("I have read your letter of\nOctober 26 with care", "TEXT OF THE PRESIDENT'S LETTER TO KHRUSHCHEV.",
                 "see DEPTTEL 1338", id="citing", direction="outgoing", addressee="USUN")
    out, reporter = find(doc, links=links)
    assert show(out) == [
        "I have read <your letter of\nOctober 26|your letter of October 26→None> with care",
        "TEXT OF <THE PRESIDENT'S LETTER TO KHRUSHCHEV|the President's letter to Khrushchev→deptel-moscow-1015>.",
        "see <DEPTTEL 1338|DEPTTEL 1338→https://history.state.gov/historicaldocuments/frus1961-63v11>"]
    assert reporter.diagnostics == []  # acknowledged: no W107


def test_stale_link_and_bad_target_are_errors_with_line(tmp_path):
    links, rep = _links(tmp_path, """\
- document: citing
  phrase: the paper of October 26
  target: nowhere
- document: citing
  phrase: a phrase that is not there
  target: null
""", {"citing"})
    (bad,) = rep.errors
    assert (bad.code, bad.line) == ("E006", 3) and "neither a document" in bad.message
    reporter = Reporter()
    finder = ReferenceFinder(ReferenceIndex([]), links, SourceLocator(), reporter)
    finder.find(doc_of("nothing here", id="citing"))
    finder.report_stale()
    (stale,) = reporter.errors
    assert (stale.code, stale.path, stale.line) == ("E006", str(tmp_path / "links.yaml"), 4)
    assert "not found" in stale.message


def test_bad_links_yaml_is_E006_with_position(tmp_path):
    _, rep = _links(tmp_path, "- document: x\n  phrase: 'unterminated\n", {"x"})
    (e,) = rep.errors
    assert e.code == "E006" and e.line >= 2


# ------------------------------------------------------------------------------------------
# The seeds: every cross-reference among the seed documents resolves
# ------------------------------------------------------------------------------------------

SEED_LINKS = [
    ("1962-10-27-memo-rostow-to-nsc", 'the October 26 paper on "Negotiations"', "1962-10-26-memo-negotiation"),
    ("1962-10-28-polto-circular-12", "PRESIDENT'S LETTER TO KHRUSHCHEV 27TH", "1962-10-27-deptel-moscow-1015"),
    ("1962-10-28-memo-bruback-to-mcgeorge-bundy", 'an October 27 paper on "Negotiations"', "1962-10-27-memo-rostow-to-nsc"),
    ("1962-11-23-deptel-usun-1359", "understanding of October 27 and 28", "1962-10-27-deptel-moscow-1015"),
    ("1962-10-26-memo-rostow-to-secretary", "Attached is a memorandum", "1962-10-26-memo-negotiation"),
    ("1962-10-26-memo-rostow-to-secretary", "Memo to President", "undated-memo-rusk-to-president"),
    ("undated-memo-rusk-to-president", "a memorandum concerning a possible course of negotiations",
     "1962-10-26-memo-negotiation"),
    ("undated-memo-rusk-to-president", "Memo on negotiations", "1962-10-26-memo-negotiation"),
]


@pytest.mark.parametrize("doc_id,text,target", SEED_LINKS)
def test_seed_cross_references_resolved(doc_id, text, target):
    refs = [r for r in seed(doc_id).references if r.text == text]
    assert refs, [r.text for r in seed(doc_id).references]
    assert all(r.target == target for r in refs)


def test_every_seed_reference_is_resolved_or_acknowledged():
    docs, diagnostics = seed_corpus()
    assert [d.format() for d in diagnostics if d.code in ("W107", "E006", "E007")] == []
    ids = {d.id for d in docs}
    for d in docs:
        for r in d.references:
            assert r.target is None or r.target in ids or r.target.startswith("https://")


def test_seed_numbered_references_in_the_excised_copy_read_through_corrections():
    lines = show(seed("1962-10-28-polto-circular-12"))
    assert any("<{CIRCR→CIRC} 744|CIRCULAR 744→None>" in l for l in lines)
    keys = [r.key for r in seed("1962-10-28-polto-circular-12").references]
    for key in ("CIRCULAR 744", "CIRCULAR 778", "CIRCULAR 788", "TOPOL 574", "TOPOL 578", "TOPOL 581", "POLTO 512"):
        assert key in keys


def test_backlinks_of_the_seeds():
    docs, _ = seed_corpus()
    back = backlinks(docs)
    citing = {src for src, _ in back["1962-10-27-deptel-moscow-1015"]}
    assert citing == {"1962-10-28-polto-circular-12", "1962-11-23-deptel-usun-1359"}
    # one row per citing document and key, however often it cites
    assert len(back["1962-10-27-deptel-moscow-1015"]) == 2
    assert {src for src, _ in back["1962-10-26-memo-negotiation"]} == {
        "1962-10-27-memo-rostow-to-nsc", "1962-10-26-memo-rostow-to-secretary", "undated-memo-rusk-to-president"}


# ------------------------------------------------------------------------------------------
# Any text: names and references never change the reading text and never crash
# ------------------------------------------------------------------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

from edition.inline_text import iter_sequences, plain_text  # noqa: E402
from edition.names import NameFinder  # noqa: E402
from edition.registers import load_registers  # noqa: E402

_FINDER = NameFinder(load_registers(__import__("apparatus_helpers").CONTENT, Reporter()))
_WORDS = st.sampled_from(["DEPTTEL", "1338", "POLTO", "512", "TOPOLS", "574", "578", "Green", "GREEN", "REPLIED",
                          "Khrushchev's", "Chairman", "KHRUSHCHEV'S", "your", "612", "MOSCOW", "Moscow's", "A-244",
                          "US", "SC", "the", "President", "Diem", ",", ".", "(", ")", "\n", "Mr.", "Cuba", "ß", "İ"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, max_size=30), st.text(max_size=40))
def test_apparatus_keeps_the_reading_text(words, noise):
    text = " ".join(words) + noise
    doc = doc_of(text, direction="outgoing", addressee="USUN")
    refs, _ = find(doc)
    out = _FINDER.tag(refs)
    (seq, _, _), = list(iter_sequences(out))
    assert "".join(plain_text(n) for n in seq) == text
