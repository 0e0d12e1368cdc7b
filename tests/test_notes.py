"""Editorial notes (Annotation nodes), W108 unregistered names on the seeds, register pages."""

import re

import pytest

from apparatus_helpers import CONTENT, doc_of, load_editorial_file, seed, seed_corpus, show
from edition.apparatus import unregistered_candidates
from edition.diagnostics import Reporter
from edition.inline_text import SourceLocator, iter_nodes, iter_sequences
from edition.model import Annotation, Choice, Name, Text
from edition.notes import attach_notes, load_notes, report_unattached
from edition.register_pages import register_pages
from edition.registers import load_registers


def _notes(tmp_path, text, ids=None):
    return load_editorial_file(load_notes, tmp_path, "notes.yaml", text, ids)


def annotations(doc):
    return [n for seq, _, _ in iter_sequences(doc) for n in iter_nodes(seq) if isinstance(n, Annotation)]


def test_note_attached_after_its_phrase(tmp_path):
    notes, rep = _notes(tmp_path, """\
- document: d
  phrase: Polto 506
  note: Not in this edition.
- document: d
  phrase: "Cuba"
  occurrence: 2
  id: second-cuba
  note: "*Second* mention."
""")
    assert rep.diagnostics == []
    out = attach_notes(doc_of("proposed in Polto 506, and", "Cuba and Cuba", id="d"), notes, SourceLocator())
    assert show(out) == ["proposed in ((Polto 506))^n-polto-506, and", "Cuba and ((Cuba))^second-cuba"]
    a = annotations(out)
    assert a[0].note == "Not in this edition." and a[0].resp == "#editors"
    assert a[1].note == "*Second* mention."
    report_unattached(notes, Reporter())


def test_note_found_across_markup_wraps_whole_nodes(tmp_path):
    notes, _ = _notes(tmp_path, "- {document: d, phrase: Rostow Subcommittee, note: N}\n"
                                "- {document: d, phrase: Finletter, note: F}\n")
    doc = doc_of(inlines=[Text("done by the "), Name((Choice("Rostov", "Rostow", "#editors"), Text(" Subcommittee")),
                                                     "org", "planning"),
                          Text(". "), Name((Text("Ambassador Finletter"),), "person", "finletter")])
    (line,) = show(attach_notes(doc, notes, SourceLocator()))
    assert line == ("done by the (([{Rostov→Rostow} Subcommittee|planning]))^n-rostow-subcommittee. "
                    "(([Ambassador Finletter|finletter]))^n-finletter")


def test_phrase_as_read_also_found(tmp_path):
    notes, _ = _notes(tmp_path, "- {document: d, phrase: Rostov Subcommittee, note: N}\n")
    doc = doc_of(inlines=[Text("by the "), Choice("Rostov", "Rostow", "#editors"), Text(" Subcommittee.")])
    assert show(attach_notes(doc, notes, SourceLocator())) == ["by the (({Rostov→Rostow} Subcommittee))^n-rostov-subcommittee."]


def test_unattached_note_is_an_error_with_path_and_line(tmp_path):
    notes, _ = _notes(tmp_path, "- document: d\n  phrase: here\n  note: ok\n- document: d\n  phrase: gone\n  note: stale\n")
    attach_notes(doc_of("here it is", id="d"), notes, SourceLocator())
    reporter = Reporter()
    report_unattached(notes, reporter)
    (e,) = reporter.diagnostics
    assert (e.code, e.path, e.line, e.col) == ("E006", str(tmp_path / "notes.yaml"), 4, 3)
    assert "'gone'" in e.message


def test_bad_notes_yaml_and_entries(tmp_path):
    notes, rep = _notes(tmp_path, "- document: d\n  phrase: 'x\n")
    assert notes == [] and rep.errors[0].code == "E006"
    notes, rep = _notes(tmp_path, "- {document: d, phrase: x}\n- {document: e, phrase: y, note: z}\n", {"d"})
    assert notes == [] and [e.line for e in rep.errors] == [1, 2]


def test_note_on_text_outside_the_reading_text_becomes_a_document_note(tmp_path):
    src = tmp_path / "s.txt"
    src.write_text("(b)(1)\nBIA3\nbody\n", encoding="utf-8")
    notes, _ = _notes(tmp_path, "- {document: d, phrase: (b)(1), note: Withheld under exemption (b)(1).}\n")
    out = attach_notes(doc_of("body", id="d", source=str(src)), notes, SourceLocator())
    assert out.notes == ("(b)(1): Withheld under exemption (b)(1).",)


# ------------------------------------------------------------------------------------------
# The seeds
# ------------------------------------------------------------------------------------------

SEED_NOTES = [
    ("1962-10-26-memo-negotiation", "Polto 506", "not in this edition"),
    ("1962-10-26-memo-negotiation", "was non-negotiable, but that we were prepared", "missing"),
    ("1962-10-27-deptel-moscow-1015", "Acting Secretary General", "U Thant"),
    ("1962-10-28-polto-circular-12", "TALK BETWEEN GREEN AND CUBAN AMBASSADOR OTTAWA", "Howard C. Green"),
    ("1962-10-28-polto-circular-12", "TO WHICH [] REPLIED", "(b)(1)"),
    ("1962-11-23-deptel-usun-1359", "last press conference", "November 20, 1962"),
    ("1962-10-28-memo-bruback-to-mcgeorge-bundy", "Rostow Subcommittee", "Rostow"),
]


