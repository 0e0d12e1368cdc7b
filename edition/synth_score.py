"""Score the reader on a generated corpus: DIR (``sources/`` + ``truth.json``) → per-field accuracy table.

    python -m edition.synth_score DIR [--show N] [--fail-under PCT]

``DIR`` is what ``edition synth --out DIR`` wrote. Every file is read with
``edition.reader.read_corpus`` and each true document (``truth.json``) is paired with the reader's
document from the same file whose source lines overlap it most (one to one). A true document the reader
did not find counts as wrong in every field.

Fields scored (``FIELDS``; each should reach 95 %) and how a reading counts as right:

- ``kind``: equal (``telegram``, ``memorandum``, ``letter``, ``airgram``, ``cover-sheet``).
- ``date``: the same ISO date. A document the truth leaves undated is right when the reader gives no
  date or marks its date as inferred (``date_certainty`` other than ``high``).
- ``from``, ``to``: the same party, compared on name words: case, punctuation, titles and the words
  "Amembassy", "Embassy", "Mr." … are ignored, "Secretary of State"/"Department of State"/"SECSTATE" are one
  party, and one reading's words must all occur in the other's ("USUN, New York" ~ "USUN NEW YORK";
  "W. W. Rostow" ~ "S/P - W. W. Rostow").
- ``number``: equal after case, spacing and punctuation are folded ("POLTO 512" ≠ "512").
- ``classification``: the same level.

``direction`` and ``time`` are printed too but not part of the 95 % bar. Exit status: 0, or 1 with
``--fail-under`` when a scored field is below it, 2 for a folder without ``truth.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence

FIELDS = ("kind", "date", "from", "to", "number", "classification")
EXTRA_FIELDS = ("direction", "time")
THRESHOLD = 0.95

# Document attribute read for each truth field.
_ATTR = {"kind": "kind", "date": "date", "from": "sender", "to": "addressee", "number": "number",
         "classification": "classification", "direction": "direction", "time": "time"}

_STATE_PHRASES = re.compile(r"\b(SECRETARY OF STATE|DEPARTMENT OF STATE|STATE DEPARTMENT|SECSTATE|DEPARTMENT|DEPT)\b")
_IGNORED = frozenset(("THE", "OF", "AND", "MR", "MRS", "DR", "HIS", "EXCELLENCY", "HONORABLE", "RIGHT", "AMEMBASSY",
                      "EMBASSY", "AMERICAN", "AMCONSUL", "USMISSION", "FOR", "TO", "FROM", "WASHINGTON", "DC", "WASHDC"))


@dataclass
class FieldScore:
    """Right readings of one field, and the first few wrong ones (file#n, truth, reading)."""

    correct: int = 0
    total: int = 0
    misses: list[tuple[str, Any, Any]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.correct / self.total if self.total else 1.0


@dataclass
class Score:
    fields: dict[str, FieldScore]
    truth_documents: int
    matched: int
    reader_documents: int
    files: int


def _party_words(value: Optional[str]) -> frozenset[str]:
    if not value:
        return frozenset()
    text = _STATE_PHRASES.sub(" STATE ", str(value).upper())
    words = re.sub(r"[^A-Z0-9]+", " ", text).split()
    return frozenset(w for w in words if len(w) > 1 and w not in _IGNORED)


def party_matches(truth: Optional[str], got: Optional[str]) -> bool:
    """Same sender or addressee (see the module doc)."""
    t, g = _party_words(truth), _party_words(got)
    if not t:
        return not g and not (got or "").strip()
    return bool(g) and (t <= g or g <= t)


def _norm_number(value: Optional[str]) -> str:
    text = str(value or "").upper().strip()
    text = re.sub(r"^NO\.?\s*", "", text)
    return " ".join(re.sub(r"[^A-Z0-9-]+", " ", text).split())


def field_matches(name: str, truth: Any, got: Any, certainty: str = "high") -> bool:
    """Whether the reader's value ``got`` counts as the true ``truth`` for field ``name``."""
    if name in ("from", "to"):
        return party_matches(truth, got)
    if name == "date" and truth is None:
        return got is None or certainty != "high"
    if name == "number":
        return _norm_number(truth) == _norm_number(got)
    if truth is None:
        return got in (None, "")
    if got is None:
        return False
    if name in ("classification", "kind", "direction"):
        return " ".join(str(truth).upper().split()) == " ".join(str(got).upper().split())
    return str(truth) == str(got)


def _overlap(a: Sequence[int], b: Sequence[int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]) + 1)


def score_documents(truth: dict, documents: Sequence[Any], keep_misses: int = 10) -> Score:
    """truth.json (as loaded) + the reader's ``Document`` list → a ``Score``."""
    by_file: dict[str, list[Any]] = {}
    for doc in documents:
        by_file.setdefault(Path(str(doc.source)).name, []).append(doc)
    names = FIELDS + EXTRA_FIELDS
    scores = {n: FieldScore() for n in names}
    total = matched = 0
    for file_name, entries in truth["files"].items():
        found = by_file.get(file_name, [])
        pairs = sorted(((_overlap(e["lines"], d.source_lines), -i, -j, i, j)
                        for i, e in enumerate(entries) for j, d in enumerate(found)), reverse=True)
        partner: dict[int, Any] = {}
        used: set[int] = set()
        for ov, _ni, _nj, i, j in pairs:
            if ov > 0 and i not in partner and j not in used:
                partner[i] = found[j]
                used.add(j)
        for i, entry in enumerate(entries):
            total += 1
            doc = partner.get(i)
            matched += doc is not None
            for n in names:
                fs = scores[n]
                fs.total += 1
                if doc is None:
                    ok, got = False, "(document not found)"
                else:
                    got = getattr(doc, _ATTR[n], None)
                    ok = field_matches(n, entry.get(n), got, getattr(doc, "date_certainty", "high"))
                if ok:
                    fs.correct += 1
                elif len(fs.misses) < keep_misses:
                    fs.misses.append((entry.get("id", f"{file_name}#{i + 1}"), entry.get(n), got))
    return Score(scores, total, matched, len(documents), len(truth["files"]))


def score_corpus(content_dir: Path, keep_misses: int = 10) -> Score:
    """Read ``content_dir`` with the reader and score it against ``content_dir/truth.json``."""
    from .diagnostics import Reporter
    from .reader import read_corpus

    truth = json.loads((content_dir / "truth.json").read_text(encoding="utf-8"))
    _info, documents = read_corpus(content_dir, Reporter())
    return score_documents(truth, documents, keep_misses)


def format_table(score: Score, show: int = 0) -> str:
    """The score as a table: one row per field, scored fields first, then the extra ones."""
    rows = [f"{'field':<16}{'correct':>9}{'total':>8}{'score':>9}"]
    for n in FIELDS + EXTRA_FIELDS:
        fs = score.fields[n]
        mark = "" if n in EXTRA_FIELDS else ("  ok" if fs.rate >= THRESHOLD else "  BELOW 95%")
        rows.append(f"{n:<16}{fs.correct:>9}{fs.total:>8}{fs.rate * 100:>8.1f}%{mark}")
    rows.append(f"documents matched {score.matched}/{score.truth_documents} "
                f"(the reader found {score.reader_documents} documents in {score.files} files)")
    if show:
        for n in FIELDS + EXTRA_FIELDS:
            for ident, want, got in score.fields[n].misses[:show]:
                rows.append(f"  {n}: {ident}: truth {want!r}, read {got!r}")
    return "\n".join(rows)


def main(argv: Optional[list[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python -m edition.synth_score",
                                description="Score the reader on a corpus written by `edition synth`.")
    p.add_argument("dir", type=Path, help="the --out folder of edition synth (sources/ and truth.json)")
    p.add_argument("--show", type=int, default=0, metavar="N", help="list the first N wrong readings per field")
    p.add_argument("--fail-under", type=float, default=None, metavar="PCT",
                   help="exit 1 when a scored field is below PCT percent")
    args = p.parse_args(argv)
    if not (args.dir / "truth.json").is_file():
        print(f"synth_score: {args.dir / 'truth.json'} not found (write a corpus with `edition synth --out DIR`)",
              file=sys.stderr)
        return 2
    score = score_corpus(args.dir, keep_misses=max(args.show, 0))
    print(format_table(score, show=args.show))
    if args.fail_under is not None and any(score.fields[n].rate * 100 < args.fail_under for n in FIELDS):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
