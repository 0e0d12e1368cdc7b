"""Registers (loading, validation) and name finding: golden tables of text → names found."""

from pathlib import Path

import pytest

from apparatus_helpers import CONTENT, doc_of, seed, seed_corpus, show
from edition.diagnostics import Reporter
from edition.model import Choice, Hi, Name, Ref, Text
from edition.names import NameFinder
from edition.registers import load_registers


@pytest.fixture(scope="module")
def registers():
    reporter = Reporter()
    regs = load_registers(CONTENT, reporter)
    assert [d.format() for d in reporter.diagnostics] == []
    return regs


@pytest.fixture(scope="module")
def finder(registers):
    return NameFinder(registers)


# ------------------------------------------------------------------------------------------
# The seed registers are complete
# ------------------------------------------------------------------------------------------

SEED_PERSONS = ["rusk-dean", "ball-george-w", "stevenson-adlai-e", "mccloy-john-j", "kuznetsov-vasily-v",
                "khrushchev-nikita-s", "mikoyan-anastas-i", "castro-fidel", "kennedy-john-f", "johnson-u-alexis",
                "rostow-walt-w", "bundy-mcgeorge", "brubeck-william-h", "finletter-thomas-k",
                "colonna-di-paliano-guido", "tyler-william-r", "hilsman-roger", "nitze-paul-h",
                "diefenbaker-john-g", "green-howard-c", "breisky-arthur-e"]


def test_every_seed_person_is_registered_and_found_in_the_seeds(registers):
    docs, _ = seed_corpus()
    named = {p for d in docs for p in d.persons}
    for pid in SEED_PERSONS:
        assert registers.get(pid) is not None, pid
        assert pid in named, f"{pid} is named in no seed document"


@pytest.mark.parametrize("eid,kind", [
    ("united-nations", "org"), ("nato", "org"), ("organization-of-american-states", "org"),
    ("department-of-state", "org"), ("white-house", "org"), ("executive-committee-nsc", "org"),
    ("cuba", "place"), ("moscow", "place"), ("paris", "place"), ("ottawa", "place"), ("turkey", "place"),
    ("excom", "term"), ("nac", "term"), ("irbm", "term"), ("mrbm", "term"), ("niact", "term"),
    ("deptel", "term"), ("polto", "term"), ("topol", "term"), ("circ", "term"), ("depcirtel", "term"),
    ("embtel", "term"), ("reftel", "term"), ("rpt", "term"), ("permrep", "term"), ("fonoff", "term"),
    ("govt", "term"), ("sc", "term"), ("acda", "term"), ("s-s", "term"), ("s-p", "term"), ("usun", "term"),
])
def test_register_entries(registers, eid, kind):
    entry = registers.get(eid)
    assert entry is not None and entry.kind == kind
    assert entry.name and entry.forms
    if kind == "term":
        assert entry.expansion


def test_authority_ids_are_wikidata_ids(registers):
    assert registers.get("kennedy-john-f").authority == ("Q9696",)
    assert registers.get("kennedy-john-f").authority_urls == ("https://www.wikidata.org/wiki/Q9696",)
    for e in registers.entries.values():
        assert all(q.startswith("Q") and q[1:].isdigit() for q in e.authority)


# ------------------------------------------------------------------------------------------
# Bad register files: E006 with path:line:col, never a traceback
# ------------------------------------------------------------------------------------------

def _write(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / "registers").mkdir(exist_ok=True)
    p = tmp_path / "registers" / name
    p.write_text(text, encoding="utf-8")
    return p


def test_bad_yaml_is_E006_with_position(tmp_path):
    path = _write(tmp_path, "persons.yaml", "- id: rusk-dean\n  name: [Rusk, Dean\n  forms: [Rusk]\n")
    reporter = Reporter()
    regs = load_registers(tmp_path, reporter)
    assert regs.entries == {}
    (d,) = reporter.diagnostics
    assert (d.path, d.code, d.severity) == (str(path), "E006", "error")
    assert d.line == 3 and d.col >= 1
    assert "not valid YAML" in d.message


@pytest.mark.parametrize("text,line,words", [
    ("- id: a-b\n  name: A\n  forms: [A]\n- id: a-b\n  name: B\n  forms: [B]\n", 4, "duplicate id"),
    ("- id: a-b\n  forms: [A]\n", 1, "has no name"),
    ("- id: Not A Slug\n  name: X\n", 1, "slug"),
    ("- id: a-b\n  name: A\n  forms: [A]\n  autority: [Q1]\n", 1, "unknown key"),
    ("- id: a-b\n  name: A\n  authority: [Wikidata-1]\n", 3, "Wikidata ids"),
    ("- id: a-b\n  name: A\n  forms: [Same]\n- id: c-d\n  name: C\n  forms: [Same]\n", 6, "also a form of"),
    ("{id: x}\n", 1, "must be a list"),
])
def test_bad_entries_are_E006_with_line(tmp_path, text, line, words):
    path = _write(tmp_path, "persons.yaml", text)
    reporter = Reporter()
    load_registers(tmp_path, reporter)
    errors = [d for d in reporter.diagnostics if d.code == "E006"]
    assert errors, reporter.diagnostics
    assert errors[0].path == str(path) and errors[0].line == line and words in errors[0].message


