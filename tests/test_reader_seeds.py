"""Table-driven checks of the reader on the five seed sources: every document with its kind, date,
sender, addressee, number, classification, subject and signers, as an editor reads them."""

from pathlib import Path

import pytest

from edition.diagnostics import Reporter
from edition.reader import read_sources

ROOT = Path(__file__).resolve().parents[1]

# id: (kind, direction, date, time, sender, addressee, number, precedence, classification, caveats, subject, signers, witnesses, sections)
EXPECTED = {
    "undated-signature-record": ("cover-sheet", None, None, None, None, None, None, None, "CONFIDENTIAL",
                                 ("SPECIAL HANDLING", "EYES ONLY"), None, (), 1, 1),
    "undated-memo-rusk-to-president": ("memorandum", None, None, None, "Dean Rusk", "THE PRESIDENT", None, None, None,
                                       ("EYES ONLY",), "Megotistions", ("Dean Rusk",), 1, 1),
    "1962-10-26-memo-rostow-to-secretary": ("memorandum", None, "1962-10-26", None, "S/P - W. W. Rostow", "The Secretary",
                                            None, None, None, (), "Negotiations", (), 1, 1),
    "1962-10-26-memo-negotiation": ("memorandum", None, "1962-10-26", None, None, None, None, None, "UNCLASSIFIED",
                                    ("EYES ONLY",), "Negotiation", (), 1, 1),
    "1962-10-27-deptel-moscow-1015": ("telegram", "outgoing", "1962-10-27", "20:05", "Department of State", "Embassy MOSCOW",
                                      "1015", "NIACT", "UNCLASSIFIED", (), None, ("RUSSK",), 1, 1),
    # (its time printed on the line below the dateline: "October 28, 1962" / "10:40 a.m.")
    "1962-10-28-memo-bruback-to-mcgeorge-bundy": ("memorandum", None, "1962-10-28", "10:40", "William H. Bruback",
                                                  "MR. McGEORGE BUNDY THE WHITE HOUSE", None, None, "SECRET", ("EYES ONLY",),
                                                  "October 27 Paper on Negotiations", ("William H. Bruback",), 1, 1),
    "1962-10-27-memo-rostow-to-nsc": ("memorandum", None, "1962-10-27", None, "W. W. Rostow", "EXECUTIVE COMMITTEE NSC",
                                      None, None, "SECRET", ("EYES ONLY",), "Negotiations", ("W. W. Rostow",), 1, 1),
    "1962-10-28-polto-circular-12": ("telegram", "incoming", "1962-10-28", "20:00", "PARIS", "Secretary of State",
                                     "POLTO CIRCULAR 12", "NIACT", "SECRET", ("EYES ONLY",), None, ("FINLETTER",), 2, 2),
    "1962-11-23-deptel-usun-1359": ("telegram", "outgoing", "1962-11-23", "21:43", "Department of State", "USUN, New York",
                                    "1359", "PRIORITY", "TOP SECRET", ("SENSITIVE", "EYES ONLY"),
                                    "Next Steps in New York Negotiations", ("RUSK",), 1, 1),
}


@pytest.fixture(scope="module")
def seed_docs():
    reporter = Reporter()
    docs = read_sources(ROOT / "content" / "sources", reporter)
    assert not reporter.errors, [d.format() for d in reporter.errors]
    return {d.id: d for d in docs}


def test_every_seed_document_found(seed_docs):
    assert sorted(seed_docs) == sorted(EXPECTED)


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_seed_document_metadata(seed_docs, doc_id):
    d = seed_docs[doc_id]
    got = (d.kind, d.direction, d.date, d.time, d.sender, d.addressee, d.number, d.precedence, d.classification,
           d.caveats, d.subject, d.signers, len(d.witnesses), len(d.witnesses[0].sections))
    assert got == EXPECTED[doc_id]


def test_polto_witnesses_and_review(seed_docs):
    d = seed_docs["1962-10-28-polto-circular-12"]
    full, excised = d.witnesses
    assert (full.label, full.review_date) == ("Fuller release", "1988-03-30")
    assert (excised.label, excised.review_date, excised.reviewer) == ("Excised copy", "1988-03-12", "Elijah Kelly Jr.")
    assert [s.n for s in full.sections] == [1, 2] and [s.of for s in full.sections] == [2, 2]
    assert d.received_date == "1962-10-28" and d.control == "19528"


def test_outgoing_drafter_and_clearances(seed_docs):
    d = seed_docs["1962-11-23-deptel-usun-1359"]
    assert d.drafter == "GBall/ck"
    assert "S/S - Mr. Breisky" in d.clearances


def test_source_lines_cover_each_file(seed_docs):
    by_file = {}
    for d in seed_docs.values():
        by_file.setdefault(d.source, []).append(d.source_lines)
    for name, ranges in by_file.items():
        ranges.sort()
        lines = (ROOT / "content" / "sources" / name).read_text(encoding="utf-8").split("\n")
        last_text = max(i + 1 for i, l in enumerate(lines) if l.strip())
        assert ranges[-1][1] == last_text, name
        for (a, b), (c, _) in zip(ranges, ranges[1:]):
            assert c > b, f"{name}: documents overlap"
