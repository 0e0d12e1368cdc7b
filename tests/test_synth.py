"""The benchmark-corpus generator: (documents, seed) → sources/*.txt + truth.json.

Determinism, exact counts, variety (every kind, multi-document files, sections, excised witnesses,
every transcription mark), references that resolve, truth that agrees with the text, the command's
output and its errors.
"""

import hashlib
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from edition.synth import MARKS, generate_corpus, iter_corpus, synth_command, write_corpus

ROOT = Path(__file__).resolve().parents[1]
KINDS = {"telegram", "memorandum", "letter", "airgram", "cover-sheet"}
MONTHS = ("JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER",
          "NOVEMBER", "DECEMBER")


@pytest.fixture(scope="module")
def corpus200():
    return generate_corpus(200, 1962)


def _docs(truth):
    return [d for entries in truth["files"].values() for d in entries]


def _segment(files, doc):
    """The text of one document's source lines, whitespace folded."""
    name = doc["id"].split("#")[0]
    lines = files[name].split("\n")
    first, last = doc["lines"]
    return " ".join(" ".join(lines[first - 1:last]).split())


def _in_order(words, tokens):
    """Whether ``words`` occur in ``tokens`` in this order within a short stretch (punctuation ignored)."""
    tokens = [t.strip(".,;:()") for t in tokens]
    words = [w.strip(".,;:()") for w in words]
    for start in (i for i, t in enumerate(tokens) if t == words[0]):
        rest = iter(tokens[start + 1:start + 40])
        if all(any(t == w for t in rest) for w in words[1:]):
            return True
    return False


# -- determinism and counts ---------------------------------------------------------------------


def test_same_seed_gives_identical_files_and_truth():
    a = generate_corpus(120, 5)
    b = generate_corpus(120, 5)
    assert a[0] == b[0]
    assert json.dumps(a[1], sort_keys=True) == json.dumps(b[1], sort_keys=True)


def test_output_does_not_depend_on_what_ran_before():
    """A fresh interpreter writes the same bytes as one that has already generated other corpora."""
    generate_corpus(150, 99)
    files, truth = generate_corpus(80, 21)
    here = hashlib.sha256(json.dumps([files, truth], sort_keys=True).encode()).hexdigest()
    code = ("import hashlib, json; from edition.synth import generate_corpus; "
            "print(hashlib.sha256(json.dumps(list(generate_corpus(80, 21)), sort_keys=True).encode()).hexdigest())")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == here


def test_different_seeds_give_different_corpora():
    a_files, _ = generate_corpus(60, 1)
    b_files, _ = generate_corpus(60, 2)
    c_files, _ = generate_corpus(60, -1)  # Random(int) would take abs(): -1 must not equal 1
    assert a_files != b_files
    assert a_files != c_files
    assert set(a_files) != set(b_files)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 17, 41, 200, 333])
def test_requested_count_is_exact(n):
    files, truth = generate_corpus(n, 11)
    assert truth["documents"] == n
    assert len(_docs(truth)) == n
    assert set(files) == set(truth["files"])
    assert all(truth["files"][name] for name in files)


def test_iter_corpus_is_lazy():
    """Writing 10,000 documents must not build the corpus in memory: the first file comes at once."""
    start = time.perf_counter()
    it = iter_corpus(10000, 3)
    name, text, entries = next(it)
    assert name.endswith(".txt") and text and entries
    assert time.perf_counter() - start < 20


def test_bad_count_raises_value_error():
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError):
            generate_corpus(bad, 1)


# -- variety -----------------------------------------------------------------------------------


def test_every_kind_and_direction_appears(corpus200):
    _, truth = corpus200
    docs = _docs(truth)
    assert {d["kind"] for d in docs} == KINDS
    assert {d["direction"] for d in docs if d["kind"] == "telegram"} == {"incoming", "outgoing"}
    assert {d["kind"] for d in docs} <= KINDS