def test_term_without_expansion_is_an_error(tmp_path):
    _write(tmp_path, "terms.yaml", "- id: rpt\n  name: RPT\n  forms: [RPT]\n")
    reporter = Reporter()
    load_registers(tmp_path, reporter)
    assert any("no expansion" in d.message for d in reporter.errors)


# ------------------------------------------------------------------------------------------
# Name finding: text → names
# ------------------------------------------------------------------------------------------

NAMES = [
    # mixed case, titles, longest form first
    ("a desire Chairman Khrushchev evidently shares", ["Chairman Khrushchev|khrushchev-nikita-s"]),
    ("proposed by Ambassador Finletter in Polto 506", ["Ambassador Finletter|finletter-thomas-k"]),
    ("transmitted October 24 by Mac Bundy.", ["Mac Bundy|bundy-mcgeorge"]),
    ("/s/ Dean Rusk by U.A.Johnson", ["Dean Rusk|rusk-dean", "U.A.Johnson|johnson-u-alexis"]),
    ("the Planning Sub-Committee of the Executive Committee",
     ["Planning Sub-Committee of the Executive Committee|planning-subcommittee-excom"]),
    ("for the use of the Executive Committee", ["Executive Committee|executive-committee-nsc"]),
    # possessives stay outside the name
    ("Khrushchev's letter is more likely", ["Khrushchev|khrushchev-nikita-s"]),
    ("in the light of Castro's position", ["Castro|castro-fidel"]),
    ("CLEAR TO KHRUSHCHEV'S GOVT", ["KHRUSHCHEV|khrushchev-nikita-s", "GOVT|govt"]),
    # ALL-CAPS telegram prose
    ("FOR STEVENSON AND McCLOY", ["STEVENSON|stevenson-adlai-e", "McCLOY|mccloy-john-j"]),
    ("GIST TYLER-HILSMAN-NITZE BRIEFING", ["TYLER|tyler-william-r", "HILSMAN|hilsman-roger", "NITZE|nitze-paul-h"]),
    ("WHILE COLONNA DID NOT EMPHASIZE", ["COLONNA|colonna-di-paliano-guido"]),
    ("GREEN REPLIED MOST IMPORTANT", ["GREEN|green-howard-c"]),
    ("MEMORANDUM FOR MR. McGEORGE BUNDY THE WHITE HOUSE",
     ["MR. McGEORGE BUNDY|bundy-mcgeorge", "WHITE HOUSE|white-house"]),
    ("HIS FONOFF HAD INFORMED THE UNITED STATES GOVT",
     ["FONOFF|fonoff", "UNITED STATES|united-states", "GOVT|govt"]),
    ("MOST PERM REPS COULD NOT", ["PERM REPS|permrep"]),
    # abbreviations as whole words only
    ("present SC scenario contained", ["SC|united-nations-security-council"]),
    ("THE SCENARIO AND SCHEDULE", []),
    # common words are not names
    ("the green grass and a ball", []),
    ("THE GREEN LIGHT WAS GIVEN", []),
    ("THEY WENT TO THE BALL", []),
    ("AFTER FIRST HAVING TOLD US HE WAS CHECKING", []),
    ("the Department of State and the department store", ["Department of State|department-of-state"]),
    ("ADDRESS OFFICIAL COMMUNICATIONS TO THE SECRETARY OF STATE", []),
    # a bare title is not the President when a name follows it
    ("President Diem met the Ambassador", []),
    ("message from President to Khrushchev", ["President|kennedy-john-f", "Khrushchev|khrushchev-nikita-s"]),
    ("to the President, if you believe", ["President|kennedy-john-f"]),
    # mixed-case "US" is the United States; in capitals it may be the pronoun
    ("for US-Soviet negotiations", ["US|united-states"]),
    ("PASS ON TO US THAT", []),
]


@pytest.mark.parametrize("text,expected", NAMES, ids=[t[:40] for t, _ in NAMES])
def test_names_found(finder, text, expected):
    doc = finder.tag(doc_of(text))
    (line,) = show(doc)
    import re
    assert re.findall(r"\[([^\]]*)\]", line) == expected


