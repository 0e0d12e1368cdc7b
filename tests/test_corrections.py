"""Editorial corrections: Choice nodes with provenance, stale corrections (E007) with the
corrections file's path:line, bad YAML (E006) with its position."""

import pytest

from apparatus_helpers import CONTENT, doc_of, load_editorial_file, seed, seed_corpus, show
from edition.corrections import apply_corrections, load_corrections, report_stale
from edition.diagnostics import Reporter
from edition.inline_text import SourceLocator, iter_nodes, iter_sequences
from edition.model import Choice


def _corrections(tmp_path, text, ids=None):
    return load_editorial_file(load_corrections, tmp_path, "corrections.yaml", text, ids)


def test_correction_becomes_a_choice_with_provenance(tmp_path):
    cs, rep = _corrections(tmp_path, """\
- document: d
  text: Cubs
  correction: Cuba
  resp: "#editors"
  why: OCR misreading
- document: d
  text: NLACT
  correction: NIACT
  kind: normalisation
  why: precedence
""")
    assert rep.diagnostics == []
    out = apply_corrections(doc_of("weapons from Cubs. Cubs again", "MOSCOW 1015 NLACT", id="d"), cs, SourceLocator())
    assert show(out) == ["weapons from {Cubs→Cuba}. {Cubs→Cuba} again", "MOSCOW 1015 {NLACT→NIACT}"]
    choices = [n for seq, _, _ in iter_sequences(out) for n in iter_nodes(seq) if isinstance(n, Choice)]
    assert choices[0] == Choice("Cubs", "Cuba", "#editors", "OCR misreading", "correction")
    assert choices[-1].kind == "normalisation"


def test_case_and_word_boundaries_matter(tmp_path):
    cs, _ = _corrections(tmp_path, "- {document: d, text: Cubs, correction: Cuba}\n")
    out = apply_corrections(doc_of("the Cubs and cubs and Cubsx", id="d"), cs, SourceLocator())
    assert show(out) == ["the {Cubs→Cuba} and cubs and Cubsx"]


def test_occurrence_and_longest_first(tmp_path):
    cs, _ = _corrections(tmp_path, """\
- {document: d, text: haggles, correction: haggle, occurrence: 2}
- {document: d, text: megotiations, correction: negotiations}
- {document: d, text: Hemo en megotiations, correction: Memo on negotiations}
""")
    out = apply_corrections(doc_of("a haggles; such a haggles", "Hemo en megotiations. megotiations", id="d"),
                            cs, SourceLocator())
    assert show(out) == ["a haggles; such a {haggles→haggle}",
                         "{Hemo en megotiations→Memo on negotiations}. {megotiations→negotiations}"]


def test_stale_correction_is_E007_with_path_and_line(tmp_path):
    cs, _ = _corrections(tmp_path, """\
# a comment
- document: d
  text: Cubs
  correction: Cuba

- document: d
  text: Rostov
  correction: Rostow
""")
    apply_corrections(doc_of("weapons from Cubs", id="d"), cs, SourceLocator())
    reporter = Reporter()
    report_stale(cs, reporter)
    (e,) = reporter.diagnostics
    assert (e.path, e.line, e.col, e.severity, e.code) == (str(tmp_path / "corrections.yaml"), 6, 3, "error", "E007")
    assert "'Rostov'" in e.message and "'d'" in e.message


def test_correction_for_a_document_not_in_the_edition_is_E007(tmp_path):
    _, rep = _corrections(tmp_path, "- {document: gone, text: a, correction: b}\n", {"d"})
    (e,) = rep.errors
    assert (e.code, e.line) == ("E007", 1)


@pytest.mark.parametrize("text,line", [
    ("- document: d\n  text: [Cubs\n  correction: Cuba\n", 3),
    ("- document: d\n\ttext: Cubs\n", 2),
])
def test_bad_yaml_is_E006_with_position(tmp_path, text, line):
    cs, rep = _corrections(tmp_path, text)
    assert cs == []
    (e,) = rep.errors
    assert (e.code, e.line, e.path) == ("E006", line, str(tmp_path / "corrections.yaml"))