def test_multi_document_files_sections_and_witnesses(corpus200):
    files, truth = corpus200
    multi = [name for name, entries in truth["files"].items() if len(entries) > 1]
    assert len(multi) >= 5
    assert any(len(truth["files"][name]) >= 4 for name in multi)  # signature record + memoranda
    assert any(d["kind"] == "cover-sheet" for name in multi for d in truth["files"][name])
    sectioned = [d for d in _docs(truth) if d["sections"] > 1]
    assert len(sectioned) >= 3
    excised = [d for d in _docs(truth) if d["witnesses"] > 1]
    assert len(excised) >= 3
    for d in excised:
        assert "EXCISED COPY FOLLOWS" in _segment(files, d)
    for d in sectioned:
        seg = _segment(files, d)
        assert f"OF {d['sections']})" in seg or f"OF {'1' * d['sections']})" in seg, d["id"]
    text = "\n".join(files.values())
    assert "(SECTION 1 OF 11)" in text  # "I OF II" as the OCR reads it


def test_every_mark_type_is_present(corpus200):
    files, truth = corpus200
    used = {m for d in _docs(truth) for m in d["marks"]}
    assert used == set(MARKS)


# What each recorded mark looks like in the text, where a pattern can tell.
MARK_PATTERNS = {
    "del": r"~~[^~\n]+~~",
    "add": r"\^\{[^}\n]+\}",
    "underline": r"<u>[^<\n]+</u>",
    "stamp": r"\*\*[^*\n]+\*\*",
    "handwriting": r"(?<!\*)\*[^*\n]+\*(?!\*)",
    "withheld-word": r"\[\]",
    "placeholder": r"\[(Name|Signature)\]",
    "exemption": r"\(b\)\(\d\)|\(6\)\(1\)|\(b7C\)|1\.4\([bd]\)|B/A3|BIA3|B1A3",
    "rpt": r"\bRPT\b|\bREPEAT\b",
    "declassification": r"DECLASSIFIED|REVIEWED by|Reviewed by|Declassified for Publication|SANITIZED|DECLASSIFICATION",
    "note": r"\bN(ote|OTE):",
    "running-head": r"[-=]\d+- |Page \d+ of telegram|- \d+ -",
}


def test_recorded_marks_are_in_the_text(corpus200):
    files, truth = corpus200
    for d in _docs(truth):
        seg = _segment(files, d)
        for mark in d["marks"]:
            pattern = MARK_PATTERNS.get(mark)
            if pattern:
                assert re.search(pattern, seg), (d["id"], mark)


def test_marks_never_span_lines(corpus200):
    """A mark opened on a line is closed on it (an unterminated mark is error E004 for the reader)."""
    files, _ = corpus200
    for name, text in files.items():
        for n, line in enumerate(text.split("\n"), 1):
            where = f"{name}:{n}: {line!r}"
            assert line.count("~~") % 2 == 0, where
            assert line.count("^{") == line.count("}"), where
            assert line.count("<u>") == line.count("</u>"), where
            assert line.count("**") % 2 == 0, where


# -- truth agrees with the text ----------------------------------------------------------------


def test_truth_lines_are_ordered_and_inside_the_file(corpus200):
    files, truth = corpus200
    for name, entries in truth["files"].items():
        lines = files[name].split("\n")
        previous_end = 0
        for d in entries:
            first, last = d["lines"]
            assert previous_end < first <= last < len(lines) + 1, d["id"]
            assert lines[first - 1].strip() and lines[last - 1].strip(), d["id"]
            previous_end = last


def test_truth_values_are_written_in_the_document(corpus200):
    files, truth = corpus200
    for d in _docs(truth):
        seg = _segment(files, d)
        low = seg.lower()
        if d["kind"] == "telegram":
            assert str(d["number"]).split()[-1] in seg, d["id"]
            assert d["to"].lower() in low, d["id"]
            if d["direction"] == "incoming":
                assert d["from"] in seg, d["id"]
                day = f"{MONTHS[int(d['date'][5:7]) - 1]} {int(d['date'][8:])}"
                assert day in seg, d["id"]
                assert d["received"] and d["control"] and d["control"] in seg, d["id"]
        for party in ("from", "to"):
            value = d[party]
            if value and not (d["kind"] == "telegram" and d["direction"] == "outgoing" and party == "from"):
                surname = value.replace(",", " ").split()[-1].lower()
                assert surname in low, (d["id"], party, value)
        if d["classification"]:
            assert d["classification"] in seg, d["id"]
        for caveat in d["caveats"]:
            assert caveat in seg, (d["id"], caveat)
        for signer in d["signers"]:  # as written, unless the OCR misread the typed signature (RUSSK)
            assert signer.split()[-1].upper() in seg.upper() or "ocr" in d["marks"], (d["id"], signer)
        if d["subject"] and d["kind"] != "cover-sheet":
            assert d["subject"] in seg, d["id"]