def test_ambiguous_person_confirmed_once_is_tagged_throughout():
    regs = load_registers(CONTENT, Reporter())
    finder = NameFinder(regs)
    doc = finder.tag(doc_of("TALK BETWEEN GREEN AND CUBAN AMBASSADOR OTTAWA.", "GREEN REITERATED DANGER"))
    assert show(doc) == ["TALK BETWEEN [GREEN|green-howard-c] AND CUBAN AMBASSADOR [OTTAWA|ottawa].",
                         "[GREEN|green-howard-c] REITERATED DANGER"]
    # without the confirming mention, "GREEN" alone in capitals stays a word
    alone = finder.tag(doc_of("TALK BETWEEN GREEN AND CUBAN AMBASSADOR OTTAWA."))
    assert show(alone) == ["TALK BETWEEN GREEN AND CUBAN AMBASSADOR [OTTAWA|ottawa]."]


def test_date_scoped_forms(finder):
    # "President" is Kennedy until November 22, 1963, then Johnson; "Vice President" is Johnson
    assert show(finder.tag(doc_of("see President in Washington", date="1962-11-23")))[0].startswith(
        "see [President|kennedy-john-f]")
    assert show(finder.tag(doc_of("see President in Washington", date="1964-02-01")))[0].startswith(
        "see [President|johnson-lyndon-b]")
    assert show(finder.tag(doc_of("Vice President 37a", date="1962-11-23"))) == [
        "[Vice President|johnson-lyndon-b] 37a"]
    # an undated document gets no date-scoped identification
    assert show(finder.tag(doc_of("see President in Washington", date=None))) == ["see President in [Washington|washington]"]


def test_document_scoped_forms(finder):
    # "Acting Secretary General" is U Thant in the letter to Khrushchev, Colonna in the NATO report
    thant = finder.tag(doc_of("Acting Secretary General and your representative", id="1962-10-27-deptel-moscow-1015"))
    colonna = finder.tag(doc_of("ACTING SECRETARY GENERAL SUMMED UP", id="1962-10-28-polto-circular-12"))
    other = finder.tag(doc_of("Acting Secretary General and your representative", id="another"))
    assert show(thant) == ["[Acting Secretary General|thant-u] and your representative"]
    assert show(colonna) == ["[ACTING SECRETARY GENERAL|colonna-di-paliano-guido] SUMMED UP"]
    assert show(other) == ["Acting Secretary General and your representative"]


def test_names_inside_markup_but_never_inside_name_or_ref(finder):
    doc = doc_of(inlines=[Text("about "), Hi((Text("Cuba"),), "underline"), Text(" and "),
                          Ref((Text("Moscow 1015"),), "DEPTTEL 1015"), Text(" and "),
                          Name((Text("Rusk Paris"),), "person", "x")])
    (line,) = show(finder.tag(doc))
    assert line == "about [Cuba|cuba] and <Moscow 1015|DEPTTEL 1015→None> and [Rusk Paris|x]"


def test_a_name_wraps_a_correction_but_never_splits_one(finder):
    doc = doc_of(inlines=[Text("weapons from "), Choice("Cubs", "Cuba", "#editors"), Text(". "),
                          Choice("Rostov", "Rostow", "#editors"), Text(" Subcommittee and "),
                          Choice("Prubeck Ro", "Brubeck Ro", "#editors"), Text("stow")])
    tagged = finder.tag(doc)
    (line,) = show(tagged)
    assert line == ("weapons from [{Cubs→Cuba}|cuba]. [{Rostov→Rostow} Subcommittee|planning-subcommittee-excom]"
                    " and {Prubeck Ro→Brubeck Ro}stow")


def test_persons_are_filled_in_order_of_first_mention(finder):
    doc = finder.tag(doc_of("Kuznetsov and perhaps Mikoyan", "then Castro and Kuznetsov again"))
    assert doc.persons == ("kuznetsov-vasily-v", "mikoyan-anastas-i", "castro-fidel")


def test_seed_names_in_context():
    lines = show(seed("1962-10-28-polto-circular-12"))
    joined = "\n".join(lines)
    assert "[DIEFENBAKER|diefenbaker-john-g] STATEMENT" in joined
    assert "TALK BETWEEN [GREEN|green-howard-c] AND" in joined
    assert "[FINLETTER|finletter-thomas-k]" in joined
    assert "GENERAL US EVALU" in joined.replace("[US|united-states]", "!")  # "US" in capitals is not tagged
    usun = show(seed("1962-11-23-deptel-usun-1359"))
    assert any("[Chairman Khrushchev|khrushchev-nikita-s]" in l for l in usun)
    assert any("[{RUSSK→RUSK}|rusk-dean]" in l for l in show(seed("1962-10-27-deptel-moscow-1015")))


def test_name_finding_is_fast(finder):
    """Not a benchmark (figures go to the report), only a guard against a quadratic slip."""
    import time
    docs, _ = seed_corpus()
    t = time.perf_counter()
    for _ in range(5):
        for d in docs:
            finder.tag(d)
    per_doc = (time.perf_counter() - t) / (5 * len(docs))
    assert per_doc < 0.05