@pytest.mark.parametrize("doc_id,passage,words", SEED_NOTES)
def test_seed_notes_attached(doc_id, passage, words):
    from edition.inline_text import plain_text
    found = [a for a in annotations(seed(doc_id)) if passage in plain_text(a)]
    assert found, [a.id for a in annotations(seed(doc_id))]
    assert words in found[0].note


def test_every_seed_note_is_attached_and_ids_are_unique():
    docs, diagnostics = seed_corpus()
    assert [d.format() for d in diagnostics if d.code == "E006"] == []
    total = 0
    for d in docs:
        ids = [a.id for a in annotations(d)]
        assert len(ids) == len(set(ids))
        total += len(ids)
    assert total >= 25


def test_unregistered_candidates_silent_on_the_seeds():
    docs, _ = seed_corpus()
    registers = load_registers(CONTENT, Reporter())
    assert [d.format() for d in unregistered_candidates(docs, registers, CONTENT)] == []


def test_unregistered_candidates_found_with_position(tmp_path):
    src = tmp_path / "s.txt"
    src.write_text("We met with Ambassador Dobrynin and\nthe MLFX staff.\nDOBRYNIN STATED NOTHING\n", encoding="utf-8")
    registers = load_registers(CONTENT, Reporter())
    doc = doc_of("We met with Ambassador Dobrynin and the MLFX staff.", "DOBRYNIN STATED NOTHING", source=str(src))
    doc = doc.__class__(**{**doc.__dict__, "source_lines": (1, 3)})
    from dataclasses import replace
    from edition.model import Span
    sec = doc.witnesses[0].sections[0]
    blocks = (replace(sec.blocks[0], span=Span(1, 1, 2, 15)), replace(sec.blocks[1], span=Span(3, 1, 3, 23)))
    doc = replace(doc, witnesses=(replace(doc.witnesses[0], sections=(replace(sec, blocks=blocks),)),))
    out = unregistered_candidates([doc], registers)
    got = [(d.code, d.line, d.col, d.message.split("'")[1]) for d in out]
    # once per document and word: the capitals "DOBRYNIN STATED" later is the same candidate
    assert got == [("W108", 1, 24, "Dobrynin"), ("W108", 2, 5, "MLFX")]
    caps = unregistered_candidates([doc_of("AFTER THE MEETING DOBRYNIN STATED NOTHING NEW ABOUT FONOFFX")], registers)
    assert [d.message.split("'")[1] for d in caps] == ["DOBRYNIN"]


def test_register_pages():
    docs, _ = seed_corpus()
    registers = load_registers(CONTENT, Reporter())
    pages = register_pages(registers, docs)
    for index in ("persons/index.md", "places/index.md", "organizations/index.md", "terms/index.md"):
        assert index in pages
    assert len(pages) == 4 + len(registers.entries)  # the seeds' lists are short: no sub-pages
    kh = pages["persons/khrushchev-nikita-s/index.md"]
    assert kh.startswith('---\ntitle: "Khrushchev, Nikita S."\n---\n\n<h1>Khrushchev, Nikita S.</h1>\n')
    assert '<a href="https://www.wikidata.org/wiki/Q35314">Wikidata Q35314</a>' in kh
    dates = re.findall(r'<tr><td><time datetime="([^"]+)">', kh)
    assert dates and dates == sorted(dates)  # date order
    assert 'href="../../documents/1962-10-27-deptel-moscow-1015/"' in kh
    assert '<td><a href="rusk-dean/">Rusk, Dean</a></td><td>Secretary of State</td>' in pages["persons/index.md"]
    # a series term lists the documents citing that series
    assert "1962-10-28-polto-circular-12" in pages["terms/topol/index.md"]
    assert ('<strong>See:</strong> <a href="../../organizations/north-atlantic-council/">North Atlantic Council</a>'
            in pages["terms/nac/index.md"])
    # a person named only in the heading (the drafter) is listed
    assert "in the heading" in pages["persons/ball-george-w/index.md"]


def test_an_occurrence_that_is_not_a_positive_number_is_E006_even_true(tmp_path):
    """``occurrence: true`` is YAML's boolean, not the number 1 (Python counts it an int): refused in
    notes, corrections and links alike, with the entry's position."""
    from edition.corrections import load_corrections
    from edition.references import load_links
    notes, rep = _notes(tmp_path, "- {document: d, phrase: x, note: y, occurrence: true}\n", {"d"})
    assert [(e.code, e.line) for e in rep.errors] == [("E006", 1)] and "True" in rep.errors[0].message
    assert notes and notes[0].occurrence == 1
    (tmp_path / "corrections.yaml").write_text(
        "- {document: d, text: x, correction: y, occurrence: true}\n", encoding="utf-8")
    rep = Reporter()
    corrections = load_corrections(tmp_path, rep, {"d"})
    assert [(e.code, e.line) for e in rep.errors] == [("E006", 1)] and corrections[0].occurrence is None
    (tmp_path / "links.yaml").write_text(
        "- {document: d, phrase: x, target: null, note: n, occurrence: false}\n", encoding="utf-8")
    rep = Reporter()
    load_links(tmp_path, rep, {"d"})
    assert [(e.code, e.line) for e in rep.errors] == [("E006", 1)]