def test_dates_times_and_names(corpus200):
    files, truth = corpus200
    for name, entries in truth["files"].items():
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-[a-z0-9-]+\.txt", name), name
        dated = [d["date"] for d in entries if d["date"]]
        assert dated and name.startswith(dated[0]), name
        for d in entries:
            if d["date"]:
                assert "1962-07-01" <= d["date"] <= "1963-03-31", d["id"]
            if d["time"]:
                assert re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", d["time"]), d["id"]
            assert list(d)[:16] == ["id", "kind", "direction", "date", "time", "from", "to", "number", "precedence",
                                    "classification", "caveats", "subject", "signers", "sections", "witnesses",
                                    "references"]
    months = {d["date"][:7] for d in _docs(truth) if d["date"]}
    assert len(months) >= 7  # spread over the period, not one week
    posts = {d["from"] for d in _docs(truth) if d["kind"] == "telegram" and d["direction"] == "incoming"}
    assert len(posts) >= 12


def test_received_differs_from_sent_for_far_posts():
    """Moscow's evening cables arrive in Washington the same afternoon: the received date is a distractor."""
    _, truth = generate_corpus(600, 4)
    incoming = [d for d in _docs(truth) if d["kind"] == "telegram" and d["direction"] == "incoming"]
    assert any(d["received"][:10] != d["date"] for d in incoming)


# -- references ----------------------------------------------------------------------------------


def test_references_resolve_inside_the_corpus(corpus200):
    files, truth = corpus200
    docs = {d["id"]: d for d in _docs(truth)}
    refs = [(d, r) for d in docs.values() for r in d["references"]]
    resolved = [(d, r) for d, r in refs if r["target"]]
    assert len(refs) >= 60
    assert len(resolved) >= len(refs) // 3
    assert len(resolved) < len(refs)  # and some point outside the corpus
    for d, r in refs:
        # as written, though a page break (foot, running head, catchword) may fall inside it
        assert r["text"] and _in_order(r["text"].split(), _segment(files, d).split()), (d["id"], r)
    for d, r in resolved:
        target = docs[r["target"]]
        space, num = (r["key"].split("-", 1) if r["key"][:2] in ("A-", "CA") else r["key"].rsplit(" ", 1))
        if space == "DEPTTEL":
            assert target["direction"] == "outgoing" and target["number"] == num, r
        elif space == "EMBTEL":
            assert target["direction"] == "incoming" and target["number"] == num, r
        else:
            assert target["number"] == r["key"], r
        assert target["date"] <= d["date"], r  # a cable cites earlier traffic


def test_reference_keys_name_one_document_at_most():
    _, truth = generate_corpus(800, 9)
    docs = _docs(truth)
    keys = {}
    for d in docs:
        if d["number"] is None:
            continue
        n = d["number"]
        if d["kind"] == "telegram" and n.isdigit():
            key = ("DEPTTEL " if d["direction"] == "outgoing" else "EMBTEL ") + n
        else:
            key = n
        assert key not in keys, (key, keys.get(key), d["id"])
        keys[key] = d["id"]
    for d in docs:
        for r in d["references"]:
            assert (r["target"] is None) == (r["key"] not in keys), r
            if r["target"]:
                assert keys[r["key"]] == r["target"]


# -- files and the command -------------------------------------------------------------------------