def test_incomplete_entry_is_E006(tmp_path):
    cs, rep = _corrections(tmp_path, "- document: d\n  text: Cubs\n")
    assert cs == [] and rep.errors[0].code == "E006" and "correction" in rep.errors[0].message


def test_text_outside_the_reading_text_is_recorded_not_dropped(tmp_path):
    src = tmp_path / "s.txt"
    src.write_text("ACTION: Embassy MOSCOW 1015 NLACT\nbody text\n", encoding="utf-8")
    cs, _ = _corrections(tmp_path, "- {document: d, text: NLACT, correction: NIACT, why: precedence}\n")
    out = apply_corrections(doc_of("body text", id="d", source=str(src)), cs, SourceLocator())
    assert out.notes == ("Corrected by the editors outside the reading text: “NLACT” (line 1) read as “NIACT”: "
                         "precedence.",)
    reporter = Reporter()
    report_stale(cs, reporter)
    assert reporter.diagnostics == []


SEED_CORRECTIONS = [
    ("undated-signature-record", "Prubeck", "Brubeck"),
    ("undated-memo-rusk-to-president", "megotiations", "negotiations"),
    ("undated-memo-rusk-to-president", "Hemo en megotiations", "Memo on negotiations"),
    ("1962-10-26-memo-negotiation", "Cubs", "Cuba"),
    ("1962-10-26-memo-negotiation", "verious", "various"),
    ("1962-10-26-memo-negotiation", "mee:", "meet"),
    ("1962-10-26-memo-negotiation", "wespons", "weapons"),
    ("1962-10-26-memo-negotiation", "THE BESSIFIED", "DECLASSIFIED"),
    ("1962-10-28-memo-bruback-to-mcgeorge-bundy", "Rostov", "Rostow"),
    ("1962-10-28-memo-bruback-to-mcgeorge-bundy", "Bruback", "Brubeck"),
    ("1962-10-27-deptel-moscow-1015", "RUSSK", "RUSK"),
    ("1962-10-28-polto-circular-12", "CIRCR", "CIRC"),
    ("1962-11-23-deptel-usun-1359", "ins action", "inspection"),
    ("1962-11-23-deptel-usun-1359", "haggles", "haggle"),
]


@pytest.mark.parametrize("doc_id,sic,corr", SEED_CORRECTIONS)
def test_seed_corrections_applied(doc_id, sic, corr):
    doc = seed(doc_id)
    choices = [n for seq, _, _ in iter_sequences(doc) for n in iter_nodes(seq) if isinstance(n, Choice)]
    assert any(c.sic == sic and c.corr == corr and c.resp == "#editors" and c.reason for c in choices)


def test_seed_header_corrections_recorded():
    notes = " ".join(seed("1962-10-28-polto-circular-12").notes)
    for sic in ("“NACT”", "“N/ACT”", "“NI ACT”", "“FRY.”"):
        assert sic in notes
    assert "“NLACT”" in " ".join(seed("1962-10-27-deptel-moscow-1015").notes)


def test_no_seed_correction_is_stale():
    _, diagnostics = seed_corpus()
    assert [d.format() for d in diagnostics if d.code == "E007"] == []
    assert len(load_corrections(CONTENT, Reporter())) >= 25


def test_the_locator_reads_the_editions_source_not_a_file_of_that_name_in_the_current_folder(tmp_path, monkeypatch):
    """``Document.source`` is a bare file name: a file of that name where the build runs is not it."""
    from types import SimpleNamespace

    from edition.inline_text import SourceLocator
    from edition.model import Span

    (tmp_path / "content" / "sources").mkdir(parents=True)
    (tmp_path / "content" / "sources" / "x.txt").write_text("TOP\nTHE WORD HERE\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.txt").write_text("TOP\nWORD\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "elsewhere")
    locator = SourceLocator(tmp_path / "content")
    doc = SimpleNamespace(source="x.txt")
    assert locator.path(doc) == str(tmp_path / "content" / "sources" / "x.txt")
    assert locator.locate(doc, Span(2, 1, 2, 13), "WORD") == Span(2, 5, 2, 8)