def test_files_are_clean_utf8_text(corpus200):
    files, _ = corpus200
    for name, text in files.items():
        text.encode("utf-8")
        assert text.endswith("\n")
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text), name
        assert "@" not in text and "{TOPIC" not in text, name


def test_synth_command_writes_sources_and_truth(tmp_path, capsys):
    out = tmp_path / "bench"
    assert synth_command(50, 1962, out) == 0
    assert "wrote 50 documents" in capsys.readouterr().out
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    files, expected = generate_corpus(50, 1962)
    assert truth == expected
    written = sorted(p.name for p in (out / "sources").iterdir())
    assert written == sorted(files)
    for name in written:
        assert (out / "sources" / name).read_bytes() == files[name].encode("utf-8")
    # a smaller corpus into the same folder leaves no stale file behind
    assert synth_command(5, 2, out) == 0
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in (out / "sources").iterdir()) == sorted(truth["files"])
    assert sum(len(v) for v in truth["files"].values()) == 5


def test_synth_writes_a_whole_content_folder(tmp_path):
    """The benchmark edition is built as a real one: registers (names tagged, register pages),
    a home and a search page, an edition.yaml — not sources alone."""
    out = tmp_path / "bench"
    assert synth_command(30, 5, out) == 0
    registers = Path(__file__).resolve().parent.parent / "content" / "registers"
    copied = sorted(p.name for p in (out / "registers").iterdir())
    assert copied == sorted(p.name for p in registers.glob("*.yaml"))
    for name in copied:
        assert (out / "registers" / name).read_bytes() == (registers / name).read_bytes()
    assert "template: search.html" in (out / "pages" / "search.md").read_text(encoding="utf-8")
    assert "30 synthetic documents" in (out / "pages" / "index.md").read_text(encoding="utf-8")
    import yaml
    info = yaml.safe_load((out / "edition.yaml").read_text(encoding="utf-8"))
    assert "benchmark" in info["title"] and info["id_prefix"] == "synth"


def test_synth_refuses_an_editors_content_folder(tmp_path, capsys):
    (tmp_path / "edition.yaml").write_text("title: Real\n", encoding="utf-8")
    assert synth_command(10, 1, tmp_path) == 2
    assert "did not write" in capsys.readouterr().err
    assert (tmp_path / "edition.yaml").read_text(encoding="utf-8") == "title: Real\n"


def test_synth_command_refuses_a_folder_it_did_not_write(tmp_path, capsys):
    (tmp_path / "sources").mkdir()
    keep = tmp_path / "sources" / "real.txt"
    keep.write_text("an editor's transcription\n", encoding="utf-8")
    assert synth_command(10, 1, tmp_path) == 2
    assert "did not write" in capsys.readouterr().err
    assert keep.read_text(encoding="utf-8") == "an editor's transcription\n"


@pytest.mark.parametrize("n", [0, -4])
def test_synth_command_rejects_bad_counts(tmp_path, capsys, n):
    assert synth_command(n, 1, tmp_path / "x") != 0
    err = capsys.readouterr().err
    assert "--documents must be a positive whole number" in err
    assert "Traceback" not in err
    assert not (tmp_path / "x").exists()


def test_cli_bad_arguments_exit_cleanly(tmp_path):
    for args in (["--documents", "0"], ["--documents", "-2"], ["--documents", "ten"]):
        proc = subprocess.run([sys.executable, "-m", "edition", "synth", *args, "--out", str(tmp_path / "o")],
                              capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert proc.returncode != 0, args
        assert "Traceback" not in proc.stderr, proc.stderr
        assert "documents" in proc.stderr, proc.stderr


def test_cli_writes_a_corpus(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "edition", "synth", "--documents", "30", "--seed", "7",
                           "--out", str(tmp_path)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    assert truth["documents"] == 30 and truth["seed"] == 7


def test_generation_is_fast(tmp_path):
    """2,000 documents written to disk well within the time 10,000 take to build (a few seconds)."""
    start = time.process_time()
    summary = write_corpus(2000, 12, tmp_path)
    used = time.process_time() - start
    assert summary["documents"] == 2000
    assert used < 10, f"{used:.1f} s of CPU for 2,000 documents"
